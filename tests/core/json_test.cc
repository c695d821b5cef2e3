// Tests for ReadJson / WriteJson. Expected values come from RFC 8259, the
// Unicode standard's UTF-8 table, IEEE 754 bit patterns, and the documented
// behaviour of Go's encoding/json (its float format and string escapes).
#include "gitops/core/json.h"

#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace gitops {
namespace {

Value MustRead(std::string_view text, const JsonReadOptions& options = {}) {
  Result<Value> r = ReadJson(text, options);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string MustWrite(const Value& v, int indent = 0) {
  Result<std::string> r = WriteJson(v, {.indent = indent});
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

uint64_t Bits(double d) { return std::bit_cast<uint64_t>(d); }

uint64_t ReadDoubleBits(std::string_view text) {
  Value v = MustRead(text);
  REQUIRE(v.type() == Value::Type::kDouble);
  return Bits(v.as_double());
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("json reader reads every kind of value", "[json]") {
  Value v = MustRead(R"( {"n": null, "t": true, "f": false, "i": -12, "d": 2.5,
                          "s": "hi", "a": [1, [], {}], "o": {"k": "v"}} )");
  REQUIRE(v.is_object());
  REQUIRE(v.size() == 8);
  CHECK(v["n"].is_null());
  CHECK(v["t"].as_bool());
  CHECK_FALSE(v["f"].as_bool());
  CHECK(v["i"].type() == Value::Type::kInt);
  CHECK(v["i"].as_int() == -12);
  CHECK(v["d"].type() == Value::Type::kDouble);
  CHECK(v["d"].as_double() == 2.5);
  CHECK(v["s"].as_string() == "hi");
  REQUIRE(v["a"].size() == 3);
  CHECK(v["a"][1].is_array());
  CHECK(v["a"][2].is_object());
  CHECK(v["o"]["k"].as_string() == "v");
}

TEST_CASE("json reader keeps object keys in document order", "[json]") {
  Value v = MustRead(R"({"z":1,"a":2,"m":3})");
  auto members = v.members();
  REQUIRE(members.size() == 3);
  CHECK(members[0].key() == "z");
  CHECK(members[1].key() == "a");
  CHECK(members[2].key() == "m");
}

TEST_CASE("json reader accepts a scalar as the whole document with surrounding whitespace",
          "[json]") {
  CHECK(MustRead(" \t\r\n 42 \n").as_int() == 42);
  CHECK(MustRead("\"x\"").as_string() == "x");
  CHECK(MustRead("null").is_null());
}

TEST_CASE("json reader keeps integers exact at the int64 and uint64 boundaries", "[json]") {
  Value max_int = MustRead("9223372036854775807");
  CHECK(max_int.type() == Value::Type::kInt);
  CHECK(max_int.as_int() == std::numeric_limits<int64_t>::max());

  Value min_int = MustRead("-9223372036854775808");
  CHECK(min_int.type() == Value::Type::kInt);
  CHECK(min_int.as_int() == std::numeric_limits<int64_t>::min());

  Value above_int = MustRead("9223372036854775808");
  CHECK(above_int.type() == Value::Type::kUint);
  CHECK(above_int.as_uint() == uint64_t{9223372036854775808u});

  Value max_uint = MustRead("18446744073709551615");
  CHECK(max_uint.type() == Value::Type::kUint);
  CHECK(max_uint.as_uint() == std::numeric_limits<uint64_t>::max());

  // Past uint64: a double, correctly rounded (2^64 exactly).
  CHECK(ReadDoubleBits("18446744073709551616") == 0x43f0000000000000u);
  // Below int64: a double (-2^63 exactly).
  CHECK(ReadDoubleBits("-9223372036854775809") == 0xc3e0000000000000u);
}

TEST_CASE("json reader reads -0 as the integer 0 and -0.0 as negative zero", "[json]") {
  Value int_zero = MustRead("-0");
  CHECK(int_zero.type() == Value::Type::kInt);
  CHECK(int_zero.as_int() == 0);
  CHECK(ReadDoubleBits("-0.0") == 0x8000000000000000u);
  CHECK(ReadDoubleBits("-0e0") == 0x8000000000000000u);
}

TEST_CASE("json reader rounds doubles correctly", "[json]") {
  CHECK(ReadDoubleBits("0.1") == 0x3fb999999999999au);
  CHECK(ReadDoubleBits("1e300") == 0x7e37e43c8800759cu);
  CHECK(ReadDoubleBits("5e-324") == 0x0000000000000001u);
  CHECK(ReadDoubleBits("2.2250738585072014e-308") == 0x0010000000000000u);
  CHECK(ReadDoubleBits("2.2250738585072011e-308") == 0x000fffffffffffffu);
  CHECK(ReadDoubleBits("1.7976931348623157e308") == 0x7fefffffffffffffu);
  CHECK(ReadDoubleBits("2.4703282292062328e-324") == 0x0000000000000001u);
  CHECK(ReadDoubleBits("1E2") == Bits(100.0));
  CHECK(ReadDoubleBits("1e+2") == Bits(100.0));
  CHECK(ReadDoubleBits("12.5e-1") == Bits(1.25));
  CHECK(ReadDoubleBits("1.0") == Bits(1.0));
}

TEST_CASE("json reader turns a number below the smallest subnormal into a signed zero", "[json]") {
  CHECK(ReadDoubleBits("1e-400") == 0x0000000000000000u);
  CHECK(ReadDoubleBits("-1e-400") == 0x8000000000000000u);
  CHECK(ReadDoubleBits("0.0000001e-320") == 0x0000000000000000u);
}

TEST_CASE("json reader decodes escapes and combines surrogate pairs", "[json]") {
  CHECK(MustRead(R"("\"\\\/\b\f\n\r\t")").as_string() == "\"\\/\b\f\n\r\t");
  CHECK(MustRead(R"("\u00e9\u20AC")").as_string() == "\xC3\xA9\xE2\x82\xAC");
  CHECK(MustRead(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");  // U+1F600
  CHECK(MustRead(R"("a\uDBFF\uDFFFb")").as_string() ==
        "a\xF4\x8F\xBF\xBF"
        "b");  // U+10FFFF
  Value nul = MustRead(R"("\u0000")");
  CHECK(nul.as_string() == std::string_view("\0", 1));
  // An escaped key is a key like any other.
  Value obj = MustRead(R"({"a\u0062": 1, "long key with an \u00e9scape in it": 2})");
  CHECK(obj.Find("ab") != nullptr);
  CHECK(obj.Find("long key with an \xC3\xA9scape in it") != nullptr);
}

TEST_CASE("json reader accepts valid multi-byte UTF-8 up to U+10FFFF", "[json]") {
  // U+00E9, U+D7FF, U+E000, U+FFFF, U+1D11E, U+10FFFF.
  const std::string s =
      "\xC3\xA9\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x9D\x84\x9E\xF4\x8F\xBF\xBF";
  CHECK(MustRead("\"" + s + "\"").as_string() == s);
}

TEST_CASE("json reader with kLastWins replaces a repeated key's value in place", "[json]") {
  Value v = MustRead(R"({"a":1,"b":2,"a":3})");
  auto members = v.members();
  REQUIRE(members.size() == 2);
  CHECK(members[0].key() == "a");
  CHECK(members[0].value().as_int() == 3);
  CHECK(members[1].key() == "b");
}

TEST_CASE("json reader with kError reports a duplicate key and the line of the first one",
          "[json]") {
  JsonReadOptions options;
  options.file = "cm.json";
  options.duplicate_keys = DuplicateKeys::kError;
  Result<Value> r = ReadJson("{\n  \"a\": 1,\n  \"a\": 2\n}", options);
  REQUIRE(IsParseError(r.status()));
  CHECK(r.status().message() == "key \"a\" already defined at line 2");
  REQUIRE(r.status().location() != nullptr);
  CHECK(r.status().location()->file == "cm.json");
  CHECK(r.status().location()->line == 3);
  CHECK(r.status().location()->column == 3);
}

TEST_CASE("json reader handles an object of 100000 keys and finds a duplicate among them",
          "[json]") {
  std::string text = "{\n";
  for (int i = 0; i < 100000; ++i)
    text += "\"key" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
  Value v = MustRead(text + "\"last\": true}");
  REQUIRE(v.size() == 100001);
  CHECK(v.members()[0].key() == "key0");
  CHECK(v.members()[99999].key() == "key99999");
  CHECK(v["key54321"].as_int() == 54321);

  // key5000 sits on line 5002; the repeat is on line 100002.
  JsonReadOptions strict;
  strict.duplicate_keys = DuplicateKeys::kError;
  Result<Value> r = ReadJson(text + "\"key5000\": 0}", strict);
  REQUIRE(IsParseError(r.status()));
  CHECK(r.status().message() == "key \"key5000\" already defined at line 5002");
  CHECK(r.status().location()->line == 100002);
  CHECK(r.status().location()->column == 1);

  Value last_wins = MustRead(text + "\"key5000\": -1}");
  REQUIRE(last_wins.size() == 100000);
  CHECK(last_wins.members()[5000].key() == "key5000");
  CHECK(last_wins.members()[5000].value().as_int() == -1);
}

TEST_CASE("json reader accepts nesting up to max_depth", "[json]") {
  const std::string deep = Repeat("[", 1000) + Repeat("]", 1000);
  Value v = MustRead(deep);
  CHECK(v.is_array());

  Result<Value> r = ReadJson(Repeat("[", 1001) + Repeat("]", 1001));
  REQUIRE(IsLimitExceeded(r.status()));
  REQUIRE(r.status().location() != nullptr);
  CHECK(r.status().location()->column == 1001);
}

TEST_CASE("json reader rejects 10000-deep nesting as over the depth limit", "[json]") {
  Result<Value> r = ReadJson(Repeat("{\"a\":[", 5000) + Repeat("]}", 5000));
  REQUIRE(IsLimitExceeded(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("max_depth") && Catch::Contains("1000"));
  REQUIRE(r.status().location() != nullptr);
  CHECK(r.status().location()->line == 1);
  // The 1001st container opens at byte 6 * 500 + 1 (an object, after 500 pairs).
  CHECK(r.status().location()->column == 3001);
}

TEST_CASE("json reader rejects a text over max_document_bytes", "[json]") {
  JsonReadOptions options;
  options.max_document_bytes = 10;
  CHECK(ReadJson("[1,2,3,4]", options).ok());          // 9 bytes
  Result<Value> r = ReadJson("[1,2,3,4,5]", options);  // 11 bytes
  REQUIRE(IsLimitExceeded(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("max_document_bytes") && Catch::Contains("10"));
}

struct Malformed {
  std::string name;
  std::string text;
  int line;
  int column;
  std::string message_part;
};

TEST_CASE("json reader rejects malformed text with the position of the offending byte", "[json]") {
  using namespace std::string_literals;
  const Malformed cases[] = {
      {"empty input", "", 1, 1, "expected a JSON value, found end of input"},
      {"only whitespace", "  \n  ", 2, 3, "found end of input"},
      {"unclosed string", R"({"a": "abc)", 1, 11, "starts at line 1, column 7"},
      {"newline in a string", "[\"ab\ncd\"]", 1, 5, "newline"},
      {"tab in a string", "\"a\tb\"", 1, 3, "U+0009"},
      {"NUL byte in a string", "[\"a\0b\"]"s, 1, 4, "U+0000"},
      {"bad escape", R"(["a\x"])", 1, 5, "found 'x'"},
      {"bad hex digit", R"("\u12G4")", 1, 6, "4 hex digits"},
      {"truncated \\u", R"("\u12)", 1, 6, "4 hex digits"},
      {"lone high surrogate", R"(["\ud83c"])", 1, 3, "\\ud83c"},
      {"high surrogate before a non-surrogate", R"("x\ud83d\u0041")", 1, 3, "lone surrogate"},
      {"lone low surrogate", R"("\ude00")", 1, 2, "lone surrogate"},
      {"overlong UTF-8", "[\"a\xC0\xAF\"]", 1, 4, "0xC0"},
      {"overlong 3-byte UTF-8", "\"\xE0\x80\xAF\"", 1, 2, "0xE0"},
      {"UTF-8-encoded surrogate", "\"\xED\xA0\x80\"", 1, 2, "0xED"},
      {"UTF-8 above U+10FFFF", "\"\xF4\x90\x80\x80\"", 1, 2, "0xF4"},
      {"stray continuation byte", "\"ok\x80\"", 1, 4, "0x80"},
      {"truncated UTF-8 sequence", "\"\xE2\x82\"", 1, 2, "0xE2"},
      {"byte 0xFF", "\"\xFF\"", 1, 2, "0xFF"},
      {"truncated document", R"({"a": [1, 2)", 1, 12, "expected ',' or ']'"},
      {"truncated on a later line", "{\n  \"a\": [1,\n", 3, 1, "found end of input"},
      {"trailing comma in an array", "[1,2,]", 1, 6, "trailing comma"},
      {"trailing comma in an object", R"({"a":1,})", 1, 8, "trailing comma"},
      {"leading zero", "[01]", 1, 2, "leading zeros"},
      {"negative leading zero", "-01", 1, 2, "leading zeros"},
      {"plus sign", "+1", 1, 1, "expected a JSON value, found '+'"},
      {"fraction without integer part", ".5", 1, 1, "expected a JSON value"},
      {"decimal point without digits", "[1.]", 1, 4, "after the decimal point"},
      {"exponent without digits", "1e+", 1, 4, "exponent"},
      {"minus without digits", "[-]", 1, 3, "after '-'"},
      {"NaN", "NaN", 1, 1, "found 'N'"},
      {"Infinity", "[Infinity]", 1, 2, "found 'I'"},
      {"negative Infinity", "-Infinity", 1, 2, "after '-'"},
      {"number too large", "[1e400]", 1, 2, "range"},
      {"misspelt literal", "{\n  \"a\": tru\n}", 2, 11, "expected 'true'"},
      {"literal with a suffix", "nul1", 1, 4, "expected 'null'"},
      {"trailing garbage", R"({"a":1} x)", 1, 9, "expected end of input"},
      {"two values", "1 2", 1, 3, "expected end of input"},
      {"missing colon", R"({"a" 1})", 1, 6, "expected ':'"},
      {"unquoted key", "{a:1}", 1, 2, "expected a string key"},
      {"single quotes", "{'a':1}", 1, 2, "expected a string key"},
      {"missing comma", "[1 2]", 1, 4, "expected ',' or ']'"},
      {"missing comma in an object", "{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'"},
      {"comment", "[1 /* x */]", 1, 4, "found '/'"},
      {"byte order mark", "\xEF\xBB\xBF{}", 1, 1, "byte order mark"},
      {"mismatched bracket", "[1}", 1, 3, "expected ',' or ']'"},
      {"invalid byte outside a string", "[\xC3\xA9]", 1, 2, "U+00E9"},
  };
  for (const Malformed& c : cases) {
    INFO("case: " << c.name);
    JsonReadOptions options;
    options.file = "input.json";
    Result<Value> r = ReadJson(c.text, options);
    INFO(r.status().ToString());
    REQUIRE(IsParseError(r.status()));
    REQUIRE(r.status().location() != nullptr);
    CHECK(r.status().location()->file == "input.json");
    CHECK(r.status().location()->line == c.line);
    CHECK(r.status().location()->column == c.column);
    CHECK_THAT(r.status().message(), Catch::Contains(c.message_part));
  }
}

TEST_CASE("json reader rejects a lone surrogate escape with its position", "[json]") {
  Result<Value> r = ReadJson("{\"k\": \"ab\\ud83c\"}");
  REQUIRE(IsParseError(r.status()));
  CHECK(r.status().location()->line == 1);
  CHECK(r.status().location()->column == 10);
  CHECK_THAT(r.status().message(), Catch::Contains("lone surrogate escape \\ud83c"));
}

TEST_CASE("json writer writes compact json without spaces", "[json]") {
  Value v = Value::Object();
  v["a"] = Value::Array({1, 2.5});
  CHECK(MustWrite(v) == R"({"a":[1,2.5]})");
  CHECK(MustWrite(Value()) == "null");
  CHECK(MustWrite(true) == "true");
  CHECK(MustWrite(Value::Object()) == "{}");
  CHECK(MustWrite(Value::Array()) == "[]");
}

TEST_CASE("json writer indents as Go's json.MarshalIndent does", "[json]") {
  Value v = Value::Object();
  v["a"] = Value::Array({1, 2.5});
  v["b"] = Value::Object();
  v["c"] = Value::Array();
  v["d"]["e"] = nullptr;
  v["d"]["f"] = Value::Array({Value::Object(), "x"});
  CHECK(MustWrite(v, 2) ==
        "{\n"
        "  \"a\": [\n"
        "    1,\n"
        "    2.5\n"
        "  ],\n"
        "  \"b\": {},\n"
        "  \"c\": [],\n"
        "  \"d\": {\n"
        "    \"e\": null,\n"
        "    \"f\": [\n"
        "      {},\n"
        "      \"x\"\n"
        "    ]\n"
        "  }\n"
        "}");
  CHECK(MustWrite(Value::Array({1}), 4) == "[\n    1\n]");
  CHECK(MustWrite(7, 2) == "7");
}

TEST_CASE("json writer keeps the value's key order", "[json]") {
  Value v = Value::Object();
  v.Set("zeta", 1);
  v.Set("alpha", 2);
  CHECK(MustWrite(v) == R"({"zeta":1,"alpha":2})");
}

TEST_CASE("json writer prints integers exactly", "[json]") {
  CHECK(MustWrite(Value(std::numeric_limits<long long>::min())) == "-9223372036854775808");
  CHECK(MustWrite(Value(std::numeric_limits<long long>::max())) == "9223372036854775807");
  CHECK(MustWrite(Value(std::numeric_limits<unsigned long long>::max())) == "18446744073709551615");
}

TEST_CASE("json writer formats doubles as Go's encoding/json does", "[json]") {
  CHECK(MustWrite(0.1) == "0.1");
  CHECK(MustWrite(2.5) == "2.5");
  CHECK(MustWrite(1.0) == "1");
  CHECK(MustWrite(-0.0) == "-0");
  CHECK(MustWrite(123456789.0) == "123456789");
  CHECK(MustWrite(1e20) == "100000000000000000000");
  CHECK(MustWrite(1e21) == "1e+21");
  CHECK(MustWrite(0.000001) == "0.000001");
  CHECK(MustWrite(1e-7) == "1e-7");
  CHECK(MustWrite(1.5e-10) == "1.5e-10");
  CHECK(MustWrite(5e-324) == "5e-324");
  CHECK(MustWrite(1e300) == "1e+300");
  CHECK(MustWrite(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(MustWrite(0.30000000000000004) == "0.30000000000000004");
}

TEST_CASE("json writer output reads back to the same doubles", "[json]") {
  const double samples[] = {0.1,
                            1.0 / 3,
                            1e21,
                            1e-7,
                            5e-324,
                            2.2250738585072014e-308,
                            1e300,
                            -2.5,
                            1e20,
                            123.0,
                            -0.0,
                            9007199254740993.0,
                            1.8446744073709552e19,
                            9.223372036854775808e18};
  for (double d : samples) {
    INFO(d);
    Value back = MustRead(MustWrite(d));
    CHECK(back == Value(d));
    CHECK(back.as_double() == d);
  }
}

TEST_CASE("json writer writes negative zero as -0, which reads back as the integer 0", "[json]") {
  // Go prints a float64 -0 as "-0"; the reader takes "-0" as an integer, as
  // Kubernetes does, so the sign of zero is the one thing a round trip loses
  // (the Values still compare equal).
  CHECK(MustWrite(-0.0) == "-0");
  Value back = MustRead("-0");
  CHECK(back.type() == Value::Type::kInt);
  CHECK(back == Value(-0.0));
}

TEST_CASE("json writer escapes strings as Go's encoding/json does, leaving <>& literal", "[json]") {
  const std::string in =
      "q\" b\\ n\n r\r t\t \b \f \x01 \x1f <>& \xE2\x80\xA8 \xE2\x80\xA9 \x7f / \xC3\xA9";
  CHECK(
      MustWrite(Value(in)) ==
      "\"q\\\" b\\\\ n\\n r\\r t\\t \\b \\f \\u0001 \\u001f <>& \\u2028 \\u2029 \x7f / \xC3\xA9\"");
  CHECK(MustWrite(Value(std::string_view("\0", 1))) == "\"\\u0000\"");
}

TEST_CASE("json writer rejects NaN and infinities naming their JSON pointer", "[json]") {
  Value v = Value::Object();
  v["spec"]["values"] = Value::Array({1, std::nan("")});
  Result<std::string> r = WriteJson(v);
  REQUIRE(IsInvalidArgument(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("\"/spec/values/1\"") && Catch::Contains("NaN"));

  Value inf = Value::Object();
  inf["a/b"]["~"] = std::numeric_limits<double>::infinity();
  r = WriteJson(inf);
  REQUIRE(IsInvalidArgument(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("\"/a~1b/~0\"") && Catch::Contains("+Inf"));

  r = WriteJson(Value(-std::numeric_limits<double>::infinity()));
  REQUIRE(IsInvalidArgument(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("\"\"") && Catch::Contains("-Inf"));
}

TEST_CASE("json writer rejects invalid UTF-8 naming its JSON pointer", "[json]") {
  Value v = Value::Object();
  v["data"] = Value::Array({"ok", "bad \xC0\xAF"});
  Result<std::string> r = WriteJson(v, {.indent = 2});
  REQUIRE(IsInvalidArgument(r.status()));
  CHECK_THAT(r.status().message(),
             Catch::Contains("\"/data/1\"") && Catch::Contains("UTF-8") && Catch::Contains("0xC0"));

  Value bad_key = Value::Object();
  bad_key["meta"].Set("\xED\xA0\x80", 1);
  r = WriteJson(bad_key);
  REQUIRE(IsInvalidArgument(r.status()));
  CHECK_THAT(r.status().message(), Catch::Contains("key") && Catch::Contains("\"/meta\""));
}

TEST_CASE("json round trip of a Kubernetes object is byte-identical in compact form", "[json]") {
  const std::string text =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"prod",)"
      R"("labels":{"app.kubernetes.io/name":"web"},"annotations":{"note":"a \"quoted\" \\ value\n"}},)"
      R"("spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":)"
      R"({"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27",)"
      R"("ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"limits":{"cpu":0.5}},)"
      R"("env":[{"name":"GREETING","value":"h\u00e9llo \u2028"}]}]}},"paused":false,)"
      R"("progressDeadlineSeconds":null,"big":18446744073709551615,"neg":-9223372036854775808}})";
  Value v = MustRead(text);
  // \u00e9 reads as the raw character and is written raw; \u2028 stays escaped.
  std::string expected = text;
  expected.replace(expected.find("\\u00e9"), 6, "\xC3\xA9");
  CHECK(MustWrite(v) == expected);
  CHECK(MustRead(MustWrite(v, 2)) == v);
  CHECK(MustWrite(MustRead(MustWrite(v, 4))) == expected);
}

}  // namespace
}  // namespace gitops
