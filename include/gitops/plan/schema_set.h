// SchemaSet: the schemas of many kinds, found by apiVersion and kind, as
// DiffOptions::schemas asks for them (CustomResourceDefinitions, OpenAPI v3
// documents a cluster serves, or one schema per kind).
//
// A kind the set does not hold is left to the built-in table (and the
// deduced schema for kinds the table does not know either), so a set only
// needs the custom resources' schemas.
//
// Thread safety: build a set on one thread; a built set (and the lookup
// AsLookup() returns) may then be read from any number of threads.
//
//   gitops::plan::SchemaSet schemas;
//   Status s = schemas.AddDocuments(*ReadYaml(crds_text), "crds.yaml");
//   options.schemas = schemas.AsLookup();
#ifndef GITOPS_PLAN_SCHEMA_SET_H_
#define GITOPS_PLAN_SCHEMA_SET_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/schema.h"

namespace gitops::plan {

class SchemaSet {
 public:
  // Adds every kind `schema` declares a root type for (Schema::Kinds(): a
  // CRD's versions, OpenAPI's x-kubernetes-group-version-kind). A kind the
  // set already holds keeps its first schema. Returns how many were added.
  size_t AddDeclared(const Schema& schema);

  // Adds one kind with its schema and root type; an empty `type_name`
  // means the root type the schema declares for that kind. A kind the set
  // already holds is replaced. Errors: kInvalidArgument (no type_name and
  // the schema declares none for the kind; a type_name the schema does not
  // have).
  Status Add(std::string_view api_version, std::string_view kind, const Schema& schema,
             std::string_view type_name);

  // Reads schema documents: CustomResourceDefinitions, OpenAPI v3
  // documents (`components.schemas` with x-kubernetes-group-version-kind)
  // and `kind: List`s of them (`kubectl get crd -o yaml`); null documents
  // are skipped. `file` names them in errors. Errors: kInvalidArgument
  // naming the file and document (a document of another kind, one that
  // declares no kind, the errors of Schema::FromDocument). On error the set
  // is left as it was.
  Status AddDocuments(std::span<const Value> docs, std::string_view file);

  // The schema of that kind; nullptr if the set does not hold it.
  const KindSchema* Find(std::string_view api_version, std::string_view kind) const;

  size_t size() const { return kinds_.size(); }
  bool empty() const { return kinds_.empty(); }

  // A DiffOptions::schemas lookup over a copy of this set (schemas are
  // shared, not copied); a null function when the set is empty.
  SchemaLookup AsLookup() const;

 private:
  // "<apiVersion> <kind>" -> its schema.
  std::unordered_map<std::string, KindSchema> kinds_;
};

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_SCHEMA_SET_H_
