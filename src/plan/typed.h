// Schema-directed walks over Values: validation, merge (with an optional
// comparison), field sets and item removal / extraction. Private to the plan
// module; these are structured-merge-diff's typed/ package (merge.go,
// tofieldset.go, remove.go, validate.go, helpers.go) in C++.
#ifndef GITOPS_SRC_PLAN_TYPED_H_
#define GITOPS_SRC_PLAN_TYPED_H_

#include <optional>
#include <span>
#include <string>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/fieldpath.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"
#include "plan/key_equal.h"

namespace gitops::plan::internal {

// The paths a merge added, changed and removed (typed.Comparison).
struct Comparison {
  FieldSet added, modified, removed;
  bool IsSame() const { return added.empty() && modified.empty() && removed.empty(); }
  void Exclude(const FieldSet& ignored) {
    added = added.RecursiveDifference(ignored);
    modified = modified.RecursiveDifference(ignored);
    removed = removed.RecursiveDifference(ignored);
  }
};

// A schema and the root type: what every walk starts from.
struct Typed {
  const Schema& schema;
  TypeRef root;
};

// Checks `value` against the type. Errors: kInvalidArgument naming the path.
// With `merge_stable`, also stores there whether the value is valid and
// merge-stable: Merge copies each of its nodes unchanged where the other
// side has none (no duplicated item in a list-map or set, no null where
// the type has no part).
// With `twin` (a value Validate found valid and merge-stable for this
// type), the parts of `value` identical to its parts at the same place are
// taken as valid without a walk.
Status Validate(const Typed& t, const Value& value, bool allow_duplicates,
                bool* merge_stable = nullptr, const Value* twin = nullptr);

// Merges rhs into lhs (rhs wins at leaves). Fills `comparison` if not null.
Value Merge(const Typed& t, const Value& lhs, const Value& rhs, Comparison* comparison);
// *lhs = Merge(t, *lhs, rhs, nullptr), changing in place only the nodes
// rhs reaches. Only for values Validate found merge-stable (otherwise the
// result may differ from Merge's).
void MergeInto(const Typed& t, Value* lhs, const Value& rhs);
// The comparison Merge fills, without building the merged value.
Comparison Compare(const Typed& t, const Value& lhs, const Value& rhs);

// The fields a value sets.
FieldSet ToFieldSet(const Typed& t, const Value& value);
// Whether `set` is a subset of ToFieldSet(t, value), without building it.
bool FieldSetWithin(const Typed& t, const FieldSet& set, const Value& value);
// Whether the FieldSet read from `fields_v1` (FieldSet::FromFieldsV1),
// after ReconcileWithSchema, is a subset of ToFieldSet(t, value): false
// also when FromFieldsV1 would refuse it.
bool FieldsV1Within(const Typed& t, const Value& fields_v1, const Value& value);

// The value without the fields in `set` (extract = false), or with only
// them (extract = true). Null when nothing is left.
Value RemoveItems(const Typed& t, const Value& value, const FieldSet& set, bool extract);

// Adds, for every path, each proper prefix that ends in a named field of a
// struct (fieldpath.Set.EnsureNamedFieldsAreMembers).
FieldSet EnsureNamedFieldsAreMembers(const Typed& t, const FieldSet& set);

// Collapses owned paths below parts that the schema now says are atomic
// (typed.ReconcileFieldSetWithSchema). Returns the set unchanged when
// nothing collapses.
FieldSet ReconcileWithSchema(const Typed& t, const FieldSet& set);
// Whether ReconcileWithSchema would collapse anything (a walk of the set's
// trie; nothing is built).
bool NeedsReconcile(const Typed& t, const FieldSet& set);

// The object a forced plan::Apply (ApplyOptions::force, no ignored fields)
// returns, without the new managed fields, which cost a second comparison.
// Defined in merge.cc. Errors: as Apply.
Result<Value> ForcedApplyObject(const Schema& schema, std::string_view type_name,
                                const Value& live, const Value& config,
                                const ManagedFields& managed, std::string_view manager,
                                std::string_view api_version);

// A forced apply (as ForcedApplyObject) whose applier owns nothing the
// configuration leaves out, so that nothing is pruned: the validated
// merge, computed into *live (left as it was on an error), in place where
// Merge's value allows it (MergeInto). Defined in merge.cc. Errors: as
// Apply.
Status ValidatedMergeInto(const Schema& schema, std::string_view type_name, Value* live,
                          const Value& config);
// The checks ForcedApplyObject and ValidatedMergeInto make before merging
// (the root type, then ValidateApply): all that an object about to be
// created needs. Errors: as Apply.
Status ValidateApplyOf(const Schema& schema, std::string_view type_name, const Value& live,
                       const Value& config);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_TYPED_H_
