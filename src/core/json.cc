// Temporary until the JSON reader and writer land (this session).
#include "gitops/core/json.h"
namespace gitops {
Result<Value> ReadJson(std::string_view, const JsonReadOptions&) {
  return UnimplementedError("ReadJson: not yet");
}
Result<std::string> WriteJson(const Value&, const JsonWriteOptions&) {
  return UnimplementedError("WriteJson: not yet");
}
}  // namespace gitops
