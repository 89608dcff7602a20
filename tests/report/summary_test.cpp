// The report summary (row.hpp ReportSummary), built while rows stream: per
// employee and per workday, handed to the sink once after the last row.
#include <catch2/catch.hpp>

#include <map>

#include "hand_report.hpp"
#include "reportgen/time.hpp"
#include "semantics_fixture.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

// The sum of every employee's TOTAL rows in a by_employee report, by name.
std::map<std::string, int64_t> totals_by_employee(const HandSink& s) {
    std::map<std::string, int64_t> out;
    for (std::size_t i = 0; i < s.rows.size(); ++i)
        if (s.total[i]) {
            const auto& r = s.rows[i];
            out[r.substr(0, r.find('|'))] += hms(r.substr(r.rfind('|') + 1));
        }
    return out;
}

int64_t day(int y, unsigned m, unsigned d) {
    return days_from_civil({y, m, d});
}

}  // namespace

TEST_CASE("summary: per employee, per workday and in total, hand-computed", "[report][summary]") {
    const auto b = semantics_report<HandSink>(Layout::by_employee);
    const KeptSummary& s = b.sink.summary_kept;
    CHECK(s.calls == 1);
    CHECK(b.sink.rows_at_summary == b.sink.rows.size());  // after the last row
    CHECK_FALSE(b.sink.finished);                         // the caller finishes
    REQUIRE(s.employees.size() == 5);
    // Sorted like the by_employee detail: surname, first name (es collation).
    const std::vector<std::string> names = {"Zoë Ærø", "Empleado desconocido", "José Núñez",
                                            "Ana, María O\"Brien", "=cmd Test"};
    for (std::size_t i = 0; i < names.size(); ++i)
        CHECK(s.employees[i].name == names[i]);
    const auto& cmd = s.employees[4];
    CHECK(cmd.identity_type == "dni");
    CHECK(cmd.nid == "No disponible");
    CHECK(cmd.worked_s == 6 * 3600 + 30 * 60);
    CHECK(cmd.days_worked == 1);
    const auto& ana = s.employees[3];
    CHECK(ana.worked_s == 9 * 3600 + 40 * 60);
    CHECK(ana.days_worked == 1);  // two shifts, one workday
    const auto& unknown = s.employees[1];
    CHECK(unknown.open_entries == 1);
    CHECK(unknown.incidents == 1);  // the pause-only shift
    CHECK(unknown.worked_s == 3600);
    const auto& jose = s.employees[2];
    CHECK(jose.nid == "12345678Z");
    CHECK(jose.worked_s == 8 * 3600 + 6 * 60 + 41);
    CHECK(jose.days_worked == 1);
    CHECK(jose.incidents == 0);
    const auto& zoe = s.employees[0];
    CHECK(zoe.identity_type == "other");
    CHECK(zoe.days_worked == 3);
    CHECK(zoe.worked_s == 8 * 3600 + 90 * 60 + 120);
    CHECK(zoe.open_entries == 1);
    CHECK(zoe.incidents == 1);  // clock-out before clock-in

    REQUIRE(s.workdays.size() == 3);
    CHECK(s.workdays[0].workday == day(2024, 1, 10));
    CHECK(s.workdays[0].worked_s == (8 * 3600 + 6 * 60 + 41) + 8 * 3600);
    CHECK(s.workdays[1].workday == day(2024, 1, 11));
    CHECK(s.workdays[1].worked_s == (9 * 3600 + 40 * 60) + 90 * 60);
    CHECK(s.workdays[2].workday == day(2024, 1, 12));
    CHECK(s.workdays[2].worked_s == (6 * 3600 + 30 * 60) + 3600 + 120);
    CHECK(s.worked_s == 125321);
}

TEST_CASE("summary: equals the TOTAL rows, per employee and in total, in every layout",
          "[report][summary]") {
    const auto by_employee = semantics_report<HandSink>(Layout::by_employee);
    const auto totals = totals_by_employee(by_employee.sink);
    const KeptSummary& s = by_employee.sink.summary_kept;
    REQUIRE(s.employees.size() == totals.size());
    for (const auto& e : s.employees) {
        INFO(e.name);
        CHECK(totals.at(e.name) == e.worked_s);
    }
    for (Layout l : {Layout::by_employee, Layout::by_activity, Layout::by_group}) {
        const auto b = semantics_report<HandSink>(l);
        CHECK(b.sink.summary_kept.calls == 1);
        CHECK(b.sink.summary_kept.worked_s == sum_of_totals(b.sink));
        int64_t days = 0;
        for (const auto& w : b.sink.summary_kept.workdays)
            days += w.worked_s;
        CHECK(days == b.sink.summary_kept.worked_s);
    }
}

TEST_CASE("summary: shifts outside the range are not in it", "[report][summary]") {
    ReportRequest req;
    req.from = {2024, 1, 29};
    req.to = {2024, 1, 29};
    const auto r = hand_report(
        req, {{"e1", "Ana", "López", "dni", "1A"}, {"e2", "Bruno", "Díaz", "nie", "X2"}},
        {
            {1, "2024-01-28T22:00:00+01:00", "2024-01-29T06:00:00+01:00"},
            {2, "2024-01-29T09:00:00+01:00", "2024-01-29T10:00:00+01:00", false, {}, 1},
            {3, "2024-01-29T10:00:00+01:00", "2024-01-29T09:30:00+01:00", false, 0, 1},
        });
    const KeptSummary& s = r.sink.summary_kept;
    REQUIRE(s.employees.size() == 1);  // Ana's only shift belongs to the 28th
    CHECK(s.employees[0].name == "Bruno Díaz");
    CHECK(s.employees[0].worked_s == 3600);
    CHECK(s.employees[0].incidents == 1);
    REQUIRE(s.workdays.size() == 1);
    CHECK(s.workdays[0].workday == day(2024, 1, 29));
    CHECK(s.worked_s == 3600);
}
