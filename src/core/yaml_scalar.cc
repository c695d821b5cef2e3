#include "core/yaml_scalar.h"

#include "core/utf8.h"

#include <locale.h>
#include <stdlib.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gitops::yaml_scalar {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// go-yaml v3's resolveTable: the first character says what a plain scalar
// might be. 0 means "only a string".
enum Hint : char { kNone = 0, kSign = 'S', kDigit = 'D', kMap = 'M', kDot = '.' };
Hint HintOf(std::string_view s) {
  if (s.empty()) return kMap;  // "" is null
  char c = s[0];
  if (c == '+' || c == '-') return kSign;
  if (IsDigit(c)) return kDigit;
  switch (c) {
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T':
    case 'f': case 'F': case 'o': case 'O': case '~':
      return kMap;
    case '.':
      return kDot;
    default:
      return kNone;
  }
}

// go-yaml v3's resolveMap.
bool LookupWord(std::string_view s, Value* out) {
  if (s == "true" || s == "True" || s == "TRUE") { *out = Value(true); return true; }
  if (s == "false" || s == "False" || s == "FALSE") { *out = Value(false); return true; }
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    *out = Value();
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    *out = Value(std::numeric_limits<double>::quiet_NaN());
    return true;
  }
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    *out = Value(std::numeric_limits<double>::infinity());
    return true;
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") {
    *out = Value(-std::numeric_limits<double>::infinity());
    return true;
  }
  return false;
}

// Go's strconv.ParseInt(s, 0, 64) and then ParseUint(s, 0, 64): a sign, an
// optional 0x / 0o / 0b / 0 prefix, digits of that base.
bool ParseGoInteger(std::string_view s, Value* out) {
  size_t i = 0;
  bool negative = false, has_sign = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    has_sign = true;
    ++i;
  }
  unsigned base = 10;
  if (s.size() - i >= 2 && s[i] == '0') {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') { base = 16; i += 2; }
    else if (p == 'o' || p == 'O') { base = 8; i += 2; }
    else if (p == 'b' || p == 'B') { base = 2; i += 2; }
    else { base = 8; ++i; }  // "012": the leading 0 means octal
  }
  if (i >= s.size()) return false;
  unsigned __int128 v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    unsigned d;
    if (IsDigit(c)) d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return false;
    if (d >= base) return false;
    v = v * base + d;
    if (v > (static_cast<unsigned __int128>(1) << 64)) return false;
  }
  if (negative) {
    if (v > (static_cast<unsigned __int128>(1) << 63)) return false;
    *out = Value(static_cast<long long>(-static_cast<__int128>(v)));
    return true;
  }
  if (v <= static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
    *out = Value(static_cast<long long>(v));
    return true;
  }
  // ParseUint takes no sign.
  if (has_sign || v > std::numeric_limits<uint64_t>::max()) return false;
  *out = Value(static_cast<unsigned long long>(v));
  return true;
}

// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
bool IsYamlStyleFloat(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    size_t d = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == d) return false;
  } else {
    size_t d = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == d) return false;
    if (i < n && s[i] == '.') {
      ++i;
      while (i < n && IsDigit(s[i])) ++i;
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t d = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == d) return false;
  }
  return i == n;
}

// strtod in the C locale, with Go's ParseFloat range rule: overflow is an
// error, underflow rounds to zero or a denormal.
bool ParseFloat(std::string_view s, double* out) {
  static locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  std::string buf(s);
  errno = 0;
  char* end = nullptr;
  double d = strtod_l(buf.c_str(), &end, c_locale);
  if (end != buf.c_str() + buf.size()) return false;
  if (errno == ERANGE && std::isinf(d)) return false;
  *out = d;
  return true;
}

int DaysIn(int month, int year) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return 29;
  return kDays[month - 1];
}

// Go's getnum(value, fixed=false): one or two digits.
bool GetNum(std::string_view s, size_t* i, int* out) {
  if (*i >= s.size() || !IsDigit(s[*i])) return false;
  int v = s[(*i)++] - '0';
  if (*i < s.size() && IsDigit(s[*i])) v = v * 10 + (s[(*i)++] - '0');
  *out = v;
  return true;
}

void AppendPadded(std::string* out, int v, int width) {
  char buf[8];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buf, static_cast<size_t>(width));
}

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

// go-yaml v3's resolve(tag, in) for the resolvable tags; `tag` is "" or
// one of !!str !!bool !!int !!float !!null !!timestamp.
bool ResolvePlain(std::string_view in, std::string_view tag, Value* out, std::string_view* rtag) {
  Hint hint = HintOf(in);
  if (hint != kNone && tag != "!!str") {
    if (LookupWord(in, out)) {
      *rtag = out->is_null() ? "!!null" : out->is_bool() ? "!!bool" : "!!float";
      return true;
    }
    if (hint == kDot) {
      double d;
      if (IsYamlStyleFloat(in) && ParseFloat(in, &d)) {
        *out = Value(d);
        *rtag = "!!float";
        return true;
      }
    } else if (hint == kDigit || hint == kSign) {
      if (tag.empty() || tag == "!!timestamp") {
        std::string ts;
        if (ParseTimestamp(in, &ts)) {
          *out = Value(ts);
          *rtag = "!!timestamp";
          return true;
        }
      }
      std::string plain;
      plain.reserve(in.size());
      for (char c : in) {
        if (c != '_') plain.push_back(c);
      }
      if (ParseGoInteger(plain, out)) {
        *rtag = "!!int";
        return true;
      }
      double d;
      if (IsYamlStyleFloat(plain) && ParseFloat(plain, &d)) {
        *out = Value(d);
        *rtag = "!!float";
        return true;
      }
    }
  }
  *out = Value(in);
  *rtag = "!!str";
  return true;
}

}  // namespace

bool ParseTimestamp(std::string_view s, std::string* rfc3339) {
  // Quick check, as go-yaml's: four digits and a '-'.
  if (s.size() < 5) return false;
  for (size_t k = 0; k < 4; ++k) {
    if (!IsDigit(s[k])) return false;
  }
  if (s[4] != '-') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  size_t i = 5;
  int month, day, hour = 0, minute = 0, second = 0;
  if (!GetNum(s, &i, &month) || i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!GetNum(s, &i, &day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > DaysIn(month, year)) return false;
  std::string frac;
  int offset_minutes = 0;
  if (i < s.size()) {
    char sep = s[i++];
    bool zoned = sep == 'T' || sep == 't';
    if (!zoned && sep != ' ') return false;
    if (!GetNum(s, &i, &hour) || i >= s.size() || s[i++] != ':') return false;
    if (!GetNum(s, &i, &minute) || i >= s.size() || s[i++] != ':') return false;
    if (!GetNum(s, &i, &second)) return false;
    if (hour >= 24 || minute >= 60 || second >= 60) return false;
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && IsDigit(s[i + 1])) {
      ++i;
      while (i < s.size() && IsDigit(s[i])) {
        if (frac.size() < 9) frac.push_back(s[i]);
        ++i;
      }
      while (!frac.empty() && frac.back() == '0') frac.pop_back();
    }
    if (zoned) {
      if (i < s.size() && s[i] == 'Z') {
        ++i;
      } else {
        if (s.size() - i < 6 || s[i + 3] != ':') return false;
        char sign = s[i];
        if (sign != '+' && sign != '-') return false;
        for (size_t k : {i + 1, i + 2, i + 4, i + 5}) {
          if (!IsDigit(s[k])) return false;
        }
        int hh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
        int mm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
        if (hh > 24 || mm > 60) return false;
        offset_minutes = (hh * 60 + mm) * (sign == '-' ? -1 : 1);
        i += 6;
      }
    }
    if (i != s.size()) return false;
  }
  std::string& o = *rfc3339;
  o.clear();
  AppendPadded(&o, year, 4);
  o.push_back('-');
  AppendPadded(&o, month, 2);
  o.push_back('-');
  AppendPadded(&o, day, 2);
  o.push_back('T');
  AppendPadded(&o, hour, 2);
  o.push_back(':');
  AppendPadded(&o, minute, 2);
  o.push_back(':');
  AppendPadded(&o, second, 2);
  if (!frac.empty()) o += "." + frac;
  if (offset_minutes == 0) {
    o.push_back('Z');
  } else {
    int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    o.push_back(offset_minutes < 0 ? '-' : '+');
    AppendPadded(&o, a / 60, 2);
    o.push_back(':');
    AppendPadded(&o, a % 60, 2);
  }
  return true;
}

bool Resolve(std::string_view text, bool plain, std::string_view tag, Value* out,
             std::string* error) {
  if (tag.empty() || tag == "!") {
    // Quoted and block scalars without a tag are strings; so is anything
    // under the non-specific tag "!".
    if (!plain || !tag.empty()) {
      *out = Value(text);
      return true;
    }
    std::string_view rtag;
    return ResolvePlain(text, "", out, &rtag);
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
    std::string_view rtag;
    ResolvePlain(text, tag, out, &rtag);
    if (rtag == tag) return true;
    if (tag == "!!float" && rtag == "!!int") {
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
