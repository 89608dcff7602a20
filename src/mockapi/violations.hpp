#pragma once
// MockOptions::violations: planted employees whose work entries hold each
// kind of compliance incident, and entries exactly at each limit that must
// give none (docs/DESIGN.md "The mock's compliance cases"). They follow the
// regular employees (whose data stays as it was) and are dated in January
// 2024, the demo's month: entries outside the data set's days are left out.
#include <cstdint>
#include <string_view>
#include <vector>

namespace reportgen::mockapi {

struct Entry;

// How many employees are planted, and the k-th one's last name (first
// name "Caso"): "01 jornada de 14 h", ... in the order of the table.
std::size_t planted_count();
std::string_view planted_last_name(std::size_t k);

// The k-th planted employee (employee index `employee`) works its table's
// shifts: appends the entries whose workday lies in [first_day, last_day]
// (days since the epoch), unsorted, without serial and in_day.
void plant_entries(std::size_t k, uint32_t employee, int64_t first_day, int64_t last_day,
                   std::vector<Entry>& out);

// Whether `day` is a vacation day of the k-th planted employee (one on
// which it works anyway: holiday_work). Planted employees have no other
// day off.
bool planted_vacation(std::size_t k, int64_t day);

// Where a planted entry's clocks were made (docs/DESIGN.md "The mock's
// places of work"): near the employee's city's office as every entry
// (usual), 1 degree of latitude north of it, far from every office (away),
// exactly kOfficeRadio metres north of it (at_radio: on site), or without
// coordinates (no_fix: a phone without a fix; the place is then the check
// type's).
enum class PlantedPlace : uint8_t { usual, away, at_radio, no_fix };
PlantedPlace planted_place(std::size_t k, const Entry& e);

}  // namespace reportgen::mockapi
