// _gitops: the C++ shims under the gitops Python package.
//
// Shims only, in the manner of google/re2's python/_re2.cc: each function
// converts its arguments, calls the public C++ API and converts the result.
// The Pythonic API (keyword arguments, the exception hierarchy, ObjectId,
// docstrings) is plain Python in gitops/__init__.py.
//
// Errors: a non-ok gitops::Status becomes one exception type, _gitops.Error,
// whose args are (code name, message, file, line, column); gitops/__init__.py
// raises the gitops.Error subclass for the code instead.
//
// The GIL: Python objects are converted to and from gitops::Value with the
// GIL held; reading and writing text runs with it released, so other Python
// threads keep running during a long parse. The text being read stays alive
// because the caller's argument holds a reference to it.

#include <Python.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/log.h"
#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"

namespace gitops_python {

namespace py = pybind11;

using gitops::Code;
using gitops::Status;
using gitops::Value;

// Carries a non-ok Status from a shim to the exception translator.
class StatusException : public std::exception {
 public:
  explicit StatusException(Status status) : status_(std::move(status)) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return "gitops status"; }

 private:
  Status status_;
};

[[noreturn]] void Throw(Status status) { throw StatusException(std::move(status)); }

template <typename T>
T ValueOrThrow(gitops::Result<T> result) {
  if (!result.ok()) Throw(result.status());
  return std::move(result).value();
}

// A kConflict Status from a merge with the conflicts it found: raised as
// _gitops.Error with the list as a sixth argument.
struct ConflictException : std::exception {
  Status status;
  std::vector<gitops::plan::Conflict> conflicts;
  const char* what() const noexcept override { return "gitops conflict"; }
};

// _gitops.Error. Created once at import and never freed: the module holds a
// reference too, and a static py::object would be destroyed after the
// interpreter has finalised.
PyObject* error_type = nullptr;

void TranslateStatusException(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const StatusException& e) {
    const Status& s = e.status();
    const gitops::SourceLocation* loc = s.location();
    py::tuple args =
        py::make_tuple(std::string(gitops::CodeName(s.code())), s.message(),
                       loc ? loc->file : std::string(), loc ? loc->line : 0, loc ? loc->column : 0);
    PyErr_SetObject(error_type, args.ptr());
  } catch (const ConflictException& e) {
    py::list conflicts;
    for (const gitops::plan::Conflict& c : e.conflicts) {
      py::dict d;
      d["manager"] = c.manager;
      d["path"] = c.path;
      conflicts.append(d);
    }
    py::tuple args = py::make_tuple(std::string(gitops::CodeName(e.status.code())),
                                    e.status.message(), std::string(), 0, 0, conflicts);
    PyErr_SetObject(error_type, args.ptr());
  }
}

// ---------------------------------------------------------------------------
// Python -> Value

// Deepest nesting of lists and dicts converted to a Value: the readers'
// default max_depth, which also stops a list or dict that contains itself.
constexpr int kMaxConvertDepth = 1000;

// Thrown while converting; each enclosing container adds its key or index,
// so that the message can name the JSON pointer of the offending value.
struct ConversionError {
  Code code;
  std::string reason;
  std::vector<std::string> reversed_tokens;
};

std::string PointerOf(const ConversionError& e) {
  std::string pointer;
  for (auto it = e.reversed_tokens.rbegin(); it != e.reversed_tokens.rend(); ++it) {
    pointer += '/';
    pointer += gitops::EscapePointerToken(*it);
  }
  return pointer.empty() ? "the top level" : pointer;
}

std::string_view Utf8Of(PyObject* str) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str, &size);
  if (data == nullptr) {
    // A lone surrogate: not representable in UTF-8.
    PyErr_Clear();
    throw ConversionError{Code::kInvalidArgument, "string is not valid Unicode", {}};
  }
  return std::string_view(data, static_cast<size_t>(size));
}

// Integers outside 64 bits become doubles, as go-yaml (and so kustomize)
// reads such a literal: 18446744073709551616 is the float 1.8446744073709552e+19.
Value IntFromPython(PyObject* o) {
  int overflow = 0;
  long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow == 0) {
    if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
    return Value(i);
  }
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(o);
    if (!PyErr_Occurred()) return Value(u);
    PyErr_Clear();
  }
  double d = PyLong_AsDouble(o);
  if (d == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw ConversionError{Code::kInvalidArgument, "integer is too large for a double", {}};
  }
  return Value(d);
}

// No Python code runs during the conversion (only type checks and C API
// reads of built-in types), so a dict cannot change while it is iterated.
Value FromPython(PyObject* o, int depth) {
  if (o == Py_None) return Value();
  // bool is a subclass of int: test it first.
  if (PyBool_Check(o)) return Value(o == Py_True);
  if (PyLong_Check(o)) return IntFromPython(o);
  if (PyFloat_Check(o)) return Value(PyFloat_AS_DOUBLE(o));
  if (PyUnicode_Check(o)) return Value(Utf8Of(o));
  const bool is_dict = PyDict_Check(o);
  const bool is_list = PyList_Check(o);
  if (!is_dict && !is_list && !PyTuple_Check(o)) {
    throw ConversionError{Code::kInvalidArgument,
                          std::string("cannot convert a '") + Py_TYPE(o)->tp_name +
                              "' (use dict, list, tuple, str, int, float, bool or None)",
                          {}};
  }
  if (depth >= kMaxConvertDepth) {
    throw ConversionError{Code::kLimitExceeded,
                          "nested deeper than " + std::to_string(kMaxConvertDepth) +
                              " lists and dicts (does one contain itself?)",
                          {}};
  }
  if (is_dict) {
    Value v = Value::Object();
    v.Reserve(static_cast<size_t>(PyDict_Size(o)));
    Py_ssize_t pos = 0;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    while (PyDict_Next(o, &pos, &key, &item)) {
      if (!PyUnicode_Check(key)) {
        throw ConversionError{
            Code::kInvalidArgument,
            std::string("dict keys must be str, not '") + Py_TYPE(key)->tp_name + "'",
            {}};
      }
      std::string_view k = Utf8Of(key);
      try {
        // A dict cannot repeat a key, so the unchecked append is safe.
        v.AppendMember(k, FromPython(item, depth + 1));
      } catch (ConversionError& e) {
        e.reversed_tokens.emplace_back(k);
        throw;
      }
    }
    return v;
  }
  const Py_ssize_t n = is_list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
  Value v = Value::Array();
  v.Reserve(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
    try {
      v.Append(FromPython(item, depth + 1));
    } catch (ConversionError& e) {
      e.reversed_tokens.push_back(std::to_string(i));
      throw;
    }
  }
  return v;
}

// Converts or throws StatusException naming where the bad value sits.
Value ToValue(py::handle obj) {
  try {
    return FromPython(obj.ptr(), 0);
  } catch (const ConversionError& e) {
    Throw(Status(e.code, e.reason + " at " + PointerOf(e)));
  }
}

// ---------------------------------------------------------------------------
// Value -> Python

py::object Steal(PyObject* o) {
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

PyObject* NewStr(std::string_view s) {
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

py::object ToPython(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      return py::none();
    case Value::Type::kBool:
      return py::bool_(v.as_bool());
    case Value::Type::kInt:
      return Steal(PyLong_FromLongLong(v.as_int()));
    case Value::Type::kUint:
      return Steal(PyLong_FromUnsignedLongLong(v.as_uint()));
    case Value::Type::kDouble:
      return Steal(PyFloat_FromDouble(v.as_double()));
    case Value::Type::kString:
      return Steal(NewStr(v.as_string()));
    case Value::Type::kArray: {
      auto items = v.items();
      py::object list = Steal(PyList_New(static_cast<Py_ssize_t>(items.size())));
      for (size_t i = 0; i < items.size(); ++i) {
        PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), ToPython(items[i]).release().ptr());
      }
      return list;
    }
    case Value::Type::kObject: {
      py::object dict = Steal(PyDict_New());
      for (const Value::Member& m : v.members()) {
        py::object key = Steal(NewStr(m.key()));
        py::object item = ToPython(m.value());
        if (PyDict_SetItem(dict.ptr(), key.ptr(), item.ptr()) != 0) throw py::error_already_set();
      }
      return dict;
    }
  }
  Throw(gitops::InternalError("a Value of unknown type"));
}

// ---------------------------------------------------------------------------
// Shims

// A view of a str (its cached UTF-8 form) or bytes argument; valid while the
// argument lives.
std::string_view TextOf(const py::object& text) {
  PyObject* o = text.ptr();
  if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();
    return std::string_view(data, static_cast<size_t>(size));
  }
  if (PyBytes_Check(o)) {
    return std::string_view(PyBytes_AS_STRING(o), static_cast<size_t>(PyBytes_GET_SIZE(o)));
  }
  throw py::type_error(std::string("text must be str or bytes, not '") + Py_TYPE(o)->tp_name + "'");
}

gitops::DuplicateKeys DuplicateKeysOf(const std::string& name) {
  if (name == "error") return gitops::DuplicateKeys::kError;
  if (name == "last_wins") return gitops::DuplicateKeys::kLastWins;
  Throw(gitops::InvalidArgumentError("duplicate_keys must be \"error\" or \"last_wins\", not \"" +
                                     name + "\""));
}

py::list DocumentsToPython(const std::vector<Value>& docs) {
  py::list out(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) out[i] = ToPython(docs[i]);
  return out;
}

// An unset optional keeps the library's default.
gitops::YamlReadOptions YamlOptionsOf(std::string file, std::optional<std::string> duplicate_keys,
                                      std::optional<size_t> max_document_bytes,
                                      std::optional<size_t> max_depth,
                                      std::optional<size_t> max_alias_nodes,
                                      std::optional<bool> skip_empty_documents) {
  gitops::YamlReadOptions options;
  options.file = std::move(file);
  if (duplicate_keys) options.duplicate_keys = DuplicateKeysOf(*duplicate_keys);
  if (max_document_bytes) options.max_document_bytes = *max_document_bytes;
  if (max_depth) options.max_depth = *max_depth;
  if (max_alias_nodes) options.max_alias_nodes = *max_alias_nodes;
  if (skip_empty_documents) options.skip_empty_documents = *skip_empty_documents;
  return options;
}

py::list LoadYamlShim(const py::object& text, std::string file,
                      std::optional<std::string> duplicate_keys,
                      std::optional<size_t> max_document_bytes, std::optional<size_t> max_depth,
                      std::optional<size_t> max_alias_nodes,
                      std::optional<bool> skip_empty_documents) {
  std::string_view view = TextOf(text);
  gitops::YamlReadOptions options =
      YamlOptionsOf(std::move(file), std::move(duplicate_keys), max_document_bytes, max_depth,
                    max_alias_nodes, skip_empty_documents);
  gitops::Result<std::vector<Value>> docs = gitops::InvalidArgumentError("not read");
  {
    py::gil_scoped_release release_gil;
    docs = gitops::ReadYaml(view, options);
  }
  return DocumentsToPython(ValueOrThrow(std::move(docs)));
}

py::object LoadYamlDocumentShim(const py::object& text, std::string file,
                                std::optional<std::string> duplicate_keys,
                                std::optional<size_t> max_document_bytes,
                                std::optional<size_t> max_depth,
                                std::optional<size_t> max_alias_nodes) {
  std::string_view view = TextOf(text);
  gitops::YamlReadOptions options =
      YamlOptionsOf(std::move(file), std::move(duplicate_keys), max_document_bytes, max_depth,
                    max_alias_nodes, std::nullopt);
  gitops::Result<Value> doc = gitops::InvalidArgumentError("not read");
  {
    py::gil_scoped_release release_gil;
    doc = gitops::ReadYamlDocument(view, options);
  }
  return ToPython(ValueOrThrow(std::move(doc)));
}

py::str DumpYamlShim(const py::sequence& docs, bool sort_keys) {
  std::vector<Value> values;
  values.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    try {
      values.push_back(FromPython(py::object(docs[i]).ptr(), 0));
    } catch (const ConversionError& e) {
      Throw(Status(e.code, e.reason + " at document " + std::to_string(i) + ", " + PointerOf(e)));
    }
  }
  gitops::YamlWriteOptions options;
  options.key_order = sort_keys ? gitops::YamlWriteOptions::KeyOrder::kKustomize
                                : gitops::YamlWriteOptions::KeyOrder::kInsertion;
  std::string text;
  {
    py::gil_scoped_release release_gil;
    text = gitops::WriteYamlStream(values, options);
  }
  return Steal(NewStr(text));
}

py::object LoadJsonShim(const py::object& text, std::string file,
                        std::optional<std::string> duplicate_keys,
                        std::optional<size_t> max_document_bytes, std::optional<size_t> max_depth) {
  std::string_view view = TextOf(text);
  gitops::JsonReadOptions options;
  options.file = std::move(file);
  if (duplicate_keys) options.duplicate_keys = DuplicateKeysOf(*duplicate_keys);
  if (max_document_bytes) options.max_document_bytes = *max_document_bytes;
  if (max_depth) options.max_depth = *max_depth;
  gitops::Result<Value> value = gitops::InvalidArgumentError("not read");
  {
    py::gil_scoped_release release_gil;
    value = gitops::ReadJson(view, options);
  }
  return ToPython(ValueOrThrow(std::move(value)));
}

py::str DumpJsonShim(const py::object& value, int indent) {
  if (indent < 0) Throw(gitops::InvalidArgumentError("indent must not be negative"));
  Value v = ToValue(value);
  gitops::Result<std::string> text = gitops::InvalidArgumentError("not written");
  {
    py::gil_scoped_release release_gil;
    text = gitops::WriteJson(v, {.indent = indent});
  }
  return Steal(NewStr(ValueOrThrow(std::move(text))));
}

// ObjectId crosses as a (group, version, kind, namespace, name) tuple; the
// Python class is a frozen dataclass in gitops/__init__.py.
using IdTuple = std::tuple<std::string, std::string, std::string, std::string, std::string>;

gitops::ObjectId IdOf(IdTuple t) {
  auto& [group, version, kind, ns, name] = t;
  return gitops::ObjectId{std::move(group), std::move(version), std::move(kind), std::move(ns),
                          std::move(name)};
}

IdTuple TupleOf(gitops::ObjectId id) {
  return {std::move(id.group), std::move(id.version), std::move(id.kind), std::move(id.namespace_),
          std::move(id.name)};
}

std::string InventoryIdShim(IdTuple id) { return IdOf(std::move(id)).InventoryId(); }
std::string ApiVersionShim(IdTuple id) { return IdOf(std::move(id)).ApiVersion(); }
std::string ObjectIdStringShim(IdTuple id) { return IdOf(std::move(id)).ToString(); }

IdTuple FromInventoryIdShim(const std::string& id) {
  return TupleOf(ValueOrThrow(gitops::ObjectId::FromInventoryId(id)));
}

IdTuple ObjectIdOfShim(const py::object& manifest) {
  Value v = ToValue(manifest);
  return TupleOf(ValueOrThrow(gitops::Object::Of(v)).id());
}

void ConfigureLoggingShim(const std::string& level, bool json) {
  gitops::LogOptions options;
  if (!gitops::ParseLogLevel(level, &options.level)) {
    Throw(gitops::InvalidArgumentError("unknown log level \"" + level +
                                       "\" (use trace, debug, info, warn, error or off)"));
  }
  options.json = json;
  gitops::ConfigureLogging(options);
}

// ---------------------------------------------------------------------------
// Structured merge. Schemas: None or "deduced" (the deduced schema), a str
// (structured-merge-diff schema YAML) or a dict (that YAML parsed; an
// OpenAPI v3 document is not read yet).

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

PYBIND11_MODULE(_gitops, module) {
  module.doc() = "C++ shims for the gitops package; use gitops, not this module.";

  error_type = PyErr_NewException("gitops._gitops.Error", nullptr, nullptr);
  if (error_type == nullptr) throw py::error_already_set();
  module.add_object("Error", py::handle(error_type));
  py::register_exception_translator(&TranslateStatusException);

  py::arg text("text"), file("file");
  module.def("load_yaml", &LoadYamlShim, text, file, py::arg("duplicate_keys"),
             py::arg("max_document_bytes"), py::arg("max_depth"), py::arg("max_alias_nodes"),
             py::arg("skip_empty_documents"));
  module.def("load_yaml_document", &LoadYamlDocumentShim, text, file, py::arg("duplicate_keys"),
             py::arg("max_document_bytes"), py::arg("max_depth"), py::arg("max_alias_nodes"));
  module.def("dump_yaml", &DumpYamlShim, py::arg("docs"), py::arg("sort_keys"));
  module.def("load_json", &LoadJsonShim, text, file, py::arg("duplicate_keys"),
             py::arg("max_document_bytes"), py::arg("max_depth"));
  module.def("dump_json", &DumpJsonShim, py::arg("value"), py::arg("indent"));
  module.def("inventory_id", &InventoryIdShim, py::arg("id"));
  module.def("api_version", &ApiVersionShim, py::arg("id"));
  module.def("object_id_string", &ObjectIdStringShim, py::arg("id"));
  module.def("from_inventory_id", &FromInventoryIdShim, py::arg("inventory_id"));
  module.def("object_id_of", &ObjectIdOfShim, py::arg("manifest"));
  module.def("configure_logging", &ConfigureLoggingShim, py::arg("level"), py::arg("json"));
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
