// UTF-8 helpers shared by the JSON and YAML code (private to src/).
//
// Validity is that of the Unicode standard (Table 3-7, "Well-Formed UTF-8
// Byte Sequences"): overlong forms, UTF-8-encoded surrogates (U+D800 to
// U+DFFF), code points above U+10FFFF, stray continuation bytes and truncated
// sequences are all invalid.
//
// Thread safety: pure functions.
//
//   if (!gitops::IsValidUtf8(s)) return InvalidArgumentError("not UTF-8");
//   gitops::AppendUtf8(&out, U'\U0001F600');
#ifndef GITOPS_SRC_CORE_UTF8_H_
#define GITOPS_SRC_CORE_UTF8_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace gitops {

// Decodes the UTF-8 sequence at the start of `s`. Returns its length in
// bytes (1 to 4) and stores the code point in *out, or returns 0 (leaving
// *out alone) if `s` is empty or does not start with a valid sequence.
inline size_t DecodeUtf8(std::string_view s, char32_t* out) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  auto is_continuation = [](unsigned char b) { return (b & 0xC0) == 0x80; };
  if (b0 < 0xC2) return 0;  // a continuation byte, or C0/C1 (always overlong)
  if (b0 < 0xE0) {
    if (s.size() < 2 || !is_continuation(p[1])) return 0;
    *out = (char32_t{b0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
    return 2;
  }
  if (b0 < 0xF0) {
    // E0 needs A0..BF next (else overlong); ED needs 80..9F (else a surrogate).
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (s.size() < 3 || p[1] < lo || p[1] > hi || !is_continuation(p[2])) return 0;
    *out = (char32_t{b0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    return 3;
  }
  if (b0 < 0xF5) {
    // F0 needs 90..BF next (else overlong); F4 needs 80..8F (else > U+10FFFF).
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (s.size() < 4 || p[1] < lo || p[1] > hi || !is_continuation(p[2]) ||
        !is_continuation(p[3])) {
      return 0;
    }
    *out = (char32_t{b0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
           (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
    return 4;
  }
  return 0;  // F5..FF never occur in UTF-8
}

// The offset of the first byte of the first invalid sequence in `s`, or
// std::string_view::npos if all of `s` is valid UTF-8.
inline size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // ASCII runs, eight bytes at a time: the common case in manifests.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const size_t len = DecodeUtf8(s.substr(i), &cp);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Whether `s` is entirely valid UTF-8.
inline bool IsValidUtf8(std::string_view s) { return FindInvalidUtf8(s) == std::string_view::npos; }

// Appends the UTF-8 encoding of `cp`, which must be a Unicode scalar value
// (at most U+10FFFF and not a surrogate).
inline void AppendUtf8(std::string* out, char32_t cp) {
  assert(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
  char buf[4];
  size_t n;
  if (cp < 0x80) {
    buf[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out->append(buf, n);
}

}  // namespace gitops

#endif  // GITOPS_SRC_CORE_UTF8_H_
