// The payroll side of the synthetic company, below HTTP: national holidays
// (Easter), night time at its edges (22:00, 06:00, both DST nights, UTC
// clocks), schedules and days off as the generator's data leaves them.
#include <catch2/catch.hpp>

#include <map>

#include "mockapi/dataset.hpp"
#include "mockapi/schedule.hpp"
#include "mockapi/statistics.hpp"

using namespace reportgen;
using namespace reportgen::mockapi;

namespace {

int64_t day(int y, unsigned m, unsigned d) {
    return days_from_civil(CivilDate{y, m, d});
}

// UTC seconds of a Madrid wall-clock time.
int64_t madrid(int y, unsigned m, unsigned d, int hh, int mm = 0) {
    return madrid_to_utc(day(y, m, d) * 86400 + hh * 3600 + mm * 60);
}

const Dataset& month() {
    static const Dataset d(DatasetShape{42, 3000, 31, CivilDate{2024, 1, 1}});
    return d;
}

}  // namespace

TEST_CASE("national holidays: ten fixed days and Good Friday from Easter", "[mockapi][schedule]") {
    const auto h2024 = national_holidays(2024);
    REQUIRE(h2024.size() == 10);
    CHECK(h2024[0].day == day(2024, 1, 1));
    CHECK(h2024[2].day == day(2024, 3, 29));
    CHECK(h2024[2].name == "Viernes Santo");
    CHECK(h2024[9].day == day(2024, 12, 25));
    // Good Friday of other years (Easter 2000-04-23, 2019-04-21, 2025-04-20, 2038-04-25).
    CHECK(national_holidays(2000)[2].day == day(2000, 4, 21));
    CHECK(national_holidays(2019)[2].day == day(2019, 4, 19));
    CHECK(national_holidays(2025)[2].day == day(2025, 4, 18));
    CHECK(national_holidays(2038)[2].day == day(2038, 4, 23));
    CHECK(is_national_holiday(day(2024, 10, 12)));
    CHECK(is_national_holiday(day(2024, 12, 8)));
    CHECK_FALSE(is_national_holiday(day(2024, 12, 24)));
    CHECK_FALSE(is_national_holiday(day(2024, 4, 1)));  // Easter Monday is regional
}

TEST_CASE("night time: 22:00 to 06:00 on the entry's wall clock, DST nights in real seconds",
          "[mockapi][schedule]") {
    CHECK(night_seconds(madrid(2024, 1, 10, 21), madrid(2024, 1, 11, 7), false) == 8 * 3600);
    CHECK(night_seconds(madrid(2024, 1, 10, 23), madrid(2024, 1, 11, 1), false) == 2 * 3600);
    CHECK(night_seconds(madrid(2024, 1, 10, 21, 50), madrid(2024, 1, 10, 22, 10), false) == 600);
    CHECK(night_seconds(madrid(2024, 1, 11, 5, 45), madrid(2024, 1, 11, 6, 30), false) == 900);
    CHECK(night_seconds(madrid(2024, 1, 10, 8), madrid(2024, 1, 10, 17), false) == 0);
    // Spring: 22:00 CET to 06:00 CEST is 7 h; autumn: 22:00 CEST to 06:00 CET is 9 h.
    CHECK(night_seconds(madrid(2024, 3, 30, 22), madrid(2024, 3, 31, 6), false) == 7 * 3600);
    CHECK(night_seconds(madrid(2024, 10, 26, 22), madrid(2024, 10, 27, 6), false) == 9 * 3600);
    // A clock on UTC: its own wall clock, 21:00Z-23:00Z has one night hour.
    const int64_t z = day(2024, 1, 10) * 86400;
    CHECK(night_seconds(z + 21 * 3600, z + 23 * 3600, true) == 3600);
    CHECK(night_seconds(z + 21 * 3600, z + 23 * 3600, false) == 2 * 3600);  // 22:00-24:00 CET
    CHECK(night_seconds(z, z, false) == 0);
}

TEST_CASE("schedules: part-timers' shifts are about 4 h, days off fall on empty scheduled days",
          "[mockapi][schedule]") {
    const Dataset& d = month();
    const Schedule sched(d);
    const Statistics stats(d, sched);
    std::map<ScheduleKind, int> kinds;
    int64_t part_time_worked = 0, part_time_days = 0;
    for (uint32_t e = 0; e < d.employees().size(); ++e) {
        const Employee& emp = d.employees()[e];
        ++kinds[emp.schedule];
        CHECK(sched.daily_seconds(e) == weekly_hours(emp.schedule) * 3600 / 5);
        if (emp.schedule != ScheduleKind::part_time) continue;
        CHECK((emp.shift == ShiftKind::morning || emp.shift == ShiftKind::afternoon));
        // At most 275 min of work and a paid break of 30 min.
        for (int64_t k = 0; k < 31; ++k) {
            const int64_t w = stats.day_worked(e, d.first_day() + k);
            CHECK(w <= 305 * 60 + 59);
            part_time_worked += w;
            part_time_days += w > 0;
        }
    }
    const double mean = static_cast<double>(part_time_worked) / static_cast<double>(part_time_days);
    CHECK(mean > 3.75 * 3600);
    CHECK(mean < 4.5 * 3600);
    CHECK(kinds[ScheduleKind::part_time] > 200);
    CHECK(kinds[ScheduleKind::reduced] > 500);
    CHECK(kinds[ScheduleKind::full_time] > 1000);

    std::size_t vacation = 0, planted = 0, absence = 0;
    for (const DayOff& off : sched.days_off()) {
        const int wd = weekday_of(off.day);
        REQUIRE((wd != 0 && wd != 6));
        REQUIRE_FALSE(is_national_holiday(off.day));
        CHECK(sched.planned_seconds(off.employee, off.day) == 0);
        CHECK(off.seconds == sched.daily_seconds(off.employee));
        const bool worked = stats.day_worked(off.employee, off.day) > 0;
        CHECK(worked == off.with_entries);
        if (off.kind == DayOffKind::vacation) {
            ++vacation;
            planted += off.with_entries;
        } else {
            ++absence;
            CHECK_FALSE(off.with_entries);
        }
    }
    CHECK(planted > 20);             // ~60 expected: the edge exists
    CHECK(planted * 10 < vacation);  // but stays rare
    CHECK(absence > vacation);
    // New Year's Day: nobody is due, a few work anyway.
    int64_t due = 0, worked = 0;
    for (uint32_t e = 0; e < d.employees().size(); ++e) {
        due += sched.planned_seconds(e, day(2024, 1, 1));
        worked += stats.day_worked(e, day(2024, 1, 1)) > 0;
    }
    CHECK(due == 0);
    CHECK(worked > 60);
    CHECK(worked < 200);
}
