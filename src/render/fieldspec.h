// Field specs: kustomize's way of naming the fields a transformer touches,
// and the walker that visits them in an object.
#ifndef GITOPS_SRC_RENDER_FIELDSPEC_H_
#define GITOPS_SRC_RENDER_FIELDSPEC_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "render/resource.h"

namespace gitops::render {

// kustomize's default transformer configuration (builtin_fieldspecs.cc).
extern const char kDefaultFieldSpecs[];

struct FieldSpec {
  Gvk gvk;           // which objects: empty parts match anything
  std::string path;  // "spec/template/metadata/labels"; `\/` is a literal slash, `[]` a list
  bool create = false;

  friend bool operator==(const FieldSpec&, const FieldSpec&) = default;
};
using FsSlice = std::vector<FieldSpec>;

// Appends `more` to `*fs`, leaving out exact duplicates.
void MergeFieldSpecs(FsSlice* fs, const FsSlice& more);

struct NameBackReference {
  Gvk gvk;            // the kind that is referred to
  FsSlice referrers;  // where referrers hold its name
};

// A transformer configuration (kustomize's builtinconfig.TransformerConfig).
struct TransformerConfig {
  FsSlice name_prefix, name_suffix, name_space, common_labels, template_labels, labels,
      common_annotations, replicas, images, var_reference;
  std::vector<NameBackReference> name_reference;

  // Merges another configuration in (kustomize's MergeConfig).
  void Merge(const TransformerConfig& other);
};

// The built-in configuration, parsed once.
const TransformerConfig& DefaultTransformerConfig();

// Reads a `configurations` file. Errors: kParseError, kInvalidArgument
// naming `file` and the field.
Result<TransformerConfig> ParseTransformerConfig(std::string_view text, const std::string& file);
// Reads a `crds` file (OpenAPI definitions of custom types, JSON or YAML)
// into the configuration its x-kubernetes-* markers imply. Errors:
// kParseError, kInvalidArgument naming `file`.
Result<TransformerConfig> ConfigFromCrds(std::string_view text, const std::string& file);
// Reads one field spec list (`[{path, kind, group, version, create}]`).
Result<FsSlice> ParseFieldSpecs(const Value& list, const std::string& where);

// Calls `set` for every node the spec's path reaches in `obj` (lists on the
// way are entered item by item; with `create`, missing maps are created and
// the last field created as `create_as`). Errors from `set` stop the walk.
// A path through a scalar is an error, as in kustomize.
Status WalkFieldSpec(Value& obj, const FieldSpec& fs, const Value& create_as,
                     const std::function<Status(Value&)>& set);

// The path's segments with `\/` unescaped.
std::vector<std::string> SplitFieldPath(std::string_view path);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_FIELDSPEC_H_
