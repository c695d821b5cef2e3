// Artifact trees and digests. The expected digests never come from our
// code: Python's tarfile module builds the tar stream Flux's
// storage.Archive writes (filepath.Walk order, sanitised ustar headers),
// and hashlib hashes it; Python's gzip and tarfile read our tarballs back.
#include "gitops/source/artifact.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "tests/support/paths.h"

namespace gitops::source {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gitops-artifact-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void Write(const std::string& rel, const std::string& content, mode_t mode = 0644) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << content;
    REQUIRE(chmod((path_ / rel).c_str(), mode) == 0);
  }

 private:
  fs::path path_;
};

std::string Run(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  INFO(cmd << "\n" << out);
  REQUIRE(rc == 0);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The reference: Python's tarfile writing what Go's archive/tar writes for
// Flux's sanitised headers (tests/support/tree_digest.py says what it sets
// right), hashed by hashlib.
std::string ReferenceDigest(const fs::path& root, const std::vector<std::string>& excluded) {
  std::string cmd = "/usr/bin/python3 '" + gitops::testing::SourceDir() +
                    "/tests/support/tree_digest.py' '" + root.string() + "'";
  for (const std::string& e : excluded) cmd += " '" + e + "'";
  return Run(cmd);
}

// A tree with what matters to the stream: sibling order (`a` then `a/b`
// then `a-b`), an empty directory, modes to normalise, a name needing the
// ustar prefix field, a symlink, files Flux's default rules exclude, and
// content that is not a multiple of 512 bytes.
void MakeTree(const TempDir& t) {
  t.Write("deploy/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n");
  t.Write("deploy/run.sh", "#!/bin/sh\necho hi\n", 0755);
  t.Write("a/b", "b");
  t.Write("a-b/x", std::string(2000, 'x'), 0664);
  t.Write("z.txt", "", 0444);
  fs::create_directories(t.path() / "empty");
  REQUIRE(chmod((t.path() / "empty").c_str(), 0700) == 0);
  const std::string long_dir(90, 'd');
  t.Write(long_dir + "/" + std::string(40, 'f') + ".yaml", "long");
  fs::create_symlink("deploy/app.yaml", t.path() / "link.yaml");
  t.Write("logo.png", "\x89PNG");
  t.Write(".git/config", "[core]\n");
  t.Write(".github/workflows/ci.yaml", "on: push\n");
}

const std::vector<std::string> kExcludedByDefaults = {
    "logo.png", ".git", ".git/config", ".github", ".github/workflows", ".github/workflows/ci.yaml"};

TEST_CASE("artifact: the digest is the sha256 of Flux's tar stream, per Python's tarfile",
          "[artifact]") {
  TempDir t;
  MakeTree(t);
  Result<IgnoreMatcher> ignore = IgnoreMatcher::ForTree(t.path(), "");
  REQUIRE(ignore.ok());
  Result<std::string> digest = TreeDigest(t.path(), &*ignore);
  REQUIRE(digest.ok());
  CHECK(*digest == ReferenceDigest(t.path(), kExcludedByDefaults));
  // Nothing ignored: everything but the symlink is in the stream.
  Result<std::string> all = TreeDigest(t.path());
  REQUIRE(all.ok());
  CHECK(*all == ReferenceDigest(t.path(), {}));
  CHECK(*all != *digest);
}

TEST_CASE("artifact: the digest ignores owners, times and non-execute mode bits", "[artifact]") {
  TempDir a, b;
  a.Write("x/y.yaml", "same", 0644);
  a.Write("run", "#!/bin/sh\n", 0755);
  b.Write("x/y.yaml", "same", 0400);
  b.Write("run", "#!/bin/sh\n", 0100);
  REQUIRE(chmod((b.path() / "x").c_str(), 0777) == 0);
  struct timespec old_times[2] = {{1000, 0}, {1000, 0}};
  REQUIRE(utimensat(AT_FDCWD, (b.path() / "x/y.yaml").c_str(), old_times, 0) == 0);
  CHECK(*TreeDigest(a.path()) == *TreeDigest(b.path()));
  b.Write("run", "#!/bin/sh\n", 0644);  // the execute bit counts
  CHECK(*TreeDigest(a.path()) != *TreeDigest(b.path()));
}

TEST_CASE("artifact: WriteArtifact writes the filtered tree under its digest, atomically",
          "[artifact]") {
  TempDir t, out;
  MakeTree(t);
  Result<IgnoreMatcher> ignore = IgnoreMatcher::ForTree(t.path(), "");
  REQUIRE(ignore.ok());
  ArtifactWriteOptions opts;
  opts.out_dir = out.path() / "app";
  opts.tarball = true;
  Result<WrittenArtifact> art = WriteArtifact(t.path(), *ignore, opts);
  REQUIRE(art.ok());
  const std::string expected = ReferenceDigest(t.path(), kExcludedByDefaults);
  CHECK(art->digest == expected);
  CHECK(art->path == opts.out_dir / expected.substr(7));
  CHECK_FALSE(art->reused);
  CHECK(art->files == 6);
  CHECK(fs::exists(art->path / "deploy/app.yaml"));
  CHECK(fs::is_directory(art->path / "empty"));
  CHECK_FALSE(fs::exists(art->path / "logo.png"));
  CHECK_FALSE(fs::exists(art->path / ".git"));
  CHECK_FALSE(fs::exists(art->path / "link.yaml"));
  struct stat st;
  REQUIRE(stat((art->path / "deploy/run.sh").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  REQUIRE(stat((art->path / "a-b/x").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  REQUIRE(stat((art->path / "a").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0750);
  // The artifact tree digests to its own digest.
  CHECK(*TreeDigest(art->path) == art->digest);
  // Only the artifact, its tarball and the lock file are in out_dir.
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(opts.out_dir)) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 3);

  // The tarball: gzip of the stream (Python's gzip), readable by tarfile.
  REQUIRE(art->tarball == opts.out_dir / (expected.substr(7) + ".tar.gz"));
  const std::string py =
      "/usr/bin/python3 -c '"
      "import gzip,hashlib,sys,tarfile;"
      "d=gzip.open(sys.argv[1]).read();"
      "print(\"sha256:\"+hashlib.sha256(d).hexdigest());"
      "print(\" \".join(tarfile.open(sys.argv[1]).getnames()))' ";
  const std::string got = Run(py + art->tarball.string());
  const std::string long_name = std::string(90, 'd') + "/" + std::string(40, 'f') + ".yaml";
  CHECK(got == expected + "\n. a a/b a-b a-b/x " + std::string(90, 'd') + " " + long_name +
                   " deploy deploy/app.yaml deploy/run.sh empty z.txt");

  // Same content again: the existing tree is reused.
  Result<WrittenArtifact> again = WriteArtifact(t.path(), *ignore, opts);
  REQUIRE(again.ok());
  CHECK(again->reused);
  CHECK(again->digest == art->digest);
}

TEST_CASE("artifact: the listing order is Go's filepath.Walk order", "[artifact]") {
  // `a` before `a-b` as sibling names, so `a/b` comes before `a-b` (a sort
  // of whole paths would put `a-b` first). Checked through tarfile above;
  // here the digest of a tree that differs only by that order.
  TempDir t;
  t.Write("a/b", "1");
  t.Write("a-b", "2");
  CHECK(*TreeDigest(t.path()) == ReferenceDigest(t.path(), {}));
}

TEST_CASE("artifact: names that do not fit ustar get a PAX path record", "[artifact]") {
  TempDir t, out;
  const std::string unsplittable = std::string(120, 'n') + ".yaml";  // no '/' to split at
  t.Write("caf\xc3\xa9/men\xc3\xbc.yaml", "utf8");
  t.Write(unsplittable, "long");
  ArtifactWriteOptions opts;
  opts.out_dir = out.path();
  opts.tarball = true;
  Result<WrittenArtifact> art = WriteArtifact(t.path(), IgnoreMatcher(), opts);
  REQUIRE(art.ok());
  const std::string got =
      Run("/usr/bin/python3 -c 'import sys,tarfile;"
          "print(\"|\".join(m.name for m in tarfile.open(sys.argv[1])))' " +
          art->tarball.string());
  CHECK(got == ".|caf\xc3\xa9|caf\xc3\xa9/men\xc3\xbc.yaml|" + unsplittable);
  CHECK(*TreeDigest(art->path) == art->digest);
}

TEST_CASE("artifact: an out_dir inside the source tree is not archived into itself", "[artifact]") {
  TempDir t;
  t.Write("deploy/app.yaml", "a: 1\n");
  ArtifactWriteOptions opts;
  opts.out_dir = t.path() / "out";
  Result<WrittenArtifact> first = WriteArtifact(t.path(), IgnoreMatcher(), opts);
  REQUIRE(first.ok());
  Result<WrittenArtifact> second = WriteArtifact(t.path(), IgnoreMatcher(), opts);
  REQUIRE(second.ok());
  CHECK(second->digest == first->digest);
  CHECK(first->digest == ReferenceDigest(t.path(), {"out"}));
  CHECK_FALSE(fs::exists(first->path / "out"));
}

TEST_CASE("artifact: keep-last-N removes the oldest artifacts only", "[artifact]") {
  TempDir out;
  ArtifactWriteOptions opts;
  opts.out_dir = out.path();
  opts.keep = 2;
  opts.tarball = true;
  std::vector<std::string> digests;
  fs::create_directories(out.path() / "unrelated");
  for (int i = 0; i < 4; ++i) {
    TempDir t;
    t.Write("v", std::to_string(i));
    Result<WrittenArtifact> art = WriteArtifact(t.path(), IgnoreMatcher(), opts);
    REQUIRE(art.ok());
    digests.push_back(art->digest.substr(7));
    // Distinct modification times even on coarse clocks.
    struct timespec times[2] = {{1000 + i, 0}, {1000 + i, 0}};
    REQUIRE(utimensat(AT_FDCWD, art->path.c_str(), times, 0) == 0);
  }
  CHECK_FALSE(fs::exists(out.path() / digests[0]));
  CHECK_FALSE(fs::exists(out.path() / (digests[0] + ".tar.gz")));
  CHECK_FALSE(fs::exists(out.path() / digests[1]));
  CHECK(fs::exists(out.path() / digests[2]));
  CHECK(fs::exists(out.path() / digests[3]));
  CHECK(fs::exists(out.path() / (digests[3] + ".tar.gz")));
  CHECK(fs::exists(out.path() / "unrelated"));
}

TEST_CASE("artifact: ArtifactBuilder gives the digest of the same tree on disk", "[artifact]") {
  TempDir t, out;
  t.Write("deploy/app.yaml", "a: 1\n");
  t.Write("deploy/run.sh", "#!/bin/sh\n", 0755);
  t.Write("README.md", "hello\n");
  fs::create_directories(t.path() / "empty");
  ArtifactWriteOptions opts;
  opts.out_dir = out.path();
  Result<std::unique_ptr<ArtifactBuilder>> b = ArtifactBuilder::Create(opts);
  REQUIRE(b.ok());
  CHECK((*b)->AddFile("deploy/run.sh", "#!/bin/sh\n", true).ok());
  CHECK((*b)->AddFile("README.md", "hello\n", false).ok());
  CHECK((*b)->AddDirectory("empty").ok());
  CHECK((*b)->AddFile("deploy/app.yaml", "a: 1\n", false).ok());
  CHECK((*b)->AddFile("deploy/app.yaml", "again", false).code() == Code::kAlreadyExists);
  CHECK((*b)->AddFile("../escape", "x", false).code() == Code::kInvalidArgument);
  CHECK((*b)->AddFile("/abs", "x", false).code() == Code::kInvalidArgument);
  CHECK((*b)->AddFile("a//b", "x", false).code() == Code::kInvalidArgument);
  Result<WrittenArtifact> art = (*b)->Commit();
  REQUIRE(art.ok());
  CHECK(art->digest == ReferenceDigest(t.path(), {}));
  CHECK(art->files == 3);
}

TEST_CASE("artifact: an abandoned builder and a failed write leave nothing behind", "[artifact]") {
  TempDir out;
  ArtifactWriteOptions opts;
  opts.out_dir = out.path();
  {
    Result<std::unique_ptr<ArtifactBuilder>> b = ArtifactBuilder::Create(opts);
    REQUIRE(b.ok());
    REQUIRE((*b)->AddFile("x", "y", false).ok());
  }
  CHECK(fs::is_empty(out.path()));
  Result<WrittenArtifact> missing = WriteArtifact(out.path() / "nope", IgnoreMatcher(), opts);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains("nope"));
  CHECK(fs::is_empty(out.path()));
  Result<WrittenArtifact> no_out = WriteArtifact(out.path(), IgnoreMatcher(), {});
  CHECK(no_out.status().code() == Code::kInvalidArgument);
}

TEST_CASE("artifact: include copies fromPath to toPath inside the roots", "[artifact]") {
  TempDir included, dest;
  included.Write("manifests/app.yaml", "a: 1\n");
  included.Write("manifests/tools/run.sh", "#!/bin/sh\n", 0700);
  included.Write("other.yaml", "b: 2\n");
  dest.Write("own.yaml", "c: 3\n");

  REQUIRE(CopyInclude(included.path(), "manifests", dest.path(), "vendor/app").ok());
  CHECK(fs::exists(dest.path() / "vendor/app/app.yaml"));
  struct stat st;
  REQUIRE(stat((dest.path() / "vendor/app/tools/run.sh").c_str(), &st) == 0);
  CHECK((st.st_mode & 0100) != 0);
  CHECK_FALSE(fs::exists(dest.path() / "vendor/app/other.yaml"));

  // The whole artifact, and `..` clamped at the roots as securejoin does.
  REQUIRE(CopyInclude(included.path(), "", dest.path(), "../../all").ok());
  CHECK(fs::exists(dest.path() / "all/other.yaml"));
  CHECK(fs::exists(dest.path() / "all/manifests/app.yaml"));

  Status taken = CopyInclude(included.path(), "manifests", dest.path(), "vendor/app");
  CHECK(taken.code() == Code::kAlreadyExists);
  Status missing = CopyInclude(included.path(), "nope", dest.path(), "x");
  CHECK(missing.code() == Code::kNotFound);
  CHECK_THAT(missing.message(), Catch::Contains("nope"));
  // A file replaces a file, as Flux's rename does.
  REQUIRE(CopyInclude(included.path(), "other.yaml", dest.path(), "own.yaml").ok());
  std::ifstream in(dest.path() / "own.yaml");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "b: 2\n");
  CHECK(CopyInclude(included.path(), "", dest.path(), "").code() == Code::kInvalidArgument);
}

}  // namespace
}  // namespace gitops::source
