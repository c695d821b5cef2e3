// Shims of the plan module: structured merge. Schemas: see SchemaOf.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"

namespace gitops_python {

namespace {

// A call's schema and root type. `schema`: None (the built-in table), the
// string "deduced", structured-merge-diff schema YAML, or a dict (that YAML
// parsed, an OpenAPI v3 document with `components`, or a
// CustomResourceDefinition). Without a `type_name` the root type is the one
// the schema declares for the apiVersion and kind of the first of `objects`
// that has both, else the deduced root.
struct SchemaAndType {
  gitops::plan::Schema schema;
  std::string type_name;
};

SchemaAndType SchemaOf(const py::object& schema, const std::string& type_name,
                       std::initializer_list<const Value*> objects) {
  std::string api_version, kind;
  for (const Value* o : objects) {
    if (o == nullptr || !o->is_object()) continue;
    const Value* v = o->Find("apiVersion");
    const Value* k = o->Find("kind");
    if (v != nullptr && v->is_string() && k != nullptr && k->is_string()) {
      api_version = std::string(v->as_string());
      kind = std::string(k->as_string());
      break;
    }
  }
  SchemaAndType out{gitops::plan::Schema::Deduced(), type_name};
  if (schema.is_none()) {
    out.schema = gitops::plan::Schema::BuiltIn();
    if (out.type_name.empty() && !kind.empty()) {
      out.type_name = std::string(gitops::plan::Schema::BuiltInTypeFor(api_version, kind));
    }
    return out;
  }
  gitops::Result<gitops::plan::Schema> loaded = gitops::InvalidArgumentError("not read");
  if (PyUnicode_Check(schema.ptr())) {
    std::string_view text = TextOf(schema);
    if (text == "deduced") return out;
    py::gil_scoped_release release_gil;
    loaded = gitops::plan::Schema::FromSmdYaml(text);
  } else {
    Value doc = ToValue(schema);
    py::gil_scoped_release release_gil;
    loaded = gitops::plan::Schema::FromDocument(doc);
  }
  out.schema = ValueOrThrow(std::move(loaded));
  if (out.type_name.empty() && !kind.empty()) {
    out.type_name = std::string(out.schema.RootTypeFor(api_version, kind));
  }
  return out;
}

gitops::plan::ManagedFields ManagedOf(const py::object& managed) {
  return ValueOrThrow(gitops::plan::ManagedFields::FromValue(ToValue(managed)));
}

gitops::plan::FieldSet FieldsOfPython(const py::object& fields) {
  if (fields.is_none()) return {};
  return ValueOrThrow(gitops::plan::FieldSet::FromFieldsV1(ToValue(fields)));
}

py::tuple MergeResultToPython(gitops::Result<gitops::plan::MergeResult> result) {
  gitops::plan::MergeResult r = ValueOrThrow(std::move(result));
  return py::make_tuple(ToPython(r.object), ToPython(r.managed.ToValue()));
}

py::tuple MergeApplyShim(const py::object& live, const py::object& config,
                         const std::string& manager, const std::string& api_version,
                         const py::object& schema, const std::string& type_name,
                         const py::object& managed, bool force, const py::object& ignored_fields) {
  Value live_value = ToValue(live), config_value = ToValue(config);
  SchemaAndType s = SchemaOf(schema, type_name, {&config_value, &live_value});
  gitops::plan::ManagedFields m = ManagedOf(managed);
  gitops::plan::ApplyOptions options;
  options.force = force;
  options.ignored_fields = FieldsOfPython(ignored_fields);
  std::vector<gitops::plan::Conflict> conflicts;
  gitops::Result<gitops::plan::MergeResult> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::Apply(s.schema, s.type_name, live_value, config_value, m, manager,
                                 api_version, options, &conflicts);
  }
  if (!result.ok() && result.status().code() == Code::kConflict) {
    ConflictException e;
    e.status = result.status();
    e.conflicts = std::move(conflicts);
    throw e;
  }
  return MergeResultToPython(std::move(result));
}

py::tuple MergeUpdateShim(const py::object& live, const py::object& new_object,
                          const std::string& manager, const std::string& api_version,
                          const py::object& schema, const std::string& type_name,
                          const py::object& managed, const py::object& ignored_fields) {
  Value live_value = ToValue(live), new_value = ToValue(new_object);
  SchemaAndType s = SchemaOf(schema, type_name, {&new_value, &live_value});
  gitops::plan::ManagedFields m = ManagedOf(managed);
  gitops::plan::UpdateOptions options;
  options.ignored_fields = FieldsOfPython(ignored_fields);
  gitops::Result<gitops::plan::MergeResult> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::Update(s.schema, s.type_name, live_value, new_value, m, manager,
                                  api_version, options);
  }
  return MergeResultToPython(std::move(result));
}

// The fields of `manager` in `managed`; kNotFound if it has no entry.
py::object MergeExtractShim(const py::object& live, const std::string& manager,
                            const py::object& managed, const py::object& schema,
                            const std::string& type_name) {
  Value live_value = ToValue(live);
  SchemaAndType s = SchemaOf(schema, type_name, {&live_value});
  gitops::plan::ManagedFields m = ManagedOf(managed);
  const gitops::plan::ManagedFieldsEntry* entry = m.Find(manager);
  if (entry == nullptr) {
    Throw(gitops::NotFoundError("manager \"" + manager + "\" has no managedFields entry"));
  }
  gitops::Result<Value> result = gitops::InvalidArgumentError("not extracted");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::Extract(s.schema, s.type_name, live_value, entry->fields);
  }
  return ToPython(ValueOrThrow(std::move(result)));
}

py::object MergeValuesShim(const py::object& base, const py::object& overlay,
                           const py::object& schema, const std::string& type_name) {
  Value base_value = ToValue(base), overlay_value = ToValue(overlay);
  SchemaAndType s = SchemaOf(schema, type_name, {&overlay_value, &base_value});
  gitops::Result<Value> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::MergeValues(s.schema, s.type_name, base_value, overlay_value);
  }
  return ToPython(ValueOrThrow(std::move(result)));
}

}  // namespace

void RegisterPlan(py::module_& module) {
  py::arg schema("schema"), type_name("type_name"), managed("managed"), manager("manager"),
      api_version("api_version"), ignored("ignored_fields");
  module.def("merge_apply", &MergeApplyShim, py::arg("live"), py::arg("config"), manager,
             api_version, schema, type_name, managed, py::arg("force"), ignored);
  module.def("merge_update", &MergeUpdateShim, py::arg("live"), py::arg("new"), manager,
             api_version, schema, type_name, managed, ignored);
  module.def("merge_extract", &MergeExtractShim, py::arg("live"), manager, managed, schema,
             type_name);
  module.def("merge_values", &MergeValuesShim, py::arg("base"), py::arg("overlay"), schema,
             type_name);
}

}  // namespace gitops_python
