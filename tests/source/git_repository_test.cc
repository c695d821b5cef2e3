// GitRepository parsing: the fields of source.toolkit.fluxcd.io/v1 as
// Flux's API reference documents them (defaults: timeout 60s, provider
// generic, include toPath = the repository's name, verify mode HEAD, ref
// precedence commit > name > semver > tag > branch, branch master), and
// Go's time.ParseDuration rules for intervals and timeouts.
#include "gitops/source/git_repository.h"

#include <catch2/catch.hpp>

#include "gitops/core/yaml.h"

namespace gitops::source {
namespace {

using std::chrono::nanoseconds;

Value Yaml(std::string_view text) {
  Result<Value> v = ReadYamlDocument(text);
  REQUIRE(v.ok());
  return std::move(*v);
}

TEST_CASE("git repository: every v1 field is read", "[git_repository]") {
  Value obj = Yaml(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet
  namespace: flux-system
  annotations:
    gitops/mirrors: "https://gitea-eu.example.com/org/fleet.git  https://gitea-us.example.com/org/fleet.git"
spec:
  interval: 5m0s
  timeout: 90s
  url: https://gitea.example.com/org/fleet.git
  ref:
    branch: main
    semver: ">=1.0.0 <2.0.0"
  secretRef:
    name: fleet-auth
  proxySecretRef:
    name: proxy
  ignore: |
    /*
    !/clusters/
  include:
    - repository:
        name: shared
      fromPath: deploy
      toPath: vendor/shared
    - repository:
        name: other
  recurseSubmodules: true
  sparseCheckout: [clusters/staging, infrastructure]
  verify:
    mode: TagAndHEAD
    secretRef:
      name: pgp-keys
  suspend: true
)");
  Result<GitRepositorySpec> spec = ParseGitRepository(obj);
  REQUIRE(spec.ok());
  CHECK(spec->name == "fleet");
  CHECK(spec->namespace_ == "flux-system");
  CHECK(spec->url == "https://gitea.example.com/org/fleet.git");
  CHECK(spec->interval == std::chrono::minutes(5));
  CHECK(spec->timeout == std::chrono::seconds(90));
  CHECK(spec->ref.branch == "main");
  CHECK(spec->ref.semver == ">=1.0.0 <2.0.0");
  CHECK(spec->secret_ref == "fleet-auth");
  CHECK(spec->proxy_secret_ref == "proxy");
  CHECK(spec->provider == "generic");
  REQUIRE(spec->ignore.has_value());
  CHECK(*spec->ignore == "/*\n!/clusters/\n");
  REQUIRE(spec->include.size() == 2);
  CHECK(spec->include[0].repository == "shared");
  CHECK(spec->include[0].from_path == "deploy");
  CHECK(spec->include[0].to_path == "vendor/shared");
  CHECK(spec->include[1].repository == "other");
  CHECK(spec->include[1].from_path.empty());
  CHECK(spec->include[1].to_path == "other");
  CHECK(spec->recurse_submodules);
  CHECK(spec->sparse_checkout == std::vector<std::string>{"clusters/staging", "infrastructure"});
  REQUIRE(spec->verify.has_value());
  CHECK(spec->verify->mode == "TagAndHEAD");
  CHECK(spec->verify->secret_ref == "pgp-keys");
  CHECK(spec->suspend);
  CHECK(spec->mirrors == std::vector<std::string>{"https://gitea-eu.example.com/org/fleet.git",
                                                  "https://gitea-us.example.com/org/fleet.git"});
  // semver outranks branch.
  SelectedRef sel = SelectRef(spec->ref);
  CHECK(sel.kind == RefKind::kSemver);
  CHECK(sel.value == ">=1.0.0 <2.0.0");
}

TEST_CASE("git repository: defaults of a minimal object", "[git_repository]") {
  Result<GitRepositorySpec> spec =
      ParseGitRepository(Yaml(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: app}
spec:
  interval: 1m
  url: ssh://git@gitea.example.com:2222/org/app.git
)"));
  REQUIRE(spec.ok());
  CHECK(spec->timeout == std::chrono::seconds(60));
  CHECK(spec->provider == "generic");
  CHECK_FALSE(spec->ignore.has_value());
  CHECK_FALSE(spec->verify.has_value());
  CHECK_FALSE(spec->recurse_submodules);
  CHECK(spec->mirrors.empty());
  SelectedRef sel = SelectRef(spec->ref);
  CHECK(sel.kind == RefKind::kBranch);
  CHECK(sel.value == "master");
}

TEST_CASE("git repository: ref precedence is commit > name > semver > tag > branch",
          "[git_repository]") {
  GitRepositoryRef ref{"main", "v1.0.0", "^1", "refs/pull/1/head", "abc123"};
  SelectedRef s = SelectRef(ref);
  CHECK(s.kind == RefKind::kCommit);
  CHECK(s.value == "abc123");
  CHECK(s.branch == "main");
  ref.commit.clear();
  CHECK(SelectRef(ref).kind == RefKind::kName);
  CHECK(SelectRef(ref).value == "refs/pull/1/head");
  ref.name.clear();
  CHECK(SelectRef(ref).kind == RefKind::kSemver);
  ref.semver.clear();
  CHECK(SelectRef(ref).kind == RefKind::kTag);
  CHECK(SelectRef(ref).value == "v1.0.0");
  ref.tag.clear();
  CHECK(SelectRef(ref).kind == RefKind::kBranch);
  CHECK(SelectRef(ref).value == "main");
}

TEST_CASE("git repository: errors name the field", "[git_repository]") {
  struct Case {
    const char* spec;
    const char* field;
  };
  const Case cases[] = {
      {"interval: 1m", "spec.url is required"},
      {"url: https://h/r.git", "spec.interval is required"},
      {"interval: 1m\n  url: git://h/r.git", "spec.url"},
      {"interval: 1m\n  url: git@github.com:org/repo.git", "scp-like"},
      {"interval: 1m\n  url: https:///r.git", "has no host"},
      {"interval: 1m\n  url: https://h:abc/r.git", "port"},
      {"interval: 5 minutes\n  url: https://h/r.git", "spec.interval"},
      {"interval: 1m\n  timeout: 10\n  url: https://h/r.git", "spec.timeout"},
      {"interval: 1m\n  url: https://h/r.git\n  ref: {branch: [a]}",
       "spec.ref.branch must be a string"},
      {"interval: 1m\n  url: https://h/r.git\n  ref: {commit: xyz}", "spec.ref.commit"},
      {"interval: 1m\n  url: https://h/r.git\n  secretRef: {}", "spec.secretRef.name is required"},
      {"interval: 1m\n  url: https://h/r.git\n  include: [{fromPath: x}]",
       "spec.include[0].repository"},
      {"interval: 1m\n  url: https://h/r.git\n  verify: {mode: all, secretRef: {name: k}}",
       "spec.verify.mode"},
      {"interval: 1m\n  url: https://h/r.git\n  verify: {mode: HEAD}",
       "spec.verify.secretRef.name is required"},
      {"interval: 1m\n  url: https://h/r.git\n  recurseSubmodules: yes-please",
       "spec.recurseSubmodules"},
      {"interval: 1m\n  url: https://h/r.git\n  sparseCheckout: deploy", "spec.sparseCheckout"},
      {"interval: 1m\n  url: https://h/r.git\n  provider: gitlab", "spec.provider"},
  };
  for (const Case& c : cases) {
    INFO(c.spec);
    const std::string text = std::string(
                                 "apiVersion: source.toolkit.fluxcd.io/v1\n"
                                 "kind: GitRepository\nmetadata: {name: app, namespace: ns}\n"
                                 "spec:\n  ") +
                             c.spec + "\n";
    Result<GitRepositorySpec> spec = ParseGitRepository(Yaml(text));
    REQUIRE_FALSE(spec.ok());
    CHECK(spec.status().code() == Code::kInvalidArgument);
    CHECK_THAT(spec.status().message(), Catch::Contains("GitRepository ns/app"));
    CHECK_THAT(spec.status().message(), Catch::Contains(c.field));
  }
  Result<GitRepositorySpec> kind = ParseGitRepository(Yaml("apiVersion: v1\nkind: ConfigMap\n"));
  REQUIRE_FALSE(kind.ok());
  CHECK_THAT(kind.status().message(), Catch::Contains("kind"));
  Result<GitRepositorySpec> mirror =
      ParseGitRepository(Yaml(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: app, annotations: {gitops/mirrors: "https://ok/r.git ftp://bad/r.git"}}
spec: {interval: 1m, url: "https://h/r.git"}
)"));
  REQUIRE_FALSE(mirror.ok());
  CHECK_THAT(mirror.status().message(), Catch::Contains("gitops/mirrors"));
  CHECK_THAT(mirror.status().message(), Catch::Contains("ftp"));
}

TEST_CASE("git repository: errors never show URL credentials", "[git_repository]") {
  Result<GitRepositorySpec> spec =
      ParseGitRepository(Yaml(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: app}
spec: {interval: 1m, url: "gopher://user:hunter2@h/r.git"}
)"));
  REQUIRE_FALSE(spec.ok());
  CHECK_THAT(spec.status().message(), !Catch::Contains("hunter2"));
  CHECK_THAT(spec.status().message(), Catch::Contains("gopher://***@h/r.git"));
}

TEST_CASE("git repository: URL schemes Flux accepts, plus file:// and local paths",
          "[git_repository]") {
  for (const char* ok : {"https://gitea.example.com/org/r.git", "http://127.0.0.1:3000/r.git",
                         "ssh://git@host:22/org/r.git", "ssh://host/r.git", "https://[::1]:8443/r",
                         "file:///srv/git/r.git", "/srv/git/r.git", "./r", "../r.git"}) {
    INFO(ok);
    CHECK(ValidateGitUrl(ok).ok());
  }
  for (const char* bad : {"", "git://host/r.git", "ftp://host/r", "r.git", "git@host:r.git",
                          "https://", "https://host:x/r", "https://ho st/r", "file://"}) {
    INFO(bad);
    CHECK(ValidateGitUrl(bad).code() == Code::kInvalidArgument);
  }
}

TEST_CASE("git repository: RedactUrl hides userinfo but keeps an ssh user", "[git_repository]") {
  CHECK(RedactUrl("https://user:token@host/x.git") == "https://***@host/x.git");
  CHECK(RedactUrl("https://token@host/x.git") == "https://***@host/x.git");
  CHECK(RedactUrl("https://host/x.git") == "https://host/x.git");
  CHECK(RedactUrl("https://host/x@y.git") == "https://host/x@y.git");
  CHECK(RedactUrl("ssh://git@host/x.git") == "ssh://git@host/x.git");
  CHECK(RedactUrl("ssh://git:pw@host/x.git") == "ssh://***@host/x.git");
  CHECK(RedactUrl("https://u:p%40ss@host:8443") == "https://***@host:8443");
  CHECK(RedactUrl("/local/path") == "/local/path");
}

TEST_CASE("git repository: Go durations", "[git_repository]") {
  struct Case {
    const char* text;
    int64_t ns;
  };
  // From Go's time package tests (parseDurationTests).
  const Case cases[] = {
      {"0", 0},
      {"5s", 5'000'000'000},
      {"30s", 30'000'000'000},
      {"1478s", 1478'000'000'000},
      {"-5s", -5'000'000'000},
      {"+5s", 5'000'000'000},
      {"-0", 0},
      {"+0", 0},
      {"5.0s", 5'000'000'000},
      {"5.6s", 5'600'000'000},
      {"5.s", 5'000'000'000},
      {".5s", 500'000'000},
      {"1.0s", 1'000'000'000},
      {"1.00s", 1'000'000'000},
      {"1.004s", 1'004'000'000},
      {"1.0040s", 1'004'000'000},
      {"100.00100s", 100'001'000'000},
      {"10ns", 10},
      {"11us", 11'000},
      {"12\xc2\xb5s", 12'000},
      {"12\xce\xbcs", 12'000},
      {"13ms", 13'000'000},
      {"14s", 14'000'000'000},
      {"15m", 15LL * 60 * 1'000'000'000},
      {"16h", 16LL * 3600 * 1'000'000'000},
      {"3h30m", (3LL * 3600 + 30 * 60) * 1'000'000'000},
      {"10.5s4m", 4LL * 60 * 1'000'000'000 + 10'500'000'000},
      {"-2m3.4s", -(2LL * 60 * 1'000'000'000 + 3'400'000'000)},
      {"1h2m3s4ms5us6ns", 3723'004'005'006},
      {"39h9m14.425s", 140954'425'000'000},
      {"52763797000ns", 52763797000},
      {"0.3333333333333333333h", 20LL * 60 * 1'000'000'000},
      {"9007199254740993ns", 9007199254740993},
      {"9223372036854775807ns", INT64_MAX},
      {"9223372036854775.807us", INT64_MAX},
      {"-9223372036854775808ns", INT64_MIN},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Result<nanoseconds> d = ParseGoDuration(c.text);
    REQUIRE(d.ok());
    CHECK(d->count() == c.ns);
  }
  for (const char* bad : {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\x85\x85",
                          "9223372036854775808ns", "9223372036854775.808us"}) {
    INFO(bad);
    CHECK_FALSE(ParseGoDuration(bad).ok());
  }
}

}  // namespace
}  // namespace gitops::source
