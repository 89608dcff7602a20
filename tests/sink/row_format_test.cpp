#include <catch2/catch.hpp>

#include <climits>
#include <cstdio>
#include <string>

#include "reportgen/row.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;

namespace {
std::string date(int64_t days) {
    return format_date(days);
}
std::string date(int y, unsigned m, unsigned d) {
    return date(days_from_civil({y, m, d}));
}
std::string tod(int64_t secs) {
    return format_time(secs);
}
std::string dur(int64_t secs) {
    return format_duration(secs);
}
}  // namespace

TEST_CASE("format_date renders dd/mm/yyyy", "[format]") {
    CHECK(date(0) == "01/01/1970");
    CHECK(date(-1) == "31/12/1969");
    CHECK(date(2024, 2, 29) == "29/02/2024");
    CHECK(date(2024, 3, 1) == "01/03/2024");
    CHECK(date(days_from_civil({2024, 2, 29}) + 1) == "01/03/2024");
    CHECK(date(days_from_civil({2023, 2, 28}) + 1) == "01/03/2023");  // not a leap year
    CHECK(date(days_from_civil({2000, 2, 28}) + 1) == "29/02/2000");  // 400-year rule
    CHECK(date(days_from_civil({2100, 2, 28}) + 1) == "01/03/2100");  // 100-year rule
    CHECK(date(2024, 1, 15) == "15/01/2024");
    CHECK(date(2024, 12, 31) == "31/12/2024");
    CHECK(date(9999, 12, 31) == "31/12/9999");
    CHECK(date(1, 1, 1) == "01/01/0001");
}

TEST_CASE("format_date agrees with civil_from_days over two centuries", "[format]") {
    const int64_t first = days_from_civil({1950, 1, 1});
    const int64_t last = days_from_civil({2150, 12, 31});
    int64_t mismatches = 0;
    for (int64_t d = first; d <= last; ++d) {
        const CivilDate c = civil_from_days(d);
        char want[16];
        std::snprintf(want, sizeof want, "%02u/%02u/%04d", c.day, c.month, c.year);
        if (date(d) != want) ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("format_time renders HH:MM:SS", "[format]") {
    CHECK(tod(0) == "00:00:00");
    CHECK(tod(86399) == "23:59:59");
    CHECK(tod(3661) == "01:01:01");
    CHECK(tod(12 * 3600 + 34 * 60 + 56) == "12:34:56");
    CHECK(tod(21 * 3600 + 54 * 60 + 19) == "21:54:19");
    // Outside a day the value wraps instead of writing past the 8 bytes.
    CHECK(tod(86400) == "00:00:00");
    CHECK(tod(-1) == "23:59:59");
    int mismatches = 0;
    for (int64_t s = 0; s < 86400; ++s) {
        char want[16];
        std::snprintf(want, sizeof want, "%02d:%02d:%02d", static_cast<int>(s / 3600),
                      static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
        if (tod(s) != want) ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("format_duration has unbounded hours", "[format]") {
    CHECK(dur(0) == "00:00:00");
    CHECK(dur(59) == "00:00:59");
    CHECK(dur(86399) == "23:59:59");
    CHECK(dur(86400) == "24:00:00");
    CHECK(dur(31 * 3600 + 5 * 60) == "31:05:00");
    CHECK(dur(99 * 3600 + 59 * 60 + 59) == "99:59:59");
    CHECK(dur(100 * 3600) == "100:00:00");
    CHECK(dur(123456 * 3600 + 7 * 60 + 8) == "123456:07:08");
    CHECK(dur(-5) == "-00:00:05");  // outside the contract, but not garbage
    // The extremes fit the 24-byte buffer.
    CHECK(dur(INT64_MAX) == "2562047788015215:30:07");
    CHECK(dur(INT64_MIN) == "-2562047788015215:30:08");
    int64_t mismatches = 0;
    for (int64_t s = 0; s < 1000 * 3600; s += 7) {
        char want[32];
        std::snprintf(want, sizeof want, "%02lld:%02d:%02d", static_cast<long long>(s / 3600),
                      static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
        if (dur(s) != want) ++mismatches;
    }
    CHECK(mismatches == 0);
}
