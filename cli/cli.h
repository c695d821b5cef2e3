// The pieces shared by the gitops command's files: one file per command,
// each a function from its arguments to an exit status; main.cc parses the
// global flags and dispatches.
//
// Argument parsing and printing only; every step is a call to the public
// headers. Output is buffered whole and written only once every input has
// been read, so a failing command leaves stdout empty.

#ifndef GITOPS_CLI_CLI_H_
#define GITOPS_CLI_CLI_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/plan/plan.h"
#include "gitops/render/build.h"

#ifndef GITOPS_VERSION
#error "GITOPS_VERSION must be defined by the build"
#endif

namespace gitops_cli {

// A usage or input error: the message printed after "error: ".
struct Failure {
  std::string message;
};

// Prints "error: <message>" on stderr; returns `exit_code`.
int Fail(const Failure& failure, int exit_code = 1);

// Writes `out` to stdout and flushes; 0, or Fail's 1 if writing failed.
int Write(const std::string& out);

// The contents of `path`, or of standard input for "-".
std::optional<Failure> ReadInput(const std::string& path, std::string* text);

// `--flag value` or `--flag=value` at args[*i]: true (with *value set and *i
// advanced past a separate value) when args[*i] is that flag.
bool TakeFlag(const std::vector<std::string>& args, size_t* i, std::string_view flag,
              std::string* value);

// The arguments of `gitops build`, which diff and plan take too.
struct BuildArgs {
  gitops::render::BuildOptions options;
  std::string dir = ".";
};

// A command's own flag at args[*i]: true when it is one (consumed, with *i
// advanced past its value); the caller records a bad value
// and reports it after parsing.
using OwnFlag = std::function<bool(const std::vector<std::string>& args, size_t* i)>;

// Parses the build flags and the one directory out of `args` for `command`
// (named in errors); a flag that is not a build flag is offered to
// `own_flag` (may be empty), and is an error if it declines.
std::optional<Failure> ParseBuildArgs(const std::string& command,
                                      const std::vector<std::string>& args, BuildArgs* build,
                                      const OwnFlag& own_flag);

// The arguments of `gitops diff` and `gitops plan`: build arguments (the
// directory may instead be a file of desired objects, or `-`) and their own.
struct PlanArgs {
  BuildArgs build;
  std::string live;       // --live FILE (a YAML stream or a List)
  std::string inventory;  // --inventory FILE ({entries: [...]} or a Kustomization)
  std::string manager = "gitops";  // --manager NAME
  std::vector<std::string> schemas;  // --schema FILE... (CRDs, OpenAPI v3 documents)
  std::string output;     // --output yaml|json (plan only)
  bool show_unchanged = false;
  bool force = false;
  bool allow_empty = false;
};

std::optional<Failure> ParsePlanArgs(const std::string& command,
                                     const std::vector<std::string>& args, PlanArgs* plan);
// Builds (or reads) the desired objects, reads the live state and the
// inventory, and plans.
std::optional<Failure> MakePlanFromArgs(const PlanArgs& args, gitops::plan::Plan* out);
// "► Kind/namespace/name action" (coloured when `colour`), then the
// entry's diff when `with_diff`.
void PrintEntry(const gitops::plan::ChangeSetEntry& entry, bool colour, bool with_diff,
                std::string* out);
bool StdoutIsTerminal();

// The commands.
int Fmt(const std::vector<std::string>& args);
int Build(const std::vector<std::string>& args);
int Diff(const std::vector<std::string>& args);
int Plan(const std::vector<std::string>& args);
int Source(const std::vector<std::string>& args);

}  // namespace gitops_cli

#endif  // GITOPS_CLI_CLI_H_
