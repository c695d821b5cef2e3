// kustomize conformance: every case of ../shared/conformance/kustomize
// (kustomize v5.5.0's own tests, checked against `kubectl kustomize`)
// built with render::Build and printed with WriteYamlStream, compared with
// expected.yaml (trailing whitespace at the very end stripped), or required
// to fail where the case has expected.error.
//
// tests/conformance/kustomize/KNOWN_GAPS.md lists, one `- \`Case\`: reason`
// line each, the cases that fail today. The run fails when a case fails
// that is not listed, and when a listed case passes (so the list stays
// exact). Prints one line per failure and "kustomize conformance: N passed,
// M failed". Exit: 0, 1, or 77 (ctest's skip) when the data is absent.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/conformance/text_compare.h"
#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/render/build.h"

namespace fs = std::filesystem;
using gitops::conformance::FirstDifference;
using gitops::conformance::ReadFile;
using gitops::conformance::StripTrailingWhitespace;

namespace {

// The case names KNOWN_GAPS.md lists (lines starting "- `Name`").
std::set<std::string> KnownGaps(const fs::path& file) {
  std::set<std::string> out;
  std::istringstream in(ReadFile(file));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("- `")) continue;
    size_t end = line.find('`', 3);
    if (end != std::string::npos) out.insert(line.substr(3, end - 3));
  }
  return out;
}

// Returns "" when the case passes, else why not.
std::string RunCase(const fs::path& dir) {
  auto spec = gitops::ReadJson(ReadFile(dir / "case.json"));
  if (!spec.ok()) return "case.json: " + spec.status().ToString();
  gitops::render::BuildOptions options;
  std::string sub = ".";
  if (const gitops::Value* d = spec->Find("dir"); d != nullptr && d->is_string()) {
    sub = std::string(d->as_string());
  }
  if (const gitops::Value* flags = spec->Find("flags"); flags != nullptr && flags->is_array()) {
    for (const gitops::Value& f : flags->items()) {
      std::string_view flag = f.as_string();
      if (flag == "--reorder=none") options.reorder = gitops::render::Reorder::kNone;
      if (flag == "--reorder=legacy") options.reorder = gitops::render::Reorder::kLegacy;
      if (flag == "--load-restrictor=LoadRestrictionsNone") {
        options.load_restrictor = gitops::render::LoadRestrictor::kNone;
      }
    }
  }
  auto out = gitops::render::BuildYaml((dir / "input" / sub).string(), options);
  if (fs::exists(dir / "expected.error")) {
    return out.ok() ? "built, but the case expects an error" : "";
  }
  if (!out.ok()) return "error: " + out.status().ToString();
  std::string want = StripTrailingWhitespace(ReadFile(dir / "expected.yaml"));
  std::string got = StripTrailingWhitespace(*out);
  return want == got ? "" : FirstDifference(want, got);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root =
      argc > 1 ? fs::path(argv[1]) : fs::path(GITOPS_SHARED_DIR) / "conformance" / "kustomize";
  fs::path gaps_file = fs::path(GITOPS_SOURCE_DIR) / "tests/conformance/kustomize/KNOWN_GAPS.md";
  if (!fs::is_directory(root)) {
    std::cout << "SKIPPED: conformance data not found at " << root
              << " (../shared/conformance/kustomize beside the project)\n";
    return 77;
  }
  std::set<std::string> gaps = KnownGaps(gaps_file);
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (fs::exists(entry.path() / "case.json")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  int passed = 0, failed = 0, unexpected = 0;
  for (const fs::path& dir : cases) {
    std::string name = dir.filename().string();
    std::string why = RunCase(dir);
    bool known = gaps.count(name) > 0;
    if (why.empty()) {
      ++passed;
      if (known) {
        std::cout << "NOW PASSES (remove from KNOWN_GAPS.md) " << name << "\n";
        ++unexpected;
      }
    } else {
      ++failed;
      std::cout << (known ? "known gap " : "FAIL ") << name << ": " << why << "\n";
      if (!known) ++unexpected;
    }
  }
  for (const std::string& g : gaps) {
    if (!fs::is_directory(root / g)) {
      std::cout << "KNOWN_GAPS.md lists " << g << ", which is not a case\n";
      ++unexpected;
    }
  }
  std::cout << "kustomize conformance: " << passed << " passed, " << failed << " failed\n";
  return unexpected == 0 ? 0 : 1;
}
