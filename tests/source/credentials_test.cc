// Tests for GitCredentialsFromSecret / ProxyFromSecret: the Secret keys
// Flux's source-controller reads for a GitRepository (username, password,
// bearerToken, ca.crt, tls.crt, tls.key, identity, known_hosts; address,
// username, password for the proxy), from a whole Secret or a plain map.
#include "gitops/source/credentials.h"

#include <catch2/catch.hpp>

#include "gitops/core/yaml.h"

namespace gitops::source {
namespace {

Value Yaml(std::string_view text) {
  Result<Value> v = ReadYamlDocument(text);
  REQUIRE(v.ok());
  return std::move(*v);
}

TEST_CASE("credentials: a Secret's base64 data with stringData winning", "[credentials]") {
  // "git" / "s3cret" / "token" base64-encoded as the API server stores them.
  Value secret = Yaml(R"(apiVersion: v1
kind: Secret
metadata: {name: repo-auth}
data:
  username: Z2l0
  password: czNjcmV0
  bearerToken: dG9rZW4=
stringData:
  password: from-stringData
)");
  Result<GitCredentials> c = GitCredentialsFromSecret(secret);
  REQUIRE(c.ok());
  CHECK(c->username == "git");
  CHECK(c->password == "from-stringData");
  CHECK(c->bearer_token == "token");
  CHECK_FALSE(c->empty());
}

TEST_CASE("credentials: a plain map of decoded values, all of Flux's keys", "[credentials]") {
  Value data = Yaml(R"(ca.crt: CA
tls.crt: CERT
tls.key: KEY
identity: KEYDATA
known_hosts: "[127.0.0.1]:2222 ssh-ed25519 AAAA"
password: passphrase
unrelated: ignored
)");
  Result<GitCredentials> c = GitCredentialsFromSecret(data);
  REQUIRE(c.ok());
  CHECK(c->ca_crt == "CA");
  CHECK(c->tls_crt == "CERT");
  CHECK(c->tls_key == "KEY");
  CHECK(c->identity == "KEYDATA");
  CHECK(c->known_hosts == "[127.0.0.1]:2222 ssh-ed25519 AAAA");
  CHECK(c->password == "passphrase");
}

TEST_CASE("credentials: Flux's deprecated caFile key still reads", "[credentials]") {
  Result<GitCredentials> c = GitCredentialsFromSecret(Yaml("caFile: CA\n"));
  REQUIRE(c.ok());
  CHECK(c->ca_crt == "CA");
}

TEST_CASE("credentials: errors name the key and never the value", "[credentials]") {
  Result<GitCredentials> c = GitCredentialsFromSecret(Yaml("data: {password: 'c2VjcmV0!'}\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == Code::kInvalidArgument);
  CHECK_THAT(c.status().message(), Catch::Contains("'password'"));
  CHECK_THAT(c.status().message(), !Catch::Contains("c2VjcmV0"));

  c = GitCredentialsFromSecret(Yaml("tls.crt: CERT\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() == "secret has 'tls.crt' without 'tls.key': mutual TLS needs both");

  c = GitCredentialsFromSecret(Yaml("password: [1]\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() == "secret key 'password' must be a string");
}

TEST_CASE("credentials: the proxy Secret", "[credentials]") {
  Result<ProxyConfig> p = ProxyFromSecret(
      Yaml("address: http://127.0.0.1:3128\nusername: u\npassword: p\n"));
  REQUIRE(p.ok());
  CHECK(p->address == "http://127.0.0.1:3128");
  CHECK(p->username == "u");
  CHECK(p->password == "p");
  CHECK(ProxyFromSecret(Yaml("username: u\n")).status().message() ==
        "proxy secret has no 'address'");
  CHECK_FALSE(ProxyFromSecret(Yaml("address: 127.0.0.1:3128\n")).ok());
}

}  // namespace
}  // namespace gitops::source
