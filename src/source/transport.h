// The network side of a Git fetch: per-repository transports that libgit2
// calls through git_remote_callbacks.
//
// libgit2 1.5's own HTTPS has no client certificates, no socket timeouts and
// only a process-wide CA bundle, so http:// and https:// go through a
// smart-HTTP subtransport of ours on libcurl, created per operation through
// git_remote_callbacks.transport (git_transport_smart): CA, client
// certificate, credentials, proxy and timeout are this operation's, never
// global. ssh:// goes through an SSH subtransport of ours on libssh2
// (libgit2 1.5's own runs libssh2 blocking with no timeout): in-memory key,
// host key checked against known_hosts, and the operation's timeout, stall
// limit and cancellation honoured while connecting and reading; file:// and
// local paths go to libgit2's local transport.
//
// Thread safety: a RemoteTransport serves one libgit2 operation at a time
// (libgit2 calls it on the calling thread); only the cancel flag may be set
// from another thread.
//
//   RemoteTransport transport(settings);
//   git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
//   GITOPS_RETURN_IF_ERROR(transport.Configure(&opts.callbacks));
//   int rc = git_remote_fetch(remote, nullptr, &opts, nullptr);
//   if (rc < 0) return transport.ToStatus(rc, url);
#ifndef GITOPS_SRC_SOURCE_TRANSPORT_H_
#define GITOPS_SRC_SOURCE_TRANSPORT_H_

#include <git2.h>
#include <git2/sys/transport.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "gitops/core/status.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git_repository.h"  // RedactUrl

namespace gitops::source {

struct TransportSettings {
  // The repository's Secret (credentials.h): basic auth, bearer token,
  // ca.crt, tls.crt/tls.key for HTTP(S); identity, its password and
  // known_hosts for SSH. Default: none.
  GitCredentials credentials;
  // The proxy for HTTP(S); an empty address leaves libcurl's environment
  // variables in charge (http_proxy, HTTPS_PROXY, NO_PROXY: libcurl reads
  // only the lower-case http_proxy). SSH never uses a proxy. Default: none.
  ProxyConfig proxy;
  // The whole operation's time limit, counted from Configure(): it bounds
  // the connection, every stalled read and the transfer (HTTP), and is
  // checked at each progress report (SSH). Zero: no limit. Default 60 s
  // (Flux's GitRepository spec.timeout default).
  std::chrono::milliseconds timeout{60000};
  // A connection that moves no byte for this long fails with kTimeout,
  // whatever `timeout` says (HTTP(S): libcurl's low-speed limit of 1
  // byte/s; SSH: no byte received or sent, the handshake included;
  // git-upload-pack sends keep-alives while it prepares a pack). Zero: no
  // such limit. Default 60 s.
  std::chrono::seconds stall_timeout{60};
  // Set from any thread to stop the operation; it then fails with
  // kCancelled. Must outlive the operation. Default: none.
  const std::atomic<bool>* cancel = nullptr;
  // The HTTP User-Agent. Default "git/2.0 (gitops)": some servers route
  // smart-HTTP clients by a git/ prefix.
  std::string user_agent = "git/2.0 (gitops)";
  // Called with libgit2's indexer progress (objects received/total, bytes);
  // return false to cancel (kCancelled). Default: none.
  std::function<bool(const git_indexer_progress&)> progress;
};

class RemoteTransport {
 public:
  explicit RemoteTransport(TransportSettings settings);
  ~RemoteTransport();
  RemoteTransport(const RemoteTransport&) = delete;
  RemoteTransport& operator=(const RemoteTransport&) = delete;

  // Points `callbacks` (transport, credentials, certificate_check,
  // transfer_progress, sideband_progress, payload) at this object, which must
  // outlive every libgit2 call made with them; starts the timeout and
  // forgets an earlier operation's error. Errors: kInvalidArgument (tls.crt
  // without tls.key, an identity that is not a private key).
  Status Configure(git_remote_callbacks* callbacks);

  // The Status for a libgit2 call about `url` that returned `rc` < 0: the
  // error our transport or callbacks recorded (kPermissionDenied for
  // authentication and certificates, kNotFound, kUnavailable, kTimeout,
  // kCancelled), else libgit2's last error mapped to a code. The message
  // names the redacted URL or host and never holds a secret.
  Status ToStatus(int rc, std::string_view url) const;

  // --- used by the transport's own callbacks (transport*.cc) ---
  const TransportSettings& settings() const { return settings_; }
  // Records `status` as the operation's error (the first one wins) and sets
  // libgit2's error message to it; returns `git_code` for the callback.
  int Fail(Status status, int git_code = -1);
  // kCancelled or kTimeout when the operation must stop now, else ok.
  Status CheckInterrupt() const;
  // The operation's deadline, or time_point::max() without a timeout.
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  // kPermissionDenied "authentication failed for <url>: ..." when the SSH
  // server refused the identity (saying why for an RSA key) or none was given.
  Status SshAuthFailure(std::string_view url) const;
  // Replaces every secret of the settings that occurs in `text` with "***"
  // and userinfo in URLs with nothing.
  std::string Scrub(std::string_view text) const;

 private:
  static int TransportCallback(git_transport** out, git_remote* owner, void* payload);
  static int CredentialsCallback(git_credential** out, const char* url,
                                 const char* username_from_url, unsigned int allowed_types,
                                 void* payload);
  static int TransferProgressCallback(const git_indexer_progress* stats, void* payload);
  static int SidebandCallback(const char* str, int len, void* payload);

  TransportSettings settings_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  git_smart_subtransport_definition http_definition_{};
  git_smart_subtransport_definition ssh_definition_{};
  git_smart_subtransport_definition git_definition_{};
  std::string remote_url_;  // the URL the transport was created for
  Status error_;
};

// The smart-HTTP subtransport on libcurl (transport_http.cc); `param` is
// the RemoteTransport.
int CreateHttpSubtransport(git_smart_subtransport** out, git_transport* owner, void* param);

// The SSH subtransport on libssh2 (transport_ssh_stream.cc); `param` is the
// RemoteTransport. Not RPC: one connection serves the ref listing and the pack.
int CreateSshSubtransport(git_smart_subtransport** out, git_transport* owner, void* param);

// The key type of an SSH private key in OpenSSH or PEM form ("ssh-ed25519",
// "ssh-rsa", "ecdsa-sha2-nistp256", ...), or "" when it cannot be told
// without decrypting it.
std::string SshPrivateKeyType(std::string_view identity);

// Checks a server's SSH host key (the raw public-key blob, as in
// known_hosts' base64 field) for `host`:`port` against known_hosts text
// (plain and hashed "|1|salt|hash" host fields, "[host]:port" for ports
// other than 22, comma lists, * and ? wildcards, ! negation, @revoked).
// `@cert-authority` lines never vouch for a key: libssh2 1.10 cannot
// negotiate OpenSSH host certificates (no *-cert-v01@openssh.com host key
// algorithms), so a host known only through one is refused with a message
// saying so. Errors: kPermissionDenied naming the host: unknown host, key
// mismatch (with the offered key's SHA256 fingerprint), revoked key, only a
// @cert-authority line, no known_hosts.
Status CheckKnownHosts(std::string_view known_hosts, std::string_view host, int port,
                       std::string_view host_key);

// The key types ("ssh-ed25519,ecdsa-sha2-nistp256") of the plain
// known_hosts lines naming `host`:`port`, in file order without repeats;
// the SSH handshake asks the server for these.
std::string KnownHostKeyTypes(std::string_view known_hosts, std::string_view host, int port);

}  // namespace gitops::source

#endif  // GITOPS_SRC_SOURCE_TRANSPORT_H_
