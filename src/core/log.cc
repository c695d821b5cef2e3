#include "gitops/core/log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/log_internal.h"

namespace gitops {
namespace {

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return spdlog::level::trace;
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
    case LogLevel::kOff: return spdlog::level::off;
  }
  return spdlog::level::warn;
}

LogLevel FromSpd(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return LogLevel::kTrace;
    case spdlog::level::debug: return LogLevel::kDebug;
    case spdlog::level::info: return LogLevel::kInfo;
    case spdlog::level::warn: return LogLevel::kWarn;
    case spdlog::level::err:
    case spdlog::level::critical: return LogLevel::kError;
    default: return LogLevel::kOff;
  }
}

// Hands records to the embedding program's callback.
class CallbackSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit CallbackSink(std::function<void(LogLevel, std::string_view, std::string_view)> fn)
      : fn_(std::move(fn)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    fn_(FromSpd(msg.level), std::string_view(msg.logger_name.data(), msg.logger_name.size()),
        std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  std::function<void(LogLevel, std::string_view, std::string_view)> fn_;
};

std::mutex g_mu;
// Guarded by g_mu. Replaced whole on reconfiguration, so that a record in
// flight keeps the logger it started with.
std::shared_ptr<spdlog::logger> g_logger;

std::shared_ptr<spdlog::logger> Make(const LogOptions& options) {
  spdlog::sink_ptr sink;
  if (options.sink) sink = std::make_shared<CallbackSink>(options.sink);
  else sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("gitops", sink);
  logger->set_level(ToSpd(options.level));
  if (options.json) {
    // Messages are escaped by the caller side (JsonEscape in log_internal).
    logger->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","msg":"%v"})",
        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %n: %v", spdlog::pattern_time_type::utc);
  }
  return logger;
}

bool g_json = false;  // guarded by g_mu

}  // namespace

void ConfigureLogging(const LogOptions& options) {
  auto logger = Make(options);
  std::lock_guard<std::mutex> lock(g_mu);
  g_logger = std::move(logger);
  g_json = options.json && !options.sink;
}

bool ParseLogLevel(std::string_view name, LogLevel* out) {
  static const std::pair<std::string_view, LogLevel> kNames[] = {
      {"trace", LogLevel::kTrace}, {"debug", LogLevel::kDebug}, {"info", LogLevel::kInfo},
      {"warn", LogLevel::kWarn},   {"warning", LogLevel::kWarn}, {"error", LogLevel::kError},
      {"off", LogLevel::kOff},
  };
  for (const auto& [n, level] : kNames) {
    if (n == name) {
      *out = level;
      return true;
    }
  }
  return false;
}

namespace log_internal {

void Write(LogLevel level, std::string_view module, std::string_view message) {
  std::shared_ptr<spdlog::logger> logger;
  bool json;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    if (!g_logger) g_logger = Make(LogOptions());
    logger = g_logger;
    json = g_json;
  }
  if (!logger->should_log(ToSpd(level))) return;
  std::string text;
  if (json) {
    text.reserve(module.size() + message.size() + 16);
    text += "[";
    text += module;
    text += "] ";
    for (char c : message) {
      switch (c) {
        case '"': text += "\\\""; break;
        case '\\': text += "\\\\"; break;
        case '\n': text += "\\n"; break;
        case '\t': text += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            text += buf;
          } else {
            text.push_back(c);
          }
      }
    }
  } else {
    text = "[" + std::string(module) + "] " + std::string(message);
  }
  logger->log(ToSpd(level), "{}", text);
}

bool Enabled(LogLevel level) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_logger) g_logger = Make(LogOptions());
  return g_logger->should_log(ToSpd(level));
}

}  // namespace log_internal
}  // namespace gitops
