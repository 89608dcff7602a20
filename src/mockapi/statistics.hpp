#pragma once
// Sesame's statistics of the synthetic company (worked-hours,
// worked-night-hours, worked-absence-days, the payroll contracts' business
// data), computed from the same work entries the mock serves and the same
// schedule, with ../shared/docs/PAYROLL.md's definitions:
// - effective time = work entries + pauses of a paid break type (the work
//   break's `remunerated`: "Descanso" and "Pausa café" are paid, "Comida"
//   and "Pausa personal" are not, nor is a pause without a break type);
//   measured clock-out minus clock-in; an open work entry counts its
//   workedSeconds (as the reports show it), an open pause 0; deleted and
//   drift entries count nothing;
// - each entry counts on its workday (the local date of its shift's first
//   clock-in), as the reports group shifts;
// - night time = effective time between 22:00 and 06:00 on the wall clock of
//   the entry's own offset (Europe/Madrid, or UTC for employees whose clock
//   writes +00:00).
#include <cstdint>
#include <vector>

#include "mockapi/schedule.hpp"

namespace reportgen::mockapi {

class Dataset;
struct Entry;

// Seconds of [in, out) (UTC) that fall between 22:00 and 06:00 local.
int64_t night_seconds(int64_t in, int64_t out, bool zulu);

// One employee's figures over [from, to] (days since the epoch, inclusive).
struct PeriodFigures {
    int64_t worked = 0;   // secondsWorked: effective time
    int64_t to_work = 0;  // secondsToWork: planned time
    int64_t night = 0;    // secondsWorkedNight
    int days_worked = 0;  // days with effective time > 0
    int vacation_days = 0;
    int paid_absence_days = 0;
    int unpaid_absence_days = 0;
    int holidays_worked = 0;   // national holidays with effective time > 0
    int rest_days_worked = 0;  // weekend days with effective time > 0
    int64_t balance() const noexcept { return worked - to_work; }
};

class Statistics {
  public:
    Statistics(const Dataset& data, const Schedule& schedule);

    // Effective and night seconds of one entry (0 for deleted ones).
    int64_t effective_seconds(const Entry& e) const;
    int64_t effective_night_seconds(const Entry& e) const;
    // Of one employee's workday (0 outside the data set's days).
    int64_t day_worked(uint32_t employee, int64_t day) const;
    PeriodFigures period(uint32_t employee, int64_t from, int64_t to) const;

  private:
    struct Day {
        int32_t worked = 0;
        int32_t night = 0;
    };
    const Day* cell(uint32_t employee, int64_t day) const;
    void count_day(uint32_t employee, int64_t day, PeriodFigures& f) const;

    const Dataset& data_;
    const Schedule& schedule_;
    std::vector<Day> days_;  // [employee * days + day - first_day]
};

}  // namespace reportgen::mockapi
