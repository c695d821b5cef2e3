// The SSH subtransport on libssh2 (see transport.h).
//
// libgit2 1.5's own SSH transport runs libssh2 in blocking mode with no
// timeout: a server that accepts the TCP connection and then says nothing
// (or stops mid-pack) hangs the fetch for ever, and neither cancellation nor
// the operation's timeout can interrupt it. This one drives libssh2 in
// non-blocking mode and waits on the socket itself, in slices short enough
// to notice cancellation, the operation's deadline and the stall limit.
//
// Git over SSH is one stateful connection: action(UPLOADPACK_LS) connects,
// checks the host key against known_hosts, authenticates with the in-memory
// identity and runs `git-upload-pack '<path>'`; action(UPLOADPACK) hands back
// the same stream for the negotiation and the pack (rpc = 0).
#include <arpa/inet.h>
#include <fcntl.h>
#include <libssh2.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "source/transport.h"

namespace gitops::source {
namespace {

using Clock = std::chrono::steady_clock;

// How often a wait wakes up to look at the cancel flag.
constexpr std::chrono::milliseconds kPollSlice{100};

// The parts of an ssh:// (or scp-like user@host:path) URL.
struct SshTarget {
  std::string user = "git";
  std::string host;
  int port = 22;
  std::string path;  // as git-upload-pack is to be given it
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool ParseSshUrl(std::string_view url, SshTarget* out) {
  std::string_view authority, path;
  if (size_t p = url.find("://"); p != std::string_view::npos) {
    std::string_view rest = url.substr(p + 3);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return false;
    authority = rest.substr(0, slash);
    path = rest.substr(slash);
    // ssh://host/~user/repo is relative to a home directory, as git reads it.
    if (path.size() > 1 && path[1] == '~') path.remove_prefix(1);
  } else {
    // scp-like: the first colon outside brackets ends the host.
    size_t colon = url.find(':', url.find(']') == std::string_view::npos ? 0 : url.find(']'));
    if (colon == std::string_view::npos) return false;
    authority = url.substr(0, colon);
    path = url.substr(colon + 1);
  }
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    out->user = PercentDecode(userinfo.substr(0, userinfo.find(':')));
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out->host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority[0] == ':') {
      out->port = std::atoi(std::string(authority.substr(1)).c_str());
    }
  } else if (size_t colon = authority.rfind(':');
             colon != std::string_view::npos && url.find("://") != std::string_view::npos) {
    out->host = std::string(authority.substr(0, colon));
    out->port = std::atoi(std::string(authority.substr(colon + 1)).c_str());
  } else {
    out->host = std::string(authority);
  }
  if (out->port <= 0 || out->port > 65535) out->port = 22;
  out->path = PercentDecode(path);
  if (out->user.empty()) out->user = "git";
  return !out->host.empty() && !out->path.empty();
}

// `s` single-quoted for the remote shell, as git quotes its command's argument.
std::string ShellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

struct SshSubtransport;

struct SshStream {
  git_smart_subtransport_stream parent;  // first: libgit2 hands us this pointer
  SshSubtransport* owner = nullptr;
  RemoteTransport* transport = nullptr;
  std::string url;       // the remote's URL, for messages (Fail() drops userinfo)
  std::string hostport;  // "host:port", for messages
  int fd = -1;
  LIBSSH2_SESSION* session = nullptr;
  LIBSSH2_CHANNEL* channel = nullptr;
  Clock::time_point last_progress = Clock::now();
};

struct SshSubtransport {
  git_smart_subtransport parent;  // first
  RemoteTransport* transport = nullptr;
  SshStream* current = nullptr;  // owned by libgit2's smart transport once handed out
};

std::string LastError(LIBSSH2_SESSION* session) {
  char* message = nullptr;
  int len = 0;
  libssh2_session_last_error(session, &message, &len, 0);
  return message != nullptr && len > 0 ? std::string(message, static_cast<size_t>(len))
                                       : "unknown libssh2 error";
}

std::string Seconds(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? std::to_string(ms.count() / 1000) + " s"
                                : std::to_string(ms.count()) + " ms";
}

// Waits until the socket can do what libssh2 (or the connect) is waiting
// for. Fails the operation, and returns the libgit2 code, when it is
// cancelled, passes its deadline or the server sends nothing for the stall
// limit; returns 0 when the socket is ready.
int WaitSocket(SshStream* s, short events, const char* waiting_for) {
  const TransportSettings& settings = s->transport->settings();
  while (true) {
    Status interrupt = s->transport->CheckInterrupt();
    if (!interrupt.ok()) {
      if (interrupt.code() == Code::kTimeout) {
        interrupt =
            TimeoutError("timed out fetching " + RedactUrl(s->url) + ": " + interrupt.message() +
                         " waiting for " + waiting_for + " from ssh host " + s->hostport);
      }
      return s->transport->Fail(std::move(interrupt), GIT_EUSER);
    }
    Clock::time_point now = Clock::now();
    if (settings.stall_timeout.count() > 0 && now - s->last_progress >= settings.stall_timeout) {
      return s->transport->Fail(
          TimeoutError("timed out fetching " + RedactUrl(s->url) + ": ssh host " + s->hostport +
                       " sent nothing for " + Seconds(settings.stall_timeout) + " (waiting for " +
                       waiting_for + ")"),
          GIT_EUSER);
    }
    auto slice = kPollSlice;
    if (s->transport->deadline() != Clock::time_point::max()) {
      slice = std::min(
          slice, std::chrono::ceil<std::chrono::milliseconds>(s->transport->deadline() - now));
    }
    pollfd p{s->fd, events, 0};
    int rc = poll(&p, 1, static_cast<int>(std::max<long long>(slice.count(), 1)));
    if (rc > 0) return 0;
    if (rc < 0 && errno != EINTR) {
      return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": poll: " + strerror(errno)));
    }
  }
}

// Waits for the direction libssh2 last blocked on.
int WaitSession(SshStream* s, const char* waiting_for) {
  int dirs = libssh2_session_block_directions(s->session);
  short events = 0;
  if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND) events |= POLLIN;
  if (dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) events |= POLLOUT;
  if (events == 0) events = POLLIN;
  return WaitSocket(s, events, waiting_for);
}

// A non-blocking TCP connection to host:port, within the operation's limits.
int Connect(SshStream* s, const SshTarget& target) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  std::string port = std::to_string(target.port);
  int gai = getaddrinfo(target.host.c_str(), port.c_str(), &hints, &addresses);
  if (gai != 0) {
    return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": cannot resolve ssh host " +
                                               target.host + ": " + gai_strerror(gai)));
  }
  std::string last_error = "no address";
  for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = strerror(errno);
      continue;
    }
    s->fd = fd;
    s->last_progress = Clock::now();
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    if (errno == EINPROGRESS) {
      if (int rc = WaitSocket(s, POLLOUT, "the TCP connection"); rc < 0) {
        freeaddrinfo(addresses);
        return rc;
      }
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err == 0) break;
      last_error = strerror(err);
    } else {
      last_error = strerror(errno);
    }
    close(fd);
    s->fd = -1;
  }
  freeaddrinfo(addresses);
  if (s->fd < 0) {
    return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": cannot connect to ssh host " +
                                               s->hostport + ": " + last_error));
  }
  return 0;
}

// The SSH session: handshake (with the host key algorithms known_hosts
// lists for the host preferred), host key check, public key authentication,
// and the git-upload-pack channel.
int Open(SshStream* s, const SshTarget& target) {
  RemoteTransport& t = *s->transport;
  const GitCredentials& creds = t.settings().credentials;
  s->session = libssh2_session_init();
  if (s->session == nullptr) return t.Fail(InternalError("libssh2_session_init failed"));
  libssh2_session_set_blocking(s->session, 0);

  // Ask for the host key type known_hosts holds, so that a server with
  // several host keys shows the one we can check. Types libssh2 does not
  // support (host certificates, rsa-sha2-*) are left out.
  std::string wanted;
  for (std::string_view type : {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                                "ecdsa-sha2-nistp521", "ssh-rsa"}) {
    std::string known = "," + KnownHostKeyTypes(creds.known_hosts, target.host, target.port) + ",";
    if (known.find("," + std::string(type) + ",") == std::string::npos) continue;
    if (!wanted.empty()) wanted += ",";
    wanted += type;
  }
  if (!wanted.empty())
    libssh2_session_method_pref(s->session, LIBSSH2_METHOD_HOSTKEY, wanted.c_str());

  int rc;
  while ((rc = libssh2_session_handshake(s->session, s->fd)) == LIBSSH2_ERROR_EAGAIN) {
    if (int w = WaitSession(s, "the SSH handshake"); w < 0) return w;
  }
  if (rc != 0) {
    return t.Fail(UnavailableError(RedactUrl(s->url) + ": SSH handshake with " + s->hostport +
                                   " failed: " + LastError(s->session)));
  }
  s->last_progress = Clock::now();

  size_t key_len = 0;
  int key_type = 0;
  const char* key = libssh2_session_hostkey(s->session, &key_len, &key_type);
  if (key == nullptr) {
    return t.Fail(PermissionDeniedError("ssh host key of " + s->hostport +
                                        " cannot be checked: the server sent none"),
                  GIT_ECERTIFICATE);
  }
  Status host_ok =
      CheckKnownHosts(creds.known_hosts, target.host, target.port, std::string_view(key, key_len));
  if (!host_ok.ok()) return t.Fail(std::move(host_ok), GIT_ECERTIFICATE);

  const char* methods = nullptr;
  while ((methods = libssh2_userauth_list(s->session, target.user.c_str(),
                                          static_cast<unsigned>(target.user.size()))) == nullptr &&
         libssh2_session_last_errno(s->session) == LIBSSH2_ERROR_EAGAIN) {
    if (int w = WaitSession(s, "the SSH authentication methods"); w < 0) return w;
  }
  if (methods == nullptr && !libssh2_userauth_authenticated(s->session)) {
    return t.Fail(UnavailableError(RedactUrl(s->url) + ": ssh host " + s->hostport +
                                   " gave no authentication methods: " + LastError(s->session)));
  }
  if (!libssh2_userauth_authenticated(s->session)) {
    if (std::string(methods).find("publickey") == std::string::npos) {
      return t.Fail(PermissionDeniedError("authentication failed for " + RedactUrl(s->url) +
                                          ": the server accepts no method gitops offers (it "
                                          "offers " +
                                          methods + "; gitops authenticates with a key)"),
                    GIT_EAUTH);
    }
    if (creds.identity.empty()) return t.Fail(t.SshAuthFailure(s->url), GIT_EAUTH);
    const char* passphrase = creds.password.empty() ? nullptr : creds.password.c_str();
    while ((rc = libssh2_userauth_publickey_frommemory(
                s->session, target.user.c_str(), target.user.size(), nullptr, 0,
                creds.identity.c_str(), creds.identity.size(), passphrase)) ==
           LIBSSH2_ERROR_EAGAIN) {
      if (int w = WaitSession(s, "the SSH authentication"); w < 0) return w;
    }
    if (rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED || rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED) {
      return t.Fail(t.SshAuthFailure(s->url), GIT_EAUTH);
    }
    if (rc != 0) {
      return t.Fail(
          PermissionDeniedError("ssh identity for " + RedactUrl(s->url) +
                                " could not be loaded: wrong password for the key, or a format "
                                "libssh2 cannot read (" +
                                LastError(s->session) + ")"),
          GIT_EAUTH);
    }
  }
  s->last_progress = Clock::now();

  while ((s->channel = libssh2_channel_open_session(s->session)) == nullptr &&
         libssh2_session_last_errno(s->session) == LIBSSH2_ERROR_EAGAIN) {
    if (int w = WaitSession(s, "the SSH channel"); w < 0) return w;
  }
  if (s->channel == nullptr) {
    return t.Fail(UnavailableError(RedactUrl(s->url) + ": cannot open an SSH channel to " +
                                   s->hostport + ": " + LastError(s->session)));
  }
  std::string command = "git-upload-pack " + ShellQuote(target.path);
  while ((rc = libssh2_channel_exec(s->channel, command.c_str())) == LIBSSH2_ERROR_EAGAIN) {
    if (int w = WaitSession(s, "git-upload-pack to start"); w < 0) return w;
  }
  if (rc != 0) {
    return t.Fail(UnavailableError(RedactUrl(s->url) + ": ssh host " + s->hostport +
                                   " did not run git-upload-pack: " + LastError(s->session)));
  }
  s->last_progress = Clock::now();
  return 0;
}

// What the remote command wrote to stderr (git-upload-pack's "fatal: ..."),
// read once its stdout has ended.
std::string DrainStderr(SshStream* s) {
  std::string text;
  char buf[1024];
  while (text.size() < 4096) {
    ssize_t n = libssh2_channel_read_stderr(s->channel, buf, sizeof buf);
    if (n == LIBSSH2_ERROR_EAGAIN) {
      if (libssh2_channel_eof(s->channel)) break;
      if (WaitSession(s, "the remote command's error output") < 0) break;
      continue;
    }
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return Trim(text);
}

int StreamRead(git_smart_subtransport_stream* stream, char* buffer, size_t buf_size,
               size_t* bytes_read) {
  auto* s = reinterpret_cast<SshStream*>(stream);
  *bytes_read = 0;
  while (true) {
    ssize_t n = libssh2_channel_read(s->channel, buffer, buf_size);
    if (n > 0) {
      s->last_progress = Clock::now();
      *bytes_read = static_cast<size_t>(n);
      return 0;
    }
    // 0: the channel's end (libssh2 says EAGAIN while more may come).
    if (n == 0) {
      std::string err = DrainStderr(s);
      if (!s->transport->CheckInterrupt().ok() || err.empty()) return 0;  // libgit2 reports EOF
      std::string message = RedactUrl(s->url) + ": " + err;
      if (err.find("does not appear to be a git repository") != std::string::npos ||
          err.find("not found") != std::string::npos) {
        return s->transport->Fail(NotFoundError(message), GIT_ENOTFOUND);
      }
      return s->transport->Fail(UnavailableError(message));
    }
    if (n == LIBSSH2_ERROR_SOCKET_RECV || n == LIBSSH2_ERROR_SOCKET_DISCONNECT) {
      return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": connection to ssh host " +
                                                 s->hostport + " lost while fetching (" +
                                                 LastError(s->session) + ")"));
    }
    if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
      return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": reading from ssh host " +
                                                 s->hostport +
                                                 " failed: " + LastError(s->session)));
    }
    if (int w = WaitSession(s, "data"); w < 0) return w;
  }
}

int StreamWrite(git_smart_subtransport_stream* stream, const char* buffer, size_t len) {
  auto* s = reinterpret_cast<SshStream*>(stream);
  size_t off = 0;
  while (off < len) {
    ssize_t n = libssh2_channel_write(s->channel, buffer + off, len - off);
    if (n == LIBSSH2_ERROR_EAGAIN) {
      if (int w = WaitSession(s, "the server to take data"); w < 0) return w;
      continue;
    }
    if (n < 0) {
      return s->transport->Fail(UnavailableError(RedactUrl(s->url) + ": writing to ssh host " +
                                                 s->hostport +
                                                 " failed: " + LastError(s->session)));
    }
    off += static_cast<size_t>(n);
    s->last_progress = Clock::now();
  }
  return 0;
}

void DestroyStream(SshStream* s) {
  if (s->session != nullptr) {
    // Closing politely needs the server: give it a second, then drop the
    // socket so that libssh2 sees a disconnect and frees what it holds.
    libssh2_session_set_blocking(s->session, 1);
    libssh2_session_set_timeout(s->session, 1000);
    if (s->channel != nullptr) {
      if (libssh2_channel_free(s->channel) != 0 && s->fd >= 0) shutdown(s->fd, SHUT_RDWR);
    }
    libssh2_session_disconnect(s->session, "done");
    for (int attempt = 0; attempt < 3 && libssh2_session_free(s->session) != 0; ++attempt) {
      if (s->fd >= 0) shutdown(s->fd, SHUT_RDWR);
    }
  }
  if (s->fd >= 0) close(s->fd);
  delete s;
}

void StreamFree(git_smart_subtransport_stream* stream) {
  auto* s = reinterpret_cast<SshStream*>(stream);
  if (s->owner != nullptr && s->owner->current == s) s->owner->current = nullptr;
  DestroyStream(s);
}

int Action(git_smart_subtransport_stream** out, git_smart_subtransport* subtransport,
           const char* url, git_smart_service_t action) {
  auto* t = reinterpret_cast<SshSubtransport*>(subtransport);
  *out = nullptr;
  if (action == GIT_SERVICE_UPLOADPACK && t->current != nullptr) {
    *out = &t->current->parent;
    return 0;
  }
  if (action != GIT_SERVICE_UPLOADPACK_LS) {
    return t->transport->Fail(InvalidArgumentError(
        "ssh: only fetching is supported (git-upload-pack), not " +
        std::string(action == GIT_SERVICE_UPLOADPACK ? "a pack without its ref listing"
                                                     : "pushing")));
  }
  SshTarget target;
  if (url == nullptr || !ParseSshUrl(url, &target)) {
    return t->transport->Fail(
        InvalidArgumentError("not a valid ssh URL: " + RedactUrl(url != nullptr ? url : "")));
  }
  auto* s = new SshStream();
  s->parent.subtransport = subtransport;
  s->parent.read = StreamRead;
  s->parent.write = StreamWrite;
  s->parent.free = StreamFree;
  s->transport = t->transport;
  s->url = url;
  s->hostport =
      (target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host) + ":" +
      std::to_string(target.port);
  int rc = Connect(s, target);
  if (rc == 0) rc = Open(s, target);
  if (rc < 0) {
    DestroyStream(s);
    return rc;
  }
  s->owner = t;
  t->current = s;
  *out = &s->parent;
  return 0;
}

int Close(git_smart_subtransport*) { return 0; }

void Free(git_smart_subtransport* subtransport) {
  auto* t = reinterpret_cast<SshSubtransport*>(subtransport);
  if (t->current != nullptr) t->current->owner = nullptr;
  delete t;
}

}  // namespace

int CreateSshSubtransport(git_smart_subtransport** out, git_transport*, void* param) {
  auto* t = new SshSubtransport();
  t->parent.action = Action;
  t->parent.close = Close;
  t->parent.free = Free;
  t->transport = static_cast<RemoteTransport*>(param);
  *out = &t->parent;
  return 0;
}

}  // namespace gitops::source
