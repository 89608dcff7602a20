// Whole reports from entries added page by page (docs/DESIGN.md "Report
// semantics"): copies of one entry that disagree (1 Clean) and equal
// clock-ins of two employees (5 Layouts), in both page orders, in memory and
// spilled; and the shift gap (2) at the second with a configured gap.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "hand_report.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

struct Page {
    std::vector<HandEntry> entries;
};

// A whole report from pages added one store.add() each, employees interned
// in the order their first entry arrives (as the decoder does).
HandReport paged_report(const ReportRequest& req, const std::vector<HandEmployee>& employees,
                        const std::vector<Page>& pages) {
    EntryStore store(req.memory_budget_bytes, "");
    std::vector<uint32_t> index(employees.size(), UINT32_MAX);
    for (const Page& p : pages) {
        std::vector<WorkEntry> batch;
        for (const HandEntry& h : p.entries) {
            const HandEmployee& e = employees.at(h.employee);
            if (index[h.employee] == UINT32_MAX)
                index[h.employee] =
                    store.employees().intern(e.id, e.first, e.last, e.type, e.nid, true);
            WorkEntry w = make_entry(h);
            w.employee = index[h.employee];
            batch.push_back(w);
        }
        store.add(batch);
    }
    HandReport r;
    ReportBuilder(req, ReferenceData{}).build(store, r.sink, r.metrics);
    return r;
}

ReportRequest day(Layout layout, std::size_t budget) {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 10};
    req.layout = layout;
    req.memory_budget_bytes = budget;
    return req;
}

// Budgets: the default (all in memory) and one that spills every page.
constexpr std::size_t kBudgets[] = {24u << 20, 4 * sizeof(WorkEntry)};

}  // namespace

TEST_CASE("copies that differ: deleted wins, then closed, then the later clock-out",
          "[report][duplicates]") {
    const std::vector<HandEmployee> ana = {{"e1", "Ana", "Ruiz", "dni", "1Z"}};
    // Two reads of one day while the data changed. Args: id, in, out, pause,
    // workedSeconds, employee, deleted.
    const Page before{{
        {1, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00"},
        {2, "2024-01-10T13:00:00+01:00", "", false, 600},
        {3, "2024-01-10T16:00:00+01:00", "2024-01-10T17:00:00+01:00"},
        {4, "2024-01-10T18:00:00+01:00", "2024-01-10T19:00:00+01:00"},
    }};
    const Page after{{
        {1, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00", false, {}, 0, true},
        {2, "2024-01-10T13:00:00+01:00", "2024-01-10T15:00:00+01:00"},
        {3, "2024-01-10T16:00:00+01:00", "2024-01-10T17:00:00+01:00"},
        {4, "2024-01-10T18:00:00+01:00", "2024-01-10T19:30:00+01:00"},
    }};
    const std::vector<std::string> expected = {
        "Ana Ruiz|dni|1Z|10/01/2024|Registro normal|Sin Grupo|13:00:00|15:00:00|02:00:00",
        "Ana Ruiz|dni|1Z|10/01/2024|Registro normal|Sin Grupo|16:00:00|17:00:00|01:00:00",
        "Ana Ruiz|dni|1Z|10/01/2024|Registro normal|Sin Grupo|18:00:00|19:30:00|01:30:00",
        "Ana Ruiz|dni|1Z|10/01/2024|TOTAL||||04:30:00",
    };
    for (const std::size_t budget : kBudgets) {
        for (const bool reversed : {false, true}) {
            INFO("budget " << budget << (reversed ? ", pages reversed" : ""));
            const auto pages = reversed ? std::vector<Page>{after, before}
                                        : std::vector<Page>{before, after};
            const HandReport r = paged_report(day(Layout::by_employee, budget), ana, pages);
            CHECK(r.sink.rows == expected);
            CHECK(r.metrics.duplicates_dropped == 4);
            CHECK(r.metrics.duplicates_conflicting == 3);  // not the identical copy of 3
            CHECK(r.metrics.deleted_dropped == 1);
            CHECK(r.metrics.distinct_entries == 4);
            CHECK(r.metrics.open_entries == 0);
            CHECK((r.metrics.spilled_runs > 0) == (budget < 1024));
        }
    }
}

TEST_CASE("copies that agree are dropped, not counted as conflicting", "[report][duplicates]") {
    const std::vector<HandEmployee> ana = {{"e1", "Ana", "Ruiz", "dni", "1Z"}};
    const Page p{{{1, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00"},
                  {2, "2024-01-10T13:00:00+01:00", ""}}};
    const HandReport r = paged_report(day(Layout::by_employee, 24u << 20), ana, {p, p, p});
    CHECK(r.sink.rows.size() == 3);  // two rows and the TOTAL
    CHECK(r.metrics.duplicates_dropped == 4);
    CHECK(r.metrics.duplicates_conflicting == 0);
    CHECK(r.metrics.open_entries == 1);
}

TEST_CASE("equal clock-ins in one activity and group follow the employee order",
          "[report][layout]") {
    // Zoe's API id and entry id come first, Ana's name does: the name decides.
    const std::vector<HandEmployee> people = {{"e1", "Zoe", "Zapata", "dni", "2Z"},
                                              {"e2", "Ana", "Ruiz", "dni", "1Z"}};
    const Page zoe{{{1, "2024-01-10T09:00:00+01:00", "2024-01-10T10:00:00+01:00", false, {}, 0}}};
    const Page ana{{{2, "2024-01-10T09:00:00+01:00", "2024-01-10T11:00:00+01:00", false, {}, 1},
                    {3, "2024-01-10T08:00:00+01:00", "2024-01-10T08:30:00+01:00", false, {}, 1}}};
    const std::vector<std::string> by_activity = {
        "Ana Ruiz|dni|1Z|10/01/2024|Registro normal|Sin Grupo|08:00:00|08:30:00|00:30:00",
        "Ana Ruiz|dni|1Z|10/01/2024|Registro normal|Sin Grupo|09:00:00|11:00:00|02:00:00",
        "Zoe Zapata|dni|2Z|10/01/2024|Registro normal|Sin Grupo|09:00:00|10:00:00|01:00:00",
        "TOTAL|||10/01/2024|Registro normal||||03:30:00",
    };
    const std::vector<std::string> by_group = {
        "Sin Grupo|Registro normal|10/01/2024|Ana Ruiz|dni|1Z|08:00:00|08:30:00|00:30:00",
        "Sin Grupo|Registro normal|10/01/2024|Ana Ruiz|dni|1Z|09:00:00|11:00:00|02:00:00",
        "Sin Grupo|Registro normal|10/01/2024|Zoe Zapata|dni|2Z|09:00:00|10:00:00|01:00:00",
        "Sin Grupo|TOTAL|10/01/2024||||||03:30:00",
    };
    for (const std::size_t budget : kBudgets) {
        for (const bool reversed : {false, true}) {
            INFO("budget " << budget << (reversed ? ", pages reversed" : ""));
            const auto pages = reversed ? std::vector<Page>{ana, zoe} : std::vector<Page>{zoe, ana};
            CHECK(paged_report(day(Layout::by_activity, budget), people, pages).sink.rows ==
                  by_activity);
            CHECK(paged_report(day(Layout::by_group, budget), people, pages).sink.rows ==
                  by_group);
        }
    }
}

// The shift gap through the whole report, with a gap of 2 h rather than the
// default (shifts_test.cpp checks build_shifts with 6 h): a clock-in exactly
// one gap after the shift's latest clock-out continues it, one second more
// starts a new shift, dated its own day.
TEST_CASE("shift gap: the configured gap, at the second, through the report",
          "[report][shifts]") {
    ReportRequest req = day(Layout::by_employee, 24u << 20);
    req.to = {2024, 1, 11};
    req.shift_gap = std::chrono::hours(2);
    const std::vector<HandEmployee> ana = {{"e1", "Ana", "Ruiz", "dni", "1Z"}};
    const Page p{{
        {1, "2024-01-10T08:00:00Z", "2024-01-10T10:00:00Z"},
        {2, "2024-01-10T12:00:00Z", "2024-01-10T13:00:00Z"},  // 2 h after 10:00: same shift
        {3, "2024-01-10T15:00:01Z", "2024-01-10T16:00:00Z"},  // 2 h 1 s: a new shift
        {4, "2024-01-10T23:00:00Z", "2024-01-10T23:30:00Z"},
        {5, "2024-01-11T01:30:00Z", "2024-01-11T02:00:00Z"},  // 2 h: still the 10th's shift
        {6, "2024-01-11T04:00:01Z", "2024-01-11T05:00:00Z"},  // 2 h 1 s: the 11th's
    }};
    const HandReport r = paged_report(req, ana, {p});
    CHECK(r.metrics.shifts == 4);
    std::vector<std::string> dates;
    for (const std::string& row : r.sink.rows)
        dates.push_back(row.substr(row.find("|1Z|") + 4, 10));
    CHECK(dates == std::vector<std::string>{"10/01/2024", "10/01/2024", "10/01/2024", "10/01/2024",
                                            "10/01/2024", "10/01/2024", "11/01/2024",
                                            "11/01/2024"});
    // The default gap (6 h) joins them into two shifts: 08:00-16:00 and the night.
    req.shift_gap = std::chrono::hours(6);
    CHECK(paged_report(req, ana, {p}).metrics.shifts == 2);
}
