// BuildOptions::remote_resolver: git and http URLs in resources, components
// and bases are served by the caller's resolver; what it returns is loaded
// as a local path under the same artifact-root rules. Expected outputs are
// what `kubectl kustomize` prints for the same trees with the URL replaced
// by the local path it resolves to.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gitops/render/build.h"
#include "tests/support/temp_tree.h"

namespace fs = std::filesystem;
using gitops::Code;
using gitops::render::BuildOptions;
using gitops::render::BuildYaml;

using gitops_test::TempTree;

namespace {

constexpr char kBaseDeployment[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";

// A resolver answering from a fixed table and recording what it was asked.
struct Table {
  std::vector<std::pair<std::string, std::string>> answers;
  std::vector<std::string> asked;
  BuildOptions Options() {
    BuildOptions o;
    o.remote_resolver = [this](const std::string& url) -> gitops::Result<std::string> {
      asked.push_back(url);
      for (const auto& [u, path] : answers) {
        if (u == url) return path;
      }
      return gitops::NotFoundError("no copy of " + url);
    };
    return o;
  }
};

}  // namespace

TEST_CASE("remote resources in each form kustomize accepts go to the resolver",
          "[render][remote]") {
  TempTree t;
  t.Write("repo/base/kustomization.yaml", "resources: [web.yaml]\n");
  t.Write("repo/base/web.yaml", kBaseDeployment);
  const std::vector<std::string> urls = {
      "https://github.com/org/repo//base?ref=v1.0.0",
      "http://git.example.com/org/repo.git//base",
      "ssh://git@git.example.com/org/repo.git//base?ref=main",
      "git@github.com:org/repo.git//base",
      "git::https://git.example.com/org/repo//base?ref=abc123",
      "file:///srv/git/repo.git//base",
      "github.com/org/repo/base?ref=v1",
      "gh:org/repo//base",
  };
  for (const std::string& url : urls) {
    INFO("url " << url);
    t.Write("app/kustomization.yaml", "resources:\n- " + url + "\nnamePrefix: p-\n");
    Table table;
    table.answers = {{url, t.Path("repo/base")}};
    auto out = BuildYaml(t.Path("app"), table.Options());
    REQUIRE(out.ok());
    CHECK(table.asked == std::vector<std::string>{url});
    // kubectl kustomize of app/ with `resources: [../repo/base]` and namePrefix p-.
    CHECK(*out ==
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p-web\nspec:\n"
          "  replicas: 1\n");
  }
}

TEST_CASE("a remote file URL resolves to a file loaded as a resource", "[render][remote]") {
  TempTree t;
  t.Write("cache/web.yaml", kBaseDeployment);
  t.Write("app/kustomization.yaml",
          "resources:\n- https://example.com/manifests/web.yaml\nnamespace: prod\n");
  Table table;
  table.answers = {{"https://example.com/manifests/web.yaml", t.Path("cache/web.yaml")}};
  auto out = BuildYaml(t.Path("app"), table.Options());
  REQUIRE(out.ok());
  CHECK(*out ==
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n"
        "spec:\n  replicas: 1\n");
}

TEST_CASE("remote components and bases go to the resolver", "[render][remote]") {
  TempTree t;
  t.Write("repo/base/kustomization.yaml", "resources: [web.yaml]\n");
  t.Write("repo/base/web.yaml", kBaseDeployment);
  t.Write("repo/comp/kustomization.yaml",
          "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
          "commonLabels: {team: a}\n");
  t.Write("app/kustomization.yaml",
          "bases:\n- https://github.com/org/repo//base\ncomponents:\n"
          "- https://github.com/org/repo//comp\n");
  Table table;
  table.answers = {{"https://github.com/org/repo//base", t.Path("repo/base")},
                   {"https://github.com/org/repo//comp", t.Path("repo/comp")}};
  auto out = BuildYaml(t.Path("app"), table.Options());
  REQUIRE(out.ok());
  CHECK(table.asked.size() == 2);
  // kubectl kustomize with the two URLs replaced by ../repo/base and ../repo/comp.
  CHECK(*out ==
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    team: a\n"
        "  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      team: a\n"
        "  template:\n    metadata:\n      labels:\n        team: a\n");
}

TEST_CASE("a resolved path outside the artifact root is refused", "[render][remote]") {
  TempTree t;
  t.Write("outside/web.yaml", kBaseDeployment);
  t.Write("root/app/kustomization.yaml", "resources:\n- https://example.com/web.yaml\n");
  Table table;
  table.answers = {{"https://example.com/web.yaml", t.Path("outside/web.yaml")}};
  BuildOptions options = table.Options();
  options.artifact_root = t.Path("root");
  options.load_restrictor = gitops::render::LoadRestrictor::kNone;
  auto out = BuildYaml(t.Path("root/app"), options);
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == Code::kPermissionDenied);
  CHECK(out.status().message().find("https://example.com/web.yaml") != std::string::npos);
  CHECK(out.status().message().find("outside the artifact root") != std::string::npos);
  // Inside the artifact root, the root-only restrictor does not apply to
  // what the resolver chose.
  t.Write("root/cache/web.yaml", kBaseDeployment);
  table.answers = {{"https://example.com/web.yaml", t.Path("root/cache/web.yaml")}};
  options.load_restrictor = gitops::render::LoadRestrictor::kRootOnly;
  REQUIRE(BuildYaml(t.Path("root/app"), options).ok());
}

TEST_CASE("the resolver's error fails the build naming the URL", "[render][remote]") {
  TempTree t;
  t.Write("app/kustomization.yaml", "resources:\n- https://example.com/org/repo//x\n");
  Table table;
  auto out = BuildYaml(t.Path("app"), table.Options());
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == Code::kNotFound);
  CHECK(out.status().message().find("no copy of https://example.com/org/repo//x") !=
        std::string::npos);
  CHECK(out.status().message().find(t.Path("app/kustomization.yaml")) != std::string::npos);
  table.answers = {{"https://example.com/org/repo//x", t.Path("nothere")}};
  out = BuildYaml(t.Path("app"), table.Options());
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == Code::kNotFound);
  CHECK(out.status().message().find(t.Path("nothere")) != std::string::npos);
}

TEST_CASE("without a resolver a remote resource is unimplemented, naming the URL",
          "[render][remote]") {
  TempTree t;
  for (const char* field : {"resources", "components"}) {
    INFO(field);
    t.Write("app/kustomization.yaml",
            std::string(field) + ":\n- git@github.com:org/repo.git//base?ref=v2\n");
    auto out = BuildYaml(t.Path("app"), {});
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().code() == Code::kUnimplemented);
    CHECK(out.status().message().find("'git@github.com:org/repo.git//base?ref=v2'") !=
          std::string::npos);
  }
}

TEST_CASE("a local directory named like a URL host is read locally, as kustomize reads it",
          "[render][remote]") {
  TempTree t;
  t.Write("app/github.com/org/kustomization.yaml", "resources: [web.yaml]\n");
  t.Write("app/github.com/org/web.yaml", kBaseDeployment);
  t.Write("app/kustomization.yaml", "resources: [github.com/org]\n");
  Table table;
  auto out = BuildYaml(t.Path("app"), table.Options());
  REQUIRE(out.ok());
  CHECK(table.asked.empty());
  CHECK(*out == kBaseDeployment);
}
