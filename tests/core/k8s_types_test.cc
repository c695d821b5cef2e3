// The built-in type tables keep the shape their header promises: the fields
// of one type next to each other, no field twice, keys exactly on list-maps,
// and defaults only on list-map key fields (the only defaults the merge needs).
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

}  // namespace
}  // namespace gitops
