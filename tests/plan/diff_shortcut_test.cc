// The unchanged-object shortcut (DiffObject's check on the values and the
// live FieldsV1, before any field set is built) on the forms it reads
// itself: list-map keys in the API server's form with long strings,
// integers and booleans, keys in another JSON spelling, owned items the
// desired object dropped, and objects whose keys are not sorted. The
// expected actions are server-side apply's (a field we own that the
// configuration drops is removed; nothing else changes).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "plan/canonical_key.h"
#include "plan/key_equal.h"
#include "tests/plan/plan_test_support.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::internal::CanonicalKeyView;
using gitops::plan::internal::FindKeyFrom;
using gitops::plan::internal::ReadCanonicalKeyView;
using gitops::plan::testing::DiffOk;
using gitops::plan::testing::Yaml;

// A Deployment as kustomize writes it (keys sorted).
const char* kDesired = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: web
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
      - env:
        - name: LOG_FORMAT
          value: json
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: http://otel-collector.observability.svc.cluster.local:4317
        image: ghcr.io/example/web:1.4.2
        name: web
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        securityContext:
          readOnlyRootFilesystem: true
)";

// The same after `kubectl apply --server-side --field-manager=gitops`, with
// the defaults the API server adds; `%FIELDS%` is the manager's fieldsV1.
const char* kLive = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  generation: 1
  labels:
    app.kubernetes.io/name: web
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1: %FIELDS%
    manager: gitops
    operation: Apply
    time: "2026-11-30T09:12:44Z"
  name: web
  namespace: shop
  resourceVersion: "48213"
  uid: 6f0b2c1e-4d1a-4f8e-9a57-3c2d1e0f9a11
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
      - env:
        - name: LOG_FORMAT
          value: json
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: http://otel-collector.observability.svc.cluster.local:4317
        image: ghcr.io/example/web:1.4.2
        imagePullPolicy: IfNotPresent
        name: web
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        resources: {}
        securityContext:
          readOnlyRootFilesystem: true
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  replicas: 1
)";

// The fieldsV1 the API server records for kDesired (JSON, keys sorted);
// `%PORT%` is the port item's key.
const char* kFields =
    R"({"f:metadata":{"f:labels":{"f:app.kubernetes.io/name":{}}},)"
    R"("f:spec":{"f:selector":{},"f:template":{"f:metadata":{"f:labels":)"
    R"({"f:app.kubernetes.io/name":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":)"
    R"({".":{},"f:env":{"k:{\"name\":\"LOG_FORMAT\"}":{".":{},"f:name":{},"f:value":{}},)"
    R"("k:{\"name\":\"OTEL_EXPORTER_OTLP_ENDPOINT\"}":{".":{},"f:name":{},"f:value":{}}},)"
    R"("f:image":{},"f:name":{},"f:ports":{"%PORT%":)"
    R"({".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},)"
    R"("f:securityContext":{"f:readOnlyRootFilesystem":{}}}}}}}})";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

Value Live(const std::string& port_key) {
  std::string fields = Replace(kFields, "%PORT%", port_key);
  return Yaml(Replace(kLive, "%FIELDS%", fields));
}

const char* kPortKey = R"(k:{\"containerPort\":8080,\"protocol\":\"TCP\"})";

}  // namespace

TEST_CASE("diff shortcut: an applied Deployment with long keyed names is unchanged",
          "[plan][diff]") {
  Value desired = Yaml(kDesired), live = Live(kPortKey);
  auto entry = DiffOk(desired, live);
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.diff.empty());
}

TEST_CASE("diff shortcut: list-map keys in another JSON spelling name the same items",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  // Spaces and the fields in another order: not the API server's form, the
  // same key once read as JSON.
  Value live = Live(R"(k:{ \"protocol\": \"TCP\", \"containerPort\": 8080 })");
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
}

TEST_CASE("diff shortcut: an owned item whose key matches no live item is not unchanged",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  // The key's port is a string: no live item has it, so the fieldsV1 names
  // an item that is not there and the object is diffed in full (the apply
  // leaves the live object as it is).
  Value live = Live(R"(k:{\"containerPort\":\"8080\",\"protocol\":\"TCP\"})");
  auto entry = DiffOk(desired, live);
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.diff.empty());
}

TEST_CASE("diff shortcut: an owned env var with a long name dropped from desired is removed",
          "[plan][diff]") {
  Value desired = Yaml(kDesired);
  desired.AtPointer("/spec/template/spec/containers/0/env")->EraseAt(1);
  Value live = Live(kPortKey);
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field ==
        ".spec.template.spec.containers[name=\"web\"].env[name=\"OTEL_EXPORTER_OTLP_ENDPOINT\"]");
  CHECK(entry.changes[0].has_before);
  CHECK_FALSE(entry.changes[0].has_after);
  CHECK(entry.diff.find("-        - name: OTEL_EXPORTER_OTLP_ENDPOINT\n") != std::string::npos);
}

TEST_CASE("diff shortcut: desired keys in any order are matched as sorted ones", "[plan][diff]") {
  // The same Deployment with every map's keys reversed (as a hand-written
  // manifest may list them): the same answers.
  Value sorted = Yaml(kDesired);
  auto reversed = [](auto& self, const Value& v) -> Value {
    if (v.is_array()) {
      Value out = Value::Array();
      for (const Value& item : v.items()) out.Append(self(self, item));
      return out;
    }
    if (!v.is_object()) return v;
    Value out = Value::Object();
    auto members = v.members();
    for (size_t i = members.size(); i-- > 0;) {
      out.AppendMember(members[i].key(), self(self, members[i].value()));
    }
    return out;
  };
  Value desired = reversed(reversed, sorted);
  Value live = Live(kPortKey);
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
  desired.AtPointer("/spec/template/spec/containers/0")->Set("image", "ghcr.io/example/web:1.5.0");
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].image");
  CHECK(entry.changes[0].after == Value("ghcr.io/example/web:1.5.0"));
}

TEST_CASE("diff shortcut: atomic maps and lists are compared as values", "[plan][diff]") {
  Value desired = Yaml(kDesired), live = Live(kPortKey);
  // The selector is replaced whole (an atomic map): its members in another
  // order are the same value.
  Value* labels = live.AtPointer("/spec/selector/matchLabels");
  labels->Set("app.kubernetes.io/part-of", "shop");
  desired.AtPointer("/spec/selector/matchLabels")->Set("app.kubernetes.io/part-of", "shop");
  Value reordered = Value::Object();
  reordered.Set("app.kubernetes.io/part-of", "shop");
  reordered.Set("app.kubernetes.io/name", "web");
  *labels = reordered;
  CHECK(DiffOk(desired, live).action == Action::kUnchanged);
  // An atomic list in another order is another value.
  desired.AtPointer("/spec/template/spec/containers/0")
      ->Set("args", Value::Array({Value("--a"), Value("--b")}));
  live.AtPointer("/spec/template/spec/containers/0")
      ->Set("args", Value::Array({Value("--b"), Value("--a")}));
  auto entry = DiffOk(desired, live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].args");
}

namespace {

// `v` with the members of every map in a random order (the same object to
// server-side apply: map members are unordered).
Value Shuffled(const Value& v, std::mt19937* rng) {
  if (v.is_array()) {
    Value out = Value::Array();
    for (const Value& item : v.items()) out.Append(Shuffled(item, rng));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<size_t> order(v.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), *rng);
  Value out = Value::Object();
  for (size_t i : order) {
    const Value::Member& m = v.members()[i];
    out.AppendMember(m.key(), Shuffled(m.value(), rng));
  }
  return out;
}

}  // namespace

TEST_CASE("diff shortcut: members in any order on all three sides give the same answers",
          "[plan][diff]") {
  // The owned fields are looked up where the last one was found: any order
  // of the desired object, the live object and its fieldsV1 must still find
  // each (unchanged), and a dropped owned field must still be removed.
  std::mt19937 rng(20261202);
  const Value desired = Yaml(kDesired), live = Live(kPortKey);
  Value dropped = desired;
  dropped.AtPointer("/spec/template/spec/containers/0")->Erase("image");
  for (int round = 0; round < 200; ++round) {
    Value d = Shuffled(desired, &rng), l = Shuffled(live, &rng);
    INFO("round " << round);
    CHECK(DiffOk(d, l).action == Action::kUnchanged);
    auto entry = DiffOk(Shuffled(dropped, &rng), l);
    REQUIRE(entry.action == Action::kConfigured);
    REQUIRE(entry.changes.size() == 1);
    CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].image");
    CHECK_FALSE(entry.changes[0].has_after);
  }
}

TEST_CASE("diff shortcut: a member is found from any cursor as Value::Find finds it",
          "[plan][diff]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    // Distinct keys of lengths 0 to 20 (around the word sizes KeyEqual
    // compares in), some sharing a prefix or a length.
    Value object = Value::Object();
    size_t n = rng() % 12;
    std::vector<std::string> keys;
    while (keys.size() < n) {
      std::string key(rng() % 21, 'a');
      for (char& c : key) c = static_cast<char>('a' + rng() % 3);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
      object.AppendMember(key, Value(static_cast<long long>(keys.size())));
    }
    std::vector<std::string> lookups = keys;
    lookups.push_back("absent-key");
    lookups.push_back("");
    for (const std::string& key : lookups) {
      size_t cursor = rng() % (n + 2);  // past the end too
      const size_t before = cursor;
      const Value* found = FindKeyFrom(object.members(), key, &cursor);
      INFO("key \"" << key << "\", cursor " << before);
      CHECK(found == object.Find(key));
      if (found != nullptr) {
        REQUIRE(cursor >= 1);
        CHECK(&object.members()[cursor - 1].value() == found);
      } else {
        CHECK(cursor == before);
      }
    }
  }
}

namespace {

// The canonical k: key grammar byte by byte (canonical_key.h): what
// ReadCanonicalKeyView must accept, and the fields it must read.
bool CanonicalByBytes(std::string_view s, std::vector<std::pair<std::string, Value>>* out) {
  size_t i = 0;
  auto quoted = [&](std::string* text) {
    if (i >= s.size() || s[i] != '"') return false;
    ++i;
    text->clear();
    while (i < s.size() && s[i] != '"') {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      text->push_back(s[i++]);
    }
    if (i >= s.size()) return false;
    ++i;
    return true;
  };
  if (s.size() < 2 || s[i++] != '{') return false;
  while (true) {
    if (out->size() == 4) return false;
    std::string name;
    if (!quoted(&name) || i >= s.size() || s[i++] != ':') return false;
    for (const auto& f : *out) {
      if (f.first == name) return false;
    }
    Value value;
    if (i < s.size() && s[i] == '"') {
      std::string text;
      if (!quoted(&text)) return false;
      value = Value(text);
    } else if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i - start > 18 || (s[start] == '0' && i - start > 1)) return false;
      value = Value(std::stoll(std::string(s.substr(start, i - start))));
    } else if (s.substr(i, 4) == "true") {
      value = Value(true);
      i += 4;
    } else if (s.substr(i, 5) == "false") {
      value = Value(false);
      i += 5;
    } else {
      return false;
    }
    out->emplace_back(name, value);
    if (i >= s.size()) return false;
    if (s[i] == '}') return i + 1 == s.size();
    if (s[i++] != ',') return false;
  }
}

}  // namespace

TEST_CASE("diff shortcut: k: keys of every length are read as the byte-by-byte grammar reads them",
          "[plan][diff]") {
  // Strings are scanned eight bytes at a time: the quote, a backslash, a
  // control byte or a byte above 0x7F at every place of a word, strings
  // ending in every place of the last word, keys shorter than a word.
  std::mt19937 rng(42);
  const std::string alphabet = "ab_-/.:{},09 tTrue";
  const std::string stops = std::string("\"\\\x01\x1f\x7f\x80\xff\x00", 8);
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s = "{";
    size_t fields = 1 + rng() % 2;
    for (size_t f = 0; f < fields; ++f) {
      if (f > 0) s += ",";
      s += "\"";
      for (size_t k = rng() % 20; k-- > 0;) s += alphabet[rng() % alphabet.size()];
      s += "\":";
      switch (rng() % 3) {
        case 0:
          s += std::to_string(rng() % 100000);
          break;
        case 1:
          s += "true";
          break;
        default:
          s += "\"";
          for (size_t k = rng() % 30; k-- > 0;) s += alphabet[rng() % alphabet.size()];
          s += "\"";
      }
    }
    s += "}";
    // Now and then a stop byte anywhere, or the text cut short.
    if (rng() % 3 == 0) s[rng() % s.size()] = stops[rng() % stops.size()];
    if (rng() % 8 == 0) s.resize(rng() % s.size());
    std::vector<std::pair<std::string, Value>> want;
    bool want_ok = CanonicalByBytes(s, &want);
    // The text alone, in a buffer of its size: nothing read past its end
    // (the sanitizers' build checks).
    std::vector<char> buffer(s.begin(), s.end());
    CanonicalKeyView view;
    bool ok = ReadCanonicalKeyView(std::string_view(buffer.data(), buffer.size()), &view);
    INFO("key " << s);
    REQUIRE(ok == want_ok);
    if (!ok) continue;
    ++accepted;
    REQUIRE(view.size == want.size());
    for (size_t f = 0; f < view.size; ++f) {
      CHECK(view.fields[f].name == want[f].first);
      switch (view.fields[f].kind) {
        case CanonicalKeyView::Field::Kind::kString:
          CHECK(Value(view.fields[f].text) == want[f].second);
          break;
        case CanonicalKeyView::Field::Kind::kInteger:
          CHECK(Value(static_cast<long long>(view.fields[f].integer)) == want[f].second);
          break;
        case CanonicalKeyView::Field::Kind::kBool:
          CHECK(Value(view.fields[f].boolean) == want[f].second);
          break;
      }
    }
    // What it accepts is JSON of the same fields.
    auto json = gitops::ReadJson(s);
    REQUIRE(json.ok());
    REQUIRE(json->size() == want.size());
    for (const auto& [name, value] : want) CHECK(*json->Find(name) == value);
  }
  CHECK(accepted > 5000);
}
