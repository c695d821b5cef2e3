// GitRepository (source.toolkit.fluxcd.io/v1) from its object, with the
// field names and defaults of Flux's API types.
#include "gitops/source/git_repository.h"

#include <algorithm>
#include <cstdint>

namespace gitops::source {

namespace {

std::string Join(std::string_view a, std::string_view b) {
  return std::string(a) + "." + std::string(b);
}

class SpecReader {
 public:
  explicit SpecReader(std::string context) : context_(std::move(context)) {}

  Status Error(const std::string& field, const std::string& what) const {
    return InvalidArgumentError(context_ + ": " + field + " " + what);
  }

  // A string field; absent or null leaves `out` unchanged.
  Status String(const Value& parent, std::string_view key, std::string_view field,
                std::string* out) const {
    const Value* v = parent.Find(key);
    if (v == nullptr || v->is_null()) return OkStatus();
    if (!v->is_string()) return Error(std::string(field), "must be a string");
    *out = std::string(v->as_string());
    return OkStatus();
  }

  Status Bool(const Value& parent, std::string_view key, std::string_view field, bool* out) const {
    const Value* v = parent.Find(key);
    if (v == nullptr || v->is_null()) return OkStatus();
    if (!v->is_bool()) return Error(std::string(field), "must be true or false");
    *out = v->as_bool();
    return OkStatus();
  }

  // An object field; nullptr if absent or null.
  Result<const Value*> Object(const Value& parent, std::string_view key,
                              std::string_view field) const {
    const Value* v = parent.Find(key);
    if (v == nullptr || v->is_null()) return static_cast<const Value*>(nullptr);
    if (!v->is_object()) return Error(std::string(field), "must be a mapping");
    return v;
  }

  // A LocalObjectReference's name.
  Status RefName(const Value& parent, std::string_view key, std::string_view field,
                 std::string* out) const {
    GITOPS_ASSIGN_OR_RETURN(const Value* ref, Object(parent, key, field));
    if (ref == nullptr) return OkStatus();
    GITOPS_RETURN_IF_ERROR(String(*ref, "name", Join(field, "name"), out));
    if (out->empty()) return Error(Join(field, "name"), "is required");
    return OkStatus();
  }

  Status Duration(const Value& parent, std::string_view key, std::string_view field,
                  std::chrono::nanoseconds* out, bool required) const {
    const Value* v = parent.Find(key);
    if (v == nullptr || v->is_null()) {
      return required ? Error(std::string(field), "is required") : OkStatus();
    }
    if (!v->is_string()) return Error(std::string(field), "must be a duration string like \"1m\"");
    Result<std::chrono::nanoseconds> d = ParseGoDuration(v->as_string());
    if (!d.ok()) return Error(std::string(field), d.status().message());
    if (d->count() < 0) return Error(std::string(field), "must not be negative");
    *out = *d;
    return OkStatus();
  }

 private:
  std::string context_;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

SelectedRef SelectRef(const GitRepositoryRef& ref) {
  if (!ref.commit.empty()) return {RefKind::kCommit, ref.commit, ref.branch};
  if (!ref.name.empty()) return {RefKind::kName, ref.name, ""};
  if (!ref.semver.empty()) return {RefKind::kSemver, ref.semver, ""};
  if (!ref.tag.empty()) return {RefKind::kTag, ref.tag, ""};
  if (!ref.branch.empty()) return {RefKind::kBranch, ref.branch, ""};
  return {RefKind::kBranch, std::string(kDefaultBranch), ""};
}

Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view text) {
  // time.ParseDuration, step by step (including its float64 fractions).
  const std::string orig(text);
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError(std::string(why) + " \"" + orig + "\"");
  };
  constexpr uint64_t kLimit = 1ULL << 63;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string_view s = text;
  uint64_t d = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return bad("invalid duration");
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return bad("invalid duration");
    // leadingInt
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > kLimit / 10) return bad("invalid duration");
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kLimit) return bad("invalid duration");
    }
    const bool pre = i > 0;
    s.remove_prefix(i);
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      // leadingFraction
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t y = f * 10 + static_cast<uint64_t>(s[j] - '0');
        if (y > kLimit) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return bad("invalid duration");
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
    if (u == 0) return bad("missing unit in duration");
    const std::string_view unit_text = s.substr(0, u);
    s.remove_prefix(u);
    uint64_t unit = 0;
    if (unit_text == "ns") {
      unit = 1;
    } else if (unit_text == "us" || unit_text == "\xc2\xb5s" || unit_text == "\xce\xbcs") {
      unit = 1000;
    } else if (unit_text == "ms") {
      unit = 1000000;
    } else if (unit_text == "s") {
      unit = 1000000000ULL;
    } else if (unit_text == "m") {
      unit = 60ULL * 1000000000ULL;
    } else if (unit_text == "h") {
      unit = 3600ULL * 1000000000ULL;
    } else {
      return bad("unknown unit \"" + std::string(unit_text) + "\" in duration");
    }
    if (v > kLimit / unit) return bad("invalid duration");
    v *= unit;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kLimit) return bad("invalid duration");
    }
    d += v;
    if (d > kLimit) return bad("invalid duration");
  }
  if (neg) return std::chrono::nanoseconds(static_cast<int64_t>(0 - d));
  if (d > kLimit - 1) return bad("invalid duration");
  return std::chrono::nanoseconds(static_cast<int64_t>(d));
}

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::string_view scheme = url.substr(0, scheme_end);
  const size_t auth_start = scheme_end + 3;
  size_t auth_end = url.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  const std::string_view authority = url.substr(auth_start, auth_end - auth_start);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const std::string_view userinfo = authority.substr(0, at);
  if (scheme == "ssh" && userinfo.find(':') == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, auth_start)) + "***" + std::string(url.substr(auth_start + at));
}

Status ValidateGitUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError("URL \"" + RedactUrl(url) + "\" " + std::string(why));
  };
  if (url.empty()) return InvalidArgumentError("URL is empty");
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) return bad("contains whitespace");
  if (StartsWith(url, "/") || StartsWith(url, "./") || StartsWith(url, "../")) return OkStatus();
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    if (url.find('@') != std::string_view::npos && url.find(':') != std::string_view::npos) {
      return bad("is scp-like; Flux needs ssh://user@host/path");
    }
    return bad("has no scheme (want http://, https://, ssh://, file:// or a local path)");
  }
  const std::string_view scheme = url.substr(0, scheme_end);
  if (scheme == "file") {
    if (url.size() == scheme_end + 3) return bad("has no path");
    return OkStatus();
  }
  if (scheme != "http" && scheme != "https" && scheme != "ssh") {
    return bad("has the unsupported scheme \"" + std::string(scheme) +
               "\" (want http, https, ssh, file or a local path)");
  }
  const size_t auth_start = scheme_end + 3;
  size_t auth_end = url.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string_view host = url.substr(auth_start, auth_end - auth_start);
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed IPv6 host");
    std::string_view rest = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!rest.empty() && rest[0] != ':') return bad("has a malformed host");
    if (rest.size() > 1) {
      for (char c : rest.substr(1)) {
        if (c < '0' || c > '9') return bad("has a port that is not a number");
      }
    }
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    host = host.substr(0, colon);
    for (char c : port) {
      if (c < '0' || c > '9') return bad("has a port that is not a number");
    }
  }
  if (host.empty() || host == "[]") return bad("has no host");
  return OkStatus();
}

Result<GitRepositorySpec> ParseGitRepository(const Value& object) {
  if (!object.is_object()) return InvalidArgumentError("GitRepository must be a mapping");
  GitRepositorySpec spec;
  if (const Value* meta = object.Find("metadata"); meta != nullptr && meta->is_object()) {
    if (const Value* n = meta->Find("name"); n != nullptr && n->is_string()) {
      spec.name = std::string(n->as_string());
    }
    if (const Value* n = meta->Find("namespace"); n != nullptr && n->is_string()) {
      spec.namespace_ = std::string(n->as_string());
    }
  }
  std::string context = "GitRepository";
  if (!spec.name.empty()) {
    context += " " + (spec.namespace_.empty() ? spec.name : spec.namespace_ + "/" + spec.name);
  }
  SpecReader r(context);

  std::string kind, api_version;
  GITOPS_RETURN_IF_ERROR(r.String(object, "kind", "kind", &kind));
  GITOPS_RETURN_IF_ERROR(r.String(object, "apiVersion", "apiVersion", &api_version));
  if (kind != "GitRepository") return r.Error("kind", "is \"" + kind + "\", want GitRepository");
  if (api_version != "source.toolkit.fluxcd.io/v1" &&
      api_version != "source.toolkit.fluxcd.io/v1beta2") {
    return r.Error("apiVersion",
                   "is \"" + api_version + "\", want source.toolkit.fluxcd.io/v1 (or v1beta2)");
  }
  if (const Value* meta = object.Find("metadata"); meta != nullptr && meta->is_object()) {
    GITOPS_ASSIGN_OR_RETURN(const Value* ann,
                            r.Object(*meta, "annotations", "metadata.annotations"));
    if (ann != nullptr) {
      const std::string field = "metadata.annotations[" + std::string(kMirrorsAnnotation) + "]";
      std::string mirrors;
      GITOPS_RETURN_IF_ERROR(r.String(*ann, kMirrorsAnnotation, field, &mirrors));
      size_t i = 0;
      while (i < mirrors.size()) {
        while (i < mirrors.size() && (mirrors[i] == ' ' || mirrors[i] == '\t' ||
                                      mirrors[i] == '\n' || mirrors[i] == '\r')) {
          ++i;
        }
        size_t j = i;
        while (j < mirrors.size() && !(mirrors[j] == ' ' || mirrors[j] == '\t' ||
                                       mirrors[j] == '\n' || mirrors[j] == '\r')) {
          ++j;
        }
        if (j > i) {
          std::string m = mirrors.substr(i, j - i);
          Status st = ValidateGitUrl(m);
          if (!st.ok()) return r.Error(field, st.message());
          spec.mirrors.push_back(std::move(m));
        }
        i = j;
      }
    }
  }

  GITOPS_ASSIGN_OR_RETURN(const Value* s, r.Object(object, "spec", "spec"));
  if (s == nullptr) return r.Error("spec", "is required");
  GITOPS_RETURN_IF_ERROR(r.String(*s, "url", "spec.url", &spec.url));
  if (spec.url.empty()) return r.Error("spec.url", "is required");
  if (Status st = ValidateGitUrl(spec.url); !st.ok()) return r.Error("spec.url", st.message());

  GITOPS_ASSIGN_OR_RETURN(const Value* ref, r.Object(*s, "ref", "spec.ref"));
  if (ref != nullptr) {
    GITOPS_RETURN_IF_ERROR(r.String(*ref, "branch", "spec.ref.branch", &spec.ref.branch));
    GITOPS_RETURN_IF_ERROR(r.String(*ref, "tag", "spec.ref.tag", &spec.ref.tag));
    GITOPS_RETURN_IF_ERROR(r.String(*ref, "semver", "spec.ref.semver", &spec.ref.semver));
    GITOPS_RETURN_IF_ERROR(r.String(*ref, "name", "spec.ref.name", &spec.ref.name));
    GITOPS_RETURN_IF_ERROR(r.String(*ref, "commit", "spec.ref.commit", &spec.ref.commit));
    if (!spec.ref.commit.empty()) {
      const bool hex = std::all_of(spec.ref.commit.begin(), spec.ref.commit.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      });
      if (!hex || spec.ref.commit.size() < 4 || spec.ref.commit.size() > 64) {
        return r.Error("spec.ref.commit", "\"" + spec.ref.commit + "\" is not a commit id (hex)");
      }
    }
  }
  GITOPS_RETURN_IF_ERROR(r.RefName(*s, "secretRef", "spec.secretRef", &spec.secret_ref));
  GITOPS_RETURN_IF_ERROR(
      r.RefName(*s, "proxySecretRef", "spec.proxySecretRef", &spec.proxy_secret_ref));
  spec.provider = "generic";
  GITOPS_RETURN_IF_ERROR(r.String(*s, "provider", "spec.provider", &spec.provider));
  if (spec.provider != "generic" && spec.provider != "azure" && spec.provider != "github") {
    return r.Error("spec.provider", "is \"" + spec.provider + "\", want generic, azure or github");
  }
  GITOPS_RETURN_IF_ERROR(r.Duration(*s, "interval", "spec.interval", &spec.interval, true));
  GITOPS_RETURN_IF_ERROR(r.Duration(*s, "timeout", "spec.timeout", &spec.timeout, false));
  if (const Value* ig = s->Find("ignore"); ig != nullptr && !ig->is_null()) {
    if (!ig->is_string()) return r.Error("spec.ignore", "must be a string");
    spec.ignore = std::string(ig->as_string());
  }
  GITOPS_RETURN_IF_ERROR(
      r.Bool(*s, "recurseSubmodules", "spec.recurseSubmodules", &spec.recurse_submodules));
  GITOPS_RETURN_IF_ERROR(r.Bool(*s, "suspend", "spec.suspend", &spec.suspend));

  if (const Value* inc = s->Find("include"); inc != nullptr && !inc->is_null()) {
    if (!inc->is_array()) return r.Error("spec.include", "must be a list");
    for (size_t i = 0; i < inc->size(); ++i) {
      const std::string field = "spec.include[" + std::to_string(i) + "]";
      const Value& item = (*inc)[i];
      if (!item.is_object()) return r.Error(field, "must be a mapping");
      GitRepositoryInclude entry;
      GITOPS_RETURN_IF_ERROR(
          r.RefName(item, "repository", field + ".repository", &entry.repository));
      if (entry.repository.empty()) return r.Error(field + ".repository.name", "is required");
      GITOPS_RETURN_IF_ERROR(r.String(item, "fromPath", field + ".fromPath", &entry.from_path));
      GITOPS_RETURN_IF_ERROR(r.String(item, "toPath", field + ".toPath", &entry.to_path));
      if (entry.to_path.empty()) entry.to_path = entry.repository;
      spec.include.push_back(std::move(entry));
    }
  }
  if (const Value* sc = s->Find("sparseCheckout"); sc != nullptr && !sc->is_null()) {
    if (!sc->is_array()) return r.Error("spec.sparseCheckout", "must be a list of directories");
    for (size_t i = 0; i < sc->size(); ++i) {
      const Value& item = (*sc)[i];
      const std::string field = "spec.sparseCheckout[" + std::to_string(i) + "]";
      if (!item.is_string() || item.as_string().empty()) {
        return r.Error(field, "must be a directory path");
      }
      spec.sparse_checkout.emplace_back(item.as_string());
    }
  }
  GITOPS_ASSIGN_OR_RETURN(const Value* verify, r.Object(*s, "verify", "spec.verify"));
  if (verify != nullptr) {
    GitRepositoryVerify v;
    v.mode = "HEAD";
    GITOPS_RETURN_IF_ERROR(r.String(*verify, "mode", "spec.verify.mode", &v.mode));
    if (v.mode != "HEAD" && v.mode != "Tag" && v.mode != "TagAndHEAD") {
      return r.Error("spec.verify.mode", "is \"" + v.mode + "\", want HEAD, Tag or TagAndHEAD");
    }
    GITOPS_RETURN_IF_ERROR(r.RefName(*verify, "secretRef", "spec.verify.secretRef", &v.secret_ref));
    if (v.secret_ref.empty()) return r.Error("spec.verify.secretRef.name", "is required");
    spec.verify = std::move(v);
  }
  return spec;
}

}  // namespace gitops::source
