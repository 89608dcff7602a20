#include "common/log.hpp"

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "reportgen/log.hpp"

namespace reportgen {
namespace {

LogLevel from_spdlog(spdlog::level::level_enum l) noexcept {
    switch (l) {
        case spdlog::level::trace: return LogLevel::trace;
        case spdlog::level::debug: return LogLevel::debug;
        case spdlog::level::info: return LogLevel::info;
        case spdlog::level::warn: return LogLevel::warn;
        case spdlog::level::err:
        case spdlog::level::critical: return LogLevel::error;
        default: return LogLevel::off;
    }
}

spdlog::level::level_enum to_spdlog(LogLevel l) noexcept {
    switch (l) {
        case LogLevel::trace: return spdlog::level::trace;
        case LogLevel::debug: return spdlog::level::debug;
        case LogLevel::info: return spdlog::level::info;
        case LogLevel::warn: return spdlog::level::warn;
        case LogLevel::error: return spdlog::level::err;
        case LogLevel::off: return spdlog::level::off;
    }
    return spdlog::level::off;
}

const char* level_name(LogLevel l) noexcept {
    switch (l) {
        case LogLevel::trace: return "trace";
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warning";
        case LogLevel::error: return "error";
        case LogLevel::off: break;
    }
    return "";
}

// Hands each message to the host's handler, or to stderr. base_sink's mutex
// serialises calls, so the handler sees one message at a time.
class HandlerSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    void set(LogHandler h) {
        std::lock_guard<std::mutex> lock(mutex_);
        handler_ = std::move(h);
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        const LogLevel level = from_spdlog(msg.level);
        if (handler_) {
            handler_(level, text);
            return;
        }
        std::fprintf(stderr, "reportgen: %s: %.*s\n", level_name(level),
                     static_cast<int>(text.size()), text.data());
    }
    void flush_() override { std::fflush(stderr); }

  private:
    LogHandler handler_;
};

struct LoggerHolder {
    std::shared_ptr<HandlerSink> sink = std::make_shared<HandlerSink>();
    // Not registered in spdlog's registry: a host's spdlog::set_level(),
    // drop_all() or set_default_logger() do not reach it.
    spdlog::logger logger{"reportgen", sink};
    LoggerHolder() { logger.set_level(spdlog::level::info); }
};

LoggerHolder& holder() {
    static LoggerHolder h;
    return h;
}

}  // namespace

void set_log_handler(LogHandler handler) { holder().sink->set(std::move(handler)); }
void set_log_level(LogLevel level) { holder().logger.set_level(to_spdlog(level)); }
LogLevel log_level() noexcept { return from_spdlog(holder().logger.level()); }

bool parse_log_level(std::string_view t, LogLevel& out) noexcept {
    if (t == "trace") out = LogLevel::trace;
    else if (t == "debug") out = LogLevel::debug;
    else if (t == "info") out = LogLevel::info;
    else if (t == "warn" || t == "warning") out = LogLevel::warn;
    else if (t == "error" || t == "err" || t == "critical") out = LogLevel::error;
    else if (t == "off") out = LogLevel::off;
    else return false;
    return true;
}

namespace detail {
spdlog::logger& log() { return holder().logger; }
}  // namespace detail

}  // namespace reportgen
