// OpenAPI v3 and CustomResourceDefinition schemas as plan types, converted
// as kube-openapi's pkg/schemaconv (openapi.go, smd.go) converts them for the
// API server's server-side apply, with clear errors where schemaconv would
// only warn or leave a type out.
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gitops/plan/schema.h"
#include "plan/kind_key.h"

namespace gitops::plan {

namespace {

constexpr std::string_view kAtomicTypeName = "__untyped_atomic_";
constexpr std::string_view kObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
// schemaconv hard-codes these two as untyped scalars.
constexpr std::string_view kQuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
constexpr std::string_view kRawExtensionName = "io.k8s.apimachinery.pkg.runtime.RawExtension";

TypeRef Named(std::string_view name) {
  TypeRef ref;
  ref.named_type = std::string(name);
  return ref;
}

bool IsTrue(const Value& schema, std::string_view extension) {
  const Value* v = schema.Find(extension);
  return v != nullptr && v->is_bool() && v->as_bool();
}

std::string StringOf(const Value& schema, std::string_view key) {
  const Value* v = schema.Find(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The `$ref` of a schema, or of its one-element allOf (kube-openapi writes a
// field's reference with siblings that way); "" if none.
std::string RefOf(const Value& schema) {
  if (const Value* ref = schema.Find("$ref"); ref != nullptr && ref->is_string()) {
    return std::string(ref->as_string());
  }
  const Value* all_of = schema.Find("allOf");
  if (all_of != nullptr && all_of->is_array() && all_of->size() == 1) {
    const Value& only = all_of->items()[0];
    if (only.is_object()) {
      if (const Value* ref = only.Find("$ref"); ref != nullptr && ref->is_string()) {
        return std::string(ref->as_string());
      }
    }
  }
  return {};
}

// A components schema with a `$ref` of its own. schemaconv skips such a
// schema (ToSchemaFromOpenAPI: "Skip/Ignore top-level references"), whatever
// else it says, so it is no type; references to it are read here as
// references to the type its `$ref` leads to (schemaconv would leave them
// naming a type that does not exist). A one-element `allOf` at the top
// level is not a reference there: such a schema is read as a schema.
bool IsAlias(const Value& schema) {
  const Value* ref = schema.Find("$ref");
  return ref != nullptr && ref->is_string();
}

std::string ReverseGroup(std::string_view group) {
  std::string out;
  while (!group.empty()) {
    size_t dot = group.rfind('.');
    std::string_view part = dot == std::string_view::npos ? group : group.substr(dot + 1);
    if (!out.empty()) out += '.';
    out += part;
    group = dot == std::string_view::npos ? std::string_view() : group.substr(0, dot);
  }
  return out;
}

}  // namespace

// Converts OpenAPI schemas into one Schema::Data. Not thread-safe; one per load.
class OpenApiLoader {
 public:
  // `components` (may be null) is the `components.schemas` map that `$ref`s
  // name; `prefix` how errors name it ("components.schemas").
  OpenApiLoader(const Value* components, std::string prefix)
      : components_(components),
        prefix_(std::move(prefix)),
        data_(std::make_shared<Schema::Data>()) {}

  // Every schema of `components` as a type of its name.
  Status LoadComponents() {
    for (const Value::Member& m : components_->members()) {
      std::string name(m.key());
      std::string where = prefix_ + "." + name;
      if (!m.value().is_object()) return InvalidArgumentError(where + ": a schema must be a map");
      if (IsAlias(m.value())) {
        // An alias: it must lead somewhere; references to it name the target.
        GITOPS_ASSIGN_OR_RETURN(std::string target, Target(name, where));
        (void)target;
        continue;
      }
      GITOPS_RETURN_IF_ERROR(AddType(name, m.value(), where, /*resource_root=*/false));
      if (const Value* gvks = m.value().Find("x-kubernetes-group-version-kind");
          gvks != nullptr && gvks->is_array()) {
        for (const Value& gvk : gvks->items()) {
          if (!gvk.is_object()) continue;
          std::string group = StringOf(gvk, "group"), version = StringOf(gvk, "version");
          std::string api_version = group.empty() ? version : group + "/" + version;
          data_->kinds.emplace(internal::KindKey(api_version, StringOf(gvk, "kind")), name);
        }
      }
    }
    return OkStatus();
  }

  // `schema` as the type `name`. A resource root gets apiVersion, kind and
  // metadata (ObjectMeta), as the API server publishes a CRD's schema
  // (apiextensions' builder.buildKubeNative). `preserve_unknown` is
  // schemaconv's document-wide flag (a CRD's spec.preserveUnknownFields).
  Status AddType(const std::string& name, const Value& schema, const std::string& where,
                 bool resource_root, bool preserve_unknown = false) {
    auto atom = std::make_shared<Atom>();
    if (name == kQuantityName || name == kRawExtensionName) {
      atom->scalar = ScalarType::kUntyped;
    } else {
      GITOPS_RETURN_IF_ERROR(Parse(schema, where, preserve_unknown, resource_root, atom.get()));
    }
    data_->types[name] = std::move(atom);
    return OkStatus();
  }

  void AddKind(std::string_view api_version, std::string_view kind, const std::string& type) {
    data_->kinds.emplace(internal::KindKey(api_version, kind), type);
  }

  // The loaded types plus the deduced ones (schemaconv's addCommonTypes)
  // and, when something needs it and the document has none, the built-in
  // ObjectMeta.
  Schema Finish() {
    for (std::string_view name : {Schema::kDeducedTypeName, kAtomicTypeName}) {
      data_->types[std::string(name)] =
          std::shared_ptr<const Atom>(Schema::Deduced().data_, Schema::Deduced().Find(name));
    }
    if (needs_object_meta_ && data_->types.count(std::string(kObjectMetaName)) == 0) {
      CopyBuiltIn(kObjectMetaName);
    }
    Schema::Link(data_.get());
    Schema schema;
    schema.data_ = std::move(data_);
    return schema;
  }

 private:
  // The final type an alias chain leads to. Errors: an unknown `$ref`, a
  // cycle of references.
  Result<std::string> Target(const std::string& name, const std::string& where) {
    std::vector<std::string> chain{name};
    std::string current = name;
    while (true) {
      const Value* schema = components_ != nullptr ? components_->Find(current) : nullptr;
      if (schema == nullptr || !IsAlias(*schema)) return current;
      GITOPS_ASSIGN_OR_RETURN(std::string next, RefName(RefOf(*schema), where));
      for (const std::string& seen : chain) {
        if (seen == next) {
          std::string cycle;
          for (const std::string& c : chain) cycle += c + " -> ";
          return InvalidArgumentError(where + ": $ref cycle with nothing but references: " + cycle +
                                      next);
        }
      }
      chain.push_back(next);
      current = next;
    }
  }

  // The schema name a `$ref` string names; it must exist.
  Result<std::string> RefName(const std::string& ref, const std::string& where) {
    if (components_ == nullptr) {
      // apiextensions' validation forbids $ref in a CRD's schema.
      return InvalidArgumentError(where + ": $ref \"" + ref +
                                  "\" is not allowed in a CustomResourceDefinition's schema");
    }
    std::string name = ref.substr(ref.rfind('/') == std::string::npos ? 0 : ref.rfind('/') + 1);
    if (name.empty() || components_->Find(name) == nullptr) {
      return InvalidArgumentError(where + ": $ref \"" + ref + "\" names no schema in " + prefix_);
    }
    return name;
  }

  // schemaconv's visitSpec and parseSchema. `resource`: the root of a CRD
  // version. x-kubernetes-int-or-string needs nothing of its own: a
  // structural schema with it has no `type`, which reads as any value (the
  // API server adds only an `anyOf` of integer and string, which adds no
  // structure); `type: string, format: int-or-string` (the built-in
  // IntOrString) is an untyped scalar.
  Status Parse(const Value& s, const std::string& where, bool preserve_unknown, bool resource,
               Atom* out) {
    if (!s.is_object()) return InvalidArgumentError(where + ": a schema must be a map");
    if (IsTrue(s, "x-kubernetes-preserve-unknown-fields")) preserve_unknown = true;
    bool embedded = resource || IsTrue(s, "x-kubernetes-embedded-resource");
    const Value* type = s.Find("type");
    std::string t;
    if (type != nullptr) {
      if (type->is_string()) {
        t = std::string(type->as_string());
      } else if (type->is_array() && type->size() > 0 && type->items()[0].is_string()) {
        t = std::string(type->items()[0].as_string());
      } else {
        return InvalidArgumentError(where + ": type must be a string");
      }
    }
    if (embedded && t != "object") {
      return InvalidArgumentError(
          where + (resource ? ": the root of a resource's schema must be type: object"
                            : ": x-kubernetes-embedded-resource needs type: object"));
    }
    if (t.empty()) {
      // Any value: schemaconv's untyped atom with its list and map parts.
      out->scalar = ScalarType::kUntyped;
      ListType list;
      GITOPS_RETURN_IF_ERROR(ParseList(s, where, preserve_unknown, /*typed=*/false, &list));
      out->list = std::move(list);
      MapType map;
      GITOPS_RETURN_IF_ERROR(ParseObject(s, where, preserve_unknown, /*resource=*/false, &map));
      out->map = std::move(map);
    } else if (t == "object") {
      MapType map;
      GITOPS_RETURN_IF_ERROR(ParseObject(s, where, preserve_unknown, embedded, &map));
      out->map = std::move(map);
    } else if (t == "array") {
      ListType list;
      GITOPS_RETURN_IF_ERROR(ParseList(s, where, preserve_unknown, /*typed=*/true, &list));
      out->list = std::move(list);
    } else if (t == "integer" || t == "number") {
      out->scalar = ScalarType::kNumeric;
    } else if (t == "boolean") {
      out->scalar = ScalarType::kBoolean;
    } else if (t == "string") {
      std::string format = StringOf(s, "format");
      out->scalar = format.empty() || format == "byte" ? ScalarType::kString : ScalarType::kUntyped;
    } else {
      return InvalidArgumentError(where + ": unrecognized type \"" + t + "\"");
    }
    return OkStatus();
  }

  // schemaconv's makeOpenAPIRef: a reference, or the schema inlined.
  Status MakeRef(const Value& s, const std::string& where, bool preserve_unknown, TypeRef* out) {
    if (!s.is_object()) return InvalidArgumentError(where + ": a schema must be a map");
    std::string ref = RefOf(s);
    if (!ref.empty()) {
      GITOPS_ASSIGN_OR_RETURN(std::string name, RefName(ref, where));
      GITOPS_ASSIGN_OR_RETURN(out->named_type, Target(name, where));
      GITOPS_RETURN_IF_ERROR(MapRelationship(s, where, &out->element_relationship));
      return OkStatus();
    }
    auto atom = std::make_shared<Atom>();
    GITOPS_RETURN_IF_ERROR(Parse(s, where, preserve_unknown, /*resource=*/false, atom.get()));
    out->inlined = std::move(atom);
    return OkStatus();
  }

  // x-kubernetes-map-type (getMapElementRelationship).
  Status MapRelationship(const Value& s, const std::string& where,
                         std::optional<ElementRelationship>* out) {
    const Value* v = s.Find("x-kubernetes-map-type");
    if (v == nullptr) return OkStatus();
    std::string_view t = v->is_string() ? v->as_string() : std::string_view();
    if (t == "atomic") {
      *out = ElementRelationship::kAtomic;
    } else if (t == "granular") {
      *out = ElementRelationship::kSeparable;
    } else {
      return InvalidArgumentError(where +
                                  ": x-kubernetes-map-type must be atomic or granular, not " +
                                  (v->is_string() ? "\"" + std::string(t) + "\"" : "a non-string"));
    }
    return OkStatus();
  }

  // schemaconv's parseObject. `resource`: an embedded resource or a CRD's
  // root, whose apiVersion, kind and metadata the API server declares
  // (builder's addTypeMetaProperties / addEmbeddedProperties) before
  // schemaconv reads it, so it always has properties.
  Status ParseObject(const Value& s, const std::string& where, bool preserve_unknown, bool resource,
                     MapType* out) {
    const Value* properties = s.Find("properties");
    if (properties != nullptr && !properties->is_object()) {
      return InvalidArgumentError(where + ".properties must be a map");
    }
    bool has_properties = properties != nullptr && !properties->empty();
    if (properties != nullptr) {
      for (const Value::Member& p : properties->members()) {
        StructField field;
        field.name = std::string(p.key());
        GITOPS_RETURN_IF_ERROR(
            MakeRef(p.value(), where + ".properties." + field.name, preserve_unknown, &field.type));
        if (const Value* def = p.value().Find("default")) field.default_value = *def;
        out->fields.push_back(std::move(field));
      }
    }
    if (resource) {
      SetResourceFields(out);
      has_properties = true;
    }
    const Value* additional = s.Find("additionalProperties");
    if (additional == nullptr) {
      // Without properties an object is free-form; with them, unknown
      // fields are invalid unless preserved.
      if (preserve_unknown || !has_properties) out->element_type = Named(Schema::kDeducedTypeName);
    } else if (additional->is_object()) {
      TypeRef ref;
      GITOPS_RETURN_IF_ERROR(
          MakeRef(*additional, where + ".additionalProperties", preserve_unknown, &ref));
      out->element_type = std::move(ref);
    } else if (additional->is_bool()) {
      if (additional->as_bool()) out->element_type = Named(Schema::kDeducedTypeName);
    } else {
      return InvalidArgumentError(where + ".additionalProperties must be a schema or a boolean");
    }
    std::optional<ElementRelationship> rel;
    GITOPS_RETURN_IF_ERROR(MapRelationship(s, where, &rel));
    if (rel) out->relationship = *rel;
    return OkStatus();
  }

  // schemaconv's parseList and getListElementRelationship, with the
  // apiextensions validation of list-map keys.
  Status ParseList(const Value& s, const std::string& where, bool preserve_unknown, bool typed,
                   ListType* out) {
    const Value* list_type = s.Find("x-kubernetes-list-type");
    const Value* map_keys = s.Find("x-kubernetes-list-map-keys");
    if (list_type != nullptr) {
      std::string_view t = list_type->is_string() ? list_type->as_string() : std::string_view();
      if (t == "atomic") {
        out->relationship = ElementRelationship::kAtomic;
      } else if (t == "set") {
        out->relationship = ElementRelationship::kAssociative;
      } else if (t == "map") {
        out->relationship = ElementRelationship::kAssociative;
        if (map_keys == nullptr) {
          return InvalidArgumentError(
              where + ": x-kubernetes-list-type map needs x-kubernetes-list-map-keys");
        }
        if (!map_keys->is_array() || map_keys->empty()) {
          return InvalidArgumentError(
              where + ": x-kubernetes-list-map-keys must be a non-empty list of field names");
        }
        for (const Value& k : map_keys->items()) {
          if (!k.is_string() || k.as_string().empty()) {
            return InvalidArgumentError(
                where + ": x-kubernetes-list-map-keys must be a non-empty list of field names");
          }
          if (std::find(out->keys.begin(), out->keys.end(), k.as_string()) != out->keys.end()) {
            // An item's key would name the field twice.
            return InvalidArgumentError(where + ": x-kubernetes-list-map-keys names \"" +
                                        std::string(k.as_string()) + "\" twice");
          }
          out->keys.emplace_back(k.as_string());
        }
      } else {
        return InvalidArgumentError(
            where + ": x-kubernetes-list-type must be atomic, set or map, not " +
            (list_type->is_string() ? "\"" + std::string(t) + "\"" : std::string("a non-string")));
      }
    } else if (const Value* strategy = s.Find("x-kubernetes-patch-strategy")) {
      std::string_view st = strategy->is_string() ? strategy->as_string() : std::string_view();
      if (st == "merge" || st == "merge,retainKeys") {
        out->relationship = ElementRelationship::kAssociative;
        if (const Value* key = s.Find("x-kubernetes-patch-merge-key")) {
          if (!key->is_string()) {
            return InvalidArgumentError(where + ": x-kubernetes-patch-merge-key must be a string");
          }
          out->keys.emplace_back(key->as_string());
        }
      } else if (st == "retainKeys") {
        out->relationship = ElementRelationship::kAtomic;
      } else {
        return InvalidArgumentError(where + ": unknown x-kubernetes-patch-strategy \"" +
                                    std::string(st) + "\"");
      }
    }
    if (map_keys != nullptr && out->keys.empty()) {
      return InvalidArgumentError(where +
                                  ": x-kubernetes-list-map-keys needs x-kubernetes-list-type: map");
    }
    const Value* items = s.Find("items");
    if (items == nullptr) {
      if (typed) return InvalidArgumentError(where + ": `items` must be specified on arrays");
      out->element_type = Named(kAtomicTypeName);
      return OkStatus();
    }
    if (!items->is_object()) {
      return InvalidArgumentError(
          where + ".items: structural schema arrays must have exactly one member subtype");
    }
    GITOPS_RETURN_IF_ERROR(MakeRef(*items, where + ".items", preserve_unknown, &out->element_type));
    if (!out->keys.empty()) GITOPS_RETURN_IF_ERROR(CheckKeys(*items, where, *out));
    return OkStatus();
  }

  // List-map keys must be fields of the items (apiextensions' validation).
  Status CheckKeys(const Value& items, const std::string& where, const ListType& list) {
    const Value* item = &items;
    std::string ref = RefOf(items);
    if (!ref.empty()) {
      GITOPS_ASSIGN_OR_RETURN(std::string name, RefName(ref, where + ".items"));
      GITOPS_ASSIGN_OR_RETURN(std::string target, Target(name, where + ".items"));
      item = components_->Find(target);
    }
    if (item == nullptr) return OkStatus();
    std::string type = StringOf(*item, "type");
    if (!type.empty() && type != "object") {
      return InvalidArgumentError(where + ": a list-map's items must be objects, not " + type);
    }
    const Value* properties = item->Find("properties");
    if (properties == nullptr || !properties->is_object()) return OkStatus();
    for (const std::string& key : list.keys) {
      if (!properties->Contains(key)) {
        return InvalidArgumentError(where + ": x-kubernetes-list-map-keys names \"" + key +
                                    "\", which is not a field of the items");
      }
    }
    return OkStatus();
  }

  // apiVersion and kind (TypeMeta's strings) and metadata (ObjectMeta) of
  // an embedded or root resource, replacing what the schema says of them
  // as the builder's SetProperty does.
  void SetResourceFields(MapType* map) {
    auto set = [&](std::string_view name, TypeRef type) {
      for (StructField& f : map->fields) {
        if (f.name == name) {
          f.type = std::move(type);
          f.default_value.reset();
          return;
        }
      }
      map->fields.push_back(StructField{std::string(name), std::move(type), std::nullopt});
    };
    for (std::string_view name : {"apiVersion", "kind"}) {
      auto scalar = std::make_shared<Atom>();
      scalar->scalar = ScalarType::kString;
      TypeRef ref;
      ref.inlined = std::move(scalar);
      set(name, std::move(ref));
    }
    set("metadata", Named(kObjectMetaName));
    needs_object_meta_ = true;
  }

  // A built-in type and the named types it uses.
  void CopyBuiltIn(std::string_view name) {
    std::string key(name);
    if (data_->types.count(key) != 0) return;
    const Atom* atom = Schema::BuiltIn().Find(name);
    if (atom == nullptr) return;
    data_->types[key] = std::shared_ptr<const Atom>(Schema::BuiltIn().data_, atom);
    CopyReferenced(*atom);
  }

  void CopyReferenced(const Atom& atom) {
    auto follow = [&](const TypeRef& ref) {
      if (!ref.named_type.empty()) {
        CopyBuiltIn(ref.named_type);
      } else if (ref.inlined) {
        CopyReferenced(*ref.inlined);
      }
    };
    if (atom.list) follow(atom.list->element_type);
    if (atom.map) {
      if (atom.map->element_type) follow(*atom.map->element_type);
      for (const StructField& f : atom.map->fields) follow(f.type);
    }
  }

  const Value* components_;
  std::string prefix_;
  std::shared_ptr<Schema::Data> data_;
  bool needs_object_meta_ = false;
};

Result<Schema> Schema::FromOpenApiV3(const Value& doc) {
  const Value* components = doc.Find("components");
  const Value* schemas = components != nullptr ? components->Find("schemas") : nullptr;
  if (schemas == nullptr || !schemas->is_object()) {
    return InvalidArgumentError("OpenAPI v3 document: expected a map at components.schemas");
  }
  OpenApiLoader loader(schemas, "components.schemas");
  GITOPS_RETURN_IF_ERROR(loader.LoadComponents());
  return loader.Finish();
}

Result<Schema> Schema::FromCrd(const Value& crd) {
  if (StringOf(crd, "kind") != "CustomResourceDefinition" ||
      StringOf(crd, "apiVersion") != "apiextensions.k8s.io/v1") {
    return InvalidArgumentError(
        "CustomResourceDefinition: expected apiVersion apiextensions.k8s.io/v1 and kind "
        "CustomResourceDefinition");
  }
  const Value* spec = crd.Find("spec");
  std::string group = spec != nullptr ? StringOf(*spec, "group") : std::string();
  const Value* names = spec != nullptr ? spec->Find("names") : nullptr;
  std::string kind = names != nullptr ? StringOf(*names, "kind") : std::string();
  const Value* metadata = crd.Find("metadata");
  std::string crd_name = metadata != nullptr ? StringOf(*metadata, "name") : std::string();
  std::string subject = "CustomResourceDefinition " + (crd_name.empty() ? "(no name)" : crd_name);
  if (group.empty()) return InvalidArgumentError(subject + ": spec.group is missing");
  if (kind.empty()) return InvalidArgumentError(subject + ": spec.names.kind is missing");
  const Value* versions = spec->Find("versions");
  if (versions == nullptr || !versions->is_array() || versions->empty()) {
    return InvalidArgumentError(subject + ": spec.versions is missing or empty");
  }
  // The API server builds a CRD's type converter with the CRD's own
  // spec.preserveUnknownFields (false in apiextensions.k8s.io/v1 unless
  // carried over from v1beta1).
  bool preserve_unknown = IsTrue(*spec, "preserveUnknownFields");
  OpenApiLoader loader(nullptr, "");
  for (size_t i = 0; i < versions->size(); ++i) {
    const Value& v = versions->items()[i];
    std::string where = "spec.versions[" + std::to_string(i) + "]";
    std::string version = v.is_object() ? StringOf(v, "name") : std::string();
    if (version.empty()) return InvalidArgumentError(subject + ": " + where + ".name is missing");
    const Value* schema = v.Find("schema");
    const Value* open_api = schema != nullptr ? schema->Find("openAPIV3Schema") : nullptr;
    if (open_api == nullptr) {
      return InvalidArgumentError(subject + ": " + where + " (" + version +
                                  ") has no schema.openAPIV3Schema");
    }
    std::string type = ReverseGroup(group) + "." + version + "." + kind;
    Status s = loader.AddType(type, *open_api, where + ".schema.openAPIV3Schema",
                              /*resource_root=*/true, preserve_unknown);
    if (!s.ok()) return Status(s.code(), subject + ": " + std::string(s.message()));
    loader.AddKind(group + "/" + version, kind, type);
  }
  return loader.Finish();
}

Result<Schema> Schema::FromDocument(const Value& doc) {
  if (!doc.is_object()) {
    return InvalidArgumentError("schema: expected a map, not " +
                                std::string(Value::TypeName(doc.type())));
  }
  if (doc.Contains("types")) return FromSmdValue(doc);
  if (StringOf(doc, "kind") == "CustomResourceDefinition") return FromCrd(doc);
  if (doc.Contains("components")) return FromOpenApiV3(doc);
  return InvalidArgumentError(
      "schema: expected a CustomResourceDefinition, an OpenAPI v3 document (components.schemas) "
      "or structured-merge-diff's schema (types)");
}

std::vector<std::pair<std::string, std::string>> Schema::Kinds() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(data_->kinds.size());
  for (const auto& [key, type] : data_->kinds) {
    size_t space = key.find(' ');
    out.emplace_back(key.substr(0, space), key.substr(space + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gitops::plan
