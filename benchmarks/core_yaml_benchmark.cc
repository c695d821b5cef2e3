// YAML read and write throughput, side by side with libyaml's bare event
// loop (the ceiling for any reader built on libyaml's event API).
//
// Inputs (generated, see support/yaml_inputs.h):
//   Manifests: 2,000 Deployments, Services and ConfigMaps (about 4.4 MB).
//   Crds:      description-heavy CustomResourceDefinitions (about 5.7 MB).
//
// BM_LibyamlEvents_<input>       yaml_parser_parse + yaml_event_delete only.
// BM_ReadYaml_<input>            gitops::ReadYaml, including freeing the
//                                result (a caller pays for both).
// BM_WriteYaml_<input>           gitops::WriteYamlStream, kustomize key order.
// BM_WriteYamlInsertion_<input>  the same with KeyOrder::kInsertion.
// BM_WriteYaml_Deployment        gitops::WriteYaml of one Deployment (about
//                                5 KB), a fresh string per call, as the plan
//                                writes the live and merged object of each
//                                changed object for its diff.
// BM_WriteYamlInsertion_Deployment  the same with KeyOrder::kInsertion.
// BM_WriteYamlPair_Deployment    gitops::WriteYamlPair of that Deployment and
//                                a copy with one container image changed,
//                                as the plan writes a changed object's two
//                                sides (bytes: both texts).
//
// bytes_per_second is input bytes for reads and output bytes for writes.
// Counters: mem_ratio (sum of HeapBytes() + sizeof(Value) over the documents,
// divided by the input size), out_in_ratio (output bytes / input bytes).
// compare/yaml_read_compare.sh turns the results into the README's table.
#include <benchmark/benchmark.h>
#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "support/yaml_inputs.h"

namespace {

const std::string& Manifests() {
  static const std::string text = gitops_bench::ManifestStream(2000);
  return text;
}
// Three Deployments: the benchmark writes the first, which is about 5 KB.
const std::string& Deployments() {
  static const std::string text = [] {
    gitops_bench::Rng rng(20240501);
    std::string out;
    for (int i = 0; i < 3; ++i) {
      if (i > 0) out += "---\n";
      gitops_bench::Deployment(&out, "svc-" + gitops_bench::Num(static_cast<size_t>(i), 4),
                               "team-00", rng);
    }
    return out;
  }();
  return text;
}
const std::string& Crds() {
  static const std::string text = gitops_bench::CrdStream(8);
  return text;
}

std::vector<gitops::Value> MustRead(const std::string& text) {
  auto docs = gitops::ReadYaml(text);
  if (!docs.ok()) {
    std::fprintf(stderr, "ReadYaml failed on a generated input: %s\n",
                 docs.status().ToString().c_str());
    std::abort();
  }
  return std::move(docs).value();
}

// Returns the number of events, or -1 on a parse error.
long LibyamlEventLoop(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  long events = 0;
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      events = -1;
      break;
    }
    bool done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    ++events;
    if (done) break;
  }
  yaml_parser_delete(&parser);
  return events;
}

void LibyamlEvents(benchmark::State& state, const std::string& text) {
  long events = 0;
  for (auto _ : state) {
    events = LibyamlEventLoop(text);
    benchmark::DoNotOptimize(events);
  }
  if (events < 0) state.SkipWithError("libyaml rejected the generated input");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["events"] = static_cast<double>(events);
}

double MemRatio(const std::vector<gitops::Value>& docs, size_t input_bytes) {
  size_t bytes = 0;
  for (const gitops::Value& doc : docs) bytes += doc.HeapBytes() + sizeof(gitops::Value);
  return static_cast<double>(bytes) / static_cast<double>(input_bytes);
}

void ReadYaml(benchmark::State& state, const std::string& text) {
  size_t documents = 0;
  for (auto _ : state) {
    auto docs = gitops::ReadYaml(text);
    if (!docs.ok()) {
      state.SkipWithError(docs.status().ToString().c_str());
      break;
    }
    documents = docs->size();
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["docs"] = static_cast<double>(documents);
  state.counters["mem_ratio"] = MemRatio(MustRead(text), text.size());
}

void WriteYaml(benchmark::State& state, const std::string& text,
               gitops::YamlWriteOptions::KeyOrder order) {
  std::vector<gitops::Value> docs = MustRead(text);
  gitops::YamlWriteOptions options;
  options.key_order = order;
  size_t out_bytes = 0;
  for (auto _ : state) {
    std::string out = gitops::WriteYamlStream(docs, options);
    out_bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  if (out_bytes == 0) {
    state.SkipWithError("WriteYamlStream returned nothing (the writer is still a stub)");
    return;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(out_bytes));
  state.counters["out_in_ratio"] =
      static_cast<double>(out_bytes) / static_cast<double>(text.size());
}

// One document at a time, each call returning a new string.
void WriteYamlDocument(benchmark::State& state, const std::string& text,
                       gitops::YamlWriteOptions::KeyOrder order) {
  std::vector<gitops::Value> docs = MustRead(text);
  const gitops::Value& doc = docs.front();
  gitops::YamlWriteOptions options;
  options.key_order = order;
  size_t out_bytes = 0;
  for (auto _ : state) {
    std::string out = gitops::WriteYaml(doc, options);
    out_bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(out_bytes));
  state.counters["doc_bytes"] = static_cast<double>(out_bytes);
}

void BM_WriteYamlPair_Deployment(benchmark::State& state) {
  std::vector<gitops::Value> docs = MustRead(Deployments());
  const gitops::Value& before = docs.front();
  gitops::Value after = before;
  gitops::Value* image = after.AtPointer("/spec/template/spec/containers/0/image");
  if (image == nullptr) {
    state.SkipWithError("the Deployment has no first container image");
    return;
  }
  *image = gitops::Value("registry.example.com/hotfix:v9.9.9");
  std::string a, b;
  for (auto _ : state) {
    gitops::WriteYamlPair(before, after, &a, &b);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(a.size() + b.size()));
  state.counters["doc_bytes"] = static_cast<double>(a.size());
}

void BM_LibyamlEvents_Manifests(benchmark::State& state) { LibyamlEvents(state, Manifests()); }
void BM_LibyamlEvents_Crds(benchmark::State& state) { LibyamlEvents(state, Crds()); }
void BM_ReadYaml_Manifests(benchmark::State& state) { ReadYaml(state, Manifests()); }
void BM_ReadYaml_Crds(benchmark::State& state) { ReadYaml(state, Crds()); }
void BM_WriteYaml_Manifests(benchmark::State& state) {
  WriteYaml(state, Manifests(), gitops::YamlWriteOptions::KeyOrder::kKustomize);
}
void BM_WriteYaml_Crds(benchmark::State& state) {
  WriteYaml(state, Crds(), gitops::YamlWriteOptions::KeyOrder::kKustomize);
}
void BM_WriteYamlInsertion_Manifests(benchmark::State& state) {
  WriteYaml(state, Manifests(), gitops::YamlWriteOptions::KeyOrder::kInsertion);
}
void BM_WriteYamlInsertion_Crds(benchmark::State& state) {
  WriteYaml(state, Crds(), gitops::YamlWriteOptions::KeyOrder::kInsertion);
}
void BM_WriteYaml_Deployment(benchmark::State& state) {
  WriteYamlDocument(state, Deployments(), gitops::YamlWriteOptions::KeyOrder::kKustomize);
}
void BM_WriteYamlInsertion_Deployment(benchmark::State& state) {
  WriteYamlDocument(state, Deployments(), gitops::YamlWriteOptions::KeyOrder::kInsertion);
}

// min and max over --benchmark_repetitions, beside Google Benchmark's mean,
// median and stddev: the machine is shared, and the spread says how much.
double Min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double Max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

void Configure(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->ComputeStatistics("min", Min)->ComputeStatistics("max", Max);
}

BENCHMARK(BM_LibyamlEvents_Manifests)->Apply(Configure);
BENCHMARK(BM_ReadYaml_Manifests)->Apply(Configure);
BENCHMARK(BM_LibyamlEvents_Crds)->Apply(Configure);
BENCHMARK(BM_ReadYaml_Crds)->Apply(Configure);
BENCHMARK(BM_WriteYaml_Manifests)->Apply(Configure);
BENCHMARK(BM_WriteYaml_Crds)->Apply(Configure);
BENCHMARK(BM_WriteYamlInsertion_Manifests)->Apply(Configure);
BENCHMARK(BM_WriteYamlInsertion_Crds)->Apply(Configure);
BENCHMARK(BM_WriteYaml_Deployment)->Apply(Configure)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WriteYamlInsertion_Deployment)->Apply(Configure)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WriteYamlPair_Deployment)->Apply(Configure)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
