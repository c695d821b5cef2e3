// plan_diff_run: the issue-5 measurement of planning, in one run.
//
//   plan_diff_run generate DIR [N]   writes DIR/desired.yaml (N Deployment-sized
//                                    objects, default 10,000) and DIR/live.yaml
//                                    (the same objects as kube-apiserver stores
//                                    them after a server-side apply by "gitops":
//                                    managedFields, uid, resourceVersion, status,
//                                    the pod defaults nobody applied; 10% with
//                                    a container image changed since)
//   plan_diff_run run DIR [THREADS]  in this fresh process: reads and parses both
//                                    files (parse time), plans (MakePlanFrom: plan
//                                    time), formats what `gitops diff` prints
//                                    (output time), and reports the peak resident
//                                    set growth against the input size. THREADS:
//                                    PlanOptions::threads (default 0: one per
//                                    core, at most 4).
//
// Only the public headers; the schema is the one MakePlan picks for
// Deployments (the built-in v1.32 table), so the live managedFields have the
// API server's shape (`k:{"name":"api"}` for containers, ports by
// containerPort and protocol).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/yaml.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/plan.h"
#include "support/yaml_inputs.h"

namespace {

using Clock = std::chrono::steady_clock;

size_t PeakRss() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;
}

size_t CurrentRss() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4096;
}

bool ResetPeak() {
  FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A quantity of the forms support/yaml_inputs.h writes ("<n>m" CPU,
// "<n>Mi" memory) as the API server stores it: whole cores and whole
// gibibytes in the shorter unit ("2000m" is "2", "1024Mi" is "1Gi"), as
// apimachinery's canonical form gives them (and as the plan compares them).
std::string StoredQuantity(std::string_view q) {
  auto number = [](std::string_view digits, uint64_t* out) {
    if (digits.empty()) return false;
    uint64_t n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    *out = n;
    return true;
  };
  uint64_t n = 0;
  if (q.ends_with("m") && number(q.substr(0, q.size() - 1), &n) && n % 1000 == 0) {
    return std::to_string(n / 1000);
  }
  if (q.ends_with("Mi") && number(q.substr(0, q.size() - 2), &n) && n % 1024 == 0) {
    return std::to_string(n / 1024) + "Gi";
  }
  return std::string(q);
}

int Generate(const std::string& dir, size_t n) {
  gitops_bench::Rng rng(42);
  std::string desired_text;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) desired_text += "---\n";
    gitops_bench::Deployment(&desired_text, "app" + gitops_bench::Num(i, 5),
                             "team" + gitops_bench::Num(i % 50, 2), rng);
  }
  auto desired = gitops::ReadYaml(desired_text);
  if (!desired.ok()) {
    std::fprintf(stderr, "%s\n", desired.status().ToString().c_str());
    return 1;
  }
  std::vector<gitops::Value> live;
  live.reserve(desired->size());
  for (size_t i = 0; i < desired->size(); ++i) {
    gitops::Value config = (*desired)[i];
    auto applied = gitops::plan::Apply(
        gitops::plan::Schema::BuiltIn(), gitops::plan::Schema::BuiltInTypeFor("apps/v1", "Deployment"),
        gitops::Value(), config, {}, "gitops", "apps/v1", {});
    if (!applied.ok()) {
      std::fprintf(stderr, "%s\n", applied.status().ToString().c_str());
      return 1;
    }
    gitops::Value l = std::move(applied->object);
    gitops::Value& metadata = l["metadata"];
    metadata.Set("uid", "7d0c4e8a-1b2f-4c3d-9e8f-" + gitops_bench::Num(i, 12));
    metadata.Set("resourceVersion", gitops_bench::Num(100000 + i));
    metadata.Set("generation", 3);
    metadata.Set("creationTimestamp", "2026-11-30T09:00:00Z");
    gitops::Value managed = applied->managed.ToValue();
    managed[0].Set("time", "2026-11-30T09:00:00Z");
    metadata.Set("managedFields", managed);
    auto status = gitops::ReadYamlDocument(
        "availableReplicas: 2\nobservedGeneration: 3\nreadyReplicas: 2\nreplicas: 2\n"
        "updatedReplicas: 2\nconditions:\n- {type: Available, status: \"True\", reason: "
        "MinimumReplicasAvailable}\n");
    l.Set("status", *status);
    // What the API server's defaulting adds and nobody owns.
    auto set_default = [](gitops::Value* map, std::string_view key, std::string_view value) {
      if (map != nullptr && map->is_object() && !map->Contains(key)) map->Set(key, value);
    };
    gitops::Value* pod = l.AtPointer("/spec/template/spec");
    set_default(pod, "dnsPolicy", "ClusterFirst");
    set_default(pod, "restartPolicy", "Always");
    set_default(pod, "schedulerName", "default-scheduler");
    if (gitops::Value* containers = l.AtPointer("/spec/template/spec/containers");
        containers != nullptr && containers->is_array()) {
      for (gitops::Value& c : containers->items()) {
        set_default(&c, "terminationMessagePath", "/dev/termination-log");
        set_default(&c, "terminationMessagePolicy", "File");
        for (const char* kind : {"limits", "requests"}) {
          gitops::Value* resources = c.AtPointer(std::string("/resources/") + kind);
          if (resources == nullptr || !resources->is_object()) continue;
          for (gitops::Value::Member& q : resources->members()) {
            if (q.value().is_string()) q.value() = gitops::Value(StoredQuantity(q.value().as_string()));
          }
        }
      }
    }
    if (i % 10 == 0) {
      gitops::Value* image = l.AtPointer("/spec/template/spec/containers/0/image");
      if (image != nullptr) *image = gitops::Value("registry.example.com/hotfix:v9.9.9");
    }
    live.push_back(std::move(l));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "%s: %s\n", dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::ofstream(dir + "/desired.yaml") << desired_text;
  std::ofstream(dir + "/live.yaml") << gitops::WriteYamlStream(live);
  std::printf("wrote %zu objects: desired %zu bytes, live %zu bytes\n", n, desired_text.size(),
              ReadFile(dir + "/live.yaml").size());
  return 0;
}

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// This process's CPU time (user + system) in ms: on a loaded machine the
// wall time mostly measures the other processes.
double CpuMs() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

int Run(const std::string& dir, int threads) {
  for (const char* name : {"/desired.yaml", "/live.yaml"}) {
    if (!std::filesystem::is_regular_file(dir + name)) {
      std::fprintf(stderr, "%s%s: no such file (run `plan_diff_run generate %s` first)\n",
                   dir.c_str(), name, dir.c_str());
      return 1;
    }
  }
  bool reset = ResetPeak();
  size_t rss_before = CurrentRss();
  auto t0 = Clock::now();
  double c0 = CpuMs();
  std::string desired_text = ReadFile(dir + "/desired.yaml");
  std::string live_text = ReadFile(dir + "/live.yaml");
  gitops::YamlReadOptions options;
  options.max_document_bytes = size_t{1} << 30;
  options.file = "desired.yaml";
  auto desired = gitops::ReadYaml(desired_text, options);
  options.file = "live.yaml";
  auto live = gitops::ReadYaml(live_text, options);
  auto t1 = Clock::now();
  double c1 = CpuMs();
  if (!desired.ok() || !live.ok()) {
    std::fprintf(stderr, "parse failed\n");
    return 1;
  }
  // As `gitops diff` plans: the parsed objects move into the plan.
  size_t desired_count = desired->size();
  gitops::plan::PlanOptions plan_options;
  plan_options.threads = threads;
  auto plan = gitops::plan::MakePlanFrom(std::move(*desired), *live, nullptr, plan_options);
  auto t2 = Clock::now();
  double c2 = CpuMs();
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
    return 1;
  }
  std::string out;
  size_t configured = 0;
  for (const auto& e : plan->ToChangeSet().entries) {
    if (e.action == gitops::plan::Action::kUnchanged) continue;
    configured += e.action == gitops::plan::Action::kConfigured;
    out += "► " + e.ToString() + "\n" + e.diff;
  }
  auto t3 = Clock::now();
  double c3 = CpuMs();
  size_t input = desired_text.size() + live_text.size();
  size_t peak = PeakRss();
  std::printf("objects            %zu desired, %zu live, %zu configured; plan threads %s\n",
              desired_count, live->size(), configured,
              threads > 0 ? std::to_string(threads).c_str() : "0 (one per core, at most 4)");
  std::printf("input              %.1f MB (desired %.1f MB, live %.1f MB)\n", input / 1e6,
              desired_text.size() / 1e6, live_text.size() / 1e6);
  std::printf("                   wall ms   CPU ms\n");
  std::printf("read + parse       %7.0f  %7.0f\n", Ms(t0, t1), c1 - c0);
  std::printf("plan               %7.0f  %7.0f\n", Ms(t1, t2), c2 - c1);
  std::printf("format diff output %7.0f  %7.0f  (%zu bytes)\n", Ms(t2, t3), c3 - c2, out.size());
  std::printf("whole / parse      %7.2fx %7.2fx\n", Ms(t0, t3) / Ms(t0, t1), (c3 - c0) / (c1 - c0));
  std::printf("peak RSS growth    %.1f MB = %.2fx the input%s\n", (peak - rss_before) / 1e6,
              static_cast<double>(peak - rss_before) / static_cast<double>(input),
              reset ? "" : " (peak not reset: /proc/self/clear_refs unavailable)");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "generate") == 0) {
    return Generate(argv[2], argc >= 4 ? std::stoul(argv[3]) : 10000);
  }
  if ((argc == 3 || argc == 4) && std::strcmp(argv[1], "run") == 0) {
    return Run(argv[2], argc == 4 ? std::stoi(argv[3]) : 0);
  }
  std::fprintf(stderr, "usage: plan_diff_run generate DIR [N] | run DIR [THREADS]\n");
  return 2;
}
