// kustomize v5.5's default transformer configuration, as data.
//
// Source: kubernetes-sigs/kustomize v5.5.0, api/konfig/builtinpluginconsts
// (namereference.go, namespace.go, commonlabels.go, metadatalabels.go,
// commonannotations.go, varreference.go, and the one-line prefix, suffix
// and replicas tables), Apache-2.0. Kept in kustomize's own `configurations` file format
// so that a kustomization's `configurations` files extend it with the same
// reader. Entries are written in YAML flow style, one field spec a line.
// The ValidatingAdmissionPolicy entry is not in the stored copy of
// namereference.go this was taken from; v5.5 updates binding policyName
// references (conformance case TestBackReferenceAdmissionPolicy).
#include "render/fieldspec.h"

namespace gitops::render {

const char kDefaultFieldSpecs[] = R"yaml(
namePrefix:
- {path: metadata/name}
nameSuffix:
- {path: metadata/name}
namespace:
- {path: metadata/namespace, create: true}
- {path: metadata/name, kind: Namespace, create: true}
- {path: "subjects[]/namespace", kind: RoleBinding}
- {path: "subjects[]/namespace", kind: ClusterRoleBinding}
- {path: spec/service/namespace, group: apiregistration.k8s.io, kind: APIService, create: true}
- {path: spec/conversion/webhook/clientConfig/service/namespace, group: apiextensions.k8s.io, kind: CustomResourceDefinition}
commonLabels:
- {path: metadata/labels, create: true}
- {path: spec/selector, create: true, version: v1, kind: Service}
- {path: spec/selector, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/labels, create: true, version: v1, kind: ReplicationController}
- {path: spec/selector/matchLabels, create: true, kind: Deployment}
- {path: spec/template/metadata/labels, create: true, kind: Deployment}
- {path: spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels, group: apps, kind: Deployment}
- {path: spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels, group: apps, kind: Deployment}
- {path: spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels, group: apps, kind: Deployment}
- {path: spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels, group: apps, kind: Deployment}
- {path: spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels, group: apps, kind: Deployment}
- {path: spec/selector/matchLabels, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/labels, create: true, kind: ReplicaSet}
- {path: spec/selector/matchLabels, create: true, kind: DaemonSet}
- {path: spec/template/metadata/labels, create: true, kind: DaemonSet}
- {path: spec/selector/matchLabels, create: true, group: apps, kind: StatefulSet}
- {path: spec/template/metadata/labels, create: true, group: apps, kind: StatefulSet}
- {path: spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels, group: apps, kind: StatefulSet}
- {path: spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels, group: apps, kind: StatefulSet}
- {path: spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels, group: apps, kind: StatefulSet}
- {path: spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels, group: apps, kind: StatefulSet}
- {path: spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels, group: apps, kind: StatefulSet}
- {path: "spec/volumeClaimTemplates[]/metadata/labels", create: true, group: apps, kind: StatefulSet}
- {path: spec/selector/matchLabels, group: batch, kind: Job}
- {path: spec/template/metadata/labels, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/spec/selector/matchLabels, group: batch, kind: CronJob}
- {path: spec/jobTemplate/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/selector/matchLabels, group: policy, kind: PodDisruptionBudget}
- {path: spec/podSelector/matchLabels, group: networking.k8s.io, kind: NetworkPolicy}
- {path: spec/ingress/from/podSelector/matchLabels, group: networking.k8s.io, kind: NetworkPolicy}
- {path: spec/egress/to/podSelector/matchLabels, group: networking.k8s.io, kind: NetworkPolicy}
templateLabels:
- {path: metadata/labels, create: true}
- {path: spec/template/metadata/labels, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/labels, create: true, kind: Deployment}
- {path: spec/template/metadata/labels, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/labels, create: true, kind: DaemonSet}
- {path: spec/template/metadata/labels, create: true, group: apps, kind: StatefulSet}
- {path: "spec/volumeClaimTemplates[]/metadata/labels", create: true, group: apps, kind: StatefulSet}
- {path: spec/template/metadata/labels, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/metadata/labels, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/labels, create: true, group: batch, kind: CronJob}
commonAnnotations:
- {path: metadata/annotations, create: true}
- {path: spec/template/metadata/annotations, create: true, version: v1, kind: ReplicationController}
- {path: spec/template/metadata/annotations, create: true, kind: Deployment}
- {path: spec/template/metadata/annotations, create: true, kind: ReplicaSet}
- {path: spec/template/metadata/annotations, create: true, kind: DaemonSet}
- {path: spec/template/metadata/annotations, create: true, kind: StatefulSet}
- {path: spec/template/metadata/annotations, create: true, group: batch, kind: Job}
- {path: spec/jobTemplate/metadata/annotations, create: true, group: batch, kind: CronJob}
- {path: spec/jobTemplate/spec/template/metadata/annotations, create: true, group: batch, kind: CronJob}
replicas:
- {path: spec/replicas, create: true, kind: Deployment}
- {path: spec/replicas, create: true, kind: ReplicationController}
- {path: spec/replicas, create: true, kind: ReplicaSet}
- {path: spec/replicas, create: true, kind: StatefulSet}
varReference:
- {path: spec/jobTemplate/spec/template/spec/containers/args, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/containers/command, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/containers/env/value, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/containers/volumeMounts/mountPath, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/initContainers/args, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/initContainers/command, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/initContainers/env/value, kind: CronJob}
- {path: spec/jobTemplate/spec/template/spec/initContainers/volumeMounts/mountPath, kind: CronJob}
# kustomize v5.5 has this path without the pod template's `spec` (checked
# with kubectl kustomize: a CronJob's real volumes are left alone).
- {path: spec/jobTemplate/spec/template/volumes/nfs/server, kind: CronJob}
- {path: spec/template/spec/containers/args, kind: DaemonSet}
- {path: spec/template/spec/containers/command, kind: DaemonSet}
- {path: spec/template/spec/containers/env/value, kind: DaemonSet}
- {path: spec/template/spec/containers/volumeMounts/mountPath, kind: DaemonSet}
- {path: spec/template/spec/initContainers/args, kind: DaemonSet}
- {path: spec/template/spec/initContainers/command, kind: DaemonSet}
- {path: spec/template/spec/initContainers/env/value, kind: DaemonSet}
- {path: spec/template/spec/initContainers/volumeMounts/mountPath, kind: DaemonSet}
- {path: spec/template/spec/volumes/nfs/server, kind: DaemonSet}
- {path: spec/template/spec/containers/args, kind: Deployment}
- {path: spec/template/spec/containers/command, kind: Deployment}
- {path: spec/template/spec/containers/env/value, kind: Deployment}
- {path: spec/template/spec/containers/volumeMounts/mountPath, kind: Deployment}
- {path: spec/template/spec/initContainers/args, kind: Deployment}
- {path: spec/template/spec/initContainers/command, kind: Deployment}
- {path: spec/template/spec/initContainers/env/value, kind: Deployment}
- {path: spec/template/spec/initContainers/volumeMounts/mountPath, kind: Deployment}
- {path: spec/template/spec/volumes/nfs/server, kind: Deployment}
- {path: spec/rules/host, kind: Ingress}
- {path: spec/tls/hosts, kind: Ingress}
- {path: spec/tls/secretName, kind: Ingress}
- {path: spec/template/spec/containers/args, kind: Job}
- {path: spec/template/spec/containers/command, kind: Job}
- {path: spec/template/spec/containers/env/value, kind: Job}
- {path: spec/template/spec/containers/volumeMounts/mountPath, kind: Job}
- {path: spec/template/spec/initContainers/args, kind: Job}
- {path: spec/template/spec/initContainers/command, kind: Job}
- {path: spec/template/spec/initContainers/env/value, kind: Job}
- {path: spec/template/spec/initContainers/volumeMounts/mountPath, kind: Job}
- {path: spec/template/spec/volumes/nfs/server, kind: Job}
- {path: spec/containers/args, kind: Pod}
- {path: spec/containers/command, kind: Pod}
- {path: spec/containers/env/value, kind: Pod}
- {path: spec/containers/volumeMounts/mountPath, kind: Pod}
- {path: spec/initContainers/args, kind: Pod}
- {path: spec/initContainers/command, kind: Pod}
- {path: spec/initContainers/env/value, kind: Pod}
- {path: spec/initContainers/volumeMounts/mountPath, kind: Pod}
- {path: spec/volumes/nfs/server, kind: Pod}
- {path: spec/template/spec/containers/args, kind: ReplicaSet}
- {path: spec/template/spec/containers/command, kind: ReplicaSet}
- {path: spec/template/spec/containers/env/value, kind: ReplicaSet}
- {path: spec/template/spec/containers/volumeMounts/mountPath, kind: ReplicaSet}
- {path: spec/template/spec/initContainers/args, kind: ReplicaSet}
- {path: spec/template/spec/initContainers/command, kind: ReplicaSet}
- {path: spec/template/spec/initContainers/env/value, kind: ReplicaSet}
- {path: spec/template/spec/initContainers/volumeMounts/mountPath, kind: ReplicaSet}
- {path: spec/template/spec/volumes/nfs/server, kind: ReplicaSet}
- {path: spec/ports/port, kind: Service}
- {path: spec/ports/targetPort, kind: Service}
- {path: spec/template/spec/containers/args, kind: StatefulSet}
- {path: spec/template/spec/containers/command, kind: StatefulSet}
- {path: spec/template/spec/containers/env/value, kind: StatefulSet}
- {path: spec/template/spec/containers/volumeMounts/mountPath, kind: StatefulSet}
- {path: spec/template/spec/initContainers/args, kind: StatefulSet}
- {path: spec/template/spec/initContainers/command, kind: StatefulSet}
- {path: spec/template/spec/initContainers/env/value, kind: StatefulSet}
- {path: spec/template/spec/initContainers/volumeMounts/mountPath, kind: StatefulSet}
- {path: spec/volumeClaimTemplates/spec/nfs/server, kind: StatefulSet}
- {path: spec/nfs/server, kind: PersistentVolume}
- {path: metadata/labels}
- {path: metadata/annotations}
nameReference:
- kind: Deployment
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: ReplicationController
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: ReplicaSet
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: StatefulSet
  fieldSpecs:
  - {path: spec/scaleTargetRef/name, kind: HorizontalPodAutoscaler}
- kind: ConfigMap
  version: v1
  fieldSpecs:
  - {path: spec/volumes/configMap/name, kind: Pod, version: v1}
  - {path: spec/containers/env/valueFrom/configMapKeyRef/name, kind: Pod, version: v1}
  - {path: spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Pod, version: v1}
  - {path: spec/containers/envFrom/configMapRef/name, kind: Pod, version: v1}
  - {path: spec/initContainers/envFrom/configMapRef/name, kind: Pod, version: v1}
  - {path: spec/volumes/projected/sources/configMap/name, kind: Pod, version: v1}
  - {path: spec/template/spec/volumes/configMap/name, kind: Deployment}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: Deployment}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: Deployment}
  - {path: spec/template/spec/volumes/configMap/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/configMap/name, kind: Job}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: Job}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/envFrom/configMapRef/name, kind: Job}
  - {path: spec/template/spec/volumes/projected/sources/configMap/name, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/volumes/configMap/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/volumes/projected/sources/configMap/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/envFrom/configMapRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/envFrom/configMapRef/name, kind: CronJob}
  - {path: spec/configSource/configMap, kind: Node}
  - {path: rules/resourceNames, kind: Role}
  - {path: rules/resourceNames, kind: ClusterRole}
  - {path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap", kind: Ingress}
  - {path: spec/template/spec/containers/env/valueFrom/configMapKeyRef/name, kind: Service, group: serving.knative.dev, version: v1}
  - {path: spec/template/spec/containers/envFrom/configMapRef/name, kind: Service, group: serving.knative.dev, version: v1}
- kind: Secret
  version: v1
  fieldSpecs:
  - {path: spec/volumes/secret/secretName, kind: Pod, version: v1}
  - {path: spec/containers/env/valueFrom/secretKeyRef/name, kind: Pod, version: v1}
  - {path: spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Pod, version: v1}
  - {path: spec/containers/envFrom/secretRef/name, kind: Pod, version: v1}
  - {path: spec/initContainers/envFrom/secretRef/name, kind: Pod, version: v1}
  - {path: spec/imagePullSecrets/name, kind: Pod, version: v1}
  - {path: spec/volumes/projected/sources/secret/name, kind: Pod, version: v1}
  - {path: spec/template/spec/volumes/secret/secretName, kind: Deployment}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Deployment}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: Deployment}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: Deployment}
  - {path: spec/template/spec/imagePullSecrets/name, kind: Deployment}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: Deployment}
  - {path: spec/template/spec/volumes/secret/secretName, kind: ReplicaSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: ReplicaSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: ReplicaSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: DaemonSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: DaemonSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: DaemonSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: DaemonSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: DaemonSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: StatefulSet}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: StatefulSet}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: StatefulSet}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: StatefulSet}
  - {path: spec/template/spec/imagePullSecrets/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: StatefulSet}
  - {path: spec/template/spec/volumes/secret/secretName, kind: Job}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: Job}
  - {path: spec/template/spec/containers/envFrom/secretRef/name, kind: Job}
  - {path: spec/template/spec/initContainers/envFrom/secretRef/name, kind: Job}
  - {path: spec/template/spec/imagePullSecrets/name, kind: Job}
  - {path: spec/template/spec/volumes/projected/sources/secret/name, kind: Job}
  - {path: spec/jobTemplate/spec/template/spec/volumes/secret/secretName, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/volumes/projected/sources/secret/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/containers/envFrom/secretRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/initContainers/envFrom/secretRef/name, kind: CronJob}
  - {path: spec/jobTemplate/spec/template/spec/imagePullSecrets/name, kind: CronJob}
  - {path: spec/tls/secretName, kind: Ingress}
  - {path: "metadata/annotations/ingress.kubernetes.io\\/auth-secret", kind: Ingress}
  - {path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", kind: Ingress}
  - {path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", kind: Ingress}
  - {path: spec/tls/secretName, kind: Ingress}
  - {path: imagePullSecrets/name, kind: ServiceAccount}
  - {path: parameters/secretName, kind: StorageClass}
  - {path: parameters/adminSecretName, kind: StorageClass}
  - {path: parameters/userSecretName, kind: StorageClass}
  - {path: parameters/secretRef, kind: StorageClass}
  - {path: rules/resourceNames, kind: Role}
  - {path: rules/resourceNames, kind: ClusterRole}
  - {path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name, kind: Service, group: serving.knative.dev, version: v1}
  - {path: spec/azureFile/secretName, kind: PersistentVolume}
- kind: Service
  version: v1
  fieldSpecs:
  - {path: spec/serviceName, kind: StatefulSet, group: apps}
  - {path: spec/rules/http/paths/backend/serviceName, kind: Ingress}
  - {path: spec/backend/serviceName, kind: Ingress}
  - {path: spec/rules/http/paths/backend/service/name, kind: Ingress}
  - {path: spec/defaultBackend/service/name, kind: Ingress}
  - {path: spec/service/name, kind: APIService, group: apiregistration.k8s.io}
  - {path: webhooks/clientConfig/service, kind: ValidatingWebhookConfiguration, group: admissionregistration.k8s.io}
  - {path: webhooks/clientConfig/service, kind: MutatingWebhookConfiguration, group: admissionregistration.k8s.io}
- kind: Role
  group: rbac.authorization.k8s.io
  fieldSpecs:
  - {path: roleRef/name, kind: RoleBinding, group: rbac.authorization.k8s.io}
- kind: ClusterRole
  group: rbac.authorization.k8s.io
  fieldSpecs:
  - {path: roleRef/name, kind: RoleBinding, group: rbac.authorization.k8s.io}
  - {path: roleRef/name, kind: ClusterRoleBinding, group: rbac.authorization.k8s.io}
- kind: ServiceAccount
  version: v1
  fieldSpecs:
  - {path: subjects, kind: RoleBinding, group: rbac.authorization.k8s.io}
  - {path: subjects, kind: ClusterRoleBinding, group: rbac.authorization.k8s.io}
  - {path: spec/serviceAccountName, kind: Pod}
  - {path: spec/template/spec/serviceAccountName, kind: StatefulSet}
  - {path: spec/template/spec/serviceAccountName, kind: Deployment}
  - {path: spec/template/spec/serviceAccountName, kind: ReplicationController}
  - {path: spec/jobTemplate/spec/template/spec/serviceAccountName, kind: CronJob}
  - {path: spec/template/spec/serviceAccountName, kind: Job}
  - {path: spec/template/spec/serviceAccountName, kind: DaemonSet}
- kind: PersistentVolumeClaim
  version: v1
  fieldSpecs:
  - {path: spec/volumes/persistentVolumeClaim/claimName, kind: Pod}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: StatefulSet}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: Deployment}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: ReplicationController}
  - {path: spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: CronJob}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: Job}
  - {path: spec/template/spec/volumes/persistentVolumeClaim/claimName, kind: DaemonSet}
- kind: PersistentVolume
  version: v1
  fieldSpecs:
  - {path: spec/volumeName, kind: PersistentVolumeClaim}
  - {path: rules/resourceNames, kind: ClusterRole}
- kind: StorageClass
  version: v1
  group: storage.k8s.io
  fieldSpecs:
  - {path: spec/storageClassName, kind: PersistentVolume}
  - {path: spec/storageClassName, kind: PersistentVolumeClaim}
  - {path: spec/volumeClaimTemplates/spec/storageClassName, kind: StatefulSet}
- kind: PriorityClass
  version: v1
  group: scheduling.k8s.io
  fieldSpecs:
  - {path: spec/priorityClassName, kind: Pod}
  - {path: spec/template/spec/priorityClassName, kind: StatefulSet}
  - {path: spec/template/spec/priorityClassName, kind: Deployment}
  - {path: spec/template/spec/priorityClassName, kind: ReplicationController}
  - {path: spec/jobTemplate/spec/template/spec/priorityClassName, kind: CronJob}
  - {path: spec/template/spec/priorityClassName, kind: Job}
  - {path: spec/template/spec/priorityClassName, kind: DaemonSet}
- kind: ValidatingAdmissionPolicy
  group: admissionregistration.k8s.io
  fieldSpecs:
  - {path: spec/policyName, kind: ValidatingAdmissionPolicyBinding}
- kind: IngressClass
  version: v1
  group: networking.k8s.io/v1
  fieldSpecs:
  - {path: spec/ingressClassName, kind: Ingress}
)yaml";

}  // namespace gitops::render
