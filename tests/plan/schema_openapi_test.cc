// OpenAPI v3 documents and CRDs as plan schemas: a document in the form the
// API server serves (tests/data/plan/schema/deployment_openapi.yaml) merges a
// Deployment exactly as the built-in table does, Flux's Kustomization CRD
// (trimmed) loads with its implied metadata, and bad schemas are clear errors
// naming the schema path.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"
#include "tests/plan/plan_test_support.h"

namespace gitops::plan {
namespace {

using testing::Json;
using testing::kWebDeploymentAsStored;
using testing::Yaml;

Value DataFile(const std::string& name) {
  std::ifstream in(std::string(GITOPS_SOURCE_DIR) + "/tests/data/plan/schema/" + name);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return Yaml(text.str());
}

std::string FieldsJson(std::string_view json) { return Json(testing::FieldSetOf(json)); }

Schema MustOpenApi(const Value& doc) {
  Result<Schema> s = Schema::FromOpenApiV3(doc);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

std::string LoadError(std::string_view yaml) {
  Result<Schema> s = Schema::FromOpenApiV3(Yaml(yaml));
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == Code::kInvalidArgument);
  return std::string(s.status().message());
}

MergeResult MustApply(const Schema& schema, std::string_view type, const Value& live,
                      const Value& config, const ManagedFields& managed, std::string_view manager,
                      bool force = false) {
  ApplyOptions options;
  options.force = force;
  Result<MergeResult> r = Apply(schema, type, live, config, managed, manager, "v1", options);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

constexpr std::string_view kDeployment = R"(apiVersion: apps/v1
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
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
)";

TEST_CASE("an OpenAPI v3 document merges a Deployment as the API server does", "[plan]") {
  Schema schema = MustOpenApi(DataFile("deployment_openapi.yaml"));
  std::string_view type = schema.RootTypeFor("apps/v1", "Deployment");
  CHECK(type == "io.k8s.api.apps.v1.Deployment");
  CHECK(schema.RootTypeFor("apps/v1", "StatefulSet").empty());
  CHECK(schema.Find(Schema::kDeducedTypeName) != nullptr);

  MergeResult first = MustApply(schema, type, Value(), Yaml(kDeployment), {}, "gitops");
  const ManagedFieldsEntry* owned = first.managed.Find("gitops");
  REQUIRE(owned != nullptr);
  CHECK(Json(owned->fields) == FieldsJson(R"({"f:apiVersion":{},"f:kind":{},
    "f:metadata":{"f:name":{},"f:namespace":{}},"f:spec":{"f:replicas":{},"f:selector":{},
    "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{
    "k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{
    "k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})"));
  // The built-in table gives the same object and the same field set.
  Result<MergeResult> built_in =
      Apply(Schema::BuiltIn(), Schema::BuiltInTypeFor("apps/v1", "Deployment"), Value(),
            Yaml(kDeployment), {}, "gitops", "v1", {});
  REQUIRE(built_in.ok());
  CHECK(built_in->object == first.object);
  CHECK(Json(built_in->managed.Find("gitops")->fields) == Json(owned->fields));

  Value live = Yaml(kWebDeploymentAsStored);
  MergeResult again = MustApply(schema, type, live, Yaml(kDeployment), first.managed, "gitops");
  CHECK(again.object == live);
  CHECK(again.managed.Find("gitops")->fields == owned->fields);

  // Properties are declared, so an unknown field is refused, naming it.
  std::string bad(kDeployment);
  bad += "  paused2: true\n";
  Result<MergeResult> r = Apply(schema, type, Value(), Yaml(bad), {}, "gitops", "v1", {});
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find(".spec.paused2") != std::string::npos);
}

TEST_CASE("OpenAPI atomic maps and lists are owned whole", "[plan]") {
  Schema schema = MustOpenApi(DataFile("deployment_openapi.yaml"));
  constexpr std::string_view kType = "io.k8s.api.core.v1.PodSpec";
  MergeResult first = MustApply(schema, kType, Value(), Yaml(R"(containers:
- name: a
nodeSelector:
  disk: ssd
tolerations:
- key: dedicated
  operator: Exists
)"),
                                {}, "gitops");
  CHECK(Json(first.managed.Find("gitops")->fields) ==
        FieldsJson(R"({"f:containers":{"k:{\"name\":\"a\"}":{".":{},"f:name":{}}},
          "f:nodeSelector":{},"f:tolerations":{}})"));
  std::vector<Conflict> conflicts;
  Result<MergeResult> r = Apply(schema, kType, first.object, Yaml("nodeSelector:\n  zone: a\n"),
                                first.managed, "ops", "v1", {}, &conflicts);
  REQUIRE(r.status().code() == Code::kConflict);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].path == ".nodeSelector");
  CHECK(conflicts[0].manager == "gitops");
}

TEST_CASE("a recursive $ref type loads and merges at any depth", "[plan]") {
  Schema schema = MustOpenApi(Yaml(R"(components:
  schemas:
    Node:
      type: object
      properties:
        name:
          type: string
        children:
          type: array
          items:
            $ref: '#/components/schemas/Node'
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [name]
    Alias:
      $ref: '#/components/schemas/Node'
)"));
  Result<Value> merged =
      MergeValues(schema, "Node", Yaml("children: [{name: a, children: [{name: x}]}]"),
                  Yaml("children: [{name: a, children: [{name: y}]}]"));
  INFO(merged.status().ToString());
  REQUIRE(merged.ok());
  CHECK(*merged == Yaml("children: [{name: a, children: [{name: x}, {name: y}]}]"));
  // A schema that is only a $ref is an alias of the type it names.
  CHECK(schema.Find("Alias") == nullptr);
  Result<Value> via_alias =
      MergeValues(schema, "Node", Yaml("children: [{name: a}]"), Yaml("children: [{name: b}]"));
  REQUIRE(via_alias.ok());
  CHECK(*via_alias == Yaml("children: [{name: a}, {name: b}]"));
}

TEST_CASE("a components schema that is a one-element allOf is a schema of its own", "[plan]") {
  // schemaconv skips only top-level `$ref`s; an allOf there is read as a
  // schema without a type: any value, its lists atomic.
  Schema schema = MustOpenApi(Yaml(R"(components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [name]
    Wrapper:
      allOf:
      - $ref: '#/components/schemas/Node'
)"));
  REQUIRE(schema.Find("Wrapper") != nullptr);
  Result<Value> merged =
      MergeValues(schema, "Wrapper", Yaml("children: [{name: a}]"), Yaml("children: [{name: b}]"));
  REQUIRE(merged.ok());
  CHECK(*merged == Yaml("children: [{name: b}]"));
}

TEST_CASE("OpenAPI extensions: preserve-unknown-fields, int-or-string, map type", "[plan]") {
  Schema schema = MustOpenApi(Yaml(R"(components:
  schemas:
    Thing:
      type: object
      properties:
        port:
          x-kubernetes-int-or-string: true
          anyOf: [{type: integer}, {type: string}]
        target:
          type: string
          format: int-or-string
        values:
          type: object
          x-kubernetes-preserve-unknown-fields: true
        strict:
          type: object
          properties:
            a: {type: string}
        labels:
          type: object
          additionalProperties: {type: string}
          x-kubernetes-map-type: atomic
)"));
  // int-or-string takes both.
  MergeResult first =
      MustApply(schema, "Thing", Value(),
                Yaml("port: 80\ntarget: 8080\nvalues: {a: {b: 1}}\nlabels: {x: y}"), {}, "one");
  MergeResult second =
      MustApply(schema, "Thing", first.object, Yaml("port: http\nvalues: {a: {c: 2}, d: [1]}"),
                first.managed, "two", /*force=*/true);
  CHECK(second.object == Yaml(R"(port: http
target: 8080
values: {a: {b: 1, c: 2}, d: [1]}
labels: {x: y}
)"));
  // Preserved unknown fields are deduced: maps granular, lists atomic; a
  // key that is no declared field is owned itself too ("."), as
  // structured-merge-diff's toFieldSet inserts it.
  CHECK(Json(second.managed.Find("two")->fields) ==
        FieldsJson(R"({"f:port":{},"f:values":{"f:a":{".":{},"f:c":{}},"f:d":{}}})"));
  // An atomic map is owned whole.
  CHECK(Json(first.managed.Find("one")->fields) ==
        FieldsJson(R"({"f:port":{},"f:target":{},"f:values":{"f:a":{".":{},"f:b":{}}},
          "f:labels":{}})"));
  // Without preserve-unknown-fields, declared properties are all there is.
  Result<MergeResult> r =
      Apply(schema, "Thing", Value(), Yaml("strict: {b: 1}"), {}, "one", "v1", {});
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find(".strict.b") != std::string::npos);
}

TEST_CASE("OpenAPI schema errors name the schema path", "[plan]") {
  SECTION("a cycle of schemas that are nothing but references") {
    std::string e = LoadError(R"(components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
)");
    CHECK(e == "components.schemas.A: $ref cycle with nothing but references: A -> B -> A");
    // Reached from a field, the cycle is named from there.
    std::string from_field = LoadError(R"(components:
  schemas:
    T:
      type: object
      properties:
        loop:
          allOf:
          - $ref: '#/components/schemas/Self'
    Self:
      $ref: '#/components/schemas/Self'
)");
    CHECK(from_field.find("$ref cycle with nothing but references: Self -> Self") !=
          std::string::npos);
  }
  SECTION("a schema that is not a map") {
    CHECK(LoadError("components: {schemas: {T: [object]}}") ==
          "components.schemas.T: a schema must be a map");
    CHECK(LoadError("components: {schemas: {T: {type: object, properties: {a: 5}}}}") ==
          "components.schemas.T.properties.a: a schema must be a map");
    CHECK(LoadError("components: {schemas: {T: {type: array, items: [{type: string}]}}}") ==
          "components.schemas.T.items: structural schema arrays must have exactly one member "
          "subtype");
  }
  SECTION("an unknown $ref") {
    std::string e = LoadError(R"(components:
  schemas:
    Thing:
      type: object
      properties:
        spec:
          $ref: '#/components/schemas/Missing'
)");
    CHECK(e ==
          "components.schemas.Thing.properties.spec: $ref \"#/components/schemas/Missing\" "
          "names no schema in components.schemas");
  }
  SECTION("a list-map without keys") {
    std::string e = LoadError(R"(components:
  schemas:
    Thing:
      type: object
      properties:
        items:
          type: array
          items: {type: object, properties: {name: {type: string}}}
          x-kubernetes-list-type: map
)");
    CHECK(e ==
          "components.schemas.Thing.properties.items: x-kubernetes-list-type map needs "
          "x-kubernetes-list-map-keys");
  }
  SECTION("list-map keys that are not strings") {
    std::string e = LoadError(R"(components:
  schemas:
    Thing:
      type: object
      properties:
        items:
          type: array
          items: {type: object, properties: {name: {type: string}}}
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [1]
)");
    CHECK(e.find("components.schemas.Thing.properties.items: x-kubernetes-list-map-keys must be") !=
          std::string::npos);
  }
  SECTION("a list-map key named twice") {
    std::string e = LoadError(R"(components:
  schemas:
    Thing:
      type: object
      properties:
        items:
          type: array
          items: {type: object, properties: {name: {type: string}}}
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [name, name]
)");
    CHECK(e ==
          "components.schemas.Thing.properties.items: x-kubernetes-list-map-keys names \"name\" "
          "twice");
  }
  SECTION("a list-map key that is not a field of the items") {
    std::string e = LoadError(R"(components:
  schemas:
    Item:
      type: object
      properties:
        name: {type: string}
    Thing:
      type: object
      properties:
        items:
          type: array
          items:
            $ref: '#/components/schemas/Item'
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [nam]
)");
    CHECK(e ==
          "components.schemas.Thing.properties.items: x-kubernetes-list-map-keys names "
          "\"nam\", which is not a field of the items");
  }
  SECTION("list-map keys on a list that is not a map") {
    std::string e = LoadError(R"(components:
  schemas:
    Thing:
      type: array
      items: {type: object, properties: {name: {type: string}}}
      x-kubernetes-list-type: set
      x-kubernetes-list-map-keys: [name]
)");
    CHECK(e ==
          "components.schemas.Thing: x-kubernetes-list-map-keys needs "
          "x-kubernetes-list-type: map");
  }
  SECTION("an unknown list type, map type or type") {
    CHECK(LoadError("components: {schemas: {T: {type: array, items: {type: string}, "
                    "x-kubernetes-list-type: bag}}}") ==
          "components.schemas.T: x-kubernetes-list-type must be atomic, set or map, not \"bag\"");
    CHECK(LoadError("components: {schemas: {T: {type: object, x-kubernetes-map-type: sparse}}}") ==
          "components.schemas.T: x-kubernetes-map-type must be atomic or granular, not \"sparse\"");
    CHECK(LoadError("components: {schemas: {T: {type: object, properties: {n: {type: float}}}}}") ==
          "components.schemas.T.properties.n: unrecognized type \"float\"");
    CHECK(LoadError("components: {schemas: {T: {type: array}}}") ==
          "components.schemas.T: `items` must be specified on arrays");
  }
  SECTION("no components.schemas") {
    CHECK(LoadError("openapi: 3.0.0") ==
          "OpenAPI v3 document: expected a map at components.schemas");
  }
}

TEST_CASE("Flux's Kustomization CRD loads with metadata implied", "[plan]") {
  Result<Schema> loaded = Schema::FromCrd(DataFile("kustomization_crd.yaml"));
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const Schema& schema = *loaded;
  std::string_view type =
      schema.RootTypeFor("kustomize.toolkit.fluxcd.io/v1beta1", "Kustomization");
  CHECK(type == "io.fluxcd.toolkit.kustomize.v1beta1.Kustomization");

  Value config = Yaml(R"(apiVersion: kustomize.toolkit.fluxcd.io/v1beta1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
  finalizers: [finalizers.fluxcd.io]
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
  - name: infra
  patchesJson6902:
  - patch:
    - op: add
      path: /metadata/labels/x
      value: {any: [thing, 1, {deep: true}]}
)");
  MergeResult first = MustApply(schema, type, Value(), config, {}, "gitops");
  // dependsOn has no list type: atomic. metadata is ObjectMeta: finalizers
  // a set, whose items an apply owns, not the list (structured-merge-diff's
  // toFieldSet inserts a path for each item of a non-atomic list and for
  // map keys that are not declared fields; a declared field with children,
  // such as finalizers here or labels of ObjectMeta, gets no "." entry).
  CHECK(Json(first.managed.Find("gitops")->fields) == FieldsJson(R"({"f:apiVersion":{},
    "f:kind":{},"f:metadata":{"f:name":{},"f:namespace":{},
    "f:finalizers":{"v:\"finalizers.fluxcd.io\"":{}}},
    "f:spec":{"f:interval":{},"f:path":{},"f:prune":{},"f:dependsOn":{},"f:patchesJson6902":{},
    "f:sourceRef":{"f:kind":{},"f:name":{}}}})"));
  MergeResult second =
      MustApply(schema, type, first.object, Yaml(R"(apiVersion: kustomize.toolkit.fluxcd.io/v1beta1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
  finalizers: [example.com/other]
)"),
                first.managed, "other");
  CHECK(*second.object.AtPointer("/metadata/finalizers") ==
        Yaml("[finalizers.fluxcd.io, example.com/other]"));
  // spec declares its fields: an unknown one is refused.
  Result<MergeResult> r =
      Apply(schema, type, Value(), Yaml(R"(apiVersion: kustomize.toolkit.fluxcd.io/v1beta1
kind: Kustomization
metadata:
  name: apps
spec:
  intervall: 10m
)"),
            {}, "gitops", "v1", {});
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find(".spec.intervall") != std::string::npos);
}

constexpr std::string_view kRunnerCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: runners.example.com
spec:
  group: example.com
  names: {kind: Runner, plural: runners}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          metadata:
            type: object
            properties:
              name: {type: string, maxLength: 20}
          spec:
            type: object
            properties:
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              bare:
                type: object
                x-kubernetes-embedded-resource: true
              port:
                x-kubernetes-int-or-string: true
  - name: v2
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
)";

TEST_CASE("a CRD's embedded resources and root get apiVersion, kind and ObjectMeta", "[plan]") {
  Result<Schema> loaded = Schema::FromCrd(Yaml(kRunnerCrd));
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const Schema& schema = *loaded;
  std::string_view v1 = schema.RootTypeFor("example.com/v1", "Runner");
  CHECK(v1 == "com.example.v1.Runner");
  CHECK(schema.RootTypeFor("example.com/v2", "Runner") == "com.example.v2.Runner");
  CHECK(schema.Kinds() == std::vector<std::pair<std::string, std::string>>{
                              {"example.com/v1", "Runner"}, {"example.com/v2", "Runner"}});

  // The embedded template's metadata is ObjectMeta (finalizers a set) and
  // its other fields are preserved, deduced.
  MergeResult first = MustApply(schema, v1, Value(), Yaml(R"(apiVersion: example.com/v1
kind: Runner
metadata: {name: r, finalizers: [a]}
spec:
  port: 8080
  template:
    apiVersion: v1
    kind: Pod
    metadata: {name: p, finalizers: [x]}
    spec: {containers: [{name: c}]}
)"),
                                {}, "one");
  MergeResult second = MustApply(schema, v1, first.object, Yaml(R"(apiVersion: example.com/v1
kind: Runner
metadata: {name: r, finalizers: [b]}
spec:
  port: http
  template:
    metadata: {finalizers: [y]}
)"),
                                 first.managed, "two", /*force=*/true);
  CHECK(*second.object.AtPointer("/metadata/finalizers") == Yaml("[a, b]"));
  CHECK(*second.object.AtPointer("/spec/template/metadata/finalizers") == Yaml("[x, y]"));
  CHECK(*second.object.AtPointer("/spec/port") == Value("http"));
  // The schema's own metadata properties give way to ObjectMeta: labels
  // are fine although the schema lists only name.
  Result<MergeResult> labels = Apply(schema, v1, Value(),
                                     Yaml("apiVersion: example.com/v1\nkind: Runner\n"
                                          "metadata: {name: r, labels: {a: b}}\n"),
                                     {}, "one", "v1", {});
  CHECK(labels.ok());
  // An embedded resource without preserve-unknown-fields holds only
  // apiVersion, kind and metadata; the root refuses unknown fields.
  Result<MergeResult> bare =
      Apply(schema, v1, Value(),
            Yaml("apiVersion: example.com/v1\nkind: Runner\nmetadata: {name: r}\n"
                 "spec: {bare: {apiVersion: v1, kind: ConfigMap, data: {a: b}}}\n"),
            {}, "one", "v1", {});
  REQUIRE_FALSE(bare.ok());
  CHECK(std::string(bare.status().message()).find(".spec.bare.data") != std::string::npos);
  Result<MergeResult> unknown =
      Apply(schema, v1, Value(), Yaml("apiVersion: example.com/v1\nkind: Runner\nextra: 1\n"), {},
            "one", "v1", {});
  REQUIRE_FALSE(unknown.ok());
  CHECK(std::string(unknown.status().message()).find(".extra") != std::string::npos);
  // v2 preserves unknown fields at the root.
  Result<MergeResult> v2 =
      Apply(schema, schema.RootTypeFor("example.com/v2", "Runner"), Value(),
            Yaml("apiVersion: example.com/v2\nkind: Runner\nextra: 1\n"), {}, "one", "v1", {});
  CHECK(v2.ok());
}

TEST_CASE("CRD errors name the CRD and the version", "[plan]") {
  Result<Schema> s = Schema::FromCrd(Yaml(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  group: example.com
  names: {kind: Thing}
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              items:
                type: array
                items: {type: object, properties: {id: {type: string}}}
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
)"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message() ==
        "CustomResourceDefinition things.example.com: "
        "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.items: "
        "x-kubernetes-list-map-keys names \"name\", which is not a field of the items");
  Result<Schema> no_schema = Schema::FromCrd(Yaml(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing}
  versions: [{name: v1}]
)"));
  REQUIRE_FALSE(no_schema.ok());
  CHECK(no_schema.status().message() ==
        "CustomResourceDefinition things.example.com: "
        "spec.versions[0] (v1) has no schema.openAPIV3Schema");
  Result<Schema> with_ref = Schema::FromCrd(Yaml(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing}
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {$ref: '#/components/schemas/Spec'}
)"));
  REQUIRE_FALSE(with_ref.ok());
  CHECK(with_ref.status().message() ==
        "CustomResourceDefinition things.example.com: "
        "spec.versions[0].schema.openAPIV3Schema.properties.spec: $ref "
        "\"#/components/schemas/Spec\" is not allowed in a CustomResourceDefinition's schema");
  Result<Schema> not_crd = Schema::FromCrd(Yaml("apiVersion: v1\nkind: ConfigMap\n"));
  REQUIRE_FALSE(not_crd.ok());
  Result<Schema> not_object = Schema::FromCrd(Yaml(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing}
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: string
            x-kubernetes-embedded-resource: true
  - name: v2
    schema: {openAPIV3Schema: {type: array, items: {type: string}}}
)"));
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.status().message() ==
        "CustomResourceDefinition things.example.com: "
        "spec.versions[0].schema.openAPIV3Schema.properties.spec: "
        "x-kubernetes-embedded-resource needs type: object");
}

}  // namespace
}  // namespace gitops::plan
