#pragma once
// Progress of a running report, reported to the caller of generate().
#include <cstdint>
#include <functional>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

struct REPORTGEN_API Progress {
    std::string_view phase;  // "plan", "fetch", "build", "write"
    uint64_t pages_done = 0;
    uint64_t pages_total = 0;
    uint64_t entries = 0;  // decoded so far
    double elapsed_s = 0;
};
// Called from the thread that decodes pages (one call at a time); keep it cheap.
using ProgressFn = std::function<void(const Progress&)>;

}  // namespace reportgen
