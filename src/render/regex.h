// Anchored regular expression matching for patch and replacement targets.
#ifndef GITOPS_SRC_RENDER_REGEX_H_
#define GITOPS_SRC_RENDER_REGEX_H_

#include <string>

#include "gitops/core/status.h"

namespace gitops::render {

// Whether `value` matches `pattern` whole, as kustomize anchors target
// regexes ("^(?:pattern)$"); an empty pattern matches anything.
// Errors: kInvalidArgument naming the pattern when it is not a regex.
Result<bool> FullMatch(const std::string& pattern, const std::string& value);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_REGEX_H_
