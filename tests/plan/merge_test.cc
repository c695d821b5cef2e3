// Behaviour of Apply / Update / Extract. Each expected result is one of the
// ssa conformance cases (../shared/conformance/ssa, from structured-merge-
// diff's merge tests), cut down to the step under test.
#include "gitops/plan/merge.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "tests/plan/plan_test_support.h"

namespace gitops::plan {
namespace {

using testing::Yaml;

std::string Fields(const ManagedFields& managed, std::string_view manager) {
  const ManagedFieldsEntry* e = managed.Find(manager);
  if (e == nullptr) return "(none)";
  Result<std::string> text = WriteJson(e->fields.ToFieldsV1());
  REQUIRE(text.ok());
  return *text;
}

// set_test.go's and multiple_appliers_test.go's schema, in part.
constexpr std::string_view kSchema = R"(types:
- name: root
  map:
    fields:
    - name: list
      type:
        list:
          elementType:
            scalar: string
          elementRelationship: associative
    - name: items
      type:
        list:
          elementType:
            namedType: item
          elementRelationship: associative
          keys: [name]
    - name: numeric
      type:
        scalar: numeric
    - name: string
      type:
        scalar: string
- name: item
  map:
    fields:
    - name: name
      type:
        scalar: string
    - name: value
      type:
        scalar: numeric
)";

Schema MustSchema() {
  Result<Schema> s = Schema::FromSmdYaml(kSchema);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

MergeResult MustApply(const Schema& s, const Value& live, std::string_view config,
                      const ManagedFields& managed, std::string_view manager, bool force = false) {
  ApplyOptions options;
  options.force = force;
  Result<MergeResult> r = Apply(s, "root", live, Yaml(config), managed, manager, "v1", options);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

TEST_CASE("apply removes the fields its manager no longer applies", "[plan]") {
  // leaf_test TestUpdateLeaf/apply_twice_remove.
  Schema s = MustSchema();
  MergeResult first = MustApply(s, Value(), "numeric: 1\nstring: s\n", {}, "default");
  MergeResult second = MustApply(s, first.object, "string: new string\n", first.managed, "default");
  CHECK(second.object == Yaml("string: new string\n"));
  CHECK(Fields(second.managed, "default") == R"({"f:string":{}})");
}

TEST_CASE("apply of a field another applier owns conflicts unless forced", "[plan]") {
  // leaf_test TestUpdateLeaf/apply_update_apply_with_conflict, between two appliers.
  Schema s = MustSchema();
  MergeResult one = MustApply(s, Value(), "numeric: 1\n", {}, "one");
  std::vector<Conflict> conflicts;
  Result<MergeResult> r =
      Apply(s, "root", one.object, Yaml("numeric: 2\n"), one.managed, "two", "v1", {}, &conflicts);
  REQUIRE(r.status().code() == Code::kConflict);
  CHECK(conflicts == std::vector<Conflict>{{"one", ".numeric"}});

  MergeResult forced = MustApply(s, one.object, "numeric: 2\n", one.managed, "two", true);
  CHECK(forced.object == Yaml("numeric: 2\n"));
  CHECK(forced.managed.Find("one") == nullptr);
  CHECK(Fields(forced.managed, "two") == R"({"f:numeric":{}})");
}

TEST_CASE("a set item shared by two appliers stays until both drop it", "[plan]") {
  // multiple_appliers_test TestMultipleAppliersSet/remove_one_keep_one (cut down).
  Schema s = MustSchema();
  MergeResult a = MustApply(s, Value(), "list: [a, b]\n", {}, "apply-one");
  MergeResult b = MustApply(s, a.object, "list: [b]\n", a.managed, "apply-two");
  MergeResult c = MustApply(s, b.object, "list: [a]\n", b.managed, "apply-one");
  CHECK(c.object == Yaml("list: [a, b]\n"));
  CHECK(Fields(c.managed, "apply-one") == R"({"f:list":{"v:\"a\"":{}}})");
  CHECK(Fields(c.managed, "apply-two") == R"({"f:list":{"v:\"b\"":{}}})");
}

TEST_CASE("a conflict path names a list-map item by its key", "[plan]") {
  Schema s = MustSchema();
  MergeResult one = MustApply(s, Value(), "items:\n- name: a\n  value: 1\n", {}, "one");
  std::vector<Conflict> conflicts;
  Result<MergeResult> r = Apply(s, "root", one.object, Yaml("items:\n- name: a\n  value: 2\n"),
                                one.managed, "two", "v1", {}, &conflicts);
  REQUIRE(r.status().code() == Code::kConflict);
  CHECK(conflicts == std::vector<Conflict>{{"one", ".items[name=\"a\"].value"}});
}

TEST_CASE("update takes the fields it changed and never conflicts", "[plan]") {
  // leaf_test TestUpdateLeaf/update_apply_omits, first two steps.
  Schema s = MustSchema();
  MergeResult applied = MustApply(s, Value(), "numeric: 1\n", {}, "default");
  Result<MergeResult> r =
      Update(s, "root", applied.object, Yaml("numeric: 2\n"), applied.managed, "controller", "v1");
  REQUIRE(r.ok());
  CHECK(r->managed.Find("default") == nullptr);
  CHECK(Fields(r->managed, "controller") == R"({"f:numeric":{}})");
  CHECK_FALSE(r->managed.Find("controller")->applied);
}

TEST_CASE("unknown fields, wrong kinds and duplicate items in a configuration are rejected",
          "[plan]") {
  Schema s = MustSchema();
  for (std::string_view config :
       {"unknown: 1\n", "numeric: text\n", "list: [a, a]\n", "items:\n- value: 1\n"}) {
    INFO(config);
    Result<MergeResult> r = Apply(s, "root", Value(), Yaml(config), {}, "m", "v1", {});
    CHECK(IsInvalidArgument(r.status()));
  }
}

TEST_CASE("the deduced schema merges maps by key and replaces lists", "[plan]") {
  // deduced_test TestDeduced/apply_twice_list_is_atomic.
  const Schema& s = Schema::Deduced();
  Result<MergeResult> first =
      Apply(s, "", Value(), Yaml("list: [a, c]\n"), {}, "default", "v1", {});
  REQUIRE(first.ok());
  Result<MergeResult> second =
      Apply(s, "", first->object, Yaml("list: [c, b]\n"), first->managed, "default", "v1", {});
  REQUIRE(second.ok());
  CHECK(second->object == Yaml("list: [c, b]\n"));
  CHECK(Fields(second->managed, "default") == R"({"f:list":{}})");
}

TEST_CASE("extract gives only what the manager owns", "[plan]") {
  // extract_apply_test: ExtractItems of one applier's set.
  Schema s = MustSchema();
  MergeResult a = MustApply(s, Value(), "list: [a]\nnumeric: 1\n", {}, "apply-one");
  MergeResult b = MustApply(s, a.object, "list: [b]\nstring: x\n", a.managed, "apply-two");
  Result<Value> one = Extract(s, "root", b.object, b.managed.Find("apply-one")->fields);
  REQUIRE(one.ok());
  CHECK(*one == Yaml("list: [a]\nnumeric: 1\n"));
}

TEST_CASE("ignored fields are owned by no manager", "[plan]") {
  // ignore_test TestIgnoredFields/update_does_not_own_ignored (cut down).
  Schema s = MustSchema();
  UpdateOptions options;
  Result<FieldSet> ignored = FieldSet::FromFieldsV1(Yaml(R"({"f:string": {}})"));
  REQUIRE(ignored.ok());
  options.ignored_fields = *ignored;
  Result<MergeResult> r =
      Update(s, "root", Value(), Yaml("numeric: 1\nstring: s\n"), {}, "controller", "v1", options);
  REQUIRE(r.ok());
  CHECK(Fields(r->managed, "controller") == R"({"f:numeric":{}})");
}

TEST_CASE("applying an empty configuration gives up every field and leaves no object", "[plan]") {
  // own__basic__apply_empty_removes_owned, on this schema.
  Schema s = MustSchema();
  MergeResult a = MustApply(s, Value(), "numeric: 1\n", {}, "default");
  Result<MergeResult> r = Apply(s, "root", a.object, Value(), a.managed, "default", "v1", {});
  REQUIRE(r.ok());
  CHECK(r->object.is_null());
  CHECK(r->managed.empty());
}

TEST_CASE("managedFields entries read and write Kubernetes' form", "[plan]") {
  Value entries = Yaml(R"(- manager: kubectl
  operation: Apply
  apiVersion: apps/v1
  fieldsType: FieldsV1
  fieldsV1: {"f:spec": {"f:replicas": {}}}
)");
  Result<ManagedFields> m = ManagedFields::FromValue(entries);
  REQUIRE(m.ok());
  REQUIRE(m->entries().size() == 1);
  CHECK(m->entries()[0].applied);
  CHECK(m->ToValue() == entries);
  CHECK(IsInvalidArgument(
      ManagedFields::FromValue(Yaml("- {manager: a, fieldsType: FieldsV2}\n")).status()));
}

}  // namespace
}  // namespace gitops::plan
