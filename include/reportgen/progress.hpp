#pragma once
/// \file
/// Progress of a running report, reported to the caller of generate().
#include <cstdint>
#include <functional>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

/// How far a running report is, passed to a ProgressFn.
struct REPORTGEN_API Progress {
    /// "fetch" (after page 1 and after each page received), "build" (once:
    /// the rows are built and written), "done" (once, at the end of a report
    /// that succeeded).
    std::string_view phase;
    uint64_t pages_done = 0;  ///< Work-entries pages received so far.
    uint64_t pages_total = 0;  ///< Pages of the report (page 1's meta.lastPage, at least 1).
    uint64_t entries = 0;  ///< decoded so far
    double elapsed_s = 0;  ///< Seconds since generate() started.
};
/// Called one call at a time, from the thread that decodes pages or the one
/// that called generate(); keep it cheap.
using ProgressFn = std::function<void(const Progress&)>;

}  // namespace reportgen
