// The C API's plan module: gitops_schema_*, gitops_merge_*,
// gitops_conflicts_* (over gitops/plan/schema.h and merge.h), gitops_plan_*
// and gitops_changeset_* (over gitops/plan/plan.h and diff.h).
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.h"
#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/fieldpath.h"
#include "gitops/plan/merge.h"
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

struct gitops_schema {
  gitops::plan::Schema schema;
};

struct gitops_conflicts {
  struct Item {
    std::string manager, path;
    gitops_conflict c{};
  };
  std::vector<Item> items;  // never resized once the C structs point into it
};

namespace gitops::capi {
namespace {

// ---- structured merge -------------------------------------------------------

// The schema and root type of a merge call, as the Python shims choose
// them: `opts->schema` (NULL: the built-in table) and `opts->type_name`,
// else the root type the schema declares for the apiVersion and kind of
// the first of `objects` that has both, else the deduced root.
struct SchemaAndType {
  plan::Schema schema;
  std::string type_name;
};

SchemaAndType SchemaOf(const gitops_merge_options* opts,
                       std::initializer_list<const Value*> objects) {
  std::string api_version, kind;
  for (const Value* o : objects) {
    if (!o->is_object()) continue;
    const Value* v = o->Find("apiVersion");
    const Value* k = o->Find("kind");
    if (v != nullptr && v->is_string() && k != nullptr && k->is_string()) {
      api_version = std::string(v->as_string());
      kind = std::string(k->as_string());
      break;
    }
  }
  const bool builtin = opts == nullptr || opts->schema == nullptr;
  SchemaAndType out{builtin ? plan::Schema::BuiltIn() : opts->schema->schema,
                    opts != nullptr && opts->type_name != nullptr ? opts->type_name : ""};
  if (out.type_name.empty() && !kind.empty()) {
    out.type_name = std::string(builtin ? plan::Schema::BuiltInTypeFor(api_version, kind)
                                        : out.schema.RootTypeFor(api_version, kind));
  }
  return out;
}

// The value of a one-document handle; null for NULL or no document.
int OneValue(const char* function, const char* what, const gitops_docs* docs, Value* out) {
  *out = Value();
  if (docs == nullptr || docs->values.empty()) return GITOPS_OK;
  if (docs->values.size() != 1) {
    return SetError(GITOPS_EINVALID, std::string(function) + ": " + what +
                                         " must be one document, not " +
                                         std::to_string(docs->values.size()));
  }
  *out = docs->values[0];
  return GITOPS_OK;
}

bool IsKubernetesObject(const Value& v) {
  return v.is_object() && v.Contains("apiVersion") && v.Contains("kind");
}

// Takes metadata.managedFields out of `v`; returns them (null if none).
Value TakeManagedFields(Value* v) {
  Value* metadata = v->is_object() ? v->Find("metadata") : nullptr;
  if (metadata == nullptr || !metadata->is_object()) return Value();
  Value* entries = metadata->Find("managedFields");
  if (entries == nullptr) return Value();
  Value taken = std::move(*entries);
  metadata->Erase("managedFields");
  return taken;
}

// The inputs of a merge: the objects and the managed fields. Without
// `opts->managed`, metadata.managedFields is taken out of the objects and
// read from `live`, and `write_back` says the result carries them.
struct MergeInputs {
  Value live, config;
  plan::ManagedFields managed;
  bool write_back = false;
};

int ReadMergeInputs(const char* function, const gitops_docs* live, const char* config_name,
                    const gitops_docs* config, const gitops_merge_options* opts, MergeInputs* in) {
  if (opts != nullptr) {
    if (int rc = CheckVersion(function, opts->version, GITOPS_MERGE_OPTIONS_VERSION); rc < 0) {
      return rc;
    }
  }
  if (int rc = OneValue(function, "live", live, &in->live); rc < 0) return rc;
  if (int rc = OneValue(function, config_name, config, &in->config); rc < 0) return rc;
  Value entries;
  if (opts != nullptr && opts->managed != nullptr) {
    if (opts->managed->values.size() != 1) {
      return SetError(GITOPS_EINVALID, std::string(function) +
                                           ": managed must be one document (an array), not " +
                                           std::to_string(opts->managed->values.size()));
    }
    entries = opts->managed->values[0];
  } else {
    in->write_back = IsKubernetesObject(in->live) || IsKubernetesObject(in->config);
    entries = TakeManagedFields(&in->live);
    TakeManagedFields(&in->config);
  }
  Result<plan::ManagedFields> managed = plan::ManagedFields::FromValue(entries);
  if (!managed.ok())
    return SetError(managed.status().WithContext(std::string(function) + ": managed"));
  in->managed = std::move(managed).value();
  return GITOPS_OK;
}

int ReadIgnoredFields(const char* function, const gitops_merge_options* opts, plan::FieldSet* out) {
  if (opts == nullptr || opts->ignored_fields == nullptr) return GITOPS_OK;
  if (opts->ignored_fields->values.size() != 1) {
    return SetError(GITOPS_EINVALID, std::string(function) +
                                         ": ignored_fields must be one document, not " +
                                         std::to_string(opts->ignored_fields->values.size()));
  }
  Result<plan::FieldSet> fields = plan::FieldSet::FromFieldsV1(opts->ignored_fields->values[0]);
  if (!fields.ok()) {
    return SetError(fields.status().WithContext(std::string(function) + ": ignored_fields"));
  }
  *out = std::move(fields).value();
  return GITOPS_OK;
}

// Hands a merge's result to the caller: the object (with its managed
// fields in metadata when `write_back`), and the entries.
int GiveMergeResult(plan::MergeResult result, bool write_back, gitops_docs** out,
                    gitops_docs** out_managed) {
  Value entries = result.managed.ToValue();
  std::vector<Value> object;
  if (!result.object.is_null()) {
    if (write_back && result.object.is_object()) {
      Value* metadata = result.object.Find("metadata");
      if (metadata == nullptr || !metadata->is_object()) {
        metadata = &result.object.Set("metadata", Value::Object());
      }
      metadata->Set("managedFields", entries);
    }
    object.push_back(std::move(result.object));
  }
  std::unique_ptr<gitops_docs> docs = MakeDocs(std::move(object));
  std::unique_ptr<gitops_docs> managed;
  if (out_managed != nullptr) {
    std::vector<Value> list;
    list.push_back(std::move(entries));
    managed = MakeDocs(std::move(list));
  }
  *out = docs.release();
  if (out_managed != nullptr) *out_managed = managed.release();
  return GITOPS_OK;
}

// ---- plans ------------------------------------------------------------------

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

std::string Text(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

int ReadIgnoreRules(const char* function, const gitops_plan_options* opts,
                    std::vector<plan::IgnoreRule>* out) {
  if (opts->ignore_count > 0 && opts->ignore == nullptr)
    return NullArgument(function, "opts->ignore");
  for (size_t i = 0; i < opts->ignore_count; ++i) {
    const gitops_ignore_rule& r = opts->ignore[i];
    std::string where = std::string(function) + ": ignore[" + std::to_string(i) + "]";
    if (r.path_count > 0 && r.paths == nullptr) {
      return SetError(GITOPS_EINVALID, where + ": paths is NULL");
    }
    plan::IgnoreRule rule;
    for (size_t p = 0; p < r.path_count; ++p) {
      if (r.paths[p] == nullptr) {
        return SetError(GITOPS_EINVALID, where + ": paths[" + std::to_string(p) + "] is NULL");
      }
      rule.paths.emplace_back(r.paths[p]);
    }
    if (r.selector != nullptr) {
      plan::Selector sel;
      sel.group = Text(r.selector->group);
      sel.version = Text(r.selector->version);
      sel.kind = Text(r.selector->kind);
      sel.name = Text(r.selector->name);
      sel.namespace_ = Text(r.selector->namespace_name);
      sel.label_selector = Text(r.selector->label_selector);
      sel.annotation_selector = Text(r.selector->annotation_selector);
      rule.selector = std::move(sel);
    }
    out->push_back(std::move(rule));
  }
  return GITOPS_OK;
}

int ReadKindSchemas(const char* function, const gitops_plan_options* opts, plan::SchemaSet* set) {
  if (opts->kind_schema_count > 0 && opts->kind_schemas == nullptr) {
    return NullArgument(function, "opts->kind_schemas");
  }
  for (size_t i = 0; i < opts->kind_schema_count; ++i) {
    const gitops_kind_schema& k = opts->kind_schemas[i];
    std::string where = std::string(function) + ": kind_schemas[" + std::to_string(i) + "]";
    if (k.api_version == nullptr) return SetError(GITOPS_EINVALID, where + ": api_version is NULL");
    if (k.kind == nullptr) return SetError(GITOPS_EINVALID, where + ": kind is NULL");
    if (k.schema == nullptr) return SetError(GITOPS_EINVALID, where + ": schema is NULL");
    Status s = set->Add(k.api_version, k.kind, k.schema->schema, Text(k.type_name));
    if (!s.ok()) return SetError(s.WithContext(where));
  }
  return GITOPS_OK;
}

int ReadOptions(const char* function, const gitops_plan_options* opts, plan::PlanOptions* options) {
  if (opts == nullptr) return GITOPS_OK;
  if (int rc = CheckVersion(function, opts->version, GITOPS_PLAN_OPTIONS_VERSION); rc < 0) {
    return rc;
  }
  if (opts->manager != nullptr) options->diff.manager = opts->manager;
  options->force = opts->force != 0;
  options->allow_empty = opts->allow_empty != 0;
  // An older caller's struct ends before the fields of later versions:
  // never read them.
  plan::SchemaSet schemas;
  if (opts->version >= 3) {
    if (int rc = ReadIgnoreRules(function, opts, &options->diff.ignore); rc < 0) return rc;
    if (int rc = ReadKindSchemas(function, opts, &schemas); rc < 0) return rc;
  }
  if (opts->version >= 2 && opts->schemas != nullptr) {
    Status s = schemas.AddDocuments(opts->schemas->values, "schemas");
    if (!s.ok()) return SetError(s.WithContext(function));
  }
  options->diff.schemas = schemas.AsLookup();
  return GITOPS_OK;
}

// The objects of `docs` with `kind: List` documents taken apart (as the
// Python module and the CLI read desired and live sets): `docs` itself when
// it holds no List, else a flattened copy in `*storage`.
gitops::Result<std::span<const gitops::Value>> Objects(const gitops_docs& docs,
                                                       std::vector<gitops::Value>* storage) {
  bool any = false;
  for (const gitops::Value& doc : docs.values) {
    const gitops::Value* kind = doc.is_object() ? doc.Find("kind") : nullptr;
    any = any || doc.is_null() ||
          (kind != nullptr && kind->is_string() && kind->as_string().ends_with("List"));
  }
  if (!any) return std::span<const gitops::Value>(docs.values);
  GITOPS_ASSIGN_OR_RETURN(*storage, gitops::plan::FlattenLists(docs.values));
  return std::span<const gitops::Value>(*storage);
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
    if (int rc = gitops::capi::CheckVersion(kFn, version, GITOPS_PLAN_OPTIONS_VERSION); rc < 0) {
      return rc;
    }
    // An older caller's struct ends before the later versions' fields:
    // write only its own.
    opts->version = version;
    opts->manager = nullptr;
    opts->force = 0;
    opts->allow_empty = 0;
    if (version >= 2) opts->schemas = nullptr;
    if (version >= 3) {
      opts->ignore = nullptr;
      opts->ignore_count = 0;
      opts->kind_schemas = nullptr;
      opts->kind_schema_count = 0;
    }
    return GITOPS_OK;
  });
}

// ---- schemas ------------------------------------------------------------------

int gitops_schema_parse(gitops_schema** out, const char* text, size_t len) {
  static const char kFn[] = "gitops_schema_parse";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (text == nullptr) return NullArgument(kFn, "text");
    std::string_view view(text, len);
    auto schema = std::make_unique<gitops_schema>();
    if (view == "deduced") {
      schema->schema = gitops::plan::Schema::Deduced();
    } else {
      gitops::Result<gitops::Value> doc = gitops::ReadYamlDocument(view);
      if (!doc.ok()) return SetError(doc.status().WithContext(kFn));
      gitops::Result<gitops::plan::Schema> loaded = gitops::plan::Schema::FromDocument(*doc);
      if (!loaded.ok()) return SetError(loaded.status().WithContext(kFn));
      schema->schema = std::move(loaded).value();
    }
    *out = schema.release();
    return GITOPS_OK;
  });
}

int gitops_schema_from_docs(gitops_schema** out, const gitops_docs* docs, size_t index) {
  static const char kFn[] = "gitops_schema_from_docs";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (docs == nullptr) return NullArgument(kFn, "docs");
    if (index >= docs->values.size()) {
      return SetError(GITOPS_EINVALID, std::string(kFn) + ": index " + std::to_string(index) +
                                           " is out of range (" +
                                           std::to_string(docs->values.size()) + " documents)");
    }
    gitops::Result<gitops::plan::Schema> loaded =
        gitops::plan::Schema::FromDocument(docs->values[index]);
    if (!loaded.ok()) {
      return SetError(
          loaded.status().WithContext(std::string(kFn) + ": document " + std::to_string(index)));
    }
    auto schema = std::make_unique<gitops_schema>();
    schema->schema = std::move(loaded).value();
    *out = schema.release();
    return GITOPS_OK;
  });
}

void gitops_schema_free(gitops_schema* schema) { delete schema; }

// ---- structured merge ---------------------------------------------------------

int gitops_merge_options_init(gitops_merge_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_merge_options_init";
  return Barrier(kFn, [&]() -> int {
    if (opts == nullptr) return NullArgument(kFn, "opts");
    if (int rc = gitops::capi::CheckVersion(kFn, version, GITOPS_MERGE_OPTIONS_VERSION); rc < 0) {
      return rc;
    }
    *opts = GITOPS_MERGE_OPTIONS_INIT;
    return GITOPS_OK;
  });
}

size_t gitops_conflicts_count(const gitops_conflicts* conflicts) {
  return conflicts == nullptr ? 0 : conflicts->items.size();
}

int gitops_conflicts_at(const gitops_conflict** out, const gitops_conflicts* conflicts,
                        size_t index) {
  static const char kFn[] = "gitops_conflicts_at";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (conflicts == nullptr) return NullArgument(kFn, "conflicts");
    if (index >= conflicts->items.size()) {
      return SetError(GITOPS_EINVALID, std::string(kFn) + ": index " + std::to_string(index) +
                                           " out of range (" +
                                           std::to_string(conflicts->items.size()) + " conflicts)");
    }
    *out = &conflicts->items[index].c;
    return GITOPS_OK;
  });
}

void gitops_conflicts_free(gitops_conflicts* conflicts) { delete conflicts; }

int gitops_merge_apply(gitops_docs** out, gitops_docs** out_managed, const gitops_docs* live,
                       const gitops_docs* config, const char* manager, const char* api_version,
                       const gitops_merge_options* opts, gitops_conflicts** conflicts) {
  static const char kFn[] = "gitops_merge_apply";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (out_managed != nullptr) *out_managed = nullptr;
    if (conflicts != nullptr) *conflicts = nullptr;
    if (config == nullptr) return NullArgument(kFn, "config");
    if (manager == nullptr) return NullArgument(kFn, "manager");
    if (api_version == nullptr) return NullArgument(kFn, "api_version");
    gitops::capi::MergeInputs in;
    if (int rc = gitops::capi::ReadMergeInputs(kFn, live, "config", config, opts, &in); rc < 0)
      return rc;
    gitops::plan::ApplyOptions options;
    options.force = opts != nullptr && opts->force != 0;
    if (int rc = gitops::capi::ReadIgnoredFields(kFn, opts, &options.ignored_fields); rc < 0) {
      return rc;
    }
    gitops::capi::SchemaAndType s = gitops::capi::SchemaOf(opts, {&in.config, &in.live});
    std::vector<gitops::plan::Conflict> found;
    auto result = gitops::plan::Apply(s.schema, s.type_name, in.live, in.config, in.managed,
                                      manager, api_version, options, &found);
    if (!result.ok()) {
      if (result.status().code() == gitops::Code::kConflict && conflicts != nullptr) {
        auto list = std::make_unique<gitops_conflicts>();
        list->items.reserve(found.size());
        for (gitops::plan::Conflict& c : found) {
          list->items.push_back({std::move(c.manager), std::move(c.path), {}});
        }
        for (gitops_conflicts::Item& item : list->items) {
          item.c.manager = item.manager.c_str();
          item.c.path = item.path.c_str();
        }
        int rc = SetError(result.status());
        *conflicts = list.release();
        return rc;
      }
      return SetError(result.status());
    }
    return gitops::capi::GiveMergeResult(std::move(result).value(), in.write_back, out,
                                         out_managed);
  });
}

int gitops_merge_update(gitops_docs** out, gitops_docs** out_managed, const gitops_docs* live,
                        const gitops_docs* new_object, const char* manager, const char* api_version,
                        const gitops_merge_options* opts) {
  static const char kFn[] = "gitops_merge_update";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (out_managed != nullptr) *out_managed = nullptr;
    if (manager == nullptr) return NullArgument(kFn, "manager");
    if (api_version == nullptr) return NullArgument(kFn, "api_version");
    gitops::capi::MergeInputs in;
    if (int rc = gitops::capi::ReadMergeInputs(kFn, live, "new_object", new_object, opts, &in);
        rc < 0) {
      return rc;
    }
    gitops::plan::UpdateOptions options;
    if (int rc = gitops::capi::ReadIgnoredFields(kFn, opts, &options.ignored_fields); rc < 0) {
      return rc;
    }
    gitops::capi::SchemaAndType s = gitops::capi::SchemaOf(opts, {&in.config, &in.live});
    auto result = gitops::plan::Update(s.schema, s.type_name, in.live, in.config, in.managed,
                                       manager, api_version, options);
    if (!result.ok()) return SetError(result.status());
    return gitops::capi::GiveMergeResult(std::move(result).value(), in.write_back, out,
                                         out_managed);
  });
}

int gitops_merge_extract(gitops_docs** out, const gitops_docs* live, const char* manager,
                         const gitops_merge_options* opts) {
  static const char kFn[] = "gitops_merge_extract";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (manager == nullptr) return NullArgument(kFn, "manager");
    gitops::capi::MergeInputs in;
    if (int rc = gitops::capi::ReadMergeInputs(kFn, live, "config", nullptr, opts, &in); rc < 0)
      return rc;
    std::vector<gitops::Value> extracted;
    if (in.live.is_null()) {
      extracted.push_back(gitops::Value::Object());
    } else {
      const gitops::plan::ManagedFieldsEntry* entry = in.managed.Find(manager);
      if (entry == nullptr) {
        return SetError(gitops::NotFoundError(std::string(kFn) + ": manager \"" + manager +
                                              "\" has no managedFields entry"));
      }
      gitops::capi::SchemaAndType s = gitops::capi::SchemaOf(opts, {&in.live});
      auto result = gitops::plan::Extract(s.schema, s.type_name, in.live, entry->fields);
      if (!result.ok()) return SetError(result.status());
      extracted.push_back(result->is_null() ? gitops::Value::Object() : std::move(result).value());
    }
    *out = gitops::capi::MakeDocs(std::move(extracted)).release();
    return GITOPS_OK;
  });
}

int gitops_merge_values(gitops_docs** out, const gitops_docs* base, const gitops_docs* overlay,
                        const gitops_merge_options* opts) {
  static const char kFn[] = "gitops_merge_values";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (opts != nullptr) {
      if (int rc = gitops::capi::CheckVersion(kFn, opts->version, GITOPS_MERGE_OPTIONS_VERSION);
          rc < 0) {
        return rc;
      }
    }
    gitops::Value b, o;
    if (int rc = gitops::capi::OneValue(kFn, "base", base, &b); rc < 0) return rc;
    if (int rc = gitops::capi::OneValue(kFn, "overlay", overlay, &o); rc < 0) return rc;
    gitops::capi::SchemaAndType s = gitops::capi::SchemaOf(opts, {&o, &b});
    auto result = gitops::plan::MergeValues(s.schema, s.type_name, b, o);
    if (!result.ok()) return SetError(result.status());
    std::vector<gitops::Value> merged;
    merged.push_back(std::move(result).value());
    *out = gitops::capi::MakeDocs(std::move(merged)).release();
    return GITOPS_OK;
  });
}

// ---- plans --------------------------------------------------------------------

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
    std::vector<gitops::Value> desired_storage, live_storage;
    auto d = gitops::capi::Objects(*desired, &desired_storage);
    if (!d.ok()) return SetError(d.status());
    auto l = gitops::capi::Objects(*live, &live_storage);
    if (!l.ok()) return SetError(l.status());
    auto plan = gitops::plan::MakePlan(*d, *l,
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
    std::vector<gitops::Value> desired_storage, live_storage;
    auto d = gitops::capi::Objects(*desired, &desired_storage);
    if (!d.ok()) return SetError(d.status());
    auto l = gitops::capi::Objects(*live, &live_storage);
    if (!l.ok()) return SetError(l.status());
    auto drift = gitops::plan::DetectDrift(*d, *l, options.diff);
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

int gitops_changeset_entry_at(const gitops_changeset_entry** out, const gitops_changeset* changes,
                              size_t index) {
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
