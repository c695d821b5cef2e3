// The unchanged-object shortcut (DiffObject's check on the values and the
// live FieldsV1, before any field set is built) on the forms it reads
// itself: list-map keys in the API server's form with long strings,
// integers and booleans, keys in another JSON spelling, owned items the
// desired object dropped, and objects whose keys are not sorted. The
// expected actions are server-side apply's (a field we own that the
// configuration drops is removed; nothing else changes).
#include <catch2/catch.hpp>
#include <string>

#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "tests/plan/plan_test_support.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::testing::DiffOk;
using gitops::plan::testing::Yaml;

// A Deployment as kustomize writes it (keys sorted).
const char* kDesired = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: web
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
      - env:
        - name: LOG_FORMAT
          value: json
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: http://otel-collector.observability.svc.cluster.local:4317
        image: ghcr.io/example/web:1.4.2
        name: web
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        securityContext:
          readOnlyRootFilesystem: true
)";

// The same after `kubectl apply --server-side --field-manager=gitops`, with
// the defaults the API server adds; `%FIELDS%` is the manager's fieldsV1.
const char* kLive = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  generation: 1
  labels:
    app.kubernetes.io/name: web
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1: %FIELDS%
    manager: gitops
    operation: Apply
    time: "2026-11-30T09:12:44Z"
  name: web
  namespace: shop
  resourceVersion: "48213"
  uid: 6f0b2c1e-4d1a-4f8e-9a57-3c2d1e0f9a11
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
      - env:
        - name: LOG_FORMAT
          value: json
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: http://otel-collector.observability.svc.cluster.local:4317
        image: ghcr.io/example/web:1.4.2
        imagePullPolicy: IfNotPresent
        name: web
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        resources: {}
        securityContext:
          readOnlyRootFilesystem: true
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  replicas: 1
)";

// The fieldsV1 the API server records for kDesired (JSON, keys sorted);
// `%PORT%` is the port item's key.
const char* kFields =
    R"({"f:metadata":{"f:labels":{"f:app.kubernetes.io/name":{}}},)"
    R"("f:spec":{"f:selector":{},"f:template":{"f:metadata":{"f:labels":)"
    R"({"f:app.kubernetes.io/name":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":)"
    R"({".":{},"f:env":{"k:{\"name\":\"LOG_FORMAT\"}":{".":{},"f:name":{},"f:value":{}},)"
    R"("k:{\"name\":\"OTEL_EXPORTER_OTLP_ENDPOINT\"}":{".":{},"f:name":{},"f:value":{}}},)"
    R"("f:image":{},"f:name":{},"f:ports":{"%PORT%":)"
    R"({".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},)"
    R"("f:securityContext":{"f:readOnlyRootFilesystem":{}}}}}}}})";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

Value Live(const std::string& port_key) {
  std::string fields = Replace(kFields, "%PORT%", port_key);
  return Yaml(Replace(kLive, "%FIELDS%", fields));
}

const char* kPortKey = R"(k:{\"containerPort\":8080,\"protocol\":\"TCP\"})";

}  // namespace

TEST_CASE("diff shortcut: an applied Deployment with long keyed names is unchanged",
          "[plan][diff]") {
  Value desired = Yaml(kDesired), live = Live(kPortKey);
  auto entry = DiffOk(desired, live);
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.diff.empty());
}

TEST_CASE("diff shortcut: list-map keys in another JSON spelling name the same items",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  // Spaces and the fields in another order: not the API server's form, the
  // same key once read as JSON.
  Value live = Live(R"(k:{ \"protocol\": \"TCP\", \"containerPort\": 8080 })");
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
}

TEST_CASE("diff shortcut: an owned item whose key matches no live item is not unchanged",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  // The key's port is a string: no live item has it, so the fieldsV1 names
  // an item that is not there and the object is diffed in full (the apply
  // leaves the live object as it is).
  Value live = Live(R"(k:{\"containerPort\":\"8080\",\"protocol\":\"TCP\"})");
  auto entry = DiffOk(desired, live);
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.diff.empty());
}

TEST_CASE("diff shortcut: an owned env var with a long name dropped from desired is removed",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  desired.AtPointer("/spec/template/spec/containers/0/env")->EraseAt(1);
  Value live = Live(kPortKey);
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field ==
        ".spec.template.spec.containers[name=\"web\"].env[name=\"OTEL_EXPORTER_OTLP_ENDPOINT\"]");
  CHECK(entry.changes[0].has_before);
  CHECK_FALSE(entry.changes[0].has_after);
  CHECK(entry.diff.find("-        - name: OTEL_EXPORTER_OTLP_ENDPOINT\n") != std::string::npos);
}

TEST_CASE("diff shortcut: desired keys in any order are matched as sorted ones", "[plan][diff]") {
  // The same Deployment with every map's keys reversed (as a hand-written
  // manifest may list them): the same answers.
  Value sorted = Yaml(kDesired);
  auto reversed = [](auto& self, const Value& v) -> Value {
    if (v.is_array()) {
      Value out = Value::Array();
      for (const Value& item : v.items()) out.Append(self(self, item));
      return out;
    }
    if (!v.is_object()) return v;
    Value out = Value::Object();
    auto members = v.members();
    for (size_t i = members.size(); i-- > 0;) {
      out.AppendMember(members[i].key(), self(self, members[i].value()));
    }
    return out;
  };
  Value desired = reversed(reversed, sorted);
  Value live = Live(kPortKey);
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
  desired.AtPointer("/spec/template/spec/containers/0")->Set("image", "ghcr.io/example/web:1.5.0");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].image");
  CHECK(entry.changes[0].after == Value("ghcr.io/example/web:1.5.0"));
}

TEST_CASE("diff shortcut: atomic maps and lists are compared as values", "[plan][diff]") {
  Value desired = Yaml(kDesired), live = Live(kPortKey);
  // The selector is replaced whole (an atomic map): its members in another
  // order are the same value.
  Value* labels = live.AtPointer("/spec/selector/matchLabels");
  labels->Set("app.kubernetes.io/part-of", "shop");
  desired.AtPointer("/spec/selector/matchLabels")->Set("app.kubernetes.io/part-of", "shop");
  Value reordered = Value::Object();
  reordered.Set("app.kubernetes.io/part-of", "shop");
  reordered.Set("app.kubernetes.io/name", "web");
  *labels = reordered;
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
  // An atomic list in another order is another value.
  desired.AtPointer("/spec/template/spec/containers/0")
      ->Set("args", Value::Array({Value("--a"), Value("--b")}));
  live.AtPointer("/spec/template/spec/containers/0")
      ->Set("args", Value::Array({Value("--b"), Value("--a")}));
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].args");
}
