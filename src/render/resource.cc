#include "render/resource.h"

#include <algorithm>

#include "gitops/core/k8s_types.h"
#include "gitops/core/object.h"

namespace gitops::render {
namespace {

std::string StringField(const Value& obj, std::string_view a, std::string_view b) {
  const Value* m = obj.Find(a);
  if (m == nullptr) return {};
  const Value* v = m->Find(b);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Whether the shorter list is the ending of the longer one.
bool SameEnding(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  // As kustomize's SameEndingSubSlice: no affixes match only no affixes.
  if (shorter.empty()) return longer.empty();
  return std::equal(shorter.begin(), shorter.end(), longer.end() - shorter.size());
}

}  // namespace

bool Gvk::Selects(const Gvk& other) const {
  return (group.empty() || group == other.group) && (version.empty() || version == other.version) &&
         (kind.empty() || kind == other.kind);
}

bool Gvk::IsClusterScoped() const { return K8sTypes::V1_21().IsClusterScoped(group, kind); }

std::string Gvk::String() const {
  return (group.empty() ? "~G" : group) + "_" + (version.empty() ? "~V" : version) + "_" +
         (kind.empty() ? "~K" : kind);
}

std::string Gvk::ApiVersion() const { return group.empty() ? version : group + "/" + version; }

Gvk GvkOf(const Value& obj) {
  Gvk g;
  const Value* av = obj.Find("apiVersion");
  if (av != nullptr && av->is_string()) SplitApiVersion(av->as_string(), &g.group, &g.version);
  const Value* k = obj.Find("kind");
  if (k != nullptr && k->is_string()) g.kind = std::string(k->as_string());
  return g;
}

bool ResId::NsEquals(const ResId& other) const {
  auto norm = [](const std::string& s) { return s.empty() ? std::string("default") : s; };
  return norm(ns) == norm(other.ns);
}

bool ResId::Equals(const ResId& other) const {
  return gvk == other.gvk && name == other.name && NsEquals(other);
}

std::string ResId::String() const {
  std::string s = gvk.kind + "." + gvk.version;
  if (!gvk.group.empty()) s += "." + gvk.group;
  s += "/" + name;
  if (!ns.empty()) s += "." + ns;
  return s;
}

std::string Resource::name() const { return StringField(obj, "metadata", "name"); }
std::string Resource::ns() const { return StringField(obj, "metadata", "namespace"); }
ResId Resource::CurId() const { return ResId{gvk(), name(), ns()}; }
ResId Resource::OrgId() const { return previous.empty() ? CurId() : previous.front(); }
std::vector<ResId> Resource::PrevIds() const {
  if (previous.empty()) return {CurId()};
  return previous;
}
void Resource::StorePreviousId() { previous.push_back(CurId()); }

void Resource::SetName(std::string_view name) { obj["metadata"].Set("name", Value(name)); }
void Resource::SetNamespace(std::string_view ns) {
  if (ns.empty()) {
    if (Value* m = obj.Find("metadata")) m->Erase("namespace");
    return;
  }
  obj["metadata"].Set("namespace", Value(ns));
}

bool Resource::PrefixesSuffixesEqual(const Resource& other) const {
  return SameEnding(prefixes, other.prefixes) && SameEnding(suffixes, other.suffixes);
}

std::string ResMap::IdKey(const ResId& id) {
  return id.gvk.group + "/" + id.gvk.version + "/" + id.gvk.kind + "/" +
         (id.ns.empty() ? std::string("default") : id.ns) + "/" + id.name;
}

Status ResMap::Append(Resource r) {
  if (!index_valid_) {
    index_.clear();
    for (const Resource& have : items_) index_.insert(IdKey(have.CurId()));
    index_valid_ = true;
  }
  ResId id = r.CurId();
  if (!index_.insert(IdKey(id)).second) {
    return AlreadyExistsError("may not add resource with an already registered id: " + id.String());
  }
  items_.push_back(std::move(r));
  return OkStatus();
}

Status ResMap::AppendAll(ResMap other) {
  for (Resource& r : other.items_) GITOPS_RETURN_IF_ERROR(Append(std::move(r)));
  return OkStatus();
}

namespace {

// Sets obj's string map `field` (under metadata when `meta`) to base's
// entries overlaid with obj's.
void MergeStringMap(Value& obj, const Value& base, bool meta, std::string_view field) {
  const Value* from = meta ? (base.Find("metadata") ? base.Find("metadata")->Find(field) : nullptr)
                           : base.Find(field);
  if (from == nullptr || !from->is_object()) return;
  Value merged = *from;
  Value* mine =
      meta ? (obj.Find("metadata") ? obj.Find("metadata")->Find(field) : nullptr) : obj.Find(field);
  if (mine != nullptr && mine->is_object()) {
    for (const Value::Member& m : mine->members()) merged.Set(m.key(), m.value());
  }
  if (meta) {
    obj["metadata"].Set(field, std::move(merged));
  } else {
    obj.Set(field, std::move(merged));
  }
}

}  // namespace

Status ResMap::AbsorbGenerated(Resource r) {
  ResId id = r.CurId();
  std::vector<size_t> matches;
  for (size_t i = 0; i < items_.size(); ++i) {
    bool hit = items_[i].CurId().Equals(id);
    for (const ResId& prev : items_[i].previous) hit = hit || prev.Equals(id);
    if (hit) matches.push_back(i);
  }
  if (matches.empty()) {
    if (r.behavior == "merge" || r.behavior == "replace") {
      return NotFoundError("id " + id.String() + " does not exist; cannot merge or replace");
    }
    index_valid_ = false;
    items_.push_back(std::move(r));
    return OkStatus();
  }
  if (matches.size() > 1) {
    return InvalidArgumentError("found multiple objects that could accept merge of " + id.String());
  }
  index_valid_ = false;
  Resource& old = items_[matches[0]];
  if (r.behavior != "merge" && r.behavior != "replace") {
    return AlreadyExistsError("id " + id.String() + " exists; behavior must be merge or replace");
  }
  MergeStringMap(r.obj, old.obj, true, "labels");
  MergeStringMap(r.obj, old.obj, true, "annotations");
  if (r.behavior == "merge") {
    // A merge keeps the base's origin annotation.
    const Value* om = old.obj.Find("metadata");
    const Value* oa = om != nullptr ? om->Find("annotations") : nullptr;
    const Value* origin = oa != nullptr ? oa->Find("config.kubernetes.io/origin") : nullptr;
    if (origin != nullptr)
      r.obj["metadata"]["annotations"].Set("config.kubernetes.io/origin", *origin);
    MergeStringMap(r.obj, old.obj, false, "data");
    MergeStringMap(r.obj, old.obj, false, "binaryData");
  }
  r.SetName(old.name());
  r.SetNamespace(old.ns());
  // kustomize keeps the base's build bookkeeping (its name history, affixes
  // and whether it takes a hash suffix).
  r.previous = old.previous;
  r.prefixes = old.prefixes;
  r.suffixes = old.suffixes;
  // Either side's disableNameSuffixHash turns the suffix off.
  r.needs_hash = old.needs_hash && r.needs_hash;
  r.origin = old.origin;
  r.ref_vars = old.ref_vars;
  old = std::move(r);
  return OkStatus();
}

}  // namespace gitops::render
