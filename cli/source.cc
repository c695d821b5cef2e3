// gitops source git: fetch a Git repository as Flux's source-controller
// does and print the artifact's revision and digest (with --cache-only,
// fetch into the cache and print the revision alone: there is no tree, so
// no digest).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops/source/artifact.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"

namespace gitops_cli {
namespace {

constexpr std::string_view kSourceUsage =
    "usage: gitops source git URL [--branch B|--tag T|--semver R|--ref-name N|--commit SHA] "
    "[--secret-file FILE] [--proxy-secret-file FILE] [--cache DIR] --out DIR\n"
    "       gitops source git -f gitrepository.yaml [--secret-file FILE] "
    "[--proxy-secret-file FILE] [--include NAME=DIR]... [--cache DIR] --out DIR\n"
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

// The one YAML document in `file` (a Secret, a GitRepository), or the failure to print.
std::optional<Failure> ReadOneDocument(const std::string& file, const char* what,
                                       gitops::Value* out) {
  std::string text;
  if (auto failure = ReadInput(file, &text)) return failure;
  gitops::YamlReadOptions yaml_options;
  yaml_options.file = file;
  auto docs = gitops::ReadYaml(text, yaml_options);
  if (!docs.ok()) return Failure{docs.status().ToString()};
  if (docs->size() != 1) return Failure{file + ": expected one " + what + " document"};
  *out = std::move((*docs)[0]);
  return std::nullopt;
}

int SourceGit(const std::vector<std::string>& args) {
  gitops::source::GitRepositorySpec spec;
  gitops::source::GitFetchOptions options;
  std::string secret_file, spec_file, proxy_file;
  std::map<std::string, std::string> include_dirs;  // spec.include name -> artifact folder
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
    } else if (TakeFlag(args, &i, "--proxy-secret-file", &value)) {
      proxy_file = value;
    } else if (TakeFlag(args, &i, "--include", &value)) {
      size_t eq = value.find('=');
      if (eq == 0 || eq == std::string::npos || eq + 1 == value.size()) {
        return Fail({"--include wants NAME=DIR (a GitRepository name of spec.include and the "
                     "folder of its artifact), not \"" + value + "\""});
      }
      include_dirs[value.substr(0, eq)] = value.substr(eq + 1);
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
          args[i] == "--cache" || args[i] == "--out" || args[i] == "-f" ||
          args[i] == "--proxy-secret-file" || args[i] == "--include") {
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
    gitops::Value doc;
    if (auto failure = ReadOneDocument(spec_file, "GitRepository", &doc)) return Fail(*failure);
    auto parsed = gitops::source::ParseGitRepository(doc);
    if (!parsed.ok()) return Fail({spec_file + ": " + parsed.status().ToString()});
    spec = std::move(*parsed);
  }
  if (spec.url.empty()) return Fail({"a URL is required\n" + std::string(kSourceUsage)});
  if (options.out_dir.empty() && !options.cache_only) {
    return Fail({"--out is required (or --cache-only)\n" + std::string(kSourceUsage)});
  }
  gitops::source::GitCredentials credentials;
  if (!secret_file.empty()) {
    gitops::Value doc;
    if (auto failure = ReadOneDocument(secret_file, "Secret", &doc)) return Fail(*failure);
    auto creds = gitops::source::GitCredentialsFromSecret(doc);
    if (!creds.ok()) return Fail({secret_file + ": " + creds.status().ToString()});
    credentials = std::move(*creds);
  }
  if (!proxy_file.empty()) {
    gitops::Value doc;
    if (auto failure = ReadOneDocument(proxy_file, "Secret", &doc)) return Fail(*failure);
    auto proxy = gitops::source::ProxyFromSecret(doc);
    if (!proxy.ok()) return Fail({proxy_file + ": " + proxy.status().ToString()});
    options.proxy = std::move(*proxy);
  }
  // An included GitRepository's artifact: the folder a fetch wrote (its
  // path), and its digest, which is the tree's (artifact.h).
  for (const auto& [name, dir] : include_dirs) {
    bool named = false;
    for (const auto& inc : spec.include) named = named || inc.repository == name;
    if (!named) {
      return Fail({"--include " + name + "=" + dir + ": the GitRepository has no spec.include "
                   "of repository " + name});
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      return Fail({"--include " + name + "=" + dir + ": not a directory (give the folder of "
                   "an artifact fetched earlier)"});
    }
    auto digest = gitops::source::TreeDigest(dir);
    if (!digest.ok()) return Fail({"--include " + name + "=" + dir + ": " + digest.status().ToString()});
    gitops::source::Artifact artifact;
    artifact.path = std::filesystem::absolute(dir, ec).lexically_normal().string();
    artifact.digest = std::move(*digest);
    options.includes[name] = std::move(artifact);
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
