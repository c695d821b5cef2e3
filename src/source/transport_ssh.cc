// SSH pieces of the transport: known_hosts checking and telling a private
// key's type (see transport.h). The connection is transport_ssh_stream.cc.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/core/base64.h"
#include "source/transport.h"

namespace gitops::source {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Whitespace-separated fields of a line.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// OpenSSH's match_pattern: * and ? wildcards, case-insensitive for hosts.
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) { return std::tolower(a) == std::tolower(b); };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// "|1|<base64 salt>|<base64 HMAC-SHA1(salt, name)>"
bool HashedMatch(std::string_view field, std::string_view name) {
  std::vector<std::string_view> parts = Split(field.substr(1), '|');
  if (parts.size() != 3 || parts[0] != "1") return false;
  Result<std::string> salt = Base64Decode(parts[1]);
  Result<std::string> hash = Base64Decode(parts[2]);
  if (!salt.ok() || !hash.ok()) return false;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()),
       reinterpret_cast<const unsigned char*>(name.data()), name.size(), out, &out_len);
  return out_len == hash->size() && std::memcmp(out, hash->data(), out_len) == 0;
}

// Whether a known_hosts host field names `name` (OpenSSH's
// match_hostname: a comma list where a matching !pattern vetoes).
bool HostFieldMatches(std::string_view field, std::string_view name) {
  if (!field.empty() && field[0] == '|') return HashedMatch(field, name);
  bool matched = false;
  for (std::string_view pattern : Split(field, ',')) {
    bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern.remove_prefix(1);
    if (WildcardMatch(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

std::string KeyTypeOfBlob(std::string_view blob) {
  if (blob.size() < 4) return "";
  uint32_t n = (uint32_t(uint8_t(blob[0])) << 24) | (uint32_t(uint8_t(blob[1])) << 16) |
               (uint32_t(uint8_t(blob[2])) << 8) | uint32_t(uint8_t(blob[3]));
  if (n > blob.size() - 4) return "";
  return std::string(blob.substr(4, n));
}

std::string Fingerprint(std::string_view blob) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), digest);
  std::string b64 =
      Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

// Reads an SSH wire string (uint32 length + bytes) at *pos.
bool ReadSshString(std::string_view data, size_t* pos, std::string_view* out) {
  if (data.size() - *pos < 4) return false;
  std::string_view len_bytes = data.substr(*pos, 4);
  uint32_t n = (uint32_t(uint8_t(len_bytes[0])) << 24) | (uint32_t(uint8_t(len_bytes[1])) << 16) |
               (uint32_t(uint8_t(len_bytes[2])) << 8) | uint32_t(uint8_t(len_bytes[3]));
  *pos += 4;
  if (n > data.size() - *pos) return false;
  *out = data.substr(*pos, n);
  *pos += n;
  return true;
}

// The base64 body between a PEM "-----BEGIN <label>-----" line and its END.
std::string PemBody(std::string_view pem) {
  size_t begin = pem.find("-----BEGIN ");
  if (begin == std::string_view::npos) return "";
  size_t body = pem.find('\n', begin);
  size_t end = pem.find("-----END ", begin);
  if (body == std::string_view::npos || end == std::string_view::npos || end < body) return "";
  std::string out;
  for (char c : pem.substr(body + 1, end - body - 1)) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') out += c;
  }
  return out;
}

}  // namespace

std::string SshPrivateKeyType(std::string_view identity) {
  if (identity.find("-----BEGIN RSA PRIVATE KEY-----") != std::string_view::npos) return "ssh-rsa";
  if (identity.find("-----BEGIN EC PRIVATE KEY-----") != std::string_view::npos) {
    return "ecdsa-sha2";
  }
  if (identity.find("-----BEGIN OPENSSH PRIVATE KEY-----") != std::string_view::npos) {
    // openssh-key-v1: magic, cipher, kdf, kdf options, key count, then the
    // public key (unencrypted even when the private part is), whose first
    // field is the key type.
    Result<std::string> raw = Base64Decode(PemBody(identity));
    if (!raw.ok()) return "";
    std::string_view data = *raw;
    constexpr std::string_view kMagic("openssh-key-v1\0", 15);
    if (data.substr(0, kMagic.size()) != kMagic) return "";
    size_t pos = kMagic.size();
    std::string_view field;
    for (int i = 0; i < 3; ++i) {
      if (!ReadSshString(data, &pos, &field)) return "";
    }
    pos += 4;  // number of keys
    if (pos > data.size() || !ReadSshString(data, &pos, &field)) return "";
    return KeyTypeOfBlob(field);
  }
  if (identity.find("-----BEGIN PRIVATE KEY-----") != std::string_view::npos) {
    BIO* bio = BIO_new_mem_buf(identity.data(), static_cast<int>(identity.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (key == nullptr) return "";
    int id = EVP_PKEY_get_base_id(key);
    EVP_PKEY_free(key);
    if (id == EVP_PKEY_RSA) return "ssh-rsa";
    if (id == EVP_PKEY_EC) return "ecdsa-sha2";
    if (id == EVP_PKEY_ED25519) return "ssh-ed25519";
  }
  return "";
}

namespace {

// One known_hosts line that names a host: its marker ("", "@revoked" or
// "@cert-authority"), key type and decoded key blob.
struct KnownHostEntry {
  std::string_view marker;
  std::string_view key_type;
  std::string key;
  bool key_ok = false;
};

// The known_hosts lines whose host field matches `name`, in file order.
std::vector<KnownHostEntry> MatchingEntries(std::string_view known_hosts, std::string_view name) {
  std::vector<KnownHostEntry> out;
  for (std::string_view line : Split(known_hosts, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> f = Fields(line);
    if (f.empty() || f[0][0] == '#') continue;
    KnownHostEntry entry;
    if (f[0][0] == '@') {
      entry.marker = f[0];
      f.erase(f.begin());
    }
    if (f.size() < 3) continue;
    if (!HostFieldMatches(f[0], name)) continue;
    entry.key_type = f[1];
    Result<std::string> key = Base64Decode(f[2]);
    entry.key_ok = key.ok();
    if (key.ok()) entry.key = std::move(*key);
    out.push_back(std::move(entry));
  }
  return out;
}

std::string KnownHostsName(std::string_view host, int port) {
  return port == 22 ? std::string(host) : "[" + std::string(host) + "]:" + std::to_string(port);
}

}  // namespace

std::string KnownHostKeyTypes(std::string_view known_hosts, std::string_view host, int port) {
  std::string out;
  for (const KnownHostEntry& e : MatchingEntries(known_hosts, KnownHostsName(host, port))) {
    if (!e.marker.empty()) continue;
    std::string type(e.key_type);
    if (("," + out + ",").find("," + type + ",") != std::string::npos) continue;
    if (!out.empty()) out += ",";
    out += type;
  }
  return out;
}

Status CheckKnownHosts(std::string_view known_hosts, std::string_view host, int port,
                       std::string_view host_key) {
  std::string name = KnownHostsName(host, port);
  std::string offered = KeyTypeOfBlob(host_key) + " key " + Fingerprint(host_key);
  if (known_hosts.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return PermissionDeniedError("ssh host " + name + " cannot be verified: no known_hosts given " +
                                 "(the Secret's `known_hosts` key); it offered the " + offered);
  }
  bool host_known = false;
  bool matched = false;
  bool cert_authority = false;
  for (const KnownHostEntry& e : MatchingEntries(known_hosts, name)) {
    bool same = e.key_ok && e.key == host_key;
    if (e.marker == "@revoked") {
      if (same) {
        return PermissionDeniedError("ssh host key of " + name + " is revoked in known_hosts (" +
                                     offered + ")");
      }
      continue;
    }
    if (e.marker == "@cert-authority") {
      cert_authority = true;
      continue;
    }
    if (!e.marker.empty()) continue;  // an unknown marker vouches for nothing
    host_known = true;
    if (same) matched = true;
  }
  if (matched) return OkStatus();
  if (host_known) {
    return PermissionDeniedError("ssh host key of " + name +
                                 " does not match known_hosts: the server offered the " + offered +
                                 " (the host key changed, or someone is intercepting)");
  }
  if (cert_authority) {
    return PermissionDeniedError(
        "ssh host " + name +
        " is trusted in known_hosts only through a @cert-authority line, which gitops cannot "
        "check: libssh2 1.10 (the SSH library) does not negotiate OpenSSH host certificates; add "
        "the host's own key to known_hosts (ssh-keyscan); refusing to connect (it offered the " +
        offered + ")");
  }
  return PermissionDeniedError("ssh host " + name +
                               " is unknown: not in known_hosts, refusing to connect (it offered "
                               "the " +
                               offered + ")");
}

}  // namespace gitops::source
