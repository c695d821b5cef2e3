// gitops source git: fetch a Git repository as Flux's source-controller
// does and print the artifact's revision and digest (with --cache-only,
// fetch into the cache and print the revision alone: there is no tree, so
// no digest).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli.h"
#include "gitops/core/yaml.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"

namespace gitops_cli {
namespace {

constexpr std::string_view kSourceUsage =
    "usage: gitops source git URL [--branch B|--tag T|--semver R|--ref-name N|--commit SHA] "
    "[--secret-file FILE] [--cache DIR] --out DIR\n"
    "       gitops source git -f gitrepository.yaml [--secret-file FILE] [--cache DIR] --out DIR\n"
    "       gitops source git URL|-f gitrepository.yaml [...] [--cache DIR] --cache-only";

// A one-line bar on stderr, redrawn in place.
void DrawProgress(const gitops::source::GitFetchProgress& p) {
  if (p.total_objects == 0) return;
  const int width = 30;
  int done = static_cast<int>(width * p.received_objects / p.total_objects);
  std::string bar(static_cast<size_t>(done), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\rreceiving objects [%s] %llu/%llu, %.1f MiB", bar.c_str(),
               static_cast<unsigned long long>(p.received_objects),
               static_cast<unsigned long long>(p.total_objects),
               static_cast<double>(p.received_bytes) / (1024.0 * 1024.0));
  std::fflush(stderr);
}

int SourceGit(const std::vector<std::string>& args) {
  gitops::source::GitRepositorySpec spec;
  gitops::source::GitFetchOptions options;
  std::string secret_file, spec_file;
  int refs = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (TakeFlag(args, &i, "--branch", &value)) {
      spec.ref.branch = value, ++refs;
    } else if (TakeFlag(args, &i, "--tag", &value)) {
      spec.ref.tag = value, ++refs;
    } else if (TakeFlag(args, &i, "--semver", &value)) {
      spec.ref.semver = value, ++refs;
    } else if (TakeFlag(args, &i, "--ref-name", &value)) {
      spec.ref.name = value, ++refs;
    } else if (TakeFlag(args, &i, "--commit", &value)) {
      spec.ref.commit = value, ++refs;
    } else if (TakeFlag(args, &i, "--secret-file", &value)) {
      secret_file = value;
    } else if (TakeFlag(args, &i, "--cache", &value)) {
      options.cache_dir = value;
    } else if (TakeFlag(args, &i, "--out", &value)) {
      options.out_dir = value;
    } else if (TakeFlag(args, &i, "-f", &value) || TakeFlag(args, &i, "--file", &value)) {
      spec_file = value;
    } else if (args[i] == "--cache-only") {
      options.cache_only = true;
    } else if (args[i].starts_with("-") && args[i] != "-") {
      if (args[i] == "--branch" || args[i] == "--tag" || args[i] == "--semver" ||
          args[i] == "--ref-name" || args[i] == "--commit" || args[i] == "--secret-file" ||
          args[i] == "--cache" || args[i] == "--out" || args[i] == "-f") {
        return Fail({"flag needs an argument: " + args[i]});
      }
      return Fail({"unknown flag: " + args[i] + "\n" + std::string(kSourceUsage)});
    } else if (spec.url.empty()) {
      spec.url = args[i];
    } else {
      return Fail({"unexpected argument \"" + args[i] + "\"\n" + std::string(kSourceUsage)});
    }
  }
  // --branch with --commit pins a commit on a branch, as spec.ref does.
  if (refs > 1 && !(refs == 2 && !spec.ref.commit.empty() && !spec.ref.branch.empty())) {
    return Fail({"give one of --branch, --tag, --semver, --ref-name, --commit (or --branch "
                 "with --commit)"});
  }
  if (!spec_file.empty()) {
    if (!spec.url.empty() || refs > 0) {
      return Fail({"-f takes the URL and ref from the GitRepository; give no URL or ref flag"});
    }
    std::string text;
    if (auto failure = ReadInput(spec_file, &text)) return Fail(*failure);
    gitops::YamlReadOptions yaml_options;
    yaml_options.file = spec_file;
    auto docs = gitops::ReadYaml(text, yaml_options);
    if (!docs.ok()) return Fail({docs.status().ToString()});
    if (docs->size() != 1) return Fail({spec_file + ": expected one GitRepository document"});
    auto parsed = gitops::source::ParseGitRepository((*docs)[0]);
    if (!parsed.ok()) return Fail({spec_file + ": " + parsed.status().ToString()});
    spec = std::move(*parsed);
  }
  if (spec.url.empty()) return Fail({"a URL is required\n" + std::string(kSourceUsage)});
  if (options.out_dir.empty() && !options.cache_only) {
    return Fail({"--out is required (or --cache-only)\n" + std::string(kSourceUsage)});
  }
  gitops::source::GitCredentials credentials;
  if (!secret_file.empty()) {
    std::string text;
    if (auto failure = ReadInput(secret_file, &text)) return Fail(*failure);
    gitops::YamlReadOptions yaml_options;
    yaml_options.file = secret_file;
    auto docs = gitops::ReadYaml(text, yaml_options);
    if (!docs.ok()) return Fail({docs.status().ToString()});
    if (docs->size() != 1) return Fail({secret_file + ": expected one Secret document"});
    auto creds = gitops::source::GitCredentialsFromSecret((*docs)[0]);
    if (!creds.ok()) return Fail({secret_file + ": " + creds.status().ToString()});
    credentials = std::move(*creds);
  }
  bool tty = ::isatty(STDERR_FILENO) == 1;
  if (tty) options.progress = &DrawProgress;
  auto artifact = gitops::source::GitSource().Fetch(spec, credentials, options);
  if (tty) std::fputs("\r\033[K", stderr);
  if (!artifact.ok()) return Fail({artifact.status().ToString()});
  if (options.cache_only) return Write("revision: " + artifact->revision + "\n");
  return Write("revision: " + artifact->revision + "\ndigest: " + artifact->digest + "\n");
}

}  // namespace

int Source(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "git") {
    return Fail({"unknown source kind" + (args.empty() ? std::string() : " \"" + args[0] + "\"") +
                 " (gitops source git ...)\n" + std::string(kSourceUsage)});
  }
  return SourceGit(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace gitops_cli
