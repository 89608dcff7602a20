#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "common/lru_ttl_cache.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using namespace std::chrono_literals;

namespace {
// A clock the test moves by hand.
struct FakeClock {
    std::chrono::steady_clock::time_point t{};
    auto fn() {
        return [this] { return t; };
    }
};
}  // namespace

TEST_CASE("LRU eviction order at capacity", "[cache]") {
    LruTtlCache<int, std::string> c(3, 600s);
    c.put(1, "a");
    c.put(2, "b");
    c.put(3, "c");
    CHECK(c.get(1) == "a");  // 1 becomes most recent: order 1, 3, 2
    c.put(4, "d");           // evicts 2, the least recently used
    CHECK_FALSE(c.get(2));
    CHECK(c.size() == 3);
    c.put(3, "c2");  // replace refreshes: order 3, 4, 1
    c.put(5, "e");   // evicts 1
    CHECK_FALSE(c.get(1));
    CHECK(c.get(3) == "c2");
    CHECK(c.get(4) == "d");
    CHECK(c.get(5) == "e");
    const auto s = c.stats();
    CHECK(s.evictions == 2);
    CHECK(s.hits == 4);
    CHECK(s.misses == 2);
    CHECK(s.expirations == 0);
}

TEST_CASE("TTL expiry with an injected clock, default and per entry", "[cache]") {
    FakeClock clk;
    LruTtlCache<std::string, int> c(10, 10s, clk.fn());
    c.put("short", 1, 2s);
    c.put("default", 2);
    clk.t += 1s;
    CHECK(c.get("short") == 1);
    clk.t += 1s;  // exactly at expiry: gone
    CHECK_FALSE(c.get("short"));
    CHECK(c.get("default") == 2);
    clk.t += 8s;
    CHECK_FALSE(c.get("default"));
    CHECK(c.stats().expirations == 2);
    CHECK(c.size() == 0);

    c.put("x", 1);
    c.put("y", 2, 100s);
    clk.t += 20s;
    CHECK(c.purge_expired() == 1);
    CHECK(c.size() == 1);

    // At capacity an expired LRU entry counts as an expiration, not an eviction.
    LruTtlCache<int, int> d(1, 1s, clk.fn());
    d.put(1, 1);
    clk.t += 2s;
    d.put(2, 2);
    CHECK(d.stats().expirations == 1);
    CHECK(d.stats().evictions == 0);
}

TEST_CASE("get_or_load loads once, then hits, loader errors cache nothing", "[cache]") {
    LruTtlCache<int, std::string> c(4);
    int loads = 0;
    auto loader = [&] {
        ++loads;
        return std::string("v");
    };
    CHECK(c.get_or_load(1, loader) == "v");
    CHECK(c.get_or_load(1, loader) == "v");
    CHECK(loads == 1);
    CHECK(c.stats().hits == 1);
    CHECK(c.stats().misses == 1);

    CHECK_THROWS_AS(c.get_or_load(2, []() -> std::string { throw std::runtime_error("x"); }),
                    std::runtime_error);
    CHECK_FALSE(c.get(2));

    // A loader may use the cache itself (it runs without the lock).
    CHECK(c.get_or_load(3, [&] { return *c.get(1) + "w"; }) == "vw");

    CHECK(c.erase(1));
    CHECK_FALSE(c.erase(1));
    c.clear();
    CHECK(c.size() == 0);

    LruTtlCache<int, int> off(0);  // capacity 0: disabled
    off.put(1, 1);
    CHECK_FALSE(off.get(1));
}

TEST_CASE("concurrent use from several threads: no crash, counts add up", "[cache]") {
    LruTtlCache<int, int> c(64, 600s);
    constexpr int kThreads = 4, kOps = 20000;
    std::atomic<uint64_t> gets{0}, wrong{0};  // Catch2 assertions are not thread-safe
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < kOps; ++i) {
                const int k = (i * 7 + t * 13) % 128;
                if (i % 3 == 0) {
                    c.put(k, k * 2);
                } else if (i % 3 == 1) {
                    if (auto v = c.get(k); v && *v != k * 2) ++wrong;
                    ++gets;
                } else {
                    if (c.get_or_load(k, [k] { return k * 2; }) != k * 2) ++wrong;
                    ++gets;  // get_or_load does one get
                }
            }
        });
    for (auto& t : ts)
        t.join();
    const auto s = c.stats();
    CHECK(wrong == 0);
    CHECK(s.hits + s.misses == gets.load());
    CHECK(c.size() <= 64);
    CHECK(s.evictions > 0);
}
