#include "render/envsubst.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace gitops::render {
namespace {

// The scanner and parser follow fluxcd/pkg/envsubst/parse statement for
// statement: its quirks (where `unread` steps back by the width of the last
// rune read, which a peek may have changed; how `skip` drops an escape
// character from the buffer) decide what odd input means, so they are kept.

constexpr char32_t kEof = 0;  // Go's scanner: a NUL byte reads as the end, too
constexpr char32_t kRuneError = 0xFFFD;

enum class Token { kIllegal, kEof, kIdent, kLbrack, kRbrack };

constexpr uint8_t kScanIdent = 1, kScanLbrack = 2, kScanRbrack = 4, kScanEscape = 8;
constexpr uint8_t kDollar = 1, kBackslash = 2, kEscapeAll = kDollar | kBackslash;

// Decodes one UTF-8 rune at `s[pos]` as Go's utf8.DecodeRuneInString does:
// an invalid or truncated sequence is U+FFFD of width 1.
char32_t DecodeRune(std::string_view s, size_t pos, size_t* width) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  size_t n = s.size() - pos;
  unsigned char c = b(0);
  *width = 1;
  if (c < 0x80) return c;
  auto cont = [&](size_t i) { return i < n && (b(i) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    *width = 2;
    return (char32_t{c & 0x1Fu} << 6) | (b(1) & 0x3Fu);
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    char32_t r = (char32_t{c & 0x0Fu} << 12) | (char32_t{b(1) & 0x3Fu} << 6) | (b(2) & 0x3Fu);
    if (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF)) return kRuneError;
    *width = 3;
    return r;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t r = (char32_t{c & 0x07u} << 18) | (char32_t{b(1) & 0x3Fu} << 12) |
                 (char32_t{b(2) & 0x3Fu} << 6) | (b(3) & 0x3Fu);
    if (r < 0x10000 || r > 0x10FFFF) return kRuneError;
    *width = 4;
    return r;
  }
  return kRuneError;
}

void AppendRune(char32_t r, std::string* out) {
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

// Unicode letters, digits and case mappings beyond ASCII come from the C
// library's C.UTF-8 tables (the simple mappings Go's unicode package uses),
// through a locale object of our own: the process locale is left alone.
locale_t Utf8Locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

bool IsLetterOrDigit(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
  locale_t loc = Utf8Locale();
  return loc != nullptr && iswalnum_l(static_cast<wint_t>(r), loc);
}

char32_t ToLowerRune(char32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  locale_t loc = Utf8Locale();
  return loc != nullptr ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(r), loc)) : r;
}

char32_t ToUpperRune(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  locale_t loc = Utf8Locale();
  return loc != nullptr ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(r), loc)) : r;
}

using Accept = bool (*)(char32_t r, size_t i);

bool AcceptRune(char32_t, size_t) { return true; }
bool AcceptIdent(char32_t r, size_t) { return r == '_' || IsLetterOrDigit(r); }
bool AcceptColon(char32_t r, size_t) { return r == ':'; }
bool AcceptOneHash(char32_t r, size_t i) { return r == '#' && i == 1; }
bool AcceptNotClosing(char32_t r, size_t) { return r != '}'; }
bool AcceptHashFunc(char32_t r, size_t i) { return r == '#' && i < 3; }
bool AcceptPercentFunc(char32_t r, size_t i) { return r == '%' && i < 3; }
bool AcceptDefaultFunc(char32_t r, size_t i) {
  return (i == 1 && r == ':') || (i == 2 && (r == '=' || r == '-' || r == '?' || r == '+'));
}
bool AcceptReplaceFunc(char32_t r, size_t i) {
  return (i == 1 && r == '/') || (i == 2 && (r == '/' || r == '#' || r == '%'));
}
bool AcceptOneEqual(char32_t r, size_t i) { return i == 1 && r == '='; }
bool AcceptOneColon(char32_t r, size_t i) { return i == 1 && r == ':'; }
bool RejectColonClose(char32_t r, size_t) { return r != ':' && r != '}'; }
bool AcceptSlash(char32_t r, size_t) { return r == '/'; }
bool AcceptNotSlash(char32_t r, size_t) { return r != '/'; }
bool AcceptCasingFunc(char32_t r, size_t i) { return (r == ',' || r == '^') && i < 3; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : buf_(text) {}

  uint8_t mode = 0;
  uint8_t escape_chars = 0;
  Accept accept = AcceptRune;

  char32_t Read() {
    if (pos_ >= buf_.size()) {
      width_ = 0;
      return kEof;
    }
    char32_t r = DecodeRune(buf_, pos_, &width_);
    pos_ += width_;
    return r;
  }
  void Unread() { pos_ -= width_; }
  char32_t Peek() {
    char32_t r = Read();
    Unread();
    return r;
  }
  // The text of the token scan() just read.
  std::string String() const { return buf_.substr(start_, pos_ - start_); }

  Token Scan() {
    start_ = pos_;
    char32_t r = Read();
    if (r == kEof) return Token::kEof;
    if (ScanLbrack(r)) return Token::kLbrack;
    if (ScanRbrack(r)) return Token::kRbrack;
    if (ScanIdent(r)) return Token::kIdent;
    return Token::kIllegal;
  }

 private:
  // Drops the byte before the position (an escape character) from the buffer.
  void Skip() { buf_.erase(pos_ - 1, 1); }

  bool ScanIdent(char32_t r) {
    if ((mode & kScanIdent) == 0) return false;
    if (ScanEscaped(r)) {
      Skip();
    } else if (!accept(r, pos_ - start_)) {
      return false;
    }
    for (;;) {
      r = Read();
      if (r == kEof) {
        Unread();
        break;
      }
      if (ScanLbrack(r)) {
        Unread();
        Unread();
        break;
      }
      if (ScanEscaped(r)) {
        Skip();
        continue;
      }
      if (!accept(r, pos_ - start_)) {
        Unread();
        break;
      }
    }
    return true;
  }

  bool ScanLbrack(char32_t r) {
    if ((mode & kScanLbrack) == 0) return false;
    if (r == '$') {
      if (Read() == '{') return true;
      Unread();
    }
    return false;
  }

  bool ScanRbrack(char32_t r) const { return (mode & kScanRbrack) != 0 && r == '}'; }

  bool ScanEscaped(char32_t r) {
    if ((mode & kScanEscape) == 0) return false;
    if (r == '$' && (escape_chars & kDollar) != 0 && Peek() == '$') return true;
    if (r == '\\' && (escape_chars & kBackslash) != 0) {
      char32_t next = Peek();
      return next == '/' || next == '\\';
    }
    return false;
  }

  std::string buf_;
  size_t pos_ = 0, start_ = 0, width_ = 0;
};

struct Node {
  bool is_func = false;
  std::string text;   // a text node's value
  std::string param;  // a function's variable
  std::string name;   // a function's operator: "", "#", ":-", "//", ...
  std::vector<Node> args;
};

constexpr int kMaxNesting = 200;

const Status& BadSubstitution() {
  static const Status s = InvalidArgumentError("bad substitution");
  return s;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  // The top level: a list of text and function nodes.
  Result<std::vector<Node>> ParseAll() {
    std::vector<Node> nodes;
    for (;;) {
      s_.accept = AcceptRune;
      s_.mode = kScanIdent | kScanLbrack | kScanEscape;
      s_.escape_chars = kDollar;
      switch (s_.Scan()) {
        case Token::kIdent:
          nodes.push_back(Text(s_.String()));
          break;
        case Token::kEof:
          return nodes;
        case Token::kLbrack: {
          GITOPS_ASSIGN_OR_RETURN(Node f, ParseFunc());
          nodes.push_back(std::move(f));
          break;
        }
        default:
          return BadSubstitution();
      }
    }
  }

 private:
  static Node Text(std::string t) {
    Node n;
    n.text = std::move(t);
    return n;
  }

  Result<Node> ParseFunc() {
    if (++depth_ > kMaxNesting) {
      return LimitExceededError("variable expressions nested deeper than " +
                                std::to_string(kMaxNesting) + " levels");
    }
    Result<Node> out = ParseFuncBody();
    --depth_;
    return out;
  }

  Result<Node> ParseFuncBody() {
    s_.escape_chars = kEscapeAll;
    if (s_.Peek() == '#') return ParseLenFunc();
    s_.accept = AcceptIdent;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return InvalidArgumentError("unable to parse variable name");
    std::string name = s_.String();
    switch (s_.Peek()) {
      case ':':
        return ParseDefaultOrSubstr(std::move(name));
      case '=':
        return ParseDefaultFunc(std::move(name));
      case ',':
      case '^':
        return ParseCasingFunc(std::move(name));
      case '/':
        return ParseReplaceFunc(std::move(name));
      case '#':
        return ParseRemoveFunc(std::move(name), AcceptHashFunc);
      case '%':
        return ParseRemoveFunc(std::move(name), AcceptPercentFunc);
      default:
        break;
    }
    s_.accept = AcceptIdent;
    s_.mode = kScanRbrack;
    if (s_.Scan() != Token::kRbrack) return InvalidArgumentError("missing closing brace");
    Node n;
    n.is_func = true;
    n.param = std::move(name);
    return n;
  }

  Result<Node> ParseParam(Accept accept, uint8_t mode) {
    s_.accept = accept;
    s_.mode = mode | kScanLbrack;
    switch (s_.Scan()) {
      case Token::kLbrack:
        return ParseFunc();
      case Token::kIdent:
      case Token::kRbrack:
        return Text(s_.String());
      default:
        return InvalidArgumentError("unable to parse substitution within function");
    }
  }

  static Node Func(std::string param) {
    Node n;
    n.is_func = true;
    n.param = std::move(param);
    return n;
  }

  Result<Node> ParseDefaultOrSubstr(std::string name) {
    s_.Read();
    char32_t r = s_.Peek();
    s_.Unread();
    if (r == '=' || r == '-' || r == '?' || r == '+') return ParseDefaultFunc(std::move(name));
    return ParseSubstrFunc(std::move(name));
  }

  Result<Node> ParseSubstrFunc(std::string name) {
    Node n = Func(std::move(name));
    s_.accept = AcceptOneColon;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.name = s_.String();
    GITOPS_ASSIGN_OR_RETURN(Node pos, ParseParam(RejectColonClose, kScanIdent));
    n.args.push_back(std::move(pos));
    s_.accept = AcceptColon;
    s_.mode = kScanIdent | kScanRbrack;
    switch (s_.Scan()) {
      case Token::kRbrack:
        return n;
      case Token::kIdent:
        break;
      default:
        return BadSubstitution();
    }
    GITOPS_ASSIGN_OR_RETURN(Node len, ParseParam(AcceptNotClosing, kScanIdent));
    n.args.push_back(std::move(len));
    GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
    return n;
  }

  Result<Node> ParseRemoveFunc(std::string name, Accept accept) {
    Node n = Func(std::move(name));
    s_.accept = accept;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.name = s_.String();
    GITOPS_ASSIGN_OR_RETURN(Node arg, ParseParam(AcceptNotClosing, kScanIdent));
    n.args.push_back(std::move(arg));
    GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
    return n;
  }

  Result<Node> ParseReplaceFunc(std::string name) {
    Node n = Func(std::move(name));
    s_.accept = AcceptReplaceFunc;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.name = s_.String();
    // An empty pattern (`${v/#/x}`): the next rune is the delimiter.
    if (s_.Peek() == '/') {
      n.args.push_back(Text(""));
    } else {
      GITOPS_ASSIGN_OR_RETURN(Node pattern, ParseParam(AcceptNotSlash, kScanIdent | kScanEscape));
      n.args.push_back(std::move(pattern));
    }
    s_.accept = AcceptSlash;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    if (s_.Peek() == '}') {
      GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
      return n;
    }
    GITOPS_ASSIGN_OR_RETURN(Node repl, ParseParam(AcceptNotClosing, kScanIdent | kScanEscape));
    n.args.push_back(std::move(repl));
    GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
    return n;
  }

  Result<Node> ParseDefaultFunc(std::string name) {
    Node n = Func(std::move(name));
    s_.accept = s_.Peek() == '=' ? AcceptOneEqual : AcceptDefaultFunc;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return InvalidArgumentError("unable to parse default function");
    n.name = s_.String();
    for (;;) {
      if (s_.Peek() == '}') {
        GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
        return n;
      }
      GITOPS_ASSIGN_OR_RETURN(Node arg, ParseParam(AcceptNotClosing, kScanIdent));
      n.args.push_back(std::move(arg));
    }
  }

  Result<Node> ParseCasingFunc(std::string name) {
    Node n = Func(std::move(name));
    s_.accept = AcceptCasingFunc;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.name = s_.String();
    GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
    return n;
  }

  Result<Node> ParseLenFunc() {
    Node n;
    n.is_func = true;
    s_.accept = AcceptOneHash;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.name = s_.String();
    s_.accept = AcceptIdent;
    s_.mode = kScanIdent;
    if (s_.Scan() != Token::kIdent) return BadSubstitution();
    n.param = s_.String();
    GITOPS_RETURN_IF_ERROR(ConsumeRbrack());
    return n;
  }

  Status ConsumeRbrack() {
    s_.mode = kScanRbrack;
    if (s_.Scan() != Token::kRbrack) return BadSubstitution();
    return OkStatus();
  }

  Scanner s_;
  int depth_ = 0;
};

// --- The substitution functions (funcs.go) ---

std::string MapRunes(std::string_view s, char32_t (*f)(char32_t)) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t w;
    char32_t r = DecodeRune(s, i, &w);
    AppendRune(f(r), &out);
    i += w;
  }
  return out;
}

std::string MapFirstRune(std::string_view s, char32_t (*f)(char32_t)) {
  if (s.empty()) return {};
  size_t w;
  char32_t r = DecodeRune(s, 0, &w);
  std::string out;
  AppendRune(f(r), &out);
  out.append(s.substr(w));
  return out;
}

// Go's []rune round trip reversed: invalid bytes become U+FFFD.
std::string Reverse(std::string_view s) {
  std::vector<char32_t> runes;
  for (size_t i = 0; i < s.size();) {
    size_t w;
    runes.push_back(DecodeRune(s, i, &w));
    i += w;
  }
  std::string out;
  out.reserve(s.size());
  for (auto it = runes.rbegin(); it != runes.rend(); ++it) AppendRune(*it, &out);
  return out;
}

// strconv.Atoi: an optional sign and decimal digits, within int64.
bool Atoi(std::string_view s, int64_t* out) {
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    if (v > uint64_t{1} << 63) return false;
  }
  if (!neg && v > static_cast<uint64_t>(INT64_MAX)) return false;
  *out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

std::string ToSubstr(const std::string& s, const std::vector<std::string>& args) {
  if (args.empty()) return s;
  int64_t len = static_cast<int64_t>(s.size());
  int64_t pos;
  if (!Atoi(args[0], &pos)) return s;
  if (pos < 0) {
    pos = pos < -len ? 0 : len + pos;
  }
  if (args.size() == 1) return pos < len ? s.substr(static_cast<size_t>(pos)) : std::string();
  int64_t length;
  if (!Atoi(args[1], &length)) return s;
  if (length < 0) {
    if (length < -len) return "";  // end < 0 <= pos
    int64_t end = len + length;
    if (end < pos) return "";
    return s.substr(static_cast<size_t>(pos), static_cast<size_t>(end - pos));
  }
  if (length >= len - pos) {  // pos+length >= len(s), without overflow
    return pos < len ? s.substr(static_cast<size_t>(pos)) : std::string();
  }
  return s.substr(static_cast<size_t>(pos), static_cast<size_t>(length));
}

// strings.Replace(s, old, new, n) with n = 1 or all (-1). An empty `old`
// matches before every rune and at the end, as in Go.
std::string Replace(const std::string& s, const std::string& old, const std::string& repl,
                    bool all) {
  std::string out;
  if (old.empty()) {
    size_t i = 0;
    out.append(repl);
    if (!all) return out + s;
    while (i < s.size()) {
      size_t w;
      DecodeRune(s, i, &w);
      out.append(s, i, w);
      out.append(repl);
      i += w;
    }
    return out;
  }
  size_t from = 0;
  for (;;) {
    size_t at = s.find(old, from);
    if (at == std::string::npos) break;
    out.append(s, from, at - from);
    out.append(repl);
    from = at + old.size();
    if (!all) break;
  }
  out.append(s, from, std::string::npos);
  return out;
}

// Glob matching for the trim functions: Go's path.Match, in the form the
// fork uses, where `*` and `?` match '/' too (its own tests need
// "${f##*/}" of "path/to/file" to give "file"). `\` escapes; `[...]` classes
// with ranges and `^` negation. A malformed pattern is an error (the trim
// then leaves the value alone).
struct MatchResult {
  bool ok = false;
  bool bad_pattern = false;
};

// Go's getEsc.
bool GetEsc(std::string_view* chunk, char32_t* r) {
  std::string_view c = *chunk;
  if (c.empty() || c[0] == '-' || c[0] == ']') return false;
  if (c[0] == '\\') {
    c.remove_prefix(1);
    if (c.empty()) return false;
  }
  size_t w;
  *r = DecodeRune(c, 0, &w);
  if (*r == kRuneError && w == 1 && static_cast<unsigned char>(c[0]) >= 0x80) return false;
  c.remove_prefix(w);
  if (c.empty()) return false;
  *chunk = c;
  return true;
}

// Go's matchChunk: on success *rest is what remains of s.
MatchResult MatchChunk(std::string_view chunk, std::string_view s, std::string_view* rest) {
  bool failed = false;
  while (!chunk.empty()) {
    if (!failed && s.empty()) failed = true;
    switch (chunk[0]) {
      case '[': {
        char32_t r = 0;
        if (!failed) {
          size_t w;
          r = DecodeRune(s, 0, &w);
          s.remove_prefix(w);
        }
        chunk.remove_prefix(1);
        bool negated = false;
        if (!chunk.empty() && chunk[0] == '^') {
          negated = true;
          chunk.remove_prefix(1);
        }
        bool match = false;
        int nrange = 0;
        for (;;) {
          if (!chunk.empty() && chunk[0] == ']' && nrange > 0) {
            chunk.remove_prefix(1);
            break;
          }
          char32_t lo, hi;
          if (!GetEsc(&chunk, &lo)) return {false, true};
          hi = lo;
          if (chunk[0] == '-') {
            chunk.remove_prefix(1);
            if (!GetEsc(&chunk, &hi)) return {false, true};
          }
          if (lo <= r && r <= hi) match = true;
          ++nrange;
        }
        if (match == negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          size_t w;
          DecodeRune(s, 0, &w);
          s.remove_prefix(w);
        }
        chunk.remove_prefix(1);
        break;
      case '\\':
        chunk.remove_prefix(1);
        if (chunk.empty()) return {false, true};
        [[fallthrough]];
      default:
        if (!failed) {
          if (chunk[0] != s[0]) failed = true;
          s.remove_prefix(1);
        }
        chunk.remove_prefix(1);
        break;
    }
  }
  if (failed) return {false, false};
  *rest = s;
  return {true, false};
}

// Go's scanChunk.
void ScanChunk(std::string_view* pattern, bool* star, std::string_view* chunk) {
  std::string_view p = *pattern;
  *star = false;
  while (!p.empty() && p[0] == '*') {
    p.remove_prefix(1);
    *star = true;
  }
  bool inrange = false;
  size_t i = 0;
  for (; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size()) ++i;
    } else if (c == '[') {
      inrange = true;
    } else if (c == ']') {
      inrange = false;
    } else if (c == '*' && !inrange) {
      break;
    }
  }
  *chunk = p.substr(0, i);
  *pattern = p.substr(i);
}

MatchResult Match(std::string_view pattern, std::string_view name) {
  while (!pattern.empty()) {
    bool star;
    std::string_view chunk;
    ScanChunk(&pattern, &star, &chunk);
    if (star && chunk.empty()) return {true, false};  // a trailing * matches the rest
    std::string_view t;
    MatchResult m = MatchChunk(chunk, name, &t);
    if (m.ok && (t.empty() || !pattern.empty())) {
      name = t;
      continue;
    }
    if (m.bad_pattern) return m;
    bool advanced = false;
    if (star) {
      for (size_t i = 0; i < name.size(); ++i) {
        MatchResult mi = MatchChunk(chunk, name.substr(i + 1), &t);
        if (mi.ok) {
          if (pattern.empty() && !t.empty()) continue;
          name = t;
          advanced = true;
          break;
        }
        if (mi.bad_pattern) return mi;
      }
    }
    if (advanced) continue;
    // The rest of the pattern must still be well formed.
    while (!pattern.empty()) {
      ScanChunk(&pattern, &star, &chunk);
      std::string_view ignored;
      if (MatchChunk(chunk, "", &ignored).bad_pattern) return {false, true};
    }
    return {false, false};
  }
  return {name.empty(), false};
}

std::string TrimShortest(const std::string& s, const std::string& pattern) {
  std::string shortest;
  bool found = false;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view prefix(s.data(), s.size() - i);
    MatchResult m = Match(pattern, prefix);
    if (m.bad_pattern) return s;
    if (m.ok) {
      shortest = std::string(prefix);
      found = true;
    }
  }
  if (found && !shortest.empty()) return s.substr(shortest.size());
  return s;
}

std::string TrimLongest(const std::string& s, const std::string& pattern) {
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view prefix(s.data(), s.size() - i);
    MatchResult m = Match(pattern, prefix);
    if (m.bad_pattern) return s;
    if (m.ok) return s.substr(prefix.size());
  }
  return s;
}

std::string ToDefault(const std::string& v, const std::vector<std::string>& args) {
  if (v.empty() && !args.empty()) {
    std::string out;
    for (const std::string& a : args) out += a;
    return out;
  }
  return v;
}

std::string Apply(const std::string& name, const std::string& v,
                  const std::vector<std::string>& args) {
  if (name == ",") return MapFirstRune(v, ToLowerRune);
  if (name == ",,") return MapRunes(v, ToLowerRune);
  if (name == "^") return MapFirstRune(v, ToUpperRune);
  if (name == "^^") return MapRunes(v, ToUpperRune);
  if (name == "#") {
    if (args.empty()) return std::to_string(v.size());
    return TrimShortest(v, args[0]);
  }
  if (name == "##") return args.empty() ? v : TrimLongest(v, args[0]);
  if (name == "%") return args.empty() ? v : Reverse(TrimShortest(Reverse(v), Reverse(args[0])));
  if (name == "%%") return args.empty() ? v : Reverse(TrimLongest(Reverse(v), Reverse(args[0])));
  if (name == ":") return ToSubstr(v, args);
  if (name == "/#") {
    if (args.size() != 2) return v;
    return v.starts_with(args[0]) ? Replace(v, args[0], args[1], false) : v;
  }
  if (name == "/%") {
    if (args.size() != 2) return v;
    return v.ends_with(args[0]) ? v.substr(0, v.size() - args[0].size()) + args[1] : v;
  }
  if (name == "/" || name == "//") {
    if (args.empty()) return v;
    return Replace(v, args[0], args.size() == 1 ? std::string() : args[1], name == "//");
  }
  return ToDefault(v, args);  // "", "=", ":=", ":-", ":?", ":+", and anything else
}

bool IsDefaultOp(const std::string& name) {
  return name == "-" || name == "+" || name == "=" || name == "?" || name == ":-" ||
         name == ":+" || name == ":=" || name == ":?";
}

// Go's %q of a variable name.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

Status Eval(const Node& n, const EnvLookup& lookup, std::string* out) {
  if (!n.is_func) {
    out->append(n.text);
    return OkStatus();
  }
  std::vector<std::string> args;
  args.reserve(n.args.size());
  for (const Node& a : n.args) {
    std::string v;
    GITOPS_RETURN_IF_ERROR(Eval(a, lookup, &v));
    args.push_back(std::move(v));
  }
  std::optional<std::string_view> v = lookup(n.param);
  if (!v.has_value() && !IsDefaultOp(n.name)) {
    return InvalidArgumentError("variable not set (strict mode): " + Quote(n.param));
  }
  out->append(Apply(n.name, v.has_value() ? std::string(*v) : std::string(), args));
  return OkStatus();
}

}  // namespace

Result<std::string> Envsubst(std::string_view text, const EnvLookup& lookup) {
  Parser p(text);
  GITOPS_ASSIGN_OR_RETURN(std::vector<Node> nodes, p.ParseAll());
  std::string out;
  out.reserve(text.size());
  for (const Node& n : nodes) GITOPS_RETURN_IF_ERROR(Eval(n, lookup, &out));
  return out;
}

bool IsValidVariableName(std::string_view name) {
  if (name.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (char c : name) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace gitops::render
