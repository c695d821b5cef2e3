// source_git_fetch_run: GitSource::Fetch timed inside one process, for
// compare/source_git_http_compare.sh (issue 4's benchmark).
//
//   source_git_fetch_run fetch URL CACHE OUT [--cache-only] [--repeat N] [--tarball]
//       N (default 1) calls of Fetch of URL's master branch into CACHE / OUT,
//       one line per call:
//         fetch <i>: <ms> ms wall, <ms> ms cpu, <bytes> pack bytes, <rev>, <digest>
//       (pack bytes: the last GitFetchProgress::received_bytes, 0 when
//       nothing was downloaded). With --repeat 2 the second call is the
//       no-op fetch of an unchanged ref, timed without process start.
//   source_git_fetch_run package DIR OUT
//       artifact packaging alone over the tree at DIR: TreeDigest, then
//       WriteArtifact into OUT without and with the .tar.gz, one line each:
//         <what>: <ms> ms wall, <ms> ms cpu, <files> files, <bytes> bytes, <MB/s> MB/s
//       (MB = 10^6 bytes of file content, per wall second).
//
// Only the public headers.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "gitops/source/artifact.h"
#include "gitops/source/git.h"
#include "gitops/source/ignore.h"

namespace {

using Clock = std::chrono::steady_clock;

double CpuMs() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 + usage.ru_stime.tv_sec * 1e3 +
         usage.ru_stime.tv_usec / 1e3;
}

struct Timer {
  Clock::time_point wall = Clock::now();
  double cpu = CpuMs();
  double WallMs() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - wall).count();
  }
  double CpuSpentMs() const { return CpuMs() - cpu; }
};

int Usage() {
  std::fprintf(stderr,
               "usage: source_git_fetch_run fetch URL CACHE OUT [--cache-only] [--repeat N] "
               "[--tarball]\n"
               "       source_git_fetch_run package DIR OUT\n");
  return 2;
}

int Fetch(int argc, char** argv) {
  if (argc < 5) return Usage();
  gitops::source::GitRepositorySpec spec;
  spec.url = argv[2];
  spec.ref.branch = "master";
  gitops::source::GitFetchOptions options;
  options.cache_dir = argv[3];
  options.out_dir = argv[4];
  int repeat = 1;
  for (int i = 5; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--cache-only") {
      options.cache_only = true;
    } else if (a == "--tarball") {
      options.tarball = true;
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      return Usage();
    }
  }
  uint64_t received = 0;
  options.progress = [&](const gitops::source::GitFetchProgress& p) {
    received = p.received_bytes;
  };
  for (int i = 1; i <= repeat; ++i) {
    received = 0;
    Timer t;
    auto artifact = gitops::source::GitSource().Fetch(spec, {}, options);
    const double wall = t.WallMs(), cpu = t.CpuSpentMs();
    if (!artifact.ok()) {
      std::fprintf(stderr, "fetch %d: %s\n", i, artifact.status().ToString().c_str());
      return 1;
    }
    std::printf("fetch %d: %.1f ms wall, %.1f ms cpu, %llu pack bytes, %s, %s\n", i, wall, cpu,
                static_cast<unsigned long long>(received), artifact->revision.c_str(),
                artifact->digest.empty() ? "(no artifact)" : artifact->digest.c_str());
  }
  return 0;
}

int Package(int argc, char** argv) {
  if (argc != 4) return Usage();
  const std::filesystem::path dir = argv[2];
  gitops::source::IgnoreMatcher none;
  auto report = [](const char* what, const Timer& t, uint64_t files, uint64_t bytes) {
    const double wall = t.WallMs(), cpu = t.CpuSpentMs();
    std::printf("%s: %.1f ms wall, %.1f ms cpu, %llu files, %llu bytes, %.1f MB/s\n", what, wall,
                cpu, static_cast<unsigned long long>(files), static_cast<unsigned long long>(bytes),
                static_cast<double>(bytes) / 1e6 / (wall / 1e3));
  };
  // The file count and bytes come from a first WriteArtifact, which also
  // warms the page cache for the timed runs.
  gitops::source::ArtifactWriteOptions warm;
  warm.out_dir = std::filesystem::path(argv[3]) / "warm";
  auto first = gitops::source::WriteArtifact(dir, none, warm);
  if (!first.ok()) {
    std::fprintf(stderr, "%s\n", first.status().ToString().c_str());
    return 1;
  }
  {
    Timer t;
    auto digest = gitops::source::TreeDigest(dir, &none);
    if (!digest.ok() || *digest != first->digest) {
      std::fprintf(stderr, "TreeDigest differs from WriteArtifact's digest\n");
      return 1;
    }
    report("digest (TreeDigest)", t, first->files, first->bytes);
  }
  for (bool tarball : {false, true}) {
    gitops::source::ArtifactWriteOptions options;
    options.out_dir = std::filesystem::path(argv[3]) / (tarball ? "tgz" : "tree");
    options.tarball = tarball;
    Timer t;
    auto written = gitops::source::WriteArtifact(dir, none, options);
    if (!written.ok()) {
      std::fprintf(stderr, "%s\n", written.status().ToString().c_str());
      return 1;
    }
    report(tarball ? "tree + digest + .tar.gz (WriteArtifact, tarball)"
                   : "tree + digest (WriteArtifact)",
           t, written->files, written->bytes);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string mode = argv[1];
  if (mode == "fetch") return Fetch(argc, argv);
  if (mode == "package") return Package(argc, argv);
  return Usage();
}
