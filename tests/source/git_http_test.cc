// GitSource::Fetch over smart HTTP(S) against lighttpd + git-http-backend
// (tests/support/git_servers.h) on 127.0.0.1: basic auth, a bearer token,
// HTTPS with a per-run CA, a wrong password, mirror failover from a dead
// server, and the server killed mid-fetch.
#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "gitops/source/git.h"
#include "tests/support/git_servers.h"

namespace gitops::source {
namespace {

using gitops::testing::CommitToBareRepository;
using gitops::testing::CreateBareRepository;
using gitops::testing::GitHttpServer;
using gitops::testing::GitHttpServerOptions;
using gitops::testing::TempDir;

struct HttpFetch {
  TempDir work{"gitops-git-http"};
  GitFetchOptions options;
  HttpFetch() {
    options.cache_dir = work.path() + "/cache";
    options.out_dir = work.path() + "/artifacts";
  }
};

GitRepositorySpec SpecOf(const std::string& url) {
  GitRepositorySpec spec;
  spec.url = url;
  return spec;
}

TEST_CASE("git http: basic auth fetches, a wrong password is PermissionDenied", "[git][http]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"apps/a.yaml", "a: 1\n"}});
  GitHttpServerOptions so;
  so.username = "git";
  so.password = "s3cret-pass";
  GitHttpServer server(repos.path(), so);
  HttpFetch f;
  GitCredentials creds;
  creds.username = "git";
  creds.password = "s3cret-pass";
  auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), creds, f.options);
  INFO(server.ErrorLog());
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
  CHECK(a->url == server.Url("fleet"));
  // The no-op check over HTTP: the same artifact, no pack requested.
  auto b = GitSource().Fetch(SpecOf(server.Url("fleet")), creds, f.options);
  REQUIRE(b.ok());
  CHECK(b->path == a->path);
  // An incremental fetch after a new commit.
  std::string two = CommitToBareRepository(repos.path() + "/fleet.git", {{"apps/b.yaml", "b\n"}});
  auto c = GitSource().Fetch(SpecOf(server.Url("fleet")), creds, f.options);
  REQUIRE(c.ok());
  CHECK(c->revision == "master@sha1:" + two);

  HttpFetch g;
  creds.password = "wrong-pass";
  auto d = GitSource().Fetch(SpecOf(server.Url("fleet")), creds, g.options);
  REQUIRE(!d.ok());
  CHECK(d.status().code() == Code::kPermissionDenied);
  CHECK(d.status().message().find("wrong-pass") == std::string::npos);
}

TEST_CASE("git http: a bearer token over HTTPS with the repository's CA", "[git][http]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}}, "main");
  GitHttpServerOptions so;
  so.bearer_token = "tok-123";
  so.tls = true;
  GitHttpServer server(repos.path(), so);
  HttpFetch f;
  GitCredentials creds;
  creds.bearer_token = "tok-123";
  creds.ca_crt = server.pki().ca_crt;
  GitRepositorySpec spec = SpecOf(server.Url("fleet"));
  spec.ref.branch = "main";
  auto a = GitSource().Fetch(spec, creds, f.options);
  INFO(server.ErrorLog());
  REQUIRE(a.ok());
  CHECK(a->revision == "main@sha1:" + sha);
  creds.ca_crt = server.pki().other_ca_crt;
  HttpFetch g;
  auto b = GitSource().Fetch(spec, creds, g.options);
  REQUIRE(!b.ok());
  CHECK(b.status().code() == Code::kPermissionDenied);
}

TEST_CASE("git http: a dead primary fails over to the mirror, which the artifact names",
          "[git][http]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  GitHttpServer primary(repos.path());
  GitHttpServer mirror(repos.path());
  std::string primary_url = primary.Url("fleet");
  primary.Stop();
  HttpFetch f;
  GitRepositorySpec spec = SpecOf(primary_url);
  spec.mirrors = {mirror.Url("fleet")};
  auto a = GitSource().Fetch(spec, {}, f.options);
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
  CHECK(a->url == mirror.Url("fleet"));
}

TEST_CASE("git http: the server killed mid-fetch is an error; the next fetch succeeds",
          "[git][http]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "big",
                                         {{"blob.bin", gitops::testing::RandomBytes(30 << 20)}});
  HttpFetch f;
  {
    GitHttpServer server(repos.path());
    f.options.progress = [&](const GitFetchProgress& p) {
      if (p.received_bytes > (1 << 20)) server.Stop();
    };
    auto a = GitSource().Fetch(SpecOf(server.Url("big")), {}, f.options);
    REQUIRE(!a.ok());
    CHECK((a.status().code() == Code::kUnavailable || a.status().code() == Code::kTimeout));
  }
  GitHttpServer again(repos.path());
  f.options.progress = nullptr;
  auto b = GitSource().Fetch(SpecOf(again.Url("big")), {}, f.options);
  REQUIRE(b.ok());
  CHECK(b->revision == "master@sha1:" + sha);
}

}  // namespace
}  // namespace gitops::source
