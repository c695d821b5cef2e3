// Diff and DetectDrift: what a server-side apply of desired objects would
// change in live ones, computed offline.
//
// As Flux's ssa.ResourceManager.Diff does with a server-side dry-run apply
// (field manager `manager`, ownership forced), the desired object is applied
// onto the live one with plan::Apply and the result is compared with the
// live object. Fields the API server populates never count (status, unless
// the desired object's kind is listed in DiffOptions::status_applied_kinds;
// metadata.uid, resourceVersion, generation, creationTimestamp,
// managedFields, selfLink, deletionTimestamp), nor do fields an ignore rule
// names. A live field nobody owns (a default the server filled in) stays
// as it is, so defaulting is never drift; a field we own that another
// manager changed, or that was removed, is.
//
// Annotations honoured as kustomize-controller does: on the desired or the
// live object, `kustomize.toolkit.fluxcd.io/reconcile: disabled` and
// `kustomize.toolkit.fluxcd.io/ssa: Ignore` skip the object;
// `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent` skips it once it exists;
// `kustomize.toolkit.fluxcd.io/ssa: Merge` keeps the fields of the kubectl
// managers, which are otherwise taken over first (DiffOptions::takeover),
// and the annotations kustomize-controller otherwise removes first
// (DiffOptions::cleanup_annotations: kubectl's last-applied-configuration).
// Values compare case-insensitively, as Flux compares them.
//
// The API server's defaulting is emulated where an offline merge would
// otherwise see a change the server does not: the built-in kinds'
// quantities are written as the server stores them (`cpu: 0.5` as `500m`,
// `1024Mi` as `1Gi`, a ResourceList's values rounded up to 1m; one that is
// not a quantity is kInvalidArgument naming the field), and a default the
// server fills in inside a field an apply replaces whole (NetworkPolicy
// ports' protocol, webhook rules' scope, RoleBinding subjects' apiGroup,
// StatefulSet volumeClaimTemplates, fieldRef's apiVersion, ...) is filled
// into the merged object where the live object holds that field (so a
// live default is no drift, and another live value is drift against the
// default).
// Limits of working offline: other defaulting and admission (mutating
// webhooks) are not run, so what they change shows as a change; Secret
// `stringData` is folded into `data` as the API server does. A live snapshot without
// metadata.managedFields (`kubectl get -o yaml` hides them) cannot show the
// removal of a field the desired objects no longer set.
//
// Thread safety: pure functions.
//
//   auto entry = gitops::plan::Diff(desired, &live, {.manager = "gitops"});
//   if (entry.ok()) std::cout << entry->ToString() << "\n" << entry->diff;
#ifndef GITOPS_PLAN_DIFF_H_
#define GITOPS_PLAN_DIFF_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/changeset.h"
#include "gitops/plan/schema.h"

namespace gitops::plan {

// The schema of one kind: the schema and the name of its root type in it.
struct KindSchema {
  Schema schema;
  std::string type_name;  // empty: the deduced schema's root
};

// Looks up the schema of an apiVersion and kind; nullopt: not known here.
using SchemaLookup =
    std::function<std::optional<KindSchema>(std::string_view api_version, std::string_view kind)>;

// Which objects an ignore rule applies to (Flux's jsondiff.Selector): each
// set field is a regular expression the whole value must match (ECMAScript
// syntax), label and annotation selectors are Kubernetes' equality forms
// (`a=b,c!=d,e,!f`). Empty fields match everything.
struct Selector {
  std::string group, version, kind, name, namespace_;
  std::string label_selector, annotation_selector;
};

// Fields no diff reports, by JSON pointer (Flux's jsondiff.IgnoreRule).
struct IgnoreRule {
  std::vector<std::string> paths;  // "/spec/replicas"
  std::optional<Selector> selector;  // none: every object
};

// A manager whose fields are taken over before applying (Flux's
// ssa.FieldManager): a name prefix (or the exact name) and its operation.
struct TakeoverManager {
  std::string name;
  bool apply_operation = false;  // operation Apply (true) or Update (false)
  bool exact = false;
};

struct DiffOptions {
  // The field manager the apply is made as. Default "gitops".
  std::string manager = "gitops";
  // Schemas for kinds; asked first. Default none.
  SchemaLookup schemas;
  // Ignore rules. Default none.
  std::vector<IgnoreRule> ignore;
  // Kinds ("group/Kind", "Kind" for the core group) whose status the apply
  // sets, as a custom resource without a status subresource has it.
  // Default none: status is dropped from desired objects.
  std::vector<std::string> status_applied_kinds;
  // Managers taken over unless the object says `ssa: Merge`. Default
  // kustomize-controller's: kubectl (Apply and Update, by prefix) and
  // before-first-apply (Update).
  std::vector<TakeoverManager> takeover = {
      {"kubectl", true, false}, {"kubectl", false, false}, {"before-first-apply", false, false}};
  // Annotations and labels removed from live objects before applying
  // unless the desired or the live object says `ssa: Merge` (or the
  // desired object sets them), so an object carrying one is configured.
  // Default kustomize-controller's ApplyCleanupOptions: kubectl's
  // last-applied-configuration and Flux v1's checksum annotations, Flux
  // v1's sync-gc-mark label.
  std::vector<std::string> cleanup_annotations = {
      "kubectl.kubernetes.io/last-applied-configuration", "kustomize.toolkit.fluxcd.io/checksum",
      "fluxcd.io/sync-checksum"};
  std::vector<std::string> cleanup_labels = {"fluxcd.io/sync-gc-mark"};
};

// The ChangeSet entry of applying `desired` onto `live` (null: it does not
// exist). Errors: kInvalidArgument (an object without apiVersion, kind or
// name; desired and live naming different objects; a value that does not
// fit the schema, such as a list-map item missing its key; a live
// managedFields entry that does not parse), each naming the object.
Result<ChangeSetEntry> Diff(const Value& desired, const Value* live, const DiffOptions& options);

// The desired objects whose live state differs from what applying them
// would give: configured entries for changed fields, created ones for
// objects missing from `live`; unchanged and skipped objects are left out.
// Errors: as Diff, kAlreadyExists for an object listed twice (in either set), and
// kInvalidArgument for a namespaced object without a namespace (as MakePlan).
Result<ChangeSet> DetectDrift(std::span<const Value> desired, std::span<const Value> live,
                              const DiffOptions& options);

// The objects a live-state snapshot holds: each document, with the items of
// a `kind: List` (or `*List`, as `kubectl get -o yaml` writes) taken out;
// null documents are left out. Errors: kInvalidArgument (items not a list).
Result<std::vector<Value>> FlattenLists(std::span<const Value> docs);

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_DIFF_H_
