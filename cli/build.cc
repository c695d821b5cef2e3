// gitops build: a kustomization built as kubectl kustomize builds it.

#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "gitops/core/status.h"

namespace gitops_cli {

std::optional<Failure> ParseBuildArgs(const std::string& command,
                                      const std::vector<std::string>& args, BuildArgs* build,
                                      const OwnFlag& own_flag) {
  gitops::render::BuildOptions& options = build->options;
  options.managed_by = "gitops-" GITOPS_VERSION;
  std::vector<std::string> dirs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string value;
    if (TakeFlag(args, &i, "--reorder", &value)) {
      if (value == "legacy") {
        options.reorder = gitops::render::Reorder::kLegacy;
      } else if (value == "none") {
        options.reorder = gitops::render::Reorder::kNone;
      } else {
        return Failure{"invalid value \"" + value + "\" for --reorder (use legacy or none)"};
      }
    } else if (TakeFlag(args, &i, "--load-restrictor", &value)) {
      if (value == "LoadRestrictionsRootOnly") {
        options.load_restrictor = gitops::render::LoadRestrictor::kRootOnly;
      } else if (value == "LoadRestrictionsNone") {
        options.load_restrictor = gitops::render::LoadRestrictor::kNone;
      } else {
        return Failure{"invalid value \"" + value +
                       "\" for --load-restrictor (use LoadRestrictionsRootOnly or "
                       "LoadRestrictionsNone)"};
      }
    } else if (arg == "--enable-managedby-label") {
      options.managed_by_label = true;
    } else if (arg == "--enable-alpha-plugins") {
      // Accepted as kubectl accepts it; gitops runs no external plugins.
    } else if (own_flag && own_flag(args, &i)) {
      // The caller's flag, consumed with its value.
    } else if (arg.starts_with("-")) {
      return Failure{"unknown flag for " + command + ": " + arg};
    } else {
      dirs.push_back(arg);
    }
  }
  if (dirs.size() > 1)
    return Failure{command + " takes one directory, got " + std::to_string(dirs.size())};
  if (!dirs.empty()) build->dir = dirs[0];
  return std::nullopt;
}

int Build(const std::vector<std::string>& args) {
  BuildArgs build;
  if (auto failure = ParseBuildArgs("build", args, &build, nullptr)) return Fail(*failure);
  gitops::Result<std::string> yaml = gitops::render::BuildYaml(build.dir, build.options);
  if (!yaml.ok()) return Fail({yaml.status().ToString()});
  return Write(*yaml);
}

}  // namespace gitops_cli
