// Secret masking, as Flux's ssa.SanitizeUnstructuredData does it, and the
// scrubbing of Secret values out of messages. Private to the plan module.
#ifndef GITOPS_SRC_PLAN_MASK_H_
#define GITOPS_SRC_PLAN_MASK_H_

#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/value.h"

namespace gitops::plan::internal {

// apiVersion v1, kind Secret (any case), as Flux's utils.IsSecret.
bool IsSecret(const Value& object);

// Masks `data` and `stringData` of the two sides of a change (either may
// be null): a key whose value differs becomes "*** (before)" / "*** (after)",
// any other "***".
void MaskSecretPair(Value* before, Value* after);

// Every value of `data` (and its base64 decoding) and `stringData` of a
// Secret that is long enough to be recognised in a text (3 bytes).
std::vector<std::string> SecretValues(const Value& object);

// `text` with every occurrence of each value replaced by "***".
std::string Scrub(std::string text, const std::vector<std::string>& values);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_MASK_H_
