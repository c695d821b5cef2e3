// recurseSubmodules: each gitlink's commit fetched into the submodule URL's
// own cache entry and its tree written in place (see git_internal.h).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "source/git_internal.h"
#include "source/transport.h"

namespace gitops::source::git_internal {

namespace fs = std::filesystem;

namespace {

// `rel` ("../lib.git", "./x") against the parent repository's URL, as git
// resolves a relative submodule URL.
std::string ResolveRelative(std::string base, std::string rel) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  while (true) {
    if (rel.starts_with("./")) {
      rel.erase(0, 2);
    } else if (rel.starts_with("../")) {
      rel.erase(0, 3);
      size_t slash = base.rfind('/');
      if (slash != std::string::npos) base.resize(slash);
    } else {
      break;
    }
  }
  return base + "/" + rel;
}

Result<std::string> SubmoduleUrl(git_repository* repo, const git_tree* tree,
                                 const std::string& parent_url, const std::string& path) {
  git_tree_entry* entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree, ".gitmodules") != 0) {
    return NotFoundError("submodule " + path + ": the commit has no .gitmodules");
  }
  git_blob* blob = nullptr;
  int rc = git_blob_lookup(&blob, repo, git_tree_entry_id(entry));
  git_tree_entry_free(entry);
  if (rc < 0) return GitError(rc, "reading .gitmodules");
  BlobPtr owned(blob);
  // libgit2 1.5 reads config only from files: write the blob to one.
  std::string tmp = (fs::temp_directory_path() / ("gitops-gitmodules-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(std::random_device{}())))
                        .string();
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(static_cast<const char*>(git_blob_rawcontent(blob)),
              static_cast<std::streamsize>(git_blob_rawsize(blob)));
  }
  git_config* cfg = nullptr;
  rc = git_config_open_ondisk(&cfg, tmp.c_str());
  std::string url;
  if (rc == 0) {
    git_config_iterator* it = nullptr;
    if (git_config_iterator_glob_new(&it, cfg, "^submodule\\..*\\.path$") == 0) {
      git_config_entry* e = nullptr;
      while (git_config_next(&e, it) == 0) {
        if (path == e->value) {
          std::string name = e->name;  // submodule.<name>.path
          name = name.substr(0, name.size() - 5) + ".url";
          git_config_entry* u = nullptr;
          if (git_config_get_entry(&u, cfg, name.c_str()) == 0) {
            url = u->value;
            git_config_entry_free(u);
          }
          break;
        }
      }
      git_config_iterator_free(it);
    }
    git_config_free(cfg);
  }
  std::error_code ec;
  fs::remove(tmp, ec);
  if (url.empty()) return NotFoundError("submodule " + path + ": no URL in .gitmodules");
  if (url.starts_with("./") || url.starts_with("../")) url = ResolveRelative(parent_url, url);
  return url;
}

}  // namespace

Status CheckoutSubmodule(git_repository* repo, const git_tree* parent_tree,
                         const std::string& parent_url, const std::string& path,
                         const git_oid& oid, const std::string& dir, const std::string& cache_dir,
                         const std::function<Status()>& check_cancel,
                         const TransportSettings& transport, int depth) {
  if (depth > 8) return LimitExceededError("submodule " + path + ": nested more than 8 deep");
  GITOPS_ASSIGN_OR_RETURN(std::string url, SubmoduleUrl(repo, parent_tree, parent_url, path));
  GITOPS_ASSIGN_OR_RETURN(std::string key, NormaliseUrl(url));
  std::string hash = Sha256Hex(key).substr(0, 32);
  auto deadline = std::chrono::steady_clock::now() + transport.timeout;
  GITOPS_ASSIGN_OR_RETURN(
      std::unique_ptr<FileLock> lock,
      FileLock::Acquire(cache_dir + "/" + hash + ".lock", deadline,
                        [&] { return check_cancel && !check_cancel().ok(); }));
  std::string repo_dir = cache_dir + "/" + hash + ".git";
  RemoveStaleLocks(repo_dir);
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, repo_dir.c_str()) != 0) {
    std::error_code ec;
    fs::remove_all(repo_dir, ec);
    int rc = git_repository_init(&raw, repo_dir.c_str(), 1);
    if (rc < 0) return GitError(rc, "creating the cache repository " + repo_dir);
  }
  RepoPtr sub(raw);
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, sub.get(), &oid) != 0) {
    git_remote* remote = nullptr;
    int rc = git_remote_create_anonymous(&remote, sub.get(), TransportUrl(url).c_str());
    if (rc < 0) return GitError(rc, "submodule " + path + " URL " + RedactUrl(url));
    RemotePtr owned_remote(remote);
    RemoteTransport remote_transport(transport);
    git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
    GITOPS_RETURN_IF_ERROR(remote_transport.Configure(&fo.callbacks));
    fo.update_fetchhead = 0;
    fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    const char* specs[] = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
    git_strarray array{const_cast<char**>(specs), 2};
    rc = git_remote_fetch(remote, &array, &fo, "gitops fetch");
    if (rc < 0) {
      return remote_transport.ToStatus(rc, RedactUrl(url)).WithContext("submodule " + path);
    }
    rc = git_commit_lookup(&commit, sub.get(), &oid);
    if (rc < 0) {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr(hex, sizeof hex, &oid);
      return NotFoundError("submodule " + path + ": commit " + hex + " not found in " +
                           RedactUrl(url));
    }
  }
  CommitPtr owned_commit(commit);
  git_tree* tree = nullptr;
  int rc = git_commit_tree(&tree, commit);
  if (rc < 0) return GitError(rc, "reading submodule " + path);
  TreePtr owned_tree(tree);
  lock.reset();  // objects are immutable once there; the checkout needs no lock
  CheckoutOptions co;
  co.check_cancel = check_cancel;
  co.submodule = [&](const std::string& p, const git_oid& o, const std::string& d) {
    return CheckoutSubmodule(sub.get(), tree, url, p, o, d, cache_dir, check_cancel, transport,
                             depth + 1);
  };
  return CheckoutTree(sub.get(), tree, dir, co);
}

}  // namespace gitops::source::git_internal
