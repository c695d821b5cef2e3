// A unified diff of two texts, line by line, as `diff -u` prints it. Private
// to the plan module.
#ifndef GITOPS_SRC_PLAN_UDIFF_H_
#define GITOPS_SRC_PLAN_UDIFF_H_

#include <string>
#include <string_view>

namespace gitops::plan::internal {

// `--- <from_name>` / `+++ <to_name>` and `@@ -a,b +c,d @@` hunks with
// `context` lines around each change; "" when the texts are equal. The
// edit script is a shortest one (Myers' O(ND) algorithm).
std::string UnifiedDiff(std::string_view from, std::string_view to, std::string_view from_name,
                        std::string_view to_name, int context = 3);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_UDIFF_H_
