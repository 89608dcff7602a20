// docs/DESIGN.md "Report semantics" 2, Range: the client fetches from - 1 day …
// to + 1 day, and the report keeps the shifts whose workday (the local date
// of their first clock-in) lies in [from, to], whole; the entries of the
// others are counted in metrics.outside_range_dropped.
#include <catch2/catch.hpp>

#include "hand_report.hpp"
#include "reportgen/error.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

const std::vector<HandEmployee> kAna = {{"e1", "Ana", "López", "dni", "1A"}};

// What the API returns for 2024-01-28 … 2024-03-01 (+01:00, Madrid winter).
const std::vector<HandEntry> kWinter = {
    // Workday 28/01: a night shift that runs into the 29th.
    {10, "2024-01-28T22:00:00+01:00", "2024-01-29T02:00:00+01:00"},
    {11, "2024-01-29T02:00:00+01:00", "2024-01-29T02:30:00+01:00", true},
    {12, "2024-01-29T02:30:00+01:00", "2024-01-29T06:00:00+01:00"},
    {13, "2024-01-29T14:00:00+01:00", "2024-01-29T18:00:00+01:00"},
    {14, "2024-01-30T09:00:00+01:00", "2024-01-30T13:00:00+01:00"},
    {15, "2024-01-30T22:00:00+01:00", "2024-01-31T05:00:00+01:00"},
    // Workday 31/01: ends on 01/02.
    {16, "2024-01-31T21:00:00+01:00", "2024-02-01T06:01:00+01:00"},
    {17, "2024-02-01T14:00:00+01:00", "2024-02-01T18:00:00+01:00"},
    {18, "2024-02-29T23:00:00+01:00", "2024-03-01T03:00:00+01:00"},
    {19, "2024-03-01T12:00:00+01:00", "2024-03-01T13:00:00+01:00"},
};

ReportRequest request(const char* from, const char* to, Layout layout = Layout::by_employee) {
    ReportRequest r;
    r.set_dates(from, to);
    r.layout = layout;
    return r;
}

const std::string kAnaRow = "Ana López|dni|1A|";

}  // namespace

TEST_CASE(
    "range: a night shift across `to` stays whole, one begun the evening before `from` "
    "goes whole",
    "[report][range]") {
    const auto r = hand_report(request("2024-01-29", "2024-01-31"), kAna, kWinter);
    const std::vector<std::string> expected = {
        // Not a stray 02:30-06:00 shift dated the 29th: that belongs to the 28th.
        kAnaRow + "29/01/2024|Registro normal|Sin Grupo|14:00:00|18:00:00|04:00:00",
        kAnaRow + "29/01/2024|TOTAL||||04:00:00",
        kAnaRow + "30/01/2024|Registro normal|Sin Grupo|09:00:00|13:00:00|04:00:00",
        kAnaRow + "30/01/2024|Registro normal|Sin Grupo|22:00:00|05:00:00(+1)|07:00:00",
        kAnaRow + "30/01/2024|TOTAL||||11:00:00",
        kAnaRow + "31/01/2024|Registro normal|Sin Grupo|21:00:00|06:01:00(+1)|09:01:00",
        kAnaRow + "31/01/2024|TOTAL||||09:01:00",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.metrics.outside_range_dropped == 6);  // 3 (28th) + 1 (1 Feb) + 1 (29 Feb) + 1 (1 Mar)
    CHECK(r.metrics.shifts == 4);
    CHECK(r.metrics.pauses_folded == 0);  // the 28th's pause is not part of this report
}

TEST_CASE("range: a one-day report", "[report][range]") {
    const auto r = hand_report(request("2024-01-30", "2024-01-30"), kAna, kWinter);
    const std::vector<std::string> expected = {
        kAnaRow + "30/01/2024|Registro normal|Sin Grupo|09:00:00|13:00:00|04:00:00",
        kAnaRow + "30/01/2024|Registro normal|Sin Grupo|22:00:00|05:00:00(+1)|07:00:00",
        kAnaRow + "30/01/2024|TOTAL||||11:00:00",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.metrics.outside_range_dropped == 8);
}

TEST_CASE("range: a month boundary, leap day included", "[report][range]") {
    const auto r = hand_report(request("2024-02-01", "2024-02-29"), kAna, kWinter);
    const std::vector<std::string> expected = {
        // 31/01's night shift ends on 01/02 but belongs to January.
        kAnaRow + "01/02/2024|Registro normal|Sin Grupo|14:00:00|18:00:00|04:00:00",
        kAnaRow + "01/02/2024|TOTAL||||04:00:00",
        kAnaRow + "29/02/2024|Registro normal|Sin Grupo|23:00:00|03:00:00(+1)|04:00:00",
        kAnaRow + "29/02/2024|TOTAL||||04:00:00",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.metrics.outside_range_dropped == 8);
}

TEST_CASE("range: the TOTAL-sum invariant holds across layouts with edges", "[report][range]") {
    const int64_t e =
        sum_of_totals(hand_report(request("2024-01-29", "2024-01-31"), kAna, kWinter).sink);
    CHECK(e == 4 * 3600 + 11 * 3600 + 9 * 3600 + 60);
    for (Layout l : {Layout::by_activity, Layout::by_group})
        CHECK(sum_of_totals(
                  hand_report(request("2024-01-29", "2024-01-31", l), kAna, kWinter).sink) == e);
}

TEST_CASE("range: DST inside an edge shift (Europe/Madrid, 2024-03-31 and 2024-10-27)",
          "[report][range]") {
    const std::vector<HandEntry> spring = {
        // 21:00Z .. 00:30Z, pause 00:30Z .. 01:00Z (clocks jump 02:00 -> 03:00), 01:00Z .. 04:00Z.
        {20, "2024-03-30T22:00:00+01:00", "2024-03-31T01:30:00+01:00"},
        {21, "2024-03-31T01:30:00+01:00", "2024-03-31T03:00:00+02:00", true},
        {22, "2024-03-31T03:00:00+02:00", "2024-03-31T06:00:00+02:00"},
        {23, "2024-03-31T15:00:00+02:00", "2024-03-31T17:00:00+02:00"},
    };
    SECTION("kept whole at `to`; a folded duration is absolute time, not wall clock") {
        const auto r = hand_report(request("2024-03-30", "2024-03-30"), kAna, spring);
        const std::vector<std::string> expected = {
            kAnaRow + "30/03/2024|Registro normal|Sin Grupo|22:00:00|03:00:00(+1)|04:00:00",
            kAnaRow + "30/03/2024|Registro normal|Sin Grupo|03:00:00(+1)|06:00:00(+1)|03:00:00",
            kAnaRow + "30/03/2024|TOTAL||||07:00:00",
        };
        CHECK(r.sink.rows == expected);
        CHECK(r.metrics.outside_range_dropped == 1);
    }
    SECTION("dropped whole at `from`") {
        const auto r = hand_report(request("2024-03-31", "2024-03-31"), kAna, spring);
        const std::vector<std::string> expected = {
            kAnaRow + "31/03/2024|Registro normal|Sin Grupo|15:00:00|17:00:00|02:00:00",
            kAnaRow + "31/03/2024|TOTAL||||02:00:00",
        };
        CHECK(r.sink.rows == expected);
        CHECK(r.metrics.outside_range_dropped == 3);
    }
    const std::vector<HandEntry> autumn = {
        // 20:00Z .. 05:00Z: nine hours (clocks go back 03:00 -> 02:00).
        {30, "2024-10-26T22:00:00+02:00", "2024-10-27T06:00:00+01:00"},
    };
    SECTION("back to winter time: kept whole at `to`") {
        const auto r = hand_report(request("2024-10-20", "2024-10-26"), kAna, autumn);
        REQUIRE(r.sink.rows.size() == 2);
        CHECK(r.sink.rows[0] ==
              kAnaRow + "26/10/2024|Registro normal|Sin Grupo|22:00:00|06:00:00(+1)|09:00:00");
    }
    SECTION("back to winter time: dropped whole at `from`") {
        const auto r = hand_report(request("2024-10-27", "2024-10-31"), kAna, autumn);
        CHECK(r.sink.rows.empty());
        CHECK(r.metrics.outside_range_dropped == 1);
        CHECK(r.metrics.shifts == 0);
    }
}

TEST_CASE("range: an employee filter with edges", "[report][range]") {
    // The API answers an employeeId query with that employee's entries only.
    const std::vector<HandEmployee> bruno = {{"e2", "Bruno", "Díaz", "nie", "X2"}};
    const std::vector<HandEntry> entries = {
        {40, "2024-01-28T23:00:00+01:00", "2024-01-29T07:00:00+01:00"},
        {41, "2024-01-29T07:00:00+01:00", "2024-01-29T07:20:00+01:00", true},
        {42, "2024-01-31T23:30:00+01:00", "2024-02-01T07:30:00+01:00"},
    };
    ReportRequest req = request("2024-01-29", "2024-01-31");
    req.employee_id = "e2";
    const auto r = hand_report(req, bruno, entries);
    const std::vector<std::string> expected = {
        "Bruno Díaz|nie|X2|31/01/2024|Registro normal|Sin Grupo|23:30:00|07:30:00(+1)|08:00:00",
        "Bruno Díaz|nie|X2|31/01/2024|TOTAL||||08:00:00",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.metrics.outside_range_dropped == 2);
}

TEST_CASE("range: a request date that is not a date is a usage error", "[report][range]") {
    try {
        // set_dates() refuses the text; a CivilDate written by hand reaches the builder.
        ReportRequest r = request("2024-02-01", "2024-03-01");
        r.from = {2024, 2, 30};
        hand_report(r, kAna, kWinter);
        FAIL("expected a usage error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(std::string(e.what()).find("2024-02-30") != std::string::npos);
    }
}
