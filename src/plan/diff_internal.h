// The pieces of Diff that MakePlan shares. Private to the plan module.
#ifndef GITOPS_SRC_PLAN_DIFF_INTERNAL_H_
#define GITOPS_SRC_PLAN_DIFF_INTERNAL_H_

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/changeset.h"
#include "gitops/plan/diff.h"

namespace gitops::plan::internal {

// DiffOptions with the ignore rules' expressions compiled once.
class CompiledDiffOptions {
 public:
  // Errors: kInvalidArgument (a bad expression or selector).
  static Result<std::shared_ptr<const CompiledDiffOptions>> Compile(const DiffOptions& options);

  const DiffOptions& options() const { return options_; }
  // The ignore paths that apply to `object`.
  std::vector<std::string_view> IgnoredPaths(const Value& object) const;

 private:
  struct Rule {
    const IgnoreRule* rule;
    bool has_selector = false;
    std::regex group, version, kind, name, namespace_;
    std::string label_selector, annotation_selector;
  };
  DiffOptions options_;
  std::vector<Rule> rules_;
};

struct DiffExtras {
  // Check immutable fields: a change to one is an error unless `force` or
  // the object's force annotation, which mark the entry `recreate`.
  bool check_immutable = false;
  bool force = false;
  // The object's schema, looked up once per kind by the caller (MakePlan,
  // so that DiffOptions::schemas is only ever called from its thread);
  // null: looked up here.
  const KindSchema* schema = nullptr;
  // When set, receives the desired object with its quantities in the
  // API server's form if any was spelled otherwise; left alone if not.
  std::optional<Value>* canonical = nullptr;
  // The desired object's id, with the live object (if any) found by its
  // MatchKey, both by the caller (MakePlan): neither is read again; null:
  // read and checked here.
  const ObjectId* id = nullptr;
};

// The schema Diff uses for objects of that apiVersion and kind:
// DiffOptions::schemas first, then the built-in table, else deduced.
KindSchema SchemaFor(const DiffOptions& options, std::string_view api_version,
                     std::string_view kind);

Result<ChangeSetEntry> DiffObject(const Value& desired, const Value* live,
                                  const CompiledDiffOptions& options, const DiffExtras& extras);

// The live object as the diff compares it:
// StripServerFields(CopyWithoutManagedFields(live), keep_status) (without
// metadata.managedFields, the server's metadata and, unless `keep_status`,
// status), made of the live object's own nodes: they are aliased, not
// copied (only the root's and the metadata's member lists are new), since
// the comparison, the defaults, the change list and the texts only read
// it. `live` must outlive it unchanged. Not copyable; copy value() to
// change it.
class ComparedLive {
 public:
  ComparedLive(const Value& live, bool keep_status);
  ComparedLive(const ComparedLive&) = delete;
  ComparedLive& operator=(const ComparedLive&) = delete;
  ~ComparedLive();  // releases the aliases

  const Value& value() const { return view_; }

 private:
  void Release() noexcept;  // forgets the aliases, leaving what was made here

  Value view_;
};

// Annotation `kustomize.toolkit.fluxcd.io/<name>` equals `value`, case-insensitively.
bool HasFluxAnnotation(const Value& object, std::string_view name, std::string_view value);

// The id of an object; kInvalidArgument naming what is missing.
Result<ObjectId> IdOf(const Value& object, std::string_view what);

// "<group>_<kind>_<namespace>_<name>" without the version: the key objects
// are matched by.
std::string MatchKey(const ObjectId& id);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_DIFF_INTERNAL_H_
