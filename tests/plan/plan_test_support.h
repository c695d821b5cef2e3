// Helpers the plan tests share: YAML and FieldsV1 JSON in, FieldsV1 JSON out.
#ifndef GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_
#define GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"

namespace gitops::plan::testing {

// One YAML document; fails the test on a parse error.
inline Value Yaml(std::string_view text) {
  Result<Value> v = ReadYamlDocument(text);
  INFO(v.status().ToString());
  REQUIRE(v.ok());
  return std::move(v).value();
}

// A field set written as FieldsV1 JSON; fails the test if it does not parse.
inline FieldSet FieldSetOf(std::string_view json) {
  Result<Value> v = ReadJson(json);
  INFO(v.status().ToString());
  REQUIRE(v.ok());
  Result<FieldSet> set = FieldSet::FromFieldsV1(*v);
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  return std::move(set).value();
}

// A field set as FieldsV1 JSON (sorted keys), for comparisons that print.
inline std::string Json(const FieldSet& set) {
  Result<std::string> text = WriteJson(set.ToFieldsV1());
  REQUIRE(text.ok());
  return *text;
}

// The fields `manager` owns; fails the test if it has no entry.
inline const FieldSet& OwnedBy(const ManagedFields& managed, std::string_view manager) {
  const ManagedFieldsEntry* e = managed.Find(manager);
  INFO(manager);
  REQUIRE(e != nullptr);
  return e->fields;
}

}  // namespace gitops::plan::testing

#endif  // GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_
