// Where tests find their data: the source tree and ../shared (conformance).
#ifndef GITOPS_TESTS_SUPPORT_PATHS_H_
#define GITOPS_TESTS_SUPPORT_PATHS_H_

#include <string>

namespace gitops::testing {

// The project's source directory (compiled in by CMake).
inline std::string SourceDir() { return GITOPS_SOURCE_DIR; }
// tests/data/<module>
inline std::string DataDir(const std::string& module) {
  return SourceDir() + "/tests/data/" + module;
}
// ../shared/conformance/<suite>; the folder may be absent, callers check.
inline std::string ConformanceDir(const std::string& suite) {
  return std::string(GITOPS_SHARED_DIR) + "/conformance/" + suite;
}

}  // namespace gitops::testing

#endif  // GITOPS_TESTS_SUPPORT_PATHS_H_
