// How modules log: log_internal::Write(LogLevel::kInfo, "source", "fetched ...").
// The configuration lives in gitops/core/log.h. Never pass secrets here:
// mask them first.
#ifndef GITOPS_SRC_CORE_LOG_INTERNAL_H_
#define GITOPS_SRC_CORE_LOG_INTERNAL_H_

#include <string_view>

#include "gitops/core/log.h"

namespace gitops::log_internal {

// Writes one record from `module` if `level` is enabled. Thread-safe.
void Write(LogLevel level, std::string_view module, std::string_view message);
// Whether a record at `level` would be written (to skip building costly messages).
bool Enabled(LogLevel level);

}  // namespace gitops::log_internal

#endif  // GITOPS_SRC_CORE_LOG_INTERNAL_H_
