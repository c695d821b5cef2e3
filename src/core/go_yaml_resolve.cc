#include "core/go_yaml_resolve.h"

#include <locale.h>
#include <stdlib.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gitops::go_yaml {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------------------
// Go's strconv, for the inputs resolve() hands it.

// strconv.ParseUint(s, base, 64) without a sign; base 0 means Go's prefix
// rules (0x, 0o, 0b, leading 0 for octal). `s` has no underscores.
bool ParseGoUnsigned(std::string_view s, int base, uint64_t* out) {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
      if (p == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (p == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (p == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  uint64_t n = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    if (n > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) /
                static_cast<uint64_t>(base)) {
      return false;
    }
    n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  *out = n;
  return true;
}

// strconv.ParseInt(s, base, 64).
bool ParseGoSigned(std::string_view s, int base, int64_t* out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t u;
  if (!ParseGoUnsigned(s, base, &u)) return false;
  if (neg ? u > (uint64_t{1} << 63) : u >= (uint64_t{1} << 63)) return false;
  *out = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
  return true;
}

// ParseInt, then (without a sign) ParseUint, as resolve() tries them.
bool ParseGoInteger(std::string_view s, int base, Value* out) {
  int64_t i;
  if (ParseGoSigned(s, base, &i)) {
    if (out) *out = Value(static_cast<long long>(i));
    return true;
  }
  uint64_t u;
  if (!s.empty() && s[0] != '+' && s[0] != '-' && ParseGoUnsigned(s, base, &u)) {
    if (out) *out = Value(static_cast<unsigned long long>(u));
    return true;
  }
  return false;
}

// yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool MatchesYamlStyleFloat(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == start) return false;
  } else {
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == start) return false;
    if (i < n && s[i] == '.') {
      ++i;
      while (i < n && IsDigit(s[i])) ++i;
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

// strconv.ParseFloat(s, 64) for a decimal text (digits, '.', exponent, an
// optional sign): fails only on overflow (ErrRange with ±Inf); underflow
// gives zero or a denormal, as Go does. glibc's strtod rounds correctly; the
// C locale keeps '.' the decimal point whatever the program's locale.
bool ParseDecimal(std::string_view s, double* out) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  char small[64];
  std::string large;
  const char* text;
  if (s.size() < sizeof small) {
    s.copy(small, s.size());
    small[s.size()] = '\0';
    text = small;
  } else {
    large.assign(s);
    text = large.c_str();
  }
  char* end = nullptr;
  double d = strtod_l(text, &end, c_locale);
  if (end != text + s.size() || std::isinf(d)) return false;
  *out = d;
  return true;
}

// strconv.ParseFloat(in, 64) for `in` starting with '.': Go's decimal float
// syntax, underscores allowed only between digits.
bool ParseFloatStartingWithDot(std::string_view s, double* out) {
  size_t i = 0, n = s.size();
  std::string plain = "0";
  bool mantissa_digit = false;
  char prev = '^';  // '0' digit, '_' underscore, '!' other (underscoreOK)
  auto take_digits = [&](bool* any) {
    while (i < n && (IsDigit(s[i]) || s[i] == '_')) {
      if (s[i] == '_') {
        if (prev != '0') return false;
        prev = '_';
      } else {
        prev = '0';
        *any = true;
        plain.push_back(s[i]);
      }
      ++i;
    }
    return true;
  };
  if (i >= n || s[i] != '.') return false;
  plain.push_back('.');
  prev = '!';
  ++i;
  if (!take_digits(&mantissa_digit) || !mantissa_digit) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    if (prev == '_') return false;
    plain.push_back('e');
    prev = '!';
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      plain.push_back(s[i]);
      ++i;
    }
    if (i >= n || !IsDigit(s[i])) return false;
    bool exp_digit = false;
    if (!take_digits(&exp_digit)) return false;
  }
  if (i != n || prev == '_') return false;
  return ParseDecimal(plain, out);
}

// ---------------------------------------------------------------------------
// Timestamps: time.Parse with the layouts of resolve.go's parseTimestamp,
// "2006-1-2T15:4:5.999999999Z07:00", the same with 't',
// "2006-1-2 15:4:5.999999999" and "2006-1-2".

struct Timestamp {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string_view fraction;  // the digits after '.', as written
  int offset_minutes = 0;
};

// getnum(s, false) of Go's time package: one or two digits.
bool GetNum(std::string_view s, size_t* pos, int* out) {
  size_t i = *pos;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  if (i + 1 >= s.size() || !IsDigit(s[i + 1])) {
    *out = s[i] - '0';
    *pos = i + 1;
    return true;
  }
  *out = (s[i] - '0') * 10 + (s[i + 1] - '0');
  *pos = i + 2;
  return true;
}

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

bool ParseTimestamp(std::string_view s, Timestamp* t) {
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  t->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  size_t pos = 5;
  if (!GetNum(s, &pos, &t->month) || t->month < 1 || t->month > 12) return false;
  if (pos >= s.size() || s[pos] != '-') return false;
  ++pos;
  if (!GetNum(s, &pos, &t->day)) return false;
  if (t->day < 1 || t->day > DaysIn(t->month, t->year)) return false;
  if (pos == s.size()) return true;  // "2006-1-2"
  bool with_zone;
  if (s[pos] == 'T' || s[pos] == 't') {
    with_zone = true;
    ++pos;
  } else if (s[pos] == ' ') {
    // A space in a layout matches a run of spaces.
    with_zone = false;
    while (pos < s.size() && s[pos] == ' ') ++pos;
  } else {
    return false;
  }
  if (!GetNum(s, &pos, &t->hour) || t->hour > 23) return false;
  if (pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!GetNum(s, &pos, &t->minute) || t->minute > 59) return false;
  if (pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!GetNum(s, &pos, &t->second) || t->second > 59) return false;
  if (pos + 1 < s.size() && (s[pos] == '.' || s[pos] == ',') && IsDigit(s[pos + 1])) {
    size_t start = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    t->fraction = s.substr(start, pos - start);
  }
  if (with_zone) {
    if (pos < s.size() && s[pos] == 'Z') {
      ++pos;
    } else {
      if (s.size() - pos < 6 || s[pos + 3] != ':') return false;
      if (s[pos] != '+' && s[pos] != '-') return false;
      if (!IsDigit(s[pos + 1]) || !IsDigit(s[pos + 2]) || !IsDigit(s[pos + 4]) ||
          !IsDigit(s[pos + 5])) {
        return false;
      }
      int hr = (s[pos + 1] - '0') * 10 + (s[pos + 2] - '0');
      int mm = (s[pos + 4] - '0') * 10 + (s[pos + 5] - '0');
      if (hr > 24 || mm > 60) return false;
      t->offset_minutes = (hr * 60 + mm) * (s[pos] == '-' ? -1 : 1);
      pos += 6;
    }
  }
  return pos == s.size();
}

void AppendPadded(std::string* out, int v, int width) {
  char buf[8];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buf, static_cast<size_t>(width));
}

// time.Time's JSON form, RFC 3339 with nanoseconds: at most nine fraction
// digits (time.Parse keeps nanoseconds), trailing zeros dropped, "Z" for a
// zero offset.
std::string FormatRfc3339Nano(const Timestamp& t) {
  std::string o;
  o.reserve(35);
  AppendPadded(&o, t.year, 4);
  o.push_back('-');
  AppendPadded(&o, t.month, 2);
  o.push_back('-');
  AppendPadded(&o, t.day, 2);
  o.push_back('T');
  AppendPadded(&o, t.hour, 2);
  o.push_back(':');
  AppendPadded(&o, t.minute, 2);
  o.push_back(':');
  AppendPadded(&o, t.second, 2);
  std::string_view frac = t.fraction.substr(0, 9);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  if (!frac.empty()) {
    o.push_back('.');
    o.append(frac);
  }
  if (t.offset_minutes == 0) {
    o.push_back('Z');
  } else {
    int a = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
    o.push_back(t.offset_minutes < 0 ? '-' : '+');
    AppendPadded(&o, a / 60, 2);
    o.push_back(':');
    AppendPadded(&o, a % 60, 2);
  }
  return o;
}

// A string of at most 7 bytes as one number: its bytes, little-endian, and
// its length in the top byte.
constexpr uint64_t PackWord(std::string_view t) {
  uint64_t key = uint64_t{t.size()} << 56;
  for (size_t i = 0; i < t.size(); ++i) key |= uint64_t{static_cast<unsigned char>(t[i])} << (8 * i);
  return key;
}

// The slot of a packed word in a 256-slot hash table with multiplier `mul`.
constexpr size_t WordSlot(uint64_t key, uint64_t mul) {
  return static_cast<size_t>((key * mul) >> 56);
}

// resolveMap: the words each version resolves without parsing.
bool LookupWord(std::string_view s, Schema schema, Value* out, Resolved* r) {
  struct Word {
    std::string_view text;
    Resolved kind;
    int value;  // bool: 0/1; float: 0 nan, 1 +inf, -1 -inf
    bool v2_only;
  };
  static constexpr Word kWords[] = {
      {"true", Resolved::kBool, 1, false},   {"True", Resolved::kBool, 1, false},
      {"TRUE", Resolved::kBool, 1, false},   {"false", Resolved::kBool, 0, false},
      {"False", Resolved::kBool, 0, false},  {"FALSE", Resolved::kBool, 0, false},
      {"y", Resolved::kBool, 1, true},       {"Y", Resolved::kBool, 1, true},
      {"yes", Resolved::kBool, 1, true},     {"Yes", Resolved::kBool, 1, true},
      {"YES", Resolved::kBool, 1, true},     {"on", Resolved::kBool, 1, true},
      {"On", Resolved::kBool, 1, true},      {"ON", Resolved::kBool, 1, true},
      {"n", Resolved::kBool, 0, true},       {"N", Resolved::kBool, 0, true},
      {"no", Resolved::kBool, 0, true},      {"No", Resolved::kBool, 0, true},
      {"NO", Resolved::kBool, 0, true},      {"off", Resolved::kBool, 0, true},
      {"Off", Resolved::kBool, 0, true},     {"OFF", Resolved::kBool, 0, true},
      {"~", Resolved::kNull, 0, false},
      {"null", Resolved::kNull, 0, false},   {"Null", Resolved::kNull, 0, false},
      {"NULL", Resolved::kNull, 0, false},   {".nan", Resolved::kFloat, 0, false},
      {".NaN", Resolved::kFloat, 0, false},  {".NAN", Resolved::kFloat, 0, false},
      {".inf", Resolved::kFloat, 1, false},  {".Inf", Resolved::kFloat, 1, false},
      {".INF", Resolved::kFloat, 1, false},  {"+.inf", Resolved::kFloat, 1, false},
      {"+.Inf", Resolved::kFloat, 1, false}, {"+.INF", Resolved::kFloat, 1, false},
      {"-.inf", Resolved::kFloat, -1, false}, {"-.Inf", Resolved::kFloat, -1, false},
      {"-.INF", Resolved::kFloat, -1, false},
  };
  if (s.size() > 5) return false;
  if (s.empty()) {  // "" is null in resolveMap
    *r = Resolved::kNull;
    if (out) *out = Value();
    return true;
  }
  // Each word as one number (PackWord), found through a perfect hash: the
  // writer asks about every short key and value that starts with one of
  // these letters ("name", "type", "TCP"), and nearly all are no word.
  constexpr size_t kCount = sizeof kWords / sizeof kWords[0];
  static_assert(kCount < 255);
  // The first odd multiplier (on a fixed walk) that gives every word its
  // own one of 256 slots; found at compile time.
  static constexpr uint64_t kMul = [] {
    for (uint64_t mul = 0x9E3779B97F4A7C15ull;; mul += 0xD6E8FEB86659FD92ull) {
      bool used[256] = {};
      bool clash = false;
      for (size_t i = 0; i < kCount && !clash; ++i) {
        const size_t k = WordSlot(PackWord(kWords[i].text), mul);
        clash = used[k];
        used[k] = true;
      }
      if (!clash) return mul;
    }
  }();
  static constexpr std::array<uint8_t, 256> kSlots = [] {
    std::array<uint8_t, 256> slots{};
    slots.fill(0xFF);
    for (size_t i = 0; i < kCount; ++i) slots[WordSlot(PackWord(kWords[i].text), kMul)] = static_cast<uint8_t>(i);
    return slots;
  }();
  const uint64_t key = PackWord(s);
  const size_t found = kSlots[WordSlot(key, kMul)];
  if (found == 0xFF || PackWord(kWords[found].text) != key) return false;
  const Word& w = kWords[found];
  if (w.v2_only && schema != Schema::kV2) return false;
  *r = w.kind;
  if (out) {
    switch (w.kind) {
      case Resolved::kBool: *out = Value(w.value != 0); break;
      case Resolved::kNull: *out = Value(); break;
      case Resolved::kFloat:
        *out = Value(w.value == 0 ? std::numeric_limits<double>::quiet_NaN()
                                  : w.value * std::numeric_limits<double>::infinity());
        break;
      default: *out = Value(s); break;
    }
  }
  return true;
}

Resolved AsString(std::string_view in, Value* out) {
  if (out) *out = Value(in);
  return Resolved::kString;
}

Resolved Float(double d, Value* out) {
  if (out) *out = Value(d);
  return Resolved::kFloat;
}

}  // namespace

Resolved ResolvePlain(std::string_view in, Schema schema, Value* out) {
  // resolveTable: the first character says what the scalar might be.
  char hint = 'N';  // "" (null) is in the word map
  if (!in.empty()) {
    switch (in[0]) {
      case '+': case '-': hint = 'S'; break;
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9': hint = 'D'; break;
      case 'y': case 'Y': case 'n': case 'N': case 't': case 'T':
      case 'f': case 'F': case 'o': case 'O': case '~': hint = 'M'; break;
      case '.': hint = '.'; break;
      default: return AsString(in, out);
    }
  }
  Resolved r;
  if (LookupWord(in, schema, out, &r)) return r;
  if (hint == 'M' || hint == 'N') return AsString(in, out);
  double d;
  if (hint == '.') {
    if (ParseFloatStartingWithDot(in, &d)) return Float(d, out);
    return AsString(in, out);
  }
  // 'D' or 'S': a timestamp, an integer or a float, none of which has a
  // byte outside kNumberBytes (Go's ParseInt/ParseUint take at most base 16
  // digits after a 0x/0o/0b prefix, ParseFloat runs only on the
  // yamlStyleFloat pattern, and the timestamp layouts add 'T', 't', 'Z',
  // ':', ',' and spaces): a scalar with any other byte ("128Mi", "100m",
  // "1.25-alpine") is a string without trying the parsers.
  static constexpr std::array<bool, 256> kNumberBytes = [] {
    std::array<bool, 256> table{};
    for (char c : std::string_view("0123456789abcdefABCDEFxXoOtTZ+-._:, ")) {
      table[static_cast<unsigned char>(c)] = true;
    }
    return table;
  }();
  for (char c : in) {
    if (!kNumberBytes[static_cast<unsigned char>(c)]) return AsString(in, out);
  }
  Timestamp t;
  if (ParseTimestamp(in, &t)) {
    if (out) *out = Value(FormatRfc3339Nano(t));
    return Resolved::kTimestamp;
  }
  char small[64];
  std::string large;
  std::string_view plain;
  if (in.size() <= sizeof(small)) {
    size_t len = 0;
    for (char ch : in) {
      if (ch != '_') small[len++] = ch;
    }
    plain = std::string_view(small, len);
  } else {
    for (char ch : in) {
      if (ch != '_') large.push_back(ch);
    }
    plain = large;
  }
  if (ParseGoInteger(plain, 0, out)) return Resolved::kInt;
  if (MatchesYamlStyleFloat(plain) && ParseDecimal(plain, &d)) return Float(d, out);
  // The explicit prefix branches after the float check: they differ from
  // base 0 only for a sign after the prefix ("0b-1" is -1).
  auto prefixed = [&](std::string_view prefix, int base) {
    if (plain.substr(0, prefix.size()) != prefix) return false;
    return ParseGoInteger(plain.substr(prefix.size()), base, out);
  };
  auto negative_prefixed = [&](std::string_view prefix, int base) {
    if (plain.substr(0, prefix.size()) != prefix) return false;
    int64_t i;
    if (!ParseGoSigned(std::string("-").append(plain.substr(prefix.size())), base, &i)) {
      return false;
    }
    if (out) *out = Value(static_cast<long long>(i));
    return true;
  };
  if (prefixed("0b", 2) || negative_prefixed("-0b", 2)) return Resolved::kInt;
  if (schema == Schema::kV3 && (prefixed("0o", 8) || negative_prefixed("-0o", 8))) {
    return Resolved::kInt;
  }
  return AsString(in, out);
}

bool IsBase60Float(std::string_view s) {
  // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || IsDigit(c)) || s.find(':') == std::string_view::npos) {
    return false;
  }
  size_t i = 0, n = s.size();
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= n || !IsDigit(s[i])) return false;
  ++i;
  while (i < n && (IsDigit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < n && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two with the first in 0-5.
    if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && IsDigit(s[i + 1])) {
      i += 2;
    } else if (i < n && IsDigit(s[i])) {
      ++i;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && (IsDigit(s[i]) || s[i] == '_')) ++i;
  }
  return i == n;
}

std::string_view TagName(Resolved r) {
  switch (r) {
    case Resolved::kNull: return "!!null";
    case Resolved::kBool: return "!!bool";
    case Resolved::kInt: return "!!int";
    case Resolved::kFloat: return "!!float";
    case Resolved::kTimestamp: return "!!timestamp";
    case Resolved::kString: return "!!str";
  }
  return "!!str";
}

}  // namespace gitops::go_yaml
