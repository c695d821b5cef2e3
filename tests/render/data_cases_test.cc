// Render tests from data: every tests/data/render/<case>/ holds an `input/`
// tree and `expected.yaml`, the bytes `kubectl kustomize input` (kubectl
// v1.32, kustomize v5.5.0) printed for it. A new case is a new folder.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/render/build.h"

namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  fs::path root = fs::path(GITOPS_SOURCE_DIR) / "tests" / "data" / "render";
  for (const auto& e : fs::directory_iterator(root)) {
    if (fs::is_directory(e.path() / "input")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// stdout of `cmd`, or nullopt-like empty with ok=false when it fails.
bool Run(const std::string& cmd, std::string* out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  char buf[4096];
  size_t n;
  out->clear();
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p) == 0;
}

}  // namespace

TEST_CASE("each tests/data/render case builds to kubectl's recorded output", "[render]") {
  std::vector<fs::path> cases = Cases();
  REQUIRE(!cases.empty());
  for (const fs::path& c : cases) {
    INFO("case " << c.filename().string());
    auto out = gitops::render::BuildYaml((c / "input").string(), {});
    REQUIRE(out.ok());
    CHECK(*out == ReadFile(c / "expected.yaml"));
  }
}

TEST_CASE("each tests/data/render case builds as kubectl kustomize builds it now", "[render]") {
  std::string version;
  if (!Run("kubectl version --client 2>/dev/null", &version)) {
    WARN("kubectl is not on PATH: the differential check against kubectl kustomize is skipped");
    return;
  }
  for (const fs::path& c : Cases()) {
    INFO("case " << c.filename().string());
    std::string want;
    REQUIRE(Run("kubectl kustomize '" + (c / "input").string() + "' 2>/dev/null", &want));
    auto out = gitops::render::BuildYaml((c / "input").string(), {});
    REQUIRE(out.ok());
    CHECK(*out == want);
  }
}
