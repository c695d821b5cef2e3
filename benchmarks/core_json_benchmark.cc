// JSON read and write throughput on the kind of JSON a GitOps tool reads:
// `kubectl get -o json`-style dumps of many objects, and CRD schemas.
//
// Inputs (generated, deterministic): the YAML streams of
// support/yaml_inputs.h, read with gitops::ReadYaml and written as one JSON
// array of the documents, compact and indented by 2 (kubectl's style):
//   ManifestsCompact / ManifestsIndent2: 2,000 Deployments, Services, ConfigMaps.
//   CrdsCompact / CrdsIndent2:           8 description-heavy CRDs.
//
// BM_ReadJson_<input>   gitops::ReadJson of the text, including freeing the
//                       result (a caller pays for both). bytes_per_second
//                       counts input bytes; mem_ratio is (HeapBytes() +
//                       sizeof(Value)) / input bytes.
// BM_WriteJson_<input>  gitops::WriteJson of the parsed tree with the input's
//                       indentation (0 or 2). bytes_per_second counts output
//                       bytes (the same bytes as the input: the round trip is
//                       exact, checked at start-up).
//
// `core_json_benchmark --dump-json=DIR` writes the four inputs to
// DIR/<input>.json and exits (compare/json_compare.sh feeds them to Python's
// json module and jq); without it the program is an ordinary Google Benchmark
// main.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "support/yaml_inputs.h"

namespace {

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "core_json_benchmark: %s: %s\n", what, detail.c_str());
  std::abort();
}

// The documents of a YAML stream as one JSON array value.
gitops::Value StreamAsArray(const std::string& yaml) {
  auto docs = gitops::ReadYaml(yaml);
  if (!docs.ok()) Die("ReadYaml failed on a generated input", docs.status().ToString());
  return gitops::Value::ArrayFrom(std::move(docs).value());
}

std::string MustWrite(const gitops::Value& v, int indent) {
  auto text = gitops::WriteJson(v, {.indent = indent});
  if (!text.ok()) Die("WriteJson failed on a generated input", text.status().ToString());
  return std::move(text).value();
}

struct Input {
  const char* name;
  int indent;
  std::string text;
};

std::vector<Input> BuildInputs() {
  gitops::Value manifests = StreamAsArray(gitops_bench::ManifestStream(2000));
  gitops::Value crds = StreamAsArray(gitops_bench::CrdStream(8));
  std::vector<Input> inputs;
  inputs.push_back({"ManifestsCompact", 0, MustWrite(manifests, 0)});
  inputs.push_back({"ManifestsIndent2", 2, MustWrite(manifests, 2)});
  inputs.push_back({"CrdsCompact", 0, MustWrite(crds, 0)});
  inputs.push_back({"CrdsIndent2", 2, MustWrite(crds, 2)});
  // The write benchmarks count output bytes as the input's size only if the
  // round trip is exact; check it once here rather than in the loops.
  for (const Input& in : inputs) {
    auto v = gitops::ReadJson(in.text);
    if (!v.ok()) Die("ReadJson rejected a generated input", v.status().ToString());
    if (MustWrite(*v, in.indent) != in.text) Die("JSON round trip differs", in.name);
  }
  return inputs;
}

const std::vector<Input>& Inputs() {
  static const std::vector<Input> inputs = BuildInputs();
  return inputs;
}

const Input& Get(std::string_view name) {
  for (const Input& in : Inputs()) {
    if (name == in.name) return in;
  }
  Die("no such input", std::string(name));
}

void ReadJson(benchmark::State& state, const Input& in) {
  for (auto _ : state) {
    auto v = gitops::ReadJson(in.text);
    if (!v.ok()) {
      state.SkipWithError(v.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.text.size()));
  auto v = gitops::ReadJson(in.text);
  if (v.ok()) {
    state.counters["mem_ratio"] = static_cast<double>(v->HeapBytes() + sizeof(gitops::Value)) /
                                  static_cast<double>(in.text.size());
  }
}

void WriteJson(benchmark::State& state, const Input& in) {
  auto v = gitops::ReadJson(in.text);
  if (!v.ok()) {
    state.SkipWithError(v.status().ToString().c_str());
    return;
  }
  const gitops::JsonWriteOptions options{.indent = in.indent};
  size_t out_bytes = 0;
  for (auto _ : state) {
    auto out = gitops::WriteJson(*v, options);
    if (!out.ok()) {
      state.SkipWithError(out.status().ToString().c_str());
      break;
    }
    out_bytes = out->size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(out_bytes));
}

void BM_ReadJson_ManifestsCompact(benchmark::State& s) { ReadJson(s, Get("ManifestsCompact")); }
void BM_ReadJson_ManifestsIndent2(benchmark::State& s) { ReadJson(s, Get("ManifestsIndent2")); }
void BM_ReadJson_CrdsCompact(benchmark::State& s) { ReadJson(s, Get("CrdsCompact")); }
void BM_ReadJson_CrdsIndent2(benchmark::State& s) { ReadJson(s, Get("CrdsIndent2")); }
void BM_WriteJson_ManifestsCompact(benchmark::State& s) { WriteJson(s, Get("ManifestsCompact")); }
void BM_WriteJson_ManifestsIndent2(benchmark::State& s) { WriteJson(s, Get("ManifestsIndent2")); }
void BM_WriteJson_CrdsCompact(benchmark::State& s) { WriteJson(s, Get("CrdsCompact")); }
void BM_WriteJson_CrdsIndent2(benchmark::State& s) { WriteJson(s, Get("CrdsIndent2")); }

// min and max over --benchmark_repetitions, beside Google Benchmark's mean,
// median and stddev: the machine is shared, and the spread says how much.
double Min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double Max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

void Configure(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->ComputeStatistics("min", Min)->ComputeStatistics("max", Max);
}

BENCHMARK(BM_ReadJson_ManifestsCompact)->Apply(Configure);
BENCHMARK(BM_ReadJson_ManifestsIndent2)->Apply(Configure);
BENCHMARK(BM_ReadJson_CrdsCompact)->Apply(Configure);
BENCHMARK(BM_ReadJson_CrdsIndent2)->Apply(Configure);
BENCHMARK(BM_WriteJson_ManifestsCompact)->Apply(Configure);
BENCHMARK(BM_WriteJson_ManifestsIndent2)->Apply(Configure);
BENCHMARK(BM_WriteJson_CrdsCompact)->Apply(Configure);
BENCHMARK(BM_WriteJson_CrdsIndent2)->Apply(Configure);

// Writes every input to dir/<name>.json; returns a process exit code.
int DumpInputs(const std::string& dir) {
  for (const Input& in : Inputs()) {
    std::string path = dir + "/" + in.name + ".json";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      std::perror(path.c_str());
      return 1;
    }
    bool ok = std::fwrite(in.text.data(), 1, in.text.size(), f) == in.text.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) {
      std::perror(path.c_str());
      return 1;
    }
    std::printf("%s %zu\n", path.c_str(), in.text.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view kDump = "--dump-json=";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, kDump.size()) == kDump) return DumpInputs(std::string(arg.substr(kDump.size())));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
