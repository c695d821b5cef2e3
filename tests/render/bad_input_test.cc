// Bad input to render::Build: each case fails with a clear error that
// names the file and the field at fault, never a crash or partial output.
// Which cases fail, and the gist of each message, were checked with
// `kubectl kustomize` (kubectl v1.32, kustomize v5.5.0); its wording is
// quoted where gitops keeps it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "gitops/render/build.h"
#include "tests/support/temp_tree.h"

namespace fs = std::filesystem;
using gitops::Code;
using gitops::render::BuildOptions;
using gitops::render::BuildYaml;

using gitops_test::TempTree;

namespace {

constexpr char kConfigMap[] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

// The build's error, which must be `code`; every `needle` must be in it.
void CheckFails(const gitops::Result<std::string>& out, Code code,
                std::initializer_list<std::string> needles) {
  REQUIRE_FALSE(out.ok());
  INFO("error: " << out.status().ToString());
  CHECK(out.status().code() == code);
  for (const std::string& n : needles) CHECK(out.status().ToString().find(n) != std::string::npos);
}

}  // namespace

TEST_CASE("a kustomization cycle names every directory of the chain", "[render][bad-input]") {
  TempTree t;
  t.Write("a/kustomization.yaml", "resources: [../b]\n");
  t.Write("b/kustomization.yaml", "resources: [../a]\n");
  // kubectl: "cycle detected: candidate root '/tmp/x/a' contains visited root '/tmp/x/a'".
  CheckFails(BuildYaml(t.Path("a")), Code::kInvalidArgument,
             {"cycle detected: candidate root '" + t.Path("a") + "'",
              t.Path("a") + " -> " + t.Path("b") + " -> " + t.Path("a"), "'../b'"});
}

TEST_CASE("a kustomization listing itself is a cycle", "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [.]\n");
  std::string root = fs::path(t.Path()).parent_path().string();  // without the trailing '/'
  CheckFails(BuildYaml(t.Path()), Code::kInvalidArgument,
             {"cycle detected: candidate root '" + root + "'", root + " -> " + root});
}

TEST_CASE("a missing resource names the kustomization and the file", "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [nothere.yaml]\n");
  // kubectl: "accumulating resources from 'nothere.yaml': ... lstat /tmp/x/nothere.yaml: no
  // such file or directory".
  CheckFails(BuildYaml(t.Path()), Code::kNotFound,
             {t.Path("kustomization.yaml"), "accumulating resources from 'nothere.yaml'",
              t.Path("nothere.yaml") + ": no such file or directory"});
}

TEST_CASE("a missing base directory names it", "[render][bad-input]") {
  TempTree t;
  t.Write("app/kustomization.yaml", "resources: [../nothere]\n");
  CheckFails(BuildYaml(t.Path("app")), Code::kNotFound,
             {t.Path("app/kustomization.yaml"), "'../nothere'", t.Path("nothere")});
}

TEST_CASE("a resource id collision names the id and the second file", "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [a.yaml, b.yaml]\n");
  t.Write("a.yaml", kConfigMap);
  t.Write("b.yaml", kConfigMap);
  // kubectl: "may not add resource with an already registered id: ConfigMap.v1.[noGrp]/c.[noNs]".
  CheckFails(
      BuildYaml(t.Path()), Code::kAlreadyExists,
      {"may not add resource with an already registered id: ConfigMap.v1", "/c", t.Path("b.yaml")});
}

TEST_CASE("a strategic merge patch that matches nothing names the patch and the field",
          "[render][bad-input]") {
  TempTree t;
  t.Write("cm.yaml", kConfigMap);
  t.Write("p.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nothere\ndata:\n  a: b\n");
  // kubectl: "no matches for Id ConfigMap.v1.[noGrp]/nothere.[noNs]; failed to find unique
  // target for patch ConfigMap.v1.[noGrp]/nothere.[noNs]", for both fields.
  t.Write("kustomization.yaml", "resources: [cm.yaml]\npatches:\n- path: p.yaml\n");
  CheckFails(BuildYaml(t.Path()), Code::kNotFound,
             {"no matches for Id ConfigMap.v1", "/nothere", "failed to find unique target",
              "'p.yaml'", t.Path("kustomization.yaml") + ": patches[0]"});
  t.Write("kustomization.yaml", "resources: [cm.yaml]\npatchesStrategicMerge:\n- p.yaml\n");
  CheckFails(BuildYaml(t.Path()), Code::kNotFound,
             {"no matches for Id ConfigMap.v1", "'p.yaml'",
              t.Path("kustomization.yaml") + ": patchesStrategicMerge[0]"});
}

TEST_CASE("a patch whose target selects nothing is no error, as in kustomize",
          "[render][bad-input]") {
  TempTree t;
  t.Write("cm.yaml", kConfigMap);
  // Checked with kubectl kustomize: both print the ConfigMap unchanged.
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\npatches:\n- target: {kind: Deployment}\n"
          "  patch: '[{op: add, path: /x, value: 1}]'\n");
  auto out = BuildYaml(t.Path());
  REQUIRE(out.ok());
  CHECK(*out == kConfigMap);
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\npatchesJson6902:\n- target: {version: v1, kind: ConfigMap, "
          "name: nothere}\n  patch: '[{op: add, path: /x, value: 1}]'\n");
  out = BuildYaml(t.Path());
  REQUIRE(out.ok());
  CHECK(*out == kConfigMap);
}

TEST_CASE("a JSON patch on a missing path names the object and the path", "[render][bad-input]") {
  TempTree t;
  t.Write("cm.yaml", kConfigMap);
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap}\n"
          "  patch: '[{op: replace, path: /data/missing, value: 1}]'\n");
  // kubectl: "replace operation does not apply: doc is missing path: /data/missing".
  CheckFails(BuildYaml(t.Path()), Code::kNotFound,
             {t.Path("kustomization.yaml"), "ConfigMap.v1/c",
              "replace operation does not apply: doc is missing", "/data/missing"});
}

TEST_CASE("a file outside the root names the file and the root", "[render][bad-input]") {
  TempTree t;
  t.Write("x.yaml", kConfigMap);
  t.Write("app/kustomization.yaml", "resources: [../x.yaml]\n");
  // kubectl: "security; file '/tmp/x/x.yaml' is not in or below '/tmp/x/app'".
  CheckFails(
      BuildYaml(t.Path("app")), Code::kPermissionDenied,
      {t.Path("app/kustomization.yaml"),
       "security; file '" + t.Path("x.yaml") + "' is not in or below '" + t.Path("app") + "'"});
}

TEST_CASE("a symlink out of the root, or of the artifact root, is refused", "[render][bad-input]") {
  TempTree t;
  t.Write("x.yaml", kConfigMap);
  t.Write("root/app/kustomization.yaml", "resources: [link.yaml]\n");
  fs::create_symlink(t.Path("x.yaml"), t.Path("root/app/link.yaml"));
  // kubectl: "security; file '/tmp/x/root/app/link.yaml' is not in or below '/tmp/x/root/app'".
  CheckFails(BuildYaml(t.Path("root/app")), Code::kPermissionDenied,
             {"security; file '" + t.Path("root/app/link.yaml") + "' is not in or below"});
  BuildOptions options;
  options.load_restrictor = gitops::render::LoadRestrictor::kNone;
  REQUIRE(BuildYaml(t.Path("root/app"), options).ok());  // kubectl's LoadRestrictionsNone reads it
  options.artifact_root = t.Path("root");
  CheckFails(BuildYaml(t.Path("root/app"), options), Code::kPermissionDenied,
             {t.Path("root/app/link.yaml"), "outside the artifact root '" + t.Path("root") + "'"});
  // A symlinked base directory escaping the artifact root.
  t.Write("elsewhere/kustomization.yaml", "resources: [../x.yaml]\n");
  fs::create_symlink(t.Path("elsewhere"), t.Path("root/app/base"));
  t.Write("root/app/kustomization.yaml", "resources: [base]\n");
  CheckFails(BuildYaml(t.Path("root/app"), options), Code::kPermissionDenied,
             {t.Path("root/app/base"), "outside the artifact root"});
}

TEST_CASE("a 1,000-deep chain of overlays builds; deeper than max_depth names the directory",
          "[render][bad-input]") {
  TempTree t;
  t.Write("o0/kustomization.yaml", "resources: [cm.yaml]\n");
  t.Write("o0/cm.yaml", kConfigMap);
  for (int i = 1; i < 1000; ++i) {
    t.Write("o" + std::to_string(i) + "/kustomization.yaml",
            "resources: [../o" + std::to_string(i - 1) + "]\n");
  }
  auto out = BuildYaml(t.Path("o999"));
  REQUIRE(out.ok());
  CHECK(*out == kConfigMap);
  BuildOptions options;
  options.max_depth = 500;
  CheckFails(BuildYaml(t.Path("o999"), options), Code::kLimitExceeded,
             {"nested deeper than 500 levels", t.Path("o498")});
}

TEST_CASE("an invalid regex in a target names the file, the field and the pattern",
          "[render][bad-input]") {
  TempTree t;
  t.Write("cm.yaml", kConfigMap);
  // kubectl: "error parsing regexp: missing closing ]: `[)$`" (naming neither file nor field).
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap, name: \"c[\"}\n"
          "  patch: '[{op: add, path: /data, value: {}}]'\n");
  CheckFails(BuildYaml(t.Path()), Code::kInvalidArgument,
             {t.Path("kustomization.yaml") + ": patches[0].target", "'c['"});
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\npatchesJson6902:\n- target: {version: v1, kind: ConfigMap, "
          "name: \"(\"}\n  patch: '[{op: add, path: /data, value: {}}]'\n");
  CheckFails(BuildYaml(t.Path()), Code::kInvalidArgument,
             {t.Path("kustomization.yaml") + ": patchesJson6902[0].target", "'('"});
}

TEST_CASE("a binary env file names the generator and the line, not the bytes",
          "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "configMapGenerator:\n- name: g\n  envs: [bin.env]\n");
  t.Write("bin.env", std::string("A=1\n\x00\x01\xff\xfe=x\n", 12));
  // kubectl: "loading KV pairs: env source files: [bin.env]: line [0 1 255 254 61 120] has
  // invalid utf8 bytes".
  auto out = BuildYaml(t.Path());
  CheckFails(out, Code::kInvalidArgument,
             {t.Path("kustomization.yaml") + ": configMapGenerator 'g'", "'bin.env' line 2",
              "invalid UTF-8"});
  CHECK(out.status().message().find('\xff') == std::string::npos);
}

TEST_CASE("a binary file in a generator's files becomes binaryData, as in kustomize",
          "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "configMapGenerator:\n- name: g\n  files: [bin.dat]\n");
  t.Write("bin.dat", std::string("\x00\x01\xff\xfe", 4));
  auto out = BuildYaml(t.Path());
  REQUIRE(out.ok());
  // kubectl kustomize prints exactly this.
  CHECK(*out ==
        "apiVersion: v1\nbinaryData:\n  bin.dat: AAH//g==\nkind: ConfigMap\nmetadata:\n"
        "  name: g-56kdbg8bm4\n");
}

TEST_CASE("a missing generator file names the generator", "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "secretGenerator:\n- name: s\n  files: [key.pem]\n");
  CheckFails(BuildYaml(t.Path()), Code::kNotFound,
             {t.Path("kustomization.yaml") + ": secretGenerator 's' files", "key.pem"});
}

TEST_CASE("a binary resource or kustomization file is a parse error with its location",
          "[render][bad-input]") {
  TempTree t;
  t.Write("kustomization.yaml", "resources: [bin.yaml]\n");
  t.Write("bin.yaml", std::string("a: \xff\xfe\x00\n", 7));
  // kubectl: "MalformedYAMLError: yaml: invalid leading UTF-8 octet in File: bin.yaml".
  CheckFails(BuildYaml(t.Path()), Code::kParseError,
             {t.Path("bin.yaml") + ":1:", "invalid leading UTF-8 octet"});
  t.Write("kustomization.yaml", std::string("\xff\xfe\x00\x01", 4));
  CheckFails(BuildYaml(t.Path()), Code::kParseError,
             {t.Path("kustomization.yaml") + ":1:1", "UTF-8"});
}

TEST_CASE("bad sortOptions at the top name the file and the field", "[render][bad-input]") {
  TempTree t;
  t.Write("cm.yaml", kConfigMap);
  // kubectl: "the field 'sortOptions.order' must be one of [fifo, legacy]", for an unknown
  // order and for an empty sortOptions.
  for (const char* options : {"{order: random}", "{}", "{legacySortOptions: {}}"}) {
    t.Write("kustomization.yaml", std::string("resources: [cm.yaml]\nsortOptions: ") + options);
    CheckFails(BuildYaml(t.Path()), Code::kInvalidArgument,
               {t.Path("kustomization.yaml") +
                ": the field 'sortOptions.order' must be one of [fifo, legacy]"});
  }
  t.Write("kustomization.yaml",
          "resources: [cm.yaml]\nsortOptions: {order: fifo, legacySortOptions: {}}\n");
  CheckFails(BuildYaml(t.Path()), Code::kInvalidArgument,
             {t.Path("kustomization.yaml"),
              "'sortOptions.legacySortOptions' is set but the "
              "selected sort order is 'fifo', not 'legacy'"});
}
