// The step from a checked-out tree to an artifact folder, over artifact.h
// and ignore.h: includes copied in, ignore rules applied, the tree written
// atomically under its content address with its digest and (on request)
// its .tar.gz.
//
// Thread safety: stateless; concurrent calls on one out_dir are safe
// (WriteArtifact serialises them).
#ifndef GITOPS_SRC_SOURCE_GIT_PACKAGE_H_
#define GITOPS_SRC_SOURCE_GIT_PACKAGE_H_

#include <optional>
#include <string>
#include <vector>

#include "gitops/core/status.h"

namespace gitops::source::git_internal {

struct PackageInclude {
  std::string artifact_path;    // the included artifact's folder
  std::string artifact_digest;  // its digest (part of the no-op key)
  std::string from_path;        // inside it; empty: all of it
  std::string to_path;          // inside the new tree
};

struct PackageSettings {
  std::optional<std::string> ignore;     // spec.ignore
  std::vector<std::string> sparse_dirs;  // spec.sparseCheckout (applied at checkout)
  std::vector<PackageInclude> includes;
};

struct PackagedTree {
  std::string path;     // out_dir/<digest hex>
  std::string digest;   // "sha256:<hex>"
  std::string tarball;  // path of the .tar.gz, when asked for
};

// Turns the checkout in `staging` into an artifact under `out_dir`
// (artifact.h's WriteArtifact, keeping `keep` trees): includes copied in
// first, then `.sourceignore` files and spec.ignore applied as Flux applies
// them. `staging` is left for the caller to remove. Errors: kNotFound (an
// include's fromPath is missing), kPermissionDenied (an include path
// escapes), kInternal for I/O.
Result<PackagedTree> PackageTree(const std::string& staging, const PackageSettings& settings,
                                 const std::string& out_dir, bool tarball, int keep);

}  // namespace gitops::source::git_internal

#endif  // GITOPS_SRC_SOURCE_GIT_PACKAGE_H_
