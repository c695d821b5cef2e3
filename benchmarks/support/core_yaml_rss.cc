// Cross-check of Value::HeapBytes() on the 2,000-object manifest stream: what
// reading it really costs in memory, malloc's overhead included.
//
// Prints, relative to the input size:
//   heap_bytes   sum of HeapBytes() + sizeof(Value) per document (what the
//                benchmark reports as mem_ratio);
//   malloc_in_use growth of glibc's in-use bytes (mallinfo2: chunk sizes,
//                headers and alignment included) while the result is held;
//   rss_retained growth of the resident set while the result is held;
//   rss_peak     growth of the peak resident set (getrusage) during the read,
//                which includes libyaml's and the reader's transient buffers.
//
// Usage: core_yaml_rss [manifests|crds]
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "support/yaml_inputs.h"

namespace {

size_t CurrentRssBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

size_t PeakRssBytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

// Resets the peak resident set to the current one (Linux >= 4.0), so that
// generating the input does not hide the read's peak. False if not allowed.
bool ResetPeakRss() {
  FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

size_t MallocInUse() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

}  // namespace

int main(int argc, char** argv) {
  bool crds = argc > 1 && std::strcmp(argv[1], "crds") == 0;
  const std::string text =
      crds ? gitops_bench::CrdStream(8) : gitops_bench::ManifestStream(2000);
  // Touch everything the reader will touch once, so that first-use costs
  // (libyaml's buffers, the locale) do not count as the result's memory.
  {
    auto warm = gitops::ReadYaml(text.substr(0, 4096 < text.size() ? 4096 : text.size()));
    (void)warm;
  }
  malloc_trim(0);
  bool peak_reset = ResetPeakRss();
  size_t rss0 = CurrentRssBytes();
  size_t peak0 = PeakRssBytes();
  size_t malloc0 = MallocInUse();

  auto docs = gitops::ReadYaml(text);
  if (!docs.ok()) {
    std::fprintf(stderr, "ReadYaml: %s\n", docs.status().ToString().c_str());
    return 1;
  }
  size_t malloc1 = MallocInUse();
  size_t rss1 = CurrentRssBytes();
  size_t peak1 = PeakRssBytes();

  size_t heap = 0;
  for (const gitops::Value& doc : *docs) heap += doc.HeapBytes() + sizeof(gitops::Value);
  double in = static_cast<double>(text.size());
  std::printf("input          %10zu bytes  %zu documents\n", text.size(), docs->size());
  std::printf("heap_bytes     %10zu bytes  %.2fx input\n", heap, heap / in);
  std::printf("malloc_in_use  %10zu bytes  %.2fx input\n", malloc1 - malloc0,
              (malloc1 - malloc0) / in);
  std::printf("rss_retained   %10zu bytes  %.2fx input\n", rss1 - rss0, (rss1 - rss0) / in);
  std::printf("rss_peak       %10zu bytes  %.2fx input%s\n", peak1 - peak0, (peak1 - peak0) / in,
              peak_reset ? "" : "  (peak could not be reset: a lower bound)");
  return 0;
}
