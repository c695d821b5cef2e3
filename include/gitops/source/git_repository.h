// Flux's GitRepository (source.toolkit.fluxcd.io/v1) as a C++ struct: the
// fields a fetch needs, read from the object's YAML/JSON Value, plus the
// URL rules and the `gitops/mirrors` annotation this library adds.
//
// Ref precedence, as Flux's checkout strategy picks it: `commit` first
// (with a `branch`, the commit must be on that branch), then `name` (any
// ref, e.g. refs/pull/1/head), then `semver` (the highest matching tag),
// then `tag`, then `branch`; with none of them, branch `master` (Flux's
// default).
//
// Thread safety: values.
//
//   auto spec = gitops::source::ParseGitRepository(doc);   // doc: a Value
//   if (spec.ok()) std::cout << gitops::source::RedactUrl(spec->url) << "\n";
#ifndef GITOPS_SOURCE_GIT_REPOSITORY_H_
#define GITOPS_SOURCE_GIT_REPOSITORY_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::source {

// The annotation holding fallback URLs, space-separated, tried in order
// when spec.url is unreachable (ignored by Flux's own controllers).
inline constexpr std::string_view kMirrorsAnnotation = "gitops/mirrors";
// Flux's branch when spec.ref names nothing.
inline constexpr std::string_view kDefaultBranch = "master";

struct GitRepositoryRef {
  std::string branch;  // spec.ref.branch
  std::string tag;     // spec.ref.tag
  std::string semver;  // spec.ref.semver: a constraint (see semver.h)
  std::string name;    // spec.ref.name: a full ref name, e.g. refs/heads/main
  std::string commit;  // spec.ref.commit: a full or abbreviated SHA-1
};

// Which ref a GitRepositoryRef selects, by Flux's precedence.
enum class RefKind { kCommit, kName, kSemver, kTag, kBranch };

struct SelectedRef {
  RefKind kind = RefKind::kBranch;
  std::string value;   // the commit, name, constraint, tag or branch
  std::string branch;  // for kCommit: the branch it must be on, or empty
};

// The ref `ref` selects: the first of commit, name, semver, tag, branch that
// is set; branch kDefaultBranch if none is.
SelectedRef SelectRef(const GitRepositoryRef& ref);

struct GitRepositoryInclude {
  std::string repository;  // spec.include[].repository.name
  std::string from_path;   // spec.include[].fromPath; default "" (the artifact's root)
  std::string to_path;     // spec.include[].toPath; default the repository name
};

struct GitRepositoryVerify {
  std::string mode;        // spec.verify.mode: "HEAD", "Tag" or "TagAndHEAD"
  std::string secret_ref;  // spec.verify.secretRef.name
};

struct GitRepositorySpec {
  std::string name;                      // metadata.name
  std::string namespace_;                // metadata.namespace; empty if not set
  std::string url;                       // spec.url (required)
  GitRepositoryRef ref;                  // spec.ref (all empty if not set)
  std::string secret_ref;                // spec.secretRef.name; empty if none
  std::string proxy_secret_ref;          // spec.proxySecretRef.name; empty if none
  std::string provider;                  // spec.provider; default "generic"
  std::chrono::nanoseconds interval{0};  // spec.interval (required)
  std::chrono::nanoseconds timeout = std::chrono::seconds(60);  // spec.timeout; default 60s
  std::optional<std::string> ignore;                            // spec.ignore; nullopt if not set
  std::vector<GitRepositoryInclude> include;                    // spec.include
  bool recurse_submodules = false;            // spec.recurseSubmodules; default false
  std::vector<std::string> sparse_checkout;   // spec.sparseCheckout: directories
  std::optional<GitRepositoryVerify> verify;  // spec.verify
  bool suspend = false;                       // spec.suspend; default false
  std::vector<std::string> mirrors;           // annotation gitops/mirrors, in order
};

// Reads a GitRepository object. Errors: kInvalidArgument naming the field
// (`spec.url`, `spec.ref.branch`, `spec.timeout`, ...) for a wrong kind or
// apiVersion (source.toolkit.fluxcd.io/v1, or v1beta2 which has the same
// fields), a missing required field, a value of the wrong type, a bad
// duration, a URL ValidateGitUrl refuses (spec.url and each mirror), or
// a bad verify.mode. Unknown fields are ignored, as the API server's
// pruning would drop them. Error messages never contain URL userinfo.
Result<GitRepositorySpec> ParseGitRepository(const Value& object);

// Go's time.ParseDuration: a sequence of decimal numbers with optional
// fraction and a unit (ns, us, µs, ms, s, m, h), e.g. "1m30s", "1.5h",
// optionally signed; "0" alone is zero. Errors: kInvalidArgument.
Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view text);

// Accepts the URLs a GitRepository may fetch: `http://`, `https://`,
// `ssh://` (Flux's schemes, each with a host), plus `file://` URLs and
// local paths (absolute, or starting with `./` or `../`) for embedded use.
// Errors: kInvalidArgument saying what is wrong, the URL redacted.
Status ValidateGitUrl(std::string_view url);

// The URL with its userinfo hidden, for logs and errors:
// `https://user:token@host/x` and `https://token@host/x` become
// `https://***@host/x`; an ssh:// user without a password is kept
// (`ssh://git@host/x`, not a secret); anything else is returned unchanged.
std::string RedactUrl(std::string_view url);

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_GIT_REPOSITORY_H_
