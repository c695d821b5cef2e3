// GCC 12 at -O1 with the sanitizers warns inside libstdc++'s own
// std::function as <regex> instantiates it (-Wmaybe-uninitialized, the false
// positive tests/CMakeLists.txt notes for Catch2); it is not our code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "gitops/plan/diff.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "canonical_key.h"
#include "core/value_internal.h"
#include "defaults.h"
#include "diff_internal.h"
#include "gitops/core/base64.h"
#include "gitops/core/json.h"
#include "gitops/core/object.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/fieldpath.h"
#include "gitops/plan/merge.h"
#include "key_equal.h"
#include "mask.h"
#include "quantity.h"
#include "scope.h"
#include "selector.h"
#include "typed.h"
#include "udiff.h"

namespace gitops::plan {

namespace internal {

namespace {

constexpr std::string_view kFluxPrefix = "kustomize.toolkit.fluxcd.io/";

// Metadata the API server writes; never part of an applied configuration
// and never drift.
constexpr std::string_view kServerMetadata[] = {
    "uid",          "resourceVersion",   "generation",
    "creationTimestamp", "managedFields", "selfLink",
    "deletionTimestamp", "deletionGracePeriodSeconds"};

bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Str(const Value* v) {
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

const Value* Metadata(const Value& object, std::string_view field) {
  const Value* metadata = object.Find("metadata");
  return metadata != nullptr && metadata->is_object() ? metadata->Find(field) : nullptr;
}

void StripServerFields(Value* object, bool keep_status) {
  if (Value* metadata = object->Find("metadata"); metadata != nullptr && metadata->is_object()) {
    for (std::string_view f : kServerMetadata) metadata->Erase(f);
  }
  if (!keep_status) object->Erase("status");
}

// Whether StripServerFields would change `object`.
bool HasServerFields(const Value& object, bool keep_status) {
  if (const Value* metadata = object.Find("metadata");
      metadata != nullptr && metadata->is_object()) {
    for (std::string_view f : kServerMetadata) {
      if (metadata->Contains(f)) return true;
    }
  }
  return !keep_status && object.Contains("status");
}

// The configuration an apply sends for `desired`: `desired` itself, or,
// when StripServerFields would change it, a stripped copy kept in `*copy`.
const Value& Configuration(const Value& desired, bool keep_status, std::optional<Value>* copy) {
  if (!HasServerFields(desired, keep_status)) return desired;
  *copy = desired;
  StripServerFields(&**copy, keep_status);
  return **copy;
}

std::string KindKey(const ObjectId& id) {
  return id.group.empty() ? id.kind : id.group + "/" + id.kind;
}

TypeRef SchemaRoot(const KindSchema& schema) {
  TypeRef root;
  root.named_type =
      schema.type_name.empty() ? std::string(Schema::kDeducedTypeName) : schema.type_name;
  return root;
}

KindSchema LookUpSchema(const DiffOptions& options, std::string_view api_version,
                        std::string_view kind) {
  if (options.schemas) {
    if (std::optional<KindSchema> found = options.schemas(api_version, kind)) return *found;
  }
  // The built-in v1.32 table for the kinds it knows; deduced otherwise, as
  // the API server treats a custom resource without a schema.
  std::string_view type = Schema::BuiltInTypeFor(api_version, kind);
  if (type != Schema::kDeducedTypeName) return KindSchema{Schema::BuiltIn(), std::string(type)};
  return KindSchema{Schema::Deduced(), ""};
}

// The key ReadLiveManaged gives a well-formed managedFields entry.
std::string LiveManagerKey(const Value& e) {
  std::string key = Str(e.Find("manager"));
  std::string op = Str(e.Find("operation"));
  std::string subresource = Str(e.Find("subresource"));
  if (op != "Apply" || !subresource.empty()) key += "/" + op;
  if (!subresource.empty()) key += "/" + subresource;
  return key;
}

// One managedFields array as ManagedFields. Kubernetes keeps one entry per
// manager, operation and subresource; ManagedFields one per name, so an
// entry other than a manager's main Apply entry is keyed
// "<manager>/<operation>[/<subresource>]". Only ownership matters here,
// never the names written back.
Result<ManagedFields> ReadLiveManaged(const Value* entries) {
  ManagedFields out;
  if (entries == nullptr || entries->is_null()) return out;
  if (!entries->is_array()) return InvalidArgumentError("metadata.managedFields: expected a list");
  size_t index = 0;
  for (const Value& e : entries->items()) {
    std::string where = "metadata.managedFields[" + std::to_string(index++) + "]";
    if (!e.is_object()) return InvalidArgumentError(where + ": expected a map");
    const Value* manager = e.Find("manager");
    if (manager == nullptr || !manager->is_string()) {
      return InvalidArgumentError(where + ": no manager");
    }
    ManagedFieldsEntry entry;
    std::string op = Str(e.Find("operation"));
    if (op != "Apply" && op != "Update") {
      return InvalidArgumentError(where + ": operation must be Apply or Update");
    }
    entry.applied = op == "Apply";
    if (const Value* t = e.Find("fieldsType");
        t != nullptr && !(t->is_string() && t->as_string() == "FieldsV1")) {
      return InvalidArgumentError(where + ": fieldsType must be FieldsV1");
    }
    entry.manager = LiveManagerKey(e);
    entry.api_version = Str(e.Find("apiVersion"));
    entry.time = Str(e.Find("time"));
    if (const Value* f = e.Find("fieldsV1")) {
      Result<FieldSet> set = FieldSet::FromFieldsV1(*f);
      if (!set.ok()) {
        return set.status().WithContext(where + " (" + std::string(manager->as_string()) + ")");
      }
      entry.fields = std::move(set).value();
    }
    if (ManagedFieldsEntry* same = out.Find(entry.manager)) {
      same->fields = same->fields.Union(entry.fields);
    } else {
      out.Set(std::move(entry));
    }
  }
  return out;
}

// Whether TakeOver hands the entry keyed `key` (by ReadLiveManaged) to
// options.manager: our own Update entry and the listed managers' entries,
// never a subresource's.
bool TakenOver(const DiffOptions& options, std::string_view key) {
  if (key == options.manager) return false;
  // The real name and operation of an entry keyed by ReadLiveManaged.
  size_t slash = key.find('/');
  std::string_view name = key.substr(0, slash);
  std::string_view rest = slash == std::string_view::npos ? "" : key.substr(slash + 1);
  if (rest.find('/') != std::string_view::npos) return false;  // a subresource's entry
  bool apply_op = rest.empty();
  if (name == options.manager && !apply_op) return true;
  for (const TakeoverManager& t : options.takeover) {
    if (t.apply_operation != apply_op) continue;
    if (t.exact ? name == t.name : name.starts_with(t.name)) return true;
  }
  return false;
}

// The child of `v` that `e` names (an item by its key, value or index), or
// nullptr.
const Value* StepInto(const Value& v, const PathElement& e) {
  if (e.kind() == PathElement::Kind::kField) {
    return v.is_object() ? v.Find(e.field_name()) : nullptr;
  }
  if (!v.is_array()) return nullptr;
  auto items = v.items();
  for (size_t i = 0; i < items.size(); ++i) {
    bool hit = false;
    if (e.kind() == PathElement::Kind::kIndex) {
      hit = static_cast<int64_t>(i) == e.index();
    } else if (e.kind() == PathElement::Kind::kValue) {
      hit = items[i] == e.value();
    } else {
      hit = items[i].is_object();
      for (const auto& [k, want] : e.key()) {
        const Value* f = hit ? items[i].Find(k) : nullptr;
        if (f == nullptr || !(*f == want)) hit = false;
      }
    }
    if (hit) return &items[i];
  }
  return nullptr;
}

// SameLeaf(have, v) for the Value ReadCanonicalKey makes of `f`.
bool SameKeyField(const Value& have, const CanonicalKeyView::Field& f) {
  switch (f.kind) {
    case CanonicalKeyView::Field::Kind::kString:
      // A string equals only a string.
      return have.is_string() && KeyEqual(have.as_string(), f.text);
    case CanonicalKeyView::Field::Kind::kInteger:
      return have == Value(static_cast<unsigned long long>(f.integer));
    case CanonicalKeyView::Field::Kind::kBool:
      return have == Value(f.boolean);
  }
  return false;
}

// Whether FieldSet::FromFieldsV1 accepts `node` and, when `v` is given,
// every path it names is present in `*v` (as a walk of the set it reads
// would find, without building the set). Flattened, as IsSubset: GCC
// otherwise calls Value::as_string's heap-string half out of line, once
// per key longer than 14 bytes (most FieldsV1 keys).
__attribute__((flatten)) bool FieldsV1Present(const Value& node, const Value* v) {
  if (!node.is_object()) return false;
  // FieldsV1 lists its fields sorted, as manifests mostly list them: each
  // is looked for where the last one was found.
  std::span<const Value::Member> v_members;
  if (v != nullptr) v_members = v->members();
  size_t cursor = 0;
  for (const Value::Member& m : node.members()) {
    std::string_view key = m.key();
    if (key.size() == 1 && key[0] == '.') continue;
    const Value* next = nullptr;
    if (key.size() >= 2 && key[0] == 'f' && key[1] == ':') {
      if (v != nullptr) {
        next = FindKeyFrom(v_members, std::string_view(key.data() + 2, key.size() - 2), &cursor);
        if (next == nullptr) return false;
      }
    } else if (key.size() >= 2 && key[0] == 'k' && key[1] == ':') {
      // PathElement::FromFieldsV1Key's checks of a list-map key, matched as
      // StepInto matches one, without the element.
      CanonicalKeyView view;
      std::optional<Value> json;
      if (!ReadCanonicalKeyView(std::string_view(key.data() + 2, key.size() - 2), &view)) {
        Result<Value> fields = ReadJson(key.substr(2));
        if (!fields.ok() || !fields->is_object() || fields->empty()) return false;
        json = std::move(fields).value();
      }
      if (v != nullptr) {
        if (!v->is_array()) return false;
        for (const Value& item : v->items()) {
          bool hit = item.is_object();
          if (json) {
            for (const Value::Member& f : json->members()) {
              const Value* have = hit ? item.Find(f.key()) : nullptr;
              if (have == nullptr || !(*have == f.value())) hit = false;
            }
          } else {
            for (size_t k = 0; hit && k < view.size; ++k) {
              const Value* have = FindKey(item, view.fields[k].name);
              if (have == nullptr || !SameKeyField(*have, view.fields[k])) hit = false;
            }
          }
          if (hit) {
            next = &item;
            break;
          }
        }
        if (next == nullptr) return false;
      }
    } else {
      Result<PathElement> e = PathElement::FromFieldsV1Key(key);
      if (!e.ok()) return false;
      if (v != nullptr) {
        next = StepInto(*v, *e);
        if (next == nullptr) return false;
      }
    }
    const Value& child = m.value();
    if (child.is_object() && child.empty()) continue;
    if (!FieldsV1Present(child, next)) return false;
  }
  return true;
}

// Walks a live managedFields array as ReadLiveManaged reads it: `check`
// gets each entry's FieldsV1 and whether the entry is ours after TakeOver
// (`takeover`). False when an entry would not parse (the full path then
// reports it) or `check` returns false.
template <typename Check>
bool EachLiveFields(const Value* entries, const DiffOptions& options, bool takeover,
                    const Check& check) {
  if (entries == nullptr || entries->is_null()) return true;
  if (!entries->is_array()) return false;
  for (const Value& e : entries->items()) {
    if (!e.is_object()) return false;
    const Value* manager = e.Find("manager");
    if (manager == nullptr || !manager->is_string()) return false;
    std::string op = Str(e.Find("operation"));
    if (op != "Apply" && op != "Update") return false;
    if (const Value* t = e.Find("fieldsType");
        t != nullptr && !(t->is_string() && t->as_string() == "FieldsV1")) {
      return false;
    }
    const Value* fields = e.Find("fieldsV1");
    if (fields == nullptr || fields->is_null()) continue;
    std::string key = LiveManagerKey(e);
    bool ours = key == options.manager || (takeover && TakenOver(options, key));
    if (!check(*fields, ours)) return false;
  }
  return true;
}

// The no-merge shortcut's view of a live managedFields array: true when
// ReadLiveManaged accepts it and every field that would be ours after
// TakeOver (`takeover`) is present in `desired`. False sends the object down
// the full path, which reports any error.
bool OwnedFieldsPresent(const Value* entries, const DiffOptions& options, bool takeover,
                        const Value& desired) {
  return EachLiveFields(entries, options, takeover, [&](const Value& fields, bool ours) {
    return FieldsV1Present(fields, ours ? &desired : nullptr);
  });
}

// The configured objects' view of a live managedFields array: true when
// ReadLiveManaged accepts it and every field that would be ours after
// TakeOver (`takeover`) is one `config` sets, as the apply's prune sees
// them (so it prunes nothing). False sends the object down the full path.
bool OwnedFieldsWithin(const Value* entries, const DiffOptions& options, bool takeover,
                       const Typed& typed, const Value& config) {
  return EachLiveFields(entries, options, takeover, [&](const Value& fields, bool ours) {
    return ours ? FieldsV1Within(typed, fields, config) : FieldsV1Present(fields, nullptr);
  });
}

// kustomize-controller's cleanup before applying: the fields of the listed
// managers (and of our own manager's Update entry) become ours.
void TakeOver(const DiffOptions& options, ManagedFields* managed) {
  std::vector<std::string> taken;
  for (const ManagedFieldsEntry& e : managed->entries()) {
    if (TakenOver(options, e.manager)) taken.push_back(e.manager);
  }
  if (taken.empty()) return;
  ManagedFieldsEntry ours;
  if (const ManagedFieldsEntry* e = managed->Find(options.manager)) ours = *e;
  ours.manager = options.manager;
  ours.applied = true;
  for (const std::string& m : taken) {
    ours.fields = ours.fields.Union(managed->Find(m)->fields);
    managed->Erase(m);
  }
  managed->Set(std::move(ours));
}

// kustomize-controller's cleanup patch (ssa's cleanupMetadata): the
// listed annotations and labels of `object` that `desired` does not set,
// removed (only looked for when `object` is const). Returns whether there
// were any.
template <typename V>
bool CleanUpMetadata(const DiffOptions& options, const Value& desired, V* object) {
  constexpr bool kRemove = !std::is_const_v<V>;
  bool any = false;
  auto clean = [&](std::string_view field, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    V* metadata = object->Find("metadata");
    V* map = metadata != nullptr && metadata->is_object() ? metadata->Find(field) : nullptr;
    if (map == nullptr || !map->is_object()) return;
    const Value* wanted = Metadata(desired, field);
    for (const std::string& key : keys) {
      if (wanted != nullptr && wanted->is_object() && wanted->Contains(key)) continue;
      if constexpr (kRemove) {
        if (map->Erase(key)) any = true;
      } else {
        if (map->Contains(key)) any = true;
      }
    }
    if constexpr (kRemove) {
      if (map->empty()) metadata->Erase(field);
    }
  };
  clean("annotations", options.cleanup_annotations);
  clean("labels", options.cleanup_labels);
  return any;
}

// A copy of `object` without metadata.managedFields (the largest part of a
// live object; the apply takes it apart, as ManagedFields).
Value CopyWithoutManagedFields(const Value& object) {
  if (!object.is_object()) return object;
  Value out = Value::Object();
  out.Reserve(object.size());
  for (const Value::Member& m : object.members()) {
    if (m.key() != "metadata" || !m.value().is_object()) {
      out.AppendMember(m.key(), m.value());
      continue;
    }
    Value metadata = Value::Object();
    metadata.Reserve(m.value().size());
    for (const Value::Member& f : m.value().members()) {
      if (f.key() != "managedFields") metadata.AppendMember(f.key(), f.value());
    }
    out.AppendMember(m.key(), std::move(metadata));
  }
  return out;
}

// Secret stringData folded into data, as the API server's Secret strategy
// does on every write.
void FoldStringData(Value* secret) {
  Value* string_data = secret->Find("stringData");
  if (string_data == nullptr) return;
  if (string_data->is_object()) {
    Value& data = (*secret)["data"];
    if (!data.is_object()) data = Value::Object();
    for (const Value::Member& m : string_data->members()) {
      if (m.value().is_string()) data.Set(m.key(), Base64Encode(m.value().as_string()));
    }
  }
  secret->Erase("stringData");
}

// Drops the null members of maps in `v` that `live` does not hold as null
// either: a field the apply emptied is absent from the stored object, as
// the API server's typed encoding leaves it out. `live` is the object as
// stored; its metadata.managedFields counts as absent (`depth` 1: below
// the root's metadata), as in the copy the merge was made in, so that no
// copy without them is needed here.
void DropNulls(Value* v, const Value* live, int depth = 0) {
  if (v->is_object()) {
    for (size_t i = v->size(); i-- > 0;) {
      Value::Member& m = v->members()[i];
      const bool skipped = depth == 1 && m.key() == "managedFields";
      const Value* l =
          live != nullptr && live->is_object() && !skipped ? FindKey(*live, m.key()) : nullptr;
      if (m.value().is_null() && (l == nullptr || !l->is_null())) {
        v->Erase(std::string(m.key()));
      } else {
        DropNulls(&m.value(), l, depth == 0 && m.key() == "metadata" ? 1 : 2);
      }
    }
  } else if (v->is_array()) {
    for (Value& item : v->items()) DropNulls(&item, nullptr, 2);
  }
}

// The value at `path` under `root` and its JSON pointer; nullptr when the
// path leaves the value (the pointer then ends where it did).
const Value* Walk(const Value& root, const FieldPath& path, std::string* pointer) {
  const Value* cur = &root;
  for (const PathElement& e : path) {
    if (cur == nullptr) {
      pointer->append("/").append(EscapePointerToken(e.ToString()));
      continue;
    }
    const Value* next = StepInto(*cur, e);
    switch (e.kind()) {
      case PathElement::Kind::kField:
        pointer->append("/").append(EscapePointerToken(e.field_name()));
        break;
      case PathElement::Kind::kKey:
      case PathElement::Kind::kValue:
      case PathElement::Kind::kIndex:
        if (next != nullptr) {
          pointer->append("/").append(std::to_string(next - cur->items().data()));
        } else {
          pointer->append("/").append(EscapePointerToken(e.ToString()));
        }
        break;
    }
    cur = next;
  }
  return cur;
}

// operator== (value.cc), strings and keys compared with KeyEqual and
// members found with FindKey: the same answers without a call per node
// (atomic lists and maps are compared whole).
bool SameTree(const Value& a, const Value& b) {
  if (a.is_string()) return b.is_string() && KeyEqual(a.as_string(), b.as_string());
  if (a.is_array()) {
    if (!b.is_array() || a.size() != b.size()) return false;
    std::span<const Value> ia = a.items(), ib = b.items();
    for (size_t i = 0; i < ia.size(); ++i) {
      if (!SameTree(ia[i], ib[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (!b.is_object() || a.size() != b.size()) return false;
    for (const Value::Member& m : a.members()) {
      const Value* other = FindKey(b, m.key());
      if (other == nullptr || !SameTree(m.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

// Whether every field `desired` sets holds the same value in `live`, so
// that merging `desired` into `live` gives `live`: atomic lists and sets
// compared whole, list-maps item by item (same keys in the same order, each
// desired item a subset of the live one: the defaults the API server added
// to items stay). What an apply never writes is left out: server metadata
// and, unless `keep_status`, status. A type the schema lacks counts as "no".
// Flattened (everything it calls from this file inlined, SameTree's first
// level included): GCC otherwise calls Value::as_string's heap-string half
// out of line for each long key and leaf.
__attribute__((flatten)) bool IsSubset(const Schema& schema, const TypeRef& ref,
                                       const Value& desired, const Value& live, int depth,
                                       bool keep_status) {
  const Atom* atom = schema.Lookup(ref);
  if (!atom) return false;
  if (desired.is_object() && atom->map) {
    if (!live.is_object()) return false;
    const MapType& map = *atom->map;
    bool atomic = map.relationship == ElementRelationship::kAtomic;
    if (atomic) return SameTree(desired, live);
    std::span<const Value::Member> live_members = live.members();
    size_t next = 0;  // where the live member after the last one found is
    // Every key has a type that resolves: a leaf's is not looked up.
    const bool leaves_typed = map.element_type && schema.ResolvesEveryField(map);
    for (const Value::Member& m : desired.members()) {
      std::string_view key = m.key();
      if (depth == 0 && !keep_status && KeyEqual(key, "status")) continue;
      if (depth == 1) {
        bool server = false;
        for (std::string_view f : kServerMetadata) server = server || KeyEqual(key, f);
        if (server) continue;
      }
      const Value* l = FindKeyFrom(live_members, key, &next);
      if (l == nullptr) return false;
      const Value& value = m.value();
      const bool leaf = !value.is_object() && !value.is_array();
      // A leaf, as the call below would judge it, without the call.
      if (leaf && leaves_typed) {
        if (!SameLeaf(value, *l)) return false;
        continue;
      }
      const TypeRef* child = nullptr;
      if (const StructField* f = map.FindField(key)) {
        child = &f->type;
      } else if (map.element_type) {
        child = &*map.element_type;
      }
      if (child == nullptr) return false;
      if (leaf) {
        if (schema.Lookup(*child) == nullptr || !SameLeaf(value, *l)) return false;
        continue;
      }
      bool metadata = depth == 0 && KeyEqual(key, "metadata");
      if (!IsSubset(schema, *child, value, *l, metadata ? 1 : 2, keep_status)) return false;
    }
    return true;
  }
  if (desired.is_array() && atom->list && !atom->list->keys.empty() &&
      atom->list->relationship == ElementRelationship::kAssociative) {
    if (!live.is_array() || live.size() != desired.size()) return false;
    const ListType& list = *atom->list;
    for (size_t i = 0; i < desired.size(); ++i) {
      const Value& d = desired[i];
      const Value& l = live[i];
      if (!d.is_object() || !l.is_object()) return false;
      for (const std::string& k : list.keys) {
        const Value* dk = FindKey(d, k);
        const Value* lk = FindKey(l, k);
        if (dk == nullptr || lk == nullptr || !SameLeaf(*dk, *lk)) return false;
      }
      if (!IsSubset(schema, list.element_type, d, l, 2, keep_status)) return false;
    }
    return true;
  }
  return SameTree(desired, live);
}

bool HasProperPrefixIn(const FieldSet& set, const FieldPath& path) {
  FieldPath prefix;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    prefix.push_back(path[i]);
    if (set.Has(prefix)) return true;
  }
  return false;
}

// The file name kubectl diff gives an object: group.version.Kind.namespace.name.
std::string DiffName(const ObjectId& id) {
  std::string out;
  if (!id.group.empty()) out += id.group + ".";
  out += id.version + "." + id.kind + ".";
  if (!id.namespace_.empty()) out += id.namespace_ + ".";
  return out + id.name;
}

bool Under(std::string_view pointer, std::string_view prefix) {
  return pointer == prefix ||
         (pointer.starts_with(prefix) && pointer.size() > prefix.size() &&
          pointer[prefix.size()] == '/') ||
         (prefix.starts_with(pointer) && prefix.size() > pointer.size() &&
          prefix[pointer.size()] == '/');
}

// The immutable field a change touches ("" if none), by the API server's
// validation rules for the kinds Flux users meet most.
std::string ImmutableField(const ObjectId& id, const Value& live, const Value& merged,
                           const std::vector<Change>& changes) {
  auto first_under = [&](std::initializer_list<std::string_view> prefixes) -> std::string {
    for (const Change& c : changes) {
      for (std::string_view p : prefixes) {
        if (Under(c.pointer, p)) return std::string(p);
      }
    }
    return "";
  };
  const std::string& g = id.group;
  const std::string& k = id.kind;
  if (g == "apps" && (k == "Deployment" || k == "DaemonSet" || k == "ReplicaSet")) {
    return first_under({"/spec/selector"});
  }
  if (g == "apps" && k == "StatefulSet") {
    return first_under(
        {"/spec/selector", "/spec/volumeClaimTemplates", "/spec/serviceName",
         "/spec/podManagementPolicy"});
  }
  if (g == "batch" && k == "Job") return first_under({"/spec/selector", "/spec/template"});
  if (g.empty() && k == "PersistentVolumeClaim") {
    for (const Change& c : changes) {
      if (!Under(c.pointer, "/spec")) continue;
      if (c.pointer.starts_with("/spec/resources/requests") ||
          c.pointer == "/spec/volumeAttributesClassName") {
        continue;
      }
      return c.pointer;
    }
    return "";
  }
  if (g.empty() && k == "Service") {
    std::string live_type = Str(live.AtPointer("/spec/type"));
    std::string new_type = Str(merged.AtPointer("/spec/type"));
    bool external = live_type == "ExternalName" || new_type == "ExternalName";
    std::string live_ip = Str(live.AtPointer("/spec/clusterIP"));
    std::string new_ip = Str(merged.AtPointer("/spec/clusterIP"));
    if (!external && !live_ip.empty() && live_ip != new_ip) return "/spec/clusterIP";
    if (live_ip == "None" && (new_type == "NodePort" || new_type == "LoadBalancer")) {
      return "/spec/type";
    }
    return "";
  }
  if (g.empty() && (k == "ConfigMap" || k == "Secret")) {
    const Value* immutable = live.Find("immutable");
    if (immutable != nullptr && immutable->is_bool() && immutable->as_bool()) {
      return first_under({"/data", "/binaryData", "/stringData", "/immutable"});
    }
  }
  return "";
}

// The kustomize.toolkit.fluxcd.io/ annotations DiffObject reads, from one
// scan of the object's annotations (as HasFluxAnnotation reads each).
struct FluxAnnotations {
  bool reconcile_disabled = false;
  bool ssa_ignore = false;
  bool ssa_if_not_present = false;
  bool ssa_merge = false;
  bool force_enabled = false;
};

FluxAnnotations FluxAnnotationsOf(const Value& object) {
  FluxAnnotations out;
  const Value* annotations = Metadata(object, "annotations");
  if (annotations == nullptr || !annotations->is_object()) return out;
  bool reconcile_seen = false, ssa_seen = false, force_seen = false;
  for (const Value::Member& m : annotations->members()) {
    std::string_view key = m.key();
    // The first byte first: most annotations are someone else's.
    if (key.empty() || key[0] != kFluxPrefix[0] || !key.starts_with(kFluxPrefix)) continue;
    std::string_view name = key.substr(kFluxPrefix.size());
    const Value& v = m.value();
    std::string_view text = v.is_string() ? v.as_string() : std::string_view();
    bool is_string = v.is_string();
    // The first member of a name counts, as Value::Find finds it.
    if (name == "reconcile" && !reconcile_seen) {
      reconcile_seen = true;
      out.reconcile_disabled = is_string && EqualsFold(text, "disabled");
    } else if (name == "ssa" && !ssa_seen) {
      ssa_seen = true;
      out.ssa_ignore = is_string && EqualsFold(text, "ignore");
      out.ssa_if_not_present = is_string && EqualsFold(text, "ifnotpresent");
      out.ssa_merge = is_string && EqualsFold(text, "merge");
    } else if (name == "force" && !force_seen) {
      force_seen = true;
      out.force_enabled = is_string && EqualsFold(text, "enabled");
    }
  }
  return out;
}

}  // namespace

bool HasFluxAnnotation(const Value& object, std::string_view name, std::string_view value) {
  const Value* annotations = Metadata(object, "annotations");
  if (annotations == nullptr || !annotations->is_object()) return false;
  std::string key = std::string(kFluxPrefix) + std::string(name);
  const Value* v = annotations->Find(key);
  return v != nullptr && v->is_string() && EqualsFold(v->as_string(), value);
}

Result<ObjectId> IdOf(const Value& object, std::string_view what) {
  Result<Object> obj = Object::Of(object);
  if (!obj.ok()) return obj.status().WithContext(what);
  if (obj->name().empty()) {
    return InvalidArgumentError(std::string(what) + ": metadata.name is missing (generateName "
                                                    "objects cannot be planned)");
  }
  return obj->id();
}

std::string MatchKey(const ObjectId& id) {
  std::string key;
  key.reserve(id.group.size() + id.kind.size() + id.namespace_.size() + id.name.size() + 3);
  key.append(id.group).append("_").append(id.kind).append("_").append(id.namespace_);
  key.append("_").append(id.name);
  return key;
}

ComparedLive::ComparedLive(const Value& live, bool keep_status) {
  using gitops::internal::ValueAccess;
  if (!live.is_object()) {
    view_ = ValueAccess::Alias(live);
    return;
  }
  // Whatever throws (an allocation) does so while every alias made is in
  // view_, which Release then forgets: an alias is never destroyed as the
  // owner of the live object's nodes.
  try {
    view_ = Value::Object();
    view_.Reserve(live.size());
    // An object's keys are distinct (value.h): one metadata, one status.
    for (const Value::Member& m : live.members()) {
      std::string_view key = m.key();
      if (key == "status" && !keep_status) continue;
      Value copied_key(key);
      if (key != "metadata" || !m.value().is_object()) {
        ValueAccess::AppendReserved(&view_, std::move(copied_key), ValueAccess::Alias(m.value()));
        continue;
      }
      Value& metadata = ValueAccess::AppendReserved(&view_, std::move(copied_key), Value::Object());
      metadata.Reserve(m.value().size());
      for (const Value::Member& f : m.value().members()) {
        // managedFields is one of them.
        if (std::find(std::begin(kServerMetadata), std::end(kServerMetadata), f.key()) !=
            std::end(kServerMetadata)) {
          continue;
        }
        Value field_key(f.key());
        ValueAccess::AppendReserved(&metadata, std::move(field_key), ValueAccess::Alias(f.value()));
      }
    }
  } catch (...) {
    Release();
    throw;
  }
}

ComparedLive::~ComparedLive() { Release(); }

void ComparedLive::Release() noexcept {
  using gitops::internal::ValueAccess;
  if (!view_.is_object()) {
    ValueAccess::Forget(&view_);
    return;
  }
  // The maps made here are the metadata members that are maps; every other
  // member is an alias.
  for (Value::Member& m : view_.members()) {
    if (m.key() != "metadata" || !m.value().is_object()) {
      ValueAccess::Forget(&m.value());
      continue;
    }
    for (Value::Member& f : m.value().members()) ValueAccess::Forget(&f.value());
  }
}

Result<std::shared_ptr<const CompiledDiffOptions>> CompiledDiffOptions::Compile(
    const DiffOptions& options) {
  auto out = std::make_shared<CompiledDiffOptions>();
  out->options_ = options;
  auto regex = [](const std::string& pattern, std::regex* re) -> Status {
    try {
      *re = std::regex("^(?:" + pattern + ")$", std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return InvalidArgumentError("ignore rule selector: bad expression \"" + pattern +
                                  "\": " + e.what());
    }
    return OkStatus();
  };
  for (const IgnoreRule& rule : out->options_.ignore) {
    Rule r;
    r.rule = &rule;
    for (const std::string& p : rule.paths) {
      if (!p.empty() && p.front() != '/') {
        return InvalidArgumentError("ignore rule path \"" + p + "\": not a JSON pointer");
      }
    }
    if (rule.selector) {
      const Selector& s = *rule.selector;
      r.has_selector = true;
      GITOPS_RETURN_IF_ERROR(regex(s.group, &r.group));
      GITOPS_RETURN_IF_ERROR(regex(s.version, &r.version));
      GITOPS_RETURN_IF_ERROR(regex(s.kind, &r.kind));
      GITOPS_RETURN_IF_ERROR(regex(s.name, &r.name));
      GITOPS_RETURN_IF_ERROR(regex(s.namespace_, &r.namespace_));
      GITOPS_RETURN_IF_ERROR(CheckSelector(s.label_selector));
      GITOPS_RETURN_IF_ERROR(CheckSelector(s.annotation_selector));
      r.label_selector = s.label_selector;
      r.annotation_selector = s.annotation_selector;
    }
    out->rules_.push_back(std::move(r));
  }
  return std::shared_ptr<const CompiledDiffOptions>(std::move(out));
}

std::vector<std::string_view> CompiledDiffOptions::IgnoredPaths(const Value& object) const {
  std::vector<std::string_view> out;
  if (rules_.empty()) return out;
  Result<Object> obj = Object::Of(object);
  if (!obj.ok()) return out;
  ObjectId id = obj->id();
  for (const Rule& r : rules_) {
    if (r.has_selector) {
      const Selector& s = *r.rule->selector;
      auto match = [](const std::string& pattern, const std::regex& re, const std::string& v) {
        return pattern.empty() || std::regex_match(v, re);
      };
      if (!match(s.group, r.group, id.group) || !match(s.version, r.version, id.version) ||
          !match(s.kind, r.kind, id.kind) || !match(s.name, r.name, id.name) ||
          !match(s.namespace_, r.namespace_, id.namespace_)) {
        continue;
      }
      if (!r.label_selector.empty() && !MatchesSelector(r.label_selector, obj->labels())) continue;
      if (!r.annotation_selector.empty() &&
          !MatchesSelector(r.annotation_selector, obj->annotations())) {
        continue;
      }
    }
    for (const std::string& p : r.rule->paths) out.push_back(p);
  }
  return out;
}

KindSchema SchemaFor(const DiffOptions& options, std::string_view api_version,
                     std::string_view kind) {
  return LookUpSchema(options, api_version, kind);
}

Result<ChangeSetEntry> DiffObject(const Value& given, const Value* live,
                                  const CompiledDiffOptions& compiled, const DiffExtras& extras) {
  const DiffOptions& options = compiled.options();
  // Quantities as the API server stores them (quantity.h); a copy only
  // when one is spelled otherwise.
  GITOPS_ASSIGN_OR_RETURN(std::optional<Value> canonical, CanonicalQuantities(given));
  const Value& desired = canonical ? *canonical : given;
  if (canonical && extras.canonical != nullptr) *extras.canonical = *canonical;
  ChangeSetEntry entry;
  if (extras.id != nullptr) {
    entry.id = *extras.id;
  } else {
    GITOPS_ASSIGN_OR_RETURN(entry.id, IdOf(desired, "desired object"));
  }
  const ObjectId& id = entry.id;
  entry.subject = SubjectOf(id);
  const bool secret = IsSecret(desired);
  // Every error about this object names it and holds no Secret value.
  auto fail = [&](const Status& status) -> Status {
    Status s = status.WithContext(entry.subject);
    if (!secret) return s;
    std::vector<std::string> values = SecretValues(desired);
    if (live != nullptr) {
      std::vector<std::string> more = SecretValues(*live);
      values.insert(values.end(), more.begin(), more.end());
    }
    std::sort(values.begin(), values.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return Status(s.code(), Scrub(s.message(), values));
  };
  if (live != nullptr && live->is_null()) live = nullptr;
  if (live != nullptr && extras.id == nullptr) {
    Result<ObjectId> live_id = IdOf(*live, "live object");
    if (!live_id.ok()) return fail(live_id.status());
    if (MatchKey(*live_id) != MatchKey(id)) {
      return fail(InvalidArgumentError("the live object is " + SubjectOf(*live_id)));
    }
  }

  const FluxAnnotations flux = FluxAnnotationsOf(desired);
  const FluxAnnotations live_flux = live != nullptr ? FluxAnnotationsOf(*live) : FluxAnnotations();
  // Skipped as Flux's shouldSkipDiff skips.
  auto excluded = [](const FluxAnnotations& a) { return a.reconcile_disabled || a.ssa_ignore; };
  if (excluded(flux) || (live != nullptr && excluded(live_flux)) ||
      (live != nullptr && flux.ssa_if_not_present)) {
    entry.action = Action::kSkipped;
    return entry;
  }

  const std::string kind_key = KindKey(id);
  const bool keep_status =
      std::find(options.status_applied_kinds.begin(), options.status_applied_kinds.end(),
                kind_key) != options.status_applied_kinds.end();
  std::string api_version = id.ApiVersion();
  std::optional<KindSchema> looked_up;
  if (extras.schema == nullptr) looked_up = LookUpSchema(options, api_version, id.kind);
  const KindSchema& schema = extras.schema != nullptr ? *extras.schema : *looked_up;
  // Flux's cleanup is excluded by `ssa: Merge` on either object.
  const bool cleanup = live != nullptr && !flux.ssa_merge && !live_flux.ssa_merge &&
                       CleanUpMetadata(options, desired, live);
  ManagedFields managed;
  Typed typed{schema.schema, SchemaRoot(schema)};
  // The configuration: `desired`, or a copy without server fields.
  std::optional<Value> stripped;
  const Value* config = &desired;
  bool prunes_nothing = false;
  if (live != nullptr) {
    const Value* live_managed = Metadata(*live, "managedFields");
    const bool takeover = !flux.ssa_merge;
    // The common case, without a merge: every field the desired object sets
    // already holds its value, and every field we own (after the takeover)
    // is still set, so the apply changes nothing. Checked on the values
    // themselves, before any field set is built.
    if (!cleanup && IsSubset(schema.schema, typed.root, desired, *live, 0, keep_status) &&
        OwnedFieldsPresent(live_managed, options, takeover, desired)) {
      entry.action = Action::kUnchanged;
      return entry;
    }
    config = &Configuration(desired, keep_status, &stripped);
    // The usual configured object: the apply prunes nothing, so it is the
    // merge, and no field set is read or built.
    prunes_nothing = OwnedFieldsWithin(live_managed, options, takeover, typed, *config);
    if (!prunes_nothing) {
      Result<ManagedFields> read = ReadLiveManaged(live_managed);
      if (!read.ok()) return fail(read.status().WithContext("live object"));
      managed = std::move(read).value();
      if (takeover) TakeOver(options, &managed);
    }
  } else {
    // The apply's checks; its object is not needed.
    Status checked = ValidateApplyOf(schema.schema, schema.type_name, Value(),
                                     Configuration(desired, keep_status, &stripped));
    if (!checked.ok()) return fail(checked);
    entry.action = Action::kCreated;
    return entry;
  }
  // Flux's dry-run applies with ForceOwnership. Without pruning, the merge
  // is made in a copy of the live object.
  Value after;
  if (prunes_nothing) {
    after = CopyWithoutManagedFields(*live);
    Status merged = ValidatedMergeInto(schema.schema, schema.type_name, &after, *config);
    if (!merged.ok()) return fail(merged);
  } else {
    Result<Value> merged =
        ForcedApplyObject(schema.schema, schema.type_name, CopyWithoutManagedFields(*live),
                          *config, managed, options.manager, api_version);
    if (!merged.ok()) return fail(merged.status());
    after = std::move(merged).value();
  }
  if (cleanup) CleanUpMetadata(options, desired, &after);
  DropNulls(&after, live);
  if (secret) FoldStringData(&after);

  // What is compared: both sides without server-populated fields and
  // ignored paths. The live side is a view of the live object, copied only
  // where it is changed: for ignored paths and a Secret's masking.
  const ComparedLive live_view(*live, keep_status);
  std::vector<std::string_view> ignored = compiled.IgnoredPaths(desired);
  std::optional<Value> before_copy;
  if (secret || !ignored.empty()) before_copy = live_view.value();
  const Value& before_cmp = before_copy ? *before_copy : live_view.value();
  Value after_cmp = std::move(after);
  StripServerFields(&after_cmp, keep_status);
  for (std::string_view p : ignored) {
    before_copy->RemovePointer(p).IgnoreError();
    after_cmp.RemovePointer(p).IgnoreError();
  }
  Comparison cmp = Compare(typed, before_cmp, after_cmp);
  // The server's defaults inside replaced-whole fields (defaults.h).
  if (!cmp.IsSame() && RestoreServerDefaults(id, before_cmp, &after_cmp)) {
    cmp = Compare(typed, before_cmp, after_cmp);
  }
  if (cmp.IsSame()) {
    entry.action = Action::kUnchanged;
    return entry;
  }
  entry.action = Action::kConfigured;

  // The changes: modified leaves, and the topmost added or removed fields.
  FieldSet all = cmp.added.Union(cmp.modified).Union(cmp.removed);
  std::vector<FieldPath> paths;
  all.ForEachPath([&](const FieldPath& path) {
    if (cmp.modified.Has(path) ||
        (cmp.added.Has(path) && !HasProperPrefixIn(cmp.added, path)) ||
        (cmp.removed.Has(path) && !HasProperPrefixIn(cmp.removed, path))) {
      paths.push_back(path);
    }
  });
  // Immutable fields are judged on the real values, before masking. The
  // values found are the ones shown unless a Secret's are masked.
  std::vector<std::pair<const Value*, const Value*>> found;
  found.reserve(paths.size());
  for (const FieldPath& path : paths) {
    Change c;
    c.field = PathString(path);
    std::string before_pointer;
    const Value* b = Walk(before_cmp, path, &before_pointer);
    const Value* a = Walk(after_cmp, path, &c.pointer);
    if (a == nullptr) c.pointer = before_pointer;
    entry.changes.push_back(std::move(c));
    found.emplace_back(b, a);
  }
  if (extras.check_immutable) {
    std::string field = ImmutableField(id, before_cmp, after_cmp, entry.changes);
    if (!field.empty()) {
      if (!extras.force && !flux.force_enabled) {
        return fail(FailedPreconditionError(
            "field " + field +
            " is immutable; set force (or the kustomize.toolkit.fluxcd.io/force: Enabled "
            "annotation) to delete and recreate the object"));
      }
      entry.recreate = true;
    }
  }

  // What is shown: the compared objects, masked.
  if (secret) MaskSecretPair(&*before_copy, &after_cmp);
  for (size_t i = 0; i < paths.size(); ++i) {
    Change& c = entry.changes[i];
    auto [b, a] = found[i];
    if (secret) {
      std::string unused;
      b = Walk(before_cmp, paths[i], &unused);
      unused.clear();
      a = Walk(after_cmp, paths[i], &unused);
    }
    if (b != nullptr) {
      c.before = *b;
      c.has_before = true;
    }
    if (a != nullptr) {
      c.after = *a;
      c.has_after = true;
    }
  }
  std::string name = DiffName(id);
  // The two texts share all but the changes: written together.
  std::string before_text, after_text;
  WriteYamlPair(before_cmp, after_cmp, &before_text, &after_text);
  entry.diff = UnifiedDiff(before_text, after_text, "live/" + name, "merged/" + name);
  return entry;
}

}  // namespace internal

Result<ChangeSetEntry> Diff(const Value& desired, const Value* live, const DiffOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(auto compiled, internal::CompiledDiffOptions::Compile(options));
  return internal::DiffObject(desired, live, *compiled, {});
}

Result<std::vector<Value>> FlattenLists(std::span<const Value> docs) {
  std::vector<Value> out;
  out.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    const Value& doc = docs[i];
    if (doc.is_null()) continue;
    const Value* kind = doc.is_object() ? doc.Find("kind") : nullptr;
    bool is_list = kind != nullptr && kind->is_string() && kind->as_string().ends_with("List") &&
                   doc.Contains("items");
    if (!is_list) {
      out.push_back(doc);
      continue;
    }
    const Value* items = doc.Find("items");
    if (items->is_null()) continue;
    if (!items->is_array()) {
      return InvalidArgumentError("document " + std::to_string(i + 1) + " (" +
                                  std::string(kind->as_string()) + "): items is not a list");
    }
    for (const Value& item : items->items()) out.push_back(item);
  }
  return out;
}

Result<ChangeSet> DetectDrift(std::span<const Value> desired, std::span<const Value> live,
                              const DiffOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(auto compiled, internal::CompiledDiffOptions::Compile(options));
  std::unordered_map<std::string, const Value*> live_by_key;
  live_by_key.reserve(live.size());
  for (size_t i = 0; i < live.size(); ++i) {
    GITOPS_ASSIGN_OR_RETURN(ObjectId id,
                            internal::IdOf(live[i], "live object " + std::to_string(i + 1)));
    auto [it, fresh] = live_by_key.emplace(internal::MatchKey(id), &live[i]);
    if (!fresh) {
      return AlreadyExistsError(SubjectOf(id) + " is listed twice in the live objects (" +
                                std::to_string(it->second - live.data() + 1) + " and " +
                                std::to_string(i + 1) + ")");
    }
  }
  internal::Scopes scopes;
  scopes.AddCrds(desired);
  scopes.AddCrds(live);
  std::unordered_map<std::string, size_t> seen;
  ChangeSet out;
  for (size_t i = 0; i < desired.size(); ++i) {
    GITOPS_ASSIGN_OR_RETURN(ObjectId id, internal::IdOf(desired[i], "desired object " +
                                                                        std::to_string(i + 1)));
    GITOPS_RETURN_IF_ERROR(scopes.CheckNamespace(id));
    std::string key = internal::MatchKey(id);
    auto [it, fresh] = seen.emplace(key, i);
    if (!fresh) {
      return AlreadyExistsError(SubjectOf(id) + " is listed twice in the desired objects (" +
                                std::to_string(it->second + 1) + " and " +
                                std::to_string(i + 1) + ")");
    }
    auto found = live_by_key.find(key);
    const Value* l = found == live_by_key.end() ? nullptr : found->second;
    GITOPS_ASSIGN_OR_RETURN(ChangeSetEntry entry,
                            internal::DiffObject(desired[i], l, *compiled, {}));
    if (entry.action == Action::kConfigured || entry.action == Action::kCreated) {
      out.entries.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace gitops::plan
