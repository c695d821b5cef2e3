// Schema: the type information structured merge needs.
//
// One representation for every source of types: structured-merge-diff's own
// schema YAML (`types:` with map / list / scalar / namedType, the format
// kube-openapi converts OpenAPI into, and the one the conformance cases use),
// an OpenAPI v3 document (`components.schemas`, as a cluster serves it at
// /openapi/v3/apis/<group>/<version>), a CustomResourceDefinition's
// `openAPIV3Schema`, the built-in Kubernetes v1.32 type table (core's
// K8sTypes::V1_32()), and the deduced schema the API server uses for types
// it has no schema for (maps granular, lists atomic).
//
// The structs mirror structured-merge-diff's schema/elements.go: an Atom is
// a scalar, a list and/or a map (an untyped atom is all three, and the
// value's own kind picks one); a TypeRef either names a type or inlines an
// Atom, and may override the element relationship.
//
// Thread safety: a Schema is immutable after loading; share it freely
// between threads.
//
//   const gitops::plan::Schema& schema = gitops::plan::Schema::BuiltIn();
//   std::string_view type = gitops::plan::Schema::BuiltInTypeFor("apps/v1", "Deployment");
#ifndef GITOPS_PLAN_SCHEMA_H_
#define GITOPS_PLAN_SCHEMA_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan {

enum class ElementRelationship {
  kSeparable,    // maps: each key owned on its own (the default for maps)
  kAtomic,       // the whole list or map is one field (the default for lists)
  kAssociative,  // lists: a set (no keys) or a list-map (with keys)
};

enum class ScalarType { kNumeric, kString, kBoolean, kUntyped };

struct Atom;

// What a reference resolves to in the schema that holds it, set once when
// that schema is loaded (a cache for Schema::Lookup, never part of the
// type). A copy starts unlinked: it may end up in another schema.
class TypeLink {
 public:
  TypeLink() = default;
  TypeLink(const TypeLink&) {}
  TypeLink& operator=(const TypeLink&) { return *this; }

 private:
  friend class Schema;
  const Atom* atom_ = nullptr;
  uint64_t schema_ = 0;  // the id of the linking schema's data; 0: unlinked
};

struct TypeRef {
  std::string named_type;               // empty when inlined
  std::shared_ptr<const Atom> inlined;  // null when named
  // Overrides the referenced map's or list's relationship (a field-level
  // `elementRelationship`).
  std::optional<ElementRelationship> element_relationship;
  TypeLink link;
};

struct StructField {
  std::string name;
  TypeRef type;
  // The value a list-map key field takes when an item omits it.
  std::optional<Value> default_value;
};

struct MapType {
  std::vector<StructField> fields;
  // The type of keys not in `fields`; absent: such keys are invalid.
  std::optional<TypeRef> element_type;
  ElementRelationship relationship = ElementRelationship::kSeparable;
  // Keys not in `fields` are still fields of a struct, not keys of a map:
  // the built-in table's types, which list only the fields whose merge
  // differs from a deduced one. Field sets then record such a key's own
  // path only where the API server's full schema does (empty or null
  // values), never a `.` for a struct reached through it.
  bool unlisted_keys_are_fields = false;

  // The listed field of that name (the first, if listed twice); nullptr if
  // none. O(1) through an index of `fields` that Schema builds when it loads
  // (links) the type; a scan of `fields` for a type outside a schema, a
  // copy, or `fields` changed in size or reallocated since. Fields must not
  // be renamed or replaced once indexed.
  const StructField* FindField(std::string_view name) const;
  // Whether `key` is a struct field (listed, or unlisted_keys_are_fields).
  bool DeclaresField(std::string_view key) const {
    return unlisted_keys_are_fields || FindField(key) != nullptr;
  }

 private:
  friend class Schema;
  // Open addressing over hashes of the names: slot -> index in `fields` + 1
  // (0: empty; no slots for a few fields, which scan as fast). Valid only
  // once built, for the vector it was built for (`indexed` and
  // `indexed_size`, compared on every lookup). A copy (or move) starts
  // unbuilt, as TypeLink does: the copy's fields are another vector.
  struct FieldIndex {
    FieldIndex() = default;
    FieldIndex(const FieldIndex&) {}
    FieldIndex& operator=(const FieldIndex&) {
      slots.clear();
      built = false;
      indexed = nullptr;
      indexed_size = 0;
      resolved_in = 0;
      return *this;
    }
    std::vector<uint16_t> slots;
    bool built = false;
    const StructField* indexed = nullptr;
    size_t indexed_size = 0;
    // The id of the schema in which every field's type and the element
    // type are linked to an atom (Schema::Lookup finds one for each without
    // a search); 0 if none.
    uint64_t resolved_in = 0;
  };
  bool Indexed() const {
    return index_.built && index_.indexed == fields.data() && index_.indexed_size == fields.size();
  }
  // Builds the index unless it is valid already (a type shared with a
  // published schema is never written); true if it built it.
  bool IndexFields();
  FieldIndex index_;
};

struct ListType {
  TypeRef element_type;
  ElementRelationship relationship = ElementRelationship::kAtomic;
  std::vector<std::string> keys;  // list-map keys; empty for sets and atomic lists
};

struct Atom {
  std::optional<ScalarType> scalar;
  std::optional<ListType> list;
  std::optional<MapType> map;
};

class Schema {
 public:
  // The name of the deduced schema's root type.
  static constexpr std::string_view kDeducedTypeName = "__untyped_deduced_";

  // An empty schema (no types).
  Schema();

  // Reads structured-merge-diff's schema YAML (a document with `types:`).
  // Errors: kParseError (the YAML), kInvalidArgument (a type without a name,
  // an unknown scalar or relationship, a namedType that names no type).
  static Result<Schema> FromSmdYaml(std::string_view text);
  // The same from an already parsed document.
  static Result<Schema> FromSmdValue(const Value& doc);
  // The schema for types without one: `__untyped_deduced_` (maps granular,
  // lists atomic, scalars untyped) and `__untyped_atomic_`.
  static const Schema& Deduced();

  // The built-in Kubernetes v1.32 types (K8sTypes::V1_32(): list types,
  // list-map keys and their defaults, maps and structs replaced whole, and
  // the scalar kinds of the common types' fields) for
  // the kinds Flux users deploy (core/v1, apps/v1, batch/v1,
  // networking.k8s.io/v1, rbac.authorization.k8s.io/v1, policy/v1,
  // autoscaling/v2, apiextensions.k8s.io/v1, admissionregistration.k8s.io/v1),
  // together with the deduced types. A field the table does not record is
  // deduced (maps granular, lists atomic, any scalar), which is what the
  // API's own schema says of such fields but for the scalar kinds; unknown
  // fields are accepted, values of the wrong kind for a recorded field are
  // not.
  static const Schema& BuiltIn();
  // The root type in BuiltIn() of objects of that apiVersion ("v1",
  // "apps/v1") and kind; kDeducedTypeName for any other kind (a custom
  // resource, treated as the API server treats a CRD without a schema).
  static std::string_view BuiltInTypeFor(std::string_view api_version, std::string_view kind);

  // Reads an OpenAPI v3 document with `components.schemas` (a cluster's
  // /openapi/v3/apis/<group>/<version>) as kube-openapi's schemaconv does:
  // each schema becomes a type of its name; `$ref`s (also a one-element
  // `allOf`) name types, and recursive types are fine; a schema that is only
  // a `$ref` is an alias of the type it names. `x-kubernetes-list-type` /
  // `-list-map-keys` (else `x-kubernetes-patch-strategy: merge` with
  // `-patch-merge-key`), `x-kubernetes-map-type`,
  // `x-kubernetes-preserve-unknown-fields` (unknown fields deduced),
  // `x-kubernetes-embedded-resource` (apiVersion, kind and metadata implied),
  // `x-kubernetes-int-or-string` and `default` are honoured; `anyOf` /
  // `oneOf` / other `allOf`s add no structure (structural schemas declare it
  // beside them). `x-kubernetes-group-version-kind` gives RootTypeFor().
  // The deduced types are added. Errors: kInvalidArgument naming the schema
  // path (an unknown `$ref`, a cycle of `$ref`-only schemas, a list-map
  // without keys or with keys that are not strings or not item fields, an
  // unknown list or map type, an unknown `type`).
  static Result<Schema> FromOpenApiV3(const Value& doc);
  // Reads a CustomResourceDefinition (apiextensions.k8s.io/v1): one root
  // type per served version's `schema.openAPIV3Schema`, named
  // `<reversed group>.<version>.<Kind>` (io.fluxcd.toolkit.kustomize.v1.
  // Kustomization, as the API server names it), with apiVersion, kind and
  // metadata (ObjectMeta) implied at the root, read as FromOpenApiV3 reads
  // a schema. Errors: kInvalidArgument (not a CRD, no group or kind, a
  // version without a schema, the schema errors above, naming
  // `spec.versions[i].schema.openAPIV3Schema...`).
  static Result<Schema> FromCrd(const Value& crd);
  // Reads whichever of those `doc` is: a CustomResourceDefinition
  // (FromCrd), an OpenAPI v3 document with `components` (FromOpenApiV3) or
  // structured-merge-diff's schema with `types` (FromSmdValue). Errors:
  // theirs, and kInvalidArgument for a document that is none of them.
  static Result<Schema> FromDocument(const Value& doc);

  // The root type this schema declares for objects of that apiVersion and
  // kind (OpenAPI's x-kubernetes-group-version-kind, a CRD's versions, the
  // built-in kinds); "" if it declares none.
  std::string_view RootTypeFor(std::string_view api_version, std::string_view kind) const;
  // Every {apiVersion, kind} RootTypeFor() knows, sorted.
  std::vector<std::pair<std::string, std::string>> Kinds() const;

  // The named type; nullptr if there is none.
  const Atom* Find(std::string_view name) const;

  // The atom a reference resolves to, with a field-level relationship
  // override applied; nullptr if the named type does not exist.
  std::shared_ptr<const Atom> Resolve(const TypeRef& ref) const;
  // As Resolve, without a hash lookup or a reference count for the
  // references of this schema's own types (linked when it was loaded): the
  // atom stays valid as long as this schema (or a copy) lives. Thread-safe.
  const Atom* Lookup(const TypeRef& ref) const {
    if (ref.link.schema_ == data_->id) return ref.link.atom_;
    return LookUpSlow(ref);
  }
  // Whether Lookup() finds an atom for the type of every field of `map` and
  // for its element type (known when this schema linked it; false when not
  // known).
  bool ResolvesEveryField(const MapType& map) const {
    return map.index_.resolved_in == data_->id && map.Indexed();
  }

 private:
  struct Data {
    Data();
    // The types and kinds, under a new id (and with no overrides made yet).
    Data(const Data& other);
    Data& operator=(const Data&) = delete;

    // Unique per Data, never 0: what TypeLink records.
    const uint64_t id;
    std::unordered_map<std::string, std::shared_ptr<const Atom>> types;
    // "<apiVersion> <kind>" -> root type name.
    std::unordered_map<std::string, std::string> kinds;
    // The atoms with a relationship override, made once per atom and
    // relationship; the first of the pair keeps the atom (and so the key's
    // address) alive.
    mutable std::mutex overrides_mu;
    mutable std::map<std::pair<const Atom*, ElementRelationship>,
                     std::pair<std::shared_ptr<const Atom>, std::shared_ptr<Atom>>>
        overrides;  // guarded by overrides_mu
  };
  friend class OpenApiLoader;
  const Atom* LookUpSlow(const TypeRef& ref) const;
  // The copy of `atom` with `relationship`, made once.
  static Atom* Overridden(const Data& data, std::shared_ptr<const Atom> atom,
                          ElementRelationship relationship, bool* made);
  // Links every reference of `data`'s types that is not linked yet (those
  // this load made; types shared with another schema were linked by it).
  static void Link(Data* data);
  static void LinkAtom(Data* data, Atom* atom);
  static void LinkRef(Data* data, TypeRef* ref);
  std::shared_ptr<const Data> data_;
};

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_SCHEMA_H_
