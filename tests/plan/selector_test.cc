// Label selectors as apimachinery's labels.Parse reads them (the grammar
// and matching rules of k8s.io/apimachinery/pkg/labels/selector.go), used
// by Flux ignore rules' labelSelector and annotationSelector.
#include "plan/selector.h"

#include <catch2/catch.hpp>
#include <string>

#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"

namespace {

using gitops::Value;
using gitops::plan::internal::LabelSelector;

Value Map(const std::string& yaml) {
  auto v = gitops::ReadYamlDocument(yaml);
  REQUIRE(v.ok());
  return *v;
}

bool Matches(const std::string& selector, const std::string& labels) {
  auto s = LabelSelector::Parse(selector);
  INFO(selector << ": " << s.status().ToString());
  REQUIRE(s.ok());
  Value map = Map(labels);
  return s->Matches(&map);
}

std::string ParseError(const std::string& selector) {
  auto s = LabelSelector::Parse(selector);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == gitops::Code::kInvalidArgument);
  return std::string(s.status().message());
}

TEST_CASE("set-based selectors: in and notin", "[plan][selector]") {
  // labels.Parse's own example: empty values are values, a missing key is
  // not in any set.
  const std::string s = "x in (foo,,baz),y,z notin ()";
  CHECK(Matches(s, "{x: foo, y: '1'}"));
  CHECK(Matches(s, "{x: '', y: a}"));
  CHECK_FALSE(Matches(s, "{x: bar, y: a}"));
  CHECK_FALSE(Matches(s, "{x: foo}"));
  CHECK_FALSE(Matches(s, "{x: foo, y: a, z: ''}"));
  CHECK(Matches(s, "{x: foo, y: a, z: b}"));
  CHECK(Matches("env notin (prod, staging)", "{}"));
  CHECK(Matches("env notin (prod, staging)", "{env: dev}"));
  CHECK_FALSE(Matches("env notin (prod, staging)", "{env: staging}"));
  CHECK(Matches("env in (prod,staging),tier", "{env: prod, tier: web}"));
  // `in` and `notin` are values where a value is expected.
  CHECK(Matches("mode in (in, notin)", "{mode: notin}"));
}

TEST_CASE("equality, existence and numeric selectors", "[plan][selector]") {
  CHECK(Matches("app=web", "{app: web}"));
  CHECK(Matches("app == web", "{app: web}"));
  CHECK_FALSE(Matches("app=web", "{}"));
  CHECK(Matches("app!=web", "{}"));
  CHECK_FALSE(Matches("app!=web", "{app: web}"));
  CHECK(Matches("app=", "{app: ''}"));
  CHECK(Matches("!legacy,app", "{app: x}"));
  CHECK_FALSE(Matches("!legacy", "{legacy: 'true'}"));
  CHECK(Matches("replicas>2", "{replicas: '3'}"));
  CHECK_FALSE(Matches("replicas>2", "{replicas: '2'}"));
  CHECK_FALSE(Matches("replicas<2", "{replicas: two}"));
  CHECK_FALSE(Matches("replicas<2", "{}"));
  CHECK(Matches("", "{a: b}"));
  CHECK(Matches("  ", "{}"));
}

TEST_CASE("bad selectors are errors saying what was found", "[plan][selector]") {
  CHECK(ParseError("x in (a") ==
        "selector \"x in (a\": found '', expected: ',', ')' or identifier");
  CHECK(ParseError("x in a") == "selector \"x in a\": found 'a' expected: '('");
  CHECK(ParseError("x=a=b") == "selector \"x=a=b\": found '=', expected: ',' or 'end of string'");
  CHECK(ParseError("x,") == "selector \"x,\": found '', expected: identifier after ','");
  CHECK(ParseError("(x)") ==
        "selector \"(x)\": found '(', expected: !, identifier, or 'end of string'");
  CHECK(ParseError("a>b") ==
        "selector \"a>b\": for 'Gt', 'Lt' operators, the value must be an integer, not \"b\"");
  CHECK(ParseError("!a=b") == "selector \"!a=b\": found '=', expected: ',' or 'end of string'");
}

TEST_CASE("diff's ignore rules take set-based label selectors", "[plan][selector][diff]") {
  Value desired = Map(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: web, namespace: default, labels: {tier: front}}
data: {color: blue}
)");
  Value live = desired;
  live["data"].Set("color", "red");
  gitops::plan::DiffOptions options;
  gitops::plan::Selector selector;
  selector.label_selector = "tier in (front, back)";
  options.ignore.push_back({{"/data/color"}, selector});
  auto ignored = gitops::plan::Diff(desired, &live, options);
  REQUIRE(ignored.ok());
  CHECK(ignored->action == gitops::plan::Action::kUnchanged);
  options.ignore[0].selector->label_selector = "tier notin (front)";
  auto seen = gitops::plan::Diff(desired, &live, options);
  REQUIRE(seen.ok());
  CHECK(seen->action == gitops::plan::Action::kConfigured);
  options.ignore[0].selector->label_selector = "tier in (front";
  auto bad = gitops::plan::Diff(desired, &live, options);
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("selector \"tier in (front\"") !=
        std::string::npos);
}

}  // namespace
