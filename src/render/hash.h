// The name suffix kustomize gives generated ConfigMaps and Secrets.
#ifndef GITOPS_SRC_RENDER_HASH_H_
#define GITOPS_SRC_RENDER_HASH_H_

#include <string>
#include <string_view>

#include "gitops/core/value.h"

namespace gitops::render {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// kustomize's hasher (api/hasher/hasher.go): SHA-256 of the Go JSON
// encoding of {kind, name, data[, binaryData]} (ConfigMap) or {kind, type,
// name, data[, stringData]} (Secret) or of the whole object (other kinds),
// its first 10 hex digits with 0,1,3,a,e replaced by g,h,k,m,t.
std::string KustomizeHash(const Value& obj);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_HASH_H_
