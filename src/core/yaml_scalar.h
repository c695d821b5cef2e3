// Scalar resolution for the YAML reader: what a scalar's text means, by
// go-yaml v3's rules (resolve.go), which kustomize v5.5 reads with.
#ifndef GITOPS_SRC_CORE_YAML_SCALAR_H_
#define GITOPS_SRC_CORE_YAML_SCALAR_H_

#include <string>
#include <string_view>

#include "gitops/core/value.h"

namespace gitops::yaml_scalar {

// Resolves a scalar. `plain` is whether it was unquoted (only plain scalars
// are resolved implicitly); `tag` is its tag in short form ("!!int", "!foo")
// or empty. On failure (`!!int abc`, bad base64) returns false with a
// message in *error.
bool Resolve(std::string_view text, bool plain, std::string_view tag, Value* out,
             std::string* error);

// Parses a YAML timestamp in the forms go-yaml v3 accepts ("2001-12-14",
// "2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10") and writes it
// in RFC 3339 with nanoseconds as Go's time.Time marshals to JSON
// ("2001-12-15T02:59:43.1Z" keeps the offset: "2001-12-14T21:59:43.1-05:00").
bool ParseTimestamp(std::string_view text, std::string* rfc3339);

}  // namespace gitops::yaml_scalar

#endif  // GITOPS_SRC_CORE_YAML_SCALAR_H_
