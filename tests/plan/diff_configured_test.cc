// Diff of configured objects: the desired object differs from the live one
// that the API server stores (tests/data/plan/deployment-defaulted: after a
// server-side apply by "gitops" and a rollout). What a user sees is the one
// field that changed, whatever form the live managedFields take; and the
// merge made in place equals the schema merge on any pair of values.
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/schema.h"
#include "plan/diff_internal.h"
#include "plan/typed.h"
#include "plan/udiff.h"
#include "tests/plan/plan_test_support.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::testing::DiffOk;
using gitops::plan::testing::ReadDeploymentCase;
using gitops::plan::testing::Yaml;

// The diff's changed lines ("+..." and "-...", without the file names).
std::vector<std::string> ChangedLines(const std::string& diff) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < diff.size()) {
    size_t end = diff.find('\n', start);
    if (end == std::string::npos) end = diff.size();
    std::string line = diff.substr(start, end - start);
    if ((line.starts_with("+") && !line.starts_with("+++ ")) ||
        (line.starts_with("-") && !line.starts_with("--- "))) {
      out.push_back(line);
    }
    start = end + 1;
  }
  return out;
}

Value& Container(Value& object) { return *object.AtPointer("/spec/template/spec/containers/0"); }

// The live object's "gitops" managedFields entry.
Value& OurFields(Value& live) { return *live.AtPointer("/metadata/managedFields/0/fieldsV1"); }

}  // namespace

TEST_CASE("diff of a new image shows that one line changed", "[plan][diff]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  Container(desired).Set("image", "ghcr.io/example/web:1.5.0");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].image");
  CHECK(entry.changes[0].before == Value("ghcr.io/example/web:1.4.2"));
  CHECK(entry.changes[0].after == Value("ghcr.io/example/web:1.5.0"));
  CHECK(ChangedLines(entry.diff) ==
        std::vector<std::string>{"-        image: ghcr.io/example/web:1.4.2",
                                 "+        image: ghcr.io/example/web:1.5.0"});
}

TEST_CASE("diff of a field the desired object adds shows it added, the rest kept", "[plan][diff]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  Container(desired).Set("workingDir", "/srv");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].workingDir");
  CHECK_FALSE(entry.changes[0].has_before);
  CHECK(entry.changes[0].after == Value("/srv"));
  CHECK(ChangedLines(entry.diff) == std::vector<std::string>{"+        workingDir: /srv"});
}

TEST_CASE("diff reads managedFields keys in any JSON spelling as the API server's",
          "[plan][diff]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  Container(desired).Set("image", "ghcr.io/example/web:1.5.0");
  auto canonical = DiffOk(desired, live);
  // The same ownership, its keys spelled with spaces and fields reordered.
  Value& containers = *OurFields(live).AtPointer("/f:spec/f:template/f:spec/f:containers");
  Value web = *containers.Find("k:{\"name\":\"web\"}");
  Value& ports = web["f:ports"];
  Value port = *ports.Find("k:{\"containerPort\":8080,\"protocol\":\"TCP\"}");
  ports = Value::Object();
  ports.Set("k:{\"protocol\": \"TCP\", \"containerPort\": 8080}", port);
  containers = Value::Object();
  containers.Set("k:{ \"name\" : \"web\" }", web);
  auto spelled = DiffOk(desired, live);
  CHECK(spelled.action == canonical.action);
  CHECK(spelled.diff == canonical.diff);
  REQUIRE(spelled.changes.size() == 1);
  CHECK(spelled.changes[0].field == canonical.changes[0].field);
}

TEST_CASE("diff finds an owned port whose key field the schema defaults", "[plan][diff]") {
  // The built-in schema defaults a container port's protocol to TCP: the
  // API server records a port applied without it under a key with TCP, and
  // the port the desired object gives without it is that owned port.
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  (*Container(desired).AtPointer("/ports/0")).Erase("protocol");
  OurFields(live)
      .AtPointer(
          "/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"web\"}/f:ports/"
          "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}")
      ->Erase("f:protocol");
  Container(desired).Set("image", "ghcr.io/example/web:1.5.0");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  CHECK(ChangedLines(entry.diff) ==
        std::vector<std::string>{"-        image: ghcr.io/example/web:1.4.2",
                                 "+        image: ghcr.io/example/web:1.5.0"});
}

TEST_CASE("diff removes an owned env var the desired object no longer lists", "[plan][diff]") {
  // Server-side apply prunes a field its manager owned and no longer applies.
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  Container(desired).Erase("env");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].env");
  CHECK_FALSE(entry.changes[0].has_after);
  CHECK(entry.diff.find("-        - name: LOG_LEVEL\n-          value: info\n") !=
        std::string::npos);
  for (const std::string& line : ChangedLines(entry.diff)) {
    INFO(line);
    CHECK((line.find("env") != std::string::npos || line.find("LOG_LEVEL") != std::string::npos ||
           line.find("value: info") != std::string::npos ||
           line.find("image: ghcr.io/example/web:1.4.2") != std::string::npos));
  }
}

TEST_CASE("diff of a created object reports what the apply would refuse", "[plan][diff][errors]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml"));
  desired["spec"].Set("replicas", "two");
  auto r = gitops::plan::Diff(desired, nullptr, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == gitops::Code::kInvalidArgument);
  CHECK(r.status().message() ==
        "Deployment/shop/web: configuration: .spec.replicas: expected numeric (int or float), "
        "got string");
}

TEST_CASE("diff of a configured object reports the configuration's error before the live one's",
          "[plan][diff][errors]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  Container(desired).Set("image", "ghcr.io/example/web:1.5.0");
  live["spec"].Set("paused", "yes");
  auto r = gitops::plan::Diff(desired, &live, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "Deployment/shop/web: live object: .spec.paused: expected boolean, got string");
  desired["spec"].Set("replicas", "two");
  r = gitops::plan::Diff(desired, &live, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "Deployment/shop/web: configuration: .spec.replicas: expected numeric (int or float), "
        "got string");
}

// --- the merge in place -----------------------------------------------------------

namespace {

// Random edits of a value: members dropped, reordered, nulled or changed,
// list items dropped, swapped, copied or changed. Kept small so that many
// pairs stay valid.
class Mutator {
 public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  void Mutate(Value* v, bool allow_copies) {
    std::vector<Value*> nodes;
    Collect(v, &nodes);
    Value* n = nodes[Pick(nodes.size())];
    if (n->is_object() && !n->empty()) {
      auto members = n->members();
      size_t i = Pick(members.size());
      std::string key(members[i].key());
      switch (Pick(5)) {
        case 0:
          n->Erase(key);
          break;
        case 1: {  // moved to the end
          Value moved = members[i].value();
          n->Erase(key);
          n->AppendMember(key, std::move(moved));
          break;
        }
        case 2:
          members[i].value() = Value();
          break;
        case 3:
          n->Set("extra" + std::to_string(Pick(3)), Value("x"));
          break;
        default:
          Change(&members[i].value());
          break;
      }
    } else if (n->is_array() && !n->empty()) {
      size_t i = Pick(n->size()), j = Pick(n->size());
      switch (Pick(4)) {
        case 0:
          n->EraseAt(i);
          break;
        case 1:
          std::swap((*n)[i], (*n)[j]);
          break;
        case 2:
          if (allow_copies) {
            Value copy = (*n)[i];
            n->InsertAt(j, std::move(copy));
          }
          break;
        default:
          Change(&(*n)[i]);
          break;
      }
    } else {
      Change(n);
    }
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  void Change(Value* v) {
    if (v->is_string()) {
      *v = Value(std::string(v->as_string()) + "2");
    } else if (v->is_integer()) {
      *v = Value(v->as_int() + 1);
    } else if (v->is_object() && !v->empty()) {
      Change(&v->members()[Pick(v->size())].value());
    } else if (v->is_array() && !v->empty()) {
      Change(&(*v)[Pick(v->size())]);
    }
  }

  static void Collect(Value* v, std::vector<Value*>* out) {
    out->push_back(v);
    for (Value::Member& m : v->members()) Collect(&m.value(), out);
    for (Value& item : v->items()) Collect(&item, out);
  }

  std::mt19937 rng_;
};

std::string Json(const Value& v) {
  auto text = gitops::WriteJson(v);
  REQUIRE(text.ok());
  return *text;
}

}  // namespace

TEST_CASE("the merge in place gives the schema merge's value, the comparison its comparison",
          "[plan][merge]") {
  using gitops::plan::internal::Typed;
  const gitops::plan::Schema& schema = gitops::plan::Schema::BuiltIn();
  gitops::plan::TypeRef root;
  root.named_type = std::string(gitops::plan::Schema::BuiltInTypeFor("apps/v1", "Deployment"));
  Typed t{schema, root};
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  live["metadata"].Erase("managedFields");
  // Longer lists, so that items move, go and come back.
  for (Value* v : {&desired, &live}) {
    Value& env = Container(*v)["env"];
    env.Append(Yaml("{name: A, value: a}"));
    env.Append(Yaml("{name: B, valueFrom: {fieldRef: {fieldPath: metadata.name}}}"));
    Container(*v)["args"] = Yaml("[--a, --b]");
    (*v)["spec"]["template"]["spec"]["containers"].Append(
        Yaml("{name: side, image: side:1, ports: [{containerPort: 9090, protocol: UDP}]}"));
  }
  Mutator mutate(20261201);
  int merged_in_place = 0, compared = 0;
  for (int round = 0; round < 3000; ++round) {
    Value config = desired, base = live;
    for (int i = round % 4; i >= 0; --i) mutate.Mutate(&config, false);
    for (int i = round % 3; i >= 0; --i) mutate.Mutate(&base, true);
    bool config_stable = false, base_stable = false;
    if (!gitops::plan::internal::Validate(t, config, false, &config_stable).ok()) continue;
    if (!gitops::plan::internal::Validate(t, base, true, &base_stable).ok()) continue;
    ++compared;
    // The comparison without the merged value (which skips identical
    // parts) is the one the merge makes.
    gitops::plan::internal::Comparison built;
    gitops::plan::internal::Merge(t, base, config, &built);
    gitops::plan::internal::Comparison compared_only =
        gitops::plan::internal::Compare(t, base, config);
    CHECK(compared_only.added == built.added);
    CHECK(compared_only.modified == built.modified);
    CHECK(compared_only.removed == built.removed);
    if (!config_stable || !base_stable) continue;
    Value expected = gitops::plan::internal::Merge(t, base, config, nullptr);
    Value in_place = base;
    gitops::plan::internal::MergeInto(t, &in_place, config);
    INFO("round " << round << "\nlive: " << Json(base) << "\nconfig: " << Json(config));
    REQUIRE(Json(in_place) == Json(expected));
    // And between the live value and the merged one, as the diff compares.
    gitops::plan::internal::Comparison merged_built;
    gitops::plan::internal::Merge(t, base, expected, &merged_built);
    gitops::plan::internal::Comparison merged_compared =
        gitops::plan::internal::Compare(t, base, expected);
    CHECK(merged_compared.added == merged_built.added);
    CHECK(merged_compared.modified == merged_built.modified);
    CHECK(merged_compared.removed == merged_built.removed);
    ++merged_in_place;
  }
  // Most pairs are valid and merge-stable; the live copies with duplicated
  // items are not.
  CHECK(compared > 1500);
  CHECK(merged_in_place > 1000);
  CHECK(merged_in_place < compared);
}

namespace {

// StripServerFields(CopyWithoutManagedFields(live)), as the diff made the
// compared live object before ComparedLive: managedFields out of the
// metadata map, then the server fields out of it, and status.
Value StrippedCopy(const Value& live, bool keep_status) {
  Value out = live;
  if (Value* metadata = out.Find("metadata"); metadata != nullptr && metadata->is_object()) {
    for (const char* f : {"uid", "resourceVersion", "generation", "creationTimestamp",
                          "managedFields", "selfLink", "deletionTimestamp",
                          "deletionGracePeriodSeconds"}) {
      metadata->Erase(f);
    }
  }
  if (!keep_status) out.Erase("status");
  return out;
}

}  // namespace

TEST_CASE("the compared live object is the live one without its server fields", "[plan][diff]") {
  Value live = Yaml(ReadDeploymentCase("live.yaml"));
  std::vector<Value> cases = {live, Value("not an object"), Yaml("[1, 2]"), Value::Object()};
  cases.push_back(Yaml("{apiVersion: v1, kind: ConfigMap, metadata: [uid], status: 1}"));
  cases.push_back(Yaml("{kind: ConfigMap, metadata: {uid: u, selfLink: s, name: n}, status: {}}"));
  cases.push_back(Yaml("{kind: ConfigMap, metadata: {managedFields: null}, data: {a: b}}"));
  for (const Value& c : cases) {
    for (bool keep_status : {false, true}) {
      INFO("live: " << Json(c) << "\nkeep_status: " << keep_status);
      gitops::plan::internal::ComparedLive view(c, keep_status);
      Value expected = StrippedCopy(c, keep_status);
      CHECK(Json(view.value()) == Json(expected));
      CHECK(Identical(view.value(), expected));
      // A copy owns its nodes (the view's are the live object's).
      Value copy = view.value();
      CHECK(Identical(copy, expected));
    }
  }
}

TEST_CASE("the comparison of lists with items in one order is the merge's, duplicates included",
          "[plan][merge]") {
  using gitops::plan::internal::Typed;
  const gitops::plan::Schema& schema = gitops::plan::Schema::BuiltIn();
  gitops::plan::TypeRef root;
  root.named_type = std::string(gitops::plan::Schema::BuiltInTypeFor("apps/v1", "Deployment"));
  Typed t{schema, root};
  Value base = Yaml(ReadDeploymentCase("live.yaml"));
  base["metadata"].Erase("managedFields");
  // The same keys at the same places on both sides, values changed: a
  // list-map (env, one name twice on both sides or on one), a set
  // (finalizers) and a list by position (args).
  auto with = [&](const char* env, const char* finalizers, const char* args) {
    Value v = base;
    Container(v)["env"] = Yaml(env);
    v["metadata"]["finalizers"] = Yaml(finalizers);
    Container(v)["args"] = Yaml(args);
    return v;
  };
  const char* envs[] = {"[{name: A, value: '1'}, {name: B, value: '2'}]",
                        "[{name: A, value: '1'}, {name: B, value: '3'}]",
                        "[{name: A, value: '1'}, {name: A, value: '2'}]",
                        "[{name: A, value: '1'}, {name: A, value: '3'}]",
                        "[{name: A, value: '3'}, {name: A, value: '2'}]",
                        "[{name: B, value: '2'}, {name: A, value: '1'}]"};
  const char* finalizers[] = {"[a, b]", "[a, a]", "[b, a]"};
  const char* args[] = {"[--x, --y]", "[--x, --z]"};
  int compared = 0;
  for (const char* e1 : envs) {
    for (const char* e2 : envs) {
      for (const char* f1 : finalizers) {
        for (const char* f2 : finalizers) {
          Value lhs = with(e1, f1, args[0]), rhs = with(e2, f2, args[1]);
          gitops::plan::internal::Comparison built;
          gitops::plan::internal::Merge(t, lhs, rhs, &built);
          gitops::plan::internal::Comparison compared_only =
              gitops::plan::internal::Compare(t, lhs, rhs);
          INFO("env " << e1 << " -> " << e2 << ", finalizers " << f1 << " -> " << f2);
          CHECK(compared_only.added == built.added);
          CHECK(compared_only.modified == built.modified);
          CHECK(compared_only.removed == built.removed);
          ++compared;
        }
      }
    }
  }
  CHECK(compared == 6 * 6 * 3 * 3);
}

TEST_CASE("unified diffs of texts ending in a line feed match the line-by-line diff",
          "[plan][diff]") {
  // Two texts ending in a line feed are diffed from their changed middle
  // only; without their last line feed (the same lines) they are split
  // whole: both diffs must be the same.
  std::mt19937 rng(5);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const char* words[] = {"a", "b", "c", "", "  - name: x", "d"};
  for (int round = 0; round < 5000; ++round) {
    std::vector<std::string> base;
    for (size_t i = pick(40); i-- > 0;) base.push_back(words[pick(6)]);
    std::vector<std::string> changed = base;
    for (size_t edits = pick(4); edits-- > 0;) {
      size_t at = changed.empty() ? 0 : pick(changed.size() + 1);
      switch (pick(3)) {
        case 0:
          if (at < changed.size()) changed.erase(changed.begin() + static_cast<long>(at));
          break;
        case 1:
          changed.insert(changed.begin() + static_cast<long>(at), words[pick(6)]);
          break;
        default:
          if (at < changed.size()) changed[at] = words[pick(6)];
          break;
      }
    }
    auto text = [](const std::vector<std::string>& lines, const char* last) {
      std::string out;
      for (const std::string& l : lines) out += l + "\n";
      return out + last + "\n";  // a last line that is not empty
    };
    std::string a = text(base, "end"), b = text(changed, pick(4) == 0 ? "fin" : "end");
    int context = static_cast<int>(pick(4));
    std::string whole = gitops::plan::internal::UnifiedDiff(
        std::string_view(a).substr(0, a.size() - 1), std::string_view(b).substr(0, b.size() - 1),
        "a", "b", context);
    INFO("round " << round << "\na:\n" << a << "b:\n" << b);
    REQUIRE(gitops::plan::internal::UnifiedDiff(a, b, "a", "b", context) == whole);
  }
}
