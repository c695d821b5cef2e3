#include "gitops/render/build.h"

#include <pthread.h>

#include <map>
#include <optional>

#include "gitops/core/yaml.h"
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
  std::optional<Result<ResMap>> result;
};

void* RunBuildJob(void* arg) {
  auto* job = static_cast<BuildJob*>(arg);
  job->result.emplace(BuildTarget(*job->ldr, *job->options));
  return nullptr;
}

Result<ResMap> BuildOnBigStack(const Loader& ldr, const BuildOptions& options) {
  BuildJob job{&ldr, &options, std::nullopt};
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 &&
                 pthread_attr_setstacksize(&attr, kBuildStackBytes) == 0 &&
                 pthread_create(&thread, &attr, RunBuildJob, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return BuildTarget(ldr, options);  // no thread to be had: the caller's stack
  pthread_join(thread, nullptr);
  return std::move(*job.result);
}

}  // namespace

Result<std::vector<Value>> Build(const std::string& dir, const BuildOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(Loader ldr, Loader::Root(dir, options));
  GITOPS_ASSIGN_OR_RETURN(ResMap m, BuildOnBigStack(ldr, options));
  std::vector<Value> out;
  out.reserve(m.size());
  for (Resource& r : m.items()) out.push_back(std::move(r.obj));
  return out;
}

Result<std::string> BuildYaml(const std::string& dir, const BuildOptions& options) {
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, Build(dir, options));
  return WriteYamlStream(docs);
}

}  // namespace gitops::render
