// Loader: reads a kustomization's files under the build's load restrictions.
#ifndef GITOPS_SRC_RENDER_LOADER_H_
#define GITOPS_SRC_RENDER_LOADER_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/render/build.h"

namespace gitops::render {

// One kustomization directory's view of the file system. A loader for a
// base is made with New, which checks for cycles against every directory
// on the way from the top.
class Loader {
 public:
  // Errors: kNotFound (not a directory), kPermissionDenied (outside the artifact root).
  static Result<Loader> Root(const std::string& dir, const BuildOptions& options);

  const std::filesystem::path& root() const { return root_; }

  // Reads `path` (relative to the root). Errors: kNotFound naming the file,
  // kPermissionDenied (outside the root under kRootOnly, or outside the
  // artifact root), kUnimplemented (a remote URL).
  Result<std::string> Load(const std::string& path) const;
  // Whether `path` names a directory (no restriction applies: kustomize
  // lets bases live anywhere).
  bool IsDir(const std::string& path) const;
  // A loader for the directory `path`. Errors: kNotFound, kInvalidArgument
  // (a cycle, naming the chain), kPermissionDenied, kUnimplemented (remote),
  // kLimitExceeded (deeper than BuildOptions::max_depth).
  Result<Loader> New(const std::string& path) const;

  // Whether a resource path is a remote URL kustomize would fetch: a git
  // form kustomize's repospec parses (https://, http://, ssh://, file://,
  // git::, gh:, git@host:, github.com/...) or an http(s) file URL.
  static bool IsRemote(const std::string& path);
  // Whether `path` is remote for this loader: a remote form that names no
  // local file or directory (kustomize tries the local reading first).
  bool IsRemoteHere(const std::string& path) const;

  // Asks BuildOptions::remote_resolver for the local copy of `url` and
  // returns its canonical path, which must lie under the artifact root when
  // there is one. Errors: kUnimplemented naming the URL (no resolver), the
  // resolver's own error (with the URL as context), kNotFound (the path it
  // returned does not exist), kPermissionDenied (outside the artifact root).
  Result<std::filesystem::path> ResolveRemote(const std::string& url) const;
  // Reads a file ResolveRemote returned. The root-only restriction does not
  // apply (the resolver chose the file); the artifact root did. Errors:
  // kNotFound, kInvalidArgument (a directory).
  Result<std::string> LoadResolved(const std::filesystem::path& real) const;

 private:
  std::filesystem::path root_;  // canonical
  std::filesystem::path artifact_root_;
  LoadRestrictor restrictor_ = LoadRestrictor::kRootOnly;
  int depth_ = 0;      // kustomizations above this one
  int max_depth_ = 0;  // BuildOptions::max_depth
  // The roots above this one, nearest first, shared with the loaders they
  // came from (a linked list: a deep chain of overlays stays linear).
  struct Visited {
    std::filesystem::path root;
    std::shared_ptr<const Visited> parent;
  };
  std::shared_ptr<const Visited> chain_;
  // BuildOptions::remote_resolver; the options outlive every loader of the build.
  const std::function<Result<std::string>(const std::string&)>* resolver_ = nullptr;
};

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_LOADER_H_
