// GitSource::Fetch over SSH against OpenSSH's sshd on 127.0.0.1
// (tests/support/git_servers.h): ed25519 and ECDSA identities, a
// passphrase-protected one, known_hosts (plain, hashed, @revoked,
// @cert-authority), an unknown host, a key the server refuses, a missing
// repository, and a server that accepts the connection and never answers
// (the operation's timeout and cancellation). Expected SHAs come from `git`.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "gitops/source/git.h"
#include "tests/support/git_servers.h"

namespace gitops::source {
namespace {

using gitops::testing::CreateBareRepository;
using gitops::testing::GitSshServer;
using gitops::testing::ReadFile;
using gitops::testing::TempDir;

constexpr const char* kCanary = "canary-5d1e-ssh-s3cret";

struct SshFetch {
  TempDir work{"gitops-git-ssh"};
  GitFetchOptions options;
  SshFetch() {
    options.cache_dir = work.path() + "/cache";
    options.out_dir = work.path() + "/artifacts";
  }
  Result<Artifact> Run(const std::string& url, const GitCredentials& creds,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    GitRepositorySpec spec;
    spec.url = url;
    spec.timeout = timeout;
    return GitSource().Fetch(spec, creds, options);
  }
};

std::string HostPort(const GitSshServer& server) {
  return "[127.0.0.1]:" + std::to_string(server.port());
}

// The server's URL as errors print it: without the ssh user.
std::string PrintedUrl(const GitSshServer& server, const std::string& name) {
  std::string url = server.Url(name);
  return "ssh://" + url.substr(url.find('@') + 1);
}

void RequireNoSecret(const Status& status, const GitCredentials& creds) {
  INFO(status.ToString());
  CHECK(status.message().find(kCanary) == std::string::npos);
  CHECK(status.message().find("PRIVATE KEY") == std::string::npos);
  if (!creds.password.empty()) CHECK(status.message().find(creds.password) == std::string::npos);
}

TEST_CASE("git ssh: ed25519, ECDSA and a passphrase-protected key fetch the commit", "[git][ssh]") {
  TempDir repos{"gitops-repos"};
  std::string sha =
      CreateBareRepository(repos.path(), "fleet", {{"apps/app.yaml", "kind: ConfigMap\n"}});
  GitSshServer server(repos.path());
  GitCredentials creds;
  creds.known_hosts = server.known_hosts();
  SECTION("ed25519, a plain known_hosts line") { creds.identity = server.ed25519_key(); }
  SECTION("ECDSA, a hashed known_hosts line") {
    creds.identity = server.ecdsa_key();
    creds.known_hosts = server.known_hosts_hashed();
  }
  SECTION("ed25519 with a passphrase given as `password`") {
    creds.identity = server.ed25519_key_with_passphrase();
    creds.password = GitSshServer::kKeyPassphrase;
  }
  SECTION("a @revoked line for another key does not matter") {
    creds.identity = server.ed25519_key();
    std::string other = server.wrong_known_hosts();
    creds.known_hosts = "@revoked " + other + server.known_hosts();
  }
  SshFetch f;
  auto a = f.Run(server.Url("fleet"), creds);
  INFO((a.ok() ? "" : a.status().ToString()) << "\n" << server.Log());
  REQUIRE(a.ok());
  CHECK(a->revision == "master@sha1:" + sha);
  CHECK(a->url == server.Url("fleet"));
  CHECK(ReadFile(a->path + "/apps/app.yaml") == "kind: ConfigMap\n");

  // The no-op check lists the refs over SSH again and returns the same tree.
  auto b = f.Run(server.Url("fleet"), creds);
  REQUIRE(b.ok());
  CHECK(b->path == a->path);
  CHECK(b->digest == a->digest);
}

TEST_CASE("git ssh: an unknown host, a changed key and a revoked key are refused", "[git][ssh]") {
  TempDir repos{"gitops-repos"};
  CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  GitCredentials creds;
  creds.identity = server.ed25519_key();
  std::string key_part = server.known_hosts().substr(server.known_hosts().find(' ') + 1);
  std::string expected;
  SECTION("the host is not in known_hosts") {
    creds.known_hosts = "[127.0.0.1]:1 " + key_part + "git.example.com " + key_part;
    expected = "ssh host " + HostPort(server) +
               " is unknown: not in known_hosts, refusing to connect (it offered the ssh-ed25519 "
               "key SHA256:";
  }
  SECTION("known_hosts has another key for the host") {
    creds.known_hosts = server.wrong_known_hosts();
    expected = "ssh host key of " + HostPort(server) + " does not match known_hosts";
  }
  SECTION("the host's key is @revoked") {
    creds.known_hosts = "@revoked " + server.known_hosts() + server.known_hosts();
    expected = "ssh host key of " + HostPort(server) + " is revoked in known_hosts";
  }
  SECTION("no known_hosts") {
    expected = "ssh host " + HostPort(server) + " cannot be verified: no known_hosts given";
  }
  SshFetch f;
  auto a = f.Run(server.Url("fleet"), creds);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::kPermissionDenied);
  CHECK_THAT(a.status().message(), Catch::StartsWith(expected));
  RequireNoSecret(a.status(), creds);
  // Nothing was authenticated: sshd logged no accepted key.
  CHECK(server.Log().find("Accepted publickey") == std::string::npos);
}

TEST_CASE("git ssh: a host trusted only through @cert-authority is refused, saying why",
          "[git][ssh]") {
  TempDir repos{"gitops-repos"};
  CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  // The certificate is valid for OpenSSH itself: ssh-keygen verifies the
  // host certificate sshd presents against the CA line.
  TempDir scratch;
  gitops::testing::WriteFile(scratch.path() + "/known_hosts", server.cert_authority_known_hosts());
  std::string openssh = gitops::testing::Sh(
      "ssh -o BatchMode=yes -o UserKnownHostsFile=" + scratch.path() +
      "/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes"
      " -o IdentitiesOnly=yes -o IdentityFile=/dev/null -p " +
      std::to_string(server.port()) + " -v " + server.user() + "@127.0.0.1 true 2>&1 || true");
  INFO(openssh);
  REQUIRE_THAT(openssh, Catch::Contains("Host certificate authority known for") ||
                            Catch::Contains("Server host certificate"));

  GitCredentials creds;
  creds.identity = server.ed25519_key();
  creds.known_hosts = server.cert_authority_known_hosts();
  SshFetch f;
  auto a = f.Run(server.Url("fleet"), creds);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::kPermissionDenied);
  CHECK_THAT(a.status().message(),
             Catch::StartsWith("ssh host " + HostPort(server) +
                               " is trusted in known_hosts only through a @cert-authority line") &&
                 Catch::Contains("libssh2 1.10") && Catch::Contains("host certificates"));

  // With the host's own key beside the CA line, the fetch goes through.
  creds.known_hosts += server.known_hosts();
  auto b = f.Run(server.Url("fleet"), creds);
  INFO((b.ok() ? "" : b.status().ToString()));
  CHECK(b.ok());
}

TEST_CASE("git ssh: a refused key, a wrong passphrase, no identity are authentication errors",
          "[git][ssh]") {
  TempDir repos{"gitops-repos"};
  CreateBareRepository(repos.path(), "fleet", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  GitCredentials creds;
  creds.known_hosts = server.known_hosts();
  std::string expected;
  SECTION("a key the server does not authorize") {
    TempDir keys;
    gitops::testing::Sh("ssh-keygen -q -t ed25519 -N '' -f " + keys.path() + "/k");
    creds.identity = ReadFile(keys.path() + "/k");
    expected = "authentication failed for " + PrintedUrl(server, "fleet") +
               ": the server refused the ssh key";
  }
  SECTION("the right key with a wrong passphrase") {
    creds.identity = server.ed25519_key_with_passphrase();
    creds.password = kCanary;
    expected = "ssh identity for " + PrintedUrl(server, "fleet") +
               " could not be loaded: wrong password for the key";
  }
  SECTION("a passphrase-protected key without its passphrase") {
    creds.identity = server.ed25519_key_with_passphrase();
    expected = "ssh identity for " + PrintedUrl(server, "fleet") + " could not be loaded";
  }
  SECTION("no identity") {
    expected = "authentication failed for " + PrintedUrl(server, "fleet") +
               ": no ssh identity given (the Secret's `identity` key)";
  }
  SECTION("an RSA key") {
    creds.identity = server.rsa_key();
    expected = "authentication failed for " + PrintedUrl(server, "fleet") +
               ": the server refused the ssh key (it is an RSA key: libssh2 1.10";
  }
  SshFetch f;
  auto a = f.Run(server.Url("fleet"), creds);
  REQUIRE_FALSE(a.ok());
  INFO(server.Log());
  CHECK(a.status().code() == Code::kPermissionDenied);
  CHECK_THAT(a.status().message(), Catch::StartsWith(expected));
  RequireNoSecret(a.status(), creds);
}

TEST_CASE("git ssh: a missing repository is NotFound with git-upload-pack's words", "[git][ssh]") {
  TempDir repos{"gitops-repos"};
  GitSshServer server(repos.path());
  GitCredentials creds;
  creds.known_hosts = server.known_hosts();
  creds.identity = server.ed25519_key();
  SshFetch f;
  auto a = f.Run(server.Url("missing"), creds);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::kNotFound);
  CHECK_THAT(a.status().message(), Catch::Contains(PrintedUrl(server, "missing")) &&
                                       Catch::Contains("does not appear to be a git repository"));
}

TEST_CASE("git ssh: a server that accepts the connection and says nothing times out",
          "[git][ssh]") {
  gitops::testing::SilentTcpListener silent;
  std::string host = "127.0.0.1:" + std::to_string(silent.port());
  std::string url = "ssh://git@" + host + "/srv/fleet.git";
  GitCredentials creds;
  // Never used: no handshake ever completes.
  creds.identity = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + std::string(kCanary) +
                   "\n-----END OPENSSH PRIVATE KEY-----\n";
  creds.known_hosts = "[127.0.0.1]:" + std::to_string(silent.port()) + " ssh-ed25519 AAAA\n";
  SshFetch f;

  SECTION("the operation's timeout (spec.timeout)") {
    auto start = std::chrono::steady_clock::now();
    auto a = f.Run(url, creds, std::chrono::milliseconds(1500));
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kTimeout);
    CHECK_THAT(a.status().message(),
               Catch::StartsWith("timed out fetching ssh://" + host + "/srv/fleet.git: ") &&
                   Catch::Contains("1500 ms") && Catch::Contains("the SSH handshake") &&
                   Catch::Contains("ssh host " + host));
    RequireNoSecret(a.status(), creds);
    // A sanity bound, not a timing: it did stop, long before the 60 s default.
    CHECK(took < std::chrono::seconds(20));
  }
  SECTION("cancellation from another thread") {
    CancelToken cancel;
    f.options.cancel = &cancel;
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      cancel.Cancel();
    });
    auto a = f.Run(url, creds);
    canceller.join();
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kCancelled);
  }
}

}  // namespace
}  // namespace gitops::source
