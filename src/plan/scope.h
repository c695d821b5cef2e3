// Whether a kind's objects live in a namespace, and the check Flux's apply
// makes of it. Private to the plan module.
#ifndef GITOPS_SRC_PLAN_SCOPE_H_
#define GITOPS_SRC_PLAN_SCOPE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/changeset.h"

namespace gitops::plan::internal {

// "group/Kind" of the resources a CustomResourceDefinition defines; empty
// for any other object or a CRD without spec.group and spec.names.kind.
std::string CrdKind(const Value& o);

class Scopes {
 public:
  // Records the `spec.scope` of the CustomResourceDefinitions among
  // `objects`; a kind recorded already keeps its scope (the desired set's
  // CRDs are added before the live ones).
  void AddCrds(std::span<const Value> objects);
  // The same for one object (nothing unless it is such a CRD).
  void AddCrd(const Value& object);
  // true: namespaced; false: cluster-scoped; nullopt: a kind neither a CRD
  // given here nor the built-in table (v1.32) knows.
  std::optional<bool> Namespaced(std::string_view group, std::string_view kind) const;
  // kInvalidArgument when `id` is of a namespaced kind and has no
  // namespace: the API server refuses it, and Flux reports
  // "<Kind>/<name> namespace not specified". An unknown kind passes.
  Status CheckNamespace(const ObjectId& id) const;

 private:
  // "<group>/<Kind>" -> namespaced.
  std::unordered_map<std::string, bool> crds_;
};

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_SCOPE_H_
