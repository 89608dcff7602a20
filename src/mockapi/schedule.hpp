#pragma once
// Who is due to work when, in the synthetic company (issue 18): Spain's
// national holidays, each employee's weekly schedule, the absence types and
// the vacation and absence days. Everything derives from the data set
// (seed, employees, days) and its work entries, so that the statistics the
// mock serves agree with the entries it serves.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mockapi/common.hpp"

namespace reportgen::mockapi {

class Dataset;

// 0 = Sunday ... 6 = Saturday, of a day counted since the epoch.
constexpr int weekday_of(int64_t day) noexcept {
    return static_cast<int>(((day + 4) % 7 + 7) % 7);
}

struct Holiday {
    int64_t day = 0;  // since the epoch
    std::string_view name;
};

// Spain's ten national holidays of `year`, by date: 1 and 6 January, Good
// Friday, 1 May, 15 August, 12 October, 1 November, 6, 8 and 25 December.
// Regional and local holidays are not modelled.
std::vector<Holiday> national_holidays(int year);
bool is_national_holiday(int64_t day);
// The days of holiday calendar `calendar` (MockOptions::holiday_calendars):
// 0 the national ones, 1 those and 2 May (the Comunidad de Madrid's day).
std::vector<Holiday> calendar_holidays(int year, int calendar);

// Weekly hours of a schedule; the planned day is a fifth of it, Monday to
// Friday. Full time 40 h (8 h a day), reduced day 30 h (6 h; what the fat
// employee object's contract has always said of shifts under 7.5 h),
// part time 20 h (4 h).
enum class ScheduleKind : uint8_t { full_time, reduced, part_time };
int weekly_hours(ScheduleKind k) noexcept;

struct AbsenceType {
    Uuid id;
    std::string_view name;
    std::string_view category;  // sick_leave | permission
    bool remunerated = false;   // remuneratedType: remunerated | not_remunerated
    bool active = true;
    std::string_view color;
};

enum class DayOffKind : uint8_t { vacation, absence };

struct DayOff {
    uint32_t employee = 0;
    int32_t day = 0;  // since the epoch
    DayOffKind kind = DayOffKind::vacation;
    uint8_t absence_type = 0;   // index into absence_types() (absence only)
    int32_t seconds = 0;        // the planned seconds the day off covers
    uint32_t serial = 0;        // its index in days_off(): its id derives from it
    bool with_entries = false;  // planted: the employee clocked in anyway
};

// Built once from a generated data set. Days off are drawn among the
// scheduled days (Monday to Friday, not a holiday) on which the generator
// left an employee without entries, so that adding them changed no entry;
// a few (about 1 in 1,000 worked scheduled days) are planted on a worked day
// (a vacation day with entries).
class Schedule {
  public:
    explicit Schedule(const Dataset& data);

    // Seconds due on a scheduled day, whatever the day.
    int daily_seconds(uint32_t employee) const noexcept;
    // Seconds due on `day`: daily_seconds() Monday to Friday, 0 on weekends,
    // national holidays and days off. Outside the data set's days no day
    // off is known: only weekends and holidays are free.
    int planned_seconds(uint32_t employee, int64_t day) const;

    const std::vector<AbsenceType>& absence_types() const noexcept { return absence_types_; }
    // Sorted by (day, employee).
    const std::vector<DayOff>& days_off() const noexcept { return days_off_; }
    const DayOff* day_off(uint32_t employee, int64_t day) const;

    // The company's one holiday calendar (every employee follows it) and the
    // vacation calendar of each year.
    const Uuid& holiday_calendar_id() const noexcept { return holiday_calendar_; }
    Uuid holiday_id(int64_t day) const noexcept;
    Uuid vacation_calendar_id(int year) const noexcept;
    Uuid absence_calendar_id(uint8_t type, int year) const noexcept;
    Uuid day_off_id(const DayOff& d) const noexcept;

  private:
    void make_absence_types();
    void make_days_off();
    DayOff draw_day_off(uint32_t employee, int64_t day, bool worked) const;

    const Dataset& data_;
    std::vector<AbsenceType> absence_types_;
    std::vector<DayOff> days_off_;
    std::unordered_map<uint64_t, uint32_t> day_off_index_;  // employee << 32 | day
    Uuid holiday_calendar_;
};

// About one in seven morning or afternoon employees works part time; drawn
// from its own stream, so that no other employee's data changed.
bool draws_part_time(uint64_t seed, uint32_t employee);
// A part-timer's usual shift: 225 to 255 minutes.
int part_time_minutes(uint64_t seed, uint32_t employee);

}  // namespace reportgen::mockapi
