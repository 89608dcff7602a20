// The fast path, built once per CPU kernel and chosen at run time, so that a
// binary built anywhere runs on any x86-64 CPU and uses AVX2 where it can
// (docs/DESIGN.md). The code is fast_path.inl, included in one namespace per
// kernel; the AVX2 one under the compiler's target pragma, with
// REPORTGEN_FAST_AVX2 telling the code it may use AVX2 intrinsics. Only functions defined inside the region are compiled
// for AVX2: the inline functions it shares with other files (the standard
// library, InternCache) stay baseline, so the linker cannot pick an AVX2
// copy for code that runs on any CPU.
#include "api/decode/fast_path.hpp"

#include <simdjson.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif

#include <charconv>
#include <cstring>
#include <system_error>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__AVX2__)
#define REPORTGEN_FAST_AVX2_KERNEL 1
#endif

namespace reportgen::detail {

static_assert(PageDecoder::padding >= simdjson::SIMDJSON_PADDING);

namespace fast_generic {
#include "api/decode/fast_path.inl"

bool run(const char* p, const char* end, FastContext& c) {
    return page(p, end, c.page_no, c.employees, c.check_types, c.break_types, c.traces,
                c.cache, c.timestamps, c.out, c.meta, c.stats);
}
#if defined(__AVX2__)
constexpr std::string_view kName = "avx2";  // the whole build targets AVX2
#else
constexpr std::string_view kName = "generic";
#endif
}  // namespace fast_generic

#if defined(REPORTGEN_FAST_AVX2_KERNEL)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,lzcnt,popcnt")
#endif
namespace fast_avx2 {
#define REPORTGEN_FAST_AVX2 1
#include "api/decode/fast_path.inl"
#undef REPORTGEN_FAST_AVX2

bool run(const char* p, const char* end, FastContext& c) {
    return page(p, end, c.page_no, c.employees, c.check_types, c.break_types, c.traces,
                c.cache, c.timestamps, c.out, c.meta, c.stats);
}
}  // namespace fast_avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

std::vector<FastKernel> fast_kernels() {
    std::vector<FastKernel> all{{fast_generic::run, fast_generic::kName}};
#if defined(REPORTGEN_FAST_AVX2_KERNEL)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
        all.push_back({fast_avx2::run, "avx2"});
#endif
    return all;
}

FastKernel fast_kernel_for_this_cpu() noexcept {
#if defined(REPORTGEN_FAST_AVX2_KERNEL)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
        return {fast_avx2::run, "avx2"};
#endif
    return {fast_generic::run, fast_generic::kName};
}

}  // namespace reportgen::detail
