// The table of server defaults inside replaced-whole fields, and the walk
// that restores them (defaults.h). Each rule names the Kubernetes code it
// comes from (kubernetes/kubernetes pkg/apis/<group>/v1/defaults.go unless
// said otherwise); only places inside an atomic list or struct of the
// built-in schema (core's K8sTypes::V1_32()) are listed, since elsewhere a
// default survives the merge by itself.
#include "plan/defaults.h"

#include <string>
#include <string_view>
#include <vector>

#include "plan/key_equal.h"

namespace gitops::plan::internal {

namespace {

enum class Condition {
  kAlways,
  // rbac's SetDefaults_Subject: only subjects of kind User or Group.
  kUserOrGroupSubject,
};

struct Rule {
  // The path to the item holding the field: dot-separated member names;
  // `name[]` pairs the items of the list `name` by position (an atomic
  // list, replaced whole), `name[key]` by their `key` field (a list-map).
  std::string item;
  // The field, relative to the item ("status.phase").
  std::string_view field;
  Value value;
  // The defaulter tests for "" rather than for an unset pointer, so an
  // explicit empty string is defaulted too.
  bool empty_is_unset = false;
  Condition condition = Condition::kAlways;
};

struct KindRules {
  std::string_view group;
  std::vector<std::string_view> kinds;
  std::vector<Rule> rules;
};

// Rules inside a PodSpec (core/v1), relative to it.
std::vector<Rule> PodSpecRules() {
  std::vector<Rule> out;
  for (std::string_view containers : {"containers", "initContainers", "ephemeralContainers"}) {
    std::string prefix = std::string(containers) + "[name].env[name].valueFrom.";
    // SetDefaults_ObjectFieldSelector; EnvVarSource.fieldRef is
    // +structType=atomic.
    out.push_back({prefix + "fieldRef", "apiVersion", Value("v1"), true});
    // ResourceFieldSelector.Divisor is a resource.Quantity struct with
    // `omitempty`, which encoding/json does not omit: the zero quantity is
    // written as "0" (types.go); resourceFieldRef is +structType=atomic.
    out.push_back({prefix + "resourceFieldRef", "divisor", Value("0")});
  }
  // DownwardAPIVolumeSource.items is atomic (no list type): each item's
  // fieldRef and resourceFieldRef as above.
  out.push_back({"volumes[name].downwardAPI.items[].fieldRef", "apiVersion", Value("v1"), true});
  out.push_back({"volumes[name].downwardAPI.items[].resourceFieldRef", "divisor", Value("0")});
  // ProjectedVolumeSource.sources is atomic: SetDefaults_ObjectFieldSelector,
  // SetDefaults_ServiceAccountTokenProjection (one hour) and the divisor.
  out.push_back({"volumes[name].projected.sources[].downwardAPI.items[].fieldRef", "apiVersion",
                 Value("v1"), true});
  out.push_back({"volumes[name].projected.sources[].downwardAPI.items[].resourceFieldRef",
                 "divisor", Value("0")});
  out.push_back(
      {"volumes[name].projected.sources[].serviceAccountToken", "expirationSeconds", Value(3600)});
  return out;
}

std::vector<Rule> Prefixed(std::string_view prefix, const std::vector<Rule>& rules) {
  std::vector<Rule> out;
  for (const Rule& r : rules) {
    Rule copy = r;
    copy.item = std::string(prefix) + "." + r.item;
    out.push_back(std::move(copy));
  }
  return out;
}

const std::vector<KindRules>& Table() {
  static const std::vector<KindRules>* table = [] {
    std::vector<Rule> pod = PodSpecRules();
    auto* t = new std::vector<KindRules>{
        // SetDefaults_NetworkPolicyPort; ingress, egress and their ports
        // are atomic.
        {"networking.k8s.io",
         {"NetworkPolicy"},
         {{"spec.ingress[].ports[]", "protocol", Value("TCP")},
          {"spec.egress[].ports[]", "protocol", Value("TCP")}}},
        // SetDefaults_Rule (admissionregistration/v1); webhooks is a
        // list-map on name, rules atomic.
        {"admissionregistration.k8s.io",
         {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"},
         {{"webhooks[name].rules[]", "scope", Value("*")}}},
        // SetDefaults_Subject and SetDefaults_(Cluster)RoleBinding (rbac/v1);
        // subjects is atomic, roleRef +structType=atomic.
        {"rbac.authorization.k8s.io",
         {"RoleBinding", "ClusterRoleBinding"},
         {{"subjects[]", "apiGroup", Value("rbac.authorization.k8s.io"), true,
           Condition::kUserOrGroupSubject},
          {"roleRef", "apiGroup", Value("rbac.authorization.k8s.io"), true}}},
        // SetDefaults_Endpoints (core/v1); subsets is atomic.
        {"", {"Endpoints"}, {{"subsets[].ports[]", "protocol", Value("TCP"), true}}},
        // SetDefaults_EndpointPort (discovery/v1); ports is atomic.
        {"discovery.k8s.io",
         {"EndpointSlice"},
         {{"ports[]", "protocol", Value("TCP")}, {"ports[]", "name", Value("")}}},
        // volumeClaimTemplates is atomic. apps/v1's
        // Convert_apps_StatefulSetSpec_To_v1_StatefulSetSpec (conversion.go)
        // writes apiVersion v1 and kind PersistentVolumeClaim into every
        // template; the generated defaulters run core/v1's
        // SetDefaults_PersistentVolumeClaim (status.phase Pending) and
        // SetDefaults_PersistentVolumeClaimSpec (volumeMode Filesystem) on
        // each; and the template's metadata.creationTimestamp, a
        // non-pointer metav1.Time, is written as null when unset.
        {"apps",
         {"StatefulSet"},
         {{"spec.volumeClaimTemplates[]", "apiVersion", Value("v1"), true},
          {"spec.volumeClaimTemplates[]", "kind", Value("PersistentVolumeClaim"), true},
          {"spec.volumeClaimTemplates[]", "spec.volumeMode", Value("Filesystem")},
          {"spec.volumeClaimTemplates[]", "status.phase", Value("Pending"), true},
          {"spec.volumeClaimTemplates[]", "metadata.creationTimestamp", Value()}}},
    };
    struct PodKind {
      std::string_view group, kind, pod_spec;
    };
    for (const PodKind& k : std::initializer_list<PodKind>{
             {"", "Pod", "spec"},
             {"", "PodTemplate", "template.spec"},
             {"", "ReplicationController", "spec.template.spec"},
             {"apps", "Deployment", "spec.template.spec"},
             {"apps", "ReplicaSet", "spec.template.spec"},
             {"apps", "DaemonSet", "spec.template.spec"},
             {"apps", "StatefulSet", "spec.template.spec"},
             {"batch", "Job", "spec.template.spec"},
             {"batch", "CronJob", "spec.jobTemplate.spec.template.spec"}}) {
      t->push_back({k.group, {k.kind}, Prefixed(k.pod_spec, pod)});
    }
    return t;
  }();
  return *table;
}

bool Unset(const Value* v, bool empty_is_unset) {
  return v == nullptr || (empty_is_unset && v->is_string() && v->as_string().empty());
}

// Sets the rule's default in the merged item `m` when `m` does not set the
// field and the live item `l` has it (whatever its value: the live object
// was defaulted, so the server defaults the merged one too).
bool Fill(const Rule& rule, const Value& l, Value* m) {
  if (!l.is_object() || !m->is_object()) return false;
  if (rule.condition == Condition::kUserOrGroupSubject) {
    const Value* kind = m->Find("kind");
    if (kind == nullptr || !kind->is_string() ||
        (kind->as_string() != "User" && kind->as_string() != "Group")) {
      return false;
    }
  }
  // The live side first: nothing is made in `m` unless it holds the field.
  const Value* lv = &l;
  for (std::string_view rest = rule.field; !rest.empty();) {
    size_t dot = rest.find('.');
    lv = lv->is_object() ? lv->Find(rest.substr(0, dot)) : nullptr;
    if (lv == nullptr) return false;
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  Value* parent = m;
  std::string_view field = rule.field;
  for (size_t dot; (dot = field.find('.')) != std::string_view::npos;
       field = field.substr(dot + 1)) {
    std::string_view step = field.substr(0, dot);
    Value* next = parent->Find(step);
    if (next == nullptr) next = &parent->Set(step, Value::Object());
    if (!next->is_object()) return false;
    parent = next;
  }
  if (!Unset(parent->Find(field), rule.empty_is_unset)) return false;
  parent->Set(field, rule.value);
  return true;
}

// Value::Find with the plan's inline key comparison (key_equal.h): the
// walks below look up a member per level and per list item of every rule.
const Value* Child(const Value& v, std::string_view key) { return FindKey(v, key); }
Value* Child(Value* v, std::string_view key) { return const_cast<Value*>(FindKey(*v, key)); }

bool Walk(const Rule& rule, std::string_view path, const Value& l, Value* m) {
  if (path.empty()) return Fill(rule, l, m);
  size_t dot = path.find('.');
  std::string_view step = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  size_t bracket = step.find('[');
  std::string_view name = step.substr(0, bracket);
  if (!l.is_object() || !m->is_object()) return false;
  const Value* lc = Child(l, name);
  Value* mc = Child(m, name);
  if (lc == nullptr || mc == nullptr) return false;
  if (bracket == std::string_view::npos) return Walk(rule, rest, *lc, mc);
  if (!lc->is_array() || !mc->is_array()) return false;
  std::string_view key = step.substr(bracket + 1, step.size() - bracket - 2);
  bool any = false;
  if (key.empty()) {
    for (size_t i = 0; i < lc->size() && i < mc->size(); ++i) {
      any = Walk(rule, rest, (*lc)[i], &(*mc)[i]) || any;
    }
    return any;
  }
  for (Value& item : mc->items()) {
    const Value* k = item.is_object() ? Child(item, key) : nullptr;
    if (k == nullptr) continue;
    for (const Value& li : lc->items()) {
      const Value* lk = li.is_object() ? Child(li, key) : nullptr;
      if (lk != nullptr && SameLeaf(*lk, *k)) {
        any = Walk(rule, rest, li, &item) || any;
        break;
      }
    }
  }
  return any;
}

// SetDefaults_LimitRangeItem (core/v1): in a Container item, each resource
// that `max` limits and `default` does not name gets max's value in
// `default`; then each resource that `default` (so filled) names gets its
// value in `defaultRequest`, and after those each that `min` names.
// LimitRangeSpec.limits is atomic (no list type): items pair by position.
// As for the rules, a resource is filled only where the live item holds it.
bool FillLimitRangeItem(const Value& l, Value* m) {
  if (!l.is_object() || !m->is_object()) return false;
  const Value* type = m->Find("type");
  if (type == nullptr || !type->is_string() || type->as_string() != "Container") return false;
  bool any = false;
  auto fill = [&](std::string_view field, std::initializer_list<std::string_view> sources) {
    const Value* live = l.Find(field);
    if (live == nullptr || !live->is_object()) return;
    for (const Value::Member& resource : live->members()) {
      const Value* have = m->Find(field);
      if (have != nullptr && (!have->is_object() || have->Contains(resource.key()))) continue;
      for (std::string_view source : sources) {
        const Value* from = m->Find(source);
        const Value* value =
            from != nullptr && from->is_object() ? from->Find(resource.key()) : nullptr;
        if (value == nullptr) continue;
        Value copy = *value;
        Value* target = m->Find(field);
        if (target == nullptr) target = &m->Set(field, Value::Object());
        target->Set(resource.key(), std::move(copy));
        any = true;
        break;
      }
    }
  };
  fill("default", {"max"});
  fill("defaultRequest", {"default", "min"});
  return any;
}

bool FillLimitRange(const Value& live, Value* merged) {
  const Value* ls = live.is_object() ? live.Find("spec") : nullptr;
  Value* ms = merged->is_object() ? merged->Find("spec") : nullptr;
  const Value* ll = ls != nullptr && ls->is_object() ? ls->Find("limits") : nullptr;
  Value* ml = ms != nullptr && ms->is_object() ? ms->Find("limits") : nullptr;
  if (ll == nullptr || ml == nullptr || !ll->is_array() || !ml->is_array()) return false;
  bool any = false;
  for (size_t i = 0; i < ll->size() && i < ml->size(); ++i) {
    any = FillLimitRangeItem((*ll)[i], &(*ml)[i]) || any;
  }
  return any;
}

}  // namespace

bool RestoreServerDefaults(const ObjectId& id, const Value& live, Value* merged) {
  bool any = false;
  if (id.group.empty() && id.kind == "LimitRange") any = FillLimitRange(live, merged);
  for (const KindRules& k : Table()) {
    if (k.group != id.group) continue;
    bool match = false;
    for (std::string_view kind : k.kinds) match = match || kind == id.kind;
    if (!match) continue;
    for (const Rule& rule : k.rules) any = Walk(rule, rule.item, live, merged) || any;
  }
  return any;
}

}  // namespace gitops::plan::internal
