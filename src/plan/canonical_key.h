// The API server's form of a FieldsV1 `k:` key, read without a JSON parser.
#ifndef GITOPS_SRC_PLAN_CANONICAL_KEY_H_
#define GITOPS_SRC_PLAN_CANONICAL_KEY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gitops/core/value.h"

namespace gitops::plan::internal {

// The fields of a FieldsV1 `k:` key in the form the API server writes it
// (`{"name":"web"}`, `{"containerPort":80,"protocol":"TCP"}`: no spaces,
// strings without escapes, integers without sign, leading zeros or
// fraction, booleans, at most four distinct fields), read without building
// a JSON value: the same fields and values ReadJson gives. False for any
// other form, which the caller then reads as JSON.
struct CanonicalKey {
  static constexpr size_t kMaxFields = 4;
  std::string_view names[kMaxFields];
  Value values[kMaxFields];
  size_t size = 0;
};

bool ReadCanonicalKey(std::string_view s, CanonicalKey* out);

// The same key with the values left in the text (strings as views,
// integers as numbers): nothing is allocated. ReadCanonicalKey reads
// through it.
struct CanonicalKeyView {
  struct Field {
    std::string_view name;
    enum class Kind : uint8_t { kString, kInteger, kBool } kind;
    std::string_view text;  // kString
    uint64_t integer;       // kInteger (below 10^18)
    bool boolean;           // kBool
  };
  Field fields[CanonicalKey::kMaxFields];
  size_t size = 0;
};

bool ReadCanonicalKeyView(std::string_view s, CanonicalKeyView* out);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_CANONICAL_KEY_H_
