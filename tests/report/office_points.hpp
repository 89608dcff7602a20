#pragma once
// An office and clock-ins at known distances from it, for the place of work
// tests (trace.hpp's rule, the place stage, the store).
#include <cmath>
#include <cstdint>

#include "report/trace.hpp"
#include "report/work_entry.hpp"

namespace reportgen::test {

// An office in Madrid with a 100 m radio.
inline constexpr detail::Office kOffice{404167754, -37037902, 100};

// A clock-in `north_m` metres due north of `office` (1e-7 degrees of
// latitude: 111,195.08 m / 1e7 each).
inline detail::EntryTrace clock_in_north(double north_m,
                                         const detail::Office& office = kOffice) {
    detail::EntryTrace e;
    e.lat_e7 = office.lat_e7 + static_cast<int32_t>(std::llround(north_m / 0.011119508));
    e.lon_e7 = office.lon_e7;
    return e;
}

}  // namespace reportgen::test
