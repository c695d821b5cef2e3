// Artifact packaging speed: the digest of a tree, the atomic copy into an
// artifact with its digest, and the same with the .tar.gz, over a generated
// tree shaped like a fleet repository (many small YAML files, some larger
// ones). sha256 and zlib level 6 over the same bytes in memory are the
// ceilings (they link OpenSSL and zlib directly: the reference, not our
// code). bytes_per_second counts the files' bytes.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "gitops/source/artifact.h"
#include "gitops/source/ignore.h"

namespace {

namespace fs = std::filesystem;

struct Tree {
  fs::path root;
  std::string all_bytes;  // the files' contents, concatenated
  int files = 0;
};

// 4,000 files: 3,800 manifests of 1-8 KB, 200 files of 20-200 KB, in
// directories 3 deep; deterministic.
const Tree& GetTree() {
  static Tree* tree = [] {
    auto* t = new Tree;
    std::string tmpl = (fs::temp_directory_path() / "gitops-bench-tree-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    t->root = tmpl;
    static fs::path cleanup = t->root;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(cleanup, ec);
    });
    std::mt19937 rng(42);
    const char* words[] = {"apiVersion: apps/v1\n",   "kind: Deployment\n",
                           "  name: web\n",           "  labels:\n    app: web\n",
                           "    image: nginx:1.27\n", "      - containerPort: 8080\n",
                           "  replicas: 3\n"};
    for (int i = 0; i < 4000; ++i) {
      const size_t size = i < 3800 ? 1000 + rng() % 7000 : 20000 + rng() % 180000;
      std::string content;
      while (content.size() < size) content += words[rng() % 7];
      content.resize(size);
      fs::path p = t->root / ("team-" + std::to_string(i % 10)) /
                   ("app-" + std::to_string(i % 97)) / ("file-" + std::to_string(i) + ".yaml");
      fs::create_directories(p.parent_path());
      std::ofstream(p, std::ios::binary) << content;
      t->all_bytes += content;
      ++t->files;
    }
    return t;
  }();
  return *tree;
}

void SetCounters(benchmark::State& state, const Tree& t) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(t.all_bytes.size()));
  state.counters["files"] = t.files;
  state.counters["MB"] = static_cast<double>(t.all_bytes.size()) / 1e6;
}

void BM_Sha256Reference(benchmark::State& state) {
  const Tree& t = GetTree();
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx, t.all_bytes.data(), t.all_bytes.size());
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
    benchmark::DoNotOptimize(out);
  }
  SetCounters(state, t);
}
BENCHMARK(BM_Sha256Reference)->Unit(benchmark::kMillisecond);

void BM_GzipLevel6Reference(benchmark::State& state) {
  const Tree& t = GetTree();
  std::string out(compressBound(static_cast<uLong>(t.all_bytes.size())) + 64, '\0');
  for (auto _ : state) {
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(t.all_bytes.data()));
    zs.avail_in = static_cast<uInt>(t.all_bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, t);
}
BENCHMARK(BM_GzipLevel6Reference)->Unit(benchmark::kMillisecond);

void BM_TreeDigest(benchmark::State& state) {
  const Tree& t = GetTree();
  for (auto _ : state) {
    auto d = gitops::source::TreeDigest(t.root);
    if (!d.ok()) state.SkipWithError(d.status().ToString().c_str());
    benchmark::DoNotOptimize(d);
  }
  SetCounters(state, t);
}
BENCHMARK(BM_TreeDigest)->Unit(benchmark::kMillisecond)->UseRealTime();

void WriteArtifacts(benchmark::State& state, bool tarball) {
  const Tree& t = GetTree();
  std::string tmpl = (fs::temp_directory_path() / "gitops-bench-out-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  gitops::source::ArtifactWriteOptions opts;
  opts.out_dir = tmpl;
  opts.keep = 1;
  opts.tarball = tarball;
  gitops::source::IgnoreMatcher ignore;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(opts.out_dir);  // so each iteration writes a fresh tree
    state.ResumeTiming();
    auto art = gitops::source::WriteArtifact(t.root, ignore, opts);
    if (!art.ok()) state.SkipWithError(art.status().ToString().c_str());
  }
  fs::remove_all(opts.out_dir);
  SetCounters(state, t);
}

void BM_WriteArtifact(benchmark::State& state) { WriteArtifacts(state, false); }
BENCHMARK(BM_WriteArtifact)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WriteArtifactWithTarball(benchmark::State& state) { WriteArtifacts(state, true); }
BENCHMARK(BM_WriteArtifactWithTarball)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
