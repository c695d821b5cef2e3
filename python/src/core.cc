// Shims of the core module: YAML, JSON, object ids, logging.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "common.h"
#include "gitops/core/json.h"
#include "gitops/core/log.h"
#include "gitops/core/object.h"
#include "gitops/core/yaml.h"

namespace gitops_python {

namespace {


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
    values.push_back(ToValue(docs[i], "document " + std::to_string(i) + ", "));
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

}  // namespace

void RegisterCore(py::module_& module) {
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
}

}  // namespace gitops_python
