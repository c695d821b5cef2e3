#include "render/regex.h"

// GCC 12 with the sanitizers warns inside libstdc++'s <regex> (a
// -Wmaybe-uninitialized false positive on std::function moves in
// regex_automaton.h); the warning is not about this file's code, and this
// file holds the only use of <regex> so that nothing else loses the warning.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>

namespace gitops::render {

Result<bool> FullMatch(const std::string& pattern, const std::string& value) {
  if (pattern.empty()) return true;
  try {
    return std::regex_match(value, std::regex("^(?:" + pattern + ")$"));
  } catch (const std::regex_error&) {
    return InvalidArgumentError("invalid regular expression in target: '" + pattern + "'");
  }
}

}  // namespace gitops::render
