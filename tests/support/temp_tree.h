// TempTree: a fresh directory under the system temp dir for a test's files,
// removed with everything in it at scope exit.
#ifndef GITOPS_TESTS_SUPPORT_TEMP_TREE_H_
#define GITOPS_TESTS_SUPPORT_TEMP_TREE_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gitops_test {

class TempTree {
 public:
  TempTree() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gitops-test-XXXXXX").string();
    root_ = mkdtemp(tmpl.data());
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  // Writes `text` (bytes as given) to `rel`, creating its directories.
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  std::string Path(const std::string& rel = "") const { return (root_ / rel).string(); }

 private:
  std::filesystem::path root_;
};

}  // namespace gitops_test

#endif  // GITOPS_TESTS_SUPPORT_TEMP_TREE_H_
