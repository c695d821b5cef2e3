// Flux's postBuild substitution and commonMetadata on built objects: the
// controller's precedence, strict mode, the opt-out, the YAML round trip.
// Expected values follow fluxcd/pkg/kustomize's kustomize_varsub.go and
// envsubst as read through the search tool (each case says which rule).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "gitops/core/yaml.h"
#include "gitops/render/build.h"

namespace fs = std::filesystem;
using gitops::Value;
using gitops::render::BuildOptions;
using gitops::render::BuildYaml;

namespace {

struct TempTree {
  fs::path root;
  TempTree() {
    std::string tmpl = (fs::temp_directory_path() / "gitops-postbuild-XXXXXX").string();
    root = fs::path(mkdtemp(tmpl.data()));
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

Value Ks(const std::string& spec) {
  auto v = gitops::ReadYamlDocument(
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: "
      "t\n  namespace: flux-system\nspec:\n  path: ./\n" +
      spec);
  REQUIRE(v.ok());
  return *v;
}

// A ConfigMap as kustomize prints it (keys sorted), usable as input too.
std::string Cm(const std::string& data) {
  return "apiVersion: v1\ndata:\n" + data + "kind: ConfigMap\nmetadata:\n  name: cm\n";
}

}  // namespace

TEST_CASE("postBuild variables: substituteFrom in order, then substitute, then the caller's",
          "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", Cm("  a: ${a}\n  b: ${b}\n  c: ${c}\n  d: ${d}\n"));
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild:\n    substitute:\n      b: inline\n      c: inline\n");
  o.substitute_from = {{{"a", "first"}, {"b", "first"}, {"d", "first"}}, {{"a", "second"}}};
  o.substitute = {{"c", "caller"}};
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(out.ok());
  CHECK(*out == Cm("  a: second\n  b: inline\n  c: caller\n  d: first\n"));
}

TEST_CASE("strict substitution names the variable and the object", "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: apps\n"
                     "data:\n  a: ${set}\n  b: ${unset_var}\n");
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild:\n    substitute:\n      set: x\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kInvalidArgument);
  CHECK(out.status().message() ==
        "post build failed for 'ConfigMap.v1.[noGrp]/cm' (namespace 'apps'): envsubst error: "
        "variable substitution failed: variable not set (strict mode): \"unset_var\"");
  // Strict mode off (StrictPostBuildSubstitutions=false): unset is empty,
  // and an empty scalar reads back as null.
  o.strict_substitution = false;
  auto lenient = BuildYaml(t.root.string(), o);
  REQUIRE(lenient.ok());
  CHECK(*lenient == "apiVersion: v1\ndata:\n  a: x\n  b: null\nkind: ConfigMap\nmetadata:\n"
                    "  name: cm\n  namespace: apps\n");
}

TEST_CASE("the substitute: disabled label or annotation opts an object out", "[render][flux]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n- c.yaml\n");
  t.Write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n"
                    "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  x: ${unset}\n");
  t.Write("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels:\n"
                    "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  x: ${unset}\n");
  // Any other value substitutes.
  t.Write("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n"
                    "    kustomize.toolkit.fluxcd.io/substitute: enabled\ndata:\n  x: ${v}\n");
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild:\n    substitute:\n      v: done\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(out.ok());
  CHECK(*out ==
        "apiVersion: v1\ndata:\n  x: ${unset}\nkind: ConfigMap\nmetadata:\n  annotations:\n"
        "    kustomize.toolkit.fluxcd.io/substitute: disabled\n  name: a\n---\n"
        "apiVersion: v1\ndata:\n  x: ${unset}\nkind: ConfigMap\nmetadata:\n  labels:\n"
        "    kustomize.toolkit.fluxcd.io/substitute: disabled\n  name: b\n---\n"
        "apiVersion: v1\ndata:\n  x: done\nkind: ConfigMap\nmetadata:\n  labels:\n"
        "    kustomize.toolkit.fluxcd.io/substitute: enabled\n  name: c\n");
}

TEST_CASE("variable names are checked as the controller checks them", "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", Cm("  a: ${a}\n"));
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild:\n    substitute:\n      a: x\n      bad-name: y\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(!out.ok());
  CHECK(out.status().message() ==
        "post build failed for 'ConfigMap.v1.[noGrp]/cm': envsubst error: 'bad-name' var name is "
        "invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'");
}

TEST_CASE("substituted text is read back as sigs.k8s.io/yaml reads it", "[render][flux]") {
  // The object is printed, substituted as text and read with go-yaml v2:
  // quotes in the source are gone by then, so a value that now reads as a
  // number or a YAML 1.1 boolean is one, annotations included.
  TempTree t;
  t.Write("cm.yaml",
          "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\n  annotations:\n"
          "    port: \"${port}\"\nspec:\n  yes_word: ${answer}\n  quoted: '${answer}'\n"
          "  date: ${day}\n  text: \"id-${port}\"\n  list: ${list}\n");
  BuildOptions o;
  o.flux_kustomization =
      Ks("  postBuild:\n    substitute:\n      port: \"8080\"\n      answer: \"yes\"\n"
         "      day: \"2024-01-02\"\n      list: \"[a, b]\"\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(out.ok());
  CHECK(*out ==
        "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  annotations:\n    port: 8080\n"
        "  name: t\nspec:\n  date: \"2024-01-02\"\n  list:\n  - a\n  - b\n  quoted: true\n"
        "  text: id-8080\n  yes_word: true\n");
}

TEST_CASE("without a postBuild nothing is substituted; --var alone substitutes",
          "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", Cm("  a: ${a:=default}\n"));
  BuildOptions o;
  o.flux_kustomization = Ks("");
  auto none = BuildYaml(t.root.string(), o);
  REQUIRE(none.ok());
  CHECK(*none == Cm("  a: ${a:=default}\n"));
  o.substitute = {{"a", "given"}};
  auto given = BuildYaml(t.root.string(), o);
  REQUIRE(given.ok());
  CHECK(*given == Cm("  a: given\n"));
  // Substitution on a plain kustomize build (no Flux Kustomization).
  t.Write("kustomization.yaml", "resources:\n- cm.yaml\n");
  BuildOptions plain;
  plain.substitute = {{"a", "plain"}};
  auto p = BuildYaml(t.root.string(), plain);
  REQUIRE(p.ok());
  CHECK(*p == Cm("  a: plain\n"));
}

TEST_CASE("substituted values lose their newlines", "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", Cm("  a: ${a}\n"));
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild: {}\n");
  o.substitute_from = {{{"a", "one\ntwo\n"}}};
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(out.ok());
  CHECK(*out == Cm("  a: onetwo\n"));
}

TEST_CASE("commonMetadata sets labels and annotations on each object's own metadata",
          "[render][flux]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources:\n- deploy.yaml\n");
  t.Write("deploy.yaml",
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n"
          "    app: web\n    owner: someone\nspec:\n  selector:\n    matchLabels:\n      app: web\n"
          "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n"
          "      containers:\n      - name: web\n        image: nginx\n");
  BuildOptions o;
  o.flux_kustomization = Ks(
      "  commonMetadata:\n    labels:\n      owner: platform\n    annotations:\n"
      "      contact: ops@example.com\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(out.ok());
  CHECK(*out ==
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n"
        "    contact: ops@example.com\n  labels:\n    app: web\n    owner: platform\n  name: web\n"
        "spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n"
        "      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n"
        "        name: web\n");
}

TEST_CASE("a malformed expression fails naming the object", "[render][flux]") {
  TempTree t;
  t.Write("cm.yaml", Cm("  a: ${a-default}\n"));
  BuildOptions o;
  o.flux_kustomization = Ks("  postBuild:\n    substitute:\n      a: x\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(!out.ok());
  CHECK(out.status().message() ==
        "post build failed for 'ConfigMap.v1.[noGrp]/cm': envsubst error: variable substitution "
        "failed: missing closing brace");
  o.flux_kustomization = Ks("  postBuild:\n    substituteStrategy: Sometimes\n");
  auto strategy = BuildYaml(t.root.string(), o);
  REQUIRE(!strategy.ok());
  CHECK_THAT(std::string(strategy.status().message()), Catch::Contains("substituteStrategy"));
}
