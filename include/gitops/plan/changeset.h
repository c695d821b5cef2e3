// ChangeSet: what applying a set of objects does to each of them, in
// Flux's vocabulary (fluxcd/pkg/ssa's ChangeSetEntry): created, configured,
// unchanged, deleted or skipped, with the fields that change.
//
// An entry's changes, diff text and values never hold a Secret's `data` or
// `stringData` values: they are masked as Flux masks them (`***`, or
// `*** (before)` / `*** (after)` where the value changes) before an entry
// is made.
//
// Thread safety: values.
//
//   for (const gitops::plan::ChangeSetEntry& e : changes.entries)
//     std::cout << e.ToString() << "\n";   // "Deployment/default/web configured"
#ifndef GITOPS_PLAN_CHANGESET_H_
#define GITOPS_PLAN_CHANGESET_H_

#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan {

enum class Action {
  kCreated,     // the object does not exist and would be created
  kConfigured,  // the object exists and would change
  kUnchanged,   // the object exists and an apply would not change it
  kDeleted,     // the object would be deleted (pruned)
  kSkipped,     // excluded by an annotation (ssa: Ignore, reconcile or prune disabled, ...)
};

// "created", "configured", "unchanged", "deleted", "skipped".
std::string_view ActionName(Action action);
// Parses ActionName's form. Errors: kInvalidArgument.
Result<Action> ParseAction(std::string_view name);

// One changed field.
struct Change {
  std::string pointer;  // JSON pointer into the object: "/spec/template/spec/containers/0/image"
  std::string field;    // structured-merge-diff's form: `.spec.template.spec.containers[name="web"].image`
  // The live value and the value after the apply; null where the field is
  // absent on that side (`has_before` / `has_after` false).
  Value before, after;
  bool has_before = false, has_after = false;
};

struct ChangeSetEntry {
  ObjectId id;          // group, version, kind, namespace, name
  std::string subject;  // "Kind/namespace/name", "Kind/name" when cluster-scoped
  Action action = Action::kUnchanged;
  std::vector<Change> changes;  // configured entries only, in field order
  // A unified diff of the live object's YAML against the object after the
  // apply, as `kubectl diff` prints it; empty unless configured.
  std::string diff;
  // A configured entry that changes an immutable field and is planned as
  // delete + create (force). Default false.
  bool recreate = false;

  // "<subject> <action>", as Flux's ChangeSetEntry.String().
  std::string ToString() const;
  // {id, v, subject, action, changes: [{path, field, before, after}], diff[, recreate]}.
  Value ToValue() const;
  // Reads ToValue's form. Errors: kInvalidArgument naming the field.
  static Result<ChangeSetEntry> FromValue(const Value& v);
};

struct ChangeSet {
  std::vector<ChangeSetEntry> entries;

  // Whether any entry is created, configured or deleted.
  bool HasChanges() const;
  // One ToString() line per entry.
  std::string ToString() const;
};

// The subject of an id: "Deployment/default/web", "Namespace/prod".
std::string SubjectOf(const ObjectId& id);

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_CHANGESET_H_
