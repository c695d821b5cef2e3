// GitSource::Fetch over smart HTTP(S) against lighttpd + git-http-backend
// (tests/support/git_servers.h) on 127.0.0.1: basic auth, a bearer token,
// HTTPS with a per-run CA, mutual TLS from a Secret's tls.crt/tls.key, a
// proxy (tinyproxy, and squid over http and https) with and without the
// proxy Secret's credentials, a wrong password, mirror failover from a dead
// server, and the server killed mid-fetch.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <thread>

#include "gitops/core/value.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"
#include "tests/support/git_servers.h"

namespace gitops::source {
namespace {

using gitops::testing::CommitToBareRepository;
using gitops::testing::CreateBareRepository;
using gitops::testing::GitHttpServer;
using gitops::testing::GitHttpServerOptions;
using gitops::testing::TempDir;

// A Secret's data as Flux keys it, decoded ("tls.crt" -> PEM text).
Value SecretData(const std::map<std::string, std::string>& data) {
  Value v = Value::Object();
  for (const auto& [key, text] : data) v[key] = Value(text);
  return v;
}

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

TEST_CASE("git http: mutual TLS from the Secret's tls.crt and tls.key", "[git][http][https]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"a.txt", "mtls\n"}});
  GitHttpServerOptions so;
  so.tls = true;
  so.require_client_cert = true;
  GitHttpServer server(repos.path(), so);
  const gitops::testing::TestPki& pki = server.pki();
  const std::string host = "127.0.0.1:" + std::to_string(server.port());
  HttpFetch f;

  SECTION("the client certificate the server's client CA signed") {
    auto creds = GitCredentialsFromSecret(SecretData(
        {{"ca.crt", pki.ca_crt}, {"tls.crt", pki.client_crt}, {"tls.key", pki.client_key}}));
    REQUIRE(creds.ok());
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), *creds, f.options);
    INFO((a.ok() ? "" : a.status().ToString()) << "\n" << server.ErrorLog());
    REQUIRE(a.ok());
    CHECK(a->revision == "master@sha1:" + sha);
    CHECK(gitops::testing::ReadFile(a->path + "/a.txt") == "mtls\n");
  }
  SECTION("no client certificate: a TLS error naming the host") {
    auto creds = GitCredentialsFromSecret(SecretData({{"ca.crt", pki.ca_crt}}));
    REQUIRE(creds.ok());
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), *creds, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("TLS: " + host +
                                 " refused the connection's client certificate (none given: the "
                                 "server requires tls.crt and tls.key)"));
  }
  SECTION("a client certificate from a CA the server does not trust") {
    // openssl makes a self-signed client certificate the server never saw.
    TempDir d;
    gitops::testing::Sh("cd " + d.path() +
                        " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                        "-nodes -keyout k.pem -out c.pem -days 2 -subj /CN=stranger 2>/dev/null");
    auto creds = GitCredentialsFromSecret(
        SecretData({{"ca.crt", pki.ca_crt},
                    {"tls.crt", gitops::testing::ReadFile(d.path() + "/c.pem")},
                    {"tls.key", gitops::testing::ReadFile(d.path() + "/k.pem")}}));
    REQUIRE(creds.ok());
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), *creds, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("TLS: " + host + " refused the connection's client certificate"));
    CHECK(a.status().message().find("PRIVATE KEY") == std::string::npos);
  }
  SECTION("a wrong CA: a TLS error naming the host, whatever the client certificate") {
    auto creds = GitCredentialsFromSecret(SecretData(
        {{"ca.crt", pki.other_ca_crt}, {"tls.crt", pki.client_crt}, {"tls.key", pki.client_key}}));
    REQUIRE(creds.ok());
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), *creds, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(), Catch::StartsWith("TLS: the certificate of " + host +
                                                       " is not trusted by the given ca.crt"));
  }
  SECTION("tls.key that is not tls.crt's key") {
    auto creds = GitCredentialsFromSecret(SecretData(
        {{"ca.crt", pki.ca_crt}, {"tls.crt", pki.client_crt}, {"tls.key", pki.client_key}}));
    REQUIRE(creds.ok());
    TempDir d;
    gitops::testing::Sh("cd " + d.path() +
                        " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
                        "-out k.pem 2>/dev/null");
    creds->tls_key = gitops::testing::ReadFile(d.path() + "/k.pem");
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), *creds, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kInvalidArgument);
    CHECK_THAT(a.status().message(), Catch::StartsWith("TLS: the client certificate for " + host +
                                                       " (tls.crt/tls.key) cannot be used"));
    CHECK(a.status().message().find("PRIVATE KEY") == std::string::npos);
  }
}

TEST_CASE("git http: a proxy with the proxy Secret's credentials; wrong ones say so",
          "[git][http][proxy]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path());
  const std::string proxy_password = "pr0xy-s3cret-pass";
  gitops::testing::HttpForwardProxy proxy({.username = "fluxproxy", .password = proxy_password});
  HttpFetch f;

  SECTION("the right username and password") {
    auto config = ProxyFromSecret(SecretData(
        {{"address", proxy.Url()}, {"username", "fluxproxy"}, {"password", proxy_password}}));
    REQUIRE(config.ok());
    f.options.proxy = *config;
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), {}, f.options);
    INFO((a.ok() ? "" : a.status().ToString()) << "\n" << proxy.AccessLog());
    REQUIRE(a.ok());
    CHECK(a->revision == "master@sha1:" + sha);
    // The requests went through the proxy.
    CHECK_THAT(proxy.AccessLog(), Catch::Contains("GET " + server.Url("fleet") + "/info/refs"));
  }
  SECTION("a wrong password") {
    auto config = ProxyFromSecret(SecretData({{"address", proxy.Url()},
                                              {"username", "fluxproxy"},
                                              {"password", "wrong-" + proxy_password}}));
    REQUIRE(config.ok());
    f.options.proxy = *config;
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), {}, f.options);
    REQUIRE_FALSE(a.ok());
    INFO(a.status().ToString());
    CHECK(a.status().code() == Code::kPermissionDenied);
    // tinyproxy answers wrong proxy credentials with 401 (after its 407
    // asked for them), not 407: the error names both possible culprits.
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("authentication failed for " + server.Url("fleet") +
                                 " (HTTP 401 through the proxy " + proxy.Url() +
                                 ", which asked for proxy authentication): the proxy's username "
                                 "or password is wrong"));
    CHECK(a.status().message().find(proxy_password) == std::string::npos);
  }
  SECTION("no credentials for a proxy that wants them") {
    f.options.proxy.address = proxy.Url();
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), {}, f.options);
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("proxy authentication required: the proxy " + proxy.Url() +
                                 " asked for credentials for " + server.Url("fleet") +
                                 " (HTTP 407) and none were given"));
  }
  SECTION("the password in the address's userinfo never shows") {
    std::string address =
        "http://fluxproxy:wrong-" + proxy_password + "@127.0.0.1:" + std::to_string(proxy.port());
    f.options.proxy.address = address;
    auto a = GitSource().Fetch(SpecOf(server.Url("fleet")), {}, f.options);
    REQUIRE_FALSE(a.ok());
    INFO(a.status().ToString());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK(a.status().message().find(proxy_password) == std::string::npos);
  }
}

// squid, unlike tinyproxy, answers wrong proxy credentials with 407, so the
// error is about the proxy alone; over https:// the 407 answers the CONNECT.
TEST_CASE("git http: squid with basic proxy auth: wrong or no credentials are a proxy "
          "authentication error naming the proxy",
          "[git][http][proxy]") {
  TempDir repos{"gitops-repos"};
  std::string sha = CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  const std::string proxy_password = "sq-pr0xy-s3cret";
  gitops::testing::HttpForwardProxy proxy(
      {.username = "fluxproxy",
       .password = proxy_password,
       .server = gitops::testing::ForwardProxyServer::kSquid});
  const std::string proxy_host = "127.0.0.1:" + std::to_string(proxy.port());
  const bool tls = GENERATE(false, true);
  GitHttpServerOptions so;
  so.tls = tls;
  GitHttpServer server(repos.path(), so);
  const std::string url = server.Url("fleet");
  const std::string target = "127.0.0.1:" + std::to_string(server.port());
  GitCredentials creds;
  if (tls) creds.ca_crt = server.pki().ca_crt;
  HttpFetch f;
  auto with_password = [&](const std::string& password) {
    auto config = ProxyFromSecret(SecretData(
        {{"address", proxy.Url()}, {"username", "fluxproxy"}, {"password", password}}));
    REQUIRE(config.ok());
    f.options.proxy = *config;
  };
  INFO((tls ? "https" : "http") << " through " << proxy.Url());

  SECTION("the right username and password fetch, through the proxy") {
    with_password(proxy_password);
    auto a = GitSource().Fetch(SpecOf(url), creds, f.options);
    INFO((a.ok() ? "" : a.status().ToString()) << "\n" << proxy.AccessLog() << proxy.ErrorLog());
    REQUIRE(a.ok());
    CHECK(a->revision == "master@sha1:" + sha);
    CHECK(gitops::testing::ReadFile(a->path + "/a.txt") == "a\n");
    // squid's log names the authenticated user on each request it passed
    // (with the query string cut off, as squid logs by default).
    // (squid logs a tunnel when it closes: wait for that line.)
    const std::string status = tls ? "TCP_TUNNEL/200 " : "TCP_MISS/200 ";
    CHECK_THAT(proxy.AccessLogOnceContains(status),
               Catch::Contains(status) &&
                   Catch::Contains(tls ? "CONNECT " + target + " fluxproxy"
                                       : "GET " + url + "/info/refs? fluxproxy"));
  }
  SECTION("a wrong password: 407 again, proxy authentication failed") {
    with_password("wrong-" + proxy_password);
    auto a = GitSource().Fetch(SpecOf(url), creds, f.options);
    REQUIRE_FALSE(a.ok());
    INFO(a.status().ToString() << "\n" << proxy.AccessLog());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("proxy authentication failed: the proxy " + proxy.Url() +
                                 " refused the username and password for " + url +
                                 " (HTTP 407)"));
    CHECK_THAT(a.status().message(), Catch::Contains(proxy_host));
    CHECK(a.status().message().find(proxy_password) == std::string::npos);
    CHECK_THAT(proxy.AccessLog(), Catch::Contains("TCP_DENIED/407"));
  }
  SECTION("no credentials: proxy authentication required") {
    f.options.proxy.address = proxy.Url();
    auto a = GitSource().Fetch(SpecOf(url), creds, f.options);
    REQUIRE_FALSE(a.ok());
    INFO(a.status().ToString());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("proxy authentication required: the proxy " + proxy.Url() +
                                 " asked for credentials for " + url +
                                 " (HTTP 407) and none were given"));
  }
  SECTION("a wrong password in the address's userinfo never shows") {
    f.options.proxy.address = "http://fluxproxy:wrong-" + proxy_password + "@" + proxy_host;
    auto a = GitSource().Fetch(SpecOf(url), creds, f.options);
    REQUIRE_FALSE(a.ok());
    INFO(a.status().ToString());
    CHECK(a.status().code() == Code::kPermissionDenied);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("proxy authentication failed: the proxy http://") &&
                   Catch::Contains(proxy_host + " refused the username and password for " + url +
                                   " (HTTP 407)"));
    CHECK(a.status().message().find(proxy_password) == std::string::npos);
  }
}

}  // namespace
}  // namespace gitops::source
