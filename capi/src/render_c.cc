// The C API's render module: gitops_render_build and
// gitops_render_build_yaml, over gitops/render/build.h.
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops/render/build.h"
#include "gitops_c.h"

namespace gitops::capi {
namespace {

// Reads a C enum field as the int it is in memory (a C caller may store any
// int there; loading a value outside a C++ enum's range is undefined
// behaviour), then maps 1 and 2 to `one` and `two`; 0 keeps *out.
template <typename CEnum, typename CxxEnum>
int ApplyChoice(const char* function, const char* field_name, const CEnum* field, CxxEnum one,
                CxxEnum two, CxxEnum* out) {
  static_assert(sizeof(CEnum) == sizeof(int));
  int mode;
  std::memcpy(&mode, field, sizeof mode);
  switch (mode) {
    case 0:
      return GITOPS_OK;
    case 1:
      *out = one;
      return GITOPS_OK;
    case 2:
      *out = two;
      return GITOPS_OK;
  }
  return SetError(GITOPS_EINVALID, std::string(function) + ": unknown " + field_name + " value " +
                                       std::to_string(mode));
}

int VarsOf(const char* function, const std::string& field, const gitops_render_var* vars,
           size_t count, std::map<std::string, std::string>* out) {
  if (count != 0 && vars == nullptr) return NullArgument(function, field.c_str());
  for (size_t i = 0; i < count; ++i) {
    if (vars[i].name == nullptr || vars[i].value == nullptr) {
      return SetError(GITOPS_EINVALID, std::string(function) + ": " + field + "[" +
                                           std::to_string(i) + "] has a NULL " +
                                           (vars[i].name == nullptr ? "name" : "value"));
    }
    (*out)[vars[i].name] = vars[i].value;  // a repeated name: the later value wins
  }
  return GITOPS_OK;
}

// A non-zero callback result as a GITOPS_E* code.
int ResolverCode(int rc) { return rc < 0 && rc >= GITOPS_ENOMEM ? rc : GITOPS_EINVALID; }

// The Code whose GITOPS_E* value is `rc` (GITOPS_ENOMEM has none: kInternal).
Code CodeOf(int rc) { return rc == GITOPS_ENOMEM ? Code::kInternal : static_cast<Code>(-rc); }

// Converts the C options into the C++ ones; GITOPS_OK or the recorded error.
int OptionsOf(const char* function, const gitops_render_build_options* opts,
              render::BuildOptions* options) {
  if (opts == nullptr) return GITOPS_OK;
  if (int rc = CheckVersion(function, opts->version, GITOPS_RENDER_BUILD_OPTIONS_VERSION); rc < 0) {
    return rc;
  }
  if (int rc = ApplyChoice(function, "reorder", &opts->reorder, render::Reorder::kLegacy,
                           render::Reorder::kNone, &options->reorder);
      rc < 0) {
    return rc;
  }
  if (int rc = ApplyChoice(function, "load_restrictor", &opts->load_restrictor,
                           render::LoadRestrictor::kRootOnly, render::LoadRestrictor::kNone,
                           &options->load_restrictor);
      rc < 0) {
    return rc;
  }
  bool strict = options->strict_substitution;
  if (int rc = ApplyChoice(function, "substitution", &opts->substitution, true, false, &strict);
      rc < 0) {
    return rc;
  }
  options->strict_substitution = strict;
  if (opts->artifact_root != nullptr) options->artifact_root = opts->artifact_root;
  if (opts->managed_by_label != 0) options->managed_by_label = true;
  if (opts->managed_by != nullptr) options->managed_by = opts->managed_by;
  if (opts->max_depth < 0) {
    return SetError(GITOPS_EINVALID, std::string(function) + ": max_depth " +
                                         std::to_string(opts->max_depth) + " is negative");
  }
  if (opts->max_depth != 0) options->max_depth = opts->max_depth;
  if (opts->flux_kustomization != nullptr) {
    YamlReadOptions read;
    read.file = "flux_kustomization";
    Result<Value> doc = ReadYamlDocument(
        std::string_view(opts->flux_kustomization, opts->flux_kustomization_len), read);
    if (!doc.ok()) return SetError(doc.status());
    if (!doc->is_object()) {
      return SetError(GITOPS_EINVALID,
                      std::string(function) + ": flux_kustomization is not a YAML mapping");
    }
    options->flux_kustomization = std::move(doc).value();
  }
  if (int rc = VarsOf(function, "substitute", opts->substitute, opts->substitute_count,
                      &options->substitute);
      rc < 0) {
    return rc;
  }
  if (opts->substitute_from_count != 0 && opts->substitute_from == nullptr) {
    return NullArgument(function, "substitute_from");
  }
  for (size_t i = 0; i < opts->substitute_from_count; ++i) {
    std::map<std::string, std::string> vars;
    if (int rc = VarsOf(function, "substitute_from[" + std::to_string(i) + "].vars",
                        opts->substitute_from[i].vars, opts->substitute_from[i].count, &vars);
        rc < 0) {
      return rc;
    }
    options->substitute_from.push_back(std::move(vars));
  }
  if (opts->remote_resolver != nullptr) {
    gitops_render_remote_resolver_cb cb = opts->remote_resolver;
    void* payload = opts->remote_resolver_payload;
    options->remote_resolver = [cb, payload](const std::string& url) -> Result<std::string> {
      const char* path = nullptr;
      int rc = cb(&path, url.c_str(), payload);
      if (rc != 0) {
        std::string message = "the remote resolver failed for '" + url + "'";
        if (path != nullptr) message += ": " + std::string(path);
        return Status(CodeOf(ResolverCode(rc)), std::move(message));
      }
      if (path == nullptr) {
        return InvalidArgumentError("the remote resolver returned no path for '" + url + "'");
      }
      return std::string(path);
    };
  }
  return GITOPS_OK;
}

}  // namespace
}  // namespace gitops::capi

using namespace gitops::capi;  // NOLINT(build/namespaces): the wrappers below are all capi

extern "C" {

int gitops_render_build_options_init(gitops_render_build_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_render_build_options_init";
  if (opts == nullptr) return NullArgument(kFn, "opts");
  if (int rc = CheckVersion(kFn, version, GITOPS_RENDER_BUILD_OPTIONS_VERSION); rc < 0) return rc;
  *opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  return GITOPS_OK;
}

int gitops_render_build(gitops_docs** out, const char* dir,
                        const gitops_render_build_options* opts) {
  static const char kFn[] = "gitops_render_build";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (dir == nullptr) return NullArgument(kFn, "dir");
    gitops::render::BuildOptions options;
    if (int rc = OptionsOf(kFn, opts, &options); rc < 0) return rc;
    gitops::Result<std::vector<gitops::Value>> docs = gitops::render::Build(dir, options);
    if (!docs.ok()) return SetError(docs.status());
    *out = MakeDocs(std::move(docs).value()).release();
    return GITOPS_OK;
  });
}

int gitops_render_build_yaml(gitops_buf* out, const char* dir,
                             const gitops_render_build_options* opts) {
  static const char kFn[] = "gitops_render_build_yaml";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    gitops_buf_dispose(out);  // a failed call leaves {NULL, 0}
    if (dir == nullptr) return NullArgument(kFn, "dir");
    gitops::render::BuildOptions options;
    if (int rc = OptionsOf(kFn, opts, &options); rc < 0) return rc;
    gitops::Result<std::string> yaml = gitops::render::BuildYaml(dir, options);
    if (!yaml.ok()) return SetError(yaml.status());
    FillBuf(out, *yaml);
    return GITOPS_OK;
  });
}

}  // extern "C"
