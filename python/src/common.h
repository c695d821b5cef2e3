// Shared by the shim files of the _gitops module: Value <-> Python
// conversion, the Status exception and its translation to _gitops.Error, and
// one Register function per library module, called from module.cc.
//
// Shims only, in the manner of google/re2's python/_re2.cc: each function
// converts its arguments, calls the public C++ API and converts the result.
// The Pythonic API (keyword arguments, the exception hierarchy, ObjectId,
// docstrings) is plain Python in gitops/.
//
// Errors: a non-ok gitops::Status becomes one exception type, _gitops.Error,
// whose args are (code name, message, file, line, column[, conflicts]);
// gitops/__init__.py raises the gitops.Error subclass for the code instead.
//
// The GIL: Python objects are converted to and from gitops::Value with the
// GIL held; the library's work runs with it released, so other Python
// threads keep running during a long parse or build. The text being read
// stays alive because the caller's argument holds a reference to it.

#ifndef GITOPS_PYTHON_SRC_COMMON_H_
#define GITOPS_PYTHON_SRC_COMMON_H_

#include <Python.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/plan/merge.h"

namespace gitops_python {

namespace py = pybind11;

using gitops::Code;
using gitops::Status;
using gitops::Value;

// Carries a non-ok Status from a shim to the exception translator.
class StatusException : public std::exception {
 public:
  explicit StatusException(Status status) : status_(std::move(status)) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return "gitops status"; }

 private:
  Status status_;
};

[[noreturn]] inline void Throw(Status status) { throw StatusException(std::move(status)); }

template <typename T>
T ValueOrThrow(gitops::Result<T> result) {
  if (!result.ok()) Throw(result.status());
  return std::move(result).value();
}

// A kConflict Status from a merge with the conflicts it found: raised as
// _gitops.Error with the list as a sixth argument.
struct ConflictException : std::exception {
  Status status;
  std::vector<gitops::plan::Conflict> conflicts;
  const char* what() const noexcept override { return "gitops conflict"; }
};

// Installs _gitops.Error and the translator of the exceptions above.
void RegisterErrors(py::module_& module);

// Python value (dict, list, str, int, float, bool, None; tuples as lists)
// to Value; a kInvalidArgument StatusException naming the JSON pointer of
// anything else.
// `context`, when given, goes before the pointer: "document 2, ".
Value ToValue(py::handle obj, std::string_view context = {});
py::object ToPython(const Value& v);

// A new reference as a py::object; throws error_already_set for nullptr.
py::object Steal(PyObject* o);
// A new str from UTF-8 (nullptr with a Python error if it is not UTF-8).
PyObject* NewStr(std::string_view s);

// A view of a str (its cached UTF-8 form) or bytes argument; valid while the
// argument lives.
std::string_view TextOf(const py::object& text);

// One per library module, each in its own file.
void RegisterCore(py::module_& module);
void RegisterPlan(py::module_& module);
void RegisterSource(py::module_& module);
void RegisterPlanDiff(py::module_& module);  // plan_diff.cc: diff, plan, drift
void RegisterRender(py::module_& module);

}  // namespace gitops_python

#endif  // GITOPS_PYTHON_SRC_COMMON_H_
