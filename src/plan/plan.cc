#include "gitops/plan/plan.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <numeric>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "diff_internal.h"
#include "gitops/plan/schema_set.h"
#include "scope.h"

namespace gitops::plan {

namespace {

// fluxcd/pkg/ssa sort.go's ReconcileOrder (the list since the Class kinds
// moved up, after Namespace): kinds ordered first (negative indices), last
// (positive) and all others at 0.
constexpr std::string_view kOrderFirst[] = {
    "CustomResourceDefinition", "Namespace",          "ClusterClass", "RuntimeClass",
    "PriorityClass",            "StorageClass",       "VolumeSnapshotClass",
    "IngressClass",             "GatewayClass",       "ResourceQuota", "ServiceAccount",
    "Role",                     "ClusterRole",        "RoleBinding",  "ClusterRoleBinding",
    "ConfigMap",                "Secret",             "Service",      "LimitRange",
    "Deployment",               "StatefulSet",        "CronJob",      "PodDisruptionBudget"};
constexpr std::string_view kOrderLast[] = {"MutatingWebhookConfiguration",
                                           "ValidatingWebhookConfiguration"};

int KindIndex(std::string_view kind) {
  constexpr int n = static_cast<int>(std::size(kOrderFirst));
  for (int i = 0; i < n; ++i) {
    if (kOrderFirst[i] == kind) return -n + i;
  }
  for (int i = 0; i < static_cast<int>(std::size(kOrderLast)); ++i) {
    if (kOrderLast[i] == kind) return 1 + i;
  }
  return 0;
}

// ssa's less(): by kind index, group, kind, then namespace and name.
bool ApplyLess(const ObjectId& a, const ObjectId& b) {
  if (a.group != b.group || a.kind != b.kind) {
    int ia = KindIndex(a.kind), ib = KindIndex(b.kind);
    if (ia != ib) return ia < ib;
    if (a.group != b.group) return a.group < b.group;
    return a.kind < b.kind;
  }
  if (a.namespace_ != b.namespace_) return a.namespace_ < b.namespace_;
  return a.name < b.name;
}

// Whether `s` is `lower` (lower case) but for the case of its letters.
bool IsFold(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower[i]) return false;
  }
  return true;
}

// ssa's utils.IsClusterDefinition / IsClassDefinition.
int StageOf(const ObjectId& id) {
  if ((IsFold(id.kind, "customresourcedefinition") && id.group == "apiextensions.k8s.io") ||
      (IsFold(id.kind, "namespace") && id.group.empty() && id.version == "v1") ||
      (IsFold(id.kind, "clusterrole") && id.group == "rbac.authorization.k8s.io")) {
    return 0;
  }
  if (id.kind.ends_with("Class")) return 1;
  return 2;
}

// The kinds ("group/Kind") of these CRDs that have a version without a
// status subresource: their status is applied like any field.
void AddStatusAppliedKinds(std::span<const Value* const> crds, std::vector<std::string>* kinds) {
  for (const Value* o : crds) {
    std::string key = internal::CrdKind(*o);
    const Value* versions = o->AtPointer("/spec/versions");
    if (key.empty() || versions == nullptr || !versions->is_array()) continue;
    bool applied = false;
    for (const Value& v : versions->items()) {
      if (v.is_object() && v.AtPointer("/subresources/status") == nullptr) applied = true;
    }
    if (applied && std::find(kinds->begin(), kinds->end(), key) == kinds->end()) {
      kinds->push_back(std::move(key));
    }
  }
}

// The schemas of these CustomResourceDefinitions that define a kind in
// `used` ("group/Kind"), added to `set` (a kind it holds already keeps its
// schema): a live snapshot may hold every CRD of a cluster. A CRD whose
// schema does not load is passed over (its resources are then deduced):
// validating CRDs is the API server's part, and a plan must not fail on
// one it would take.
void AddCrdSchemas(std::span<const Value* const> crds,
                   const std::unordered_set<std::string>& used, SchemaSet* set) {
  for (const Value* o : crds) {
    const Value* api_version = o->Find("apiVersion");
    if (api_version == nullptr || !api_version->is_string() ||
        api_version->as_string() != "apiextensions.k8s.io/v1" || !used.contains(internal::CrdKind(*o))) {
      continue;
    }
    Result<Schema> schema = Schema::FromCrd(*o);
    if (schema.ok()) set->AddDeclared(*schema);
  }
}

// The CustomResourceDefinitions among `objects`.
std::vector<const Value*> CrdsOf(std::span<const Value> objects) {
  std::vector<const Value*> out;
  for (const Value& o : objects) {
    const Value* kind = o.is_object() ? o.Find("kind") : nullptr;
    if (kind != nullptr && kind->is_string() && kind->as_string() == "CustomResourceDefinition") {
      out.push_back(&o);
    }
  }
  return out;
}

// Runs `fn(i)` for every i in [0, n) on up to `threads` threads, this one
// among them, which take chunks of `chunk` indices in turn. Without another
// thread to be had, the ones there are do the work.
template <typename Fn>
void ForEachIndex(size_t n, size_t threads, const Fn& fn, size_t chunk = 32) {
  threads = std::min(threads, (n + chunk - 1) / chunk);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t begin; (begin = next.fetch_add(chunk)) < n;) {
      size_t end = std::min(begin + chunk, n);
      for (size_t i = begin; i < end; ++i) fn(i);
    }
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (std::thread& h : helpers) h.join();
}

// What objects are matched by (MatchKey's parts: group, kind, namespace,
// name), as views of an ObjectId that outlives the map, with their hash:
// the ids' keys are made on the plan's threads, so the maps filled on the
// calling thread hash nothing.
struct MatchView {
  std::array<std::string_view, 4> parts;
  size_t hash = 0;
  friend bool operator==(const MatchView& a, const MatchView& b) { return a.parts == b.parts; }
};

MatchView MatchViewOf(const ObjectId& id) {
  MatchView v{{id.group, id.kind, id.namespace_, id.name}};
  for (std::string_view part : v.parts) {
    v.hash = (v.hash ^ std::hash<std::string_view>()(part)) * 0x100000001b3ULL;
  }
  return v;
}

struct MatchViewHash {
  size_t operator()(const MatchView& v) const { return v.hash; }
};

// Collects failures so that one run names every failing object.
class Failures {
 public:
  void Add(const Status& s) {
    if (first_.ok()) first_ = s;
    if (!text_.empty()) text_ += "\n";
    text_ += s.message();
  }
  bool empty() const { return first_.ok(); }
  Status ToStatus() const { return Status(first_.code(), text_); }

 private:
  Status first_;
  std::string text_;
};

Result<Value> EntryList(const Value& v, std::string_view where,
                        std::vector<ChangeSetEntry>* entries, std::vector<Value>* objects) {
  if (v.is_null()) return Value();
  if (!v.is_array()) return InvalidArgumentError(std::string(where) + ": expected a list");
  for (const Value& e : v.items()) {
    Result<ChangeSetEntry> entry = ChangeSetEntry::FromValue(e);
    if (!entry.ok()) return entry.status().WithContext(where);
    entries->push_back(std::move(entry).value());
    if (objects != nullptr) {
      const Value* o = e.Find("object");
      objects->push_back(o != nullptr ? *o : Value());
    }
  }
  return Value();
}

}  // namespace

Status SortForApply(std::vector<Value>* objects) {
  std::vector<ObjectId> ids;
  ids.reserve(objects->size());
  for (const Value& o : *objects) {
    GITOPS_ASSIGN_OR_RETURN(ObjectId id, internal::IdOf(o, "object"));
    ids.push_back(std::move(id));
  }
  std::vector<size_t> order(objects->size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ApplyLess(ids[a], ids[b]); });
  std::vector<Value> sorted;
  sorted.reserve(objects->size());
  for (size_t i : order) sorted.push_back(std::move((*objects)[i]));
  *objects = std::move(sorted);
  return OkStatus();
}

ChangeSet Plan::ToChangeSet() const {
  ChangeSet out;
  for (const std::vector<PlanItem>& stage : stages) {
    for (const PlanItem& item : stage) out.entries.push_back(item.change);
  }
  for (const ChangeSetEntry& e : prune) out.entries.push_back(e);
  return out;
}

Value Plan::ToValue(bool with_objects) const {
  Value out = Value::Object();
  out.AppendMember("manager", manager);
  Value list = Value::Array();
  for (int s = 0; s < 3; ++s) {
    Value stage = Value::Object();
    stage.AppendMember("name", kStageNames[s]);
    Value entries = Value::Array();
    for (const PlanItem& item : stages[s]) {
      Value e = item.change.ToValue();
      if (with_objects) e.AppendMember("object", item.object);
      entries.Append(std::move(e));
    }
    stage.AppendMember("entries", std::move(entries));
    list.Append(std::move(stage));
  }
  out.AppendMember("stages", std::move(list));
  Value pruned = Value::Array();
  for (const ChangeSetEntry& e : prune) pruned.Append(e.ToValue());
  out.AppendMember("prune", std::move(pruned));
  out.AppendMember("inventory", inventory.ToValue());
  return out;
}

Result<Plan> Plan::FromValue(const Value& v) {
  if (!v.is_object()) return InvalidArgumentError("plan: expected a map");
  Plan plan;
  if (const Value* m = v.Find("manager"); m != nullptr && m->is_string()) {
    plan.manager = std::string(m->as_string());
  }
  const Value* stages = v.Find("stages");
  if (stages != nullptr && !stages->is_null()) {
    if (!stages->is_array() || stages->size() > 3) {
      return InvalidArgumentError("plan: stages must be a list of at most 3 stages");
    }
    for (size_t s = 0; s < stages->size(); ++s) {
      const Value& stage = (*stages)[s];
      const Value* entries = stage.is_object() ? stage.Find("entries") : &stage;
      std::string where = "plan: stages[" + std::to_string(s) + "]";
      std::vector<ChangeSetEntry> changes;
      std::vector<Value> objects;
      GITOPS_ASSIGN_OR_RETURN(Value ignored,
                              EntryList(entries ? *entries : Value(), where, &changes, &objects));
      (void)ignored;
      for (size_t i = 0; i < changes.size(); ++i) {
        plan.stages[s].push_back({std::move(changes[i]), std::move(objects[i])});
      }
    }
  }
  if (const Value* prune = v.Find("prune")) {
    GITOPS_ASSIGN_OR_RETURN(Value ignored, EntryList(*prune, "plan: prune", &plan.prune, nullptr));
    (void)ignored;
  }
  if (const Value* inv = v.Find("inventory")) {
    Result<Inventory> read = Inventory::FromValue(*inv);
    if (!read.ok()) return read.status().WithContext("plan");
    plan.inventory = std::move(read).value();
  }
  return plan;
}

namespace {

// MakePlan; with `owned` (holding the same objects as `desired`), the plan
// items take the objects from it instead of copies.
Result<Plan> PlanObjects(std::span<const Value> desired, std::vector<Value>* owned,
                         std::span<const Value> live, const Inventory* previous,
                         const PlanOptions& options) {
  PlanOptions opts = options;
  const std::vector<const Value*> desired_crds = CrdsOf(desired);
  const std::vector<const Value*> live_crds = CrdsOf(live);
  AddStatusAppliedKinds(desired_crds, &opts.diff.status_applied_kinds);
  AddStatusAppliedKinds(live_crds, &opts.diff.status_applied_kinds);
  // Custom resources diff on their CRD's schema: the caller's schemas
  // first, then the CRDs being applied (Flux applies them in the first
  // stage, before any custom resource), then the cluster's.
  std::unordered_set<std::string> used;
  std::string kind_key;
  for (const Value& o : desired) {
    const Value* api_version = o.Find("apiVersion");
    const Value* kind = o.Find("kind");
    if (api_version == nullptr || !api_version->is_string() || kind == nullptr ||
        !kind->is_string()) {
      continue;  // reported below
    }
    std::string_view av = api_version->as_string();
    size_t slash = av.find('/');
    if (slash == std::string_view::npos) continue;  // the core group has no CRDs
    // Neighbours mostly share a kind: a key is only made for a new one.
    std::string_view group = av.substr(0, slash);
    std::string_view k = kind->as_string();
    if (kind_key.size() == group.size() + 1 + k.size() && kind_key.starts_with(group) &&
        kind_key.ends_with(k) && kind_key[group.size()] == '/') {
      continue;
    }
    kind_key.assign(group).append("/").append(k);
    used.insert(kind_key);
  }
  SchemaSet crds;
  AddCrdSchemas(desired_crds, used, &crds);
  AddCrdSchemas(live_crds, used, &crds);
  if (!crds.empty()) {
    opts.diff.schemas = [caller = options.diff.schemas, found = crds.AsLookup()](
                            std::string_view api_version,
                            std::string_view kind) -> std::optional<KindSchema> {
      if (caller) {
        if (std::optional<KindSchema> s = caller(api_version, kind)) return s;
      }
      return found(api_version, kind);
    };
  }
  GITOPS_ASSIGN_OR_RETURN(auto compiled, internal::CompiledDiffOptions::Compile(opts.diff));

  const size_t threads = opts.threads > 0
                            ? static_cast<size_t>(opts.threads)
                            : std::min<size_t>(std::thread::hardware_concurrency(), 4);
  internal::Scopes scopes;
  for (const Value* crd : desired_crds) scopes.AddCrd(*crd);
  for (const Value* crd : live_crds) scopes.AddCrd(*crd);

  // Every object's id and match key, read on the threads; the maps are
  // filled below, in order, so that errors come in input order.
  struct Keyed {
    ObjectId id;
    MatchView key;  // of `id`
    Status status;  // why the object cannot be planned
  };
  std::vector<Keyed> live_keys(live.size());
  std::vector<Keyed> desired_keys(desired.size());
  ForEachIndex(live.size() + desired.size(), threads, [&](size_t k) {
    const bool is_live = k < live.size();
    const size_t i = is_live ? k : k - live.size();
    Keyed& out = is_live ? live_keys[i] : desired_keys[i];
    const Value& object = is_live ? live[i] : desired[i];
    Result<ObjectId> id = internal::IdOf(object, "");
    if (!id.ok()) {  // again, with the words that name the object
      out.status = internal::IdOf(object, std::string(is_live ? "live" : "desired") +
                                              " object " + std::to_string(i + 1))
                       .status();
      return;
    }
    if (!is_live) {
      out.status = scopes.CheckNamespace(*id);
      if (!out.status.ok()) return;
    }
    out.id = std::move(id).value();
    out.key = MatchViewOf(out.id);
  });

  Failures failures;
  // Keys into live_keys' and desired_keys' ids.
  std::unordered_map<MatchView, const Value*, MatchViewHash> live_by_key;
  live_by_key.reserve(live.size());
  for (size_t i = 0; i < live.size(); ++i) {
    if (!live_keys[i].status.ok()) {
      failures.Add(live_keys[i].status);
      continue;
    }
    auto [it, fresh] = live_by_key.emplace(live_keys[i].key, &live[i]);
    if (!fresh) {
      failures.Add(AlreadyExistsError(
          SubjectOf(live_keys[i].id) + " is listed twice in the live objects (" +
          std::to_string(it->second - live.data() + 1) + " and " + std::to_string(i + 1) + ")"));
    }
  }

  struct Desired {
    const ObjectId* id;  // in desired_keys
    size_t index;
    const Value* live;
  };
  std::vector<Desired> objects;
  objects.reserve(desired.size());
  std::unordered_map<MatchView, size_t, MatchViewHash> seen;
  seen.reserve(desired.size());
  for (size_t i = 0; i < desired.size(); ++i) {
    Keyed& k = desired_keys[i];
    if (!k.status.ok()) {
      failures.Add(k.status);
      continue;
    }
    auto [it, fresh] = seen.emplace(k.key, i);
    if (!fresh) {
      failures.Add(AlreadyExistsError(SubjectOf(k.id) + " is listed twice in the desired objects (" +
                                      std::to_string(it->second + 1) + " and " +
                                      std::to_string(i + 1) + ")"));
      continue;
    }
    auto found = live_by_key.find(k.key);
    objects.push_back({&k.id, i, found == live_by_key.end() ? nullptr : found->second});
  }
  if (!failures.empty()) return failures.ToStatus();

  {
    // A stable sort; with threads, of the two halves at once, then merged.
    auto less = [](const Desired& a, const Desired& b) { return ApplyLess(*a.id, *b.id); };
    if (threads > 1 && objects.size() >= 2048) {
      auto middle = objects.begin() + static_cast<std::ptrdiff_t>(objects.size() / 2);
      ForEachIndex(
          2, 2,
          [&](size_t half) {
            if (half == 0) std::stable_sort(objects.begin(), middle, less);
            if (half == 1) std::stable_sort(middle, objects.end(), less);
          },
          /*chunk=*/1);
      std::inplace_merge(objects.begin(), middle, objects.end(), less);
    } else {
      std::stable_sort(objects.begin(), objects.end(), less);
    }
  }

  // Per object its schema, looked up here, once per kind, on this thread
  // (sorted, the objects of one kind are mostly neighbours).
  std::vector<const KindSchema*> schema_of(objects.size());
  std::unordered_map<std::string, KindSchema> schemas;
  for (size_t i = 0; i < objects.size(); ++i) {
    const ObjectId& id = *objects[i].id;
    if (i > 0) {
      const ObjectId& prev = *objects[i - 1].id;
      if (prev.kind == id.kind && prev.group == id.group && prev.version == id.version) {
        schema_of[i] = schema_of[i - 1];
        continue;
      }
    }
    std::string api_version = id.ApiVersion();
    std::string key = api_version + " " + id.kind;
    auto it = schemas.find(key);
    if (it == schemas.end()) {
      it = schemas.emplace(key, internal::SchemaFor(opts.diff, api_version, id.kind)).first;
    }
    schema_of[i] = &it->second;
  }

  // The diffs, each straight into its place in its stage (the objects are
  // in apply order, so each stage keeps it): the plan is the same whatever
  // the number of threads and however the work falls to them, and nothing
  // is moved again on this thread.
  Plan plan;
  plan.manager = opts.diff.manager;
  std::vector<PlanItem*> item_of(objects.size());
  {
    std::vector<int> stage_of(objects.size());
    size_t counts[3] = {0, 0, 0};
    for (size_t i = 0; i < objects.size(); ++i) {
      stage_of[i] = StageOf(*objects[i].id);
      ++counts[stage_of[i]];
    }
    for (int s = 0; s < 3; ++s) plan.stages[s].resize(counts[s]);
    size_t next[3] = {0, 0, 0};
    for (size_t i = 0; i < objects.size(); ++i) {
      item_of[i] = &plan.stages[stage_of[i]][next[stage_of[i]]++];
    }
  }
  std::vector<Status> errors(objects.size());
  std::vector<InventoryEntry> inventory(objects.size());
  ForEachIndex(objects.size(), threads, [&](size_t i) {
    internal::DiffExtras extras;
    extras.check_immutable = true;
    extras.force = opts.force;
    extras.schema = schema_of[i];
    // The object as the API server would write its quantities, when it
    // writes them otherwise.
    std::optional<Value> canonical;
    extras.canonical = &canonical;
    extras.id = objects[i].id;
    const Value& object = desired[objects[i].index];
    Result<ChangeSetEntry> entry = internal::DiffObject(object, objects[i].live, *compiled, extras);
    if (!entry.ok()) {
      errors[i] = entry.status();
      return;
    }
    PlanItem& item = *item_of[i];
    item.change = std::move(entry).value();
    if (canonical) {
      item.object = std::move(*canonical);
    } else if (owned != nullptr) {
      item.object = std::move((*owned)[objects[i].index]);
    } else {
      item.object = object;
    }
    inventory[i] = {objects[i].id->InventoryId(), objects[i].id->version};
  });
  for (const Status& e : errors) {
    if (!e.ok()) failures.Add(e);
  }

  if (previous != nullptr && !previous->entries.empty()) {
    if (desired.empty() && !opts.allow_empty) {
      failures.Add(FailedPreconditionError(
          "the desired set is empty: pruning all " + std::to_string(previous->entries.size()) +
          " objects of the inventory needs allow_empty"));
    } else {
      std::vector<std::pair<ObjectId, const Value*>> gone;
      for (size_t i = 0; i < previous->entries.size(); ++i) {
        const InventoryEntry& e = previous->entries[i];
        Result<ObjectId> id = ObjectId::FromInventoryId(e.id);
        if (!id.ok()) {
          failures.Add(id.status().WithContext("inventory entry " + std::to_string(i + 1)));
          continue;
        }
        id->version = e.version;
        MatchView key = MatchViewOf(*id);
        if (seen.contains(key)) continue;
        auto found = live_by_key.find(key);
        if (found == live_by_key.end()) continue;  // already gone
        gone.emplace_back(std::move(id).value(), found->second);
      }
      std::stable_sort(gone.begin(), gone.end(), [](const auto& a, const auto& b) {
        return ApplyLess(b.first, a.first);
      });
      for (auto& [id, l] : gone) {
        ChangeSetEntry entry;
        entry.id = id;
        entry.subject = SubjectOf(id);
        bool keep = internal::HasFluxAnnotation(*l, "prune", "disabled") ||
                    internal::HasFluxAnnotation(*l, "reconcile", "disabled");
        entry.action = keep ? Action::kSkipped : Action::kDeleted;
        plan.prune.push_back(std::move(entry));
      }
    }
  }
  if (!failures.empty()) return failures.ToStatus();
  plan.inventory = Inventory::Of(std::move(inventory));
  return plan;
}

}  // namespace

Result<Plan> MakePlan(std::span<const Value> desired, std::span<const Value> live,
                      const Inventory* previous, const PlanOptions& options) {
  return PlanObjects(desired, nullptr, live, previous, options);
}

Result<Plan> MakePlanFrom(std::vector<Value> desired, std::span<const Value> live,
                          const Inventory* previous, const PlanOptions& options) {
  return PlanObjects(desired, &desired, live, previous, options);
}

}  // namespace gitops::plan
