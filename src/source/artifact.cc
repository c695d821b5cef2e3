// Artifact trees and their digest: the tar stream Flux's storage.Archive
// writes (Go's archive/tar with sanitised headers), without the gzip layer.
#include "gitops/source/artifact.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "source/artifact_internal.h"

namespace gitops::source {

namespace fs = std::filesystem;

namespace {

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxUstarSize = 077777777777ULL;  // 11 octal digits
constexpr mode_t kDirMode = 0750;
constexpr mode_t kFileMode = 0600;
constexpr mode_t kExeMode = 0700;

std::string ErrnoText(int err) { return std::strerror(err); }

Status FsError(const std::string& what, const std::string& path, int err) {
  return InternalError(what + " " + path + ": " + ErrnoText(err));
}

// The sink of a tar stream: its sha256, and optionally a gzip file.
class TarSink {
 public:
  TarSink() : md_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(md_, EVP_sha256(), nullptr); }
  ~TarSink() {
    EVP_MD_CTX_free(md_);
    if (gz_open_) deflateEnd(&zs_);
    if (gz_fd_ >= 0) close(gz_fd_);
  }
  TarSink(const TarSink&) = delete;
  TarSink& operator=(const TarSink&) = delete;

  Status StartGzip(const std::string& path) {
    gz_path_ = path;
    gz_fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (gz_fd_ < 0) return FsError("cannot create", path, errno);
    std::memset(&zs_, 0, sizeof(zs_));
    if (deflateInit2(&zs_, kArtifactGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      return InternalError("zlib deflateInit2 failed");
    }
    gz_open_ = true;
    gz_buf_.resize(1 << 17);
    return OkStatus();
  }

  Status Write(const void* data, size_t n) {
    EVP_DigestUpdate(md_, data, n);
    size_ += n;
    if (gz_open_) return Deflate(data, n, Z_NO_FLUSH);
    return OkStatus();
  }

  Status Zeros(size_t n) {
    static const char kZeros[kBlock] = {};
    while (n > 0) {
      size_t k = std::min(n, kBlock);
      GITOPS_RETURN_IF_ERROR(Write(kZeros, k));
      n -= k;
    }
    return OkStatus();
  }

  // Ends the stream; returns "sha256:<hex>".
  Result<std::string> Finish() {
    GITOPS_RETURN_IF_ERROR(Zeros(2 * kBlock));
    if (gz_open_) {
      GITOPS_RETURN_IF_ERROR(Deflate(nullptr, 0, Z_FINISH));
      deflateEnd(&zs_);
      gz_open_ = false;
      if (fsync(gz_fd_) != 0 || close(gz_fd_) != 0) {
        gz_fd_ = -1;
        return FsError("cannot write", gz_path_, errno);
      }
      gz_fd_ = -1;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md_, digest, &len);
    static const char kHex[] = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned int i = 0; i < len; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  Status Deflate(const void* data, size_t n, int flush) {
    zs_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    zs_.avail_in = static_cast<uInt>(n);
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(gz_buf_.data());
      zs_.avail_out = static_cast<uInt>(gz_buf_.size());
      int rc = deflate(&zs_, flush);
      if (rc == Z_STREAM_ERROR) return InternalError("zlib deflate failed");
      size_t have = gz_buf_.size() - zs_.avail_out;
      const char* p = gz_buf_.data();
      while (have > 0) {
        ssize_t w = write(gz_fd_, p, have);
        if (w < 0) {
          if (errno == EINTR) continue;
          return FsError("cannot write", gz_path_, errno);
        }
        p += w;
        have -= static_cast<size_t>(w);
      }
    } while (zs_.avail_out == 0 || (flush == Z_FINISH && zs_.avail_in > 0));
    return OkStatus();
  }

  EVP_MD_CTX* md_;
  uint64_t size_ = 0;
  bool gz_open_ = false;
  int gz_fd_ = -1;
  std::string gz_path_;
  z_stream zs_{};
  std::vector<char> gz_buf_;
};

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != 0; });
}

std::string ToAscii(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x80 && c != 0) out += c;
  }
  return out;
}

// Go's formatter.formatOctal: zero-padded octal leaving room for a NUL.
void Octal(char* field, size_t size, uint64_t v) {
  char digits[24];
  char* end = digits + sizeof(digits);
  char* p = end;
  do {
    *--p = static_cast<char>('0' + (v & 7));
    v >>= 3;
  } while (v != 0);
  const int n = static_cast<int>(end - p);
  std::memmove(digits, p, static_cast<size_t>(n));
  size_t pad = size > static_cast<size_t>(n) + 1 ? size - static_cast<size_t>(n) - 1 : 0;
  std::memset(field, '0', pad);
  std::memcpy(field + pad, digits, std::min(static_cast<size_t>(n), size - pad));
  if (pad + static_cast<size_t>(n) < size) field[pad + static_cast<size_t>(n)] = '\0';
}

void Str(char* field, size_t size, std::string_view s) {
  std::memcpy(field, s.data(), std::min(s.size(), size));
}

// Offsets in a ustar header block.
constexpr size_t kName = 0, kMode = 100, kUid = 108, kGid = 116, kSize = 124, kMtime = 136,
                 kChksum = 148, kType = 156, kMagic = 257, kVersion = 263, kDevMajor = 329,
                 kDevMinor = 337, kPrefix = 345;

void SetChecksum(char* b) {
  std::memcpy(b + kMagic, "ustar\0", 6);
  std::memcpy(b + kVersion, "00", 2);
  std::memset(b + kChksum, ' ', 8);
  unsigned sum = 0;
  for (size_t i = 0; i < kBlock; ++i) sum += static_cast<unsigned char>(b[i]);
  Octal(b + kChksum, 7, sum);
  b[kChksum + 7] = ' ';
}

// Go's splitUSTARPath.
bool SplitUstar(std::string_view name, std::string_view* prefix, std::string_view* suffix) {
  size_t length = name.size();
  if (length <= 100 || !IsAscii(name)) return false;
  if (length > 155 + 1) {
    length = 155 + 1;
  } else if (name[length - 1] == '/') {
    --length;
  }
  size_t i = name.substr(0, length).rfind('/');
  if (i == std::string_view::npos || i == 0) return false;
  size_t nlen = name.size() - i - 1;
  if (nlen > 100 || nlen == 0 || i > 155) return false;
  *prefix = name.substr(0, i);
  *suffix = name.substr(i + 1);
  return true;
}

// Go's formatPAXRecord.
std::string PaxRecord(std::string_view k, std::string_view v) {
  size_t size = k.size() + v.size() + 3;
  size += std::to_string(size).size();
  std::string rec = std::to_string(size) + " " + std::string(k) + "=" + std::string(v) + "\n";
  if (rec.size() != size) {
    rec = std::to_string(rec.size()) + " " + std::string(k) + "=" + std::string(v) + "\n";
  }
  return rec;
}

// Writes the header(s) of one entry, as Go's tar.Writer.WriteHeader does
// for a sanitised header (USTAR when it fits, else PAX).
Status WriteHeader(TarSink* sink, std::string_view name, bool is_dir, bool exec, uint64_t size) {
  char b[kBlock];
  std::memset(b, 0, sizeof(b));
  std::string_view prefix, suffix;
  const bool fits = name.size() <= 100 && IsAscii(name);
  const bool split = !fits && SplitUstar(name, &prefix, &suffix);
  std::string ascii;
  if (!fits && !split) {
    // PAX extended header carrying the path.
    const std::string data = PaxRecord("path", name);
    size_t slash = name.rfind('/');
    std::string pax_name = slash == std::string_view::npos
                               ? "PaxHeaders.0/" + std::string(name)
                               : std::string(name.substr(0, slash)) + "/PaxHeaders.0/" +
                                     std::string(name.substr(slash + 1));
    pax_name = ToAscii(pax_name);
    if (pax_name.size() > 100) pax_name.resize(100);
    while (!pax_name.empty() && pax_name.back() == '/') pax_name.pop_back();
    char x[kBlock];
    std::memset(x, 0, sizeof(x));
    Str(x + kName, 100, pax_name);
    Octal(x + kMode, 8, 0);
    Octal(x + kUid, 8, 0);
    Octal(x + kGid, 8, 0);
    Octal(x + kSize, 12, data.size());
    Octal(x + kMtime, 12, 0);
    x[kType] = 'x';
    SetChecksum(x);
    GITOPS_RETURN_IF_ERROR(sink->Write(x, kBlock));
    GITOPS_RETURN_IF_ERROR(sink->Write(data.data(), data.size()));
    GITOPS_RETURN_IF_ERROR(sink->Zeros((kBlock - data.size() % kBlock) % kBlock));
    ascii = ToAscii(name);
    Str(b + kName, 100, ascii);
  } else if (split) {
    Str(b + kName, 100, suffix);
    Str(b + kPrefix, 155, prefix);
  } else {
    Str(b + kName, 100, name);
  }
  Octal(b + kMode, 8, is_dir ? kDirMode : (exec ? kExeMode : kFileMode));
  Octal(b + kUid, 8, 0);
  Octal(b + kGid, 8, 0);
  Octal(b + kSize, 12, is_dir ? 0 : size);
  Octal(b + kMtime, 12, 0);
  b[kType] = is_dir ? '5' : '0';
  Octal(b + kDevMajor, 8, 0);
  Octal(b + kDevMinor, 8, 0);
  SetChecksum(b);
  return sink->Write(b, kBlock);
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

Status WriteAll(int fd, const char* p, size_t n, const std::string& path) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return FsError("cannot write", path, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return OkStatus();
}

// Sorted names in a directory (Go's readDirNames + sort.Strings).
Result<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return FsError("cannot list", dir, errno);
  std::vector<std::string> names;
  errno = 0;
  while (dirent* e = readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  int err = errno;
  closedir(d);
  if (err != 0) return FsError("cannot list", dir, err);
  std::sort(names.begin(), names.end());
  return names;
}

struct WalkStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t linked = 0;
  uint64_t in_place = 0;
};

using artifact_internal::TreeSource;

// A directory on disk as a TreeSource (lstat: symlinks are not followed).
class DirSource : public TreeSource {
 public:
  explicit DirSource(std::string root) : root_(std::move(root)), buf_(1 << 20) {}

  // A directory never to enter (the artifacts' own directory, should it
  // sit inside the tree being archived).
  void Skip(const std::string& dir) {
    struct stat st;
    if (!dir.empty() && stat(dir.c_str(), &st) == 0) {
      skip_dev_ = st.st_dev;
      skip_ino_ = st.st_ino;
      has_skip_ = true;
    }
  }

  Status List(const std::string& rel, const Entry*, std::vector<Entry>* entries) override {
    const std::string abs = Abs(rel);
    GITOPS_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(abs));
    for (std::string& name : names) {
      const std::string child = abs + "/" + name;
      struct stat st;
      if (lstat(child.c_str(), &st) != 0) return FsError("cannot stat", child, errno);
      if (S_ISDIR(st.st_mode)) {
        if (has_skip_ && st.st_dev == skip_dev_ && st.st_ino == skip_ino_) continue;
        entries->push_back({std::move(name), true, false, 0});
      } else if (S_ISREG(st.st_mode)) {
        entries->push_back({std::move(name), false, (st.st_mode & 0111) != 0, 0});
      }
    }
    return OkStatus();
  }

  Status Read(const std::string& rel, const Entry&, const std::function<Status(uint64_t)>& begin,
              const std::function<Status(std::string_view)>& chunk) override {
    const std::string abs = Abs(rel);
    int in = open(abs.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0) return FsError("cannot read", abs, errno);
    FdCloser closer{in};
    struct stat st;
    if (fstat(in, &st) != 0) return FsError("cannot stat", abs, errno);
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    GITOPS_RETURN_IF_ERROR(begin(size));
    uint64_t left = size;
    while (left > 0) {
      ssize_t n = read(in, buf_.data(), std::min<uint64_t>(buf_.size(), left));
      if (n < 0) {
        if (errno == EINTR) continue;
        return FsError("cannot read", abs, errno);
      }
      if (n == 0) return InternalError("file " + abs + " shrank while it was archived");
      GITOPS_RETURN_IF_ERROR(chunk(std::string_view(buf_.data(), static_cast<size_t>(n))));
      left -= static_cast<uint64_t>(n);
    }
    return OkStatus();
  }

 private:
  std::string Abs(const std::string& rel) const { return rel.empty() ? root_ : root_ + "/" + rel; }

  std::string root_;
  std::vector<char> buf_;
  bool has_skip_ = false;
  dev_t skip_dev_ = 0;
  ino_t skip_ino_ = 0;
};

// Walks a TreeSource as filepath.Walk walks a directory (each directory's
// entries sorted by name, bytewise), writing the tar stream to `sink` and,
// if `dst` is not empty, the archived tree under `dst`. With `recycled`,
// `dst` holds an earlier artifact's tree that the source accepted as its
// base (TreeSource::Recycle): entries the source says are in the base
// already are left as they are (a folder with everything under it), the
// others are replaced, and names the new tree does not have are removed.
class TreeWalker {
 public:
  TreeWalker(TarSink* sink, TreeSource* source, const IgnoreMatcher* ignore, std::string dst,
             bool recycled)
      : sink_(sink),
        source_(source),
        ignore_(ignore),
        dst_(std::move(dst)),
        recycled_(recycled && !dst_.empty()) {}

  Status WalkRoot() {
    GITOPS_RETURN_IF_ERROR(WriteHeader(sink_, ".", true, false, 0));
    return WalkDir("", nullptr, false);
  }

  const WalkStats& stats() const { return stats_; }

 private:
  // `in_place`: the folder and everything under it are in the recycled
  // base as they should be; only the stream is written.
  Status WalkDir(const std::string& rel, const TreeSource::Entry* dir, bool in_place) {
    std::vector<TreeSource::Entry> entries;
    GITOPS_RETURN_IF_ERROR(source_->List(rel, dir, &entries));
    std::sort(entries.begin(), entries.end(),
              [](const TreeSource::Entry& a, const TreeSource::Entry& b) { return a.name < b.name; });
    // The names this folder keeps, when the base's others must go.
    const bool prune = recycled_ && !in_place;
    std::vector<std::string_view> kept;
    for (const TreeSource::Entry& entry : entries) {
      const std::string child_rel = rel.empty() ? entry.name : rel + "/" + entry.name;
      const bool ignored = ignore_ != nullptr && ignore_->Ignored(child_rel, entry.is_dir);
      if (ignored && (!entry.is_dir || !ignore_->has_negations())) continue;
      const bool child_in_place = in_place || (recycled_ && source_->InBase(entry));
      if (prune) kept.push_back(entry.name);
      if (entry.is_dir) {
        if (!ignored) {
          GITOPS_RETURN_IF_ERROR(WriteHeader(sink_, child_rel, true, false, 0));
          if (!child_in_place) GITOPS_RETURN_IF_ERROR(MakeDir(child_rel));
        }
        GITOPS_RETURN_IF_ERROR(WalkDir(child_rel, &entry, child_in_place));
      } else {
        GITOPS_RETURN_IF_ERROR(File(child_rel, entry, child_in_place));
      }
    }
    if (prune) GITOPS_RETURN_IF_ERROR(Prune(rel, kept));
    return OkStatus();
  }

  // Removes what folder `rel` of the recycled base holds besides `kept`
  // (sorted, as the entries were).
  Status Prune(const std::string& rel, const std::vector<std::string_view>& kept) {
    const std::string dir = rel.empty() ? dst_ : dst_ + "/" + rel;
    GITOPS_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir));
    for (const std::string& name : names) {
      if (std::binary_search(kept.begin(), kept.end(), std::string_view(name))) continue;
      GITOPS_RETURN_IF_ERROR(RemovePath(dir + "/" + name));
    }
    return OkStatus();
  }

  // Removes a file or a folder of the recycled base; a missing one is fine.
  static Status RemovePath(const std::string& path) {
    if (unlink(path.c_str()) == 0 || errno == ENOENT) return OkStatus();
    if (errno != EISDIR && errno != EPERM) return FsError("cannot remove", path, errno);
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return InternalError("cannot remove " + path + ": " + ec.message());
    return OkStatus();
  }

  Status MakeDir(const std::string& rel) {
    if (dst_.empty()) return OkStatus();
    const std::string path = dst_ + "/" + rel;
    if (mkdir(path.c_str(), kDirMode) != 0) {
      if (errno != EEXIST) return FsError("cannot create", path, errno);
      struct stat st;
      if (recycled_ && lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
        // A file of the base where the new tree has a folder.
        GITOPS_RETURN_IF_ERROR(RemovePath(path));
        if (mkdir(path.c_str(), kDirMode) != 0) return FsError("cannot create", path, errno);
      }
    }
    if (chmod(path.c_str(), kDirMode) != 0) return FsError("cannot chmod", path, errno);
    return OkStatus();
  }

  // Parent directories of a re-included file under an excluded one.
  Status MakeParents(const std::string& rel) {
    if (dst_.empty()) return OkStatus();
    for (size_t pos = rel.find('/'); pos != std::string::npos; pos = rel.find('/', pos + 1)) {
      GITOPS_RETURN_IF_ERROR(MakeDir(rel.substr(0, pos)));
    }
    return OkStatus();
  }

  // The archived file's copy: a hard link to the source's identical file
  // when it offers one and the link works, else a new file to write into.
  Status Output(const std::string& rel, const TreeSource::Entry& entry, int* out,
                std::string* out_path) {
    if (dst_.empty()) return OkStatus();
    if (ignore_ != nullptr && ignore_->has_negations()) GITOPS_RETURN_IF_ERROR(MakeParents(rel));
    *out_path = dst_ + "/" + rel;
    // The base's file (or folder) at this path holds something else.
    if (recycled_) GITOPS_RETURN_IF_ERROR(RemovePath(*out_path));
    if (std::string from = source_->LinkSource(rel, entry); !from.empty()) {
      if (link(from.c_str(), out_path->c_str()) == 0) {
        ++stats_.linked;
        return OkStatus();
      }
      // ENOENT (collected meanwhile), EXDEV, EMLINK...: write a copy.
    }
    const mode_t mode = entry.executable ? kExeMode : kFileMode;
    *out = open(out_path->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (*out < 0) return FsError("cannot create", *out_path, errno);
    if (fchmod(*out, mode) != 0) return FsError("cannot chmod", *out_path, errno);
    return OkStatus();
  }

  Status File(const std::string& rel, const TreeSource::Entry& entry, bool in_place) {
    int out = -1;
    std::string out_path;
    FdCloser out_closer{-1};
    uint64_t size = 0;
    auto begin = [&](uint64_t n) -> Status {
      size = n;
      if (size > kMaxUstarSize) {
        return LimitExceededError("file " + rel +
                                  " is 8 GiB or larger; artifacts hold smaller files");
      }
      if (in_place) {
        ++stats_.in_place;
      } else {
        GITOPS_RETURN_IF_ERROR(Output(rel, entry, &out, &out_path));
      }
      out_closer.fd = out;
      return WriteHeader(sink_, rel, false, entry.executable, size);
    };
    auto chunk = [&](std::string_view bytes) -> Status {
      GITOPS_RETURN_IF_ERROR(sink_->Write(bytes.data(), bytes.size()));
      if (out >= 0) return WriteAll(out, bytes.data(), bytes.size(), out_path);
      return OkStatus();
    };
    GITOPS_RETURN_IF_ERROR(source_->Read(rel, entry, begin, chunk));
    GITOPS_RETURN_IF_ERROR(sink_->Zeros((kBlock - size % kBlock) % kBlock));
    ++stats_.files;
    stats_.bytes += size;
    return OkStatus();
  }

  TarSink* sink_;
  TreeSource* source_;
  const IgnoreMatcher* ignore_;
  std::string dst_;
  bool recycled_;
  WalkStats stats_;
};

Status CheckDir(const fs::path& dir, std::string_view what) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return NotFoundError(std::string(what) + " " + dir.string() + " does not exist");
    return FsError("cannot stat", dir.string(), errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return InvalidArgumentError(std::string(what) + " " + dir.string() + " is not a directory");
  }
  return OkStatus();
}

bool IsArtifactName(std::string_view name) {
  return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

// An exclusive lock on `<out_dir>/.lock` for the commit of an artifact.
class DirLock {
 public:
  static Result<DirLock> Acquire(const fs::path& dir) {
    const std::string path = (dir / ".lock").string();
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return FsError("cannot open", path, errno);
    while (flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int err = errno;
        close(fd);
        return FsError("cannot lock", path, err);
      }
    }
    return DirLock(fd);
  }
  DirLock(DirLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  DirLock& operator=(DirLock&&) = delete;
  ~DirLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_;
};

// The artifact trees in out_dir other than `current`, most recently used
// first; removes temporary leftovers older than a day on the way.
std::vector<std::string> ListTrees(const fs::path& out_dir, const std::string& current) {
  Result<std::vector<std::string>> names = ListDir(out_dir.string());
  if (!names.ok()) return {};
  struct Entry {
    std::string name;
    struct timespec mtime;
  };
  std::vector<Entry> trees;
  const time_t now = std::time(nullptr);
  for (const std::string& name : *names) {
    const std::string path = (out_dir / name).string();
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (name.rfind(".tmp-", 0) == 0 && now - st.st_mtime > 24 * 3600) {
      RemoveTree(path);
      continue;
    }
    if (S_ISDIR(st.st_mode) && IsArtifactName(name) && name != current) {
      trees.push_back({name, st.st_mtim});
    }
  }
  std::sort(trees.begin(), trees.end(), [](const Entry& a, const Entry& b) {
    if (a.mtime.tv_sec != b.mtime.tv_sec) return a.mtime.tv_sec > b.mtime.tv_sec;
    return a.mtime.tv_nsec > b.mtime.tv_nsec;
  });
  std::vector<std::string> out;
  for (Entry& e : trees) out.push_back(std::move(e.name));
  return out;
}

// A source's note on the artifact tree `<out_dir>/<hex>`
// (TreeSource::Note), kept beside it as `<out_dir>/.notes/<hex>`.
fs::path NotePath(const fs::path& out_dir, const std::string& hex) {
  return out_dir / ".notes" / hex;
}

std::string ReadNote(const fs::path& out_dir, const std::string& hex) {
  const std::string path = NotePath(out_dir, hex).string();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  FdCloser closer{fd};
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  return n < 0 ? "" : text;
}

// Best effort: without its note a tree is only never recycled.
void WriteNote(const fs::path& out_dir, const std::string& hex, const std::string& note) {
  const fs::path path = NotePath(out_dir, hex);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const std::string tmp = path.string() + ".tmp" + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const bool ok = WriteAll(fd, note.data(), note.size(), tmp).ok();
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) unlink(tmp.c_str());
}

// Keeps the `keep` most recently used artifact trees (and their tarballs
// and notes), always `current`; removes temporary leftovers older than a
// day.
void Collect(const fs::path& out_dir, const std::string& current, int keep) {
  std::vector<std::string> trees = ListTrees(out_dir, current);
  if (keep <= 0) return;
  for (size_t i = static_cast<size_t>(keep - 1); i < trees.size(); ++i) {
    RemoveTree((out_dir / trees[i]).string());
    std::error_code ec;
    fs::remove(out_dir / (trees[i] + ".tar.gz"), ec);
    fs::remove(NotePath(out_dir, trees[i]), ec);
  }
}

Result<std::string> MakeTempDir(const fs::path& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return InternalError("cannot create " + out_dir.string() + ": " + ec.message());
  std::string tmpl = (out_dir / ".tmp-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr)
    return FsError("cannot create a directory in", out_dir.string(), errno);
  if (chmod(tmpl.c_str(), kDirMode) != 0) {
    int err = errno;
    RemoveTree(tmpl);
    return FsError("cannot chmod", tmpl, err);
  }
  return tmpl;
}

// Moves the finished temporary tree (and tarball) into place and collects
// old artifacts.
Result<WrittenArtifact> Publish(const ArtifactWriteOptions& options, const std::string& tmp_dir,
                                const std::string& tmp_gz, const std::string& digest,
                                const WalkStats& stats, const std::string& note = "") {
  const std::string hex = digest.substr(7);
  WrittenArtifact art;
  art.path = options.out_dir / hex;
  art.digest = digest;
  art.files = stats.files;
  art.bytes = stats.bytes;
  art.linked = stats.linked;
  art.in_place = stats.in_place;
  GITOPS_ASSIGN_OR_RETURN(DirLock lock, DirLock::Acquire(options.out_dir));
  if (rename(tmp_dir.c_str(), art.path.c_str()) != 0) {
    int err = errno;
    if (err != EEXIST && err != ENOTEMPTY) {
      RemoveTree(tmp_dir);
      if (!tmp_gz.empty()) unlink(tmp_gz.c_str());
      return FsError("cannot rename into", art.path.string(), err);
    }
    // The same tree is there already: keep it.
    RemoveTree(tmp_dir);
    art.reused = true;
  }
  utimensat(AT_FDCWD, art.path.c_str(), nullptr, 0);
  if (!note.empty()) WriteNote(options.out_dir, hex, note);
  if (!tmp_gz.empty()) {
    art.tarball = options.out_dir / (hex + ".tar.gz");
    if (rename(tmp_gz.c_str(), art.tarball.c_str()) != 0) {
      int err = errno;
      unlink(tmp_gz.c_str());
      return FsError("cannot rename into", art.tarball.string(), err);
    }
  }
  Collect(options.out_dir, hex, options.keep);
  return art;
}

// Digest (and optional tarball, copy) of the tree at `src`.
struct Packaged {
  std::string digest;
  WalkStats stats;
};

Result<Packaged> Package(TreeSource* source, const IgnoreMatcher* ignore, const std::string& dst,
                         const std::string& gz_path, bool recycled = false) {
  TarSink sink;
  if (!gz_path.empty()) GITOPS_RETURN_IF_ERROR(sink.StartGzip(gz_path));
  TreeWalker walker(&sink, source, ignore, dst, recycled);
  GITOPS_RETURN_IF_ERROR(walker.WalkRoot());
  GITOPS_ASSIGN_OR_RETURN(std::string digest, sink.Finish());
  return Packaged{std::move(digest), walker.stats()};
}

Result<Packaged> PackageDir(const std::string& src, const IgnoreMatcher* ignore,
                            const std::string& dst, const std::string& gz_path,
                            const std::string& skip_dir = "") {
  DirSource source(src);
  source.Skip(skip_dir);
  return Package(&source, ignore, dst, gz_path);
}

// Moves into the empty temporary directory `tmp` the tree that publishing
// one more artifact would collect (the most recently used of those beyond
// options.keep), when `source` accepts it as the base to update in place
// (its note describes it): an artifact of many files then costs what
// changed since that tree, not a link or an inode per file, and the
// collection removes nothing. The tree leaves its name in one rename, as
// a collected one would; its files are never written through (a changed
// file is a new inode), so other artifacts sharing them are untouched. A
// write that then fails removes it: out_dir is left with keep - 1 trees,
// every newer one (and the current artifact) in place.
bool Recycle(TreeSource* source, const IgnoreMatcher* ignore, const ArtifactWriteOptions& options,
             const std::string& tmp) {
  // With keep 1 the tree to collect is the current artifact: it must stay
  // in place until the new one is published (a failed write keeps it).
  if (options.keep <= 1 || (ignore != nullptr && ignore->has_negations())) return false;
  Result<DirLock> lock = DirLock::Acquire(options.out_dir);
  if (!lock.ok()) return false;
  std::vector<std::string> trees = ListTrees(options.out_dir, "");
  if (trees.size() < static_cast<size_t>(options.keep)) return false;
  const std::string& base = trees[static_cast<size_t>(options.keep - 1)];
  const std::string note = ReadNote(options.out_dir, base);
  if (note.empty() || !source->Recycle(note)) return false;
  if (rename((options.out_dir / base).c_str(), tmp.c_str()) != 0) return false;
  std::error_code ec;
  fs::remove(NotePath(options.out_dir, base), ec);
  fs::remove(options.out_dir / (base + ".tar.gz"), ec);
  return true;
}

// Writes `source` into a new temporary directory of options.out_dir (or a
// recycled tree) and publishes it.
Result<WrittenArtifact> WriteFromSource(TreeSource* source, const IgnoreMatcher* ignore,
                                        const ArtifactWriteOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(std::string tmp, MakeTempDir(options.out_dir));
  const std::string gz = options.tarball ? tmp + ".tar.gz" : std::string();
  const bool recycled = Recycle(source, ignore, options, tmp);
  Result<Packaged> p = Package(source, ignore, tmp, gz, recycled);
  if (!p.ok()) {
    RemoveTree(tmp);
    if (!gz.empty()) unlink(gz.c_str());
    return p.status();
  }
  return Publish(options, tmp, gz, p->digest, p->stats, source->Note());
}

}  // namespace

Result<std::string> TreeDigest(const fs::path& dir, const IgnoreMatcher* ignore) {
  GITOPS_RETURN_IF_ERROR(CheckDir(dir, "source directory"));
  GITOPS_ASSIGN_OR_RETURN(Packaged p, PackageDir(dir.string(), ignore, "", ""));
  return p.digest;
}

Result<WrittenArtifact> WriteArtifact(const fs::path& source_dir, const IgnoreMatcher& ignore,
                                      const ArtifactWriteOptions& options) {
  if (options.out_dir.empty()) return InvalidArgumentError("artifact out_dir is not set");
  GITOPS_RETURN_IF_ERROR(CheckDir(source_dir, "source directory"));
  DirSource source(source_dir.string());
  // out_dir may sit inside the tree: never archive it (it must exist to be
  // recognised; MakeTempDir reports a failure to create it).
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  source.Skip(options.out_dir.string());
  return WriteFromSource(&source, &ignore, options);
}

Result<WrittenArtifact> artifact_internal::WriteArtifactFrom(TreeSource* source,
                                                             const IgnoreMatcher* ignore,
                                                             const ArtifactWriteOptions& options) {
  if (options.out_dir.empty()) return InvalidArgumentError("artifact out_dir is not set");
  return WriteFromSource(source, ignore, options);
}

// ArtifactBuilder.

class ArtifactBuilder::Impl {
 public:
  ArtifactWriteOptions options;
  std::string tmp;
  std::set<std::string> added;
  bool committed = false;
};

ArtifactBuilder::ArtifactBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ArtifactBuilder::~ArtifactBuilder() {
  if (impl_ && !impl_->committed && !impl_->tmp.empty()) RemoveTree(impl_->tmp);
}

Result<std::unique_ptr<ArtifactBuilder>> ArtifactBuilder::Create(
    const ArtifactWriteOptions& options) {
  if (options.out_dir.empty()) return InvalidArgumentError("artifact out_dir is not set");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  GITOPS_ASSIGN_OR_RETURN(impl->tmp, MakeTempDir(options.out_dir));
  return std::unique_ptr<ArtifactBuilder>(new ArtifactBuilder(std::move(impl)));
}

namespace {

Status CheckEntryPath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') {
    return InvalidArgumentError("artifact entry path '" + std::string(path) +
                                "' must be relative, without a leading or trailing '/'");
  }
  size_t start = 0;
  while (true) {
    size_t pos = path.find('/', start);
    std::string_view seg = path.substr(start, pos == std::string_view::npos ? pos : pos - start);
    if (seg.empty() || seg == "." || seg == ".." || seg.find('\0') != std::string_view::npos) {
      return InvalidArgumentError("artifact entry path '" + std::string(path) +
                                  "' has an empty, '.' or '..' segment");
    }
    if (pos == std::string_view::npos) return OkStatus();
    start = pos + 1;
  }
}

Status MakeDirs(const std::string& root, std::string_view rel) {
  for (size_t pos = 0;;) {
    size_t next = rel.find('/', pos);
    const std::string path = root + "/" + std::string(rel.substr(0, next));
    if (mkdir(path.c_str(), kDirMode) != 0) {
      if (errno != EEXIST) return FsError("cannot create", path, errno);
      struct stat st;
      if (lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return AlreadyExistsError("artifact entry '" + std::string(rel.substr(0, next)) +
                                  "' is a file, not a directory");
      }
    } else if (chmod(path.c_str(), kDirMode) != 0) {
      return FsError("cannot chmod", path, errno);
    }
    if (next == std::string_view::npos) return OkStatus();
    pos = next + 1;
  }
}

}  // namespace

Status ArtifactBuilder::AddDirectory(std::string_view path) {
  if (impl_->committed) return FailedPreconditionError("artifact builder already committed");
  GITOPS_RETURN_IF_ERROR(CheckEntryPath(path));
  if (!impl_->added.insert(std::string(path)).second) {
    return AlreadyExistsError("artifact entry '" + std::string(path) + "' was added twice");
  }
  return MakeDirs(impl_->tmp, path);
}

Status ArtifactBuilder::AddFile(std::string_view path, std::string_view content, bool executable) {
  if (impl_->committed) return FailedPreconditionError("artifact builder already committed");
  GITOPS_RETURN_IF_ERROR(CheckEntryPath(path));
  if (content.size() > kMaxUstarSize) {
    return LimitExceededError("file " + std::string(path) + " is 8 GiB or larger");
  }
  if (!impl_->added.insert(std::string(path)).second) {
    return AlreadyExistsError("artifact entry '" + std::string(path) + "' was added twice");
  }
  if (size_t slash = path.rfind('/'); slash != std::string_view::npos) {
    GITOPS_RETURN_IF_ERROR(MakeDirs(impl_->tmp, path.substr(0, slash)));
  }
  const std::string abs = impl_->tmp + "/" + std::string(path);
  const mode_t mode = executable ? kExeMode : kFileMode;
  int fd = open(abs.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return AlreadyExistsError("artifact entry '" + std::string(path) + "' exists as a directory");
    }
    return FsError("cannot create", abs, errno);
  }
  FdCloser closer{fd};
  if (fchmod(fd, mode) != 0) return FsError("cannot chmod", abs, errno);
  return WriteAll(fd, content.data(), content.size(), abs);
}

Result<WrittenArtifact> ArtifactBuilder::Commit() {
  if (impl_->committed) return FailedPreconditionError("artifact builder already committed");
  impl_->committed = true;
  const std::string gz = impl_->options.tarball ? impl_->tmp + ".tar.gz" : std::string();
  Result<Packaged> p = PackageDir(impl_->tmp, nullptr, "", gz);
  if (!p.ok()) {
    RemoveTree(impl_->tmp);
    if (!gz.empty()) unlink(gz.c_str());
    return p.status();
  }
  return Publish(impl_->options, impl_->tmp, gz, p->digest, p->stats);
}

// CopyInclude.

namespace {

// securejoin.SecureJoin: `unsafe` resolved inside `root`, `..` clamped at
// the root and symlinks followed with absolute targets taken as relative to
// the root. Returns the components below the root.
Result<std::vector<std::string>> SecureResolve(const std::string& root, std::string_view unsafe) {
  std::vector<std::string> resolved;
  std::vector<std::string> pending;
  auto push_parts = [&](std::string_view s) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= s.size()) {
      size_t pos = s.find('/', start);
      std::string_view seg = s.substr(start, pos == std::string_view::npos ? pos : pos - start);
      if (!seg.empty()) parts.emplace_back(seg);
      if (pos == std::string_view::npos) break;
      start = pos + 1;
    }
    pending.insert(pending.begin(), parts.begin(), parts.end());
  };
  push_parts(unsafe);
  int links = 0;
  while (!pending.empty()) {
    std::string seg = std::move(pending.front());
    pending.erase(pending.begin());
    if (seg == ".") continue;
    if (seg == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    resolved.push_back(seg);
    std::string path = root;
    for (const std::string& r : resolved) path += "/" + r;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) continue;
    if (++links > 255)
      return InvalidArgumentError("too many symlinks resolving '" + std::string(unsafe) + "'");
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = readlink(path.c_str(), target.data(), target.size());
    if (n < 0) return FsError("cannot read link", path, errno);
    target.resize(static_cast<size_t>(n));
    resolved.pop_back();
    if (!target.empty() && target[0] == '/') resolved.clear();
    push_parts(target);
  }
  return resolved;
}

std::string JoinParts(const std::string& root, const std::vector<std::string>& parts) {
  std::string out = root;
  for (const std::string& p : parts) out += "/" + p;
  return out;
}

Status CopyTree(const std::string& src, const std::string& dst) {
  struct stat st;
  if (lstat(src.c_str(), &st) != 0) return FsError("cannot stat", src, errno);
  if (S_ISDIR(st.st_mode)) {
    if (mkdir(dst.c_str(), kDirMode) != 0 && errno != EEXIST)
      return FsError("cannot create", dst, errno);
    if (chmod(dst.c_str(), kDirMode) != 0) return FsError("cannot chmod", dst, errno);
    GITOPS_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(src));
    for (const std::string& name : names) {
      GITOPS_RETURN_IF_ERROR(CopyTree(src + "/" + name, dst + "/" + name));
    }
    return OkStatus();
  }
  if (!S_ISREG(st.st_mode)) return OkStatus();
  const mode_t mode = (st.st_mode & 0111) != 0 ? kExeMode : kFileMode;
  int in = open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return FsError("cannot read", src, errno);
  FdCloser ic{in};
  int out = open(dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (out < 0) return FsError("cannot create", dst, errno);
  FdCloser oc{out};
  if (fchmod(out, mode) != 0) return FsError("cannot chmod", dst, errno);
  std::vector<char> buf(1 << 20);
  while (true) {
    ssize_t n = read(in, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FsError("cannot read", src, errno);
    }
    if (n == 0) break;
    GITOPS_RETURN_IF_ERROR(WriteAll(out, buf.data(), static_cast<size_t>(n), dst));
  }
  return OkStatus();
}

}  // namespace

Status CopyInclude(const fs::path& artifact_dir, std::string_view from_path,
                   const fs::path& dest_root, std::string_view to_path) {
  GITOPS_RETURN_IF_ERROR(CheckDir(artifact_dir, "included artifact"));
  GITOPS_RETURN_IF_ERROR(CheckDir(dest_root, "include destination"));
  const std::string aroot = artifact_dir.string();
  const std::string droot = dest_root.string();
  GITOPS_ASSIGN_OR_RETURN(std::vector<std::string> from, SecureResolve(aroot, from_path));
  GITOPS_ASSIGN_OR_RETURN(std::vector<std::string> to, SecureResolve(droot, to_path));
  if (to.empty()) {
    return InvalidArgumentError("include toPath '" + std::string(to_path) +
                                "' is the root of the repository");
  }
  const std::string src = JoinParts(aroot, from);
  const std::string dst = JoinParts(droot, to);
  struct stat sst;
  if (lstat(src.c_str(), &sst) != 0) {
    return NotFoundError("include fromPath '" + std::string(from_path) +
                         "' is not in the artifact " + aroot);
  }
  struct stat dst_st;
  if (lstat(dst.c_str(), &dst_st) == 0) {
    // Flux moves the copy into place with rename(2): an empty directory or,
    // for a file, a file is replaced; anything else is refused.
    bool replaceable = false;
    if (S_ISDIR(dst_st.st_mode) && S_ISDIR(sst.st_mode)) {
      Result<std::vector<std::string>> names = ListDir(dst);
      replaceable = names.ok() && names->empty();
    } else if (!S_ISDIR(dst_st.st_mode) && !S_ISDIR(sst.st_mode)) {
      replaceable = true;
    }
    if (!replaceable) {
      return AlreadyExistsError("include toPath '" + std::string(to_path) +
                                "' already exists in the repository");
    }
    if (S_ISDIR(dst_st.st_mode)) {
      rmdir(dst.c_str());
    } else {
      unlink(dst.c_str());
    }
  }
  for (size_t i = 0; i + 1 < to.size(); ++i) {
    std::vector<std::string> prefix(to.begin(), to.begin() + static_cast<long>(i) + 1);
    const std::string p = JoinParts(droot, prefix);
    if (mkdir(p.c_str(), kDirMode) != 0 && errno != EEXIST)
      return FsError("cannot create", p, errno);
  }
  return CopyTree(src, dst);
}

}  // namespace gitops::source
