// Flux's build layer: tests/data/render/flux/<case>/ (see its README) built
// with a Flux Kustomization, and the layer's errors.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/core/yaml.h"
#include "gitops/render/build.h"

namespace fs = std::filesystem;
using gitops::Value;
using gitops::render::BuildOptions;
using gitops::render::BuildYaml;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

fs::path DataRoot() { return fs::path(GITOPS_SOURCE_DIR) / "tests" / "data" / "render" / "flux"; }

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(DataRoot())) {
    if (fs::exists(e.path() / "flux.yaml")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Value ReadDoc(const std::string& text) {
  auto v = gitops::ReadYamlDocument(text);
  REQUIRE(v.ok());
  return *v;
}

BuildOptions CaseOptions(const fs::path& c) {
  BuildOptions o;
  o.flux_kustomization = ReadDoc(ReadFile(c / "flux.yaml"));
  if (fs::exists(c / "vars.yaml")) {
    Value list = ReadDoc(ReadFile(c / "vars.yaml"));
    for (const Value& m : list.items()) {
      std::map<std::string, std::string> vars;
      for (const Value::Member& kv : m.members()) {
        vars[std::string(kv.key())] = std::string(kv.value().as_string());
      }
      o.substitute_from.push_back(std::move(vars));
    }
  }
  o.strict_substitution = !fs::exists(c / "lenient");
  return o;
}

bool Run(const std::string& cmd, std::string* out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  char buf[4096];
  size_t n;
  out->clear();
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p) == 0;
}

// A scratch artifact root, removed at the end of the test.
struct TempTree {
  fs::path root;
  TempTree() {
    std::string tmpl = (fs::temp_directory_path() / "gitops-flux-XXXXXX").string();
    root = fs::path(mkdtemp(tmpl.data()));
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: web
)";

std::string Ks(const std::string& spec) {
  return "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: "
         "t\n  namespace: flux-system\nspec:\n" +
         spec;
}

gitops::Result<std::string> BuildFlux(const fs::path& root, const std::string& spec,
                                      BuildOptions o = {}) {
  o.flux_kustomization = ReadDoc(Ks(spec));
  return BuildYaml(root.string(), o);
}

}  // namespace

TEST_CASE("each tests/data/render/flux case builds to its recorded output", "[render][flux]") {
  std::vector<fs::path> cases = Cases();
  REQUIRE(cases.size() >= 5);
  for (const fs::path& c : cases) {
    INFO("case " << c.filename().string());
    auto out = BuildYaml((c / "artifact").string(), CaseOptions(c));
    if (!out.ok()) FAIL(out.status().message());
    CHECK(*out == ReadFile(c / "expected.yaml"));
  }
}

TEST_CASE("each flux case's equivalent kustomization still builds so with kubectl",
          "[render][flux]") {
  std::string version;
  if (!Run("kubectl version --client 2>/dev/null", &version)) {
    WARN("kubectl is not on PATH: the check of the equivalent kustomizations is skipped");
    return;
  }
  for (const fs::path& c : Cases()) {
    INFO("case " << c.filename().string());
    std::string want;
    REQUIRE(Run("kubectl kustomize --load-restrictor LoadRestrictionsNone '" +
                    (c / "equivalent").string() + "' 2>/dev/null",
                &want));
    CHECK(want == ReadFile(c / "expected.yaml"));
  }
}

TEST_CASE("a generated kustomization refuses YAML that is not Kubernetes objects, naming it",
          "[render][flux]") {
  TempTree t;
  WriteFile(t.root / "apps" / "web.yaml", kDeployment);
  WriteFile(t.root / "apps" / "ci" / ".gitlab-ci.yml", "stages:\n- build\n");
  auto out = BuildFlux(t.root, "  path: ./apps\n");
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kInvalidArgument);
  CHECK_THAT(std::string(out.status().message()),
             Catch::Contains("failed to decode Kubernetes YAML from apps/ci/.gitlab-ci.yml"));
  // Files that are not .yaml/.yml are not read at all.
  fs::remove(t.root / "apps" / "ci" / ".gitlab-ci.yml");
  WriteFile(t.root / "apps" / "ci" / "pipeline.json", "{\"stages\": []}");
  WriteFile(t.root / "apps" / "README.md", "# docs\n");
  auto ok = BuildFlux(t.root, "  path: ./apps\n");
  REQUIRE(ok.ok());
  CHECK(*ok == kDeployment);
}

TEST_CASE("spec.path stays inside the artifact root", "[render][flux]") {
  TempTree t;
  fs::path artifact = t.root / "artifact";
  WriteFile(artifact / "apps" / "web.yaml", kDeployment);
  WriteFile(t.root / "outside" / "secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen\n");
  // `..` cannot climb above the root (securejoin): ../../apps is apps.
  auto climbed = BuildFlux(artifact, "  path: ../../apps\n");
  REQUIRE(climbed.ok());
  CHECK(*climbed == kDeployment);
  // An empty path is the root itself.
  auto at_root = BuildFlux(artifact, "  path: \"\"\n");
  REQUIRE(at_root.ok());
  CHECK(*at_root == kDeployment);
  // A symlinked directory leading out of the artifact is refused.
  fs::create_directory_symlink(t.root / "outside", artifact / "escape");
  auto escaped = BuildFlux(artifact, "  path: ./escape\n");
  REQUIRE(!escaped.ok());
  CHECK(escaped.status().code() == gitops::Code::kPermissionDenied);
  // So is a symlinked file in a generated kustomization, and one a
  // kustomization lists.
  fs::create_symlink(t.root / "outside" / "secret.yaml", artifact / "apps" / "link.yaml");
  auto file_escape = BuildFlux(artifact, "  path: ./apps\n");
  REQUIRE(!file_escape.ok());
  CHECK(file_escape.status().code() == gitops::Code::kPermissionDenied);
  WriteFile(artifact / "apps" / "kustomization.yaml", "resources:\n- web.yaml\n- link.yaml\n");
  auto listed = BuildFlux(artifact, "  path: ./apps\n");
  REQUIRE(!listed.ok());
  CHECK(listed.status().code() == gitops::Code::kPermissionDenied);
  auto missing = BuildFlux(artifact, "  path: ./nowhere\n");
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == gitops::Code::kNotFound);
  CHECK_THAT(std::string(missing.status().message()),
             Catch::Contains("kustomization path not found"));
}

TEST_CASE("Flux components must be local, and missing ones fail unless ignored",
          "[render][flux]") {
  TempTree t;
  WriteFile(t.root / "app" / "web.yaml", kDeployment);
  auto remote = BuildFlux(t.root, "  path: ./app\n  components:\n  - https://github.com/x/y\n");
  REQUIRE(!remote.ok());
  CHECK(remote.status().message() == "component path 'https://github.com/x/y' must be local and "
                                     "relative");
  auto absolute = BuildFlux(t.root, "  path: ./app\n  components:\n  - /etc/comp\n");
  REQUIRE(!absolute.ok());
  auto missing = BuildFlux(t.root, "  path: ./app\n  components:\n  - ../comp\n");
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == gitops::Code::kNotFound);
  auto ignored = BuildFlux(
      t.root, "  path: ./app\n  components:\n  - ../comp\n  ignoreMissingComponents: true\n");
  REQUIRE(ignored.ok());
  CHECK(*ignored == kDeployment);
}

TEST_CASE("the Flux Kustomization must be one", "[render][flux]") {
  TempTree t;
  WriteFile(t.root / "web.yaml", kDeployment);
  BuildOptions o;
  o.flux_kustomization = ReadDoc("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
  auto out = BuildYaml(t.root.string(), o);
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kInvalidArgument);
  auto bad_prefix = BuildFlux(t.root, "  namePrefix: [a]\n");
  REQUIRE(!bad_prefix.ok());
  CHECK_THAT(std::string(bad_prefix.status().message()),
             Catch::Contains("spec.namePrefix must be a string"));
}
