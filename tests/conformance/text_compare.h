// Shared by the conformance runners: reading a case file and comparing
// printed output with an expected file the way ../shared/conformance's
// README says (trailing whitespace at the very end does not count).
#ifndef GITOPS_TESTS_CONFORMANCE_TEXT_COMPARE_H_
#define GITOPS_TESTS_CONFORMANCE_TEXT_COMPARE_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gitops::conformance {

// The whole file, or "" if it cannot be read.
inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string StripTrailingWhitespace(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// The first line where the texts differ, for a failure report.
inline std::string FirstDifference(const std::string& want, const std::string& got) {
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

}  // namespace gitops::conformance

#endif  // GITOPS_TESTS_CONFORMANCE_TEXT_COMPARE_H_
