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
// (and, for scalars, the scalar kind and whether the value is a map of them;
// the shorthands below write those entries).
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
//
// Scalar kinds come from the same schema (its `scalar:` of each field, which
// kube-openapi derives from kubernetes/api's Go types: int32, int64 and
// float64 numeric; string, string enums and []byte string; bool boolean;
// intstr.IntOrString, resource.Quantity and metav1.Time untyped; a
// map[string]string a map of strings). They are recorded for the types
// reached from the kinds Flux users deploy (not for status, which the
// server writes, nor for the rarer volume sources, CRDs and admission
// types, whose fields stay deduced). Fields that snapshot has and v1.32 has
// not are left out (PodSpec.hostnameOverride and schedulingGroup,
// Container.restartPolicyRules, Lifecycle.stopSignal, EnvVarSource.fileKeyRef,
// the `user` and `defaultUser` of volume projections, JobSpec.scheduling,
// HPAScalingRules.tolerance): a v1.32 server drops them as unknown fields.
using SC = K8sScalar;

// A field holding one scalar.
constexpr K8sField Scalar(std::string_view type, std::string_view name, SC kind) {
  return {type, name, "", LT::kNone, "", false, "", kind, false};
}
constexpr K8sField Str(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kString);
}
constexpr K8sField Num(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kNumeric);
}
constexpr K8sField Bool(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kBoolean);
}
// intstr.IntOrString, resource.Quantity and metav1.Time are `scalar: untyped`
// in the API's schema: an int, a float or a string (or a bool) passes.
constexpr K8sField IntOrString(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kUntyped);
}
constexpr K8sField Quantity(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kUntyped);
}
constexpr K8sField Time(std::string_view type, std::string_view name) {
  return Scalar(type, name, SC::kUntyped);
}
// An atomic list of scalars (`+listType=atomic`, the default).
constexpr K8sField StrList(std::string_view type, std::string_view name) {
  return {type, name, "", LT::kAtomic, "", false, "", SC::kString, false};
}
constexpr K8sField NumList(std::string_view type, std::string_view name) {
  return {type, name, "", LT::kAtomic, "", false, "", SC::kNumeric, false};
}
// A granular map of scalars (map[string]string, map[ResourceName]Quantity).
constexpr K8sField StrMap(std::string_view type, std::string_view name) {
  return {type, name, "", LT::kNone, "", false, "", SC::kString, true};
}
constexpr K8sField QuantityMap(std::string_view type, std::string_view name) {
  return {type, name, "", LT::kNone, "", false, "", SC::kUntyped, true};
}
// A field of another recorded type: merged granularly, replaced whole
// (`+structType=atomic`), or an atomic list of them.
constexpr K8sField Of(std::string_view type, std::string_view name, std::string_view value) {
  return {type, name, value, LT::kNone, "", false, ""};
}
constexpr K8sField AtomicOf(std::string_view type, std::string_view name, std::string_view value) {
  return {type, name, value, LT::kNone, "", true, ""};
}
constexpr K8sField ListOf(std::string_view type, std::string_view name, std::string_view value) {
  return {type, name, value, LT::kAtomic, "", false, ""};
}

constexpr K8sField kFields132[] = {
    // Every object's metadata (meta/v1: ObjectMeta, OwnerReference, LabelSelector).
    {"Object", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    StrMap(META "ObjectMeta", "annotations"),
    Time(META "ObjectMeta", "creationTimestamp"),
    Num(META "ObjectMeta", "deletionGracePeriodSeconds"),
    Time(META "ObjectMeta", "deletionTimestamp"),
    {META "ObjectMeta", "finalizers", "", LT::kSet, "", false, "", SC::kString},
    Str(META "ObjectMeta", "generateName"),
    Num(META "ObjectMeta", "generation"),
    StrMap(META "ObjectMeta", "labels"),
    {META "ObjectMeta", "managedFields", "", LT::kAtomic, "", false, ""},
    Str(META "ObjectMeta", "name"),
    Str(META "ObjectMeta", "namespace"),
    {META "ObjectMeta", "ownerReferences", META "OwnerReference", LT::kMap, "uid", true, ""},
    Str(META "ObjectMeta", "resourceVersion"),
    Str(META "ObjectMeta", "selfLink"),
    Str(META "ObjectMeta", "uid"),
    Str(META "OwnerReference", "apiVersion"),
    Bool(META "OwnerReference", "blockOwnerDeletion"),
    Bool(META "OwnerReference", "controller"),
    Str(META "OwnerReference", "kind"),
    Str(META "OwnerReference", "name"),
    Str(META "OwnerReference", "uid"),
    ListOf(META "LabelSelector", "matchExpressions", META "LabelSelectorRequirement"),
    StrMap(META "LabelSelector", "matchLabels"),
    Str(META "LabelSelectorRequirement", "key"),
    Str(META "LabelSelectorRequirement", "operator"),
    StrList(META "LabelSelectorRequirement", "values"),
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
    Num(CORE "PodSpec", "activeDeadlineSeconds"),
    {CORE "PodSpec", "affinity", CORE "Affinity", LT::kNone, "", false, ""},
    Bool(CORE "PodSpec", "automountServiceAccountToken"),
    {CORE "PodSpec", "containers", CORE "Container", LT::kMap, "name", false, ""},
    Of(CORE "PodSpec", "dnsConfig", CORE "PodDNSConfig"),
    Str(CORE "PodSpec", "dnsPolicy"),
    Bool(CORE "PodSpec", "enableServiceLinks"),
    {CORE "PodSpec", "ephemeralContainers", CORE "Container", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "hostAliases", CORE "HostAlias", LT::kMap, "ip", false, ""},
    Bool(CORE "PodSpec", "hostIPC"),
    Bool(CORE "PodSpec", "hostNetwork"),
    Bool(CORE "PodSpec", "hostPID"),
    Bool(CORE "PodSpec", "hostUsers"),
    Str(CORE "PodSpec", "hostname"),
    {CORE "PodSpec", "imagePullSecrets", CORE "LocalObjectReference", LT::kMap, "name", true, ""},
    {CORE "PodSpec", "initContainers", CORE "Container", LT::kMap, "name", false, ""},
    Str(CORE "PodSpec", "nodeName"),
    {CORE "PodSpec", "nodeSelector", "", LT::kNone, "", true, "", SC::kString, true},
    Of(CORE "PodSpec", "os", CORE "PodOS"),
    QuantityMap(CORE "PodSpec", "overhead"),
    Str(CORE "PodSpec", "preemptionPolicy"),
    Num(CORE "PodSpec", "priority"),
    Str(CORE "PodSpec", "priorityClassName"),
    ListOf(CORE "PodSpec", "readinessGates", CORE "PodReadinessGate"),
    {CORE "PodSpec", "resourceClaims", CORE "PodResourceClaim", LT::kMap, "name", false, ""},
    {CORE "PodSpec", "resources", CORE "ResourceRequirements", LT::kNone, "", false, ""},
    Str(CORE "PodSpec", "restartPolicy"),
    Str(CORE "PodSpec", "runtimeClassName"),
    Str(CORE "PodSpec", "schedulerName"),
    {CORE "PodSpec", "schedulingGates", CORE "PodSchedulingGate", LT::kMap, "name", false, ""},
    Of(CORE "PodSpec", "securityContext", CORE "PodSecurityContext"),
    Str(CORE "PodSpec", "serviceAccount"),
    Str(CORE "PodSpec", "serviceAccountName"),
    Bool(CORE "PodSpec", "setHostnameAsFQDN"),
    Bool(CORE "PodSpec", "shareProcessNamespace"),
    Str(CORE "PodSpec", "subdomain"),
    Num(CORE "PodSpec", "terminationGracePeriodSeconds"),
    ListOf(CORE "PodSpec", "tolerations", CORE "Toleration"),
    {CORE "PodSpec", "topologySpreadConstraints", CORE "TopologySpreadConstraint", LT::kMap,
     "topologyKey,whenUnsatisfiable", false, ""},
    {CORE "PodSpec", "volumes", CORE "Volume", LT::kMap, "name", false, ""},
    StrList(CORE "PodDNSConfig", "nameservers"),
    ListOf(CORE "PodDNSConfig", "options", CORE "PodDNSConfigOption"),
    StrList(CORE "PodDNSConfig", "searches"),
    Str(CORE "PodDNSConfigOption", "name"),
    Str(CORE "PodDNSConfigOption", "value"),
    StrList(CORE "HostAlias", "hostnames"),
    Str(CORE "HostAlias", "ip"),
    Str(CORE "LocalObjectReference", "name"),
    Str(CORE "PodOS", "name"),
    Str(CORE "PodReadinessGate", "conditionType"),
    Str(CORE "PodResourceClaim", "name"),
    Str(CORE "PodResourceClaim", "resourceClaimName"),
    Str(CORE "PodResourceClaim", "resourceClaimTemplateName"),
    Str(CORE "PodSchedulingGate", "name"),
    Of(CORE "PodSecurityContext", "appArmorProfile", CORE "AppArmorProfile"),
    Num(CORE "PodSecurityContext", "fsGroup"),
    Str(CORE "PodSecurityContext", "fsGroupChangePolicy"),
    Num(CORE "PodSecurityContext", "runAsGroup"),
    Bool(CORE "PodSecurityContext", "runAsNonRoot"),
    Num(CORE "PodSecurityContext", "runAsUser"),
    Str(CORE "PodSecurityContext", "seLinuxChangePolicy"),
    Of(CORE "PodSecurityContext", "seLinuxOptions", CORE "SELinuxOptions"),
    Of(CORE "PodSecurityContext", "seccompProfile", CORE "SeccompProfile"),
    NumList(CORE "PodSecurityContext", "supplementalGroups"),
    Str(CORE "PodSecurityContext", "supplementalGroupsPolicy"),
    ListOf(CORE "PodSecurityContext", "sysctls", CORE "Sysctl"),
    Of(CORE "PodSecurityContext", "windowsOptions", CORE "WindowsSecurityContextOptions"),
    Str(CORE "Sysctl", "name"),
    Str(CORE "Sysctl", "value"),
    Str(CORE "AppArmorProfile", "localhostProfile"),
    Str(CORE "AppArmorProfile", "type"),
    Str(CORE "SeccompProfile", "localhostProfile"),
    Str(CORE "SeccompProfile", "type"),
    Str(CORE "SELinuxOptions", "level"),
    Str(CORE "SELinuxOptions", "role"),
    Str(CORE "SELinuxOptions", "type"),
    Str(CORE "SELinuxOptions", "user"),
    Str(CORE "WindowsSecurityContextOptions", "gmsaCredentialSpec"),
    Str(CORE "WindowsSecurityContextOptions", "gmsaCredentialSpecName"),
    Bool(CORE "WindowsSecurityContextOptions", "hostProcess"),
    Str(CORE "WindowsSecurityContextOptions", "runAsUserName"),
    Str(CORE "Toleration", "effect"),
    Str(CORE "Toleration", "key"),
    Str(CORE "Toleration", "operator"),
    Num(CORE "Toleration", "tolerationSeconds"),
    Str(CORE "Toleration", "value"),
    AtomicOf(CORE "TopologySpreadConstraint", "labelSelector", META "LabelSelector"),
    StrList(CORE "TopologySpreadConstraint", "matchLabelKeys"),
    Num(CORE "TopologySpreadConstraint", "maxSkew"),
    Num(CORE "TopologySpreadConstraint", "minDomains"),
    Str(CORE "TopologySpreadConstraint", "nodeAffinityPolicy"),
    Str(CORE "TopologySpreadConstraint", "nodeTaintsPolicy"),
    Str(CORE "TopologySpreadConstraint", "topologyKey"),
    Str(CORE "TopologySpreadConstraint", "whenUnsatisfiable"),
    // core/v1 affinity.
    {CORE "Affinity", "nodeAffinity", CORE "NodeAffinity", LT::kNone, "", false, ""},
    Of(CORE "Affinity", "podAffinity", CORE "PodAffinity"),
    Of(CORE "Affinity", "podAntiAffinity", CORE "PodAntiAffinity"),
    ListOf(CORE "NodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution",
           CORE "PreferredSchedulingTerm"),
    AtomicOf(CORE "NodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
             CORE "NodeSelector"),
    ListOf(CORE "NodeSelector", "nodeSelectorTerms", CORE "NodeSelectorTerm"),
    ListOf(CORE "NodeSelectorTerm", "matchExpressions", CORE "NodeSelectorRequirement"),
    ListOf(CORE "NodeSelectorTerm", "matchFields", CORE "NodeSelectorRequirement"),
    Str(CORE "NodeSelectorRequirement", "key"),
    Str(CORE "NodeSelectorRequirement", "operator"),
    StrList(CORE "NodeSelectorRequirement", "values"),
    AtomicOf(CORE "PreferredSchedulingTerm", "preference", CORE "NodeSelectorTerm"),
    Num(CORE "PreferredSchedulingTerm", "weight"),
    ListOf(CORE "PodAffinity", "preferredDuringSchedulingIgnoredDuringExecution",
           CORE "WeightedPodAffinityTerm"),
    ListOf(CORE "PodAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
           CORE "PodAffinityTerm"),
    ListOf(CORE "PodAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution",
           CORE "WeightedPodAffinityTerm"),
    ListOf(CORE "PodAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
           CORE "PodAffinityTerm"),
    Of(CORE "WeightedPodAffinityTerm", "podAffinityTerm", CORE "PodAffinityTerm"),
    Num(CORE "WeightedPodAffinityTerm", "weight"),
    AtomicOf(CORE "PodAffinityTerm", "labelSelector", META "LabelSelector"),
    StrList(CORE "PodAffinityTerm", "matchLabelKeys"),
    StrList(CORE "PodAffinityTerm", "mismatchLabelKeys"),
    AtomicOf(CORE "PodAffinityTerm", "namespaceSelector", META "LabelSelector"),
    StrList(CORE "PodAffinityTerm", "namespaces"),
    Str(CORE "PodAffinityTerm", "topologyKey"),
    // Volumes and their sources; each secretRef here is a LocalObjectReference
    // (`+structType=atomic`).
    Of(CORE "Volume", "configMap", CORE "ConfigMapVolumeSource"),
    {CORE "Volume", "cephfs", CORE "CephFSVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "cinder", CORE "CinderVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "csi", CORE "CSIVolumeSource", LT::kNone, "", false, ""},
    Of(CORE "Volume", "downwardAPI", CORE "DownwardAPIVolumeSource"),
    Of(CORE "Volume", "emptyDir", CORE "EmptyDirVolumeSource"),
    {CORE "Volume", "ephemeral", CORE "EphemeralVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "flexVolume", CORE "FlexVolumeSource", LT::kNone, "", false, ""},
    Of(CORE "Volume", "hostPath", CORE "HostPathVolumeSource"),
    Of(CORE "Volume", "image", CORE "ImageVolumeSource"),
    {CORE "Volume", "iscsi", CORE "ISCSIVolumeSource", LT::kNone, "", false, ""},
    Str(CORE "Volume", "name"),
    Of(CORE "Volume", "nfs", CORE "NFSVolumeSource"),
    Of(CORE "Volume", "persistentVolumeClaim", CORE "PersistentVolumeClaimVolumeSource"),
    {CORE "Volume", "projected", CORE "ProjectedVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "rbd", CORE "RBDVolumeSource", LT::kNone, "", false, ""},
    {CORE "Volume", "scaleIO", CORE "ScaleIOVolumeSource", LT::kNone, "", false, ""},
    Of(CORE "Volume", "secret", CORE "SecretVolumeSource"),
    {CORE "Volume", "storageos", CORE "StorageOSVolumeSource", LT::kNone, "", false, ""},
    Num(CORE "ConfigMapVolumeSource", "defaultMode"),
    ListOf(CORE "ConfigMapVolumeSource", "items", CORE "KeyToPath"),
    Str(CORE "ConfigMapVolumeSource", "name"),
    Bool(CORE "ConfigMapVolumeSource", "optional"),
    Num(CORE "SecretVolumeSource", "defaultMode"),
    ListOf(CORE "SecretVolumeSource", "items", CORE "KeyToPath"),
    Bool(CORE "SecretVolumeSource", "optional"),
    Str(CORE "SecretVolumeSource", "secretName"),
    Str(CORE "KeyToPath", "key"),
    Num(CORE "KeyToPath", "mode"),
    Str(CORE "KeyToPath", "path"),
    Num(CORE "DownwardAPIVolumeSource", "defaultMode"),
    ListOf(CORE "DownwardAPIVolumeSource", "items", CORE "DownwardAPIVolumeFile"),
    AtomicOf(CORE "DownwardAPIVolumeFile", "fieldRef", CORE "ObjectFieldSelector"),
    Num(CORE "DownwardAPIVolumeFile", "mode"),
    Str(CORE "DownwardAPIVolumeFile", "path"),
    AtomicOf(CORE "DownwardAPIVolumeFile", "resourceFieldRef", CORE "ResourceFieldSelector"),
    Str(CORE "EmptyDirVolumeSource", "medium"),
    Quantity(CORE "EmptyDirVolumeSource", "sizeLimit"),
    Str(CORE "HostPathVolumeSource", "path"),
    Str(CORE "HostPathVolumeSource", "type"),
    Str(CORE "ImageVolumeSource", "pullPolicy"),
    Str(CORE "ImageVolumeSource", "reference"),
    Str(CORE "NFSVolumeSource", "path"),
    Bool(CORE "NFSVolumeSource", "readOnly"),
    Str(CORE "NFSVolumeSource", "server"),
    Str(CORE "PersistentVolumeClaimVolumeSource", "claimName"),
    Bool(CORE "PersistentVolumeClaimVolumeSource", "readOnly"),
    Num(CORE "ProjectedVolumeSource", "defaultMode"),
    ListOf(CORE "ProjectedVolumeSource", "sources", CORE "VolumeProjection"),
    Of(CORE "VolumeProjection", "configMap", CORE "ConfigMapProjection"),
    Of(CORE "VolumeProjection", "downwardAPI", CORE "DownwardAPIProjection"),
    Of(CORE "VolumeProjection", "secret", CORE "SecretProjection"),
    Of(CORE "VolumeProjection", "serviceAccountToken", CORE "ServiceAccountTokenProjection"),
    ListOf(CORE "ConfigMapProjection", "items", CORE "KeyToPath"),
    Str(CORE "ConfigMapProjection", "name"),
    Bool(CORE "ConfigMapProjection", "optional"),
    ListOf(CORE "SecretProjection", "items", CORE "KeyToPath"),
    Str(CORE "SecretProjection", "name"),
    Bool(CORE "SecretProjection", "optional"),
    ListOf(CORE "DownwardAPIProjection", "items", CORE "DownwardAPIVolumeFile"),
    Str(CORE "ServiceAccountTokenProjection", "audience"),
    Num(CORE "ServiceAccountTokenProjection", "expirationSeconds"),
    Str(CORE "ServiceAccountTokenProjection", "path"),
    Str(CORE "CSIVolumeSource", "driver"),
    Str(CORE "CSIVolumeSource", "fsType"),
    {CORE "CSIVolumeSource", "nodePublishSecretRef", "", LT::kNone, "", true, ""},
    Bool(CORE "CSIVolumeSource", "readOnly"),
    StrMap(CORE "CSIVolumeSource", "volumeAttributes"),
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
    // core/v1 Container (EphemeralContainer has the same markers and fields,
    // plus targetContainerName, left deduced).
    {CORE "Container", "args", "", LT::kAtomic, "", false, "", SC::kString},
    {CORE "Container", "command", "", LT::kAtomic, "", false, "", SC::kString},
    {CORE "Container", "env", CORE "EnvVar", LT::kMap, "name", false, ""},
    {CORE "Container", "envFrom", CORE "EnvFromSource", LT::kAtomic, "", false, ""},
    Str(CORE "Container", "image"),
    Str(CORE "Container", "imagePullPolicy"),
    Of(CORE "Container", "lifecycle", CORE "Lifecycle"),
    Of(CORE "Container", "livenessProbe", CORE "Probe"),
    Str(CORE "Container", "name"),
    {CORE "Container", "ports", CORE "ContainerPort", LT::kMap, "containerPort,protocol", false,
     ""},
    Of(CORE "Container", "readinessProbe", CORE "Probe"),
    {CORE "Container", "resizePolicy", CORE "ContainerResizePolicy", LT::kAtomic, "", false, ""},
    {CORE "Container", "resources", CORE "ResourceRequirements", LT::kNone, "", false, ""},
    Str(CORE "Container", "restartPolicy"),
    Of(CORE "Container", "securityContext", CORE "SecurityContext"),
    Of(CORE "Container", "startupProbe", CORE "Probe"),
    Bool(CORE "Container", "stdin"),
    Bool(CORE "Container", "stdinOnce"),
    Str(CORE "Container", "terminationMessagePath"),
    Str(CORE "Container", "terminationMessagePolicy"),
    Bool(CORE "Container", "tty"),
    {CORE "Container", "volumeDevices", CORE "VolumeDevice", LT::kMap, "devicePath", false, ""},
    {CORE "Container", "volumeMounts", CORE "VolumeMount", LT::kMap, "mountPath", false, ""},
    Str(CORE "Container", "workingDir"),
    Num(CORE "ContainerPort", "containerPort"),
    Str(CORE "ContainerPort", "hostIP"),
    Num(CORE "ContainerPort", "hostPort"),
    Str(CORE "ContainerPort", "name"),
    {CORE "ContainerPort", "protocol", "", LT::kNone, "", false, "TCP", SC::kString},
    Str(CORE "ContainerResizePolicy", "resourceName"),
    Str(CORE "ContainerResizePolicy", "restartPolicy"),
    Str(CORE "EnvVar", "name"),
    Str(CORE "EnvVar", "value"),
    {CORE "EnvVar", "valueFrom", CORE "EnvVarSource", LT::kNone, "", false, ""},
    AtomicOf(CORE "EnvVarSource", "configMapKeyRef", CORE "ConfigMapKeySelector"),
    AtomicOf(CORE "EnvVarSource", "fieldRef", CORE "ObjectFieldSelector"),
    AtomicOf(CORE "EnvVarSource", "resourceFieldRef", CORE "ResourceFieldSelector"),
    AtomicOf(CORE "EnvVarSource", "secretKeyRef", CORE "SecretKeySelector"),
    Str(CORE "ConfigMapKeySelector", "key"),
    Str(CORE "ConfigMapKeySelector", "name"),
    Bool(CORE "ConfigMapKeySelector", "optional"),
    Str(CORE "SecretKeySelector", "key"),
    Str(CORE "SecretKeySelector", "name"),
    Bool(CORE "SecretKeySelector", "optional"),
    Str(CORE "ObjectFieldSelector", "apiVersion"),
    Str(CORE "ObjectFieldSelector", "fieldPath"),
    Str(CORE "ResourceFieldSelector", "containerName"),
    Quantity(CORE "ResourceFieldSelector", "divisor"),
    Str(CORE "ResourceFieldSelector", "resource"),
    Of(CORE "EnvFromSource", "configMapRef", CORE "ConfigMapEnvSource"),
    Str(CORE "EnvFromSource", "prefix"),
    Of(CORE "EnvFromSource", "secretRef", CORE "SecretEnvSource"),
    Str(CORE "ConfigMapEnvSource", "name"),
    Bool(CORE "ConfigMapEnvSource", "optional"),
    Str(CORE "SecretEnvSource", "name"),
    Bool(CORE "SecretEnvSource", "optional"),
    Str(CORE "VolumeDevice", "devicePath"),
    Str(CORE "VolumeDevice", "name"),
    Str(CORE "VolumeMount", "mountPath"),
    Str(CORE "VolumeMount", "mountPropagation"),
    Str(CORE "VolumeMount", "name"),
    Bool(CORE "VolumeMount", "readOnly"),
    Str(CORE "VolumeMount", "recursiveReadOnly"),
    Str(CORE "VolumeMount", "subPath"),
    Str(CORE "VolumeMount", "subPathExpr"),
    {CORE "ResourceRequirements", "claims", CORE "ResourceClaim", LT::kMap, "name", false, ""},
    QuantityMap(CORE "ResourceRequirements", "limits"),
    QuantityMap(CORE "ResourceRequirements", "requests"),
    Str(CORE "ResourceClaim", "name"),
    Str(CORE "ResourceClaim", "request"),
    // Probes and lifecycle hooks.
    Of(CORE "Probe", "exec", CORE "ExecAction"),
    Num(CORE "Probe", "failureThreshold"),
    Of(CORE "Probe", "grpc", CORE "GRPCAction"),
    Of(CORE "Probe", "httpGet", CORE "HTTPGetAction"),
    Num(CORE "Probe", "initialDelaySeconds"),
    Num(CORE "Probe", "periodSeconds"),
    Num(CORE "Probe", "successThreshold"),
    Of(CORE "Probe", "tcpSocket", CORE "TCPSocketAction"),
    Num(CORE "Probe", "terminationGracePeriodSeconds"),
    Num(CORE "Probe", "timeoutSeconds"),
    StrList(CORE "ExecAction", "command"),
    Num(CORE "GRPCAction", "port"),
    Str(CORE "GRPCAction", "service"),
    Str(CORE "HTTPGetAction", "host"),
    ListOf(CORE "HTTPGetAction", "httpHeaders", CORE "HTTPHeader"),
    Str(CORE "HTTPGetAction", "path"),
    IntOrString(CORE "HTTPGetAction", "port"),
    Str(CORE "HTTPGetAction", "scheme"),
    Str(CORE "HTTPHeader", "name"),
    Str(CORE "HTTPHeader", "value"),
    Str(CORE "TCPSocketAction", "host"),
    IntOrString(CORE "TCPSocketAction", "port"),
    Of(CORE "Lifecycle", "postStart", CORE "LifecycleHandler"),
    Of(CORE "Lifecycle", "preStop", CORE "LifecycleHandler"),
    Of(CORE "LifecycleHandler", "exec", CORE "ExecAction"),
    Of(CORE "LifecycleHandler", "httpGet", CORE "HTTPGetAction"),
    Of(CORE "LifecycleHandler", "sleep", CORE "SleepAction"),
    Of(CORE "LifecycleHandler", "tcpSocket", CORE "TCPSocketAction"),
    Num(CORE "SleepAction", "seconds"),
    Bool(CORE "SecurityContext", "allowPrivilegeEscalation"),
    Of(CORE "SecurityContext", "appArmorProfile", CORE "AppArmorProfile"),
    Of(CORE "SecurityContext", "capabilities", CORE "Capabilities"),
    Bool(CORE "SecurityContext", "privileged"),
    Str(CORE "SecurityContext", "procMount"),
    Bool(CORE "SecurityContext", "readOnlyRootFilesystem"),
    Num(CORE "SecurityContext", "runAsGroup"),
    Bool(CORE "SecurityContext", "runAsNonRoot"),
    Num(CORE "SecurityContext", "runAsUser"),
    Of(CORE "SecurityContext", "seLinuxOptions", CORE "SELinuxOptions"),
    Of(CORE "SecurityContext", "seccompProfile", CORE "SeccompProfile"),
    Of(CORE "SecurityContext", "windowsOptions", CORE "WindowsSecurityContextOptions"),
    StrList(CORE "Capabilities", "add"),
    StrList(CORE "Capabilities", "drop"),
    // core/v1 ReplicationController.
    {CORE "ReplicationController", "spec", CORE "ReplicationControllerSpec", LT::kNone, "", false,
     ""},
    {CORE "ReplicationController", "status", CORE "ReplicationControllerStatus", LT::kNone, "",
     false, ""},
    Num(CORE "ReplicationControllerSpec", "minReadySeconds"),
    Num(CORE "ReplicationControllerSpec", "replicas"),
    {CORE "ReplicationControllerSpec", "selector", "", LT::kNone, "", true, "", SC::kString, true},
    {CORE "ReplicationControllerSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false,
     ""},
    {CORE "ReplicationControllerStatus", "conditions", "", LT::kMap, "type", false, ""},
    // core/v1 Service, ServiceAccount, Endpoints, ConfigMap, Secret.
    {CORE "Service", "spec", CORE "ServiceSpec", LT::kNone, "", false, ""},
    {CORE "Service", "status", CORE "ServiceStatus", LT::kNone, "", false, ""},
    Bool(CORE "ServiceSpec", "allocateLoadBalancerNodePorts"),
    Str(CORE "ServiceSpec", "clusterIP"),
    {CORE "ServiceSpec", "clusterIPs", "", LT::kAtomic, "", false, "", SC::kString},
    {CORE "ServiceSpec", "externalIPs", "", LT::kAtomic, "", false, "", SC::kString},
    Str(CORE "ServiceSpec", "externalName"),
    Str(CORE "ServiceSpec", "externalTrafficPolicy"),
    Num(CORE "ServiceSpec", "healthCheckNodePort"),
    Str(CORE "ServiceSpec", "internalTrafficPolicy"),
    {CORE "ServiceSpec", "ipFamilies", "", LT::kAtomic, "", false, "", SC::kString},
    Str(CORE "ServiceSpec", "ipFamilyPolicy"),
    Str(CORE "ServiceSpec", "loadBalancerClass"),
    Str(CORE "ServiceSpec", "loadBalancerIP"),
    {CORE "ServiceSpec", "loadBalancerSourceRanges", "", LT::kAtomic, "", false, "", SC::kString},
    {CORE "ServiceSpec", "ports", CORE "ServicePort", LT::kMap, "port,protocol", false, ""},
    Bool(CORE "ServiceSpec", "publishNotReadyAddresses"),
    {CORE "ServiceSpec", "selector", "", LT::kNone, "", true, "", SC::kString, true},
    Str(CORE "ServiceSpec", "sessionAffinity"),
    Of(CORE "ServiceSpec", "sessionAffinityConfig", CORE "SessionAffinityConfig"),
    Str(CORE "ServiceSpec", "trafficDistribution"),
    Str(CORE "ServiceSpec", "type"),
    Str(CORE "ServicePort", "appProtocol"),
    Str(CORE "ServicePort", "name"),
    Num(CORE "ServicePort", "nodePort"),
    Num(CORE "ServicePort", "port"),
    {CORE "ServicePort", "protocol", "", LT::kNone, "", false, "TCP", SC::kString},
    IntOrString(CORE "ServicePort", "targetPort"),
    Of(CORE "SessionAffinityConfig", "clientIP", CORE "ClientIPConfig"),
    Num(CORE "ClientIPConfig", "timeoutSeconds"),
    {CORE "ServiceStatus", "conditions", "", LT::kMap, "type", false, ""},
    Bool(CORE "ServiceAccount", "automountServiceAccountToken"),
    ListOf(CORE "ServiceAccount", "imagePullSecrets", CORE "LocalObjectReference"),
    {CORE "ServiceAccount", "secrets", CORE "ObjectReference", LT::kMap, "name", true, ""},
    Str(CORE "ObjectReference", "apiVersion"),
    Str(CORE "ObjectReference", "fieldPath"),
    Str(CORE "ObjectReference", "kind"),
    Str(CORE "ObjectReference", "name"),
    Str(CORE "ObjectReference", "namespace"),
    Str(CORE "ObjectReference", "resourceVersion"),
    Str(CORE "ObjectReference", "uid"),
    {CORE "Endpoints", "subsets", "", LT::kAtomic, "", false, ""},
    // ConfigMap.binaryData and Secret.data hold base64 ([]byte): strings.
    StrMap(CORE "ConfigMap", "binaryData"),
    StrMap(CORE "ConfigMap", "data"),
    Bool(CORE "ConfigMap", "immutable"),
    StrMap(CORE "Secret", "data"),
    Bool(CORE "Secret", "immutable"),
    StrMap(CORE "Secret", "stringData"),
    Str(CORE "Secret", "type"),
    // core/v1 storage and namespaces.
    {CORE "PersistentVolumeClaim", "spec", CORE "PersistentVolumeClaimSpec", LT::kNone, "", false,
     ""},
    {CORE "PersistentVolumeClaim", "status", CORE "PersistentVolumeClaimStatus", LT::kNone, "",
     false, ""},
    {CORE "PersistentVolumeClaimSpec", "accessModes", "", LT::kAtomic, "", false, "", SC::kString},
    AtomicOf(CORE "PersistentVolumeClaimSpec", "dataSource", CORE "TypedLocalObjectReference"),
    Of(CORE "PersistentVolumeClaimSpec", "dataSourceRef", CORE "TypedObjectReference"),
    Of(CORE "PersistentVolumeClaimSpec", "resources", CORE "VolumeResourceRequirements"),
    AtomicOf(CORE "PersistentVolumeClaimSpec", "selector", META "LabelSelector"),
    Str(CORE "PersistentVolumeClaimSpec", "storageClassName"),
    Str(CORE "PersistentVolumeClaimSpec", "volumeAttributesClassName"),
    Str(CORE "PersistentVolumeClaimSpec", "volumeMode"),
    Str(CORE "PersistentVolumeClaimSpec", "volumeName"),
    Str(CORE "TypedLocalObjectReference", "apiGroup"),
    Str(CORE "TypedLocalObjectReference", "kind"),
    Str(CORE "TypedLocalObjectReference", "name"),
    Str(CORE "TypedObjectReference", "apiGroup"),
    Str(CORE "TypedObjectReference", "kind"),
    Str(CORE "TypedObjectReference", "name"),
    Str(CORE "TypedObjectReference", "namespace"),
    QuantityMap(CORE "VolumeResourceRequirements", "limits"),
    QuantityMap(CORE "VolumeResourceRequirements", "requests"),
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
    Of(CORE "Namespace", "spec", CORE "NamespaceSpec"),
    {CORE "Namespace", "status", CORE "NamespaceStatus", LT::kNone, "", false, ""},
    StrList(CORE "NamespaceSpec", "finalizers"),
    {CORE "NamespaceStatus", "conditions", "", LT::kMap, "type", false, ""},
    {CORE "ResourceQuota", "spec", CORE "ResourceQuotaSpec", LT::kNone, "", false, ""},
    {CORE "ResourceQuotaSpec", "scopeSelector", "", LT::kNone, "", true, ""},  // ScopeSelector
    // apps/v1.
    {APPS "Deployment", "spec", APPS "DeploymentSpec", LT::kNone, "", false, ""},
    {APPS "Deployment", "status", APPS "DeploymentStatus", LT::kNone, "", false, ""},
    Num(APPS "DeploymentSpec", "minReadySeconds"),
    Bool(APPS "DeploymentSpec", "paused"),
    Num(APPS "DeploymentSpec", "progressDeadlineSeconds"),
    Num(APPS "DeploymentSpec", "replicas"),
    Num(APPS "DeploymentSpec", "revisionHistoryLimit"),
    AtomicOf(APPS "DeploymentSpec", "selector", META "LabelSelector"),
    Of(APPS "DeploymentSpec", "strategy", APPS "DeploymentStrategy"),
    {APPS "DeploymentSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    Of(APPS "DeploymentStrategy", "rollingUpdate", APPS "RollingUpdateDeployment"),
    Str(APPS "DeploymentStrategy", "type"),
    IntOrString(APPS "RollingUpdateDeployment", "maxSurge"),
    IntOrString(APPS "RollingUpdateDeployment", "maxUnavailable"),
    {APPS "DeploymentStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "StatefulSet", "spec", APPS "StatefulSetSpec", LT::kNone, "", false, ""},
    {APPS "StatefulSet", "status", APPS "StatefulSetStatus", LT::kNone, "", false, ""},
    Num(APPS "StatefulSetSpec", "minReadySeconds"),
    Of(APPS "StatefulSetSpec", "ordinals", APPS "StatefulSetOrdinals"),
    Of(APPS "StatefulSetSpec", "persistentVolumeClaimRetentionPolicy",
       APPS "StatefulSetPersistentVolumeClaimRetentionPolicy"),
    Str(APPS "StatefulSetSpec", "podManagementPolicy"),
    Num(APPS "StatefulSetSpec", "replicas"),
    Num(APPS "StatefulSetSpec", "revisionHistoryLimit"),
    AtomicOf(APPS "StatefulSetSpec", "selector", META "LabelSelector"),
    Str(APPS "StatefulSetSpec", "serviceName"),
    {APPS "StatefulSetSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    Of(APPS "StatefulSetSpec", "updateStrategy", APPS "StatefulSetUpdateStrategy"),
    ListOf(APPS "StatefulSetSpec", "volumeClaimTemplates", CORE "PersistentVolumeClaim"),
    Num(APPS "StatefulSetOrdinals", "start"),
    Str(APPS "StatefulSetPersistentVolumeClaimRetentionPolicy", "whenDeleted"),
    Str(APPS "StatefulSetPersistentVolumeClaimRetentionPolicy", "whenScaled"),
    Of(APPS "StatefulSetUpdateStrategy", "rollingUpdate", APPS "RollingUpdateStatefulSetStrategy"),
    Str(APPS "StatefulSetUpdateStrategy", "type"),
    IntOrString(APPS "RollingUpdateStatefulSetStrategy", "maxUnavailable"),
    Num(APPS "RollingUpdateStatefulSetStrategy", "partition"),
    {APPS "StatefulSetStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "DaemonSet", "spec", APPS "DaemonSetSpec", LT::kNone, "", false, ""},
    {APPS "DaemonSet", "status", APPS "DaemonSetStatus", LT::kNone, "", false, ""},
    Num(APPS "DaemonSetSpec", "minReadySeconds"),
    Num(APPS "DaemonSetSpec", "revisionHistoryLimit"),
    AtomicOf(APPS "DaemonSetSpec", "selector", META "LabelSelector"),
    {APPS "DaemonSetSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    Of(APPS "DaemonSetSpec", "updateStrategy", APPS "DaemonSetUpdateStrategy"),
    Of(APPS "DaemonSetUpdateStrategy", "rollingUpdate", APPS "RollingUpdateDaemonSet"),
    Str(APPS "DaemonSetUpdateStrategy", "type"),
    IntOrString(APPS "RollingUpdateDaemonSet", "maxSurge"),
    IntOrString(APPS "RollingUpdateDaemonSet", "maxUnavailable"),
    {APPS "DaemonSetStatus", "conditions", "", LT::kMap, "type", false, ""},
    {APPS "ReplicaSet", "spec", APPS "ReplicaSetSpec", LT::kNone, "", false, ""},
    {APPS "ReplicaSet", "status", APPS "ReplicaSetStatus", LT::kNone, "", false, ""},
    Num(APPS "ReplicaSetSpec", "minReadySeconds"),
    Num(APPS "ReplicaSetSpec", "replicas"),
    AtomicOf(APPS "ReplicaSetSpec", "selector", META "LabelSelector"),
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
    Num(BATCH "JobSpec", "activeDeadlineSeconds"),
    Num(BATCH "JobSpec", "backoffLimit"),
    Num(BATCH "JobSpec", "backoffLimitPerIndex"),
    Str(BATCH "JobSpec", "completionMode"),
    Num(BATCH "JobSpec", "completions"),
    Str(BATCH "JobSpec", "managedBy"),
    Bool(BATCH "JobSpec", "manualSelector"),
    Num(BATCH "JobSpec", "maxFailedIndexes"),
    Num(BATCH "JobSpec", "parallelism"),
    Of(BATCH "JobSpec", "podFailurePolicy", BATCH "PodFailurePolicy"),
    Str(BATCH "JobSpec", "podReplacementPolicy"),
    AtomicOf(BATCH "JobSpec", "selector", META "LabelSelector"),
    Of(BATCH "JobSpec", "successPolicy", BATCH "SuccessPolicy"),
    Bool(BATCH "JobSpec", "suspend"),
    {BATCH "JobSpec", "template", CORE "PodTemplateSpec", LT::kNone, "", false, ""},
    Num(BATCH "JobSpec", "ttlSecondsAfterFinished"),
    ListOf(BATCH "PodFailurePolicy", "rules", BATCH "PodFailurePolicyRule"),
    Str(BATCH "PodFailurePolicyRule", "action"),
    Of(BATCH "PodFailurePolicyRule", "onExitCodes", BATCH "PodFailurePolicyOnExitCodesRequirement"),
    ListOf(BATCH "PodFailurePolicyRule", "onPodConditions",
           BATCH "PodFailurePolicyOnPodConditionsPattern"),
    Str(BATCH "PodFailurePolicyOnExitCodesRequirement", "containerName"),
    Str(BATCH "PodFailurePolicyOnExitCodesRequirement", "operator"),
    {BATCH "PodFailurePolicyOnExitCodesRequirement", "values", "", LT::kSet, "", false, "",
     SC::kNumeric},
    Str(BATCH "PodFailurePolicyOnPodConditionsPattern", "status"),
    Str(BATCH "PodFailurePolicyOnPodConditionsPattern", "type"),
    ListOf(BATCH "SuccessPolicy", "rules", BATCH "SuccessPolicyRule"),
    Num(BATCH "SuccessPolicyRule", "succeededCount"),
    Str(BATCH "SuccessPolicyRule", "succeededIndexes"),
    {BATCH "CronJob", "spec", BATCH "CronJobSpec", LT::kNone, "", false, ""},
    Str(BATCH "CronJobSpec", "concurrencyPolicy"),
    Num(BATCH "CronJobSpec", "failedJobsHistoryLimit"),
    {BATCH "CronJobSpec", "jobTemplate", BATCH "JobTemplateSpec", LT::kNone, "", false, ""},
    Str(BATCH "CronJobSpec", "schedule"),
    Num(BATCH "CronJobSpec", "startingDeadlineSeconds"),
    Num(BATCH "CronJobSpec", "successfulJobsHistoryLimit"),
    Bool(BATCH "CronJobSpec", "suspend"),
    Str(BATCH "CronJobSpec", "timeZone"),
    {BATCH "JobTemplateSpec", "metadata", META "ObjectMeta", LT::kNone, "", false, ""},
    {BATCH "JobTemplateSpec", "spec", BATCH "JobSpec", LT::kNone, "", false, ""},
    // networking.k8s.io/v1.
    {NET "Ingress", "spec", NET "IngressSpec", LT::kNone, "", false, ""},
    {NET "IngressSpec", "defaultBackend", NET "IngressBackend", LT::kNone, "", false, ""},
    Str(NET "IngressSpec", "ingressClassName"),
    ListOf(NET "IngressSpec", "rules", NET "IngressRule"),
    ListOf(NET "IngressSpec", "tls", NET "IngressTLS"),
    Str(NET "IngressRule", "host"),
    Of(NET "IngressRule", "http", NET "HTTPIngressRuleValue"),
    ListOf(NET "HTTPIngressRuleValue", "paths", NET "HTTPIngressPath"),
    Of(NET "HTTPIngressPath", "backend", NET "IngressBackend"),
    Str(NET "HTTPIngressPath", "path"),
    Str(NET "HTTPIngressPath", "pathType"),
    StrList(NET "IngressTLS", "hosts"),
    Str(NET "IngressTLS", "secretName"),
    AtomicOf(NET "IngressBackend", "resource", CORE "TypedLocalObjectReference"),
    {NET "IngressBackend", "service", NET "IngressServiceBackend", LT::kNone, "", false, ""},
    Str(NET "IngressServiceBackend", "name"),
    AtomicOf(NET "IngressServiceBackend", "port", NET "ServiceBackendPort"),
    Str(NET "ServiceBackendPort", "name"),
    Num(NET "ServiceBackendPort", "number"),
    Of(NET "IngressClass", "spec", NET "IngressClassSpec"),
    Str(NET "IngressClassSpec", "controller"),
    Of(NET "IngressClassSpec", "parameters", NET "IngressClassParametersReference"),
    Str(NET "IngressClassParametersReference", "apiGroup"),
    Str(NET "IngressClassParametersReference", "kind"),
    Str(NET "IngressClassParametersReference", "name"),
    Str(NET "IngressClassParametersReference", "namespace"),
    Str(NET "IngressClassParametersReference", "scope"),
    {NET "NetworkPolicy", "spec", NET "NetworkPolicySpec", LT::kNone, "", false, ""},
    ListOf(NET "NetworkPolicySpec", "egress", NET "NetworkPolicyEgressRule"),
    ListOf(NET "NetworkPolicySpec", "ingress", NET "NetworkPolicyIngressRule"),
    AtomicOf(NET "NetworkPolicySpec", "podSelector", META "LabelSelector"),
    {NET "NetworkPolicySpec", "policyTypes", "", LT::kAtomic, "", false, "", SC::kString},
    ListOf(NET "NetworkPolicyEgressRule", "ports", NET "NetworkPolicyPort"),
    ListOf(NET "NetworkPolicyEgressRule", "to", NET "NetworkPolicyPeer"),
    ListOf(NET "NetworkPolicyIngressRule", "from", NET "NetworkPolicyPeer"),
    ListOf(NET "NetworkPolicyIngressRule", "ports", NET "NetworkPolicyPort"),
    Of(NET "NetworkPolicyPeer", "ipBlock", NET "IPBlock"),
    AtomicOf(NET "NetworkPolicyPeer", "namespaceSelector", META "LabelSelector"),
    AtomicOf(NET "NetworkPolicyPeer", "podSelector", META "LabelSelector"),
    Str(NET "IPBlock", "cidr"),
    StrList(NET "IPBlock", "except"),
    Num(NET "NetworkPolicyPort", "endPort"),
    IntOrString(NET "NetworkPolicyPort", "port"),
    Str(NET "NetworkPolicyPort", "protocol"),
    // rbac.authorization.k8s.io/v1 (RoleRef is `+structType=atomic`).
    ListOf(RBAC "Role", "rules", RBAC "PolicyRule"),
    Of(RBAC "ClusterRole", "aggregationRule", RBAC "AggregationRule"),
    ListOf(RBAC "ClusterRole", "rules", RBAC "PolicyRule"),
    ListOf(RBAC "AggregationRule", "clusterRoleSelectors", META "LabelSelector"),
    StrList(RBAC "PolicyRule", "apiGroups"),
    StrList(RBAC "PolicyRule", "nonResourceURLs"),
    StrList(RBAC "PolicyRule", "resourceNames"),
    StrList(RBAC "PolicyRule", "resources"),
    StrList(RBAC "PolicyRule", "verbs"),
    AtomicOf(RBAC "RoleBinding", "roleRef", RBAC "RoleRef"),
    ListOf(RBAC "RoleBinding", "subjects", RBAC "Subject"),
    AtomicOf(RBAC "ClusterRoleBinding", "roleRef", RBAC "RoleRef"),
    ListOf(RBAC "ClusterRoleBinding", "subjects", RBAC "Subject"),
    Str(RBAC "RoleRef", "apiGroup"),
    Str(RBAC "RoleRef", "kind"),
    Str(RBAC "RoleRef", "name"),
    Str(RBAC "Subject", "apiGroup"),
    Str(RBAC "Subject", "kind"),
    Str(RBAC "Subject", "name"),
    Str(RBAC "Subject", "namespace"),
    // policy/v1.
    {POLICY "PodDisruptionBudget", "spec", POLICY "PodDisruptionBudgetSpec", LT::kNone, "", false,
     ""},
    {POLICY "PodDisruptionBudget", "status", POLICY "PodDisruptionBudgetStatus", LT::kNone, "",
     false, ""},
    IntOrString(POLICY "PodDisruptionBudgetSpec", "maxUnavailable"),
    IntOrString(POLICY "PodDisruptionBudgetSpec", "minAvailable"),
    AtomicOf(POLICY "PodDisruptionBudgetSpec", "selector", META "LabelSelector"),
    Str(POLICY "PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy"),
    {POLICY "PodDisruptionBudgetStatus", "conditions", "", LT::kMap, "type", false, ""},
    // autoscaling/v2.
    {HPA "HorizontalPodAutoscaler", "spec", HPA "HorizontalPodAutoscalerSpec", LT::kNone, "", false,
     ""},
    {HPA "HorizontalPodAutoscaler", "status", HPA "HorizontalPodAutoscalerStatus", LT::kNone, "",
     false, ""},
    Of(HPA "HorizontalPodAutoscalerSpec", "behavior", HPA "HorizontalPodAutoscalerBehavior"),
    Num(HPA "HorizontalPodAutoscalerSpec", "maxReplicas"),
    ListOf(HPA "HorizontalPodAutoscalerSpec", "metrics", HPA "MetricSpec"),
    Num(HPA "HorizontalPodAutoscalerSpec", "minReplicas"),
    Of(HPA "HorizontalPodAutoscalerSpec", "scaleTargetRef", HPA "CrossVersionObjectReference"),
    Of(HPA "HorizontalPodAutoscalerBehavior", "scaleDown", HPA "HPAScalingRules"),
    Of(HPA "HorizontalPodAutoscalerBehavior", "scaleUp", HPA "HPAScalingRules"),
    ListOf(HPA "HPAScalingRules", "policies", HPA "HPAScalingPolicy"),
    Str(HPA "HPAScalingRules", "selectPolicy"),
    Num(HPA "HPAScalingRules", "stabilizationWindowSeconds"),
    Num(HPA "HPAScalingPolicy", "periodSeconds"),
    Str(HPA "HPAScalingPolicy", "type"),
    Num(HPA "HPAScalingPolicy", "value"),
    Str(HPA "CrossVersionObjectReference", "apiVersion"),
    Str(HPA "CrossVersionObjectReference", "kind"),
    Str(HPA "CrossVersionObjectReference", "name"),
    Of(HPA "MetricSpec", "containerResource", HPA "ContainerResourceMetricSource"),
    Of(HPA "MetricSpec", "external", HPA "ExternalMetricSource"),
    Of(HPA "MetricSpec", "object", HPA "ObjectMetricSource"),
    Of(HPA "MetricSpec", "pods", HPA "PodsMetricSource"),
    Of(HPA "MetricSpec", "resource", HPA "ResourceMetricSource"),
    Str(HPA "MetricSpec", "type"),
    Str(HPA "ContainerResourceMetricSource", "container"),
    Str(HPA "ContainerResourceMetricSource", "name"),
    Of(HPA "ContainerResourceMetricSource", "target", HPA "MetricTarget"),
    Of(HPA "ExternalMetricSource", "metric", HPA "MetricIdentifier"),
    Of(HPA "ExternalMetricSource", "target", HPA "MetricTarget"),
    Of(HPA "ObjectMetricSource", "describedObject", HPA "CrossVersionObjectReference"),
    Of(HPA "ObjectMetricSource", "metric", HPA "MetricIdentifier"),
    Of(HPA "ObjectMetricSource", "target", HPA "MetricTarget"),
    Of(HPA "PodsMetricSource", "metric", HPA "MetricIdentifier"),
    Of(HPA "PodsMetricSource", "target", HPA "MetricTarget"),
    Str(HPA "ResourceMetricSource", "name"),
    Of(HPA "ResourceMetricSource", "target", HPA "MetricTarget"),
    Str(HPA "MetricIdentifier", "name"),
    AtomicOf(HPA "MetricIdentifier", "selector", META "LabelSelector"),
    Num(HPA "MetricTarget", "averageUtilization"),
    Quantity(HPA "MetricTarget", "averageValue"),
    Str(HPA "MetricTarget", "type"),
    Quantity(HPA "MetricTarget", "value"),
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
