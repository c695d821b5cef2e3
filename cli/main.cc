// gitops: the command-line face of the library.
//
// Argument parsing and printing only; every step is a call to the public
// headers. Exit codes follow kubectl: 0 on success, 1 on any error, with
// "error: <message>" on stderr. Output is buffered whole and written only
// once every input has been read, so a failing document leaves stdout empty.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "gitops/core/log.h"

namespace gitops_cli {
namespace {

constexpr std::string_view kUsage =
    R"(gitops: the command of the gitops library (Flux's controllers, embeddable).

Usage:
  gitops [flags] <command> [arguments]

Commands:
  fmt [--json] [--keep-order] [FILE|-]...
              Read YAML streams and print their documents as `kubectl kustomize`
              prints them: keys sorted, go-yaml quoting and block scalars,
              documents separated by `---`. With no FILE, or with `-`, reads
              standard input. Several inputs form one stream, in order. Empty
              and `null` documents are left out, as kustomize leaves them out.
              Documents are not reordered and nothing is added or removed.
    --json        Print JSON instead (2-space indent, keys in the same order
                  as the YAML output): a single document as itself, zero or
                  several documents as one JSON array of them.
    --keep-order  Keep each mapping's keys in input order instead of sorting.
  build [--reorder=legacy|none] [--load-restrictor=LoadRestrictionsRootOnly|LoadRestrictionsNone]
        [--enable-managedby-label] DIR
              Build the kustomization in DIR and print its objects as
              `kubectl kustomize DIR` prints them (kustomize v5.5). Flags take
              `--flag=value` or `--flag value`, before or after DIR. The
              managed-by label says gitops-<version>.
  build ROOT --flux-kustomization FILE [--var NAME=VALUE]... [--vars-from FILE]...
              Build as Flux's kustomize-controller builds the Kustomization in
              FILE: ROOT is the artifact root and spec.path is resolved inside
              it (a kustomization is generated where it has none); the spec's
              targetNamespace, namePrefix, nameSuffix, patches, images,
              components and commonMetadata apply, then postBuild substitution
              (strict: an unset variable without a default is an error).
              Each --vars-from (a ConfigMap or Secret YAML, Secret data
              base64-decoded) is one substituteFrom entry, later ones winning;
              postBuild.substitute overrides them and --var overrides all.
  diff [BUILD FLAGS] DIR|FILE --live FILE [--inventory FILE] [--show-unchanged]
       [--manager NAME] [--schema FILE]... [--force] [--allow-empty]
              Build DIR as `gitops build` does (or read the desired objects
              from FILE, `-` for standard input) and diff them offline against
              the live state in --live (a YAML stream, or a List as `kubectl
              get -o yaml` prints it) as a server-side apply by --manager
              (default gitops) would change it. Prints `► Kind/namespace/name
              created|configured|deleted|skipped` per object (unchanged ones
              with --show-unchanged), a unified diff under each configured one,
              Secret values masked. --inventory (Flux's {entries: [...]}, or a
              Kustomization with status.inventory) adds the objects to prune.
              With --flux-kustomization, its spec.prune must be true for
              anything to be pruned and spec.force: true acts as --force.
              Each --schema (CustomResourceDefinitions, OpenAPI v3 documents
              as a cluster serves them at /openapi/v3, or Lists of them) types
              the kinds it declares; other kinds use the built-in Kubernetes
              v1.32 types, or are deduced (maps merged, lists replaced).
              Exit 0: no changes, 1: changes, 2: an error (as `flux diff`).
  plan [the flags of diff] [--output yaml|json]
              Print the apply stages (cluster definitions, class definitions,
              resources) in Flux's order and the prune set, in diff's line
              form, or the whole plan as YAML or JSON. Exit codes as diff.
  source git URL [--branch B|--tag T|--semver R|--ref-name N|--commit SHA]
             [--secret-file FILE] [--proxy-secret-file FILE] [--cache DIR] --out DIR
  source git -f GITREPOSITORY.yaml [--secret-file FILE] [--proxy-secret-file FILE]
             [--include NAME=DIR]... [--cache DIR] --out DIR
  source git URL|-f GITREPOSITORY.yaml [...] [--cache DIR] --cache-only
              Fetch the Git repository at URL as Flux's source-controller
              does for a GitRepository (default branch master), into a
              persistent cache (DIR, default $XDG_CACHE_HOME/gitops/git),
              and write the artifact tree under the --out DIR (one per
              repository: the last 3 trees in DIR are kept). Prints
              `revision: <revision>` and `digest: sha256:<hex>`. FILE is a
              Kubernetes Secret in YAML (data and/or stringData) with Flux's
              keys. With -f, the URL, ref, ignore, sparseCheckout, timeout
              and gitops/mirrors come from a Flux GitRepository in YAML.
              --proxy-secret-file FILE is the Secret of spec.proxySecretRef
              (address, username, password). --include NAME=DIR gives, for
              each GitRepository NAME in spec.include, the folder of its
              artifact fetched earlier (the `<out>/<hex>` folder of that
              fetch's digest).
              --cache-only fetches the objects into the cache and writes no
              tree (to warm a cache ahead of time): --out is not needed, and
              stdout holds only the `revision:` line (no tree, no digest).
              A progress bar goes to stderr when it is a terminal.
  version     Print the version.
  help        Print this help.

Flags (before or after the command):
  --log-level LEVEL  What the library logs to stderr: trace, debug, info,
                     warn (the default), error or off.
  --log-json         Log one JSON object per line instead of text.
  -h, --help         Print this help.

Exit status: 0 on success, 1 on an error (the message, with file:line:column
where known, goes to stderr and nothing goes to stdout).
)";

struct Flags {
  gitops::LogOptions log;
  bool help = false;
  std::string command;
  std::vector<std::string> args;
};


std::optional<Failure> ParseFlags(int argc, char** argv, Flags* flags) {
  bool only_args = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (only_args || arg == "-" || !arg.starts_with("-")) {
      if (flags->command.empty()) {
        flags->command = std::string(arg);
      } else {
        flags->args.emplace_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      only_args = true;
    } else if (arg == "-h" || arg == "--help") {
      flags->help = true;
    } else if (arg == "--log-json") {
      flags->log.json = true;
    } else if (arg == "--log-level" || arg.starts_with("--log-level=")) {
      std::string_view level;
      if (arg == "--log-level") {
        if (i + 1 >= argc) return Failure{"flag needs an argument: --log-level"};
        level = argv[++i];
      } else {
        level = arg.substr(std::string_view("--log-level=").size());
      }
      if (!gitops::ParseLogLevel(level, &flags->log.level)) {
        return Failure{"invalid log level \"" + std::string(level) +
                       "\" for --log-level (use trace, debug, info, warn, error or off)"};
      }
    } else {
      // Command flags (fmt's --json) are checked by the command.
      flags->args.emplace_back(arg);
    }
  }
  return std::nullopt;
}

// The commands, by name.
struct Command {
  std::string_view name;
  int (*run)(const std::vector<std::string>& args);
};

constexpr Command kCommands[] = {
    {"build", &Build},
    {"diff", &Diff},
    {"fmt", &Fmt},
    {"plan", &Plan},
    {"source", &Source},
};

int Main(int argc, char** argv) {
  Flags flags;
  if (auto failure = ParseFlags(argc, argv, &flags)) return Fail(*failure);
  gitops::ConfigureLogging(flags.log);

  if (flags.help || flags.command == "help" || flags.command.empty()) {
    // Without a command kubectl prints its help and exits 0; so does this.
    return Write(std::string(kUsage));
  }
  if (flags.command == "version") {
    if (!flags.args.empty()) return Fail({"version takes no arguments"});
    return Write("gitops: v" GITOPS_VERSION "\n");
  }
  for (const Command& command : kCommands) {
    if (flags.command == command.name) return command.run(flags.args);
  }
  return Fail(
      {"unknown command \"" + flags.command + "\" for \"gitops\"\nRun 'gitops --help' for usage."});
}

}  // namespace
}  // namespace gitops_cli

int main(int argc, char** argv) { return gitops_cli::Main(argc, argv); }
