// Temporary until the reader lands (this session): links, returns Unimplemented.
#include "gitops/core/yaml.h"
namespace gitops {
Result<std::vector<Value>> ReadYaml(std::string_view, const YamlReadOptions&) {
  return UnimplementedError("ReadYaml: not yet");
}
Result<Value> ReadYamlDocument(std::string_view, const YamlReadOptions&) {
  return UnimplementedError("ReadYamlDocument: not yet");
}
}  // namespace gitops
