// The libcurl smart-HTTP transport against lighttpd + git-http-backend on
// 127.0.0.1: basic auth, bearer tokens (a CGI wrapper), HTTPS with a
// per-run CA, mutual TLS, and a server killed mid-fetch.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "tests/source/transport_test_util.h"

namespace gitops::source {
namespace {

using gitops::testing::CreateBareRepository;
using gitops::testing::GitHttpServer;
using gitops::testing::GitHttpServerOptions;
using gitops::testing::TempDir;
using testing::CloneWith;
using testing::kCanary;

// lighttpd writes its access log buffered (about once a second): waits
// up to 5 s for `needle` to appear in what `read` returns.
template <typename Read>
std::string WaitForLog(Read read, const std::string& needle) {
  std::string log;
  for (int i = 0; i < 50; ++i) {
    log = read();
    if (log.find(needle) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return log;
}

// No secret (the canary) and no userinfo in what the user sees.
void RequireNoSecret(const Status& status) {
  INFO(status.ToString());
  CHECK(status.message().find(kCanary) == std::string::npos);
  CHECK(status.message().find("@127.0.0.1") == std::string::npos);
}

TEST_CASE("transport: http without auth clones the served commit", "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"README.md", "hello\n"}});
  GitHttpServer server(repos.path());
  testing::CloneOutcome out = CloneWith(server.Url("app"), {});
  INFO(out.status.ToString() << "\n" << server.ErrorLog());
  REQUIRE(out.status.ok());
  CHECK(out.head == sha);
}

TEST_CASE("transport: http basic auth with the right password clones", "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.username = "gitops", .password = kCanary});
  TransportSettings settings;
  settings.credentials.username = "gitops";
  settings.credentials.password = kCanary;
  testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
  INFO(out.status.ToString() << "\n" << server.ErrorLog());
  REQUIRE(out.status.ok());
  CHECK(out.head == sha);
}

TEST_CASE("transport: http basic auth from the URL's userinfo clones", "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.username = "gitops", .password = "p@ss:word"});
  std::string url =
      "http://gitops:p%40ss%3Aword@127.0.0.1:" + std::to_string(server.port()) + "/git/app.git";
  testing::CloneOutcome out = CloneWith(url, {});
  INFO(out.status.ToString());
  REQUIRE(out.status.ok());
  CHECK(out.head == sha);
}

TEST_CASE("transport: http basic auth with a wrong password is an authentication error",
          "[transport][http]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.username = "gitops", .password = "right"});
  TransportSettings settings;
  settings.credentials.username = "gitops";
  settings.credentials.password = kCanary;
  testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
  REQUIRE_FALSE(out.status.ok());
  CHECK(out.status.code() == Code::kPermissionDenied);
  CHECK(out.status.message() == "authentication failed for " + server.Url("app") + " (HTTP 401)");
  RequireNoSecret(out.status);
}

TEST_CASE("transport: http without credentials where auth is required says so",
          "[transport][http]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.username = "gitops", .password = "right"});
  testing::CloneOutcome out = CloneWith(server.Url("app"), {});
  REQUIRE_FALSE(out.status.ok());
  CHECK(out.status.code() == Code::kPermissionDenied);
  CHECK_THAT(out.status.message(),
             Catch::StartsWith("authentication required for " + server.Url("app")));
}

TEST_CASE("transport: a missing repository is NotFound", "[transport][http]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path());
  testing::CloneOutcome out = CloneWith(server.Url("nope"), {});
  REQUIRE_FALSE(out.status.ok());
  CHECK(out.status.code() == Code::kNotFound);
  CHECK_THAT(out.status.message(), Catch::Contains(server.Url("nope")));
}

TEST_CASE("transport: nothing listening is Unavailable naming the host", "[transport][http]") {
  int port = gitops::testing::FreePort();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/git/app.git";
  testing::CloneOutcome out = CloneWith(url, {});
  REQUIRE_FALSE(out.status.ok());
  CHECK(out.status.code() == Code::kUnavailable);
  CHECK_THAT(out.status.message(),
             Catch::StartsWith("cannot connect to 127.0.0.1:" + std::to_string(port)));
}

TEST_CASE("transport: bearer token accepted and refused", "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.bearer_token = kCanary});
  TransportSettings right;
  right.credentials.bearer_token = kCanary;
  testing::CloneOutcome ok = CloneWith(server.Url("app"), right);
  INFO(ok.status.ToString() << "\n" << server.ErrorLog());
  REQUIRE(ok.status.ok());
  CHECK(ok.head == sha);

  TransportSettings wrong;
  wrong.credentials.bearer_token = std::string(kCanary) + "-wrong";
  testing::CloneOutcome bad = CloneWith(server.Url("app"), wrong);
  REQUIRE_FALSE(bad.status.ok());
  CHECK(bad.status.code() == Code::kPermissionDenied);
  CHECK(bad.status.message() == "authentication failed for " + server.Url("app") + " (HTTP 401)");
  RequireNoSecret(bad.status);
}

TEST_CASE("transport: https with the run's CA, a wrong CA, mutual TLS", "[transport][https]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.tls = true});

  SECTION("the right CA clones, over HTTP/2") {
    TransportSettings settings;
    settings.credentials.ca_crt = server.pki().ca_crt;
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    INFO(out.status.ToString() << "\n" << server.ErrorLog());
    REQUIRE(out.status.ok());
    CHECK(out.head == sha);
    // lighttpd offers h2 by ALPN; the access log names each request's protocol.
    CHECK_THAT(WaitForLog([&] { return server.AccessLog(); }, "POST /git/app.git/git-upload-pack"),
               Catch::Contains("\"POST /git/app.git/git-upload-pack HTTP/2.0\""));
  }
  SECTION("a wrong CA is a TLS error naming the host") {
    TransportSettings settings;
    settings.credentials.ca_crt = server.pki().other_ca_crt;
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    REQUIRE_FALSE(out.status.ok());
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(), Catch::StartsWith("TLS: the certificate of 127.0.0.1:" +
                                                       std::to_string(server.port()) +
                                                       " is not trusted by the given ca.crt"));
  }
  SECTION("no CA: the system store does not trust the run's CA") {
    testing::CloneOutcome out = CloneWith(server.Url("app"), {});
    REQUIRE_FALSE(out.status.ok());
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(), Catch::StartsWith("TLS: the certificate of 127.0.0.1:"));
  }
}

TEST_CASE("transport: https mutual TLS with and without the client certificate",
          "[transport][https]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path(), {.tls = true, .require_client_cert = true});
  TransportSettings settings;
  settings.credentials.ca_crt = server.pki().ca_crt;

  SECTION("with tls.crt and tls.key") {
    settings.credentials.tls_crt = server.pki().client_crt;
    settings.credentials.tls_key = server.pki().client_key;
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    INFO(out.status.ToString() << "\n" << server.ErrorLog());
    REQUIRE(out.status.ok());
    CHECK(out.head == sha);
  }
  SECTION("without a client certificate") {
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    REQUIRE_FALSE(out.status.ok());
    INFO(out.status.ToString());
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(),
               Catch::StartsWith("TLS: 127.0.0.1:" + std::to_string(server.port()) +
                                 " refused the connection's client certificate (none given"));
  }
  SECTION("tls.crt without tls.key is refused before connecting") {
    settings.credentials.tls_crt = server.pki().client_crt;
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    CHECK(out.status.code() == Code::kInvalidArgument);
  }
}

TEST_CASE("transport: the server killed mid-fetch is a clear error", "[transport][http]") {
  TempDir repos;
  // 24 MiB that do not compress: the pack takes many reads to arrive.
  CreateBareRepository(repos.path(), "big",
                       {{"blob1", gitops::testing::RandomBytes(12 << 20, 1)},
                        {"blob2", gitops::testing::RandomBytes(12 << 20, 2)}});
  GitHttpServer server(repos.path());
  TransportSettings settings;
  bool killed = false;
  settings.progress = [&](const git_indexer_progress& p) {
    if (!killed && p.received_bytes > 0) {
      server.Stop();
      killed = true;
    }
    return true;
  };
  testing::CloneOutcome out = CloneWith(server.Url("big"), settings);
  REQUIRE(killed);
  REQUIRE_FALSE(out.status.ok());
  INFO(out.status.ToString());
  CHECK(out.status.code() == Code::kUnavailable);
  CHECK_THAT(out.status.message(), Catch::Contains("127.0.0.1:" + std::to_string(server.port())) &&
                                       Catch::Contains("lost while fetching " + server.Url("big")));
}

TEST_CASE("transport: cancellation and timeout stop an http fetch", "[transport][http]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path());
  std::atomic<bool> cancel{true};
  TransportSettings settings;
  settings.cancel = &cancel;
  testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
  CHECK(out.status.code() == Code::kCancelled);

  TransportSettings slow;
  slow.timeout = std::chrono::milliseconds(1);
  testing::CloneOutcome timed_out = CloneWith(server.Url("app"), slow);
  CHECK(timed_out.status.code() == Code::kTimeout);
}

TEST_CASE("transport: the ref advertisement follows a redirect, the POSTs go where it led",
          "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path());
  testing::CloneOutcome out = CloneWith(server.BaseUrl() + "/redirect/app.git", {});
  INFO(out.status.ToString() << "\n" << server.AccessLog());
  REQUIRE(out.status.ok());
  CHECK(out.head == sha);
  std::string log =
      WaitForLog([&] { return server.AccessLog(); }, "POST /git/app.git/git-upload-pack");
  CHECK_THAT(log, Catch::Contains("\"GET /redirect/app.git/info/refs?service=git-upload-pack") &&
                      Catch::Contains("\"POST /git/app.git/git-upload-pack") &&
                      !Catch::Contains("POST /redirect/"));
}

TEST_CASE("transport: http through a proxy, from ProxyConfig and from http_proxy",
          "[transport][http]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer server(repos.path());
  gitops::testing::HttpForwardProxy proxy;
  // The proxy's log shows the requests went through it.
  std::string url = server.Url("app");

  SECTION("ProxyConfig.address") {
    TransportSettings settings;
    settings.proxy.address = proxy.Url();
    testing::CloneOutcome out = CloneWith(url, settings);
    INFO(out.status.ToString() << "\n" << proxy.AccessLog());
    REQUIRE(out.status.ok());
    CHECK(out.head == sha);
  }
  SECTION("the environment's http_proxy") {
    setenv("http_proxy", proxy.Url().c_str(), 1);
    testing::CloneOutcome out = CloneWith(url, {});
    unsetenv("http_proxy");
    INFO(out.status.ToString() << "\n" << proxy.AccessLog());
    REQUIRE(out.status.ok());
    CHECK(out.head == sha);
  }
  CHECK_THAT(WaitForLog([&] { return proxy.AccessLog(); }, "POST"),
             Catch::Contains("POST") && Catch::Contains("git-upload-pack"));
}

TEST_CASE("transport: no error shows a secret, whatever fails", "[transport][http]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitHttpServer basic(repos.path(), {.username = "gitops", .password = "right"});
  GitHttpServer tls(repos.path(), {.tls = true, .require_client_cert = true});
  const std::string canary = kCanary;
  // Every secret field holds the canary (the PEM ones wrapped as PEM).
  TransportSettings all;
  all.credentials.username = "gitops";
  all.credentials.password = canary;
  all.credentials.bearer_token = canary;
  all.proxy.password = canary;
  std::string pem_canary =
      "-----BEGIN PRIVATE KEY-----\n" + canary + "\n-----END PRIVATE KEY-----\n";

  std::vector<std::pair<std::string, TransportSettings>> cases;
  {
    TransportSettings s = all;
    s.credentials.bearer_token.clear();
    cases.emplace_back(basic.Url("app"), s);  // wrong password
  }
  cases.emplace_back(basic.Url("app"), all);  // wrong bearer token
  cases.emplace_back(
      "http://gitops:" + canary + "@127.0.0.1:" + std::to_string(basic.port()) + "/git/app.git",
      TransportSettings{});  // wrong password in the URL
  {
    TransportSettings s = all;
    s.proxy.address =
        "http://gitops:" + canary + "@127.0.0.1:" + std::to_string(gitops::testing::FreePort());
    cases.emplace_back(basic.Url("app"), s);  // proxy not reachable
  }
  {
    TransportSettings s = all;
    s.credentials.ca_crt = tls.pki().ca_crt;
    s.credentials.tls_crt = tls.pki().client_crt;
    s.credentials.tls_key = pem_canary;
    cases.emplace_back(tls.Url("app"), s);  // unusable client key
  }
  {
    TransportSettings s = all;
    s.credentials.ca_crt =
        "-----BEGIN CERTIFICATE-----\n" + canary + "\n-----END CERTIFICATE-----\n";
    cases.emplace_back(tls.Url("app"), s);  // unreadable CA
  }
  for (const auto& [url, settings] : cases) {
    testing::CloneOutcome out = CloneWith(url, settings);
    INFO(url);
    REQUIRE_FALSE(out.status.ok());
    RequireNoSecret(out.status);
  }
}

TEST_CASE("transport: a server that never answers times out", "[transport][http]") {
  gitops::testing::SilentTcpListener silent;
  std::string url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/git/app.git";

  SECTION("the stall limit") {
    TransportSettings settings;
    settings.timeout = std::chrono::milliseconds(0);
    settings.stall_timeout = std::chrono::seconds(1);
    auto start = std::chrono::steady_clock::now();
    testing::CloneOutcome out = CloneWith(url, settings);
    CHECK(out.status.code() == Code::kTimeout);
    CHECK_THAT(out.status.message(), Catch::StartsWith("timed out fetching " + url));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  }
  SECTION("the operation's timeout") {
    TransportSettings settings;
    settings.timeout = std::chrono::milliseconds(1500);
    testing::CloneOutcome out = CloneWith(url, settings);
    CHECK(out.status.code() == Code::kTimeout);
  }
}

}  // namespace
}  // namespace gitops::source
