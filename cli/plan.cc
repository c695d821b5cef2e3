// gitops plan: the stages and prune set applying a build would run through,
// against a live-state snapshot, offline. Also the argument handling that
// gitops diff shares.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/plan.h"
#include "gitops/plan/schema_set.h"

namespace gitops_cli {

namespace {

std::optional<Failure> ReadObjects(const std::string& path, std::vector<gitops::Value>* out) {
  std::string text;
  if (auto failure = ReadInput(path, &text)) return failure;
  gitops::YamlReadOptions options;
  options.file = path == "-" ? "<stdin>" : path;
  // A cluster's live state is often larger than the 64 MiB meant for one
  // overlay's files.
  options.max_document_bytes = size_t{1} << 30;
  auto docs = gitops::ReadYaml(text, options);
  if (!docs.ok()) return Failure{docs.status().ToString()};
  auto flat = gitops::plan::FlattenLists(*docs);
  if (!flat.ok()) return Failure{options.file + ": " + flat.status().message()};
  *out = std::move(flat).value();
  return std::nullopt;
}

const char* ActionColour(gitops::plan::Action action) {
  switch (action) {
    case gitops::plan::Action::kCreated:
      return "\033[32m";
    case gitops::plan::Action::kConfigured:
      return "\033[33m";
    case gitops::plan::Action::kDeleted:
      return "\033[31m";
    default:
      return "";
  }
}

}  // namespace

std::optional<Failure> ParsePlanArgs(const std::string& command,
                                     const std::vector<std::string>& args, PlanArgs* plan) {
  std::optional<Failure> bad;
  auto own = [&](const std::vector<std::string>& a, size_t* i) {
    std::string value;
    if (TakeFlag(a, i, "--live", &value)) {
      plan->live = value;
    } else if (TakeFlag(a, i, "--inventory", &value)) {
      plan->inventory = value;
    } else if (TakeFlag(a, i, "--schema", &value)) {
      plan->schemas.push_back(value);
    } else if (TakeFlag(a, i, "--manager", &value)) {
      if (value.empty()) bad = Failure{"--manager needs a name"};
      plan->manager = value;
    } else if (TakeFlag(a, i, "--output", &value) || TakeFlag(a, i, "-o", &value)) {
      if (command != "plan" || (value != "yaml" && value != "json")) {
        bad = Failure{"invalid value \"" + value + "\" for --output (use yaml or json)"};
      }
      plan->output = value;
    } else if (a[*i] == "-") {
      plan->build.dir = "-";  // the desired objects on standard input
    } else if (a[*i] == "--show-unchanged") {
      plan->show_unchanged = true;
    } else if (a[*i] == "--force") {
      plan->force = true;
    } else if (a[*i] == "--allow-empty") {
      plan->allow_empty = true;
    } else {
      return false;
    }
    return true;
  };
  if (auto failure = ParseBuildArgs(command, args, &plan->build, own)) return failure;
  if (bad) return bad;
  if (plan->live.empty()) return Failure{command + " needs --live FILE (a live-state snapshot)"};
  return std::nullopt;
}

std::optional<Failure> MakePlanFromArgs(const PlanArgs& args, gitops::plan::Plan* out) {
  std::vector<gitops::Value> desired;
  const std::string& source = args.build.dir;
  std::error_code ec;
  if (source == "-" || std::filesystem::is_regular_file(source, ec)) {
    if (auto failure = ReadObjects(source, &desired)) return failure;
  } else {
    auto built = gitops::render::Build(source, args.build.options);
    if (!built.ok()) return Failure{built.status().ToString()};
    desired = std::move(built).value();
  }
  std::vector<gitops::Value> live;
  if (auto failure = ReadObjects(args.live, &live)) return failure;
  gitops::plan::Inventory inventory;
  bool has_inventory = !args.inventory.empty();
  if (has_inventory) {
    std::vector<gitops::Value> docs;
    if (auto failure = ReadObjects(args.inventory, &docs)) return failure;
    if (docs.size() != 1) return Failure{args.inventory + ": expected one document"};
    auto read = gitops::plan::Inventory::FromValue(docs[0]);
    if (!read.ok()) return Failure{args.inventory + ": " + read.status().message()};
    inventory = std::move(read).value();
  }
  gitops::plan::SchemaSet schemas;
  for (const std::string& path : args.schemas) {
    std::string text;
    if (auto failure = ReadInput(path, &text)) return failure;
    gitops::YamlReadOptions read_options;
    read_options.file = path == "-" ? "<stdin>" : path;
    // A cluster's /openapi/v3 documents run to megabytes, as JSON.
    read_options.max_document_bytes = size_t{1} << 30;
    auto docs = gitops::ReadYaml(text, read_options);
    if (!docs.ok()) return Failure{docs.status().ToString()};
    gitops::Status added = schemas.AddDocuments(*docs, read_options.file);
    if (!added.ok()) return Failure{std::string(added.message())};
  }
  gitops::plan::PlanOptions options;
  options.diff.schemas = schemas.AsLookup();
  options.diff.manager = args.manager;
  options.force = args.force;
  options.allow_empty = args.allow_empty;
  // With a Flux Kustomization, its spec decides as kustomize-controller's
  // does: spec.force recreates objects whose immutable fields change, and
  // nothing is pruned unless spec.prune is true (as `flux diff`).
  bool prune = true;
  if (const auto& ks = args.build.options.flux_kustomization) {
    const gitops::Value* force = ks->AtPointer("/spec/force");
    if (force != nullptr && force->is_bool() && force->as_bool()) options.force = true;
    const gitops::Value* spec_prune = ks->AtPointer("/spec/prune");
    prune = spec_prune != nullptr && spec_prune->is_bool() && spec_prune->as_bool();
  }
  auto plan = gitops::plan::MakePlanFrom(std::move(desired), live,
                                         has_inventory && prune ? &inventory : nullptr, options);
  if (!plan.ok()) return Failure{plan.status().ToString()};
  *out = std::move(plan).value();
  return std::nullopt;
}

void PrintEntry(const gitops::plan::ChangeSetEntry& entry, bool colour, bool with_diff,
                std::string* out) {
  std::string line = "► " + entry.ToString();
  if (entry.recreate) line += " (recreated: immutable field)";
  if (colour && *ActionColour(entry.action)) {
    *out += ActionColour(entry.action) + line + "\033[0m\n";
  } else {
    *out += line + "\n";
  }
  if (!with_diff || entry.diff.empty()) return;
  if (!colour) {
    *out += entry.diff;
    return;
  }
  size_t start = 0;
  while (start < entry.diff.size()) {
    size_t end = entry.diff.find('\n', start);
    if (end == std::string::npos) end = entry.diff.size();
    std::string_view l(entry.diff.data() + start, end - start);
    const char* c = l.starts_with("+++") || l.starts_with("---") ? "\033[1m"
                    : l.starts_with("+")                         ? "\033[32m"
                    : l.starts_with("-")                         ? "\033[31m"
                    : l.starts_with("@@")                        ? "\033[36m"
                                                                 : "";
    if (*c) {
      out->append(c).append(l).append("\033[0m\n");
    } else {
      out->append(l).append("\n");
    }
    start = end + 1;
  }
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }

int Plan(const std::vector<std::string>& args) {
  PlanArgs plan_args;
  if (auto failure = ParsePlanArgs("plan", args, &plan_args)) return Fail(*failure, 2);
  gitops::plan::Plan plan;
  if (auto failure = MakePlanFromArgs(plan_args, &plan)) return Fail(*failure, 2);
  int status = plan.HasChanges() ? 1 : 0;
  std::string out;
  if (plan_args.output == "yaml") {
    out = gitops::WriteYaml(plan.ToValue());
  } else if (plan_args.output == "json") {
    gitops::JsonWriteOptions json;
    json.indent = 2;
    auto text = gitops::WriteJson(plan.ToValue(), json);
    if (!text.ok()) return Fail({text.status().ToString()}, 2);
    out = *text + "\n";
  } else {
    bool colour = StdoutIsTerminal();
    for (int s = 0; s < 3; ++s) {
      std::string lines;
      for (const auto& item : plan.stages[s]) {
        if (item.change.action == gitops::plan::Action::kUnchanged && !plan_args.show_unchanged) {
          continue;
        }
        PrintEntry(item.change, colour, false, &lines);
      }
      if (lines.empty()) continue;
      out += "stage " + std::to_string(s + 1) + " (" + gitops::plan::Plan::kStageNames[s] +
             "):\n" + lines;
    }
    if (!plan.prune.empty()) {
      out += "prune:\n";
      for (const auto& entry : plan.prune) PrintEntry(entry, colour, false, &out);
    }
  }
  if (Write(out) != 0) return 2;
  return status;
}

}  // namespace gitops_cli
