// WriteYamlPair: each side's text is exactly WriteYaml's for it (the
// single-document writer is the reference; its own output is checked
// against kubectl kustomize in yaml_writer_test.cc), however the two
// documents differ: changed, added and removed members, lists of other
// lengths, scalars of other kinds, and strings whose length moves a later
// line's folding, so that the two writers leave a subtree in different
// states.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/core/value.h"
#include "gitops/core/yaml.h"

namespace gitops {
namespace {

void CheckPair(const Value& a, const Value& b, const YamlWriteOptions& options = {}) {
  std::string pa = "stale", pb = "stale";
  WriteYamlPair(a, b, &pa, &pb, options);
  std::string wa = WriteYaml(a, options), wb = WriteYaml(b, options);
  INFO("a:\n" << wa << "b:\n" << wb);
  CHECK(pa == wa);
  CHECK(pb == wb);
}

class Trees {
 public:
  explicit Trees(uint32_t seed) : rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string Text() {
    static const char* const kWords[] = {"a", "web", "yes", "null", "0x1F", "- x", "# c", "a: b",
                                         "é", "long", "", " ", "1e3", "~", "true", "&x"};
    std::string s;
    int words = Pick(4) == 0 ? 10 + Pick(20) : 1 + Pick(3);  // some fold past column 80
    for (int i = 0; i < words; ++i) {
      if (i > 0) s += Pick(12) == 0 ? "\n" : " ";
      s += kWords[Pick(16)];
    }
    return s;
  }

  Value Scalar() {
    switch (Pick(6)) {
      case 0:
        return Value(int64_t{Pick(2000)} - 1000);
      case 1:
        return Value(Pick(2) == 0);
      case 2:
        return Value();
      case 3:
        return Value(Pick(100) / 8.0);
      default:
        return Value(Text());
    }
  }

  std::string Key() {
    static const char* const kKeys[] = {"name", "image", "ports", "b", "a", "z10", "z9",
                                        "_x",   "-",     "yes",   "k:v", "long key with spaces",
                                        "",     "é"};
    return kKeys[Pick(14)];
  }

  Value Tree(int depth) {
    int kind = depth >= 4 ? 0 : Pick(3);
    if (kind == 0) return Scalar();
    if (kind == 1) {
      Value list = Value::Array();
      for (int i = Pick(4); i > 0; --i) list.Append(Tree(depth + 1));
      return list;
    }
    Value map = Value::Object();
    for (int i = Pick(5); i > 0; --i) map.Set(Key(), Tree(depth + 1));
    return map;
  }

  // A copy of `v` with a few random edits.
  void Mutate(Value* v, int depth) {
    if (v->is_object() && !v->empty() && Pick(4) != 0) {
      auto members = v->members();
      std::string key(members[static_cast<size_t>(Pick(static_cast<int>(members.size())))].key());
      switch (Pick(5)) {
        case 0:
          v->Erase(key);
          return;
        case 1:
          v->Set(Key(), Tree(depth + 1));
          return;
        default:
          Mutate(&(*v)[key], depth + 1);
          return;
      }
    }
    if (v->is_array() && v->size() > 0 && Pick(4) != 0) {
      size_t i = static_cast<size_t>(Pick(static_cast<int>(v->size())));
      switch (Pick(5)) {
        case 0:
          v->EraseAt(i);
          return;
        case 1:
          v->Append(Tree(depth + 1));
          return;
        default:
          Mutate(&(*v)[i], depth + 1);
          return;
      }
    }
    *v = Pick(3) == 0 ? Tree(depth) : Scalar();
  }

 private:
  std::mt19937 rng_;
};

TEST_CASE("WriteYamlPair writes each side as WriteYaml does", "[yaml][writer]") {
  Trees trees(20261201);
  YamlWriteOptions insertion;
  insertion.key_order = YamlWriteOptions::KeyOrder::kInsertion;
  for (int i = 0; i < 3000; ++i) {
    Value a = Value::Object();
    a.Set("apiVersion", "v1");
    a.Set("spec", trees.Tree(0));
    a.Set("data", trees.Tree(1));
    Value b = a;
    for (int edits = 1 + trees.Pick(3); edits > 0; --edits) trees.Mutate(&b, 0);
    INFO("pair " << i);
    CheckPair(a, b);
    CheckPair(b, a);
    CheckPair(a, b, insertion);
  }
  // One value under keys of other lengths: the line folds on one side only.
  std::string words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod";
  Value short_key = Value::Object(), long_key = Value::Object();
  short_key.Set("aa", words);
  long_key.Set("a-much-much-longer-key", words);
  CheckPair(short_key, long_key);
  CheckPair(long_key, short_key);
  REQUIRE(WriteYaml(long_key).find('\n') < WriteYaml(long_key).size() - 1);  // it folds
  Value in_list = Value::Array(), in_map = Value::Object();
  in_list.Append(words);
  in_map.Set("key", Value::Array()).Append(words);
  CheckPair(in_list, in_map);
  // Values operator== calls equal that print differently, or in another
  // order.
  Value zero = Value::Object(), minus_zero = Value::Object();
  zero.Set("n", Value(int64_t{0}));
  minus_zero.Set("n", Value(-0.0));
  CheckPair(zero, minus_zero);
  Value ab = Value::Object(), ba = Value::Object();
  ab.Set("m", Value::Object()).Set("a", 1);
  ab["m"].Set("b", "x");
  ba.Set("m", Value::Object()).Set("b", "x");
  ba["m"].Set("a", 1);
  CheckPair(ab, ba);
  CheckPair(ab, ba, insertion);
  // Strings and keys of one length that differ in one byte, at each place
  // of each length up to 40 (the pair compares them a word at a time).
  for (size_t n = 1; n <= 40; ++n) {
    for (size_t at = 0; at < n; ++at) {
      std::string s(n, 'k'), t = s;
      t[at] = 'j';
      Value x = Value::Object(), y = Value::Object();
      x.Set("v", s);
      y.Set("v", t);
      x.Set("w", 1);
      y.Set("w", 1);
      CheckPair(x, y);
      Value kx = Value::Object(), ky = Value::Object();
      kx.Set(s, 1);
      ky.Set(t, 1);
      CheckPair(kx, ky);
    }
  }
  // Equal documents, scalars and empty collections at the root.
  Value same = trees.Tree(0);
  CheckPair(same, same);
  CheckPair(Value("x"), Value(3));
  CheckPair(Value::Object(), Value::Array());
  CheckPair(Value::Array(), Value::Array());
}

TEST_CASE("WriteYamlPair writes the test data's documents as WriteYaml does", "[yaml][writer]") {
  namespace fs = std::filesystem;
  std::vector<Value> docs;
  for (const char* root : {GITOPS_SOURCE_DIR "/tests/data", GITOPS_SOURCE_DIR "/examples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto read = ReadYaml(text.str());
      if (!read.ok()) continue;  // some fixtures are bad input on purpose
      for (Value& d : *read) docs.push_back(std::move(d));
    }
  }
  REQUIRE(docs.size() > 200);
  Trees trees(7);
  for (size_t i = 0; i < docs.size(); ++i) {
    Value changed = docs[i];
    trees.Mutate(&changed, 0);
    INFO("document " << i);
    CheckPair(docs[i], changed);
    CheckPair(docs[i], docs[(i + 1) % docs.size()]);
  }
}

}  // namespace
}  // namespace gitops
