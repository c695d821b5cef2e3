// GitSource's artifacts written straight from the cached repository's
// objects (no checkout), and the hard links a new revision shares with the
// previous artifact. Repositories are made by `git`; expected trees come
// from `git clone` checkouts and expected digests from the Python tarfile
// reference (tests/support/tree_digest.py) over those checkouts.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/source/artifact.h"
#include "gitops/source/git.h"
#include "tests/support/git_servers.h"
#include "tests/support/paths.h"

namespace gitops::source {
namespace {

namespace fs = std::filesystem;
using gitops::testing::Git;
using gitops::testing::ReadFile;
using gitops::testing::TempDir;
using gitops::testing::WriteFile;

// Paths under `root` ("dir/" for folders), symlinks included.
std::set<std::string> Paths(const std::string& root, const std::set<std::string>& skip = {}) {
  std::set<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = fs::relative(it->path(), root).string();
    if (skip.count(rel) != 0) {
      it.disable_recursion_pending();
      continue;
    }
    out.insert(it->is_directory() && !it->is_symlink() ? rel + "/" : rel);
  }
  return out;
}

// tests/support/tree_digest.py's digest of `root` without `excluded`.
std::string Reference(const std::string& root, const std::vector<std::string>& excluded) {
  std::string cmd =
      "/usr/bin/python3 '" + testing::SourceDir() + "/tests/support/tree_digest.py' '" + root + "'";
  for (const std::string& e : excluded) cmd += " '" + e + "'";
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  INFO(cmd << "\n" << out);
  REQUIRE(rc == 0);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

mode_t ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

ino_t InodeOf(const std::string& path) {
  struct stat st;
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_ino;
}

struct Repo {
  TempDir tmp;
  std::string dir = tmp.path() + "/upstream";
  Repo() {
    fs::create_directories(dir);
    Git(dir, "init -q");
  }
  std::string Commit(const std::string& message = "change") {
    Git(dir, "add -A");
    Git(dir, "commit -q -m '" + message + "'");
    return Git(dir, "rev-parse HEAD");
  }
  // A checkout of `rev` by git, in a fresh folder.
  std::string Checkout(const std::string& rev) {
    const std::string out = tmp.path() + "/checkout-" + rev;
    Git(tmp.path(), "clone -q '" + dir + "' '" + out + "'");
    Git(out, "checkout -q " + rev);
    return out;
  }
};

struct Fetcher {
  TempDir work;
  GitFetchOptions options;
  Fetcher() {
    options.cache_dir = work.path() + "/cache";
    options.out_dir = work.path() + "/artifacts";
  }
  Artifact Run(const GitRepositorySpec& spec) {
    Result<Artifact> a = GitSource().Fetch(spec, {}, options);
    INFO(a.status().ToString());
    REQUIRE(a.ok());
    return *a;
  }
};

GitRepositorySpec SpecOf(const std::string& url) {
  GitRepositorySpec spec;
  spec.url = url;
  return spec;
}

TEST_CASE("git artifact: the tree and digest of git's own checkout, written from the objects",
          "[git][artifact]") {
  Repo repo;
  // Sibling order where git's tree order and the archive's differ (`a-b`
  // sorts before `a/` in a git tree, after `a` in the archive), an
  // executable, an empty file, a symlink (left out of the archive), files
  // Flux's defaults exclude, a name that needs the ustar prefix field, and
  // a submodule left as an empty folder.
  WriteFile(repo.dir + "/deploy/app.yaml", "kind: ConfigMap\n");
  WriteFile(repo.dir + "/deploy/run.sh", "#!/bin/sh\necho hi\n", 0755);
  WriteFile(repo.dir + "/a/b", "b");
  WriteFile(repo.dir + "/a-b/x", std::string(2000, 'x'));
  WriteFile(repo.dir + "/a.yaml", "a: 1\n");
  WriteFile(repo.dir + "/empty.txt", "");
  WriteFile(repo.dir + "/logo.png", "\x89PNG");
  WriteFile(repo.dir + "/.github/workflows/ci.yaml", "on: push\n");
  WriteFile(repo.dir + "/" + std::string(90, 'd') + "/" + std::string(40, 'f') + ".yaml", "long");
  fs::create_symlink("deploy/app.yaml", repo.dir + "/link.yaml");
  Repo sub;
  WriteFile(sub.dir + "/s.yaml", "s: 1\n");
  const std::string sub_sha = sub.Commit();
  WriteFile(repo.dir + "/.gitmodules",
            "[submodule \"vendor/sub\"]\n\tpath = vendor/sub\n\turl = " + sub.dir + "\n");
  Git(repo.dir, "add -A");
  // After `add -A`, which would drop a gitlink whose folder is missing.
  Git(repo.dir, "update-index --add --cacheinfo 160000," + sub_sha + ",vendor/sub");
  Git(repo.dir, "commit -q -m first");
  const std::string sha = Git(repo.dir, "rev-parse HEAD");
  const std::string checkout = repo.Checkout(sha);
  REQUIRE(fs::is_directory(checkout + "/vendor/sub"));  // git leaves it empty

  Fetcher f;
  f.options.tarball = true;
  const Artifact a = f.Run(SpecOf("file://" + repo.dir));
  CHECK(a.revision == "master@sha1:" + sha);
  const std::vector<std::string> excluded = {".git", ".gitmodules", "logo.png", ".github"};
  CHECK(a.digest == Reference(checkout, excluded));
  // The .tar.gz holds the digested stream (Python's gzip reads it back).
  REQUIRE_FALSE(a.tarball.empty());
  FILE* p = ::popen(("/usr/bin/python3 -c 'import gzip,hashlib,sys; print(\"sha256:\" + "
                     "hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())' '" +
                     a.tarball + "'")
                        .c_str(),
                    "r");
  REQUIRE(p != nullptr);
  char line[128] = {};
  REQUIRE(fgets(line, sizeof line, p) != nullptr);
  ::pclose(p);
  CHECK(std::string(line) == a.digest + "\n");
  std::set<std::string> expected =
      Paths(checkout, {".git", ".gitmodules", "logo.png", ".github", "link.yaml"});
  CHECK(Paths(a.path) == expected);
  CHECK(ReadFile(a.path + "/a-b/x") == std::string(2000, 'x'));
  CHECK(ModeOf(a.path + "/deploy/app.yaml") == 0600);
  CHECK(ModeOf(a.path + "/deploy/run.sh") == 0700);
  CHECK(ModeOf(a.path + "/deploy") == 0750);
}

TEST_CASE(
    "git artifact: .sourceignore files, spec.ignore and sparseCheckout as a checkout has them",
    "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/.sourceignore", "*.md\n!keep.md\n");
  WriteFile(repo.dir + "/readme.md", "r");
  WriteFile(repo.dir + "/apps/keep.md", "k");
  WriteFile(repo.dir + "/apps/notes.md", "n");
  WriteFile(repo.dir + "/apps/.sourceignore", "/local.yaml\n");
  WriteFile(repo.dir + "/apps/local.yaml", "l");
  WriteFile(repo.dir + "/apps/web/local.yaml", "deeper: kept\n");
  WriteFile(repo.dir + "/apps/web/secret.yaml", "s");
  WriteFile(repo.dir + "/infra/base.yaml", "b");
  WriteFile(repo.dir + "/infra/x.md", "x");
  const std::string sha = repo.Commit();
  const std::string checkout = repo.Checkout(sha);

  SECTION("every rule at its depth") {
    GitRepositorySpec spec = SpecOf("file://" + repo.dir);
    spec.ignore = "secret.yaml\n";
    Fetcher f;
    const Artifact a = f.Run(spec);
    const std::vector<std::string> excluded = {
        ".git",      "readme.md", "apps/notes.md", "apps/local.yaml", "apps/web/secret.yaml",
        "infra/x.md"};
    CHECK(a.digest == Reference(checkout, excluded));
    CHECK(ReadFile(a.path + "/apps/web/local.yaml") == "deeper: kept\n");
    CHECK(fs::exists(a.path + "/apps/.sourceignore"));
    CHECK_FALSE(fs::exists(a.path + "/apps/web/secret.yaml"));
  }
  SECTION("sparse: only the listed folder and its parents; .sourceignore outside it unread") {
    GitRepositorySpec spec = SpecOf("file://" + repo.dir);
    spec.sparse_checkout = {"./apps/web/"};
    Fetcher f;
    const Artifact a = f.Run(spec);
    CHECK(Paths(a.path) == std::set<std::string>{"apps/", "apps/web/", "apps/web/local.yaml",
                                                 "apps/web/secret.yaml"});
    const std::vector<std::string> excluded = {
        ".git",         ".sourceignore", "readme.md",          "infra",
        "apps/keep.md", "apps/notes.md", "apps/.sourceignore", "apps/local.yaml"};
    CHECK(a.digest == Reference(checkout, excluded));
  }
  SECTION("a sparse folder that is not in the commit is NotFound naming it") {
    GitRepositorySpec spec = SpecOf("file://" + repo.dir);
    spec.sparse_checkout = {"apps/nope"};
    Fetcher f;
    Result<Artifact> a = GitSource().Fetch(spec, {}, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kNotFound);
    CHECK_THAT(a.status().message(), Catch::Contains("apps/nope"));
  }
}

TEST_CASE("git artifact: a symlinked .sourceignore is read through its link", "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/rules.txt", "*.md\n");
  fs::create_symlink("rules.txt", repo.dir + "/.sourceignore");
  WriteFile(repo.dir + "/readme.md", "r");
  WriteFile(repo.dir + "/app.yaml", "a");
  const std::string sha = repo.Commit();
  const std::string checkout = repo.Checkout(sha);
  Fetcher f;
  const Artifact a = f.Run(SpecOf("file://" + repo.dir));
  CHECK(Paths(a.path) == std::set<std::string>{"app.yaml", "rules.txt"});
  CHECK(a.digest == Reference(checkout, {".git", "readme.md"}));
}

TEST_CASE("git artifact: a new revision hard-links the files it shares with the previous one",
          "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/apps/a.yaml", "a: 1\n");
  WriteFile(repo.dir + "/apps/b.yaml", "b: 1\n");
  WriteFile(repo.dir + "/apps/c.sh", "echo c\n");
  WriteFile(repo.dir + "/infra/d.yaml", "d: 1\n");
  WriteFile(repo.dir + "/gone.yaml", "g: 1\n");
  repo.Commit("first");
  Fetcher f;
  const Artifact first = f.Run(SpecOf("file://" + repo.dir));

  WriteFile(repo.dir + "/apps/b.yaml", "b: 2\n");                  // changed
  REQUIRE(::chmod((repo.dir + "/apps/c.sh").c_str(), 0755) == 0);  // mode changed
  fs::remove(repo.dir + "/gone.yaml");                             // removed
  WriteFile(repo.dir + "/infra/new.yaml", "n: 1\n");               // added
  const std::string sha = repo.Commit("second");
  const Artifact second = f.Run(SpecOf("file://" + repo.dir));
  REQUIRE(second.path != first.path);

  CHECK(second.digest == Reference(repo.Checkout(sha), {".git"}));
  CHECK(InodeOf(second.path + "/apps/a.yaml") == InodeOf(first.path + "/apps/a.yaml"));
  CHECK(InodeOf(second.path + "/infra/d.yaml") == InodeOf(first.path + "/infra/d.yaml"));
  CHECK(InodeOf(second.path + "/apps/b.yaml") != InodeOf(first.path + "/apps/b.yaml"));
  CHECK(InodeOf(second.path + "/apps/c.sh") != InodeOf(first.path + "/apps/c.sh"));
  CHECK(ReadFile(second.path + "/apps/b.yaml") == "b: 2\n");
  CHECK(ReadFile(first.path + "/apps/b.yaml") == "b: 1\n");  // the old artifact is intact
  CHECK(ModeOf(second.path + "/apps/c.sh") == 0700);
  CHECK(ModeOf(first.path + "/apps/c.sh") == 0600);
  CHECK_FALSE(fs::exists(second.path + "/gone.yaml"));
  CHECK(fs::exists(first.path + "/gone.yaml"));

  SECTION("the previous artifact removed meanwhile: every file is written") {
    fs::remove_all(second.path);
    WriteFile(repo.dir + "/apps/a.yaml", "a: 3\n");
    const std::string third_sha = repo.Commit("third");
    // The record now names a missing folder: no links, no error.
    const Artifact third = f.Run(SpecOf("file://" + repo.dir));
    CHECK(third.digest == Reference(repo.Checkout(third_sha), {".git"}));
    struct stat st;
    REQUIRE(::lstat((third.path + "/infra/d.yaml").c_str(), &st) == 0);
    CHECK(st.st_ino != InodeOf(first.path + "/infra/d.yaml"));
  }
}

TEST_CASE("git artifact: cache_only fetches the objects and writes no tree", "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/app.yaml", "a: 1\n");
  const std::string sha = repo.Commit();
  Fetcher f;
  f.options.cache_only = true;
  const Artifact cached = f.Run(SpecOf("file://" + repo.dir));
  CHECK(cached.revision == "master@sha1:" + sha);
  CHECK(cached.commit.sha == sha);
  CHECK(cached.path.empty());
  CHECK(cached.digest.empty());
  bool any_tree = false;
  if (fs::exists(f.options.out_dir)) {
    for (const auto& e : fs::directory_iterator(f.options.out_dir)) {
      any_tree |= e.path().filename().string().size() == 64;
    }
  }
  CHECK_FALSE(any_tree);

  // The objects are there: the next fetch writes the artifact without
  // downloading (no progress report of a pack).
  f.options.cache_only = false;
  bool downloaded = false;
  f.options.progress = [&](const GitFetchProgress& p) { downloaded |= p.received_bytes > 0; };
  const Artifact a = f.Run(SpecOf("file://" + repo.dir));
  CHECK_FALSE(downloaded);
  CHECK(ReadFile(a.path + "/app.yaml") == "a: 1\n");
}

TEST_CASE(
    "git artifact: the tree keep-last-N would collect is updated in place into the new revision",
    "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/.sourceignore", "*.md\n");
  WriteFile(repo.dir + "/notes.md", "n");
  WriteFile(repo.dir + "/apps/a.yaml", "a: 1\n");
  WriteFile(repo.dir + "/apps/b.yaml", "b: 1\n");
  WriteFile(repo.dir + "/apps/c.sh", "echo c\n");
  WriteFile(repo.dir + "/gone/x.yaml", "x: 1\n");
  WriteFile(repo.dir + "/flip", "a file, then a folder");
  WriteFile(repo.dir + "/flop/y.yaml", "a folder, then a file");
  const std::string sha1 = repo.Commit("first");
  Fetcher f;
  f.options.keep = 2;
  const Artifact first = f.Run(SpecOf("file://" + repo.dir));
  const ino_t first_apps = InodeOf(first.path + "/apps");
  const ino_t first_a = InodeOf(first.path + "/apps/a.yaml");

  WriteFile(repo.dir + "/apps/b.yaml", "b: 2\n");
  const std::string sha2 = repo.Commit("second");
  const Artifact second = f.Run(SpecOf("file://" + repo.dir));

  // The third artifact makes three with keep 2: the first one's tree
  // becomes the third's.
  WriteFile(repo.dir + "/apps/b.yaml", "b: 3\n");
  REQUIRE(::chmod((repo.dir + "/apps/c.sh").c_str(), 0755) == 0);
  fs::remove_all(repo.dir + "/gone");
  fs::remove(repo.dir + "/flip");
  WriteFile(repo.dir + "/flip/z.yaml", "z: 1\n");
  fs::remove_all(repo.dir + "/flop");
  WriteFile(repo.dir + "/flop", "flop\n");
  WriteFile(repo.dir + "/new/n.yaml", "n: 1\n");
  WriteFile(repo.dir + "/README.md", "ignored");
  const std::string sha3 = repo.Commit("third");
  const Artifact third = f.Run(SpecOf("file://" + repo.dir));

  const std::string checkout3 = repo.Checkout(sha3);
  CHECK(third.digest == Reference(checkout3, {".git", "notes.md", "README.md"}));
  CHECK(Paths(third.path) == Paths(checkout3, {".git", "notes.md", "README.md"}));
  CHECK(ReadFile(third.path + "/apps/b.yaml") == "b: 3\n");
  CHECK(ReadFile(third.path + "/flop") == "flop\n");
  CHECK(ModeOf(third.path + "/apps/c.sh") == 0700);
  CHECK(ModeOf(third.path + "/flip") == 0750);
  CHECK(ModeOf(third.path + "/flop") == 0600);
  // Recycled: the same folders, an unchanged file left where it was.
  CHECK(InodeOf(third.path + "/apps") == first_apps);
  CHECK(InodeOf(third.path + "/apps/a.yaml") == first_a);
  CHECK_FALSE(fs::exists(first.path));
  // The kept artifact is intact, the files it shares included.
  CHECK(second.digest == Reference(repo.Checkout(sha2), {".git", "notes.md"}));
  CHECK(TreeDigest(second.path).value() == second.digest);
  CHECK(ReadFile(second.path + "/apps/b.yaml") == "b: 2\n");
  CHECK(ModeOf(second.path + "/apps/c.sh") == 0600);
  CHECK(fs::exists(second.path + "/gone/x.yaml"));

  SECTION("changed ignore rules: a new tree, the old one collected") {
    WriteFile(repo.dir + "/.sourceignore", "*.md\nflip/\n");
    const std::string sha4 = repo.Commit("fourth");
    const ino_t second_apps = InodeOf(second.path + "/apps");
    const Artifact fourth = f.Run(SpecOf("file://" + repo.dir));
    const std::string checkout4 = repo.Checkout(sha4);
    CHECK(fourth.digest == Reference(checkout4, {".git", "notes.md", "README.md", "flip"}));
    CHECK(Paths(fourth.path) == Paths(checkout4, {".git", "notes.md", "README.md", "flip"}));
    CHECK(InodeOf(fourth.path + "/apps") != second_apps);
    CHECK_FALSE(fs::exists(second.path));
    CHECK(TreeDigest(third.path).value() == third.digest);
  }
  SECTION("the same content as the kept artifact: that one is reused") {
    WriteFile(repo.dir + "/apps/b.yaml", "b: 2\n");
    REQUIRE(::chmod((repo.dir + "/apps/c.sh").c_str(), 0644) == 0);
    fs::remove_all(repo.dir + "/flip");
    WriteFile(repo.dir + "/flip", "a file, then a folder");
    fs::remove(repo.dir + "/flop");
    WriteFile(repo.dir + "/flop/y.yaml", "a folder, then a file");
    fs::remove_all(repo.dir + "/new");
    WriteFile(repo.dir + "/gone/x.yaml", "x: 1\n");
    repo.Commit("back to the second");
    const Artifact again = f.Run(SpecOf("file://" + repo.dir));
    CHECK(again.path == second.path);
    CHECK(TreeDigest(again.path).value() == second.digest);
  }
}

TEST_CASE("git artifact: the cache's copy of the last tree's blobs serves the next one, unless damaged",
          "[git][artifact]") {
  Repo repo;
  WriteFile(repo.dir + "/apps/a.yaml", "a: 1\n");
  WriteFile(repo.dir + "/apps/b.yaml", "b: 1\n");
  WriteFile(repo.dir + "/big.txt", std::string(20000, 'x'));  // above the cached size
  repo.Commit("first");
  Fetcher f;
  f.Run(SpecOf("file://" + repo.dir));
  std::string blobs;
  for (const auto& e : fs::directory_iterator(f.options.cache_dir)) {
    if (fs::exists(e.path() / "gitops-blobs")) blobs = (e.path() / "gitops-blobs").string();
  }
  REQUIRE_FALSE(blobs.empty());
  std::string cached = ReadFile(blobs);
  CHECK(cached.find("a: 1\n") != std::string::npos);
  CHECK(cached.find(std::string(20000, 'x')) == std::string::npos);

  WriteFile(repo.dir + "/apps/b.yaml", "b: 2\n");
  std::string sha = repo.Commit("second");
  SECTION("intact: the new tree and digest") {
    const Artifact second = f.Run(SpecOf("file://" + repo.dir));
    CHECK(second.digest == Reference(repo.Checkout(sha), {".git"}));
    CHECK(ReadFile(second.path + "/apps/a.yaml") == "a: 1\n");
  }
  SECTION("a byte of a blob changed: ignored, the pack read instead") {
    const size_t at = cached.find("a: 1\n");
    cached[at + 3] = '9';
    WriteFile(blobs, cached);
    const Artifact second = f.Run(SpecOf("file://" + repo.dir));
    CHECK(second.digest == Reference(repo.Checkout(sha), {".git"}));
    CHECK(ReadFile(second.path + "/apps/a.yaml") == "a: 1\n");
  }
  SECTION("cut short: ignored") {
    WriteFile(blobs, cached.substr(0, cached.size() / 2));
    const Artifact second = f.Run(SpecOf("file://" + repo.dir));
    CHECK(second.digest == Reference(repo.Checkout(sha), {".git"}));
  }
}

}  // namespace
}  // namespace gitops::source
