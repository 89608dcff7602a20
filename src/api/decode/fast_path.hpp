#pragma once
// The page decoder's fast path (src/api/decode/fast_path.inl): entries shaped
// as the API sends them, read straight from the page's bytes.
#include <string_view>
#include <vector>

#include "api/decode/common.hpp"
#include "api/decode/intern_cache.hpp"

namespace reportgen::detail {

// What the fast path reads and writes besides the page's bytes.
struct FastContext {
    int page_no;
    EmployeeTable& employees;
    CheckTypeRefs& check_types;
    BreakTypeRefs& break_types;
    EntryTraces* traces;  // null: not tracing
    InternCache& cache;
    TimestampParser& timestamps;
    std::vector<WorkEntry>& out;
    PageMeta& meta;
    DecodeStats& stats;
};

// Decodes the page at [p, end) (valid UTF-8, padded by SIMDJSON_PADDING)
// into ctx: true when it is valid JSON shaped as the API sends it; false,
// having appended entries the caller drops, for anything else.
using FastPageFn = bool (*)(const char* p, const char* end, FastContext& ctx);

// The fast path compiled for this CPU, chosen at run time: "avx2" when the
// CPU has AVX2 and BMI2 (and the compiler built that kernel), else
// "generic" (baseline x86-64: SSE2).
struct FastKernel {
    FastPageFn run;
    std::string_view name;
};
FastKernel fast_kernel_for_this_cpu() noexcept;
// Every kernel built into this binary (benchmarks compare them).
std::vector<FastKernel> fast_kernels();

}  // namespace reportgen::detail
