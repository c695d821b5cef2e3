#include "core/yaml_scalar.h"

#include <cstdint>

#include "core/go_yaml_resolve.h"
#include "core/utf8.h"

namespace gitops::yaml_scalar {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Decodes standard base64, skipping \r and \n as Go's decoder does.
bool DecodeBase64(std::string_view in, std::string* out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (IsDigit(c)) return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string clean;
  for (char c : in) {
    if (c != '\n' && c != '\r') clean.push_back(c);
  }
  if (clean.size() % 4 != 0) return false;
  out->clear();
  for (size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = clean[i + static_cast<size_t>(k)];
      if (c == '=' && i + 4 == clean.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;
      v[k] = val(c);
      if (v[k] < 0) return false;
    }
    uint32_t triple = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                      (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out->push_back(static_cast<char>((triple >> 16) & 0xFF));
    if (pad < 2) out->push_back(static_cast<char>((triple >> 8) & 0xFF));
    if (pad < 1) out->push_back(static_cast<char>(triple & 0xFF));
  }
  return true;
}

}  // namespace

bool Resolve(std::string_view text, bool plain, std::string_view tag, Value* out,
             std::string* error, bool v2) {
  if (tag.empty() || tag == "!") {
    // Quoted and block scalars without a tag are strings; so is anything
    // under the non-specific tag "!".
    if (!plain || !tag.empty()) {
      *out = Value(text);
      return true;
    }
    if (v2) {
      // go-yaml v2 decodes a timestamp into an interface{} as its text.
      if (go_yaml::ResolvePlain(text, go_yaml::Schema::kV2, out) == go_yaml::Resolved::kTimestamp) {
        *out = Value(text);
      }
      return true;
    }
    go_yaml::ResolvePlain(text, go_yaml::Schema::kV3, out);
    return true;
  }
  if (tag == "!!str") {
    *out = Value(text);
    return true;
  }
  if (tag == "!!binary") {
    std::string decoded;
    if (!DecodeBase64(text, &decoded)) {
      *error = "!!binary value contains invalid base64 data";
      return false;
    }
    // Binary data that is not text stays in its base64 form, so that nothing
    // is lost (kustomize would replace the bytes with U+FFFD).
    *out = IsValidUtf8(decoded) ? Value(decoded) : Value(text);
    return true;
  }
  if (tag == "!!bool" || tag == "!!int" || tag == "!!float" || tag == "!!null" ||
      tag == "!!timestamp") {
    go_yaml::Resolved r = go_yaml::ResolvePlain(text, go_yaml::Schema::kV3, out);
    std::string_view rtag = go_yaml::TagName(r);
    if (rtag == tag) return true;
    if (tag == "!!float" && r == go_yaml::Resolved::kInt) {
      *out = Value(out->as_double());
      return true;
    }
    *error = "cannot decode " + std::string(rtag) + " `" + std::string(text) + "` as a " +
             std::string(tag);
    return false;
  }
  // Other tags (custom ones, !!map on a scalar, ...) keep the text.
  *out = Value(text);
  return true;
}

}  // namespace gitops::yaml_scalar
