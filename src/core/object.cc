#include "gitops/core/object.h"

#include <string>

namespace gitops {
namespace {

constexpr std::string_view kRbacGroup = "rbac.authorization.k8s.io";
// cli-utils writes ':' in the names of RBAC objects as "__" in inventory ids.
constexpr std::string_view kColonTranslation = "__";

bool IsRbacKind(std::string_view group, std::string_view kind) {
  return group == kRbacGroup &&
         (kind == "Role" || kind == "ClusterRole" || kind == "RoleBinding" ||
          kind == "ClusterRoleBinding");
}

std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t next = s.find(from, pos);
    if (next == std::string_view::npos) break;
    out.append(s.substr(pos, next - pos));
    out.append(to);
    pos = next + from.size();
  }
  out.append(s.substr(pos));
  return out;
}

std::string_view StringAt(const Value* map, std::string_view key) {
  if (map == nullptr) return {};
  const Value* v = map->Find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string_view();
}

}  // namespace

std::string ObjectId::InventoryId() const {
  std::string n = IsRbacKind(group, kind) ? ReplaceAll(name, ":", kColonTranslation) : name;
  return namespace_ + "_" + n + "_" + group + "_" + kind;
}

Result<ObjectId> ObjectId::FromInventoryId(std::string_view id) {
  auto bad = [&](const char* why) {
    return ParseError("inventory id \"" + std::string(id) + "\": " + why,
                      SourceLocation{"", 0, 0});
  };
  size_t first = id.find('_');
  if (first == std::string_view::npos) return bad("expected <namespace>_<name>_<group>_<kind>");
  ObjectId out;
  out.namespace_ = std::string(id.substr(0, first));
  std::string_view rest = id.substr(first + 1);
  size_t last = rest.rfind('_');
  if (last == std::string_view::npos) return bad("expected <namespace>_<name>_<group>_<kind>");
  out.kind = std::string(rest.substr(last + 1));
  rest = rest.substr(0, last);
  size_t group_sep = rest.rfind('_');
  if (group_sep == std::string_view::npos) {
    return bad("expected <namespace>_<name>_<group>_<kind>");
  }
  out.group = std::string(rest.substr(group_sep + 1));
  std::string name = ReplaceAll(rest.substr(0, group_sep), kColonTranslation, ":");
  if (name.find('_') != std::string::npos) return bad("too many fields");
  if (name.empty()) return bad("empty name");
  if (out.kind.empty()) return bad("empty kind");
  out.name = std::move(name);
  return out;
}

std::string ObjectId::ApiVersion() const { return group.empty() ? version : group + "/" + version; }

std::string ObjectId::ToString() const {
  std::string out = kind;
  if (!namespace_.empty()) out += "/" + namespace_;
  out += "/" + name;
  return out;
}

void SplitApiVersion(std::string_view api_version, std::string* group, std::string* version) {
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) {
    group->clear();
    version->assign(api_version);
  } else {
    group->assign(api_version.substr(0, slash));
    version->assign(api_version.substr(slash + 1));
  }
}

Result<Object> Object::Of(const Value& v) {
  if (!v.is_object()) {
    return InvalidArgumentError("a Kubernetes object must be a mapping, not a " +
                                std::string(Value::TypeName(v.type())));
  }
  const Value* api = v.Find("apiVersion");
  const Value* kind = v.Find("kind");
  const Value* meta = v.Find("metadata");
  std::string_view name = StringAt(meta, "name");
  // Names the object as far as it is known, for a message: built only for
  // one (planning reads the id of every object through here).
  auto who = [&] {
    std::string out = kind && kind->is_string() ? std::string(kind->as_string()) : "object";
    if (!name.empty()) out += " \"" + std::string(name) + "\"";
    return out;
  };
  if (api == nullptr || !api->is_string() || api->as_string().empty()) {
    return InvalidArgumentError(who() + ": missing apiVersion (a non-empty string)");
  }
  if (kind == nullptr || !kind->is_string() || kind->as_string().empty()) {
    return InvalidArgumentError(who() + ": missing kind (a non-empty string)");
  }
  if (meta == nullptr || !meta->is_object()) {
    return InvalidArgumentError(who() + ": missing metadata (a mapping)");
  }
  if (name.empty() && StringAt(meta, "generateName").empty()) {
    return InvalidArgumentError(who() + ": missing metadata.name");
  }
  for (const char* field : {"labels", "annotations"}) {
    const Value* m = meta->Find(field);
    if (m != nullptr && !m->is_null() && !m->is_object()) {
      return InvalidArgumentError(who() + ": metadata." + field + " must be a mapping, not a " +
                                  std::string(Value::TypeName(m->type())));
    }
  }
  return Object(&v);
}

std::string_view Object::api_version() const { return value_->Find("apiVersion")->as_string(); }
std::string_view Object::kind() const { return value_->Find("kind")->as_string(); }
std::string_view Object::name() const { return StringAt(value_->Find("metadata"), "name"); }
std::string_view Object::namespace_() const {
  return StringAt(value_->Find("metadata"), "namespace");
}

ObjectId Object::id() const {
  ObjectId id;
  SplitApiVersion(api_version(), &id.group, &id.version);
  id.kind.assign(kind());
  const Value* metadata = value_->Find("metadata");
  id.namespace_.assign(StringAt(metadata, "namespace"));
  id.name.assign(StringAt(metadata, "name"));
  return id;
}

const Value* Object::labels() const {
  const Value* m = value_->Find("metadata")->Find("labels");
  return m != nullptr && m->is_object() ? m : nullptr;
}
const Value* Object::annotations() const {
  const Value* m = value_->Find("metadata")->Find("annotations");
  return m != nullptr && m->is_object() ? m : nullptr;
}
std::string_view Object::label(std::string_view key) const { return StringAt(labels(), key); }
std::string_view Object::annotation(std::string_view key) const {
  return StringAt(annotations(), key);
}
bool Object::has_label(std::string_view key) const {
  return labels() != nullptr && labels()->Contains(key);
}
bool Object::has_annotation(std::string_view key) const {
  return annotations() != nullptr && annotations()->Contains(key);
}

Result<MutableObject> MutableObject::Of(Value& v) {
  Result<Object> checked = Object::Of(v);
  if (!checked.ok()) return checked.status();
  return MutableObject(&v);
}

namespace {
Value& Metadata(Value& v) { return v["metadata"]; }
Value& MapField(Value& v, std::string_view field) {
  Value& m = Metadata(v)[field];
  if (!m.is_object()) m = Value::Object();
  return m;
}
bool RemoveFrom(Value& v, std::string_view field, std::string_view key) {
  Value* m = Metadata(v).Find(field);
  if (m == nullptr || !m->is_object() || !m->Erase(key)) return false;
  if (m->empty()) Metadata(v).Erase(field);
  return true;
}
}  // namespace

void MutableObject::set_name(std::string_view name) { Metadata(mutable_value()).Set("name", name); }
void MutableObject::set_namespace(std::string_view ns) {
  if (ns.empty()) Metadata(mutable_value()).Erase("namespace");
  else Metadata(mutable_value()).Set("namespace", ns);
}
void MutableObject::set_label(std::string_view key, std::string_view value) {
  MapField(mutable_value(), "labels").Set(key, value);
}
void MutableObject::set_annotation(std::string_view key, std::string_view value) {
  MapField(mutable_value(), "annotations").Set(key, value);
}
bool MutableObject::remove_label(std::string_view key) {
  return RemoveFrom(mutable_value(), "labels", key);
}
bool MutableObject::remove_annotation(std::string_view key) {
  return RemoveFrom(mutable_value(), "annotations", key);
}

}  // namespace gitops
