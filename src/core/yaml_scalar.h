// Scalar resolution for the YAML reader: what a scalar's text and tag mean,
// by go-yaml v3's rules (decode.go and resolve.go), which kustomize v5.5
// reads with. Plain scalars go through go_yaml::ResolvePlain.
#ifndef GITOPS_SRC_CORE_YAML_SCALAR_H_
#define GITOPS_SRC_CORE_YAML_SCALAR_H_

#include <string>
#include <string_view>

#include "gitops/core/value.h"

namespace gitops::yaml_scalar {

// Resolves a scalar. `plain` is whether it was unquoted (only plain scalars
// are resolved implicitly); `tag` is its tag in short form ("!!int", "!foo")
// or empty. On failure (`!!int abc`, bad base64) returns false with a
// message in *error.
// `v2` resolves untagged plain scalars by go-yaml v2's rules instead
// (YamlReadOptions::PlainScalars::kGoYamlV2).
bool Resolve(std::string_view text, bool plain, std::string_view tag, Value* out,
             std::string* error, bool v2 = false);

}  // namespace gitops::yaml_scalar

#endif  // GITOPS_SRC_CORE_YAML_SCALAR_H_
