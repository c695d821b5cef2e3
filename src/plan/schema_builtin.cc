// The built-in schema: core's Kubernetes v1.32 type table as plan types.
//
// The table records list and map semantics (and the fields that lead there)
// and, for the types Flux users deploy, the scalar kind of each field, so
// each recorded type is a struct of its recorded fields whose other keys are
// deduced: a deduced map is granular, a deduced list is atomic, which is
// what the API's own schema says of every field the table leaves out, and a
// deduced value may be of any kind. A scalar field becomes an inline
// `scalar: numeric | string | boolean | untyped` (IntOrString, Quantity and
// Time are untyped, as kube-openapi makes them), a list of scalars a list of
// such, and a map of scalars (labels, data, resources.limits) a map whose
// element type is that scalar: validation then refuses `replicas: "x"` or
// `labels: {a: [1]}` with the field's path, as the API server's typed
// conversion does. The keys left out are struct fields of the real types,
// so the maps say so (MapType::unlisted_keys_are_fields), and so does the
// deduced type below them (kBuiltInDeducedName): then merges, field sets
// and conflicts come out as with the API server's full schema; only value
// validation is looser for what is left out (unknown fields, and the scalar
// kinds of the types the table does not cover, are accepted).
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gitops/core/k8s_types.h"
#include "gitops/plan/schema.h"
#include "plan/kind_key.h"

namespace gitops::plan {

namespace {

constexpr std::string_view kAtomicTypeName = "__untyped_atomic_";
// The deduced type of what the table leaves out (see above).
constexpr std::string_view kBuiltInDeducedName = "__builtin_deduced_";

TypeRef Named(std::string_view name) {
  TypeRef ref;
  ref.named_type = std::string(name);
  return ref;
}

TypeRef Inline(Atom atom) {
  TypeRef ref;
  ref.inlined = std::make_shared<Atom>(std::move(atom));
  return ref;
}

ScalarType ToScalarType(K8sScalar kind) {
  switch (kind) {
    case K8sScalar::kNumeric:
      return ScalarType::kNumeric;
    case K8sScalar::kString:
      return ScalarType::kString;
    case K8sScalar::kBoolean:
      return ScalarType::kBoolean;
    case K8sScalar::kNone:
    case K8sScalar::kUntyped:
      break;
  }
  return ScalarType::kUntyped;
}

// One scalar of the table's kind (structured-merge-diff's inline
// `scalar: numeric`).
TypeRef ScalarRef(K8sScalar kind) {
  Atom atom;
  atom.scalar = ToScalarType(kind);
  return Inline(std::move(atom));
}

// The type of an item or value: a scalar or a map of scalars of the
// recorded kind, else the recorded type, else deduced; replaced whole when
// the table says so.
TypeRef ValueRef(const K8sField& f) {
  if (f.scalar != K8sScalar::kNone) {
    if (!f.scalar_map) return ScalarRef(f.scalar);
    MapType map;
    map.element_type = ScalarRef(f.scalar);
    if (f.atomic) map.relationship = ElementRelationship::kAtomic;
    Atom atom;
    atom.map = std::move(map);
    return Inline(std::move(atom));
  }
  TypeRef ref = Named(f.value.empty() ? kBuiltInDeducedName : f.value);
  if (f.atomic) ref.element_relationship = ElementRelationship::kAtomic;
  return ref;
}

TypeRef FieldRef(const K8sField& f) {
  Atom atom;
  ListType list;
  switch (f.list) {
    case K8sListType::kNone:
      return ValueRef(f);
    case K8sListType::kAtomic:
      list.element_type =
          f.value.empty() && f.scalar == K8sScalar::kNone ? Named(kAtomicTypeName) : ValueRef(f);
      list.relationship = ElementRelationship::kAtomic;
      break;
    case K8sListType::kSet:
      list.element_type =
          f.scalar == K8sScalar::kNone ? Named(kAtomicTypeName) : ScalarRef(f.scalar);
      list.relationship = ElementRelationship::kAssociative;
      break;
    case K8sListType::kMap: {
      list.element_type = ValueRef(f);
      list.relationship = ElementRelationship::kAssociative;
      std::string_view keys = f.keys;
      while (!keys.empty()) {
        size_t comma = keys.find(',');
        list.keys.emplace_back(keys.substr(0, comma));
        keys = comma == std::string_view::npos ? std::string_view() : keys.substr(comma + 1);
      }
      break;
    }
  }
  atom.list = std::move(list);
  return Inline(std::move(atom));
}

}  // namespace

const Schema& Schema::BuiltIn() {
  static const Schema* built_in = [] {
    const K8sTypes& table = K8sTypes::V1_32();
    auto data = std::make_shared<Data>(*Deduced().data_);
    // Type name -> its map; std::map keeps the build deterministic.
    std::map<std::string, MapType, std::less<>> maps;
    auto ensure = [&](std::string_view name) -> MapType& {
      auto it = maps.find(name);
      if (it == maps.end()) {
        MapType m;
        m.element_type = Named(kBuiltInDeducedName);
        m.unlisted_keys_are_fields = true;
        it = maps.emplace(std::string(name), std::move(m)).first;
      }
      return it->second;
    };
    const K8sField* metadata = nullptr;
    for (const K8sField& f : table.fields()) {
      if (f.type == table.object_type()) {
        if (f.name == "metadata") metadata = &f;
        continue;
      }
      StructField field;
      field.name = std::string(f.name);
      field.type = FieldRef(f);
      if (!f.default_value.empty()) field.default_value = Value(std::string(f.default_value));
      ensure(f.type).fields.push_back(std::move(field));
      if (!f.value.empty()) ensure(f.value);
    }
    for (const K8sKind& k : table.kinds()) {
      MapType& root = ensure(k.type);
      if (metadata != nullptr && root.FindField("metadata") == nullptr) {
        root.fields.push_back(StructField{"metadata", FieldRef(*metadata), std::nullopt});
        ensure(metadata->value);
      }
      std::string api_version = k.group.empty()
                                    ? std::string(k.version)
                                    : std::string(k.group) + "/" + std::string(k.version);
      data->kinds.emplace(internal::KindKey(api_version, k.kind), std::string(k.type));
    }
    auto deduced = std::make_shared<Atom>(*data->types.at(std::string(kDeducedTypeName)));
    deduced->map->element_type = Named(kBuiltInDeducedName);
    deduced->map->unlisted_keys_are_fields = true;
    data->types[std::string(kBuiltInDeducedName)] = std::move(deduced);
    std::vector<std::shared_ptr<Atom>> built;
    for (auto& [name, map] : maps) {
      auto atom = std::make_shared<Atom>();
      atom->map = std::move(map);
      built.push_back(atom);
      data->types[name] = std::move(atom);
    }
    // A field replaced whole refers to its type with an atomic override,
    // which Schema::Resolve applies to a fresh copy of the type on every
    // step of every walk: make each such copy once, here. The copy is what
    // Resolve would make (relationships overridden), so walks see the same
    // types.
    auto settle = [&](TypeRef* ref) {
      if (ref->named_type.empty() || !ref->element_relationship) return;
      auto it = data->types.find(ref->named_type);
      if (it == data->types.end()) return;
      auto copy = std::make_shared<Atom>(*it->second);
      if (copy->map) copy->map->relationship = *ref->element_relationship;
      if (copy->list) copy->list->relationship = *ref->element_relationship;
      ref->inlined = std::move(copy);
      ref->named_type.clear();
      ref->element_relationship.reset();
    };
    for (const std::shared_ptr<Atom>& atom : built) {
      for (StructField& field : atom->map->fields) {
        settle(&field.type);
        // FieldRef's inline lists (built here, not shared) hold the item type.
        if (field.type.inlined && field.type.inlined->list) {
          auto list = std::make_shared<Atom>(*field.type.inlined);
          settle(&list->list->element_type);
          field.type.inlined = std::move(list);
        }
      }
    }
    Link(data.get());
    auto* schema = new Schema();
    schema->data_ = std::move(data);
    return schema;
  }();
  return *built_in;
}

std::string_view Schema::BuiltInTypeFor(std::string_view api_version, std::string_view kind) {
  std::string_view type = BuiltIn().RootTypeFor(api_version, kind);
  return type.empty() ? kDeducedTypeName : type;
}

std::string_view Schema::RootTypeFor(std::string_view api_version, std::string_view kind) const {
  auto it = data_->kinds.find(internal::KindKey(api_version, kind));
  return it == data_->kinds.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace gitops::plan
