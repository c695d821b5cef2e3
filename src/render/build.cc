#include "gitops/render/build.h"

#include <algorithm>
#include <map>

#include "gitops/core/yaml.h"
#include "render/loader.h"
#include "render/target.h"

namespace gitops::render {
namespace {

// kustomize's legacy order (api/resid/gvk.go): these kinds first, in this order...
constexpr std::string_view kOrderFirst[] = {
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
};
// ...and these last; every other kind sits between, by gvk string.
constexpr std::string_view kOrderLast[] = {
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
};

int KindRank(const std::string& kind) {
  int n = static_cast<int>(std::size(kOrderFirst));
  for (int i = 0; i < n; ++i) {
    if (kOrderFirst[i] == kind) return i - n;
  }
  for (int i = 0; i < static_cast<int>(std::size(kOrderLast)); ++i) {
    if (kOrderLast[i] == kind) return i + 1;
  }
  return 0;
}

void LegacySort(std::vector<Resource>* rs) {
  std::stable_sort(rs->begin(), rs->end(), [](const Resource& a, const Resource& b) {
    ResId x = a.CurId(), y = b.CurId();
    if (!(x.gvk == y.gvk)) {
      int rx = KindRank(x.gvk.kind), ry = KindRank(y.gvk.kind);
      if (rx != ry) return rx < ry;
      return x.gvk.String() < y.gvk.String();
    }
    std::string sx = x.ns + "|" + x.name, sy = y.ns + "|" + y.name;
    return sx < sy;
  });
}

}  // namespace

Result<std::vector<Value>> Build(const std::string& dir, const BuildOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(Loader ldr, Loader::Root(dir, options));
  GITOPS_ASSIGN_OR_RETURN(ResMap m, BuildTarget(ldr));
  if (options.reorder == Reorder::kLegacy) LegacySort(&m.items());
  std::vector<Value> out;
  out.reserve(m.size());
  for (Resource& r : m.items()) out.push_back(std::move(r.obj));
  return out;
}

Result<std::string> BuildYaml(const std::string& dir, const BuildOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, Build(dir, options));
  return WriteYamlStream(docs);
}

}  // namespace gitops::render
