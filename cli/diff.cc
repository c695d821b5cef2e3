// gitops diff: what applying a build would change in a live-state snapshot,
// offline, printed as `flux diff kustomization` prints it.

#include <string>
#include <vector>

#include "cli.h"
#include "gitops/plan/plan.h"

namespace gitops_cli {

int Diff(const std::vector<std::string>& args) {
  PlanArgs plan_args;
  if (auto failure = ParsePlanArgs("diff", args, &plan_args)) return Fail(*failure, 2);
  gitops::plan::Plan plan;
  if (auto failure = MakePlanFromArgs(plan_args, &plan)) return Fail(*failure, 2);
  bool colour = StdoutIsTerminal();
  std::string out;
  for (const gitops::plan::ChangeSetEntry& entry : plan.ToChangeSet().entries) {
    if (entry.action == gitops::plan::Action::kUnchanged && !plan_args.show_unchanged) continue;
    PrintEntry(entry, colour, true, &out);
  }
  if (Write(out) != 0) return 2;
  return plan.HasChanges() ? 1 : 0;
}

}  // namespace gitops_cli
