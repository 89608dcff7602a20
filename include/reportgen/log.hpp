#pragma once
/// \file
/// Where the library's log goes. reportgen never writes to stdout and never
/// touches a host's loggers: it logs through its own named logger, to stderr
/// by default. A host replaces the destination with set_log_handler() (or
/// silences it with LogLevel::off); spdlog stays out of this header.
#include <functional>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

/// Severity of a log message, and the threshold set_log_level() sets.
enum class LogLevel { trace, debug, info, warn, error, off };

/// Receives every message at or above the level, already formatted (no
/// level prefix). Called from whichever thread logs; it must be thread-safe.
using LogHandler = std::function<void(LogLevel, std::string_view message)>;

/// An empty handler restores the default: "reportgen: <level>: <message>" on
/// stderr. Safe to call at any time, also while reports run.
REPORTGEN_API void set_log_handler(LogHandler handler);
/// Messages below `level` are dropped (LogLevel::off: all). Default: info. Safe to call at any time.
REPORTGEN_API void set_log_level(LogLevel level);
/// The current threshold.
[[nodiscard]] REPORTGEN_API LogLevel log_level() noexcept;
/// "trace" … "error", "off" (also "warning", "err", "critical"); nullopt-like
/// false for anything else.
[[nodiscard]] REPORTGEN_API bool parse_log_level(std::string_view text, LogLevel& out) noexcept;

}  // namespace reportgen
