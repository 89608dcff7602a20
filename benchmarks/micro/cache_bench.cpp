// LruTtlCache: hits, misses with a put, and a mixed workload across threads.
// Operations per second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "common/lru_ttl_cache.hpp"

namespace reportgen::bench {
namespace {

std::vector<std::string> keys(std::size_t n) {
    std::vector<std::string> k;
    for (std::size_t i = 0; i < n; ++i)
        k.push_back("https://api-eu1.sesametime.com/schedule/v1/check-types?limit=100&page=" +
                    std::to_string(i));
    return k;
}

using Cache = detail::LruTtlCache<std::string, std::string>;

void BM_CacheHit(benchmark::State& state) {
    static Cache cache(256);
    static const auto ks = keys(256);
    if (state.thread_index() == 0)
        for (const auto& k : ks)
            cache.put(k, std::string(2000, 'x'));
    std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7;
    for (auto _ : state) {
        auto v = cache.get(ks[i++ & 255]);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CacheHit)->Threads(1)->Threads(2)->UseRealTime();

void BM_CacheMissPut(benchmark::State& state) {
    Cache cache(256);  // capacity below the key set: every put evicts
    const auto ks = keys(1024);
    std::size_t i = 0;
    const std::string value(2000, 'x');
    for (auto _ : state) {
        const auto& k = ks[i++ & 1023];
        if (!cache.get(k)) cache.put(k, value);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CacheMissPut)->UseRealTime();

}  // namespace
}  // namespace reportgen::bench
