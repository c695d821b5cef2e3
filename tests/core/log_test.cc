// Logging: quiet by default, level and sink set by the embedding program.
#include <catch2/catch.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "core/log_internal.h"
#include "gitops/core/log.h"
#include "gitops/core/status.h"

TEST_CASE("records below the configured level are dropped; a sink receives the rest",
          "[log]") {
  std::mutex mu;
  std::vector<std::string> got;
  gitops::LogOptions opts;
  opts.level = gitops::LogLevel::kInfo;
  opts.sink = [&](gitops::LogLevel, std::string_view module, std::string_view msg) {
    std::lock_guard<std::mutex> lock(mu);
    got.push_back(std::string(module) + "|" + std::string(msg));
  };
  gitops::ConfigureLogging(opts);
  CHECK_FALSE(gitops::log_internal::Enabled(gitops::LogLevel::kDebug));
  gitops::log_internal::Write(gitops::LogLevel::kDebug, "source", "hidden");
  gitops::log_internal::Write(gitops::LogLevel::kWarn, "source", "shown");
  REQUIRE(got.size() == 1);
  CHECK(got[0] == "gitops|[source] shown");
  gitops::ConfigureLogging(gitops::LogOptions());  // back to the quiet default
  CHECK_FALSE(gitops::log_internal::Enabled(gitops::LogLevel::kInfo));
  CHECK(gitops::log_internal::Enabled(gitops::LogLevel::kWarn));
}

TEST_CASE("log levels parse by name", "[log]") {
  gitops::LogLevel level;
  CHECK(gitops::ParseLogLevel("debug", &level));
  CHECK(level == gitops::LogLevel::kDebug);
  CHECK_FALSE(gitops::ParseLogLevel("loud", &level));
}

TEST_CASE("a status prints its location and keeps its code through context", "[status]") {
  gitops::Status s = gitops::ParseError("bad", {"f.yaml", 3, 7});
  CHECK(s.ToString() == "f.yaml:3:7: bad");
  gitops::Status wrapped = s.WithContext("kustomization.yaml");
  CHECK(wrapped.code() == gitops::Code::kParseError);
  CHECK(wrapped.message() == "kustomization.yaml: bad");
  CHECK(wrapped.location()->line == 3);
  CHECK(gitops::OkStatus().ToString() == "ok");
  CHECK(gitops::NotFoundError("x").ToString() == "x");
  gitops::Result<int> r = gitops::NotFoundError("no");
  CHECK_FALSE(r.ok());
  CHECK(gitops::IsNotFound(r.status()));
  gitops::Result<int> bad = gitops::OkStatus();  // a misuse reports itself
  CHECK(bad.status().code() == gitops::Code::kInternal);
}
