// Credentials for a GitRepository, from the Secret its spec.secretRef names
// (and the proxy Secret of spec.proxySecretRef), keyed as Flux keys them.
//
// Secret values never appear in logs, errors or printed URLs: errors name
// the Secret key, never its value.
#ifndef GITOPS_SOURCE_CREDENTIALS_H_
#define GITOPS_SOURCE_CREDENTIALS_H_

#include <string>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::source {

struct GitCredentials {
  // HTTP(S) basic auth: Secret keys `username`, `password`.
  std::string username;
  std::string password;
  // HTTP(S) `Authorization: Bearer <token>`: key `bearerToken`.
  std::string bearer_token;
  // PEM CA bundle the server's certificate must chain to, instead of the
  // system's: key `ca.crt` (or Flux's deprecated `caFile`).
  std::string ca_crt;
  // Mutual TLS client certificate and key, PEM: keys `tls.crt`, `tls.key`
  // (both or neither).
  std::string tls_crt;
  std::string tls_key;
  // SSH: a private key (OpenSSH or PEM; ed25519 or ECDSA), key `identity`;
  // its passphrase is `password` (the same key as basic auth's, as Flux
  // reads it); the server's host keys in known_hosts form, key `known_hosts`:
  // plain or hashed (`|1|salt|hash`) host fields, `[host]:port`, patterns
  // and `!` negation; a `@revoked` line refuses its key. A
  // `@cert-authority` line trusts no host: libssh2 1.10 cannot negotiate
  // OpenSSH host certificates, so a host known only through one is refused
  // with an error saying so (list the host's own key as well).
  std::string identity;
  std::string known_hosts;

  bool empty() const;
};

struct ProxyConfig {
  // Proxy URL (http://, https://, socks5://): key `address`. Empty: the
  // environment's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) applies.
  std::string address;
  std::string username;
  std::string password;
};

// The credentials in `secret`: either a whole Secret object (a Value with
// `data`, base64 as the API stores it, and/or `stringData`, which wins for a
// key in both, as the API server merges them), or a plain mapping of
// decoded string values keyed as a Secret's data is. Keys Flux does not
// read are ignored. Errors: kInvalidArgument naming the key (a value that is
// not a string, data that is not base64, tls.crt without tls.key).
Result<GitCredentials> GitCredentialsFromSecret(const Value& secret);

// The proxy settings in a proxySecretRef Secret (same forms as above).
// Errors: kInvalidArgument naming the key (`address` missing or not a URL).
Result<ProxyConfig> ProxyFromSecret(const Value& secret);

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_CREDENTIALS_H_
