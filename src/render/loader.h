// Loader: reads a kustomization's files under the build's load restrictions.
#ifndef GITOPS_SRC_RENDER_LOADER_H_
#define GITOPS_SRC_RENDER_LOADER_H_

#include <filesystem>
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

  // Whether a resource path is a remote URL kustomize would fetch.
  static bool IsRemote(const std::string& path);

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
};

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_LOADER_H_
