#include "plan/typed.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "plan/canonical_key.h"
#include "plan/fieldset_access.h"

namespace gitops::plan::internal {

namespace {

// Which part of an atom handles a value (typed.deduceAtom + handleAtom):
// the part matching the value's kind if the atom has it, else the first of
// map, scalar, list that the atom has.
enum class Part { kMap, kScalar, kList, kNone };

Part Deduce(const Atom& atom, const Value* v) {
  if (v != nullptr) {
    if ((v->is_number() || v->is_string() || v->is_bool()) && atom.scalar) return Part::kScalar;
    if (v->is_array() && atom.list) return Part::kList;
    if (v->is_object() && atom.map) return Part::kMap;
  }
  if (atom.map) return Part::kMap;
  if (atom.scalar) return Part::kScalar;
  if (atom.list) return Part::kList;
  return Part::kNone;
}

const char* KindName(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      return "null";
    case Value::Type::kBool:
      return "bool";
    case Value::Type::kInt:
    case Value::Type::kUint:
      return "int";
    case Value::Type::kDouble:
      return "float";
    case Value::Type::kString:
      return "string";
    case Value::Type::kArray:
      return "list";
    case Value::Type::kObject:
      return "map";
  }
  return "?";
}

// The type of a map's member, by reference: a copy would copy the type's
// name for every member walked.
const TypeRef& FieldType(const MapType& m, std::string_view key, bool* known) {
  static const TypeRef kNone;
  if (const StructField* f = m.FindField(key)) {
    if (known) *known = true;
    return f->type;
  }
  if (known) *known = m.element_type.has_value();
  return m.element_type ? *m.element_type : kNone;
}

// The path element of a list item (typed.listItemToPathElement).
Result<PathElement> ItemElement(const Schema& schema, const ListType& list, size_t index,
                                const Value& item) {
  if (list.relationship != ElementRelationship::kAssociative) {
    return PathElement::Index(static_cast<int64_t>(index));
  }
  if (!list.keys.empty()) {
    if (item.is_null()) {
      return InvalidArgumentError("associative list with keys may not have a null element");
    }
    if (!item.is_object()) {
      return InvalidArgumentError("associative list with keys may not have non-map elements");
    }
    std::vector<PathElement::KeyField> fields;
    for (const std::string& key : list.keys) {
      if (const Value* v = item.Find(key)) {
        fields.emplace_back(key, *v);
        continue;
      }
      const Atom* element = schema.Lookup(list.element_type);
      const StructField* f = element && element->map ? element->map->FindField(key) : nullptr;
      if (f != nullptr && f->default_value) {
        fields.emplace_back(key, *f->default_value);
        continue;
      }
      // structured-merge-diff >= 4.2: a key field that is absent and has no
      // default is left out of the key (an item with it set is another item).
    }
    if (fields.empty()) {
      return InvalidArgumentError(
          "associative list with keys has an element that omits all key fields");
    }
    return PathElement::Key(std::move(fields));
  }
  if (item.is_object()) {
    return InvalidArgumentError("associative list without keys has an element that's a map type");
  }
  if (item.is_array()) {
    return InvalidArgumentError("not supported: associative list with lists as elements");
  }
  if (item.is_null()) {
    return InvalidArgumentError(
        "associative list without keys has an element that's an explicit null");
  }
  return PathElement::ValueOf(item);
}

// ItemElement's element of a list-map or set item, read without building
// it (no allocation): for a list-map with distinct keys (FastKeys), the
// value of each key field (the item's, else the schema's default; nullptr
// when neither: the field is left out of the key); for a set, the item.
struct ItemKey {
  static constexpr size_t kMaxKeys = 8;
  const Value* values[kMaxKeys];
};

// Whether ReadItemKey reads the items of `t` (an associative list).
bool FastKeys(const ListType& t) {
  if (t.keys.size() > ItemKey::kMaxKeys) return false;
  for (size_t i = 0; i < t.keys.size(); ++i) {
    for (size_t j = i + 1; j < t.keys.size(); ++j) {
      if (t.keys[i] == t.keys[j]) return false;
    }
  }
  return true;
}

// False when ItemElement refuses the item.
bool ReadItemKey(const Schema& schema, const ListType& t, const Value& item, ItemKey* out) {
  if (t.keys.empty()) {
    out->values[0] = &item;
    return !item.is_object() && !item.is_array() && !item.is_null();
  }
  if (!item.is_object()) return false;
  bool any = false;
  for (size_t k = 0; k < t.keys.size(); ++k) {
    const Value* v = FindKey(item, t.keys[k]);
    if (v == nullptr) {
      const Atom* element = schema.Lookup(t.element_type);
      const StructField* f = element && element->map ? element->map->FindField(t.keys[k]) : nullptr;
      if (f != nullptr && f->default_value) v = &*f->default_value;
    }
    out->values[k] = v;
    any = any || v != nullptr;
  }
  return any;
}

// CompareValues(a, b) == 0, without the call for the strings and integers
// that key fields nearly always are.
inline bool SameKeyValue(const Value& a, const Value& b) {
  if (a.is_string() && b.is_string()) return KeyEqual(a.as_string(), b.as_string());
  if (a.type() == Value::Type::kInt && b.type() == Value::Type::kInt) {
    return a.as_int() == b.as_int();
  }
  return CompareValues(a, b) == 0;
}

// Whether the elements ReadItemKey read (from one list) are equal, as
// PathElement compares them: the same key fields with equal values.
bool SameItemKey(const ListType& t, const ItemKey& a, const ItemKey& b) {
  size_t n = t.keys.empty() ? 1 : t.keys.size();
  for (size_t k = 0; k < n; ++k) {
    const Value* x = a.values[k];
    const Value* y = b.values[k];
    if ((x == nullptr) != (y == nullptr)) return false;
    if (x != nullptr && !SameKeyValue(*x, *y)) return false;
  }
  return true;
}

// --- validation ---------------------------------------------------------------

class Validator {
 public:
  // Without `track_path`, errors name no path and carry no message (a
  // first pass that is rerun with it when it fails: most values are
  // valid). With `track_stable`, duplicates (when allowed) are looked for
  // too, for merge_stable().
  Validator(const Schema& schema, bool allow_duplicates, bool track_path,
            bool track_stable = false)
      : schema_(schema),
        allow_duplicates_(allow_duplicates),
        track_path_(track_path),
        track_stable_(track_stable) {}

  // After a Walk that succeeded with `track_stable`: whether Merge gives
  // every node of the value unchanged where the other side has nothing
  // (Merger::Walk(v, nullptr) == v): no list-map or set with a duplicated
  // item (Merge groups the copies), no null where the type has no part
  // (Merge drops it).
  bool merge_stable() const { return stable_; }
  // After a Walk that failed with `track_path`: the error.
  const Status& error() const { return error_; }

  // False on the first error. `twin`: a node of the same type that a
  // walk with `track_stable` found valid and merge-stable; where `v` is
  // identical to it, `v` is too (with or without duplicates allowed: it
  // has none), and is not walked again.
  bool Walk(const Value& v, const TypeRef& ref, const Value* twin = nullptr) {
    // Only a map or list is worth comparing with its twin: a leaf is
    // checked for less than the comparison costs, with the same answer.
    // A map or list of another size cannot be identical.
    if (twin != nullptr && (v.is_object() || v.is_array()) && twin->type() == v.type() &&
        twin->size() == v.size() && Identical(v, *twin)) {
      return true;
    }
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return Fail("schema error: no type found matching: " + ref.named_type);
    if (v.is_null()) {
      if (Deduce(*atom, &v) == Part::kNone) stable_ = false;
      return true;
    }
    switch (Deduce(*atom, &v)) {
      case Part::kScalar:
        return Scalar(*atom->scalar, v);
      case Part::kList:
        return List(*atom->list, v, twin);
      case Part::kMap:
        return Map(*atom->map, v, twin);
      case Part::kNone:
        return Fail("schema error: invalid atom");
    }
    return true;
  }

 private:
  // Records the error (with the path, when tracked); returns false.
  bool Fail(const std::string& message) {
    if (!track_path_) return false;
    std::string where = PathString(path_);
    error_ = InvalidArgumentError((where.empty() ? std::string() : where + ": ") + message);
    return false;
  }

  // structured-merge-diff's validateScalar: a list or map where a scalar
  // belongs is reported as any other wrong kind.
  bool Scalar(ScalarType t, const Value& v) {
    switch (t) {
      case ScalarType::kNumeric:
        if (!v.is_number()) {
          return Fail(std::string("expected numeric (int or float), got ") + KindName(v));
        }
        break;
      case ScalarType::kString:
        if (!v.is_string()) return Fail(std::string("expected string, got ") + KindName(v));
        break;
      case ScalarType::kBoolean:
        if (!v.is_bool()) return Fail(std::string("expected boolean, got ") + KindName(v));
        break;
      case ScalarType::kUntyped:
        if (v.is_array() || v.is_object()) {
          return Fail(std::string("expected any scalar, got ") + KindName(v));
        }
        break;
    }
    return true;
  }

  bool List(const ListType& t, const Value& v, const Value* twin) {
    if (!v.is_array()) return Fail(std::string("expected list, got ") + KindName(v));
    if (!track_path_) return ListFast(t, v, twin);
    std::vector<PathElement> seen;
    auto items = v.items();
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (!pe.ok()) return Fail("element " + std::to_string(i) + ": " + pe.status().message());
      if (!allow_duplicates_ && t.relationship == ElementRelationship::kAssociative) {
        for (const PathElement& s : seen) {
          if (s == *pe) return Fail("duplicate entries for key " + pe->ToString());
        }
        seen.push_back(*pe);
      }
      path_.push_back(std::move(pe).value());
      bool ok = Walk(items[i], t.element_type);
      path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  // List without a path: the first pass, which only needs to tell whether
  // there is an error (the second names it), reads the items' elements
  // without building them where it can.
  bool ListFast(const ListType& t, const Value& v, const Value* twin) {
    auto items = v.items();
    // The twin's items by position: same-order lists pair up.
    auto twin_of = [&](size_t i) -> const Value* {
      return twin != nullptr && i < twin->size() && twin->is_array() ? &(*twin)[i] : nullptr;
    };
    const bool check = !allow_duplicates_ || (track_stable_ && stable_);
    if (t.relationship == ElementRelationship::kAssociative && FastKeys(t)) {
      std::vector<ItemKey> seen;
      if (check) seen.reserve(items.size());
      for (const Value& item : items) {
        ItemKey key;
        if (!ReadItemKey(schema_, t, item, &key)) return false;
        if (check) {
          bool duplicate = false;
          for (const ItemKey& s : seen) duplicate = duplicate || SameItemKey(t, s, key);
          if (duplicate && !allow_duplicates_) return false;
          if (duplicate) stable_ = false;
          seen.push_back(key);
        }
        if (!Walk(item, t.element_type, twin_of(static_cast<size_t>(&item - items.data())))) {
          return false;
        }
      }
      return true;
    }
    if (t.relationship != ElementRelationship::kAssociative) {
      // Items by index: ItemElement refuses none.
      for (size_t i = 0; i < items.size(); ++i) {
        if (!Walk(items[i], t.element_type, twin_of(i))) return false;
      }
      return true;
    }
    std::vector<PathElement> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (!pe.ok()) return false;
      if (check) {
        bool duplicate = false;
        for (const PathElement& s : seen) duplicate = duplicate || s == *pe;
        if (duplicate && !allow_duplicates_) return false;
        if (duplicate) stable_ = false;
        seen.push_back(std::move(pe).value());
      }
      if (!Walk(items[i], t.element_type, twin_of(i))) return false;
    }
    return true;
  }

  bool Map(const MapType& t, const Value& v, const Value* twin) {
    if (!v.is_object()) return Fail(std::string("expected map, got ") + KindName(v));
    std::span<const Value::Member> twin_members;
    if (twin != nullptr) twin_members = twin->members();
    size_t next = 0;
    for (const Value::Member& m : v.members()) {
      bool known = false;
      const TypeRef& ref = FieldType(t, m.key(), &known);
      if (track_path_) path_.push_back(PathElement::Field(m.key()));
      // The twin's member of that name has the same type.
      const Value* twin_member =
          twin_members.empty() ? nullptr : FindKeyFrom(twin_members, m.key(), &next);
      bool ok = known ? Walk(m.value(), ref, twin_member) : Fail("field not declared in schema");
      if (track_path_) path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  const Schema& schema_;
  bool allow_duplicates_;
  bool track_path_;
  bool track_stable_;
  bool stable_ = true;
  FieldPath path_;
  Status error_;
};

// --- merge and compare ----------------------------------------------------------

class Merger {
 public:
  // Without `build`, only the comparison is made: no merged value is built
  // (`out` stays empty), and the comparison never depends on it.
  Merger(const Schema& schema, Comparison* cmp, bool build = true)
      : schema_(schema), cmp_(cmp), build_(build) {}

  // `out` is left empty when the merge yields nothing at this node.
  void Walk(const Value* lhs, const Value* rhs, const TypeRef& ref, std::optional<Value>* out) {
    // A comparison finds nothing between equal values (equal maps have the
    // same keys, equal lists the same items in the same order, equal
    // leaves are not modified): skip them. Identical values are the ones
    // met here (a merge keeps the live object's order), and cheaper to
    // tell: no lookup per member.
    if (!build_ && SameSides(lhs, rhs)) return;
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return;
    Part pl = Deduce(*atom, lhs), pr = Deduce(*atom, rhs);
    bool in_leaf = false;
    if (rhs == nullptr) {
      Handle(*atom, pl, lhs, rhs, out, &in_leaf);
    } else if (lhs == nullptr || pl == pr) {
      Handle(*atom, pr, lhs, rhs, out, &in_leaf);
    } else {
      std::optional<Value> ignored;
      bool ignored_leaf = false;
      Handle(*atom, pl, lhs, rhs, &ignored, &ignored_leaf);
      Handle(*atom, pr, lhs, rhs, out, &in_leaf);
    }
    if (!in_leaf && cmp_ != nullptr && !path_.empty()) {
      if (lhs == nullptr) {
        cmp_->added.Insert(path_);
      } else if (rhs == nullptr) {
        cmp_->removed.Insert(path_);
      }
    }
  }

 private:
  void Leaf(const Value* lhs, const Value* rhs, std::optional<Value>* out, bool* in_leaf) {
    if (*in_leaf) return;
    *in_leaf = true;
    if (!build_) {
    } else if (rhs != nullptr) {
      *out = *rhs;
    } else if (lhs != nullptr) {
      *out = *lhs;
    }
    if (cmp_ != nullptr && !path_.empty()) {
      if (lhs == nullptr) {
        cmp_->added.Insert(path_);
      } else if (rhs == nullptr) {
        cmp_->removed.Insert(path_);
      } else if (!(*lhs == *rhs)) {
        cmp_->modified.Insert(path_);
      }
    }
  }

  void Handle(const Atom& atom, Part part, const Value* lhs, const Value* rhs,
              std::optional<Value>* out, bool* in_leaf) {
    switch (part) {
      case Part::kScalar:
        Leaf(lhs, rhs, out, in_leaf);
        return;
      case Part::kList:
        List(*atom.list, lhs, rhs, out, in_leaf);
        return;
      case Part::kMap:
        Map(*atom.map, lhs, rhs, out, in_leaf);
        return;
      case Part::kNone:
        return;
    }
  }

  void Map(const MapType& t, const Value* lhs, const Value* rhs, std::optional<Value>* out,
           bool* in_leaf) {
    const Value* l = lhs != nullptr && lhs->is_object() ? lhs : nullptr;
    const Value* r = rhs != nullptr && rhs->is_object() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (t.relationship == ElementRelationship::kAtomic || empty) {
      Leaf(lhs, rhs, out, in_leaf);
      return;
    }
    Value result = Value::Object();
    if (build_) result.Reserve((l != nullptr ? l->size() : 0) + (r != nullptr ? r->size() : 0));
    auto visit = [&](std::string_view key, const Value* lv, const Value* rv) {
      // Walk's own shortcut, before the path is extended.
      if (!build_ && SameSides(lv, rv)) return;
      const TypeRef& ref = FieldType(t, key, nullptr);
      // The path is only for the comparison.
      if (cmp_ != nullptr) path_.push_back(PathElement::Field(key));
      std::optional<Value> child;
      Walk(lv, rv, ref, &child);
      if (cmp_ != nullptr) path_.pop_back();
      if (child) result.AppendMember(key, std::move(*child));  // only when building
    };
    std::span<const Value::Member> lm, rm;
    if (l != nullptr) lm = l->members();
    if (r != nullptr) rm = r->members();
    size_t next_l = 0, next_r = 0;
    // Members known identical on both sides, at the same places: FindKeyFrom
    // would pair each with its twin, which visit skips.
    const size_t same = build_ || l == nullptr || r == nullptr ? 0 : SameMembers(l, r);
    next_r = same;
    for (size_t i = same; i < lm.size(); ++i) {
      visit(lm[i].key(), &lm[i].value(), FindKeyFrom(rm, lm[i].key(), &next_r));
    }
    for (const Value::Member& m : rm) {
      if (FindKeyFrom(lm, m.key(), &next_l) != nullptr) continue;
      visit(m.key(), nullptr, &m.value());
    }
    if (!result.empty()) *out = std::move(result);
  }

  // A list's items by path element. Lists of up to kFlatItems items (most
  // lists: containers, env, ports) are searched in order; a map for longer
  // ones, whose nodes cost more than the comparisons of a short list.
  static constexpr size_t kFlatItems = 8;
  struct Indexed {
    std::vector<PathElement> order;  // one per item with a path element, in order
    std::vector<const Value*> item_at;  // order[i]'s item
    // pe -> the items with it (more than one: duplicates); long lists only
    std::map<PathElement, std::vector<const Value*>> items;
    bool flat = true;

    // The first item with `pe` (nullptr: none) and how many have it.
    std::pair<const Value*, size_t> Lookup(const PathElement& pe) const {
      if (!flat) {
        auto it = items.find(pe);
        if (it == items.end()) return {nullptr, 0};
        return {it->second[0], it->second.size()};
      }
      const Value* first = nullptr;
      size_t n = 0;
      for (size_t i = 0; i < order.size(); ++i) {
        if (order[i] == pe) {
          if (n++ == 0) first = item_at[i];
        }
      }
      return {first, n};
    }
    bool Contains(const PathElement& pe) const { return Lookup(pe).second != 0; }
    // Every item with `pe`, in order.
    std::vector<const Value*> All(const PathElement& pe) const {
      if (!flat) {
        auto it = items.find(pe);
        return it == items.end() ? std::vector<const Value*>() : it->second;
      }
      std::vector<const Value*> out;
      for (size_t i = 0; i < order.size(); ++i) {
        if (order[i] == pe) out.push_back(item_at[i]);
      }
      return out;
    }
  };

  Indexed Index(const ListType& t, const Value* list) {
    Indexed ix;
    if (list == nullptr) return ix;
    auto items = list->items();
    ix.flat = items.size() <= kFlatItems;
    ix.order.reserve(items.size());
    if (ix.flat) ix.item_at.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (!pe.ok()) continue;
      if (ix.flat) {
        ix.item_at.push_back(&items[i]);
      } else {
        ix.items[*pe].push_back(&items[i]);
      }
      ix.order.push_back(std::move(pe).value());
    }
    return ix;
  }

  // Merges the items with path element `pe` from both sides. An item that
  // is duplicated on either side is handled as one atomic leaf: all its
  // occurrences together.
  void MergeItem(const ListType& t, const PathElement& pe, const Indexed& l, const Indexed& r,
                 Value* result) {
    auto [l_first, l_count] = l.Lookup(pe);
    auto [r_first, r_count] = r.Lookup(pe);
    if (cmp_ != nullptr) path_.push_back(pe);
    if (l_count > 1 || r_count > 1) {
      std::vector<const Value*> l_all = l.All(pe), r_all = r.All(pe);
      const std::vector<const Value*>* lg = l_count != 0 ? &l_all : nullptr;
      const std::vector<const Value*>* rg = r_count != 0 ? &r_all : nullptr;
      auto group = [](const std::vector<const Value*>* g) {
        Value v = Value::Array();
        if (g) {
          for (const Value* item : *g) v.Append(*item);
        }
        return v;
      };
      Value lv = group(lg), rv = group(rg);
      std::optional<Value> chosen;
      bool in_leaf = false;
      Leaf(lg ? &lv : nullptr, rg ? &rv : nullptr, &chosen, &in_leaf);
      // The fields of a single item that became (or stopped being)
      // duplicated are gone (or new) one by one: their owners lose them.
      if (cmp_ != nullptr) {
        if (lg && lg->size() == 1) RecordChildren(t, *(*lg)[0], &cmp_->removed);
        if (rg && rg->size() == 1) RecordChildren(t, *(*rg)[0], &cmp_->added);
      }
      if (chosen) {
        for (Value& item : chosen->items()) result->Append(std::move(item));
      }
    } else {
      std::optional<Value> child;
      Walk(l_first, r_first, t.element_type, &child);
      if (child) result->Append(std::move(*child));
    }
    if (cmp_ != nullptr) path_.pop_back();
  }

  // Adds the fields of `item` (at path_) to `set`.
  void RecordChildren(const ListType& t, const Value& item, FieldSet* set);

  // Whether two lists of one non-zero length have the same path elements at
  // the same places, none of them twice on either side (so that Index
  // gives each item one, in order): positions, or list-map keys and set
  // values that ReadItemKey reads. False when that is not known cheaply.
  bool PairsInOrder(const ListType& t, const Value& l, const Value& r) {
    std::span<const Value> li = l.items(), ri = r.items();
    if (li.size() != ri.size()) return false;
    if (t.relationship != ElementRelationship::kAssociative) return true;
    constexpr size_t kMaxItems = 16;
    if (li.size() > kMaxItems || !FastKeys(t)) return false;
    ItemKey a[kMaxItems], b[kMaxItems];
    for (size_t i = 0; i < li.size(); ++i) {
      if (!ReadItemKey(schema_, t, li[i], &a[i]) || !ReadItemKey(schema_, t, ri[i], &b[i]) ||
          !SameItemKey(t, a[i], b[i])) {
        return false;
      }
      for (size_t j = 0; j < i; ++j) {
        if (SameItemKey(t, a[j], a[i]) || SameItemKey(t, b[j], b[i])) return false;
      }
    }
    return true;
  }

  void List(const ListType& t, const Value* lhs, const Value* rhs, std::optional<Value>* out,
            bool* in_leaf) {
    const Value* l = lhs != nullptr && lhs->is_array() ? lhs : nullptr;
    const Value* r = rhs != nullptr && rhs->is_array() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (t.relationship == ElementRelationship::kAtomic || empty) {
      Leaf(lhs, rhs, out, in_leaf);
      return;
    }
    if (!build_ && l != nullptr && r != nullptr && PairsInOrder(t, *l, *r)) {
      // The walk below merges such lists' items pairwise, in order; a
      // comparison then only needs the path element of a pair that differs.
      std::span<const Value> li = l->items(), ri = r->items();
      for (size_t i = 0; i < li.size(); ++i) {
        // Walk's own shortcut, before the path element is made.
        if (SameSides(&li[i], &ri[i])) continue;
        if (cmp_ != nullptr) path_.push_back(ItemElement(schema_, t, i, li[i]).value());
        std::optional<Value> child;
        Walk(&li[i], &ri[i], t.element_type, &child);
        if (cmp_ != nullptr) path_.pop_back();
      }
      return;
    }
    Indexed li = Index(t, l), ri = Index(t, r);
    // The order of the merged items (structured-merge-diff >= 4.2): the
    // right-hand side's order, with items only on the left kept where they
    // stood relative to the shared items.
    std::vector<const PathElement*> shared;
    for (const PathElement& pe : ri.order) {
      if (li.Contains(pe)) shared.push_back(&pe);
    }
    size_t next_shared = 0;
    auto advance_if = [&](const PathElement& pe) {
      if (next_shared < shared.size() && *shared[next_shared] == pe) ++next_shared;
    };
    // The path elements merged so far (pointers into li.order and
    // ri.order): searched in order when both lists are short.
    const bool flat = li.flat && ri.flat;
    std::vector<const PathElement*> done_list;
    std::map<PathElement, bool> done_map;
    auto done = [&](const PathElement& pe) {
      if (!flat) return done_map.count(pe) != 0;
      for (const PathElement* d : done_list) {
        if (*d == pe) return true;
      }
      return false;
    };
    Value result = Value::Array();
    auto emit = [&](const PathElement& pe) {
      if (flat) {
        if (done(pe)) return;
        done_list.push_back(&pe);
      } else if (!done_map.emplace(pe, true).second) {
        return;
      }
      MergeItem(t, pe, li, ri, &result);
    };
    const size_t nl = li.order.size(), nr = ri.order.size();
    size_t a = 0, b = 0;
    while (a < nl || b < nr) {
      if (a < nl && b < nr) {
        const PathElement& pe = li.order[a];
        if (pe == ri.order[b]) {
          emit(pe);
          ++a;
          ++b;
          advance_if(pe);
          continue;
        }
        if (ri.Contains(pe) && next_shared < shared.size() && !(*shared[next_shared] == pe)) {
          ++a;
          continue;
        }
      }
      if (a < nl) {
        const PathElement& pe = li.order[a];
        if (!ri.Contains(pe)) {
          emit(pe);
          ++a;
          continue;
        }
        if (done(pe)) {
          ++a;
          continue;
        }
      }
      if (b < nr) {
        const PathElement& pe = ri.order[b];
        emit(pe);
        ++b;
        advance_if(pe);
      }
    }
    if (!result.empty()) *out = std::move(result);
  }

  // Whether both sides are there and Identical. A difference found is
  // remembered with the pairs of nodes on the way to it (each differs), so
  // that the walk below, which meets those pairs again, does not compare
  // their identical parts once per level.
  bool SameSides(const Value* lhs, const Value* rhs) {
    if (lhs == nullptr || rhs == nullptr) return false;
    if (FindDiffering(lhs, rhs) != nullptr) return false;
    scratch_.clear();
    if (Tracked(*lhs, *rhs)) return true;
    differing_.swap(scratch_);
    return false;
  }

  // Two nodes known to differ (on the way to the last difference found),
  // and how many of their first members are known identical, key and
  // value, position by position.
  struct Differing {
    const Value* lhs;
    const Value* rhs;
    size_t same_members;
  };

  const Differing* FindDiffering(const Value* lhs, const Value* rhs) const {
    for (const Differing& d : differing_) {
      if (d.lhs == lhs && d.rhs == rhs) return &d;
    }
    return nullptr;
  }

  // How many first members of two maps are known identical.
  size_t SameMembers(const Value* lhs, const Value* rhs) const {
    const Differing* d = FindDiffering(lhs, rhs);
    return d != nullptr ? d->same_members : 0;
  }

  // Identical, adding to scratch_ the pairs on the way to a difference
  // (the deepest first).
  bool Tracked(const Value& a, const Value& b) {
    bool same = a.type() == b.type();
    size_t same_members = 0;
    if (same && a.is_array()) {
      auto x = a.items(), y = b.items();
      same = x.size() == y.size();
      for (size_t i = 0; same && i < x.size(); ++i) same = Tracked(x[i], y[i]);
    } else if (same && a.is_object()) {
      auto x = a.members(), y = b.members();
      same = x.size() == y.size();
      for (size_t i = 0; same && i < x.size(); ++i) {
        same = KeyEqual(x[i].key(), y[i].key()) && Tracked(x[i].value(), y[i].value());
        if (same) same_members = i + 1;
      }
    } else if (same) {
      same = Identical(a, b);
    }
    if (!same) scratch_.push_back({&a, &b, same_members});
    return same;
  }

  const Schema& schema_;
  Comparison* cmp_;
  bool build_;
  FieldPath path_;
  std::vector<Differing> differing_, scratch_;
};

// --- merge in place ---------------------------------------------------------------

// Merge(lhs, rhs) computed into lhs: where both sides are maps, lists
// whose items pair up in the same order, or leaves, the right-hand side is
// laid over the left one in place, and anything else is merged by Merger
// at that node. It gives Merge's value only when both sides are
// merge-stable (Validator::merge_stable): Merge then copies every node one
// side lacks as it is, which is what staying in place does.
class InPlaceMerger {
 public:
  explicit InPlaceMerger(const Schema& schema) : schema_(schema) {}

  // False when the merge yields nothing at this node (*lhs is then to be
  // dropped).
  bool Walk(Value* lhs, const Value& rhs, const TypeRef& ref) {
    // Merge gives merge-stable identical sides back as they are (the
    // configuration's fields mostly hold their live values). A map or list
    // with fewer or more members fails at its size.
    if (!lhs->is_null() && Identical(*lhs, rhs)) return true;
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return Fallback(lhs, rhs, ref);
    Part pl = Deduce(*atom, lhs), pr = Deduce(*atom, &rhs);
    if (pl != pr) return Fallback(lhs, rhs, ref);
    switch (pr) {
      case Part::kScalar:
        return Leaf(lhs, rhs);
      case Part::kMap: {
        const MapType& t = *atom->map;
        bool empty = (!lhs->is_object() || lhs->empty()) && (!rhs.is_object() || rhs.empty());
        if (t.relationship == ElementRelationship::kAtomic || empty) return Leaf(lhs, rhs);
        if (!lhs->is_object() || !rhs.is_object()) return Fallback(lhs, rhs, ref);
        return Map(t, lhs, rhs);
      }
      case Part::kList: {
        const ListType& t = *atom->list;
        bool empty = (!lhs->is_array() || lhs->empty()) && (!rhs.is_array() || rhs.empty());
        if (t.relationship == ElementRelationship::kAtomic || empty) return Leaf(lhs, rhs);
        if (!lhs->is_array() || !rhs.is_array()) return Fallback(lhs, rhs, ref);
        return List(t, lhs, rhs, ref);
      }
      case Part::kNone:
        return false;  // Merger::Handle yields nothing
    }
    return false;
  }

 private:
  // Merger's Leaf: the right-hand side.
  static bool Leaf(Value* lhs, const Value& rhs) {
    if (!Identical(*lhs, rhs)) *lhs = rhs;
    return true;
  }

  bool Fallback(Value* lhs, const Value& rhs, const TypeRef& ref) {
    Merger m(schema_, nullptr);
    std::optional<Value> out;
    m.Walk(lhs, &rhs, ref, &out);
    if (!out) return false;
    *lhs = std::move(*out);
    return true;
  }

  // Merger::Map, pairing the members as it does: lhs's members in their
  // order, each merged with the member of rhs FindKeyFrom finds for it, then
  // rhs's members lhs lacks, in rhs's order (copied, as Merge gives them).
  bool Map(const MapType& t, Value* lhs, const Value& rhs) {
    std::span<const Value::Member> rm = rhs.members();
    const size_t nl = lhs->size();
    size_t next_r = 0;
    // Members whose merge yields nothing: dropped once the walk is done.
    std::vector<size_t> dropped;
    for (size_t i = 0; i < nl; ++i) {
      Value::Member& m = lhs->members()[i];
      const Value* rv = FindKeyFrom(rm, m.key(), &next_r);
      if (rv == nullptr) continue;
      if (!Walk(&m.value(), *rv, FieldType(t, m.key(), nullptr))) dropped.push_back(i);
    }
    size_t next_l = 0;
    for (const Value::Member& m : rm) {
      // The keys of lhs's own members stay as they were.
      std::span<const Value::Member> lm = std::as_const(*lhs).members().first(nl);
      if (FindKeyFrom(lm, m.key(), &next_l) != nullptr) continue;
      lhs->AppendMember(m.key(), m.value());
    }
    return Drop(lhs, &dropped);
  }

  // Merger::List when both lists have the same path elements in the same
  // order (no duplicates, as merge-stable values have none): the items
  // pairwise, in that order. Any other pairing is merged by Merger.
  bool List(const ListType& t, Value* lhs, const Value& rhs, const TypeRef& ref) {
    auto li = lhs->items();
    auto ri = rhs.items();
    if (li.size() != ri.size()) return Fallback(lhs, rhs, ref);
    if (t.relationship == ElementRelationship::kAssociative) {
      const bool fast = FastKeys(t);
      for (size_t i = 0; i < li.size(); ++i) {
        bool same;
        if (fast) {
          ItemKey a, b;
          same = ReadItemKey(schema_, t, li[i], &a) && ReadItemKey(schema_, t, ri[i], &b) &&
                 SameItemKey(t, a, b);
        } else {
          Result<PathElement> a = ItemElement(schema_, t, i, li[i]);
          Result<PathElement> b = ItemElement(schema_, t, i, ri[i]);
          same = a.ok() && b.ok() && *a == *b;
        }
        if (!same) return Fallback(lhs, rhs, ref);
      }
    }
    std::vector<size_t> dropped;
    for (size_t i = 0; i < li.size(); ++i) {
      if (!Walk(&lhs->items()[i], ri[i], t.element_type)) dropped.push_back(i);
    }
    return Drop(lhs, &dropped);
  }

  // Erases the listed members or items (ascending); false when nothing is
  // left, as Merger then yields nothing for the node.
  static bool Drop(Value* v, std::vector<size_t>* dropped) {
    if (dropped->empty()) return true;
    std::sort(dropped->begin(), dropped->end());
    for (size_t i = dropped->size(); i-- > 0;) {
      if (v->is_object()) {
        v->Erase(std::string(v->members()[(*dropped)[i]].key()));
      } else {
        v->EraseAt((*dropped)[i]);
      }
    }
    return !v->empty();
  }

  const Schema& schema_;
};

// --- field sets ----------------------------------------------------------------

class SetBuilder {
 public:
  SetBuilder(const Schema& schema, FieldSet* out) : schema_(schema), out_(out) {}

  void Walk(const Value& v, const TypeRef& ref) {
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return;
    switch (Deduce(*atom, &v)) {
      case Part::kScalar:
        Insert();
        return;
      case Part::kList:
        List(*atom->list, v);
        return;
      case Part::kMap:
        Map(*atom->map, v);
        return;
      case Part::kNone:
        return;
    }
  }

 private:
  void Insert() {
    if (!path_.empty()) out_->Insert(path_);
  }

  void List(const ListType& t, const Value& v) {
    if (t.relationship == ElementRelationship::kAtomic) {
      Insert();
      return;
    }
    if (!v.is_array()) return;
    auto items = v.items();
    std::vector<std::optional<PathElement>> pes;
    std::map<PathElement, int> count;
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (pe.ok()) {
        ++count[*pe];
        pes.emplace_back(std::move(pe).value());
      } else {
        pes.emplace_back();
      }
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (!pes[i]) continue;
      path_.push_back(*pes[i]);
      // A duplicated item is owned as a whole.
      if (count[*pes[i]] == 1) Walk(items[i], t.element_type);
      Insert();
      path_.pop_back();
    }
  }

  void Map(const MapType& t, const Value& v) {
    if (t.relationship == ElementRelationship::kAtomic) {
      Insert();
      return;
    }
    if (!v.is_object()) return;
    for (const Value::Member& m : v.members()) {
      path_.push_back(PathElement::Field(m.key()));
      Walk(m.value(), FieldType(t, m.key(), nullptr));
      const Value& val = m.value();
      if (val.is_null() || (val.is_object() && val.empty()) || !t.DeclaresField(m.key())) {
        Insert();
      }
      path_.pop_back();
    }
  }

  const Schema& schema_;
  FieldSet* out_;
  FieldPath path_;
};

// --- the subset check of a field set ------------------------------------------------

// Whether SetBuilder::Walk records the node `v` of type `ref` itself (a
// scalar, an atomic list or map) rather than only what is below it.
bool RecordsItself(const Schema& schema, const Value& v, const TypeRef& ref) {
  const Atom* atom = schema.Lookup(ref);
  if (!atom) return false;
  switch (Deduce(*atom, &v)) {
    case Part::kScalar:
      return true;
    case Part::kList:
      return atom->list->relationship == ElementRelationship::kAtomic;
    case Part::kMap:
      return atom->map->relationship == ElementRelationship::kAtomic;
    case Part::kNone:
      return false;
  }
  return false;
}

// Whether every path of `set` (below the node of `v`, whose type is `ref`)
// is one ToFieldSet gives for `v`, mirroring SetBuilder without building
// its set.
class WithinChecker {
 public:
  explicit WithinChecker(const Schema& schema) : schema_(schema) {}

  bool Below(const Value& v, const TypeRef& ref, const FieldSet& set) {
    if (set.empty()) return true;
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return false;
    switch (Deduce(*atom, &v)) {
      case Part::kList:
        return atom->list->relationship != ElementRelationship::kAtomic && v.is_array() &&
               List(*atom->list, v, set);
      case Part::kMap:
        return atom->map->relationship != ElementRelationship::kAtomic && v.is_object() &&
               Map(*atom->map, v, set);
      case Part::kScalar:
      case Part::kNone:
        return false;  // SetBuilder records nothing below a scalar
    }
    return false;
  }

 private:
  bool List(const ListType& t, const Value& v, const FieldSet& set) {
    auto items = v.items();
    std::vector<std::optional<PathElement>> pes;
    pes.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (pe.ok()) {
        pes.emplace_back(std::move(pe).value());
      } else {
        pes.emplace_back();
      }
    }
    // The item with that element and how many there are.
    auto find = [&](const PathElement& e, int* count) -> const Value* {
      const Value* found = nullptr;
      *count = 0;
      for (size_t i = 0; i < items.size(); ++i) {
        if (pes[i] && *pes[i] == e) {
          if (found == nullptr) found = &items[i];
          ++*count;
        }
      }
      return found;
    };
    int count = 0;
    for (const PathElement& m : FieldSetAccess::Members(set)) {
      if (find(m, &count) == nullptr) return false;  // every item is recorded
    }
    for (const FieldSetAccess::Child& c : FieldSetAccess::Children(set)) {
      const Value* item = find(c.element, &count);
      // A duplicated item is recorded whole, nothing below it.
      if (item == nullptr || count != 1) return false;
      if (!Below(*item, t.element_type, c.set)) return false;
    }
    return true;
  }

  bool Map(const MapType& t, const Value& v, const FieldSet& set) {
    for (const PathElement& m : FieldSetAccess::Members(set)) {
      if (m.kind() != PathElement::Kind::kField) return false;
      const Value* val = v.Find(m.field_name());
      if (val == nullptr) return false;
      bool recorded = val->is_null() || (val->is_object() && val->empty()) ||
                      !t.DeclaresField(m.field_name()) ||
                      RecordsItself(schema_, *val, FieldType(t, m.field_name(), nullptr));
      if (!recorded) return false;
    }
    for (const FieldSetAccess::Child& c : FieldSetAccess::Children(set)) {
      if (c.element.kind() != PathElement::Kind::kField) return false;
      const Value* val = v.Find(c.element.field_name());
      if (val == nullptr) return false;
      if (!Below(*val, FieldType(t, c.element.field_name(), nullptr), c.set)) return false;
    }
    return true;
  }

  const Schema& schema_;
};

// A FieldsV1 key as FieldsV1WithinChecker reads it: the two forms the API
// server writes for nearly every key (`f:name` and a `k:` key in its
// canonical form, canonical_key.h) without building a PathElement, any
// other form through PathElement::FromFieldsV1Key.
struct V1Key {
  enum class Form { kField, kCanonicalKey, kOther };
  Form form = Form::kOther;
  std::string_view name;               // kField
  CanonicalKey key;                    // kCanonicalKey
  std::optional<PathElement> element;  // kOther

  // False when FromFieldsV1Key refuses the key. A V1Key can be read into
  // again.
  bool Read(std::string_view text) {
    key.size = 0;
    if (text.size() >= 2 && text[1] == ':') {
      if (text[0] == 'f') {
        form = Form::kField;
        name = text.substr(2);
        return true;
      }
      if (text[0] == 'k' && ReadCanonicalKey(text.substr(2), &key)) {
        form = Form::kCanonicalKey;
        return true;
      }
    }
    Result<PathElement> e = PathElement::FromFieldsV1Key(text);
    if (!e.ok()) return false;
    form = Form::kOther;
    element = std::move(e).value();
    return true;
  }
  bool is_field() const {
    return form == Form::kField ||
           (form == Form::kOther && element->kind() == PathElement::Kind::kField);
  }
  std::string_view field_name() const {
    return form == Form::kField ? name : std::string_view(element->field_name());
  }
};

// The same check on a FieldsV1 value, read as FieldSet::FromFieldsV1 reads
// it and collapsed as ReconcileWithSchema collapses it, without building
// either set. False also for anything FromFieldsV1 would refuse.
class FieldsV1WithinChecker {
 public:
  explicit FieldsV1WithinChecker(const Schema& schema) : schema_(schema) {}

  // `node`: the FieldsV1 node below the value `v`; `atom`: v's type, null
  // when a step on the way had none (nothing collapses then); `recorded`:
  // whether ToFieldSet records v's node itself; `root`: v is the object.
  bool Below(const Value& node, const Value& v, const TypeRef* ref, bool recorded, bool root) {
    if (!node.is_object()) return false;
    const Atom* atom = ref != nullptr ? schema_.Lookup(*ref) : nullptr;
    // The elements of v's items when v is a list, made on the first step
    // into it by a key of another form than the API server's (every member
    // of `node` steps from the same v).
    std::vector<Result<PathElement>> item_elements;
    V1Key e;
    for (const Value::Member& m : node.members()) {
      if (m.key() == ".") continue;
      if (!e.Read(m.key())) return false;
      const Value& child = m.value();
      if (!child.is_object()) return false;
      const bool field = e.is_field();
      // ReconcileWithSchema: a step into an atomic part ends the path here.
      if (!root && atom != nullptr) {
        bool atomic = field ? atom->map && atom->map->relationship == ElementRelationship::kAtomic
                            : atom->list && atom->list->relationship == ElementRelationship::kAtomic;
        if (atomic) {
          if (!recorded || !WellFormed(child)) return false;
          continue;
        }
      }
      // "." comes first where the API server writes it.
      const bool has_dot =
          !child.empty() && (child.members()[0].key() == "." || FindKey(child, ".") != nullptr);
      const bool member = child.empty() || has_dot;
      const bool has_children = child.size() > (has_dot ? 1u : 0u);
      // The value at the element, its type, and whether ToFieldSet records it.
      const Value* next = nullptr;
      const TypeRef* next_ref = nullptr;
      bool next_recorded = false;
      if (!Step(v, atom, e, &item_elements, &next, &next_ref, &next_recorded)) return false;
      if (member && !next_recorded) return false;
      if (has_children && !Below(child, *next, next_ref, next_recorded, false)) return false;
    }
    return true;
  }

 private:
  // Whether FieldSet::FromFieldsV1 reads the node.
  bool WellFormed(const Value& node) {
    if (!node.is_object()) return false;
    for (const Value::Member& m : node.members()) {
      if (m.key() == ".") continue;
      V1Key e;
      if (!e.Read(m.key()) || !WellFormed(m.value())) return false;
    }
    return true;
  }

  // Whether ItemElement gives `item` (of the keyed list-map `t`) the key
  // element `key` reads as, compared as PathElement compares keys: the
  // same fields (an absent key field with a default counts with it, one
  // without is left out) with equal values. `t.keys` holds distinct names.
  bool ItemHasKey(const ListType& t, const Value& item, const CanonicalKey& key) {
    if (!item.is_object()) return false;  // ItemElement refuses it
    size_t present = 0;
    bool same = true;
    for (const std::string& name : t.keys) {
      const Value* have = FindKey(item, name);
      if (have == nullptr) {
        const Atom* element = schema_.Lookup(t.element_type);
        const StructField* f = element && element->map ? element->map->FindField(name) : nullptr;
        if (f != nullptr && f->default_value) have = &*f->default_value;
      }
      if (have == nullptr) continue;
      ++present;
      if (!same) continue;
      size_t k = 0;
      while (k < key.size && key.names[k] != name) ++k;
      same = k < key.size && SameKeyValue(*have, key.values[k]);
    }
    // No key field at all: ItemElement refuses the item.
    return present != 0 && same && present == key.size;
  }

  static bool DistinctKeys(const ListType& t) {
    for (size_t i = 0; i < t.keys.size(); ++i) {
      for (size_t j = i + 1; j < t.keys.size(); ++j) {
        if (t.keys[i] == t.keys[j]) return false;
      }
    }
    return true;
  }

  // The child of `v` at `e` as SetBuilder walks it: false when SetBuilder
  // records nothing there.
  bool Step(const Value& v, const Atom* atom, const V1Key& e,
            std::vector<Result<PathElement>>* item_elements, const Value** next,
            const TypeRef** next_ref, bool* recorded) {
    if (atom == nullptr) return false;
    switch (Deduce(*atom, &v)) {
      case Part::kMap: {
        const MapType& t = *atom->map;
        if (t.relationship == ElementRelationship::kAtomic || !v.is_object()) return false;
        if (!e.is_field()) return false;
        std::string_view name = e.field_name();
        const Value* val = FindKey(v, name);
        if (val == nullptr) return false;
        // FieldType and DeclaresField with one lookup.
        static const TypeRef kNone;
        const StructField* f = t.FindField(name);
        const TypeRef& ref = f != nullptr ? f->type : t.element_type ? *t.element_type : kNone;
        *next = val;
        *next_ref = &ref;
        *recorded = val->is_null() || (val->is_object() && val->empty()) ||
                    !(t.unlisted_keys_are_fields || f != nullptr) ||
                    RecordsItself(schema_, *val, ref);
        return true;
      }
      case Part::kList: {
        const ListType& t = *atom->list;
        if (t.relationship == ElementRelationship::kAtomic || !v.is_array()) return false;
        if (e.is_field()) return false;
        auto items = v.items();
        const Value* found = nullptr;
        int count = 0;
        if (e.form == V1Key::Form::kCanonicalKey && DistinctKeys(t)) {
          // Only a list-map's items have key elements.
          if (t.relationship != ElementRelationship::kAssociative || t.keys.empty()) return false;
          for (const Value& item : items) {
            if (ItemHasKey(t, item, e.key)) {
              if (found == nullptr) found = &item;
              ++count;
            }
          }
        } else {
          PathElement slow;
          const PathElement* element = &slow;
          if (e.form == V1Key::Form::kOther) {
            element = &*e.element;
          } else {
            std::vector<PathElement::KeyField> fields;
            for (size_t k = 0; k < e.key.size; ++k) {
              fields.emplace_back(std::string(e.key.names[k]), e.key.values[k]);
            }
            slow = PathElement::Key(std::move(fields));
          }
          if (item_elements->size() != items.size()) {
            item_elements->clear();
            item_elements->reserve(items.size());
            for (size_t i = 0; i < items.size(); ++i) {
              item_elements->push_back(ItemElement(schema_, t, i, items[i]));
            }
          }
          for (size_t i = 0; i < items.size(); ++i) {
            const Result<PathElement>& pe = (*item_elements)[i];
            if (pe.ok() && *pe == *element) {
              if (found == nullptr) found = &items[i];
              ++count;
            }
          }
        }
        if (found == nullptr) return false;
        *next = found;
        // A duplicated item is recorded whole, nothing below it.
        *next_ref = count == 1 ? &t.element_type : nullptr;
        *recorded = true;
        return true;
      }
      case Part::kScalar:
      case Part::kNone:
        return false;
    }
    return false;
  }

  const Schema& schema_;
};

// --- removal and extraction -------------------------------------------------------

class Remover {
 public:
  Remover(const Schema& schema, bool extract) : schema_(schema), extract_(extract) {}

  // Empty: nothing is left.
  std::optional<Value> Walk(const Value& v, const TypeRef& ref, const FieldSet& set) {
    const Atom* atom = schema_.Lookup(ref);
    if (!atom) return std::nullopt;
    switch (Deduce(*atom, &v)) {
      case Part::kScalar:
        return v;
      case Part::kList:
        return List(*atom->list, v, set);
      case Part::kMap:
        return Map(*atom->map, v, set);
      case Part::kNone:
        return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  std::optional<Value> List(const ListType& t, const Value& v, const FieldSet& set) {
    if (!v.is_array() || v.empty()) return std::nullopt;
    if (t.relationship == ElementRelationship::kAtomic) {
      if (extract_) return v;
      return std::nullopt;
    }
    Value items = Value::Array();
    auto list = v.items();
    for (size_t i = 0; i < list.size(); ++i) {
      const Value& item = list[i];
      Result<PathElement> pe = ItemElement(schema_, t, i, item);
      if (!pe.ok()) {
        if (!extract_) items.Append(item);
        continue;
      }
      FieldSet subset = set.WithPrefix(*pe);
      if (set.Has(FieldPath{*pe})) {
        if (extract_) {
          // An owned item keeps what its subset names, or stays whole when
          // it is owned with no owned fields (a duplicated item): a list
          // item cannot be null.
          std::optional<Value> part = Walk(item, t.element_type, subset);
          items.Append(part ? std::move(*part) : item);
        }
        continue;
      }
      if (!subset.empty()) {
        std::optional<Value> part = Walk(item, t.element_type, subset);
        if (part) {
          items.Append(std::move(*part));
        } else if (!extract_) {
          items.Append(Value());
        }
        continue;
      }
      if (!extract_) items.Append(item);
    }
    if (items.empty()) return std::nullopt;
    return items;
  }

  std::optional<Value> Map(const MapType& t, const Value& v, const FieldSet& set) {
    if (!v.is_object() || v.empty()) return std::nullopt;
    if (t.relationship == ElementRelationship::kAtomic) {
      if (extract_) return v;
      return std::nullopt;
    }
    Value out = Value::Object();
    for (const Value::Member& m : v.members()) {
      PathElement pe = PathElement::Field(m.key());
      const TypeRef& ref = FieldType(t, m.key(), nullptr);
      FieldSet subset = set.WithPrefix(pe);
      if (set.Has(FieldPath{pe})) {
        if (extract_) {
          // An owned member keeps what its own subset names. With no owned
          // children, a scalar or an atomic part stays whole and a granular
          // map or list is left null, as structured-merge-diff's remove.go
          // leaves it (it walks the member with this level's set, where its
          // children are not named).
          std::optional<Value> part = Walk(m.value(), ref, subset);
          out.AppendMember(m.key(), part ? std::move(*part) : Value());
        }
        continue;
      }
      if (!subset.empty()) {
        std::optional<Value> part = Walk(m.value(), ref, subset);
        out.AppendMember(m.key(), part ? std::move(*part) : Value());
        continue;
      }
      if (!extract_) out.AppendMember(m.key(), m.value());
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  const Schema& schema_;
  bool extract_;
};

void Merger::RecordChildren(const ListType& t, const Value& item, FieldSet* set) {
  FieldSet fields;
  SetBuilder b(schema_, &fields);
  b.Walk(item, t.element_type);
  fields.ForEachPath([&](const FieldPath& p) {
    FieldPath full = path_;
    full.insert(full.end(), p.begin(), p.end());
    set->Insert(std::move(full));
  });
}

}  // namespace

Status Validate(const Typed& t, const Value& value, bool allow_duplicates, bool* merge_stable,
                const Value* twin) {
  Validator fast(t.schema, allow_duplicates, /*track_path=*/false,
                 /*track_stable=*/merge_stable != nullptr);
  const bool ok = fast.Walk(value, t.root, twin);
  if (merge_stable != nullptr) *merge_stable = ok && fast.merge_stable();
  if (ok) return OkStatus();
  Validator v(t.schema, allow_duplicates, /*track_path=*/true);
  // The second pass is the reference: what it accepts is valid.
  if (v.Walk(value, t.root)) return OkStatus();
  return v.error();
}

Value Merge(const Typed& t, const Value& lhs, const Value& rhs, Comparison* comparison) {
  Merger m(t.schema, comparison);
  std::optional<Value> out;
  m.Walk(&lhs, &rhs, t.root, &out);
  return out ? std::move(*out) : Value();
}

void MergeInto(const Typed& t, Value* lhs, const Value& rhs) {
  InPlaceMerger m(t.schema);
  if (!m.Walk(lhs, rhs, t.root)) *lhs = Value();
}

Comparison Compare(const Typed& t, const Value& lhs, const Value& rhs) {
  Comparison cmp;
  Merger m(t.schema, &cmp, /*build=*/false);
  std::optional<Value> out;
  m.Walk(&lhs, &rhs, t.root, &out);
  return cmp;
}

bool FieldSetWithin(const Typed& t, const FieldSet& set, const Value& value) {
  WithinChecker c(t.schema);
  return c.Below(value, t.root, set);
}

bool FieldsV1Within(const Typed& t, const Value& fields_v1, const Value& value) {
  FieldsV1WithinChecker c(t.schema);
  return c.Below(fields_v1, value, &t.root, false, true);
}

FieldSet ToFieldSet(const Typed& t, const Value& value) {
  FieldSet set;
  SetBuilder b(t.schema, &set);
  b.Walk(value, t.root);
  return set;
}

Value RemoveItems(const Typed& t, const Value& value, const FieldSet& set, bool extract) {
  Remover r(t.schema, extract);
  std::optional<Value> out = r.Walk(value, t.root, set);
  return out ? std::move(*out) : Value();
}

namespace {

// The type reached by following `pe` from an atom; false if there is none.
// (A pointer into the schema: a copy of the reference would be unlinked.)
bool Step(const Atom& atom, const PathElement& pe, const TypeRef** next) {
  if (pe.kind() == PathElement::Kind::kField) {
    if (!atom.map) return false;
    bool known = false;
    *next = &FieldType(*atom.map, pe.field_name(), &known);
    return known;
  }
  if (!atom.list) return false;
  *next = &atom.list->element_type;
  return true;
}

}  // namespace

FieldSet EnsureNamedFieldsAreMembers(const Typed& t, const FieldSet& set) {
  FieldSet out = set;
  set.ForEachPath([&](const FieldPath& path) {
    const TypeRef* ref = &t.root;
    FieldPath prefix;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      const Atom* atom = t.schema.Lookup(*ref);
      if (!atom) break;
      const PathElement& pe = path[i];
      prefix.push_back(pe);
      if (pe.kind() == PathElement::Kind::kField && atom->map &&
          atom->map->DeclaresField(pe.field_name())) {
        out.Insert(prefix);
      }
      if (!Step(*atom, pe, &ref)) break;
    }
  });
  return out;
}

namespace {

// NeedsReconcile below the node `set` whose value has type `ref`: a child
// whose type is atomic for the kind of step its own elements take.
bool CollapsesBelow(const Schema& schema, const TypeRef& ref, const FieldSet& set) {
  const auto& children = FieldSetAccess::Children(set);
  if (children.empty()) return false;
  const Atom* atom = schema.Lookup(ref);
  if (!atom) return false;
  for (const FieldSetAccess::Child& c : children) {
    const TypeRef* child_ref = nullptr;
    if (!Step(*atom, c.element, &child_ref)) continue;
    const Atom* child = schema.Lookup(*child_ref);
    if (!child) continue;
    bool map_atomic = child->map && child->map->relationship == ElementRelationship::kAtomic;
    bool list_atomic = child->list && child->list->relationship == ElementRelationship::kAtomic;
    auto atomic = [&](const PathElement& next) {
      return next.kind() == PathElement::Kind::kField ? map_atomic : list_atomic;
    };
    for (const PathElement& m : FieldSetAccess::Members(c.set)) {
      if (atomic(m)) return true;
    }
    for (const FieldSetAccess::Child& g : FieldSetAccess::Children(c.set)) {
      if (atomic(g.element)) return true;
    }
    if (CollapsesBelow(schema, *child_ref, c.set)) return true;
  }
  return false;
}

}  // namespace

bool NeedsReconcile(const Typed& t, const FieldSet& set) {
  return CollapsesBelow(t.schema, t.root, set);
}

FieldSet ReconcileWithSchema(const Typed& t, const FieldSet& set) {
  if (!NeedsReconcile(t, set)) return set;
  FieldSet out;
  bool changed = false;
  set.ForEachPath([&](const FieldPath& path) {
    const TypeRef* ref = &t.root;
    size_t keep = path.size();
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      const Atom* atom = t.schema.Lookup(*ref);
      if (!atom) break;
      if (!Step(*atom, path[i], &ref)) break;
      const Atom* child = t.schema.Lookup(*ref);
      if (!child) break;
      // The next step says which part of the child's atom is in use.
      const PathElement& next = path[i + 1];
      bool atomic =
          next.kind() == PathElement::Kind::kField
              ? (child->map && child->map->relationship == ElementRelationship::kAtomic)
              : (child->list && child->list->relationship == ElementRelationship::kAtomic);
      if (atomic) {
        keep = i + 1;
        break;
      }
    }
    if (keep < path.size()) {
      changed = true;
      out.Insert(FieldPath(path.begin(), path.begin() + static_cast<ptrdiff_t>(keep)));
    } else {
      out.Insert(path);
    }
  });
  return changed ? out : set;
}

}  // namespace gitops::plan::internal
