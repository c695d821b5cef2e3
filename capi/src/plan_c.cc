// The C API's plans: gitops_plan_* and gitops_changeset_*, over
// gitops/plan/plan.h and diff.h.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.h"
#include "gitops/core/json.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/plan.h"
#include "gitops/plan/schema_set.h"
#include "gitops_c.h"

// The handle: every string an entry points at is made when the handle is
// made and never changes.
struct gitops_changeset {
  struct Entry {
    std::string id, version, subject, action, diff, changes_json;
    gitops_changeset_entry c{};
  };
  std::vector<Entry> entries;  // never resized after MakeChangeset
  bool has_changes = false;
  gitops::Value document;  // what gitops_changeset_write_json writes
};

namespace gitops::capi {
namespace {

void AddEntry(gitops_changeset* out, const plan::ChangeSetEntry& e, int stage) {
  gitops_changeset::Entry entry;
  entry.id = e.id.InventoryId();
  entry.version = e.id.version;
  entry.subject = e.subject;
  entry.action = std::string(plan::ActionName(e.action));
  entry.diff = e.diff;
  Value value = e.ToValue();
  const Value* changes = value.Find("changes");
  Result<std::string> json = WriteJson(changes != nullptr ? *changes : Value::Array());
  entry.changes_json = json.ok() ? *json : "[]";
  entry.c.stage = stage;
  entry.c.recreate = e.recreate ? 1 : 0;
  out->entries.push_back(std::move(entry));
}

// Points the C structs into their strings once the vector stops growing.
void Seal(gitops_changeset* out) {
  for (gitops_changeset::Entry& e : out->entries) {
    e.c.inventory_id = e.id.c_str();
    e.c.version = e.version.c_str();
    e.c.subject = e.subject.c_str();
    e.c.action = e.action.c_str();
    e.c.diff = e.diff.c_str();
    e.c.changes_json = e.changes_json.c_str();
  }
}

int ReadOptions(const char* function, const gitops_plan_options* opts,
                plan::PlanOptions* options) {
  if (opts == nullptr) return GITOPS_OK;
  if (opts->version != 1 && opts->version != GITOPS_PLAN_OPTIONS_VERSION) {
    return SetError(GITOPS_EINVALID,
                    std::string(function) + ": unknown gitops_plan_options version " +
                        std::to_string(opts->version));
  }
  if (opts->manager != nullptr) options->diff.manager = opts->manager;
  options->force = opts->force != 0;
  options->allow_empty = opts->allow_empty != 0;
  // A version 1 struct ends before `schemas`.
  if (opts->version >= 2 && opts->schemas != nullptr) {
    plan::SchemaSet schemas;
    Status s = schemas.AddDocuments(opts->schemas->values, "schemas");
    if (!s.ok()) return SetError(s.WithContext(function));
    options->diff.schemas = schemas.AsLookup();
  }
  return GITOPS_OK;
}

}  // namespace
}  // namespace gitops::capi

using gitops::capi::Barrier;
using gitops::capi::NullArgument;
using gitops::capi::SetError;

extern "C" {

int gitops_plan_options_init(gitops_plan_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_plan_options_init";
  return Barrier(kFn, [&]() -> int {
    if (opts == nullptr) return NullArgument(kFn, "opts");
    if (version != 1 && version != GITOPS_PLAN_OPTIONS_VERSION) {
      return SetError(GITOPS_EINVALID, std::string(kFn) + ": unknown version " +
                                           std::to_string(version));
    }
    if (version == 1) {
      // A version 1 caller's struct has no `schemas`: write only its fields.
      opts->version = 1;
      opts->manager = nullptr;
      opts->force = 0;
      opts->allow_empty = 0;
      return GITOPS_OK;
    }
    *opts = GITOPS_PLAN_OPTIONS_INIT;
    return GITOPS_OK;
  });
}

int gitops_plan_make(gitops_changeset** out, const gitops_docs* desired, const gitops_docs* live,
                     const gitops_docs* inventory, const gitops_plan_options* opts) {
  static const char kFn[] = "gitops_plan_make";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (desired == nullptr) return NullArgument(kFn, "desired");
    if (live == nullptr) return NullArgument(kFn, "live");
    gitops::plan::PlanOptions options;
    if (int rc = gitops::capi::ReadOptions(kFn, opts, &options); rc < 0) return rc;
    gitops::plan::Inventory inv;
    if (inventory != nullptr) {
      if (inventory->values.size() != 1) {
        return SetError(GITOPS_EINVALID, std::string(kFn) + ": inventory must be one document");
      }
      auto read = gitops::plan::Inventory::FromValue(inventory->values[0]);
      if (!read.ok()) return SetError(read.status());
      inv = std::move(read).value();
    }
    auto flat = gitops::plan::FlattenLists(live->values);
    if (!flat.ok()) return SetError(flat.status());
    auto plan = gitops::plan::MakePlan(desired->values, *flat,
                                       inventory != nullptr ? &inv : nullptr, options);
    if (!plan.ok()) return SetError(plan.status());
    auto changes = std::make_unique<gitops_changeset>();
    for (int s = 0; s < 3; ++s) {
      for (const auto& item : plan->stages[s]) {
        gitops::capi::AddEntry(changes.get(), item.change, s + 1);
      }
    }
    for (const auto& e : plan->prune) gitops::capi::AddEntry(changes.get(), e, 0);
    gitops::capi::Seal(changes.get());
    changes->has_changes = plan->HasChanges();
    changes->document = plan->ToValue();
    *out = changes.release();
    return GITOPS_OK;
  });
}

int gitops_plan_detect_drift(gitops_changeset** out, const gitops_docs* desired,
                             const gitops_docs* live, const gitops_plan_options* opts) {
  static const char kFn[] = "gitops_plan_detect_drift";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (desired == nullptr) return NullArgument(kFn, "desired");
    if (live == nullptr) return NullArgument(kFn, "live");
    gitops::plan::PlanOptions options;
    if (int rc = gitops::capi::ReadOptions(kFn, opts, &options); rc < 0) return rc;
    auto flat = gitops::plan::FlattenLists(live->values);
    if (!flat.ok()) return SetError(flat.status());
    auto drift = gitops::plan::DetectDrift(desired->values, *flat, options.diff);
    if (!drift.ok()) return SetError(drift.status());
    auto changes = std::make_unique<gitops_changeset>();
    gitops::Value list = gitops::Value::Array();
    for (const auto& e : drift->entries) {
      gitops::capi::AddEntry(changes.get(), e, 0);
      list.Append(e.ToValue());
    }
    gitops::capi::Seal(changes.get());
    changes->has_changes = drift->HasChanges();
    changes->document = std::move(list);
    *out = changes.release();
    return GITOPS_OK;
  });
}

void gitops_changeset_free(gitops_changeset* changes) { delete changes; }

size_t gitops_changeset_count(const gitops_changeset* changes) {
  return changes == nullptr ? 0 : changes->entries.size();
}

int gitops_changeset_has_changes(const gitops_changeset* changes) {
  return changes != nullptr && changes->has_changes ? 1 : 0;
}

int gitops_changeset_entry_at(const gitops_changeset_entry** out,
                              const gitops_changeset* changes, size_t index) {
  static const char kFn[] = "gitops_changeset_entry_at";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (changes == nullptr) return NullArgument(kFn, "changes");
    if (index >= changes->entries.size()) {
      return SetError(GITOPS_EINVALID, std::string(kFn) + ": index " + std::to_string(index) +
                                           " out of range (" +
                                           std::to_string(changes->entries.size()) + " entries)");
    }
    *out = &changes->entries[index].c;
    return GITOPS_OK;
  });
}

int gitops_changeset_write_json(gitops_buf* out, const gitops_changeset* changes, int indent) {
  static const char kFn[] = "gitops_changeset_write_json";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    gitops_buf_dispose(out);
    if (changes == nullptr) return NullArgument(kFn, "changes");
    if (indent < 0) return SetError(GITOPS_EINVALID, std::string(kFn) + ": negative indent");
    gitops::JsonWriteOptions options;
    options.indent = indent;
    auto json = gitops::WriteJson(changes->document, options);
    if (!json.ok()) return SetError(json.status());
    gitops::capi::FillBuf(out, *json);
    return GITOPS_OK;
  });
}

}  // extern "C"
