// MockOptions::violations (src/mockapi/violations.hpp): the planted
// compliance cases follow the regular employees and change nothing of
// theirs; the statistics the mock serves for them agree with their entries.
// The incidents they give are asserted end to end in
// tests/cli/violations_cli_test.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "mock_test_support.hpp"
#include "mockapi/company.hpp"
#include "mockapi/dataset.hpp"
#include "mockapi/violations.hpp"

using namespace reportgen;
using namespace reportgen::mockapi;

namespace {

constexpr int64_t H = 3600, M = 60;

DatasetShape january(int employees, bool violations) {
    DatasetShape s{42, employees, 31, CivilDate{2024, 1, 1}};
    s.violations = violations;
    return s;
}

int64_t jan(unsigned day) {
    return days_from_civil(CivilDate{2024, 1, day});
}

// Everything the API shows of an entry but the rendering.
auto entry_key(const Dataset& d, const Entry& e) {
    return std::tuple(d.entry_id(e), e.in, e.length, e.employee, e.workday, e.flags, e.ref,
                      d.created_at(e), d.updated_at(e));
}

Company company(const DatasetShape& shape) {
    return Company(1, shape, false, 0, Clock::duration{});
}

}  // namespace

TEST_CASE("violations: planted employees follow the regular ones, whose data is unchanged",
          "[mockapi][violations]") {
    const Dataset plain(january(20, false));
    const Dataset planted(january(20, true));
    REQUIRE(planted.employees().size() == 20 + planted_count());
    CHECK(planted.regular_employees() == 20);
    for (uint32_t i = 0; i < 20; ++i) {
        CHECK(planted.employees()[i].id == plain.employees()[i].id);
        CHECK(planted.employees()[i].last_name == plain.employees()[i].last_name);
    }
    std::vector<decltype(entry_key(plain, plain.entries()[0]))> before, after;
    for (const Entry& e : plain.entries())
        before.push_back(entry_key(plain, e));
    for (const Entry& e : planted.entries())
        if (e.employee < 20) after.push_back(entry_key(planted, e));
    CHECK(after == before);
    // The regular employees' days off are the same too.
    const Company a = company(january(20, false)), b = company(january(20, true));
    std::vector<std::tuple<uint32_t, int32_t, int>> off_a, off_b;
    for (const auto& d : a.schedule().days_off())
        off_a.emplace_back(d.employee, d.day, static_cast<int>(d.kind));
    for (const auto& d : b.schedule().days_off())
        if (d.employee < 20) off_b.emplace_back(d.employee, d.day, static_cast<int>(d.kind));
    CHECK(off_b == off_a);
}

TEST_CASE("violations: the planted cases' statistics agree with their entries",
          "[mockapi][violations]") {
    const Company c = company(january(0, true));
    const auto& emps = c.data().employees();
    REQUIRE(emps.size() == planted_count());
    CHECK(emps[0].first_name == "Caso");
    CHECK(emps[0].last_name == "01 jornada de 14 h");
    CHECK(emps[11].last_name == "12 sin incidencias");
    const auto month = [&](uint32_t e) { return c.statistics().period(e, jan(1), jan(31)); };
    // 01: four 8 h days and one of 14 h.
    CHECK(month(0).worked == 4 * 8 * H + 14 * H);
    // 05: five 8 h days, the 32 h entry and an open one of 4 h (its workedSeconds).
    CHECK(month(4).worked == 5 * 8 * H + 32 * H + 4 * H);
    // 06: 4 h on Epiphany (a national holiday), 4 h on its vacation day, four 8 h days.
    const PeriodFigures f06 = month(5);
    CHECK(f06.worked == 4 * H + 4 * H + 4 * 8 * H);
    CHECK(f06.holidays_worked == 1);
    CHECK(f06.rest_days_worked == 0);
    CHECK(f06.vacation_days == 1);
    CHECK(c.schedule().day_off(5, jan(10)) != nullptr);
    CHECK(c.schedule().planned_seconds(5, jan(10)) == 0);
    // 07: five nights of 8 h 50 m (a paid 20 min break), 8 h of them at night.
    CHECK(month(6).worked == 5 * (8 * H + 50 * M));
    CHECK(month(6).night == 5 * 8 * H);
    // 12: every weekday but New Year's Day, 8 h; no day off of any kind.
    const PeriodFigures f12 = month(11);
    CHECK(f12.worked == 22 * 8 * H);
    CHECK(f12.days_worked == 22);
    CHECK(f12.vacation_days + f12.paid_absence_days + f12.unpaid_absence_days == 0);
    CHECK(f12.to_work == 22 * 8 * H);
}

TEST_CASE("violations: served over the API like any employee, outside January 2024 none",
          "[mockapi][violations]") {
    MockOptions o;
    o.employees = 3;
    o.violations = true;
    MockApiServer server(o);
    server.start();
    auto client = test::client_for(server);
    const auto ids = server.employee_ids();
    REQUIRE(ids.size() == 3 + planted_count());
    const std::string forgotten = ids[3 + 4];  // 05: the 32 h entry on 22 January
    const auto page = test::get_json(
        client, "/schedule/v1/work-entries?from=2024-01-22&to=2024-01-22&employeeId=" + forgotten);
    REQUIRE(page["data"].size() == 1);
    const auto& e = page["data"][0];
    CHECK(e["employee"]["firstName"] == "Caso");
    CHECK(e["employee"]["lastName"] == "05 fichaje olvidado");
    CHECK(e["workEntryIn"]["date"] == "2024-01-22T08:00:00+01:00");
    CHECK(e["workEntryOut"]["date"] == "2024-01-23T16:00:00+01:00");
    CHECK(e["workedSeconds"].get<int64_t>() == 32 * H);
    const auto hours = test::get_json(
        client, "/schedule/v1/reports/worked-hours?from=2024-01-01&to=2024-01-31&employeeIds[in]=" +
                    forgotten);
    REQUIRE(hours["data"].size() == 1);
    CHECK(hours["data"][0]["secondsWorked"].get<int64_t>() == 5 * 8 * H + 32 * H + 4 * H);

    // March: the planted employees are there, without entries.
    MockOptions march = o;
    march.start = "2024-03-01";
    MockOptions march_plain = march;
    march_plain.violations = false;
    const MockApiServer later(march), plain(march_plain);
    CHECK(later.employee_ids().size() == 3 + planted_count());
    CHECK(later.total_entries() == plain.total_entries());
}
