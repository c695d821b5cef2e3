// go-yaml's resolve(): what a plain (unquoted, untagged) YAML scalar means.
//
// Both directions of kustomize's YAML go through it: the reader (go-yaml v3,
// YAML 1.2 words plus Go's strconv number syntax) and the writer, which
// quotes a string exactly when go-yaml v2 (YAML 1.1 words: y, yes, on, off,
// ...) would read it back as something else. v2 and v3 differ only in
// those words and in v3's extra `0o` branch; everything else (Go's
// ParseInt/ParseUint/ParseFloat with base prefixes and underscores, the
// yamlStyleFloat pattern, time.Parse's timestamp layouts) is shared here.
//
// Thread safety: pure functions.
#ifndef GITOPS_SRC_CORE_GO_YAML_RESOLVE_H_
#define GITOPS_SRC_CORE_GO_YAML_RESOLVE_H_

#include <string>
#include <string_view>

#include "gitops/core/value.h"

namespace gitops::go_yaml {

enum class Schema {
  kV2,  // gopkg.in/yaml.v2 (sigs.k8s.io/yaml's printer)
  kV3,  // gopkg.in/yaml.v3 (kustomize's reader)
};

// The tag resolve() gives.
enum class Resolved { kNull, kBool, kInt, kFloat, kTimestamp, kString };

// Resolves `in` as go-yaml resolves a plain scalar. When `out` is not null
// it receives the value: null, a bool, an int64 / uint64, a double, the
// text itself for strings (`<<` among them: merge keys are recognised by the
// reader, not here), and for timestamps the RFC 3339 text
// Go's time.Time marshals to in JSON ("2001-12-14" -> "2001-12-14T00:00:00Z").
Resolved ResolvePlain(std::string_view in, Schema schema, Value* out);

// go-yaml v2's isBase60Float (`1:20`): resolved as a string, but quoted on
// the way out for older parsers.
bool IsBase60Float(std::string_view s);

// The short tag name of a resolution ("!!int").
std::string_view TagName(Resolved r);

}  // namespace gitops::go_yaml

#endif  // GITOPS_SRC_CORE_GO_YAML_RESOLVE_H_
