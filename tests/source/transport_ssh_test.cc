// SSH through libgit2's libssh2 with our credential callback and host-key
// check, against OpenSSH's sshd on 127.0.0.1 with generated keys; and the
// known_hosts matcher on its own.
#include <catch2/catch.hpp>

#include "gitops/core/base64.h"
#include "tests/source/transport_test_util.h"

namespace gitops::source {
namespace {

using gitops::testing::CreateBareRepository;
using gitops::testing::GitSshServer;
using gitops::testing::TempDir;
using testing::CloneWith;

std::string HostPort(const GitSshServer& server) {
  return "[127.0.0.1]:" + std::to_string(server.port());
}

TEST_CASE("transport: ssh with ed25519 and ECDSA keys clones", "[transport][ssh]") {
  TempDir repos;
  std::string sha = CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  TransportSettings settings;
  settings.credentials.known_hosts = server.known_hosts();

  SECTION("ed25519, plain known_hosts entry") {
    settings.credentials.identity = server.ed25519_key();
  }
  SECTION("ed25519 with a passphrase, hashed known_hosts entry") {
    settings.credentials.identity = server.ed25519_key_with_passphrase();
    settings.credentials.password = GitSshServer::kKeyPassphrase;
    settings.credentials.known_hosts = server.known_hosts_hashed();
  }
  SECTION("ECDSA") { settings.credentials.identity = server.ecdsa_key(); }

  testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
  INFO(out.status.ToString() << "\n" << server.Log());
  REQUIRE(out.status.ok());
  CHECK(out.head == sha);
}

TEST_CASE("transport: ssh refuses an unknown or changed host key", "[transport][ssh]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  TransportSettings settings;
  settings.credentials.identity = server.ed25519_key();

  SECTION("host not in known_hosts") {
    settings.credentials.known_hosts =
        "[127.0.0.1]:1 " + server.known_hosts().substr(server.known_hosts().find(' ') + 1);
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    REQUIRE_FALSE(out.status.ok());
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(),
               Catch::StartsWith("ssh host " + HostPort(server) +
                                 " is unknown: not in known_hosts, refusing to connect") &&
                   Catch::Contains("ssh-ed25519 key SHA256:"));
  }
  SECTION("no known_hosts at all") {
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(),
               Catch::StartsWith("ssh host " + HostPort(server) +
                                 " cannot be verified: no known_hosts given"));
  }
  SECTION("a different key for the host") {
    settings.credentials.known_hosts = server.wrong_known_hosts();
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK_THAT(out.status.message(), Catch::StartsWith("ssh host key of " + HostPort(server) +
                                                       " does not match known_hosts"));
  }
}

TEST_CASE("transport: an RSA key's refusal says why", "[transport][ssh]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  TransportSettings settings;
  settings.credentials.known_hosts = server.known_hosts();
  settings.credentials.identity = server.rsa_key();
  testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
  REQUIRE_FALSE(out.status.ok());
  INFO(out.status.ToString() << "\n" << server.Log());
  CHECK(out.status.code() == Code::kPermissionDenied);
  CHECK_THAT(out.status.message(), Catch::StartsWith("authentication failed for ssh://") &&
                                       Catch::Contains("it is an RSA key: libssh2 1.10") &&
                                       Catch::Contains("use an ed25519 or ECDSA key"));
  CHECK(out.status.message().find("PRIVATE KEY") == std::string::npos);
}

TEST_CASE("transport: a key the server does not authorize, a wrong passphrase",
          "[transport][ssh]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "app", {{"a.txt", "a\n"}});
  GitSshServer server(repos.path());
  TransportSettings settings;
  settings.credentials.known_hosts = server.known_hosts();

  SECTION("an unauthorized ed25519 key") {
    TempDir keys;
    gitops::testing::Sh("ssh-keygen -q -t ed25519 -N '' -f " + keys.path() + "/k");
    settings.credentials.identity = gitops::testing::ReadFile(keys.path() + "/k");
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    CHECK(out.status.code() == Code::kPermissionDenied);
    // The URL without its userinfo (even a bare ssh user name).
    CHECK(out.status.message() ==
          "authentication failed for ssh://127.0.0.1:" + std::to_string(server.port()) +
              repos.path() + "/app.git: the server refused the ssh key");
  }
  SECTION("a wrong passphrase") {
    settings.credentials.identity = server.ed25519_key_with_passphrase();
    settings.credentials.password = testing::kCanary;
    testing::CloneOutcome out = CloneWith(server.Url("app"), settings);
    INFO(out.status.ToString());
    CHECK(out.status.code() == Code::kPermissionDenied);
    CHECK(out.status.message().find(testing::kCanary) == std::string::npos);
  }
}

TEST_CASE("transport: the ssh server killed mid-fetch is a clear error", "[transport][ssh]") {
  TempDir repos;
  CreateBareRepository(repos.path(), "big", {{"blob", gitops::testing::RandomBytes(16 << 20, 3)}});
  GitSshServer server(repos.path());
  TransportSettings settings;
  settings.credentials.known_hosts = server.known_hosts();
  settings.credentials.identity = server.ed25519_key();
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
  // The URL without the ssh user, as every error prints it.
  std::string url = server.Url("big");
  CHECK_THAT(out.status.message(),
             Catch::StartsWith("ssh://" + url.substr(url.find('@') + 1) +
                               ": connection to ssh host "
                               "127.0.0.1:" +
                               std::to_string(server.port()) + " lost while fetching"));
}

// --- known_hosts matching without a server -------------------------------

std::string Blob(std::string_view base64) { return *Base64Decode(base64); }

constexpr const char* kKeyA =
    "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
constexpr const char* kKeyB =
    "AAAAC3NzaC1lZDI1NTE5AAAAIB8J2ziafW5xJ/7N6u2X5wJ2k7gQXeGc6X1mYbQ2FfC1";

TEST_CASE("known_hosts: plain, port, list, wildcard, negation, revoked", "[transport]") {
  std::string a = Blob(kKeyA);
  std::string kh = std::string("# comment\n\n") + "git.example.com,10.0.0.1 ssh-ed25519 " + kKeyA +
                   " c\n" + "[git.example.com]:2222 ssh-ed25519 " + kKeyB + "\n" +
                   "*.corp.example,!bad.corp.example ssh-ed25519 " + kKeyA + "\n";
  CHECK(CheckKnownHosts(kh, "git.example.com", 22, a).ok());
  CHECK(CheckKnownHosts(kh, "GIT.example.com", 22, a).ok());
  CHECK(CheckKnownHosts(kh, "10.0.0.1", 22, a).ok());
  CHECK(CheckKnownHosts(kh, "git.example.com", 2222, Blob(kKeyB)).ok());
  Status mismatch = CheckKnownHosts(kh, "git.example.com", 2222, a);
  CHECK(mismatch.code() == Code::kPermissionDenied);
  CHECK_THAT(mismatch.message(), Catch::StartsWith("ssh host key of [git.example.com]:2222 "
                                                   "does not match known_hosts"));
  CHECK(CheckKnownHosts(kh, "x.corp.example", 22, a).ok());
  CHECK_THAT(CheckKnownHosts(kh, "bad.corp.example", 22, a).message(),
             Catch::Contains("is unknown"));
  CHECK_THAT(CheckKnownHosts(kh, "other.example.com", 22, a).message(),
             Catch::Contains("is unknown"));
  std::string revoked = "@revoked * ssh-ed25519 " + std::string(kKeyA) + "\n" + kh;
  CHECK_THAT(CheckKnownHosts(revoked, "git.example.com", 22, a).message(),
             Catch::Contains("is revoked"));
}

TEST_CASE("known_hosts: hashed entries as ssh-keygen -H writes them", "[transport]") {
  TempDir dir;
  gitops::testing::WriteFile(dir.path() + "/kh", "[127.0.0.1]:2200 ssh-ed25519 " +
                                                     std::string(kKeyA) + "\n" +
                                                     "git.example.com ssh-ed25519 " + kKeyB + "\n");
  gitops::testing::Sh("ssh-keygen -q -H -f " + dir.path() + "/kh");
  std::string hashed = gitops::testing::ReadFile(dir.path() + "/kh");
  REQUIRE(hashed.find("|1|") != std::string::npos);
  REQUIRE(hashed.find("127.0.0.1") == std::string::npos);
  CHECK(CheckKnownHosts(hashed, "127.0.0.1", 2200, Blob(kKeyA)).ok());
  CHECK(CheckKnownHosts(hashed, "git.example.com", 22, Blob(kKeyB)).ok());
  CHECK_FALSE(CheckKnownHosts(hashed, "127.0.0.1", 22, Blob(kKeyA)).ok());
  CHECK_FALSE(CheckKnownHosts(hashed, "git.example.com", 22, Blob(kKeyA)).ok());
}

TEST_CASE("SshPrivateKeyType tells RSA from ed25519 and ECDSA", "[transport]") {
  TempDir dir;
  gitops::testing::Sh("cd " + dir.path() +
                      " && ssh-keygen -q -t rsa -b 1024 -N '' -f rsa"
                      " && ssh-keygen -q -t rsa -b 1024 -N 'pw' -f rsa_pass"
                      " && ssh-keygen -q -t ed25519 -N '' -f ed"
                      " && ssh-keygen -q -t ecdsa -N '' -f ec"
                      " && ssh-keygen -q -t rsa -b 1024 -m PEM -N '' -f rsa_pem");
  auto type = [&](const char* f) {
    return SshPrivateKeyType(gitops::testing::ReadFile(dir.path() + "/" + f));
  };
  CHECK(type("rsa") == "ssh-rsa");
  CHECK(type("rsa_pass") == "ssh-rsa");
  CHECK(type("rsa_pem") == "ssh-rsa");
  CHECK(type("ed") == "ssh-ed25519");
  CHECK(type("ec") == "ecdsa-sha2-nistp256");
}

}  // namespace
}  // namespace gitops::source
