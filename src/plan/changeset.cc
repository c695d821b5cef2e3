#include "gitops/plan/changeset.h"

#include <utility>

namespace gitops::plan {

namespace {

constexpr std::string_view kActionNames[] = {"created", "configured", "unchanged", "deleted",
                                             "skipped"};

Status Field(const Value& v, std::string_view name, bool required, std::string* out) {
  const Value* f = v.Find(name);
  if (f == nullptr || f->is_null()) {
    if (required) return InvalidArgumentError("change set entry: no " + std::string(name));
    return OkStatus();
  }
  if (!f->is_string()) {
    return InvalidArgumentError("change set entry: " + std::string(name) + " is not a string");
  }
  *out = std::string(f->as_string());
  return OkStatus();
}

}  // namespace

std::string_view ActionName(Action action) { return kActionNames[static_cast<int>(action)]; }

Result<Action> ParseAction(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kActionNames[i] == name) return static_cast<Action>(i);
  }
  return InvalidArgumentError("unknown action \"" + std::string(name) +
                              "\" (use created, configured, unchanged, deleted or skipped)");
}

std::string SubjectOf(const ObjectId& id) { return id.ToString(); }

std::string ChangeSetEntry::ToString() const {
  return subject + " " + std::string(ActionName(action));
}

Value ChangeSetEntry::ToValue() const {
  Value v = Value::Object();
  v.AppendMember("id", id.InventoryId());
  v.AppendMember("v", id.version);
  v.AppendMember("subject", subject);
  v.AppendMember("action", ActionName(action));
  Value list = Value::Array();
  for (const Change& c : changes) {
    Value change = Value::Object();
    change.AppendMember("path", c.pointer);
    change.AppendMember("field", c.field);
    change.AppendMember("before", c.has_before ? c.before : Value());
    change.AppendMember("after", c.has_after ? c.after : Value());
    list.Append(std::move(change));
  }
  v.AppendMember("changes", std::move(list));
  v.AppendMember("diff", diff);
  if (recreate) v.AppendMember("recreate", true);
  return v;
}

Result<ChangeSetEntry> ChangeSetEntry::FromValue(const Value& v) {
  if (!v.is_object()) return InvalidArgumentError("change set entry: expected a map");
  ChangeSetEntry e;
  std::string id, action;
  GITOPS_RETURN_IF_ERROR(Field(v, "id", true, &id));
  Result<ObjectId> parsed = ObjectId::FromInventoryId(id);
  if (!parsed.ok()) return parsed.status().WithContext("change set entry: id");
  e.id = std::move(parsed).value();
  GITOPS_RETURN_IF_ERROR(Field(v, "v", false, &e.id.version));
  GITOPS_RETURN_IF_ERROR(Field(v, "action", true, &action));
  GITOPS_ASSIGN_OR_RETURN(e.action, ParseAction(action));
  e.subject = SubjectOf(e.id);
  GITOPS_RETURN_IF_ERROR(Field(v, "diff", false, &e.diff));
  if (const Value* r = v.Find("recreate"); r != nullptr && !r->is_null()) {
    if (!r->is_bool()) return InvalidArgumentError("change set entry " + id + ": recreate");
    e.recreate = r->as_bool();
  }
  if (const Value* list = v.Find("changes"); list != nullptr && !list->is_null()) {
    if (!list->is_array()) {
      return InvalidArgumentError("change set entry " + id + ": changes is not a list");
    }
    for (const Value& c : list->items()) {
      if (!c.is_object()) {
        return InvalidArgumentError("change set entry " + id + ": a change is not a map");
      }
      Change change;
      GITOPS_RETURN_IF_ERROR(Field(c, "path", true, &change.pointer));
      GITOPS_RETURN_IF_ERROR(Field(c, "field", false, &change.field));
      if (const Value* b = c.Find("before"); b != nullptr && !b->is_null()) {
        change.before = *b;
        change.has_before = true;
      }
      if (const Value* a = c.Find("after"); a != nullptr && !a->is_null()) {
        change.after = *a;
        change.has_after = true;
      }
      e.changes.push_back(std::move(change));
    }
  }
  return e;
}

bool ChangeSet::HasChanges() const {
  for (const ChangeSetEntry& e : entries) {
    if (e.action == Action::kCreated || e.action == Action::kConfigured ||
        e.action == Action::kDeleted) {
      return true;
    }
  }
  return false;
}

std::string ChangeSet::ToString() const {
  std::string out;
  for (const ChangeSetEntry& e : entries) out += e.ToString() + "\n";
  return out;
}

}  // namespace gitops::plan
