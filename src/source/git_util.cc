// GitSource's helpers: libgit2 setup and errors, URLs, the cache lock and
// the tree checkout (see git_internal.h).
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "source/git_internal.h"

namespace gitops::source::git_internal {

namespace fs = std::filesystem;

void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // The cache's repositories belong to whoever runs gitops; a cache dir
    // owned by another user (a shared CI cache) is still ours to read.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    // Objects are hashed once, by the indexer, as a pack arrives (their ids
    // are those hashes); re-hashing every object read back from the cache
    // (libgit2's default, with collision-detecting SHA-1) was a tenth of
    // writing an artifact, and git itself never re-hashes on read. zlib's
    // own checksum still catches a damaged object.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string TransportUrl(std::string_view url) {
  if (url.find("://") != std::string_view::npos) return std::string(url);
  // scp-like "git@host:path" is not a local path.
  size_t colon = url.find(':');
  if (colon != std::string_view::npos && url.find('/') > colon) return std::string(url);
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(std::string(url)), ec);
  return ec ? std::string(url) : abs.lexically_normal().string();
}

Result<std::string> NormaliseUrl(std::string_view url) {
  if (url.empty()) return InvalidArgumentError("spec.url is empty");
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    size_t colon = url.find(':');
    if (colon != std::string_view::npos && url.find('/') > colon) {
      return InvalidArgumentError("URL \"" + RedactUrl(url) +
                                  "\": scp-like addresses are not accepted; use ssh://");
    }
    std::string path = TransportUrl(url);
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path.ends_with(".git")) path.resize(path.size() - 4);
    return "file://" + path;
  }
  std::string scheme = Lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https" && scheme != "ssh" && scheme != "file") {
    return InvalidArgumentError("URL \"" + RedactUrl(url) + "\": scheme \"" + scheme +
                                "\" is not supported (use https, http, ssh or file)");
  }
  std::string rest = RedactUrl(url).substr(scheme_end + 3);
  size_t slash = rest.find('/');
  std::string authority = Lower(rest.substr(0, slash));
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  auto drop_port = [&](std::string_view port) {
    if (authority.ends_with(port)) authority.resize(authority.size() - port.size());
  };
  if (scheme == "https") drop_port(":443");
  if (scheme == "http") drop_port(":80");
  if (scheme == "ssh") drop_port(":22");
  if (size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.ends_with(".git")) path.resize(path.size() - 4);
  return scheme + "://" + authority + path;
}

Status GitError(int rc, std::string_view what) {
  const git_error* e = git_error_last();
  std::string detail = e != nullptr && e->message != nullptr ? e->message : "libgit2 error";
  // libgit2 quotes URLs in its messages: strip any userinfo from them.
  for (size_t pos = 0; (pos = detail.find("://", pos)) != std::string::npos; pos += 3) {
    size_t host = pos + 3;
    size_t end = detail.find_first_of("/ '\"", host);
    if (end == std::string::npos) end = detail.size();
    size_t at = detail.rfind('@', end);
    if (at != std::string::npos && at >= host) detail.erase(host, at + 1 - host);
  }
  std::string message = std::string(what) + ": " + detail;
  int klass = e != nullptr ? e->klass : 0;
  switch (rc) {
    case GIT_ENOTFOUND:
      return NotFoundError(message);
    case GIT_EAUTH:
      return PermissionDeniedError(message);
    case GIT_ECERTIFICATE:
      return PermissionDeniedError(message);
    case GIT_EINVALIDSPEC:
    case GIT_EAMBIGUOUS:
      return InvalidArgumentError(message);
    default:
      break;
  }
  if (klass == GIT_ERROR_NET || klass == GIT_ERROR_SSL || klass == GIT_ERROR_SSH ||
      klass == GIT_ERROR_HTTP) {
    if (detail.find("401") != std::string::npos || detail.find("authentication") !=
                                                       std::string::npos) {
      return PermissionDeniedError(message);
    }
    return UnavailableError(message);
  }
  if (klass == GIT_ERROR_OS && (detail.find("No such file") != std::string::npos ||
                                detail.find("could not find repository") != std::string::npos)) {
    return NotFoundError(message);
  }
  if (klass == GIT_ERROR_REPOSITORY && detail.find("not found") != std::string::npos) {
    return NotFoundError(message);
  }
  return UnavailableError(message);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Result<std::unique_ptr<FileLock>> FileLock::Acquire(
    const std::string& path, std::chrono::steady_clock::time_point deadline,
    const std::function<bool()>& cancelled) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return UnavailableError("cannot open lock file " + path + ": " + std::strerror(errno));
  }
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd);
      return UnavailableError("cannot lock " + path + ": " + std::strerror(err));
    }
    if (cancelled && cancelled()) {
      ::close(fd);
      return CancelledError("fetch cancelled while waiting for the cache lock " + path);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return TimeoutError("timed out waiting for the cache lock " + path +
                          " (another fetch of the same URL holds it)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

void RemoveStaleLocks(const std::string& repo_dir) {
  std::error_code ec;
  for (const char* name : {"packed-refs.lock", "config.lock", "HEAD.lock", "shallow.lock",
                           "FETCH_HEAD.lock", "index.lock"}) {
    fs::remove(fs::path(repo_dir) / name, ec);
  }
  fs::path refs = fs::path(repo_dir) / "refs";
  if (!fs::exists(refs, ec)) return;
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(refs, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".lock") stale.push_back(it->path());
  }
  for (const fs::path& p : stale) fs::remove(p, ec);
}

namespace {

Status WriteFile(const std::string& path, const void* data, size_t size, bool executable) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0755 : 0644);
  if (fd < 0) return InternalError("cannot create " + path + ": " + std::strerror(errno));
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return InternalError("cannot write " + path + ": " + std::strerror(err));
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return InternalError("cannot write " + path + ": " + std::strerror(errno));
  return OkStatus();
}

Status WriteTree(git_repository* repo, const git_tree* tree, const std::string& dir,
                 const std::string& prefix, const CheckoutOptions& options) {
  size_t count = git_tree_entrycount(tree);
  for (size_t i = 0; i < count; ++i) {
    if (options.check_cancel) GITOPS_RETURN_IF_ERROR(options.check_cancel());
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    std::string name = git_tree_entry_name(entry);
    if (name == ".git" || name == "." || name == ".." || name.find('/') != std::string::npos) {
      continue;  // never valid in a checkout (git refuses them too)
    }
    std::string path = dir + "/" + name;
    std::string rel = prefix.empty() ? name : prefix + "/" + name;
    git_filemode_t mode = git_tree_entry_filemode(entry);
    switch (mode) {
      case GIT_FILEMODE_TREE: {
        git_tree* sub = nullptr;
        int rc = git_tree_lookup(&sub, repo, git_tree_entry_id(entry));
        if (rc < 0) return GitError(rc, "reading tree " + rel);
        TreePtr owned(sub);
        if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
          return InternalError("cannot create " + path + ": " + std::strerror(errno));
        }
        GITOPS_RETURN_IF_ERROR(WriteTree(repo, sub, path, rel, options));
        break;
      }
      case GIT_FILEMODE_BLOB:
      case GIT_FILEMODE_BLOB_EXECUTABLE:
      case GIT_FILEMODE_LINK: {
        git_blob* blob = nullptr;
        int rc = git_blob_lookup(&blob, repo, git_tree_entry_id(entry));
        if (rc < 0) return GitError(rc, "reading " + rel);
        BlobPtr owned(blob);
        const void* data = git_blob_rawcontent(blob);
        size_t size = static_cast<size_t>(git_blob_rawsize(blob));
        if (mode == GIT_FILEMODE_LINK) {
          std::string target(static_cast<const char*>(data), size);
          if (::symlink(target.c_str(), path.c_str()) != 0) {
            return InternalError("cannot create symlink " + path + ": " + std::strerror(errno));
          }
        } else {
          GITOPS_RETURN_IF_ERROR(
              WriteFile(path, data, size, mode == GIT_FILEMODE_BLOB_EXECUTABLE));
        }
        break;
      }
      case GIT_FILEMODE_COMMIT: {
        if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
          return InternalError("cannot create " + path + ": " + std::strerror(errno));
        }
        if (options.submodule) {
          GITOPS_RETURN_IF_ERROR(options.submodule(rel, *git_tree_entry_id(entry), path));
        }
        break;
      }
      default:
        break;
    }
  }
  return OkStatus();
}

}  // namespace

Status CheckoutTree(git_repository* repo, const git_tree* tree, const std::string& dir,
                    const CheckoutOptions& options) {
  if (options.sparse_dirs.empty()) return WriteTree(repo, tree, dir, "", options);
  for (std::string sparse : options.sparse_dirs) {
    while (sparse.starts_with("./")) sparse.erase(0, 2);
    while (!sparse.empty() && sparse.back() == '/') sparse.pop_back();
    if (sparse.empty() || sparse == ".") return WriteTree(repo, tree, dir, "", options);
    git_tree_entry* entry = nullptr;
    int rc = git_tree_entry_bypath(&entry, tree, sparse.c_str());
    if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
      git_tree_entry_free(entry);
      return NotFoundError("sparseCheckout directory \"" + sparse +
                           "\" is not a directory of the commit");
    }
    if (rc < 0) return GitError(rc, "looking up sparseCheckout directory " + sparse);
    git_tree* sub = nullptr;
    rc = git_tree_lookup(&sub, repo, git_tree_entry_id(entry));
    git_tree_entry_free(entry);
    if (rc < 0) return GitError(rc, "reading tree " + sparse);
    TreePtr owned(sub);
    std::error_code ec;
    fs::create_directories(fs::path(dir) / sparse, ec);
    if (ec) return InternalError("cannot create " + dir + "/" + sparse + ": " + ec.message());
    GITOPS_RETURN_IF_ERROR(WriteTree(repo, sub, dir + "/" + sparse, sparse, options));
  }
  return OkStatus();
}

}  // namespace gitops::source::git_internal
