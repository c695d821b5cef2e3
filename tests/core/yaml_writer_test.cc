// WriteYaml: output compared with what `kubectl kustomize` (kubectl v1.32,
// kustomize v5.5) printed for the same resource. Every expected text below
// was produced by running kubectl kustomize on a ConfigMap holding the same
// values (written with double-quoted YAML escapes), not by this writer.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gitops/core/value.h"
#include "gitops/core/yaml.h"

namespace gitops {
namespace {

// {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, <field>: body}
// built in an unsorted order, so that the writer has to sort.
Value ConfigMap(std::string_view field, Value body) {
  Value doc = Value::Object();
  doc.Set("metadata", Value::Object()).Set("name", "x");
  doc.Set("kind", "ConfigMap");
  doc.Set(field, std::move(body));
  doc.Set("apiVersion", "v1");
  return doc;
}

// What kubectl prints for ConfigMap("data", ...): `lines` are the data lines.
std::string ExpectedDataConfigMap(std::string_view lines) {
  return "apiVersion: v1\ndata:\n" + std::string(lines) + "kind: ConfigMap\nmetadata:\n  name: x\n";
}

Value Data(std::initializer_list<std::pair<const char*, Value>> members) {
  Value data = Value::Object();
  for (const auto& [key, value] : members) data.Set(key, value);
  return data;
}

TEST_CASE("writer sorts keys as kustomize: digits as numbers, non-letters before letters",
          "[yaml]") {
  Value keys = Value::Object();
  for (const char* k : {"A_FIRST", "ANOTHER", "a10", "a9", "a09", "a-b", "a_b", "aB", "ab", "1",
                        "10", "2", "b", "\xC3\xA9", "z", "", "-"}) {
    keys.Set(k, 1);
  }
  keys["ANOTHER"] = 2;
  Value doc = ConfigMap("keys", std::move(keys));
  CHECK(WriteYaml(doc) ==
        "apiVersion: v1\n"
        "keys:\n"
        "  \"\": 1\n"
        "  '-': 1\n"
        "  \"1\": 1\n"
        "  \"2\": 1\n"
        "  \"10\": 1\n"
        "  A_FIRST: 1\n"
        "  ANOTHER: 2\n"
        "  a-b: 1\n"
        "  a_b: 1\n"
        "  a9: 1\n"
        "  a09: 1\n"
        "  a10: 1\n"
        "  aB: 1\n"
        "  ab: 1\n"
        "  b: 1\n"
        "  z: 1\n"
        "  \xC3\xA9: 1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: x\n");
}

TEST_CASE("KustomizeKeyLess compares digit runs as numbers and puts non-letters first",
          "[yaml]") {
  CHECK(KustomizeKeyLess("a9", "a10"));
  CHECK_FALSE(KustomizeKeyLess("a10", "a9"));
  CHECK(KustomizeKeyLess("A_FIRST", "ANOTHER"));
  CHECK(KustomizeKeyLess("a9", "a09"));
  CHECK(KustomizeKeyLess("a09", "a10"));
  CHECK(KustomizeKeyLess("z", "\xC3\xA9"));
  CHECK(KustomizeKeyLess("-", "1"));
  CHECK(KustomizeKeyLess("ab", "abc"));
  CHECK_FALSE(KustomizeKeyLess("ab", "ab"));
  CHECK(KustomizeKeyLess("aB", "ab"));
  // Invalid bytes compare as U+FFFD, a non-letter, as Go's []rune does.
  CHECK(KustomizeKeyLess("\xFF", "a"));
  CHECK_FALSE(KustomizeKeyLess("\xFE", "\xFF"));
  CHECK(KustomizeKeyLess("x\xFF", "x\xFE\xFE"));
}

TEST_CASE("writer quotes strings that would read back as another type", "[yaml]") {
  Value doc = ConfigMap("data", Data({{"yes", "yes"},
                                      {"t", "2001-12-14T00:00:00Z"},
                                      {"b60", "1:20"},
                                      {"empty", ""},
                                      {"star", "*"},
                                      {"ab", "a: b"}}));
  CHECK(WriteYaml(doc) == ExpectedDataConfigMap("  ab: 'a: b'\n"
                                                "  b60: \"1:20\"\n"
                                                "  empty: \"\"\n"
                                                "  star: '*'\n"
                                                "  t: \"2001-12-14T00:00:00Z\"\n"
                                                "  \"yes\": \"yes\"\n"));
}

TEST_CASE("writer resolves plain scalars as go-yaml v2 does", "[yaml]") {
  // Each pair: the string, and how kubectl printed it.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {".5_5", "\".5_5\""},
      {"1_000", "\"1_000\""},
      {"1_0.5", "\"1_0.5\""},
      {"0b-101", "\"0b-101\""},
      {"08", "\"08\""},
      {"0x", "0x"},
      {"1e400", "1e400"},
      {"1e-400", "\"1e-400\""},
      {".1e400", ".1e400"},
      {"2001-1-2", "\"2001-1-2\""},
      {"2001-02-30", "2001-02-30"},
      {"2000-02-29", "\"2000-02-29\""},
      {"1900-02-29", "1900-02-29"},
      {"2001-1-2 1:2:3", "\"2001-1-2 1:2:3\""},
      {"2001-1-2   1:2:3", "\"2001-1-2   1:2:3\""},
      {"2001-1-2t1:2:3Z", "\"2001-1-2t1:2:3Z\""},
      {"2001-1-2T1:2:3+25:00", "2001-1-2T1:2:3+25:00"},
      {"2001-1-2T1:2:3+24:00", "\"2001-1-2T1:2:3+24:00\""},
      {"2001-1-2T1:2:3.5+01:00", "\"2001-1-2T1:2:3.5+01:00\""},
      {"2001-1-2T24:00:00Z", "2001-1-2T24:00:00Z"},
      {"2001-1-2 1:2:3,5", "\"2001-1-2 1:2:3,5\""},
      {"2001-1-2 1:2:3.", "2001-1-2 1:2:3."},
      {"0o17", "\"0o17\""},
      {"+5", "\"+5\""},
      {"-", "'-'"},
      {"+", "+"},
      {"1:60", "1:60"},
      {"1:59", "\"1:59\""},
      {"-1:20", "\"-1:20\""},
      {"1_:20", "\"1_:20\""},
      {"190:20:30.15", "\"190:20:30.15\""},
      {"<<", "<<"},
      {"0x1p-2", "0x1p-2"},
      {".Inf", "\".Inf\""},
      {".inf_", ".inf_"},
      {"._5", "._5"},
      {".5e_5", ".5e_5"},
      {"1__0", "\"1__0\""},
      {"+0x1F", "\"+0x1F\""},
      {"-0b101", "\"-0b101\""},
      {"1.5_5", "\"1.5_5\""},
      {"1_.5", "\"1_.5\""},
      {"0b2", "0b2"},
      {"+.5", "\"+.5\""},
      {"-.5e+3", "\"-.5e+3\""},
      {"1.", "\"1.\""},
      {"1.e5", "\"1.e5\""},
      {"0X1f", "\"0X1f\""},
      {"0B1", "\"0B1\""},
      {"0O7", "\"0O7\""},
      {"9223372036854775808", "\"9223372036854775808\""},
      {"-9223372036854775809", "\"-9223372036854775809\""},
      {"18446744073709551616", "\"18446744073709551616\""},
      {"2001-1-2T1:2:3", "2001-1-2T1:2:3"},
      {"2001-1-2 1:2", "2001-1-2 1:2"},
      {"2001-01-02 ", "'2001-01-02 '"},
      {"2001-1-2T01:02:03.123456789123Z", "\"2001-1-2T01:02:03.123456789123Z\""},
      {"1e5_0", "\"1e5_0\""},
      {"1_e5", "\"1_e5\""},
      {"n", "\"n\""},
      {"y", "\"y\""},
      {"on", "\"on\""},
      {"1", "\"1\""},
      {"null", "\"null\""},
      {"~", "\"~\""},
  };
  for (const auto& [text, printed] : cases) {
    INFO("string: " << text);
    Value doc = Value::Object();
    doc.Set("k", text);
    CHECK(WriteYaml(doc) == "k: " + printed + "\n");
  }
}

TEST_CASE("writer falls back to double quotes for tabs, breaks after spaces and non-printables",
          "[yaml]") {
  Value doc = ConfigMap("data", Data({{"tab", "x\ty"},
                                      {"trail", "trail  \nx"},
                                      {"emoji", "\xF0\x9F\x98\x80"},
                                      {"bom", "\xEF\xBB\xBF" "ab"}}));
  CHECK(WriteYaml(doc) == ExpectedDataConfigMap("  bom: \"\\uFEFF\\x61\\x62\"\n"
                                                "  emoji: \"\\U0001F600\"\n"
                                                "  tab: \"x\\ty\"\n"
                                                "  trail: \"trail  \\nx\"\n"));
}

TEST_CASE("writer keeps printable unicode plain", "[yaml]") {
  Value doc = ConfigMap("data", Data({{"k", "\xC3\xA9t\xC3\xA9"}, {"nbsp", "a\xC2\xA0" "b"}}));
  CHECK(WriteYaml(doc) == ExpectedDataConfigMap("  k: \xC3\xA9t\xC3\xA9\n"
                                                "  nbsp: a\xC2\xA0" "b\n"));
}

TEST_CASE("writer prints multi-line strings as literal blocks with chomping and indent hints",
          "[yaml]") {
  Value doc = ConfigMap("data", Data({{"clip", "a\n"},
                                      {"lead", "  a\nb"},
                                      {"plus", "a\n\n"},
                                      {"strip", "a\nb"}}));
  CHECK(WriteYaml(doc) == ExpectedDataConfigMap("  clip: |\n"
                                                "    a\n"
                                                "  lead: |2-\n"
                                                "      a\n"
                                                "    b\n"
                                                "  plus: |+\n"
                                                "    a\n"
                                                "\n"
                                                "  strip: |-\n"
                                                "    a\n"
                                                "    b\n"));
}

TEST_CASE("writer reproduces the JSON step: invalid UTF-8, NEL and line separators", "[yaml]") {
  // kustomize goes through JSON: an invalid byte becomes U+FFFD, a raw NEL
  // is folded to a space by the YAML parser, U+2028 survives and breaks the
  // single-quoted line.
  Value doc = ConfigMap("data", Data({{"bin", "\xFF"},
                                      {"nel", "a\xC2\x85" "b"},
                                      {"ls", "a\xE2\x80\xA8" "b"}}));
  CHECK(WriteYaml(doc) == ExpectedDataConfigMap("  bin: \xEF\xBF\xBD\n"
                                                "  ls: 'a\xE2\x80\xA8    b'\n"
                                                "  nel: a b\n"));
}

TEST_CASE("writer folds long plain, single and double quoted strings near 80 columns",
          "[yaml]") {
  Value doc = ConfigMap(
      "data",
      Data({{"fold",
             "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud "
             "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat Duis aute "
             "irure"},
            {"foldsq",
             "- Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud "
             "exercitation ullamco laboris"},
            {"folddq",
             "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
             "tempor\tincididunt ut labore et dolore magna  aliqua Ut enim ad minim veniam quis "
             "nostrud exercitation ullamco laboris"},
            {"dbl2",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aa  b\tc"},
            {"plain2",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aa  b   c d"}}));
  CHECK(WriteYaml(doc) ==
        ExpectedDataConfigMap(
            "  dbl2: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaa\n"
            "    \\ b\\tc\"\n"
            "  fold: Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\n"
            "    incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud\n"
            "    exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat Duis aute\n"
            "    irure\n"
            "  folddq: \"Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
            "tempor\\tincididunt\n"
            "    ut labore et dolore magna  aliqua Ut enim ad minim veniam quis nostrud "
            "exercitation\n"
            "    ullamco laboris\"\n"
            "  foldsq: '- Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n"
            "    tempor incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis\n"
            "    nostrud exercitation ullamco laboris'\n"
            "  plain2: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaa  b   c\n"
            "    d\n"));
}

TEST_CASE("writer prints numbers as kustomize's JSON round trip does", "[yaml]") {
  Value nums = Value::Object();
  nums.Set("a", 1.0);
  nums.Set("b", 3.14e2);
  nums.Set("c", 0.5);
  nums.Set("d", 1e-7);
  nums.Set("e", 123456789.5);
  nums.Set("f", 1.8446744073709552e+19);
  nums.Set("g", -9.223372036854776e+18);
  nums.Set("h", 9.223372036854776e+18);
  nums.Set("i", std::numeric_limits<uint64_t>::max());
  nums.Set("j", -0.0);
  nums.Set("k", 1e20);
  nums.Set("l", 1e21);
  nums.Set("o", 1234567.5);
  nums.Set("p", 0.0001);
  nums.Set("q", 0.00001);
  nums.Set("r", std::numeric_limits<int64_t>::min());
  Value doc = Value::Object();
  doc.Set("nums", std::move(nums));
  CHECK(WriteYaml(doc) ==
        "nums:\n"
        "  a: 1\n"
        "  b: 314\n"
        "  c: 0.5\n"
        "  d: 1e-07\n"
        "  e: 1.234567895e+08\n"
        "  f: 1.8446744073709552e+19\n"
        "  g: -9.223372036854776e+18\n"
        "  h: 9223372036854776000\n"
        "  i: 18446744073709551615\n"
        "  j: 0\n"
        "  k: 1e+20\n"
        "  l: 1e+21\n"
        "  o: 1.2345675e+06\n"
        "  p: 0.0001\n"
        "  q: 1e-05\n"
        "  r: -9223372036854775808\n");
}

TEST_CASE("writer prints NaN and infinities as go-yaml does", "[yaml]") {
  // kubectl cannot print these (Go's JSON encoder refuses NaN and Inf);
  // this is go-yaml v2's spelling.
  Value doc = Value::Object();
  doc.Set("a", std::nan(""));
  doc.Set("b", std::numeric_limits<double>::infinity());
  doc.Set("c", -std::numeric_limits<double>::infinity());
  CHECK(WriteYaml(doc) == "a: .nan\nb: .inf\nc: -.inf\n");
}

TEST_CASE("writer uses complex keys for multi-line keys and keys over 128 bytes", "[yaml]") {
  Value nums = Value::Object();
  nums.Set("? longkey" + std::string(132, 'x'), 1);
  nums.Set("long key with spaces long key with spaces long key with spaces long key with "
           "spaces long key with spaces long key with spaces long",
           Value::Array({1, 2}));
  Value inner = Value::Object();
  inner.Set("a", 1);
  nums.Set("multi\nline", std::move(inner));
  nums.Set("r", Value::Array());
  nums.Set("s", Value::Object());
  nums.Set("t", nullptr);
  Value doc = Value::Object();
  doc.Set("nums", std::move(nums));
  CHECK(WriteYaml(doc) ==
        "nums:\n"
        "  ? '? longkey" + std::string(132, 'x') + "'\n"
        "  : 1\n"
        "  ? long key with spaces long key with spaces long key with spaces long key with "
        "spaces\n"
        "    long key with spaces long key with spaces long\n"
        "  : - 1\n"
        "    - 2\n"
        "  ? |-\n"
        "    multi\n"
        "    line\n"
        "  : a: 1\n"
        "  r: []\n"
        "  s: {}\n"
        "  t: null\n");
}

TEST_CASE("writer prints nested lists of maps with sequences not indented under keys",
          "[yaml]") {
  Value list = Value::Array();
  Value first = Value::Object();
  first.Set("b", Value::Array());
  first["b"].Append("x");
  Value c = Value::Object();
  c.Set("d", Value::Array({1, Value::Array({2, 3})}));
  c.Set("c", 1);
  first["b"].Append(std::move(c));
  first.Set("a", 1);
  list.Append(std::move(first));
  list.Append(Value::Array());
  list.Append(Value::Object());
  list.Append(Value::Array({"p", "q"}));
  list.Append(nullptr);
  list.Append(true);
  Value doc = Value::Object();
  doc.Set("list", std::move(list));
  CHECK(WriteYaml(doc) ==
        "list:\n"
        "- a: 1\n"
        "  b:\n"
        "  - x\n"
        "  - c: 1\n"
        "    d:\n"
        "    - 1\n"
        "    - - 2\n"
        "      - 3\n"
        "- []\n"
        "- {}\n"
        "- - p\n"
        "  - q\n"
        "- null\n"
        "- true\n");
}

TEST_CASE("writer prints empty collections and scalars at the root", "[yaml]") {
  CHECK(WriteYaml(Value::Object()) == "{}\n");
  CHECK(WriteYaml(Value::Array()) == "[]\n");
  CHECK(WriteYaml(Value()) == "null\n");
  CHECK(WriteYaml(Value("a\n")) == "|\n  a\n");
  CHECK(WriteYaml(Value::Array({false, "x"})) == "- false\n- x\n");
}

TEST_CASE("insertion key order keeps the Value's member order", "[yaml]") {
  Value doc = Value::Object();
  doc.Set("kind", "ConfigMap");
  doc.Set("apiVersion", "v1");
  doc["data"].Set("z", "yes");
  doc["data"].Set("a", "x\ny");
  YamlWriteOptions options;
  options.key_order = YamlWriteOptions::KeyOrder::kInsertion;
  CHECK(WriteYaml(doc, options) ==
        "kind: ConfigMap\n"
        "apiVersion: v1\n"
        "data:\n"
        "  z: \"yes\"\n"
        "  a: |-\n"
        "    x\n"
        "    y\n");
  CHECK(WriteYaml(doc) ==
        "apiVersion: v1\n"
        "data:\n"
        "  a: |-\n"
        "    x\n"
        "    y\n"
        "  z: \"yes\"\n"
        "kind: ConfigMap\n");
}

TEST_CASE("stream writer separates documents with ---", "[yaml]") {
  std::vector<Value> docs(2, Value::Object());
  docs[0].Set("a", 1);
  docs[1].Set("b", "c");
  CHECK(WriteYamlStream(docs) == "a: 1\n---\nb: c\n");
  CHECK(WriteYamlStream(std::span<const Value>()) == "");
  std::string out = "x\n";
  AppendYaml(docs[0], &out);
  CHECK(out == "x\na: 1\n");
}

}  // namespace
}  // namespace gitops

TEST_CASE("writer quotes a \"<<\" key so that reading the output back gives the same data",
          "[yaml]") {
  gitops::Value v = gitops::Value::Object();
  v["x"]["<<"]["a"] = 1;
  std::string out = gitops::WriteYaml(v);
  auto back = gitops::ReadYamlDocument(out);
  REQUIRE(back.ok());
  CHECK(*back == v);
  CHECK(gitops::WriteYaml(*back) == out);
}
