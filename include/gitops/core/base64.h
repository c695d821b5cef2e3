// Base64 (RFC 4648, standard alphabet, padded), as Kubernetes stores Secret
// data and ConfigMap binaryData.
#ifndef GITOPS_CORE_BASE64_H_
#define GITOPS_CORE_BASE64_H_

#include <string>
#include <string_view>

#include "gitops/core/status.h"

namespace gitops {

// `in` encoded, padded with '=', no line breaks.
std::string Base64Encode(std::string_view in);

// `in` decoded as Go's base64.StdEncoding decodes a Secret's data (which is
// what the API server accepts): padding required, '\r' and '\n' ignored,
// anything else outside the alphabet a kInvalidArgument naming the offset
// (never the data, which may be a secret).
Result<std::string> Base64Decode(std::string_view in);

}  // namespace gitops

#endif  // GITOPS_CORE_BASE64_H_
