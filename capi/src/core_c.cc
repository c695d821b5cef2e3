// The C API's documents: gitops_yaml_parse, gitops_json_parse and the
// gitops_docs_* functions, over gitops/core/yaml.h, json.h and object.h.
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.h"
#include "gitops/core/json.h"
#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops_c.h"

// struct gitops_docs is in capi_internal.h (the plan functions read it too).

namespace gitops::capi {
namespace {

// Applies the C duplicate-key choice over the C++ default in *out.
//
// `mode` is read as the int it is in memory, not as the enum: a C caller
// may store any int there, and loading a value outside a C++ enum's range
// is undefined behaviour (UBSan reports it).
int ApplyDuplicateKeys(const char* function, const gitops_duplicate_keys_t* field,
                       DuplicateKeys* out) {
  static_assert(sizeof(gitops_duplicate_keys_t) == sizeof(int));
  int mode;
  std::memcpy(&mode, field, sizeof mode);
  switch (mode) {
    case GITOPS_DUPLICATE_KEYS_DEFAULT:
      return GITOPS_OK;
    case GITOPS_DUPLICATE_KEYS_ERROR:
      *out = DuplicateKeys::kError;
      return GITOPS_OK;
    case GITOPS_DUPLICATE_KEYS_LAST_WINS:
      *out = DuplicateKeys::kLastWins;
      return GITOPS_OK;
  }
  return SetError(GITOPS_EINVALID,
                  std::string(function) + ": unknown duplicate_keys value " + std::to_string(mode));
}

// Checks the arguments every gitops_docs_write_* function shares.
int CheckWrite(const char* function, const gitops_buf* out, const gitops_docs* docs) {
  if (out == nullptr) return NullArgument(function, "out");
  if (docs == nullptr) return NullArgument(function, "docs");
  return GITOPS_OK;
}

int CheckIndex(const char* function, const gitops_docs* docs, size_t index) {
  if (index < docs->values.size()) return GITOPS_OK;
  return SetError(GITOPS_EINVALID, std::string(function) + ": index " + std::to_string(index) +
                                       " is out of range (" + std::to_string(docs->values.size()) +
                                       " documents)");
}

int CheckIndent(const char* function, int indent) {
  if (indent >= 0) return GITOPS_OK;
  return SetError(GITOPS_EINVALID,
                  std::string(function) + ": indent " + std::to_string(indent) + " is negative");
}

int FillJson(gitops_buf* out, const Value& value, int indent) {
  Result<std::string> text = WriteJson(value, {.indent = indent});
  if (!text.ok()) return SetError(text.status());
  FillBuf(out, *text);
  return GITOPS_OK;
}

}  // namespace

std::unique_ptr<gitops_docs> MakeDocs(std::vector<Value> values) {
  auto docs = std::make_unique<gitops_docs>();
  docs->values = std::move(values);
  docs->identities.resize(docs->values.size());
  for (size_t i = 0; i < docs->values.size(); ++i) {
    gitops_docs::Identity& identity = docs->identities[i];
    Result<Object> object = Object::Of(docs->values[i]);
    if (!object.ok()) {
      identity.status = object.status().WithContext("document " + std::to_string(i));
      continue;
    }
    identity.id = object->id();
    identity.inventory_id = identity.id.InventoryId();
    identity.c = {identity.id.group.c_str(), identity.id.version.c_str(),
                  identity.id.kind.c_str(),  identity.id.namespace_.c_str(),
                  identity.id.name.c_str(),  identity.inventory_id.c_str()};
  }
  return docs;
}

int CheckVersion(const char* function, unsigned int version, unsigned int latest) {
  if (version >= 1 && version <= latest) return GITOPS_OK;
  return SetError(GITOPS_EINVALID, std::string(function) + ": options version " +
                                       std::to_string(version) + " is not supported (1 to " +
                                       std::to_string(latest) + ")");
}

}  // namespace gitops::capi

using namespace gitops::capi;  // NOLINT(build/namespaces): the wrappers below are all capi

extern "C" {

int gitops_yaml_parse_options_init(gitops_yaml_parse_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_yaml_parse_options_init";
  if (opts == nullptr) return NullArgument(kFn, "opts");
  if (int rc = CheckVersion(kFn, version, GITOPS_YAML_PARSE_OPTIONS_VERSION); rc < 0) return rc;
  *opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
  return GITOPS_OK;
}

int gitops_json_parse_options_init(gitops_json_parse_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_json_parse_options_init";
  if (opts == nullptr) return NullArgument(kFn, "opts");
  if (int rc = CheckVersion(kFn, version, GITOPS_JSON_PARSE_OPTIONS_VERSION); rc < 0) return rc;
  *opts = GITOPS_JSON_PARSE_OPTIONS_INIT;
  return GITOPS_OK;
}

int gitops_yaml_parse(gitops_docs** out, const char* text, size_t len,
                      const gitops_yaml_parse_options* opts) {
  static const char kFn[] = "gitops_yaml_parse";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (text == nullptr) return NullArgument(kFn, "text");
    gitops::YamlReadOptions options;
    if (opts != nullptr) {
      if (int rc = CheckVersion(kFn, opts->version, GITOPS_YAML_PARSE_OPTIONS_VERSION); rc < 0) {
        return rc;
      }
      if (opts->file != nullptr) options.file = opts->file;
      if (opts->max_document_bytes != 0) options.max_document_bytes = opts->max_document_bytes;
      if (opts->max_depth != 0) options.max_depth = opts->max_depth;
      if (opts->max_alias_nodes != 0) options.max_alias_nodes = opts->max_alias_nodes;
      if (int rc = ApplyDuplicateKeys(kFn, &opts->duplicate_keys, &options.duplicate_keys);
          rc < 0) {
        return rc;
      }
      if (opts->keep_empty_documents != 0) options.skip_empty_documents = false;
    }
    gitops::Result<std::vector<gitops::Value>> values =
        gitops::ReadYaml(std::string_view(text, len), options);
    if (!values.ok()) return SetError(values.status());
    *out = MakeDocs(std::move(values).value()).release();
    return GITOPS_OK;
  });
}

int gitops_json_parse(gitops_docs** out, const char* text, size_t len,
                      const gitops_json_parse_options* opts) {
  static const char kFn[] = "gitops_json_parse";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (text == nullptr) return NullArgument(kFn, "text");
    gitops::JsonReadOptions options;
    if (opts != nullptr) {
      if (int rc = CheckVersion(kFn, opts->version, GITOPS_JSON_PARSE_OPTIONS_VERSION); rc < 0) {
        return rc;
      }
      if (opts->file != nullptr) options.file = opts->file;
      if (opts->max_document_bytes != 0) options.max_document_bytes = opts->max_document_bytes;
      if (opts->max_depth != 0) options.max_depth = opts->max_depth;
      if (int rc = ApplyDuplicateKeys(kFn, &opts->duplicate_keys, &options.duplicate_keys);
          rc < 0) {
        return rc;
      }
    }
    gitops::Result<gitops::Value> value = gitops::ReadJson(std::string_view(text, len), options);
    if (!value.ok()) return SetError(value.status());
    std::vector<gitops::Value> values;
    values.push_back(std::move(value).value());
    *out = MakeDocs(std::move(values)).release();
    return GITOPS_OK;
  });
}

void gitops_docs_free(gitops_docs* docs) { delete docs; }

size_t gitops_docs_count(const gitops_docs* docs) {
  return docs == nullptr ? 0 : docs->values.size();
}

int gitops_docs_object_id(const gitops_object_id** out, const gitops_docs* docs, size_t index) {
  static const char kFn[] = "gitops_docs_object_id";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (docs == nullptr) return NullArgument(kFn, "docs");
    if (int rc = CheckIndex(kFn, docs, index); rc < 0) return rc;
    const gitops_docs::Identity& identity = docs->identities[index];
    if (!identity.status.ok()) return SetError(identity.status);
    *out = &identity.c;
    return GITOPS_OK;
  });
}

int gitops_docs_write_yaml(gitops_buf* out, const gitops_docs* docs, size_t index) {
  static const char kFn[] = "gitops_docs_write_yaml";
  return Barrier(kFn, [&]() -> int {
    if (int rc = CheckWrite(kFn, out, docs); rc < 0) return rc;
    gitops_buf_dispose(out);  // a failed call leaves {NULL, 0}
    if (int rc = CheckIndex(kFn, docs, index); rc < 0) return rc;
    FillBuf(out, gitops::WriteYaml(docs->values[index]));
    return GITOPS_OK;
  });
}

int gitops_docs_write_yaml_stream(gitops_buf* out, const gitops_docs* docs) {
  static const char kFn[] = "gitops_docs_write_yaml_stream";
  return Barrier(kFn, [&]() -> int {
    if (int rc = CheckWrite(kFn, out, docs); rc < 0) return rc;
    gitops_buf_dispose(out);  // a failed call leaves {NULL, 0}
    FillBuf(out, gitops::WriteYamlStream(docs->values));
    return GITOPS_OK;
  });
}

int gitops_docs_write_json(gitops_buf* out, const gitops_docs* docs, size_t index, int indent) {
  static const char kFn[] = "gitops_docs_write_json";
  return Barrier(kFn, [&]() -> int {
    if (int rc = CheckWrite(kFn, out, docs); rc < 0) return rc;
    gitops_buf_dispose(out);  // a failed call leaves {NULL, 0}
    if (int rc = CheckIndex(kFn, docs, index); rc < 0) return rc;
    if (int rc = CheckIndent(kFn, indent); rc < 0) return rc;
    return FillJson(out, docs->values[index], indent);
  });
}

int gitops_docs_write_json_array(gitops_buf* out, const gitops_docs* docs, int indent) {
  static const char kFn[] = "gitops_docs_write_json_array";
  return Barrier(kFn, [&]() -> int {
    if (int rc = CheckWrite(kFn, out, docs); rc < 0) return rc;
    gitops_buf_dispose(out);  // a failed call leaves {NULL, 0}
    if (int rc = CheckIndent(kFn, indent); rc < 0) return rc;
    gitops::Value array = gitops::Value::Array();
    array.Reserve(docs->values.size());
    for (const gitops::Value& doc : docs->values) array.Append(doc);
    return FillJson(out, array, indent);
  });
}

}  // extern "C"
