// Shims of the plan module's diff, plan and drift detection. Entries are
// ChangeSetEntry::ToValue() dicts: {id, v, subject, action, changes: [{path,
// field, before, after}], diff[, recreate]}, Secret values masked.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/plan.h"
#include "gitops/plan/schema_set.h"

namespace gitops_python {

namespace {

std::vector<Value> ObjectsOf(const py::object& objects, std::string_view what) {
  if (objects.is_none()) return {};
  Value v = ToValue(objects, what);
  if (!v.is_array()) {
    Throw(gitops::InvalidArgumentError(std::string(what) + ": expected a list of objects"));
  }
  std::vector<Value> items(v.items().begin(), v.items().end());
  return ValueOrThrow(gitops::plan::FlattenLists(items));
}

std::string Text(const Value* v) {
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// schemas: a list of schema documents (CustomResourceDefinitions, OpenAPI
// v3 documents, Lists of them), each adding the kinds it declares; or a
// dict {"<apiVersion>/<Kind>": schema} ("v1/ConfigMap" for the core group)
// where a schema is a document (the kind's root type the one it declares),
// structured-merge-diff schema YAML, or {"schema": either, "type_name": str}.
gitops::plan::SchemaLookup SchemasOf(const py::object& schemas) {
  if (schemas.is_none()) return nullptr;
  Value v = ToValue(schemas, "schemas: ");
  gitops::plan::SchemaSet set;
  if (v.is_array()) {
    std::vector<Value> docs(v.items().begin(), v.items().end());
    if (gitops::Status s = set.AddDocuments(docs, "schemas"); !s.ok()) Throw(std::move(s));
    return set.AsLookup();
  }
  if (!v.is_object()) {
    Throw(gitops::InvalidArgumentError("schemas: expected a list of documents or a dict"));
  }
  for (const Value::Member& m : v.members()) {
    std::string where = "schemas[" + std::string(m.key()) + "]";
    size_t slash = m.key().rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == m.key().size()) {
      Throw(gitops::InvalidArgumentError(where + ": expected a key \"<apiVersion>/<Kind>\""));
    }
    const Value* schema = &m.value();
    std::string type_name;
    if (const Value* inner = schema->is_object() ? schema->Find("schema") : nullptr) {
      type_name = Text(schema->Find("type_name"));
      schema = inner;
    }
    gitops::Result<gitops::plan::Schema> loaded =
        schema->is_string() ? gitops::plan::Schema::FromSmdYaml(schema->as_string())
                            : gitops::plan::Schema::FromDocument(*schema);
    if (!loaded.ok()) Throw(loaded.status().WithContext(where));
    gitops::Status added =
        set.Add(m.key().substr(0, slash), m.key().substr(slash + 1), *loaded, type_name);
    if (!added.ok()) Throw(added.WithContext(where));
  }
  return set.AsLookup();
}

// ignore: [{"paths": [...], "selector": {group, version, kind, name,
// namespace, labelSelector, annotationSelector}}]
std::vector<gitops::plan::IgnoreRule> IgnoreOf(const py::object& ignore) {
  std::vector<gitops::plan::IgnoreRule> out;
  if (ignore.is_none()) return out;
  Value v = ToValue(ignore, "ignore: ");
  if (!v.is_array()) Throw(gitops::InvalidArgumentError("ignore: expected a list of rules"));
  for (const Value& r : v.items()) {
    gitops::plan::IgnoreRule rule;
    const Value* paths = r.is_object() ? r.Find("paths") : nullptr;
    if (paths == nullptr || !paths->is_array()) {
      Throw(gitops::InvalidArgumentError("ignore: a rule without a list of paths"));
    }
    for (const Value& p : paths->items()) rule.paths.push_back(Text(&p));
    if (const Value* s = r.Find("selector"); s != nullptr && s->is_object()) {
      gitops::plan::Selector sel;
      sel.group = Text(s->Find("group"));
      sel.version = Text(s->Find("version"));
      sel.kind = Text(s->Find("kind"));
      sel.name = Text(s->Find("name"));
      sel.namespace_ = Text(s->Find("namespace"));
      sel.label_selector = Text(s->Find("labelSelector"));
      sel.annotation_selector = Text(s->Find("annotationSelector"));
      rule.selector = std::move(sel);
    }
    out.push_back(std::move(rule));
  }
  return out;
}

gitops::plan::DiffOptions DiffOptionsOf(const std::string& manager, const py::object& schemas,
                                        const py::object& ignore) {
  gitops::plan::DiffOptions options;
  options.manager = manager;
  options.schemas = SchemasOf(schemas);
  options.ignore = IgnoreOf(ignore);
  return options;
}

gitops::Result<gitops::plan::Plan> PlanOf(const py::object& desired, const py::object& live,
                                          const py::object& inventory, const std::string& manager,
                                          bool force, bool allow_empty, const py::object& schemas,
                                          const py::object& ignore) {
  std::vector<Value> d = ObjectsOf(desired, "desired: "), l = ObjectsOf(live, "live: ");
  std::optional<gitops::plan::Inventory> inv;
  if (!inventory.is_none()) {
    inv = ValueOrThrow(gitops::plan::Inventory::FromValue(ToValue(inventory, "inventory: ")));
  }
  gitops::plan::PlanOptions options;
  options.diff = DiffOptionsOf(manager, schemas, ignore);
  options.force = force;
  options.allow_empty = allow_empty;
  py::gil_scoped_release release_gil;
  return gitops::plan::MakePlan(d, l, inv ? &*inv : nullptr, options);
}

py::object EntriesToPython(const std::vector<gitops::plan::ChangeSetEntry>& entries) {
  Value list = Value::Array();
  for (const auto& e : entries) list.Append(e.ToValue());
  return ToPython(list);
}

py::object PlanShim(const py::object& desired, const py::object& live,
                    const py::object& inventory, const std::string& manager, bool force,
                    bool allow_empty, const py::object& schemas, const py::object& ignore) {
  gitops::plan::Plan plan = ValueOrThrow(
      PlanOf(desired, live, inventory, manager, force, allow_empty, schemas, ignore));
  Value stages = Value::Array();
  for (const auto& stage : plan.stages) {
    Value list = Value::Array();
    for (const auto& item : stage) list.Append(item.change.ToValue());
    stages.Append(std::move(list));
  }
  Value out = Value::Object();
  out.AppendMember("stages", std::move(stages));
  Value prune = Value::Array();
  for (const auto& e : plan.prune) prune.Append(e.ToValue());
  out.AppendMember("prune", std::move(prune));
  out.AppendMember("inventory", plan.inventory.ToValue());
  return ToPython(out);
}

py::object DiffShim(const py::object& desired, const py::object& live,
                    const py::object& inventory, const std::string& manager, bool force,
                    bool allow_empty, const py::object& schemas, const py::object& ignore) {
  gitops::plan::Plan plan = ValueOrThrow(
      PlanOf(desired, live, inventory, manager, force, allow_empty, schemas, ignore));
  return EntriesToPython(plan.ToChangeSet().entries);
}

py::object DetectDriftShim(const py::object& desired, const py::object& live,
                           const std::string& manager, const py::object& schemas,
                           const py::object& ignore) {
  std::vector<Value> d = ObjectsOf(desired, "desired: "), l = ObjectsOf(live, "live: ");
  gitops::plan::DiffOptions options = DiffOptionsOf(manager, schemas, ignore);
  gitops::Result<gitops::plan::ChangeSet> drift = gitops::InvalidArgumentError("not run");
  {
    py::gil_scoped_release release_gil;
    drift = gitops::plan::DetectDrift(d, l, options);
  }
  return EntriesToPython(ValueOrThrow(std::move(drift)).entries);
}

}  // namespace

void RegisterPlanDiff(py::module_& module) {
  py::arg desired("desired"), live("live"), inventory("inventory"), manager("manager"),
      force("force"), allow_empty("allow_empty"), schemas("schemas"), ignore("ignore");
  module.def("plan", &PlanShim, desired, live, inventory, manager, force, allow_empty, schemas,
             ignore);
  module.def("diff", &DiffShim, desired, live, inventory, manager, force, allow_empty, schemas,
             ignore);
  module.def("detect_drift", &DetectDriftShim, desired, live, manager, schemas, ignore);
}

}  // namespace gitops_python
