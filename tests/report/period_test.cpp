#include <catch2/catch.hpp>

#include <cstdlib>

#include "reportgen/error.hpp"
#include "reportgen/period.hpp"
#include "support/expect.hpp"

using namespace reportgen;
using Clock = std::chrono::system_clock;

namespace {

// An instant given in UTC: the fixed clock of these tests.
Clock::time_point utc(CivilDate d, int h, int m = 0) {
    const int64_t s = days_from_civil(d) * 86400 + h * 3600 + m * 60;
    return Clock::time_point(std::chrono::seconds(s));
}

DateRange range(const char* from, const char* to) {
    return {*parse_iso_date(from), *parse_iso_date(to)};
}

const char* kMadrid = "Europe/Madrid";

template <class F>
void expect_usage(F&& f, const std::string& mentions) {
    const Error e = reportgen::test::expect_error(std::forward<F>(f));
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains(mentions));
}

}  // namespace

TEST_CASE("resolve_period: --month is that calendar month, leap years included", "[period]") {
    const auto now = utc({2030, 6, 1}, 12);  // irrelevant to --month
    CHECK(resolve_period(PeriodKind::month, "2024-02", now, kMadrid) ==
          range("2024-02-01", "2024-02-29"));
    CHECK(resolve_period(PeriodKind::month, "2023-02", now, kMadrid) ==
          range("2023-02-01", "2023-02-28"));
    CHECK(resolve_period(PeriodKind::month, "2000-02", now, kMadrid) ==
          range("2000-02-01", "2000-02-29"));
    CHECK(resolve_period(PeriodKind::month, "2100-02", now, kMadrid) ==
          range("2100-02-01", "2100-02-28"));
    CHECK(resolve_period(PeriodKind::month, "2024-04", now, kMadrid) ==
          range("2024-04-01", "2024-04-30"));
    CHECK(resolve_period(PeriodKind::month, "2024-12", now, kMadrid) ==
          range("2024-12-01", "2024-12-31"));
    for (const char* bad : {"2024-13", "2024-00", "2024-2", "2024-02-01", "24-02", "", "abcd-ef"}) {
        INFO(bad);
        expect_usage([&] { (void)resolve_period(PeriodKind::month, bad, now, kMadrid); },
                     "is not YYYY-MM");
    }
}

TEST_CASE("resolve_period: last month, month to date, yesterday", "[period]") {
    // 10:00 local in summer (UTC+2).
    const auto mid_june = utc({2024, 6, 15}, 8);
    CHECK(resolve_period(PeriodKind::last_month, "", mid_june, kMadrid) ==
          range("2024-05-01", "2024-05-31"));
    CHECK(resolve_period(PeriodKind::month_to_date, "", mid_june, kMadrid) ==
          range("2024-06-01", "2024-06-15"));
    CHECK(resolve_period(PeriodKind::yesterday, "", mid_june, kMadrid) ==
          range("2024-06-14", "2024-06-14"));
    // In March, last month is a leap February.
    CHECK(resolve_period(PeriodKind::last_month, "", utc({2024, 3, 10}, 9), kMadrid) ==
          range("2024-02-01", "2024-02-29"));
    // The 1st of January: December of the year before.
    const auto new_year = utc({2025, 1, 1}, 6);
    CHECK(resolve_period(PeriodKind::last_month, "", new_year, kMadrid) ==
          range("2024-12-01", "2024-12-31"));
    CHECK(resolve_period(PeriodKind::month_to_date, "", new_year, kMadrid) ==
          range("2025-01-01", "2025-01-01"));
    CHECK(resolve_period(PeriodKind::yesterday, "", new_year, kMadrid) ==
          range("2024-12-31", "2024-12-31"));
}

TEST_CASE("resolve_period: the local date decides, not UTC's", "[period]") {
    // 2025-01-01 00:30 in Madrid (UTC+1) is still 2024-12-31 in UTC.
    const auto half_past_midnight = utc({2024, 12, 31}, 23, 30);
    CHECK(resolve_period(PeriodKind::yesterday, "", half_past_midnight, kMadrid) ==
          range("2024-12-31", "2024-12-31"));
    CHECK(resolve_period(PeriodKind::last_month, "", half_past_midnight, kMadrid) ==
          range("2024-12-01", "2024-12-31"));
    CHECK(resolve_period(PeriodKind::yesterday, "", half_past_midnight, "UTC") ==
          range("2024-12-30", "2024-12-30"));
    CHECK(resolve_period(PeriodKind::last_month, "", half_past_midnight, "UTC") ==
          range("2024-11-01", "2024-11-30"));
    // 00:30 on a summer day (UTC+2): 22:30 UTC the day before.
    CHECK(resolve_period(PeriodKind::yesterday, "", utc({2024, 7, 9}, 22, 30), kMadrid) ==
          range("2024-07-09", "2024-07-09"));
    // Elsewhere in the world, the same instant is another day.
    CHECK(local_date(utc({2024, 7, 9}, 22, 30), "America/New_York") == CivilDate{2024, 7, 9});
    CHECK(local_date(utc({2024, 7, 9}, 22, 30), "Asia/Tokyo") == CivilDate{2024, 7, 10});
}

TEST_CASE("resolve_period: last week is Monday to Sunday, across DST changes", "[period]") {
    // Summer time began on Sunday 2024-03-31. Monday 2024-04-01 00:30 CEST is
    // 2024-03-31 22:30 UTC: last week is the one that ended that Sunday.
    CHECK(resolve_period(PeriodKind::last_week, "", utc({2024, 3, 31}, 22, 30), kMadrid) ==
          range("2024-03-25", "2024-03-31"));
    // Sunday 2024-03-31 23:59 CEST (21:59 UTC) is still in that week.
    CHECK(resolve_period(PeriodKind::last_week, "", utc({2024, 3, 31}, 21, 59), kMadrid) ==
          range("2024-03-18", "2024-03-24"));
    // Winter time began on Sunday 2024-10-27 (a 25-hour day). Monday 00:30 CET
    // is 2024-10-27 23:30 UTC.
    CHECK(resolve_period(PeriodKind::last_week, "", utc({2024, 10, 27}, 23, 30), kMadrid) ==
          range("2024-10-21", "2024-10-27"));
    // During the repeated hour (02:30 CEST then CET), still Sunday.
    CHECK(resolve_period(PeriodKind::last_week, "", utc({2024, 10, 27}, 1, 30), kMadrid) ==
          range("2024-10-14", "2024-10-20"));
    // Any day of a week gives the same last week; a week across a new year.
    for (int d = 6; d <= 12; ++d) {
        INFO("2025-01-" << d);
        CHECK(resolve_period(PeriodKind::last_week, "",
                             utc({2025, 1, static_cast<unsigned>(d)}, 12),
                             kMadrid) == range("2024-12-30", "2025-01-05"));
    }
}

TEST_CASE("resolve_period: an unknown zone is a usage error, TZ is left as it was", "[period]") {
    const auto now = utc({2024, 6, 15}, 8);
    // posix/ and right/ hold TZif copies that the zone database does not list.
    for (const char* bad : {"Europe/Atlantis", "", "../etc/passwd", "/etc/localtime",
                            "right/Europe/Madrid", "posix/Europe/Madrid"}) {
        INFO(bad);
        expect_usage([&] { (void)resolve_period(PeriodKind::yesterday, "", now, bad); }, "time zone");
    }
    ::setenv("TZ", "America/Lima", 1);
    (void)local_date(now, kMadrid);
    CHECK(std::string(std::getenv("TZ")) == "America/Lima");
    ::unsetenv("TZ");
    (void)local_date(now, kMadrid);
    CHECK(std::getenv("TZ") == nullptr);
}

TEST_CASE("default_time_zone: REPORT_TZ, else Europe/Madrid", "[period]") {
    ::unsetenv("REPORT_TZ");
    CHECK(default_time_zone() == "Europe/Madrid");
    ::setenv("REPORT_TZ", "Atlantic/Canary", 1);
    CHECK(default_time_zone() == "Atlantic/Canary");
    ::unsetenv("REPORT_TZ");
}
