// SchemaSet: CRDs and OpenAPI documents typing custom kinds in Diff and
// DetectDrift. The live Widget is written as kube-apiserver stores it once
// the CRD below is installed: gitops applied port http, another manager
// (ops) added port metrics to the list-map.
#include "gitops/plan/schema_set.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/plan.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::SchemaSet;

std::vector<Value> Docs(const std::string& text) {
  auto docs = gitops::ReadYaml(text);
  INFO((docs.ok() ? std::string() : docs.status().ToString()));
  REQUIRE(docs.ok());
  return *docs;
}

Value Yaml(const std::string& text) { return Docs(text).at(0); }

constexpr const char* kWidgetCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer}
)";

// The same type as a cluster serves it at /openapi/v3/apis/example.com/v1.
constexpr const char* kWidgetOpenApi = R"(openapi: 3.0.0
components:
  schemas:
    com.example.v1.Widget:
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata:
          allOf:
          - $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'
        spec:
          type: object
          properties:
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                properties:
                  name: {type: string}
                  port: {type: integer}
      x-kubernetes-group-version-kind:
      - {group: example.com, version: v1, kind: Widget}
    io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta:
      type: object
      properties:
        name: {type: string}
        namespace: {type: string}
        labels:
          type: object
          additionalProperties: {type: string}
        managedFields:
          type: array
          items: {type: object, x-kubernetes-preserve-unknown-fields: true}
        uid: {type: string}
        resourceVersion: {type: string}
)";

constexpr const char* kDesired = R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: apps
spec:
  ports:
  - name: http
    port: 80
)";

constexpr const char* kLive = R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: apps
  uid: 0d7c1f4e-8f0e-4c57-b5a4-3f3c2a1b9e01
  resourceVersion: "1021"
  managedFields:
  - apiVersion: example.com/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:ports:
          k:{"name":"http"}:
            .: {}
            f:name: {}
            f:port: {}
    manager: gitops
    operation: Apply
  - apiVersion: example.com/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:ports:
          k:{"name":"metrics"}:
            .: {}
            f:name: {}
            f:port: {}
    manager: ops
    operation: Apply
spec:
  ports:
  - name: http
    port: 80
  - name: metrics
    port: 9090
)";

gitops::plan::ChangeSetEntry DiffWith(const SchemaSet& schemas) {
  gitops::plan::DiffOptions options;
  options.schemas = schemas.AsLookup();
  Value desired = Yaml(kDesired), live = Yaml(kLive);
  auto entry = gitops::plan::Diff(desired, &live, options);
  INFO((entry.ok() ? std::string() : entry.status().ToString()));
  REQUIRE(entry.ok());
  return *entry;
}

TEST_CASE("a CRD's list-map keeps another manager's item: no drift", "[plan][schema]") {
  // Without a schema the custom kind is deduced: ports is atomic and the
  // apply would replace it, dropping ops' item.
  SchemaSet none;
  gitops::plan::ChangeSetEntry deduced = DiffWith(none);
  CHECK(deduced.action == Action::kConfigured);
  CHECK(deduced.diff.find("-  - name: metrics") != std::string::npos);

  SchemaSet crd;
  REQUIRE(crd.AddDocuments(Docs(kWidgetCrd), "crds.yaml").ok());
  CHECK(crd.size() == 1);
  CHECK(DiffWith(crd).action == Action::kUnchanged);

  SchemaSet openapi;
  REQUIRE(openapi.AddDocuments(Docs(kWidgetOpenApi), "openapi.yaml").ok());
  CHECK(DiffWith(openapi).action == Action::kUnchanged);
}

TEST_CASE("drift with a CRD: a changed item we own is drift, another's is not", "[plan][schema]") {
  SchemaSet crd;
  REQUIRE(crd.AddDocuments(Docs(kWidgetCrd), "crds.yaml").ok());
  gitops::plan::DiffOptions options;
  options.schemas = crd.AsLookup();
  std::string live_text = kLive;
  std::vector<Value> desired{Yaml(kDesired)};
  std::vector<Value> unchanged{Yaml(live_text)};
  auto none = gitops::plan::DetectDrift(desired, unchanged, options);
  REQUIRE(none.ok());
  CHECK(none->entries.empty());
  // Someone changed our http port by hand.
  live_text.replace(live_text.find("port: 80\n"), 9, "port: 81\n");
  std::vector<Value> drifted{Yaml(live_text)};
  auto drift = gitops::plan::DetectDrift(desired, drifted, options);
  REQUIRE(drift.ok());
  REQUIRE(drift->entries.size() == 1);
  CHECK(drift->entries[0].action == Action::kConfigured);
  REQUIRE(drift->entries[0].changes.size() == 1);
  CHECK(drift->entries[0].changes[0].pointer == "/spec/ports/0/port");
  CHECK(drift->entries[0].changes[0].field == ".spec.ports[name=\"http\"].port");
}

TEST_CASE("schema sets read Lists of CRDs and name bad documents", "[plan][schema]") {
  SchemaSet set;
  std::string list = "apiVersion: v1\nkind: List\nitems:\n- ";
  std::string crd = kWidgetCrd;
  for (size_t at = crd.find('\n'); at != std::string::npos && at + 1 < crd.size();
       at = crd.find('\n', at + 1)) {
    crd.insert(at + 1, "  ");
  }
  REQUIRE(set.AddDocuments(Docs(list + crd), "crds.yaml").ok());
  REQUIRE(set.Find("example.com/v1", "Widget") != nullptr);
  CHECK(set.Find("example.com/v1", "Widget")->type_name == "com.example.v1.Widget");
  CHECK(set.Find("example.com/v1", "Gadget") == nullptr);

  SchemaSet bad;
  gitops::Status not_schema = bad.AddDocuments(
      Docs(std::string(kWidgetCrd) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
      "crds.yaml");
  CHECK(not_schema.message() ==
        "crds.yaml: document 2 (ConfigMap c): expected a CustomResourceDefinition or an "
        "OpenAPI v3 document, not a ConfigMap");
  // Nothing of a failed read is kept.
  CHECK(bad.empty());
  gitops::Status no_kind =
      bad.AddDocuments(Docs("components: {schemas: {T: {type: object}}}\n"), "openapi.json");
  CHECK(no_kind.message().find("openapi.json: document 1: declares no kind") == 0);
  gitops::Status broken = bad.AddDocuments(
      Docs("components: {schemas: {T: {type: object, properties: {a: {$ref: "
           "'#/components/schemas/U'}}, x-kubernetes-group-version-kind: [{group: g, version: "
           "v1, kind: T}]}}}\n"),
      "openapi.json");
  CHECK(broken.message() ==
        "openapi.json: document 1: components.schemas.T.properties.a: $ref "
        "\"#/components/schemas/U\" names no schema in components.schemas");
  gitops::Status not_type = bad.Add("g/v1", "T", gitops::plan::Schema::Deduced(), "");
  CHECK(not_type.message() == "g/v1 T: the schema declares no type for this kind; name its type");
}

// What is this Widget's action in a plan of `desired` against `live`?
gitops::plan::Action PlanAction(const std::vector<Value>& desired, const std::vector<Value>& live) {
  auto plan = gitops::plan::MakePlan(desired, live, nullptr, gitops::plan::PlanOptions());
  INFO((plan.ok() ? std::string() : plan.status().ToString()));
  REQUIRE(plan.ok());
  for (const gitops::plan::ChangeSetEntry& e : plan->ToChangeSet().entries) {
    if (e.subject == "Widget/apps/w") return e.action;
  }
  FAIL("no entry for Widget/apps/w");
  return Action::kSkipped;
}

TEST_CASE("a plan types custom resources by the CRDs it applies, else the cluster's",
          "[plan][schema]") {
  Value crd = Yaml(kWidgetCrd), desired = Yaml(kDesired), live = Yaml(kLive);
  // No CRD anywhere: deduced, ops' item dropped.
  CHECK(PlanAction({desired}, {live}) == Action::kConfigured);
  // The CRD applied in the same plan (its first stage) types the Widget.
  CHECK(PlanAction({crd, desired}, {live}) == Action::kUnchanged);
  // The CRD already in the cluster does too.
  CHECK(PlanAction({desired}, {crd, live}) == Action::kUnchanged);
  // A CRD whose schema cannot load is passed over: deduced again.
  Value bad = Yaml(std::string(kWidgetCrd).replace(std::string(kWidgetCrd).find("type: array"), 11,
                                                  "type: bogus"));
  CHECK(PlanAction({bad, desired}, {live}) == Action::kConfigured);
}

}  // namespace
