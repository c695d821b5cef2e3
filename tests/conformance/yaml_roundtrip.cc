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

#include "tests/conformance/text_compare.h"
#include "gitops/core/yaml.h"

namespace fs = std::filesystem;
using gitops::conformance::FirstDifference;
using gitops::conformance::ReadFile;
using gitops::conformance::StripTrailingWhitespace;

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
    std::string want = StripTrailingWhitespace(text), got = StripTrailingWhitespace(out);
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
