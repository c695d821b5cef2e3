// Patches: strategic merge (as kustomize v5.5 applies it, with the v1.21
// merge keys of the built-in types) and JSON 6902.
#ifndef GITOPS_SRC_RENDER_PATCH_H_
#define GITOPS_SRC_RENDER_PATCH_H_

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/k8s_types.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::render {

// The type facts a strategic merge consults: the built-in table, or a
// kustomization's `openapi` schema (which, as in kustomize, replaces the
// built-in one for the whole build).
class MergeSchema {
 public:
  virtual ~MergeSchema() = default;
  // The type of a whole object, or "" when unknown.
  virtual std::string_view RootType(std::string_view group, std::string_view kind) const = 0;
  // A field of a type, or nullptr when unknown (maps merge, lists are replaced).
  virtual const K8sField* Field(std::string_view type, std::string_view name) const = 0;

  // The Kubernetes v1.21.2 facts kustomize v5.5 embeds.
  static const MergeSchema& Builtin();
  // A schema from OpenAPI v2 `definitions` (JSON or YAML text), with types
  // named by x-kubernetes-group-version-kind and lists by
  // x-kubernetes-patch-merge-key / -list-type / -list-map-keys.
  // Errors: kParseError, kInvalidArgument naming `file`.
  static Result<std::unique_ptr<MergeSchema>> FromOpenApi(std::string_view text,
                                                          const std::string& file);
};

// Merges `patch` into `*obj`. Sets *deleted when the patch deletes the
// whole object (`$patch: delete` at its top). Errors: kInvalidArgument.
Status StrategicMerge(Value* obj, const Value& patch, const MergeSchema& schema, bool* deleted);

// Applies RFC 6902 operations (a list of {op, path, value, from}).
// Errors: kInvalidArgument (bad operation), kNotFound (a path that is not
// there), kFailedPrecondition (a failed `test`).
Status ApplyJson6902(Value* obj, const Value& ops);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_PATCH_H_
