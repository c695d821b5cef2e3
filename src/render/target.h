// Target: one kustomization directory's build (kustomize's KustTarget).
#ifndef GITOPS_SRC_RENDER_TARGET_H_
#define GITOPS_SRC_RENDER_TARGET_H_

#include <memory>
#include <vector>

#include "gitops/core/status.h"
#include "render/fieldspec.h"
#include "render/loader.h"
#include "render/patch.h"
#include "render/resource.h"
#include "render/vars.h"

namespace gitops::render {

// What a build accumulates: resources and the transformer configuration
// that the kustomizations read so far contributed.
struct Accumulator {
  ResMap resources;
  TransformerConfig config;
  std::vector<Var> vars;
};

// What one build shares across its kustomizations. kustomize keeps the
// `openapi` schema in a global: the top kustomization's wins, else the
// first one read that sets it, and it then holds for the rest of the build.
struct BuildState {
  std::unique_ptr<MergeSchema> custom_schema;
  bool schema_set = false;
  const MergeSchema& schema() const {
    return custom_schema != nullptr ? *custom_schema : MergeSchema::Builtin();
  }
};

// Runs the whole build of the kustomization `ldr` is rooted at: the
// accumulation (recursing into bases and components), then the steps that
// run once at the top: generator hash suffixes and name-reference fixing.
// `options` gives the managed-by label settings.
Result<ResMap> BuildTarget(const Loader& ldr, const BuildOptions& options);

// A kustomization given in memory for the top directory, in place of its
// file (Flux's build layer rewrites the file; gitops hands the result over
// instead of writing it).
struct TopKustomization {
  Value kustomization;  // as read from the file, before normalisation
  std::string name;     // the file name it stands for: kustomization.yaml, ...
};

// As BuildTarget; `top`, when not null, stands for the top directory's
// kustomization file. Errors: as BuildTarget.
Result<ResMap> BuildTarget(const Loader& ldr, const BuildOptions& options,
                           const TopKustomization* top);

// The kustomization file in `ldr`'s root as a YAML document, its base name
// in *name. Errors: kNotFound (none there), kInvalidArgument (more than
// one), kParseError.
Result<Value> ReadKustomizationFile(const Loader& ldr, std::string* name);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_TARGET_H_
