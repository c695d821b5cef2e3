#include "gitops/render/build.h"

#include <pthread.h>

#include <map>
#include <optional>

#include "gitops/core/yaml.h"
#include "render/flux.h"
#include "render/loader.h"
#include "render/target.h"

namespace gitops::render {
namespace {

// The build recurses once per kustomization level; a worker thread with a
// large stack keeps a deep chain (up to max_depth, a few KiB a level, more
// under ASan) off the caller's stack, whatever its size.
constexpr size_t kBuildStackBytes = size_t{256} << 20;

struct BuildJob {
  const Loader* ldr;
  const BuildOptions* options;
  const TopKustomization* top;
  std::optional<Result<ResMap>> result;
};

void* RunBuildJob(void* arg) {
  auto* job = static_cast<BuildJob*>(arg);
  job->result.emplace(BuildTarget(*job->ldr, *job->options, job->top));
  return nullptr;
}

Result<ResMap> BuildOnBigStack(const Loader& ldr, const BuildOptions& options,
                               const TopKustomization* top) {
  BuildJob job{&ldr, &options, top, std::nullopt};
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 &&
                 pthread_attr_setstacksize(&attr, kBuildStackBytes) == 0 &&
                 pthread_create(&thread, &attr, RunBuildJob, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return BuildTarget(ldr, options, top);  // no thread to be had: the caller's stack
  pthread_join(thread, nullptr);
  return std::move(*job.result);
}

}  // namespace

Result<std::vector<Value>> Build(const std::string& dir, const BuildOptions& options) {
  ResMap m;
  if (options.flux_kustomization.has_value()) {
    // Flux's build layer: `dir` is the artifact root (render/flux.h).
    GITOPS_ASSIGN_OR_RETURN(FluxBuild flux, PrepareFluxBuild(dir, options));
    GITOPS_ASSIGN_OR_RETURN(m, BuildOnBigStack(flux.loader, flux.options, &flux.top));
  } else {
    GITOPS_ASSIGN_OR_RETURN(Loader ldr, Loader::Root(dir, options));
    GITOPS_ASSIGN_OR_RETURN(m, BuildOnBigStack(ldr, options, nullptr));
  }
  std::vector<Value> out;
  out.reserve(m.size());
  for (Resource& r : m.items()) out.push_back(std::move(r.obj));
  if (NeedsFluxPostBuild(options)) GITOPS_RETURN_IF_ERROR(FluxPostBuild(options, &out));
  return out;
}

Result<std::string> BuildYaml(const std::string& dir, const BuildOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, Build(dir, options));
  return WriteYamlStream(docs);
}

}  // namespace gitops::render
