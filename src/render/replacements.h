// Replacements: copy a field of one object into fields of others
// (kustomize's ReplacementTransformer).
#ifndef GITOPS_SRC_RENDER_REPLACEMENTS_H_
#define GITOPS_SRC_RENDER_REPLACEMENTS_H_

#include <string>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "render/resource.h"

namespace gitops::render {

// Applies replacements (each {source, targets}) in order.
// Errors: kNotFound (no source, a missing target field), kInvalidArgument
// (several sources, a bad option), naming `where`.
Status ApplyReplacements(const Value& list, const std::string& where, ResMap* m);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_REPLACEMENTS_H_
