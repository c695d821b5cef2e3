// Temporary until the writer lands (this session).
#include "gitops/core/yaml.h"
namespace gitops {
std::string WriteYaml(const Value&, const YamlWriteOptions&) { return ""; }
void AppendYaml(const Value&, std::string*, const YamlWriteOptions&) {}
std::string WriteYamlStream(std::span<const Value>, const YamlWriteOptions&) { return ""; }
bool KustomizeKeyLess(std::string_view a, std::string_view b) { return a < b; }
}  // namespace gitops
