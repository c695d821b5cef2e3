// Semver versions, constraints and Flux's highest-matching-tag choice. The
// tables are Masterminds/semver v3's own (version_test.go, constraints_test.go:
// TestNewVersion, TestStrictNewVersion, TestCompare, TestConstraintCheck,
// TestNewConstraint, TestConstraintsCheck) and fluxcd/pkg's semver checkout
// test (tags v0.0.1, v0.1.0+build-{1,2,3}, 0.2.0).
#include "gitops/source/semver.h"

#include <catch2/catch.hpp>

namespace gitops::source {
namespace {

TEST_CASE("semver: versions parse as Masterminds NewVersion parses them", "[semver]") {
  struct Case {
    const char* text;
    bool error;
  };
  const Case cases[] = {
      {"1.2.3", false},
      {"1.2.3-alpha.01", true},
      {"1.2.3+test.01", false},
      {"1.2.3-alpha.-1", false},
      {"v1.2.3", false},
      {"1.0", false},
      {"v1.0", false},
      {"1", false},
      {"v1", false},
      {"1.2.beta", true},
      {"v1.2.beta", true},
      {"foo", true},
      {"1.2-5", false},
      {"v1.2-5", false},
      {"1.2-beta.5", false},
      {"v1.2-beta.5", false},
      {"\n1.2", true},
      {"\nv1.2", true},
      {"1.2.0-x.Y.0+metadata", false},
      {"v1.2.0-x.Y.0+metadata", false},
      {"1.2.0-x.Y.0+metadata-width-hypen", false},
      {"v1.2.0-x.Y.0+metadata-width-hypen", false},
      {"1.2.3-rc1-with-hypen", false},
      {"v1.2.3-rc1-with-hypen", false},
      {"1.2.3.4", true},
      {"v1.2.3.4", true},
      {"1.2.2147483648", false},
      {"1.2147483648.3", false},
      {"2147483648.3.0", false},
      {"12.3.4.1234", true},
      {"12.23.4.1234", true},
      {"12.3.34.1234", true},
      {"20221209-update-renovatejson-v4", false},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(ParseSemVersion(c.text).ok() == !c.error);
  }
  Result<SemVersion> v = ParseSemVersion("v1.2.3-beta.1+build.123");
  REQUIRE(v.ok());
  CHECK(v->major == 1);
  CHECK(v->minor == 2);
  CHECK(v->patch == 3);
  CHECK(v->prerelease == "beta.1");
  CHECK(v->metadata == "build.123");
  CHECK(v->original == "v1.2.3-beta.1+build.123");
  CHECK(v->ToString() == "1.2.3-beta.1+build.123");
  CHECK(ParseSemVersion("v1.2-beta.5")->ToString() == "1.2.0-beta.5");
  CHECK(ParseSemVersion("v1")->ToString() == "1.0.0");
}

TEST_CASE("semver: tags parse strictly, with an optional v, as Flux's ParseVersion", "[semver]") {
  // TestStrictNewVersion's table, each also tried with a `v` (which Flux allows).
  struct Case {
    const char* text;
    bool error;
  };
  const Case strict[] = {
      {"1.2.3", false},
      {"1.2.3-alpha.01", true},
      {"1.2.3+test.01", false},
      {"1.2.3-alpha.-1", false},
      {"1.0", true},
      {"1", true},
      {"1.2.beta", true},
      {"foo", true},
      {"1.2-5", true},
      {"1.2-beta.5", true},
      {"\n1.2", true},
      {"1.2.0-x.Y.0+metadata", false},
      {"1.2.0-x.Y.0+metadata-width-hypen", false},
      {"1.2.3-rc1-with-hypen", false},
      {"1.2.3.4", true},
      {"1.2.2147483648", false},
      {"1.2147483648.3", false},
      {"2147483648.3.0", false},
      {"20221209-update-renovatejson-v4", true},
  };
  for (const Case& c : strict) {
    INFO(c.text);
    CHECK(ParseTagVersion(c.text).ok() == !c.error);
    CHECK(ParseTagVersion(std::string("v") + c.text).ok() == !c.error);
  }
  CHECK_FALSE(ParseTagVersion("01.2.3").ok());
  CHECK_FALSE(ParseTagVersion("V1.2.3").ok());
  CHECK_FALSE(ParseTagVersion("1.2.3+").ok());
  CHECK_FALSE(ParseTagVersion("").ok());
  CHECK_FALSE(ParseTagVersion("latest").ok());
  CHECK(ParseTagVersion("v1.2.3")->original == "v1.2.3");
}

TEST_CASE("semver: version ordering follows SemVer 2.0 as Masterminds compares", "[semver]") {
  struct Case {
    const char* a;
    const char* b;
    int expected;
  };
  const Case cases[] = {
      {"1.2.3", "1.5.1", -1},
      {"2.2.3", "1.5.1", 1},
      {"2.2.3", "2.2.2", 1},
      {"3.2-beta", "3.2-beta", 0},
      {"1.3", "1.1.4", 1},
      {"4.2", "4.2-beta", 1},
      {"4.2-beta", "4.2", -1},
      {"4.2-alpha", "4.2-beta", -1},
      {"4.2-alpha", "4.2-alpha", 0},
      {"4.2-beta.2", "4.2-beta.1", 1},
      {"4.2-beta2", "4.2-beta1", 1},
      {"4.2-beta", "4.2-beta.2", -1},
      {"4.2-beta", "4.2-beta.foo", -1},
      {"4.2-beta.2", "4.2-beta", 1},
      {"4.2-beta.foo", "4.2-beta", 1},
      {"1.2+bar", "1.2+baz", 0},
      {"1.0.0-beta.4", "1.0.0-beta.-2", -1},
      {"1.0.0-beta.-2", "1.0.0-beta.-3", -1},
      {"1.0.0-beta.-3", "1.0.0-beta.5", 1},
      // TestGreaterThan
      {"3.2.0-beta.1", "3.2.0-beta.5", -1},
      {"7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.103", -1},
      {"7.43.0-SNAPSHOT.FOO", "7.43.0-SNAPSHOT.103", 1},
      {"7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.BAR", -1},
      {"3.2-beta+foo", "3.2-beta+bar", 0},
  };
  for (const Case& c : cases) {
    INFO(c.a << " vs " << c.b);
    Result<SemVersion> a = ParseSemVersion(c.a);
    Result<SemVersion> b = ParseSemVersion(c.b);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->Compare(*b) == c.expected);
  }
}

struct CheckCase {
  const char* constraint;
  const char* version;
  bool check;
};

void RunChecks(const CheckCase* begin, const CheckCase* end) {
  for (const CheckCase* c = begin; c != end; ++c) {
    INFO("constraint '" << c->constraint << "' version '" << c->version << "'");
    Result<SemverConstraint> con = SemverConstraint::Parse(c->constraint);
    REQUIRE(con.ok());
    Result<SemVersion> v = ParseSemVersion(c->version);
    REQUIRE(v.ok());
    CHECK(con->Check(*v) == c->check);
  }
}

TEST_CASE("semver: single comparators (Masterminds TestConstraintCheck)", "[semver]") {
  const CheckCase cases[] = {
      {"=2.0.0", "1.2.3", false},
      {"=2.0.0", "2.0.0", true},
      {"=2.0", "1.2.3", false},
      {"=2.0", "2.0.0", true},
      {"=2.0", "2.0.1", true},
      {"4.1", "4.1.0", true},
      {"!=4.1.0", "4.1.0", false},
      {"!=4.1.0", "4.1.1", true},
      {"!=4.1", "4.1.0", false},
      {"!=4.1", "4.1.1", false},
      {"!=4.1", "5.1.0-alpha.1", false},
      {"!=4.1-alpha", "4.1.0", true},
      {"!=4.1", "5.1.0", true},
      {"<11", "0.1.0", true},
      {"<11", "11.1.0", false},
      {"<1.1", "0.1.0", true},
      {"<1.1", "1.1.0", false},
      {"<1.1", "1.1.1", false},
      {"<=11", "1.2.3", true},
      {"<=11", "12.2.3", false},
      {"<=11", "11.2.3", true},
      {"<=1.1", "1.2.3", false},
      {"<=1.1", "0.1.0", true},
      {"<=1.1", "1.1.0", true},
      {"<=1.1", "1.1.1", true},
      {">1.1", "4.1.0", true},
      {">1.1", "1.1.0", false},
      {">0", "0", false},
      {">0", "1", true},
      {">0", "0.0.1-alpha", false},
      {">0.0", "0.0.1-alpha", false},
      {">0-0", "0.0.1-alpha", false},
      {">0.0-0", "0.0.1-alpha", false},
      {">0", "0.0.0-alpha", false},
      {">0-0", "0.0.0-alpha", false},
      {">0.0.0-0", "0.0.0-alpha", true},
      {">1.2.3-alpha.1", "1.2.3-alpha.2", true},
      {">1.2.3-alpha.1", "1.3.3-alpha.2", true},
      {">11", "11.1.0", false},
      {">11.1", "11.1.0", false},
      {">11.1", "11.1.1", false},
      {">11.1", "11.2.1", true},
      {">=11", "11.1.2", true},
      {">=11.1", "11.1.2", true},
      {">=11.1", "11.0.2", false},
      {">=1.1", "4.1.0", true},
      {">=1.1", "1.1.0", true},
      {">=1.1", "0.0.9", false},
      {">=0", "0.0.1-alpha", false},
      {">=0.0", "0.0.1-alpha", false},
      {">=0-0", "0.0.1-alpha", true},
      {">=0.0-0", "0.0.1-alpha", true},
      {">=0", "0.0.0-alpha", false},
      {">=0-0", "0.0.0-alpha", true},
      {">=0.0.0-0", "0.0.0-alpha", true},
      {">=0.0.0-0", "1.2.3", true},
      {">=0.0.0-0", "3.4.5-beta.1", true},
      {"<0", "0.0.0-alpha", false},
      {"<0-z", "0.0.0-alpha", true},
      {">=0", "0", true},
      {"=0", "1", false},
      {"*", "1", true},
      {"*", "4.5.6", true},
      {"*", "1.2.3-alpha.1", false},
      {"*-0", "1.2.3-alpha.1", true},
      {"2.*", "1", false},
      {"2.*", "3.4.5", false},
      {"2.*", "2.1.1", true},
      {"2.1.*", "2.1.1", true},
      {"2.1.*", "2.2.1", false},
      {"2", "1", false},
      {"2", "3.4.5", false},
      {"2", "2.1.1", true},
      {"2.1", "2.1.1", true},
      {"2.1", "2.2.1", false},
      {"~1.2.3", "1.2.4", true},
      {"~1.2.3", "1.3.4", false},
      {"~1.2", "1.2.4", true},
      {"~1.2", "1.3.4", false},
      {"~1", "1.2.4", true},
      {"~1", "2.3.4", false},
      {"~0.2.3", "0.2.5", true},
      {"~0.2.3", "0.3.5", false},
      {"~1.2.3-beta.2", "1.2.3-beta.4", true},
      {"~1.2.3-beta.2", "1.2.4-beta.2", true},
      {"~1.2.3-beta.2", "1.3.4-beta.2", false},
      {"^1.2.3", "1.8.9", true},
      {"^1.2.3", "2.8.9", false},
      {"^1.2.3", "1.2.1", false},
      {"^1.1.0", "2.1.0", false},
      {"^1.2.0", "2.2.1", false},
      {"^1.2.0", "1.2.1-alpha.1", false},
      {"^1.2.0-alpha.0", "1.2.1-alpha.1", true},
      {"^1.2.0-alpha.0", "1.2.1-alpha.0", true},
      {"^1.2.0-alpha.2", "1.2.0-alpha.1", false},
      {"^1.2", "1.8.9", true},
      {"^1.2", "2.8.9", false},
      {"^1", "1.8.9", true},
      {"^1", "2.8.9", false},
      {"^0.2.3", "0.2.5", true},
      {"^0.2.3", "0.5.6", false},
      {"^0.2", "0.2.5", true},
      {"^0.2", "0.5.6", false},
      {"^0.0.3", "0.0.3", true},
      {"^0.0.3", "0.0.4", false},
      {"^0.0", "0.0.3", true},
      {"^0.0", "0.1.4", false},
      {"^0.0", "1.0.4", false},
      {"^0", "0.2.3", true},
      {"^0", "1.1.4", false},
      {"^0.2.3-beta.2", "0.2.3-beta.4", true},
      {"^0.2.3-beta.2", "0.2.4-beta.2", true},
      {"^0.2.3-beta.2", "0.3.4-beta.2", false},
      {"^0.2.3-beta.2", "0.2.3-beta.2", true},
  };
  RunChecks(std::begin(cases), std::end(cases));
}

TEST_CASE("semver: AND, OR, ranges and wildcards (Masterminds TestConstraintsCheck)", "[semver]") {
  const CheckCase cases[] = {
      {"*", "1.2.3", true},
      {"~0.0.0", "1.2.3", true},
      {"0.x.x", "1.2.3", false},
      {"0.0.x", "1.2.3", false},
      {"0.0.0", "1.2.3", false},
      {"^0.0.0", "1.2.3", false},
      {"= 2.0", "1.2.3", false},
      {"= 2.0", "2.0.0", true},
      {"4.1", "4.1.0", true},
      {"4.1.x", "4.1.3", true},
      {"1.x", "1.4", true},
      {"!=4.1", "4.1.0", false},
      {"!=4.1-alpha", "4.1.0-alpha", false},
      {"!=4.1-alpha", "4.1.1-alpha", false},
      {"!=4.1-alpha", "4.1.0", true},
      {"!=4.1", "5.1.0", true},
      {"!=4.x", "5.1.0", true},
      {"!=4.x", "4.1.0", false},
      {"!=4.1.x", "4.2.0", true},
      {"!=4.2.x", "4.2.3", false},
      {">1.1", "4.1.0", true},
      {">1.1", "1.1.0", false},
      {"<1.1", "0.1.0", true},
      {"<1.1", "1.1.0", false},
      {"<1.1", "1.1.1", false},
      {"<1.x", "1.1.1", false},
      {"<1.x", "0.1.1", true},
      {"<1.x", "2.0.0", false},
      {"<1.1.x", "1.2.1", false},
      {"<1.1.x", "1.1.500", false},
      {"<1.1.x", "1.0.500", true},
      {"<1.2.x", "1.1.1", true},
      {">=1.1", "4.1.0", true},
      {">=1.1", "4.1.0-beta", false},
      {">=1.1", "1.1.0", true},
      {">=1.1", "0.0.9", false},
      {"<=1.1", "0.1.0", true},
      {"<=1.1", "0.1.0-alpha", false},
      {"<=1.1-a", "0.1.0-alpha", true},
      {"<=1.1", "1.1.0", true},
      {"<=1.x", "1.1.0", true},
      {"<=2.x", "3.0.0", false},
      {"<=1.1", "1.1.1", true},
      {"<=1.1.x", "1.2.500", false},
      {"<=4.5", "3.4.0", true},
      {"<=4.5", "3.7.0", true},
      {"<=4.5", "4.6.3", false},
      {">1.1, <2", "1.1.1", false},
      {">1.1, <2", "1.2.1", true},
      {">1.1, <3", "4.3.2", false},
      {">=1.1, <2, !=1.2.3", "1.2.3", false},
      {">1.1 <2", "1.1.1", false},
      {">1.1 <2", "1.2.1", true},
      {">1.1    <3", "4.3.2", false},
      {">=1.1    <2    !=1.2.3", "1.2.3", false},
      {">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true},
      {">=1.1, <2, !=1.2.3 || > 3", "3.1.2", false},
      {">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true},
      {">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false},
      {">=1.1 <2 !=1.2.3", "1.2.3", false},
      {">=1.1 <2 !=1.2.3 || > 3", "4.1.2", true},
      {">=1.1 <2 !=1.2.3 || > 3", "3.1.2", false},
      {">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", true},
      {">=1.1 <2 !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1 <2 !=1.2.3 || > 3", "1.2.3", false},
      {"> 1.1, <     2", "1.1.1", false},
      {">   1.1, <2", "1.2.1", true},
      {">1.1, <  3", "4.3.2", false},
      {">= 1.1, <     2, !=1.2.3", "1.2.3", false},
      {"> 1.1 < 2", "1.1.1", false},
      {">1.1 < 2", "1.2.1", true},
      {"> 1.1    <3", "4.3.2", false},
      {">=1.1    < 2    != 1.2.3", "1.2.3", false},
      {">= 1.1, <2, !=1.2.3 || > 3", "4.1.2", true},
      {">= 1.1, <2, != 1.2.3 || > 3", "3.1.2", false},
      {">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true},
      {">= 1.1, <2, !=1.2.3 || > 3", "3.0.0", false},
      {">= 1.1, <2, !=1.2.3 || > 3", "1.2.3", false},
      {">= 1.1 <2 != 1.2.3", "1.2.3", false},
      {">= 1.1 <2 != 1.2.3 || > 3", "4.1.2", true},
      {">= 1.1 <2 != 1.2.3 || > 3", "3.1.2", false},
      {">= 1.1 <2 != 1.2.3 || >= 3", "3.0.0", true},
      {">= 1.1 < 2 !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1 < 2 !=1.2.3 || > 3", "1.2.3", false},
      {"1.1 - 2", "1.1.1", true},
      {"1.5.0 - 4.5", "3.7.0", true},
      {"1.1-3", "4.3.2", false},
      {"^1.1", "1.1.1", true},
      {"^1.1", "4.3.2", false},
      {"^1.x", "1.1.1", true},
      {"^2.x", "1.1.1", false},
      {"^1.x", "2.1.1", false},
      {"^1.x", "1.1.1-beta1", false},
      {"^1.1.2-alpha", "1.2.1-beta1", true},
      {"^1.2.x-alpha", "1.1.1-beta1", false},
      {"^0.0.1", "0.0.1", true},
      {"^0.0.1", "0.3.1", false},
      {"~*", "2.1.1", true},
      {"~1", "2.1.1", false},
      {"~1", "1.3.5", true},
      {"~1", "1.4", true},
      {"~1.x", "2.1.1", false},
      {"~1.x", "1.3.5", true},
      {"~1.x", "1.4", true},
      {"~1.1", "1.1.1", true},
      {"~1.1", "1.1.1-alpha", false},
      {"~1.1-alpha", "1.1.1-beta", true},
      {"~1.1.1-beta", "1.1.1-alpha", false},
      {"~1.1.1-beta", "1.1.1", true},
      {"~1.2.3", "1.2.5", true},
      {"~1.2.3", "1.2.2", false},
      {"~1.2.3", "1.3.2", false},
      {"~1.1", "1.2.3", false},
      {"~1.3", "2.4.5", false},
      {"1.0.0 - 2.0.0 <=2.0.0", "1.5.0", true},
      {"1.0.0 - 2.0.0, <=2.0.0", "1.5.0", true},
      // TestConstraintsValidate rows not above.
      {"<2.x", "1.1.1", true},
      {"^1.1", "1.1.1-alpha", false},
      {"^1.1.1-alpha", "1.1.1-beta", true},
      {"^1.1.1-beta", "1.1.1-alpha", false},
      {"^0.0.1", "0.1.3", false},
      {"~1", "1.3.5-beta", false},
      {"~1.x", "1.3.5-beta", false},
      {"~1.3.6-alpha", "1.3.5-beta", false},
      {"~1.3.5-alpha", "1.3.5-beta", true},
      {"~1.3.5-beta", "1.3.5-alpha", false},
  };
  RunChecks(std::begin(cases), std::end(cases));
}

TEST_CASE("semver: constraint syntax errors (Masterminds TestNewConstraint)", "[semver]") {
  const char* valid[] = {">= 1.1",
                         ">40.50.60, < 50.70",
                         "2.0",
                         "v2.3.5-20161202202307-sha.e8fc5e5",
                         ">= 1.2.3 < 2.0",
                         ">= 1.2.3 < 2.0 || => 3.0 < 4",
                         ">= 1.2.3, < 2.0",
                         ">= 1.2.3, < 2.0 || => 3.0, < 4",
                         "3 - 4 || => 3.0, < 4",
                         "12.3.34 ~1.2.3",
                         "1.0.0 - 2.0.0, <=2.0.0",
                         "v1.2",
                         "=< 1.2",
                         "~> 1.2"};
  for (const char* text : valid) {
    INFO(text);
    CHECK(SemverConstraint::Parse(text).ok());
  }
  const char* invalid[] = {">= bar",       "BAR >= 1.2.3",   "12.3.4.1234", "12.23.4.1234",
                           "12.3.34.1234", "12.3.34~ 1.2.3", "foo",         "",
                           ">=1.0.0 ||",   "1.x.y",          ">=1,,<2",     "1x"};
  for (const char* text : invalid) {
    INFO(text);
    Result<SemverConstraint> c = SemverConstraint::Parse(text);
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().code() == Code::kInvalidArgument);
    CHECK_THAT(c.status().message(),
               Catch::Contains(std::string("invalid semver constraint \"") + text + "\""));
  }
}

TEST_CASE("semver: the highest matching tag wins, as in Flux's semver checkout test", "[semver]") {
  // fluxcd's test commits each tag on its own commit; equal versions are
  // ordered by commit time: build-1 at +10m, build-2 at +30m, build-3 at +1h.
  const std::vector<TagCandidate> tags = {{"v0.0.1", 0},
                                          {"v0.1.0+build-1", 600},
                                          {"v0.1.0+build-2", 1800},
                                          {"v0.1.0+build-3", 3600},
                                          {"0.2.0", 0}};
  auto pick = [&](std::string_view c) {
    Result<std::optional<std::string>> r = HighestMatchingTag(tags, c);
    REQUIRE(r.ok());
    return *r;
  };
  CHECK(pick(">0.1.0") == std::optional<std::string>("0.2.0"));
  CHECK(pick("<0.2.0") == std::optional<std::string>("v0.1.0+build-3"));
  CHECK(pick(">=1.0.0") == std::nullopt);

  // The same order given by position only.
  std::vector<std::string> names;
  for (const TagCandidate& t : tags) names.push_back(t.name);
  CHECK(*HighestMatchingTag(names, "<0.2.0") == std::optional<std::string>("v0.1.0+build-3"));
}

TEST_CASE("semver: tags that are not versions are skipped; pre-releases only on request",
          "[semver]") {
  const std::vector<std::string> tags = {"latest", "v1.0.0",    "v1.4.2",  "v1.4",  "1.5.0-rc.1",
                                         "v2.0.0", "release-3", "v1.10.0", "v1.9.9"};
  auto pick = [&](std::string_view c) { return *HighestMatchingTag(tags, c); };
  CHECK(pick("~1.4") == std::optional<std::string>("v1.4.2"));
  CHECK(pick("^1") == std::optional<std::string>("v1.10.0"));
  CHECK(pick("1.x") == std::optional<std::string>("v1.10.0"));
  CHECK(pick("*") == std::optional<std::string>("v2.0.0"));
  CHECK(pick(">=1.2.0 <2.0.0") == std::optional<std::string>("v1.10.0"));
  CHECK(pick(">=1.5.0-0 <1.6.0-0") == std::optional<std::string>("1.5.0-rc.1"));
  // Every comparator of the group must name a pre-release for one to match.
  CHECK(pick(">=1.5.0-0 <1.6.0") == std::nullopt);
  CHECK(pick("<1.5.0 || >=2.0.0") == std::optional<std::string>("v2.0.0"));
  CHECK(pick("1.2 - 1.4") == std::optional<std::string>("v1.4.2"));
  CHECK(pick("^3") == std::nullopt);

  Result<std::optional<std::string>> bad = HighestMatchingTag(tags, ">= one");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Code::kInvalidArgument);
  CHECK_THAT(bad.status().message(), Catch::Contains(">= one"));
}

}  // namespace
}  // namespace gitops::source
