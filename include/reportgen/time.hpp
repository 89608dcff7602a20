#pragma once
// Calendar arithmetic without time zones: the API gives every timestamp its
// own UTC offset, and reports show the wall clock of that offset.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

// Dates of a report or a query, YYYY-MM-DD, both inclusive.
struct REPORTGEN_API DateRange {
    std::string from;
    std::string to;
    friend bool operator==(const DateRange&, const DateRange&) = default;
};

struct REPORTGEN_API CivilDate {
    int year = 1970;
    unsigned month = 1;  // 1..12
    unsigned day = 1;    // 1..31
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 (proleptic Gregorian), H. Hinnant's algorithm.
constexpr int64_t days_from_civil(CivilDate d) noexcept {
    const int64_t y = static_cast<int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t mp = (d.month + 9) % 12;
    const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

constexpr CivilDate civil_from_days(int64_t z) noexcept {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

constexpr bool is_leap(int y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : k[m - 1];
}

// Floor division for negative epochs (times before 1970 stay correct).
constexpr int64_t floor_div(int64_t a, int64_t b) noexcept {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Parses a strict "YYYY-MM-DD"; nullopt when it is not a real date.
REPORTGEN_API std::optional<CivilDate> parse_iso_date(std::string_view s) noexcept;
// "YYYY-MM-DD"
REPORTGEN_API std::string format_iso_date(CivilDate d);

}  // namespace reportgen
