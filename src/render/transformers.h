// The built-in transformers, in the form kustomize's fields configure them.
#ifndef GITOPS_SRC_RENDER_TRANSFORMERS_H_
#define GITOPS_SRC_RENDER_TRANSFORMERS_H_

#include <string>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "render/fieldspec.h"
#include "render/loader.h"
#include "render/patch.h"
#include "render/resource.h"

namespace gitops::render {

struct TransformContext {
  const Loader& ldr;        // reads patch files
  const std::string& file;  // the kustomization, for messages
  const TransformerConfig& config;
  const MergeSchema& schema;  // strategic merge's type facts
};

Status ApplyPatchesStrategicMerge(const TransformContext& ctx, const Value& list, ResMap* m);
Status ApplyPatches(const TransformContext& ctx, const Value& list, ResMap* m);
Status ApplyPatchesJson6902(const TransformContext& ctx, const Value& list, ResMap* m);
Status ApplyNamespace(const TransformContext& ctx, const std::string& ns, ResMap* m);
Status ApplyPrefixSuffix(const TransformContext& ctx, const std::string& affix, bool prefix,
                         ResMap* m);
// `labels:` entries (pairs, includeSelectors, includeTemplates, fields).
Status ApplyLabelsField(const TransformContext& ctx, const Value& list, ResMap* m);
// Sets every pair of `pairs` in the maps `specs` reach (labels, annotations).
Status ApplyMapField(const TransformContext& ctx, const Value& pairs, const FsSlice& specs,
                     ResMap* m);
Status ApplyReplicas(const TransformContext& ctx, const Value& list, ResMap* m);
Status ApplyImages(const TransformContext& ctx, const Value& list, ResMap* m);
// The `transformers:` field's built-in transformer configurations, in order.
// Errors: kUnimplemented for kinds gitops does not run (external plugins).
Status ApplyTransformerConfigs(const TransformContext& ctx, const std::vector<Value>& configs,
                               ResMap* m);

// Appends kustomize's content hash to the names of generated objects.
void AddHashSuffixes(ResMap* m);
// Points every name reference at the current name of what it refers to.
Status FixNameReferences(const TransformerConfig& config, ResMap* m);
// Leaves out objects annotated config.kubernetes.io/local-config: "true".
void DropLocalConfig(ResMap* m);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_TRANSFORMERS_H_
