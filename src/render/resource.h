// Resources and the ordered resource map a build accumulates.
#ifndef GITOPS_SRC_RENDER_RESOURCE_H_
#define GITOPS_SRC_RENDER_RESOURCE_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::render {

// A scalar field's value as text, for names, namespaces and label values
// read from manifests: strings as they are, booleans and integers in their
// canonical form, and "" for null, doubles and collections.
inline std::string Str(const Value* v) {
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  if (v->type() == Value::Type::kUint) return std::to_string(v->as_uint());
  if (v->is_integer()) return std::to_string(v->as_int());
  return {};
}

struct Gvk {
  std::string group, version, kind;

  // Whether this (a selector: empty parts match anything) selects `other`.
  bool Selects(const Gvk& other) const;
  bool IsClusterScoped() const;
  // kustomize's form: "group_version_kind" with "~G", "~V", "~K" for empty parts.
  std::string String() const;
  std::string ApiVersion() const;
  friend bool operator==(const Gvk&, const Gvk&) = default;
};

Gvk GvkOf(const Value& obj);

struct ResId {
  Gvk gvk;
  std::string name;
  std::string ns;

  // Namespaces "" and "default" are the same.
  bool NsEquals(const ResId& other) const;
  bool Equals(const ResId& other) const;
  // kustomize's ResId.String(): "Kind.version.group/name.namespace".
  std::string String() const;
};

// One object of a build, with the bookkeeping kustomize keeps in its
// internal annotations (kept here instead, so the output needs no cleanup).
struct Resource {
  Value obj;
  // Earlier identities, oldest first: set whenever a name, kind or
  // namespace transformer changes one of them.
  std::vector<ResId> previous;
  std::vector<std::string> prefixes, suffixes;  // applied, innermost first
  bool needs_hash = false;                      // a generated object without disableNameSuffixHash
  std::string behavior;                         // generators: "create", "merge", "replace"
  std::string origin;                           // the file it came from, for messages
  std::vector<std::string> ref_vars;            // the vars (legacy `vars:`) that read this object

  std::string name() const;
  std::string ns() const;
  Gvk gvk() const { return GvkOf(obj); }
  ResId CurId() const;
  ResId OrgId() const;
  // The previous identities, or the current one when there are none.
  std::vector<ResId> PrevIds() const;
  void StorePreviousId();
  void SetName(std::string_view name);
  void SetNamespace(std::string_view ns);
  bool PrefixesSuffixesEqual(const Resource& other) const;
};

// Resources in the order they were added; ids are unique.
class ResMap {
 public:
  // Mutable access may change ids: the id index is rebuilt on next use.
  std::vector<Resource>& items() {
    index_valid_ = false;
    return items_;
  }
  const std::vector<Resource>& items() const { return items_; }
  size_t size() const { return items_.size(); }

  // Errors: kAlreadyExists naming the id, when one with the same current id is present.
  Status Append(Resource r);
  Status AppendAll(ResMap other);
  // Generators' rule: create appends; merge and replace fold into the one
  // existing object with that id. Errors: kNotFound, kAlreadyExists, kInvalidArgument.
  Status AbsorbGenerated(Resource r);

 private:
  // "group/version/kind/namespace/name" with "" and "default" namespaces
  // alike: ResId::Equals as a hashable key.
  static std::string IdKey(const ResId& id);

  std::vector<Resource> items_;
  // Current ids of items_, so that appending n resources costs O(n), not
  // O(n^2) (kubectl kustomize's rescans are what make it quadratic).
  std::unordered_set<std::string> index_;
  bool index_valid_ = true;
};

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_RESOURCE_H_
