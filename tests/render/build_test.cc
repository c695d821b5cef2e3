// Behaviour of render::Build that a user sees: loader errors that name the
// file or chain at fault, and kustomize's generator hash suffix.
#include "gitops/render/build.h"
#include "tests/support/temp_tree.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using gitops::render::BuildOptions;
using gitops::render::BuildYaml;

using gitops_test::TempTree;

namespace {

}  // namespace

TEST_CASE("a generated ConfigMap gets kustomize's hash suffix", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "configMapGenerator:\n- name: test\n  literals: [a=b]\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(out.ok());
  // `kubectl kustomize` (v1.32, kustomize v5.5.0) prints test-4h2mbtbbt6 for this tree.
  CHECK(*out ==
        "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: test-4h2mbtbbt6\n");
}

TEST_CASE("references to a generated ConfigMap follow its hashed name", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml",
          "resources: [pod.yaml]\nconfigMapGenerator:\n- name: test\n  literals: [a=b]\n");
  t.Write("pod.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: v\n"
          "    configMap: {name: test}\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(out.ok());
  CHECK(out->find("configMap:\n      name: test-4h2mbtbbt6") != std::string::npos);
}

TEST_CASE("a missing resource is an error naming the file", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [nothere.yaml]\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("nothere.yaml") != std::string::npos);
}

TEST_CASE("a directory without a kustomization file is an error naming it", "[render]") {
  TempTree t;
  t.Write("other.yaml", "a: 1\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(gitops::IsNotFound(out.status()));
  CHECK(out.status().message().find("kustomization.yaml") != std::string::npos);
}

TEST_CASE("a cycle of kustomizations is an error naming the chain", "[render]") {
  TempTree t;
  t.Write("a/kustomization.yaml", "resources: [../b]\n");
  t.Write("b/kustomization.yaml", "resources: [../a]\n");
  auto out = BuildYaml(t.Path("a"), {});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("cycle detected") != std::string::npos);
  CHECK(out.status().message().find(t.Path("b")) != std::string::npos);
}

TEST_CASE("a file outside the kustomization root is refused by default", "[render]") {
  TempTree t;
  t.Write("outside.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  t.Write("app/kustomization.yaml", "resources: [../outside.yaml]\n");
  auto out = BuildYaml(t.Path("app"), {});
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kPermissionDenied);
  CHECK(out.status().message().find("outside.yaml") != std::string::npos);

  BuildOptions none;
  none.load_restrictor = gitops::render::LoadRestrictor::kNone;
  auto allowed = BuildYaml(t.Path("app"), none);
  REQUIRE(allowed.ok());
  CHECK(*allowed == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");

  none.artifact_root = t.Path("app");
  auto bounded = BuildYaml(t.Path("app"), none);
  REQUIRE(!bounded.ok());
  CHECK(bounded.status().code() == gitops::Code::kPermissionDenied);
}

TEST_CASE("a remote resource is refused with an error naming the URL", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [https://github.com/example/repo//base?ref=v1]\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kUnimplemented);
  CHECK(out.status().message().find("https://github.com/example/repo//base?ref=v1") !=
        std::string::npos);
}

TEST_CASE("two resources with one id are an error naming the id", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [a.yaml, b.yaml]\n");
  t.Write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  t.Write("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("already registered id") != std::string::npos);
  CHECK(out.status().message().find("ConfigMap") != std::string::npos);
}

TEST_CASE("an invalid regex in a patch target is an error naming the pattern", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml",
          "resources: [a.yaml]\npatches:\n- target: {kind: ConfigMap, name: \"c[\"}\n"
          "  patch: '[{op: add, path: /data, value: {}}]'\n");
  t.Write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(gitops::IsInvalidArgument(out.status()));
  CHECK(out.status().message().find("'c['") != std::string::npos);
}

TEST_CASE("a symlink escaping the artifact root is refused", "[render]") {
  TempTree t;
  t.Write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
  t.Write("root/app/kustomization.yaml", "resources: [link.yaml]\n");
  fs::create_symlink(t.Path("secret.yaml"), t.Path("root/app/link.yaml"));
  BuildOptions options;
  options.load_restrictor = gitops::render::LoadRestrictor::kNone;
  options.artifact_root = t.Path("root");
  auto out = BuildYaml(t.Path("root/app"), options);
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kPermissionDenied);
  CHECK(out.status().message().find("link.yaml") != std::string::npos);
}

TEST_CASE("a chain of a thousand overlays builds", "[render]") {
  TempTree t;
  t.Write("o0/kustomization.yaml", "resources: [cm.yaml]\n");
  t.Write("o0/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  for (int i = 1; i < 1000; ++i) {
    t.Write("o" + std::to_string(i) + "/kustomization.yaml",
            "resources: [../o" + std::to_string(i - 1) + "]\nnamePrefix: p-\n");
  }
  auto out = BuildYaml(t.Path("o999"), {});
  REQUIRE(out.ok());
  std::string prefix;
  for (int i = 1; i < 1000; ++i) prefix += "p-";
  CHECK(*out == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + prefix + "c\n");
}

TEST_CASE("an unknown kustomization field is an error naming file and field", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: []\nnamePrefx: p-\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("namePrefx") != std::string::npos);
  CHECK(out.status().message().find("kustomization.yaml") != std::string::npos);
}

TEST_CASE("fields gitops does not support yet are refused by name", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "helmCharts:\n- name: x\n");
  auto out = BuildYaml(t.Path(), {});
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kUnimplemented);
  CHECK(out.status().message().find("helmCharts") != std::string::npos);
}

TEST_CASE("a chain of kustomizations deeper than max_depth is refused", "[render]") {
  TempTree t;
  t.Write("o0/kustomization.yaml", "resources: [cm.yaml]\n");
  t.Write("o0/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  for (int i = 1; i <= 10; ++i) {
    t.Write("o" + std::to_string(i) + "/kustomization.yaml",
            "resources: [../o" + std::to_string(i - 1) + "]\n");
  }
  BuildOptions options;
  options.max_depth = 5;
  auto out = BuildYaml(t.Path("o10"), options);
  REQUIRE(!out.ok());
  CHECK(gitops::IsLimitExceeded(out.status()));
  CHECK(out.status().message().find("deeper than 5") != std::string::npos);
  options.max_depth = 10;
  CHECK(BuildYaml(t.Path("o10"), options).ok());
}

TEST_CASE("the managed-by label is added when asked for", "[render]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [a.yaml]\n");
  t.Write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  BuildOptions options;
  options.managed_by_label = true;
  options.managed_by = "gitops-test";
  auto out = BuildYaml(t.Path(), options);
  REQUIRE(out.ok());
  // As `kubectl kustomize --enable-managedby-label` prints it, with its value.
  CHECK(*out ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: "
        "gitops-test\n  name: c\n");
  t.Write("kustomization.yaml", "resources: [a.yaml]\nbuildMetadata: [managedByLabel]\n");
  auto meta = BuildYaml(t.Path(), {});
  REQUIRE(meta.ok());
  CHECK(meta->find("app.kubernetes.io/managed-by: gitops\n") != std::string::npos);
}
