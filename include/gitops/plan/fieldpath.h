// Field paths and field sets: the vocabulary of server-side apply ownership.
//
// A FieldPath names one field inside an object, step by step: a map key
// (`.spec`), a list-map item by its key fields (`[name="web"]`), a set item
// by its value (`[=5]`) or an atomic list item by index (`[1]`). A FieldSet
// is a set of such paths: what one field manager owns. It reads and writes
// Kubernetes' FieldsV1 form (`{"f:spec":{"f:replicas":{}}}`, `k:{...}`, `v:`,
// `i:`, `.` for "the node itself"), the form managedFields entries carry.
// The semantics are those of kubernetes-sigs/structured-merge-diff v4
// (fieldpath/element.go, set.go, serialize.go).
//
// Thread safety: values; concurrent reads are safe, writes need exclusive
// access.
//
//   gitops::Result<gitops::plan::FieldSet> owned = gitops::plan::FieldSet::FromFieldsV1(json);
//   for (const auto& path : owned->Paths()) std::cout << gitops::plan::PathString(path) << "\n";
#ifndef GITOPS_PLAN_FIELDPATH_H_
#define GITOPS_PLAN_FIELDPATH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan {

// One step of a FieldPath.
class PathElement {
 public:
  // Ordered as structured-merge-diff orders them: field names, then keys,
  // then values, then indices.
  enum class Kind : uint8_t { kField, kKey, kValue, kIndex };
  using KeyField = std::pair<std::string, Value>;

  // `.name`: a member of a map.
  static PathElement Field(std::string_view name);
  // `[k1=v1,k2=v2]`: a list-map item. The fields are sorted by name here.
  static PathElement Key(std::vector<KeyField> fields);
  // `[=v]`: a set item (a scalar).
  static PathElement ValueOf(Value value);
  // `[i]`: an item of an atomic list, by position.
  static PathElement Index(int64_t index);

  Kind kind() const { return kind_; }
  // kField only.
  const std::string& field_name() const { return name_; }
  // kKey only, sorted by field name.
  const std::vector<KeyField>& key() const { return key_; }
  // kValue only.
  const Value& value() const { return value_; }
  // kIndex only.
  int64_t index() const { return index_; }

  // structured-merge-diff's string form: `.name`, `[name="a",port=80]`,
  // `[=5]`, `[1]` (values as compact JSON).
  std::string ToString() const;
  // The FieldsV1 key: `f:name`, `k:{"name":"a"}`, `v:5`, `i:1`.
  std::string ToFieldsV1Key() const;
  // Parses a FieldsV1 key. Errors: kParseError (not one of the four forms,
  // or its JSON does not read).
  static Result<PathElement> FromFieldsV1Key(std::string_view key);

  // A total order (values by type, then by value); equal elements compare 0.
  friend int Compare(const PathElement& a, const PathElement& b);
  friend bool operator<(const PathElement& a, const PathElement& b) { return Compare(a, b) < 0; }
  friend bool operator==(const PathElement& a, const PathElement& b) { return Compare(a, b) == 0; }

 private:
  Kind kind_ = Kind::kField;
  std::string name_;
  std::vector<KeyField> key_;
  Value value_;
  int64_t index_ = 0;
};

using FieldPath = std::vector<PathElement>;

// A path's string form: the elements' forms concatenated,
// `.spec.containers[name="web"].image`; "" for the empty path.
std::string PathString(const FieldPath& path);

// Orders Values as structured-merge-diff's value.Compare does in spirit:
// numbers, strings, booleans, lists, maps, null; numbers by value.
int CompareValues(const Value& a, const Value& b);

// A set of field paths. A path in the set means "this field is owned"; a
// path with owned descendants need not be in the set itself (FieldsV1 marks
// the difference with "."). Stored as structured-merge-diff's is: a trie
// whose nodes hold their member elements and their children, each sorted.
class FieldSet {
 public:
  FieldSet() = default;

  // Reads a FieldsV1 object (`{"f:a":{".":{},"f:b":{}}}`). Errors:
  // kParseError (a key that is none of the FieldsV1 forms, a member that is
  // not an object).
  static Result<FieldSet> FromFieldsV1(const Value& fields_v1);
  // The FieldsV1 object: "." first, then children in PathElement order.
  Value ToFieldsV1() const;

  bool empty() const { return members_.empty() && children_.empty(); }
  // The number of paths.
  size_t size() const;
  bool Has(const FieldPath& path) const;
  // Adds a path; the empty path is ignored (nobody owns "the whole object").
  void Insert(const FieldPath& path);

  // Every path of the set, in order (PathElement order, a path before its
  // descendants).
  std::vector<FieldPath> Paths() const;
  // Calls `f` with each path, in the same order.
  template <typename F>
  void ForEachPath(F&& f) const;

  FieldSet Union(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  FieldSet Difference(const FieldSet& other) const;
  // The paths of this set that are not in `other` and have no prefix that
  // is in `other` (structured-merge-diff's RecursiveDifference).
  FieldSet RecursiveDifference(const FieldSet& other) const;
  // The paths that start with `prefix`, with the prefix taken off (the
  // prefix itself is not included).
  FieldSet WithPrefix(const PathElement& prefix) const;

  friend bool operator==(const FieldSet& a, const FieldSet& b);

 private:
  struct Child;
  friend struct FieldSetAccess;
  template <typename F>
  void ForEachPathFrom(FieldPath* prefix, F& f) const;
  // The child set for `e`, added empty if absent.
  FieldSet& ChildFor(const PathElement& e);
  const FieldSet* FindChild(const PathElement& e) const;
  template <typename Both>
  static std::vector<Child> MergeChildren(const FieldSet& a, const FieldSet& b, bool a_only,
                                          bool b_only, Both both);

  std::vector<PathElement> members_;  // sorted, unique
  std::vector<Child> children_;       // sorted by element, none empty
};

struct FieldSet::Child {
  PathElement element;
  FieldSet set;
};

template <typename F>
void FieldSet::ForEachPath(F&& f) const {
  FieldPath prefix;
  ForEachPathFrom(&prefix, f);
}

template <typename F>
void FieldSet::ForEachPathFrom(FieldPath* prefix, F& f) const {
  size_t m = 0, c = 0;
  while (m < members_.size() || c < children_.size()) {
    int order = m == members_.size()    ? 1
                : c == children_.size() ? -1
                                        : Compare(members_[m], children_[c].element);
    prefix->push_back(order <= 0 ? members_[m] : children_[c].element);
    if (order <= 0) {
      f(static_cast<const FieldPath&>(*prefix));
      ++m;
    }
    if (order >= 0) {
      children_[c].set.ForEachPathFrom(prefix, f);
      ++c;
    }
    prefix->pop_back();
  }
}

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_FIELDPATH_H_
