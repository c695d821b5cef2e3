// The API server's defaults inside fields an apply replaces whole. Private
// to the plan module.
//
// A default the API server filled into a granular map or list-map item
// survives an offline merge (nobody owns it, so it stays). One inside an
// atomic list or struct does not: the applied value replaces the live one
// whole, without the default, while the real API server defaults the merged
// object again and finds no change. So after the merge, where the merged
// object lacks a field that the server defaults (a table of kinds, places,
// fields, default values and conditions, from Kubernetes' defaulters) and
// the live object holds that field at the same place (so it was stored by
// a server that defaults), the field takes its default, as the server would
// give it: the live default then compares equal, and a live value other
// than the default stays drift, shown against the default. A live snapshot
// without the defaults (written by hand) compares as it is. A LimitRange's
// Container items take `default` and `defaultRequest` from their own `max`,
// `default` and `min`, as SetDefaults_LimitRangeItem computes them.
//
// Thread safety: pure functions.
//
//   if (internal::RestoreServerDefaults(id, live, &merged)) ...compare again
#ifndef GITOPS_SRC_PLAN_DEFAULTS_H_
#define GITOPS_SRC_PLAN_DEFAULTS_H_

#include "gitops/core/object.h"
#include "gitops/core/value.h"

namespace gitops::plan::internal {

// Fills the defaults described above into `merged` (an object of kind `id`
// after the apply) from `live`. Returns whether it filled any.
bool RestoreServerDefaults(const ObjectId& id, const Value& live, Value* merged);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_DEFAULTS_H_
