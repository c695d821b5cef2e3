// Artifact trees: the immutable, content-addressed directory a source
// produces, and its digest.
//
// The digest is `sha256:<64 hex>` of an uncompressed tar stream built as
// Flux's source-controller builds its artifact archives (storage.Archive:
// filepath.Walk, tar.FileInfoHeader, sanitizeHeader, Go's archive/tar
// writer), so it equals the sha256 of Flux's artifact `.tar.gz` after
// gunzip for the same tree. The stream, exactly:
//   - Entries in walk order: the root first, named `.`; then, depth first,
//     each directory's entries sorted by name (bytewise), a directory
//     before its contents. Names are relative to the root with `/`
//     separators, directories without a trailing `/`.
//   - Only directories and regular files. Symlinks, devices, sockets and
//     FIFOs are left out (Flux skips them); entries the ignore matcher
//     excludes are left out (without pruning: an entry re-included by a `!`
//     pattern under an excluded directory is kept).
//   - Each entry is one 512-byte POSIX ustar header ("ustar\0" "00"):
//     mode 0750 for a directory (typeflag '5', size 0), 0700 for a
//     regular file with any execute bit set, 0600 for other regular files
//     (typeflag '0'); uid, gid and mtime 0; uname, gname and linkname
//     empty; devmajor and devminor "0000000\0". Numeric fields are
//     zero-padded octal with a NUL terminator; the checksum field is six
//     octal digits, NUL, space. A file's bytes follow, zero-padded to a
//     multiple of 512.
//   - A name longer than 100 bytes is split at the last `/` that leaves at
//     most 155 bytes of prefix and 100 of name (Go's splitUSTARPath). A name
//     that cannot be split, or is not ASCII, gets a PAX extended header
//     first (typeflag 'x', named `<dir>/PaxHeaders.0/<base>` cut to 100
//     bytes, mode/uid/gid/mtime 0, one `path=<name>` record), and the
//     ustar header then carries the name's first 100 ASCII bytes.
//   - The stream ends with two zero blocks (no padding to a 10 KiB record).
// The digest depends only on names, content and the execute bit: the same
// tree gives the same digest on every machine, user and umask.
//
// The optional `.tar.gz` is that stream compressed by zlib at level 6
// (deflateInit2, windowBits 15+16: gzip header with mtime 0, no name, OS
// 3). It cannot equal Flux's own archive byte for byte (Go's gzip differs).
//
// Thread safety: the functions may be called from several threads; calls
// writing into the same `out_dir` serialise on a lock file in it.
//
//   auto ignore = gitops::source::IgnoreMatcher::ForTree(checkout, spec.ignore);
//   auto art = gitops::source::WriteArtifact(checkout, *ignore, {.out_dir = "/var/lib/art/app"});
//   if (art.ok()) std::cout << art->digest << " " << art->path << "\n";
#ifndef GITOPS_SOURCE_ARTIFACT_H_
#define GITOPS_SOURCE_ARTIFACT_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "gitops/core/status.h"
#include "gitops/source/ignore.h"

namespace gitops::source {

// The zlib level of artifact tarballs.
inline constexpr int kArtifactGzipLevel = 6;

struct ArtifactWriteOptions {
  // The directory that holds one source's artifacts: each tree is written
  // to `<out_dir>/<64 hex digest>` (and the tarball to `<...>.tar.gz`).
  // Created if missing. Required.
  std::filesystem::path out_dir;
  // How many artifact trees to keep in out_dir, the one just written
  // included, by most recent use (older ones and their tarballs are
  // removed; anything not named like an artifact is never touched).
  // GitSource's artifacts go further: the tree that this collection would
  // remove is first renamed out of its place (as a removal, in one step)
  // and updated into the new artifact where it differs, so a new revision
  // costs what changed, not a file per file; its files are never written
  // through, so other artifacts sharing them stay intact. A note on what
  // each tree holds sits in `<out_dir>/.notes/`. 0 keeps all. Default 3.
  int keep = 3;
  // Also write `<out_dir>/<hex>.tar.gz`. Default false.
  bool tarball = false;
};

struct WrittenArtifact {
  std::filesystem::path path;     // the artifact tree, `<out_dir>/<hex>`
  std::string digest;             // "sha256:<hex>"
  std::filesystem::path tarball;  // `<out_dir>/<hex>.tar.gz`, empty unless requested
  uint64_t files = 0;             // regular files archived
  uint64_t bytes = 0;             // their total size
  bool reused = false;            // the same tree was already there
  uint64_t linked = 0;            // files hard-linked from an earlier artifact, not copied
  uint64_t in_place = 0;          // files left as they were in a recycled earlier tree (keep)
};

// Copies the tree at `source_dir` (a checkout) into a new artifact in
// options.out_dir, leaving out what `ignore` excludes, and returns it with
// its digest. Atomic: the tree is assembled in a temporary directory inside
// out_dir and renamed into place, so a reader sees all of it or nothing;
// on error nothing is left behind. When an artifact with the same digest
// exists already it is kept (and counts as just used). Written files get
// mode 0600 (0700 with an execute bit), directories 0750.
// Errors: kInvalidArgument (no out_dir; source_dir not a directory),
// kNotFound (source_dir missing), kLimitExceeded (a file of 8 GiB or
// more), kInternal (a filesystem error, naming the path).
Result<WrittenArtifact> WriteArtifact(const std::filesystem::path& source_dir,
                                      const IgnoreMatcher& ignore,
                                      const ArtifactWriteOptions& options);

// The digest the tree at `dir` would get from WriteArtifact with `ignore`
// (nullptr: nothing ignored); reads, writes nothing. The digest of an
// artifact tree is its recorded digest. Errors: as WriteArtifact.
Result<std::string> TreeDigest(const std::filesystem::path& dir,
                               const IgnoreMatcher* ignore = nullptr);

// Builds an artifact from entries given one by one (for a source that
// has the files in memory or in an object store rather than in a
// directory). Entries may come in any order; directories are created as
// needed. Not thread-safe: one thread per builder.
class ArtifactBuilder {
 public:
  // Errors: kInvalidArgument (no out_dir), kInternal (out_dir unwritable).
  static Result<std::unique_ptr<ArtifactBuilder>> Create(const ArtifactWriteOptions& options);
  // Abandons an uncommitted build, removing its temporary directory.
  ~ArtifactBuilder();

  // `path` is relative, `/`-separated, without `.`/`..` segments.
  // Errors: kInvalidArgument (a bad path, naming it), kAlreadyExists (the
  // path was added already), kInternal.
  Status AddDirectory(std::string_view path);
  Status AddFile(std::string_view path, std::string_view content, bool executable);

  // Computes the digest, renames the tree into place and collects old
  // artifacts, as WriteArtifact does. The builder is spent afterwards.
  Result<WrittenArtifact> Commit();

  class Impl;

 private:
  explicit ArtifactBuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Copies `from_path` of the artifact tree at `artifact_dir` to `to_path`
// inside `dest_root`, as Flux's GitRepository `spec.include` does before
// the including repository's artifact is archived (so the destination's
// ignore rules then apply to the copy). Both paths are resolved inside
// their roots as securejoin does for Flux (`..` stops at the root; symlinks
// are followed, an absolute target taken from the root), so neither can
// escape; an empty from_path means the whole artifact. The destination's
// parent directories are created. As Flux's rename(2) into place, an
// existing empty directory is replaced by a directory and an existing file
// by a file. Errors: kNotFound (from_path is not in the artifact; a root
// missing), kAlreadyExists (to_path exists otherwise), kInvalidArgument
// (to_path is the destination's root), kInternal.
Status CopyInclude(const std::filesystem::path& artifact_dir, std::string_view from_path,
                   const std::filesystem::path& dest_root, std::string_view to_path);

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_ARTIFACT_H_
