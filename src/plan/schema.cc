#include "gitops/plan/schema.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <utility>

#include "gitops/core/yaml.h"
#include "plan/key_equal.h"

namespace gitops::plan {

namespace {

// The field index's hash: the length and three bytes, which tell the
// names of one struct apart well enough, in a few instructions.
inline size_t FieldHash(std::string_view name) {
  size_t n = name.size();
  if (n == 0) return 0;
  auto byte = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(name[i])); };
  size_t h = n * 0x9E3779B1u ^ byte(0) * 0x85EBCA77u ^ byte(n - 1) * 0xC2B2AE3Du ^
             byte(n / 2) * 0x27D4EB2Fu;
  return h ^ (h >> 15);
}

inline bool SameName(std::string_view a, std::string_view b) { return internal::KeyEqual(a, b); }

}  // namespace

const StructField* MapType::FindField(std::string_view name) const {
  if (!index_.slots.empty() && Indexed()) {
    size_t mask = index_.slots.size() - 1;
    for (size_t slot = FieldHash(name) & mask;; slot = (slot + 1) & mask) {
      uint16_t i = index_.slots[slot];
      if (i == 0) return nullptr;
      const StructField& f = fields[i - 1];
      if (SameName(f.name, name)) return &f;
    }
  }
  for (const StructField& f : fields) {
    // Length and first byte first: most fields differ there.
    if (SameName(f.name, name)) return &f;
  }
  return nullptr;
}

bool MapType::IndexFields() {
  if (Indexed()) return false;
  index_.slots.clear();
  index_.resolved_in = 0;
  // Small structs scan as fast as they hash; so do those the slots cannot
  // number.
  if (fields.size() >= 4 && fields.size() < 0x8000) {
    size_t size = 8;
    while (size < 2 * fields.size()) size *= 2;
    index_.slots.assign(size, 0);
    size_t mask = size - 1;
    for (size_t i = 0; i < fields.size(); ++i) {
      size_t slot = FieldHash(fields[i].name) & mask;
      bool listed = false;  // the first of a name wins, as the scan finds it
      while (index_.slots[slot] != 0) {
        if (fields[index_.slots[slot] - 1].name == fields[i].name) listed = true;
        slot = (slot + 1) & mask;
      }
      if (!listed) index_.slots[slot] = static_cast<uint16_t>(i + 1);
    }
  }
  index_.built = true;
  index_.indexed = fields.data();
  index_.indexed_size = fields.size();
  return true;
}

namespace {

// structured-merge-diff's deduced schema (typed/deduced.go's
// DeducedParseableType, written in its schema YAML).
constexpr std::string_view kDeducedSchemaYaml = R"(types:
- name: __untyped_atomic_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
- name: __untyped_deduced_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_deduced_
    elementRelationship: separable
)";

class Loader {
 public:
  Status LoadAtom(const Value& v, const std::string& where, Atom* out);
  Status LoadTypeRef(const Value& v, const std::string& where, TypeRef* out);

 private:
  Status Relationship(const Value& v, const std::string& where, ElementRelationship* out) {
    std::string_view s = v.is_string() ? v.as_string() : std::string_view();
    if (s == "separable") {
      *out = ElementRelationship::kSeparable;
    } else if (s == "atomic") {
      *out = ElementRelationship::kAtomic;
    } else if (s == "associative") {
      *out = ElementRelationship::kAssociative;
    } else {
      return InvalidArgumentError(where +
                                  ": elementRelationship must be separable, atomic or associative");
    }
    return OkStatus();
  }
};

Status Loader::LoadTypeRef(const Value& v, const std::string& where, TypeRef* out) {
  if (!v.is_object()) return InvalidArgumentError(where + ": a type must be a map");
  if (const Value* named = v.Find("namedType")) {
    if (!named->is_string() || named->as_string().empty()) {
      return InvalidArgumentError(where + ": namedType must be a non-empty string");
    }
    out->named_type = std::string(named->as_string());
  }
  if (const Value* rel = v.Find("elementRelationship")) {
    ElementRelationship r;
    GITOPS_RETURN_IF_ERROR(Relationship(*rel, where, &r));
    out->element_relationship = r;
  }
  if (v.Contains("scalar") || v.Contains("list") || v.Contains("map") || v.Contains("untyped")) {
    if (!out->named_type.empty()) {
      return InvalidArgumentError(where + ": namedType and an inline type together");
    }
    auto atom = std::make_shared<Atom>();
    GITOPS_RETURN_IF_ERROR(LoadAtom(v, where, atom.get()));
    out->inlined = std::move(atom);
  }
  if (out->named_type.empty() && !out->inlined) {
    return InvalidArgumentError(where + ": a type needs namedType, scalar, list or map");
  }
  return OkStatus();
}

Status Loader::LoadAtom(const Value& v, const std::string& where, Atom* out) {
  if (const Value* s = v.Find("scalar")) {
    std::string_view name = s->is_string() ? s->as_string() : std::string_view();
    if (name == "numeric") {
      out->scalar = ScalarType::kNumeric;
    } else if (name == "string") {
      out->scalar = ScalarType::kString;
    } else if (name == "boolean") {
      out->scalar = ScalarType::kBoolean;
    } else if (name == "untyped") {
      out->scalar = ScalarType::kUntyped;
    } else {
      return InvalidArgumentError(where + ": scalar must be numeric, string, boolean or untyped");
    }
  }
  if (v.Contains("untyped")) {
    return UnimplementedError(where + ": the legacy `untyped:` atom (use scalar: untyped)");
  }
  if (const Value* l = v.Find("list")) {
    if (!l->is_object()) return InvalidArgumentError(where + ": list must be a map");
    ListType list;
    const Value* element = l->Find("elementType");
    if (element == nullptr) return InvalidArgumentError(where + ": list without elementType");
    GITOPS_RETURN_IF_ERROR(LoadTypeRef(*element, where + ".list.elementType", &list.element_type));
    if (const Value* rel = l->Find("elementRelationship")) {
      GITOPS_RETURN_IF_ERROR(Relationship(*rel, where + ".list", &list.relationship));
      if (list.relationship == ElementRelationship::kSeparable) {
        return InvalidArgumentError(where + ".list: a list cannot be separable");
      }
    }
    if (const Value* keys = l->Find("keys")) {
      if (!keys->is_array()) return InvalidArgumentError(where + ".list.keys must be a list");
      for (const Value& k : keys->items()) {
        if (!k.is_string()) return InvalidArgumentError(where + ".list.keys: keys are strings");
        if (std::find(list.keys.begin(), list.keys.end(), k.as_string()) != list.keys.end()) {
          // An item's key would name the field twice.
          return InvalidArgumentError(where + ".list.keys: \"" + std::string(k.as_string()) +
                                      "\" is listed twice");
        }
        list.keys.emplace_back(k.as_string());
      }
    }
    out->list = std::move(list);
  }
  if (const Value* m = v.Find("map")) {
    if (!m->is_object()) return InvalidArgumentError(where + ": map must be a map");
    MapType map;
    if (const Value* fields = m->Find("fields")) {
      if (!fields->is_array()) return InvalidArgumentError(where + ".map.fields must be a list");
      for (const Value& f : fields->items()) {
        const Value* name = f.Find("name");
        if (name == nullptr || !name->is_string()) {
          return InvalidArgumentError(where + ".map.fields: a field without a name");
        }
        StructField field;
        field.name = std::string(name->as_string());
        const Value* type = f.Find("type");
        if (type == nullptr) {
          return InvalidArgumentError(where + ".map.fields." + field.name + ": no type");
        }
        GITOPS_RETURN_IF_ERROR(LoadTypeRef(*type, where + "." + field.name, &field.type));
        if (const Value* def = f.Find("default")) field.default_value = *def;
        map.fields.push_back(std::move(field));
      }
    }
    if (const Value* element = m->Find("elementType")) {
      TypeRef ref;
      GITOPS_RETURN_IF_ERROR(LoadTypeRef(*element, where + ".map.elementType", &ref));
      map.element_type = std::move(ref);
    }
    if (const Value* rel = m->Find("elementRelationship")) {
      GITOPS_RETURN_IF_ERROR(Relationship(*rel, where + ".map", &map.relationship));
      // structured-merge-diff accepts `associative` on a map and treats it
      // as granular (only `atomic` changes how a map merges).
      if (map.relationship == ElementRelationship::kAssociative) {
        map.relationship = ElementRelationship::kSeparable;
      }
    }
    out->map = std::move(map);
  }
  return OkStatus();
}

// Every namedType must name a type.
Status CheckRef(const TypeRef& ref, const std::unordered_map<std::string, bool>& names,
                const std::string& where);
Status CheckAtom(const Atom& atom, const std::unordered_map<std::string, bool>& names,
                 const std::string& where) {
  if (atom.list) GITOPS_RETURN_IF_ERROR(CheckRef(atom.list->element_type, names, where));
  if (atom.map) {
    for (const StructField& f : atom.map->fields) {
      GITOPS_RETURN_IF_ERROR(CheckRef(f.type, names, where + "." + f.name));
    }
    if (atom.map->element_type) {
      GITOPS_RETURN_IF_ERROR(CheckRef(*atom.map->element_type, names, where));
    }
  }
  return OkStatus();
}
Status CheckRef(const TypeRef& ref, const std::unordered_map<std::string, bool>& names,
                const std::string& where) {
  if (!ref.named_type.empty() && names.count(ref.named_type) == 0) {
    return InvalidArgumentError(where + ": namedType \"" + ref.named_type + "\" names no type");
  }
  if (ref.inlined) return CheckAtom(*ref.inlined, names, where);
  return OkStatus();
}

}  // namespace

namespace {
std::atomic<uint64_t> next_schema_id{1};
}  // namespace

Schema::Data::Data() : id(next_schema_id.fetch_add(1)) {}

Schema::Data::Data(const Data& other)
    : id(next_schema_id.fetch_add(1)), types(other.types), kinds(other.kinds) {}

Schema::Schema() : data_(std::make_shared<Data>()) {}

Atom* Schema::Overridden(const Data& data, std::shared_ptr<const Atom> atom,
                         ElementRelationship relationship, bool* made) {
  std::lock_guard<std::mutex> lock(data.overrides_mu);
  auto key = std::make_pair(atom.get(), relationship);
  auto it = data.overrides.find(key);
  if (it != data.overrides.end()) return it->second.second.get();
  auto copy = std::make_shared<Atom>(*atom);
  if (copy->map) copy->map->relationship = relationship;
  if (copy->list) copy->list->relationship = relationship;
  Atom* out = copy.get();
  data.overrides.emplace(key, std::make_pair(std::move(atom), std::move(copy)));
  if (made != nullptr) *made = true;
  return out;
}

const Atom* Schema::LookUpSlow(const TypeRef& ref) const {
  std::shared_ptr<const Atom> atom;
  if (!ref.named_type.empty()) {
    auto it = data_->types.find(ref.named_type);
    if (it == data_->types.end()) return nullptr;
    if (!ref.element_relationship) return it->second.get();
    atom = it->second;
  } else {
    if (!ref.inlined || !ref.element_relationship) return ref.inlined.get();
    atom = ref.inlined;
  }
  if (!atom) return nullptr;
  return Overridden(*data_, std::move(atom), *ref.element_relationship, nullptr);
}

void Schema::LinkRef(Data* data, TypeRef* ref) {
  // Linked already: here, or in the (published, immutable) schema whose
  // type this is, where it may resolve differently.
  if (ref->link.schema_ != 0) return;
  ref->link.schema_ = data->id;
  std::shared_ptr<const Atom> atom;
  if (!ref->named_type.empty()) {
    auto it = data->types.find(ref->named_type);
    if (it != data->types.end()) atom = it->second;
  } else if (ref->inlined) {
    atom = ref->inlined;
    // Made by this load unless its references are linked (LinkRef then
    // changes nothing): never written once published.
    LinkAtom(data, const_cast<Atom*>(atom.get()));
  }
  if (!atom || !ref->element_relationship) {
    ref->link.atom_ = atom.get();
    return;
  }
  bool made = false;
  Atom* copy = Overridden(*data, std::move(atom), *ref->element_relationship, &made);
  ref->link.atom_ = copy;
  if (made) LinkAtom(data, copy);
}

void Schema::LinkAtom(Data* data, Atom* atom) {
  if (atom->list) LinkRef(data, &atom->list->element_type);
  if (atom->map) {
    MapType& map = *atom->map;
    // Only a type this load made is indexed here (one linked by another
    // schema is left alone).
    bool fresh = map.IndexFields();
    for (StructField& f : map.fields) LinkRef(data, &f.type);
    if (map.element_type) LinkRef(data, &*map.element_type);
    if (fresh) {
      auto linked = [&](const TypeRef& ref) {
        return ref.link.schema_ == data->id && ref.link.atom_ != nullptr;
      };
      bool all = !map.element_type || linked(*map.element_type);
      for (const StructField& f : map.fields) all = all && linked(f.type);
      map.index_.resolved_in = all ? data->id : 0;
    }
  }
}

void Schema::Link(Data* data) {
  for (auto& [name, atom] : data->types) LinkAtom(data, const_cast<Atom*>(atom.get()));
}

Result<Schema> Schema::FromSmdYaml(std::string_view text) {
  GITOPS_ASSIGN_OR_RETURN(Value doc, ReadYamlDocument(text));
  return FromSmdValue(doc);
}

Result<Schema> Schema::FromSmdValue(const Value& doc) {
  const Value* types = doc.Find("types");
  if (types == nullptr || !types->is_array()) {
    return InvalidArgumentError("schema: expected a map with a `types` list");
  }
  auto data = std::make_shared<Data>();
  Loader loader;
  for (const Value& t : types->items()) {
    const Value* name = t.Find("name");
    if (name == nullptr || !name->is_string() || name->as_string().empty()) {
      return InvalidArgumentError("schema: a type without a name");
    }
    std::string type_name(name->as_string());
    auto atom = std::make_shared<Atom>();
    GITOPS_RETURN_IF_ERROR(loader.LoadAtom(t, "schema type " + type_name, atom.get()));
    if (!data->types.emplace(type_name, std::move(atom)).second) {
      return InvalidArgumentError("schema: type \"" + type_name + "\" defined twice");
    }
  }
  std::unordered_map<std::string, bool> names;
  for (const auto& [name, atom] : data->types) names.emplace(name, true);
  for (const auto& [name, atom] : data->types) {
    GITOPS_RETURN_IF_ERROR(CheckAtom(*atom, names, "schema type " + name));
  }
  Link(data.get());
  Schema schema;
  schema.data_ = std::move(data);
  return schema;
}

const Schema& Schema::Deduced() {
  static const Schema* deduced = [] {
    Result<Schema> s = FromSmdYaml(kDeducedSchemaYaml);
    return new Schema(s.ok() ? std::move(s).value() : Schema());
  }();
  return *deduced;
}

const Atom* Schema::Find(std::string_view name) const {
  auto it = data_->types.find(std::string(name));
  return it == data_->types.end() ? nullptr : it->second.get();
}

std::shared_ptr<const Atom> Schema::Resolve(const TypeRef& ref) const {
  const Atom* atom = Lookup(ref);
  // Owned by the schema's data (its types, their inline types, the
  // overrides) or, for a reference outside the schema, by `ref`.
  if (atom == nullptr) return nullptr;
  if (atom == ref.inlined.get()) return ref.inlined;
  return std::shared_ptr<const Atom>(data_, atom);
}

}  // namespace gitops::plan
