// Read access to a FieldSet's trie for the plan module's own walks (the
// FieldSetAccess friend that include/gitops/plan/fieldpath.h declares).
// Private to the plan module.
#ifndef GITOPS_SRC_PLAN_FIELDSET_ACCESS_H_
#define GITOPS_SRC_PLAN_FIELDSET_ACCESS_H_

#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/fieldpath.h"

namespace gitops::plan {

struct FieldSetAccess {
  using Child = FieldSet::Child;

  // Reads one FieldsV1 node into `out` (`where`: the path so far, for
  // errors). Defined in fieldpath.cc.
  static Status Parse(const Value& node, FieldPath* where, FieldSet* out);

  // The elements owned at this node, sorted.
  static const std::vector<PathElement>& Members(const FieldSet& set) { return set.members_; }
  // The child sets, sorted by element; none empty.
  static const std::vector<Child>& Children(const FieldSet& set) { return set.children_; }
};

}  // namespace gitops::plan

#endif  // GITOPS_SRC_PLAN_FIELDSET_ACCESS_H_
