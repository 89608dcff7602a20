#pragma once
// The library's own spdlog logger (never spdlog's default one). See
// include/reportgen/log.hpp for how a host redirects it.
#include <spdlog/logger.h>

namespace reportgen::detail {

spdlog::logger& log();

}  // namespace reportgen::detail
