// Logging: how gitops reports what it does, set up by the embedding program.
//
// gitops is quiet by default (level kWarn to stderr, text). A program may
// raise or lower the level, switch to one JSON object per line, or take the
// records itself with a sink. Messages never carry secrets: modules mask
// them before logging.
//
// Thread safety: ConfigureLogging may be called at any time from any thread;
// records in flight finish with the old configuration.
//
//   gitops::ConfigureLogging({.level = gitops::LogLevel::kDebug, .json = true});
#ifndef GITOPS_CORE_LOG_H_
#define GITOPS_CORE_LOG_H_

#include <functional>
#include <string_view>

namespace gitops {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

struct LogOptions {
  // Records below this level are dropped. Default: kWarn.
  LogLevel level = LogLevel::kWarn;
  // One JSON object per line ({"time":..,"level":..,"logger":..,"msg":..}) instead of text. Default: false.
  bool json = false;
  // When set, records go here instead of stderr: (level, module, message).
  // Called from the logging thread; must be thread-safe. Default: unset.
  std::function<void(LogLevel, std::string_view, std::string_view)> sink;
};

void ConfigureLogging(const LogOptions& options);

// Parses "trace", "debug", "info", "warn", "error", "off"; false if unknown.
bool ParseLogLevel(std::string_view name, LogLevel* out);

}  // namespace gitops

#endif  // GITOPS_CORE_LOG_H_
