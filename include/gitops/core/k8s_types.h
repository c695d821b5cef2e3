// K8sTypes: the built-in Kubernetes type table, as data.
//
// For the built-in kinds this table says, field by field, what a strategic
// merge must know: which fields hold another known type, which lists merge
// by key (and by which keys), which lists of scalars merge as sets, and
// which lists are atomic (replaced whole). It also says which kinds are
// cluster-scoped. The facts come from the Kubernetes API's own markers
// (`patchStrategy` / `patchMergeKey` struct tags and `+listType` /
// `+listMapKey` comments in kubernetes/api's types.go).
//
// Versions: V1_21() holds the Kubernetes v1.21.2 facts that kustomize v5.5
// embeds (render's strategic merge must agree with kustomize, not with
// today's API). V1_32() holds the current facts that the API server's
// server-side apply uses, read by plan's structured merge: besides list
// types it records maps and structs replaced whole (`+mapType=atomic`,
// `+structType=atomic`) and the defaults of list-map key fields
// (`protocol: TCP`), and the scalar kind of the fields of the types Flux
// users deploy (ObjectMeta, pod templates and their containers, volumes,
// the workloads, Service, ConfigMap, Secret, ServiceAccount, Ingress,
// NetworkPolicy, RBAC, PodDisruptionBudget, HorizontalPodAutoscaler,
// webhook configurations, CustomResourceDefinitions but their schemas), so
// that a value of the wrong kind (`replicas: "x"`) is refused as the API
// server's typed conversion refuses it. Its type names are the OpenAPI
// definition names (io.k8s.api.core.v1.PodSpec); V1_21()'s are short
// (PodSpec).
//
// V1_21() records only what differs from the defaults, plus the fields
// leading to it; V1_32() records that and the scalar fields of the types
// above. A list not recorded is atomic, a map or struct not recorded is
// granular, as they are in the API's own schema, and a field not recorded
// holds any value (the API server drops unknown fields rather than refuse
// them).
//
// Thread safety: the tables are immutable after their first use and may be
// read from any thread.
//
//   const gitops::K8sTypes& types = gitops::K8sTypes::V1_21();
//   const gitops::K8sField* f = types.Field(types.RootType("apps", "Deployment"), "spec");
#ifndef GITOPS_CORE_K8S_TYPES_H_
#define GITOPS_CORE_K8S_TYPES_H_

#include <span>
#include <string_view>

namespace gitops {

enum class K8sListType {
  kNone,    // not a list (a map, a scalar, or a field of another known type)
  kAtomic,  // a list replaced whole by a patch
  kMap,     // a list of objects merged item by item on `keys`
  kSet,     // a list of scalars merged as a set
};

// The kind of scalar a field holds, as the API server's typed conversion
// checks it (structured-merge-diff's scalar types).
enum class K8sScalar {
  kNone,     // not a scalar, or not recorded: any value is accepted
  kNumeric,  // int32, int64, float64: an int or a float
  kString,   // string, a string enum, []byte (base64)
  kBoolean,  // bool
  kUntyped,  // any scalar: IntOrString, resource.Quantity, metav1.Time
};

// One field of a known type.
struct K8sField {
  std::string_view type;   // the owning type, e.g. "PodSpec"
  std::string_view name;   // the field, e.g. "containers"
  std::string_view value;  // the type of the value (or of each list item); "" if not a known type
  K8sListType list = K8sListType::kNone;
  // The list-map keys, comma separated ("containerPort,protocol"). For kMap
  // the first key is the patch merge key; items are matched on all keys
  // that the schema lists, as kustomize matches them.
  std::string_view keys;
  // The value (each item, for a list) is a map or struct replaced whole
  // (`+mapType=atomic` / `+structType=atomic`). Only V1_32() records it.
  bool atomic = false;
  // The value the field takes when it is omitted (`+default`), as a string;
  // recorded for list-map key fields, whose items it identifies. "" if none.
  std::string_view default_value;
  // The kind of scalar the value (each item, for a list; each value, for a
  // map when `scalar_map`) is. Only V1_32() records it.
  K8sScalar scalar = K8sScalar::kNone;
  // The value is a map from strings to `scalar`s (labels, ConfigMap data,
  // resources.limits), granular unless `atomic`.
  bool scalar_map = false;
};

// A built-in kind and the type of its objects.
struct K8sKind {
  std::string_view group;    // "" for the core group
  std::string_view version;  // "" when the table does not tell versions apart
  std::string_view kind;
  std::string_view type;
};

class K8sTypes {
 public:
  // The Kubernetes v1.21.2 facts (kustomize v5.5's embedded schema).
  static const K8sTypes& V1_21();
  // The Kubernetes v1.32 facts (kubernetes/api's markers; the API server's
  // server-side apply schema).
  static const K8sTypes& V1_32();

  // The type of a whole object of that group and kind ("" for the core
  // group), or "" when the kind is not a built-in one.
  std::string_view RootType(std::string_view group, std::string_view kind) const;
  // The same for one version of the group; a kind recorded without a
  // version matches every version.
  std::string_view RootType(std::string_view group, std::string_view version,
                            std::string_view kind) const;
  // The field of `type`, or nullptr when the type or field is unknown.
  const K8sField* Field(std::string_view type, std::string_view name) const;
  // Whether objects of that group and kind live outside any namespace.
  // Unknown kinds (custom resources) are namespaced, as kustomize assumes.
  bool IsClusterScoped(std::string_view group, std::string_view kind) const;

  // Every recorded field, those of one type next to each other.
  std::span<const K8sField> fields() const { return fields_; }
  // Every recorded kind.
  std::span<const K8sKind> kinds() const { return kinds_; }
  // The type whose fields every root type has (its `metadata`).
  std::string_view object_type() const { return object_type_; }

 private:
  K8sTypes(std::span<const K8sKind> kinds, std::span<const K8sField> fields,
           std::span<const K8sKind> cluster_scoped, std::string_view object_type)
      : kinds_(kinds),
        fields_(fields),
        cluster_scoped_(cluster_scoped),
        object_type_(object_type) {}

  std::span<const K8sKind> kinds_;
  std::span<const K8sField> fields_;
  std::span<const K8sKind> cluster_scoped_;
  std::string_view object_type_;
};

}  // namespace gitops

#endif  // GITOPS_CORE_K8S_TYPES_H_
