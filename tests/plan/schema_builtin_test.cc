// The built-in v1.32 type table as a plan schema: each list type it records
// proven through a merge. Expected objects are what `kubectl get -o yaml`
// shows of such objects, and expected managedFields are the API server's own
// form for them (list-map items keyed with their defaulted key fields, as
// `k:{"containerPort":80,"protocol":"TCP"}`; atomic parts owned whole).
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/k8s_types.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"
#include "tests/plan/plan_test_support.h"

namespace gitops::plan {
namespace {

using testing::Json;
using testing::kWebDeploymentAsStored;
using testing::Yaml;

FieldSet Fields(std::string_view json) { return testing::FieldSetOf(json); }

const FieldSet& Owned(const ManagedFields& managed, std::string_view manager) {
  return testing::OwnedBy(managed, manager);
}

Result<MergeResult> ApplyAs(const Value& live, std::string_view config,
                            const ManagedFields& managed, std::string_view manager,
                            bool force = false, std::vector<Conflict>* conflicts = nullptr) {
  Value c = Yaml(config);
  const Value* api_version = c.Find("apiVersion");
  const Value* kind = c.Find("kind");
  REQUIRE(api_version != nullptr);
  REQUIRE(kind != nullptr);
  std::string_view type = Schema::BuiltInTypeFor(api_version->as_string(), kind->as_string());
  ApplyOptions options;
  options.force = force;
  return Apply(Schema::BuiltIn(), type, live, c, managed, manager, api_version->as_string(),
               options, conflicts);
}

MergeResult MustApply(const Value& live, std::string_view config, const ManagedFields& managed,
                      std::string_view manager, bool force = false) {
  Result<MergeResult> r = ApplyAs(live, config, managed, manager, force);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

// The Deployment these tests apply, up to its containers; the objects they
// expect are this one with other containers.
constexpr std::string_view kDeploymentHead = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
)";

std::string DeploymentWith(std::string_view containers) {
  return std::string(kDeploymentHead) + std::string(containers);
}

const std::string kDeployment = DeploymentWith(R"(      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
)");

TEST_CASE("built-in table knows the v1.32 kinds and falls back to deduced", "[plan]") {
  CHECK(Schema::BuiltInTypeFor("apps/v1", "Deployment") == "io.k8s.api.apps.v1.Deployment");
  CHECK(Schema::BuiltInTypeFor("v1", "Service") == "io.k8s.api.core.v1.Service");
  CHECK(Schema::BuiltInTypeFor("autoscaling/v2", "HorizontalPodAutoscaler") ==
        "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler");
  CHECK(
      Schema::BuiltInTypeFor("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration") ==
      "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration");
  // Another version of a group is another schema; custom resources are deduced.
  CHECK(Schema::BuiltInTypeFor("autoscaling/v1", "HorizontalPodAutoscaler") ==
        Schema::kDeducedTypeName);
  CHECK(Schema::BuiltInTypeFor("kustomize.toolkit.fluxcd.io/v1", "Kustomization") ==
        Schema::kDeducedTypeName);
  CHECK(Schema::BuiltIn().Find(Schema::kDeducedTypeName) != nullptr);
  // Every type a recorded field names is a type of the schema.
  for (const K8sField& f : K8sTypes::V1_32().fields()) {
    if (f.type != K8sTypes::V1_32().object_type()) CHECK(Schema::BuiltIn().Find(f.type));
    if (!f.value.empty()) CHECK(Schema::BuiltIn().Find(f.value));
  }
  // Render's v1.21 table is unchanged: short names, no versions.
  CHECK(K8sTypes::V1_21().RootType("apps", "Deployment") == "Deployment");
  CHECK(K8sTypes::V1_21().Field("Container", "ports")->keys == "containerPort,protocol");
}

TEST_CASE("re-applying a Deployment over API-server defaults changes nothing", "[plan]") {
  MergeResult first = MustApply(Value(), kDeployment, ManagedFields(), "gitops");
  // What the API server recorded for that apply (kubectl get -o yaml
  // --show-managed-fields), under spec.
  FieldSet spec = Owned(first.managed, "gitops").Intersection(Fields(R"({"f:spec":{
    "f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
    "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},
    "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})"));
  CHECK(Json(spec) == Json(Fields(R"({"f:spec":{"f:replicas":{},"f:selector":{},
    "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{
    "k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{
    "k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})")));

  // The object as the API server stores it: defaults filled in by nobody's apply.
  Value live = Yaml(kWebDeploymentAsStored);
  MergeResult again = MustApply(live, kDeployment, first.managed, "gitops");
  CHECK(again.object == live);
  CHECK(Owned(again.managed, "gitops") == Owned(first.managed, "gitops"));

  // The deduced schema (lists atomic) would drop the defaulted protocol.
  Result<MergeResult> deduced =
      Apply(Schema::Deduced(), "", live, Yaml(kDeployment), first.managed, "gitops", "apps/v1", {});
  REQUIRE(deduced.ok());
  CHECK_FALSE(deduced->object == live);
}

TEST_CASE("containers merge by name and ports by containerPort and protocol", "[plan]") {
  MergeResult first = MustApply(Value(), kDeployment, ManagedFields(), "gitops");
  // A second manager adds a sidecar and a UDP port on the same number.
  MergeResult second = MustApply(first.object, R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  template:
    spec:
      containers:
      - name: web
        ports:
        - containerPort: 80
          protocol: UDP
      - name: proxy
        image: envoy:1.31
)",
                                 first.managed, "mesh");
  Value want = Yaml(DeploymentWith(R"(      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        - containerPort: 80
          protocol: UDP
      - name: proxy
        image: envoy:1.31
)"));
  CHECK(second.object == want);
  // gitops changes its image: no conflict, the sidecar stays.
  std::string updated(kDeployment);
  updated.replace(updated.find("nginx:1.27"), 10, "nginx:1.28");
  MergeResult third = MustApply(second.object, updated, second.managed, "gitops");
  const Value* containers = third.object.AtPointer("/spec/template/spec/containers");
  REQUIRE(containers != nullptr);
  REQUIRE(containers->size() == 2);
  CHECK(containers->items()[0].Find("image")->as_string() == "nginx:1.28");
  CHECK(containers->items()[1].Find("name")->as_string() == "proxy");
}

constexpr std::string_view kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: app:1
    env:
    - name: A
      value: "1"
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
  imagePullSecrets:
  - name: registry
  tolerations:
  - key: dedicated
    operator: Exists
  nodeSelector:
    disk: ssd
)";

TEST_CASE("env, volumeMounts, volumes and imagePullSecrets merge by key", "[plan]") {
  MergeResult first = MustApply(Value(), kPod, ManagedFields(), "gitops");
  MergeResult second = MustApply(first.object, R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    env:
    - name: B
      value: "2"
    volumeMounts:
    - name: certs
      mountPath: /certs
  volumes:
  - name: certs
    secret:
      secretName: certs
  imagePullSecrets:
  - name: mirror
)",
                                 first.managed, "injector");
  // kPod with each of the injector's items after gitops' in its list.
  Value want = Yaml(kPod);
  Value& app = want["spec"]["containers"][0];
  app["env"].Append(Yaml(R"({name: B, value: "2"})"));
  app["volumeMounts"].Append(Yaml("{name: certs, mountPath: /certs}"));
  want["spec"]["volumes"].Append(Yaml("{name: certs, secret: {secretName: certs}}"));
  want["spec"]["imagePullSecrets"].Append(Yaml("{name: mirror}"));
  CHECK(second.object == want);
  // imagePullSecrets items are LocalObjectReferences, owned whole.
  CHECK(
      Json(
          Owned(second.managed, "injector")
              .Intersection(Fields(
                  R"({"f:spec":{"f:imagePullSecrets":{"k:{\"name\":\"mirror\"}":{".":{},"f:name":{}}}}})"))) ==
      R"({"f:spec":{"f:imagePullSecrets":{"k:{\"name\":\"mirror\"}":{}}}})");
}

TEST_CASE("tolerations and nodeSelector are atomic: another manager conflicts", "[plan]") {
  MergeResult first = MustApply(Value(), kPod, ManagedFields(), "gitops");
  constexpr std::string_view kOther = R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  tolerations:
  - key: gpu
    operator: Exists
  nodeSelector:
    zone: a
)";
  std::vector<Conflict> conflicts;
  Result<MergeResult> r = ApplyAs(first.object, kOther, first.managed, "ops", false, &conflicts);
  REQUIRE(r.status().code() == Code::kConflict);
  std::vector<std::string> paths;
  for (const Conflict& c : conflicts) {
    CHECK(c.manager == "gitops");
    paths.push_back(c.path);
  }
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{".spec.nodeSelector", ".spec.tolerations"});
  // Forced, the lists and maps are replaced whole, not merged.
  MergeResult forced = MustApply(first.object, kOther, first.managed, "ops", true);
  CHECK(*forced.object.AtPointer("/spec/tolerations") == Yaml("- key: gpu\n  operator: Exists\n"));
  CHECK(*forced.object.AtPointer("/spec/nodeSelector") == Yaml("zone: a\n"));
}

TEST_CASE("Service ports merge by port and defaulted protocol; selector is atomic", "[plan]") {
  constexpr std::string_view kService = R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
)";
  MergeResult first = MustApply(Value(), kService, ManagedFields(), "gitops");
  CHECK(Json(Owned(first.managed, "gitops")) ==
        Json(Fields(R"({"f:metadata":{"f:name":{}},"f:apiVersion":{},"f:kind":{},"f:spec":{
          "f:selector":{},"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},
          "f:port":{},"f:targetPort":{}}}}})")));
  Value live = first.object;
  REQUIRE(live.AtPointer("/spec/ports/0")->is_object());
  Value defaulted = Yaml(R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: 10.0.0.12
  clusterIPs:
  - 10.0.0.12
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  sessionAffinity: None
  type: ClusterIP
)");
  MergeResult again = MustApply(defaulted, kService, first.managed, "gitops");
  CHECK(again.object == defaulted);
}

TEST_CASE("finalizers are a set and ownerReferences a list-map on uid", "[plan]") {
  MergeResult first = MustApply(Value(), R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  finalizers: [a.example.com/x]
data:
  k: v
)",
                                ManagedFields(), "gitops");
  MergeResult second = MustApply(first.object, R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  finalizers: [b.example.com/y]
  ownerReferences:
  - apiVersion: v1
    kind: Pod
    name: p
    uid: 5f1c9d2e-0b7a-4c3e-9d41-2a6f8e3b7c10
)",
                                 first.managed, "controller");
  CHECK(*second.object.AtPointer("/metadata/finalizers") ==
        Yaml("[a.example.com/x, b.example.com/y]"));
  CHECK(Json(Owned(second.managed, "controller")) ==
        Json(Fields(R"({"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:name":{},
          "f:finalizers":{"v:\"b.example.com/y\"":{}},
          "f:ownerReferences":{"k:{\"uid\":\"5f1c9d2e-0b7a-4c3e-9d41-2a6f8e3b7c10\"}":{}}}})")));
}

TEST_CASE("Job status conditions are atomic, Deployment's merge by type", "[plan]") {
  const Atom* job = Schema::BuiltIn().Find("io.k8s.api.batch.v1.JobStatus");
  REQUIRE(job != nullptr);
  const StructField* job_conditions = job->map->FindField("conditions");
  REQUIRE(job_conditions != nullptr);
  std::shared_ptr<const Atom> job_list = Schema::BuiltIn().Resolve(job_conditions->type);
  REQUIRE(job_list->list);
  CHECK(job_list->list->relationship == ElementRelationship::kAtomic);
  const Atom* status = Schema::BuiltIn().Find("io.k8s.api.apps.v1.DeploymentStatus");
  REQUIRE(status != nullptr);
  const StructField* conditions = status->map->FindField("conditions");
  REQUIRE(conditions != nullptr);
  std::shared_ptr<const Atom> list = Schema::BuiltIn().Resolve(conditions->type);
  REQUIRE(list->list);
  CHECK(list->list->relationship == ElementRelationship::kAssociative);
  CHECK(list->list->keys == std::vector<std::string>{"type"});
}

}  // namespace
}  // namespace gitops::plan
