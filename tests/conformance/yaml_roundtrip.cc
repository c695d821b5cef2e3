// Round trip over kustomize's own expected outputs: every
// ../shared/conformance/kustomize/*/expected.yaml must read into Values and
// write back byte for byte (up to the final newline, which upstream files
// sometimes lack). Prints one line per failure and "N passed, M failed".
// Exit: 0 all passed, 1 some failed, 77 (ctest's skip) if the data is absent.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/core/yaml.h"

namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string StripTrailingNewlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The first line where the texts differ, for the report.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ha = static_cast<bool>(std::getline(a, la));
    bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "(no difference)";
    if (!ha || !hb || la != lb) {
      return "line " + std::to_string(line) + ": want \"" + (ha ? la : "<end>") + "\", got \"" +
             (hb ? lb : "<end>") + "\"";
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(GITOPS_SHARED_DIR) / "conformance" / "kustomize";
  if (!fs::is_directory(root)) {
    std::cout << "SKIPPED: conformance data not found at " << root
              << " (../shared/conformance/kustomize beside the project)\n";
    return 77;
  }
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (fs::exists(entry.path() / "expected.yaml")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  int passed = 0, failed = 0;
  for (const fs::path& dir : cases) {
    fs::path file = dir / "expected.yaml";
    std::string text = ReadFile(file);
    gitops::YamlReadOptions opts;
    opts.file = file.string();
    auto docs = gitops::ReadYaml(text, opts);
    std::string name = dir.filename().string();
    if (!docs.ok()) {
      std::cout << "FAIL " << name << ": " << docs.status().ToString() << "\n";
      ++failed;
      continue;
    }
    std::string out = gitops::WriteYamlStream(*docs);
    std::string want = StripTrailingNewlines(text), got = StripTrailingNewlines(out);
    if (want == got) {
      ++passed;
    } else {
      std::cout << "FAIL " << name << ": " << FirstDifference(want, got) << "\n";
      ++failed;
    }
  }
  std::cout << "yaml round trip: " << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
