// gitops build: a kustomization built as kubectl kustomize builds it.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "gitops/core/base64.h"
#include "gitops/core/status.h"
#include "gitops/core/yaml.h"

namespace gitops_cli {
namespace {

std::optional<Failure> ReadDocument(const std::string& flag, const std::string& path,
                                    gitops::Value* out) {
  std::string text;
  if (auto failure = ReadInput(path, &text)) return failure;
  gitops::YamlReadOptions opts;
  opts.file = path == "-" ? "<stdin>" : path;
  gitops::Result<gitops::Value> doc = gitops::ReadYamlDocument(text, opts);
  if (!doc.ok()) return Failure{flag + ": " + doc.status().ToString()};
  *out = std::move(doc).value();
  return std::nullopt;
}

// The one Flux Kustomization in `path`, which may hold other documents
// beside it (a GitRepository, as `flux bootstrap`'s gotk-sync.yaml does).
std::optional<Failure> ReadFluxKustomization(const std::string& path, gitops::Value* out) {
  std::string text;
  if (auto failure = ReadInput(path, &text)) return failure;
  gitops::YamlReadOptions opts;
  opts.file = path == "-" ? "<stdin>" : path;
  gitops::Result<std::vector<gitops::Value>> docs = gitops::ReadYaml(text, opts);
  if (!docs.ok()) return Failure{"--flux-kustomization: " + docs.status().ToString()};
  if (docs->size() == 1) {
    *out = std::move((*docs)[0]);
    return std::nullopt;
  }
  std::vector<gitops::Value*> found;
  for (gitops::Value& doc : *docs) {
    const gitops::Value* kind = doc.is_object() ? doc.Find("kind") : nullptr;
    const gitops::Value* api = doc.is_object() ? doc.Find("apiVersion") : nullptr;
    if (kind != nullptr && kind->is_string() && kind->as_string() == "Kustomization" &&
        api != nullptr && api->is_string() &&
        api->as_string().starts_with("kustomize.toolkit.fluxcd.io/")) {
      found.push_back(&doc);
    }
  }
  if (found.size() != 1) {
    return Failure{"--flux-kustomization " + opts.file + ": expected one " +
                   "kustomize.toolkit.fluxcd.io Kustomization among its " +
                   std::to_string(docs->size()) + " documents, found " +
                   std::to_string(found.size())};
  }
  *out = std::move(*found[0]);
  return std::nullopt;
}

// A ConfigMap's or Secret's data as one substituteFrom entry: a Secret's
// `data` base64-decoded, its `stringData` over it (as the API server stores
// it). Errors name the file and the key, never a value.
std::optional<Failure> ReadVarsFrom(const std::string& path,
                                    std::map<std::string, std::string>* vars) {
  gitops::Value doc;
  if (auto failure = ReadDocument("--vars-from", path, &doc)) return failure;
  const gitops::Value* kind = doc.is_object() ? doc.Find("kind") : nullptr;
  std::string k = kind != nullptr && kind->is_string() ? std::string(kind->as_string()) : "";
  if (k != "ConfigMap" && k != "Secret") {
    return Failure{"--vars-from " + path + ": must be a ConfigMap or a Secret, not kind '" + k +
                   "'"};
  }
  auto take = [&](std::string_view field, bool decode) -> std::optional<Failure> {
    const gitops::Value* data = doc.Find(field);
    if (data == nullptr || data->is_null()) return std::nullopt;
    if (!data->is_object()) {
      return Failure{"--vars-from " + path + ": " + std::string(field) + " must be a map"};
    }
    for (const gitops::Value::Member& m : data->members()) {
      std::string where = "--vars-from " + path + ": " + k + " " + std::string(field) + "." +
                          std::string(m.key());
      if (!m.value().is_string()) return Failure{where + " must be a string"};
      if (!decode) {
        (*vars)[std::string(m.key())] = std::string(m.value().as_string());
        continue;
      }
      gitops::Result<std::string> bytes = gitops::Base64Decode(m.value().as_string());
      if (!bytes.ok()) return Failure{where + " is not valid base64"};
      (*vars)[std::string(m.key())] = std::move(bytes).value();
    }
    return std::nullopt;
  };
  if (auto failure = take("data", k == "Secret")) return failure;
  if (k == "Secret") {
    if (auto failure = take("stringData", false)) return failure;
  }
  return std::nullopt;
}

}  // namespace

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
    } else if (TakeFlag(args, &i, "--flux-kustomization", &value)) {
      gitops::Value ks;
      if (auto failure = ReadFluxKustomization(value, &ks)) return failure;
      options.flux_kustomization = std::move(ks);
    } else if (TakeFlag(args, &i, "--var", &value)) {
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Failure{"--var takes NAME=VALUE, got \"" + value.substr(0, eq) + "\""};
      }
      options.substitute[value.substr(0, eq)] = value.substr(eq + 1);
    } else if (TakeFlag(args, &i, "--vars-from", &value)) {
      std::map<std::string, std::string> vars;
      if (auto failure = ReadVarsFrom(value, &vars)) return failure;
      options.substitute_from.push_back(std::move(vars));
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
