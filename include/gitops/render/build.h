// Build: a kustomize v5.5-compatible build of a directory.
//
// Build reads the kustomization file in `dir` (kustomization.yaml,
// kustomization.yml or Kustomization), loads its resources (files, and
// directories with their own kustomization, nested to any depth), runs its
// generators and transformers in kustomize's fixed order and returns the
// objects `kubectl kustomize` would print, in the same order. BuildYaml
// returns the same objects as the YAML stream kubectl prints, byte for byte.
//
// Thread safety: both functions are reentrant; concurrent builds share no
// state. Files must not change while a build reads them. A build walks the
// kustomization tree on a thread of its own with a 256 MiB stack (reserved,
// not committed), so that deep overlay chains cannot overflow the caller's.
//
//   gitops::render::BuildOptions options;
//   GITOPS_ASSIGN_OR_RETURN(std::string yaml, gitops::render::BuildYaml("overlays/prod", options));
#ifndef GITOPS_RENDER_BUILD_H_
#define GITOPS_RENDER_BUILD_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::render {

enum class Reorder {
  kLegacy,  // kustomize's legacy order: Namespaces, CRDs, RBAC, ... webhooks last
  kNone,    // the order resources were loaded in
};

enum class LoadRestrictor {
  kRootOnly,  // no file outside its kustomization's directory (kustomize's default)
  kNone,      // files anywhere under the artifact root (Flux builds this way)
};

struct BuildOptions {
  // Output order. Default: kLegacy (as `kubectl kustomize`).
  Reorder reorder = Reorder::kLegacy;
  // Which files a kustomization may read. Default: kRootOnly.
  LoadRestrictor load_restrictor = LoadRestrictor::kRootOnly;
  // A directory nothing may be read from outside of, whatever the load
  // restrictor says (symlinks are resolved before checking). Empty: no such
  // bound. Default: empty.
  std::string artifact_root;
  // Whether every object gets the label app.kubernetes.io/managed-by (as
  // kubectl's --enable-managedby-label; a top kustomization's
  // `buildMetadata: [managedByLabel]` asks for it too). Default: false.
  bool managed_by_label = false;
  // That label's value. kubectl writes "kustomize-(devel)"; the gitops
  // command writes "gitops-<version>". Default: "gitops".
  std::string managed_by = "gitops";
  // Deepest chain of kustomizations (an overlay of an overlay of ...);
  // deeper is kLimitExceeded naming the directory. Default: 2000.
  int max_depth = 2000;

  // --- Flux's build layer (kustomize-controller) ---

  // A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) as a Value. When
  // set, Build's `dir` is the artifact root: the Kustomization's spec.path is
  // resolved inside it (artifact_root defaults to `dir`), a kustomization
  // file is generated where spec.path has none, spec's targetNamespace,
  // namePrefix, nameSuffix, patches, images and components are merged into
  // the kustomization as kustomize-controller merges them, the build runs
  // with LoadRestrictionsNone, spec.postBuild's substitution follows on each
  // object, and spec.commonMetadata's labels and annotations are then set
  // on each object's own metadata (after substitution, unsubstituted, as the
  // controller sets them before applying). `..` in spec.path stops at the
  // root; a symlink leading out of it is refused. Default: none (a plain
  // kustomize build of `dir`).
  std::optional<Value> flux_kustomization;
  // Values for postBuild variable substitution, as kustomize-controller
  // gathers them: `substitute_from` holds the data of spec.postBuild.
  // substituteFrom's ConfigMaps and Secrets in their order (a later one
  // overrides an earlier one; the caller reads them), then the
  // Kustomization's own postBuild.substitute overrides those, then
  // `substitute` (the command line's --var) overrides everything.
  // Values lose their newlines, as the controller strips them. Substitution
  // runs when the Kustomization has a postBuild, or when either of these is
  // non-empty; on an object only when some variable is set, or always with
  // spec.postBuild.substituteStrategy: Always (the default, WithVariables,
  // leaves objects untouched, defaults included, when there are none), and
  // never on one labelled or annotated kustomize.toolkit.fluxcd.io/
  // substitute: disabled. Default: empty.
  std::map<std::string, std::string> substitute;
  std::vector<std::map<std::string, std::string>> substitute_from;
  // An unset variable without a default fails the build, naming the
  // variable and the object (kustomize-controller's
  // StrictPostBuildSubstitutions, on by default since v1.9.0); false
  // substitutes the empty string. Default: true.
  bool strict_substitution = true;

  // --- Remote resources ---

  // Serves a remote resource (a git or http URL in resources, components or
  // bases, in the forms kustomize accepts: https://, http://, ssh://,
  // file://, git::, gh:, git@host:path, github.com/...; a path that exists
  // locally is read locally first, as kustomize does): returns the local
  // directory (a kustomization, loaded as a base with its own root) or file
  // (a resource file) to load in its place, which must lie under
  // artifact_root when that is set. The build fails with the resolver's
  // error, with the URL as context. It is called on the build's own thread
  // (see above), once per occurrence of a URL, never concurrently within
  // one build. Unset: remote resources are kUnimplemented, naming the URL.
  // Default: unset.
  std::function<Result<std::string>(const std::string& url)> remote_resolver;
};

// Builds the kustomization in `dir`.
// Errors: kNotFound (no kustomization file, a missing resource, naming the
// file), kPermissionDenied (a file outside the root the restrictor allows),
// kLimitExceeded (a chain of kustomizations deeper than max_depth),
// kInvalidArgument (a bad field, a cycle of kustomizations naming the chain,
// an ambiguous reference), kAlreadyExists (two objects with one id, naming
// it), kParseError (bad YAML, with
// file and line), kUnimplemented (remote resources, naming the URL; fields
// gitops does not support yet, naming the field), or the remote resolver's
// error.
Result<std::vector<Value>> Build(const std::string& dir, const BuildOptions& options = {});

// As Build, printed as `kubectl kustomize` prints: documents separated by
// `---`, keys sorted, go-yaml quoting. Errors: as Build.
Result<std::string> BuildYaml(const std::string& dir, const BuildOptions& options = {});

}  // namespace gitops::render

#endif  // GITOPS_RENDER_BUILD_H_
