// PageDecoder throughput (bytes of page JSON per second, one core) on lean
// pages (entries with the short employee object) and fat ones (the whole
// employee object embedded, as the real API sends). docs/DESIGN.md target:
// >= 1 GB/s on fat pages.
#include <benchmark/benchmark.h>

#include <map>

#include "api/page_decoder_knobs.hpp"
#include "bench_data.hpp"

namespace reportgen::bench {
namespace {

void decode_pages(benchmark::State& state, std::vector<std::string>& bodies) {
    PageDecoder decoder;
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> out;
    out.reserve(1000);
    std::size_t bytes = 0, entries = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            out.clear();
            decoder.decode(bodies[i], static_cast<int>(i + 1), employees, check_types, break_types,
                           out);
            bytes += bodies[i].size();
            entries += out.size();
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
    state.SetItemsProcessed(static_cast<int64_t>(entries));
    state.counters["page_KB"] = static_cast<double>(bodies.front().size()) / 1000.0;
}

// Bodies as the engines hand them over: owned strings, which the decoder
// pads (reserve) on first use; kept across runs so no copy is timed.
std::vector<std::string>& bodies(const std::vector<std::string>& pages) {
    static std::map<const void*, std::vector<std::string>> copies;
    auto [it, fresh] = copies.try_emplace(&pages, pages);
    return it->second;
}

// Argument 1: the decoder as shipped (fast path for API-shaped pages, its
// kernel chosen for this CPU); 0: every page through simdjson On-Demand (the
// reference path); 10 + i: the fast path with kernel i of fast_kernels()
// (0 generic, 1 avx2 where the CPU has it).
void with_path(benchmark::State& state, std::vector<std::string>& pages) {
    const auto arg = state.range(0);
    detail::page_decoder_fast_path = arg != 0;
    if (arg >= 10) {
        const auto kernels = detail::fast_kernels();
        if (static_cast<std::size_t>(arg - 10) >= kernels.size()) {
            state.SkipWithError("kernel not built or not supported by this CPU");
            return;
        }
        detail::page_decoder_fast_kernel = kernels[static_cast<std::size_t>(arg - 10)].run;
        state.SetLabel(std::string(kernels[static_cast<std::size_t>(arg - 10)].name));
    }
    decode_pages(state, pages);
    detail::page_decoder_fast_path = true;
    detail::page_decoder_fast_kernel = nullptr;
}
void BM_DecodeLean(benchmark::State& state) {
    with_path(state, bodies(lean_pages()));
}
void BM_DecodeFat(benchmark::State& state) {
    with_path(state, bodies(fat_pages()));
}
BENCHMARK(BM_DecodeLean)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DecodeFat)->Arg(1)->Arg(0)->Arg(10)->Arg(11)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace reportgen::bench
