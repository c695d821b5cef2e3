// Sort: the order of a build's output, as kustomize v5.5's
// SortOrderTransformer and the top kustomization's sortOptions give it.
#ifndef GITOPS_SRC_RENDER_SORT_H_
#define GITOPS_SRC_RENDER_SORT_H_

#include <string>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/render/build.h"
#include "render/resource.h"

namespace gitops::render {

// Orders `m` as kustomize's Kustomizer.applySortOrder does: the top
// kustomization's `sortOptions` (`sort_options`, null when it has none)
// wins over `reorder` (kubectl's --reorder); `order: legacy` sorts by kind
// with legacySortOptions' orderFirst / orderLast (kustomize's fixed lists
// when legacySortOptions is absent), `order: fifo` keeps the load order.
// Only the top kustomization's field counts; children's are not read.
// Errors: kInvalidArgument naming `file` and the field (an order other than
// legacy or fifo, legacySortOptions with fifo).
Status SortResources(const Value* sort_options, Reorder reorder, const std::string& file,
                     ResMap* m);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_SORT_H_
