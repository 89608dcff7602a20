// docs/DESIGN.md "The mock's compliance cases": the table there and this
// one say the same.
#include "mockapi/violations.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "mockapi/dataset.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {
namespace {

// Days `first`..`last` of January 2024 (every day, or Monday to Friday
// only) worked as `shift`: "HH:MM" (local clock-in), then segments of
// minutes: W work, P unpaid pause ("Comida"), R paid pause ("Descanso"),
// G a gap without entries; "W240+" is a work entry still open (its
// workedSeconds: 240 min).
struct Days {
    int first, last;
    bool weekdays_only;
    std::string_view shift;
};

struct Planted {
    std::string_view last_name;
    std::vector<Days> days;
    int vacation = 0;  // a day of January 2024 taken as vacation (and worked), 0 = none
};

constexpr std::string_view kDay = "08:00 W240 P30 W240";  // 8 h, 15.5 h of rest to the next

constexpr bool kAll = false, kWeekdays = true;

// Built once, on first use (vectors: no constant initialisation).
const std::vector<Planted>& planted() {
    static const std::vector<Planted> table{
        {"01 jornada de 14 h",
         {{8, 11, kWeekdays, kDay}, {12, 12, kAll, "07:00 W240 P30 W240 P30 W240 P30 W120"}}},
        {"02 descanso de 8 h",
         {{8, 12, kWeekdays, kDay},
          {15, 15, kAll, kDay},
          {16, 16, kAll, "12:00 W240 P30 W240"},
          {17, 17, kAll, "04:30 W240 P30 W240"},
          {18, 19, kAll, kDay}}},
        {"03 9 h sin pausa",
         {{8, 9, kAll, kDay}, {10, 10, kAll, "08:00 W540"}, {11, 12, kAll, kDay}}},
        {"04 sin descanso semanal", {{8, 23, kAll, kDay}}},
        {"05 fichaje olvidado",
         {{15, 19, kAll, kDay}, {22, 22, kAll, "08:00 W1920"}, {31, 31, kAll, "08:00 W240+"}}},
        {"06 festivo y vacaciones",
         {{6, 6, kAll, "09:00 W240"},
          {8, 9, kAll, kDay},
          {10, 10, kAll, "09:00 W240"},
          {11, 12, kAll, kDay}},
         10},
        {"07 nocturno", {{8, 12, kAll, "22:00 W240 R20 W270"}}},
        {"08 jornadas encadenadas",
         {{15, 17, kAll, kDay}, {18, 18, kAll, "08:00 W240 P30 W210 G300 W240 P30 W210"}}},
        {"09 en el límite",
         {{8, 8, kAll, "08:00 W360 P15 W180"},
          {9, 9, kAll, "05:15 W240 P30 W240"},
          {10, 10, kAll, "07:00 W240 G240 W300"},
          {11, 11, kAll, "08:00 W360 G15 W105"},
          {12, 12, kAll, kDay}}},
        {"10 descanso semanal justo",
         {{8, 19, kAll, kDay}, {21, 21, kAll, "04:30 W240 P30 W240"}, {22, 23, kAll, kDay}}},
        {"11 nocturno justo", {{15, 19, kAll, "22:00 W240 P30 W240"}}},
        {"12 sin incidencias", {{2, 31, kWeekdays, kDay}}},
    };
    return table;
}

int64_t january_2024(int day) noexcept {
    return days_from_civil(CivilDate{2024, 1, static_cast<unsigned>(day)});
}

int number(std::string_view s) noexcept {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// One shift of the table on `day`: its entries, clock-in after clock-in.
void plant_shift(std::string_view shift, uint32_t employee, int64_t day, std::vector<Entry>& out) {
    int64_t local =
        day * 86400 + number(shift.substr(0, 2)) * 3600 + number(shift.substr(3, 2)) * 60;
    for (std::size_t at = 6; at < shift.size();) {
        const std::size_t end = std::min(shift.find(' ', at), shift.size());
        const std::string_view seg = shift.substr(at, end - at);
        at = end + 1;
        const bool open = seg.back() == '+';
        const int minutes = number(seg.substr(1, seg.size() - (open ? 2u : 1u)));
        if (seg[0] != 'G') {
            Entry e;
            e.in = madrid_to_utc(local);
            e.length = open ? Entry::kOpen : minutes * 60;
            e.nominal = static_cast<uint16_t>(open ? minutes : 0);
            e.employee = employee;
            e.workday = static_cast<int32_t>(day);
            e.flags = static_cast<uint8_t>(seg[0] == 'W' ? 0 : Entry::kPause);
            // Trabajo en oficina; Comida (unpaid) or Descanso (paid).
            e.ref = static_cast<uint8_t>(seg[0] == 'R' ? 1 : 0);
            out.push_back(e);
        }
        local += int64_t{minutes} * 60;
    }
}

}  // namespace

std::size_t planted_count() {
    return planted().size();
}

std::string_view planted_last_name(std::size_t k) {
    return planted()[k].last_name;
}

void plant_entries(std::size_t k, uint32_t employee, int64_t first_day, int64_t last_day,
                   std::vector<Entry>& out) {
    for (const Days& d : planted()[k].days) {
        for (int n = d.first; n <= d.last; ++n) {
            const int64_t day = january_2024(n);
            const int wd = weekday_of(day);
            if (day < first_day || day > last_day) continue;
            if (d.weekdays_only && (wd == 0 || wd == 6)) continue;
            plant_shift(d.shift, employee, day, out);
        }
    }
}

PlantedPlace planted_place(std::size_t k, const Entry& e) {
    // "12 sin incidencias" (the last case, clean of incidents) plants the
    // places: January 8 all away (remote), January 9 the morning's entry at
    // the radio and the afternoon's away (mixed), January 10 both at the
    // radio (on site), January 11 without coordinates (unknown, unless
    // "Trabajo en oficina" is named a remote check type). The place never
    // changes an incident.
    if (k + 1 != planted().size() || e.pause()) return PlantedPlace::usual;
    const bool morning = e.in < madrid_to_utc(int64_t{e.workday} * 86400 + 12 * 3600);
    if (e.workday == january_2024(8)) return PlantedPlace::away;
    if (e.workday == january_2024(9)) return morning ? PlantedPlace::at_radio : PlantedPlace::away;
    if (e.workday == january_2024(10)) return PlantedPlace::at_radio;
    if (e.workday == january_2024(11)) return PlantedPlace::no_fix;
    return PlantedPlace::usual;
}

bool planted_vacation(std::size_t k, int64_t day) {
    return planted()[k].vacation != 0 && january_2024(planted()[k].vacation) == day;
}

}  // namespace reportgen::mockapi
