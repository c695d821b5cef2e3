// Patches: strategic merge (as kustomize v5.5 applies it, with the v1.21
// merge keys of the built-in types) and JSON 6902.
#ifndef GITOPS_SRC_RENDER_PATCH_H_
#define GITOPS_SRC_RENDER_PATCH_H_

#include <string>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::render {

// Merges `patch` into `*obj`. Sets *deleted when the patch deletes the
// whole object (`$patch: delete` at its top). Errors: kInvalidArgument.
Status StrategicMerge(Value* obj, const Value& patch, bool* deleted);

// Applies RFC 6902 operations (a list of {op, path, value, from}).
// Errors: kInvalidArgument (bad operation), kNotFound (a path that is not
// there), kFailedPrecondition (a failed `test`).
Status ApplyJson6902(Value* obj, const Value& ops);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_PATCH_H_
