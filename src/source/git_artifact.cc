// WriteGitArtifact (see git_internal.h): a commit's tree written as an
// artifact straight from the object database.
//
// It gives the tree, and so the digest, that a checkout into a folder
// followed by WriteArtifact gives (CheckoutTree's rules: `.git` and names
// with `/` left out, symlinks left out of the archive, a gitlink an empty
// folder, sparse directories with their parents; `.sourceignore` files read
// where the checkout would have them), but writes each file once, with its
// final mode, while hashing it; and a file whose blob and mode are those of
// the same path in the previous artifact's tree is hard-linked from that
// artifact instead of written: on ext4 creating an inode is what an
// artifact of many small files costs (perf: ext4_create's inode search is
// most of a 20,000-file artifact's time), and a link creates none.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/artifact_internal.h"
#include "source/git_internal.h"

namespace gitops::source::git_internal {

namespace {

using artifact_internal::TreeSource;

// The blobs of the last artifact written from a cached repository, whole
// (not deltas), in one file of that repository, `gitops-blobs`: the next
// revision shares most of them, and its digest needs every byte of every
// file, which the pack gives at a delta chain's cost per blob (up to 50
// deltas, each a zlib stream: a third of a 20,000-file artifact's time);
// the file gives them at a lookup's. Only small blobs, where that per-blob
// cost dominates, up to a total. Keyed by blob id, so never stale; a file
// whose checksum fails (a torn write) is ignored.
//
//   "gitops-blobs v1\n" | u64 count | u32 crc32 of the rest | u32 0 |
//   count x (20-byte id, u32 size, u64 offset into the data), by id | data
class BlobCache {
 public:
  // Files of GitOps repositories are mostly a few KiB of YAML; a bigger
  // blob's cost is its bytes more than its lookup. The total bounds the
  // memory a write holds (the next file's data) and reads back.
  static constexpr size_t kMaxBlob = 16 << 10;
  static constexpr size_t kMaxTotal = 8 << 20;

  // Loads `path`; a missing, foreign or damaged file is an empty cache.
  explicit BlobCache(std::string path) : path_(std::move(path)) {
    int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(kHeader) &&
        static_cast<uint64_t>(st.st_size) <= kMaxTotal * 2) {  // data + index
      loaded_.resize(static_cast<size_t>(st.st_size));
      size_t got = 0;
      while (got < loaded_.size()) {
        ssize_t n = read(fd, loaded_.data() + got, loaded_.size() - got);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
      }
      if (got != loaded_.size()) loaded_.clear();
    }
    close(fd);
    if (!Valid()) loaded_.clear();
  }

  // The bytes of blob `oid`, if cached.
  std::optional<std::string_view> Find(const git_oid& oid) const {
    size_t lo = 0, hi = count_;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      const char* e = loaded_.data() + kHeader + mid * kEntry;
      const int c = std::memcmp(e, oid.id, GIT_OID_RAWSZ);
      if (c == 0) {
        uint32_t size;
        uint64_t offset;
        std::memcpy(&size, e + 20, 4);
        std::memcpy(&offset, e + 24, 8);
        return std::string_view(loaded_.data() + data_at_ + offset, size);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return std::nullopt;
  }

  // Records a blob of the tree being written, for Save.
  void Add(const git_oid& oid, std::string_view data) {
    if (data.size() > kMaxBlob || next_data_.size() + data.size() > kMaxTotal) return;
    next_.push_back({oid, static_cast<uint32_t>(data.size()), next_data_.size()});
    next_data_.append(data);
  }

  // Replaces the file with the recorded blobs; best effort (a cache).
  void Save() {
    std::sort(next_.begin(), next_.end(),
              [](const Slot& a, const Slot& b) { return git_oid_cmp(&a.oid, &b.oid) < 0; });
    next_.erase(std::unique(next_.begin(), next_.end(),
                            [](const Slot& a, const Slot& b) { return git_oid_equal(&a.oid, &b.oid); }),
                next_.end());
    std::string out(kHeader + next_.size() * kEntry, '\0');
    std::memcpy(out.data(), kMagic, 16);
    const uint64_t count = next_.size();
    std::memcpy(out.data() + 16, &count, 8);
    for (size_t i = 0; i < next_.size(); ++i) {
      char* e = out.data() + kHeader + i * kEntry;
      std::memcpy(e, next_[i].oid.id, GIT_OID_RAWSZ);
      std::memcpy(e + 20, &next_[i].size, 4);
      std::memcpy(e + 24, &next_[i].offset, 8);
    }
    uLong crc = Crc(crc32(0L, Z_NULL, 0), out.data() + kHeader, out.size() - kHeader);
    crc = Crc(crc, next_data_.data(), next_data_.size());
    const auto crc32_value = static_cast<uint32_t>(crc);
    std::memcpy(out.data() + 24, &crc32_value, 4);
    const std::string tmp = path_ + ".tmp" + std::to_string(getpid());
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    const bool ok = WriteAll(fd, out) && WriteAll(fd, next_data_);
    if (close(fd) != 0 || !ok || rename(tmp.c_str(), path_.c_str()) != 0) unlink(tmp.c_str());
  }

 private:
  static constexpr char kMagic[] = "gitops-blobs v1\n";
  static constexpr size_t kHeader = 32, kEntry = 32;
  struct Slot {
    git_oid oid;
    uint32_t size;
    uint64_t offset;
  };

  static uLong Crc(uLong crc, const char* p, size_t n) {
    while (n > 0) {
      const uInt k = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
      crc = crc32(crc, reinterpret_cast<const Bytef*>(p), k);
      p += k;
      n -= k;
    }
    return crc;
  }

  static bool WriteAll(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Checks the header, the checksum and every entry's bounds; sets count_.
  bool Valid() {
    if (loaded_.size() < kHeader || std::memcmp(loaded_.data(), kMagic, 16) != 0) return false;
    uint64_t count;
    uint32_t crc;
    std::memcpy(&count, loaded_.data() + 16, 8);
    std::memcpy(&crc, loaded_.data() + 24, 4);
    if (count > (loaded_.size() - kHeader) / kEntry) return false;
    if (static_cast<uint32_t>(Crc(crc32(0L, Z_NULL, 0), loaded_.data() + kHeader,
                                  loaded_.size() - kHeader)) != crc) {
      return false;
    }
    data_at_ = kHeader + count * kEntry;
    for (uint64_t i = 0; i < count; ++i) {
      const char* e = loaded_.data() + kHeader + i * kEntry;
      uint32_t size;
      uint64_t offset;
      std::memcpy(&size, e + 20, 4);
      std::memcpy(&offset, e + 24, 8);
      if (offset > loaded_.size() - data_at_ || size > loaded_.size() - data_at_ - offset) {
        return false;
      }
    }
    count_ = count;
    return true;
  }

  std::string path_;
  std::string loaded_;
  size_t count_ = 0;
  size_t data_at_ = 0;
  std::vector<Slot> next_;
  std::string next_data_;
};

// The trees one artifact write has parsed, by id: the `.sourceignore` scan
// and the walk list the same trees, and a tree read from a pack resolves a
// delta chain each time (a 200-folder tree read twice was a sixth of a new
// revision's artifact), while libgit2's object cache keeps no tree over
// 4 KiB.
class TreeCache {
 public:
  explicit TreeCache(git_repository* repo) : repo_(repo) {}
  // The tree `oid`, owned by the cache; nullptr with `*rc` set on error.
  const git_tree* Lookup(const git_oid& oid, int* rc) {
    auto it = trees_.find(oid);
    if (it != trees_.end()) return it->second.get();
    git_tree* raw = nullptr;
    *rc = git_tree_lookup(&raw, repo_, &oid);
    if (*rc < 0) return nullptr;
    return trees_.emplace(oid, TreePtr(raw)).first->second.get();
  }

 private:
  struct Less {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
  };
  git_repository* repo_;
  std::map<git_oid, TreePtr, Less> trees_;
};

// The sparse checkout directories, normalised as CheckoutTree normalises
// them; empty when the whole tree is written.
std::vector<std::string> SparseDirs(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (std::string d : dirs) {
    while (d.starts_with("./")) d.erase(0, 2);
    while (!d.empty() && d.back() == '/') d.pop_back();
    if (d.empty() || d == ".") return {};
    out.push_back(std::move(d));
  }
  return out;
}

class GitTreeSource : public TreeSource {
 public:
  // `odb` and `trees` are the repository's; all must outlive the source.
  // `rules` names what besides the tree decides the artifact's content
  // (the ignore rules and sparse folders), for Note and Recycle.
  GitTreeSource(TreeCache* trees, BlobCache* blobs, git_odb* odb, const git_tree* tree,
                std::vector<std::string> sparse, const git_tree* previous_tree,
                std::string previous_path, std::function<Status()> check_cancel,
                std::string rules = "")
      : trees_(trees),
        blobs_(blobs),
        odb_(odb),
        rules_(std::move(rules)),
        sparse_(std::move(sparse)),
        previous_path_(std::move(previous_path)),
        check_cancel_(std::move(check_cancel)) {
    root_.oid = *git_tree_id(tree);
    root_.is_tree = true;
    if (previous_tree != nullptr && !previous_path_.empty()) {
      root_.old_oid = *git_tree_id(previous_tree);
      root_.has_old_tree = true;
    }
  }

  Status List(const std::string& rel, const Entry* dir, std::vector<Entry>* entries) override {
    if (check_cancel_) GITOPS_RETURN_IF_ERROR(check_cancel_());
    const Item& item = dir == nullptr ? root_ : items_[dir->id];
    if (!item.is_tree) return OkStatus();  // a gitlink: an empty folder
    int rc = 0;
    const git_tree* tree = trees_->Lookup(item.oid, &rc);
    if (tree == nullptr) return GitError(rc, "reading tree " + (rel.empty() ? "/" : rel));
    // The previous artifact's folder at this path: the same tree when the
    // folder is unchanged (every entry then its own previous entry).
    const git_tree* old = nullptr;
    if (item.has_old_tree) {
      old = git_oid_equal(&item.oid, &item.old_oid) ? tree : trees_->Lookup(item.old_oid, &rc);
    }
    // The recycled base's folder at this path (InBase).
    const git_tree* base = nullptr;
    if (item.has_base_tree) {
      base = git_oid_equal(&item.oid, &item.base_oid) ? tree : trees_->Lookup(item.base_oid, &rc);
    }
    const size_t count = git_tree_entrycount(tree);
    for (size_t i = 0; i < count; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      const char* name = git_tree_entry_name(entry);
      if (std::strcmp(name, ".git") == 0 || std::strcmp(name, ".") == 0 ||
          std::strcmp(name, "..") == 0 || std::strchr(name, '/') != nullptr) {
        continue;  // never in a checkout
      }
      const git_filemode_t mode = git_tree_entry_filemode(entry);
      const bool is_dir = mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT;
      if (!sparse_.empty() && !InSparse(rel.empty() ? name : rel + "/" + name, is_dir)) continue;
      if (mode == GIT_FILEMODE_LINK) {
        if (kSourceIgnoreFile == name) symlinked_sourceignore_ = true;
        continue;
      }
      if (mode != GIT_FILEMODE_TREE && mode != GIT_FILEMODE_COMMIT && mode != GIT_FILEMODE_BLOB &&
          mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
        continue;
      }
      const git_tree_entry* before = old == tree    ? entry
                                     : old != nullptr ? git_tree_entry_byname(old, name)
                                                      : nullptr;
      const bool same_mode = before != nullptr && git_tree_entry_filemode(before) == mode;
      Item child;
      child.oid = *git_tree_entry_id(entry);
      child.is_tree = mode == GIT_FILEMODE_TREE;
      if (same_mode && child.is_tree) {
        child.old_oid = *git_tree_entry_id(before);
        child.has_old_tree = true;
      }
      child.linkable = same_mode && !is_dir && git_oid_equal(git_tree_entry_id(before), &child.oid);
      const git_tree_entry* in_base = base == tree    ? entry
                                      : base != nullptr ? git_tree_entry_byname(base, name)
                                                        : nullptr;
      if (in_base != nullptr) {
        const git_filemode_t base_mode = git_tree_entry_filemode(in_base);
        if (mode == GIT_FILEMODE_COMMIT) {
          // A gitlink is an empty folder whatever its commit.
          child.in_base = base_mode == GIT_FILEMODE_COMMIT;
        } else if (base_mode == mode) {
          child.in_base = git_oid_equal(git_tree_entry_id(in_base), &child.oid);
          if (child.is_tree && !child.in_base) {
            child.base_oid = *git_tree_entry_id(in_base);
            child.has_base_tree = true;
          }
        }
      }
      entries->push_back({name, is_dir, mode == GIT_FILEMODE_BLOB_EXECUTABLE, items_.size()});
      items_.push_back(child);
    }
    return OkStatus();
  }

  Status Read(const std::string& rel, const Entry& entry,
              const std::function<Status(uint64_t)>& begin,
              const std::function<Status(std::string_view)>& chunk) override {
    const git_oid& oid = items_[entry.id].oid;
    std::optional<std::string_view> cached = blobs_->Find(oid);
    std::unique_ptr<git_odb_object, Deleter<git_odb_object, git_odb_object_free>> blob;
    if (!cached) {
      git_odb_object* raw = nullptr;
      int rc = git_odb_read(&raw, odb_, &oid);
      if (rc < 0) return GitError(rc, "reading " + rel);
      blob.reset(raw);
      if (git_odb_object_type(raw) != GIT_OBJECT_BLOB) {
        return InternalError("the tree entry " + rel + " is not a blob");
      }
    }
    const std::string_view data =
        cached ? *cached
               : std::string_view(static_cast<const char*>(git_odb_object_data(blob.get())),
                                  git_odb_object_size(blob.get()));
    blobs_->Add(oid, data);
    GITOPS_RETURN_IF_ERROR(begin(data.size()));
    if (data.empty()) return OkStatus();
    return chunk(data);
  }

  std::string LinkSource(const std::string& rel, const Entry& entry) override {
    if (!items_[entry.id].linkable) return "";
    return previous_path_ + "/" + rel;
  }

  // "git-tree <tree>\nrules <sha256 of the rules>\n": the artifact of a
  // tree under given rules is the same files wherever it is written.
  std::string Note() override {
    if (rules_.empty()) return "";
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &root_.oid);
    return "git-tree " + std::string(hex) + "\nrules " + Sha256Hex(rules_) + "\n";
  }

  bool Recycle(std::string_view note) override {
    const std::string_view tree_tag = "git-tree ", rules_tag = "\nrules ";
    if (rules_.empty() || !note.starts_with(tree_tag)) return false;
    const size_t at = note.find(rules_tag);
    if (at != tree_tag.size() + GIT_OID_HEXSZ ||
        note.substr(at + rules_tag.size()) != Sha256Hex(rules_) + "\n") {
      return false;
    }
    git_oid oid;
    const std::string hex(note.substr(tree_tag.size(), GIT_OID_HEXSZ));
    int rc = 0;
    if (git_oid_fromstr(&oid, hex.c_str()) != 0 || trees_->Lookup(oid, &rc) == nullptr) {
      return false;  // a tree the cache no longer has
    }
    root_.base_oid = oid;
    root_.has_base_tree = true;
    return true;
  }

  bool InBase(const Entry& entry) override { return items_[entry.id].in_base; }

  // The `.sourceignore` files a checkout of this tree would hold, in
  // IgnoreMatcher::ForTree's order (depth first, directories in byte order,
  // `.git` not entered). False when one is a symlink (ForTree follows it on
  // disk; the caller then takes the checkout path).
  Result<bool> SourceIgnores(const std::string& rel, const Entry* dir,
                             std::vector<IgnoreMatcher::SourceIgnoreFile>* out) {
    std::vector<Entry> entries;
    GITOPS_RETURN_IF_ERROR(List(rel, dir, &entries));
    if (symlinked_sourceignore_) return false;
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (const Entry& e : entries) {
      if (e.is_dir || e.name != kSourceIgnoreFile) continue;
      std::string text;
      GITOPS_RETURN_IF_ERROR(Read(
          rel.empty() ? e.name : rel + "/" + e.name, e, [](uint64_t) { return OkStatus(); },
          [&](std::string_view bytes) {
            text.append(bytes);
            return OkStatus();
          }));
      out->push_back({rel, std::move(text)});
    }
    for (const Entry& e : entries) {
      if (!e.is_dir) continue;
      GITOPS_ASSIGN_OR_RETURN(bool ok,
                              SourceIgnores(rel.empty() ? e.name : rel + "/" + e.name, &e, out));
      if (!ok) return false;
    }
    return true;
  }

 private:
  // What List learnt about an entry (Entry::id indexes items_).
  struct Item {
    git_oid oid{};      // the blob, or the tree (a gitlink's commit: not listed)
    git_oid old_oid{};  // a folder: the previous tree's folder at the same path
    git_oid base_oid{};  // a folder: the recycled base's folder at the same path, if changed
    bool is_tree = false;
    bool has_old_tree = false;
    bool has_base_tree = false;
    bool linkable = false;  // a file with the previous tree's blob and mode
    bool in_base = false;   // the same blob and mode, or the same tree, in the recycled base
  };

  // Whether a checkout with the sparse directories holds `rel`: inside one
  // of them, or a directory on the way to one.
  bool InSparse(const std::string& rel, bool is_dir) const {
    for (const std::string& s : sparse_) {
      if (rel == s || (rel.size() > s.size() && rel.starts_with(s) && rel[s.size()] == '/')) {
        return true;
      }
      if (is_dir && s.size() > rel.size() && s.starts_with(rel) && s[rel.size()] == '/') {
        return true;
      }
    }
    return false;
  }

  TreeCache* trees_;
  BlobCache* blobs_;
  git_odb* odb_;
  std::string rules_;
  std::vector<std::string> sparse_;
  std::string previous_path_;
  std::function<Status()> check_cancel_;
  Item root_;
  std::deque<Item> items_;  // a deque: no reallocation as a 20,000-file tree is listed
  bool symlinked_sourceignore_ = false;
};

}  // namespace

Result<std::optional<WrittenArtifact>> WriteGitArtifact(git_repository* repo, const git_tree* tree,
                                                        const GitArtifactOptions& options) {
  std::vector<std::string> sparse = SparseDirs(options.sparse_dirs);
  for (const std::string& dir : sparse) {
    git_tree_entry* entry = nullptr;
    int rc = git_tree_entry_bypath(&entry, tree, dir.c_str());
    if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
      git_tree_entry_free(entry);
      return NotFoundError("sparseCheckout directory \"" + dir +
                           "\" is not a directory of the commit");
    }
    if (rc < 0) return GitError(rc, "looking up sparseCheckout directory " + dir);
    git_tree_entry_free(entry);
  }
  TreePtr previous;
  if (options.previous_tree && !options.previous_path.empty()) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo, &*options.previous_tree) == 0) previous.reset(raw);
  }
  git_odb* raw_odb = nullptr;
  int rc = git_repository_odb(&raw_odb, repo);
  if (rc < 0) return GitError(rc, "opening the object database");
  std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>> odb(raw_odb);
  TreeCache trees(repo);
  BlobCache blobs(std::string(git_repository_path(repo)) + "gitops-blobs");
  std::vector<IgnoreMatcher::SourceIgnoreFile> files;
  {
    GitTreeSource scan(&trees, &blobs, odb.get(), tree, sparse, nullptr, "", options.check_cancel);
    GITOPS_ASSIGN_OR_RETURN(bool supported, scan.SourceIgnores("", nullptr, &files));
    if (!supported) return std::optional<WrittenArtifact>();
  }
  IgnoreMatcher ignore = IgnoreMatcher::ForFiles(files, options.spec_ignore.value_or(""));
  // Everything besides the tree that decides which files the artifact
  // holds, each part length-prefixed (the version names this code's own
  // rules: Flux's default excludes, what a checkout leaves out).
  std::string rules = "gitops artifact rules v1\n";
  auto add = [&rules](std::string_view kind, std::string_view text) {
    rules += std::string(kind) + " " + std::to_string(text.size()) + "\n";
    rules += text;
    rules += "\n";
  };
  add("spec.ignore", options.spec_ignore ? "1" + *options.spec_ignore : "0");
  for (const std::string& dir : sparse) add("sparse", dir);
  for (const IgnoreMatcher::SourceIgnoreFile& f : files) {
    add("sourceignore", f.domain);
    add("text", f.text);
  }
  GitTreeSource source(&trees, &blobs, odb.get(), tree, std::move(sparse), previous.get(),
                       options.previous_path, options.check_cancel, std::move(rules));
  GITOPS_ASSIGN_OR_RETURN(WrittenArtifact written,
                          artifact_internal::WriteArtifactFrom(&source, &ignore, options.write));
  blobs.Save();
  return std::optional<WrittenArtifact>(std::move(written));
}

}  // namespace gitops::source::git_internal
