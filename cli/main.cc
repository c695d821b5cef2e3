// gitops: the command-line face of the library.
//
// Argument parsing and printing only; every step is a call to the public
// headers. Exit codes follow kubectl: 0 on success, 1 on any error, with
// "error: <message>" on stderr. Output is buffered whole and written only
// once every input has been read, so a failing document leaves stdout empty.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/log.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops/render/build.h"

#ifndef GITOPS_VERSION
#error "GITOPS_VERSION must be defined by the build"
#endif

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

// A usage or input error: the message printed after "error: ".
struct Failure {
  std::string message;
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

std::optional<Failure> ReadInput(const std::string& path, std::string* text) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    if (std::cin.bad()) return Failure{"reading standard input failed"};
    *text = std::move(buffer).str();
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Failure{"cannot open " + path + ": " + std::strerror(errno)};
  text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Failure{"cannot read " + path + ": " + std::strerror(errno)};
  return std::nullopt;
}

// A copy of `v` whose object keys are in the order the YAML writer prints
// them, so that `fmt --json` and `fmt` agree.
gitops::Value SortedKeys(const gitops::Value& v) {
  if (v.is_array()) {
    gitops::Value out = gitops::Value::Array();
    out.Reserve(v.size());
    for (const gitops::Value& item : v.items()) out.Append(SortedKeys(item));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<const gitops::Value::Member*> members;
  members.reserve(v.size());
  for (const gitops::Value::Member& m : v.members()) members.push_back(&m);
  std::stable_sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
    return gitops::KustomizeKeyLess(a->key(), b->key());
  });
  gitops::Value out = gitops::Value::Object();
  out.Reserve(members.size());
  for (const gitops::Value::Member* m : members) out.AppendMember(m->key(), SortedKeys(m->value()));
  return out;
}

std::optional<Failure> Fmt(const std::vector<std::string>& args, std::string* out) {
  bool json = false;
  bool keep_order = false;
  std::vector<std::string> inputs;
  for (const std::string& arg : args) {
    if (arg == "--json") {
      json = true;
    } else if (arg == "--keep-order") {
      keep_order = true;
    } else if (arg != "-" && arg.starts_with("-")) {
      return Failure{"unknown flag for fmt: " + arg};
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty()) inputs.push_back("-");

  std::vector<gitops::Value> docs;
  for (const std::string& input : inputs) {
    std::string text;
    if (auto failure = ReadInput(input, &text)) return failure;
    gitops::YamlReadOptions options;
    options.file = input == "-" ? "<stdin>" : input;
    gitops::Result<std::vector<gitops::Value>> read = gitops::ReadYaml(text, options);
    if (!read.ok()) return Failure{read.status().ToString()};
    for (gitops::Value& doc : *read) docs.push_back(std::move(doc));
  }

  if (!json) {
    gitops::YamlWriteOptions options;
    if (keep_order) options.key_order = gitops::YamlWriteOptions::KeyOrder::kInsertion;
    *out = gitops::WriteYamlStream(docs, options);
    return std::nullopt;
  }
  gitops::Value value;
  if (docs.size() == 1) {
    value = std::move(docs[0]);
  } else {
    value = gitops::Value::Array();
    for (gitops::Value& doc : docs) value.Append(std::move(doc));
  }
  if (!keep_order) value = SortedKeys(value);
  gitops::Result<std::string> text = gitops::WriteJson(value, {.indent = 2});
  if (!text.ok()) return Failure{text.status().ToString()};
  *out = std::move(*text);
  *out += '\n';
  return std::nullopt;
}

std::optional<Failure> Build(const std::vector<std::string>& args, std::string* out) {
  gitops::render::BuildOptions options;
  options.managed_by = "gitops-" GITOPS_VERSION;
  std::vector<std::string> dirs;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    auto take = [&](std::string_view flag) {
      if (arg == flag && i + 1 < args.size()) {
        value = args[++i];
        return true;
      }
      std::string prefix = std::string(flag) + "=";
      if (arg.starts_with(prefix)) {
        value = arg.substr(prefix.size());
        return true;
      }
      return false;
    };
    if (take("--reorder")) {
      if (value == "legacy") {
        options.reorder = gitops::render::Reorder::kLegacy;
      } else if (value == "none") {
        options.reorder = gitops::render::Reorder::kNone;
      } else {
        return Failure{"invalid value \"" + value + "\" for --reorder (use legacy or none)"};
      }
    } else if (take("--load-restrictor")) {
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
    } else if (arg.starts_with("-")) {
      return Failure{"unknown flag for build: " + arg};
    } else {
      dirs.push_back(arg);
    }
  }
  if (dirs.size() > 1)
    return Failure{"build takes one directory, got " + std::to_string(dirs.size())};
  gitops::Result<std::string> yaml =
      gitops::render::BuildYaml(dirs.empty() ? "." : dirs[0], options);
  if (!yaml.ok()) return Failure{yaml.status().ToString()};
  *out = std::move(*yaml);
  return std::nullopt;
}

int Fail(const Failure& failure) {
  std::fprintf(stderr, "error: %s\n", failure.message.c_str());
  return 1;
}

int Write(const std::string& out) {
  if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
    return Fail({std::string("writing output: ") + std::strerror(errno)});
  }
  if (std::fflush(stdout) != 0)
    return Fail({std::string("writing output: ") + std::strerror(errno)});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
  if (flags.command == "build") {
    std::string out;
    if (auto failure = Build(flags.args, &out)) return Fail(*failure);
    return Write(out);
  }
  if (flags.command == "fmt") {
    std::string out;
    if (auto failure = Fmt(flags.args, &out)) return Fail(*failure);
    return Write(out);
  }
  return Fail(
      {"unknown command \"" + flags.command + "\" for \"gitops\"\nRun 'gitops --help' for usage."});
}
