#pragma once
/// \file
/// Named report periods (last month, last week, ...) resolved to a date range
/// in the company's time zone, for jobs that run on a schedule (cron, CI).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "reportgen/time.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// A named report period, resolved by resolve_period().
enum class PeriodKind {
    month,          ///< arg "YYYY-MM": that calendar month
    last_month,     ///< the calendar month before today's
    month_to_date,  ///< the 1st of this month .. today
    last_week,      ///< Monday .. Sunday of the ISO week before today's
    yesterday,  ///< the day before today
};

/// The zone when none is given: the REPORT_TZ variable, else Europe/Madrid.
[[nodiscard]] REPORTGEN_API std::string default_time_zone();

/// The calendar date at instant `now` on the wall clock of time zone `tz`
/// (an IANA name from the system's tz database, e.g. "Europe/Madrid", or
/// "UTC"). A usage error for a zone the database does not have. Thread-safe,
/// and free of side effects: the zone is read from the system's tzdata
/// (/usr/share/zoneinfo), the process's TZ and the C library's zone are left
/// alone.
[[nodiscard]] REPORTGEN_API CivilDate local_date(std::chrono::system_clock::time_point now, std::string_view tz);

/// The range of a period as seen at `now` in `tz`. Pure apart from reading the
/// tz database: a fixed `now` gives a fixed range. `arg` is used by
/// PeriodKind::month only ("YYYY-MM"; a usage error when malformed).
[[nodiscard]] REPORTGEN_API DateRange resolve_period(PeriodKind kind, std::string_view arg,
                         std::chrono::system_clock::time_point now, std::string_view tz);

}  // namespace reportgen
