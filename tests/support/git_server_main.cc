// gitops_test_git_server: the fixtures of git_servers.h as a program, for
// tests that are not C++ (pytest, the CLI cases).
//
//   gitops_test_git_server http|https|ssh ROOT [--username U --password P]
//                          [--bearer-token T] [--client-cert]
//   gitops_test_git_server tinyproxy|squid - [--username U --password P]
//
// Serves the bare repositories under ROOT (an absolute path) on 127.0.0.1,
// or runs a forward proxy there (HttpForwardProxy; with a username it
// wants those proxy credentials), prints one JSON object on a line of stdout, then runs until stdin reaches
// EOF (or SIGTERM/SIGINT), and stops the server on the way out. Keys of the
// JSON: "url" (a template with "{name}" for the repository's name, e.g.
// "http://127.0.0.1:4242/git/{name}.git"; a proxy's own URL), "port"; https: "ca_crt",
// "client_crt", "client_key", "other_ca_crt" (PEM text); ssh: "user",
// "known_hosts", "known_hosts_hashed", "wrong_known_hosts",
// "cert_authority_known_hosts", "ed25519_key",
// "ed25519_key_with_passphrase", "key_passphrase", "ecdsa_key", "rsa_key".
//
//   p = subprocess.Popen([server, "http", root, "--username", "u", "--password", "p"],
//                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
//   info = json.loads(p.stdout.readline()); ...; p.stdin.close(); p.wait()
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/git_servers.h"

namespace {

int g_signal_pipe[2] = {-1, -1};

void OnSignal(int) {
  char c = 's';
  ssize_t n = write(g_signal_pipe[1], &c, 1);
  (void)n;
}

std::string Json(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

int Usage() {
  std::cerr << "usage: gitops_test_git_server http|https|ssh ROOT [--username U --password P] "
               "[--bearer-token T] [--client-cert]\n"
               "       gitops_test_git_server tinyproxy|squid - [--username U --password P]\n";
  return 2;
}

// Waits for EOF on stdin or a signal.
void WaitForEnd() {
  pollfd fds[2] = {{0, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
  char buf[256];
  while (true) {
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) return;
    if (fds[0].revents) {
      if (read(0, buf, sizeof buf) <= 0) return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  std::string kind = argv[1], root = argv[2];
  gitops::testing::GitHttpServerOptions options;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--username") {
      options.username = value();
    } else if (a == "--password") {
      options.password = value();
    } else if (a == "--bearer-token") {
      options.bearer_token = value();
    } else if (a == "--client-cert") {
      options.require_client_cert = true;
    } else {
      return Usage();
    }
  }
  if (pipe(g_signal_pipe) != 0) return 1;
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  try {
    std::string json;
    std::unique_ptr<gitops::testing::GitHttpServer> http;
    std::unique_ptr<gitops::testing::GitSshServer> ssh;
    std::unique_ptr<gitops::testing::HttpForwardProxy> proxy;
    if (kind == "http" || kind == "https") {
      options.tls = kind == "https";
      http = std::make_unique<gitops::testing::GitHttpServer>(root, options);
      json =
          "{\"url\": " + Json(http->Url("{name}")) + ", \"port\": " + std::to_string(http->port());
      if (options.tls) {
        const gitops::testing::TestPki& pki = http->pki();
        json += ", \"ca_crt\": " + Json(pki.ca_crt) + ", \"client_crt\": " + Json(pki.client_crt) +
                ", \"client_key\": " + Json(pki.client_key) +
                ", \"other_ca_crt\": " + Json(pki.other_ca_crt);
      }
      json += "}";
    } else if (kind == "ssh") {
      ssh = std::make_unique<gitops::testing::GitSshServer>(root);
      json = "{\"url\": " + Json(ssh->Url("{name}")) +
             ", \"port\": " + std::to_string(ssh->port()) + ", \"user\": " + Json(ssh->user()) +
             ", \"known_hosts\": " + Json(ssh->known_hosts()) +
             ", \"known_hosts_hashed\": " + Json(ssh->known_hosts_hashed()) +
             ", \"wrong_known_hosts\": " + Json(ssh->wrong_known_hosts()) +
             ", \"cert_authority_known_hosts\": " + Json(ssh->cert_authority_known_hosts()) +
             ", \"ed25519_key\": " + Json(ssh->ed25519_key()) +
             ", \"ed25519_key_with_passphrase\": " + Json(ssh->ed25519_key_with_passphrase()) +
             ", \"key_passphrase\": " + Json(gitops::testing::GitSshServer::kKeyPassphrase) +
             ", \"ecdsa_key\": " + Json(ssh->ecdsa_key()) +
             ", \"rsa_key\": " + Json(ssh->rsa_key()) + "}";
    } else if (kind == "tinyproxy" || kind == "squid") {
      proxy = std::make_unique<gitops::testing::HttpForwardProxy>(
          gitops::testing::HttpForwardProxyOptions{
              .username = options.username,
              .password = options.password,
              .server = kind == "squid" ? gitops::testing::ForwardProxyServer::kSquid
                                        : gitops::testing::ForwardProxyServer::kTinyproxy});
      json = "{\"url\": " + Json(proxy->Url()) + ", \"port\": " + std::to_string(proxy->port()) +
             "}";
    } else {
      return Usage();
    }
    std::cout << json << std::endl;
    WaitForEnd();
  } catch (const std::exception& e) {
    std::cerr << "gitops_test_git_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
