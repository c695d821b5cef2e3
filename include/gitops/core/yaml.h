// YAML: reading streams into Values and writing them back.
//
// ReadYaml reads a multi-document stream on libyaml's event API and resolves
// plain scalars as kustomize v5.5 reads them (go-yaml v3 rules: `yes` and
// `on` stay strings, `012` is octal 10, `0x1F` is 31, `1_000` is 1000,
// `1e3` is the number 1000, `~` and `null` are null, a date becomes an RFC
// 3339 timestamp string). Anchors and aliases are expanded; merge keys `<<`
// (plain or `!!merge`, one per mapping) are applied, explicit keys winning;
// `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` and `!!binary` are
// honoured and other tags are dropped, keeping the node's value. Every error
// is kParseError with file, line and column, or kLimitExceeded naming the
// limit.
//
// Where gitops deliberately differs from kustomize's reader, it keeps data
// kustomize would refuse or mangle: a key that is not a string (`1: a`,
// `true: b`) is kept as its text (kustomize fails: "json: unsupported
// type"); `!!binary` data that is not UTF-8 stays in its base64 form
// (kustomize replaces the bytes with U+FFFD); libyaml accepts the YAML 1.2
// escape `\/`, which go-yaml rejects. Folded (`>`) scalars with
// more-indented lines or `+` chomping read as libyaml reads them, which is
// one line break short of what kustomize prints
// (tests/conformance/yaml/KNOWN_GAPS.md lists every known difference).
//
// WriteYaml prints a Value exactly as `kustomize build` v5.5 does
// (sigs.k8s.io/yaml over go-yaml v2): keys sorted in go-yaml's order, `- `
// items at the parent's indentation, go-yaml's quoting and block scalars,
// plain strings folded near 80 columns. KeyOrder::kInsertion keeps the
// Value's own order instead, for files meant for people.
//
// Thread safety: the functions are reentrant and share no state.
//
//   GITOPS_ASSIGN_OR_RETURN(std::vector<gitops::Value> docs, gitops::ReadYaml(text));
//   std::string out = gitops::WriteYamlStream(docs);
#ifndef GITOPS_CORE_YAML_H_
#define GITOPS_CORE_YAML_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops {

enum class DuplicateKeys {
  kError,     // `mapping key "a" already defined at line 6`, as kustomize reports it
  kLastWins,  // the later value replaces the earlier one, as sigs.k8s.io/yaml reads
};

struct YamlReadOptions {
  // The name errors give for the text (a path, "<stdin>"). Default: empty.
  std::string file;
  // Largest stream accepted, in bytes. Default: 64 MiB.
  size_t max_document_bytes = size_t{64} << 20;
  // Deepest nesting of collections. Default: 1000.
  size_t max_depth = 1000;
  // Most Value nodes that alias expansion may create in the whole stream
  // (a billion-laughs document is rejected with kLimitExceeded). Default: 1,000,000.
  size_t max_alias_nodes = 1000000;
  // What a repeated mapping key means. Default: kError.
  DuplicateKeys duplicate_keys = DuplicateKeys::kError;
  // Whether documents that are empty or only `null` are left out of the
  // result, as kustomize leaves them out. Default: true.
  bool skip_empty_documents = true;
  // Which rules untagged plain scalars resolve by: go-yaml v3's (kustomize
  // reading its files) or go-yaml v2's, as sigs.k8s.io/yaml reads text into
  // JSON (Flux reads its postBuild-substituted objects back so): the YAML 1.1
  // words y, yes, on, off, n, no (any case form go-yaml lists) are booleans,
  // `0o17` is a string, and a timestamp stays the text it was written as.
  // Default: kGoYamlV3.
  enum class PlainScalars { kGoYamlV3, kGoYamlV2 };
  PlainScalars plain_scalars = PlainScalars::kGoYamlV3;
};

// Reads every document of a YAML stream.
// Errors: kParseError (syntax, duplicate key, invalid UTF-8, bad tag value),
// kLimitExceeded (size, depth or alias expansion over the options' limits).
Result<std::vector<Value>> ReadYaml(std::string_view text, const YamlReadOptions& options = {});

// Reads a stream that must hold exactly one document (an empty stream is
// null). Errors: as ReadYaml, and kParseError for more than one document.
Result<Value> ReadYamlDocument(std::string_view text, const YamlReadOptions& options = {});

struct YamlWriteOptions {
  enum class KeyOrder {
    kKustomize,  // sorted as kustomize's printer sorts (digit runs as numbers)
    kInsertion,  // the Value's own member order
  };
  // Default: kKustomize.
  KeyOrder key_order = KeyOrder::kKustomize;
};

// Writes one document (without a leading `---`), ending in a newline. The
// writer recurses once per level of nesting: trees from ReadYaml and
// ReadJson are bounded by their max_depth (default 1000), but one built
// through the Value API a few thousand levels deep can exhaust the
// thread's stack.
std::string WriteYaml(const Value& doc, const YamlWriteOptions& options = {});
// Appends the same text to *out.
void AppendYaml(const Value& doc, std::string* out, const YamlWriteOptions& options = {});
// Writes two documents at once: *out_a and *out_b receive exactly what
// WriteYaml(a) and WriteYaml(b) return. A part the two share (the same
// value where both have the same keys and list lengths above it) is
// written once and copied, so two versions of one object, the sides of a
// diff, cost little more than one.
void WriteYamlPair(const Value& a, const Value& b, std::string* out_a, std::string* out_b,
                   const YamlWriteOptions& options = {});
// Writes documents separated by `---\n`, as `kustomize build` prints them.
std::string WriteYamlStream(std::span<const Value> docs, const YamlWriteOptions& options = {});

// True if `a` sorts before `b` in kustomize's key order (go-yaml v2's
// keyList.Less over strings): runs of digits compare as numbers, and where a
// letter meets a non-letter the non-letter sorts first.
bool KustomizeKeyLess(std::string_view a, std::string_view b);

}  // namespace gitops

#endif  // GITOPS_CORE_YAML_H_
