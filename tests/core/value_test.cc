// Value: types, object order, JSON pointers, equality, ownership.
#include <catch2/catch.hpp>

#include <string>

#include "gitops/core/value.h"

using gitops::Code;
using gitops::Value;

TEST_CASE("a Value is 16 bytes and holds every JSON type", "[value]") {
  STATIC_REQUIRE(sizeof(Value) == 16);
  CHECK(Value().is_null());
  CHECK(Value(true).as_bool());
  CHECK(Value(-5).as_int() == -5);
  CHECK(Value(18446744073709551615ull).type() == Value::Type::kUint);
  CHECK(Value(18446744073709551615ull).as_uint() == 18446744073709551615ull);
  CHECK(Value(42ull).type() == Value::Type::kInt);  // small unsigned numbers are plain ints
  CHECK(Value(2.5).as_double() == 2.5);
  CHECK(Value("short").as_string() == "short");
  std::string long_text(1000, 'x');
  CHECK(Value(long_text).as_string() == long_text);
  CHECK(Value("exactly14bytes").as_string() == "exactly14bytes");
  CHECK(Value("fifteen bytes!!").as_string() == "fifteen bytes!!");
  CHECK(Value(std::string_view("a\0b", 3)).as_string().size() == 3);
  CHECK(Value::Array().is_array());
  CHECK(Value::Object().is_object());
  CHECK(Value::Object().HeapBytes() == 0);  // no allocation until the first member
}

TEST_CASE("objects keep insertion order and replace in place", "[value]") {
  Value v;
  v.Set("b", 1);
  v.Set("a", 2);
  v["c"] = "three";
  v.Set("b", 10);
  REQUIRE(v.size() == 3);
  CHECK(v.members()[0].key() == "b");
  CHECK(v.members()[0].value().as_int() == 10);
  CHECK(v.members()[1].key() == "a");
  CHECK(v.members()[2].key() == "c");
  CHECK(v.Erase("a"));
  CHECK_FALSE(v.Erase("a"));
  CHECK(v.size() == 2);
  CHECK(v.Find("missing") == nullptr);
}

TEST_CASE("arrays append, insert and erase", "[value]") {
  Value v = Value::Array({1, "two", nullptr});
  v.Append(Value::Object());
  v.InsertAt(0, 0);
  v.EraseAt(2);
  REQUIRE(v.size() == 4);
  CHECK(v[0].as_int() == 0);
  CHECK(v[1].as_int() == 1);
  CHECK(v[2].is_null());
  CHECK(v[3].is_object());
}

TEST_CASE("copies are deep and moves leave null behind", "[value]") {
  Value a;
  a["list"].Append(std::string(100, 'y'));
  a["list"].Append(Value::Object());
  Value b = a;
  b["list"][0] = "changed";
  CHECK(a["list"][0].as_string() == std::string(100, 'y'));
  Value c = std::move(a);
  CHECK(a.is_null());  // NOLINT(bugprone-use-after-move): documented behaviour
  CHECK(c["list"].size() == 2);
  // Assigning a child over its parent must not read freed memory.
  c = std::move(c["list"]);
  CHECK(c.is_array());
  CHECK(c.size() == 2);
  Value d = c;
  d = d[0];
  CHECK(d.as_string() == std::string(100, 'y'));
}

TEST_CASE("equality is deep, ignores member order and compares numbers by value", "[value]") {
  Value a, b;
  a.Set("x", 1);
  a.Set("y", Value::Array({1, 2}));
  b.Set("y", Value::Array({1, 2}));
  b.Set("x", 1.0);
  CHECK(a == b);
  b["y"].Append(3);
  CHECK(a != b);
  CHECK(Value(Value::Array({1, 2})) != Value(Value::Array({2, 1})));
  CHECK(Value(1) != Value("1"));
  CHECK(Value(1) != Value(1.5));
  CHECK(Value(18446744073709551615ull) != Value(-1));
  CHECK(Value(nullptr) == Value());
}

TEST_CASE("JSON pointers get, set and remove as RFC 6901 says", "[value]") {
  Value v;
  v["spec"]["containers"].Append(Value::Object())["image"] = "nginx";
  v["a/b"]["m~n"] = 1;
  CHECK(v.AtPointer("") == &v);
  CHECK(*v.AtPointer("/spec/containers/0/image") == Value("nginx"));
  CHECK(v.AtPointer("/a~1b/m~0n")->as_int() == 1);
  CHECK(v.AtPointer("/spec/containers/1") == nullptr);
  CHECK(v.AtPointer("/spec/containers/01") == nullptr);  // leading zeros are not indices
  CHECK(v.AtPointer("spec") == nullptr);                 // must start with '/'
  CHECK(v.AtPointer("/a~2b") == nullptr);                // bad escape

  REQUIRE(v.SetPointer("/spec/containers/-", Value("x")).ok());
  CHECK(v["spec"]["containers"].size() == 2);
  REQUIRE(v.SetPointer("/spec/replicas", 3).ok());
  CHECK(v["spec"]["replicas"].as_int() == 3);
  auto missing = v.SetPointer("/nope/x", 1);
  CHECK(missing.code() == Code::kNotFound);
  CHECK(missing.message().find("/nope") != std::string::npos);
  CHECK(v.SetPointer("/spec/containers/9", 1).code() == Code::kInvalidArgument);
  CHECK(v.SetPointer("/spec/replicas/x", 1).code() == Code::kInvalidArgument);

  REQUIRE(v.RemovePointer("/spec/containers/0").ok());
  CHECK(v["spec"]["containers"][0] == Value("x"));
  CHECK(v.RemovePointer("/spec/containers/5").code() == Code::kNotFound);
  CHECK(v.RemovePointer("/spec/nothing").code() == Code::kNotFound);
  CHECK(gitops::EscapePointerToken("a/b~c") == "a~1b~0c");
}

TEST_CASE("a key may be a view into the object it is added to", "[value]") {
  Value o = Value::Object();
  o.Set("name", "web");
  o.Set("k2", 1);  // full block: the next member makes it grow
  std::string_view inside = o.Find("name")->as_string();
  o[inside] = 5;
  CHECK(o["web"].as_int() == 5);
  Value o2 = Value::Object();
  o2.Set("a", "b");
  o2.Set(o2.members()[0].key(), "replaced");  // same key: replaced in place
  CHECK(o2.size() == 1);
  CHECK(o2["a"] == Value("replaced"));
}

TEST_CASE("a malformed pointer is an invalid argument wherever its bad escape is", "[value]") {
  Value v;
  v["x"]["y"] = 1;
  CHECK(v.SetPointer("/x~2/y", 2).code() == Code::kInvalidArgument);
  CHECK(v.RemovePointer("/x~/y").code() == Code::kInvalidArgument);
  CHECK(v["x"]["y"].as_int() == 1);
}
