#pragma once
/// \file
/// Calendar dates and arithmetic without time zones: the API gives every
/// timestamp its own UTC offset, and reports show the wall clock of that offset.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

/// A calendar date (proleptic Gregorian), without a time zone.
///
/// Compares in calendar order. Nothing stops a caller from writing
/// CivilDate{2024, 2, 30}: is_valid_date() tells, and ReportRequest::validate()
/// refuses such a date.
struct REPORTGEN_API CivilDate {
    int year = 1970;     ///< The year, e.g. 2024.
    unsigned month = 1;  ///< The month, 1..12.
    unsigned day = 1;    ///< The day of the month, 1..31.
    /// Calendar order (year, then month, then day).
    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

/// Dates of a report or a query, both inclusive.
struct REPORTGEN_API DateRange {
    CivilDate from;  ///< The first day.
    CivilDate to;    ///< The last day (inclusive).
    /// Both ends equal.
    friend bool operator==(const DateRange&, const DateRange&) = default;
};

/// Days since 1970-01-01 (proleptic Gregorian), H. Hinnant's algorithm.
[[nodiscard]] constexpr int64_t days_from_civil(CivilDate d) noexcept {
    const int64_t y = static_cast<int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t mp = (d.month + 9) % 12;
    const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/// The date `z` days after 1970-01-01 (before it when negative); the inverse
/// of days_from_civil().
[[nodiscard]] constexpr CivilDate civil_from_days(int64_t z) noexcept {
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

/// Whether `y` is a Gregorian leap year.
[[nodiscard]] constexpr bool is_leap(int y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/// The number of days of month `m` (1..12) of year `y`.
[[nodiscard]] constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : k[m - 1];
}

/// Whether `d` is a real date: month 1..12, day within that month.
[[nodiscard]] constexpr bool is_valid_date(CivilDate d) noexcept {
    return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

/// Floor division (rounds toward negative infinity), so that times before
/// 1970 stay correct.
[[nodiscard]] constexpr int64_t floor_div(int64_t a, int64_t b) noexcept {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

/// Parses a strict "YYYY-MM-DD".
/// \return nullopt when `s` is not in that form or not a real date.
[[nodiscard]] REPORTGEN_API std::optional<CivilDate> parse_iso_date(std::string_view s) noexcept;
/// "YYYY-MM-DD" (the year with at least four digits).
[[nodiscard]] REPORTGEN_API std::string format_iso_date(CivilDate d);

}  // namespace reportgen
