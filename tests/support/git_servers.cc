// Real Git servers for tests: see git_servers.h.
#include "tests/support/git_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGitHttpBackend = "/usr/lib/git-core/git-http-backend";
constexpr const char* kLighttpd = "/usr/sbin/lighttpd";
constexpr const char* kSshd = "/usr/sbin/sshd";
constexpr const char* kTinyproxy = "/usr/bin/tinyproxy";
constexpr const char* kSquid = "/usr/sbin/squid";
constexpr const char* kSquidBasicAuth = "/usr/lib/squid/basic_ncsa_auth";

[[noreturn]] void Fail(const std::string& message) { throw std::runtime_error(message); }

// Starts `argv` in its own process group with stdout and stderr appended to
// `log_path`; returns its pid. The server gets this process's environment
// without LD_PRELOAD: a sanitized test run under Python preloads the ASan
// runtime, and system servers are not built for it (squid aborts at start
// on a new/delete size mismatch of its own).
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;  // made before fork: the child only execs
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "LD_PRELOAD=", 11) != 0) env.push_back(*e);
  }
  env.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) Fail("fork: " + std::string(strerror(errno)));
  if (pid == 0) {
    setpgid(0, 0);
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    execve(args[0], args.data(), env.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, so Stop() never races the child's own call
  return pid;
}

// The descendants of `root` (from /proc's parent links), deepest last.
std::vector<pid_t> Descendants(pid_t root) {
  std::map<pid_t, pid_t> parent;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadFile(entry.path().string() + "/stat");
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    parent[std::stoi(name)] = ppid;
  }
  std::vector<pid_t> out = {root};
  for (size_t i = 0; i < out.size(); ++i) {
    for (const auto& [pid, ppid] : parent) {
      if (ppid == out[i]) out.push_back(pid);
    }
  }
  out.erase(out.begin());
  return out;
}

// Kills the server, its process group and every descendant (sshd's
// per-connection children start sessions of their own), then reaps it.
void KillGroup(pid_t& pid) {
  if (pid <= 0) return;
  kill(pid, SIGSTOP);  // no new children while we collect them
  for (pid_t child : Descendants(pid)) kill(child, SIGKILL);
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// Waits until the server accepts connections on `port`; throws with its
// log if it exits first or takes longer than 10 s.
void WaitReady(pid_t& pid, int port, const std::string& what, const std::string& log_path) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      Fail(what + " exited at start (status " + std::to_string(status) +
           "): " + ReadFile(log_path));
    }
    if (CanConnect(port)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  KillGroup(pid);
  Fail(what + " did not listen on 127.0.0.1:" + std::to_string(port) + ": " + ReadFile(log_path));
}

// Starts a server on a port that was free a moment ago: `configure(port)`
// writes its configuration and returns its command line. Another port is
// tried (three in all) when the server does not come up, since the port
// may have been taken meanwhile. Returns the pid; *port is the one used.
pid_t StartOnFreePort(const std::string& what, const std::string& log_path,
                      const std::function<std::vector<std::string>(int port)>& configure,
                      int* port) {
  for (int attempt = 0;; ++attempt) {
    *port = FreePort();
    pid_t pid = Spawn(configure(*port), log_path);
    try {
      WaitReady(pid, *port, what, log_path);
      return pid;
    } catch (const std::runtime_error&) {
      if (attempt == 2) throw;
    }
  }
}

std::string CurrentUser() {
  const passwd* pw = getpwuid(geteuid());
  if (pw == nullptr) Fail("no passwd entry for uid " + std::to_string(geteuid()));
  return pw->pw_name;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

constexpr const char* kGit =
    "git -c user.name=gitops-test -c user.email=test@gitops.invalid -c commit.gpgsign=false "
    "-c init.defaultBranch=master -c protocol.file.allow=always";

void WriteFiles(const std::string& work, const Files& files) {
  for (const auto& [path, content] : files) {
    fs::path p = fs::path(work) / path;
    fs::create_directories(p.parent_path());
    WriteFile(p.string(), content);
  }
}

}  // namespace

TempDir::TempDir(std::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) Fail("mkdtemp " + pattern + ": " + strerror(errno));
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string Sh(const std::string& command) {
  TempDir dir("gitops-sh");
  std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err";
  std::string full = "( " + command + " ) >" + out_path + " 2>" + err_path + " </dev/null";
  int rc = std::system(full.c_str());
  std::string out = ReadFile(out_path);
  if (rc != 0) {
    Fail("command failed (" + std::to_string(rc) + "): " + command + "\nstdout: " + out +
         "\nstderr: " + ReadFile(err_path));
  }
  return out;
}

std::string Git(const std::string& dir, const std::string& command) {
  std::string out = Sh(
      "cd " + ShellQuote(dir) +
      " && export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com"
      " GIT_COMMITTER_NAME=Bob GIT_COMMITTER_EMAIL=bob@example.com"
      " GIT_AUTHOR_DATE=2024-01-02T03:04:05Z GIT_COMMITTER_DATE=2024-01-02T03:04:05Z"
      " GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=/nonexistent"
      " GIT_CONFIG_COUNT=4"
      " GIT_CONFIG_KEY_0=init.defaultBranch GIT_CONFIG_VALUE_0=master"
      " GIT_CONFIG_KEY_1=protocol.file.allow GIT_CONFIG_VALUE_1=always"
      " GIT_CONFIG_KEY_2=core.symlinks GIT_CONFIG_VALUE_2=true"
      " GIT_CONFIG_KEY_3=advice.detachedHead GIT_CONFIG_VALUE_3=false"
      " && git " +
      command);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, std::string_view content, int mode) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) Fail("cannot write " + path);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  chmod(path.c_str(), static_cast<mode_t>(mode));
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Fail("socket: " + std::string(strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    Fail("bind 127.0.0.1:0: " + std::string(strerror(errno)));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string RandomBytes(size_t size, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::string out(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    uint64_t v = rng();
    std::memcpy(&out[i], &v, std::min<size_t>(8, size - i));
  }
  return out;
}

std::string CreateBareRepository(const std::string& root, const std::string& name,
                                 const Files& files, const std::string& branch) {
  std::string bare = root + "/" + name + ".git";
  Sh(std::string(kGit) + " init -q --bare -b " + ShellQuote(branch) + " " + ShellQuote(bare));
  return CommitToBareRepository(bare, files, branch, "initial");
}

std::string CommitToBareRepository(const std::string& bare_path, const Files& files,
                                   const std::string& branch, const std::string& message) {
  TempDir work("gitops-work");
  std::string git = std::string(kGit) + " -C " + ShellQuote(work.path());
  Sh(git + " init -q");
  Sh(git + " fetch -q " + ShellQuote(bare_path) + " +refs/heads/*:refs/remotes/origin/*");
  std::string has = Sh(git + " branch -r --list " + ShellQuote("origin/" + branch));
  if (Trim(has).empty()) {
    Sh(git + " checkout -q --orphan " + ShellQuote(branch));
  } else {
    Sh(git + " checkout -q -b " + ShellQuote(branch) + " " + ShellQuote("origin/" + branch));
  }
  WriteFiles(work.path(), files);
  Sh(git + " add -A && " + git + " commit -q --allow-empty -m " + ShellQuote(message));
  Sh(git + " push -q " + ShellQuote(bare_path) + " " + ShellQuote("HEAD:refs/heads/" + branch));
  return Trim(Sh(git + " rev-parse HEAD"));
}

TestPki GeneratePki(const std::string& dir) {
  const std::string d = ShellQuote(dir);
  const std::string newkey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  auto make_ca = [&](const std::string& name, const std::string& cn) {
    Sh("cd " + d + " && openssl req -x509 " + newkey + " -keyout " + name + ".key -out " + name +
       ".crt -days 2 -subj /CN=" + cn +
       " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
  };
  auto make_leaf = [&](const std::string& name, const std::string& ca, const std::string& cn,
                       const std::string& ext) {
    WriteFile(dir + "/" + name + ".ext", ext);
    Sh("cd " + d + " && openssl req " + newkey + " -keyout " + name + ".key -out " + name +
       ".csr -subj /CN=" + cn + " && openssl x509 -req -in " + name + ".csr -CA " + ca +
       ".crt -CAkey " + ca + ".key -CAcreateserial -days 2 -out " + name + ".crt -extfile " + name +
       ".ext");
  };
  make_ca("ca", "gitops-test-ca");
  make_ca("client-ca", "gitops-test-client-ca");
  make_ca("other-ca", "gitops-test-other-ca");
  make_leaf("server", "ca", "127.0.0.1",
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
            "extendedKeyUsage=serverAuth\n");
  make_leaf("client", "client-ca", "gitops-test-client",
            "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
  TestPki pki;
  pki.ca_crt = ReadFile(dir + "/ca.crt");
  pki.server_crt_path = dir + "/server.crt";
  pki.server_key_path = dir + "/server.key";
  pki.client_ca_crt_path = dir + "/client-ca.crt";
  pki.client_ca_crt = ReadFile(pki.client_ca_crt_path);
  pki.client_crt = ReadFile(dir + "/client.crt");
  pki.client_key = ReadFile(dir + "/client.key");
  pki.other_ca_crt = ReadFile(dir + "/other-ca.crt");
  return pki;
}

// ---------------------------------------------------------------------------
// GitHttpServer

GitHttpServer::GitHttpServer(std::string repos_root, GitHttpServerOptions options)
    : dir_("gitops-httpd"), repos_root_(std::move(repos_root)), options_(std::move(options)) {
  const std::string& d = dir_.path();
  if (options_.tls) pki_ = GeneratePki(d);

  // The CGI that lighttpd runs for /git/: git-http-backend itself, or the
  // bearer wrapper that checks the Authorization header first (lighttpd has
  // no bearer-token auth module).
  std::string cgi = kGitHttpBackend;
  if (!options_.bearer_token.empty()) {
    WriteFile(d + "/token", "Bearer " + options_.bearer_token);
    cgi = d + "/git-bearer.cgi";
    WriteFile(cgi,
              "#!/bin/sh\n"
              "expected=$(cat " +
                  ShellQuote(d + "/token") +
                  ")\n"
                  "if [ \"${HTTP_AUTHORIZATION:-}\" != \"$expected\" ]; then\n"
                  "  printf 'Status: 401 Unauthorized\\r\\n'\n"
                  "  printf 'WWW-Authenticate: Bearer realm=\"git\"\\r\\n'\n"
                  "  printf 'Content-Type: text/plain\\r\\n\\r\\n'\n"
                  "  printf 'bad or missing bearer token\\n'\n"
                  "  exit 0\n"
                  "fi\n"
                  "exec " +
                  std::string(kGitHttpBackend) + "\n",
              0755);
  }

  std::string conf;
  conf +=
      "server.modules = (\"mod_auth\", \"mod_authn_file\", \"mod_alias\", \"mod_setenv\", "
      "\"mod_redirect\", \"mod_cgi\", \"mod_accesslog\"";
  if (options_.tls) conf += ", \"mod_openssl\"";
  conf += ")\n";
  conf += "server.document-root = \"" + d + "\"\n";
  conf += "server.bind = \"127.0.0.1\"\n";
  conf += "server.errorlog = \"" + d + "/error.log\"\n";
  conf += "server.max-request-size = 0\n";
  conf += "accesslog.filename = \"" + d + "/access.log\"\n";
  conf += "alias.url = ( \"/git\" => \"" + cgi + "\" )\n";
  // /redirect/<anything> answers 301 to /git/<anything> (query included).
  conf += "url.redirect = ( \"^/redirect/(.*)$\" => \"/git/$1\" )\n";
  conf += "$HTTP[\"url\"] =~ \"^/git\" {\n";
  conf += "  cgi.assign = ( \"\" => \"\" )\n";
  conf += "  setenv.add-environment = ( \"GIT_PROJECT_ROOT\" => \"" + repos_root_ +
          "\", \"GIT_HTTP_EXPORT_ALL\" => \"1\" )\n";
  conf += "}\n";
  if (!options_.username.empty()) {
    WriteFile(d + "/users", options_.username + ":" + options_.password + "\n");
    conf += "auth.backend = \"plain\"\n";
    conf += "auth.backend.plain.userfile = \"" + d + "/users\"\n";
    conf +=
        "auth.require = ( \"/git\" => ( \"method\" => \"basic\", \"realm\" => \"git\", "
        "\"require\" => \"valid-user\" ) )\n";
  }
  if (options_.tls) {
    conf += "ssl.engine = \"enable\"\n";
    conf += "ssl.pemfile = \"" + pki_.server_crt_path + "\"\n";
    conf += "ssl.privkey = \"" + pki_.server_key_path + "\"\n";
    if (options_.require_client_cert) {
      // lighttpd builds the server's chain from ssl.ca-file too, so it holds
      // both CAs; client certificates are signed by the client CA only.
      WriteFile(d + "/ca-file.crt", pki_.ca_crt + pki_.client_ca_crt);
      conf += "ssl.ca-file = \"" + d + "/ca-file.crt\"\n";
      conf += "ssl.verifyclient.activate = \"enable\"\n";
      conf += "ssl.verifyclient.enforce = \"enable\"\n";
    }
  }

  pid_ = StartOnFreePort(
      "lighttpd", d + "/stderr.log",
      [&](int port) -> std::vector<std::string> {
        WriteFile(d + "/lighttpd.conf", conf + "server.port = " + std::to_string(port) + "\n");
        return {kLighttpd, "-D", "-f", d + "/lighttpd.conf"};
      },
      &port_);
}

GitHttpServer::~GitHttpServer() { Stop(); }

void GitHttpServer::Stop() { KillGroup(pid_); }

std::string GitHttpServer::BaseUrl() const {
  return std::string(options_.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string GitHttpServer::Url(const std::string& name) const {
  return BaseUrl() + "/git/" + name + ".git";
}

std::string GitHttpServer::ErrorLog() const {
  return ReadFile(dir_.path() + "/error.log") + ReadFile(dir_.path() + "/stderr.log");
}

std::string GitHttpServer::AccessLog() const { return ReadFile(dir_.path() + "/access.log"); }

// ---------------------------------------------------------------------------
// HttpForwardProxy

HttpForwardProxy::HttpForwardProxy(HttpForwardProxyOptions options) : dir_("gitops-proxy") {
  const bool squid = options.server == ForwardProxyServer::kSquid;
  access_log_ = dir_.path() + (squid ? "/access.log" : "/tinyproxy.log");
  if (squid) {
    // "gitops" and the temp dir's random suffix: unique while the dir lives.
    squid_service_ = "gitops";
    std::string name = fs::path(dir_.path()).filename().string();
    for (char c : name.substr(name.rfind('-') + 1)) {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) squid_service_ += c;
    }
  }
  pid_ = StartOnFreePort(
      squid ? "squid" : "tinyproxy", dir_.path() + "/stderr.log",
      [&](int port) {
        return squid ? ConfigureSquid(options, port) : ConfigureTinyproxy(options, port);
      },
      &port_);
}

std::vector<std::string> HttpForwardProxy::ConfigureTinyproxy(
    const HttpForwardProxyOptions& options, int port) {
  const std::string& d = dir_.path();
  std::string conf;
  conf += "Listen 127.0.0.1\n";
  conf += "Port " + std::to_string(port) + "\n";
  conf += "Timeout 60\n";
  conf += "MaxClients 50\n";
  conf += "LogFile \"" + access_log_ + "\"\n";
  conf += "LogLevel Info\n";
  conf += "DisableViaHeader Yes\n";
  if (!options.username.empty()) {
    conf += "BasicAuth " + options.username + " " + options.password + "\n";
  }
  WriteFile(d + "/tinyproxy.conf", conf);
  return {kTinyproxy, "-d", "-c", d + "/tinyproxy.conf"};
}

std::vector<std::string> HttpForwardProxy::ConfigureSquid(const HttpForwardProxyOptions& options,
                                                           int port) {
  const std::string& d = dir_.path();
  std::string conf;
  conf += "http_port 127.0.0.1:" + std::to_string(port) + "\n";
  conf += "visible_hostname gitops-test\n";
  conf += "pid_filename " + d + "/squid.pid\n";
  conf += "cache_log " + d + "/cache.log\n";
  conf += "access_log stdio:" + access_log_ + "\n";
  conf += "cache_store_log none\n";
  conf += "netdb_filename none\n";
  conf += "coredump_dir " + d + "\n";
  // No cache (memory or disk), no ICMP pinger, no name server but ours:
  // requests go to 127.0.0.1 literals only.
  conf += "cache deny all\n";
  conf += "cache_mem 0\n";
  conf += "pinger_enable off\n";
  conf += "dns_nameservers 127.0.0.1\n";
  conf += "shutdown_lifetime 0 seconds\n";
  if (!options.username.empty()) {
    std::string hash = Sh("printf '%s\\n' " + ShellQuote(options.password) +
                          " | openssl passwd -apr1 -stdin");
    while (!hash.empty() && hash.back() == '\n') hash.pop_back();
    WriteFile(d + "/htpasswd", options.username + ":" + hash + "\n");
    conf += "auth_param basic program " + std::string(kSquidBasicAuth) + " " + d + "/htpasswd\n";
    conf += "auth_param basic realm gitops-test\n";
    conf += "auth_param basic children 2 startup=1 idle=1\n";
    conf += "acl authenticated proxy_auth REQUIRED\n";
    conf += "http_access allow authenticated\n";
    conf += "http_access deny all\n";
  } else {
    conf += "http_access allow all\n";
  }
  if (geteuid() == 0) {
    // squid will not run as root: it switches to cache_effective_user,
    // which must be able to write its logs and read the htpasswd file.
    const passwd* pw = getpwnam("proxy");
    if (pw == nullptr) pw = getpwnam("nobody");
    if (pw == nullptr) Fail("squid as root needs a `proxy` or `nobody` user");
    conf += "cache_effective_user " + std::string(pw->pw_name) + "\n";
    WriteFile(d + "/squid.conf", conf);
    for (const auto& entry : fs::recursive_directory_iterator(d)) {
      if (::lchown(entry.path().c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        Fail("chown " + entry.path().string() + ": " + strerror(errno));
      }
    }
    if (::chown(d.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      Fail("chown " + d + ": " + strerror(errno));
    }
  } else {
    WriteFile(d + "/squid.conf", conf);
  }
  // The service name prefixes squid's shared memory segments
  // (/dev/shm/<name>-cf__*.shm, made even without SMP workers): one of our
  // own, so that proxies running at once never share them.
  return {kSquid, "-N", "-n", squid_service_, "-f", d + "/squid.conf"};
}

HttpForwardProxy::~HttpForwardProxy() { Stop(); }

void HttpForwardProxy::Stop() {
  KillGroup(pid_);
  // Killed, squid leaves its shared memory segments behind.
  if (!squid_service_.empty()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/dev/shm", ec)) {
      if (entry.path().filename().string().starts_with(squid_service_ + "-")) {
        fs::remove(entry.path(), ec);
      }
    }
  }
}

std::string HttpForwardProxy::Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string HttpForwardProxy::AccessLog() const { return ReadFile(access_log_); }

std::string HttpForwardProxy::AccessLogOnceContains(const std::string& needle,
                                                    std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string log = AccessLog();
  while (log.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = AccessLog();
  }
  return log;
}

std::string HttpForwardProxy::ErrorLog() const {
  // squid's cache.log holds its own messages (start, helper failures).
  return ReadFile(dir_.path() + "/stderr.log") + ReadFile(dir_.path() + "/cache.log");
}

// ---------------------------------------------------------------------------
// SilentTcpListener

SilentTcpListener::SilentTcpListener() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) Fail("socket: " + std::string(strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 16) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd_);
    Fail("listen on 127.0.0.1:0: " + std::string(strerror(errno)));
  }
  port_ = ntohs(addr.sin_port);
}

SilentTcpListener::~SilentTcpListener() { close(fd_); }

// ---------------------------------------------------------------------------
// GitSshServer

GitSshServer::GitSshServer(std::string repos_root)
    : dir_("gitops-sshd"), repos_root_(std::move(repos_root)), user_(CurrentUser()) {
  const std::string& d = dir_.path();
  const std::string q = ShellQuote(d);
  // sshd insists on its privilege separation directory (compiled in).
  std::error_code ec;
  fs::create_directories("/run/sshd", ec);

  Sh("cd " + q +
     " && ssh-keygen -q -t ed25519 -N '' -C host -f host_ed25519"
     " && ssh-keygen -q -t ed25519 -N '' -C other -f other_ed25519"
     " && ssh-keygen -q -t ed25519 -N '' -C user -f user_ed25519"
     " && ssh-keygen -q -t ed25519 -N " +
     ShellQuote(kKeyPassphrase) +
     " -C user-pass -f user_pass_ed25519"
     " && ssh-keygen -q -t ecdsa -b 256 -N '' -C user-ecdsa -f user_ecdsa"
     " && ssh-keygen -q -t rsa -b 2048 -N '' -C user-rsa -f user_rsa"
     " && cat user_ed25519.pub user_pass_ed25519.pub user_ecdsa.pub user_rsa.pub"
     " > authorized_keys");
  ed25519_key_ = ReadFile(d + "/user_ed25519");
  ed25519_pass_key_ = ReadFile(d + "/user_pass_ed25519");
  ecdsa_key_ = ReadFile(d + "/user_ecdsa");
  rsa_key_ = ReadFile(d + "/user_rsa");

  auto public_key = [&](const std::string& file) {
    std::string pub = Trim(ReadFile(d + "/" + file));
    return pub.substr(0, pub.rfind(' '));  // drop the comment
  };

  // A host certificate for the host key, from a per-run CA (for
  // @cert-authority known_hosts lines).
  Sh("cd " + q +
     " && ssh-keygen -q -t ed25519 -N '' -C host-ca -f host_ca"
     " && ssh-keygen -q -s host_ca -I gitops-test-host -h -n 127.0.0.1 -V -5m:+2d"
     " host_ed25519.pub");

  pid_ = StartOnFreePort(
      "sshd", d + "/sshd.log",
      [&](int port) -> std::vector<std::string> {
        std::string host = "[127.0.0.1]:" + std::to_string(port);
        known_hosts_ = host + " " + public_key("host_ed25519.pub") + "\n";
        wrong_known_hosts_ = host + " " + public_key("other_ed25519.pub") + "\n";
        cert_authority_known_hosts_ =
            "@cert-authority " + host + " " + public_key("host_ca.pub") + "\n";
        WriteFile(d + "/known_hosts", known_hosts_);
        Sh("ssh-keygen -q -H -f " + ShellQuote(d + "/known_hosts") + " >/dev/null");
        known_hosts_hashed_ = ReadFile(d + "/known_hosts");

        std::string conf;
        conf += "Port " + std::to_string(port) + "\n";
        conf += "ListenAddress 127.0.0.1\n";
        conf += "HostKey " + d + "/host_ed25519\n";
        conf += "HostCertificate " + d + "/host_ed25519-cert.pub\n";
        conf += "PidFile " + d + "/sshd.pid\n";
        conf += "AuthorizedKeysFile " + d + "/authorized_keys\n";
        conf += "StrictModes no\n";
        conf += "UsePAM no\n";
        conf += "PermitRootLogin prohibit-password\n";
        conf += "PubkeyAuthentication yes\n";
        conf += "PasswordAuthentication no\n";
        conf += "KbdInteractiveAuthentication no\n";
        conf += "LogLevel VERBOSE\n";
        conf += "SetEnv PATH=/usr/local/bin:/usr/bin:/bin\n";
        WriteFile(d + "/sshd_config", conf);
        return {kSshd, "-D", "-e", "-f", d + "/sshd_config"};
      },
      &port_);
}

GitSshServer::~GitSshServer() { Stop(); }

void GitSshServer::Stop() { KillGroup(pid_); }

std::string GitSshServer::Url(const std::string& name) const {
  return "ssh://" + user_ + "@127.0.0.1:" + std::to_string(port_) + repos_root_ + "/" + name +
         ".git";
}

std::string GitSshServer::Log() const { return ReadFile(dir_.path() + "/sshd.log"); }

}  // namespace gitops::testing
