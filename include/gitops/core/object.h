// ObjectId and Object: naming Kubernetes objects and reading their metadata.
//
// ObjectId is the identity Flux and cli-utils use: group, version, kind,
// namespace, name. Its inventory form `<namespace>_<name>_<group>_<kind>`
// (version kept separately, as Flux's inventory entries do) converts both
// ways: an empty namespace for cluster-scoped objects, an empty group for the
// core group (`default_web__Service`), and for RBAC kinds a `:` in the name
// written as `__` (`_system:auth__rbac.authorization.k8s.io_ClusterRole` is
// written `_system__auth_rbac.authorization.k8s.io_ClusterRole`).
//
// Object is a borrowing view over a Value holding one manifest; MutableObject
// adds setters. The Value must outlive the view.
//
// Thread safety: ObjectId is a plain value; views follow the Value's rules.
//
//   GITOPS_ASSIGN_OR_RETURN(gitops::Object obj, gitops::Object::Of(doc));
//   std::cout << obj.id().InventoryId();   // "default_web_apps_Deployment"
#ifndef GITOPS_CORE_OBJECT_H_
#define GITOPS_CORE_OBJECT_H_

#include <compare>
#include <string>
#include <string_view>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops {

struct ObjectId {
  std::string group;      // "" for the core group
  std::string version;    // "v1"; not part of the inventory id
  std::string kind;
  std::string namespace_; // "" for cluster-scoped objects
  std::string name;

  // "<namespace>_<name>_<group>_<kind>", as cli-utils' ObjMetadata.String().
  std::string InventoryId() const;
  // Parses an inventory id; version stays empty.
  // Errors: kParseError (wrong number of fields, empty name or kind).
  static Result<ObjectId> FromInventoryId(std::string_view id);

  // "group/version" or "version" for the core group.
  std::string ApiVersion() const;
  // A human form for messages: "Deployment/default/web", "Namespace/prod".
  std::string ToString() const;

  friend bool operator==(const ObjectId&, const ObjectId&) = default;
  friend auto operator<=>(const ObjectId&, const ObjectId&) = default;
};

// Splits "group/version" ("v1" has an empty group).
void SplitApiVersion(std::string_view api_version, std::string* group, std::string* version);

class Object {
 public:
  // Checks that `v` is an object with a string apiVersion, a string kind and
  // metadata.name (or metadata.generateName); the view borrows `v`.
  // Errors: kInvalidArgument naming the missing or mistyped field.
  static Result<Object> Of(const Value& v);

  std::string_view api_version() const;
  std::string_view kind() const;
  std::string_view name() const;       // "" when only generateName is set
  std::string_view namespace_() const; // "" when unset
  ObjectId id() const;
  // The labels / annotations map, or nullptr when absent.
  const Value* labels() const;
  const Value* annotations() const;
  // One label / annotation; "" when absent or not a string.
  std::string_view label(std::string_view key) const;
  std::string_view annotation(std::string_view key) const;
  bool has_label(std::string_view key) const;
  bool has_annotation(std::string_view key) const;

  const Value& value() const { return *value_; }

 protected:
  explicit Object(const Value* v) : value_(v) {}
  const Value* value_;
};

class MutableObject : public Object {
 public:
  // As Object::Of, over a Value the view may change.
  static Result<MutableObject> Of(Value& v);

  void set_name(std::string_view name);
  void set_namespace(std::string_view ns);
  void set_label(std::string_view key, std::string_view value);
  void set_annotation(std::string_view key, std::string_view value);
  // Removes a label / annotation (and an emptied map); returns whether it was there.
  bool remove_label(std::string_view key);
  bool remove_annotation(std::string_view key);

  Value& mutable_value() { return *const_cast<Value*>(value_); }

 private:
  explicit MutableObject(Value* v) : Object(v) {}
};

}  // namespace gitops

#endif  // GITOPS_CORE_OBJECT_H_
