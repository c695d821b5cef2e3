#include "plan/typed.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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
      std::shared_ptr<const Atom> element = schema.Resolve(list.element_type);
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

// --- validation ---------------------------------------------------------------

class Validator {
 public:
  Validator(const Schema& schema, bool allow_duplicates)
      : schema_(schema), allow_duplicates_(allow_duplicates) {}

  Status Walk(const Value& v, const TypeRef& ref) {
    std::shared_ptr<const Atom> atom = schema_.Resolve(ref);
    if (!atom) return Error("schema error: no type found matching: " + ref.named_type);
    if (v.is_null()) return OkStatus();
    switch (Deduce(*atom, &v)) {
      case Part::kScalar:
        return Scalar(*atom->scalar, v);
      case Part::kList:
        return List(*atom->list, v);
      case Part::kMap:
        return Map(*atom->map, v);
      case Part::kNone:
        return Error("schema error: invalid atom");
    }
    return OkStatus();
  }

 private:
  Status Error(const std::string& message) {
    std::string where = PathString(path_);
    return InvalidArgumentError((where.empty() ? std::string() : where + ": ") + message);
  }

  Status Scalar(ScalarType t, const Value& v) {
    if (v.is_array() || v.is_object()) {
      return Error(std::string("expected scalar, got ") + KindName(v));
    }
    switch (t) {
      case ScalarType::kNumeric:
        if (!v.is_number()) {
          return Error(std::string("expected numeric (int or float), got ") + KindName(v));
        }
        break;
      case ScalarType::kString:
        if (!v.is_string()) return Error(std::string("expected string, got ") + KindName(v));
        break;
      case ScalarType::kBoolean:
        if (!v.is_bool()) return Error(std::string("expected boolean, got ") + KindName(v));
        break;
      case ScalarType::kUntyped:
        break;
    }
    return OkStatus();
  }

  Status List(const ListType& t, const Value& v) {
    if (!v.is_array()) return Error(std::string("expected list, got ") + KindName(v));
    std::vector<PathElement> seen;
    auto items = v.items();
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (!pe.ok()) return Error("element " + std::to_string(i) + ": " + pe.status().message());
      if (!allow_duplicates_ && t.relationship == ElementRelationship::kAssociative) {
        for (const PathElement& s : seen) {
          if (s == *pe) return Error("duplicate entries for key " + pe->ToString());
        }
        seen.push_back(*pe);
      }
      path_.push_back(std::move(pe).value());
      Status s = Walk(items[i], t.element_type);
      path_.pop_back();
      GITOPS_RETURN_IF_ERROR(s);
    }
    return OkStatus();
  }

  Status Map(const MapType& t, const Value& v) {
    if (!v.is_object()) return Error(std::string("expected map, got ") + KindName(v));
    for (const Value::Member& m : v.members()) {
      bool known = false;
      const TypeRef& ref = FieldType(t, m.key(), &known);
      path_.push_back(PathElement::Field(m.key()));
      Status s = known ? Walk(m.value(), ref) : Error("field not declared in schema");
      path_.pop_back();
      GITOPS_RETURN_IF_ERROR(s);
    }
    return OkStatus();
  }

  const Schema& schema_;
  bool allow_duplicates_;
  FieldPath path_;
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
    std::shared_ptr<const Atom> atom = schema_.Resolve(ref);
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
    auto visit = [&](std::string_view key, const Value* lv, const Value* rv) {
      const TypeRef& ref = FieldType(t, key, nullptr);
      path_.push_back(PathElement::Field(key));
      std::optional<Value> child;
      Walk(lv, rv, ref, &child);
      path_.pop_back();
      if (child) result.AppendMember(key, std::move(*child));  // only when building
    };
    if (l != nullptr) {
      for (const Value::Member& m : l->members()) {
        visit(m.key(), &m.value(), r != nullptr ? r->Find(m.key()) : nullptr);
      }
    }
    if (r != nullptr) {
      for (const Value::Member& m : r->members()) {
        if (l != nullptr && l->Contains(m.key())) continue;
        visit(m.key(), nullptr, &m.value());
      }
    }
    if (!result.empty()) *out = std::move(result);
  }

  struct Indexed {
    std::vector<PathElement> order;  // one per item with a path element, in order
    // pe -> the items with it (more than one: duplicates)
    std::map<PathElement, std::vector<const Value*>> items;
  };

  Indexed Index(const ListType& t, const Value* list) {
    Indexed ix;
    if (list == nullptr) return ix;
    auto items = list->items();
    for (size_t i = 0; i < items.size(); ++i) {
      Result<PathElement> pe = ItemElement(schema_, t, i, items[i]);
      if (!pe.ok()) continue;
      ix.items[*pe].push_back(&items[i]);
      ix.order.push_back(std::move(pe).value());
    }
    return ix;
  }

  // Merges the items with path element `pe` from both sides. An item that
  // is duplicated on either side is handled as one atomic leaf: all its
  // occurrences together.
  void MergeItem(const ListType& t, const PathElement& pe, const Indexed& l, const Indexed& r,
                 Value* result) {
    auto li = l.items.find(pe);
    auto ri = r.items.find(pe);
    const std::vector<const Value*>* lg = li == l.items.end() ? nullptr : &li->second;
    const std::vector<const Value*>* rg = ri == r.items.end() ? nullptr : &ri->second;
    path_.push_back(pe);
    if ((lg && lg->size() > 1) || (rg && rg->size() > 1)) {
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
      Walk(lg ? (*lg)[0] : nullptr, rg ? (*rg)[0] : nullptr, t.element_type, &child);
      if (child) result->Append(std::move(*child));
    }
    path_.pop_back();
  }

  // Adds the fields of `item` (at path_) to `set`.
  void RecordChildren(const ListType& t, const Value& item, FieldSet* set);

  void List(const ListType& t, const Value* lhs, const Value* rhs, std::optional<Value>* out,
            bool* in_leaf) {
    const Value* l = lhs != nullptr && lhs->is_array() ? lhs : nullptr;
    const Value* r = rhs != nullptr && rhs->is_array() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (t.relationship == ElementRelationship::kAtomic || empty) {
      Leaf(lhs, rhs, out, in_leaf);
      return;
    }
    Indexed li = Index(t, l), ri = Index(t, r);
    // The order of the merged items (structured-merge-diff >= 4.2): the
    // right-hand side's order, with items only on the left kept where they
    // stood relative to the shared items.
    std::vector<const PathElement*> shared;
    for (const PathElement& pe : ri.order) {
      if (li.items.count(pe)) shared.push_back(&pe);
    }
    size_t next_shared = 0;
    auto advance_if = [&](const PathElement& pe) {
      if (next_shared < shared.size() && *shared[next_shared] == pe) ++next_shared;
    };
    std::map<PathElement, bool> done;
    Value result = Value::Array();
    auto emit = [&](const PathElement& pe) {
      if (done.emplace(pe, true).second) MergeItem(t, pe, li, ri, &result);
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
        if (ri.items.count(pe) && next_shared < shared.size() && !(*shared[next_shared] == pe)) {
          ++a;
          continue;
        }
      }
      if (a < nl) {
        const PathElement& pe = li.order[a];
        if (!ri.items.count(pe)) {
          emit(pe);
          ++a;
          continue;
        }
        if (done.count(pe)) {
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

  const Schema& schema_;
  Comparison* cmp_;
  bool build_;
  FieldPath path_;
};

// --- field sets ----------------------------------------------------------------

class SetBuilder {
 public:
  SetBuilder(const Schema& schema, FieldSet* out) : schema_(schema), out_(out) {}

  void Walk(const Value& v, const TypeRef& ref) {
    std::shared_ptr<const Atom> atom = schema_.Resolve(ref);
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

// --- removal and extraction -------------------------------------------------------

class Remover {
 public:
  Remover(const Schema& schema, bool extract) : schema_(schema), extract_(extract) {}

  // Empty: nothing is left.
  std::optional<Value> Walk(const Value& v, const TypeRef& ref, const FieldSet& set) {
    std::shared_ptr<const Atom> atom = schema_.Resolve(ref);
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

Status Validate(const Typed& t, const Value& value, bool allow_duplicates) {
  Validator v(t.schema, allow_duplicates);
  return v.Walk(value, t.root);
}

Value Merge(const Typed& t, const Value& lhs, const Value& rhs, Comparison* comparison) {
  Merger m(t.schema, comparison);
  std::optional<Value> out;
  m.Walk(&lhs, &rhs, t.root, &out);
  return out ? std::move(*out) : Value();
}

Comparison Compare(const Typed& t, const Value& lhs, const Value& rhs) {
  Comparison cmp;
  Merger m(t.schema, &cmp, /*build=*/false);
  std::optional<Value> out;
  m.Walk(&lhs, &rhs, t.root, &out);
  return cmp;
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
bool Step(const Atom& atom, const PathElement& pe, TypeRef* next) {
  if (pe.kind() == PathElement::Kind::kField) {
    if (!atom.map) return false;
    bool known = false;
    *next = FieldType(*atom.map, pe.field_name(), &known);
    return known;
  }
  if (!atom.list) return false;
  *next = atom.list->element_type;
  return true;
}

}  // namespace

FieldSet EnsureNamedFieldsAreMembers(const Typed& t, const FieldSet& set) {
  FieldSet out = set;
  set.ForEachPath([&](const FieldPath& path) {
    TypeRef ref = t.root;
    FieldPath prefix;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      std::shared_ptr<const Atom> atom = t.schema.Resolve(ref);
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
  std::shared_ptr<const Atom> atom = schema.Resolve(ref);
  if (!atom) return false;
  for (const FieldSetAccess::Child& c : children) {
    TypeRef child_ref;
    if (!Step(*atom, c.element, &child_ref)) continue;
    std::shared_ptr<const Atom> child = schema.Resolve(child_ref);
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
    if (CollapsesBelow(schema, child_ref, c.set)) return true;
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
    TypeRef ref = t.root;
    size_t keep = path.size();
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      std::shared_ptr<const Atom> atom = t.schema.Resolve(ref);
      if (!atom) break;
      if (!Step(*atom, path[i], &ref)) break;
      std::shared_ptr<const Atom> child = t.schema.Resolve(ref);
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
