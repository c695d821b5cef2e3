// The artifact writer over any tree, not only a directory on disk: a
// TreeSource lists directories and streams files, and WriteArtifactFrom
// walks it in Flux's archive order (the one walk artifact.cc also uses for
// directories, so both give the same digest for the same tree), writing the
// tree, its digest and (on request) the .tar.gz in one pass. GitSource
// feeds it the commit's tree straight from the object database, so an
// artifact costs one file per blob instead of a checkout plus a copy, and a
// file unchanged since the previous artifact becomes a hard link to it.
//
// Thread safety: a TreeSource is used by one walk at a time.
#ifndef GITOPS_SRC_SOURCE_ARTIFACT_INTERNAL_H_
#define GITOPS_SRC_SOURCE_ARTIFACT_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/source/artifact.h"
#include "gitops/source/ignore.h"

namespace gitops::source::artifact_internal {

class TreeSource {
 public:
  struct Entry {
    std::string name;  // one path segment
    bool is_dir = false;
    bool executable = false;  // files: any execute bit
    uint64_t id = 0;          // the source's own, handed back to it
  };
  virtual ~TreeSource() = default;

  // The directories and regular files in directory `rel` ("" for the root,
  // else `/`-separated from the root), in any order; symlinks and special
  // files are left out (the archive has none). `dir` is the directory's
  // own entry as List gave it, nullptr for the root. Errors: the source's.
  virtual Status List(const std::string& rel, const Entry* dir, std::vector<Entry>* entries) = 0;

  // Streams file `rel`: `begin` once with its size, then `chunk` with its
  // bytes in order (nothing after `begin` for an empty file). A non-ok
  // Status from either callback stops the read and is returned.
  virtual Status Read(const std::string& rel, const Entry& entry,
                      const std::function<Status(uint64_t size)>& begin,
                      const std::function<Status(std::string_view bytes)>& chunk) = 0;

  // An existing file with exactly the content and mode that file `rel`
  // gets, which the writer may hard-link instead of writing a copy (an
  // immutable file of an earlier artifact); "" for none. The writer still
  // reads `rel` for the digest and writes a copy when the link fails.
  virtual std::string LinkSource(const std::string& rel, const Entry& entry) {
    (void)rel;
    (void)entry;
    return "";
  }

  // Recycling an earlier artifact's tree, which the writer would otherwise
  // collect once this one is published: the writer renames it away and
  // updates it in place. Note() is saved with each artifact written (""
  // for none); Recycle gets an earlier artifact's note and says whether it
  // describes a tree this source can compare itself with; after it said
  // yes, InBase tells whether an entry from List is already in that tree
  // as the new one has it, at the same path (a file: the same content and
  // mode; a folder: everything under it too, after the ignore rules).
  virtual std::string Note() { return ""; }
  virtual bool Recycle(std::string_view note) {
    (void)note;
    return false;
  }
  virtual bool InBase(const Entry& entry) {
    (void)entry;
    return false;
  }
};

// WriteArtifact (artifact.h) over `source`: the same tree, digest, atomic
// rename, tarball and collection, with `ignore` applied (nullptr: none).
// Errors: kInvalidArgument (no out_dir), kLimitExceeded (a file of 8 GiB or
// more), kInternal (a filesystem error, naming the path), and the source's.
Result<WrittenArtifact> WriteArtifactFrom(TreeSource* source, const IgnoreMatcher* ignore,
                                          const ArtifactWriteOptions& options);

}  // namespace gitops::source::artifact_internal

#endif  // GITOPS_SRC_SOURCE_ARTIFACT_INTERNAL_H_
