// Loading structured-merge-diff schema YAML (schema/elements.go's format).
#include "gitops/plan/schema.h"

#include <catch2/catch.hpp>

namespace gitops::plan {
namespace {

TEST_CASE("schema YAML loads maps, lists, scalars, named types and key defaults", "[plan]") {
  Result<Schema> s = Schema::FromSmdYaml(R"(types:
- name: root
  map:
    fields:
    - name: ports
      type:
        list:
          elementType:
            namedType: port
          elementRelationship: associative
          keys: [port, protocol]
    - name: selector
      type:
        map:
          elementType:
            scalar: string
          elementRelationship: atomic
- name: port
  map:
    fields:
    - name: port
      type:
        scalar: numeric
    - name: protocol
      default: TCP
      type:
        scalar: string
)");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  const Atom* root = s->Find("root");
  REQUIRE(root != nullptr);
  REQUIRE(root->map);
  const StructField* ports = root->map->FindField("ports");
  REQUIRE(ports != nullptr);
  std::shared_ptr<const Atom> list = s->Resolve(ports->type);
  REQUIRE(list);
  REQUIRE(list->list);
  CHECK(list->list->relationship == ElementRelationship::kAssociative);
  CHECK(list->list->keys == std::vector<std::string>{"port", "protocol"});
  std::shared_ptr<const Atom> port = s->Resolve(list->list->element_type);
  REQUIRE(port);
  REQUIRE(port->map->FindField("protocol")->default_value);
  CHECK(*port->map->FindField("protocol")->default_value == Value("TCP"));
  std::shared_ptr<const Atom> selector = s->Resolve(root->map->FindField("selector")->type);
  CHECK(selector->map->relationship == ElementRelationship::kAtomic);
}

TEST_CASE("a field-level elementRelationship overrides the named type's", "[plan]") {
  // field_level_overrides_test's shape: a granular map made atomic on one field.
  Result<Schema> s = Schema::FromSmdYaml(R"(types:
- name: root
  map:
    fields:
    - name: a
      type:
        namedType: granular
        elementRelationship: atomic
- name: granular
  map:
    elementType:
      scalar: string
)");
  REQUIRE(s.ok());
  std::shared_ptr<const Atom> a = s->Resolve(s->Find("root")->map->FindField("a")->type);
  CHECK(a->map->relationship == ElementRelationship::kAtomic);
  CHECK(s->Find("granular")->map->relationship == ElementRelationship::kSeparable);
}

TEST_CASE("schema errors name the type at fault", "[plan]") {
  Result<Schema> missing = Schema::FromSmdYaml(
      "types:\n- name: root\n  map:\n    fields:\n    - name: a\n      type:\n        namedType: "
      "nope\n");
  CHECK(IsInvalidArgument(missing.status()));
  CHECK(missing.status().message().find("nope") != std::string::npos);
  CHECK(IsInvalidArgument(Schema::FromSmdYaml("types:\n- map: {}\n").status()));
  CHECK(IsInvalidArgument(Schema::FromSmdYaml("types:\n- name: a\n  scalar: int\n").status()));
  CHECK(IsParseError(Schema::FromSmdYaml("types: [").status()));
  // A list-map key listed twice: an item's key would name the field twice.
  Result<Schema> twice = Schema::FromSmdYaml(
      "types:\n- name: root\n  list:\n    elementType: {scalar: string}\n"
      "    elementRelationship: associative\n    keys: [name, name]\n");
  CHECK(IsInvalidArgument(twice.status()));
  CHECK(twice.status().message() == "schema type root.list.keys: \"name\" is listed twice");
}

TEST_CASE("the deduced schema has its two untyped types", "[plan]") {
  const Schema& d = Schema::Deduced();
  const Atom* root = d.Find(Schema::kDeducedTypeName);
  REQUIRE(root != nullptr);
  CHECK(root->scalar == ScalarType::kUntyped);
  CHECK(root->map->relationship == ElementRelationship::kSeparable);
  CHECK(root->list->relationship == ElementRelationship::kAtomic);
  REQUIRE(d.Find("__untyped_atomic_") != nullptr);
  CHECK(d.Find("__untyped_atomic_")->map->relationship == ElementRelationship::kAtomic);
}

}  // namespace
}  // namespace gitops::plan

namespace gitops::plan {
namespace {

TEST_CASE("a struct's fields are found by name however many it lists", "[plan]") {
  // Twelve fields (indexed when the schema loads), one name listed twice:
  // the first is the field, as in a scan of the list.
  std::string yaml = "types:\n- name: root\n  map:\n    fields:\n";
  const char* names[] = {"apiVersion", "kind",   "metadata", "spec",     "status", "replicas",
                         "selector",   "template", "strategy", "minReadySeconds", "paused", "a"};
  for (const char* n : names) {
    yaml += std::string("    - name: ") + n + "\n      type:\n        scalar: string\n";
  }
  yaml += "    - name: kind\n      type:\n        scalar: numeric\n";
  Result<Schema> s = Schema::FromSmdYaml(yaml);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  const MapType& map = *s->Find("root")->map;
  for (const char* n : names) {
    const StructField* f = map.FindField(n);
    REQUIRE(f != nullptr);
    CHECK(f->name == n);
  }
  CHECK(s->Resolve(map.FindField("kind")->type)->scalar == ScalarType::kString);
  CHECK(map.FindField("") == nullptr);
  CHECK(map.FindField("Kind") == nullptr);
  CHECK(map.FindField("specs") == nullptr);
  CHECK(map.FindField("kinds") == nullptr);

  // A copy, and a copy given another field, find theirs.
  MapType copy = map;
  CHECK(copy.FindField("template") != nullptr);
  CHECK(copy.FindField("extra") == nullptr);
  copy.fields.push_back(StructField{"extra", {}, std::nullopt});
  REQUIRE(copy.FindField("extra") != nullptr);
  CHECK(copy.FindField("extra")->name == "extra");
  CHECK(copy.FindField("paused")->name == "paused");
}

}  // namespace
}  // namespace gitops::plan
