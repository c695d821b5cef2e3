// How schemas key the kinds they declare: "<apiVersion> <kind>".
#ifndef GITOPS_SRC_PLAN_KIND_KEY_H_
#define GITOPS_SRC_PLAN_KIND_KEY_H_

#include <string>
#include <string_view>

namespace gitops::plan::internal {

inline std::string KindKey(std::string_view api_version, std::string_view kind) {
  std::string key(api_version);
  key += ' ';
  key += kind;
  return key;
}

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_KIND_KEY_H_
