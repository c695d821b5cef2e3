// Diff: one desired object against its live state. The live objects are
// written as kube-apiserver stores them (managedFields as server-side
// apply and controllers' updates record them); the expected actions are
// Flux's ssa.ResourceManager.Diff's for the same pair.
#include <catch2/catch.hpp>
#include <cstdio>
#include <optional>
#include <string>

#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "tests/plan/plan_test_support.h"
#include "plan/udiff.h"

namespace {

using gitops::Value;
using gitops::plan::Action;
using gitops::plan::testing::ReadDeploymentCase;

Value Yaml(const std::string& text) {
  auto doc = gitops::ReadYamlDocument(text);
  REQUIRE(doc.ok());
  return *doc;
}

gitops::plan::ChangeSetEntry DiffOk(const Value& desired, const Value* live,
                                    const gitops::plan::DiffOptions& options = {}) {
  auto entry = gitops::plan::Diff(desired, live, options);
  INFO((entry.ok() ? std::string() : entry.status().ToString()));
  REQUIRE(entry.ok());
  return *entry;
}

const char* kDesiredConfigMap = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: default
  labels:
    app: web
data:
  color: blue
  size: large
)";

// As kube-apiserver stores the ConfigMap after
// `kubectl apply --server-side --field-manager=gitops` of kDesiredConfigMap.
const char* kLiveConfigMap = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: default
  uid: 6f0b2c1e-4d1a-4f8e-9a57-3c2d1e0f9a11
  resourceVersion: "48213"
  creationTimestamp: "2026-11-30T09:12:44Z"
  labels:
    app: web
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:data:
        f:color: {}
        f:size: {}
      f:metadata:
        f:labels:
          f:app: {}
    manager: gitops
    operation: Apply
    time: "2026-11-30T09:12:44Z"
data:
  color: blue
  size: large
)";

gitops::plan::Selector Sel(std::string gitops::plan::Selector::*field, const char* value) {
  gitops::plan::Selector s;
  s.*field = value;
  return s;
}

}  // namespace

TEST_CASE("diff of an object applied as desired is unchanged", "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap), live = Yaml(kLiveConfigMap);
  auto entry = DiffOk(desired, &live);
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.subject == "ConfigMap/default/web");
  CHECK(entry.ToString() == "ConfigMap/default/web unchanged");
  CHECK(entry.changes.empty());
  CHECK(entry.diff.empty());
}

TEST_CASE("diff of a missing object is created", "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap);
  auto entry = DiffOk(desired, nullptr);
  CHECK(entry.action == Action::kCreated);
  CHECK(entry.id.InventoryId() == "default_web__ConfigMap");
  CHECK(entry.id.version == "v1");
}

TEST_CASE("diff ignores server-populated fields", "[plan][diff]") {
  // Desired carries what `kubectl get -o yaml` would show plus a status;
  // none of it is applied or compared.
  Value desired = Yaml(kDesiredConfigMap);
  desired["metadata"].Set("uid", "00000000-0000-0000-0000-000000000000");
  desired["metadata"].Set("resourceVersion", "1");
  desired["metadata"].Set("creationTimestamp", Value());
  desired["metadata"].Set("generation", 7);
  desired.Set("status", Yaml("phase: Whatever"));
  Value live = Yaml(kLiveConfigMap);
  CHECK(DiffOk(desired, &live).action == Action::kUnchanged);
}

TEST_CASE("diff reports a field another manager changed", "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap);
  // `kubectl edit` changed color: the edit took the field from gitops.
  Value live = Yaml(kLiveConfigMap);
  live["data"].Set("color", "red");
  live["metadata"]["managedFields"][0]["fieldsV1"]["f:data"].Erase("f:color");
  live["metadata"]["managedFields"].Append(Yaml(R"(
apiVersion: v1
fieldsType: FieldsV1
fieldsV1:
  f:data:
    f:color: {}
manager: kubectl-edit
operation: Update
time: "2026-12-01T08:00:00Z"
)"));
  auto entry = DiffOk(desired, &live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].pointer == "/data/color");
  CHECK(entry.changes[0].field == ".data.color");
  CHECK(entry.changes[0].before == Value("red"));
  CHECK(entry.changes[0].after == Value("blue"));
  CHECK(entry.diff ==
        "--- live/v1.ConfigMap.default.web\n"
        "+++ merged/v1.ConfigMap.default.web\n"
        "@@ -1,6 +1,6 @@\n"
        " apiVersion: v1\n"
        " data:\n"
        "-  color: red\n"
        "+  color: blue\n"
        "   size: large\n"
        " kind: ConfigMap\n"
        " metadata:\n");
}

TEST_CASE("diff reports a field we own that was removed from the desired object",
          "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap);
  desired["data"].Erase("size");
  Value live = Yaml(kLiveConfigMap);
  auto entry = DiffOk(desired, &live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].pointer == "/data/size");
  CHECK(entry.changes[0].has_before);
  CHECK_FALSE(entry.changes[0].has_after);
}

TEST_CASE("diff keeps a field another manager also owns", "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap);
  desired["data"].Erase("size");
  Value live = Yaml(kLiveConfigMap);
  live["metadata"]["managedFields"].Append(Yaml(R"(
apiVersion: v1
fieldsType: FieldsV1
fieldsV1:
  f:data:
    f:size: {}
manager: sizer
operation: Apply
)"));
  CHECK(DiffOk(desired, &live).action == Action::kUnchanged);
}

TEST_CASE("diff takes kubectl's fields over unless ssa Merge", "[plan][diff]") {
  // `kubectl apply --server-side` set `extra`; the desired object does not
  // have it. kustomize-controller takes the kubectl manager's fields over,
  // so the apply removes it; with ssa: Merge it stays.
  Value desired = Yaml(kDesiredConfigMap);
  Value live = Yaml(kLiveConfigMap);
  live["data"].Set("extra", "1");
  live["metadata"]["managedFields"].Append(Yaml(R"(
apiVersion: v1
fieldsType: FieldsV1
fieldsV1:
  f:data:
    f:extra: {}
manager: kubectl
operation: Apply
)"));
  auto entry = DiffOk(desired, &live);
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].pointer == "/data/extra");
  desired["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/ssa", "Merge");
  live["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/ssa", "Merge");
  CHECK(DiffOk(desired, &live).action == Action::kUnchanged);
}

TEST_CASE("diff skips objects Flux's annotations exclude", "[plan][diff]") {
  Value live = Yaml(kLiveConfigMap);
  live["data"].Set("color", "red");
  for (auto [key, value] : {std::pair{"kustomize.toolkit.fluxcd.io/reconcile", "disabled"},
                            std::pair{"kustomize.toolkit.fluxcd.io/ssa", "Ignore"},
                            std::pair{"kustomize.toolkit.fluxcd.io/ssa", "IfNotPresent"}}) {
    Value desired = Yaml(kDesiredConfigMap);
    desired["metadata"]["annotations"].Set(key, value);
    INFO(key << ": " << value);
    CHECK(DiffOk(desired, &live).action == Action::kSkipped);
  }
  // IfNotPresent creates what is missing.
  Value desired = Yaml(kDesiredConfigMap);
  desired["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/ssa", "IfNotPresent");
  CHECK(DiffOk(desired, nullptr).action == Action::kCreated);
  // reconcile: disabled on the live object skips too.
  Value marked = Yaml(kLiveConfigMap);
  marked["metadata"]["annotations"].Set("kustomize.toolkit.fluxcd.io/reconcile", "Disabled");
  CHECK(DiffOk(Yaml(kDesiredConfigMap), &marked).action == Action::kSkipped);
}

TEST_CASE("diff leaves out paths an ignore rule names for matching objects", "[plan][diff]") {
  Value desired = Yaml(kDesiredConfigMap);
  Value live = Yaml(kLiveConfigMap);
  live["data"].Set("color", "red");
  gitops::plan::DiffOptions options;
  options.ignore.push_back({{"/data/color"}, Sel(&gitops::plan::Selector::kind, "Config.*")});
  CHECK(DiffOk(desired, &live, options).action == Action::kUnchanged);
  options.ignore[0].selector->name = "other";
  CHECK(DiffOk(desired, &live, options).action == Action::kConfigured);
  options.ignore[0].selector = Sel(&gitops::plan::Selector::label_selector, "app=web");
  CHECK(DiffOk(desired, &live, options).action == Action::kUnchanged);
  options.ignore[0].selector = Sel(&gitops::plan::Selector::label_selector, "app!=web");
  CHECK(DiffOk(desired, &live, options).action == Action::kConfigured);
  options.ignore[0].selector.reset();
  CHECK(DiffOk(desired, &live, options).action == Action::kUnchanged);
  options.ignore[0].selector = Sel(&gitops::plan::Selector::name, "(unclosed");
  CHECK(gitops::plan::Diff(desired, &live, options).status().code() ==
        gitops::Code::kInvalidArgument);
}

TEST_CASE("diff masks every Secret value", "[plan][diff][secret]") {
  const std::string canary = "c2VjcmV0LWNhbmFyeS0xMjM0NQ==";  // "secret-canary-12345"
  Value desired = Yaml(R"(
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
type: Opaque
data:
  password: bmV3LXBhc3N3b3Jk
  same: c2FtZS12YWx1ZQ==
stringData:
  token: plain-token-value
)");
  Value live = Yaml(R"(
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  uid: 0d7c1a52-9a0e-4bfc-8f0a-2f4f7e1c3b00
  resourceVersion: "991"
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:data:
        f:password: {}
        f:same: {}
        f:old: {}
      f:type: {}
    manager: gitops
    operation: Apply
type: Opaque
data:
  old: b2xkLXZhbHVl
  password: )" + canary + R"(
  same: c2FtZS12YWx1ZQ==
)");
  auto entry = DiffOk(desired, &live);
  REQUIRE(entry.action == Action::kConfigured);
  std::string all = entry.diff;
  for (const auto& c : entry.changes) {
    all += c.pointer + gitops::WriteYaml(c.before) + gitops::WriteYaml(c.after);
  }
  all += gitops::WriteYaml(entry.ToValue());
  for (std::string_view secret : {std::string_view(canary), std::string_view("secret-canary"),
                                  std::string_view("bmV3LXBhc3N3b3Jk"),
                                  std::string_view("c2FtZS12YWx1ZQ=="),
                                  std::string_view("plain-token-value"),
                                  std::string_view("b2xkLXZhbHVl")}) {
    INFO(secret);
    CHECK(all.find(secret) == std::string::npos);
  }
  CHECK(entry.diff.find("-  password: '*** (before)'") != std::string::npos);
  CHECK(entry.diff.find("+  password: '*** (after)'") != std::string::npos);
  CHECK(entry.diff.find("   same: '***'") != std::string::npos);
  // stringData is folded into data, as the API server stores it.
  CHECK(entry.diff.find("+  token: '***'") != std::string::npos);
  CHECK(entry.diff.find("stringData") == std::string::npos);

  // An error about a Secret holds no value either.
  Value bad = desired;
  bad["data"].Set("password", Yaml("[" + canary + "]"));
  live["metadata"]["managedFields"][0].Set("fieldsV1", Yaml("{\"f:data\": 5}"));
  auto failed = gitops::plan::Diff(bad, &live, {});
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().message().find("Secret/prod/db") != std::string::npos);
  CHECK(failed.status().ToString().find(canary) == std::string::npos);
}

TEST_CASE("diff of bad input names the object and the field", "[plan][diff][errors]") {
  Value live = Yaml(kLiveConfigMap);
  SECTION("no kind") {
    Value desired = Yaml(kDesiredConfigMap);
    desired.Erase("kind");
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == gitops::Code::kInvalidArgument);
    CHECK(r.status().message().find("kind") != std::string::npos);
  }
  SECTION("no name") {
    Value desired = Yaml(kDesiredConfigMap);
    desired["metadata"].Erase("name");
    auto r = gitops::plan::Diff(desired, nullptr, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("name") != std::string::npos);
  }
  SECTION("a managedFields entry that does not parse") {
    Value desired = Yaml(kDesiredConfigMap);
    live["metadata"]["managedFields"][0]["fieldsV1"].Set("x:bogus", Value::Object());
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("ConfigMap/default/web") != std::string::npos);
    CHECK(r.status().message().find("managedFields[0]") != std::string::npos);
  }
  SECTION("another manager's entry that does not parse, on an unchanged object") {
    Value desired = Yaml(kDesiredConfigMap);
    live["metadata"]["managedFields"].Append(Yaml(R"(
apiVersion: v1
fieldsType: FieldsV1
fieldsV1:
  f:data:
    x:bogus: {}
manager: kube-controller-manager
operation: Update
)"));
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("ConfigMap/default/web") != std::string::npos);
    CHECK(r.status().message().find("managedFields[1] (kube-controller-manager)") !=
          std::string::npos);
  }
  SECTION("an entry whose fieldsV1 is not a map") {
    Value desired = Yaml(kDesiredConfigMap);
    live["metadata"]["managedFields"][0]["fieldsV1"].Set("f:data", "color");
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("managedFields[0]") != std::string::npos);
    CHECK(r.status().message().find("expected an object") != std::string::npos);
  }
  SECTION("an entry without a manager") {
    Value desired = Yaml(kDesiredConfigMap);
    live["metadata"]["managedFields"][0].Erase("manager");
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("no manager") != std::string::npos);
  }
  SECTION("live and desired naming different objects") {
    Value desired = Yaml(kDesiredConfigMap);
    desired["metadata"].Set("name", "other");
    auto r = gitops::plan::Diff(desired, &live, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "ConfigMap/default/other: the live object is ConfigMap/default/web");
  }
}

TEST_CASE("drift lists changed and deleted objects only", "[plan][drift]") {
  Value a = Yaml(kDesiredConfigMap);
  Value b = Yaml(kDesiredConfigMap);
  b["metadata"].Set("name", "gone");
  Value c = Yaml(kDesiredConfigMap);
  c["metadata"].Set("name", "changed");
  Value live_a = Yaml(kLiveConfigMap);
  Value live_c = Yaml(kLiveConfigMap);
  live_c["metadata"].Set("name", "changed");
  live_c["data"].Set("size", "small");
  std::vector<Value> desired = {a, b, c}, live = {live_a, live_c};
  auto drift = gitops::plan::DetectDrift(desired, live, {});
  REQUIRE(drift.ok());
  CHECK(drift->ToString() == "ConfigMap/default/gone created\nConfigMap/default/changed configured\n");
  CHECK(drift->HasChanges());
  std::vector<Value> twice = {a, a};
  auto dup = gitops::plan::DetectDrift(twice, live, {});
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.status().code() == gitops::Code::kAlreadyExists);
  CHECK(dup.status().message() ==
        "ConfigMap/default/web is listed twice in the desired objects (1 and 2)");
}

TEST_CASE("change set entries read back what they write", "[plan][changeset]") {
  Value desired = Yaml(kDesiredConfigMap);
  Value live = Yaml(kLiveConfigMap);
  live["data"].Set("color", "red");
  auto entry = DiffOk(desired, &live);
  Value v = entry.ToValue();
  auto back = gitops::plan::ChangeSetEntry::FromValue(v);
  REQUIRE(back.ok());
  CHECK(back->ToValue() == v);
  CHECK(back->subject == "ConfigMap/default/web");
  CHECK(gitops::plan::ChangeSetEntry::FromValue(Yaml("{id: x, action: created}")).status().code() ==
        gitops::Code::kParseError);
  CHECK(gitops::plan::ChangeSetEntry::FromValue(Yaml("{id: a_b__C, action: bogus}"))
            .status()
            .message()
            .find("unknown action") != std::string::npos);
}

TEST_CASE("live snapshots: List items are taken out", "[plan][diff]") {
  std::vector<Value> docs = {Yaml("{apiVersion: v1, kind: List, items: [{kind: A}, {kind: B}]}"),
                             Yaml("{kind: C}")};
  auto flat = gitops::plan::FlattenLists(docs);
  REQUIRE(flat.ok());
  REQUIRE(flat->size() == 3);
  CHECK((*flat)[2] == Yaml("{kind: C}"));
}

namespace {

// stdout of `cmd`.
std::string Run(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("unified diffs match diff -u's hunks", "[plan][diff]") {
  // Inputs whose shortest edit is unique, so both tools must agree.
  std::string a, b;
  for (int i = 0; i < 40; ++i) {
    a += "line " + std::to_string(i) + "\n";
    if (i == 3) b += "inserted\n";
    if (i != 10 && i != 25) b += "line " + std::to_string(i) + "\n";
    if (i == 25) b += "changed 25\n";
  }
  b += "tail\n";
  char dir[] = "/tmp/gitops-udiff-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  std::string da = std::string(dir) + "/a", db = std::string(dir) + "/b";
  FILE* fa = fopen(da.c_str(), "w");
  FILE* fb = fopen(db.c_str(), "w");
  fputs(a.c_str(), fa);
  fputs(b.c_str(), fb);
  fclose(fa);
  fclose(fb);
  std::string expected = Run("diff -u " + da + " " + db + " | tail -n +3");
  Run("rm -r " + std::string(dir));
  std::string ours = gitops::plan::internal::UnifiedDiff(a, b, "a", "b");
  REQUIRE(ours.starts_with("--- a\n+++ b\n"));
  CHECK(ours.substr(12) == expected);
  CHECK(gitops::plan::internal::UnifiedDiff(a, a, "a", "b").empty());
  CHECK(gitops::plan::internal::UnifiedDiff("", "x\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
}

namespace {

gitops::plan::DiffOptions DeploymentSchema() {
  auto schema = gitops::plan::Schema::FromSmdYaml(ReadDeploymentCase("schema.yaml"));
  REQUIRE(schema.ok());
  gitops::plan::DiffOptions options;
  options.schemas = [s = *schema](std::string_view api_version, std::string_view kind)
      -> std::optional<gitops::plan::KindSchema> {
    if (api_version == "apps/v1" && kind == "Deployment") {
      return gitops::plan::KindSchema{s, "io.k8s.api.apps.v1.Deployment"};
    }
    return std::nullopt;
  };
  return options;
}

}  // namespace

TEST_CASE("diff: no drift for a Deployment the API server defaulted", "[plan][diff]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  auto entry = DiffOk(desired, &live, DeploymentSchema());
  CHECK(entry.action == Action::kUnchanged);
  CHECK(entry.diff.empty());
}

TEST_CASE("diff: drift for a Deployment field another manager changed", "[plan][diff]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  // `kubectl set image` (manager kubectl-set, Update) took the image.
  live.AtPointer("/spec/template/spec/containers/0")->Set("image", "ghcr.io/example/web:9.9.9");
  live["metadata"]["managedFields"].Append(Yaml(R"(
apiVersion: apps/v1
fieldsType: FieldsV1
fieldsV1:
  f:spec:
    f:template:
      f:spec:
        f:containers:
          k:{"name":"web"}:
            f:image: {}
manager: kubectl-set
operation: Update
)"));
  auto entry = DiffOk(desired, &live, DeploymentSchema());
  REQUIRE(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].pointer == "/spec/template/spec/containers/0/image");
  CHECK(entry.changes[0].field == ".spec.template.spec.containers[name=\"web\"].image");
  CHECK(entry.changes[0].before == Value("ghcr.io/example/web:9.9.9"));
  CHECK(entry.changes[0].after == Value("ghcr.io/example/web:1.4.2"));
  // The defaults stay on both sides of the diff.
  CHECK(entry.diff.find("-        image: ghcr.io/example/web:9.9.9\n"
                        "+        image: ghcr.io/example/web:1.4.2\n"
                        "         imagePullPolicy: IfNotPresent\n") != std::string::npos);
}

TEST_CASE("diff: a list-map item missing its key is an error naming the object",
          "[plan][diff][errors]") {
  Value desired = Yaml(ReadDeploymentCase("desired.yaml")),
        live = Yaml(ReadDeploymentCase("live.yaml"));
  desired.AtPointer("/spec/template/spec/containers/0")->Erase("name");
  auto r = gitops::plan::Diff(desired, &live, DeploymentSchema());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == gitops::Code::kInvalidArgument);
  INFO(r.status().message());
  CHECK(r.status().message().starts_with("Deployment/shop/web: "));
  CHECK(r.status().message().find("containers") != std::string::npos);
}
