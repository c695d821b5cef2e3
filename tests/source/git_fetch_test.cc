// GitSource::Fetch against real repositories made by `git` in temp dirs,
// served over file:// and local paths (libgit2's local transport). Expected
// SHAs come from `git rev-parse`, expected revisions from Flux's formats.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gitops/source/git.h"
#include "tests/support/git_servers.h"

namespace gitops::source {
namespace {

namespace fs = std::filesystem;
using gitops::testing::Git;
using gitops::testing::ReadFile;
using gitops::testing::TempDir;
using gitops::testing::WriteFile;

// The files of an artifact tree, as "path" (folders end in "/").
std::set<std::string> Files(const std::string& root) {
  std::set<std::string> out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).string();
    out.insert(e.is_directory() ? rel + "/" : rel);
  }
  return out;
}

// A repository to fetch from, with `git` as its only writer.
struct Upstream {
  TempDir tmp;
  std::string dir = tmp.path() + "/upstream";
  Upstream() {
    fs::create_directories(dir);
    Git(dir, "init -q");
  }
  std::string Commit(const std::string& file, const std::string& text,
                     const std::string& message = "change") {
    WriteFile(dir + "/" + file, text);
    Git(dir, "add -A");
    Git(dir, "commit -q -m '" + message + "'");
    return Git(dir, "rev-parse HEAD");
  }
  std::string Url() const { return "file://" + dir; }
};

struct Fetch {
  TempDir work;
  GitFetchOptions options;
  Fetch() {
    options.cache_dir = work.path() + "/cache";
    options.out_dir = work.path() + "/artifacts";
  }
  Result<Artifact> Run(const GitRepositorySpec& spec) {
    return GitSource().Fetch(spec, {}, options);
  }
};

GitRepositorySpec SpecOf(const std::string& url) {
  GitRepositorySpec spec;
  spec.url = url;
  return spec;
}

TEST_CASE("git: a branch gives <branch>@sha1:<commit> and the commit's files", "[git]") {
  Upstream up;
  up.Commit("deploy/app.yaml", "kind: ConfigMap\n");
  std::string sha = up.Commit("README.md", "hello\n", "second\n\nbody");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  auto a = f.Run(spec);  // no ref: branch master, as Flux defaults
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
  CHECK(a->commit.sha == sha);
  CHECK(a->commit.author.name == "Ann");
  CHECK(a->commit.author.email == "ann@example.com");
  CHECK(a->commit.committer.name == "Bob");
  CHECK(a->commit.time == 1704164645);
  CHECK(a->commit.message == "second\n\nbody\n");
  CHECK(a->url == up.Url());
  CHECK(a->digest.starts_with("sha256:"));
  CHECK(a->digest.size() == 7 + 64);
  CHECK(Files(a->path) == std::set<std::string>{"README.md", "deploy/", "deploy/app.yaml"});
  CHECK(ReadFile(a->path + "/deploy/app.yaml") == "kind: ConfigMap\n");

  spec.ref.branch = "feature";
  Git(up.dir, "checkout -q -b feature");
  std::string fsha = up.Commit("x.txt", "x\n");
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "feature@sha1:" + fsha);
  CHECK(b->digest != a->digest);
}

TEST_CASE("git: by default each repository's artifacts have their own folder, so keep never "
          "collects another repository's current artifact",
          "[git]") {
  std::vector<Upstream> ups(4);
  Fetch f;
  f.options.out_dir.clear();  // the default: beside the cache
  f.options.keep = 3;
  std::vector<Artifact> artifacts;
  for (size_t i = 0; i < ups.size(); ++i) {
    ups[i].Commit("n.txt", std::to_string(i) + "\n");
    auto a = f.Run(SpecOf(ups[i].Url()));
    REQUIRE(a.ok());
    artifacts.push_back(*a);
  }
  for (size_t i = 0; i < artifacts.size(); ++i) {
    INFO("repository " << i << ": " << artifacts[i].path);
    CHECK(fs::path(artifacts[i].path).parent_path().parent_path() == f.work.path() + "/artifacts");
    CHECK(ReadFile(artifacts[i].path + "/n.txt") == std::to_string(i) + "\n");
  }
  // Another ref of the same repository is another folder too.
  GitRepositorySpec spec = SpecOf(ups[0].Url());
  spec.ref.commit = Git(ups[0].dir, "rev-parse HEAD");
  auto by_commit = f.Run(spec);
  REQUIRE(by_commit.ok());
  CHECK(fs::path(by_commit->path).parent_path() != fs::path(artifacts[0].path).parent_path());
  CHECK(fs::is_directory(artifacts[0].path));
}

TEST_CASE("git: a local path fetches like its file:// URL", "[git]") {
  Upstream up;
  std::string sha = up.Commit("a.txt", "a\n");
  Fetch f;
  auto a = f.Run(SpecOf(up.dir));
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
}

TEST_CASE("git: tags, lightweight and annotated (peeled to the commit)", "[git]") {
  Upstream up;
  std::string first = up.Commit("a.txt", "1\n");
  Git(up.dir, "tag v1.0.0");
  std::string second = up.Commit("a.txt", "2\n");
  Git(up.dir, "tag -a v2.0.0 -m 'release 2'");
  Git(up.dir, "tag release/v3");  // a tag with a slash keeps it
  up.Commit("a.txt", "3\n");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.tag = "v1.0.0";
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.0.0@sha1:" + first);
  CHECK(ReadFile(a->path + "/a.txt") == "1\n");
  spec.ref.tag = "v2.0.0";
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "v2.0.0@sha1:" + second);
  CHECK(b->commit.sha == second);
  spec.ref.tag = "release/v3";
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(c->revision == "release/v3@sha1:" + second);
  spec.ref.tag = "v9";
  auto d = f.Run(spec);
  REQUIRE(!d.ok());
  CHECK(d.status().code() == Code::kNotFound);
  CHECK(d.status().message().find("tag 'v9' not found") != std::string::npos);
}

TEST_CASE("git: a name ref (refs/pull/1/head) gives the absolute ref in the revision", "[git]") {
  Upstream up;
  up.Commit("a.txt", "main\n");
  Git(up.dir, "checkout -q -b pr");
  std::string pr = up.Commit("a.txt", "pr\n");
  Git(up.dir, "update-ref refs/pull/1/head " + pr);
  Git(up.dir, "checkout -q master");
  Git(up.dir, "branch -D pr");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.name = "refs/pull/1/head";
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "refs/pull/1/head@sha1:" + pr);
  CHECK(ReadFile(a->path + "/a.txt") == "pr\n");
  spec.ref.name = "pull/1/head";
  CHECK(f.Run(spec).status().code() == Code::kInvalidArgument);
}

TEST_CASE("git: precedence is commit > name > semver > tag > branch", "[git]") {
  Upstream up;
  std::string first = up.Commit("a.txt", "1\n");
  Git(up.dir, "tag v1.0.0");
  std::string second = up.Commit("a.txt", "2\n");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.branch = "master";
  spec.ref.tag = "v1.0.0";
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.0.0@sha1:" + first);  // tag over branch
  spec.ref.name = "refs/heads/master";
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "refs/heads/master@sha1:" + second);  // name over tag
  spec.ref.commit = first;
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(c->revision == "master@sha1:" + first);  // commit (on its branch) over all
}

TEST_CASE("git: a commit alone, on its branch, and off its branch", "[git]") {
  Upstream up;
  std::string first = up.Commit("a.txt", "1\n");
  up.Commit("a.txt", "2\n");
  Git(up.dir, "checkout -q -b other " + first);
  std::string other = up.Commit("b.txt", "other\n");
  Git(up.dir, "checkout -q master");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.commit = first;
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "sha1:" + first);
  CHECK(ReadFile(a->path + "/a.txt") == "1\n");
  spec.ref.branch = "master";
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "master@sha1:" + first);
  spec.ref.commit = other;  // on `other`, not on master
  auto c = f.Run(spec);
  REQUIRE(!c.ok());
  CHECK(c.status().code() == Code::kNotFound);
  spec.ref.commit = "0123456789012345678901234567890123456789";
  spec.ref.branch.clear();
  CHECK(f.Run(spec).status().code() == Code::kNotFound);
  spec.ref.commit = "not-a-sha";
  CHECK(f.Run(spec).status().code() == Code::kInvalidArgument);
}

TEST_CASE("git: master is the default; the remote HEAD on request", "[git]") {
  Upstream up;
  Git(up.dir, "checkout -q -b main");
  std::string sha = up.Commit("a.txt", "1\n");
  Fetch f;
  auto a = f.Run(SpecOf(up.Url()));
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Code::kNotFound);
  CHECK(a.status().message().find("branch 'master' not found") != std::string::npos);
  f.options.use_remote_head = true;
  auto b = f.Run(SpecOf(up.Url()));
  REQUIRE(b.ok());
  CHECK(b->revision == "main@sha1:" + sha);
}

TEST_CASE("git: an empty repository is NotFound naming it", "[git]") {
  Upstream up;
  Fetch f;
  auto a = f.Run(SpecOf(up.Url()));
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Code::kNotFound);
  CHECK(a.status().message().find("is empty") != std::string::npos);
}

TEST_CASE("git: a missing repository is NotFound, not a crash", "[git]") {
  TempDir tmp;
  Fetch f;
  auto a = f.Run(SpecOf("file://" + tmp.path() + "/nothing-here"));
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Code::kNotFound);
}

TEST_CASE("git: a force-pushed branch and a moved tag are taken as the remote has them", "[git]") {
  Upstream up;
  up.Commit("a.txt", "1\n");
  std::string two = up.Commit("a.txt", "2\n");
  Git(up.dir, "tag moving");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + two);
  Git(up.dir, "reset -q --hard HEAD~1");
  std::string rewritten = up.Commit("a.txt", "rewritten\n");
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "master@sha1:" + rewritten);
  CHECK(ReadFile(b->path + "/a.txt") == "rewritten\n");

  spec.ref.tag = "moving";
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(c->commit.sha == two);
  Git(up.dir, "tag -f moving " + rewritten);
  auto d = f.Run(spec);
  REQUIRE(d.ok());
  CHECK(d->revision == "moving@sha1:" + rewritten);
}

TEST_CASE("git: a deleted tag is NotFound, not served from the cache", "[git]") {
  Upstream up;
  up.Commit("a.txt", "1\n");
  Git(up.dir, "tag gone");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.tag = "gone";
  REQUIRE(f.Run(spec).ok());
  Git(up.dir, "tag -d gone");
  auto a = f.Run(spec);
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Code::kNotFound);
}

TEST_CASE("git: an unchanged ref returns the recorded artifact without fetching", "[git]") {
  Upstream up;
  up.Commit("a.txt", "1\n");
  Fetch f;
  f.options.link_local_objects = false;  // objects through the transport, with progress
  int progress_calls = 0;
  f.options.progress = [&](const GitFetchProgress&) { ++progress_calls; };
  GitRepositorySpec spec = SpecOf(up.Url());
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  int first_calls = progress_calls;
  CHECK(first_calls > 0);
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(progress_calls == first_calls);  // nothing downloaded
  CHECK(b->path == a->path);
  CHECK(b->digest == a->digest);
  CHECK(b->revision == a->revision);
  CHECK(b->commit.message == a->commit.message);
  // Changed content settings make a new artifact from the cached objects.
  spec.sparse_checkout = {"."};
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(progress_calls == first_calls);
  CHECK(c->digest == a->digest);
  // A new commit is fetched.
  std::string two = up.Commit("a.txt", "2\n");
  auto d = f.Run(SpecOf(up.Url()));
  REQUIRE(d.ok());
  CHECK(d->revision == "master@sha1:" + two);
  CHECK(progress_calls > first_calls);
}

TEST_CASE("git: the same commit gives the same digest from two cache dirs", "[git]") {
  Upstream up;
  up.Commit("deploy/a.yaml", "a: 1\n");
  Git(up.dir, "update-index --chmod=+x deploy/a.yaml || true");
  up.Commit("run.sh", "#!/bin/sh\n");
  Git(up.dir, "update-index --chmod=+x run.sh");
  Git(up.dir, "commit -q -m exec");
  Fetch f1, f2;
  auto a = f1.Run(SpecOf(up.Url()));
  auto b = f2.Run(SpecOf(up.dir + "/"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->digest == b->digest);
  CHECK(a->path != b->path);
  CHECK((fs::status(a->path + "/run.sh").permissions() & fs::perms::owner_exec) != fs::perms::none);
}

TEST_CASE("git: sparseCheckout writes only the listed directories", "[git]") {
  Upstream up;
  up.Commit("apps/web/a.yaml", "a\n");
  WriteFile(up.dir + "/infra/b.yaml", "b\n");
  WriteFile(up.dir + "/other/c.yaml", "c\n");
  up.Commit("root.txt", "r\n");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.sparse_checkout = {"apps/web", "infra/"};
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(Files(a->path) == std::set<std::string>{"apps/", "apps/web/", "apps/web/a.yaml", "infra/",
                                                "infra/b.yaml"});
  spec.sparse_checkout = {"missing"};
  auto b = f.Run(spec);
  REQUIRE(!b.ok());
  CHECK(b.status().code() == Code::kNotFound);
  CHECK(b.status().message().find("\"missing\"") != std::string::npos);
}

TEST_CASE("git: recurseSubmodules writes the submodule's commit", "[git]") {
  Upstream lib;
  std::string lib_sha = lib.Commit("lib.txt", "library\n");
  lib.Commit("lib.txt", "newer, not pinned\n");
  Upstream up;
  up.Commit("a.txt", "a\n");
  Git(up.dir, "submodule -q add " + lib.Url() + " vendor/lib");
  Git(up.dir + "/vendor/lib", "checkout -q " + lib_sha);
  Git(up.dir, "add vendor/lib");
  Git(up.dir, "commit -q -m 'pin lib'");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  auto without = f.Run(spec);
  REQUIRE(without.ok());
  CHECK(fs::is_directory(without->path + "/vendor/lib"));
  CHECK(fs::is_empty(without->path + "/vendor/lib"));
  spec.recurse_submodules = true;
  auto with = f.Run(spec);
  REQUIRE(with.ok());
  CHECK(ReadFile(with->path + "/vendor/lib/lib.txt") == "library\n");
  CHECK(with->digest != without->digest);
}

TEST_CASE("git: two fetches of one URL at once share the cache", "[git]") {
  Upstream up;
  for (int i = 0; i < 20; ++i) up.Commit("f" + std::to_string(i) + ".txt", std::to_string(i));
  std::string sha = Git(up.dir, "rev-parse HEAD");
  TempDir work;
  GitFetchOptions options;
  options.cache_dir = work.path() + "/cache";
  std::vector<Result<Artifact>> results(4, Result<Artifact>(InternalError("not run")));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      GitFetchOptions o = options;
      o.out_dir = work.path() + "/out" + std::to_string(i % 2);
      results[i] = GitSource().Fetch(SpecOf(up.Url()), {}, o);
    });
  }
  for (auto& t : threads) t.join();
  for (auto& r : results) {
    REQUIRE(r.ok());
    CHECK(r->revision == "master@sha1:" + sha);
    CHECK(r->digest == results[0]->digest);
  }
}

TEST_CASE("git: a cancelled token stops the fetch with Cancelled", "[git]") {
  Upstream up;
  up.Commit("a.txt", "1\n");
  Fetch f;
  CancelToken token;
  token.Cancel();
  f.options.cancel = &token;
  auto a = f.Run(SpecOf(up.Url()));
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Code::kCancelled);
  // Cancelled from the progress callback, mid-download: the cache stays usable.
  Fetch g;
  g.options.link_local_objects = false;  // objects through the transport, with progress
  CancelToken mid;
  g.options.cancel = &mid;
  g.options.progress = [&](const GitFetchProgress&) { mid.Cancel(); };
  CHECK(g.Run(SpecOf(up.Url())).status().code() == Code::kCancelled);
  g.options.cancel = nullptr;
  g.options.progress = nullptr;
  CHECK(g.Run(SpecOf(up.Url())).ok());
}

TEST_CASE("git: a fetch killed mid-way leaves a cache the next fetch uses", "[git]") {
  Upstream up;
  for (int i = 0; i < 50; ++i) up.Commit("f" + std::to_string(i % 7) + ".txt", std::to_string(i));
  std::string sha = Git(up.dir, "rev-parse HEAD");
  TempDir work;
  std::string cache = work.path() + "/cache";
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    GitFetchOptions o;
    o.cache_dir = cache;
    o.out_dir = work.path() + "/out";
    o.link_local_objects = false;
    // Killed in the middle of receiving objects.
    o.progress = [](const GitFetchProgress& p) {
      if (p.received_objects > 10) ::raise(SIGKILL);
    };
    (void)GitSource().Fetch(SpecOf(up.Url()), {}, o);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  // A lock file a killed ref update would leave behind.
  for (auto& e : fs::directory_iterator(cache)) {
    if (e.path().extension() == ".git") WriteFile(e.path().string() + "/refs/heads/master.lock", "");
  }
  GitFetchOptions o;
  o.cache_dir = cache;
  o.out_dir = work.path() + "/out";
  auto a = GitSource().Fetch(SpecOf(up.Url()), {}, o);
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
}

TEST_CASE("git: an unreachable primary falls over to the next mirror", "[git]") {
  Upstream up;
  std::string sha = up.Commit("a.txt", "1\n");
  Fetch f;
  GitRepositorySpec spec = SpecOf("http://127.0.0.1:1/nothing.git");
  spec.mirrors = {"file://" + f.work.path() + "/also-missing", up.Url()};
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
  CHECK(a->url == up.Url());
  GitRepositorySpec none = SpecOf("http://127.0.0.1:1/nothing.git");
  none.mirrors = {"file://" + f.work.path() + "/also-missing"};
  auto b = f.Run(none);
  REQUIRE(!b.ok());
  CHECK(b.status().message().find("no URL could be reached") != std::string::npos);
}

TEST_CASE("git: verify reports a commit's raw signature and an annotated tag", "[git]") {
  Upstream up;
  up.Commit("a.txt", "1\n");
  // A commit with a gpgsig header, written by hand (git would need a key).
  std::string tree = Git(up.dir, "rev-parse HEAD^{tree}");
  std::string parent = Git(up.dir, "rev-parse HEAD");
  std::string body = "tree " + tree + "\nparent " + parent +
                     "\nauthor Ann <ann@example.com> 1704164645 +0000\n"
                     "committer Bob <bob@example.com> 1704164645 +0000\n"
                     "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAAB\n -----END PGP "
                     "SIGNATURE-----\n\nsigned\n";
  WriteFile(up.tmp.path() + "/commit.txt", body);
  std::string signed_sha = Git(up.dir, "hash-object -t commit -w ../commit.txt");
  Git(up.dir, "update-ref refs/heads/master " + signed_sha);
  Git(up.dir, "tag -a v1 -m 'tag message'");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.verify = GitRepositoryVerify{"HEAD", ""};
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->commit.sha == signed_sha);
  CHECK(a->commit.signature == "-----BEGIN PGP SIGNATURE-----\n\niQEzBAAB\n-----END PGP SIGNATURE-----");
  CHECK(a->commit.signed_data.find("committer Bob") != std::string::npos);
  CHECK(a->commit.signed_data.find("gpgsig") == std::string::npos);
  spec.ref.tag = "v1";
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->commit.annotated_tag);
  CHECK(b->commit.tag_signature.empty());  // an unsigned annotated tag
  spec.verify.reset();
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(c->commit.signature.empty());
}


TEST_CASE("git: .sourceignore at several depths and spec.ignore shape the artifact", "[git]") {
  Upstream up;
  WriteFile(up.dir + "/.sourceignore", "*.md\n");
  WriteFile(up.dir + "/apps/.sourceignore", "secret.yaml\n!keep.md\n");
  WriteFile(up.dir + "/apps/web/deep/.sourceignore", "tmp/\n");
  WriteFile(up.dir + "/apps/secret.yaml", "s\n");
  WriteFile(up.dir + "/apps/keep.md", "k\n");
  WriteFile(up.dir + "/apps/web/deep/tmp/x", "x\n");
  WriteFile(up.dir + "/apps/web/deep/a.yaml", "a\n");
  WriteFile(up.dir + "/infra/secret.yaml", "not under apps\n");
  WriteFile(up.dir + "/logo.png", "png\n");
  up.Commit("README.md", "r\n");
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  std::set<std::string> files = Files(a->path);
  CHECK(files.count("README.md") == 0);
  CHECK(files.count("apps/secret.yaml") == 0);
  CHECK(files.count("apps/keep.md") == 1);
  CHECK(files.count("apps/web/deep/tmp/x") == 0);
  CHECK(files.count("apps/web/deep/a.yaml") == 1);
  CHECK(files.count("infra/secret.yaml") == 1);
  // Flux drops its default excludes (*.png, ...) once a .sourceignore exists.
  CHECK(files.count("logo.png") == 1);
  CHECK(files.count(".sourceignore") == 1);
  spec.ignore = "infra/\n";
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(Files(b->path).count("infra/secret.yaml") == 0);
  CHECK(b->digest != a->digest);
}

TEST_CASE("git: include copies another artifact's fromPath to toPath", "[git]") {
  Upstream lib;
  lib.Commit("charts/app/values.yaml", "v: 1\n");
  Upstream up;
  up.Commit("a.txt", "a\n");
  Fetch f;
  auto included = f.Run(SpecOf(lib.Url()));
  REQUIRE(included.ok());
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.include = {{"lib", "charts", "vendor/charts"}};
  auto missing = f.Run(spec);
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
  f.options.includes["lib"] = *included;
  f.options.tarball = true;
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(ReadFile(a->path + "/vendor/charts/app/values.yaml") == "v: 1\n");
  CHECK(a->tarball.ends_with(".tar.gz"));
  CHECK(fs::exists(a->tarball));
}

#if __has_include("gitops/source/semver.h")
TEST_CASE("git: semver picks the highest matching tag", "[git]") {
  Upstream up;
  std::string shas[5];
  const char* tags[] = {"v1.0.0", "v1.4.2", "v1.5.0-rc.1", "v2.0.0", "not-a-version"};
  for (int i = 0; i < 5; ++i) {
    shas[i] = up.Commit("a.txt", tags[i]);
    Git(up.dir, std::string("tag -a ") + tags[i] + " -m " + tags[i]);
  }
  Fetch f;
  GitRepositorySpec spec = SpecOf(up.Url());
  spec.ref.semver = ">=1.0.0 <2.0.0";
  auto a = f.Run(spec);
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.4.2@sha1:" + shas[1]);  // the pre-release is not asked for
  spec.ref.semver = "~1.5.0-0";  // the range asks for pre-releases
  auto b = f.Run(spec);
  REQUIRE(b.ok());
  CHECK(b->revision == "v1.5.0-rc.1@sha1:" + shas[2]);
  spec.ref.semver = "^2";
  auto c = f.Run(spec);
  REQUIRE(c.ok());
  CHECK(c->revision == "v2.0.0@sha1:" + shas[3]);
  spec.ref.semver = "~3.0";
  CHECK(f.Run(spec).status().code() == Code::kNotFound);
  spec.ref.semver = ">=a.b";
  CHECK(f.Run(spec).status().code() == Code::kInvalidArgument);
  // A new tag in range is picked up on the next fetch.
  std::string newer = up.Commit("a.txt", "1.9");
  Git(up.dir, "tag v1.9.0");
  spec.ref.semver = "1.x";
  auto d = f.Run(spec);
  REQUIRE(d.ok());
  CHECK(d->revision == "v1.9.0@sha1:" + newer);
}
#else
TEST_CASE("git: semver (skipped: semver.h is not in this build)", "[git]") {
  WARN("semver ref tests skipped: gitops/source/semver.h has not landed");
}
#endif

TEST_CASE("git: a local repository's objects are linked into the cache, as git clone --local",
          "[git]") {
  Upstream up;
  for (int i = 0; i < 5; ++i) up.Commit("f" + std::to_string(i) + ".txt", std::to_string(i) + "\n");
  Git(up.dir, "gc -q");  // one pack, as most repositories hold their history
  std::string packed = Git(up.dir, "rev-parse HEAD");
  std::string loose = up.Commit("later.txt", "loose\n");
  // git's own count of the upstream's objects: loose ("count") and packed.
  std::string counts = Git(up.dir, "count-objects -v | awk '/^count:|^in-pack:/ {n += $2} END {print n}'");
  Fetch f;
  std::vector<GitFetchProgress> reports;
  f.options.progress = [&](const GitFetchProgress& p) { reports.push_back(p); };
  auto a = f.Run(SpecOf(up.Url()));
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + loose);
  // One report, of what was linked; nothing went through the transport.
  REQUIRE(reports.size() == 1);
  CHECK(std::to_string(reports[0].received_objects) == counts);
  CHECK(reports[0].total_objects == reports[0].received_objects);
  // The upstream's pack is the cache's, one inode (git's own count says so).
  std::string pack;
  for (auto& e : fs::directory_iterator(up.dir + "/.git/objects/pack")) {
    if (e.path().extension() == ".pack") pack = e.path().string();
  }
  struct stat st {};
  REQUIRE(::stat(pack.c_str(), &st) == 0);
  CHECK(st.st_nlink == 2);
  // The cache is a repository git reads: both commits, and fsck is clean.
  std::string cache_repo;
  for (auto& e : fs::directory_iterator(f.options.cache_dir)) {
    if (e.path().extension() == ".git") cache_repo = e.path().string();
  }
  REQUIRE(!cache_repo.empty());
  CHECK(Git(cache_repo, "rev-parse refs/heads/master") == loose);
  CHECK(Git(cache_repo, "cat-file -t " + packed) == "commit");
  CHECK(Git(cache_repo, "fsck --no-dangling --no-progress && echo clean") == "clean");
  // A force-push to a new history (objects not in the first pack) arrives too.
  Git(up.dir, "checkout -q --orphan other && git commit -q -m other");
  Git(up.dir, "branch -f master other && git checkout -q master");
  std::string rewritten = Git(up.dir, "rev-parse HEAD");
  auto b = f.Run(SpecOf(up.Url()));
  REQUIRE(b.ok());
  CHECK(b->revision == "master@sha1:" + rewritten);
  // The same tree as a fetch through the transport.
  Fetch g;
  g.options.link_local_objects = false;
  auto c = g.Run(SpecOf(up.Url()));
  REQUIRE(c.ok());
  CHECK(c->digest == b->digest);
}

}  // namespace
}  // namespace gitops::source
