// GitSource: what Flux's source-controller does for a GitRepository, as a
// call. Given the spec and the credentials of its Secret, it fetches the
// resolved revision into a persistent cache of bare repositories (libgit2)
// and writes an Artifact: an immutable directory tree with its digest, the
// revision in Flux's format and the commit's metadata.
//
// The cache: one bare repository per normalised URL (scheme and host
// lowercased, userinfo, default port, trailing "/" and ".git" dropped; a
// local path made absolute) under GitFetchOptions::cache_dir, fetched
// incrementally with force refspecs (a force-pushed branch or a moved tag is
// taken as the remote has it; a deleted tag is an error, not a stale copy),
// and guarded by a file lock, so that fetches of one URL from several threads
// or processes take turns. A fetch killed half-way leaves the cache usable:
// libgit2 renames a pack into place only when it is complete, and the lock
// files a killed process leaves are removed by the next one holding the lock.
//
// Before fetching, the remote's refs are listed (Flux's ls-remote check):
// when the revision and the content settings (ignore, include, sparse
// checkout, submodules) are what an earlier fetch into the same artifacts
// folder produced, that artifact is returned and nothing is fetched.
//
// The artifact tree is written straight from the cached repository's
// objects, each file once (no checkout; with spec.include or
// recurseSubmodules the commit is checked out into a staging folder
// first). A file whose content and mode are unchanged since the previous
// artifact of the same GitRepository (same URL, ref and settings) is a
// hard link to that artifact's file, so a new revision costs a new file
// only per changed file: artifacts are immutable, never write into one.
//
// Thread safety: GitSource holds no state; Fetch may be called from several
// threads at once, on the same URL too. A CancelToken may be cancelled from
// any thread.
//
//   gitops::source::GitRepositorySpec spec;
//   spec.url = "https://gitea.example/fleet.git";  spec.ref.branch = "main";
//   auto artifact = gitops::source::GitSource().Fetch(spec, {}, {});
#ifndef GITOPS_SOURCE_GIT_H_
#define GITOPS_SOURCE_GIT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git_repository.h"

namespace gitops::source {

// A person and time in a commit, as git records them.
struct GitSignature {
  std::string name;
  std::string email;
  int64_t time = 0;        // seconds since the epoch
  int offset_minutes = 0;  // the time zone, minutes east of UTC
};

// The commit an artifact was made from.
struct GitCommit {
  std::string sha;  // 40 lowercase hex digits
  GitSignature author;
  GitSignature committer;
  std::string message;  // the whole message, as committed
  int64_t time = 0;     // the committer time, seconds since the epoch
  // spec.verify: the raw signature (an armored PGP or SSH signature, the
  // commit's `gpgsig` header) and the data it signs; empty when unsigned.
  // Not checked against any key (see GitSource::Fetch).
  std::string signature;
  std::string signed_data;
  // The annotated tag the ref named, when it did and spec.verify is set:
  // its signature (empty when unsigned) and the tag object's data it signs.
  bool annotated_tag = false;
  std::string tag_signature;
  std::string tag_signed_data;
};

// An immutable tree fetched from a source, as Flux's Artifact describes it.
struct Artifact {
  // The tree's folder (absolute). Never changed once written; a new
  // revision gets a new folder.
  std::string path;
  // "sha256:<hex>" of the tree's deterministic tar stream (artifact.h
  // documents its exact form).
  std::string digest;
  // Flux's revision string: "main@sha1:<hex>", "v1.0.0@sha1:<hex>",
  // "refs/pull/1/head@sha1:<hex>" or "sha1:<hex>".
  std::string revision;
  GitCommit commit;
  // The URL that served the fetch (the spec's or a mirror's), without
  // userinfo.
  std::string url;
  // The .tar.gz of the tree, when GitFetchOptions::tarball asked for it;
  // empty otherwise.
  std::string tarball;
};

// Cancels a fetch from another thread: pass it in GitFetchOptions::cancel,
// call Cancel() from anywhere. Copies share one flag. Thread-safe.
class CancelToken {
 public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void Cancel() const { flag_->store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
  // The flag itself, for code that polls it; valid while a copy lives.
  const std::atomic<bool>* flag() const { return flag_.get(); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

// How far a fetch has got, as libgit2 reports a download.
struct GitFetchProgress {
  uint64_t total_objects = 0;     // objects in the pack being received (0 until known)
  uint64_t received_objects = 0;  // objects received so far
  uint64_t indexed_objects = 0;   // objects hashed and stored so far
  uint64_t received_bytes = 0;    // bytes of pack received so far
};

struct GitFetchOptions {
  // Where the bare repositories are kept. Default: empty, meaning
  // $XDG_CACHE_HOME/gitops/git (~/.cache/gitops/git).
  std::string cache_dir;
  // Where artifact trees are written (one folder per tree, named by its
  // digest). `keep` counts every tree in it, so repositories fetched into
  // one out_dir collect each other's artifacts: give each its own. Default:
  // empty, meaning a folder per repository URL and settings under
  // "artifacts" beside cache_dir's "git"
  // ($XDG_CACHE_HOME/gitops/artifacts/<32 hex>).
  std::string out_dir;
  // Fallback URLs tried in order after the spec's URL and its
  // `gitops/mirrors` annotation when a URL cannot be reached (a connection,
  // DNS or timeout failure; an authentication failure or a missing ref is
  // not retried elsewhere). Default: none.
  std::vector<std::string> mirrors;
  // The limit of each network operation (listing refs, downloading) when
  // the spec's timeout is zero (GitRepositorySpec::timeout defaults to
  // Flux's 60 s). Default: 60 s.
  std::chrono::milliseconds timeout{60000};
  // How many artifact trees out_dir keeps, by most recent use (see
  // ArtifactWriteOptions::keep; 0 keeps all). Default: 3.
  int keep = 3;
  // Proxy settings (spec.proxySecretRef's Secret). Default: none (the
  // environment's).
  ProxyConfig proxy;
  // Cancels the fetch when cancelled (kCancelled). Must outlive the call.
  // Default: nullptr (no cancellation).
  const CancelToken* cancel = nullptr;
  // Called, on the fetching thread, as objects arrive. Default: none.
  std::function<void(const GitFetchProgress&)> progress;
  // With no ref in the spec, fetch the remote's HEAD branch instead of
  // `master` (Flux's default). Default: false.
  bool use_remote_head = false;
  // The artifacts of the GitRepositories that spec.include names, by
  // name. Default: none (a spec naming one that is missing is kNotFound).
  std::map<std::string, Artifact> includes;
  // Also write the tree as a .tar.gz (Artifact::tarball). Default: false.
  bool tarball = false;
  // Only bring the cache up to date: list the refs, resolve the ref and
  // fetch what the cache lacks, but write no artifact tree (nothing at all
  // in out_dir; the no-op check, which needs a tree, is skipped). The
  // returned Artifact has its revision, commit and url, and an empty path
  // and digest. For warming a cache ahead of time, and for measuring the
  // fetch alone. Default: false.
  bool cache_only = false;
  // For a local repository (file://, a path): first hard-link its pack
  // files and loose objects into the cache (copy across file systems), as
  // `git clone --local` does, so the fetch itself transfers only what is
  // not in them (usually nothing; progress then reports nothing either).
  // Off: every object goes through libgit2's local transport, which packs
  // them in-process (slow for large histories). Default: true.
  bool link_local_objects = true;
};

class GitSource {
 public:
  // Fetches the revision `spec` resolves to and returns its artifact.
  //
  // Ref resolution follows Flux (commit > name > semver > tag > branch; no
  // ref means branch `master`, or the remote HEAD with use_remote_head), and
  // so does the revision: `<branch>@sha1:<hex>` for a branch (and a commit
  // pinned with a branch), `<tag>@sha1:<hex>` for a tag and for the tag a
  // semver range picked, `<ref>@sha1:<hex>` with the full ref name
  // (`refs/pull/1/head@sha1:...`) for a name, `sha1:<hex>` for a commit
  // alone; <hex> is always the commit (an annotated tag is peeled).
  //
  // spec.verify (any mode): Artifact::commit.signature (and tag_signature) carry the
  // raw signature found on the commit and annotated tag. The signature is
  // not checked against trusted keys yet; a caller needing that must check
  // it itself.
  //
  // Errors: kNotFound (the repository, a ref, a commit, a sparse checkout
  // directory or an included artifact is missing; an empty repository);
  // kUnavailable (no URL could be reached); kPermissionDenied
  // (authentication); kTimeout; kCancelled; kInvalidArgument (a bad URL or
  // semver range, a commit not on its branch).
  Result<Artifact> Fetch(const GitRepositorySpec& spec, const GitCredentials& credentials,
                         const GitFetchOptions& options) const;
};

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_GIT_H_
