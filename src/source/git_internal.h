// Private pieces of GitSource shared by its source files: libgit2 handles
// as unique_ptrs, libgit2 errors as Statuses, URL normalisation, the cache
// lock and the tree checkout.
//
// Thread safety: functions are stateless; libgit2 is initialised once.
#ifndef GITOPS_SRC_SOURCE_GIT_INTERNAL_H_
#define GITOPS_SRC_SOURCE_GIT_INTERNAL_H_

#include <git2.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/source/artifact.h"
#include "gitops/source/git_repository.h"

namespace gitops::source {
struct TransportSettings;
}  // namespace gitops::source

namespace gitops::source::git_internal {

// Initialises libgit2 once per process (never shut down: other threads may
// be inside it).
void InitLibgit2();

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using TagPtr = std::unique_ptr<git_tag, Deleter<git_tag, git_tag_free>>;

// A git_buf that frees itself.
struct Buf {
  git_buf buf = GIT_BUF_INIT;
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&buf); }
  std::string str() const { return buf.ptr ? std::string(buf.ptr, buf.size) : std::string(); }
};

// The cache key form of a URL (see git.h). A local path (no scheme) becomes
// file:// with its absolute path. Errors: kInvalidArgument for an empty URL
// or a scheme Flux does not accept (http, https, ssh, plus file).
Result<std::string> NormaliseUrl(std::string_view url);

// The URL libgit2 is given: a local path becomes absolute.
std::string TransportUrl(std::string_view url);

// The Status for libgit2's return code `rc` and its last error, the message
// prefixed with `what`; any URL in libgit2's text has its userinfo removed.
Status GitError(int rc, std::string_view what);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// An exclusive lock on a file (flock), released on destruction.
class FileLock {
 public:
  // Waits for the lock on `path` (created if missing) until `deadline`,
  // checking `cancelled` every few milliseconds. Errors: kTimeout,
  // kCancelled, kUnavailable (the file cannot be opened).
  static Result<std::unique_ptr<FileLock>> Acquire(const std::string& path,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   const std::function<bool()>& cancelled);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// Removes the *.lock files a killed process left in a bare repository
// (refs, packed-refs, config, HEAD, shallow); call only holding the
// FileLock of that repository.
void RemoveStaleLocks(const std::string& repo_dir);

// What CheckoutTree writes.
struct CheckoutOptions {
  // Top-level directories (slash-separated paths) to write; empty: all.
  std::vector<std::string> sparse_dirs;
  // Called for a submodule (gitlink) entry at `path` with commit `oid`:
  // writes its tree into `dir` (the submodule's folder) or fails. Empty:
  // submodules are left as empty folders, as `git clone` without
  // --recurse-submodules leaves them.
  std::function<Status(const std::string& path, const git_oid& oid, const std::string& dir)>
      submodule;
  std::function<Status()> check_cancel;
};

// Writes the files of `tree` under `dir` (which exists): blobs as files
// (0644, or 0755 when executable), symlinks as symlinks, trees as folders.
// Errors: kNotFound (a sparse directory is not in the tree), kInternal /
// kUnavailable for I/O.
Status CheckoutTree(git_repository* repo, const git_tree* tree, const std::string& dir,
                    const CheckoutOptions& options);

// What WriteGitArtifact writes.
struct GitArtifactOptions {
  // spec.sparseCheckout (as CheckoutOptions::sparse_dirs).
  std::vector<std::string> sparse_dirs;
  // spec.ignore, applied after the tree's `.sourceignore` files.
  std::optional<std::string> spec_ignore;
  // The previous artifact of the same source (its folder) and the tree it
  // was written from: a file whose blob and mode are unchanged at its path
  // is hard-linked from that folder. Empty / nullopt: every file written.
  std::string previous_path;
  std::optional<git_oid> previous_tree;
  std::function<Status()> check_cancel;
  ArtifactWriteOptions write;  // out_dir, keep, tarball
};

// Writes `tree` as an artifact (artifact_internal.h's WriteArtifactFrom)
// without a checkout: the tree, digest and files that CheckoutTree followed
// by IgnoreMatcher::ForTree and WriteArtifact give (submodules left as
// empty folders). nullopt, having written nothing, when the tree has a
// symlinked `.sourceignore` (the checkout path reads it through the link).
// Errors: kNotFound (a sparse directory is not in the tree), kCancelled,
// and WriteArtifact's.
Result<std::optional<WrittenArtifact>> WriteGitArtifact(git_repository* repo, const git_tree* tree,
                                                        const GitArtifactOptions& options);

// Writes submodule `path` (commit `oid`, a gitlink in `parent_tree`) into
// `dir`: its URL from the parent's .gitmodules (relative URLs against
// `parent_url`), fetched through its own cache entry, its own submodules
// recursively, over a transport with `transport`'s settings. Errors: kNotFound (no .gitmodules entry, commit missing),
// and the fetch's errors.
Status CheckoutSubmodule(git_repository* repo, const git_tree* parent_tree,
                         const std::string& parent_url, const std::string& path,
                         const git_oid& oid, const std::string& dir, const std::string& cache_dir,
                         const std::function<Status()>& check_cancel,
                         const TransportSettings& transport, int depth);

}  // namespace gitops::source::git_internal

#endif  // GITOPS_SRC_SOURCE_GIT_INTERNAL_H_
