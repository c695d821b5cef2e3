// _gitops: the C++ shims under the gitops Python package (see common.h).

#include "common.h"

namespace gitops_python {

PYBIND11_MODULE(_gitops, module) {
  module.doc() = "C++ shims for the gitops package; use gitops, not this module.";
  RegisterErrors(module);
  RegisterCore(module);
  RegisterPlan(module);
  RegisterSource(module);
  RegisterPlanDiff(module);
  RegisterRender(module);
}

}  // namespace gitops_python
