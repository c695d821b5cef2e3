#include "gitops/plan/fieldpath.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <utility>

#include "gitops/core/json.h"
#include "plan/canonical_key.h"
#include "plan/fieldset_access.h"
#include "plan/key_equal.h"

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

namespace internal {

namespace {

// StringStops and StringEnd read the text a word at a time, its first byte
// the word's lowest.
static_assert(std::endian::native == std::endian::little);

// The high bit of each byte of `w` that is a '"' or a byte a string of
// the canonical form never holds (a backslash, a control byte, a byte
// above 0x7F), and perhaps of bytes above such a byte (through a borrow):
// the lowest flag is exact.
inline uint64_t StringStops(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kHigh = 0x8080808080808080u;
  uint64_t quote = w ^ (kOnes * '"');
  uint64_t backslash = w ^ (kOnes * '\\');
  return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
          ((w - kOnes * 0x20) & ~w) | w) &
         kHigh;
}

// The first byte at or after `i` in `s` that StringStops flags; s.size()
// if none. Eight bytes at a time: the keys' strings are short, most in a
// word or two.
inline size_t StringEnd(std::string_view s, size_t i) {
  const char* p = s.data();
  const size_t n = s.size();
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, p + i, sizeof w);
    if (uint64_t stops = StringStops(w); stops != 0) {
      return i + (static_cast<size_t>(__builtin_ctzll(stops)) >> 3);
    }
  }
  if (i >= n) return n;
  if (n >= 8) {
    // The last eight bytes without those before `i` (checked above): the
    // zeros shifted in flag as control bytes, past the end.
    uint64_t w;
    __builtin_memcpy(&w, p + n - 8, sizeof w);
    w >>= 8 * (i - (n - 8));
    return std::min(n, i + (static_cast<size_t>(__builtin_ctzll(StringStops(w))) >> 3));
  }
  for (; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
  }
  return n;
}

}  // namespace

bool ReadCanonicalKeyView(std::string_view s, CanonicalKeyView* out) {
  size_t i = 0;
  // A string without escapes, control or non-ASCII bytes, its quotes
  // included.
  auto quoted = [&](std::string_view* text) {
    if (i >= s.size() || s[i] != '"') return false;
    size_t end = StringEnd(s, ++i);
    if (end >= s.size() || s[end] != '"') return false;
    *text = std::string_view(s.data() + i, end - i);
    i = end + 1;
    return true;
  };
  if (s.size() < 2 || s[i++] != '{') return false;
  while (true) {
    if (out->size == CanonicalKey::kMaxFields) return false;
    CanonicalKeyView::Field& f = out->fields[out->size];
    if (!quoted(&f.name) || i >= s.size() || s[i++] != ':') return false;
    for (size_t k = 0; k < out->size; ++k) {
      if (KeyEqual(out->fields[k].name, f.name)) return false;
    }
    if (i < s.size() && s[i] == '"') {
      f.kind = CanonicalKeyView::Field::Kind::kString;
      if (!quoted(&f.text)) return false;
    } else if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      size_t start = i;
      uint64_t n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i++] - '0');
      if (i - start > 18 || (s[start] == '0' && i - start > 1)) return false;
      f.kind = CanonicalKeyView::Field::Kind::kInteger;
      f.integer = n;
    } else if (s.substr(i, 4) == "true") {
      f.kind = CanonicalKeyView::Field::Kind::kBool;
      f.boolean = true;
      i += 4;
    } else if (s.substr(i, 5) == "false") {
      f.kind = CanonicalKeyView::Field::Kind::kBool;
      f.boolean = false;
      i += 5;
    } else {
      return false;
    }
    ++out->size;
    if (i >= s.size()) return false;
    if (s[i] == '}') return i + 1 == s.size();
    if (s[i++] != ',') return false;
  }
}

bool ReadCanonicalKey(std::string_view s, CanonicalKey* out) {
  CanonicalKeyView view;
  if (!ReadCanonicalKeyView(s, &view)) return false;
  for (size_t i = 0; i < view.size; ++i) {
    const CanonicalKeyView::Field& f = view.fields[i];
    out->names[i] = f.name;
    switch (f.kind) {
      case CanonicalKeyView::Field::Kind::kString:
        out->values[i] = Value(f.text);
        break;
      case CanonicalKeyView::Field::Kind::kInteger:
        out->values[i] = Value(static_cast<unsigned long long>(f.integer));
        break;
      case CanonicalKeyView::Field::Kind::kBool:
        out->values[i] = Value(f.boolean);
        break;
    }
  }
  out->size = view.size;
  return true;
}

}  // namespace internal

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
      // The API server's own form without a JSON parse (the same fields
      // and values); any other through ReadJson.
      if (internal::CanonicalKey canonical; internal::ReadCanonicalKey(rest, &canonical)) {
        std::vector<KeyField> fields;
        fields.reserve(canonical.size);
        for (size_t i = 0; i < canonical.size; ++i) {
          fields.emplace_back(std::string(canonical.names[i]), std::move(canonical.values[i]));
        }
        return Key(std::move(fields));
      }
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

// Index of the first element not less than `e` in a sorted range of
// elements (`get` projects an item to its element).
template <typename Vec, typename Get>
size_t LowerBound(const Vec& v, const PathElement& e, Get get) {
  size_t lo = 0, hi = v.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (Compare(get(v[mid]), e) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const PathElement& Self(const PathElement& e) { return e; }

void InsertMember(std::vector<PathElement>* members, const PathElement& e) {
  size_t i = LowerBound(*members, e, Self);
  if (i == members->size() || Compare((*members)[i], e) != 0) {
    members->insert(members->begin() + static_cast<ptrdiff_t>(i), e);
  }
}

bool HasMember(const std::vector<PathElement>& members, const PathElement& e) {
  size_t i = LowerBound(members, e, Self);
  return i < members.size() && Compare(members[i], e) == 0;
}

// Sorted-range set operations on member lists.
std::vector<PathElement> MergeMembers(const std::vector<PathElement>& a,
                                      const std::vector<PathElement>& b, bool keep_a_only,
                                      bool keep_both, bool keep_b_only) {
  std::vector<PathElement> out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    int order = i == a.size() ? 1 : j == b.size() ? -1 : Compare(a[i], b[j]);
    if (order < 0) {
      if (keep_a_only) out.push_back(a[i]);
      ++i;
    } else if (order > 0) {
      if (keep_b_only) out.push_back(b[j]);
      ++j;
    } else {
      if (keep_both) out.push_back(a[i]);
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace

Status FieldSetAccess::Parse(const Value& node, FieldPath* where, FieldSet* out) {
  if (!node.is_object()) {
    return ParseError("FieldsV1 at \"" + PathString(*where) + "\": expected an object", {});
  }
  for (const Value::Member& m : node.members()) {
    if (m.key() == ".") continue;  // the parent records it
    Result<PathElement> e = PathElement::FromFieldsV1Key(m.key());
    if (!e.ok()) return e.status();
    const Value& child = m.value();
    if (child.is_object() && child.empty()) {
      InsertMember(&out->members_, *e);
      continue;
    }
    // The element travels in `where` while the child is read, then comes
    // back: no copy of it per level.
    where->push_back(std::move(e).value());
    FieldSet sub;
    Status s = Parse(child, where, &sub);
    PathElement element = std::move(where->back());
    where->pop_back();
    GITOPS_RETURN_IF_ERROR(s);
    if (child.Contains(".")) InsertMember(&out->members_, element);
    if (!sub.empty()) {
      FieldSet& slot = out->ChildFor(element);
      // A key appears once per object in well-formed FieldsV1; only a
      // repeated element needs the union.
      slot = slot.empty() ? std::move(sub) : slot.Union(sub);
    }
  }
  return OkStatus();
}

Result<FieldSet> FieldSet::FromFieldsV1(const Value& fields_v1) {
  FieldSet set;
  if (fields_v1.is_null()) return set;
  FieldPath where;
  GITOPS_RETURN_IF_ERROR(FieldSetAccess::Parse(fields_v1, &where, &set));
  return set;
}

FieldSet& FieldSet::ChildFor(const PathElement& e) {
  size_t i =
      LowerBound(children_, e, [](const Child& c) -> const PathElement& { return c.element; });
  if (i == children_.size() || Compare(children_[i].element, e) != 0) {
    children_.insert(children_.begin() + static_cast<ptrdiff_t>(i), Child{e, FieldSet()});
  }
  return children_[i].set;
}

const FieldSet* FieldSet::FindChild(const PathElement& e) const {
  size_t i =
      LowerBound(children_, e, [](const Child& c) -> const PathElement& { return c.element; });
  if (i == children_.size() || Compare(children_[i].element, e) != 0) return nullptr;
  return &children_[i].set;
}

Value FieldSet::ToFieldsV1() const {
  Value node = Value::Object();
  size_t m = 0, c = 0;
  while (m < members_.size() || c < children_.size()) {
    int order = m == members_.size()    ? 1
                : c == children_.size() ? -1
                                        : Compare(members_[m], children_[c].element);
    const PathElement& e = order <= 0 ? members_[m] : children_[c].element;
    Value child = Value::Object();
    if (order >= 0) {
      if (order == 0) child.AppendMember(".", Value::Object());
      Value sub_node = children_[c].set.ToFieldsV1();
      for (Value::Member& sub : sub_node.members()) {
        child.AppendMember(sub.key(), std::move(sub.value()));
      }
    }
    node.AppendMember(e.ToFieldsV1Key(), std::move(child));
    if (order <= 0) ++m;
    if (order >= 0) ++c;
  }
  return node;
}

size_t FieldSet::size() const {
  size_t n = members_.size();
  for (const Child& c : children_) n += c.set.size();
  return n;
}

bool FieldSet::Has(const FieldPath& path) const {
  if (path.empty()) return false;
  const FieldSet* node = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    node = node->FindChild(path[i]);
    if (node == nullptr) return false;
  }
  return HasMember(node->members_, path.back());
}

void FieldSet::Insert(const FieldPath& path) {
  if (path.empty()) return;
  FieldSet* node = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) node = &node->ChildFor(path[i]);
  InsertMember(&node->members_, path.back());
}

std::vector<FieldPath> FieldSet::Paths() const {
  std::vector<FieldPath> out;
  ForEachPath([&](const FieldPath& p) { out.push_back(p); });
  return out;
}

// The children of a and b, each pair combined with `both` (an empty result
// is dropped); `a_only` / `b_only` say whether children on one side stay.
template <typename Both>
std::vector<FieldSet::Child> FieldSet::MergeChildren(const FieldSet& a, const FieldSet& b,
                                                     bool a_only, bool b_only, Both both) {
  std::vector<Child> out;
  size_t i = 0, j = 0;
  while (i < a.children_.size() || j < b.children_.size()) {
    int order = i == a.children_.size()   ? 1
                : j == b.children_.size() ? -1
                                          : Compare(a.children_[i].element, b.children_[j].element);
    if (order < 0) {
      if (a_only) out.push_back(a.children_[i]);
      ++i;
    } else if (order > 0) {
      if (b_only) out.push_back(b.children_[j]);
      ++j;
    } else {
      FieldSet s = both(a.children_[i].set, b.children_[j].set);
      if (!s.empty()) out.push_back(Child{a.children_[i].element, std::move(s)});
      ++i;
      ++j;
    }
  }
  return out;
}

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, other.members_, true, true, true);
  out.children_ = MergeChildren(*this, other, true, true,
                                [](const FieldSet& x, const FieldSet& y) { return x.Union(y); });
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, other.members_, false, true, false);
  out.children_ =
      MergeChildren(*this, other, false, false,
                    [](const FieldSet& x, const FieldSet& y) { return x.Intersection(y); });
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, other.members_, true, false, false);
  out.children_ =
      MergeChildren(*this, other, true, false,
                    [](const FieldSet& x, const FieldSet& y) { return x.Difference(y); });
  return out;
}

FieldSet FieldSet::RecursiveDifference(const FieldSet& other) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, other.members_, true, false, false);
  for (const Child& c : children_) {
    if (HasMember(other.members_, c.element)) continue;
    const FieldSet* o = other.FindChild(c.element);
    if (o == nullptr) {
      out.children_.push_back(c);
      continue;
    }
    FieldSet s = c.set.RecursiveDifference(*o);
    if (!s.empty()) out.children_.push_back(Child{c.element, std::move(s)});
  }
  return out;
}

FieldSet FieldSet::WithPrefix(const PathElement& prefix) const {
  const FieldSet* child = FindChild(prefix);
  return child == nullptr ? FieldSet() : *child;
}

bool operator==(const FieldSet& a, const FieldSet& b) {
  if (a.members_ != b.members_ || a.children_.size() != b.children_.size()) return false;
  for (size_t i = 0; i < a.children_.size(); ++i) {
    if (!(a.children_[i].element == b.children_[i].element) ||
        !(a.children_[i].set == b.children_[i].set)) {
      return false;
    }
  }
  return true;
}

}  // namespace gitops::plan
