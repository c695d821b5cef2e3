// Kubernetes label selectors in their string form, as apimachinery's
// labels.Parse reads them (Flux's ignore rules take labelSelector and
// annotationSelector this way): comma-separated requirements, each `key`,
// `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`,
// `key notin (a,b)`, `key>1` or `key<1`. Private to the plan module.
#ifndef GITOPS_SRC_PLAN_SELECTOR_H_
#define GITOPS_SRC_PLAN_SELECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan::internal {

class LabelSelector {
 public:
  // Parses `text`; empty text selects everything. Errors: kInvalidArgument
  // naming the selector and what was found where something else was
  // expected (labels.Parse's wording).
  static Result<LabelSelector> Parse(std::string_view text);

  // Whether every requirement holds for `map` (a string map such as
  // metadata.labels; null or a non-map: no keys).
  bool Matches(const Value* map) const;

 private:
  enum class Op { kExists, kDoesNotExist, kIn, kNotIn, kGreaterThan, kLessThan };
  struct Requirement {
    std::string key;
    Op op = Op::kExists;
    std::vector<std::string> values;  // In / NotIn (`=` is In, `!=` NotIn, of one value)
    long long bound = 0;              // GreaterThan / LessThan
  };
  std::vector<Requirement> requirements_;
};

// Checks that `selector` parses. Errors: as LabelSelector::Parse.
Status CheckSelector(std::string_view selector);
// Whether `map` matches `selector`; false for one that does not parse.
bool MatchesSelector(std::string_view selector, const Value* map);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_SELECTOR_H_
