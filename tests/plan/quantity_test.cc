// Quantity parsing and writing against apimachinery's own test tables
// (tests/data/plan/quantity/apimachinery_quantity_tests.yaml, copied from
// k8s.io/apimachinery/pkg/api/resource/quantity_test.go), and the built-in
// kinds' quantity fields rewritten as the API server stores them.
#include "plan/quantity.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"

namespace {

using gitops::Value;
using gitops::plan::internal::ParseQuantity;
using gitops::plan::internal::Quantity;
using gitops::plan::internal::QuantityFormat;

const Value& Tables() {
  static const Value* tables = [] {
    std::ifstream in(std::string(GITOPS_SOURCE_DIR) +
                     "/tests/data/plan/quantity/apimachinery_quantity_tests.yaml");
    std::stringstream text;
    text << in.rdbuf();
    auto doc = gitops::ReadYamlDocument(text.str());
    REQUIRE(doc.ok());
    return new Value(std::move(doc).value());
  }();
  return *tables;
}

QuantityFormat FormatNamed(std::string_view name) {
  if (name == "BinarySI") return QuantityFormat::kBinarySI;
  if (name == "DecimalExponent") return QuantityFormat::kDecimalExponent;
  REQUIRE(name == "DecimalSI");
  return QuantityFormat::kDecimalSI;
}

// A Quantity of mantissa * 10^exponent (decQuantity in the Go tests).
Quantity Of(std::string_view mantissa, int64_t exponent, QuantityFormat format) {
  Quantity q;
  q.negative = mantissa.starts_with("-");
  if (q.negative) mantissa.remove_prefix(1);
  q.digits = std::string(mantissa);
  q.exponent = exponent;
  q.format = format;
  if (q.digits == "0") q.negative = false;
  return q;
}

std::string Str(const Value& v) { return std::string(v.as_string()); }

}  // namespace

TEST_CASE("quantities parse to apimachinery's values and formats", "[plan][quantity]") {
  const Value& table = *Tables().Find("parse");
  REQUIRE(table.size() > 90);
  for (const Value& row : table.items()) {
    std::string input = Str(row[0]);
    Quantity want = Of(row[1].as_string(), row[2].as_int(), FormatNamed(row[3].as_string()));
    for (std::string_view sign : {"", "-", "+"}) {
      std::string text = std::string(sign) + input;
      INFO(text);
      auto got = ParseQuantity(text);
      REQUIRE(got.ok());
      Quantity expect = want;
      if (sign == "-" && expect.digits != "0") expect.negative = true;
      CHECK(got->SameValue(expect));
      CHECK(got->format == expect.format);
    }
  }
}

TEST_CASE("malformed quantities are refused with apimachinery's messages", "[plan][quantity]") {
  for (const Value& row : Tables().Find("invalid")->items()) {
    INFO("\"" << Str(row) << "\"");
    auto got = ParseQuantity(row.as_string());
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().code() == gitops::Code::kInvalidArgument);
  }
  CHECK(ParseQuantity("1.1.M").status().message().find("must match the regular expression") !=
        std::string::npos);
  CHECK(ParseQuantity("0.1mi").status().message().find("unable to parse quantity's suffix") !=
        std::string::npos);
}

TEST_CASE("quantities round up as Quantity.RoundUp", "[plan][quantity]") {
  for (const Value& row : Tables().Find("round_up")->items()) {
    INFO(Str(row[0]) << " at scale " << row[1].as_int());
    auto got = ParseQuantity(row[0].as_string());
    REQUIRE(got.ok());
    bool exact = got->RoundUp(row[1].as_int());
    CHECK(exact == row[4].as_bool());
    CHECK(got->SameValue(Of(row[2].as_string(), row[3].as_int(), QuantityFormat::kDecimalSI)));
  }
}

TEST_CASE("quantities are written in apimachinery's canonical form", "[plan][quantity]") {
  for (const Value& row : Tables().Find("string")->items()) {
    std::string expect = Str(row[3]);
    INFO(Str(row[0]) << "e" << row[1].as_int() << " " << Str(row[2]) << " -> " << expect);
    Quantity q = Of(row[0].as_string(), row[1].as_int(), FormatNamed(row[2].as_string()));
    CHECK(q.ToString() == expect);
    // Parsing the canonical text keeps it as it is.
    auto parsed = ParseQuantity(expect);
    REQUIRE(parsed.ok());
    CHECK(parsed->kept == expect);
    CHECK(parsed->ToString() == expect);
    if (!row[4].as_string().empty()) {
      auto alternate = ParseQuantity(row[4].as_string());
      REQUIRE(alternate.ok());
      CHECK(alternate->kept.empty());
      CHECK(alternate->ToString() == expect);
    }
    if (q.digits != "0") {
      q.negative = true;
      CHECK(q.ToString() == "-" + expect);
    }
  }
  for (const Value& row : Tables().Find("parse_emit")->items()) {
    INFO(Str(row[0]));
    auto q = ParseQuantity(row[0].as_string());
    REQUIRE(q.ok());
    CHECK(q->ToString() == Str(row[1]));
    auto negative = ParseQuantity("-" + Str(row[0]));
    REQUIRE(negative.ok());
    CHECK(negative->ToString() == "-" + Str(row[1]));
  }
}

TEST_CASE("a quantity in JSON is read as UnmarshalJSON reads it", "[plan][quantity]") {
  for (const Value& row : Tables().Find("json_whitespace")->items()) {
    INFO(Str(row[0]));
    auto json = gitops::ReadJson(row[0].as_string());
    REQUIRE(json.ok());
    auto q = gitops::plan::internal::QuantityOf(*json);
    REQUIRE(q.ok());
    CHECK(q->ToString() == Str(row[1]));
  }
  // A YAML float is sent as Go's encoding/json writes a float64.
  auto half = gitops::plan::internal::QuantityOf(Value(0.5));
  REQUIRE(half.ok());
  CHECK(half->ToString() == "500m");
  CHECK_FALSE(gitops::plan::internal::QuantityOf(Value(true)).ok());
}

TEST_CASE("a Deployment's quantities are rewritten as the API server stores them",
          "[plan][quantity]") {
  auto doc = gitops::ReadYamlDocument(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  template:
    spec:
      containers:
      - name: web
        resources:
          limits: {cpu: 0.5, memory: 1024Mi}
          requests: {cpu: "100m", memory: 5n}
        env:
        - name: CPU
          valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1000m}}
      volumes:
      - name: scratch
        emptyDir: {sizeLimit: 5n}
)");
  REQUIRE(doc.ok());
  auto out = gitops::plan::internal::CanonicalQuantities(*doc);
  REQUIRE(out.ok());
  REQUIRE(out->has_value());
  const Value& c = **out;
  const Value& container = *c.AtPointer("/spec/template/spec/containers/0");
  CHECK(*container.AtPointer("/resources/limits/cpu") == Value("500m"));
  CHECK(*container.AtPointer("/resources/limits/memory") == Value("1Gi"));
  CHECK(*container.AtPointer("/resources/requests/cpu") == Value("100m"));
  // SetDefaults_ResourceList rounds a ResourceList's values up to 1m.
  CHECK(*container.AtPointer("/resources/requests/memory") == Value("1m"));
  CHECK(*container.AtPointer("/env/0/valueFrom/resourceFieldRef/divisor") == Value("1"));
  // Not a ResourceList: kept down to 1n.
  CHECK(*c.AtPointer("/spec/template/spec/volumes/0/emptyDir/sizeLimit") == Value("5n"));

  // Already as stored: no copy.
  auto again = gitops::plan::internal::CanonicalQuantities(c);
  REQUIRE(again.ok());
  CHECK_FALSE(again->has_value());
}

TEST_CASE("a value that is not a quantity is an error naming object and field",
          "[plan][quantity]") {
  auto doc = gitops::ReadYamlDocument(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: apps}
spec:
  resources:
    requests: {storage: 10 Gi}
)");
  REQUIRE(doc.ok());
  auto out = gitops::plan::internal::CanonicalQuantities(*doc);
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == gitops::Code::kInvalidArgument);
  std::string message(out.status().message());
  CHECK(message.find("PersistentVolumeClaim/apps/data") != std::string::npos);
  CHECK(message.find("spec.resources.requests.storage") != std::string::npos);
  CHECK(message.find("\"10 Gi\"") != std::string::npos);
  CHECK(message.find("quantities must match the regular expression") != std::string::npos);
}

TEST_CASE("kinds without quantity fields and custom resources are left alone", "[plan][quantity]") {
  auto doc = gitops::ReadYamlDocument(R"(apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  resources:
    limits: {cpu: 0.5}
)");
  REQUIRE(doc.ok());
  auto out = gitops::plan::internal::CanonicalQuantities(*doc);
  REQUIRE(out.ok());
  CHECK_FALSE(out->has_value());
}

TEST_CASE("a quantity is rewritten exactly when the API server would write it otherwise",
          "[plan][quantity]") {
  // Every input of apimachinery's parse table (and its signed forms) in a
  // ResourceList: rewritten if and only if ParseQuantity, RoundUp(-3) and
  // String() give another text.
  std::vector<std::string> inputs = {"1664Mi", "-1664Mi", "+1664Mi", "01664Mi", "1536Mi",
                                     "2048Mi", "1000m",   "100m",    "+100m",   " 1"};
  for (const Value& row : Tables().Find("parse")->items()) {
    for (std::string_view sign : {"", "-", "+"}) inputs.push_back(std::string(sign) + Str(row[0]));
  }
  for (const std::string& text : inputs) {
    INFO(text);
    Value pvc = Value::Object();
    pvc.Set("apiVersion", "v1");
    pvc.Set("kind", "PersistentVolumeClaim");
    pvc["metadata"].Set("name", "data");
    pvc["metadata"].Set("namespace", "apps");
    pvc["spec"]["resources"]["requests"].Set("storage", text);
    auto out = gitops::plan::internal::CanonicalQuantities(pvc);
    REQUIRE(out.ok());
    auto q = gitops::plan::internal::QuantityOf(Value(text));
    REQUIRE(q.ok());
    q->RoundUp(-3);
    std::string stored = q->ToString();
    CHECK(out->has_value() == (stored != text));
    if (out->has_value()) {
      CHECK(*(*out)->AtPointer("/spec/resources/requests/storage") == Value(stored));
    }
  }
}
