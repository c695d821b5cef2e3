#include "gitops/source/credentials.h"

#include <map>
#include <string>
#include <string_view>

#include "gitops/core/base64.h"

namespace gitops::source {

namespace {

// The Secret's data, decoded: stringData over data, or the plain mapping.
Result<std::map<std::string, std::string>> DecodedData(const Value& secret,
                                                        std::string_view what) {
  if (!secret.is_object()) {
    return InvalidArgumentError(std::string(what) + " must be a mapping");
  }
  std::map<std::string, std::string> out;
  const bool is_object = secret.Contains("data") || secret.Contains("stringData") ||
                         secret.Contains("kind") || secret.Contains("apiVersion");
  if (!is_object) {
    for (const Value::Member& m : secret.members()) {
      if (!m.value().is_string()) {
        return InvalidArgumentError(std::string(what) + " key '" + std::string(m.key()) +
                                    "' must be a string");
      }
      out[std::string(m.key())] = std::string(m.value().as_string());
    }
    return out;
  }
  if (const Value* data = secret.Find("data"); data != nullptr && !data->is_null()) {
    if (!data->is_object()) return InvalidArgumentError(std::string(what) + " data must be a mapping");
    for (const Value::Member& m : data->members()) {
      if (!m.value().is_string()) {
        return InvalidArgumentError(std::string(what) + " data key '" + std::string(m.key()) +
                                    "' must be a base64 string");
      }
      Result<std::string> decoded = Base64Decode(m.value().as_string());
      if (!decoded.ok()) {
        return InvalidArgumentError(std::string(what) + " data key '" + std::string(m.key()) +
                                    "': " + decoded.status().message());
      }
      out[std::string(m.key())] = std::move(*decoded);
    }
  }
  if (const Value* data = secret.Find("stringData"); data != nullptr && !data->is_null()) {
    if (!data->is_object()) {
      return InvalidArgumentError(std::string(what) + " stringData must be a mapping");
    }
    for (const Value::Member& m : data->members()) {
      if (!m.value().is_string()) {
        return InvalidArgumentError(std::string(what) + " stringData key '" +
                                    std::string(m.key()) + "' must be a string");
      }
      out[std::string(m.key())] = std::string(m.value().as_string());
    }
  }
  return out;
}

std::string Take(const std::map<std::string, std::string>& data, const std::string& key) {
  auto it = data.find(key);
  return it == data.end() ? std::string() : it->second;
}

}  // namespace

bool GitCredentials::empty() const {
  return username.empty() && password.empty() && bearer_token.empty() && ca_crt.empty() &&
         tls_crt.empty() && tls_key.empty() && identity.empty() && known_hosts.empty();
}

Result<GitCredentials> GitCredentialsFromSecret(const Value& secret) {
  GITOPS_ASSIGN_OR_RETURN(auto data, DecodedData(secret, "secret"));
  GitCredentials c;
  c.username = Take(data, "username");
  c.password = Take(data, "password");
  c.bearer_token = Take(data, "bearerToken");
  c.ca_crt = Take(data, "ca.crt");
  if (c.ca_crt.empty()) c.ca_crt = Take(data, "caFile");
  c.tls_crt = Take(data, "tls.crt");
  c.tls_key = Take(data, "tls.key");
  c.identity = Take(data, "identity");
  c.known_hosts = Take(data, "known_hosts");
  if (c.tls_crt.empty() != c.tls_key.empty()) {
    return InvalidArgumentError(std::string("secret has '") +
                                (c.tls_crt.empty() ? "tls.key" : "tls.crt") + "' without '" +
                                (c.tls_crt.empty() ? "tls.crt" : "tls.key") +
                                "': mutual TLS needs both");
  }
  return c;
}

Result<ProxyConfig> ProxyFromSecret(const Value& secret) {
  GITOPS_ASSIGN_OR_RETURN(auto data, DecodedData(secret, "proxy secret"));
  ProxyConfig p;
  p.address = Take(data, "address");
  p.username = Take(data, "username");
  p.password = Take(data, "password");
  if (p.address.empty()) return InvalidArgumentError("proxy secret has no 'address'");
  if (p.address.find("://") == std::string::npos) {
    return InvalidArgumentError("proxy secret 'address' is not a URL (want scheme://host:port)");
  }
  return p;
}

}  // namespace gitops::source
