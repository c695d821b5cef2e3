// PackageTree (see git_package.h).
#include "source/git_package.h"

#include "gitops/source/artifact.h"
#include "gitops/source/ignore.h"

namespace gitops::source::git_internal {

Result<PackagedTree> PackageTree(const std::string& staging, const PackageSettings& settings,
                                 const std::string& out_dir, bool tarball, int keep) {
  for (const PackageInclude& inc : settings.includes) {
    Status copied = CopyInclude(inc.artifact_path, inc.from_path, staging, inc.to_path);
    if (!copied.ok()) return copied.WithContext("spec.include (toPath \"" + inc.to_path + "\")");
  }
  GITOPS_ASSIGN_OR_RETURN(IgnoreMatcher ignore,
                          IgnoreMatcher::ForTree(staging, settings.ignore.value_or("")));
  ArtifactWriteOptions options;
  options.out_dir = out_dir;
  options.keep = keep;
  options.tarball = tarball;
  GITOPS_ASSIGN_OR_RETURN(WrittenArtifact written, WriteArtifact(staging, ignore, options));
  PackagedTree out;
  out.path = written.path.string();
  out.digest = written.digest;
  out.tarball = written.tarball.string();
  return out;
}

}  // namespace gitops::source::git_internal
