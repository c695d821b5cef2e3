// ObjectId's inventory form (as cli-utils and Flux write it) and the
// Object view's metadata accessors and errors.
#include <catch2/catch.hpp>

#include "gitops/core/object.h"
#include "gitops/core/yaml.h"

using gitops::Code;
using gitops::ObjectId;
using gitops::Value;

namespace {
Value Doc(const char* text) {
  auto r = gitops::ReadYamlDocument(text);
  REQUIRE(r.ok());
  return *r;
}
}  // namespace

TEST_CASE("inventory ids are written as Flux's inventory writes them", "[object]") {
  CHECK(ObjectId{"", "v1", "Service", "default", "web"}.InventoryId() == "default_web__Service");
  CHECK(ObjectId{"apps", "v1", "Deployment", "prod", "api"}.InventoryId() ==
        "prod_api_apps_Deployment");
  CHECK(ObjectId{"", "v1", "Namespace", "", "prod"}.InventoryId() == "_prod__Namespace");
  CHECK(ObjectId{"rbac.authorization.k8s.io", "v1", "ClusterRole", "", "system:auth"}
            .InventoryId() == "_system__auth_rbac.authorization.k8s.io_ClusterRole");
  // Only RBAC kinds translate ':'.
  CHECK(ObjectId{"example.com", "v1", "Thing", "ns", "a:b"}.InventoryId() ==
        "ns_a:b_example.com_Thing");
}

TEST_CASE("inventory ids parse back, decoding '__' in names", "[object]") {
  auto svc = ObjectId::FromInventoryId("default_web__Service");
  REQUIRE(svc.ok());
  CHECK(svc->namespace_ == "default");
  CHECK(svc->name == "web");
  CHECK(svc->group == "");
  CHECK(svc->kind == "Service");
  auto role = ObjectId::FromInventoryId("_system__auth_rbac.authorization.k8s.io_ClusterRole");
  REQUIRE(role.ok());
  CHECK(role->name == "system:auth");
  CHECK(role->namespace_ == "");
  CHECK(role->group == "rbac.authorization.k8s.io");
  for (const char* bad : {"", "nounderscore", "a_b", "ns__g_", "a_b_c_d_e"}) {
    INFO(bad);
    auto r = ObjectId::FromInventoryId(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kParseError);
    CHECK(r.status().message().find("inventory id") != std::string::npos);
  }
}

TEST_CASE("an Object view reads apiVersion, kind and metadata", "[object]") {
  Value doc = Doc(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n"
      "  labels: {app: web}\n  annotations: {note: hi}\n");
  auto obj = gitops::Object::Of(doc);
  REQUIRE(obj.ok());
  CHECK(obj->api_version() == "apps/v1");
  CHECK(obj->kind() == "Deployment");
  CHECK(obj->name() == "web");
  CHECK(obj->namespace_() == "prod");
  CHECK(obj->label("app") == "web");
  CHECK(obj->annotation("note") == "hi");
  CHECK_FALSE(obj->has_label("tier"));
  ObjectId id = obj->id();
  CHECK(id == ObjectId{"apps", "v1", "Deployment", "prod", "web"});
  CHECK(id.ApiVersion() == "apps/v1");
  CHECK(id.ToString() == "Deployment/prod/web");
}

TEST_CASE("a MutableObject sets and removes metadata", "[object]") {
  Value doc = Doc("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n");
  auto obj = gitops::MutableObject::Of(doc);
  REQUIRE(obj.ok());
  obj->set_label("app", "web");
  obj->set_annotation("a", "b");
  obj->set_namespace("prod");
  obj->set_name("cfg2");
  CHECK(doc["metadata"]["labels"]["app"] == Value("web"));
  CHECK(obj->name() == "cfg2");
  CHECK(obj->namespace_() == "prod");
  CHECK(obj->remove_label("app"));
  CHECK_FALSE(doc["metadata"].Contains("labels"));  // an emptied map goes too
  CHECK_FALSE(obj->remove_label("app"));
}

TEST_CASE("objects missing apiVersion, kind or name are rejected naming the field",
          "[object]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"kind: ConfigMap\nmetadata: {name: x}\n", "ConfigMap \"x\": missing apiVersion"},
      {"apiVersion: v1\nmetadata: {name: x}\n", "object \"x\": missing kind"},
      {"apiVersion: v1\nkind: ConfigMap\n", "ConfigMap: missing metadata"},
      {"apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: a}\n",
       "ConfigMap: missing metadata.name"},
      {"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: [a]}\n",
       "ConfigMap \"x\": metadata.labels must be a mapping, not a array"},
      {"- a\n", "a Kubernetes object must be a mapping, not a array"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Value doc = Doc(c.text);
    auto r = gitops::Object::Of(doc);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().message().find(c.message) != std::string::npos);
  }
  Value generated = Doc("apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n");
  CHECK(gitops::Object::Of(generated).ok());
}
