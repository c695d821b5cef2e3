// Shims of the plan module: structured merge. Schemas: None or "deduced"
// (the deduced schema), a str (structured-merge-diff schema YAML) or a dict
// (that YAML parsed; an OpenAPI v3 document is not read yet).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"

namespace gitops_python {

namespace {

gitops::plan::Schema SchemaOf(const py::object& schema) {
  if (schema.is_none()) return gitops::plan::Schema::Deduced();
  if (PyUnicode_Check(schema.ptr())) {
    std::string_view text = TextOf(schema);
    if (text == "deduced") return gitops::plan::Schema::Deduced();
    gitops::Result<gitops::plan::Schema> loaded = gitops::InvalidArgumentError("not read");
    {
      py::gil_scoped_release release_gil;
      loaded = gitops::plan::Schema::FromSmdYaml(text);
    }
    return ValueOrThrow(std::move(loaded));
  }
  Value doc = ToValue(schema);
  if (doc.is_object() && doc.Contains("components") && !doc.Contains("types")) {
    Throw(
        gitops::UnimplementedError("OpenAPI v3 schemas are not read yet; pass "
                                   "structured-merge-diff schema YAML"));
  }
  return ValueOrThrow(gitops::plan::Schema::FromSmdValue(doc));
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
  gitops::plan::Schema s = SchemaOf(schema);
  Value live_value = ToValue(live), config_value = ToValue(config);
  gitops::plan::ManagedFields m = ManagedOf(managed);
  gitops::plan::ApplyOptions options;
  options.force = force;
  options.ignored_fields = FieldsOfPython(ignored_fields);
  std::vector<gitops::plan::Conflict> conflicts;
  gitops::Result<gitops::plan::MergeResult> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::Apply(s, type_name, live_value, config_value, m, manager, api_version,
                                 options, &conflicts);
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
  gitops::plan::Schema s = SchemaOf(schema);
  Value live_value = ToValue(live), new_value = ToValue(new_object);
  gitops::plan::ManagedFields m = ManagedOf(managed);
  gitops::plan::UpdateOptions options;
  options.ignored_fields = FieldsOfPython(ignored_fields);
  gitops::Result<gitops::plan::MergeResult> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result =
        gitops::plan::Update(s, type_name, live_value, new_value, m, manager, api_version, options);
  }
  return MergeResultToPython(std::move(result));
}

// The fields of `manager` in `managed`; kNotFound if it has no entry.
py::object MergeExtractShim(const py::object& live, const std::string& manager,
                            const py::object& managed, const py::object& schema,
                            const std::string& type_name) {
  gitops::plan::Schema s = SchemaOf(schema);
  Value live_value = ToValue(live);
  gitops::plan::ManagedFields m = ManagedOf(managed);
  const gitops::plan::ManagedFieldsEntry* entry = m.Find(manager);
  if (entry == nullptr) {
    Throw(gitops::NotFoundError("manager \"" + manager + "\" has no managedFields entry"));
  }
  gitops::Result<Value> result = gitops::InvalidArgumentError("not extracted");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::Extract(s, type_name, live_value, entry->fields);
  }
  return ToPython(ValueOrThrow(std::move(result)));
}

py::object MergeValuesShim(const py::object& base, const py::object& overlay,
                           const py::object& schema, const std::string& type_name) {
  gitops::plan::Schema s = SchemaOf(schema);
  Value base_value = ToValue(base), overlay_value = ToValue(overlay);
  gitops::Result<Value> result = gitops::InvalidArgumentError("not merged");
  {
    py::gil_scoped_release release_gil;
    result = gitops::plan::MergeValues(s, type_name, base_value, overlay_value);
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
