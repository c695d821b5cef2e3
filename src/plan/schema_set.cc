#include "gitops/plan/schema_set.h"
#include "plan/kind_key.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace gitops::plan {

namespace {

std::string StringAt(const Value& v, std::string_view key) {
  const Value* s = v.is_object() ? v.Find(key) : nullptr;
  return s != nullptr && s->is_string() ? std::string(s->as_string()) : std::string();
}

// How errors name a document: "crds.yaml: document 2 (ConfigMap settings)".
// A CustomResourceDefinition's own errors name it already.
std::string DocumentName(std::string_view file, size_t index, const Value& doc) {
  std::string out(file.empty() ? "schemas" : file);
  out += ": document " + std::to_string(index + 1);
  std::string kind = StringAt(doc, "kind");
  if (kind == "CustomResourceDefinition") return out;
  const Value* metadata = doc.is_object() ? doc.Find("metadata") : nullptr;
  std::string name = metadata != nullptr ? StringAt(*metadata, "name") : std::string();
  if (!kind.empty()) out += " (" + kind + (name.empty() ? "" : " " + name) + ")";
  return out;
}

}  // namespace

size_t SchemaSet::AddDeclared(const Schema& schema) {
  size_t added = 0;
  for (const auto& [api_version, kind] : schema.Kinds()) {
    KindSchema entry{schema, std::string(schema.RootTypeFor(api_version, kind))};
    if (kinds_.emplace(internal::KindKey(api_version, kind), std::move(entry)).second) ++added;
  }
  return added;
}

Status SchemaSet::Add(std::string_view api_version, std::string_view kind, const Schema& schema,
                      std::string_view type_name) {
  std::string type(type_name.empty() ? schema.RootTypeFor(api_version, kind) : type_name);
  std::string subject = std::string(api_version) + " " + std::string(kind);
  if (type.empty()) {
    return InvalidArgumentError(subject +
                                ": the schema declares no type for this kind; name its type");
  }
  if (schema.Find(type) == nullptr) {
    return InvalidArgumentError(subject + ": the schema has no type \"" + type + "\"");
  }
  kinds_[internal::KindKey(api_version, kind)] = KindSchema{schema, std::move(type)};
  return OkStatus();
}

Status SchemaSet::AddDocuments(std::span<const Value> docs, std::string_view file) {
  SchemaSet added;
  auto add_one = [&](const Value& doc, const std::string& where) -> Status {
    Result<Schema> schema = Schema::FromDocument(doc);
    if (!schema.ok()) return schema.status().WithContext(where);
    if (schema->Kinds().empty()) {
      return InvalidArgumentError(
          where +
          ": declares no kind (an OpenAPI document needs "
          "x-kubernetes-group-version-kind; structured-merge-diff's schema needs a kind "
          "and type given with it)");
    }
    added.AddDeclared(*schema);
    return OkStatus();
  };
  for (size_t i = 0; i < docs.size(); ++i) {
    const Value& doc = docs[i];
    if (doc.is_null()) continue;
    std::string where = DocumentName(file, i, doc);
    std::string kind = StringAt(doc, "kind");
    if (kind == "List" || kind == "CustomResourceDefinitionList") {
      const Value* items = doc.Find("items");
      if (items == nullptr || !items->is_array()) {
        return InvalidArgumentError(where + ": items must be a list");
      }
      for (size_t j = 0; j < items->size(); ++j) {
        GITOPS_RETURN_IF_ERROR(
            add_one(items->items()[j], where + " items[" + std::to_string(j) + "]"));
      }
      continue;
    }
    if (!kind.empty() && kind != "CustomResourceDefinition") {
      return InvalidArgumentError(where +
                                  ": expected a CustomResourceDefinition or an OpenAPI v3 "
                                  "document, not a " +
                                  kind);
    }
    GITOPS_RETURN_IF_ERROR(add_one(doc, where));
  }
  for (auto& [key, entry] : added.kinds_) kinds_.emplace(key, std::move(entry));
  return OkStatus();
}

const KindSchema* SchemaSet::Find(std::string_view api_version, std::string_view kind) const {
  auto it = kinds_.find(internal::KindKey(api_version, kind));
  return it == kinds_.end() ? nullptr : &it->second;
}

SchemaLookup SchemaSet::AsLookup() const {
  if (kinds_.empty()) return nullptr;
  auto copy = std::make_shared<const SchemaSet>(*this);
  return [copy](std::string_view api_version, std::string_view kind) -> std::optional<KindSchema> {
    const KindSchema* found = copy->Find(api_version, kind);
    if (found == nullptr) return std::nullopt;
    return *found;
  };
}

}  // namespace gitops::plan
