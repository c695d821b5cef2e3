// The YAML writer: prints a Value byte for byte as `kustomize build` v5.5
// prints a resource.
//
// kustomize marshals a resource to JSON and hands it to sigs.k8s.io/yaml,
// which unmarshals that JSON with go-yaml v2 into interface{} and marshals
// the result with go-yaml v2's emitter (a Go port of libyaml's). This file
// is a direct emitter over Value that reproduces the observable effect of
// that whole chain:
//
// - the JSON step: invalid UTF-8 bytes become U+FFFD (Go's json.Marshal),
//   a raw U+0085 (NEL, which json.Marshal leaves unescaped) is folded by the
//   YAML parser as a line break inside a quoted scalar, and a double goes
//   through Go's JSON number text and back through go-yaml v2's resolver;
// - go-yaml v2's encoder: map keys sorted by keyList.Less (sorter.go), the
//   style each string asks for (encode.go stringv);
// - the emitter (emitterc.go): analyze_scalar, select_scalar_style, the
//   plain / single / double quoted / literal writers with their folding at
//   best_width 80, block indentation with sequences not indented inside
//   mappings, `? ` complex keys for multi-line keys or keys over 128 bytes.
//
// The emitter's state variables (column, indent, whitespace, indention) are
// kept with the same names and updated at the same points as in
// emitterc.go, so that each function below can be checked against its Go
// counterpart line by line. Output is appended to one std::string; the only
// allocations are that string's growth, a reused key-sorting buffer, and a
// scratch string for the rare strings the JSON step changes.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/bytes_equal.h"
#include "core/go_yaml_resolve.h"
#include "core/utf8.h"
#include "gitops/core/yaml.h"

namespace gitops {
namespace {

constexpr int kBestIndent = 2;  // emitter.best_indent
constexpr int kBestWidth = 80;  // emitter.best_width
// yaml_emitter_check_simple_key: a longer key is written as `? key`.
constexpr size_t kMaxSimpleKeyLength = 128;

// ---------------------------------------------------------------------------
// Character classes (yamlprivateh.go). Callers guarantee valid UTF-8, so the
// look-ahead bytes of a multi-byte character exist. `b` points at the
// character, `end` one past the string.

inline int Width(unsigned char c) {
  if ((c & 0x80) == 0x00) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}

inline bool IsPrintable(const unsigned char* b) {
  return b[0] == 0x0A || (b[0] >= 0x20 && b[0] <= 0x7E) || (b[0] == 0xC2 && b[1] >= 0xA0) ||
         (b[0] > 0xC2 && b[0] < 0xED) || (b[0] == 0xED && b[1] < 0xA0) || b[0] == 0xEE ||
         (b[0] == 0xEF && !(b[1] == 0xBB && b[2] == 0xBF) &&
          !(b[1] == 0xBF && (b[2] == 0xBE || b[2] == 0xBF)));
}

inline bool IsBreak(const unsigned char* b) {
  return b[0] == '\r' || b[0] == '\n' || (b[0] == 0xC2 && b[1] == 0x85) ||
         (b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9));
}

// is_blank at position i of [b, end): a space or a tab. (Go's version reads
// the byte at len(value) as the terminating NUL of the C original would be;
// past the end nothing is blank.)
inline bool IsBlankAt(const unsigned char* b, const unsigned char* end) {
  return b < end && (*b == ' ' || *b == '\t');
}

// is_blankz: blank, break, NUL.
inline bool IsBlankz(const unsigned char* b, const unsigned char* end) {
  if (b >= end) return true;
  return *b == ' ' || *b == '\t' || *b == 0 || IsBreak(b);
}

// ---------------------------------------------------------------------------
// UTF-8 validation and the JSON step's rewriting of strings.

// Length of the valid UTF-8 sequence at s[i] (as Go's utf8 package decides:
// no overlongs, no surrogates, nothing above U+10FFFF), or 0 if invalid.
size_t ValidSequenceLength(std::string_view s, size_t i) {
  char32_t cp;
  return DecodeUtf8(s.substr(i), &cp);
}

// Whether the JSON step leaves `s` unchanged: valid UTF-8 without U+0085.
bool SurvivesJson(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = ValidSequenceLength(s, i);
    if (len == 0) return false;
    if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0x85) return false;
    i += len;
  }
  return true;
}

// The string go-yaml v2 sees after the JSON round trip. Go's json.Marshal
// writes each byte that does not start a valid UTF-8 sequence as U+FFFD.
// It leaves U+0085 (NEL) raw, and go-yaml's scanner treats a raw NEL inside
// the double-quoted JSON string as a line break: a run of spaces and NELs
// holding n NELs folds to one space (n == 1) or to n-1 newlines, as
// yaml_parser_scan_flow_scalar folds line breaks. Only spaces can be raw
// whitespace there: json.Marshal escapes tabs, CR and LF.
void ApplyJsonStep(std::string_view s, std::string* out) {
  std::string fixed;
  fixed.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t len = ValidSequenceLength(s, i);
    if (len == 0) {
      fixed += "\xEF\xBF\xBD";
      ++i;
    } else {
      fixed.append(s, i, len);
      i += len;
    }
  }
  out->clear();
  out->reserve(fixed.size());
  auto is_nel = [&](size_t i) {
    return i + 1 < fixed.size() && static_cast<unsigned char>(fixed[i]) == 0xC2 &&
           static_cast<unsigned char>(fixed[i + 1]) == 0x85;
  };
  for (size_t i = 0; i < fixed.size();) {
    if (fixed[i] != ' ' && !is_nel(i)) {
      out->push_back(fixed[i]);
      ++i;
      continue;
    }
    size_t j = i;
    int nels = 0;
    while (j < fixed.size()) {
      if (fixed[j] == ' ') {
        ++j;
      } else if (is_nel(j)) {
        ++nels;
        j += 2;
      } else {
        break;
      }
    }
    if (nels == 0) {
      out->append(fixed, i, j - i);
    } else if (nels == 1) {
      out->push_back(' ');
    } else {
      out->append(static_cast<size_t>(nels - 1), '\n');
    }
    i = j;
  }
}

// ---------------------------------------------------------------------------
// go-yaml v2's resolve() (shared with the reader): whether a plain scalar with
// this text would read back as a string.


// Whether resolve("", s) gives !!str and s is not a base-60 float: the
// condition for encode.go's stringv to ask for the plain style.
bool CanUsePlain(std::string_view s) {
  return go_yaml::ResolvePlain(s, go_yaml::Schema::kV2, nullptr) == go_yaml::Resolved::kString &&
         !go_yaml::IsBase60Float(s);
}

// ---------------------------------------------------------------------------
// Numbers.

// A double as kustomize prints it: Go's encoding/json text for it, read back
// by go-yaml v2's resolver, written again. An integral value below 1e21 is
// JSON text like "9223372036854776000" (shortest digits padded with zeros),
// which reads back as an int or uint if it fits; anything else reads back
// as the same float64 and is written with strconv.FormatFloat(f, 'g', -1).
void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) {
    out->append(".nan");
    return;
  }
  if (std::isinf(d)) {
    out->append(d > 0 ? ".inf" : "-.inf");
    return;
  }
  if (d == 0) {
    out->push_back('0');  // "-0" reads back as the int 0
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  // buf: [-]d[.ddd]e[+-]xx
  const char* p = buf;
  bool neg = false;
  if (*p == '-') {
    neg = true;
    ++p;
  }
  char digits[32];
  int nd = 0;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[nd++] = *p;
  }
  int exp = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), res.ptr, exp);
  const int dp = exp + 1;  // decimal point position, as Go's decimalSlice.dp
  if (neg) out->push_back('-');
  if (std::fabs(d) < 1e21 && dp >= nd) {
    // Integral: the JSON text is the digits followed by dp-nd zeros.
    bool fits;
    if (dp < 19) {
      fits = true;
    } else if (dp > 20) {
      fits = false;
    } else {
      char text[21];
      std::memcpy(text, digits, static_cast<size_t>(nd));
      std::memset(text + nd, '0', static_cast<size_t>(dp - nd));
      std::string_view t(text, static_cast<size_t>(dp));
      if (dp == 19) {
        fits = t <= (neg ? "9223372036854775808" : "9999999999999999999");
      } else {
        fits = !neg && t <= "18446744073709551615";
      }
    }
    if (fits) {
      out->append(digits, static_cast<size_t>(nd));
      out->append(static_cast<size_t>(dp - nd), '0');
      return;
    }
  }
  // strconv.FormatFloat(d, 'g', -1, 64): %e when exp < -4 || exp >= 6
  // (the shortest form decides with precision 6), otherwise %f.
  if (exp < -4 || exp >= 6) {
    out->push_back(digits[0]);
    if (nd > 1) {
      out->push_back('.');
      out->append(digits + 1, static_cast<size_t>(nd - 1));
    }
    out->push_back('e');
    int e = exp;
    out->push_back(e < 0 ? '-' : '+');
    if (e < 0) e = -e;
    if (e < 10) {
      out->push_back('0');
      out->push_back(static_cast<char>('0' + e));
    } else if (e < 100) {
      out->push_back(static_cast<char>('0' + e / 10));
      out->push_back(static_cast<char>('0' + e % 10));
    } else {
      out->push_back(static_cast<char>('0' + e / 100));
      out->push_back(static_cast<char>('0' + e / 10 % 10));
      out->push_back(static_cast<char>('0' + e % 10));
    }
    return;
  }
  if (dp > 0) {
    int int_digits = std::min(dp, nd);
    out->append(digits, static_cast<size_t>(int_digits));
    if (dp > nd) out->append(static_cast<size_t>(dp - nd), '0');
  } else {
    out->push_back('0');
  }
  if (nd > dp) {
    out->push_back('.');
    if (dp < 0) out->append(static_cast<size_t>(-dp), '0');
    int from = std::max(dp, 0);
    out->append(digits + from, static_cast<size_t>(nd - from));
  }
}

// ---------------------------------------------------------------------------
// Key order (sorter.go keyList.Less over two strings).

// unicode.IsLetter. Exact for ASCII and Latin-1; for other code points a
// table of the letter blocks of the common scripts (Latin extended, Greek,
// Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts' letter ranges,
// Thai, Georgian, Hangul, kana, CJK ideographs, fullwidth Latin). Known gap:
// combining marks, digits and punctuation inside those blocks count as
// letters here, and scripts not listed count as non-letters; either only
// changes the order of keys that differ first at such a character.
bool IsLetter(uint32_t r) {
  if (r < 0x80) return ((r | 0x20) >= 'a' && (r | 0x20) <= 'z');
  if (r < 0x100) {
    return r == 0xAA || r == 0xB5 || r == 0xBA || (r >= 0xC0 && r <= 0xFF && r != 0xD7 && r != 0xF7);
  }
  struct Range {
    uint32_t lo, hi;
  };
  static constexpr Range kLetters[] = {
      {0x0100, 0x02C1}, {0x02C6, 0x02D1}, {0x02E0, 0x02E4}, {0x0370, 0x0373},
      {0x0376, 0x0377}, {0x037B, 0x037D}, {0x0386, 0x0386}, {0x0388, 0x03F5},
      {0x03F7, 0x0481}, {0x048A, 0x052F}, {0x0531, 0x0556}, {0x0561, 0x0587},
      {0x05D0, 0x05EA}, {0x0620, 0x064A}, {0x066E, 0x066F}, {0x0671, 0x06D3},
      {0x0905, 0x0939}, {0x0985, 0x09B9}, {0x0A05, 0x0A39}, {0x0A85, 0x0AB9},
      {0x0B05, 0x0B39}, {0x0B85, 0x0BB9}, {0x0C05, 0x0C39}, {0x0C85, 0x0CB9},
      {0x0D05, 0x0D3A}, {0x0E01, 0x0E30}, {0x10A0, 0x10FA}, {0x1100, 0x1248},
      {0x1E00, 0x1FBC}, {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x3105, 0x312F},
      {0x3131, 0x318E}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
      {0xF900, 0xFA6D}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFBE},
  };
  for (const Range& range : kLetters) {
    if (r < range.lo) return false;
    if (r <= range.hi) return true;
  }
  return false;
}

// unicode.IsDigit (category Nd): ASCII plus the common scripts' digit blocks.
bool IsUnicodeDigit(uint32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  static constexpr uint32_t kZeros[] = {0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66,
                                        0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
                                        0x0E50, 0x0ED0, 0x0F20, 0x1040, 0xFF10};
  for (uint32_t zero : kZeros) {
    if (r >= zero && r <= zero + 9) return true;
  }
  return false;
}

// Decodes the rune at s[i] as Go's []rune(string) does (an invalid byte is
// U+FFFD, one byte long).
uint32_t DecodeRune(std::string_view s, size_t i, size_t* len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  size_t n = ValidSequenceLength(s, i);
  *len = n == 0 ? 1 : n;
  if (n == 0) return 0xFFFD;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  if (n == 2) return (uint32_t{p[0]} & 0x1F) << 6 | (p[1] & 0x3F);
  if (n == 3) return (uint32_t{p[0]} & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
  return (uint32_t{p[0]} & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

// Decodes the rune that ends just before s[end] (end > 0).
uint32_t DecodeRuneBefore(std::string_view s, size_t end, size_t* start) {
  size_t i = end - 1;
  size_t back = 0;
  while (i > 0 && back < 3 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    --i;
    ++back;
  }
  size_t len;
  uint32_t r = DecodeRune(s, i, &len);
  if (i + len != end) {  // not one valid sequence: the last byte alone
    *start = end - 1;
    return 0xFFFD;
  }
  *start = i;
  return r;
}

}  // namespace

bool KustomizeKeyLess(std::string_view a, std::string_view b) {
  // Go compares []rune(a) and []rune(b). Skip the common byte prefix and
  // back up to a byte that is not a UTF-8 continuation byte: every such
  // byte starts a rune (a valid sequence never spans one, an invalid byte is
  // a rune of its own), so the runes before it are the same in both.
  size_t p = 0;
  const size_t common = std::min(a.size(), b.size());
  while (p < common && a[p] == b[p]) ++p;
  auto is_continuation = [](std::string_view s, size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  while (p > 0 && (is_continuation(a, p) || is_continuation(b, p))) --p;

  size_t ia = p, ib = p;
  uint32_t ar = 0, br = 0;
  for (;;) {
    if (ia >= a.size() || ib >= b.size()) {
      // All runes so far equal: the one with fewer runes sorts first.
      return ia >= a.size() && ib < b.size();
    }
    size_t alen, blen;
    ar = DecodeRune(a, ia, &alen);
    br = DecodeRune(b, ib, &blen);
    if (ar != br) break;  // equal runes here only for two invalid bytes (U+FFFD)
    ia += alen;
    ib += blen;
  }
  const bool al = IsLetter(ar);
  const bool bl = IsLetter(br);
  if (al && bl) return ar < br;
  if (al || bl) return bl;
  // Neither is a letter: compare the digit runs starting here as numbers.
  // Go computes in int64, wrapping on overflow; uint64 wraps the same way.
  uint64_t an = 0, bn = 0;
  if (ar == '0' || br == '0') {
    for (size_t j = ia; j > 0;) {
      size_t start;
      uint32_t r = DecodeRuneBefore(a, j, &start);
      if (!IsUnicodeDigit(r)) break;
      if (r != '0') {
        an = 1;
        bn = 1;
        break;
      }
      j = start;
    }
  }
  size_t a_run = 0, b_run = 0;  // lengths of the digit runs, in runes
  for (size_t k = ia; k < a.size(); ++a_run) {
    size_t len;
    uint32_t r = DecodeRune(a, k, &len);
    if (!IsUnicodeDigit(r)) break;
    an = an * 10 + static_cast<uint64_t>(static_cast<int64_t>(r) - '0');
    k += len;
  }
  for (size_t k = ib; k < b.size(); ++b_run) {
    size_t len;
    uint32_t r = DecodeRune(b, k, &len);
    if (!IsUnicodeDigit(r)) break;
    bn = bn * 10 + static_cast<uint64_t>(static_cast<int64_t>(r) - '0');
    k += len;
  }
  if (an != bn) return static_cast<int64_t>(an) < static_cast<int64_t>(bn);
  if (a_run != b_run) return a_run < b_run;
  return ar < br;
}

namespace {

// KustomizeKeyLess, deciding the common case inline: keys that first differ
// at two ASCII bytes that are not both digits-or-letters runs to compare as
// numbers. An ASCII byte never continues a UTF-8 sequence, so the runes
// before it are the same in both keys (the general function backs up to
// such a byte for the same reason).
inline bool KeyLess(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t p = 0;
  // Keys share long prefixes ("app.kubernetes.io/"): eight bytes at a time.
  for (uint64_t x, y; p + 8 <= n; p += 8) {
    std::memcpy(&x, a.data() + p, 8);
    std::memcpy(&y, b.data() + p, 8);
    if (x != y) break;
  }
  while (p < n && a[p] == b[p]) ++p;
  if (p == n) {
    // One is a prefix of the other: the shorter has fewer runes unless the
    // longer one's next byte continues a sequence the prefix cut.
    if (a.size() == b.size()) return false;
    const std::string_view longer = a.size() < b.size() ? b : a;
    if ((static_cast<unsigned char>(longer[n]) & 0xC0) != 0x80) return a.size() < b.size();
    return KustomizeKeyLess(a, b);
  }
  const auto x = static_cast<unsigned char>(a[p]);
  const auto y = static_cast<unsigned char>(b[p]);
  if (x < 0x80 && y < 0x80) {
    const bool xl = ((x | 0x20) >= 'a' && (x | 0x20) <= 'z');
    const bool yl = ((y | 0x20) >= 'a' && (y | 0x20) <= 'z');
    if (xl && yl) return x < y;
    if (xl || yl) return yl;
    const bool xd = x >= '0' && x <= '9';
    const bool yd = y >= '0' && y <= '9';
    // Neither a letter nor a digit: no digit runs, so the runes decide.
    if (!xd && !yd) return x < y;
  }
  return KustomizeKeyLess(a, b);
}

// ---------------------------------------------------------------------------
// The emitter.

enum class Style { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral };

// What yaml_emitter_analyze_scalar finds out about a scalar.
struct ScalarAnalysis {
  bool multiline = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

ScalarAnalysis AnalyzeScalar(std::string_view text) {
  ScalarAnalysis result;
  if (text.empty()) {
    result.block_allowed = false;
    return result;
  }
  const auto* value = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = value + text.size();
  bool block_indicators = false;
  bool line_breaks = false;
  bool special_characters = false;
  bool leading_space = false, leading_break = false;
  bool trailing_space = false, trailing_break = false;
  bool break_space = false, space_break = false;
  bool preceded_by_whitespace = true;
  bool previous_space = false, previous_break = false;

  if (text.size() >= 3 && (text.substr(0, 3) == "---" || text.substr(0, 3) == "...")) {
    block_indicators = true;
  }
  for (const unsigned char* p = value; p < end;) {
    const int w = Width(*p);
    const unsigned char c = *p;
    const bool followed_by_whitespace = p + w >= end || IsBlankAt(p + w, end);
    if (p == value) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
        case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          block_indicators = true;
          break;
        case '?': case ':':
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '-':
          if (followed_by_whitespace) block_indicators = true;
          break;
        default:
          break;
      }
    } else {
      if (c == ':') {
        if (followed_by_whitespace) block_indicators = true;
      } else if (c == '#') {
        if (preceded_by_whitespace) block_indicators = true;
      }
    }
    // The emitter is in unicode mode: only non-printable characters are
    // special.
    if (!IsPrintable(p)) special_characters = true;
    if (c == ' ') {
      if (p == value) leading_space = true;
      if (p + w == end) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (IsBreak(p)) {
      line_breaks = true;
      if (p == value) leading_break = true;
      if (p + w == end) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = false;
      previous_break = false;
    }
    preceded_by_whitespace = IsBlankz(p, end);
    p += w;
  }
  result.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    result.block_plain_allowed = false;
  }
  if (trailing_space) result.block_allowed = false;
  if (break_space) {
    result.block_plain_allowed = false;
    result.single_quoted_allowed = false;
  }
  if (space_break || special_characters) {
    result.block_plain_allowed = false;
    result.single_quoted_allowed = false;
    result.block_allowed = false;
  }
  if (line_breaks) result.block_plain_allowed = false;
  if (block_indicators) result.block_plain_allowed = false;
  return result;
}

// ---------------------------------------------------------------------------
// Fast paths. Nearly every scalar of a Kubernetes object is a short ASCII
// word or sentence that go-yaml writes plain, and most of the rest (literal
// blocks, URLs with `: `) are ASCII too. One table lookup per byte decides
// those; anything else takes AnalyzeScalar above, which the functions below
// agree with on every ASCII string.

// Bits of kAsciiClass.
constexpr uint8_t kClassSpace = 1;         // ' '
constexpr uint8_t kClassColonHash = 2;     // ':' or '#': an indicator beside a space
constexpr uint8_t kClassBreak = 4;         // '\n' or '\r' (is_break)
constexpr uint8_t kClassNonPrintable = 8;  // ASCII controls other than '\n', and DEL
constexpr uint8_t kClassNonAscii = 16;     // 0x80-0xFF: the general analysis decides
constexpr std::array<uint8_t, 256> kAsciiClass = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    uint8_t cls = 0;
    if (c >= 0x80) {
      cls = kClassNonAscii;
    } else if (c == ' ') {
      cls = kClassSpace;
    } else if (c == ':' || c == '#') {
      cls = kClassColonHash;
    } else if (c == '\n') {
      cls = kClassBreak;
    } else if (c == '\r') {
      cls = kClassBreak | kClassNonPrintable;
    } else if (c < 0x20 || c == 0x7F) {
      cls = kClassNonPrintable;
    }
    table[static_cast<size_t>(c)] = cls;
  }
  return table;
}();

// Word-at-a-time tests on 8 bytes (exact for words of ASCII bytes).
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;
inline uint64_t AnyByteBelow(uint64_t w, uint8_t n) { return (w - kOnes * n) & ~w & kHighs; }
inline uint64_t AnyByteIs(uint64_t w, uint8_t c) {
  const uint64_t v = w ^ (kOnes * c);
  return (v - kOnes) & ~v & kHighs;
}

// The OR of kAsciiClass over the bytes of [p, p + n), n > 0, except that a
// string with a break or another control character, DEL or a non-ASCII
// byte gets all three of those bits: the caller only needs to know that
// some such byte is there. Eight bytes at a time; a short string is read
// as overlapping pieces padded with 'a'.
inline uint8_t ClassesOf(const unsigned char* p, size_t n) {
  auto classes = [](uint64_t w) -> uint8_t {
    if ((w & kHighs) != 0 || AnyByteBelow(w, 0x20) != 0 || AnyByteIs(w, 0x7F) != 0) {
      return kClassBreak | kClassNonPrintable | kClassNonAscii;
    }
    uint8_t cls = 0;
    if (AnyByteIs(w, ' ') != 0) cls |= kClassSpace;
    if ((AnyByteIs(w, ':') | AnyByteIs(w, '#')) != 0) cls |= kClassColonHash;
    return cls;
  };
  uint64_t w;
  if (n >= 16) {
    // Sixteen bytes at a time in GCC's generic vectors (SSE2 or NEON).
    typedef uint8_t Bytes16 __attribute__((vector_size(16)));
    Bytes16 bad{}, space{}, colon_hash{};
    auto take = [&](const unsigned char* q) {
      Bytes16 x;
      std::memcpy(&x, q, 16);
      bad |= (x < 0x20) | (x > 0x7E);
      space |= x == ' ';
      colon_hash |= (x == ':') | (x == '#');
    };
    size_t i = 0;
    for (; i + 16 <= n; i += 16) take(p + i);
    if (i < n) take(p + n - 16);
    auto any = [](Bytes16 v) {
      uint64_t a, b;
      std::memcpy(&a, &v, 8);
      std::memcpy(&b, reinterpret_cast<const char*>(&v) + 8, 8);
      return (a | b) != 0;
    };
    if (any(bad)) return kClassBreak | kClassNonPrintable | kClassNonAscii;
    return static_cast<uint8_t>((any(space) ? kClassSpace : 0) |
                                (any(colon_hash) ? kClassColonHash : 0));
  }
  if (n >= 8) {
    uint8_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      acc |= classes(w);
    }
    if (i < n) {
      std::memcpy(&w, p + n - 8, 8);
      acc |= classes(w);
    }
    return acc;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    w = uint64_t{lo} | uint64_t{hi} << 32;
  } else {
    w = (kOnes * 'a' & ~uint64_t{0xFFFFFF}) | uint64_t{p[0]} | uint64_t{p[n / 2]} << 8 |
        uint64_t{p[n - 1]} << 16;
  }
  return classes(w);
}

// The first-character indicators of yaml_emitter_analyze_scalar that hold
// whatever follows ('?', ':' and '-' count only before a blank).
inline bool IsFirstIndicator(unsigned char c) {
  switch (c) {
    case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
    case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
      return true;
    default:
      return false;
  }
}

// Whether go-yaml writes the string `s` plain (as a value, or as a simple
// key), decided without the general analysis: true only for non-empty
// printable ASCII without line breaks, without a space at either end,
// without indicators, and that reads back as a string. False means "ask
// the general path", not "quoted". *classes receives ClassesOf(s).
bool IsPlainAscii(std::string_view s, uint8_t* classes) {
  const size_t n = s.size();
  if (n == 0) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const uint8_t acc = ClassesOf(p, n);
  *classes = acc;
  if ((acc & (kClassBreak | kClassNonPrintable | kClassNonAscii)) != 0) return false;
  if (p[0] == ' ' || p[n - 1] == ' ') return false;
  // analyze_scalar's block indicators; a tab (the other blank) is excluded
  // above as non-printable, so only a space or the end is whitespace here.
  if (IsFirstIndicator(p[0])) return false;
  if ((p[0] == '?' || p[0] == ':' || p[0] == '-') && (n == 1 || p[1] == ' ')) return false;
  if (n >= 3 && (std::memcmp(p, "---", 3) == 0 || std::memcmp(p, "...", 3) == 0)) return false;
  if ((acc & kClassColonHash) != 0) {
    // ':' before a space or at the end, '#' after a space. Without a space
    // only the end can make one (image references have many ':').
    if (p[n - 1] == ':') return false;
    if ((acc & kClassSpace) != 0) {
      const auto* end = p + n;
      for (const auto* q = p + 1; (q = static_cast<const unsigned char*>(
                                       std::memchr(q, ':', static_cast<size_t>(end - q)))) != nullptr;
           ++q) {
        if (q[1] == ' ') return false;  // q < end - 1: the last byte is not ':'
      }
      for (const auto* q = p + 1; (q = static_cast<const unsigned char*>(
                                       std::memchr(q, '#', static_cast<size_t>(end - q)))) != nullptr;
           ++q) {
        if (q[-1] == ' ') return false;
      }
    }
  }
  // CanUsePlain: resolve() only looks further than the first character for
  // these (resolveTable), and isBase60Float needs a sign or a digit first.
  switch (p[0]) {
    case '+': case '-': case '.':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return CanUsePlain(s);
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T':
    case 'f': case 'F': case 'o': case 'O': case '~':
      // Only the words of resolveMap (at most 5 bytes) resolve otherwise.
      return n > 5 || CanUsePlain(s);
    default:
      return true;
  }
}

// AnalyzeScalar for an ASCII string, in one table-driven pass: returns
// false (leaving *result alone) at the first non-ASCII byte.
bool AnalyzeAscii(std::string_view text, ScalarAnalysis* result) {
  const size_t n = text.size();
  if (n == 0) {
    *result = AnalyzeScalar(text);
    return true;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  auto is_break = [](unsigned char c) { return c == '\n' || c == '\r'; };
  // is_blankz, for the byte before a '#'.
  auto is_blankz = [&](unsigned char c) { return c == ' ' || c == '\t' || c == 0 || is_break(c); };
  // followed_by_whitespace for the byte at i: the end, a space or a tab.
  auto followed_by_blank = [&](size_t i) { return i + 1 >= n || p[i + 1] == ' ' || p[i + 1] == '\t'; };

  bool block_indicators = IsFirstIndicator(p[0]) ||
                          ((p[0] == '?' || p[0] == ':' || p[0] == '-') && followed_by_blank(0)) ||
                          (n >= 3 && (std::memcmp(p, "---", 3) == 0 || std::memcmp(p, "...", 3) == 0));
  bool special_characters = false, line_breaks = false;
  bool break_space = false, space_break = false;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t cls = kAsciiClass[p[i]];
    if (cls == 0) continue;
    if ((cls & kClassNonAscii) != 0) return false;
    if ((cls & kClassNonPrintable) != 0) special_characters = true;
    if ((cls & kClassSpace) != 0) {
      if (i > 0 && is_break(p[i - 1])) break_space = true;
    } else if ((cls & kClassBreak) != 0) {
      line_breaks = true;
      if (i > 0 && p[i - 1] == ' ') space_break = true;
    } else if (i > 0 && (cls & kClassColonHash) != 0) {
      if (p[i] == ':' ? followed_by_blank(i) : is_blankz(p[i - 1])) block_indicators = true;
    }
  }
  const bool leading_space = p[0] == ' ', leading_break = is_break(p[0]);
  const bool trailing_space = p[n - 1] == ' ', trailing_break = is_break(p[n - 1]);
  ScalarAnalysis r;
  r.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    r.block_plain_allowed = false;
  }
  if (trailing_space) r.block_allowed = false;
  if (break_space) {
    r.block_plain_allowed = false;
    r.single_quoted_allowed = false;
  }
  if (space_break || special_characters) {
    r.block_plain_allowed = false;
    r.single_quoted_allowed = false;
    r.block_allowed = false;
  }
  if (line_breaks || block_indicators) r.block_plain_allowed = false;
  *result = r;
  return true;
}

// The style encode.go's stringv asks for.
Style RequestedStyle(std::string_view s) {
  if (s.find('\n') != std::string_view::npos) return Style::kLiteral;
  return CanUsePlain(s) ? Style::kPlain : Style::kDoubleQuoted;
}

// yaml_emitter_select_scalar_style, for a block context (flow_level 0: the
// only flow collections written are empty ones) and an implicit, untagged
// scalar.
Style SelectStyle(Style style, const ScalarAnalysis& a, std::string_view value,
                  bool simple_key) {
  if (simple_key && a.multiline) style = Style::kDoubleQuoted;
  if (style == Style::kPlain) {
    if (!a.block_plain_allowed) style = Style::kSingleQuoted;
    if (value.empty() && simple_key) style = Style::kSingleQuoted;
  }
  if (style == Style::kSingleQuoted && !a.single_quoted_allowed) style = Style::kDoubleQuoted;
  if (style == Style::kLiteral && (!a.block_allowed || simple_key)) {
    style = Style::kDoubleQuoted;
  }
  return style;
}

// Copies n bytes to dst, which has room for them: a short piece (nearly
// every one here) with two overlapping fixed-size moves instead of a call.
inline void CopyBytes(char* dst, const char* src, size_t n) {
  if (n > 16) {
    std::memcpy(dst, src, n);
  } else if (n >= 8) {
    uint64_t a, b;
    std::memcpy(&a, src, 8);
    std::memcpy(&b, src + n - 8, 8);
    std::memcpy(dst, &a, 8);
    std::memcpy(dst + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, src, 4);
    std::memcpy(&b, src + n - 4, 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else if (n > 0) {
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  }
}

// The text being written: a cursor into a std::string's storage, which
// grows by doubling and is cut to the written length by Finish().
// (std::string::append checks the capacity and copies through a call for
// each piece, and most pieces here are a few bytes.)
class Output {
 public:
  explicit Output(std::string* s) : s_(*s) {
    const size_t used = s_.size();
    s_.resize(used + kInitialRoom);
    cur_ = s_.data() + used;
    end_ = s_.data() + s_.size();
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Makes room for n more bytes and returns where they go; Commit says how
  // many were written.
  char* Room(size_t n) {
    if (static_cast<size_t>(end_ - cur_) < n) Grow(n);
    return cur_;
  }
  void Commit(char* p) { cur_ = p; }

  void Put(char c) {
    if (cur_ == end_) Grow(1);
    *cur_++ = c;
  }
  [[gnu::always_inline]] void Append(const char* p, size_t n) {
    char* d = Room(n);
    CopyBytes(d, p, n);
    cur_ = d + n;
  }
  void Append(std::string_view t) { Append(t.data(), t.size()); }
  void AppendSpaces(size_t n) {
    static constexpr char kSpaces[] = "                                                                ";
    char* d = Room(n);
    if (n < sizeof kSpaces) {
      CopyBytes(d, kSpaces, n);
    } else {
      std::memset(d, ' ', n);
    }
    cur_ = d + n;
  }

  size_t size() const { return static_cast<size_t>(cur_ - s_.data()); }
  const char* data() const { return s_.data(); }
  void Finish() { s_.resize(size()); }

 private:
  static constexpr size_t kInitialRoom = 1024;

  void Grow(size_t n) {
    const size_t used = static_cast<size_t>(cur_ - s_.data());
    s_.resize(std::max(s_.size() * 2, used + n));
    cur_ = s_.data() + used;
    end_ = s_.data() + s_.size();
  }

  std::string& s_;
  char* cur_;
  char* end_;
};

class Emitter {
 public:
  Emitter(std::string* out, YamlWriteOptions::KeyOrder order) : out_(out), order_(order) {}
  // Cuts *out to the text written (it holds spare bytes until then).
  void Finish() { out_.Finish(); }
  Output& output() { return out_; }

  void Document(const Value& root) {
    StartDocument();
    Node(root, /*mapping=*/false, /*simple_key=*/false);
    // yaml_emitter_emit_document_end: an implicit end is only an indent.
    WriteIndent();
  }

  // Document for two roots: `a` writes x, `b` writes y.
  static void PairDocument(Emitter& a, Emitter& b, const Value& x, const Value& y) {
    a.StartDocument();
    b.StartDocument();
    Pair(a, b).Node(x, y, /*mapping=*/false);
    a.WriteIndent();
    b.WriteIndent();
  }

 private:
  struct Entry {
    std::string_view key;
    const Value* value;
    bool plain_key;  // IsPlainAscii and short enough for a simple key
  };

  // yaml_emitter_emit_stream_start.
  void StartDocument() {
    indent_ = -1;
    column_ = 0;
    whitespace_ = true;
    indention_ = true;
  }

  // What the text written next depends on besides the value.
  struct State {
    int column, indent;
    bool whitespace, indention, mapping_context;
    friend bool operator==(const State&, const State&) = default;
  };
  State state() const { return {column_, indent_, whitespace_, indention_, mapping_context_}; }
  void set_state(const State& s) {
    column_ = s.column;
    indent_ = s.indent;
    whitespace_ = s.whitespace;
    indention_ = s.indention;
    mapping_context_ = s.mapping_context;
  }

  // Writes two values side by side, `a` writing x and `b` writing y,
  // both from the same state: maps with the same keys and lists of one
  // length are walked together, and a pair of equal values met in the same
  // state is written by `a` and its text copied to `b`.
  class Pair {
   public:
    Pair(Emitter& a, Emitter& b) : a_(a), b_(b) {}

    // Node(x) on `a` and Node(y) on `b` (values, never simple keys).
    void Node(const Value& x, const Value& y, bool mapping) {
      if (x.is_object() && y.is_object() && !x.empty() && x.size() == y.size()) {
        const size_t same = Prefix(x, y);
        if (same == x.size()) return Copy(x, mapping);
        if (Mapping(x, y, mapping, same)) return;
      } else if (x.is_array() && y.is_array() && !x.empty() && x.size() == y.size()) {
        const size_t same = Prefix(x, y);
        if (same == x.size()) return Copy(x, mapping);
        return Sequence(x, y, mapping, same);
      } else if (SameText(x, y)) {
        return Copy(x, mapping);
      }
      a_.Node(x, mapping, /*simple_key=*/false);
      b_.Node(y, mapping, /*simple_key=*/false);
    }

   private:
    // A member or item: `equal` when it is known to be the same text.
    void Child(const Value& x, const Value& y, bool mapping, bool equal) {
      if (a_.state() != b_.state()) {
        a_.Node(x, mapping, /*simple_key=*/false);
        b_.Node(y, mapping, /*simple_key=*/false);
      } else if (equal) {
        Copy(x, mapping);
      } else {
        Node(x, y, mapping);
      }
    }

    // Node(x) on `a`, its text and final state copied to `b`.
    void Copy(const Value& x, bool mapping) {
      const size_t start = a_.out_.size();
      a_.Node(x, mapping, /*simple_key=*/false);
      b_.out_.Append(a_.out_.data() + start, a_.out_.size() - start);
      b_.set_state(a_.state());
    }

    // Mapping(x) on `a` and Mapping(y) on `b` when their keys are the same
    // in output order (false, and nothing written, when not). The first
    // `same` members (in x's order) are known to be the same text.
    bool Mapping(const Value& x, const Value& y, bool mapping, size_t same) {
      const size_t n = x.size();
      const size_t keys_a = a_.normalized_keys_.size(), keys_b = b_.normalized_keys_.size();
      const size_t base_a = a_.PushEntries(x.members());
      const size_t base_b = b_.PushEntries(y.members());
      bool keys = true;
      for (size_t i = 0; keys && i < n; ++i) {
        keys = internal::BytesEqual(a_.entries_[base_a + i].key, b_.entries_[base_b + i].key);
      }
      if (!keys) {
        a_.PopEntries(base_a, keys_a);
        b_.PopEntries(base_b, keys_b);
        return false;
      }
      a_.mapping_context_ = b_.mapping_context_ = mapping;
      const int saved_a = a_.indent_, saved_b = b_.indent_;
      a_.indent_ = a_.indent_ < 0 ? 0 : a_.indent_ + kBestIndent;
      b_.indent_ = b_.indent_ < 0 ? 0 : b_.indent_ + kBestIndent;
      const Value::Member* first = x.members().data();
      for (size_t i = 0; i < n; ++i) {
        const Entry ea = a_.entries_[base_a + i];
        const Entry eb = b_.entries_[base_b + i];
        a_.MemberKey(ea);
        b_.MemberKey(eb);
        // Keys are unique, so x's member at a position below `same` pairs
        // with y's member at that position.
        const size_t index = static_cast<size_t>(
            (reinterpret_cast<const char*>(ea.value) - reinterpret_cast<const char*>(&first->value())) /
            static_cast<std::ptrdiff_t>(sizeof(Value::Member)));
        Child(*ea.value, *eb.value, /*mapping=*/true, index < same);
      }
      a_.PopEntries(base_a, keys_a);
      b_.PopEntries(base_b, keys_b);
      a_.indent_ = saved_a;
      b_.indent_ = saved_b;
      return true;
    }

    // Sequence(x) on `a` and Sequence(y) on `b`, of the same length.
    void Sequence(const Value& x, const Value& y, bool mapping, size_t same) {
      a_.mapping_context_ = b_.mapping_context_ = mapping;
      const int saved_a = a_.indent_, saved_b = b_.indent_;
      a_.StartSequence();
      b_.StartSequence();
      const std::span<const Value> xs = x.items(), ys = y.items();
      for (size_t i = 0; i < xs.size(); ++i) {
        a_.SequenceItem();
        b_.SequenceItem();
        Child(xs[i], ys[i], /*mapping=*/false, i < same);
      }
      a_.indent_ = saved_a;
      b_.indent_ = saved_b;
    }

    // How many first members (items) of two maps (lists) of one size are
    // the same text, found by SameText once: where it stopped is recorded
    // for each pair of collections on the way, so that walking down to a
    // difference compares nothing twice.
    size_t Prefix(const Value& x, const Value& y) {
      for (auto it = stops_.rbegin(); it != stops_.rend(); ++it) {
        if (it->first == &x) return it->second;
      }
      SameText(x, y);
      for (auto it = stops_.rbegin(); it != stops_.rend(); ++it) {
        if (it->first == &x) return it->second;
      }
      return x.size();
    }

    // Whether Node writes the same text for x and y: Identical (stricter
    // than operator==, and cheaper), with where a collection's comparison
    // stopped recorded for Prefix.
    bool SameText(const Value& x, const Value& y) {
      if (x.is_array() && y.is_array()) {
        const std::span<const Value> xs = x.items(), ys = y.items();
        if (xs.size() != ys.size()) return false;
        for (size_t i = 0; i < xs.size(); ++i) {
          if (!SameText(xs[i], ys[i])) return Stop(x, i);
        }
        return true;
      }
      if (x.is_object() && y.is_object()) {
        const std::span<const Value::Member> xs = x.members(), ys = y.members();
        if (xs.size() != ys.size()) return false;
        for (size_t i = 0; i < xs.size(); ++i) {
          if (!internal::BytesEqual(xs[i].key(), ys[i].key()) ||
              !SameText(xs[i].value(), ys[i].value())) {
            return Stop(x, i);
          }
        }
        return true;
      }
      // Most leaves are strings: Identical's answer for them inline.
      if (x.is_string() && y.is_string()) {
        return internal::BytesEqual(x.as_string(), y.as_string());
      }
      return Identical(x, y);
    }

    bool Stop(const Value& x, size_t at) {
      stops_.emplace_back(&x, at);
      return false;
    }

    Emitter& a_;
    Emitter& b_;
    std::vector<std::pair<const Value*, size_t>> stops_;
  };

  void Node(const Value& v, bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    switch (v.type()) {
      case Value::Type::kNull:
        PlainScalar("null");
        break;
      case Value::Type::kBool:
        PlainScalar(v.as_bool() ? "true" : "false");
        break;
      case Value::Type::kInt: {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof(buf), v.as_int());
        PlainScalar(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
        break;
      }
      case Value::Type::kUint: {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof(buf), v.as_uint());
        PlainScalar(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
        break;
      }
      case Value::Type::kDouble: {
        number_.clear();
        AppendDouble(v.as_double(), &number_);
        PlainScalar(number_);
        break;
      }
      case Value::Type::kString:
        StringScalar(v.as_string(), simple_key);
        break;
      case Value::Type::kArray:
        Sequence(v);
        break;
      case Value::Type::kObject:
        Mapping(v);
        break;
    }
  }

  // A number, boolean or null: always plain, never folded (no spaces), so
  // yaml_emitter_write_plain_scalar reduces to this.
  void PlainScalar(std::string_view text) {
    if (!whitespace_) Put(' ');
    out_.Append(text);
    column_ += static_cast<int>(text.size());
    whitespace_ = false;
    indention_ = false;
  }

  // The text go-yaml sees for a string: itself, or its JSON-step rewrite in
  // `scratch` (which must not be reused while the view is alive).
  static std::string_view Normalized(std::string_view s, std::string* scratch) {
    if (SurvivesJson(s)) return s;
    ApplyJsonStep(s, scratch);
    return *scratch;
  }

  void StringScalar(std::string_view raw, bool simple_key) {
    uint8_t classes;
    if (IsPlainAscii(raw, &classes)) {
      // A space folds only where the column is past kBestWidth.
      if ((classes & kClassSpace) != 0 &&
          column_ + 1 + static_cast<int>(raw.size()) > kBestWidth) {
        const int saved_indent = indent_;
        indent_ = indent_ < 0 ? kBestIndent : indent_ + kBestIndent;
        WritePlain(raw, /*allow_breaks=*/!simple_key, /*ascii=*/true);
        indent_ = saved_indent;
        return;
      }
      if (!whitespace_) Put(' ');
      out_.Append(raw);
      column_ += static_cast<int>(raw.size());
      whitespace_ = false;
      indention_ = false;
      return;
    }
    std::string_view s = raw;
    ScalarAnalysis analysis;
    const bool ascii = AnalyzeAscii(s, &analysis);
    if (!ascii) {  // ASCII survives the JSON step unchanged
      s = Normalized(raw, &scratch_);
      analysis = AnalyzeScalar(s);
    }
    // encode.go's stringv: a line feed asks for the literal style.
    Style requested = analysis.multiline && s.find('\n') != std::string_view::npos
                          ? Style::kLiteral
                          : CanUsePlain(s) ? Style::kPlain : Style::kDoubleQuoted;
    Style style = SelectStyle(requested, analysis, s, simple_key);
    // yaml_emitter_emit_scalar: increase_indent(flow=true) around the write.
    const int saved_indent = indent_;
    indent_ = indent_ < 0 ? kBestIndent : indent_ + kBestIndent;
    const bool allow_breaks = !simple_key;
    switch (style) {
      case Style::kPlain:
        WritePlain(s, allow_breaks, ascii);
        break;
      case Style::kSingleQuoted:
        WriteSingleQuoted(s, allow_breaks);
        break;
      case Style::kDoubleQuoted:
        WriteDoubleQuoted(s, allow_breaks);
        break;
      case Style::kLiteral:
        WriteLiteral(s, ascii);
        break;
    }
    indent_ = saved_indent;
  }

  void Sequence(const Value& v) {
    const std::span<const Value> items = v.items();
    if (items.empty()) {
      EmptyFlow("[]");
      return;
    }
    const int saved_indent = indent_;
    StartSequence();
    for (const Value& item : items) {
      SequenceItem();
      Node(item, /*mapping=*/false, /*simple_key=*/false);
    }
    indent_ = saved_indent;
  }

  // yaml_emitter_emit_block_sequence_item: not indented inside a mapping.
  [[gnu::always_inline]] void StartSequence() {
    const bool indentless = mapping_context_ && !indention_;
    if (indent_ < 0) {
      indent_ = 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  // An item's `-`.
  [[gnu::always_inline]] void SequenceItem() {
    WriteIndent();
    WriteIndicator("-", /*need_whitespace=*/true, /*is_whitespace=*/false,
                   /*is_indention=*/true);
  }

  void Mapping(const Value& v) {
    const std::span<const Value::Member> members = v.members();
    if (members.empty()) {
      EmptyFlow("{}");
      return;
    }
    const int saved_indent = indent_;
    indent_ = indent_ < 0 ? 0 : indent_ + kBestIndent;
    const size_t keys = normalized_keys_.size();
    const size_t base = PushEntries(members);
    const size_t n = members.size();
    for (size_t i = 0; i < n; ++i) {
      const Entry entry = entries_[base + i];
      MemberKey(entry);
      Node(*entry.value, /*mapping=*/true, /*simple_key=*/false);
    }
    PopEntries(base, keys);
    indent_ = saved_indent;
  }

  [[gnu::always_inline]] void PopEntries(size_t base, size_t keys) {
    entries_.resize(base);
    if (normalized_keys_.size() != keys) normalized_keys_.resize(keys);
  }

  // The members in output order, pushed on a stack shared by all levels;
  // returns where they start. Keys the JSON step changes are kept in
  // normalized_keys_ until the stack is cut back.
  [[gnu::always_inline]] size_t PushEntries(std::span<const Value::Member> members) {
    const size_t base = entries_.size();
    const size_t n = members.size();
    for (const Value::Member& m : members) {
      std::string_view key = m.key();
      uint8_t classes;
      // `<<` would read back as a merge key: KeyScalar quotes it.
      const bool plain = key.size() <= kMaxSimpleKeyLength && IsPlainAscii(key, &classes) &&
                         !(key.size() == 2 && key[0] == '<' && key[1] == '<');
      if (!plain && !SurvivesJson(key)) {
        normalized_keys_.emplace_back();
        ApplyJsonStep(key, &normalized_keys_.back());
        key = normalized_keys_.back();
      }
      entries_.push_back(Entry{key, &m.value(), plain});
    }
    if (order_ == YamlWriteOptions::KeyOrder::kKustomize) SortEntries(base, n);
    return base;
  }

  // A member's key and its ':' (yaml_emitter_emit_block_mapping_key).
  [[gnu::always_inline]] void MemberKey(const Entry& entry) {
    WriteIndent();
    if (entry.plain_key) {
      // KeyScalar's plain write of a simple key, then the ':' indicator.
      // WriteIndent left whitespace_ set, so no space goes before it.
      char* d = out_.Room(entry.key.size() + 1);
      CopyBytes(d, entry.key.data(), entry.key.size());
      d[entry.key.size()] = ':';
      out_.Commit(d + entry.key.size() + 1);
      column_ += static_cast<int>(entry.key.size()) + 1;
      whitespace_ = false;
      indention_ = false;
      return;
    }
    ScalarAnalysis key_analysis;
    if (!AnalyzeAscii(entry.key, &key_analysis)) key_analysis = AnalyzeScalar(entry.key);
    if (!key_analysis.multiline && entry.key.size() <= kMaxSimpleKeyLength) {
      KeyScalar(entry.key, key_analysis, /*simple_key=*/true);
      WriteIndicator(":", false, false, false);
    } else {
      WriteIndicator("?", true, false, true);
      KeyScalar(entry.key, key_analysis, /*simple_key=*/false);
      WriteIndent();
      WriteIndicator(":", true, false, true);
    }
  }

  // A key is already normalized and analysed.
  void KeyScalar(std::string_view key, const ScalarAnalysis& analysis, bool simple_key) {
    mapping_context_ = true;
    // A plain `<<` key would read back as a merge key and change the data;
    // kustomize never prints one (it mangles such input), so quoting it
    // costs no compatibility and keeps `gitops fmt` idempotent.
    Style requested = key == "<<" ? Style::kDoubleQuoted : RequestedStyle(key);
    Style style = SelectStyle(requested, analysis, key, simple_key);
    const int saved_indent = indent_;
    indent_ = indent_ < 0 ? kBestIndent : indent_ + kBestIndent;
    switch (style) {
      case Style::kPlain:
        WritePlain(key, !simple_key, /*ascii=*/false);
        break;
      case Style::kSingleQuoted:
        WriteSingleQuoted(key, !simple_key);
        break;
      case Style::kDoubleQuoted:
        WriteDoubleQuoted(key, !simple_key);
        break;
      case Style::kLiteral:
        WriteLiteral(key, /*ascii=*/false);
        break;
    }
    indent_ = saved_indent;
  }

  // Go's sort.Sort over keyList: insertion sort for up to 12 elements
  // (exactly what Go's pdqsort does at that size); a merge sort above,
  // which gives Go's order whenever keyList.Less is a strict weak order.
  [[gnu::always_inline]] void SortEntries(size_t base, size_t n) {
    Entry* e = entries_.data() + base;
    auto less = [](const Entry& x, const Entry& y) { return KeyLess(x.key, y.key); };
    if (n <= 12) {
      for (size_t i = 1; i < n; ++i) {
        for (size_t j = i; j > 0 && less(e[j], e[j - 1]); --j) std::swap(e[j], e[j - 1]);
      }
      return;
    }
    merge_buffer_.resize(n);
    for (size_t width = 1; width < n; width *= 2) {
      for (size_t lo = 0; lo < n; lo += 2 * width) {
        size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
        size_t x = lo, y = mid, k = lo;
        while (x < mid && y < hi) merge_buffer_[k++] = less(e[y], e[x]) ? e[y++] : e[x++];
        while (x < mid) merge_buffer_[k++] = e[x++];
        while (y < hi) merge_buffer_[k++] = e[y++];
      }
      std::copy(merge_buffer_.begin(), merge_buffer_.begin() + static_cast<ptrdiff_t>(n), e);
    }
  }

  // An empty sequence or mapping: go-yaml writes it in flow style.
  void EmptyFlow(std::string_view brackets) {
    WriteIndicator(brackets.substr(0, 1), true, true, false);
    WriteIndicator(brackets.substr(1, 1), false, false, false);
  }

  // --- emitterc.go primitives -------------------------------------------

  void Put(char c) {
    out_.Put(c);
    ++column_;
  }

  void PutBreak() {
    out_.Put('\n');
    column_ = 0;
  }

  // write(): copies one character, advancing the column by one.
  void Write(const unsigned char* p, int w) {
    out_.Append(reinterpret_cast<const char*>(p), static_cast<size_t>(w));
    ++column_;
  }

  [[gnu::always_inline]] void WriteIndent() {
    const int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) PutBreak();
    if (column_ < indent) {
      out_.AppendSpaces(static_cast<size_t>(indent - column_));
      column_ = indent;
    }
    whitespace_ = true;
    indention_ = true;
  }

  void WriteIndicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                      bool is_indention) {
    if (need_whitespace && !whitespace_) Put(' ');
    out_.Append(indicator);
    column_ += static_cast<int>(indicator.size());
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  // yaml_emitter_write_plain_scalar. A plain scalar never holds a line
  // break (analysis forbids it), so only spaces can fold.
  // `ascii` says that the text is ASCII, so that a byte is a column.
  void WritePlain(std::string_view text, bool allow_breaks, bool ascii) {
    if (!whitespace_) Put(' ');
    const auto* value = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = value + text.size();
    bool spaces = false;
    for (const unsigned char* p = value; p < end;) {
      if (*p == ' ') {
        if (allow_breaks && !spaces && column_ > kBestWidth && !(p + 1 < end && p[1] == ' ')) {
          WriteIndent();
          ++p;
        } else {
          Write(p, 1);
          ++p;
        }
        spaces = true;
      } else {
        // Copy the run up to the next space in one append.
        const unsigned char* q;
        int chars = 0;
        if (ascii) {
          q = static_cast<const unsigned char*>(std::memchr(p, ' ', static_cast<size_t>(end - p)));
          if (q == nullptr) q = end;
          chars = static_cast<int>(q - p);
        } else {
          for (q = p; q < end && *q != ' '; ++q) {
            if ((*q & 0xC0) != 0x80) ++chars;
          }
        }
        out_.Append(reinterpret_cast<const char*>(p), static_cast<size_t>(q - p));
        column_ += chars;
        p = q;
        indention_ = false;
        spaces = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  // write_break(): a '\n' is a line break; any other break character is
  // copied and resets the column.
  void WriteBreak(const unsigned char* p, int w) {
    if (*p == '\n') {
      PutBreak();
    } else {
      Write(p, w);
      column_ = 0;
    }
  }

  void WriteSingleQuoted(std::string_view text, bool allow_breaks) {
    WriteIndicator("'", true, false, false);
    const auto* value = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = value + text.size();
    bool spaces = false, breaks = false;
    for (const unsigned char* p = value; p < end;) {
      const int w = Width(*p);
      if (*p == ' ') {
        if (allow_breaks && !spaces && column_ > kBestWidth && p != value && p + 1 < end &&
            p[1] != ' ') {
          WriteIndent();
        } else {
          Write(p, 1);
        }
        spaces = true;
      } else if (IsBreak(p)) {
        if (!breaks && *p == '\n') PutBreak();
        WriteBreak(p, w);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        if (*p == '\'') Put('\'');
        Write(p, w);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
      p += w;
    }
    WriteIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteDoubleQuoted(std::string_view text, bool allow_breaks) {
    WriteIndicator("\"", true, false, false);
    const auto* value = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = value + text.size();
    // is_bom() in yamlprivateh.go looks at the start of the value, not at
    // the current character: a value that starts with a BOM has every
    // character escaped.
    const bool starts_with_bom =
        text.size() >= 3 && value[0] == 0xEF && value[1] == 0xBB && value[2] == 0xBF;
    bool spaces = false;
    for (const unsigned char* p = value; p < end;) {
      const int w = Width(*p);
      if (!IsPrintable(p) || starts_with_bom || IsBreak(p) || *p == '"' || *p == '\\') {
        uint32_t v = *p & (w == 1 ? 0x7F : w == 2 ? 0x1F : w == 3 ? 0x0F : 0x07);
        for (int k = 1; k < w; ++k) v = (v << 6) | (p[k] & 0x3F);
        p += w;
        Put('\\');
        switch (v) {
          case 0x00: Put('0'); break;
          case 0x07: Put('a'); break;
          case 0x08: Put('b'); break;
          case 0x09: Put('t'); break;
          case 0x0A: Put('n'); break;
          case 0x0B: Put('v'); break;
          case 0x0C: Put('f'); break;
          case 0x0D: Put('r'); break;
          case 0x1B: Put('e'); break;
          case 0x22: Put('"'); break;
          case 0x5C: Put('\\'); break;
          case 0x85: Put('N'); break;
          case 0xA0: Put('_'); break;
          case 0x2028: Put('L'); break;
          case 0x2029: Put('P'); break;
          default: {
            int digits;
            if (v <= 0xFF) {
              Put('x');
              digits = 2;
            } else if (v <= 0xFFFF) {
              Put('u');
              digits = 4;
            } else {
              Put('U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
              Put("0123456789ABCDEF"[(v >> k) & 0x0F]);
            }
          }
        }
        spaces = false;
      } else if (*p == ' ') {
        if (allow_breaks && !spaces && column_ > kBestWidth && p != value && p + 1 < end) {
          WriteIndent();
          if (p[1] == ' ') Put('\\');
        } else {
          Write(p, 1);
        }
        ++p;
        spaces = true;
      } else {
        Write(p, w);
        p += w;
        spaces = false;
      }
    }
    WriteIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  // `ascii` says that the text is ASCII: a literal block's analysis allows
  // no '\r' (not printable), so '\n' is then its only break.
  void WriteLiteral(std::string_view text, bool ascii) {
    WriteIndicator("|", true, false, false);
    const auto* value = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = value + text.size();
    // yaml_emitter_write_block_scalar_hints.
    if (value[0] == ' ' || IsBreak(value)) {
      WriteIndicator(std::string_view("0123456789").substr(kBestIndent, 1), false, false, false);
    }
    {
      const unsigned char* last = end - 1;
      while ((*last & 0xC0) == 0x80) --last;
      char chomp = 0;
      if (!IsBreak(last)) {
        chomp = '-';
      } else if (last == value) {
        chomp = '+';
      } else {
        const unsigned char* prev = last - 1;
        while ((*prev & 0xC0) == 0x80) --prev;
        if (IsBreak(prev)) chomp = '+';
      }
      if (chomp != 0) WriteIndicator(std::string_view(&chomp, 1), false, false, false);
    }
    PutBreak();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (const unsigned char* p = value; p < end;) {
      if (IsBreak(p)) {
        const int w = Width(*p);
        WriteBreak(p, w);
        p += w;
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        // Copy the rest of the line in one append.
        const unsigned char* q = p;
        int chars = 0;
        if (ascii) {
          q = static_cast<const unsigned char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
          if (q == nullptr) q = end;
          chars = static_cast<int>(q - p);
        } else {
          while (q < end && !IsBreak(q)) {
            ++chars;
            q += Width(*q);
          }
        }
        out_.Append(reinterpret_cast<const char*>(p), static_cast<size_t>(q - p));
        column_ += chars;
        p = q;
        indention_ = false;
        breaks = false;
      }
    }
  }

  Output out_;
  const YamlWriteOptions::KeyOrder order_;
  int column_ = 0;
  int indent_ = -1;
  bool whitespace_ = true;
  bool indention_ = true;
  bool mapping_context_ = false;
  std::vector<Entry> entries_;
  // Keys rewritten by the JSON step, alive while their entries are (a
  // deque: growing it moves none).
  std::deque<std::string> normalized_keys_;
  std::vector<Entry> merge_buffer_;
  std::string scratch_;
  std::string number_;
};

}  // namespace

void AppendYaml(const Value& doc, std::string* out, const YamlWriteOptions& options) {
  Emitter emitter(out, options.key_order);
  emitter.Document(doc);
  emitter.Finish();
}

std::string WriteYaml(const Value& doc, const YamlWriteOptions& options) {
  std::string out;
  AppendYaml(doc, &out, options);
  return out;
}

void WriteYamlPair(const Value& a, const Value& b, std::string* out_a, std::string* out_b,
                   const YamlWriteOptions& options) {
  out_a->clear();
  out_b->clear();
  Emitter ea(out_a, options.key_order);
  Emitter eb(out_b, options.key_order);
  Emitter::PairDocument(ea, eb, a, b);
  ea.Finish();
  eb.Finish();
}

std::string WriteYamlStream(std::span<const Value> docs, const YamlWriteOptions& options) {
  std::string out;
  Emitter emitter(&out, options.key_order);
  // After a few documents, room for the rest at their average size (and an
  // eighth more), instead of doubling the text a dozen times on the way.
  constexpr size_t kSampleDocs = 16;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i > 0) emitter.output().Append("---\n");
    emitter.Document(docs[i]);
    if (i + 1 == kSampleDocs && docs.size() > kSampleDocs) {
      const size_t average = emitter.output().size() / kSampleDocs;
      emitter.output().Room(average * (docs.size() - kSampleDocs) / 8 * 9);
    }
  }
  emitter.Finish();
  return out;
}

}  // namespace gitops
