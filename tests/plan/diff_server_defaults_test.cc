// Diff over the API server's defaults inside fields an apply replaces whole
// (atomic lists and structs), and over quantities spelled another way.
// Each live object is written as kube-apiserver v1.32 stores it after a
// server-side apply of the desired object by `gitops`: the defaults come
// from Kubernetes' defaulters (pkg/apis/*/v1/defaults.go, named per case;
// src/plan/defaults.cc cites each), the quantities from apimachinery's
// canonical form. A real API server finds no change for the first pair of
// each case (a no-op apply), and a change for the others.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/plan/diff.h"
#include "gitops/plan/plan.h"
#include "plan_test_support.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::testing::Yaml;

gitops::plan::ChangeSetEntry DiffOf(const std::string& desired, const std::string& live) {
  Value d = Yaml(desired);
  Value l = Yaml(live);
  auto entry = gitops::plan::Diff(d, &l, {});
  INFO((entry.ok() ? std::string() : entry.status().ToString()));
  REQUIRE(entry.ok());
  return *entry;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::vector<std::string> Pointers(const gitops::plan::ChangeSetEntry& e) {
  std::vector<std::string> out;
  for (const auto& c : e.changes) out.push_back(c.pointer);
  return out;
}

// SetDefaults_NetworkPolicyPort (networking/v1): protocol TCP in each port
// of the atomic ingress and egress lists; SetDefaults_NetworkPolicy:
// policyTypes [Ingress, Egress] when egress is set.
const char* kNetworkPolicy = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: apps}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: front}}
    ports:
    - port: 8080
  egress:
  - ports:
    - port: 53
      protocol: UDP
    - port: 53
)";
const char* kNetworkPolicyStored = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: apps
  generation: 1
  resourceVersion: "811"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000001
  managedFields:
  - apiVersion: networking.k8s.io/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:egress: {}
        f:ingress: {}
        f:podSelector: {}
    manager: gitops
    operation: Apply
spec:
  egress:
  - ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: front
    ports:
    - port: 8080
      protocol: TCP
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  - Egress
)";

}  // namespace

TEST_CASE("NetworkPolicy ports defaulted to TCP are no drift", "[plan][diff][defaults]") {
  CHECK(DiffOf(kNetworkPolicy, kNetworkPolicyStored).action == Action::kUnchanged);

  auto changed = DiffOf(Replace(kNetworkPolicy, "port: 8080", "port: 9090"), kNetworkPolicyStored);
  CHECK(changed.action == Action::kConfigured);
  CHECK(Pointers(changed) == std::vector<std::string>{"/spec/ingress"});
  // The merged ingress holds the protocol the API server fills in.
  REQUIRE(changed.changes.size() == 1);
  REQUIRE(changed.changes[0].after.AtPointer("/0/ports/0/protocol") != nullptr);
  CHECK(*changed.changes[0].after.AtPointer("/0/ports/0/protocol") == Value("TCP"));

  // A live protocol other than the default: the apply would set TCP.
  auto other =
      DiffOf(kNetworkPolicy, Replace(kNetworkPolicyStored, "port: 8080\n      protocol: TCP",
                                     "port: 8080\n      protocol: SCTP"));
  CHECK(other.action == Action::kConfigured);
  CHECK(Pointers(other) == std::vector<std::string>{"/spec/ingress"});
  REQUIRE(other.changes.size() == 1);
  CHECK(*other.changes[0].before.AtPointer("/0/ports/0/protocol") == Value("SCTP"));
  CHECK(*other.changes[0].after.AtPointer("/0/ports/0/protocol") == Value("TCP"));
}

namespace {

// SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook (granular:
// failurePolicy, matchPolicy, selectors, timeoutSeconds, reinvocationPolicy),
// SetDefaults_ServiceReference (port 443) and SetDefaults_Rule (scope "*",
// inside the atomic rules list) of admissionregistration/v1.
const char* kWebhook = R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: policy}
webhooks:
- name: validate.example.com
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig:
    service: {name: policy, namespace: apps, path: /validate}
  rules:
  - apiGroups: [apps]
    apiVersions: [v1]
    operations: [CREATE, UPDATE]
    resources: [deployments]
)";
const char* kWebhookStored = R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: policy
  generation: 1
  resourceVersion: "912"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000002
  managedFields:
  - apiVersion: admissionregistration.k8s.io/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:webhooks:
        k:{"name":"validate.example.com"}:
          .: {}
          f:admissionReviewVersions: {}
          f:clientConfig:
            f:service:
              f:name: {}
              f:namespace: {}
              f:path: {}
          f:name: {}
          f:rules: {}
          f:sideEffects: {}
    manager: gitops
    operation: Apply
webhooks:
- admissionReviewVersions:
  - v1
  clientConfig:
    service:
      name: policy
      namespace: apps
      path: /validate
      port: 443
  failurePolicy: Fail
  matchPolicy: Equivalent
  name: validate.example.com
  namespaceSelector: {}
  objectSelector: {}
  rules:
  - apiGroups:
    - apps
    apiVersions:
    - v1
    operations:
    - CREATE
    - UPDATE
    resources:
    - deployments
    scope: '*'
  sideEffects: None
  timeoutSeconds: 10
)";

}  // namespace

TEST_CASE("webhook rules' defaulted scope is no drift", "[plan][diff][defaults]") {
  CHECK(DiffOf(kWebhook, kWebhookStored).action == Action::kUnchanged);
  std::string mutating = Replace(kWebhook, "kind: ValidatingWebhookConfiguration",
                                 "kind: MutatingWebhookConfiguration");
  std::string mutating_stored =
      Replace(Replace(kWebhookStored, "kind: ValidatingWebhookConfiguration",
                      "kind: MutatingWebhookConfiguration"),
              "  objectSelector: {}\n", "  objectSelector: {}\n  reinvocationPolicy: Never\n");
  CHECK(DiffOf(mutating, mutating_stored).action == Action::kUnchanged);

  auto changed =
      DiffOf(Replace(kWebhook, "[CREATE, UPDATE]", "[CREATE, UPDATE, DELETE]"), kWebhookStored);
  CHECK(changed.action == Action::kConfigured);
  CHECK(Pointers(changed) == std::vector<std::string>{"/webhooks/0/rules"});

  auto other = DiffOf(kWebhook, Replace(kWebhookStored, "scope: '*'", "scope: Namespaced"));
  CHECK(other.action == Action::kConfigured);
  CHECK(Pointers(other) == std::vector<std::string>{"/webhooks/0/rules"});
}

namespace {

// SetDefaults_Subject (apiGroup for kinds User and Group only) and
// SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding (roleRef's
// apiGroup) of rbac/v1; subjects is atomic, roleRef +structType=atomic.
const char* kRoleBinding = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: apps}
roleRef: {kind: Role, name: reader}
subjects:
- {kind: User, name: alice}
- {kind: Group, name: auditors}
- {kind: ServiceAccount, name: ci, namespace: apps}
)";
const char* kRoleBindingStored = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: apps
  resourceVersion: "1013"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000003
  managedFields:
  - apiVersion: rbac.authorization.k8s.io/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:roleRef: {}
      f:subjects: {}
    manager: gitops
    operation: Apply
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: alice
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: auditors
- kind: ServiceAccount
  name: ci
  namespace: apps
)";

}  // namespace

TEST_CASE("RoleBinding subjects' and roleRef's defaulted apiGroup is no drift",
          "[plan][diff][defaults]") {
  CHECK(DiffOf(kRoleBinding, kRoleBindingStored).action == Action::kUnchanged);
  std::string cluster =
      Replace(Replace(kRoleBinding, "kind: RoleBinding", "kind: ClusterRoleBinding"),
              "metadata: {name: readers, namespace: apps}", "metadata: {name: readers}");
  std::string cluster_stored =
      Replace(Replace(kRoleBindingStored, "kind: RoleBinding", "kind: ClusterRoleBinding"),
              "  namespace: apps\n  resourceVersion", "  resourceVersion");
  CHECK(DiffOf(cluster, cluster_stored).action == Action::kUnchanged);

  auto changed = DiffOf(Replace(kRoleBinding, "name: alice", "name: bob"), kRoleBindingStored);
  CHECK(changed.action == Action::kConfigured);
  CHECK(Pointers(changed) == std::vector<std::string>{"/subjects"});

  // A group a User subject does not get by default.
  auto other = DiffOf(kRoleBinding, Replace(kRoleBindingStored,
                                            "- apiGroup: rbac.authorization.k8s.io\n  kind: User",
                                            "- apiGroup: example.com\n  kind: User"));
  CHECK(other.action == Action::kConfigured);
  // A ServiceAccount subject gets no apiGroup: one in the live object is drift.
  auto service_account = DiffOf(
      kRoleBinding, Replace(kRoleBindingStored, "- kind: ServiceAccount",
                            "- apiGroup: rbac.authorization.k8s.io\n  kind: ServiceAccount"));
  CHECK(service_account.action == Action::kConfigured);
  CHECK(Pointers(service_account) == std::vector<std::string>{"/subjects"});
}

namespace {

// SetDefaults_Endpoints (core/v1; subsets atomic) and discovery/v1's
// SetDefaults_EndpointPort (name "" and protocol TCP; ports atomic).
const char* kEndpoints = R"(apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: apps}
subsets:
- addresses: [{ip: 10.0.0.5}]
  ports: [{name: pg, port: 5432}]
)";
const char* kEndpointsStored = R"(apiVersion: v1
kind: Endpoints
metadata:
  name: db
  namespace: apps
  resourceVersion: "1114"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000004
subsets:
- addresses:
  - ip: 10.0.0.5
  ports:
  - name: pg
    port: 5432
    protocol: TCP
)";
const char* kEndpointSlice = R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, namespace: apps}
addressType: IPv4
endpoints:
- addresses: [10.0.0.5]
ports:
- port: 5432
)";
const char* kEndpointSliceStored = R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-1
  namespace: apps
  generation: 1
  resourceVersion: "1115"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000005
addressType: IPv4
endpoints:
- addresses:
  - 10.0.0.5
ports:
- name: ""
  port: 5432
  protocol: TCP
)";

}  // namespace

TEST_CASE("Endpoints and EndpointSlice ports' defaults are no drift", "[plan][diff][defaults]") {
  CHECK(DiffOf(kEndpoints, kEndpointsStored).action == Action::kUnchanged);
  CHECK(DiffOf(Replace(kEndpoints, "port: 5432", "port: 5433"), kEndpointsStored).action ==
        Action::kConfigured);
  CHECK(DiffOf(kEndpoints, Replace(kEndpointsStored, "protocol: TCP", "protocol: UDP")).action ==
        Action::kConfigured);

  CHECK(DiffOf(kEndpointSlice, kEndpointSliceStored).action == Action::kUnchanged);
  CHECK(DiffOf(Replace(kEndpointSlice, "port: 5432", "port: 5433"), kEndpointSliceStored).action ==
        Action::kConfigured);
  auto other = DiffOf(kEndpointSlice, Replace(kEndpointSliceStored, "name: \"\"", "name: pg"));
  CHECK(other.action == Action::kConfigured);
  CHECK(Pointers(other) == std::vector<std::string>{"/ports"});
}

namespace {

// SetDefaults_StatefulSet (apps/v1) and the pod template's core/v1
// defaults, all granular; in the atomic volumeClaimTemplates, apps/v1's
// conversion writes apiVersion and kind, core/v1's
// SetDefaults_PersistentVolumeClaim(Spec) status.phase and volumeMode, and
// the unset creationTimestamp is written as null.
const char* kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: apps}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:17
        resources:
          requests: {cpu: 0.25, memory: 512Mi}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1024Mi}}
)";
const char* kStatefulSetStored = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: apps
  generation: 1
  resourceVersion: "1216"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000006
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:selector: {}
        f:serviceName: {}
        f:template:
          f:metadata:
            f:labels:
              f:app: {}
          f:spec:
            f:containers:
              k:{"name":"db"}:
                .: {}
                f:image: {}
                f:name: {}
                f:resources:
                  f:requests:
                    f:cpu: {}
                    f:memory: {}
        f:volumeClaimTemplates: {}
    manager: gitops
    operation: Apply
spec:
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Retain
    whenScaled: Retain
  podManagementPolicy: OrderedReady
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: db
  serviceName: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - image: postgres:17
        imagePullPolicy: IfNotPresent
        name: db
        resources:
          requests:
            cpu: 250m
            memory: 512Mi
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
  updateStrategy:
    rollingUpdate:
      partition: 0
    type: RollingUpdate
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      creationTimestamp: null
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 1Gi
      volumeMode: Filesystem
    status:
      phase: Pending
)";

gitops::Result<gitops::plan::Plan> PlanOf(const std::string& desired, const std::string& live,
                                          bool force) {
  std::vector<Value> d{Yaml(desired)};
  std::vector<Value> l{Yaml(live)};
  gitops::plan::PlanOptions options;
  options.force = force;
  return gitops::plan::MakePlan(d, l, nullptr, options);
}

}  // namespace

TEST_CASE("a StatefulSet's defaulted volumeClaimTemplates are no drift and no immutable change",
          "[plan][diff][defaults]") {
  CHECK(DiffOf(kStatefulSet, kStatefulSetStored).action == Action::kUnchanged);
  auto plan = PlanOf(kStatefulSet, kStatefulSetStored, false);
  INFO((plan.ok() ? std::string() : plan.status().ToString()));
  REQUIRE(plan.ok());
  REQUIRE(plan->stages[2].size() == 1);
  const gitops::plan::PlanItem& item = plan->stages[2][0];
  CHECK(item.change.action == Action::kUnchanged);
  CHECK_FALSE(item.change.recreate);
  // The plan applies the quantities as the API server stores them.
  CHECK(*item.object.AtPointer("/spec/volumeClaimTemplates/0/spec/resources/requests/storage") ==
        Value("1Gi"));
  CHECK(*item.object.AtPointer("/spec/template/spec/containers/0/resources/requests/cpu") ==
        Value("250m"));

  // A real change of a template is still an immutable field.
  std::string bigger = Replace(kStatefulSet, "storage: 1024Mi", "storage: 2Gi");
  auto changed = DiffOf(bigger, kStatefulSetStored);
  CHECK(changed.action == Action::kConfigured);
  CHECK(Pointers(changed) == std::vector<std::string>{"/spec/volumeClaimTemplates"});
  auto refused = PlanOf(bigger, kStatefulSetStored, false);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("field /spec/volumeClaimTemplates is immutable") !=
        std::string::npos);
  auto forced = PlanOf(bigger, kStatefulSetStored, true);
  REQUIRE(forced.ok());
  CHECK(forced->stages[2][0].change.recreate);

  // A live volumeMode other than the default: the apply would change it.
  auto block = DiffOf(kStatefulSet,
                      Replace(kStatefulSetStored, "volumeMode: Filesystem", "volumeMode: Block"));
  CHECK(block.action == Action::kConfigured);
  CHECK(Pointers(block) == std::vector<std::string>{"/spec/volumeClaimTemplates"});
  CHECK(block.diff.find("-      volumeMode: Block\n+      volumeMode: Filesystem\n") !=
        std::string::npos);
}

namespace {

// core/v1's SetDefaults_ObjectFieldSelector (apiVersion v1 in the atomic
// env[].valueFrom.fieldRef), ResourceFieldSelector's divisor written as "0",
// SetDefaults_ServiceAccountTokenProjection (an hour, inside the atomic
// projected sources) and the canonical quantities.
const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: POD
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: CPU
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        resources:
          limits: {cpu: 0.5, memory: 1073741824}
      volumes:
      - name: token
        projected:
          sources:
          - serviceAccountToken: {path: token, audience: vault}
)";
const char* kDeploymentStored = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
  generation: 1
  resourceVersion: "1317"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000007
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - env:
        - name: POD
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.name
        - name: CPU
          valueFrom:
            resourceFieldRef:
              divisor: "0"
              resource: limits.cpu
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        name: web
        resources:
          limits:
            cpu: 500m
            memory: "1073741824"
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
      volumes:
      - name: token
        projected:
          defaultMode: 420
          sources:
          - serviceAccountToken:
              audience: vault
              expirationSeconds: 3600
              path: token
)";

}  // namespace

TEST_CASE("pod template defaults in atomic fields and quantities in other spellings are no drift",
          "[plan][diff][defaults]") {
  CHECK(DiffOf(kDeployment, kDeploymentStored).action == Action::kUnchanged);
  // The same memory in other spellings: the API server stores "1073741824"
  // for a plain number (DecimalSI) and "1Gi" for a binary one.
  CHECK(DiffOf(Replace(kDeployment, "memory: 1073741824", "memory: \"1073741824.0\""),
               kDeploymentStored)
            .action == Action::kUnchanged);
  auto gi = DiffOf(Replace(kDeployment, "memory: 1073741824", "memory: 1024Mi"), kDeploymentStored);
  CHECK(gi.action == Action::kConfigured);
  REQUIRE(gi.changes.size() == 1);
  CHECK(gi.changes[0].after == Value("1Gi"));

  auto changed = DiffOf(Replace(kDeployment, "fieldPath: metadata.name", "fieldPath: status.podIP"),
                        kDeploymentStored);
  CHECK(changed.action == Action::kConfigured);
  CHECK(Pointers(changed) ==
        std::vector<std::string>{"/spec/template/spec/containers/0/env/0/valueFrom/fieldRef"});

  auto longer = DiffOf(kDeployment, Replace(kDeploymentStored, "expirationSeconds: 3600",
                                            "expirationSeconds: 7200"));
  CHECK(longer.action == Action::kConfigured);
  CHECK(Pointers(longer) ==
        std::vector<std::string>{"/spec/template/spec/volumes/0/projected/sources"});

  auto cpu = DiffOf(Replace(kDeployment, "cpu: 0.5", "cpu: 0.75"), kDeploymentStored);
  CHECK(cpu.action == Action::kConfigured);
  REQUIRE(cpu.changes.size() == 1);
  CHECK(cpu.changes[0].before == Value("500m"));
  CHECK(cpu.changes[0].after == Value("750m"));
}

TEST_CASE("a live snapshot without the defaults compares as it is", "[plan][diff][defaults]") {
  // A hand-written snapshot holding exactly the desired fields: unchanged,
  // and no default appears on either side.
  std::string live = Replace(kNetworkPolicy, "metadata: {name: allow-web, namespace: apps}",
                             "metadata: {name: allow-web, namespace: apps, uid: x}");
  CHECK(DiffOf(kNetworkPolicy, live).action == Action::kUnchanged);
  auto changed = DiffOf(Replace(kNetworkPolicy, "port: 8080", "port: 9090"), live);
  CHECK(changed.action == Action::kConfigured);
  CHECK(changed.diff.find("protocol: TCP") == std::string::npos);
}

TEST_CASE("a desired value that is not a quantity is an error naming object and field",
          "[plan][diff][defaults]") {
  Value d = Yaml(Replace(kDeployment, "cpu: 0.5", "cpu: half"));
  Value l = Yaml(kDeploymentStored);
  auto entry = gitops::plan::Diff(d, &l, {});
  REQUIRE_FALSE(entry.ok());
  CHECK(entry.status().message().find("Deployment/apps/web") != std::string::npos);
  CHECK(entry.status().message().find("spec.template.spec.containers[0].resources.limits.cpu") !=
        std::string::npos);
}

namespace {

// SetDefaults_LimitRangeItem (core/v1): a Container item's `default` takes
// each resource of `max` it does not name, then `defaultRequest` each
// resource of `default`, then of `min`; a Pod item is left alone.
const char* kLimitRange = R"(apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: apps}
spec:
  limits:
  - type: Container
    max: {cpu: "2", memory: 1Gi}
    min: {cpu: 100m, memory: 64Mi}
    default: {cpu: 500m}
  - type: Pod
    max: {cpu: "4"}
)";
const char* kLimitRangeStored = R"(apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: apps
  resourceVersion: "912"
  uid: 0e6f9f52-1c1e-4a8e-b1de-3f1f0a000009
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:limits: {}
    manager: gitops
    operation: Apply
spec:
  limits:
  - default:
      cpu: 500m
      memory: 1Gi
    defaultRequest:
      cpu: 500m
      memory: 1Gi
    max:
      cpu: "2"
      memory: 1Gi
    min:
      cpu: 100m
      memory: 64Mi
    type: Container
  - max:
      cpu: "4"
    type: Pod
)";

}  // namespace

TEST_CASE("a LimitRange's defaulted default and defaultRequest are no drift",
          "[plan][diff][defaults]") {
  CHECK(DiffOf(kLimitRange, kLimitRangeStored).action == Action::kUnchanged);

  // Without `default`, the request falls back to max's values (through the
  // defaulted `default`), never to min's, for resources max names.
  std::string no_default = Replace(kLimitRange, "    default: {cpu: 500m}\n", "");
  std::string no_default_stored =
      Replace(Replace(kLimitRangeStored, "  - default:\n      cpu: 500m\n",
                      "  - default:\n      cpu: \"2\"\n"),
              "    defaultRequest:\n      cpu: 500m\n", "    defaultRequest:\n      cpu: \"2\"\n");
  CHECK(DiffOf(no_default, no_default_stored).action == Action::kUnchanged);

  // min alone gives the request: max limits no memory here.
  std::string min_only = Replace(kLimitRange, "max: {cpu: \"2\", memory: 1Gi}", "max: {cpu: \"2\"}");
  std::string min_only_stored = Replace(
      Replace(Replace(kLimitRangeStored, "  - default:\n      cpu: 500m\n      memory: 1Gi\n",
                      "  - default:\n      cpu: 500m\n"),
              "    defaultRequest:\n      cpu: 500m\n      memory: 1Gi\n",
              "    defaultRequest:\n      cpu: 500m\n      memory: 64Mi\n"),
      "    max:\n      cpu: \"2\"\n      memory: 1Gi\n", "    max:\n      cpu: \"2\"\n");
  CHECK(DiffOf(min_only, min_only_stored).action == Action::kUnchanged);

  // A default someone changed in the cluster is drift: the apply replaces
  // the list, and the server defaults memory from max again.
  auto edited = DiffOf(kLimitRange, Replace(kLimitRangeStored,
                                            "  - default:\n      cpu: 500m\n      memory: 1Gi\n",
                                            "  - default:\n      cpu: 500m\n      memory: 2Gi\n"));
  CHECK(edited.action == Action::kConfigured);
  CHECK(Pointers(edited) == std::vector<std::string>{"/spec/limits"});
  CHECK(edited.diff.find("-      memory: 2Gi") != std::string::npos);
  CHECK(edited.diff.find("+      memory: 1Gi") != std::string::npos);
}
