// Tests for FieldPath / FieldSet. Expected strings are structured-merge-diff's
// documented forms (fieldpath/serialize.go, path.go) and FieldsV1 sets taken
// from the ssa conformance data.
#include "gitops/plan/fieldpath.h"

#include <catch2/catch.hpp>
#include <string>

#include "gitops/core/json.h"

namespace gitops::plan {
namespace {

Value Json(std::string_view text) {
  Result<Value> v = ReadJson(text);
  INFO(v.status().ToString());
  REQUIRE(v.ok());
  return std::move(v).value();
}

FieldSet Parse(std::string_view fields_v1) {
  Result<FieldSet> set = FieldSet::FromFieldsV1(Json(fields_v1));
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  return std::move(set).value();
}

std::string Write(const FieldSet& set) {
  Result<std::string> text = WriteJson(set.ToFieldsV1());
  REQUIRE(text.ok());
  return *text;
}

TEST_CASE("path strings use structured-merge-diff's form", "[plan]") {
  FieldPath image{PathElement::Field("spec"), PathElement::Field("containers"),
                  PathElement::Key({{"name", Value("web")}}), PathElement::Field("image")};
  CHECK(PathString(image) == ".spec.containers[name=\"web\"].image");
  CHECK(PathString({PathElement::Field("list"), PathElement::ValueOf(Value(5))}) == ".list[=5]");
  CHECK(PathString({PathElement::Field("list"), PathElement::Index(1)}) == ".list[1]");
  // Key fields are sorted by name, whatever order they were given in.
  CHECK(
      PathString({PathElement::Field("ports"),
                  PathElement::Key({{"protocol", Value("TCP")}, {"containerPort", Value(80)}})}) ==
      ".ports[containerPort=80,protocol=\"TCP\"]");
  CHECK(PathString({}).empty());
}

TEST_CASE("FieldsV1 keys read and write their four forms", "[plan]") {
  for (std::string key : {"f:name", "k:{\"name\":\"a\"}", "v:5", "v:\"b\"", "i:0",
                          "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"}) {
    Result<PathElement> e = PathElement::FromFieldsV1Key(key);
    INFO(key);
    REQUIRE(e.ok());
    CHECK(e->ToFieldsV1Key() == key);
  }
  CHECK_FALSE(PathElement::FromFieldsV1Key("x:1").ok());
  CHECK_FALSE(PathElement::FromFieldsV1Key("k:{").ok());
  CHECK_FALSE(PathElement::FromFieldsV1Key("i:-1").ok());
}

TEST_CASE("FieldsV1 round-trips, with '.' marking an owned node that has owned children",
          "[plan]") {
  // From duplicates_test list/ownership/change_duplicated_items.
  const std::string text =
      R"({"f:list":{".":{},"k:{\"name\":\"b\"}":{".":{},"f:name":{},"f:value1":{}}}})";
  FieldSet set = Parse(text);
  CHECK(set.size() == 4);
  CHECK(set.Has({PathElement::Field("list")}));
  CHECK(set.Has({PathElement::Field("list"), PathElement::Key({{"name", Value("b")}}),
                 PathElement::Field("value1")}));
  CHECK(Write(set) == text);

  // A node that is not itself owned has no ".".
  FieldSet spec = Parse(R"({"f:spec":{"f:replicas":{}}})");
  CHECK(spec.size() == 1);
  CHECK_FALSE(spec.Has({PathElement::Field("spec")}));
  CHECK(Write(spec) == R"({"f:spec":{"f:replicas":{}}})");
}

TEST_CASE("a FieldsV1 member that is not an object is an error", "[plan]") {
  Result<FieldSet> set = FieldSet::FromFieldsV1(Json(R"({"f:a":1})"));
  CHECK(IsParseError(set.status()));
}

TEST_CASE("RecursiveDifference drops paths below a removed path", "[plan]") {
  FieldSet set = Parse(R"({"f:a":{".":{},"f:b":{}},"f:c":{}})");
  FieldSet removed = set.RecursiveDifference(Parse(R"({"f:a":{}})"));
  CHECK(Write(removed) == R"({"f:c":{}})");
  // A plain difference keeps the children.
  CHECK(Write(set.Difference(Parse(R"({"f:a":{}})"))) == R"({"f:a":{"f:b":{}},"f:c":{}})");
}

TEST_CASE("union, intersection and difference work node by node", "[plan]") {
  FieldSet a = Parse(R"({"f:a":{".":{},"f:b":{}},"f:c":{}})");
  FieldSet b = Parse(R"({"f:a":{"f:b":{},"f:d":{}},"f:e":{}})");
  CHECK(Write(a.Union(b)) == R"({"f:a":{".":{},"f:b":{},"f:d":{}},"f:c":{},"f:e":{}})");
  CHECK(Write(a.Intersection(b)) == R"({"f:a":{"f:b":{}}})");
  CHECK(Write(a.Difference(b)) == R"({"f:a":{},"f:c":{}})");
  CHECK(a.Union(b).size() == 5);
  CHECK(a.WithPrefix(PathElement::Field("a")) == Parse(R"({"f:b":{}})"));
  CHECK(a.Difference(a).empty());
}

}  // namespace
}  // namespace gitops::plan
