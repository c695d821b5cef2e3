// The v1.32 markers that the built-in table was missing or had wrong, each
// proven through a server-side apply merge. Expected field sets are the API
// server's form (FieldsV1) for objects of those schemas: a list-map item is
// `k:{...}`, a set item `v:...`, and a map or struct marked
// `+structType=atomic` / `+mapType=atomic` is owned whole (`f:x: {}` with no
// children). Sources: the structured-merge-diff schema of kubernetes/client-go
// (applyconfigurations/internal/internal.go), see src/core/k8s_types.cc.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"
#include "tests/plan/plan_test_support.h"

namespace gitops::plan {
namespace {

using testing::Json;
using testing::Yaml;

std::string Fields(std::string_view json) { return Json(testing::FieldSetOf(json)); }

FieldSet OwnedSet(const MergeResult& r, std::string_view manager) {
  return testing::OwnedBy(r.managed, manager);
}

std::string Owned(const MergeResult& r, std::string_view manager) {
  return Json(OwnedSet(r, manager));
}

// The part of a manager's set inside `superset` (FieldsV1 listing both the
// atomic and the granular form of a field), to show which form it owns.
std::string OwnedWithin(const MergeResult& r, std::string_view manager, std::string_view superset) {
  return Json(OwnedSet(r, manager).Intersection(testing::FieldSetOf(superset)));
}

Result<MergeResult> ApplyAs(const Value& live, std::string_view config,
                            const ManagedFields& managed, std::string_view manager,
                            std::vector<Conflict>* conflicts = nullptr) {
  Value c = Yaml(config);
  std::string api_version(c.Find("apiVersion")->as_string());
  std::string_view type = Schema::BuiltInTypeFor(api_version, c.Find("kind")->as_string());
  return Apply(Schema::BuiltIn(), type, live, c, managed, manager, api_version, ApplyOptions(),
               conflicts);
}

MergeResult MustApply(const Value& live, std::string_view config, const ManagedFields& managed,
                      std::string_view manager) {
  Result<MergeResult> r = ApplyAs(live, config, managed, manager);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<std::string> ConflictPaths(const Value& live, std::string_view config,
                                       const ManagedFields& managed, std::string_view manager) {
  std::vector<Conflict> conflicts;
  Result<MergeResult> r = ApplyAs(live, config, managed, manager, &conflicts);
  CHECK(r.status().code() == Code::kConflict);
  std::vector<std::string> paths;
  for (const Conflict& c : conflicts) paths.push_back(c.path);
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST_CASE("ValidatingAdmissionPolicy variables merge by name, each variable owned whole",
          "[plan]") {
  // +listType=map +listMapKey=name on spec.variables, +structType=atomic on Variable.
  MergeResult first = MustApply(Value(), R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicas
spec:
  variables:
  - name: replicas
    expression: object.spec.replicas
  validations:
  - expression: variables.replicas <= 5
)",
                                ManagedFields(), "gitops");
  MergeResult second = MustApply(first.object, R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicas
spec:
  variables:
  - name: team
    expression: object.metadata.labels.team
)",
                                 first.managed, "platform");
  CHECK(*second.object.AtPointer("/spec/variables") == Yaml(R"(- name: replicas
  expression: object.spec.replicas
- name: team
  expression: object.metadata.labels.team
)"));
  CHECK(Owned(second, "platform") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:spec":{"f:variables":{"k:{\"name\":\"team\"}":{}}}})"));
}

TEST_CASE("ValidatingAdmissionPolicy paramKind and the binding's paramRef are atomic", "[plan]") {
  MergeResult policy = MustApply(Value(), R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: limits
spec:
  paramKind:
    apiVersion: v1
    kind: ConfigMap
)",
                                 ManagedFields(), "gitops");
  CHECK(Owned(policy, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:spec":{"f:paramKind":{}}})"));
  MergeResult binding = MustApply(Value(), R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: limits
spec:
  policyName: limits
  paramRef:
    name: limits
    namespace: policy
    parameterNotFoundAction: Deny
)",
                                  ManagedFields(), "gitops");
  CHECK(Owned(binding, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:spec":{"f:policyName":{},"f:paramRef":{}}})"));
}

TEST_CASE("Job uncountedTerminatedPods are sets of pod UIDs", "[plan]") {
  constexpr std::string_view kJob = R"(apiVersion: batch/v1
kind: Job
metadata:
  name: j
status:
  uncountedTerminatedPods:
    failed: [uid-1]
)";
  MergeResult first = MustApply(Value(), kJob, ManagedFields(), "job-controller");
  MergeResult second = MustApply(first.object, R"(apiVersion: batch/v1
kind: Job
metadata:
  name: j
status:
  uncountedTerminatedPods:
    failed: [uid-2]
)",
                                 first.managed, "other");
  CHECK(*second.object.AtPointer("/status/uncountedTerminatedPods/failed") ==
        Yaml("[uid-1, uid-2]"));
  CHECK(Owned(second, "other") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:status":{"f:uncountedTerminatedPods":{
    "f:failed":{"v:\"uid-2\"":{}}}}})"));
  // Conditions stay atomic: a second manager's condition conflicts.
  MergeResult conditions = MustApply(Value(), R"(apiVersion: batch/v1
kind: Job
metadata:
  name: j
status:
  conditions:
  - type: Complete
    status: "True"
)",
                                     ManagedFields(), "job-controller");
  CHECK(ConflictPaths(conditions.object, R"(apiVersion: batch/v1
kind: Job
metadata:
  name: j
status:
  conditions:
  - type: Suspended
    status: "False"
)",
                      conditions.managed,
                      "other") == std::vector<std::string>{".status.conditions"});
}

TEST_CASE("volume secretRefs are atomic references, in pods and persistent volumes", "[plan]") {
  MergeResult pod = MustApply(Value(), R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1
  volumes:
  - name: ceph
    rbd:
      image: disk
      monitors: [10.0.0.1:6789]
      secretRef:
        name: ceph-secret
)",
                              ManagedFields(), "gitops");
  CHECK(Owned(pod, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:spec":{
    "f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}},
    "f:volumes":{"k:{\"name\":\"ceph\"}":{".":{},"f:name":{},"f:rbd":{"f:image":{},
    "f:monitors":{},"f:secretRef":{}}}}}})"));
  MergeResult pv = MustApply(Value(), R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: data
spec:
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteOnce]
  csi:
    driver: ebs.csi.aws.com
    volumeHandle: vol-1
    nodePublishSecretRef:
      name: creds
      namespace: storage
)",
                             ManagedFields(), "gitops");
  CHECK(OwnedWithin(pv, "gitops", R"({"f:spec":{"f:csi":{"f:nodePublishSecretRef":{
    ".":{},"f:name":{},"f:namespace":{}}}}})") ==
        Fields(R"({"f:spec":{"f:csi":{"f:nodePublishSecretRef":{}}}})"));
}

TEST_CASE("Ingress defaultBackend service port is atomic: another manager conflicts", "[plan]") {
  MergeResult first = MustApply(Value(), R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: web
      port:
        number: 80
)",
                                ManagedFields(), "gitops");
  CHECK(Owned(first, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:spec":{"f:defaultBackend":{"f:service":{
    "f:name":{},"f:port":{}}}}})"));
  CHECK(ConflictPaths(first.object, R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: web
      port:
        name: http
)",
                      first.managed,
                      "other") == std::vector<std::string>{".spec.defaultBackend.service.port"});
}

TEST_CASE("ResourceQuota scopeSelector and ControllerRevision data are owned whole", "[plan]") {
  MergeResult quota = MustApply(Value(), R"(apiVersion: v1
kind: ResourceQuota
metadata:
  name: q
spec:
  hard:
    pods: "10"
  scopeSelector:
    matchExpressions:
    - scopeName: PriorityClass
      operator: In
      values: [high]
)",
                                ManagedFields(), "gitops");
  CHECK(OwnedWithin(quota, "gitops", R"({"f:spec":{"f:scopeSelector":{".":{},
    "f:matchExpressions":{}}}})") == Fields(R"({"f:spec":{"f:scopeSelector":{}}})"));
  MergeResult revision = MustApply(Value(), R"(apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: web-1
revision: 1
data:
  spec:
    template:
      metadata:
        labels:
          app: web
)",
                                   ManagedFields(), "gitops");
  CHECK(Owned(revision, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},"f:revision":{},"f:data":{}})"));
}

// structured-merge-diff (typed/tofieldset.go, visitMapItems) records a map
// key's own path only when the key is not a declared field of its struct. The
// API server's schema declares every field, so an applied `metadata.labels`
// is `f:labels: {f:app: {}}` and `spec.strategy.rollingUpdate` has no `.`
// entry; the built-in table lists only some fields, and its types say the
// others are fields too (MapType::unlisted_keys_are_fields).
TEST_CASE("built-in field sets of unrecorded map fields match the API server's", "[plan]") {
  MergeResult r = MustApply(Value(), R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labels:
    app: web
)",
                            ManagedFields(), "gitops");
  CHECK(Owned(r, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{},"f:labels":{"f:app":{}}}})"));
  MergeResult d = MustApply(Value(), R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        resources:
          limits:
            cpu: 100m
)",
                            ManagedFields(), "gitops");
  CHECK(Owned(d, "gitops") == Fields(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{}},
    "f:spec":{"f:strategy":{"f:type":{},"f:rollingUpdate":{"f:maxSurge":{}}},
      "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
        "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:name":{},
          "f:resources":{"f:limits":{"f:cpu":{}}}}}}}}})"));
}

}  // namespace
}  // namespace gitops::plan
