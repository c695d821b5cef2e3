#include "render/sort.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <string_view>
#include <vector>

namespace gitops::render {
namespace {

// kustomize's legacy order (SortOrderTransformer's defaultOrderFirst and
// defaultOrderLast): these kinds first, in this order...
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

// A kind's rank: -len(first)+i for the i-th of orderFirst, 1+i for the
// i-th of orderLast, 0 for the rest (a kind in both lists takes its
// orderLast rank, as kustomize's map assignment does).
using Ranks = std::map<std::string, int, std::less<>>;

template <typename First, typename Last>
Ranks RanksOf(const First& first, const Last& last) {
  Ranks ranks;
  int n = static_cast<int>(std::size(first));
  int i = 0;
  for (const auto& kind : first) ranks[std::string(kind)] = i++ - n;
  i = 0;
  for (const auto& kind : last) ranks[std::string(kind)] = 1 + i++;
  return ranks;
}

int RankOf(const Ranks& ranks, const std::string& kind) {
  auto it = ranks.find(kind);
  return it == ranks.end() ? 0 : it->second;
}

struct Key {
  std::string kind;
  int rank;
  bool core;        // group ""
  std::string gvk;  // kustomize's legacyGVKSortString ("~G_v1_Kind")
  std::string id;   // legacyResIDSortString without the gvk: "ns|name", "~X", "~N" for empty
  size_t index;     // load order, for a stable result
};

bool Less(const Key& a, const Key& b) {
  if (a.gvk != b.gvk) {
    if (a.rank != b.rank) return a.rank < b.rank;
    // kustomize's gvkLessThan: two Namespace kinds, one of them in the core
    // group, compare the other way round (the core Namespace first).
    if (a.kind == "Namespace" && b.kind == "Namespace" && (a.core || b.core)) return a.gvk > b.gvk;
    return a.gvk < b.gvk;
  }
  return a.id < b.id;
}

void LegacySort(const Ranks& ranks, ResMap* m) {
  std::vector<Resource>& items = m->items();
  std::vector<Key> keys;
  keys.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    ResId id = items[i].CurId();
    keys.push_back(
        Key{id.gvk.kind, RankOf(ranks, id.gvk.kind), id.gvk.group.empty(), id.gvk.String(),
            (id.ns.empty() ? "~X" : id.ns) + "|" + (id.name.empty() ? "~N" : id.name), i});
  }
  std::stable_sort(keys.begin(), keys.end(), Less);
  std::vector<Resource> sorted;
  sorted.reserve(items.size());
  for (const Key& k : keys) sorted.push_back(std::move(items[k.index]));
  items = std::move(sorted);
}

std::vector<std::string> Kinds(const Value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const Value& v : list->items()) out.push_back(Str(&v));
  return out;
}

}  // namespace

Status SortResources(const Value* sort_options, Reorder reorder, const std::string& file,
                     ResMap* m) {
  if (sort_options == nullptr || sort_options->is_null()) {
    if (reorder == Reorder::kLegacy) LegacySort(RanksOf(kOrderFirst, kOrderLast), m);
    return OkStatus();
  }
  // Checked with kubectl kustomize: `sortOptions: {}` and an unknown order
  // fail with this message; legacySortOptions with fifo with the next.
  std::string order = sort_options->is_object() ? Str(sort_options->Find("order")) : "";
  if (order != "legacy" && order != "fifo") {
    return InvalidArgumentError(file +
                                ": the field 'sortOptions.order' must be one of [fifo, legacy]");
  }
  const Value* legacy = sort_options->Find("legacySortOptions");
  if (legacy != nullptr && legacy->is_null()) legacy = nullptr;
  if (order == "fifo") {
    if (legacy != nullptr) {
      return InvalidArgumentError(file +
                                  ": the field 'sortOptions.legacySortOptions' is set but the "
                                  "selected sort order is 'fifo', not 'legacy'");
    }
    return OkStatus();
  }
  if (legacy == nullptr) {
    LegacySort(RanksOf(kOrderFirst, kOrderLast), m);
  } else {
    LegacySort(RanksOf(Kinds(legacy->Find("orderFirst")), Kinds(legacy->Find("orderLast"))), m);
  }
  return OkStatus();
}

}  // namespace gitops::render
