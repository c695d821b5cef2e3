// Quantity parsing and writing as apimachinery's pkg/api/resource
// (quantity.go, suffix.go, amount.go) does it, over exact decimal digit
// strings, and the places of the built-in kinds that hold quantities.
#include "plan/quantity.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "gitops/core/object.h"
#include "gitops/plan/changeset.h"
#include "plan/key_equal.h"

namespace gitops::plan::internal {

namespace {

// quantity.go's error texts.
constexpr std::string_view kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kErrSuffix = "unable to parse quantity's suffix";

constexpr std::string_view kMaxInt64 = "9223372036854775807";
// Nano: values are kept down to 10^-9.
constexpr int64_t kNanoScale = -9;
// maxInt64Factors: the decimal digits an int64 always holds.
constexpr int64_t kMaxInt64Factors = 18;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string StripLeadingZeros(std::string s) {
  size_t first = s.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  s.erase(0, first);
  return s;
}

// digits * m, for m < 2^32.
std::string MulSmall(const std::string& digits, uint32_t m) {
  std::string out(digits.size() + 10, '0');
  uint64_t carry = 0;
  size_t o = out.size();
  for (size_t i = digits.size(); i-- > 0;) {
    uint64_t v = static_cast<uint64_t>(digits[i] - '0') * m + carry;
    out[--o] = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  while (carry > 0) {
    out[--o] = static_cast<char>('0' + carry % 10);
    carry /= 10;
  }
  return StripLeadingZeros(out.substr(o));
}

// digits / m into *quotient; returns the remainder.
uint32_t DivSmall(const std::string& digits, uint32_t m, std::string* quotient) {
  quotient->clear();
  uint64_t rem = 0;
  for (char c : digits) {
    rem = rem * 10 + static_cast<uint64_t>(c - '0');
    quotient->push_back(static_cast<char>('0' + rem / m));
    rem %= m;
  }
  *quotient = StripLeadingZeros(*quotient);
  return static_cast<uint32_t>(rem);
}

// Compares two digit strings without leading zeros.
int CompareDigits(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Adds one to a digit string.
std::string Increment(std::string digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

// Moves trailing zeros of `digits` into `exponent`.
void Normalize(std::string* digits, int64_t* exponent) {
  if (*digits == "0") {
    *exponent = 0;
    return;
  }
  size_t last = digits->find_last_not_of('0');
  *exponent += static_cast<int64_t>(digits->size() - 1 - last);
  digits->resize(last + 1);
}

// |q| compared with the integer `n` (digits).
int CompareMagnitude(const Quantity& q, std::string_view n) {
  std::string digits = q.digits;
  int64_t exponent = q.exponent;
  Normalize(&digits, &exponent);
  if (digits == "0") return n == "0" ? 0 : -1;
  if (exponent >= 0) {
    if (static_cast<int64_t>(digits.size()) + exponent > static_cast<int64_t>(n.size())) return 1;
    return CompareDigits(digits + std::string(static_cast<size_t>(exponent), '0'), n);
  }
  size_t frac = static_cast<size_t>(-exponent);
  std::string whole = digits.size() > frac ? digits.substr(0, digits.size() - frac) : "0";
  int c = CompareDigits(whole, n);
  return c != 0 ? c : 1;  // the fraction is non-zero after Normalize
}

// suffix.go's tables.
struct Suffix {
  std::string_view text;
  int base;
  int exponent;
};
constexpr Suffix kDecimalSuffixes[] = {{"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"", 10, 0},
                                       {"k", 10, 3},  {"M", 10, 6},  {"G", 10, 9},  {"T", 10, 12},
                                       {"P", 10, 15}, {"E", 10, 18}};
constexpr Suffix kBinarySuffixes[] = {{"Ki", 2, 10}, {"Mi", 2, 20}, {"Gi", 2, 30},
                                      {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60}};

// strconv.ParseInt(s, 10, 64).
std::optional<int64_t> ParseInt64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    if (v > (std::numeric_limits<uint64_t>::max() - 9) / 10) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (v > limit) return std::nullopt;
  return neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

struct Interpreted {
  int base = 10;
  int32_t exponent = 0;
  QuantityFormat format = QuantityFormat::kDecimalSI;
};

// suffixHandler.interpret.
std::optional<Interpreted> Interpret(std::string_view suffix) {
  for (const Suffix& s : kDecimalSuffixes) {
    if (s.text == suffix) return Interpreted{10, s.exponent, QuantityFormat::kDecimalSI};
  }
  for (const Suffix& s : kBinarySuffixes) {
    if (s.text == suffix) return Interpreted{2, s.exponent, QuantityFormat::kBinarySI};
  }
  if (suffix.size() > 1 && (suffix[0] == 'E' || suffix[0] == 'e')) {
    std::optional<int64_t> parsed = ParseInt64(suffix.substr(1));
    if (!parsed) return std::nullopt;
    // Go's int32(parsed) keeps the low 32 bits.
    return Interpreted{10, static_cast<int32_t>(static_cast<uint32_t>(*parsed)),
                       QuantityFormat::kDecimalExponent};
  }
  return std::nullopt;
}

struct Scanned {
  bool positive = true;
  std::string_view value, num, denom, suffix;
};

// parseQuantityString, step for step.
Result<Scanned> Scan(std::string_view str) {
  Scanned out;
  size_t pos = 0;
  const size_t end = str.size();
  if (pos < end) {
    if (str[0] == '-') {
      out.positive = false;
      ++pos;
    } else if (str[0] == '+') {
      ++pos;
    }
  }
  for (size_t i = pos;; ++i) {  // leading zeros
    if (i >= end) {
      out.num = "0";
      out.value = out.num;
      return out;
    }
    if (str[i] != '0') break;
    ++pos;
  }
  for (size_t i = pos;; ++i) {  // the numerator
    if (i >= end) {
      out.num = str.substr(pos, end - pos);
      out.value = str.substr(0, end);
      return out;
    }
    if (!IsDigit(str[i])) {
      out.num = str.substr(pos, i - pos);
      pos = i;
      break;
    }
  }
  if (out.num.empty()) out.num = "0";
  if (pos < end && str[pos] == '.') {  // the denominator
    ++pos;
    for (size_t i = pos;; ++i) {
      if (i >= end) {
        out.denom = str.substr(pos, end - pos);
        out.value = str.substr(0, end);
        return out;
      }
      if (!IsDigit(str[i])) {
        out.denom = str.substr(pos, i - pos);
        pos = i;
        break;
      }
    }
  }
  out.value = str.substr(0, pos);
  const size_t suffix_start = pos;
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      out.suffix = str.substr(suffix_start);
      return out;
    }
    if (std::string_view("eEinumkKMGTP").find(str[i]) == std::string_view::npos) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      out.suffix = str.substr(suffix_start);
      return out;
    }
    if (!IsDigit(str[i])) break;
  }
  return InvalidArgumentError(std::string(kErrFormatWrong));
}

// Rounds |digits * 10^exponent| away from zero to a multiple of 10^scale.
// Returns whether that was exact.
bool RoundMagnitude(std::string* digits, int64_t* exponent, int64_t scale) {
  if (*exponent >= scale) return true;
  uint64_t drop = static_cast<uint64_t>(scale - *exponent);
  bool exact = true;
  if (drop >= digits->size()) {
    exact = *digits == "0";
    *digits = exact ? "0" : "1";
  } else {
    size_t keep = digits->size() - static_cast<size_t>(drop);
    exact = digits->find_first_not_of('0', keep) == std::string::npos;
    digits->resize(keep);
    if (!exact) *digits = Increment(*digits);
    *digits = StripLeadingZeros(*digits);
  }
  *exponent = scale;
  return exact;
}

// Whether ParseQuantity keeps `str` as the quantity's text (its fast path
// for text already in canonical form), and the int64 form's scale then.
// `s` and `in` are Scan's and Interpret's results for `str`.
bool KeepsText(const Scanned& s, const Interpreted& in, int64_t* int_scale) {
  const int64_t num_len = static_cast<int64_t>(s.num.size());
  const int64_t denom_len = static_cast<int64_t>(s.denom.size());
  int64_t precision = 0;
  int64_t scale = 0;
  if (in.format == QuantityFormat::kBinarySI) {
    if (in.exponent < 0 || !s.denom.empty()) return false;
    // With this precision the value times 2^exponent fits an int64.
    precision = 15 - num_len - static_cast<int64_t>(static_cast<float>(in.exponent) * 3 / 10) - 1;
  } else {
    scale = in.exponent;
    precision = kMaxInt64Factors - (num_len + denom_len);
  }
  if (precision < 0 || scale - denom_len < kNanoScale) return false;
  scale -= denom_len;
  *int_scale = scale;
  // shifted = num + denom, looked at without building it.
  auto at_end = [&](size_t i) -> char {  // the i-th character from the end
    if (i < s.denom.size()) return s.denom[s.denom.size() - 1 - i];
    i -= s.denom.size();
    return i < s.num.size() ? s.num[s.num.size() - 1 - i] : '0';
  };
  const size_t len = s.num.size() + s.denom.size();
  if (in.format == QuantityFormat::kBinarySI) {
    // value & 7: 1000 is a multiple of 8, so the last three digits decide.
    // (A value the test passes over, such as 1664Mi, may still be written
    // as given: WrittenAsIs knows.)
    uint64_t low = 0;
    for (size_t i = std::min<size_t>(len, 3); i-- > 0;) {
      low = low * 10 + static_cast<uint64_t>(at_end(i) - '0');
    }
    return in.exponent % 10 == 0 && (low & 0x07) != 0;
  }
  bool ends_000 = len >= 3 && at_end(0) == '0' && at_end(1) == '0' && at_end(2) == '0';
  return scale % 3 == 0 && !ends_000 && s.num[0] != '0';
}

// Whether the API server writes the string `text` back as it is: ParseQuantity
// keeps it, and (for a ResourceList) RoundUp(-3) leaves it. Allocates nothing.
bool WrittenAsIs(std::string_view text, bool resource_list) {
  if (text == "0") return true;
  if (text.empty()) return false;
  Result<Scanned> s = Scan(text);
  if (!s.ok()) return false;
  std::optional<Interpreted> in = Interpret(s->suffix);
  if (!in) return false;
  int64_t int_scale = 0;
  if (KeepsText(*s, *in, &int_scale)) return !resource_list || int_scale >= -3;
  // A whole number of Ki..Ei that is no multiple of 1024, written without
  // a plus sign or leading zeros, is its own canonical form (Canonical
  // takes out exactly the suffix's factors of 1024).
  if (in->format != QuantityFormat::kBinarySI || !s->denom.empty() || text[0] == '+' ||
      s->num.size() > 14 || s->num[0] == '0' || s->value.size() + s->suffix.size() != text.size() ||
      (text[0] != '-' && s->num.size() + s->suffix.size() != text.size()) ||
      (text[0] == '-' && s->num.size() + s->suffix.size() + 1 != text.size())) {
    return false;
  }
  uint64_t n = 0;
  for (char c : s->num) n = n * 10 + static_cast<uint64_t>(c - '0');
  // Not capped at 2^63-1 either.
  uint64_t max = ((uint64_t{1} << 63) - 1) >> in->exponent;
  return n % 1024 != 0 && n <= max;
}

}  // namespace

Result<Quantity> ParseQuantity(std::string_view str) {
  if (str.empty()) return InvalidArgumentError(std::string(kErrFormatWrong));
  Quantity q;
  if (str == "0") {
    q.kept = "0";
    q.int_scale = 0;
    return q;
  }
  GITOPS_ASSIGN_OR_RETURN(Scanned s, Scan(str));
  std::optional<Interpreted> in = Interpret(s.suffix);
  if (!in) return InvalidArgumentError(std::string(kErrSuffix));
  q.negative = !s.positive;
  q.format = in->format;
  const int64_t denom_len = static_cast<int64_t>(s.denom.size());
  q.digits = StripLeadingZeros(std::string(s.num) + std::string(s.denom));
  if (in->base == 10) {
    q.exponent = static_cast<int64_t>(in->exponent) - denom_len;
  } else {
    for (int i = 0; i < in->exponent / 10; ++i) q.digits = MulSmall(q.digits, 1024);
    q.exponent = -denom_len;
  }
  int64_t int_scale = 0;
  bool fast = false;
  if (KeepsText(s, *in, &int_scale)) {
    q.kept = std::string(str);
    fast = true;
  } else {
    // The fast path's other values: the same tests, without the canonical ones.
    const int64_t num_len = static_cast<int64_t>(s.num.size());
    int64_t precision = 0;
    int64_t scale = 0;
    if (in->format == QuantityFormat::kBinarySI) {
      precision =
          in->exponent >= 0 && s.denom.empty()
              ? 15 - num_len - static_cast<int64_t>(static_cast<float>(in->exponent) * 3 / 10) - 1
              : -1;
    } else {
      scale = in->exponent;
      precision = kMaxInt64Factors - (num_len + denom_len);
    }
    if (precision >= 0 && scale - denom_len >= kNanoScale) {
      int_scale = scale - denom_len;
      fast = true;
    }
  }
  if (fast) {
    q.int_scale = int_scale;
    if (q.digits == "0") q.negative = false;
    return q;
  }

  // The inf.Dec path: rounded up to 1n, BinarySI capped at 2^63-1, and a
  // BinarySI value strictly between 0 and 1 written as DecimalSI.
  if (q.digits != "0") RoundMagnitude(&q.digits, &q.exponent, kNanoScale);
  if (q.format == QuantityFormat::kBinarySI && CompareMagnitude(q, kMaxInt64) > 0) {
    q.digits = std::string(kMaxInt64);
    q.exponent = 0;
  }
  if (q.format == QuantityFormat::kBinarySI && q.digits != "0" && CompareMagnitude(q, "1") < 0) {
    q.format = QuantityFormat::kDecimalSI;
  }
  if (q.digits == "0") q.negative = false;
  return q;
}

std::string Quantity::Canonical() const {
  if (digits == "0") return "0";
  const std::string sign = negative ? "-" : "";
  QuantityFormat f = format;
  if (f == QuantityFormat::kBinarySI) {
    // Strictly between -1024 and 1024, or not a whole number: DecimalSI.
    std::string d = digits;
    int64_t e = exponent;
    Normalize(&d, &e);
    if (CompareMagnitude(*this, "1024") < 0 || e < 0) {
      f = QuantityFormat::kDecimalSI;
    } else {
      std::string n = d + std::string(static_cast<size_t>(e), '0');
      int power = 0;
      while (power < 6) {
        std::string quotient;
        if (DivSmall(n, 1024, &quotient) != 0) break;
        n = std::move(quotient);
        ++power;
      }
      std::string out = sign + n;
      if (power > 0) out += kBinarySuffixes[power - 1].text;
      return out;
    }
  }
  std::string d = digits;
  int64_t e = exponent;
  Normalize(&d, &e);
  int64_t r = ((e % 3) + 3) % 3;
  d.append(static_cast<size_t>(r), '0');
  e -= r;
  std::string out = sign + d;
  if (f == QuantityFormat::kDecimalSI) {
    for (const Suffix& s : kDecimalSuffixes) {
      if (s.exponent == e) return out + std::string(s.text);
    }
    // No SI suffix beyond E (10^18): exponent notation.
  }
  if (e != 0) out += "e" + std::to_string(e);
  return out;
}

std::string Quantity::ToString() const { return kept.empty() ? Canonical() : kept; }

bool Quantity::RoundUp(int64_t scale) {
  if (int_scale && *int_scale >= scale) return true;
  kept.clear();
  if (int_scale) int_scale = scale;
  bool exact = RoundMagnitude(&digits, &exponent, scale);
  if (digits == "0") negative = false;
  return exact;
}

bool Quantity::SameValue(const Quantity& other) const {
  std::string a = digits, b = other.digits;
  int64_t ea = exponent, eb = other.exponent;
  Normalize(&a, &ea);
  Normalize(&b, &eb);
  return a == b && ea == eb && (a == "0" || negative == other.negative);
}

namespace {

// Go's encoding/json text of a float64 (what a YAML number becomes when
// kubectl or Flux sends the object as JSON).
std::string GoFloatText(double d) {
  char buf[64];
  double a = std::fabs(d);
  std::to_chars_result r =
      a != 0 && (a < 1e-6 || a >= 1e21)
          ? std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific)
          : std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed);
  std::string out(buf, r.ptr);
  size_t n = out.size();
  if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
    out.erase(n - 2, 1);
  }
  return out;
}

}  // namespace

Result<Quantity> QuantityOf(const Value& value) {
  std::string text;
  switch (value.type()) {
    case Value::Type::kString: {
      std::string_view s = value.as_string();
      auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
      };
      while (!s.empty() && space(s.front())) s.remove_prefix(1);
      while (!s.empty() && space(s.back())) s.remove_suffix(1);
      text = std::string(s);
      break;
    }
    case Value::Type::kInt:
      text = std::to_string(value.as_int());
      break;
    case Value::Type::kUint:
      text = std::to_string(value.as_uint());
      break;
    case Value::Type::kDouble:
      if (!std::isfinite(value.as_double())) {
        return InvalidArgumentError("a quantity must be a string or a finite number");
      }
      text = GoFloatText(value.as_double());
      break;
    default:
      return InvalidArgumentError(std::string("a quantity must be a string or a number, not ") +
                                  std::string(Value::TypeName(value.type())));
  }
  Result<Quantity> q = ParseQuantity(text);
  if (!q.ok()) return q.status().WithContext("\"" + text + "\"");
  return q;
}

namespace {

// Where quantities are in the built-in kinds (kubernetes/api v1.32's
// resource.Quantity fields, status left out: it is never applied). A path
// is dot-separated; `[]` after a name steps into every list item, `*`
// stands for every member of a map. `resource_list`: a ResourceList
// (map[ResourceName]Quantity), which SetDefaults_ResourceList rounds up
// to 1m.
struct QuantityPlace {
  std::string_view path;
  bool resource_list;
};

// Relative to a PodSpec.
constexpr QuantityPlace kPodSpecPlaces[] = {
    {"containers[].resources.limits.*", true},
    {"containers[].resources.requests.*", true},
    {"containers[].env[].valueFrom.resourceFieldRef.divisor", false},
    {"initContainers[].resources.limits.*", true},
    {"initContainers[].resources.requests.*", true},
    {"initContainers[].env[].valueFrom.resourceFieldRef.divisor", false},
    {"ephemeralContainers[].resources.limits.*", true},
    {"ephemeralContainers[].resources.requests.*", true},
    {"ephemeralContainers[].env[].valueFrom.resourceFieldRef.divisor", false},
    {"overhead.*", true},
    {"resources.limits.*", true},
    {"resources.requests.*", true},
    {"volumes[].emptyDir.sizeLimit", false},
    {"volumes[].ephemeral.volumeClaimTemplate.spec.resources.limits.*", true},
    {"volumes[].ephemeral.volumeClaimTemplate.spec.resources.requests.*", true},
    {"volumes[].downwardAPI.items[].resourceFieldRef.divisor", false},
    {"volumes[].projected.sources[].downwardAPI.items[].resourceFieldRef.divisor", false},
};

struct KindPlaces {
  std::string_view group, kind;
  std::string_view pod_spec;  // the PodSpec's path, "" if none
  std::vector<QuantityPlace> places;
};

// The places of one kind as a tree of steps, so that a shared prefix
// (spec.template.spec) is walked once: a child named "[]" steps into every
// list item, "*" into every map member, any other name into that member.
struct Node {
  std::string step;
  // step is "[]" / "*" (set by Insert: the walks test these, not the string)
  bool items = false, members = false;
  bool leaf = false;
  bool resource_list = false;
  std::vector<Node> children;
};

void Insert(Node* root, std::string_view path, bool resource_list) {
  Node* node = root;
  auto descend = [&](std::string_view step) {
    for (Node& c : node->children) {
      if (c.step == step) {
        node = &c;
        return;
      }
    }
    node->children.push_back(Node{std::string(step), step == "[]", step == "*", false, false, {}});
    node = &node->children.back();
  };
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (step.ends_with("[]")) {
      descend(step.substr(0, step.size() - 2));
      descend("[]");
    } else {
      descend(step);
    }
  }
  node->leaf = true;
  node->resource_list = resource_list;
}

struct Kind {
  std::string_view group, kind;
  Node root;
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind>* kinds = [] {
    const std::vector<KindPlaces> table = {
        {"", "Pod", "spec", {}},
        {"", "PodTemplate", "template.spec", {}},
        {"", "ReplicationController", "spec.template.spec", {}},
        {"apps", "Deployment", "spec.template.spec", {}},
        {"apps", "ReplicaSet", "spec.template.spec", {}},
        {"apps", "DaemonSet", "spec.template.spec", {}},
        {"apps",
         "StatefulSet",
         "spec.template.spec",
         {{"spec.volumeClaimTemplates[].spec.resources.limits.*", true},
          {"spec.volumeClaimTemplates[].spec.resources.requests.*", true}}},
        {"batch", "Job", "spec.template.spec", {}},
        {"batch", "CronJob", "spec.jobTemplate.spec.template.spec", {}},
        {"",
         "PersistentVolumeClaim",
         "",
         {{"spec.resources.limits.*", true}, {"spec.resources.requests.*", true}}},
        {"", "PersistentVolume", "", {{"spec.capacity.*", true}}},
        {"", "ResourceQuota", "", {{"spec.hard.*", true}}},
        {"",
         "LimitRange",
         "",
         {{"spec.limits[].max.*", true},
          {"spec.limits[].min.*", true},
          {"spec.limits[].default.*", true},
          {"spec.limits[].defaultRequest.*", true},
          {"spec.limits[].maxLimitRequestRatio.*", true}}},
        {"autoscaling",
         "HorizontalPodAutoscaler",
         "",
         {{"spec.metrics[].object.target.value", false},
          {"spec.metrics[].object.target.averageValue", false},
          {"spec.metrics[].pods.target.value", false},
          {"spec.metrics[].pods.target.averageValue", false},
          {"spec.metrics[].resource.target.value", false},
          {"spec.metrics[].resource.target.averageValue", false},
          {"spec.metrics[].containerResource.target.value", false},
          {"spec.metrics[].containerResource.target.averageValue", false},
          {"spec.metrics[].external.target.value", false},
          {"spec.metrics[].external.target.averageValue", false}}},
        {"node.k8s.io", "RuntimeClass", "", {{"overhead.podFixed.*", true}}},
        {"storage.k8s.io",
         "CSIStorageCapacity",
         "",
         {{"capacity", false}, {"maximumVolumeSize", false}}},
    };
    auto* out = new std::vector<Kind>();
    for (const KindPlaces& k : table) {
      Kind kind{k.group, k.kind, {}};
      if (!k.pod_spec.empty()) {
        for (const QuantityPlace& p : kPodSpecPlaces) {
          Insert(&kind.root, std::string(k.pod_spec) + "." + std::string(p.path), p.resource_list);
        }
      }
      for (const QuantityPlace& p : k.places) Insert(&kind.root, p.path, p.resource_list);
      out->push_back(std::move(kind));
    }
    return out;
  }();
  return *kinds;
}

// Walks an object along a Kind's tree, first read-only (finding errors and
// whether any quantity reads otherwise), then, only if one does, over a
// copy, rewriting them.
class Canonicalizer {
 public:
  // Checks every quantity under `v`; sets changed() if one reads otherwise.
  Status Check(const Value& v, const Node& node) {
    if (Walk(v, node)) return OkStatus();
    return std::move(error_);
  }

  // Rewrites every quantity under `v` (Check found them well-formed).
  static void Rewrite(Value* v, const Node& node) {
    if (node.leaf) {
      if (v->is_null()) return;
      Result<Quantity> q = QuantityOf(*v);
      if (!q.ok()) return;
      if (node.resource_list) q->RoundUp(-3);
      *v = Value(q->ToString());
      return;
    }
    for (const Node& c : node.children) {
      if (c.items) {
        if (v->is_array()) {
          for (Value& item : v->items()) Rewrite(&item, c);
        }
      } else if (c.members) {
        if (v->is_object()) {
          for (Value::Member& m : v->members()) Rewrite(&m.value(), c);
        }
      } else if (Value* child = v->is_object() ? v->Find(c.step) : nullptr) {
        Rewrite(child, c);
      }
    }
  }

  bool changed() const { return changed_; }

 private:
  // Check's walk: false with error_ set at the first bad quantity (no
  // Status made per node on the way). Flattened: the common leaf check's
  // helpers and Value::as_string's heap-string half inline.
  __attribute__((flatten)) bool Walk(const Value& v, const Node& node) {
    if (node.leaf) {
      Status s = CheckLeaf(v, node.resource_list);
      if (s.ok()) return true;
      error_ = std::move(s);
      return false;
    }
    for (const Node& c : node.children) {
      if (c.items) {
        if (!v.is_array()) continue;
        std::span<const Value> items = v.items();
        for (size_t i = 0; i < items.size(); ++i) {
          Push({}, static_cast<int64_t>(i));
          bool ok = Walk(items[i], c);
          --depth_;
          if (!ok) return false;
        }
      } else if (c.members) {
        if (!v.is_object()) continue;
        for (const Value::Member& m : v.members()) {
          Push(m.key(), -1);
          bool ok = Walk(m.value(), c);
          --depth_;
          if (!ok) return false;
        }
      } else if (const Value* child = v.is_object() ? FindKey(v, c.step) : nullptr) {
        Push(c.step, -1);
        bool ok = Walk(*child, c);
        --depth_;
        if (!ok) return false;
      }
    }
    return true;
  }

  // "spec.containers[0].resources.limits.cpu".
  std::string Where() const {
    std::string out;
    for (size_t i = 0; i < depth_ && i < kMaxDepth; ++i) {
      std::string_view key(path_[i].key, path_[i].key_size);
      int64_t index = path_[i].index;
      if (index >= 0) {
        out += "[" + std::to_string(index) + "]";
      } else {
        if (!out.empty()) out += ".";
        out += key;
      }
    }
    return out;
  }

  Status CheckLeaf(const Value& v, bool resource_list) {
    if (v.is_null()) return OkStatus();
    if (v.is_string() && WrittenAsIs(v.as_string(), resource_list)) return OkStatus();
    return CheckParsed(v, resource_list);
  }

  // A leaf WrittenAsIs cannot vouch for: parsed (its error named), and
  // changed_ set if the API server writes it otherwise. Out of line: the
  // rare case, kept out of the flattened Walk.
  __attribute__((noinline)) Status CheckParsed(const Value& v, bool resource_list) {
    Result<Quantity> q = QuantityOf(v);
    if (!q.ok()) return q.status().WithContext(Where());
    if (resource_list) q->RoundUp(-3);
    if (!v.is_string() || v.as_string() != q->ToString()) changed_ = true;
    return OkStatus();
  }

  void Push(std::string_view key, int64_t index) {
    if (depth_ < kMaxDepth) path_[depth_] = Step{key.data(), key.size(), index};
    ++depth_;
  }

  // The steps to the value being checked, for Where(), in a fixed array:
  // no allocation per object. The deepest place of the tables above is 15
  // steps (a CronJob's projected downwardAPI divisor); deeper steps would
  // be left out of the message, never written past the array.
  static constexpr size_t kMaxDepth = 32;
  struct Step {
    const char* key;
    size_t key_size;
    int64_t index;
  };
  Step path_[kMaxDepth];
  size_t depth_ = 0;
  bool changed_ = false;
  Status error_;
};

}  // namespace

Result<std::optional<Value>> CanonicalQuantities(const Value& object) {
  if (!object.is_object()) return std::optional<Value>();
  const Value* api_version = object.Find("apiVersion");
  const Value* kind = object.Find("kind");
  if (api_version == nullptr || !api_version->is_string() || kind == nullptr ||
      !kind->is_string()) {
    return std::optional<Value>();
  }
  std::string_view av = api_version->as_string();
  size_t slash = av.find('/');
  std::string_view group = slash == std::string_view::npos ? "" : av.substr(0, slash);
  const Kind* found = nullptr;
  for (const Kind& k : Kinds()) {
    if (KeyEqual(k.kind, kind->as_string()) && KeyEqual(k.group, group)) found = &k;
  }
  if (found == nullptr) return std::optional<Value>();
  Canonicalizer c;
  if (Status status = c.Check(object, found->root); !status.ok()) {
    Result<Object> obj = Object::Of(object);
    return obj.ok() ? status.WithContext(SubjectOf(obj->id())) : status;
  }
  if (!c.changed()) return std::optional<Value>();
  std::optional<Value> copy(object);
  Canonicalizer::Rewrite(&*copy, found->root);
  return copy;
}

}  // namespace gitops::plan::internal
