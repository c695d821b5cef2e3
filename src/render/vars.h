// Legacy vars: `$(NAME)` in the fields kustomize's varReference config
// lists, replaced by a field of the object the var names.
#ifndef GITOPS_SRC_RENDER_VARS_H_
#define GITOPS_SRC_RENDER_VARS_H_

#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "render/fieldspec.h"
#include "render/resource.h"

namespace gitops::render {

struct Var {
  std::string name;
  Gvk gvk;                 // objref's apiVersion (or group/version) and kind
  std::string obj_name;    // objref.name
  std::string obj_ns;      // objref.namespace; "" matches any
  std::string field_path;  // fieldref.fieldpath; default metadata.name
};

// Reads a kustomization's `vars:`. Errors: kInvalidArgument naming `file`.
Result<std::vector<Var>> ParseVars(const Value& list, const std::string& file);

// Binds each of `incoming` to the one object it names (kustomize's
// MergeVars, run when a kustomization's transformers are done) and adds
// them to *vars. Errors: kInvalidArgument (two objects match; a var of that
// name exists already).
Status MergeVars(const std::vector<Var>& incoming, ResMap* m, std::vector<Var>* vars);
// Appends vars from a base. Errors: kInvalidArgument (a repeated name).
Status AppendVars(const std::vector<Var>& more, std::vector<Var>* vars);

// Replaces `$(NAME)` in the fields `specs` reach. Errors: kNotFound (a var
// no object answers, or a field path that is not there).
Status ResolveVars(const std::vector<Var>& vars, const FsSlice& specs, ResMap* m);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_VARS_H_
