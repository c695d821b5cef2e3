#include "gitops/plan/fieldpath.h"

#include <algorithm>
#include <string>
#include <utility>

#include "gitops/core/json.h"

namespace gitops::plan {

namespace {

int TypeRank(const Value& v) {
  if (v.is_number()) return 0;
  if (v.is_string()) return 1;
  if (v.is_bool()) return 2;
  if (v.is_array()) return 3;
  if (v.is_object()) return 4;
  return 5;  // null
}

std::string CompactJson(const Value& v) {
  Result<std::string> text = WriteJson(v);
  return text.ok() ? std::move(text).value() : std::string("?");
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

int CompareValues(const Value& a, const Value& b) {
  int ra = TypeRank(a), rb = TypeRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      if (a.is_integer() && b.is_integer() && a.type() == b.type()) {
        return a.type() == Value::Type::kInt ? Cmp(a.as_int(), b.as_int())
                                             : Cmp(a.as_uint(), b.as_uint());
      }
      return Cmp(a.as_double(), b.as_double());
    case 1:
      return Cmp(a.as_string(), b.as_string());
    case 2:
      return Cmp(a.as_bool(), b.as_bool());
    case 3: {
      auto x = a.items(), y = b.items();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareValues(x[i], y[i]); c != 0) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case 4: {
      // Maps compare by their sorted members.
      auto sorted = [](const Value& v) {
        std::vector<const Value::Member*> m;
        for (const Value::Member& member : v.members()) m.push_back(&member);
        std::sort(m.begin(), m.end(), [](auto* p, auto* q) { return p->key() < q->key(); });
        return m;
      };
      auto x = sorted(a), y = sorted(b);
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = Cmp(x[i]->key(), y[i]->key()); c != 0) return c;
        if (int c = CompareValues(x[i]->value(), y[i]->value()); c != 0) return c;
      }
      return Cmp(x.size(), y.size());
    }
    default:
      return 0;
  }
}

PathElement PathElement::Field(std::string_view name) {
  PathElement e;
  e.kind_ = Kind::kField;
  e.name_ = std::string(name);
  return e;
}

PathElement PathElement::Key(std::vector<KeyField> fields) {
  PathElement e;
  e.kind_ = Kind::kKey;
  std::sort(fields.begin(), fields.end(),
            [](const KeyField& a, const KeyField& b) { return a.first < b.first; });
  e.key_ = std::move(fields);
  return e;
}

PathElement PathElement::ValueOf(Value value) {
  PathElement e;
  e.kind_ = Kind::kValue;
  e.value_ = std::move(value);
  return e;
}

PathElement PathElement::Index(int64_t index) {
  PathElement e;
  e.kind_ = Kind::kIndex;
  e.index_ = index;
  return e;
}

int Compare(const PathElement& a, const PathElement& b) {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  switch (a.kind_) {
    case PathElement::Kind::kField:
      return a.name_.compare(b.name_) < 0 ? -1 : (a.name_ == b.name_ ? 0 : 1);
    case PathElement::Kind::kKey:
      for (size_t i = 0; i < a.key_.size() && i < b.key_.size(); ++i) {
        if (int c = Cmp(a.key_[i].first, b.key_[i].first); c != 0) return c;
        if (int c = CompareValues(a.key_[i].second, b.key_[i].second); c != 0) return c;
      }
      return Cmp(a.key_.size(), b.key_.size());
    case PathElement::Kind::kValue:
      return CompareValues(a.value_, b.value_);
    case PathElement::Kind::kIndex:
      return Cmp(a.index_, b.index_);
  }
  return 0;
}

std::string PathElement::ToString() const {
  switch (kind_) {
    case Kind::kField:
      return "." + name_;
    case Kind::kKey: {
      std::string out = "[";
      for (size_t i = 0; i < key_.size(); ++i) {
        if (i > 0) out += ',';
        out += key_[i].first;
        out += '=';
        out += CompactJson(key_[i].second);
      }
      return out + "]";
    }
    case Kind::kValue:
      return "[=" + CompactJson(value_) + "]";
    case Kind::kIndex:
      return "[" + std::to_string(index_) + "]";
  }
  return "";
}

std::string PathElement::ToFieldsV1Key() const {
  switch (kind_) {
    case Kind::kField:
      return "f:" + name_;
    case Kind::kKey: {
      Value object = Value::Object();
      for (const KeyField& f : key_) object.AppendMember(f.first, f.second);
      return "k:" + CompactJson(object);
    }
    case Kind::kValue:
      return "v:" + CompactJson(value_);
    case Kind::kIndex:
      return "i:" + std::to_string(index_);
  }
  return "";
}

Result<PathElement> PathElement::FromFieldsV1Key(std::string_view key) {
  auto bad = [&](std::string why) {
    return ParseError("FieldsV1 key \"" + std::string(key) + "\": " + std::move(why), {});
  };
  if (key.size() < 2 || key[1] != ':') return bad("not f:, k:, v: or i:");
  std::string_view rest = key.substr(2);
  switch (key[0]) {
    case 'f':
      return Field(rest);
    case 'k': {
      Result<Value> object = ReadJson(rest);
      if (!object.ok()) return bad(object.status().message());
      if (!object->is_object() || object->empty()) return bad("a key must be a non-empty object");
      std::vector<KeyField> fields;
      for (const Value::Member& m : object->members()) fields.emplace_back(m.key(), m.value());
      return Key(std::move(fields));
    }
    case 'v': {
      Result<Value> value = ReadJson(rest);
      if (!value.ok()) return bad(value.status().message());
      return ValueOf(std::move(value).value());
    }
    case 'i': {
      if (rest.empty()) return bad("no index");
      int64_t index = 0;
      for (char c : rest) {
        if (c < '0' || c > '9' || index > (INT64_MAX - 9) / 10) return bad("not an index");
        index = index * 10 + (c - '0');
      }
      return Index(index);
    }
    default:
      return bad("not f:, k:, v: or i:");
  }
}

std::string PathString(const FieldPath& path) {
  std::string out;
  for (const PathElement& e : path) out += e.ToString();
  return out;
}

namespace {

Status ParseNode(const Value& node, FieldPath* prefix, std::set<FieldPath>* out) {
  if (!node.is_object()) {
    return ParseError("FieldsV1 at \"" + PathString(*prefix) + "\": expected an object", {});
  }
  for (const Value::Member& m : node.members()) {
    if (m.key() == ".") {
      if (!prefix->empty()) out->insert(*prefix);
      continue;
    }
    Result<PathElement> e = PathElement::FromFieldsV1Key(m.key());
    if (!e.ok()) return e.status();
    prefix->push_back(std::move(e).value());
    if (m.value().is_object() && m.value().empty()) {
      out->insert(*prefix);
    } else {
      GITOPS_RETURN_IF_ERROR(ParseNode(m.value(), prefix, out));
    }
    prefix->pop_back();
  }
  return OkStatus();
}

// Writes the paths in [begin, end), all of which share their first `depth`
// elements, as a FieldsV1 object.
using Iter = std::set<FieldPath>::const_iterator;
Value WriteNode(Iter begin, Iter end, size_t depth) {
  Value node = Value::Object();
  Iter it = begin;
  if (it != end && it->size() == depth) {
    node.AppendMember(".", Value::Object());
    ++it;
  }
  while (it != end) {
    const PathElement& head = (*it)[depth];
    Iter group_end = it;
    while (group_end != end && Compare((*group_end)[depth], head) == 0) ++group_end;
    Value child = WriteNode(it, group_end, depth + 1);
    // A member with no children is written `{}`, not `{".":{}}`.
    if (child.size() == 1 && child.members()[0].key() == ".") child = Value::Object();
    node.AppendMember(head.ToFieldsV1Key(), std::move(child));
    it = group_end;
  }
  return node;
}

}  // namespace

Result<FieldSet> FieldSet::FromFieldsV1(const Value& fields_v1) {
  FieldSet set;
  if (fields_v1.is_null()) return set;
  FieldPath prefix;
  GITOPS_RETURN_IF_ERROR(ParseNode(fields_v1, &prefix, &set.paths_));
  return set;
}

Value FieldSet::ToFieldsV1() const { return WriteNode(paths_.begin(), paths_.end(), 0); }

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out = *this;
  out.paths_.insert(other.paths_.begin(), other.paths_.end());
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  std::set_intersection(paths_.begin(), paths_.end(), other.paths_.begin(), other.paths_.end(),
                        std::inserter(out.paths_, out.paths_.end()));
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  std::set_difference(paths_.begin(), paths_.end(), other.paths_.begin(), other.paths_.end(),
                      std::inserter(out.paths_, out.paths_.end()));
  return out;
}

FieldSet FieldSet::RecursiveDifference(const FieldSet& other) const {
  FieldSet out;
  for (const FieldPath& p : paths_) {
    bool removed = false;
    FieldPath prefix;
    for (const PathElement& e : p) {
      prefix.push_back(e);
      if (other.Has(prefix)) {
        removed = true;
        break;
      }
    }
    if (!removed) out.paths_.insert(out.paths_.end(), p);
  }
  return out;
}

FieldSet FieldSet::WithPrefix(const PathElement& prefix) const {
  FieldSet out;
  FieldPath start{prefix};
  for (auto it = paths_.upper_bound(start); it != paths_.end(); ++it) {
    if (it->empty() || Compare((*it)[0], prefix) != 0) break;
    out.paths_.insert(out.paths_.end(), FieldPath(it->begin() + 1, it->end()));
  }
  return out;
}

bool FieldSet::HasChildrenOf(const FieldPath& prefix) const {
  auto it = paths_.upper_bound(prefix);
  if (it == paths_.end() || it->size() <= prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), it->begin());
}

}  // namespace gitops::plan
