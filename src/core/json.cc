// JSON reading and writing (RFC 8259); the contract is in gitops/core/json.h.
//
// Choices the header leaves open, made here:
//
// Reader
// - "-0" reads as the integer 0, as Kubernetes' unstructured decoder reads
//   it (it turns a json.Number into an int64 whenever it can); "-0.0" and
//   "-0e0" are the double -0.0.
// - A number beyond a double's range (1e400) is a parse error, as
//   encoding/json reports it; one too small for the smallest subnormal
//   (1e-400) is the correctly rounded result, a signed zero.
// - A byte order mark is rejected, as encoding/json rejects it.
// - Columns count bytes from 1, like a compiler's; lines end at '\n'.
//
// Writer
// - Doubles are formatted as Go's encoding/json formats a float64: the
//   shortest digits that read back to the same bits, in plain notation for
//   1e-6 <= |x| < 1e21 and as 1e+21 / 1e-7 outside that. So an integral
//   double prints without a fraction (3.0 prints "3"), as Go prints it: API
//   servers reject "3.0" for an integer field. Reading the text back gives
//   the integer 3, which equals the double 3.0 under Value's ==.
// - Strings are escaped as encoding/json escapes them (Go 1.22 and later):
//   \" \\ \b \f \n \r \t, \u00XX for the other control characters, and
//   \u2028 \u2029; `<`, `>` and `&` stay literal, as with Go's
//   Encoder.SetEscapeHTML(false), because the output is not embedded in HTML.
//
// Both sides avoid per-byte work where they can: strings are scanned eight
// bytes at a time (SWAR) for the bytes that need attention, and the reader
// tracks only a pointer, computing line and column when it reports an error.
#include "gitops/core/json.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/utf8.h"

namespace gitops {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Bytes a string scan must stop at: '"', '\\', control characters (< 0x20)
// and non-ASCII bytes (>= 0x80, to validate or inspect the sequence).
constexpr bool IsStringSpecial(unsigned char c) {
  return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

// Returns the first special byte in [s, end), or end. Eight bytes at a time:
// each term sets the high bit of the bytes it matches; borrows only carry
// towards later bytes, so the first set bit is always a real match.
inline const char* ScanStringRun(const char* s, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    while (end - s >= 8) {
      uint64_t x;
      std::memcpy(&x, s, sizeof x);
      const uint64_t quote = x ^ (kOnes * '"');
      const uint64_t backslash = x ^ (kOnes * '\\');
      const uint64_t mask = (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                             (x - kOnes * 0x20) | x) &
                            kHighBits;
      if (mask != 0) return s + (std::countr_zero(mask) >> 3);
      s += 8;
    }
  }
  while (s < end && !IsStringSpecial(static_cast<unsigned char>(*s))) ++s;
  return s;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Hex2(unsigned char b) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'0', 'x', kDigits[b >> 4], kDigits[b & 0xF]};
}

std::string CodePointName(char32_t cp) {
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, static_cast<uint32_t>(cp), 16);
  std::string hex(buf, r.ptr);
  for (char& c : hex) c = static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
  if (hex.size() < 4) hex.insert(0, 4 - hex.size(), '0');
  return "U+" + hex;
}

// A key as an error message shows it: in quotes, with control characters and
// invalid bytes escaped so the message stays one printable line.
std::string QuoteForMessage(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\x" + Hex2(c).substr(2);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

// ---------------------------------------------------------------------------
// Reader

class Reader {
 public:
  Reader(std::string_view text, const JsonReadOptions& options)
      : options_(options), begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

  Result<Value> Read() {
    const size_t size = static_cast<size_t>(end_ - begin_);
    if (size > options_.max_document_bytes) {
      return LimitExceededError(FilePrefix() + "JSON text is " + std::to_string(size) +
                                " bytes, over the max_document_bytes limit of " +
                                std::to_string(options_.max_document_bytes));
    }
    Value result;
    if (!ReadDocument(&result)) return std::move(error_);
    return result;
  }

 private:
  // An array or object being read. Its elements wait in values_ / members_
  // from index `begin` on and move into the container, allocated once at
  // its final size, when it closes.
  struct Frame {
    bool is_object = false;
    size_t begin = 0;
    // Objects: the key whose value comes next, and the members_ index that
    // value replaces (a repeated key under kLastWins) or kNewMember.
    std::string_view key;
    const char* key_at = nullptr;
    size_t target = 0;
    // Objects with more than kLinearKeyLimit keys: an open-addressing index
    // of their keys (slot = member index - begin + 1; 0 is empty), so that
    // the duplicate check stays linear overall.
    std::vector<uint32_t> key_index;
    size_t key_index_used = 0;
  };
  struct PendingMember {
    template <typename... Args>
    PendingMember(std::string_view k, const char* at, Args&&... args)
        : key(k), key_at(at), value(std::forward<Args>(args)...) {}
    std::string_view key;  // into the text, or into unescaped_keys_
    const char* key_at;    // the key's opening quote, for duplicate reports
    Value value;
  };
  static constexpr size_t kLinearKeyLimit = 32;
  static constexpr size_t kNewMember = SIZE_MAX;

  // Constructs a complete value where it belongs: the document, the open
  // array, or the open object under its key. Building it in place (rather
  // than moving a finished Value along) saves calls per value.
  template <typename... Args>
  void Emit(Args&&... args) {
    if (depth_ == 0) {
      root_ = Value(std::forward<Args>(args)...);
      return;
    }
    Frame& frame = frames_[depth_ - 1];
    if (!frame.is_object) {
      values_.emplace_back(std::forward<Args>(args)...);
    } else if (frame.target != kNewMember) {
      members_[frame.target].value = Value(std::forward<Args>(args)...);
    } else {
      members_.emplace_back(frame.key, frame.key_at, std::forward<Args>(args)...);
      if (!frame.key_index.empty()) IndexKey(frame, members_.size() - 1);
    }
  }

  bool ReadDocument(Value* result);
  bool ReadScalar();
  // Reads the string whose opening quote is at p_. *out views the text
  // itself when the string has no escapes, and unescaped_ otherwise. The
  // common case (ASCII, no escapes) is inline; the rest is ReadStringSlow,
  // which continues from `s`, the first byte the fast scan stopped at.
  bool ReadString(std::string_view* out) {
    const char* s = ScanStringRun(p_ + 1, end_);
    if (s < end_ && *s == '"') [[likely]] {
      *out = std::string_view(p_ + 1, static_cast<size_t>(s - p_ - 1));
      p_ = s + 1;
      return true;
    }
    return ReadStringSlow(out, s);
  }
  [[gnu::noinline]] bool ReadStringSlow(std::string_view* out, const char* s);
  bool ReadEscape(const char** at);
  bool ReadHex4(const char* at, uint32_t* out);
  bool ReadNumber();
  bool ReadLiteral(std::string_view word);
  // Reads `"key" :` for the innermost (object) frame and points its target
  // at the member the value belongs to.
  bool ReadKey();
  bool OpenContainer(bool is_object);
  Value CloseArray(const Frame& frame);
  Value CloseObject(const Frame& frame);
  size_t FindKey(Frame& frame, std::string_view key);
  void IndexKey(Frame& frame, size_t member);
  void RebuildKeyIndex(Frame& frame, size_t capacity);

  void SkipWhitespace() {
    if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') return;  // the common case
    while (p_ < end_) {
      const char c = *p_;
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        ++p_;
      } else {
        break;
      }
    }
  }

  SourceLocation Locate(const char* at) const;
  std::string Describe(const char* at) const;
  std::string FilePrefix() const { return options_.file.empty() ? "" : options_.file + ": "; }
  [[gnu::cold]] [[gnu::noinline]] bool Fail(const char* at, std::string message) {
    error_ = ParseError(std::move(message), Locate(at));
    return false;
  }

  const JsonReadOptions& options_;
  const char* const begin_;
  const char* p_;
  const char* const end_;
  std::vector<Frame> frames_;  // frames_[0, depth_) are open; later ones are kept for reuse
  size_t depth_ = 0;
  std::vector<Value> values_;
  std::vector<PendingMember> members_;
  std::deque<std::string> unescaped_keys_;  // a deque: its strings never move
  std::string unescaped_;                   // the string being unescaped
  Value root_;
  Status error_;
};

SourceLocation Reader::Locate(const char* at) const {
  SourceLocation loc;
  loc.file = options_.file;
  int line = 1;
  const char* line_start = begin_;
  for (const char* s = begin_; s < at;) {
    const void* nl = std::memchr(s, '\n', static_cast<size_t>(at - s));
    if (nl == nullptr) break;
    ++line;
    s = static_cast<const char*>(nl) + 1;
    line_start = s;
  }
  loc.line = line;
  loc.column = static_cast<int>(at - line_start) + 1;
  return loc;
}

std::string Reader::Describe(const char* at) const {
  if (at >= end_) return "end of input";
  const auto c = static_cast<unsigned char>(*at);
  if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char32_t cp;
  if (c >= 0x80 && DecodeUtf8(std::string_view(at, static_cast<size_t>(end_ - at)), &cp) != 0) {
    return CodePointName(cp);
  }
  return "byte " + Hex2(c);
}

bool Reader::ReadDocument(Value* result) {
  SkipWhitespace();
  if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) {
    return Fail(p_,
                "expected a JSON value, found a byte order mark (JSON text must not start "
                "with one)");
  }
  for (;;) {
    // p_ is at the first byte of a value.
    if (p_ < end_ && (*p_ == '{' || *p_ == '[')) {
      const bool is_object = *p_ == '{';
      if (!OpenContainer(is_object)) return false;
      if (p_ < end_ && *p_ == (is_object ? '}' : ']')) {
        ++p_;
        --depth_;
        Emit(is_object ? Value::Object() : Value::Array());
      } else if (is_object) {
        if (!ReadKey()) return false;
        continue;
      } else {
        continue;
      }
    } else if (!ReadScalar()) {
      return false;
    }

    // A value is complete: close every container that ends right after it.
    for (;;) {
      SkipWhitespace();
      if (depth_ == 0) {
        if (p_ != end_) {
          return Fail(p_, "expected end of input after the JSON value, found " + Describe(p_));
        }
        *result = std::move(root_);
        return true;
      }
      Frame& frame = frames_[depth_ - 1];
      if (!frame.is_object) {
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          SkipWhitespace();
          if (p_ < end_ && *p_ == ']') {
            return Fail(p_,
                        "expected a value after ',', found ']' (JSON does not allow a "
                        "trailing comma)");
          }
          break;
        }
        if (p_ < end_ && *p_ == ']') {
          ++p_;
          Value array = CloseArray(frame);
          --depth_;
          Emit(std::move(array));
          continue;
        }
        return Fail(p_, "expected ',' or ']' after an array element, found " + Describe(p_));
      }
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        SkipWhitespace();
        if (p_ < end_ && *p_ == '}') {
          return Fail(p_,
                      "expected a string key after ',', found '}' (JSON does not allow a "
                      "trailing comma)");
        }
        if (!ReadKey()) return false;
        break;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        Value object = CloseObject(frame);
        --depth_;
        Emit(std::move(object));
        continue;
      }
      return Fail(p_, "expected ',' or '}' after an object member, found " + Describe(p_));
    }
  }
}

bool Reader::OpenContainer(bool is_object) {
  if (depth_ >= options_.max_depth) {
    error_ = Status(
        Code::kLimitExceeded,
        "nesting is deeper than the max_depth limit of " + std::to_string(options_.max_depth),
        Locate(p_));
    return false;
  }
  ++p_;
  if (frames_.size() == depth_) frames_.emplace_back();
  Frame& frame = frames_[depth_++];
  frame.is_object = is_object;
  frame.begin = is_object ? members_.size() : values_.size();
  frame.key_index_used = 0;
  if (!frame.key_index.empty()) frame.key_index.clear();
  SkipWhitespace();
  return true;
}

Value Reader::CloseArray(const Frame& frame) {
  Value array = Value::Array();
  array.Reserve(values_.size() - frame.begin);
  for (size_t i = frame.begin; i < values_.size(); ++i) array.Append(std::move(values_[i]));
  values_.resize(frame.begin);
  return array;
}

Value Reader::CloseObject(const Frame& frame) {
  Value object = Value::Object();
  object.Reserve(members_.size() - frame.begin);
  for (size_t i = frame.begin; i < members_.size(); ++i) {
    object.AppendMember(members_[i].key, std::move(members_[i].value));
  }
  members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(frame.begin), members_.end());
  return object;
}

bool Reader::ReadKey() {
  Frame& frame = frames_[depth_ - 1];
  const char* key_at = p_;
  if (p_ >= end_ || *p_ != '"') {
    return Fail(p_, "expected a string key, found " + Describe(p_));
  }
  std::string_view key;
  if (!ReadString(&key)) return false;
  const bool unescaped = !key.empty() && key.data() == unescaped_.data();
  const size_t existing = FindKey(frame, key);
  if (existing != SIZE_MAX) {
    if (options_.duplicate_keys == DuplicateKeys::kError) {
      return Fail(key_at, "key " + QuoteForMessage(key) + " already defined at line " +
                              std::to_string(Locate(members_[existing].key_at).line));
    }
    frame.target = existing;  // kLastWins: the value replaces the first one in place
  } else {
    if (unescaped) key = unescaped_keys_.emplace_back(key);
    frame.key = key;
    frame.key_at = key_at;
    frame.target = kNewMember;
  }
  SkipWhitespace();
  if (p_ >= end_ || *p_ != ':') {
    return Fail(p_, "expected ':' after an object key, found " + Describe(p_));
  }
  ++p_;
  SkipWhitespace();
  return true;
}

size_t Reader::FindKey(Frame& frame, std::string_view key) {
  const size_t count = members_.size() - frame.begin;
  if (count <= kLinearKeyLimit) {
    for (size_t i = frame.begin; i < members_.size(); ++i) {
      if (members_[i].key == key) return i;
    }
    return SIZE_MAX;
  }
  if (frame.key_index.empty()) RebuildKeyIndex(frame, 256);
  const size_t mask = frame.key_index.size() - 1;
  for (size_t slot = std::hash<std::string_view>()(key) & mask;; slot = (slot + 1) & mask) {
    const uint32_t entry = frame.key_index[slot];
    if (entry == 0) return SIZE_MAX;
    const size_t member = frame.begin + entry - 1;
    if (members_[member].key == key) return member;
  }
}

void Reader::IndexKey(Frame& frame, size_t member) {
  if ((frame.key_index_used + 1) * 2 > frame.key_index.size()) {
    RebuildKeyIndex(frame, frame.key_index.size() * 2);
    return;  // the rebuild indexed every member, this one included
  }
  const size_t mask = frame.key_index.size() - 1;
  size_t slot = std::hash<std::string_view>()(members_[member].key) & mask;
  while (frame.key_index[slot] != 0) slot = (slot + 1) & mask;
  frame.key_index[slot] = static_cast<uint32_t>(member - frame.begin + 1);
  ++frame.key_index_used;
}

void Reader::RebuildKeyIndex(Frame& frame, size_t capacity) {
  const size_t count = members_.size() - frame.begin;
  while (capacity < count * 2 + 2) capacity *= 2;
  frame.key_index.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (size_t i = 0; i < count; ++i) {
    size_t slot = std::hash<std::string_view>()(members_[frame.begin + i].key) & mask;
    while (frame.key_index[slot] != 0) slot = (slot + 1) & mask;
    frame.key_index[slot] = static_cast<uint32_t>(i + 1);
  }
  frame.key_index_used = count;
}

bool Reader::ReadScalar() {
  if (p_ >= end_) return Fail(p_, "expected a JSON value, found end of input");
  switch (*p_) {
    case '"': {
      std::string_view s;
      if (!ReadString(&s)) return false;
      Emit(s);
      return true;
    }
    case 't':
      if (!ReadLiteral("true")) return false;
      Emit(true);
      return true;
    case 'f':
      if (!ReadLiteral("false")) return false;
      Emit(false);
      return true;
    case 'n':
      if (!ReadLiteral("null")) return false;
      Emit(nullptr);
      return true;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      return ReadNumber();
    default:
      return Fail(p_, "expected a JSON value, found " + Describe(p_));
  }
}

bool Reader::ReadLiteral(std::string_view word) {
  for (size_t i = 0; i < word.size(); ++i) {
    if (p_ + i >= end_ || p_[i] != word[i]) {
      return Fail(p_ + i, "expected '" + std::string(word) + "', found " + Describe(p_ + i));
    }
  }
  p_ += word.size();
  return true;
}

bool Reader::ReadStringSlow(std::string_view* out, const char* s) {
  const char* open = p_;
  const char* run = p_ + 1;  // the first byte not yet copied to unescaped_
  bool escaped = false;
  for (;; s = ScanStringRun(s, end_)) {
    if (s >= end_) {
      const SourceLocation start = Locate(open);
      return Fail(end_, "expected '\"' to close the string that starts at line " +
                            std::to_string(start.line) + ", column " +
                            std::to_string(start.column) + ", found end of input");
    }
    const auto c = static_cast<unsigned char>(*s);
    if (c == '"') {
      if (escaped) {
        unescaped_.append(run, s);
        *out = unescaped_;
      } else {
        *out = std::string_view(run, static_cast<size_t>(s - run));
      }
      p_ = s + 1;
      return true;
    }
    if (c >= 0x80) {
      char32_t cp;
      const size_t len = DecodeUtf8(std::string_view(s, static_cast<size_t>(end_ - s)), &cp);
      if (len == 0) {
        return Fail(s,
                    "expected UTF-8 text in a string, found the invalid byte sequence "
                    "starting with " +
                        Hex2(c));
      }
      s += len;
      continue;
    }
    if (c == '\\') {
      if (!escaped) {
        unescaped_.clear();
        escaped = true;
      }
      unescaped_.append(run, s);
      if (!ReadEscape(&s)) return false;
      run = s;
      continue;
    }
    if (c == '\n') {
      return Fail(s,
                  "expected '\"' before the end of the line: a newline in a string must be "
                  "escaped as \\n");
    }
    return Fail(s, "expected an escape for the control character " + CodePointName(c) +
                       " in a string (JSON strings cannot hold it raw)");
  }
}

bool Reader::ReadHex4(const char* at, uint32_t* out) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = at + i < end_ ? HexValue(at[i]) : -1;
    if (digit < 0) {
      return Fail(at + i, "expected 4 hex digits after \\u, found " + Describe(at + i));
    }
    value = value << 4 | static_cast<uint32_t>(digit);
  }
  *out = value;
  return true;
}

// Reads the escape at *at (a backslash) into unescaped_ and moves *at past it.
bool Reader::ReadEscape(const char** at) {
  const char* s = *at;
  if (s + 1 >= end_)
    return Fail(s + 1, "expected an escape character after '\\', found end of input");
  char simple = 0;
  switch (s[1]) {
    case '"':
      simple = '"';
      break;
    case '\\':
      simple = '\\';
      break;
    case '/':
      simple = '/';
      break;
    case 'b':
      simple = '\b';
      break;
    case 'f':
      simple = '\f';
      break;
    case 'n':
      simple = '\n';
      break;
    case 'r':
      simple = '\r';
      break;
    case 't':
      simple = '\t';
      break;
    case 'u':
      break;
    default:
      return Fail(s + 1, "expected one of \" \\ / b f n r t u after '\\' in a string, found " +
                             Describe(s + 1));
  }
  if (simple != 0) {
    unescaped_.push_back(simple);
    *at = s + 2;
    return true;
  }
  uint32_t unit;
  if (!ReadHex4(s + 2, &unit)) return false;
  auto escape = [s] { return std::string(s, 6); };
  char32_t cp = unit;
  const char* next = s + 6;
  if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return Fail(s, "lone surrogate escape " + escape() +
                       ": a low surrogate must follow a high surrogate (\\ud800 to \\udbff)");
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    uint32_t low = 0;
    const bool has_low = end_ - next >= 2 && next[0] == '\\' && next[1] == 'u';
    if (has_low && !ReadHex4(next + 2, &low)) return false;
    if (!has_low || low < 0xDC00 || low > 0xDFFF) {
      return Fail(s, "lone surrogate escape " + escape() +
                         ": a high surrogate must be followed by a low surrogate escape "
                         "(\\udc00 to \\udfff)");
    }
    cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    next += 6;
  }
  AppendUtf8(&unescaped_, cp);
  *at = next;
  return true;
}

bool Reader::ReadNumber() {
  const char* start = p_;
  const char* s = p_;
  const bool negative = *s == '-';
  if (negative) ++s;
  if (s >= end_ || !IsDigit(*s)) {
    return Fail(s, "expected a digit after '-', found " + Describe(s));
  }
  uint64_t magnitude = 0;
  bool overflow = false;
  if (*s == '0') {
    if (s + 1 < end_ && IsDigit(s[1])) {
      return Fail(s, "expected a number without leading zeros, found a '0' followed by a digit");
    }
    ++s;
  } else {
    for (; s < end_ && IsDigit(*s); ++s) {
      overflow |= __builtin_mul_overflow(magnitude, 10, &magnitude);
      overflow |= __builtin_add_overflow(magnitude, static_cast<uint64_t>(*s - '0'), &magnitude);
    }
  }
  bool integral = true;
  if (s < end_ && *s == '.') {
    integral = false;
    ++s;
    if (s >= end_ || !IsDigit(*s)) {
      return Fail(s, "expected a digit after the decimal point, found " + Describe(s));
    }
    while (s < end_ && IsDigit(*s)) ++s;
  }
  const char* mantissa_end = s;
  const char* exponent_at = nullptr;  // the exponent's first digit
  if (s < end_ && (*s == 'e' || *s == 'E')) {
    integral = false;
    ++s;
    if (s < end_ && (*s == '+' || *s == '-')) ++s;
    if (s >= end_ || !IsDigit(*s)) {
      return Fail(s, "expected a digit in the exponent, found " + Describe(s));
    }
    exponent_at = s;
    while (s < end_ && IsDigit(*s)) ++s;
  }
  p_ = s;

  if (integral && !overflow) {
    if (!negative) {
      Emit(static_cast<unsigned long long>(magnitude));
      return true;
    }
    if (magnitude <= uint64_t{1} << 63) {
      // Two's complement negation, well defined for INT64_MIN's magnitude too.
      Emit(static_cast<long long>(~magnitude + 1));
      return true;
    }
  }
  double d;
  const auto [parsed_end, ec] = std::from_chars(start, s, d);
  if (ec == std::errc() && parsed_end == s) {
    Emit(d);
    return true;
  }
  if (ec != std::errc::result_out_of_range) {
    return Fail(start, "expected a number, found " + std::string(start, s));
  }
  // Out of range: the magnitude is above DBL_MAX or below half the smallest
  // subnormal. The value is 0.d... x 10^(leading + exponent), where d is its
  // first significant digit; since 1 lies between the two cases, the sign of
  // that power tells them apart.
  int64_t exponent = 0;
  if (exponent_at != nullptr) {
    for (const char* e = exponent_at; e < s; ++e) {
      if (exponent < 1000000000) exponent = exponent * 10 + (*e - '0');
    }
    if (exponent_at[-1] == '-') exponent = -exponent;
  }
  const char* digits = start + (negative ? 1 : 0);
  const char* point = std::find(digits, mantissa_end, '.');
  const char* first = digits;
  while (first < mantissa_end && (*first == '0' || *first == '.')) ++first;
  const int64_t leading = first < point ? point - first : -(first - point - 1);
  if (leading + exponent <= 0) {
    Emit(negative ? -0.0 : 0.0);
    return true;
  }
  return Fail(start, "expected a number within a double's range, found " + std::string(start, s));
}

// ---------------------------------------------------------------------------
// Writer

// An append-only byte buffer. std::string's own appends are out-of-line calls
// with a capacity check each; the writer makes several per value, so it
// writes through a raw cursor and grows the string geometrically instead.
class OutputBuffer {
 public:
  OutputBuffer() { buf_.resize(4096); }
  void operator+=(char c) { *Room(1) = c, ++len_; }
  void operator+=(std::string_view s) { append(s.data(), s.size()); }
  void append(const char* s, size_t n) {
    std::memcpy(Room(n), s, n);
    len_ += n;
  }
  void append(const char* begin, const char* end) {
    append(begin, static_cast<size_t>(end - begin));
  }
  void append(size_t n, char c) {
    std::memset(Room(n), c, n);
    len_ += n;
  }
  std::string Take() && {
    buf_.resize(len_);
    return std::move(buf_);
  }

 private:
  char* Room(size_t n) {
    if (buf_.size() - len_ < n) Grow(n);
    return buf_.data() + len_;
  }
  [[gnu::noinline]] void Grow(size_t n) { buf_.resize(std::max(buf_.size() * 2, len_ + n)); }

  std::string buf_;  // bytes [0, len_) are written; the rest is room
  size_t len_ = 0;
};

class Writer {
 public:
  explicit Writer(const JsonWriteOptions& options)
      : indent_(options.indent > 0 ? options.indent : 0) {}

  Result<std::string> Write(const Value& v) {
    if (!WriteValue(v, 0)) {
      std::string pointer;
      for (auto it = error_path_.rbegin(); it != error_path_.rend(); ++it) {
        pointer += '/';
        pointer += EscapePointerToken(*it);
      }
      return InvalidArgumentError(error_subject_ + " at JSON pointer \"" + pointer + "\" " +
                                  error_problem_);
    }
    return std::move(out_).Take();
  }

 private:
  bool WriteValue(const Value& v, int depth);
  // Appends `s` quoted and escaped; false (with error_problem_ set) if `s`
  // is not valid UTF-8.
  bool WriteString(std::string_view s);
  void WriteDouble(double d);
  void NewLine(int depth) {
    if (indent_ == 0) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(depth) * static_cast<size_t>(indent_), ' ');
  }

  const int indent_;
  OutputBuffer out_;
  // Filled on failure, innermost token first.
  std::vector<std::string> error_path_;
  std::string error_subject_;
  std::string error_problem_;
};

bool Writer::WriteValue(const Value& v, int depth) {
  char buf[32];
  switch (v.type()) {
    case Value::Type::kNull:
      out_ += "null";
      return true;
    case Value::Type::kBool:
      out_ += v.as_bool() ? "true" : "false";
      return true;
    case Value::Type::kInt: {
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out_.append(buf, r.ptr);
      return true;
    }
    case Value::Type::kUint: {
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_uint());
      out_.append(buf, r.ptr);
      return true;
    }
    case Value::Type::kDouble: {
      const double d = v.as_double();
      if (!std::isfinite(d)) {
        error_subject_ = "the number";
        error_problem_ = std::string("is ") +
                         (std::isnan(d) ? "NaN"
                          : d > 0       ? "+Inf"
                                        : "-Inf") +
                         ", which JSON cannot represent";
        return false;
      }
      WriteDouble(d);
      return true;
    }
    case Value::Type::kString:
      if (!WriteString(v.as_string())) {
        error_subject_ = "the string";
        return false;
      }
      return true;
    case Value::Type::kArray: {
      const auto items = v.items();
      if (items.empty()) {
        out_ += "[]";
        return true;
      }
      out_ += '[';
      for (size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out_ += ',';
        NewLine(depth + 1);
        if (!WriteValue(items[i], depth + 1)) {
          error_path_.push_back(std::to_string(i));
          return false;
        }
      }
      NewLine(depth);
      out_ += ']';
      return true;
    }
    case Value::Type::kObject: {
      const auto members = v.members();
      if (members.empty()) {
        out_ += "{}";
        return true;
      }
      out_ += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i != 0) out_ += ',';
        NewLine(depth + 1);
        if (!WriteString(members[i].key())) {
          error_subject_ = "a key of the object";
          return false;
        }
        out_ += indent_ == 0 ? ":" : ": ";
        if (!WriteValue(members[i].value(), depth + 1)) {
          error_path_.emplace_back(members[i].key());
          return false;
        }
      }
      NewLine(depth);
      out_ += '}';
      return true;
    }
  }
  return true;
}

bool Writer::WriteString(std::string_view str) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* s = str.data();
  const char* const end = s + str.size();
  out_ += '"';
  for (;;) {
    const char* run = s;
    s = ScanStringRun(s, end);
    out_.append(run, s);
    if (s >= end) break;
    const auto c = static_cast<unsigned char>(*s);
    if (c >= 0x80) {
      char32_t cp;
      const size_t len = DecodeUtf8(std::string_view(s, static_cast<size_t>(end - s)), &cp);
      if (len == 0) {
        error_problem_ = "is not valid UTF-8 (byte " + Hex2(c) + " at offset " +
                         std::to_string(s - str.data()) + ")";
        return false;
      }
      if (cp == 0x2028) {
        out_ += "\\u2028";
      } else if (cp == 0x2029) {
        out_ += "\\u2029";
      } else {
        out_.append(s, len);
      }
      s += len;
      continue;
    }
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out_.append(escape, sizeof escape);
      }
    }
    ++s;
  }
  out_ += '"';
  return true;
}

void Writer::WriteDouble(double d) {
  // encoding/json's floatEncoder: 'f' for 1e-6 <= |d| < 1e21, else 'e' with
  // "e-07" shortened to "e-7"; shortest round-trip digits either way.
  char buf[64];
  const double magnitude = std::fabs(d);
  const bool scientific = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
  const auto r =
      std::to_chars(buf, buf + sizeof buf, d,
                    scientific ? std::chars_format::scientific : std::chars_format::fixed);
  size_t n = static_cast<size_t>(r.ptr - buf);
  if (scientific && n >= 4 && buf[n - 4] == 'e' && buf[n - 3] == '-' && buf[n - 2] == '0') {
    buf[n - 2] = buf[n - 1];
    --n;
  }
  out_.append(buf, n);
}

}  // namespace

Result<Value> ReadJson(std::string_view text, const JsonReadOptions& options) {
  return Reader(text, options).Read();
}

Result<std::string> WriteJson(const Value& v, const JsonWriteOptions& options) {
  return Writer(options).Write(v);
}

}  // namespace gitops
