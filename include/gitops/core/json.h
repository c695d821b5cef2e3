// JSON: RFC 8259 reading and writing of Values.
//
// The reader is strict: UTF-8 is validated, `\u` escapes must pair their
// surrogates, numbers that fit in int64 (or uint64) stay integers and others
// become doubles (correctly rounded), duplicate keys follow the option.
// The writer prints integers exactly and doubles in the shortest form that
// reads back to the same bits; keys keep the Value's order.
//
// Thread safety: the functions are reentrant and share no state.
//
//   GITOPS_ASSIGN_OR_RETURN(gitops::Value v, gitops::ReadJson(R"({"a": [1, 2.5]})"));
//   std::string text = *gitops::WriteJson(v, {.indent = 2});
#ifndef GITOPS_CORE_JSON_H_
#define GITOPS_CORE_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"

namespace gitops {

struct JsonReadOptions {
  // The name errors give for the text. Default: empty.
  std::string file;
  // Largest text accepted, in bytes. Default: 64 MiB.
  size_t max_document_bytes = size_t{64} << 20;
  // Deepest nesting of arrays and objects. Default: 1000.
  size_t max_depth = 1000;
  // What a repeated key means. Default: kLastWins (as encoding/json reads).
  DuplicateKeys duplicate_keys = DuplicateKeys::kLastWins;
};

// Reads exactly one JSON value (surrounding whitespace allowed).
// Errors: kParseError (syntax, invalid UTF-8, lone surrogate, trailing
// data), kLimitExceeded (size or depth).
Result<Value> ReadJson(std::string_view text, const JsonReadOptions& options = {});

struct JsonWriteOptions {
  // Spaces per level; 0 writes compact JSON on one line. Default: 0.
  int indent = 0;
};

// Writes `v` as JSON (no trailing newline).
// Errors: kInvalidArgument for a NaN or infinite double or a string that is
// not valid UTF-8 (the message gives its JSON pointer).
Result<std::string> WriteJson(const Value& v, const JsonWriteOptions& options = {});

}  // namespace gitops

#endif  // GITOPS_CORE_JSON_H_
