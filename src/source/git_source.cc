// GitSource::Fetch: connect (with mirror failover), list the remote refs,
// resolve the ref as Flux does, return the recorded artifact when nothing
// changed, otherwise fetch what is missing into the cached bare repository
// and write the commit's tree as a new artifact.
#include <git2.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/value.h"
#include "gitops/source/git.h"
#if __has_include("gitops/source/semver.h")
#include "gitops/source/semver.h"
#define GITOPS_HAVE_SEMVER 1
#endif
#include "source/git_internal.h"
#include "source/git_package.h"
#include "source/transport.h"

namespace gitops::source {

namespace fs = std::filesystem;
using namespace git_internal;  // NOLINT(build/namespaces): this file's own helpers

namespace {

using Clock = std::chrono::steady_clock;

// What a fetch is asked for, from the spec and the options.
struct Request {
  std::vector<std::string> urls;  // the spec's first, then mirrors
  std::string branch, tag, semver, name, commit;
  PackageSettings package;
  bool recurse_submodules = false;
  bool verify = false;
  std::chrono::milliseconds timeout{60000};
};

std::string DefaultCacheRoot() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/gitops";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.cache/gitops";
  }
  return "/tmp/gitops-cache";
}

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

struct RemoteRef {
  std::string name;
  git_oid oid;
};

// The remote's refs: name -> oid, and the peeled commit of annotated tags
// (the "^{}" entries).
struct RemoteRefs {
  std::map<std::string, git_oid> refs;
  std::map<std::string, git_oid> peeled;
  std::string head_target;  // the branch HEAD names ("refs/heads/main"), if known

  const git_oid* Find(const std::string& name) const {
    auto it = refs.find(name);
    return it == refs.end() ? nullptr : &it->second;
  }
  // The commit a ref ends at, as far as the listing tells.
  const git_oid* Peeled(const std::string& name) const {
    auto it = peeled.find(name);
    return it != peeled.end() ? &it->second : Find(name);
  }
};

// The ref a request resolved to on the remote.
struct Target {
  std::string ref;           // full ref name; empty for a commit alone
  std::string display;       // what goes before "@sha1:" in the revision; empty for none
  std::optional<git_oid> remote_oid;  // what the ref pointed at (maybe a tag object)
  std::vector<std::string> refspecs;  // what to download when objects are missing
  std::vector<std::string> prune_prefixes;  // local namespaces mirrored whole
  bool need_all_tags = false;               // semver: every tag's commit time
};

Result<Target> Resolve(const Request& req, const RemoteRefs& remote, bool use_remote_head,
                       const std::string& url) {
  Target t;
  auto branch_ref = [](const std::string& b) { return "refs/heads/" + b; };
  auto need = [&](const std::string& ref, std::string_view kind,
                  std::string_view value) -> Status {
    if (remote.Find(ref) == nullptr) {
      if (remote.refs.empty()) {
        return NotFoundError("repository " + url + " is empty: " + std::string(kind) + " '" +
                             std::string(value) + "' not found");
      }
      return NotFoundError(std::string(kind) + " '" + std::string(value) + "' not found in " +
                           url);
    }
    return OkStatus();
  };
  if (!req.commit.empty()) {
    if (!req.branch.empty()) {
      t.ref = branch_ref(req.branch);
      GITOPS_RETURN_IF_ERROR(need(t.ref, "branch", req.branch));
      t.display = req.branch;
      t.remote_oid = *remote.Find(t.ref);
      t.refspecs = {"+" + t.ref + ":" + t.ref};
    } else {
      if (remote.refs.empty()) {
        return NotFoundError("repository " + url + " is empty: commit '" + req.commit +
                             "' not found");
      }
      t.refspecs = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
      t.prune_prefixes = {"refs/heads/", "refs/tags/"};
    }
    return t;
  }
  if (!req.name.empty()) {
    t.ref = req.name;
    GITOPS_RETURN_IF_ERROR(need(t.ref, "ref", req.name));
    t.display = req.name;  // Flux advertises the absolute reference for a name
    t.remote_oid = *remote.Find(t.ref);
    t.refspecs = {"+" + t.ref + ":" + t.ref};
    return t;
  }
  if (!req.semver.empty()) {
#ifdef GITOPS_HAVE_SEMVER
    // Parsed here for its error; the match needs the tags' commit times.
    GITOPS_RETURN_IF_ERROR(SemverConstraint::Parse(req.semver).status());
#else
    return UnimplementedError("spec.ref.semver needs semver.h, which is not in this build");
#endif
    t.need_all_tags = true;
    t.refspecs = {"+refs/tags/*:refs/tags/*"};
    t.prune_prefixes = {"refs/tags/"};
    bool any = false;
    for (const auto& [name, oid] : remote.refs) any |= name.starts_with("refs/tags/");
    if (!any) return NotFoundError("no match found for semver: " + req.semver + " (no tags in " + url + ")");
    return t;  // ref and display are chosen after the tags are fetched
  }
  if (!req.tag.empty()) {
    t.ref = "refs/tags/" + req.tag;
    GITOPS_RETURN_IF_ERROR(need(t.ref, "tag", req.tag));
    t.display = req.tag;
    t.remote_oid = *remote.Find(t.ref);
    t.refspecs = {"+" + t.ref + ":" + t.ref};
    return t;
  }
  std::string branch = req.branch;
  if (branch.empty()) {
    if (use_remote_head) {
      if (remote.head_target.empty() || !remote.head_target.starts_with("refs/heads/")) {
        if (remote.refs.empty()) return NotFoundError("repository " + url + " is empty");
        return NotFoundError("the remote HEAD of " + url + " names no branch");
      }
      branch = remote.head_target.substr(std::string_view("refs/heads/").size());
    } else {
      branch = "master";
    }
  }
  t.ref = branch_ref(branch);
  GITOPS_RETURN_IF_ERROR(need(t.ref, "branch", branch));
  t.display = branch;
  t.remote_oid = *remote.Find(t.ref);
  t.refspecs = {"+" + t.ref + ":" + t.ref};
  return t;
}

GitSignature SignatureOf(const git_signature* s) {
  GitSignature out;
  if (s == nullptr) return out;
  out.name = s->name ? s->name : "";
  out.email = s->email ? s->email : "";
  out.time = s->when.time;
  out.offset_minutes = s->when.offset;
  return out;
}

// ---- the no-op record ------------------------------------------------------

// One record per (URL, ref request, content settings) in the artifacts
// folder: what the ref pointed at and the artifact made from it.
Value ArtifactToValue(const Artifact& a, const std::string& remote_oid, const std::string& tree) {
  auto sig = [](const GitSignature& s) {
    Value v = Value::Object();
    v.Set("name", Value(s.name));
    v.Set("email", Value(s.email));
    v.Set("time", Value(static_cast<long long>(s.time)));
    v.Set("offset", Value(static_cast<long long>(s.offset_minutes)));
    return v;
  };
  Value c = Value::Object();
  c.Set("sha", Value(a.commit.sha));
  c.Set("author", sig(a.commit.author));
  c.Set("committer", sig(a.commit.committer));
  c.Set("message", Value(a.commit.message));
  c.Set("time", Value(static_cast<long long>(a.commit.time)));
  c.Set("signature", Value(a.commit.signature));
  c.Set("signed_data", Value(a.commit.signed_data));
  c.Set("annotated_tag", Value(a.commit.annotated_tag));
  c.Set("tag_signature", Value(a.commit.tag_signature));
  c.Set("tag_signed_data", Value(a.commit.tag_signed_data));
  Value v = Value::Object();
  v.Set("remote_oid", Value(remote_oid));
  // The tree the artifact was written from by WriteGitArtifact, whose
  // unchanged files the next artifact may hard-link; empty otherwise.
  v.Set("tree", Value(tree));
  v.Set("path", Value(a.path));
  v.Set("digest", Value(a.digest));
  v.Set("revision", Value(a.revision));
  v.Set("url", Value(a.url));
  v.Set("tarball", Value(a.tarball));
  v.Set("commit", std::move(c));
  return v;
}

std::optional<Artifact> ArtifactFromValue(const Value& v, std::string* remote_oid,
                                          std::string* tree) {
  auto str = [](const Value& o, std::string_view key) -> std::string {
    const Value* f = o.Find(key);
    return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  auto num = [](const Value& o, std::string_view key) -> int64_t {
    const Value* f = o.Find(key);
    return f != nullptr && f->is_integer() ? f->as_int() : 0;
  };
  if (!v.is_object()) return std::nullopt;
  const Value* c = v.Find("commit");
  if (c == nullptr || !c->is_object()) return std::nullopt;
  auto sig = [&](std::string_view key) {
    GitSignature s;
    if (const Value* o = c->Find(key); o != nullptr && o->is_object()) {
      s.name = str(*o, "name");
      s.email = str(*o, "email");
      s.time = num(*o, "time");
      s.offset_minutes = static_cast<int>(num(*o, "offset"));
    }
    return s;
  };
  Artifact a;
  *remote_oid = str(v, "remote_oid");
  *tree = str(v, "tree");
  a.path = str(v, "path");
  a.digest = str(v, "digest");
  a.revision = str(v, "revision");
  a.url = str(v, "url");
  a.tarball = str(v, "tarball");
  a.commit.sha = str(*c, "sha");
  a.commit.author = sig("author");
  a.commit.committer = sig("committer");
  a.commit.message = str(*c, "message");
  a.commit.time = num(*c, "time");
  a.commit.signature = str(*c, "signature");
  a.commit.signed_data = str(*c, "signed_data");
  const Value* at = c->Find("annotated_tag");
  a.commit.annotated_tag = at != nullptr && at->is_bool() && at->as_bool();
  a.commit.tag_signature = str(*c, "tag_signature");
  a.commit.tag_signed_data = str(*c, "tag_signed_data");
  return a;
}

std::optional<Artifact> ReadRecord(const std::string& path, std::string* remote_oid,
                                   std::string* tree) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Value> v = ReadJson(ss.str());
  if (!v.ok()) return std::nullopt;
  return ArtifactFromValue(*v, remote_oid, tree);
}

void WriteRecord(const std::string& path, const Artifact& a, const std::string& remote_oid,
                 const std::string& tree) {
  Result<std::string> text = WriteJson(ArtifactToValue(a, remote_oid, tree));
  if (!text.ok()) return;
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << *text;
    if (!out) return;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
}

// ---- the cached repository -------------------------------------------------

Result<RepoPtr> OpenCache(const std::string& dir) {
  git_repository* repo = nullptr;
  int rc = git_repository_open_bare(&repo, dir.c_str());
  if (rc == 0) return RepoPtr(repo);
  // Missing, or not a repository any more (a disk full at creation): start over.
  std::error_code ec;
  fs::remove_all(dir, ec);
  rc = git_repository_init(&repo, dir.c_str(), /*is_bare=*/1);
  if (rc < 0) return GitError(rc, "creating the cache repository " + dir);
  return RepoPtr(repo);
}

// Deletes local refs under `prefixes` that the remote no longer has (a
// deleted tag must not be served from the cache).
void Prune(git_repository* repo, const RemoteRefs& remote,
           const std::vector<std::string>& prefixes) {
  git_reference_iterator* it = nullptr;
  if (git_reference_iterator_new(&it, repo) < 0) return;
  std::vector<std::string> stale;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it) == 0) {
    std::string name = git_reference_name(ref);
    git_reference_free(ref);
    for (const std::string& p : prefixes) {
      if (name.starts_with(p) && remote.Find(name) == nullptr) stale.push_back(name);
    }
  }
  git_reference_iterator_free(it);
  for (const std::string& name : stale) git_reference_remove(repo, name.c_str());
}

Result<CommitPtr> PeelToCommit(git_repository* repo, const git_oid& oid, const std::string& what) {
  git_object* obj = nullptr;
  int rc = git_object_lookup(&obj, repo, &oid, GIT_OBJECT_ANY);
  if (rc < 0) return GitError(rc, "looking up " + what);
  ObjectPtr owned(obj);
  git_object* peeled = nullptr;
  rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
  if (rc < 0) return GitError(rc, what + " does not point at a commit");
  return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

class Fetcher {
 public:
  Fetcher(const Request& req, const GitCredentials& creds, const GitFetchOptions& options,
          std::string cache_dir, std::string out_dir)
      : req_(req), creds_(creds), options_(options), cache_dir_(std::move(cache_dir)),
        out_dir_(std::move(out_dir)) {}

  Result<Artifact> Run();

 private:
  Status CheckCancel() const {
    if (options_.cancel != nullptr && options_.cancel->cancelled()) {
      return CancelledError("fetch of " + RedactUrl(req_.urls.front()) + " cancelled");
    }
    return OkStatus();
  }
  TransportSettings Settings() const {
    TransportSettings t;
    t.credentials = creds_;
    t.proxy = options_.proxy;
    t.timeout = req_.timeout;
    t.cancel = options_.cancel != nullptr ? options_.cancel->flag() : nullptr;
    if (options_.progress) {
      t.progress = [this](const git_indexer_progress& stats) {
        GitFetchProgress p;
        p.total_objects = stats.total_objects;
        p.received_objects = stats.received_objects;
        p.indexed_objects = stats.indexed_objects;
        p.received_bytes = stats.received_bytes;
        options_.progress(p);
        return options_.cancel == nullptr || !options_.cancel->cancelled();
      };
    }
    return t;
  }
  Status Connect(git_repository* repo, RemotePtr* remote, RemoteRefs* refs, std::string* served);
  Status Download(git_remote* remote, const Target& target);
  Artifact Describe(git_repository* repo, git_commit* commit, const Target& target,
                    const std::string& served, git_tag* tag) const;
  Status WriteTree(git_repository* repo, git_commit* commit, const std::string& served,
                   Artifact* artifact);

  // The artifact the same record named before this fetch, whose unchanged
  // files a new one hard-links (WriteGitArtifact), and the tree it was
  // written from; the tree written by this fetch's WriteGitArtifact.
  std::string previous_path_;
  std::optional<git_oid> previous_tree_;
  std::string written_tree_;

  const Request& req_;
  const GitCredentials& creds_;
  const GitFetchOptions& options_;
  // The transport of the connected remote: it serves the listing and the
  // download on one connection, so it lives until the remote disconnects.
  std::unique_ptr<RemoteTransport> transport_;
  std::string cache_dir_;
  std::string out_dir_;
};

Status Fetcher::Connect(git_repository* repo, RemotePtr* remote_out, RemoteRefs* refs,
                        std::string* served) {
  Status last;
  std::vector<std::string> tried;
  for (const std::string& url : req_.urls) {
    GITOPS_RETURN_IF_ERROR(CheckCancel());
    std::string shown = RedactUrl(url);
    git_remote* raw = nullptr;
    int rc = git_remote_create_anonymous(&raw, repo, TransportUrl(url).c_str());
    if (rc < 0) return GitError(rc, "URL " + shown);
    RemotePtr remote(raw);
    auto transport = std::make_unique<RemoteTransport>(Settings());
    git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
    GITOPS_RETURN_IF_ERROR(transport->Configure(&cb));
    rc = git_remote_connect(raw, GIT_DIRECTION_FETCH, &cb, nullptr, nullptr);
    if (rc < 0) {
      Status s = transport->ToStatus(rc, shown);
      // The local transport (file://, paths) reports through libgit2's own
      // error classes: a missing repository is NotFound there.
      if (TransportUrl(url).starts_with("/") || url.starts_with("file://")) {
        if (s.code() != Code::kCancelled && s.code() != Code::kTimeout) {
          s = GitError(rc, "connecting to " + shown);
        }
      }
      if (s.code() == Code::kCancelled) return s;
      tried.push_back(shown);
      // A missing local repository and an unreachable host both mean this
      // URL cannot serve; anything else (authentication) is the answer.
      if (s.code() == Code::kUnavailable || s.code() == Code::kTimeout ||
          s.code() == Code::kNotFound) {
        last = s;
        continue;
      }
      return s;
    }
    transport_ = std::move(transport);
    const git_remote_head** heads = nullptr;
    size_t count = 0;
    rc = git_remote_ls(&heads, &count, raw);
    if (rc < 0) return GitError(rc, "listing the refs of " + shown);
    refs->refs.clear();
    refs->peeled.clear();
    for (size_t i = 0; i < count; ++i) {
      std::string name = heads[i]->name;
      if (name == "HEAD") {
        if (heads[i]->symref_target != nullptr) refs->head_target = heads[i]->symref_target;
        continue;
      }
      if (name.ends_with("^{}")) {
        refs->peeled[name.substr(0, name.size() - 3)] = heads[i]->oid;
      } else {
        refs->refs[name] = heads[i]->oid;
      }
    }
    if (refs->head_target.empty()) {
      Buf head;
      if (git_remote_default_branch(&head.buf, raw) == 0) refs->head_target = head.str();
    }
    *served = url;
    *remote_out = std::move(remote);
    return OkStatus();
  }
  if (tried.size() == 1) return last;
  std::string list;
  for (const std::string& t : tried) list += (list.empty() ? "" : ", ") + t;
  return Status(last.code(), "no URL could be reached (" + list + "); last: " + last.message());
}

namespace {

// For a local remote (file://, a path), links the source repository's pack
// files and loose objects into the cache's object store, as `git clone
// --local` does, copying where a link cannot be made (another file system).
// libgit2 1.5's local transport otherwise builds a pack in-process, walking
// the whole tree of every commit it sends (a minute for 5,000 commits of
// 20,000 files); with the objects present it skips every commit the cache
// has. Best effort: anything not linked is fetched as before. Git objects
// are immutable, so a shared inode is never written through. Returns what
// it placed, as progress: objects (those in each pack's index, and loose
// ones) and bytes.
GitFetchProgress LinkLocalObjects(git_repository* cache, const std::string& url) {
  GitFetchProgress placed;
  std::string path = TransportUrl(url);
  if (path.starts_with("file://")) path = path.substr(7);
  if (!path.starts_with("/")) return placed;
  git_repository* source = nullptr;
  if (git_repository_open_ext(&source, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return placed;
  }
  fs::path from = fs::path(git_repository_commondir(source)) / "objects";
  fs::path to = fs::path(git_repository_commondir(cache)) / "objects";
  git_repository_free(source);
  std::error_code ec;
  if (fs::equivalent(from, to, ec)) return placed;
  auto place = [&placed](const fs::path& src, const fs::path& dst) {
    std::error_code e;
    if (fs::exists(dst, e)) return true;
    if (::link(src.c_str(), dst.c_str()) != 0 && !fs::copy_file(src, dst, e)) return false;
    uintmax_t size = fs::file_size(dst, e);
    if (!e) placed.received_bytes += size;
    return true;
  };
  // A version 2 index ends its fan-out table with the pack's object count.
  auto indexed = [](const fs::path& idx) -> uint64_t {
    std::ifstream in(idx, std::ios::binary);
    unsigned char b[1032] = {};
    if (!in.read(reinterpret_cast<char*>(b), sizeof b) || b[0] != 0xff || b[1] != 't') return 0;
    return (uint64_t{b[1028]} << 24) | (uint64_t{b[1029]} << 16) | (uint64_t{b[1030]} << 8) |
           b[1031];
  };
  // A pack counts once its index is there: the pack first, then the index.
  for (const auto& entry : fs::directory_iterator(from / "pack", ec)) {
    const fs::path& pack = entry.path();
    if (pack.extension() != ".pack") continue;
    fs::path idx = fs::path(pack).replace_extension(".idx");
    fs::path dst = to / "pack" / pack.filename();
    if (!fs::exists(idx, ec) || fs::exists(to / "pack" / idx.filename(), ec)) continue;
    fs::create_directories(to / "pack", ec);
    if (!place(pack, dst) || !place(idx, to / "pack" / idx.filename())) return placed;
    placed.received_objects += indexed(idx);
  }
  for (const auto& dir : fs::directory_iterator(from, ec)) {
    std::string name = dir.path().filename().string();
    if (name.size() != 2 || !std::isxdigit(static_cast<unsigned char>(name[0])) ||
        !std::isxdigit(static_cast<unsigned char>(name[1]))) {
      continue;
    }
    std::error_code e;
    fs::create_directories(to / name, e);
    for (const auto& object : fs::directory_iterator(dir.path(), e)) {
      std::string rest = object.path().filename().string();
      // Git's and libgit2's temporary files (tmp_obj_*) are not objects.
      if (!std::all_of(rest.begin(), rest.end(),
                       [](unsigned char c) { return std::isxdigit(c) != 0; })) {
        continue;
      }
      if (!place(object.path(), to / name / rest)) return placed;
      ++placed.received_objects;
    }
  }
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, cache) == 0) {
    git_odb_refresh(odb);
    git_odb_free(odb);
  }
  placed.total_objects = placed.indexed_objects = placed.received_objects;
  return placed;
}

}  // namespace

Status Fetcher::Download(git_remote* remote, const Target& target) {
  std::string url = git_remote_url(remote);
  if (options_.link_local_objects && (url.starts_with("/") || url.starts_with("file://"))) {
    GitFetchProgress placed = LinkLocalObjects(git_remote_owner(remote), url);
    if (placed.received_objects > 0 && options_.progress) options_.progress(placed);
    GITOPS_RETURN_IF_ERROR(CheckCancel());
  }
  git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
  GITOPS_RETURN_IF_ERROR(transport_->Configure(&fo.callbacks));
  fo.prune = GIT_FETCH_NO_PRUNE;  // pruned by us, against the listing
  fo.update_fetchhead = 0;
  fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  std::vector<char*> specs;
  for (const std::string& s : target.refspecs) specs.push_back(const_cast<char*>(s.c_str()));
  git_strarray array{specs.data(), specs.size()};
  std::string shown = RedactUrl(git_remote_url(remote));
  int rc = git_remote_download(remote, &array, &fo);
  if (rc < 0) return transport_->ToStatus(rc, shown);
  rc = git_remote_update_tips(remote, &fo.callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE,
                              "gitops fetch");
  if (rc < 0) return transport_->ToStatus(rc, shown).WithContext("updating refs");
  return OkStatus();
}

// The settings that change an artifact's content besides the commit.
std::string SettingsKey(const Request& req, const GitFetchOptions& options) {
  std::string key = "v1\n";
  key += "ignore:" + (req.package.ignore ? "1" + *req.package.ignore : std::string("0")) + "\n";
  for (const std::string& d : req.package.sparse_dirs) key += "sparse:" + d + "\n";
  for (const PackageInclude& inc : req.package.includes) {
    key += "include:" + inc.from_path + ">" + inc.to_path + "@" + inc.artifact_digest + "\n";
  }
  key += std::string("submodules:") + (req.recurse_submodules ? "1" : "0") + "\n";
  key += std::string("verify:") + (req.verify ? "1" : "0") + "\n";
  key += std::string("tarball:") + (options.tarball ? "1" : "0") + "\n";
  key += "ref:" + req.branch + "|" + req.tag + "|" + req.semver + "|" + req.name + "|" +
         req.commit + "|" + (options.use_remote_head ? "head" : "") + "\n";
  return key;
}

Result<Artifact> Fetcher::Run() {
  GITOPS_ASSIGN_OR_RETURN(std::string key_url, NormaliseUrl(req_.urls.front()));
  for (size_t i = 1; i < req_.urls.size(); ++i) {
    GITOPS_RETURN_IF_ERROR(NormaliseUrl(req_.urls[i]).status());
  }
  // keep counts every tree of out_dir: the default gives each repository
  // and settings (what the no-op record is keyed on) a folder of its own, as
  // source-controller stores each GitRepository's artifacts apart, so one
  // repository's fetches never collect another's current artifact.
  const std::string record_key = Sha256Hex(key_url + "\n" + SettingsKey(req_, options_));
  if (options_.out_dir.empty()) out_dir_ += "/" + record_key.substr(0, 32);
  std::error_code ec;
  fs::create_directories(cache_dir_, ec);
  if (ec) return UnavailableError("cannot create the cache folder " + cache_dir_ + ": " + ec.message());
  if (!options_.cache_only) {  // cache_only writes nothing into the artifacts folder
    fs::create_directories(out_dir_ + "/.records", ec);
    if (ec) return UnavailableError("cannot create the artifacts folder " + out_dir_ + ": " + ec.message());
  }

  std::string url_hash = Sha256Hex(key_url).substr(0, 32);
  std::string repo_dir = cache_dir_ + "/" + url_hash + ".git";
  GITOPS_ASSIGN_OR_RETURN(
      std::unique_ptr<FileLock> lock,
      FileLock::Acquire(cache_dir_ + "/" + url_hash + ".lock", Clock::now() + req_.timeout,
                        [this] { return !CheckCancel().ok(); }));
  RemoveStaleLocks(repo_dir);
  GITOPS_ASSIGN_OR_RETURN(RepoPtr repo, OpenCache(repo_dir));

  RemotePtr remote;
  RemoteRefs refs;
  std::string served;
  GITOPS_RETURN_IF_ERROR(Connect(repo.get(), &remote, &refs, &served));
  std::string shown = RedactUrl(served);
  GITOPS_ASSIGN_OR_RETURN(Target target,
                          Resolve(req_, refs, options_.use_remote_head, RedactUrl(req_.urls.front())));

  // The no-op check: the same ref at the same object with the same
  // settings gives the recorded artifact, if its folder is still there.
  std::string record_path = out_dir_ + "/.records/" + record_key + ".json";
  std::string remote_oid_hex;
  if (target.remote_oid) {
    remote_oid_hex = OidHex(*target.remote_oid);
  } else if (target.need_all_tags) {
    // semver: the choice depends on every tag; key on the whole tag list.
    std::string all;
    for (const auto& [name, oid] : refs.refs) {
      if (name.starts_with("refs/tags/")) all += name + " " + OidHex(oid) + "\n";
    }
    remote_oid_hex = "tags:" + Sha256Hex(all);
  } else {
    remote_oid_hex = "commit:" + req_.commit;
  }
  if (!options_.cache_only) {
    std::string recorded_oid, recorded_tree;
    std::optional<Artifact> recorded = ReadRecord(record_path, &recorded_oid, &recorded_tree);
    if (recorded && !recorded->path.empty() && fs::is_directory(recorded->path, ec)) {
      if (recorded_oid == remote_oid_hex) {
        recorded->url = shown;
        return *recorded;
      }
      git_oid tree_oid;
      if (recorded_tree.size() == GIT_OID_HEXSZ &&
          git_oid_fromstr(&tree_oid, recorded_tree.c_str()) == 0) {
        previous_path_ = recorded->path;
        previous_tree_ = tree_oid;
      }
    }
  }

  // Fetch what the cache lacks.
  bool missing = true;
  if (target.remote_oid) {
    git_odb* odb = nullptr;
    if (git_repository_odb(&odb, repo.get()) == 0) {
      missing = !git_odb_exists(odb, &*target.remote_oid);
      git_odb_free(odb);
    }
  } else if (!target.need_all_tags && !req_.commit.empty()) {
    git_oid oid;
    git_object* obj = nullptr;
    if (git_oid_fromstrn(&oid, req_.commit.c_str(), req_.commit.size()) == 0 &&
        git_object_lookup_prefix(&obj, repo.get(), &oid, req_.commit.size(), GIT_OBJECT_COMMIT) == 0) {
      missing = false;
      git_object_free(obj);
    }
  }
  if (missing || target.need_all_tags) {
    GITOPS_RETURN_IF_ERROR(Download(remote.get(), target));
  } else if (!target.ref.empty()) {
    // Objects are here (a tag moved back, a branch reset): point the ref.
    git_reference* ref = nullptr;
    if (git_reference_create(&ref, repo.get(), target.ref.c_str(), &*target.remote_oid, 1,
                             "gitops fetch") == 0) {
      git_reference_free(ref);
    }
  }
  Prune(repo.get(), refs, target.prune_prefixes);
  git_remote_disconnect(remote.get());
  GITOPS_RETURN_IF_ERROR(CheckCancel());

  // The commit.
  CommitPtr commit;
  TagPtr tag;
  if (target.need_all_tags) {
#ifdef GITOPS_HAVE_SEMVER
    std::vector<TagCandidate> tags;
    for (const auto& [name, oid] : refs.refs) {
      if (!name.starts_with("refs/tags/")) continue;
      Result<CommitPtr> c = PeelToCommit(repo.get(), oid, "tag " + name.substr(10));
      if (!c.ok()) continue;  // a tag of a tree or blob is no version
      tags.push_back({name.substr(10), git_commit_time(c->get())});
    }
    GITOPS_ASSIGN_OR_RETURN(std::optional<std::string> best, HighestMatchingTag(tags, req_.semver));
    if (!best) return NotFoundError("no match found for semver: " + req_.semver);
    target.ref = "refs/tags/" + *best;
    target.display = *best;
    target.remote_oid = *refs.Find(target.ref);
#endif
  }
  if (!req_.commit.empty()) {
    git_oid oid;
    if (req_.commit.size() < 4 || req_.commit.size() > GIT_OID_HEXSZ ||
        git_oid_fromstrn(&oid, req_.commit.c_str(), req_.commit.size()) < 0) {
      return InvalidArgumentError("spec.ref.commit \"" + req_.commit + "\" is not a commit SHA");
    }
    git_object* obj = nullptr;
    int rc = git_object_lookup_prefix(&obj, repo.get(), &oid, req_.commit.size(), GIT_OBJECT_COMMIT);
    if (rc < 0) {
      return NotFoundError("commit '" + req_.commit + "' not found in " + shown +
                           (target.ref.empty() ? "" : " on branch '" + target.display + "'"));
    }
    commit.reset(reinterpret_cast<git_commit*>(obj));
    if (!target.ref.empty()) {
      const git_oid* tip = &*target.remote_oid;
      if (!git_oid_equal(tip, git_commit_id(commit.get())) &&
          git_graph_descendant_of(repo.get(), tip, git_commit_id(commit.get())) != 1) {
        return NotFoundError("commit '" + req_.commit + "' is not on branch '" + target.display +
                             "' of " + shown);
      }
    }
  } else {
    GITOPS_ASSIGN_OR_RETURN(commit, PeelToCommit(repo.get(), *target.remote_oid, target.ref));
    git_object* obj = nullptr;
    if (git_object_lookup(&obj, repo.get(), &*target.remote_oid, GIT_OBJECT_TAG) == 0) {
      tag.reset(reinterpret_cast<git_tag*>(obj));
    }
  }
  Artifact artifact = Describe(repo.get(), commit.get(), target, served, tag.get());
  if (options_.cache_only) return artifact;
  GITOPS_RETURN_IF_ERROR(WriteTree(repo.get(), commit.get(), served, &artifact));
  WriteRecord(record_path, artifact, remote_oid_hex, written_tree_);
  return artifact;
}

Artifact Fetcher::Describe(git_repository* repo, git_commit* commit, const Target& target,
                           const std::string& served, git_tag* tag) const {
  Artifact a;
  const git_oid* id = git_commit_id(commit);
  a.commit.sha = OidHex(*id);
  a.commit.author = SignatureOf(git_commit_author(commit));
  a.commit.committer = SignatureOf(git_commit_committer(commit));
  a.commit.message = git_commit_message_raw(commit) ? git_commit_message_raw(commit) : "";
  a.commit.time = git_commit_time(commit);
  a.revision = (target.display.empty() ? "" : target.display + "@") + "sha1:" + a.commit.sha;
  a.url = RedactUrl(served);
  if (req_.verify) {
    Buf sig, data;
    git_oid oid = *id;
    if (git_commit_extract_signature(&sig.buf, &data.buf, repo, &oid, nullptr) == 0) {
      a.commit.signature = sig.str();
      a.commit.signed_data = data.str();
    }
    if (tag != nullptr) {
      a.commit.annotated_tag = true;
      // A signed tag's message ends with the signature block (git appends
      // it to the message); the signed data is the object up to there.
      git_odb* odb = nullptr;
      git_odb_object* raw = nullptr;
      if (git_repository_odb(&odb, repo) == 0 &&
          git_odb_read(&raw, odb, git_tag_id(tag)) == 0) {
        std::string body(static_cast<const char*>(git_odb_object_data(raw)),
                         git_odb_object_size(raw));
        for (const char* marker : {"-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----"}) {
          size_t at = body.find(std::string("\n") + marker);
          if (at != std::string::npos) {
            a.commit.tag_signed_data = body.substr(0, at + 1);
            a.commit.tag_signature = body.substr(at + 1);
            break;
          }
        }
        git_odb_object_free(raw);
      }
      git_odb_free(odb);
    }
  }
  return a;
}

Status Fetcher::WriteTree(git_repository* repo, git_commit* commit, const std::string& served,
                          Artifact* artifact) {
  git_tree* tree = nullptr;
  int rc = git_commit_tree(&tree, commit);
  if (rc < 0) return GitError(rc, "reading the tree of " + artifact->commit.sha);
  TreePtr owned_tree(tree);

  // Straight from the object database when nothing needs a folder first
  // (includes are copied into the checkout, submodules fetched into it).
  if (req_.package.includes.empty() && !req_.recurse_submodules) {
    GitArtifactOptions go;
    go.sparse_dirs = req_.package.sparse_dirs;
    go.spec_ignore = req_.package.ignore;
    go.previous_path = previous_path_;
    go.previous_tree = previous_tree_;
    go.check_cancel = [this] { return CheckCancel(); };
    go.write.out_dir = out_dir_;
    go.write.keep = options_.keep;
    go.write.tarball = options_.tarball;
    GITOPS_ASSIGN_OR_RETURN(std::optional<WrittenArtifact> written,
                            WriteGitArtifact(repo, tree, go));
    if (written) {
      artifact->path = written->path.string();
      artifact->digest = written->digest;
      artifact->tarball = written->tarball.string();
      written_tree_ = OidHex(*git_tree_id(tree));
      return OkStatus();
    }
  }

  // Check the tree out into a staging folder beside the artifacts.
  std::string staging = out_dir_ + "/.tmp-" + std::to_string(::getpid()) + "-" +
                        std::to_string(std::random_device{}());
  std::error_code ec;
  fs::create_directories(staging, ec);
  if (ec) return UnavailableError("cannot create " + staging + ": " + ec.message());
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{staging};

  CheckoutOptions co;
  co.sparse_dirs = req_.package.sparse_dirs;
  co.check_cancel = [this] { return CheckCancel(); };
  if (req_.recurse_submodules) {
    co.submodule = [&](const std::string& path, const git_oid& oid,
                       const std::string& dir) -> Status {
      return CheckoutSubmodule(repo, tree, served, path, oid, dir, cache_dir_,
                               [this] { return CheckCancel(); }, Settings(), 1);
    };
  }
  GITOPS_RETURN_IF_ERROR(CheckoutTree(repo, tree, staging, co));
  GITOPS_RETURN_IF_ERROR(CheckCancel());

  GITOPS_ASSIGN_OR_RETURN(
      PackagedTree packaged,
      PackageTree(staging, req_.package, out_dir_, options_.tarball, options_.keep));
  artifact->path = packaged.path;
  artifact->digest = packaged.digest;
  artifact->tarball = packaged.tarball;
  return OkStatus();
}

Result<Request> RequestFromSpec(const GitRepositorySpec& spec, const GitFetchOptions& options) {
  Request req;
  if (spec.url.empty()) return InvalidArgumentError("spec.url is required");
  req.urls.push_back(spec.url);
  for (const std::string& m : spec.mirrors) req.urls.push_back(m);
  for (const std::string& m : options.mirrors) req.urls.push_back(m);
  req.branch = spec.ref.branch;
  req.tag = spec.ref.tag;
  req.semver = spec.ref.semver;
  req.name = spec.ref.name;
  req.commit = spec.ref.commit;
  if (!req.name.empty() && !req.name.starts_with("refs/")) {
    return InvalidArgumentError("spec.ref.name \"" + req.name +
                                "\" must be a full ref name starting with refs/");
  }
  req.package.ignore = spec.ignore;
  req.package.sparse_dirs = spec.sparse_checkout;
  for (const GitRepositoryInclude& inc : spec.include) {
    auto it = options.includes.find(inc.repository);
    if (it == options.includes.end()) {
      return NotFoundError("spec.include: no artifact given for GitRepository \"" +
                           inc.repository + "\"");
    }
    PackageInclude p;
    p.artifact_path = it->second.path;
    p.artifact_digest = it->second.digest;
    p.from_path = inc.from_path;
    p.to_path = inc.to_path.empty() ? inc.repository : inc.to_path;
    req.package.includes.push_back(std::move(p));
  }
  req.recurse_submodules = spec.recurse_submodules;
  req.verify = spec.verify.has_value();
  req.timeout = options.timeout;
  if (spec.timeout.count() > 0) {
    req.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(spec.timeout);
  }
  return req;
}

}  // namespace

Result<Artifact> GitSource::Fetch(const GitRepositorySpec& spec, const GitCredentials& credentials,
                                  const GitFetchOptions& options) const {
  InitLibgit2();
  GITOPS_ASSIGN_OR_RETURN(Request req, RequestFromSpec(spec, options));
  std::string cache_dir = options.cache_dir, out_dir = options.out_dir;
  if (cache_dir.empty()) cache_dir = DefaultCacheRoot() + "/git";
  if (out_dir.empty()) {
    out_dir = (fs::path(cache_dir).parent_path() / "artifacts").string();
  }
  std::error_code ec;
  cache_dir = fs::absolute(cache_dir, ec).lexically_normal().string();
  out_dir = fs::absolute(out_dir, ec).lexically_normal().string();
  Fetcher fetcher(req, credentials, options, cache_dir, out_dir);
  return fetcher.Run();
}

}  // namespace gitops::source
