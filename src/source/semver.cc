// Masterminds/semver v3's version and constraint rules, written from its
// documented behaviour and test tables (constraints.go's comparator
// functions in particular), without regular expressions: the grammar below
// accepts exactly what its validation expression accepts.
#include "gitops/source/semver.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace gitops::source {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
// Go's RE2 \s: [\t\n\f\r ].
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c); });
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// strconv.ParseUint(s, 10, 64).
std::optional<uint64_t> ParseUint(std::string_view s) {
  if (s.empty() || !AllDigits(s)) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Identifiers of [0-9A-Za-z-], numeric ones without a leading zero (empty
// identifiers pass here, as in Masterminds; the grammar refuses them).
bool ValidPrerelease(std::string_view p) {
  for (std::string_view part : Split(p, '.')) {
    if (AllDigits(part)) {
      if (part.size() > 1 && part[0] == '0') return false;
    } else if (!std::all_of(part.begin(), part.end(), IsIdentChar)) {
      return false;
    }
  }
  return true;
}
bool ValidMetadata(std::string_view m) {
  for (std::string_view part : Split(m, '.')) {
    if (!std::all_of(part.begin(), part.end(), IsIdentChar)) return false;
  }
  return true;
}

// Length of `ident(.ident)*` at the start of s (idents non-empty), 0 if none.
size_t DottedIdents(std::string_view s) {
  size_t i = 0;
  size_t last_good = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && IsIdentChar(s[i])) ++i;
    if (i == start) return last_good;
    last_good = i;
    if (i < s.size() && s[i] == '.') {
      ++i;
    } else {
      return last_good;
    }
  }
}

int ComparePrePart(std::string_view s, std::string_view o) {
  if (s == o) return 0;
  if (s.empty()) return -1;
  if (o.empty()) return 1;
  std::optional<uint64_t> oi = ParseUint(o);
  std::optional<uint64_t> si = ParseUint(s);
  if (!oi && !si) return s > o ? 1 : -1;
  if (!oi) return -1;  // s is a number, o a word: numbers sort first
  if (!si) return 1;
  return *si > *oi ? 1 : -1;
}

int ComparePrerelease(std::string_view a, std::string_view b) {
  std::vector<std::string_view> ap = Split(a, '.');
  std::vector<std::string_view> bp = Split(b, '.');
  size_t n = std::max(ap.size(), bp.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view x = i < ap.size() ? ap[i] : std::string_view();
    std::string_view y = i < bp.size() ? bp[i] : std::string_view();
    if (int d = ComparePrePart(x, y); d != 0) return d;
  }
  return 0;
}

int CompareU(uint64_t a, uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

// The pieces of a constraint's version text (Masterminds' cvRegex groups):
// `v?` X (.X)? (.X)? (-pre)? (+meta)? with X of [0-9xX*].
struct ConstraintVersionText {
  std::string_view whole, major, minor, patch, pre,
      meta;  // minor/patch/pre/meta without their lead char
  bool has_minor = false, has_patch = false, has_pre = false, has_meta = false;
};

bool IsPartChar(char c) { return IsDigit(c) || c == 'x' || c == 'X' || c == '*'; }

// Matches a constraint version at the start of s; returns its length (0: none).
size_t MatchConstraintVersion(std::string_view s, ConstraintVersionText* out) {
  size_t i = 0;
  if (i < s.size() && s[i] == 'v') ++i;
  size_t start = i;
  while (i < s.size() && IsPartChar(s[i])) ++i;
  if (i == start) return 0;
  ConstraintVersionText t;
  t.major = s.substr(start, i - start);
  auto part = [&](std::string_view* field, bool* has) {
    if (i + 1 < s.size() && s[i] == '.' && IsPartChar(s[i + 1])) {
      size_t b = ++i;
      while (i < s.size() && IsPartChar(s[i])) ++i;
      *field = s.substr(b, i - b);
      *has = true;
    }
  };
  part(&t.minor, &t.has_minor);
  if (t.has_minor) part(&t.patch, &t.has_patch);
  if (i < s.size() && s[i] == '-') {
    if (size_t n = DottedIdents(s.substr(i + 1)); n > 0) {
      t.pre = s.substr(i + 1, n);
      t.has_pre = true;
      i += 1 + n;
    }
  }
  if (i < s.size() && s[i] == '+') {
    if (size_t n = DottedIdents(s.substr(i + 1)); n > 0) {
      t.meta = s.substr(i + 1, n);
      t.has_meta = true;
      i += 1 + n;
    }
  }
  t.whole = s.substr(0, i);
  if (out != nullptr) *out = t;
  return i;
}

enum class Op {
  kTildeOrEqual,
  kNotEqual,
  kGreater,
  kLess,
  kGreaterEqual,
  kLessEqual,
  kTilde,
  kCaret
};

// The comparator at the start of s ("" is kTildeOrEqual); returns its length.
size_t MatchOp(std::string_view s, Op* op) {
  struct Entry {
    std::string_view text;
    Op op;
  };
  static constexpr Entry kOps[] = {
      {"!=", Op::kNotEqual},    {">=", Op::kGreaterEqual}, {"=>", Op::kGreaterEqual},
      {"<=", Op::kLessEqual},   {"=<", Op::kLessEqual},    {"~>", Op::kTilde},
      {"=", Op::kTildeOrEqual}, {">", Op::kGreater},       {"<", Op::kLess},
      {"~", Op::kTilde},        {"^", Op::kCaret},
  };
  for (const Entry& e : kOps) {
    if (s.substr(0, e.text.size()) == e.text) {
      *op = e.op;
      return e.text.size();
    }
  }
  *op = Op::kTildeOrEqual;
  return 0;
}

bool IsX(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

}  // namespace

int SemVersion::Compare(const SemVersion& o) const {
  if (int d = CompareU(major, o.major); d != 0) return d;
  if (int d = CompareU(minor, o.minor); d != 0) return d;
  if (int d = CompareU(patch, o.patch); d != 0) return d;
  if (prerelease.empty() && o.prerelease.empty()) return 0;
  if (prerelease.empty()) return 1;
  if (o.prerelease.empty()) return -1;
  return ComparePrerelease(prerelease, o.prerelease);
}

std::string SemVersion::ToString() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!prerelease.empty()) s += "-" + prerelease;
  if (!metadata.empty()) s += "+" + metadata;
  return s;
}

Result<SemVersion> ParseSemVersion(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError("invalid semantic version \"" + std::string(text) +
                                "\": " + std::string(why));
  };
  // ^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-ids)?(\+ids)?$
  size_t i = 0;
  if (i < text.size() && text[i] == 'v') ++i;
  auto number = [&](std::string_view* out) {
    size_t b = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    *out = text.substr(b, i - b);
    return i > b;
  };
  std::string_view parts[3];
  if (!number(&parts[0])) return bad("not MAJOR[.MINOR[.PATCH]]");
  for (int k = 1; k < 3; ++k) {
    if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
      ++i;
      number(&parts[k]);
    } else {
      break;
    }
  }
  SemVersion v;
  v.original = std::string(text);
  if (i < text.size() && text[i] == '-') {
    size_t n = DottedIdents(text.substr(i + 1));
    if (n == 0) return bad("empty pre-release");
    v.prerelease = std::string(text.substr(i + 1, n));
    i += 1 + n;
  }
  if (i < text.size() && text[i] == '+') {
    size_t n = DottedIdents(text.substr(i + 1));
    if (n == 0) return bad("empty build metadata");
    v.metadata = std::string(text.substr(i + 1, n));
    i += 1 + n;
  }
  if (i != text.size()) return bad("unexpected characters");
  uint64_t* fields[3] = {&v.major, &v.minor, &v.patch};
  for (int k = 0; k < 3; ++k) {
    if (parts[k].empty()) continue;
    std::optional<uint64_t> n = ParseUint(parts[k]);
    if (!n) return bad("a version number is out of range");
    *fields[k] = *n;
  }
  if (!v.prerelease.empty() && !ValidPrerelease(v.prerelease)) {
    return bad("a numeric pre-release identifier has a leading zero");
  }
  return v;
}

Result<SemVersion> ParseTagVersion(std::string_view tag) {
  // fluxcd/pkg/version.ParseVersion: Masterminds' StrictNewVersion of the
  // text without a leading `v`, then NewVersion of the text as given.
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError("tag \"" + std::string(tag) +
                                "\" is not a version: " + std::string(why));
  };
  std::string_view s = tag;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  if (s.empty()) return bad("empty");
  size_t d1 = s.find('.');
  size_t d2 = d1 == std::string_view::npos ? d1 : s.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return bad("not MAJOR.MINOR.PATCH");
  std::string_view parts[3] = {s.substr(0, d1), s.substr(d1 + 1, d2 - d1 - 1), s.substr(d2 + 1)};
  std::string_view pre, meta;
  if (parts[2].find_first_of("-+") != std::string_view::npos) {
    if (size_t plus = parts[2].find('+'); plus != std::string_view::npos) {
      meta = parts[2].substr(plus + 1);
      parts[2] = parts[2].substr(0, plus);
    }
    if (size_t dash = parts[2].find('-'); dash != std::string_view::npos) {
      pre = parts[2].substr(dash + 1);
      parts[2] = parts[2].substr(0, dash);
    }
  }
  for (std::string_view p : parts) {
    if (!AllDigits(p)) return bad("invalid characters");
    if (p.size() > 1 && p[0] == '0') return bad("a number starts with 0");
    if (!ParseUint(p)) return bad("a version number is out of range");
  }
  if (!pre.empty() && !ValidPrerelease(pre)) return bad("invalid pre-release");
  if (!meta.empty() && !ValidMetadata(meta)) return bad("invalid build metadata");
  Result<SemVersion> v = ParseSemVersion(tag);
  if (!v.ok()) return bad("invalid pre-release or metadata");
  return v;
}

struct SemverConstraint::Comparator {
  Op op = Op::kTildeOrEqual;
  SemVersion con;
  bool dirty = false;        // a part was missing or a wildcard
  bool minor_dirty = false;  // from the minor on
  bool patch_dirty = false;  // only the patch

  bool Check(const SemVersion& v) const {
    // A pre-release only satisfies a comparator that names one (all but
    // `!=` check it first).
    const bool pre_blocked = !v.prerelease.empty() && con.prerelease.empty();
    switch (op) {
      case Op::kNotEqual:
        return NotEqual(v, pre_blocked);
      case Op::kGreater:
        if (pre_blocked) return false;
        if (!dirty) return v.Compare(con) == 1;
        if (v.major > con.major) return true;
        if (v.major < con.major) return false;
        if (minor_dirty) return false;
        if (patch_dirty) return v.minor > con.minor;
        return v.Compare(con) == 1;
      case Op::kLess:
        return !pre_blocked && v.Compare(con) < 0;
      case Op::kGreaterEqual:
        return !pre_blocked && v.Compare(con) >= 0;
      case Op::kLessEqual:
        if (pre_blocked) return false;
        if (!dirty) return v.Compare(con) <= 0;
        if (v.major > con.major) return false;
        if (v.major == con.major && v.minor > con.minor && !minor_dirty) return false;
        return true;
      case Op::kTilde:
        return !pre_blocked && Tilde(v);
      case Op::kTildeOrEqual:
        if (pre_blocked) return false;
        return dirty ? Tilde(v) : v.Compare(con) == 0;
      case Op::kCaret:
        return !pre_blocked && Caret(v);
    }
    return false;
  }

  bool NotEqual(const SemVersion& v, bool pre_blocked) const {
    if (dirty) {
      if (pre_blocked) return false;
      if (con.major != v.major) return true;
      if (con.minor != v.minor && !minor_dirty) return true;
      if (minor_dirty) return false;
      if (con.patch != v.patch && !patch_dirty) return true;
      if (patch_dirty) {
        if (!v.prerelease.empty() || !con.prerelease.empty()) {
          return ComparePrerelease(v.prerelease, con.prerelease) != 0;
        }
        return false;
      }
    }
    return v.Compare(con) != 0;
  }

  // ~1.2.3 is >=1.2.3 <1.3.0; ~1 is >=1.0.0 <2.0.0; ~0.0.0 and ~* any.
  bool Tilde(const SemVersion& v) const {
    if (v.Compare(con) < 0) return false;
    if (con.major == 0 && con.minor == 0 && con.patch == 0 && !minor_dirty && !patch_dirty) {
      return true;
    }
    if (v.major != con.major) return false;
    if (v.minor != con.minor && !minor_dirty) return false;
    return true;
  }

  // ^1.2.3 is >=1.2.3 <2.0.0; ^0.2.3 >=0.2.3 <0.3.0; ^0.0.3 >=0.0.3 <0.0.4;
  // ^0.0 >=0.0.0 <0.1.0; ^0 >=0.0.0 <1.0.0.
  bool Caret(const SemVersion& v) const {
    if (v.Compare(con) < 0) return false;
    if (con.major > 0 || minor_dirty) return v.major == con.major;
    if (con.major == 0 && v.major > 0) return false;
    if (con.minor > 0 || patch_dirty) return v.minor == con.minor;
    if (con.minor == 0 && v.minor > 0) return false;
    return con.patch == v.patch;
  }
};

SemverConstraint::SemverConstraint(const SemverConstraint&) = default;
SemverConstraint& SemverConstraint::operator=(const SemverConstraint&) = default;
SemverConstraint::SemverConstraint(SemverConstraint&&) noexcept = default;
SemverConstraint& SemverConstraint::operator=(SemverConstraint&&) noexcept = default;
SemverConstraint::~SemverConstraint() = default;

namespace {

// Rewrites each `A - B` (spaces around the hyphen required) to `>= A, <= B`,
// as Masterminds' rewriteRange does before anything else.
std::string RewriteRanges(std::string_view s) {
  std::string out;
  size_t i = 0;
  size_t copied = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && IsSpace(s[j])) ++j;
    ConstraintVersionText a, b;
    size_t na = MatchConstraintVersion(s.substr(j), &a);
    bool matched = false;
    if (na > 0) {
      size_t k = j + na;
      size_t ws1 = k;
      while (k < s.size() && IsSpace(s[k])) ++k;
      if (k > ws1 && k < s.size() && s[k] == '-') {
        ++k;
        size_t ws2 = k;
        while (k < s.size() && IsSpace(s[k])) ++k;
        if (k > ws2) {
          size_t nb = MatchConstraintVersion(s.substr(k), &b);
          if (nb > 0) {
            k += nb;
            while (k < s.size() && IsSpace(s[k])) ++k;
            out.append(s.substr(copied, i - copied));
            out += ">= ";
            out += a.whole;
            out += ", <= ";
            out += b.whole;
            out += " ";
            copied = i = k;
            matched = true;
          }
        }
      }
    }
    if (!matched) ++i;
  }
  out.append(s.substr(copied));
  return out;
}

Result<SemverConstraint::Comparator> MakeComparator(Op op, const ConstraintVersionText& t) {
  SemverConstraint::Comparator c;
  c.op = op;
  std::string ver;
  std::string pre = t.has_pre ? "-" + std::string(t.pre) : std::string();
  if (IsX(t.major)) {
    ver = "0.0.0" + pre;
    c.dirty = true;
  } else if (!t.has_minor || IsX(t.minor)) {
    c.dirty = c.minor_dirty = true;
    ver = std::string(t.major) + ".0.0" + pre;
  } else if (!t.has_patch || IsX(t.patch)) {
    c.dirty = c.patch_dirty = true;
    ver = std::string(t.major) + "." + std::string(t.minor) + ".0" + pre;
  } else {
    ver = std::string(t.whole);
  }
  Result<SemVersion> v = ParseSemVersion(ver);
  if (!v.ok()) return InvalidArgumentError("improper version \"" + std::string(t.whole) + "\"");
  c.con = std::move(*v);
  return c;
}

}  // namespace

Result<SemverConstraint> SemverConstraint::Parse(std::string_view text) {
  auto bad = [&](std::string why) {
    return InvalidArgumentError("invalid semver constraint \"" + std::string(text) + "\": " + why);
  };
  SemverConstraint out;
  out.text_ = std::string(text);
  std::string rewritten = RewriteRanges(text);
  std::string_view rest = rewritten;
  // Split on "||".
  std::vector<std::string_view> groups;
  while (true) {
    size_t pos = rest.find("||");
    groups.push_back(rest.substr(0, pos));
    if (pos == std::string_view::npos) break;
    rest.remove_prefix(pos + 2);
  }
  for (std::string_view g : groups) {
    // ^\s*op\s*cv\s*((\s+|,\s*)op\s*cv\s*)*$
    std::vector<Comparator> all;
    size_t i = 0;
    auto skip_space = [&] {
      size_t b = i;
      while (i < g.size() && IsSpace(g[i])) ++i;
      return i > b;
    };
    auto improper = [&] {
      std::string seg(g);
      return bad("improper constraint: " + seg);
    };
    skip_space();
    bool first = true;
    bool spaced = false;
    while (first || i < g.size()) {
      if (!first) {
        if (g[i] == ',') {
          ++i;
          skip_space();
        } else if (!spaced) {
          return improper();
        }
      }
      first = false;
      Op op;
      i += MatchOp(g.substr(i), &op);
      skip_space();
      ConstraintVersionText t;
      size_t n = MatchConstraintVersion(g.substr(i), &t);
      if (n == 0) return improper();
      i += n;
      spaced = skip_space();
      Result<Comparator> c = MakeComparator(op, t);
      if (!c.ok()) return bad(c.status().message());
      all.push_back(std::move(*c));
    }
    out.any_of_.push_back(std::move(all));
  }
  return out;
}

bool SemverConstraint::Check(const SemVersion& version) const {
  for (const std::vector<Comparator>& group : any_of_) {
    bool all = true;
    for (const Comparator& c : group) {
      if (!c.Check(version)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

Result<std::optional<std::string>> HighestMatchingTag(const std::vector<TagCandidate>& tags,
                                                      std::string_view constraint) {
  GITOPS_ASSIGN_OR_RETURN(SemverConstraint c, SemverConstraint::Parse(constraint));
  const TagCandidate* best = nullptr;
  SemVersion best_version;
  for (const TagCandidate& tag : tags) {
    Result<SemVersion> v = ParseTagVersion(tag.name);
    if (!v.ok() || !c.Check(*v)) continue;
    int d = best == nullptr ? 1 : v->Compare(best_version);
    if (d > 0 || (d == 0 && tag.time >= best->time)) {
      best = &tag;
      best_version = std::move(*v);
    }
  }
  if (best == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(best->name);
}

Result<std::optional<std::string>> HighestMatchingTag(const std::vector<std::string>& tags,
                                                      std::string_view constraint) {
  std::vector<TagCandidate> candidates;
  candidates.reserve(tags.size());
  for (const std::string& t : tags) candidates.push_back({t, 0});
  return HighestMatchingTag(candidates, constraint);
}

}  // namespace gitops::source
