// local_date from several threads at once, each in its own zone, and the
// process's environment never written: a host's other threads keep their
// time zone (issue 21). The library once set TZ and called tzset() around
// localtime_r; a host thread calling localtime meanwhile saw another zone.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <atomic>
#include <barrier>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "reportgen/period.hpp"

namespace {

// Writes to TZ in this process, counted on the way to the C library's own
// setenv/unsetenv (the test binary's definitions take their place).
std::atomic<int> g_tz_writes{0};

bool is_tz(const char* name) {
    return name != nullptr && std::strcmp(name, "TZ") == 0;
}

}  // namespace

extern "C" int setenv(const char* name, const char* value, int overwrite) noexcept {
    using Fn = int (*)(const char*, const char*, int);
    static const auto real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "setenv"));
    if (is_tz(name)) g_tz_writes.fetch_add(1);
    return real(name, value, overwrite);
}

extern "C" int unsetenv(const char* name) noexcept {
    using Fn = int (*)(const char*);
    static const auto real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "unsetenv"));
    if (is_tz(name)) g_tz_writes.fetch_add(1);
    return real(name);
}

using namespace reportgen;
using Clock = std::chrono::system_clock;

TEST_CASE("local_date: two threads in two zones at once, TZ untouched", "[period][threads]") {
    // 2024-07-09 22:30 UTC: still the 9th in New York, already the 10th in Tokyo.
    const Clock::time_point instant(
        std::chrono::seconds(days_from_civil({2024, 7, 9}) * 86400 + 22 * 3600 + 30 * 60));
    REQUIRE(::setenv("TZ", "America/Lima", 1) == 0);
    const char* const before = std::getenv("TZ");
    const int writes_before = g_tz_writes.load();

    constexpr int kRounds = 2000;
    std::barrier together(2);
    std::atomic<int> wrong{0};
    auto worker = [&](const char* zone, CivilDate expected) {
        together.arrive_and_wait();
        for (int i = 0; i < kRounds; ++i)
            if (!(local_date(instant, zone) == expected)) wrong.fetch_add(1);
    };
    {
        std::jthread ny(worker, "America/New_York", CivilDate{2024, 7, 9});
        std::jthread tokyo(worker, "Asia/Tokyo", CivilDate{2024, 7, 10});
    }
    CHECK(wrong.load() == 0);
    // Not one write to TZ, and the variable is the very string it was.
    CHECK(g_tz_writes.load() == writes_before);
    CHECK(std::getenv("TZ") == before);
    CHECK(std::string(std::getenv("TZ")) == "America/Lima");
    ::unsetenv("TZ");
}
