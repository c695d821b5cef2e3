// Shims of the render module: a kustomize build of a directory, as a list
// of documents or as kubectl's YAML stream. The build runs with the GIL
// released; a remote resolver (a Python callable) is called with the GIL
// taken again, from the build's own thread, and an exception it raises
// ends the build and propagates to the caller unchanged.

#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common.h"
#include "gitops/core/yaml.h"
#include "gitops/render/build.h"

namespace gitops_python {

namespace {

using VarMap = std::map<std::string, std::string>;

gitops::render::Reorder ReorderOf(const std::string& name) {
  if (name == "legacy") return gitops::render::Reorder::kLegacy;
  if (name == "none") return gitops::render::Reorder::kNone;
  Throw(
      gitops::InvalidArgumentError("reorder must be \"legacy\" or \"none\", not \"" + name + "\""));
}

gitops::render::LoadRestrictor RestrictorOf(const std::string& name) {
  if (name == "LoadRestrictionsRootOnly") return gitops::render::LoadRestrictor::kRootOnly;
  if (name == "LoadRestrictionsNone") return gitops::render::LoadRestrictor::kNone;
  Throw(gitops::InvalidArgumentError(
      "load_restrictor must be \"LoadRestrictionsRootOnly\" or \"LoadRestrictionsNone\", not \"" +
      name + "\""));
}

// What a remote resolver raised, kept until the build has returned: the
// exception is rethrown on the caller's thread, with the GIL held.
struct ResolverError {
  std::exception_ptr raised;
};

// The shared part of build and build_yaml: converts the arguments (GIL
// held), runs `body` on the options with the GIL released, rethrows what
// the resolver raised.
template <typename Body>
auto RunBuild(const std::string& path, const std::string& reorder,
              const std::string& load_restrictor, std::optional<std::string> artifact_root,
              bool managed_by_label, std::optional<std::string> managed_by, const py::object& flux,
              VarMap substitute, std::vector<VarMap> substitute_from, bool strict_substitution,
              const py::object& remote_resolver, Body body) {
  gitops::render::BuildOptions options;
  options.reorder = ReorderOf(reorder);
  options.load_restrictor = RestrictorOf(load_restrictor);
  if (artifact_root) options.artifact_root = std::move(*artifact_root);
  options.managed_by_label = managed_by_label;
  if (managed_by) options.managed_by = std::move(*managed_by);
  if (!flux.is_none()) {
    Value k = ToValue(flux, "flux, ");
    if (!k.is_object()) Throw(gitops::InvalidArgumentError("flux must be a Kustomization dict"));
    options.flux_kustomization = std::move(k);
  }
  options.substitute = std::move(substitute);
  options.substitute_from = std::move(substitute_from);
  options.strict_substitution = strict_substitution;
  ResolverError error;
  if (!remote_resolver.is_none()) {
    // Borrowed: the caller's argument keeps the callable alive for the
    // whole call, and a borrowed pointer is copied without the GIL.
    PyObject* resolver = remote_resolver.ptr();
    options.remote_resolver = [resolver,
                               &error](const std::string& url) -> gitops::Result<std::string> {
      py::gil_scoped_acquire gil;
      try {
        py::object local = py::reinterpret_borrow<py::object>(resolver)(url);
        return py::cast<std::string>(local);
      } catch (...) {
        error.raised = std::current_exception();
        return gitops::CancelledError("the remote resolver raised an exception");
      }
    };
  }
  auto result = [&] {
    py::gil_scoped_release release_gil;
    return body(path, options);
  }();
  if (error.raised) std::rethrow_exception(error.raised);
  return ValueOrThrow(std::move(result));
}

py::list BuildShim(const std::string& path, const std::string& reorder,
                   const std::string& load_restrictor, std::optional<std::string> artifact_root,
                   bool managed_by_label, std::optional<std::string> managed_by,
                   const py::object& flux, VarMap substitute, std::vector<VarMap> substitute_from,
                   bool strict_substitution, const py::object& remote_resolver) {
  std::vector<Value> docs =
      RunBuild(path, reorder, load_restrictor, std::move(artifact_root), managed_by_label,
               std::move(managed_by), flux, std::move(substitute), std::move(substitute_from),
               strict_substitution, remote_resolver,
               [](const std::string& dir, const gitops::render::BuildOptions& options) {
                 return gitops::render::Build(dir, options);
               });
  py::list out(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) out[i] = ToPython(docs[i]);
  return out;
}

py::str BuildYamlShim(const std::string& path, const std::string& reorder,
                      const std::string& load_restrictor, std::optional<std::string> artifact_root,
                      bool managed_by_label, std::optional<std::string> managed_by,
                      const py::object& flux, VarMap substitute,
                      std::vector<VarMap> substitute_from, bool strict_substitution,
                      const py::object& remote_resolver) {
  std::string text =
      RunBuild(path, reorder, load_restrictor, std::move(artifact_root), managed_by_label,
               std::move(managed_by), flux, std::move(substitute), std::move(substitute_from),
               strict_substitution, remote_resolver,
               [](const std::string& dir, const gitops::render::BuildOptions& options) {
                 return gitops::render::BuildYaml(dir, options);
               });
  return Steal(NewStr(text));
}

}  // namespace

void RegisterRender(py::module_& module) {
  module.def("build", &BuildShim, py::arg("path"), py::arg("reorder"), py::arg("load_restrictor"),
             py::arg("artifact_root"), py::arg("managed_by_label"), py::arg("managed_by"),
             py::arg("flux"), py::arg("substitute"), py::arg("substitute_from"),
             py::arg("strict_substitution"), py::arg("remote_resolver"));
  module.def("build_yaml", &BuildYamlShim, py::arg("path"), py::arg("reorder"),
             py::arg("load_restrictor"), py::arg("artifact_root"), py::arg("managed_by_label"),
             py::arg("managed_by"), py::arg("flux"), py::arg("substitute"),
             py::arg("substitute_from"), py::arg("strict_substitution"),
             py::arg("remote_resolver"));
}

}  // namespace gitops_python
