// RemoteTransport: the libgit2 callbacks of one fetch (see transport.h).
#include "source/transport.h"

#include <git2/sys/credential.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace gitops::source {
namespace {

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

}  // namespace

RemoteTransport::RemoteTransport(TransportSettings settings) : settings_(std::move(settings)) {
  http_definition_ = {CreateHttpSubtransport, 1, this};
  ssh_definition_ = {CreateSshSubtransport, 0, this};
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
  remote_url_.clear();
  deadline_ = settings_.timeout.count() > 0 ? std::chrono::steady_clock::now() + settings_.timeout
                                            : std::chrono::steady_clock::time_point::max();
  callbacks->transport = TransportCallback;
  callbacks->credentials = CredentialsCallback;
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
    std::string of = remote_url_.empty() ? "" : " of " + RedactUrl(remote_url_);
    return TimeoutError("the fetch" + of + " timed out after " +
                        (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s"
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
    return PermissionDeniedError("authentication failed for " + where + ": " + detail);
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
  return self->Fail(PermissionDeniedError("authentication failed for " + RedactUrl(where) +
                                          ": the server accepts no method gitops offers"),
                    GIT_EAUTH);
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
