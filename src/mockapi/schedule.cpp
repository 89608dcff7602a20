#include "mockapi/schedule.hpp"

#include <algorithm>
#include <array>
#include <climits>

#include "mockapi/dataset.hpp"
#include "mockapi/violations.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {

namespace {

// Easter Sunday of the Gregorian calendar (the "anonymous" algorithm).
CivilDate easter_sunday(int year) noexcept {
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return CivilDate{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

// Absence types: two paid, two unpaid, and an inactive one that no day uses
// (status=active must leave it out).
struct AbsenceSpec {
    std::string_view name, category;
    bool remunerated, active;
    std::string_view color;
};
constexpr std::array<AbsenceSpec, 5> kAbsenceTypes = {{
    {"Baja por enfermedad", "sick_leave", true, true, "#e57373"},
    {"Visita médica", "permission", true, true, "#64b5f6"},
    {"Asuntos propios", "permission", false, true, "#ffb74d"},
    {"Permiso sin sueldo", "permission", false, true, "#a1887f"},
    {"Permiso por mudanza (antiguo)", "permission", true, false, "#90a4ae"},
}};

// Shares among the days off drawn on an empty scheduled day.
constexpr double kVacationShare = 0.45;
constexpr std::array<double, 4> kAbsenceShares = {0.35, 0.2, 0.25, 0.2};
// Worked scheduled days that are nevertheless a vacation day.
constexpr double kPlantedVacation = 0.001;

}  // namespace

std::vector<Holiday> national_holidays(int year) {
    const int64_t good_friday = days_from_civil(easter_sunday(year)) - 2;
    auto on = [year](unsigned m, unsigned d) { return days_from_civil(CivilDate{year, m, d}); };
    std::vector<Holiday> out = {
        {on(1, 1), "Año Nuevo"},
        {on(1, 6), "Epifanía del Señor"},
        {good_friday, "Viernes Santo"},
        {on(5, 1), "Fiesta del Trabajo"},
        {on(8, 15), "Asunción de la Virgen"},
        {on(10, 12), "Fiesta Nacional de España"},
        {on(11, 1), "Todos los Santos"},
        {on(12, 6), "Día de la Constitución Española"},
        {on(12, 8), "Inmaculada Concepción"},
        {on(12, 25), "Natividad del Señor"},
    };
    std::sort(out.begin(), out.end(),
              [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
    return out;
}

std::vector<Holiday> calendar_holidays(int year, int calendar) {
    std::vector<Holiday> out = national_holidays(year);
    if (calendar == 1) {
        out.push_back({days_from_civil(CivilDate{year, 5, 2}), "Fiesta de la Comunidad de Madrid"});
        std::sort(out.begin(), out.end(),
                  [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
    }
    return out;
}

// Asked once per employee and day by the generator: the year's days are
// kept per thread.
bool is_national_holiday(int64_t day) {
    thread_local int year = INT_MIN;
    thread_local std::vector<Holiday> holidays;
    const int y = civil_from_days(day).year;
    if (y != year) {
        holidays = national_holidays(y);
        year = y;
    }
    return std::any_of(holidays.begin(), holidays.end(),
                       [day](const Holiday& h) { return h.day == day; });
}

int weekly_hours(ScheduleKind k) noexcept {
    switch (k) {
        case ScheduleKind::full_time:
            return 40;
        case ScheduleKind::reduced:
            return 30;
        case ScheduleKind::part_time:
            return 20;
    }
    return 40;
}

bool draws_part_time(uint64_t seed, uint32_t employee) {
    return to_unit(hash_of(seed, Domain::schedule, employee)) < 0.15;
}

int part_time_minutes(uint64_t seed, uint32_t employee) {
    return 225 + static_cast<int>(hash_of(seed, Domain::schedule, employee, 1) % 31);
}

Schedule::Schedule(const Dataset& data) : data_(data) {
    holiday_calendar_ = make_indexed_uuid(hash_of(data.shape().seed, Domain::schedule, 0xCA1u), 0);
    make_absence_types();
    make_days_off();
}

void Schedule::make_absence_types() {
    for (std::size_t i = 0; i < kAbsenceTypes.size(); ++i) {
        const AbsenceSpec& s = kAbsenceTypes[i];
        absence_types_.push_back(
            AbsenceType{make_indexed_uuid(hash_of(data_.shape().seed, Domain::absence_type, i), i),
                        s.name, s.category, s.remunerated, s.active, s.color});
    }
}

int Schedule::daily_seconds(uint32_t employee) const noexcept {
    return weekly_hours(data_.employees()[employee].schedule) * 3600 / 5;
}

int Schedule::planned_seconds(uint32_t employee, int64_t day) const {
    const int wd = weekday_of(day);
    if (wd == 0 || wd == 6 || is_national_holiday(day) || day_off(employee, day)) return 0;
    return daily_seconds(employee);
}

const DayOff* Schedule::day_off(uint32_t employee, int64_t day) const {
    const auto it = day_off_index_.find(uint64_t{employee} << 32 |
                                        static_cast<uint32_t>(static_cast<int32_t>(day)));
    return it == day_off_index_.end() ? nullptr : &days_off_[it->second];
}

// One draw per scheduled day: a day without entries is a vacation day or an
// absence of some type; a worked day is rarely (planted) a vacation day.
DayOff Schedule::draw_day_off(uint32_t employee, int64_t day, bool worked) const {
    Rng rng(hash_of(data_.shape().seed, Domain::day_off, employee, day));
    DayOff d;
    d.employee = employee;
    d.day = static_cast<int32_t>(day);
    d.seconds = daily_seconds(employee);
    d.with_entries = worked;
    if (worked || rng.unit() < kVacationShare) return d;
    d.kind = DayOffKind::absence;
    double u = rng.unit();
    for (std::size_t t = 0; t < kAbsenceShares.size(); ++t) {
        d.absence_type = static_cast<uint8_t>(t);
        if (u < kAbsenceShares[t]) break;
        u -= kAbsenceShares[t];
    }
    return d;
}

void Schedule::make_days_off() {
    const int64_t first = data_.first_day();
    const auto days = static_cast<std::size_t>(std::max(0, data_.shape().days));
    std::vector<uint8_t> worked(data_.employees().size() * days, 0);
    for (const Entry& e : data_.entries()) {
        if (!e.deleted())
            worked[e.employee * days + static_cast<std::size_t>(e.workday - first)] = 1;
    }
    for (std::size_t k = 0; k < days; ++k) {
        const int64_t day = first + static_cast<int64_t>(k);
        const int wd = weekday_of(day);
        if (wd == 0 || wd == 6 || is_national_holiday(day)) continue;
        for (uint32_t e = 0; e < data_.employees().size(); ++e) {
            const bool w = worked[e * days + k] != 0;
            if (const auto c = data_.planted_case(e)) {
                // A compliance case (violations.hpp): its own days off only.
                if (!planted_vacation(*c, day)) continue;
            } else if (w && to_unit(hash_of(data_.shape().seed, Domain::day_off, e, day, 1)) >=
                                kPlantedVacation) {
                continue;
            }
            DayOff d = draw_day_off(e, day, w);
            d.serial = static_cast<uint32_t>(days_off_.size());
            day_off_index_.emplace(uint64_t{e} << 32 | static_cast<uint32_t>(d.day), d.serial);
            days_off_.push_back(d);
        }
    }
}

Uuid Schedule::holiday_id(int64_t day) const noexcept {
    return make_indexed_uuid(hash_of(data_.shape().seed, Domain::schedule, 0x401u, day),
                             static_cast<uint64_t>(day));
}

Uuid Schedule::vacation_calendar_id(int year) const noexcept {
    return make_indexed_uuid(hash_of(data_.shape().seed, Domain::schedule, 0x7AC, year),
                             static_cast<uint64_t>(year));
}

Uuid Schedule::absence_calendar_id(uint8_t type, int year) const noexcept {
    const uint64_t k = uint64_t{type} * 10000 + static_cast<uint64_t>(year);
    return make_indexed_uuid(hash_of(data_.shape().seed, Domain::absence_type, 0xCA1u, k), k);
}

Uuid Schedule::day_off_id(const DayOff& d) const noexcept {
    return make_indexed_uuid(hash_of(data_.shape().seed, Domain::day_off, d.serial), d.serial);
}

}  // namespace reportgen::mockapi
