// The `crds` field: transformer configuration from OpenAPI definitions of
// custom types (kustomize's LoadConfigFromCRDs): properties marked
// x-kubernetes-object-ref-kind / -api-version (-name-key) become name
// references, x-kubernetes-annotation / -label-selector / -identity become
// annotation, label and name-prefix field specs.
#include <set>
#include <string>
#include <vector>

#include "gitops/core/yaml.h"
#include "render/fieldspec.h"

namespace gitops::render {
namespace {

const Value* Properties(const Value& defs, const std::string& type) {
  const Value* def = defs.Find(type);
  if (def == nullptr) return nullptr;
  const Value* schema = def->Find("Schema");
  if (schema == nullptr) return nullptr;
  const Value* props = schema->Find("properties");
  return props != nullptr && props->is_object() ? props : nullptr;
}

std::string Join(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string StringExt(const Value& prop, std::string_view key, bool* found) {
  const Value* v = prop.Find(key);
  *found = v != nullptr && v->is_string();
  return *found ? std::string(v->as_string()) : std::string();
}

void LoadType(const Value& defs, const Gvk& gvk, const std::string& type,
              const std::vector<std::string>& path, std::set<std::string>* seen,
              TransformerConfig* tc) {
  const Value* props = Properties(defs, type);
  if (props == nullptr || !seen->insert(type).second) return;
  for (const Value::Member& m : props->members()) {
    std::vector<std::string> here = path;
    here.emplace_back(m.key());
    const Value& prop = m.value();
    FieldSpec fs{gvk, Join(here), false};
    bool found = false;
    StringExt(prop, "x-kubernetes-annotation", &found);
    if (found) MergeFieldSpecs(&tc->common_annotations, {fs});
    StringExt(prop, "x-kubernetes-label-selector", &found);
    if (found) MergeFieldSpecs(&tc->common_labels, {fs});
    StringExt(prop, "x-kubernetes-identity", &found);
    if (found) MergeFieldSpecs(&tc->name_prefix, {fs});
    std::string version = StringExt(prop, "x-kubernetes-object-ref-api-version", &found);
    if (found) {
      std::string kind = StringExt(prop, "x-kubernetes-object-ref-kind", &found);
      if (found) {
        std::string name_key = StringExt(prop, "x-kubernetes-object-ref-name-key", &found);
        if (!found) name_key = "name";
        std::vector<std::string> ref = here;
        ref.push_back(name_key);
        TransformerConfig one;
        one.name_reference.push_back({Gvk{"", version, kind}, {FieldSpec{gvk, Join(ref), false}}});
        tc->Merge(one);
      }
    }
    if (const Value* r = prop.Find("$ref"); r != nullptr && r->is_string()) {
      LoadType(defs, gvk, std::string(r->as_string()), here, seen, tc);
    }
  }
  seen->erase(type);
}

}  // namespace

Result<TransformerConfig> ConfigFromCrds(std::string_view text, const std::string& file) {
  YamlReadOptions opts;
  opts.file = file;
  GITOPS_ASSIGN_OR_RETURN(Value defs, ReadYamlDocument(text, opts));
  TransformerConfig tc;
  if (!defs.is_object())
    return InvalidArgumentError(file + ": expected a map of OpenAPI definitions");
  for (const Value::Member& m : defs.members()) {
    const Value* props = Properties(defs, std::string(m.key()));
    // Only definitions that look like a Kubernetes type (kind, apiVersion, metadata).
    if (props == nullptr || !props->Contains("kind") || !props->Contains("apiVersion") ||
        !props->Contains("metadata")) {
      continue;
    }
    std::string name(m.key());
    Gvk gvk;
    gvk.kind = name.substr(name.rfind('.') + 1);
    std::set<std::string> seen;
    LoadType(defs, gvk, name, {}, &seen, &tc);
  }
  return tc;
}

}  // namespace gitops::render
