// kustomize-controller's metadata cleanup in Diff: before applying, its
// ssa.ApplyCleanupOptions remove kubectl's last-applied-configuration
// annotation (and Flux v1's checksum annotations and sync-gc-mark label)
// from the live object unless `kustomize.toolkit.fluxcd.io/ssa: Merge`
// excludes it, so such an object is configured (fluxcd/pkg/ssa Apply:
// patched by cleanupMetadata, then applied); the annotation's copy of a
// Secret never shows.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"

namespace {

using gitops::Value;
using gitops::plan::Action;

Value Yaml(const std::string& text) {
  auto doc = gitops::ReadYamlDocument(text);
  INFO((doc.ok() ? std::string() : doc.status().ToString()));
  REQUIRE(doc.ok());
  return *doc;
}

gitops::plan::ChangeSetEntry DiffOk(const Value& desired, const Value& live) {
  auto entry = gitops::plan::Diff(desired, &live, {});
  INFO((entry.ok() ? std::string() : entry.status().ToString()));
  REQUIRE(entry.ok());
  return *entry;
}

constexpr const char* kDesired = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: app
data:
  color: blue
)";

// As kube-apiserver stores it after `kubectl apply` (client-side) of
// kDesired and, later, kustomize-controller's server-side apply.
constexpr const char* kLive = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: app
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"color":"blue"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"app"}}
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:data:
        f:color: {}
    manager: gitops
    operation: Apply
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:annotations:
          .: {}
          f:kubectl.kubernetes.io/last-applied-configuration: {}
    manager: kubectl-client-side-apply
    operation: Update
data:
  color: blue
)";

TEST_CASE("diff removes kubectl's last-applied annotation as kustomize-controller does",
          "[plan][diff]") {
  gitops::plan::ChangeSetEntry entry = DiffOk(Yaml(kDesired), Yaml(kLive));
  CHECK(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  // It was the only annotation: the map goes (the API server drops an
  // empty one).
  CHECK(entry.changes[0].pointer == "/metadata/annotations");
  CHECK(entry.diff.find("-  annotations:\n-    kubectl.kubernetes.io/last-applied-configuration") !=
        std::string::npos);
  CHECK(entry.changes[0].has_before);
  CHECK_FALSE(entry.changes[0].has_after);

  // Also from a snapshot without managedFields: the cleanup patch removes
  // the annotation whoever owns it.
  Value bare = Yaml(kLive);
  bare["metadata"].Erase("managedFields");
  CHECK(DiffOk(Yaml(kDesired), bare).action == Action::kConfigured);

  // Drift detection reports it the same way.
  std::vector<Value> desired{Yaml(kDesired)}, live{Yaml(kLive)};
  auto drift = gitops::plan::DetectDrift(desired, live, {});
  REQUIRE(drift.ok());
  REQUIRE(drift->entries.size() == 1);
  CHECK(drift->entries[0].action == Action::kConfigured);
}

TEST_CASE("diff keeps cleanup annotations under ssa Merge or when desired sets them",
          "[plan][diff]") {
  const std::string merge = "  annotations:\n    kustomize.toolkit.fluxcd.io/ssa: Merge\n";
  std::string desired = kDesired, live = kLive;
  desired.insert(desired.find("\ndata:") + 1, merge);
  live.insert(live.find("  annotations:\n") + 15, "    kustomize.toolkit.fluxcd.io/ssa: Merge\n");
  CHECK(DiffOk(Yaml(desired), Yaml(live)).action == Action::kUnchanged);

  // A cleanup annotation the desired object sets itself is applied, not removed.
  const std::string checksum = "  annotations:\n    kustomize.toolkit.fluxcd.io/checksum: abc\n";
  std::string own = kDesired;
  own.insert(own.find("\ndata:") + 1, checksum);
  CHECK(DiffOk(Yaml(own), Yaml(own)).action == Action::kUnchanged);

  // Flux v1's label goes the same way as the annotations.
  std::string labelled = kDesired;
  labelled.insert(labelled.find("\ndata:") + 1,
                  "  labels:\n    fluxcd.io/sync-gc-mark: sha256.x\n");
  gitops::plan::ChangeSetEntry entry = DiffOk(Yaml(kDesired), Yaml(labelled));
  CHECK(entry.action == Action::kConfigured);
  REQUIRE(entry.changes.size() == 1);
  CHECK(entry.changes[0].pointer == "/metadata/labels");
}

TEST_CASE("a Secret's last-applied annotation never shows its values", "[plan][diff][secret]") {
  // kubectl copies the Secret, data included, into the annotation.
  Value desired = Yaml(R"(apiVersion: v1
kind: Secret
metadata: {name: token, namespace: app}
data: {token: bmV3LWNhbmFyeS12YWx1ZQ==}
)");
  Value live = Yaml(R"(apiVersion: v1
kind: Secret
metadata:
  name: token
  namespace: app
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"token":"b2xkLWNhbmFyeS12YWx1ZQ=="},"kind":"Secret","metadata":{"annotations":{},"name":"token","namespace":"app"}}
data: {token: b2xkLWNhbmFyeS12YWx1ZQ==}
)");
  gitops::plan::ChangeSetEntry entry = DiffOk(desired, live);
  CHECK(entry.action == Action::kConfigured);
  CHECK(entry.changes.size() == 2);
  gitops::Result<std::string> json = gitops::WriteJson(entry.ToValue());
  REQUIRE(json.ok());
  for (const std::string& text : {entry.diff, *json}) {
    INFO(text);
    CHECK(text.find("canary") == std::string::npos);
    CHECK(text.find("b2xkLWNhbmFyeS12YWx1ZQ") == std::string::npos);
    CHECK(text.find("bmV3LWNhbmFyeS12YWx1ZQ") == std::string::npos);
  }
  CHECK(entry.diff.find("kubectl.kubernetes.io/last-applied-configuration: '***'") !=
        std::string::npos);
}

}  // namespace
