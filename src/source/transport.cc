// RemoteTransport: the libgit2 callbacks of one fetch (see transport.h).
#include "source/transport.h"

#include <git2/sys/credential.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace gitops::source {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The scheme of `url` in lower case ("" for a local path or scp-like form).
std::string Scheme(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return "";
  return Lower(url.substr(0, colon));
}

// "user@host:path" (scp-like): a colon before any slash, and not a
// Windows-like drive letter.
bool IsScpLike(std::string_view url) {
  if (Contains(url, "://")) return false;
  size_t colon = url.find(':');
  size_t slash = url.find('/');
  return colon != std::string_view::npos && colon > 1 &&
         (slash == std::string_view::npos || colon < slash);
}

// Host and port of an ssh:// or scp-like URL (port 22 when absent).
void SshHostPort(std::string_view url, std::string* host, int* port) {
  *port = 22;
  std::string_view rest = url;
  if (size_t p = rest.find("://"); p != std::string_view::npos) {
    rest = rest.substr(p + 3);
    rest = rest.substr(0, rest.find('/'));
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (StartsWith(rest, "[")) {
    size_t close = rest.find(']');
    *host = std::string(rest.substr(1, close == std::string_view::npos ? close : close - 1));
    if (close != std::string_view::npos && close + 1 < rest.size() && rest[close + 1] == ':') {
      *port = std::atoi(std::string(rest.substr(close + 2)).c_str());
    }
    return;
  }
  size_t colon = rest.rfind(':');
  if (Contains(url, "://") && colon != std::string_view::npos) {
    *host = std::string(rest.substr(0, colon));
    *port = std::atoi(std::string(rest.substr(colon + 1)).c_str());
  } else {
    *host = std::string(rest);
  }
  if (*port <= 0) *port = 22;
}

}  // namespace

RemoteTransport::RemoteTransport(TransportSettings settings) : settings_(std::move(settings)) {
  http_definition_ = {CreateHttpSubtransport, 1, this};
  ssh_definition_ = {git_smart_subtransport_ssh, 0, nullptr};
  git_definition_ = {git_smart_subtransport_git, 0, nullptr};
}

RemoteTransport::~RemoteTransport() = default;

Status RemoteTransport::Configure(git_remote_callbacks* callbacks) {
  const GitCredentials& c = settings_.credentials;
  if (c.tls_crt.empty() != c.tls_key.empty()) {
    return InvalidArgumentError("credentials: tls.crt and tls.key must be given together");
  }
  if (!c.identity.empty() && !Contains(c.identity, "PRIVATE KEY-----")) {
    return InvalidArgumentError(
        "credentials: identity is not a PEM or OpenSSH private key (no \"-----BEGIN ... "
        "PRIVATE KEY-----\" line)");
  }
  error_ = OkStatus();
  ssh_key_offers_ = 0;
  remote_url_.clear();
  deadline_ = settings_.timeout.count() > 0 ? std::chrono::steady_clock::now() + settings_.timeout
                                            : std::chrono::steady_clock::time_point::max();
  callbacks->transport = TransportCallback;
  callbacks->credentials = CredentialsCallback;
  callbacks->certificate_check = CertificateCheckCallback;
  callbacks->transfer_progress = TransferProgressCallback;
  callbacks->sideband_progress = SidebandCallback;
  callbacks->payload = this;
  return OkStatus();
}

int RemoteTransport::Fail(Status status, int git_code) {
  if (error_.ok()) error_ = Status(status.code(), Scrub(status.message()));
  git_error_set_str(GIT_ERROR_NET, error_.message().c_str());
  return git_code;
}

Status RemoteTransport::CheckInterrupt() const {
  if (settings_.cancel != nullptr && settings_.cancel->load(std::memory_order_relaxed)) {
    return CancelledError("the fetch was cancelled");
  }
  if (std::chrono::steady_clock::now() >= deadline_) {
    long long ms = settings_.timeout.count();
    return TimeoutError("the fetch timed out after " + (ms % 1000 == 0
                                                            ? std::to_string(ms / 1000) + " s"
                                                            : std::to_string(ms) + " ms"));
  }
  return OkStatus();
}

std::string RemoteTransport::Scrub(std::string_view text) const {
  std::string out(text);
  const GitCredentials& c = settings_.credentials;
  std::vector<const std::string*> secrets = {&c.password, &c.bearer_token, &c.tls_key, &c.identity,
                                             &settings_.proxy.password};
  for (const std::string* secret : secrets) {
    if (secret->size() < 3) continue;  // "***" for a two-letter word would hide the message
    for (size_t pos = out.find(*secret); pos != std::string::npos;
         pos = out.find(*secret, pos + 3)) {
      out.replace(pos, secret->size(), "***");
    }
  }
  // userinfo of any URL in the text: scheme://user:pass@host -> scheme://host
  for (size_t pos = out.find("://"); pos != std::string::npos; pos = out.find("://", pos + 3)) {
    size_t start = pos + 3;
    size_t end = out.find_first_of("/ \t\n\"'", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) out.erase(start, at + 1 - start);
  }
  return out;
}

Status RemoteTransport::SshAuthFailure(std::string_view url) const {
  std::string message = "authentication failed for " + RedactUrl(url);
  const std::string& identity = settings_.credentials.identity;
  if (identity.empty()) {
    return PermissionDeniedError(message + ": no ssh identity given (the Secret's `identity` key)");
  }
  message += ": the server refused the ssh key";
  if (SshPrivateKeyType(identity) == "ssh-rsa") {
    message +=
        " (it is an RSA key: libssh2 1.10, which libgit2 uses, can only sign with ssh-rsa "
        "(SHA-1), which OpenSSH 8.8 and later refuse, and cannot sign rsa-sha2-256/512; use an "
        "ed25519 or ECDSA key)";
  }
  return PermissionDeniedError(message);
}

Status RemoteTransport::ToStatus(int rc, std::string_view url) const {
  if (!error_.ok()) return error_;
  const git_error* e = git_error_last();
  std::string detail = e != nullptr && e->message != nullptr ? Scrub(e->message) : "unknown error";
  std::string where = RedactUrl(url);
  int klass = e != nullptr ? e->klass : GIT_ERROR_NONE;
  if (rc == GIT_EAUTH) {
    if (ssh_key_offers_ > 0) return SshAuthFailure(url);
    return PermissionDeniedError("authentication failed for " + where + ": " + detail);
  }
  if (klass == GIT_ERROR_SSH) {
    std::string lower = Lower(detail);
    if (Contains(lower, "passphrase") || Contains(lower, "unable to extract public key")) {
      return PermissionDeniedError(
          "ssh identity for " + where +
          " could not be loaded: wrong password for the key, or a format libssh2 cannot read (" +
          detail + ")");
    }
    if (Contains(lower, "authenticat") && ssh_key_offers_ > 0) return SshAuthFailure(url);
  }
  if (rc == GIT_ECERTIFICATE) return PermissionDeniedError(where + ": " + detail);
  if (rc == GIT_ENOTFOUND) return NotFoundError(where + ": " + detail);
  if (rc == GIT_EUSER) return CancelledError(where + ": " + detail);
  if (klass == GIT_ERROR_NET || klass == GIT_ERROR_SSH || klass == GIT_ERROR_OS ||
      klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSL) {
    return UnavailableError(where + ": " + detail);
  }
  return FailedPreconditionError(where + ": " + detail);
}

int RemoteTransport::TransportCallback(git_transport** out, git_remote* owner, void* payload) {
  auto* self = static_cast<RemoteTransport*>(payload);
  const char* raw_url = git_remote_url(owner);
  std::string url = raw_url != nullptr ? raw_url : "";
  self->remote_url_ = url;
  std::string scheme = Scheme(url);
  if (scheme == "http" || scheme == "https") {
    return git_transport_smart(out, owner, &self->http_definition_);
  }
  if (scheme == "ssh" || scheme == "ssh+git" || scheme == "git+ssh" || IsScpLike(url)) {
    return git_transport_smart(out, owner, &self->ssh_definition_);
  }
  if (scheme == "git") return git_transport_smart(out, owner, &self->git_definition_);
  if (scheme == "file" || scheme.empty()) return git_transport_local(out, owner, nullptr);
  return self->Fail(InvalidArgumentError("unsupported URL scheme \"" + scheme + "\" in " +
                                         RedactUrl(url) +
                                         " (supported: https, http, ssh, file, a local path)"));
}

int RemoteTransport::CredentialsCallback(git_credential** out, const char* url,
                                         const char* username_from_url, unsigned int allowed_types,
                                         void* payload) {
  auto* self = static_cast<RemoteTransport*>(payload);
  // The remote's own URL (with its ssh user) rather than libgit2's rebuilt one.
  std::string where = !self->remote_url_.empty() ? self->remote_url_ : url != nullptr ? url : "";
  std::string user =
      username_from_url != nullptr && *username_from_url != '\0' ? username_from_url : "git";
  if (allowed_types & GIT_CREDENTIAL_USERNAME) {
    return git_credential_username_new(out, user.c_str());
  }
  if (allowed_types & (GIT_CREDENTIAL_SSH_MEMORY | GIT_CREDENTIAL_SSH_KEY)) {
    const GitCredentials& c = self->settings_.credentials;
    // libgit2 asks again after the server refused the key: offering the same
    // key twice cannot succeed, so the second request is the refusal.
    if (c.identity.empty() || self->ssh_key_offers_ > 0) {
      return self->Fail(self->SshAuthFailure(where), GIT_EAUTH);
    }
    ++self->ssh_key_offers_;
    return git_credential_ssh_key_memory_new(out, user.c_str(), nullptr, c.identity.c_str(),
                                             c.password.empty() ? nullptr : c.password.c_str());
  }
  return self->Fail(PermissionDeniedError("authentication failed for " + RedactUrl(where) +
                                          ": the server accepts no method gitops offers"),
                    GIT_EAUTH);
}

int RemoteTransport::CertificateCheckCallback(git_cert* cert, int valid, const char* host,
                                              void* payload) {
  auto* self = static_cast<RemoteTransport*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
    // Only libgit2's own TLS would ask, and http(s) never reaches it.
    return valid ? 0
                 : self->Fail(PermissionDeniedError(std::string("TLS certificate of ") +
                                                    (host ? host : "?") + " not trusted"),
                              GIT_ECERTIFICATE);
  }
  const auto* hostkey = reinterpret_cast<const git_cert_hostkey*>(cert);
  std::string url_host;
  int port = 22;
  SshHostPort(self->remote_url_, &url_host, &port);
  std::string name = host != nullptr ? host : url_host;
  if (!(hostkey->type & GIT_CERT_SSH_RAW) || hostkey->hostkey == nullptr) {
    return self->Fail(PermissionDeniedError("ssh host key of " + name +
                                            " cannot be checked: libgit2 gave no raw key"),
                      GIT_ECERTIFICATE);
  }
  Status status = CheckKnownHosts(self->settings_.credentials.known_hosts, name, port,
                                  std::string_view(hostkey->hostkey, hostkey->hostkey_len));
  if (!status.ok()) return self->Fail(std::move(status), GIT_ECERTIFICATE);
  return 0;
}

int RemoteTransport::TransferProgressCallback(const git_indexer_progress* stats, void* payload) {
  auto* self = static_cast<RemoteTransport*>(payload);
  if (Status s = self->CheckInterrupt(); !s.ok()) return self->Fail(std::move(s), GIT_EUSER);
  if (self->settings_.progress && !self->settings_.progress(*stats)) {
    return self->Fail(CancelledError("the fetch was cancelled by its progress callback"),
                      GIT_EUSER);
  }
  return 0;
}

int RemoteTransport::SidebandCallback(const char*, int, void* payload) {
  auto* self = static_cast<RemoteTransport*>(payload);
  if (Status s = self->CheckInterrupt(); !s.ok()) return self->Fail(std::move(s), GIT_EUSER);
  return 0;
}

}  // namespace gitops::source
