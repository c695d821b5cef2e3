// go-git's gitignore matcher (plumbing/format/gitignore: ParsePattern,
// pattern.Match, the wildmatch port of git's wildmatch.c) and
// fluxcd/pkg/sourceignore's pattern loading, written from their behaviour.
#include "gitops/source/ignore.h"

#include <algorithm>
#include <fstream>
#include <span>
#include <sstream>
#include <system_error>

namespace gitops::source {

namespace {

constexpr int kWmMatch = 0;
constexpr int kWmNoMatch = 1;
constexpr int kWmAbortAll = -1;

bool IsGlobSpecial(char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

bool IsAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigitC(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsPunct(unsigned char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// [:name:] classes, ASCII only. Returns false in *valid for an unknown name.
bool PosixClass(std::string_view name, unsigned char c, bool* valid) {
  *valid = true;
  if (name == "alnum") return IsAlpha(c) || IsDigitC(c);
  if (name == "alpha") return IsAlpha(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7f;
  if (name == "digit") return IsDigitC(c);
  if (name == "graph") return c > ' ' && c < 0x7f;
  if (name == "lower") return c >= 'a' && c <= 'z';
  if (name == "print") return c >= ' ' && c < 0x7f;
  if (name == "punct") return IsPunct(c);
  if (name == "space")
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
  if (name == "upper") return c >= 'A' && c <= 'Z';
  if (name == "xdigit") return IsDigitC(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  *valid = false;
  return false;
}

// git's dowild() without WM_PATHNAME or WM_CASEFOLD (the flags go-git
// uses: a segment never contains '/', so `*` and `**` are the same).
int DoWild(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0;
  while (pi < p.size()) {
    unsigned char pc = static_cast<unsigned char>(p[pi]);
    const bool at_end = ti >= t.size();
    unsigned char tc = at_end ? 0 : static_cast<unsigned char>(t[ti]);
    if (at_end && pc != '*') return kWmAbortAll;
    switch (pc) {
      case '\\':
        if (pi + 1 >= p.size()) return kWmNoMatch;
        ++pi;
        if (tc != static_cast<unsigned char>(p[pi])) return kWmNoMatch;
        ++pi;
        ++ti;
        break;
      case '?':
        ++pi;
        ++ti;
        break;
      case '*': {
        ++pi;
        while (pi < p.size() && p[pi] == '*') ++pi;
        if (pi >= p.size()) return kWmMatch;
        while (true) {
          if (ti >= t.size()) return kWmAbortAll;
          tc = static_cast<unsigned char>(t[ti]);
          if (!IsGlobSpecial(p[pi])) {
            // Everything before the next occurrence of the literal that
            // follows belongs to the star.
            const unsigned char lit = static_cast<unsigned char>(p[pi]);
            while (ti < t.size()) {
              tc = static_cast<unsigned char>(t[ti]);
              if (tc == lit) break;
              ++ti;
            }
            if (ti >= t.size() || tc != lit) return kWmAbortAll;
          }
          int m = DoWild(p.substr(pi), t.substr(ti));
          if (m != kWmNoMatch) return m;
          ++ti;
        }
      }
      case '[': {
        ++pi;
        if (pi >= p.size()) return kWmAbortAll;
        pc = static_cast<unsigned char>(p[pi]);
        if (pc == '^') pc = '!';
        const bool negated = pc == '!';
        if (negated) {
          ++pi;
          if (pi >= p.size()) return kWmAbortAll;
          pc = static_cast<unsigned char>(p[pi]);
        }
        unsigned char prev = 0;
        bool matched = false;
        while (true) {
          if (pc == '\\') {
            ++pi;
            if (pi >= p.size()) return kWmAbortAll;
            pc = static_cast<unsigned char>(p[pi]);
            if (tc == pc) matched = true;
          } else if (pc == '-' && prev != 0 && pi + 1 < p.size() && p[pi + 1] != ']') {
            ++pi;
            pc = static_cast<unsigned char>(p[pi]);
            if (pc == '\\') {
              ++pi;
              if (pi >= p.size()) return kWmAbortAll;
              pc = static_cast<unsigned char>(p[pi]);
            }
            if (tc <= pc && tc >= prev) matched = true;
            pc = 0;
          } else if (pc == '[' && pi + 1 < p.size() && p[pi + 1] == ':') {
            const size_t s = pi + 2;
            pi = s;
            while (pi < p.size() && p[pi] != ']') ++pi;
            if (pi >= p.size()) return kWmAbortAll;
            if (pi < s + 1 || p[pi - 1] != ':') {
              // Not a class: the '[' is a literal.
              pi = s - 2;
              pc = '[';
              if (tc == pc) matched = true;
            } else {
              bool valid = true;
              if (PosixClass(p.substr(s, pi - 1 - s), tc, &valid)) matched = true;
              if (!valid) return kWmAbortAll;
              pc = 0;
            }
          } else if (tc == pc) {
            matched = true;
          }
          prev = pc;
          ++pi;
          if (pi >= p.size()) return kWmAbortAll;
          if (p[pi] == ']') break;
          pc = static_cast<unsigned char>(p[pi]);
        }
        if (matched == negated) return kWmNoMatch;
        ++pi;
        ++ti;
        break;
      }
      default:
        if (tc != pc) return kWmNoMatch;
        ++pi;
        ++ti;
    }
  }
  return ti < t.size() ? kWmNoMatch : kWmMatch;
}

std::vector<std::string> SplitSlash(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find('/', start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

}  // namespace

bool WildMatch(std::string_view pattern, std::string_view text) {
  return DoWild(pattern, text) == kWmMatch;
}

struct IgnoreMatcher::Pattern {
  std::vector<std::string> domain;
  std::vector<std::string> segments;
  bool inclusion = false;
  bool dir_only = false;
  bool is_glob = false;

  enum Result { kNoMatch, kExclude, kInclude };

  Result Match(const std::vector<std::string_view>& path, bool is_dir) const {
    if (path.size() <= domain.size()) return kNoMatch;
    for (size_t i = 0; i < domain.size(); ++i) {
      if (path[i] != domain[i]) return kNoMatch;
    }
    std::span<const std::string_view> rest(path.data() + domain.size(),
                                           path.size() - domain.size());
    const bool ok = is_glob ? GlobMatch(rest, is_dir) : SimpleNameMatch(rest, is_dir);
    if (!ok) return kNoMatch;
    return inclusion ? kInclude : kExclude;
  }

  bool SimpleNameMatch(std::span<const std::string_view> path, bool is_dir) const {
    for (size_t i = 0; i < path.size(); ++i) {
      if (!WildMatch(segments[0], path[i])) continue;
      if (dir_only && !is_dir && i == path.size() - 1) return false;
      if (i < path.size() - 1 && inclusion) continue;
      return true;
    }
    return false;
  }

  bool GlobMatch(std::span<const std::string_view> path, bool is_dir) const {
    bool matched = false;
    bool can_traverse = false;
    bool trailing_star = false;
    for (size_t i = 0; i < segments.size(); ++i) {
      const std::string& seg = segments[i];
      if (seg.empty()) {
        can_traverse = false;
        continue;
      }
      if (seg == "**") {
        if (i == segments.size() - 1) {
          matched = !path.empty() || is_dir;
          trailing_star = matched;
          break;
        }
        can_traverse = true;
        continue;
      }
      if (path.empty()) return false;
      if (can_traverse) {
        can_traverse = false;
        while (!path.empty()) {
          std::string_view e = path[0];
          path = path.subspan(1);
          if (WildMatch(seg, e)) {
            matched = true;
            break;
          }
          if (path.empty()) return false;
        }
      } else {
        if (!WildMatch(seg, path[0])) return false;
        matched = true;
        path = path.subspan(1);
        // A file cannot match a pattern that goes on below it.
        if (path.empty() && i < segments.size() - 1) matched = false;
      }
    }
    if (matched && (path.empty() || trailing_star)) {
      if (dir_only && !is_dir) matched = false;
    } else if (matched && inclusion) {
      matched = false;
    }
    return matched;
  }
};

IgnoreMatcher::IgnoreMatcher() = default;
size_t IgnoreMatcher::size() const { return patterns_.size(); }
IgnoreMatcher::IgnoreMatcher(const IgnoreMatcher&) = default;
IgnoreMatcher& IgnoreMatcher::operator=(const IgnoreMatcher&) = default;
IgnoreMatcher::IgnoreMatcher(IgnoreMatcher&&) noexcept = default;
IgnoreMatcher& IgnoreMatcher::operator=(IgnoreMatcher&&) noexcept = default;
IgnoreMatcher::~IgnoreMatcher() = default;

void IgnoreMatcher::AddPattern(std::string_view p, std::string_view domain) {
  Pattern res;
  if (!domain.empty()) res.domain = SplitSlash(domain);
  if (!p.empty() && p[0] == '!') {
    res.inclusion = true;
    p.remove_prefix(1);
  }
  const bool escaped_space = p.size() >= 2 && p.substr(p.size() - 2) == "\\ ";
  if (!escaped_space) {
    while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
  }
  if (!p.empty() && p.back() == '/') {
    res.dir_only = true;
    p.remove_suffix(1);
  }
  res.is_glob = p.find('/') != std::string_view::npos;
  res.segments = SplitSlash(p);
  has_negations_ = has_negations_ || res.inclusion;
  patterns_.push_back(std::move(res));
}

void IgnoreMatcher::AddPatterns(std::string_view text, std::string_view domain) {
  // bufio.Scanner's lines: split on '\n', one trailing '\r' dropped.
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool blank = std::all_of(line.begin(), line.end(), [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    });
    if (!blank && line[0] != '#') AddPattern(line, domain);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

bool IgnoreMatcher::Ignored(std::string_view relative_path, bool is_dir) const {
  if (relative_path.empty() || patterns_.empty()) return false;
  std::vector<std::string_view> path;
  size_t start = 0;
  while (true) {
    size_t pos = relative_path.find('/', start);
    path.push_back(relative_path.substr(
        start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  for (size_t i = patterns_.size(); i-- > 0;) {
    Pattern::Result r = patterns_[i].Match(path, is_dir);
    if (r != Pattern::kNoMatch) return r == Pattern::kExclude;
  }
  return false;
}

namespace {

namespace fs = std::filesystem;

Status ReadSourceIgnores(const fs::path& dir, const std::string& domain,
                         std::vector<IgnoreMatcher::SourceIgnoreFile>* out) {
  std::error_code ec;
  const fs::path file = dir / kSourceIgnoreFile;
  fs::file_status st = fs::symlink_status(file, ec);
  // os.Open follows a symlinked .sourceignore; so do we.
  if (!ec && fs::exists(st)) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return InternalError("cannot read " + file.string());
    std::stringstream buf;
    buf << in.rdbuf();
    out->push_back({domain, buf.str()});
  }
  std::vector<std::string> subdirs;
  fs::directory_iterator it(dir, ec);
  if (ec) return InternalError("cannot list " + dir.string() + ": " + ec.message());
  for (const fs::directory_entry& e : it) {
    std::error_code sec;
    if (e.is_symlink(sec) || !e.is_directory(sec)) continue;
    std::string name = e.path().filename().string();
    if (name != ".git") subdirs.push_back(std::move(name));
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const std::string& name : subdirs) {
    GITOPS_RETURN_IF_ERROR(
        ReadSourceIgnores(dir / name, domain.empty() ? name : domain + "/" + name, out));
  }
  return OkStatus();
}

}  // namespace

Result<IgnoreMatcher> IgnoreMatcher::ForTree(const std::filesystem::path& root,
                                             std::string_view spec_ignore) {
  std::error_code ec;
  fs::file_status st = fs::status(root, ec);
  if (ec || !fs::exists(st))
    return NotFoundError("source tree " + root.string() + " does not exist");
  if (!fs::is_directory(st)) {
    return InvalidArgumentError("source tree " + root.string() + " is not a directory");
  }
  std::vector<SourceIgnoreFile> files;
  GITOPS_RETURN_IF_ERROR(ReadSourceIgnores(root, "", &files));
  return ForFiles(files, spec_ignore);
}

IgnoreMatcher IgnoreMatcher::ForFiles(const std::vector<SourceIgnoreFile>& sourceignores,
                                      std::string_view spec_ignore) {
  IgnoreMatcher user;
  for (const SourceIgnoreFile& f : sourceignores) user.AddPatterns(f.text, f.domain);
  user.AddPatterns(spec_ignore, "");
  IgnoreMatcher m;
  for (std::string_view p : kVcsPatterns) m.AddPattern(p);
  if (user.size() == 0) {
    for (std::string_view p : kDefaultPatterns) m.AddPattern(p);
  }
  for (Pattern& p : user.patterns_) m.patterns_.push_back(std::move(p));
  m.has_negations_ = m.has_negations_ || user.has_negations_;
  return m;
}

}  // namespace gitops::source
