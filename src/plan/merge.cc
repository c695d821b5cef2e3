// Server-side apply's updater (structured-merge-diff merge/update.go) over
// the typed walks in typed.cc. Versions are recorded, never converted.

#include "gitops/plan/merge.h"

#include <string>
#include <utility>
#include <vector>

#include "plan/typed.h"

namespace gitops::plan {

using internal::Comparison;
using internal::Typed;

// --- ManagedFields -------------------------------------------------------------

Result<ManagedFields> ManagedFields::FromValue(const Value& entries) {
  ManagedFields out;
  if (entries.is_null()) return out;
  if (!entries.is_array()) return InvalidArgumentError("managedFields: expected a list");
  size_t index = 0;
  for (const Value& e : entries.items()) {
    std::string where = "managedFields[" + std::to_string(index++) + "]";
    if (!e.is_object()) return InvalidArgumentError(where + ": expected a map");
    ManagedFieldsEntry entry;
    const Value* manager = e.Find("manager");
    if (manager == nullptr || !manager->is_string()) {
      return InvalidArgumentError(where + ": no manager");
    }
    entry.manager = std::string(manager->as_string());
    if (out.Find(entry.manager) != nullptr) {
      return InvalidArgumentError(where + ": manager \"" + entry.manager + "\" appears twice");
    }
    if (const Value* v = e.Find("apiVersion"); v && v->is_string()) {
      entry.api_version = std::string(v->as_string());
    }
    if (const Value* op = e.Find("operation"); op && op->is_string()) {
      if (op->as_string() == "Apply") {
        entry.applied = true;
      } else if (op->as_string() != "Update") {
        return InvalidArgumentError(where + ": operation must be Apply or Update");
      }
    }
    if (const Value* t = e.Find("fieldsType");
        t && !(t->is_string() && t->as_string() == "FieldsV1")) {
      return InvalidArgumentError(where + ": fieldsType must be FieldsV1");
    }
    if (const Value* t = e.Find("time"); t && t->is_string())
      entry.time = std::string(t->as_string());
    if (const Value* f = e.Find("fieldsV1")) {
      Result<FieldSet> set = FieldSet::FromFieldsV1(*f);
      if (!set.ok()) return set.status().WithContext(where + " (" + entry.manager + ")");
      entry.fields = std::move(set).value();
    }
    out.entries_.push_back(std::move(entry));
  }
  return out;
}

Value ManagedFields::ToValue() const {
  Value out = Value::Array();
  for (const ManagedFieldsEntry& e : entries_) {
    Value v = Value::Object();
    v.AppendMember("manager", e.manager);
    v.AppendMember("operation", e.applied ? "Apply" : "Update");
    v.AppendMember("apiVersion", e.api_version);
    if (!e.time.empty()) v.AppendMember("time", e.time);
    v.AppendMember("fieldsType", "FieldsV1");
    v.AppendMember("fieldsV1", e.fields.ToFieldsV1());
    out.Append(std::move(v));
  }
  return out;
}

const ManagedFieldsEntry* ManagedFields::Find(std::string_view manager) const {
  for (const ManagedFieldsEntry& e : entries_) {
    if (e.manager == manager) return &e;
  }
  return nullptr;
}

ManagedFieldsEntry* ManagedFields::Find(std::string_view manager) {
  for (ManagedFieldsEntry& e : entries_) {
    if (e.manager == manager) return &e;
  }
  return nullptr;
}

void ManagedFields::Set(ManagedFieldsEntry entry) {
  if (ManagedFieldsEntry* e = Find(entry.manager)) {
    *e = std::move(entry);
  } else {
    entries_.push_back(std::move(entry));
  }
}

void ManagedFields::Erase(std::string_view manager) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->manager == manager) {
      entries_.erase(it);
      return;
    }
  }
}

// --- the updater ---------------------------------------------------------------------

namespace {

Result<TypeRef> RootOf(const Schema& schema, std::string_view type_name) {
  TypeRef root;
  root.named_type =
      type_name.empty() ? std::string(Schema::kDeducedTypeName) : std::string(type_name);
  if (schema.Find(root.named_type) == nullptr) {
    return InvalidArgumentError("schema has no type \"" + root.named_type + "\"");
  }
  return root;
}

// Owned fields collapse where the schema made a part atomic.
ManagedFields Reconciled(const Typed& t, const ManagedFields& managed) {
  ManagedFields out = managed;
  for (const ManagedFieldsEntry& e : managed.entries()) {
    if (!internal::NeedsReconcile(t, e.fields)) continue;
    ManagedFieldsEntry copy = e;
    copy.fields = internal::ReconcileWithSchema(t, e.fields);
    out.Set(std::move(copy));
  }
  return out;
}

// The set without `ignored` (RecursiveDifference), without a copy when
// nothing is ignored (the usual case).
FieldSet WithoutIgnored(FieldSet set, const FieldSet& ignored) {
  if (ignored.empty()) return set;
  return set.RecursiveDifference(ignored);
}

std::string ConflictMessage(const std::vector<Conflict>& conflicts) {
  std::string message =
      conflicts.size() == 1
          ? std::string("Apply failed with 1 conflict:")
          : "Apply failed with " + std::to_string(conflicts.size()) + " conflicts:";
  for (const Conflict& c : conflicts) {
    message += " conflict with \"" + c.manager + "\": " + c.path + ";";
  }
  message.pop_back();
  return message;
}

// merge/update.go's update: compares old and new, takes changed fields away
// from the other managers (or reports them as conflicts when not forced).
Result<Comparison> UpdateManagers(const Typed& t, const Value& old_object, const Value& new_object,
                                  ManagedFields* managers, std::string_view workflow, bool force,
                                  const FieldSet& ignored, std::vector<Conflict>* conflicts_out) {
  Comparison cmp = internal::Compare(t, old_object, new_object);
  cmp.Exclude(ignored);
  FieldSet changed = cmp.modified.Union(cmp.added);
  std::vector<std::pair<std::string, FieldSet>> conflicts;
  for (const ManagedFieldsEntry& e : managers->entries()) {
    if (e.manager == workflow) continue;
    FieldSet c = e.fields.Intersection(changed);
    if (!c.empty()) conflicts.emplace_back(e.manager, std::move(c));
  }
  if (!force && !conflicts.empty()) {
    std::vector<Conflict> list;
    for (const auto& [manager, set] : conflicts) {
      set.ForEachPath([&](const FieldPath& p) { list.push_back({manager, PathString(p)}); });
    }
    Status status = ConflictError(ConflictMessage(list));
    if (conflicts_out != nullptr) *conflicts_out = std::move(list);
    return status;
  }
  for (const auto& [manager, set] : conflicts) {
    ManagedFieldsEntry* e = managers->Find(manager);
    e->fields = e->fields.Difference(set);
  }
  if (!cmp.removed.empty()) {
    for (const ManagedFieldsEntry& entry : managers->entries()) {
      if (entry.manager == workflow) continue;
      ManagedFieldsEntry* e = managers->Find(entry.manager);
      e->fields = e->fields.Difference(cmp.removed);
    }
  }
  std::vector<std::string> empty;
  for (const ManagedFieldsEntry& e : managers->entries()) {
    if (e.fields.empty()) empty.push_back(e.manager);
  }
  for (const std::string& m : empty) managers->Erase(m);
  return cmp;
}

// merge/update.go's prune: removes the fields the applier owned before and
// no longer applies, keeping those another manager owns and those whose
// removal would leave an owned field dangling.
Value Prune(const Typed& t, const Value& merged, const ManagedFields& managers,
            const ManagedFieldsEntry* last) {
  if (last == nullptr || last->fields.empty()) return merged;
  // Nothing the applier owned was dropped (the usual re-apply): every item
  // the removal would take out is added back as owned.
  const ManagedFieldsEntry* now = managers.Find(last->manager);
  if (now != nullptr && last->fields.Difference(now->fields).empty()) return merged;
  Value pruned = internal::RemoveItems(
      t, merged, internal::EnsureNamedFieldsAreMembers(t, last->fields), false);
  // Add back the items another manager (or the applier, now) owns.
  FieldSet managed;
  for (const ManagedFieldsEntry& e : managers.entries()) managed = managed.Union(e.fields);
  FieldSet merged_set = internal::EnsureNamedFieldsAreMembers(t, internal::ToFieldSet(t, merged));
  FieldSet pruned_set = internal::EnsureNamedFieldsAreMembers(t, internal::ToFieldSet(t, pruned));
  FieldSet keep = pruned_set.Union(internal::EnsureNamedFieldsAreMembers(t, managed));
  pruned = internal::RemoveItems(t, merged, merged_set.Difference(keep), false);
  // Add back dangling items: remove only what the applier had owned.
  pruned_set = internal::EnsureNamedFieldsAreMembers(t, internal::ToFieldSet(t, pruned));
  FieldSet last_set = internal::EnsureNamedFieldsAreMembers(t, last->fields);
  return internal::RemoveItems(t, merged, merged_set.Difference(pruned_set).Intersection(last_set),
                               false);
}

// Apply up to the merged object; `managers` is left as Prune saw it (the
// applier's new entry set, nobody's ownership taken yet).
Status ValidateApply(const Typed& t, const Value& live, const Value& config) {
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, config, false).WithContext("configuration"));
  return internal::Validate(t, live, true).WithContext("live object");
}

// ApplyMerged after ValidateApply.
Value ApplyMergedValid(const Typed& t, const Value& live, const Value& config,
                       const ManagedFields& managed, std::string_view manager,
                       std::string_view api_version, const ApplyOptions& options,
                       ManagedFields* managers) {
  *managers = Reconciled(t, managed);
  Value merged = internal::Merge(t, live, config, nullptr);
  std::optional<ManagedFieldsEntry> last;
  if (const ManagedFieldsEntry* e = managers->Find(manager)) {
    last = *e;
    last->fields = WithoutIgnored(std::move(last->fields), options.ignored_fields);
  }
  ManagedFieldsEntry entry;
  entry.manager = std::string(manager);
  entry.api_version = std::string(api_version);
  entry.applied = true;
  entry.fields = WithoutIgnored(internal::ToFieldSet(t, config), options.ignored_fields);
  managers->Set(std::move(entry));
  return Prune(t, merged, *managers, last ? &*last : nullptr);
}

Result<Value> ApplyMerged(const Typed& t, const Value& live, const Value& config,
                          const ManagedFields& managed, std::string_view manager,
                          std::string_view api_version, const ApplyOptions& options,
                          ManagedFields* managers) {
  GITOPS_RETURN_IF_ERROR(ValidateApply(t, live, config));
  return ApplyMergedValid(t, live, config, managed, manager, api_version, options, managers);
}

}  // namespace

Result<MergeResult> Apply(const Schema& schema, std::string_view type_name, const Value& live,
                          const Value& config, const ManagedFields& managed,
                          std::string_view manager, std::string_view api_version,
                          const ApplyOptions& options, std::vector<Conflict>* conflicts) {
  if (conflicts != nullptr) conflicts->clear();
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  ManagedFields managers;
  GITOPS_ASSIGN_OR_RETURN(
      Value merged, ApplyMerged(t, live, config, managed, manager, api_version, options, &managers));
  Result<Comparison> cmp = UpdateManagers(t, live, merged, &managers, manager, options.force,
                                          options.ignored_fields, conflicts);
  if (!cmp.ok()) return cmp.status();
  return MergeResult{std::move(merged), std::move(managers)};
}

namespace internal {

Result<Value> ForcedApplyObject(const Schema& schema, std::string_view type_name,
                                const Value& live, const Value& config,
                                const ManagedFields& managed, std::string_view manager,
                                std::string_view api_version) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  GITOPS_RETURN_IF_ERROR(ValidateApply(t, live, config));
  // Prune's own shortcut, taken before any set is built: nothing the
  // applier owned (as the schema now reads it) is left out of the
  // configuration's fields, so the merge is the result.
  const ManagedFieldsEntry* last = managed.Find(manager);
  if (last == nullptr) return internal::Merge(t, live, config, nullptr);
  if (!internal::NeedsReconcile(t, last->fields)) {
    if (internal::FieldSetWithin(t, last->fields, config)) {
      return internal::Merge(t, live, config, nullptr);
    }
  } else if (internal::FieldSetWithin(t, internal::ReconcileWithSchema(t, last->fields),
                                      config)) {
    return internal::Merge(t, live, config, nullptr);
  }
  ManagedFields managers;
  ApplyOptions options;
  options.force = true;
  // A forced apply's UpdateManagers only moves ownership (it cannot fail):
  // the object is final here.
  return ApplyMergedValid(t, live, config, managed, manager, api_version, options, &managers);
}

Status ValidatedMergeInto(const Schema& schema, std::string_view type_name, Value* live,
                          const Value& config) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  // The live object first, so that the configuration's parts identical to
  // its valid ones need no walk; the configuration's error comes first, as
  // ValidateApply reports them.
  bool config_stable = false, live_stable = false;
  Status live_status = internal::Validate(t, *live, true, &live_stable);
  GITOPS_RETURN_IF_ERROR(
      internal::Validate(t, config, false, &config_stable, live_stable ? live : nullptr)
          .WithContext("configuration"));
  GITOPS_RETURN_IF_ERROR(live_status.WithContext("live object"));
  if (config_stable && live_stable) {
    internal::MergeInto(t, live, config);
  } else {
    *live = internal::Merge(t, *live, config, nullptr);
  }
  return OkStatus();
}

Status ValidateApplyOf(const Schema& schema, std::string_view type_name, const Value& live,
                       const Value& config) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  return ValidateApply(Typed{schema, root}, live, config);
}

}  // namespace internal

Result<MergeResult> Update(const Schema& schema, std::string_view type_name, const Value& live,
                           const Value& new_object, const ManagedFields& managed,
                           std::string_view manager, std::string_view api_version,
                           const UpdateOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, new_object, true).WithContext("object"));
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, live, true).WithContext("live object"));
  ManagedFields managers = Reconciled(t, managed);
  GITOPS_ASSIGN_OR_RETURN(Comparison cmp, UpdateManagers(t, live, new_object, &managers, manager,
                                                         true, options.ignored_fields, nullptr));
  ManagedFieldsEntry entry;
  if (const ManagedFieldsEntry* e = managers.Find(manager)) entry = *e;
  entry.manager = std::string(manager);
  entry.api_version = std::string(api_version);
  entry.applied = false;
  entry.fields = entry.fields.Difference(cmp.removed)
                     .Union(cmp.modified)
                     .Union(cmp.added)
                     .RecursiveDifference(options.ignored_fields);
  if (entry.fields.empty()) {
    managers.Erase(manager);
  } else {
    managers.Set(std::move(entry));
  }
  return MergeResult{new_object, std::move(managers)};
}

Result<Value> Extract(const Schema& schema, std::string_view type_name, const Value& live,
                      const FieldSet& fields) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, live, true).WithContext("live object"));
  return internal::RemoveItems(t, live, fields, true);
}

Result<Value> MergeValues(const Schema& schema, std::string_view type_name, const Value& base,
                          const Value& overlay) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, base, true).WithContext("base"));
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, overlay, true).WithContext("overlay"));
  return internal::Merge(t, base, overlay, nullptr);
}

Result<FieldSet> FieldsOf(const Schema& schema, std::string_view type_name, const Value& object) {
  GITOPS_ASSIGN_OR_RETURN(TypeRef root, RootOf(schema, type_name));
  Typed t{schema, root};
  GITOPS_RETURN_IF_ERROR(internal::Validate(t, object, true));
  return internal::ToFieldSet(t, object);
}

}  // namespace gitops::plan
