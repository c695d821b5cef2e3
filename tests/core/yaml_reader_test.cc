// The YAML reader: scalar resolution as kustomize v5.5 reads it, structure,
// anchors and merge keys, limits, and errors with positions.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "gitops/core/yaml.h"

using gitops::Code;
using gitops::Value;

namespace {

Value One(const std::string& text, const gitops::YamlReadOptions& opts = {}) {
  auto r = gitops::ReadYamlDocument(text, opts);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

// The value of `data.v` for `v: <scalar>`.
Value Scalar(const std::string& scalar) { return *One("v: " + scalar + "\n").Find("v"); }

gitops::Status Fail(const std::string& text, const gitops::YamlReadOptions& opts = {}) {
  auto r = gitops::ReadYaml(text, opts);
  REQUIRE_FALSE(r.ok());
  return r.status();
}

}  // namespace

// Expectations in this test are what `kubectl kustomize` (v1.32, kustomize
// v5.5) printed for a ConfigMap holding these scalars on this machine.
TEST_CASE("plain scalars resolve as kustomize reads them", "[yaml][reader]") {
  CHECK(Scalar("yes") == Value("yes"));
  CHECK(Scalar("on") == Value("on"));
  CHECK(Scalar("NO") == Value("NO"));
  CHECK(Scalar("True") == Value(true));
  CHECK(Scalar("false") == Value(false));
  CHECK(Scalar("0x1F").as_int() == 31);
  CHECK(Scalar("012").as_int() == 10);
  CHECK(Scalar("0o17").as_int() == 15);
  CHECK(Scalar("0b101").as_int() == 5);
  CHECK(Scalar("1_000").as_int() == 1000);
  CHECK(Scalar("+12").as_int() == 12);
  CHECK(Scalar("-0").as_int() == 0);
  CHECK(Scalar("07").as_int() == 7);
  CHECK(Scalar("08").type() == Value::Type::kDouble);  // not octal: a float 8
  CHECK(Scalar("08").as_double() == 8.0);
  CHECK(Scalar("1e3").as_double() == 1000.0);
  CHECK(Scalar("1e3").type() == Value::Type::kDouble);
  CHECK(Scalar(".5").as_double() == 0.5);
  CHECK(Scalar("3.14e2").as_double() == 314.0);
  CHECK(Scalar("~").is_null());
  CHECK(Scalar("null").is_null());
  CHECK(Scalar("").is_null());
  CHECK(Scalar("1:20") == Value("1:20"));
  CHECK(Scalar("1e400") == Value("1e400"));  // out of range: stays a string
  CHECK(std::isinf(Scalar(".inf").as_double()));
  CHECK(std::isnan(Scalar(".nan").as_double()));
}

TEST_CASE("integers beyond int64 stay exact up to 2^64-1, then become doubles", "[yaml][reader]") {
  Value max_uint = Scalar("18446744073709551615");
  CHECK(max_uint.type() == Value::Type::kUint);
  CHECK(max_uint.as_uint() == 18446744073709551615ull);
  CHECK(Scalar("9223372036854775807").type() == Value::Type::kInt);
  CHECK(Scalar("-9223372036854775808").as_int() == INT64_MIN);
  Value over = Scalar("18446744073709551616");
  CHECK(over.type() == Value::Type::kDouble);
  CHECK(over.as_double() == 18446744073709551616.0);
  CHECK(Scalar("-9223372036854775809").type() == Value::Type::kDouble);
}

TEST_CASE("dates become RFC 3339 timestamps as kustomize prints them", "[yaml][reader]") {
  CHECK(Scalar("2001-12-14") == Value("2001-12-14T00:00:00Z"));
  CHECK(Scalar("2001-12-14t21:59:43.10-05:00") == Value("2001-12-14T21:59:43.1-05:00"));
  CHECK(Scalar("2001-12-14 21:59:43.10") == Value("2001-12-14T21:59:43.1Z"));
  CHECK(Scalar("2001-12-14T21:59:43Z") == Value("2001-12-14T21:59:43Z"));
  CHECK(Scalar("2001-02-30") == Value("2001-02-30"));  // no such day: a string
  CHECK(Scalar("\"2001-12-14\"") == Value("2001-12-14"));  // quoted: never resolved
}

TEST_CASE("quoted and block scalars are strings", "[yaml][reader]") {
  CHECK(Scalar("'123'") == Value("123"));
  CHECK(Scalar("\"true\"") == Value("true"));
  CHECK(Scalar("\"x\\ty\"") == Value("x\ty"));
  CHECK(Scalar("\"\\U0001F600\"") == Value("\xF0\x9F\x98\x80"));
  Value v = One("a: |\n  line1\n  line2\nb: >-\n  folded\n  text\n");
  CHECK(*v.Find("a") == Value("line1\nline2\n"));
  CHECK(*v.Find("b") == Value("folded text"));
}

TEST_CASE("tags decide the type of a scalar", "[yaml][reader]") {
  CHECK(Scalar("!!str 12") == Value("12"));
  CHECK(Scalar("!!int \"12\"").as_int() == 12);
  CHECK(Scalar("!!float 1").type() == Value::Type::kDouble);
  CHECK(Scalar("!!binary aGVsbG8=") == Value("hello"));
  CHECK(Scalar("!custom 42") == Value("42"));
  auto bad = Fail("v: !!int abc\n");
  CHECK(bad.code() == Code::kParseError);
  CHECK(bad.message().find("cannot decode !!str `abc` as a !!int") != std::string::npos);
  CHECK(bad.location()->line == 1);
  CHECK(Fail("v: !!bool yes\n").code() == Code::kParseError);
  CHECK(Fail("v: !!binary '***'\n").message().find("base64") != std::string::npos);
}

TEST_CASE("mappings keep their order and sequences their items", "[yaml][reader]") {
  Value v = One("z: 1\na: [x, {k: v}]\nm:\n  - 1\n  - two\nempty: {}\nnone: []\n");
  REQUIRE(v.size() == 5);
  CHECK(v.members()[0].key() == "z");
  CHECK(v.members()[1].key() == "a");
  CHECK(v["a"][1]["k"] == Value("v"));
  CHECK(v["m"][1] == Value("two"));
  CHECK(v["empty"].is_object());
  CHECK(v["empty"].empty());
  CHECK(v["none"].is_array());
}

TEST_CASE("streams split into documents and empty ones are left out", "[yaml][reader]") {
  auto r = gitops::ReadYaml("a: 1\n---\n---\n# only a comment\n---\nb: 2\n...\n---\nnull\n");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[1]["b"].as_int() == 2);
  gitops::YamlReadOptions keep;
  keep.skip_empty_documents = false;
  auto all = gitops::ReadYaml("a: 1\n---\n---\nb: 2\n", keep);
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
  CHECK(gitops::ReadYaml("")->empty());
}

TEST_CASE("anchors, aliases and merge keys expand", "[yaml][reader]") {
  Value v = One(
      "base: &base {a: 1, b: 2}\n"
      "list: &l [1, 2]\n"
      "copy: *l\n"
      "derived:\n  <<: *base\n  b: 3\n  c: 4\n"
      "multi:\n  <<: [{x: 1}, {x: 2, y: 2}]\n");
  CHECK(v["copy"] == v["list"]);
  CHECK(v["derived"]["a"].as_int() == 1);
  CHECK(v["derived"]["b"].as_int() == 3);  // explicit keys win over merged ones
  CHECK(v["derived"]["c"].as_int() == 4);
  CHECK(v["multi"]["x"].as_int() == 1);    // earlier sources win
  CHECK(v["multi"]["y"].as_int() == 2);
  CHECK_FALSE(v["derived"].Contains("<<"));
  auto bad = Fail("a: {<<: 5}\n");
  CHECK(bad.message().find("map merge requires map or sequence of maps") != std::string::npos);
  auto unknown = Fail("a: *nowhere\n");
  CHECK(unknown.message().find("unknown anchor 'nowhere'") != std::string::npos);
}

TEST_CASE("duplicate keys are an error naming both lines, or last-wins on request",
          "[yaml][reader]") {
  std::string text = "data:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  a: 5\n";
  auto s = Fail(text);
  CHECK(s.code() == Code::kParseError);
  CHECK(s.message() == "mapping key \"a\" already defined at line 2");
  CHECK(s.location()->line == 6);
  CHECK(s.location()->column == 3);
  gitops::YamlReadOptions last;
  last.duplicate_keys = gitops::DuplicateKeys::kLastWins;
  Value v = One(text, last);
  CHECK(v["data"]["a"].as_int() == 5);
  CHECK(v["data"].size() == 4);
  // Large maps use an index; the check must still hold there.
  std::string big = "m:\n";
  for (int i = 0; i < 100; ++i) big += "  k" + std::to_string(i) + ": 1\n";
  big += "  k42: 2\n";
  CHECK(Fail(big).message() == "mapping key \"k42\" already defined at line 44");
}

TEST_CASE("errors carry file, line and column", "[yaml][reader]") {
  gitops::YamlReadOptions opts;
  opts.file = "deploy.yaml";
  auto s = Fail("a: 1\nb: \"unclosed\n", opts);
  CHECK(s.code() == Code::kParseError);
  REQUIRE(s.location() != nullptr);
  CHECK(s.location()->file == "deploy.yaml");
  CHECK(s.location()->line >= 2);
  CHECK(s.ToString().rfind("deploy.yaml:", 0) == 0);
}

// Malformed and over-limit inputs: each must fail cleanly, with a position,
// without crashing (the suite runs under ASan and UBSan too).
TEST_CASE("malformed YAML is rejected with a position", "[yaml][reader][bad-input]") {
  struct Case {
    const char* name;
    std::string text;
    Code code;
    int line;  // 0: any
  };
  std::string deep(10000, '[');
  std::string nul_doc = std::string("a: b\0c\n", 7);
  const Case cases[] = {
      {"unclosed double quote", "a: \"abc\n", Code::kParseError, 0},
      {"unclosed single quote", "a: 'abc\nb: c\n", Code::kParseError, 0},
      {"bad indentation", "a:\n  b: 1\n c: 2\n", Code::kParseError, 3},
      {"tab indentation", "a:\n\tb: 1\n", Code::kParseError, 2},
      {"duplicate key", "a: 1\na: 2\n", Code::kParseError, 2},
      {"unclosed flow sequence", "a: [1, 2\n", Code::kParseError, 0},
      {"unclosed flow mapping", "a: {b: 1\n", Code::kParseError, 0},
      {"mapping value in plain scalar", "a: b: c\n", Code::kParseError, 1},
      {"invalid UTF-8", "a: \xC3\x28\n", Code::kParseError, 1},
      {"NUL byte", nul_doc, Code::kParseError, 1},
      {"truncated document", "a:\n  - b\n  - {c: [", Code::kParseError, 0},
      {"undefined alias", "a: *x\n", Code::kParseError, 1},
      {"10,000-deep nesting", deep, Code::kLimitExceeded, 1},
      {"bad !!int", "a: !!int 1.5\n", Code::kParseError, 1},
      {"bad !!null", "a: !!null x\n", Code::kParseError, 1},
      {"block sequence in mapping without key", "a: 1\n- b\n", Code::kParseError, 2},
      {"mapping as a key", "? {a: 1}\n: b\n", Code::kParseError, 1},
      {"stray document end content", "a: 1\n... x\n", Code::kParseError, 0},
      {"bad escape", "a: \"\\q\"\n", Code::kParseError, 1},
      {"directive after content", "a: 1\n%YAML 1.1\n", Code::kParseError, 0},
      {"anchor without node at end", "a: &\n", Code::kParseError, 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto r = gitops::ReadYaml(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    REQUIRE(r.status().location() != nullptr);
    CHECK(r.status().location()->line >= 1);
    CHECK(r.status().location()->column >= 1);
    if (c.line != 0) CHECK(r.status().location()->line == c.line);
  }
}

TEST_CASE("a billion-laughs document is rejected by the alias limit", "[yaml][reader][bad-input]") {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = c;
  }
  auto s = Fail(text);
  CHECK(s.code() == Code::kLimitExceeded);
  CHECK(s.message().find("max_alias_nodes") != std::string::npos);
  REQUIRE(s.location() != nullptr);
  // A caller may raise the limit for a document it trusts.
  gitops::YamlReadOptions opts;
  opts.max_alias_nodes = 100;
  std::string small = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]\n";
  CHECK(gitops::ReadYaml(small + "b: [*a, *a, *a, *a]\n", opts).ok());  // 80 values
  CHECK(Fail(small + "b: [*a, *a, *a, *a, *a, *a]\n", opts).code() == Code::kLimitExceeded);
}

TEST_CASE("the size and depth limits are the caller's to set", "[yaml][reader][bad-input]") {
  std::string big = "a: \"" + std::string(100u << 20, 'x') + "\"\n";
  auto s = Fail(big);
  CHECK(s.code() == Code::kLimitExceeded);
  CHECK(s.message().find("max_document_bytes") != std::string::npos);
  REQUIRE(s.location() != nullptr);
  big.clear();
  big.shrink_to_fit();

  gitops::YamlReadOptions opts;
  opts.max_depth = 3;
  CHECK(gitops::ReadYaml("a: {b: {c: 1}}\n", opts).ok());
  auto deep = Fail("a: {b: {c: {d: 1}}}\n", opts);
  CHECK(deep.code() == Code::kLimitExceeded);
  CHECK(deep.message().find("max_depth") != std::string::npos);
}

TEST_CASE("anchored copies count against the alias limit, so nested anchors cannot explode",
          "[yaml][reader][bad-input]") {
  // Each anchored level keeps its own copy of everything inside it: 400
  // levels over a 2,000-item list would copy 800,000 values from 10 KB.
  std::string items;
  for (int i = 0; i < 2000; ++i) items += i ? ",1" : "1";
  std::string text, close;
  for (int i = 0; i < 400; ++i) {
    text += "&a" + std::to_string(i) + " [";
    close += "]";
  }
  text += items + close + "\n";
  gitops::YamlReadOptions opts;
  opts.max_alias_nodes = 100000;
  auto s = Fail(text, opts);
  CHECK(s.code() == Code::kLimitExceeded);
  CHECK(s.message().find("max_alias_nodes") != std::string::npos);
}

TEST_CASE("an alias cannot nest collections deeper than max_depth", "[yaml][reader][bad-input]") {
  gitops::YamlReadOptions opts;
  opts.max_depth = 5;
  CHECK(gitops::ReadYaml("a: &x [[[1]]]\nb: *x\n", opts).ok());  // 1 + 3 levels
  auto s = Fail("a: &x [[[1]]]\nb: [[*x]]\n", opts);           // 3 + 3 levels
  CHECK(s.code() == Code::kLimitExceeded);
  CHECK(s.message().find("max_depth") != std::string::npos);
  CHECK(s.location()->line == 2);
}

// Checked with kubectl kustomize v5.5 on this machine, except the alias key:
// kustomize reads `*n` as the integer key 1 and then fails ("json:
// unsupported type"), where gitops keeps every key as its text.
TEST_CASE("merge keys: the !!merge tag, one per map, aliases of scalars as keys",
          "[yaml][reader]") {
  Value v = One("base: &b {x: 1}\nm:\n  !!merge <<: *b\n  y: 2\n");
  CHECK(v["m"]["x"].as_int() == 1);
  CHECK_FALSE(v["m"].Contains("<<"));
  auto dup = Fail("a: &a {x: 1}\nm:\n  <<: *a\n  <<: {y: 2}\n");
  CHECK(dup.message().find("duplicate merge key") != std::string::npos);
  CHECK(dup.location()->line == 4);
  Value k = One("a: &n 1\nm:\n  *n : x\n");
  CHECK(k["m"]["1"] == Value("x"));
  // A quoted "<<" is an ordinary key.
  CHECK(One("m: {\"<<\": 1}\n")["m"]["<<"].as_int() == 1);
}
