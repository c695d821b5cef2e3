// The built-in Kubernetes type table.
//
// Source of the v1.21.2 facts: kubernetes/api at v0.21.2, core/v1/types.go,
// apps/v1/types.go, batch/v1/types.go, batch/v1beta1/types.go and
// meta/v1/types.go: each `patchStrategy:"merge"` / `patchMergeKey:"..."`
// struct tag and each `+listType=map` / `+listMapKey=...` comment. A list
// field that carries neither is atomic; only lists are recorded, plus the
// fields that lead to another recorded type. Types are named without their
// package (PodSpec, not io.k8s.api.core.v1.PodSpec): no two recorded types
// share a name.
#include "gitops/core/k8s_types.h"

#include <array>

namespace gitops {
namespace {

using LT = K8sListType;

struct RootEntry {
  std::string_view group;
  std::string_view kind;
  std::string_view type;
};

constexpr RootEntry kRoots[] = {
    {"", "Pod", "Pod"},
    {"", "PodTemplate", "PodTemplate"},
    {"", "ReplicationController", "ReplicationController"},
    {"", "Service", "Service"},
    {"", "Endpoints", "Endpoints"},
    {"", "ConfigMap", "Object"},
    {"", "Secret", "Object"},
    {"", "ServiceAccount", "ServiceAccount"},
    {"", "Namespace", "Object"},
    {"", "PersistentVolumeClaim", "Object"},
    {"", "PersistentVolume", "Object"},
    {"apps", "Deployment", "Deployment"},
    {"extensions", "Deployment", "Deployment"},
    {"apps", "StatefulSet", "StatefulSet"},
    {"apps", "DaemonSet", "DaemonSet"},
    {"extensions", "DaemonSet", "DaemonSet"},
    {"apps", "ReplicaSet", "ReplicaSet"},
    {"extensions", "ReplicaSet", "ReplicaSet"},
    {"batch", "Job", "Job"},
    {"batch", "CronJob", "CronJob"},
    {"policy", "PodDisruptionBudget", "Object"},
    {"rbac.authorization.k8s.io", "Role", "Object"},
    {"rbac.authorization.k8s.io", "ClusterRole", "Object"},
    {"rbac.authorization.k8s.io", "RoleBinding", "Object"},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", "Object"},
    {"networking.k8s.io", "Ingress", "Object"},
    {"extensions", "Ingress", "Object"},
    {"autoscaling", "HorizontalPodAutoscaler", "Object"},
};

constexpr K8sField kFields[] = {
    // Every object's metadata.
    {"Object", "metadata", "ObjectMeta", LT::kNone, ""},
    {"ObjectMeta", "finalizers", "", LT::kSet, ""},
    {"ObjectMeta", "ownerReferences", "", LT::kMap, "uid"},
    {"ObjectMeta", "managedFields", "", LT::kAtomic, ""},
    // Workloads down to their pod templates.
    {"Pod", "metadata", "ObjectMeta", LT::kNone, ""},
    {"Pod", "spec", "PodSpec", LT::kNone, ""},
    {"PodTemplate", "metadata", "ObjectMeta", LT::kNone, ""},
    {"PodTemplate", "template", "PodTemplateSpec", LT::kNone, ""},
    {"PodTemplateSpec", "metadata", "ObjectMeta", LT::kNone, ""},
    {"PodTemplateSpec", "spec", "PodSpec", LT::kNone, ""},
    {"ReplicationController", "metadata", "ObjectMeta", LT::kNone, ""},
    {"ReplicationController", "spec", "ReplicationControllerSpec", LT::kNone, ""},
    {"ReplicationControllerSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"Deployment", "metadata", "ObjectMeta", LT::kNone, ""},
    {"Deployment", "spec", "DeploymentSpec", LT::kNone, ""},
    {"DeploymentSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"StatefulSet", "metadata", "ObjectMeta", LT::kNone, ""},
    {"StatefulSet", "spec", "StatefulSetSpec", LT::kNone, ""},
    {"StatefulSetSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"StatefulSetSpec", "volumeClaimTemplates", "", LT::kAtomic, ""},
    {"DaemonSet", "metadata", "ObjectMeta", LT::kNone, ""},
    {"DaemonSet", "spec", "DaemonSetSpec", LT::kNone, ""},
    {"DaemonSetSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"ReplicaSet", "metadata", "ObjectMeta", LT::kNone, ""},
    {"ReplicaSet", "spec", "ReplicaSetSpec", LT::kNone, ""},
    {"ReplicaSetSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"Job", "metadata", "ObjectMeta", LT::kNone, ""},
    {"Job", "spec", "JobSpec", LT::kNone, ""},
    {"JobSpec", "template", "PodTemplateSpec", LT::kNone, ""},
    {"CronJob", "metadata", "ObjectMeta", LT::kNone, ""},
    {"CronJob", "spec", "CronJobSpec", LT::kNone, ""},
    {"CronJobSpec", "jobTemplate", "JobTemplateSpec", LT::kNone, ""},
    {"JobTemplateSpec", "metadata", "ObjectMeta", LT::kNone, ""},
    {"JobTemplateSpec", "spec", "JobSpec", LT::kNone, ""},
    // core/v1 PodSpec.
    {"PodSpec", "volumes", "Volume", LT::kMap, "name"},
    {"PodSpec", "initContainers", "Container", LT::kMap, "name"},
    {"PodSpec", "containers", "Container", LT::kMap, "name"},
    {"PodSpec", "ephemeralContainers", "Container", LT::kMap, "name"},
    {"PodSpec", "imagePullSecrets", "", LT::kMap, "name"},
    {"PodSpec", "hostAliases", "", LT::kMap, "ip"},
    {"PodSpec", "tolerations", "", LT::kAtomic, ""},
    {"PodSpec", "readinessGates", "", LT::kAtomic, ""},
    {"PodSpec", "topologySpreadConstraints", "", LT::kMap, "topologyKey,whenUnsatisfiable"},
    {"Volume", "projected", "ProjectedVolumeSource", LT::kNone, ""},
    {"ProjectedVolumeSource", "sources", "", LT::kAtomic, ""},
    // core/v1 Container (and EphemeralContainerCommon, which has the same tags).
    {"Container", "ports", "", LT::kMap, "containerPort,protocol"},
    {"Container", "env", "", LT::kMap, "name"},
    {"Container", "envFrom", "", LT::kAtomic, ""},
    {"Container", "volumeMounts", "", LT::kMap, "mountPath"},
    {"Container", "volumeDevices", "", LT::kMap, "devicePath"},
    {"Container", "command", "", LT::kAtomic, ""},
    {"Container", "args", "", LT::kAtomic, ""},
    // core/v1 Service.
    {"Service", "metadata", "ObjectMeta", LT::kNone, ""},
    {"Service", "spec", "ServiceSpec", LT::kNone, ""},
    {"ServiceSpec", "ports", "", LT::kMap, "port,protocol"},
    {"ServiceSpec", "externalIPs", "", LT::kAtomic, ""},
    // core/v1 ServiceAccount.
    {"ServiceAccount", "metadata", "ObjectMeta", LT::kNone, ""},
    {"ServiceAccount", "secrets", "", LT::kMap, "name"},
    {"ServiceAccount", "imagePullSecrets", "", LT::kAtomic, ""},
    // core/v1 Endpoints.
    {"Endpoints", "metadata", "ObjectMeta", LT::kNone, ""},
    {"Endpoints", "subsets", "", LT::kAtomic, ""},
};

// Kinds whose objects have no namespace (the v1.21 API's cluster-scoped
// resources, plus apiregistration's APIService).
constexpr RootEntry kClusterScoped[] = {
    {"", "Namespace", ""},
    {"", "Node", ""},
    {"", "PersistentVolume", ""},
    {"", "ComponentStatus", ""},
    {"rbac.authorization.k8s.io", "ClusterRole", ""},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", ""},
    {"apiextensions.k8s.io", "CustomResourceDefinition", ""},
    {"apiregistration.k8s.io", "APIService", ""},
    {"admissionregistration.k8s.io", "MutatingWebhookConfiguration", ""},
    {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", ""},
    {"storage.k8s.io", "StorageClass", ""},
    {"storage.k8s.io", "CSIDriver", ""},
    {"storage.k8s.io", "CSINode", ""},
    {"storage.k8s.io", "VolumeAttachment", ""},
    {"scheduling.k8s.io", "PriorityClass", ""},
    {"policy", "PodSecurityPolicy", ""},
    {"extensions", "PodSecurityPolicy", ""},
    {"networking.k8s.io", "IngressClass", ""},
    {"node.k8s.io", "RuntimeClass", ""},
    {"certificates.k8s.io", "CertificateSigningRequest", ""},
    {"flowcontrol.apiserver.k8s.io", "FlowSchema", ""},
    {"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", ""},
};

}  // namespace

const K8sTypes& K8sTypes::V1_21() {
  static const K8sTypes table;
  return table;
}

std::string_view K8sTypes::RootType(std::string_view group, std::string_view kind) const {
  for (const RootEntry& r : kRoots) {
    if (r.kind == kind && r.group == group) return r.type;
  }
  return {};
}

const K8sField* K8sTypes::Field(std::string_view type, std::string_view name) const {
  if (type.empty()) return nullptr;
  for (const K8sField& f : kFields) {
    if (f.type == type && f.name == name) return &f;
  }
  // Every known root type has ObjectMeta metadata.
  if (name == "metadata") {
    for (const K8sField& f : kFields) {
      if (f.type == "Object" && f.name == "metadata") return &f;
    }
  }
  return nullptr;
}

bool K8sTypes::IsClusterScoped(std::string_view group, std::string_view kind) const {
  for (const RootEntry& r : kClusterScoped) {
    if (r.kind == kind && r.group == group) return true;
  }
  return false;
}

}  // namespace gitops
