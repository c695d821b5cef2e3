// Flux's build layer: what kustomize-controller (fluxcd/pkg/kustomize) does
// around a kustomize build of a Kustomization's spec.path.
//
// PrepareFluxBuild resolves spec.path inside the artifact root, reads or
// generates the kustomization there and merges the Kustomization's
// targetNamespace, namePrefix, nameSuffix, patches, components and images
// into it (the controller rewrites kustomization.yaml in its temporary copy
// of the artifact; gitops hands the merged kustomization to the build in
// memory). FluxPostBuild then runs spec.postBuild's variable substitution
// on each built object and sets spec.commonMetadata on its metadata.
//
// Thread safety: pure functions over their arguments and the files read.
#ifndef GITOPS_SRC_RENDER_FLUX_H_
#define GITOPS_SRC_RENDER_FLUX_H_

#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/render/build.h"
#include "render/loader.h"
#include "render/target.h"

namespace gitops::render {

struct FluxBuild {
  Loader loader;          // rooted at spec.path, bounded by the artifact root
  TopKustomization top;   // the merged kustomization for that directory
  BuildOptions options;   // the caller's, with LoadRestrictionsNone and the artifact root
};

// Errors: kInvalidArgument (not a Kustomization, a field of the wrong type,
// a component that is not a local relative path, a .yaml file under a path
// without kustomization that does not hold Kubernetes objects, naming the
// file), kNotFound (spec.path does not exist), kPermissionDenied (spec.path
// or a file resolves outside the artifact root), kParseError.
Result<FluxBuild> PrepareFluxBuild(const std::string& artifact_root, const BuildOptions& options);

// Whether a build with these options runs FluxPostBuild.
bool NeedsFluxPostBuild(const BuildOptions& options);

// Substitution and commonMetadata over the built objects, in place.
// Errors: kInvalidArgument naming the object (an unset variable in strict
// mode, naming it; a malformed expression; an invalid variable name;
// substituted text that is no longer an object), kParseError (substituted
// text that is not YAML), kLimitExceeded.
Status FluxPostBuild(const BuildOptions& options, std::vector<Value>* objects);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_FLUX_H_
