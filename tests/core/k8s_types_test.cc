// The built-in type tables keep the shape their header promises: the fields
// of one type next to each other, no field twice, keys exactly on list-maps,
// defaults only on list-map key fields (the only defaults the merge needs),
// and scalar kinds only where a value is a scalar (or a list or map of them).
#include "gitops/core/k8s_types.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>

namespace gitops {
namespace {

void CheckShape(const K8sTypes& table) {
  std::set<std::string_view> done;
  std::set<std::pair<std::string_view, std::string_view>> fields;
  std::string_view current;
  for (const K8sField& f : table.fields()) {
    INFO(std::string(f.type) + "." + std::string(f.name));
    if (f.type != current) {
      CHECK(done.insert(f.type).second);  // a type's fields are contiguous
      current = f.type;
    }
    CHECK(fields.insert({f.type, f.name}).second);
    CHECK((f.list == K8sListType::kMap) == !f.keys.empty());
    if (f.list == K8sListType::kSet) CHECK(f.value.empty());  // sets hold scalars
    // A scalar is no other type and no list-map item; a map of scalars is no list.
    if (f.scalar != K8sScalar::kNone) CHECK(f.value.empty());
    if (f.scalar != K8sScalar::kNone) CHECK(f.list != K8sListType::kMap);
    if (f.scalar_map) CHECK((f.scalar != K8sScalar::kNone && f.list == K8sListType::kNone));
  }
  // A default is recorded only for a key of some list-map whose items have
  // the defaulted field's type.
  for (const K8sField& f : table.fields()) {
    if (f.default_value.empty()) continue;
    INFO(std::string(f.type) + "." + std::string(f.name));
    bool is_key = false;
    for (const K8sField& list : table.fields()) {
      if (list.list != K8sListType::kMap || list.value != f.type) continue;
      std::string keys = "," + std::string(list.keys) + ",";
      if (keys.find("," + std::string(f.name) + ",") != std::string::npos) is_key = true;
    }
    CHECK(is_key);
  }
}

TEST_CASE("the v1.21 and v1.32 type tables are well formed", "[core]") {
  CheckShape(K8sTypes::V1_21());
  CheckShape(K8sTypes::V1_32());
}

TEST_CASE("v1.32 table: defaulted list-map keys and corrected markers", "[core]") {
  const K8sTypes& t = K8sTypes::V1_32();
  const K8sField* protocol = t.Field("io.k8s.api.core.v1.ServicePort", "protocol");
  REQUIRE(protocol != nullptr);
  CHECK(protocol->default_value == "TCP");
  const K8sField* variables =
      t.Field("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec", "variables");
  REQUIRE(variables != nullptr);
  CHECK(variables->list == K8sListType::kMap);
  CHECK(variables->keys == "name");
  CHECK(variables->atomic);
  const K8sField* uids = t.Field("io.k8s.api.batch.v1.UncountedTerminatedPods", "failed");
  REQUIRE(uids != nullptr);
  CHECK(uids->list == K8sListType::kSet);
  // Every object has ObjectMeta, whether or not its type records fields.
  const K8sField* meta = t.Field(t.RootType("", "v1", "ConfigMap"), "metadata");
  REQUIRE(meta != nullptr);
  CHECK(meta->value == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
}

TEST_CASE("v1.32 table: scalar kinds as kube-openapi gives the Go types", "[core]") {
  const K8sTypes& t = K8sTypes::V1_32();
  auto kind = [&](std::string_view type, std::string_view name) {
    const K8sField* f = t.Field(type, name);
    REQUIRE(f != nullptr);
    return f->scalar;
  };
  // int32 replicas, bool paused, string image, IntOrString targetPort,
  // resource.Quantity sizeLimit, metav1.Time creationTimestamp.
  CHECK(kind("io.k8s.api.apps.v1.DeploymentSpec", "replicas") == K8sScalar::kNumeric);
  CHECK(kind("io.k8s.api.apps.v1.DeploymentSpec", "paused") == K8sScalar::kBoolean);
  CHECK(kind("io.k8s.api.core.v1.Container", "image") == K8sScalar::kString);
  CHECK(kind("io.k8s.api.core.v1.ServicePort", "targetPort") == K8sScalar::kUntyped);
  CHECK(kind("io.k8s.api.core.v1.EmptyDirVolumeSource", "sizeLimit") == K8sScalar::kUntyped);
  CHECK(kind("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp") ==
        K8sScalar::kUntyped);
  // A list-map key keeps its default and gains its kind.
  const K8sField* protocol = t.Field("io.k8s.api.core.v1.ContainerPort", "protocol");
  REQUIRE(protocol != nullptr);
  CHECK(protocol->default_value == "TCP");
  CHECK(protocol->scalar == K8sScalar::kString);
  // map[string]string: granular labels, atomic nodeSelector; lists of strings.
  const K8sField* labels = t.Field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels");
  REQUIRE(labels != nullptr);
  CHECK((labels->scalar_map && labels->scalar == K8sScalar::kString && !labels->atomic));
  const K8sField* node_selector = t.Field("io.k8s.api.core.v1.PodSpec", "nodeSelector");
  REQUIRE(node_selector != nullptr);
  CHECK((node_selector->scalar_map && node_selector->atomic));
  const K8sField* args = t.Field("io.k8s.api.core.v1.Container", "args");
  REQUIRE(args != nullptr);
  CHECK((args->list == K8sListType::kAtomic && args->scalar == K8sScalar::kString));
  // Render's v1.21 table records no scalar kinds.
  for (const K8sField& f : K8sTypes::V1_21().fields()) {
    INFO(std::string(f.type) + "." + std::string(f.name));
    CHECK(f.scalar == K8sScalar::kNone);
    CHECK_FALSE(f.scalar_map);
  }
}

}  // namespace
}  // namespace gitops
