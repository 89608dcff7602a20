// The shift stage on its own (src/report/shifts.hpp): docs/DESIGN.md "Report
// semantics" 2 and 3 on hand-made entries of one employee.
#include <catch2/catch.hpp>

#include <vector>

#include "hand_entries.hpp"
#include "report/shifts.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::detail::EmployeeShifts;
using reportgen::detail::FoldedRow;
using reportgen::test::HandEntry;
using reportgen::test::ts;

namespace {

constexpr int64_t kGap = 6 * 3600;

EmployeeShifts shifts_of(std::initializer_list<HandEntry> hand) {
    std::vector<WorkEntry> entries;
    for (const HandEntry& h : hand)
        entries.push_back(test::make_entry(h));
    EmployeeShifts out;
    detail::build_shifts(entries, kGap, out);
    return out;
}

int32_t day(int y, unsigned m, unsigned d) {
    return static_cast<int32_t>(days_from_civil({y, m, d}));
}

}  // namespace

TEST_CASE("shifts: a night shift is one shift dated the evening it began", "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-10T21:54:19+01:00", "2024-01-10T22:10:00+01:00"},
        {2, "2024-01-10T22:10:00+01:00", "2024-01-11T02:00:00+01:00"},
        {3, "2024-01-11T02:00:00+01:00", "2024-01-11T02:27:00+01:00", true},
        {4, "2024-01-11T02:27:00+01:00", "2024-01-11T06:01:00+01:00"},
        // More than 6 h after 06:01: a new shift, dated its own day.
        {5, "2024-01-11T12:02:00+01:00", "2024-01-11T13:00:00+01:00"},
    });
    REQUIRE(s.shifts.size() == 2);
    const auto& night = s.shifts[0];
    CHECK(night.workday == day(2024, 1, 10));
    CHECK(night.entries == 4);
    CHECK(night.pauses == 1);
    const auto rows = s.rows_of(night);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].duration == 941);
    CHECK_FALSE(rows[0].folded);
    // The pause moves the clock-out of the entry before it: 22:10 -> 02:27.
    CHECK(rows[1].e.out_utc == ts("2024-01-11T02:27:00+01:00").utc);
    CHECK(rows[1].duration == 4 * 3600 + 17 * 60);
    CHECK(rows[1].pause_s == 27 * 60);
    CHECK(rows[2].duration == 3 * 3600 + 34 * 60);
    CHECK(s.shifts[1].workday == day(2024, 1, 11));
    CHECK(s.entries_of(s.shifts[1]).front().id.lo == 5);
}

TEST_CASE("shifts: the gap is measured from the furthest clock-out of the shift",
          "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-10T08:00:00Z", "2024-01-10T18:00:00Z"},
        {2, "2024-01-10T09:00:00Z", "2024-01-10T10:00:00Z"},
        // 6 h after 18:00 exactly: continues (the shift's reach is 18:00, not 10:00).
        {3, "2024-01-11T00:00:00Z", "2024-01-11T01:00:00Z"},
        // 05:50 the next day is 4h50 after 01:00: still the same shift.
        {4, "2024-01-11T05:50:00Z", "2024-01-11T06:00:00Z"},
        {5, "2024-01-11T12:00:01Z", "2024-01-11T13:00:00Z"},
    });
    REQUIRE(s.shifts.size() == 2);
    CHECK(s.shifts[0].entries == 4);
    CHECK(s.shifts[0].workday == day(2024, 1, 10));
    CHECK(s.shifts[1].entries == 1);
}

TEST_CASE("shifts: pauses first, in the middle, in a row and last", "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T08:00:00+01:00", "2024-01-12T08:10:00+01:00", true},
        {2, "2024-01-12T08:05:00+01:00", "2024-01-12T08:10:00+01:00", true},
        {3, "2024-01-12T08:10:00+01:00", "2024-01-12T12:00:00+01:00"},
        {4, "2024-01-12T13:00:00+01:00", "2024-01-12T14:00:00+01:00"},
        {5, "2024-01-12T14:00:00+01:00", "2024-01-12T14:05:00+01:00", true},
        {6, "2024-01-12T14:05:00+01:00", "2024-01-12T14:10:00+01:00", true},
        {7, "2024-01-12T14:10:00+01:00", "2024-01-12T15:00:00+01:00"},
        {8, "2024-01-12T15:00:00+01:00", "2024-01-12T15:30:00+01:00", true},
    });
    REQUIRE(s.shifts.size() == 1);
    CHECK(s.shifts[0].pauses == 5);
    const auto rows = s.rows_of(s.shifts[0]);
    REQUIRE(rows.size() == 3);
    // Leading pauses: the first work entry starts at the first pause's clock-in.
    CHECK(rows[0].e.id.lo == 3);
    CHECK(rows[0].e.in_utc == ts("2024-01-12T08:00:00+01:00").utc);
    CHECK(rows[0].duration == 4 * 3600);
    CHECK(rows[0].pause_s == 600 + 300);
    // Two pauses in a row fold into the entry before them.
    CHECK(rows[1].e.out_utc == ts("2024-01-12T14:10:00+01:00").utc);
    CHECK(rows[1].duration == 70 * 60);
    CHECK(rows[1].pause_s == 600);
    // The last pause folds into the last work entry.
    CHECK(rows[2].e.out_utc == ts("2024-01-12T15:30:00+01:00").utc);
    CHECK(rows[2].duration == 80 * 60);
    CHECK(rows[2].pause_s == 1800);
}

TEST_CASE("shifts: a pause that ends earlier never shortens the entry before it",
          "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T08:00:00Z", "2024-01-12T12:00:00Z"},
        {2, "2024-01-12T09:00:00Z", "2024-01-12T09:15:00Z", true},
    });
    const auto rows = s.rows_of(s.shifts.at(0));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].e.out_utc == ts("2024-01-12T12:00:00Z").utc);
    CHECK(rows[0].duration == 4 * 3600);
    CHECK(rows[0].pause_s == 900);
}

TEST_CASE("shifts: a shift of pauses only has no rows", "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T10:00:00+01:00", "2024-01-12T10:30:00+01:00", true},
        {2, "2024-01-12T17:00:00+01:00", "", false, 3600},
    });
    REQUIRE(s.shifts.size() == 2);
    CHECK(s.shifts[0].rows == 0);
    CHECK(s.shifts[0].pauses == 1);
    CHECK(s.shifts[0].entries == 1);
    CHECK(s.shifts[1].rows == 1);
}

TEST_CASE("shifts: open entries keep workedSeconds, an open pause leaves its entry open",
          "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T08:00:00Z", "2024-01-12T12:00:00Z", false, 14400},
        {2, "2024-01-12T12:00:00Z", "", true, 300},
        {3, "2024-01-13T17:00:00Z", "", false, 3600},
    });
    REQUIRE(s.shifts.size() == 2);
    const auto first = s.rows_of(s.shifts[0]);
    REQUIRE(first.size() == 1);
    CHECK(first[0].e.open());
    CHECK(first[0].duration == 14400 + 300);  // own and the pause's workedSeconds
    CHECK(first[0].pause_s == 300);
    CHECK(s.shifts[0].open == 1);
    const auto second = s.rows_of(s.shifts[1]);
    REQUIRE(second.size() == 1);
    CHECK(second[0].e.open());
    CHECK(second[0].duration == 3600);
    CHECK_FALSE(second[0].folded);
    CHECK(s.shifts[1].open == 1);
}

TEST_CASE("shifts: clock-out before clock-in counts 0 and reaches only its clock-in",
          "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T10:00:00+01:00", "2024-01-12T09:00:00+01:00", false, 0},
        {2, "2024-01-12T15:59:00+01:00", "2024-01-12T16:30:00+01:00", false, 1860},
        {3, "2024-01-12T23:00:00+01:00", "2024-01-12T22:00:00+01:00", false, 77},
    });
    REQUIRE(s.shifts.size() == 2);
    CHECK(s.shifts[0].negative == 1);
    CHECK(s.shifts[0].entries == 2);
    const auto rows = s.rows_of(s.shifts[0]);
    CHECK(rows[0].duration == 0);
    CHECK(rows[1].duration == 1860);
    CHECK(s.shifts[1].negative == 1);
    CHECK(s.rows_of(s.shifts[1])[0].duration == 0);  // not its workedSeconds (77)
}

TEST_CASE("shifts: deleted entries are dropped before shifts are cut", "[report][shifts]") {
    const auto s = shifts_of({
        {1, "2024-01-12T08:00:00Z", "2024-01-12T09:00:00Z"},
        {2, "2024-01-12T12:00:00Z", "2024-01-12T13:00:00Z", false, {}, 0, true},
        {3, "2024-01-12T17:00:00Z", "2024-01-12T18:00:00Z"},
    });
    CHECK(s.deleted == 1);
    CHECK(s.entries.size() == 2);
    // Without the deleted bridge, 17:00 is 8 h after 09:00: two shifts.
    CHECK(s.shifts.size() == 2);
}

TEST_CASE("shifts: buffers are reused from one employee to the next", "[report][shifts]") {
    EmployeeShifts out;
    const std::vector<WorkEntry> a = {
        test::make_entry({1, "2024-01-12T08:00:00Z", "2024-01-12T09:00:00Z"}),
        test::make_entry({2, "2024-01-13T08:00:00Z", "2024-01-13T09:00:00Z"})};
    const std::vector<WorkEntry> b = {
        test::make_entry({3, "2024-01-14T08:00:00Z", "2024-01-14T09:00:00Z"})};
    detail::build_shifts(a, kGap, out);
    CHECK(out.shifts.size() == 2);
    detail::build_shifts(b, kGap, out);
    REQUIRE(out.shifts.size() == 1);
    CHECK(out.rows.size() == 1);
    CHECK(out.rows_of(out.shifts[0])[0].e.id.lo == 3);
}
