#include "scope.h"

#include "gitops/core/k8s_types.h"

namespace gitops::plan::internal {

std::string CrdKind(const Value& o) {
  const Value* kind = o.Find("kind");
  if (kind == nullptr || !kind->is_string() || kind->as_string() != "CustomResourceDefinition") {
    return "";
  }
  const Value* group = o.AtPointer("/spec/group");
  const Value* crd_kind = o.AtPointer("/spec/names/kind");
  if (group == nullptr || !group->is_string() || crd_kind == nullptr || !crd_kind->is_string()) {
    return "";
  }
  return std::string(group->as_string()) + "/" + std::string(crd_kind->as_string());
}

void Scopes::AddCrds(std::span<const Value> objects) {
  for (const Value& o : objects) AddCrd(o);
}

void Scopes::AddCrd(const Value& o) {
  std::string key = CrdKind(o);
  const Value* scope = o.AtPointer("/spec/scope");
  if (key.empty() || scope == nullptr || !scope->is_string()) return;
  crds_.emplace(std::move(key), scope->as_string() == "Namespaced");
}

std::optional<bool> Scopes::Namespaced(std::string_view group, std::string_view kind) const {
  if (!crds_.empty()) {
    auto it = crds_.find(std::string(group) + "/" + std::string(kind));
    if (it != crds_.end()) return it->second;
  }
  const K8sTypes& types = K8sTypes::V1_32();
  if (types.IsClusterScoped(group, kind)) return false;
  if (!types.RootType(group, kind).empty()) return true;
  return std::nullopt;
}

Status Scopes::CheckNamespace(const ObjectId& id) const {
  if (!id.namespace_.empty() || Namespaced(id.group, id.kind) != true) return OkStatus();
  return InvalidArgumentError(
      id.kind + "/" + id.name +
      " namespace not specified: a namespaced object needs metadata.namespace (set it in the "
      "object, with a kustomization's `namespace` or with the Flux Kustomization's "
      "spec.targetNamespace)");
}

}  // namespace gitops::plan::internal
