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

namespace gitops {
namespace {

using LT = K8sListType;

constexpr K8sKind kRoots[] = {
    {"", "", "Pod", "Pod"},
    {"", "", "PodTemplate", "PodTemplate"},
    {"", "", "ReplicationController", "ReplicationController"},
    {"", "", "Service", "Service"},
    {"", "", "Endpoints", "Endpoints"},
    {"", "", "ConfigMap", "Object"},
    {"", "", "Secret", "Object"},
    {"", "", "ServiceAccount", "ServiceAccount"},
    {"", "", "Namespace", "Object"},
    {"", "", "PersistentVolumeClaim", "Object"},
    {"", "", "PersistentVolume", "Object"},
    {"apps", "", "Deployment", "Deployment"},
    {"extensions", "", "Deployment", "Deployment"},
    {"apps", "", "StatefulSet", "StatefulSet"},
    {"apps", "", "DaemonSet", "DaemonSet"},
    {"extensions", "", "DaemonSet", "DaemonSet"},
    {"apps", "", "ReplicaSet", "ReplicaSet"},
    {"extensions", "", "ReplicaSet", "ReplicaSet"},
    {"batch", "", "Job", "Job"},
    {"batch", "", "CronJob", "CronJob"},
    {"policy", "", "PodDisruptionBudget", "Object"},
    {"rbac.authorization.k8s.io", "", "Role", "Object"},
    {"rbac.authorization.k8s.io", "", "ClusterRole", "Object"},
    {"rbac.authorization.k8s.io", "", "RoleBinding", "Object"},
    {"rbac.authorization.k8s.io", "", "ClusterRoleBinding", "Object"},
    {"networking.k8s.io", "", "Ingress", "Object"},
    {"extensions", "", "Ingress", "Object"},
    {"autoscaling", "", "HorizontalPodAutoscaler", "Object"},
};

constexpr K8sField kFields[] = {
    // Every object's metadata.
    {"Object", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"ObjectMeta", "finalizers", "", LT::kSet, "", false, ""},
    {"ObjectMeta", "ownerReferences", "", LT::kMap, "uid", false, ""},
    {"ObjectMeta", "managedFields", "", LT::kAtomic, "", false, ""},
    // Workloads down to their pod templates.
    {"Pod", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"Pod", "spec", "PodSpec", LT::kNone, "", false, ""},
    {"PodTemplate", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"PodTemplate", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"PodTemplateSpec", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"PodTemplateSpec", "spec", "PodSpec", LT::kNone, "", false, ""},
    {"ReplicationController", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"ReplicationController", "spec", "ReplicationControllerSpec", LT::kNone, "", false, ""},
    {"ReplicationControllerSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"Deployment", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"Deployment", "spec", "DeploymentSpec", LT::kNone, "", false, ""},
    {"DeploymentSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"StatefulSet", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"StatefulSet", "spec", "StatefulSetSpec", LT::kNone, "", false, ""},
    {"StatefulSetSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"StatefulSetSpec", "volumeClaimTemplates", "", LT::kAtomic, "", false, ""},
    {"DaemonSet", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"DaemonSet", "spec", "DaemonSetSpec", LT::kNone, "", false, ""},
    {"DaemonSetSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"ReplicaSet", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"ReplicaSet", "spec", "ReplicaSetSpec", LT::kNone, "", false, ""},
    {"ReplicaSetSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"Job", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"Job", "spec", "JobSpec", LT::kNone, "", false, ""},
    {"JobSpec", "template", "PodTemplateSpec", LT::kNone, "", false, ""},
    {"CronJob", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"CronJob", "spec", "CronJobSpec", LT::kNone, "", false, ""},
    {"CronJobSpec", "jobTemplate", "JobTemplateSpec", LT::kNone, "", false, ""},
    {"JobTemplateSpec", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"JobTemplateSpec", "spec", "JobSpec", LT::kNone, "", false, ""},
    // core/v1 PodSpec.
    {"PodSpec", "volumes", "Volume", LT::kMap, "name", false, ""},
    {"PodSpec", "initContainers", "Container", LT::kMap, "name", false, ""},
    {"PodSpec", "containers", "Container", LT::kMap, "name", false, ""},
    {"PodSpec", "ephemeralContainers", "Container", LT::kMap, "name", false, ""},
    {"PodSpec", "imagePullSecrets", "", LT::kMap, "name", false, ""},
    {"PodSpec", "hostAliases", "", LT::kMap, "ip", false, ""},
    {"PodSpec", "tolerations", "", LT::kAtomic, "", false, ""},
    {"PodSpec", "readinessGates", "", LT::kAtomic, "", false, ""},
    {"PodSpec", "topologySpreadConstraints", "", LT::kMap, "topologyKey,whenUnsatisfiable", false,
     ""},
    {"Volume", "projected", "ProjectedVolumeSource", LT::kNone, "", false, ""},
    {"ProjectedVolumeSource", "sources", "", LT::kAtomic, "", false, ""},
    // core/v1 Container (and EphemeralContainerCommon, which has the same tags).
    {"Container", "ports", "", LT::kMap, "containerPort,protocol", false, ""},
    {"Container", "env", "", LT::kMap, "name", false, ""},
    {"Container", "envFrom", "", LT::kAtomic, "", false, ""},
    {"Container", "volumeMounts", "", LT::kMap, "mountPath", false, ""},
    {"Container", "volumeDevices", "", LT::kMap, "devicePath", false, ""},
    {"Container", "command", "", LT::kAtomic, "", false, ""},
    {"Container", "args", "", LT::kAtomic, "", false, ""},
    // core/v1 Service.
    {"Service", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"Service", "spec", "ServiceSpec", LT::kNone, "", false, ""},
    {"ServiceSpec", "ports", "", LT::kMap, "port,protocol", false, ""},
    {"ServiceSpec", "externalIPs", "", LT::kAtomic, "", false, ""},
    // core/v1 ServiceAccount.
    {"ServiceAccount", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"ServiceAccount", "secrets", "", LT::kMap, "name", false, ""},
    {"ServiceAccount", "imagePullSecrets", "", LT::kAtomic, "", false, ""},
    // core/v1 Endpoints.
    {"Endpoints", "metadata", "ObjectMeta", LT::kNone, "", false, ""},
    {"Endpoints", "subsets", "", LT::kAtomic, "", false, ""},
};

// Kinds whose objects have no namespace (the v1.21 API's cluster-scoped
// resources, plus apiregistration's APIService).
constexpr K8sKind kClusterScoped[] = {
    {"", "", "Namespace", ""},
    {"", "", "Node", ""},
    {"", "", "PersistentVolume", ""},
    {"", "", "ComponentStatus", ""},
    {"rbac.authorization.k8s.io", "", "ClusterRole", ""},
    {"rbac.authorization.k8s.io", "", "ClusterRoleBinding", ""},
    {"apiextensions.k8s.io", "", "CustomResourceDefinition", ""},
    {"apiregistration.k8s.io", "", "APIService", ""},
    {"admissionregistration.k8s.io", "", "MutatingWebhookConfiguration", ""},
    {"admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration", ""},
    {"storage.k8s.io", "", "StorageClass", ""},
    {"storage.k8s.io", "", "CSIDriver", ""},
    {"storage.k8s.io", "", "CSINode", ""},
    {"storage.k8s.io", "", "VolumeAttachment", ""},
    {"scheduling.k8s.io", "", "PriorityClass", ""},
    {"policy", "", "PodSecurityPolicy", ""},
    {"extensions", "", "PodSecurityPolicy", ""},
    {"networking.k8s.io", "", "IngressClass", ""},
    {"node.k8s.io", "", "RuntimeClass", ""},
    {"certificates.k8s.io", "", "CertificateSigningRequest", ""},
    {"flowcontrol.apiserver.k8s.io", "", "FlowSchema", ""},
    {"flowcontrol.apiserver.k8s.io", "", "PriorityLevelConfiguration", ""},
};

// --- Kubernetes v1.32 ---------------------------------------------------------

#define CORE "io.k8s.api.core.v1."
#define APPS "io.k8s.api.apps.v1."
#define BATCH "io.k8s.api.batch.v1."
#define NET "io.k8s.api.networking.v1."
#define RBAC "io.k8s.api.rbac.v1."
#define POLICY "io.k8s.api.policy.v1."
#define HPA "io.k8s.api.autoscaling.v2."
#define CRD "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
#define ADM "io.k8s.api.admissionregistration.v1."
#define META "io.k8s.apimachinery.pkg.apis.meta.v1."

constexpr K8sKind kRoots132[] = {
    {"", "v1", "Pod", CORE "Pod"},
    {"", "v1", "PodTemplate", CORE "PodTemplate"},
    {"", "v1", "ReplicationController", CORE "ReplicationController"},
    {"", "v1", "Service", CORE "Service"},
    {"", "v1", "Endpoints", CORE "Endpoints"},
    {"", "v1", "ConfigMap", CORE "ConfigMap"},
    {"", "v1", "Secret", CORE "Secret"},
    {"", "v1", "ServiceAccount", CORE "ServiceAccount"},
    {"", "v1", "Namespace", CORE "Namespace"},
    {"", "v1", "PersistentVolumeClaim", CORE "PersistentVolumeClaim"},
    {"", "v1", "PersistentVolume", CORE "PersistentVolume"},
    {"", "v1", "LimitRange", CORE "LimitRange"},
    {"", "v1", "ResourceQuota", CORE "ResourceQuota"},
    {"apps", "v1", "Deployment", APPS "Deployment"},
    {"apps", "v1", "StatefulSet", APPS "StatefulSet"},
    {"apps", "v1", "DaemonSet", APPS "DaemonSet"},
    {"apps", "v1", "ReplicaSet", APPS "ReplicaSet"},
    {"apps", "v1", "ControllerRevision", APPS "ControllerRevision"},
    {"batch", "v1", "Job", BATCH "Job"},
    {"batch", "v1", "CronJob", BATCH "CronJob"},
    {"networking.k8s.io", "v1", "Ingress", NET "Ingress"},
    {"networking.k8s.io", "v1", "IngressClass", NET "IngressClass"},
    {"networking.k8s.io", "v1", "NetworkPolicy", NET "NetworkPolicy"},
    {"rbac.authorization.k8s.io", "v1", "Role", RBAC "Role"},
    {"rbac.authorization.k8s.io", "v1", "ClusterRole", RBAC "ClusterRole"},
    {"rbac.authorization.k8s.io", "v1", "RoleBinding", RBAC "RoleBinding"},
    {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", RBAC "ClusterRoleBinding"},
    {"policy", "v1", "PodDisruptionBudget", POLICY "PodDisruptionBudget"},
    {"autoscaling", "v2", "HorizontalPodAutoscaler", HPA "HorizontalPodAutoscaler"},
    {"apiextensions.k8s.io", "v1", "CustomResourceDefinition", CRD "CustomResourceDefinition"},
    {"admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
     ADM "MutatingWebhookConfiguration"},
    {"admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
     ADM "ValidatingWebhookConfiguration"},
    {"admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy",
     ADM "ValidatingAdmissionPolicy"},
    {"admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding",
     ADM "ValidatingAdmissionPolicyBinding"},
};

// Each entry: {type, field, value type, list type, list-map keys, atomic, default}.
//
// Source of every group but apiextensions: the structured-merge-diff schema
// that the API's markers generate (`+listType`, `+listMapKey`, `+mapType`,
// `+structType`, `+default`, and `patchStrategy:"merge"` /
// `patchMergeKey` tags, which structured-merge-diff reads as a list-map on
// the merge key), as kubernetes/client-go's
// applyconfigurations/internal/internal.go holds it, read at commit
// 11d940d2d5e3b51fee051a64baa0cb63b23af89e (a v1.34-or-later snapshot: it
// has PodSpec.hostnameOverride and scheduling.k8s.io/v1alpha3), cross-checked
// for admissionregistration/v1 and the core volume sources against the same
// file in kubernetes/kubernetes (staging/src/k8s.io/client-go/...) at commit
// 005336e04478bf7324370500677cd3aa2c31e168 (v1.30 or v1.31: VAP v1 but no
// MutatingAdmissionPolicy yet). No v1.32 snapshot is in the index; v1.32 lies
// between the two, a field's list or map type never changes between versions
// (that breaks server-side apply, which API review forbids), and only fields
// that v1.32 has are recorded. Defaults of "" (a key field's zero value) are
// left out: an item without its key is rejected by validation anyway.
constexpr K8sField kFields132[] = {
    // Every object's metadata (meta/v1: ObjectMeta, OwnerReference, LabelSelector).
    {"Object", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    {META "ObjectMeta", "finalizers", "", LT::kSet, "", false, ""},
    {META "ObjectMeta", "ownerReferences", "", LT::kMap, "uid", true, ""},  // OwnerReference
    {META "ObjectMeta", "managedFields", "", LT::kAtomic, "", false, ""},
    // core/v1 pods and their templates.
    {CORE "Pod", "spec", CORE "PodSpec", LT::kNone, "", false, ""},
    {CORE "Pod", "status", CORE "PodStatus", LT::kNone, "", false, ""},
    {CORE "PodStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CORE "PodStatus", "podIPs", "", LT::kMap, "ip", false, ""},
    {CORE "PodStatus", "hostIPs", "", LT::kAtomic, "", false, ""},
    {CORE "PodStatus", "resourceClaimStatuses", "", LT::kMap, "name", false, ""},
    {CORE "PodTemplate", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {CORE "PodTemplateSpec", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    {CORE "PodTemplateSpec", "spec", CORE "PodSpec", LT::kNone, "", false, ""},
    {CORE "PodSpec", "volumes", CORE "Volume", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "initContainers", CORE "Container", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "containers", CORE "Container", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "ephemeralContainers", CORE "Container", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "nodeSelector", "", LT::kNone, "", true, ""},
    {CORE "PodSpec", "imagePullSecrets", "", LT::kMap, "name", true, ""},  // LocalObjectReference
    {CORE "PodSpec", "tolerations", "", LT::kAtomic, "", false, ""},
    {CORE "PodSpec", "hostAliases", "", LT::kMap, "ip", false, ""},
    {CORE "PodSpec", "readinessGates", "", LT::kAtomic, "", false, ""},
    {CORE "PodSpec", "topologySpreadConstraints", CORE "TopologySpreadConstraint", LT::kMap,
     "topologyKey,whenUnsatisfiable", false, ""},
    {CORE "PodSpec", "schedulingGates", "", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "resourceClaims", "", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "affinity", CORE "Affinity", LT::kNone, "", false, ""},
    {CORE "PodSpec", "resources", CORE "ResourceRequirements", LT::kNone, "", false, ""},
    {CORE "TopologySpreadConstraint", "labelSelector", "", LT::kNone, "", true, ""},
    {CORE "TopologySpreadConstraint", "matchLabelKeys", "", LT::kAtomic, "", false, ""},
    {CORE "Affinity", "nodeAffinity", CORE "NodeAffinity", LT::kNone, "", false, ""},
    {CORE "NodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "", LT::kNone, "", true,
     ""},  // NodeSelector
    {CORE "NodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", "", LT::kAtomic, "",
     false, ""},
    // Volume sources; each secretRef here is a LocalObjectReference (`+structType=atomic`).
    {CORE "Volume", "ephemeral", CORE "EphemeralVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "csi", CORE "CSIVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "projected", CORE "ProjectedVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "cephfs", CORE "CephFSVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "cinder", CORE "CinderVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "flexVolume", CORE "FlexVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "iscsi", CORE "ISCSIVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "rbd", CORE "RBDVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "scaleIO", CORE "ScaleIOVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "storageos", CORE "StorageOSVolumeSource", LT::kNone, "", false, ""},
    {CORE "ProjectedVolumeSource", "sources", "", LT::kAtomic, "", false, ""},
    {CORE "CSIVolumeSource", "nodePublishSecretRef", "", LT::kNone, "", true, ""},
    {CORE "CephFSVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "CinderVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "FlexVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "ISCSIVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "RBDVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "ScaleIOVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "StorageOSVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "EphemeralVolumeSource", "volumeClaimTemplate", CORE "PersistentVolumeClaimTemplate",
     LT::kNone, "", false, ""},
    {CORE "PersistentVolumeClaimTemplate", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    {CORE "PersistentVolumeClaimTemplate", "spec", CORE "PersistentVolumeClaimSpec", LT::kNone, "",
     false, ""},
    // core/v1 Container (EphemeralContainer has the same markers).
    {CORE "Container", "ports", CORE "ContainerPort", LT::kMap, "containerPort,protocol", false,
     ""},
    {CORE "Container", "env", CORE "EnvVar", LT::kMap, "name", false, ""},
    {CORE "Container", "envFrom", "", LT::kAtomic, "", false, ""},
    {CORE "Container", "volumeMounts", "", LT::kMap, "mountPath", false, ""},
    {CORE "Container", "volumeDevices", "", LT::kMap, "devicePath", false, ""},
    {CORE "Container", "resources", CORE "ResourceRequirements", LT::kNone, "", false, ""},
    {CORE "Container", "resizePolicy", "", LT::kAtomic, "", false, ""},
    {CORE "Container", "command", "", LT::kAtomic, "", false, ""},
    {CORE "Container", "args", "", LT::kAtomic, "", false, ""},
    {CORE "ContainerPort", "protocol", "", LT::kNone, "", false, "TCP"},
    {CORE "EnvVar", "valueFrom", CORE "EnvVarSource", LT::kNone, "", false, ""},
    {CORE "EnvVarSource", "fieldRef", "", LT::kNone, "", true, ""},
    {CORE "EnvVarSource", "resourceFieldRef", "", LT::kNone, "", true, ""},
    {CORE "EnvVarSource", "configMapKeyRef", "", LT::kNone, "", true, ""},
    {CORE "EnvVarSource", "secretKeyRef", "", LT::kNone, "", true, ""},
    {CORE "ResourceRequirements", "claims", "", LT::kMap, "name", false, ""},
    // core/v1 ReplicationController.
    {CORE "ReplicationController", "spec", CORE "ReplicationControllerSpec", LT::kNone, "", false,
     ""},
    {CORE "ReplicationController", "status", CORE "ReplicationControllerStatus", LT::kNone, "",
     false, ""},
    {CORE "ReplicationControllerSpec", "selector", "", LT::kNone, "", true, ""},
    {CORE "ReplicationControllerSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false,
     ""},
    {CORE "ReplicationControllerStatus", "conditions", "", LT::kMap, "type", false, ""},
    // core/v1 Service, ServiceAccount, Endpoints.
    {CORE "Service", "spec", CORE "ServiceSpec", LT::kNone, "", false, ""},
    {CORE "Service", "status", CORE "ServiceStatus", LT::kNone, "", false, ""},
    {CORE "ServiceSpec", "ports", CORE "ServicePort", LT::kMap, "port,protocol", false, ""},
    {CORE "ServiceSpec", "selector", "", LT::kNone, "", true, ""},
    {CORE "ServiceSpec", "clusterIPs", "", LT::kAtomic, "", false, ""},
    {CORE "ServiceSpec", "externalIPs", "", LT::kAtomic, "", false, ""},
    {CORE "ServiceSpec", "ipFamilies", "", LT::kAtomic, "", false, ""},
    {CORE "ServiceSpec", "loadBalancerSourceRanges", "", LT::kAtomic, "", false, ""},
    {CORE "ServicePort", "protocol", "", LT::kNone, "", false, "TCP"},
    {CORE "ServiceStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CORE "ServiceAccount", "secrets", "", LT::kMap, "name", true, ""},  // ObjectReference
    {CORE "ServiceAccount", "imagePullSecrets", "", LT::kAtomic, "", false, ""},
    {CORE "Endpoints", "subsets", "", LT::kAtomic, "", false, ""},
    // core/v1 storage and namespaces.
    {CORE "PersistentVolumeClaim", "spec", CORE "PersistentVolumeClaimSpec", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeClaim", "status", CORE "PersistentVolumeClaimStatus", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeClaimSpec", "accessModes", "", LT::kAtomic, "", false, ""},
    {CORE "PersistentVolumeClaimSpec", "selector", "", LT::kNone, "", true, ""},
    {CORE "PersistentVolumeClaimSpec", "dataSource", "", LT::kNone, "", true, ""},
    {CORE "PersistentVolumeClaimStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CORE "PersistentVolume", "spec", CORE "PersistentVolumeSpec", LT::kNone, "", false, ""},
    {CORE "PersistentVolumeSpec", "nodeAffinity", CORE "VolumeNodeAffinity", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeSpec", "accessModes", "", LT::kAtomic, "", false, ""},
    // PersistentVolume sources whose secret references are SecretReferences
    // (StorageOS: an ObjectReference), all `+structType=atomic`. (spec.claimRef
    // is an ObjectReference marked `+structType=granular`: the default.)
    {CORE "PersistentVolumeSpec", "cephfs", CORE "CephFSPersistentVolumeSource", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeSpec", "cinder", CORE "CinderPersistentVolumeSource", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeSpec", "csi", CORE "CSIPersistentVolumeSource", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeSpec", "flexVolume", CORE "FlexPersistentVolumeSource", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeSpec", "iscsi", CORE "ISCSIPersistentVolumeSource", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeSpec", "rbd", CORE "RBDPersistentVolumeSource", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeSpec", "scaleIO", CORE "ScaleIOPersistentVolumeSource", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeSpec", "storageos", CORE "StorageOSPersistentVolumeSource", LT::kNone,
     "", false, ""},
    {CORE "VolumeNodeAffinity", "required", "", LT::kNone, "", true, ""},  // NodeSelector
    {CORE "CephFSPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "CinderPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "CSIPersistentVolumeSource", "controllerExpandSecretRef", "", LT::kNone, "", true, ""},
    {CORE "CSIPersistentVolumeSource", "controllerPublishSecretRef", "", LT::kNone, "", true, ""},
    {CORE "CSIPersistentVolumeSource", "nodeExpandSecretRef", "", LT::kNone, "", true, ""},
    {CORE "CSIPersistentVolumeSource", "nodePublishSecretRef", "", LT::kNone, "", true, ""},
    {CORE "CSIPersistentVolumeSource", "nodeStageSecretRef", "", LT::kNone, "", true, ""},
    {CORE "FlexPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "ISCSIPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "RBDPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "ScaleIOPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "StorageOSPersistentVolumeSource", "secretRef", "", LT::kNone, "", true, ""},
    {CORE "Namespace", "status", CORE "NamespaceStatus", LT::kNone, "", false, ""},
    {CORE "NamespaceStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CORE "ResourceQuota", "spec", CORE "ResourceQuotaSpec", LT::kNone, "", false, ""},
    {CORE "ResourceQuotaSpec", "scopeSelector", "", LT::kNone, "", true, ""},  // ScopeSelector
    // apps/v1.
    {APPS "Deployment", "spec", APPS "DeploymentSpec", LT::kNone, "", false, ""},
    {APPS "Deployment", "status", APPS "DeploymentStatus", LT::kNone, "", false, ""},
    {APPS "DeploymentSpec", "selector", "", LT::kNone, "", true, ""},
    {APPS "DeploymentSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {APPS "DeploymentStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "StatefulSet", "spec", APPS "StatefulSetSpec", LT::kNone, "", false, ""},
    {APPS "StatefulSet", "status", APPS "StatefulSetStatus", LT::kNone, "", false, ""},
    {APPS "StatefulSetSpec", "selector", "", LT::kNone, "", true, ""},
    {APPS "StatefulSetSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {APPS "StatefulSetSpec", "volumeClaimTemplates", "", LT::kAtomic, "", false, ""},
    {APPS "StatefulSetStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "DaemonSet", "spec", APPS "DaemonSetSpec", LT::kNone, "", false, ""},
    {APPS "DaemonSet", "status", APPS "DaemonSetStatus", LT::kNone, "", false, ""},
    {APPS "DaemonSetSpec", "selector", "", LT::kNone, "", true, ""},
    {APPS "DaemonSetSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {APPS "DaemonSetStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "ReplicaSet", "spec", APPS "ReplicaSetSpec", LT::kNone, "", false, ""},
    {APPS "ReplicaSet", "status", APPS "ReplicaSetStatus", LT::kNone, "", false, ""},
    {APPS "ReplicaSetSpec", "selector", "", LT::kNone, "", true, ""},
    {APPS "ReplicaSetSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {APPS "ReplicaSetStatus", "conditions", "", LT::kMap, "type", false, ""},
    // ControllerRevision.data is a RawExtension, replaced whole.
    {APPS "ControllerRevision", "data", "", LT::kNone, "", true, ""},
    // batch/v1 (JobStatus.conditions is atomic, unlike the other kinds'; the
    // uncounted pod UIDs are sets).
    {BATCH "Job", "spec", BATCH "JobSpec", LT::kNone, "", false, ""},
    {BATCH "Job", "status", BATCH "JobStatus", LT::kNone, "", false, ""},
    {BATCH "JobStatus", "conditions", "", LT::kAtomic, "", false, ""},
    {BATCH "JobStatus", "uncountedTerminatedPods", BATCH "UncountedTerminatedPods", LT::kNone, "",
     false, ""},
    {BATCH "UncountedTerminatedPods", "failed", "", LT::kSet, "", false, ""},
    {BATCH "UncountedTerminatedPods", "succeeded", "", LT::kSet, "", false, ""},
    {BATCH "JobSpec", "selector", "", LT::kNone, "", true, ""},
    {BATCH "JobSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    {BATCH "CronJob", "spec", BATCH "CronJobSpec", LT::kNone, "", false, ""},
    {BATCH "CronJobSpec", "jobTemplate", BATCH "JobTemplateSpec", LT::kNone, "", false, ""},
    {BATCH "JobTemplateSpec", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    {BATCH "JobTemplateSpec", "spec", BATCH "JobSpec", LT::kNone, "", false, ""},
    // networking.k8s.io/v1.
    {NET "Ingress", "spec", NET "IngressSpec", LT::kNone, "", false, ""},
    {NET "IngressSpec", "rules", "", LT::kAtomic, "", false, ""},
    {NET "IngressSpec", "tls", "", LT::kAtomic, "", false, ""},
    {NET "IngressSpec", "defaultBackend", NET "IngressBackend", LT::kNone, "", false, ""},
    {NET "IngressBackend", "resource", "", LT::kNone, "", true, ""},  // TypedLocalObjectReference
    {NET "IngressBackend", "service", NET "IngressServiceBackend", LT::kNone, "", false, ""},
    {NET "IngressServiceBackend", "port", "", LT::kNone, "", true, ""},  // ServiceBackendPort
    {NET "NetworkPolicy", "spec", NET "NetworkPolicySpec", LT::kNone, "", false, ""},
    {NET "NetworkPolicySpec", "podSelector", "", LT::kNone, "", true, ""},
    {NET "NetworkPolicySpec", "ingress", "", LT::kAtomic, "", false, ""},
    {NET "NetworkPolicySpec", "egress", "", LT::kAtomic, "", false, ""},
    {NET "NetworkPolicySpec", "policyTypes", "", LT::kAtomic, "", false, ""},
    // rbac.authorization.k8s.io/v1.
    {RBAC "Role", "rules", "", LT::kAtomic, "", false, ""},
    {RBAC "ClusterRole", "rules", "", LT::kAtomic, "", false, ""},
    {RBAC "RoleBinding", "subjects", "", LT::kAtomic, "", false, ""},
    {RBAC "RoleBinding", "roleRef", "", LT::kNone, "", true, ""},
    {RBAC "ClusterRoleBinding", "subjects", "", LT::kAtomic, "", false, ""},
    {RBAC "ClusterRoleBinding", "roleRef", "", LT::kNone, "", true, ""},
    // policy/v1.
    {POLICY "PodDisruptionBudget", "spec", POLICY "PodDisruptionBudgetSpec", LT::kNone, "", false,
     ""},
    {POLICY "PodDisruptionBudget", "status", POLICY "PodDisruptionBudgetStatus", LT::kNone, "",
     false, ""},
    {POLICY "PodDisruptionBudgetSpec", "selector", "", LT::kNone, "", true, ""},
    {POLICY "PodDisruptionBudgetStatus", "conditions", "", LT::kMap, "type", false, ""},
    // autoscaling/v2.
    {HPA "HorizontalPodAutoscaler", "spec", HPA "HorizontalPodAutoscalerSpec", LT::kNone, "", false,
     ""},
    {HPA "HorizontalPodAutoscaler", "status", HPA "HorizontalPodAutoscalerStatus", LT::kNone, "",
     false, ""},
    {HPA "HorizontalPodAutoscalerSpec", "metrics", "", LT::kAtomic, "", false, ""},
    {HPA "HorizontalPodAutoscalerStatus", "conditions", "", LT::kMap, "type", false, ""},
    {HPA "HorizontalPodAutoscalerStatus", "currentMetrics", "", LT::kAtomic, "", false, ""},
    // apiextensions.k8s.io/v1: kubernetes/kubernetes
    // staging/src/k8s.io/apiextensions-apiserver/pkg/client/applyconfiguration/internal/internal.go
    // at commit 86da108b24ac462165fad5c5c0cc1b1c86b7d031 (also post-1.32).
    {CRD "CustomResourceDefinition", "spec", CRD "CustomResourceDefinitionSpec", LT::kNone, "",
     false, ""},
    {CRD "CustomResourceDefinition", "status", CRD "CustomResourceDefinitionStatus", LT::kNone, "",
     false, ""},
    {CRD "CustomResourceDefinitionSpec", "versions", "", LT::kAtomic, "", false, ""},
    {CRD "CustomResourceDefinitionStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CRD "CustomResourceDefinitionStatus", "storedVersions", "", LT::kAtomic, "", false, ""},
    // admissionregistration.k8s.io/v1.
    {ADM "MutatingWebhookConfiguration", "webhooks", ADM "MutatingWebhook", LT::kMap, "name", false,
     ""},
    {ADM "MutatingWebhook", "namespaceSelector", "", LT::kNone, "", true, ""},
    {ADM "MutatingWebhook", "objectSelector", "", LT::kNone, "", true, ""},
    {ADM "MutatingWebhook", "rules", "", LT::kAtomic, "", false, ""},
    {ADM "MutatingWebhook", "matchConditions", "", LT::kMap, "name", false, ""},
    {ADM "ValidatingWebhookConfiguration", "webhooks", ADM "ValidatingWebhook", LT::kMap, "name",
     false, ""},
    {ADM "ValidatingWebhook", "namespaceSelector", "", LT::kNone, "", true, ""},
    {ADM "ValidatingWebhook", "objectSelector", "", LT::kNone, "", true, ""},
    {ADM "ValidatingWebhook", "rules", "", LT::kAtomic, "", false, ""},
    {ADM "ValidatingWebhook", "matchConditions", "", LT::kMap, "name", false, ""},
    {ADM "ValidatingAdmissionPolicy", "spec", ADM "ValidatingAdmissionPolicySpec", LT::kNone, "",
     false, ""},
    {ADM "ValidatingAdmissionPolicy", "status", ADM "ValidatingAdmissionPolicyStatus", LT::kNone,
     "", false, ""},
    {ADM "ValidatingAdmissionPolicySpec", "matchConstraints", "", LT::kNone, "", true, ""},
    {ADM "ValidatingAdmissionPolicySpec", "matchConditions", "", LT::kMap, "name", false, ""},
    {ADM "ValidatingAdmissionPolicySpec", "paramKind", "", LT::kNone, "", true, ""},
    {ADM "ValidatingAdmissionPolicySpec", "validations", "", LT::kAtomic, "", false, ""},
    // `+listType=map +listMapKey=name` of `+structType=atomic` Variables.
    {ADM "ValidatingAdmissionPolicySpec", "variables", "", LT::kMap, "name", true, ""},
    {ADM "ValidatingAdmissionPolicyStatus", "conditions", "", LT::kMap, "type", false, ""},
    {ADM "ValidatingAdmissionPolicyBinding", "spec", ADM "ValidatingAdmissionPolicyBindingSpec",
     LT::kNone, "", false, ""},
    {ADM "ValidatingAdmissionPolicyBindingSpec", "matchResources", "", LT::kNone, "", true, ""},
    {ADM "ValidatingAdmissionPolicyBindingSpec", "paramRef", "", LT::kNone, "", true, ""},
    {ADM "ValidatingAdmissionPolicyBindingSpec", "validationActions", "", LT::kSet, "", false, ""},
};

// The v1.32 API's cluster-scoped kinds (its GA groups'; the alpha and beta
// cluster-scoped kinds of v1.32, such as VolumeAttributesClass, IPAddress,
// ServiceCIDR, DeviceClass and ResourceSlice, are not recorded). Nothing in
// the library reads this list yet; render reads V1_21()'s.
constexpr K8sKind kClusterScoped132[] = {
    {"", "", "Namespace", ""},
    {"", "", "Node", ""},
    {"", "", "PersistentVolume", ""},
    {"", "", "ComponentStatus", ""},
    {"rbac.authorization.k8s.io", "", "ClusterRole", ""},
    {"rbac.authorization.k8s.io", "", "ClusterRoleBinding", ""},
    {"apiextensions.k8s.io", "", "CustomResourceDefinition", ""},
    {"apiregistration.k8s.io", "", "APIService", ""},
    {"admissionregistration.k8s.io", "", "MutatingWebhookConfiguration", ""},
    {"admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration", ""},
    {"admissionregistration.k8s.io", "", "ValidatingAdmissionPolicy", ""},
    {"admissionregistration.k8s.io", "", "ValidatingAdmissionPolicyBinding", ""},
    {"storage.k8s.io", "", "StorageClass", ""},
    {"storage.k8s.io", "", "CSIDriver", ""},
    {"storage.k8s.io", "", "CSINode", ""},
    {"storage.k8s.io", "", "VolumeAttachment", ""},
    {"scheduling.k8s.io", "", "PriorityClass", ""},
    {"networking.k8s.io", "", "IngressClass", ""},
    {"node.k8s.io", "", "RuntimeClass", ""},
    {"certificates.k8s.io", "", "CertificateSigningRequest", ""},
    {"flowcontrol.apiserver.k8s.io", "", "FlowSchema", ""},
    {"flowcontrol.apiserver.k8s.io", "", "PriorityLevelConfiguration", ""},
};

#undef CORE
#undef APPS
#undef BATCH
#undef NET
#undef RBAC
#undef POLICY
#undef HPA
#undef CRD
#undef ADM
#undef META

}  // namespace

const K8sTypes& K8sTypes::V1_21() {
  static const K8sTypes table(kRoots, kFields, kClusterScoped, "Object");
  return table;
}

const K8sTypes& K8sTypes::V1_32() {
  static const K8sTypes table(kRoots132, kFields132, kClusterScoped132, "Object");
  return table;
}

std::string_view K8sTypes::RootType(std::string_view group, std::string_view kind) const {
  for (const K8sKind& r : kinds_) {
    if (r.kind == kind && r.group == group) return r.type;
  }
  return {};
}

std::string_view K8sTypes::RootType(std::string_view group, std::string_view version,
                                    std::string_view kind) const {
  for (const K8sKind& r : kinds_) {
    if (r.kind == kind && r.group == group && (r.version.empty() || r.version == version)) {
      return r.type;
    }
  }
  return {};
}

const K8sField* K8sTypes::Field(std::string_view type, std::string_view name) const {
  if (type.empty()) return nullptr;
  for (const K8sField& f : fields_) {
    if (f.type == type && f.name == name) return &f;
  }
  // Every known root type has ObjectMeta metadata.
  if (name == "metadata") {
    for (const K8sField& f : fields_) {
      if (f.type == object_type_ && f.name == "metadata") return &f;
    }
  }
  return nullptr;
}

bool K8sTypes::IsClusterScoped(std::string_view group, std::string_view kind) const {
  for (const K8sKind& r : cluster_scoped_) {
    if (r.kind == kind && r.group == group) return true;
  }
  return false;
}

}  // namespace gitops
