// MakePlan: stages, order, prune set, annotations and immutable fields, as
// fluxcd/pkg/ssa (sort.go, ApplyAllStaged, DeleteAll) and kustomize-
// controller carry them out.
#include <algorithm>
#include <catch2/catch.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gitops/core/yaml.h"
#include "gitops/plan/inventory.h"
#include "gitops/plan/plan.h"

namespace {

using gitops::Value;
using gitops::plan::Action;

Value Yaml(const std::string& text) {
  auto doc = gitops::ReadYamlDocument(text);
  REQUIRE(doc.ok());
  return *doc;
}

std::vector<Value> Stream(const std::string& text) {
  auto docs = gitops::ReadYaml(text);
  REQUIRE(docs.ok());
  return *docs;
}

Value Obj(const std::string& api_version, const std::string& kind, const std::string& ns,
          const std::string& name) {
  Value v = Value::Object();
  v.Set("apiVersion", api_version);
  v.Set("kind", kind);
  v["metadata"].Set("name", name);
  if (!ns.empty()) v["metadata"].Set("namespace", ns);
  return v;
}

std::string Subjects(const std::vector<gitops::plan::PlanItem>& stage) {
  std::string out;
  for (const auto& item : stage) out += item.change.ToString() + "\n";
  return out;
}

gitops::plan::Plan PlanOk(const std::vector<Value>& desired, const std::vector<Value>& live,
                          const gitops::plan::Inventory* inventory = nullptr,
                          const gitops::plan::PlanOptions& options = {}) {
  auto plan = gitops::plan::MakePlan(desired, live, inventory, options);
  INFO((plan.ok() ? std::string() : plan.status().ToString()));
  REQUIRE(plan.ok());
  return *plan;
}

}  // namespace

TEST_CASE("plan stages and orders objects as Flux's ssa does", "[plan]") {
  std::vector<Value> desired = {
      Obj("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "", "hook"),
      Obj("apps/v1", "Deployment", "app", "web"),
      Obj("example.com/v1", "Widget", "app", "w1"),
      Obj("v1", "Service", "app", "web"),
      Obj("networking.k8s.io/v1", "IngressClass", "", "nginx"),
      Obj("storage.k8s.io/v1", "StorageClass", "", "fast"),
      Obj("gateway.networking.k8s.io/v1", "GatewayClass", "", "gw"),
      Obj("scheduling.k8s.io/v1", "PriorityClass", "", "high"),
      Obj("v1", "ResourceQuota", "app", "q"),
      Obj("v1", "ConfigMap", "app", "b"),
      Obj("v1", "ConfigMap", "app", "a"),
      Obj("v1", "ConfigMap", "app2", "a"),
      Obj("rbac.authorization.k8s.io/v1", "RoleBinding", "app", "rb"),
      Obj("rbac.authorization.k8s.io/v1", "Role", "app", "r"),
      Obj("v1", "ServiceAccount", "app", "sa"),
      Obj("v1", "Secret", "app", "s"),
      Obj("rbac.authorization.k8s.io/v1", "ClusterRole", "", "cr"),
      Obj("v1", "Namespace", "", "app"),
      Obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com"),
      Obj("batch/v1", "Job", "app", "migrate"),
      Obj("policy/v1", "PodDisruptionBudget", "app", "pdb"),
      Obj("apps/v1", "StatefulSet", "app", "db"),
  };
  auto plan = PlanOk(desired, {});
  CHECK(Subjects(plan.stages[0]) ==
        "CustomResourceDefinition/widgets.example.com created\n"
        "Namespace/app created\n"
        "ClusterRole/cr created\n");
  CHECK(Subjects(plan.stages[1]) ==
        "PriorityClass/high created\n"
        "StorageClass/fast created\n"
        "IngressClass/nginx created\n"
        "GatewayClass/gw created\n");
  CHECK(Subjects(plan.stages[2]) ==
        "ResourceQuota/app/q created\n"
        "ServiceAccount/app/sa created\n"
        "Role/app/r created\n"
        "RoleBinding/app/rb created\n"
        "ConfigMap/app/a created\n"
        "ConfigMap/app/b created\n"
        "ConfigMap/app2/a created\n"
        "Secret/app/s created\n"
        "Service/app/web created\n"
        "Deployment/app/web created\n"
        "StatefulSet/app/db created\n"
        "PodDisruptionBudget/app/pdb created\n"
        "Job/app/migrate created\n"
        "Widget/app/w1 created\n"
        "ValidatingWebhookConfiguration/hook created\n");
  CHECK(plan.HasChanges());
  REQUIRE(plan.inventory.entries.size() == desired.size());
  CHECK(plan.inventory.entries[0].id == "_app__Namespace");
  CHECK(plan.inventory.entries[1].id == "_cr_rbac.authorization.k8s.io_ClusterRole");
}

TEST_CASE("plan prunes what the inventory has and the desired set lost", "[plan][prune]") {
  std::vector<Value> desired = {Obj("v1", "ConfigMap", "app", "kept")};
  Value kept = Obj("v1", "ConfigMap", "app", "kept");
  Value old_cm = Obj("v1", "ConfigMap", "app", "old");
  Value old_ns = Obj("v1", "Namespace", "", "old");
  Value old_deploy = Obj("apps/v1", "Deployment", "app", "old");
  Value protected_cm = Obj("v1", "ConfigMap", "app", "protected");
  protected_cm["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/prune", "disabled");
  Value disabled = Obj("v1", "Secret", "app", "disabled");
  disabled["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/reconcile", "disabled");
  std::vector<Value> live = {kept, old_cm, old_ns, old_deploy, protected_cm, disabled};
  auto inventory = gitops::plan::Inventory::FromValue(Yaml(R"(
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
status:
  inventory:
    entries:
    - {id: app_kept__ConfigMap, v: v1}
    - {id: app_old__ConfigMap, v: v1}
    - {id: _old__Namespace, v: v1}
    - {id: app_old_apps_Deployment, v: v1}
    - {id: app_protected__ConfigMap, v: v1}
    - {id: app_disabled__Secret, v: v1}
    - {id: app_gone__ConfigMap, v: v1}
)"));
  REQUIRE(inventory.ok());
  auto plan = PlanOk(desired, live, &*inventory);
  std::string pruned;
  for (const auto& e : plan.prune) pruned += e.ToString() + "\n";
  // Reverse apply order; app_gone is not live any more, so not listed.
  CHECK(pruned ==
        "Deployment/app/old deleted\n"
        "Secret/app/disabled skipped\n"
        "ConfigMap/app/protected skipped\n"
        "ConfigMap/app/old deleted\n"
        "Namespace/old deleted\n");
  CHECK(plan.inventory.ToValue() == Yaml("entries: [{id: app_kept__ConfigMap, v: v1}]"));
}

TEST_CASE("plan refuses to prune everything for an empty desired set", "[plan][prune]") {
  gitops::plan::Inventory inventory;
  inventory.entries.push_back({"app_old__ConfigMap", "v1"});
  std::vector<Value> live = {Obj("v1", "ConfigMap", "app", "old")};
  auto plan = gitops::plan::MakePlan({}, live, &inventory, {});
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == gitops::Code::kFailedPrecondition);
  CHECK(plan.status().message().find("empty") != std::string::npos);
  gitops::plan::PlanOptions options;
  options.allow_empty = true;
  auto allowed = PlanOk({}, live, &inventory, options);
  REQUIRE(allowed.prune.size() == 1);
  CHECK(allowed.prune[0].action == Action::kDeleted);
}

TEST_CASE("plan names every bad or duplicated object", "[plan][errors]") {
  Value nameless = Obj("v1", "ConfigMap", "app", "x");
  nameless["metadata"].Erase("name");
  Value kindless = Obj("v1", "ConfigMap", "app", "y");
  kindless.Erase("kind");
  std::vector<Value> desired = {Obj("v1", "ConfigMap", "app", "a"), nameless, kindless,
                                Obj("v1", "ConfigMap", "app", "a")};
  auto plan = gitops::plan::MakePlan(desired, {}, nullptr, {});
  REQUIRE_FALSE(plan.ok());
  const std::string& m = plan.status().message();
  CHECK(m.find("desired object 2") != std::string::npos);
  CHECK(m.find("desired object 3") != std::string::npos);
  CHECK(m.find("ConfigMap/app/a is listed twice in the desired objects (1 and 4)") !=
        std::string::npos);
  // A snapshot holding an object twice is refused too: which copy is the
  // cluster's state cannot be told.
  std::vector<Value> one = {Obj("v1", "ConfigMap", "app", "a")};
  std::vector<Value> live_twice = {Obj("v1", "ConfigMap", "app", "a"),
                                   Obj("v1", "ConfigMap", "app", "b"),
                                   Obj("v1", "ConfigMap", "app", "a")};
  auto twice = gitops::plan::MakePlan(one, live_twice, nullptr, {});
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().code() == gitops::Code::kAlreadyExists);
  CHECK(twice.status().message() == "ConfigMap/app/a is listed twice in the live objects (1 and 3)");
  auto drift_twice = gitops::plan::DetectDrift(one, live_twice, {});
  REQUIRE_FALSE(drift_twice.ok());
  CHECK(drift_twice.status().message() ==
        "ConfigMap/app/a is listed twice in the live objects (1 and 3)");
  gitops::plan::Inventory bad;
  bad.entries.push_back({"not-an-id", "v1"});
  auto bad_inventory =
      gitops::plan::MakePlan(std::vector<Value>{Obj("v1", "ConfigMap", "app", "a")}, {}, &bad, {});
  REQUIRE_FALSE(bad_inventory.ok());
  CHECK(bad_inventory.status().message().find("inventory entry 1") != std::string::npos);
}

TEST_CASE("plan refuses a namespaced object without a namespace, as Flux does",
          "[plan][errors][namespace]") {
  // Flux applies each object as it is: the API server refuses a namespaced
  // one without metadata.namespace, and Flux reports "<Kind>/<name>
  // namespace not specified" (fluxcd/flux2#4301).
  std::vector<Value> desired = Stream(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
)");
  auto plan = gitops::plan::MakePlan(desired, {}, nullptr, {});
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == gitops::Code::kInvalidArgument);
  const std::string& m = plan.status().message();
  CHECK(m.starts_with("ConfigMap/settings namespace not specified: "));
  CHECK(m.find("\nWidget/w namespace not specified: ") != std::string::npos);
  // Cluster-scoped kinds, and a kind no CRD or table here knows, pass.
  CHECK(m.find("Namespace/") == std::string::npos);
  CHECK(m.find("ClusterRole/") == std::string::npos);
  CHECK(m.find("Gadget/") == std::string::npos);
  auto drift = gitops::plan::DetectDrift(desired, {}, {});
  REQUIRE_FALSE(drift.ok());
  CHECK(drift.status().message().starts_with("ConfigMap/settings namespace not specified"));

  // A cluster-scoped CRD (here only in the live set) lets its objects go
  // without a namespace, and a namespaced object with one passes.
  std::vector<Value> fixed = Stream(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: app}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
)");
  std::vector<Value> live = Stream(R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true}]
)");
  auto ok = PlanOk(fixed, live);
  CHECK(ok.stages[2].size() == 2);
}

TEST_CASE("plan refuses immutable field changes unless forced", "[plan][immutable]") {
  std::vector<Value> desired = Stream(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector:
    matchLabels: {app: web2}
)");
  std::vector<Value> live = Stream(R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
  uid: 3b9a0c56-1111-4c0e-8d43-2b8ad3f1c001
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:selector: {}
    manager: gitops
    operation: Apply
spec:
  selector:
    matchLabels: {app: web}
)");
  auto refused = gitops::plan::MakePlan(desired, live, nullptr, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == gitops::Code::kFailedPrecondition);
  CHECK(refused.status().message().starts_with(
      "Deployment/app/web: field /spec/selector is immutable"));
  gitops::plan::PlanOptions force;
  force.force = true;
  auto forced = PlanOk(desired, live, nullptr, force);
  REQUIRE(forced.stages[2].size() == 1);
  CHECK(forced.stages[2][0].change.action == Action::kConfigured);
  CHECK(forced.stages[2][0].change.recreate);
  desired[0]["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/force", "Enabled");
  CHECK(PlanOk(desired, live).stages[2][0].change.recreate);
}

TEST_CASE("plan: immutable fields of Services, Jobs, PVCs and StatefulSets", "[plan][immutable]") {
  struct Case {
    const char* name;
    const char* live;
    const char* desired;
    bool immutable;
  };
  const Case cases[] = {
      {"Service clusterIP change",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {clusterIP: 10.0.0.1, type: ClusterIP}}",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {clusterIP: 10.0.0.2}}",
       true},
      {"Service to ExternalName drops the clusterIP",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {clusterIP: 10.0.0.1, type: ClusterIP}}",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {type: ExternalName, externalName: x.example.com, clusterIP: ''}}",
       false},
      {"headless Service to LoadBalancer",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {clusterIP: None, type: ClusterIP}}",
       "{apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}, spec: {type: LoadBalancer}}",
       true},
      {"Job template",
       "{apiVersion: batch/v1, kind: Job, metadata: {name: j, namespace: a}, spec: {template: {spec: {restartPolicy: Never}}}}",
       "{apiVersion: batch/v1, kind: Job, metadata: {name: j, namespace: a}, spec: {template: {spec: {restartPolicy: OnFailure}}}}",
       true},
      {"PVC storage request may grow",
       "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: p, namespace: a}, spec: {resources: {requests: {storage: 1Gi}}}}",
       "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: p, namespace: a}, spec: {resources: {requests: {storage: 2Gi}}}}",
       false},
      {"PVC storage class",
       "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: p, namespace: a}, spec: {storageClassName: slow}}",
       "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: p, namespace: a}, spec: {storageClassName: fast}}",
       true},
      {"StatefulSet volumeClaimTemplates",
       "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: d, namespace: a}, spec: {volumeClaimTemplates: [{metadata: {name: data}}]}}",
       "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: d, namespace: a}, spec: {volumeClaimTemplates: [{metadata: {name: data2}}]}}",
       true},
      {"StatefulSet replicas",
       "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: d, namespace: a}, spec: {replicas: 1}}",
       "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: d, namespace: a}, spec: {replicas: 3}}",
       false},
      {"immutable ConfigMap data",
       "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: a}, immutable: true, data: {k: a}}",
       "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: a}, immutable: true, data: {k: b}}",
       true},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::vector<Value> live = {Yaml(c.live)}, desired = {Yaml(c.desired)};
    auto plan = gitops::plan::MakePlan(desired, live, nullptr, {});
    if (c.immutable) {
      REQUIRE_FALSE(plan.ok());
      CHECK(plan.status().code() == gitops::Code::kFailedPrecondition);
    } else {
      INFO((plan.ok() ? std::string() : plan.status().ToString()));
      REQUIRE(plan.ok());
      CHECK(plan->stages[2][0].change.action == Action::kConfigured);
    }
  }
}

TEST_CASE("plan applies the status of a CRD without a status subresource", "[plan]") {
  std::vector<Value> desired = Stream(R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: a}
status: {color: blue}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: a}
status: {ignored: true}
)");
  std::vector<Value> live = {Yaml("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: a}, status: {color: red}}"),
                             Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: a}}")};
  auto plan = PlanOk(desired, live);
  CHECK(Subjects(plan.stages[2]) == "ConfigMap/a/c unchanged\nWidget/a/w configured\n");
  REQUIRE(plan.stages[2][1].change.changes.size() == 1);
  CHECK(plan.stages[2][1].change.changes[0].pointer == "/status/color");
}

TEST_CASE("a plan reads back what it writes", "[plan]") {
  std::vector<Value> desired = {Obj("v1", "ConfigMap", "app", "a"),
                                Obj("v1", "Namespace", "", "app")};
  gitops::plan::Inventory inventory;
  inventory.entries.push_back({"app_old__ConfigMap", "v1"});
  std::vector<Value> live = {Obj("v1", "ConfigMap", "app", "old")};
  auto plan = PlanOk(desired, live, &inventory);
  for (bool with_objects : {false, true}) {
    Value v = plan.ToValue(with_objects);
    auto yaml = gitops::WriteYaml(v);
    auto reread = gitops::ReadYamlDocument(yaml);
    REQUIRE(reread.ok());
    auto back = gitops::plan::Plan::FromValue(*reread);
    REQUIRE(back.ok());
    CHECK(back->ToValue(with_objects) == v);
  }
  auto back = gitops::plan::Plan::FromValue(plan.ToValue(true));
  REQUIRE(back.ok());
  CHECK(back->stages[2][0].object == desired[0]);
  CHECK(back->prune[0].ToString() == "ConfigMap/app/old deleted");
  CHECK(gitops::plan::Plan::FromValue(Yaml("{stages: 3}")).status().code() ==
        gitops::Code::kInvalidArgument);
}

TEST_CASE("inventories read and write Flux's form", "[plan][inventory]") {
  std::vector<gitops::ObjectId> ids = {{"apps", "v1", "Deployment", "app", "web"},
                                       {"", "v1", "Namespace", "", "app"},
                                       {"rbac.authorization.k8s.io", "v1", "ClusterRole", "",
                                        "system:web"}};
  auto inv = gitops::plan::Inventory::Of(ids);
  CHECK(inv.ToValue() == Yaml(R"(
entries:
- {id: _app__Namespace, v: v1}
- {id: _system__web_rbac.authorization.k8s.io_ClusterRole, v: v1}
- {id: app_web_apps_Deployment, v: v1}
)"));
  auto back = gitops::plan::Inventory::FromValue(inv.ToValue());
  REQUIRE(back.ok());
  CHECK(*back == inv);
  auto parsed = back->Ids();
  REQUIRE(parsed.ok());
  CHECK((*parsed)[1].name == "system:web");
  CHECK((*parsed)[2].version == "v1");
  CHECK(gitops::plan::Inventory::FromValue(Yaml("entries: [{v: v1}]")).status().message() ==
        "inventory.entries[0]: no id");
  CHECK(gitops::plan::Inventory::FromValue(Yaml("entries: [{id: a_b}]")).status().code() ==
        gitops::Code::kParseError);
  CHECK(gitops::plan::Inventory::FromValue(Yaml("{kind: Kustomization}"))->entries.empty());
}

TEST_CASE("a plan is the same whatever the number of threads", "[plan][threads]") {
  // 300 ConfigMaps, each applied by gitops as kube-apiserver records it;
  // every 7th changed since by another manager, every 11th created, every
  // 13th carrying a field gitops owned and no longer sets.
  std::vector<Value> desired, live;
  size_t changed = 0, created = 0;
  for (int i = 0; i < 300; ++i) {
    std::string name = "cm" + std::to_string(i);
    Value d = Obj("v1", "ConfigMap", "app", name);
    d["data"].Set("color", "blue");
    desired.push_back(d);
    if (i % 11 == 0) {
      ++created;
      continue;
    }
    Value l = d;
    l["metadata"].Set("uid", "u-" + name);
    l["metadata"]["managedFields"] = Yaml(R"(
- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1: {f:data: {f:color: {}}}
  manager: gitops
  operation: Apply
)");
    if (i % 7 == 0) {
      l["data"].Set("color", "red");
      ++changed;
    } else if (i % 13 == 0) {
      l["data"].Set("size", "large");
      l["metadata"]["managedFields"][0]["fieldsV1"]["f:data"].Set("f:size", Value::Object());
      ++changed;
    }
    live.push_back(std::move(l));
  }
  gitops::plan::PlanOptions serial;
  serial.threads = 1;
  gitops::plan::Plan one = PlanOk(desired, live, nullptr, serial);
  size_t configured = 0, made = 0;
  for (const auto& item : one.stages[2]) {
    configured += item.change.action == Action::kConfigured;
    made += item.change.action == Action::kCreated;
  }
  CHECK(configured == changed);
  CHECK(made == created);
  for (int threads : {2, 3, 4}) {
    gitops::plan::PlanOptions parallel;
    parallel.threads = threads;
    gitops::plan::Plan many = PlanOk(desired, live, nullptr, parallel);
    INFO(threads << " threads");
    CHECK(gitops::WriteYaml(many.ToValue(true)) == gitops::WriteYaml(one.ToValue(true)));
  }

  // Taking the objects over plans the same.
  auto taken = gitops::plan::MakePlanFrom(desired, live, nullptr, serial);
  REQUIRE(taken.ok());
  CHECK(gitops::WriteYaml(taken->ToValue(true)) == gitops::WriteYaml(one.ToValue(true)));

  // Errors come out in the same order too, each object named once.
  std::vector<Value> bad = desired;
  for (const char* name : {"d-b", "d-a"}) {
    Value d = Obj("apps/v1", "Deployment", "app", name);
    d["spec"]["template"]["spec"]["containers"] = Yaml("[{image: web:1}]");  // no name
    bad.push_back(std::move(d));
  }
  std::string messages[2];
  for (int t = 0; t < 2; ++t) {
    gitops::plan::PlanOptions options;
    options.threads = t == 0 ? 1 : 4;
    auto plan = gitops::plan::MakePlan(bad, live, nullptr, options);
    REQUIRE_FALSE(plan.ok());
    messages[t] = plan.status().message();
  }
  CHECK(messages[0] == messages[1]);
  CHECK(messages[0].find("Deployment/app/d-a") < messages[0].find("Deployment/app/d-b"));
  CHECK(messages[0].find("Deployment/app/d-b") != std::string::npos);
}

TEST_CASE("thousands of objects come out in Flux's order on any number of threads",
          "[plan][threads]") {
  // 3,000 objects of five kinds, given in a scrambled order: past 2,048 the
  // plan sorts them in two halves on two threads and merges them.
  const char* kinds[][2] = {{"apps/v1", "Deployment"},
                            {"v1", "Service"},
                            {"v1", "ConfigMap"},
                            {"v1", "ServiceAccount"},
                            {"v1", "Namespace"}};
  std::vector<Value> desired;
  for (int i = 0; i < 3000; ++i) {
    int n = (i * 7919) % 3000;  // a permutation of 0..2999
    const auto& k = kinds[n % 5];
    bool cluster = std::string(k[1]) == "Namespace";
    desired.push_back(Obj(k[0], k[1], cluster ? "" : "ns" + std::to_string(n % 3),
                          "o" + std::to_string(n)));
  }
  gitops::plan::PlanOptions one, two;
  one.threads = 1;
  two.threads = 2;
  gitops::plan::Plan a = PlanOk(desired, {}, nullptr, one);
  gitops::plan::Plan b = PlanOk(desired, {}, nullptr, two);
  CHECK(gitops::WriteYaml(a.ToValue(true)) == gitops::WriteYaml(b.ToValue(true)));
  REQUIRE(a.stages[0].size() == 600);
  REQUIRE(a.stages[2].size() == 2400);
  CHECK(a.inventory.entries.size() == 3000);
  CHECK(std::is_sorted(a.inventory.entries.begin(), a.inventory.entries.end(),
                       [](const auto& x, const auto& y) { return x.id < y.id; }));
  // ssa's order: ServiceAccount, ConfigMap, Service, Deployment; then
  // namespace, then name (as strings). First: the ServiceAccounts are the
  // n = 3 mod 5 and the ns0 ones n = 0 mod 3, so n = 3 mod 15, whose least
  // name as a string is o1008; last: Deployments (n = 0 mod 5) in ns2
  // (n = 2 mod 3), n = 5 mod 15, the greatest o995.
  auto rank = [](const std::string& kind) {
    return kind == "ServiceAccount" ? 0 : kind == "ConfigMap" ? 1 : kind == "Service" ? 2 : 3;
  };
  bool ordered = true;
  for (size_t i = 1; i < a.stages[2].size(); ++i) {
    const auto& x = a.stages[2][i - 1].change.id;
    const auto& y = a.stages[2][i].change.id;
    auto key = [&](const auto& id) { return std::make_tuple(rank(id.kind), id.namespace_, id.name); };
    if (!(key(x) < key(y))) ordered = false;
  }
  CHECK(ordered);
  CHECK(a.stages[2].front().change.ToString() == "ServiceAccount/ns0/o1008 created");
  CHECK(a.stages[2].back().change.ToString() == "Deployment/ns2/o995 created");

  // Objects that cannot be planned are named in input order, live ones first.
  std::vector<Value> bad = desired;
  bad[2500]["metadata"].Erase("name");
  bad[10]["metadata"].Erase("name");
  std::vector<Value> live = {desired[5], desired[6], desired[7]};
  live[1].Erase("kind");
  auto failed = gitops::plan::MakePlan(bad, live, nullptr, two);
  REQUIRE_FALSE(failed.ok());
  std::string m = failed.status().message();
  INFO(m);
  CHECK(m.find("live object 2") != std::string::npos);
  CHECK(m.find("live object 2") < m.find("desired object 11:"));
  CHECK(m.find("desired object 11:") < m.find("desired object 2501:"));
  auto again = gitops::plan::MakePlan(bad, live, nullptr, one);
  CHECK(again.status().message() == m);
}

TEST_CASE("plan asks DiffOptions::schemas once per kind, on the caller's thread",
          "[plan][threads]") {
  std::vector<Value> desired;
  for (int i = 0; i < 200; ++i) {
    desired.push_back(Obj("v1", "ConfigMap", "app", "cm" + std::to_string(i)));
    desired.push_back(Obj("example.com/v1", "Widget", "app", "w" + std::to_string(i)));
  }
  std::mutex mu;
  std::set<std::thread::id> callers;
  std::vector<std::string> asked;
  gitops::plan::PlanOptions options;
  options.threads = 4;
  options.diff.schemas = [&](std::string_view api_version, std::string_view kind)
      -> std::optional<gitops::plan::KindSchema> {
    std::lock_guard<std::mutex> lock(mu);
    callers.insert(std::this_thread::get_id());
    asked.push_back(std::string(api_version) + " " + std::string(kind));
    return std::nullopt;
  };
  gitops::plan::Plan plan = PlanOk(desired, {}, nullptr, options);
  CHECK(plan.stages[2].size() == 400);
  CHECK(callers == std::set<std::thread::id>{std::this_thread::get_id()});
  std::sort(asked.begin(), asked.end());
  CHECK(asked == std::vector<std::string>{"example.com/v1 Widget", "v1 ConfigMap"});
}
