// Structured merge: server-side apply's merge and field ownership.
//
// Apply merges a manager's applied configuration into a live object, as the
// Kubernetes API server's server-side apply does (kubernetes-sigs/
// structured-merge-diff v4, merge/update.go): fields the manager applied
// before and no longer applies are removed unless another manager owns
// them; changing a field another manager owns is a conflict unless forced,
// and forcing moves the ownership. Update records a non-apply write (a
// controller's PUT): it never conflicts and takes the fields it changed.
// Extract gives the part of an object a manager owns; MergeValues merges
// two values by the schema without any ownership.
//
// Objects are Values; "no object" is null. Managed fields are a value type
// (ManagedFields) that reads and writes Kubernetes' managedFields entries.
// Only FieldsV1 is understood. Versions are recorded, never converted: all
// managers are taken to describe the same schema.
//
// Thread safety: the functions are pure; call them from any thread.
//
//   auto result = gitops::plan::Apply(schema, "io.k8s.api.apps.v1.Deployment", live, config,
//                                     managed, "gitops", "apps/v1", {});
#ifndef GITOPS_PLAN_MERGE_H_
#define GITOPS_PLAN_MERGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/fieldpath.h"
#include "gitops/plan/schema.h"

namespace gitops::plan {

// One managedFields entry.
struct ManagedFieldsEntry {
  std::string manager;
  std::string api_version;
  bool applied = false;  // operation Apply (true) or Update (false)
  FieldSet fields;
  std::string time;  // kept as given; empty if none
};

// The managedFields of one object, in entry order, one entry per manager.
class ManagedFields {
 public:
  ManagedFields() = default;

  // Reads a managedFields array (entries with manager, operation,
  // apiVersion, fieldsType "FieldsV1", fieldsV1). Errors: kInvalidArgument
  // (not an array, an entry without a manager, a repeated manager, another
  // fieldsType), kParseError (fieldsV1 does not read).
  static Result<ManagedFields> FromValue(const Value& entries);
  // The managedFields array.
  Value ToValue() const;

  const std::vector<ManagedFieldsEntry>& entries() const { return entries_; }
  const ManagedFieldsEntry* Find(std::string_view manager) const;
  ManagedFieldsEntry* Find(std::string_view manager);
  // Replaces the manager's entry, or appends one.
  void Set(ManagedFieldsEntry entry);
  void Erase(std::string_view manager);
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<ManagedFieldsEntry> entries_;
};

// A field another manager owns that an apply would change.
struct Conflict {
  std::string manager;
  std::string path;  // structured-merge-diff's form: `.spec.containers[name="web"].image`
  friend bool operator==(const Conflict&, const Conflict&) = default;
};

struct ApplyOptions {
  // Take over conflicting fields instead of failing. Default false.
  bool force = false;
  // Fields no manager may own (FieldsV1 set). Default none.
  FieldSet ignored_fields;
};

struct UpdateOptions {
  // Fields no manager may own. Default none.
  FieldSet ignored_fields;
};

struct MergeResult {
  Value object;  // null when no object is left
  ManagedFields managed;
};

// Applies `config` to `live` (null: no object yet) for `manager`, recording
// `api_version`. `type_name` names the root type in `schema` (empty for the
// deduced schema's root). On a conflict returns kConflict, lists every
// conflict in the message and, when `conflicts` is not null, stores them
// there (cleared first). Errors: kConflict, kInvalidArgument (a value that
// does not fit the schema: wrong kind, unknown field, a list-map item
// without its key, duplicate items in the configuration; an unknown type).
Result<MergeResult> Apply(const Schema& schema, std::string_view type_name, const Value& live,
                          const Value& config, const ManagedFields& managed,
                          std::string_view manager, std::string_view api_version,
                          const ApplyOptions& options, std::vector<Conflict>* conflicts = nullptr);

// Records `new_object` replacing `live` as a write by `manager`: the fields
// it changed become its own and are taken from other managers. Errors:
// kInvalidArgument (as Apply, but duplicate list items are allowed).
Result<MergeResult> Update(const Schema& schema, std::string_view type_name, const Value& live,
                           const Value& new_object, const ManagedFields& managed,
                           std::string_view manager, std::string_view api_version,
                           const UpdateOptions& options = {});

// The part of `live` that `fields` names, as an applied configuration
// (structured-merge-diff's ExtractItems). Errors: kInvalidArgument.
Result<Value> Extract(const Schema& schema, std::string_view type_name, const Value& live,
                      const FieldSet& fields);

// `overlay` merged into `base` by the schema (list-maps by key, sets by
// value, atomic parts replaced), keeping the overlay's nulls; no ownership.
// Errors: kInvalidArgument.
Result<Value> MergeValues(const Schema& schema, std::string_view type_name, const Value& base,
                          const Value& overlay);

// The fields a value sets (structured-merge-diff's ToFieldSet). Errors:
// kInvalidArgument.
Result<FieldSet> FieldsOf(const Schema& schema, std::string_view type_name, const Value& object);

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_MERGE_H_
