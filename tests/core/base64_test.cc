// Tests for Base64Encode / Base64Decode. Expected values: RFC 4648 section
// 10's test vectors, and Go's base64.StdEncoding.DecodeString results for
// the malformed inputs (CorruptInputError at the offset named).
#include "gitops/core/base64.h"

#include <catch2/catch.hpp>
#include <string>

namespace gitops {
namespace {

TEST_CASE("base64: RFC 4648 test vectors both ways", "[base64]") {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CHECK(Base64Encode(plain) == encoded);
    Result<std::string> decoded = Base64Decode(encoded);
    REQUIRE(decoded.ok());
    CHECK(*decoded == plain);
  }
}

TEST_CASE("base64: every byte value round-trips", "[base64]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  Result<std::string> back = Base64Decode(Base64Encode(all));
  REQUIRE(back.ok());
  CHECK(*back == all);
}

TEST_CASE("base64: line breaks are ignored as Go ignores them", "[base64]") {
  Result<std::string> r = Base64Decode("Zm9v\nYmFy\r\n");
  REQUIRE(r.ok());
  CHECK(*r == "foobar");
}

TEST_CASE("base64: malformed input is an error naming the offset, not the data", "[base64]") {
  for (const char* bad : {"Zm9", "Zg", "Z===", "Zm9v!", "Zg==Zg==", "Zg=a", "=Zg="}) {
    Result<std::string> r = Base64Decode(bad);
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK_THAT(r.status().message(), Catch::Contains("illegal base64 data at input byte"));
  }
  Result<std::string> r = Base64Decode("c2VjcmV0!");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "illegal base64 data at input byte 8");
}

}  // namespace
}  // namespace gitops
