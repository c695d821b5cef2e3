// gitops fmt: YAML streams printed as kubectl kustomize prints them.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "gitops/core/json.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"

namespace gitops_cli {

namespace {

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

std::optional<Failure> RunFmt(const std::vector<std::string>& args, std::string* out) {
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

}  // namespace

int Fmt(const std::vector<std::string>& args) {
  std::string out;
  if (auto failure = RunFmt(args, &out)) return Fail(*failure);
  return Write(out);
}

}  // namespace gitops_cli
