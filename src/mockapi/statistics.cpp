#include "mockapi/statistics.hpp"

#include <algorithm>

#include "mockapi/dataset.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {

int64_t night_seconds(int64_t in, int64_t out, bool zulu) {
    if (out <= in) return 0;
    auto to_utc = [zulu](int64_t local) { return zulu ? local : madrid_to_utc(local); };
    auto local_day = [zulu](int64_t utc) {
        const int64_t off = zulu ? 0 : 60 * int64_t{madrid_offset_minutes(utc)};
        return floor_div(utc + off, 86400);
    };
    // The windows [D 22:00, D+1 06:00) that may touch the entry. 22:00 and
    // 06:00 are never in a skipped or repeated hour, so each maps to one instant.
    int64_t total = 0;
    for (int64_t d = local_day(in) - 1; d <= local_day(out); ++d) {
        const int64_t start = to_utc(d * 86400 + 22 * 3600);
        const int64_t end = to_utc((d + 1) * 86400 + 6 * 3600);
        total += std::max<int64_t>(0, std::min(out, end) - std::max(in, start));
    }
    return total;
}

Statistics::Statistics(const Dataset& data, const Schedule& schedule)
    : data_(data), schedule_(schedule) {
    const auto days = static_cast<std::size_t>(std::max(0, data.shape().days));
    days_.resize(data.employees().size() * days);
    for (const Entry& e : data.entries()) {
        Day& d = days_[e.employee * days + static_cast<std::size_t>(e.workday - data.first_day())];
        d.worked += static_cast<int32_t>(effective_seconds(e));
        d.night += static_cast<int32_t>(effective_night_seconds(e));
    }
}

// Seconds an entry counts as work: its length (an open one: its
// workedSeconds), a pause only when its break type is paid.
int64_t Statistics::effective_seconds(const Entry& e) const {
    if (e.deleted()) return 0;
    if (e.pause()) {
        const bool paid = e.ref != Entry::kNone && data_.work_breaks()[e.ref].remunerated;
        return paid && !e.open() ? e.length : 0;
    }
    return e.open() ? int64_t{e.nominal} * 60 : e.length;
}

int64_t Statistics::effective_night_seconds(const Entry& e) const {
    const int64_t seconds = effective_seconds(e);
    if (seconds == 0) return 0;
    return night_seconds(e.in, e.in + seconds, data_.employees()[e.employee].zulu);
}

const Statistics::Day* Statistics::cell(uint32_t employee, int64_t day) const {
    const int64_t k = day - data_.first_day();
    if (k < 0 || k >= data_.shape().days || employee >= data_.employees().size()) return nullptr;
    return &days_[employee * static_cast<std::size_t>(data_.shape().days) +
                  static_cast<std::size_t>(k)];
}

int64_t Statistics::day_worked(uint32_t employee, int64_t day) const {
    const Day* d = cell(employee, day);
    return d ? d->worked : 0;
}

void Statistics::count_day(uint32_t employee, int64_t day, PeriodFigures& f) const {
    const Day* d = cell(employee, day);
    const int64_t worked = d ? d->worked : 0;
    f.worked += worked;
    f.night += d ? d->night : 0;
    f.to_work += schedule_.planned_seconds(employee, day);
    if (const DayOff* off = schedule_.day_off(employee, day)) {
        if (off->kind == DayOffKind::vacation) {
            ++f.vacation_days;
        } else if (schedule_.absence_types()[off->absence_type].remunerated) {
            ++f.paid_absence_days;
        } else {
            ++f.unpaid_absence_days;
        }
    }
    if (worked <= 0) return;
    ++f.days_worked;
    const int wd = weekday_of(day);
    if (is_national_holiday(day)) {
        ++f.holidays_worked;
    } else if (wd == 0 || wd == 6) {
        ++f.rest_days_worked;
    }
}

PeriodFigures Statistics::period(uint32_t employee, int64_t from, int64_t to) const {
    PeriodFigures f;
    for (int64_t day = from; day <= to; ++day)
        count_day(employee, day, f);
    return f;
}

}  // namespace reportgen::mockapi
