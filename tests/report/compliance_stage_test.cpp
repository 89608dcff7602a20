// The compliance facts stage (src/report/compliance_stage.hpp): shifts of
// hand-made entries -> workday figures -> DayFacts -> incidents, at the
// limits' boundaries, across a DST week and a week crossing the report's
// first day; and which reports run the checks (hand_report).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hand_entries.hpp"
#include "hand_report.hpp"
#include "report/compliance_stage.hpp"
#include "report/paid_breaks.hpp"
#include "report/shifts.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::HandEntry;

namespace {

constexpr int64_t H = 3600;

int32_t day_of(const char* iso) {
    return static_cast<int32_t>(days_from_civil(*parse_iso_date(iso)));
}

HandEntry work(uint64_t id, std::string_view in, std::string_view out = {}) {
    return HandEntry(id, in, out);
}
HandEntry pause(uint64_t id, std::string_view in, std::string_view out) {
    return HandEntry(id, in, out, true);
}

// "rule@dd/mm/yyyy=value" per incident (a period incident: "rule@period=value").
std::vector<std::string> text_of(const std::vector<Incident>& v) {
    std::vector<std::string> out;
    for (const Incident& i : v) {
        std::string s(rule_info(i.rule).id);
        s.push_back('@');
        if (i.workday == kPeriodIncident) {
            s.append("period");
        } else {
            s.append(format_date(i.workday));
        }
        s.push_back('=');
        s.append(format_duration(i.value));
        out.push_back(std::move(s));
    }
    return out;
}

// One employee's entries through shifts and figures into the stage, as the
// builder feeds it: days before `from` as context (from data_from), days
// after `to` left out.
std::vector<std::string> incidents_of(const std::vector<HandEntry>& hand, const char* from,
                                      const char* to, const char* data_from,
                                      const Limits& limits = Limits{},
                                      const PayrollSources* sources = nullptr) {
    std::vector<WorkEntry> entries;
    for (const HandEntry& h : hand) entries.push_back(test::make_entry(h));
    EmployeeShifts shifts;
    build_shifts(entries, 6 * H, shifts);
    const BreakTypeRefs breaks;
    const std::vector<std::string> no_paid;
    const PaidBreakRefs paid(no_paid, breaks);
    ComplianceStage stage(limits, day_of(data_from), day_of(from), day_of(to), sources);
    WorkdayFigures f;
    for (const Shift& s : shifts.shifts) {
        if (s.workday > day_of(to)) continue;
        workday_figures(s, shifts.entries_of(s), shifts.rows_of(s), paid, f);
        stage.shift(0, "e1", f, shifts.rows_of(s), s.workday < day_of(from));
    }
    stage.end_employee(0, "e1");
    return text_of(stage.incidents());
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("compliance stage: facts at the limits give no incident, a second past gives one",
          "[compliance_stage]") {
    // Tuesday 2024-01-09 .. Thursday 2024-01-11: no whole week, no weekly_rest.
    const char* from = "2024-01-09";
    const char* to = "2024-01-11";
    SECTION("9 h 00 m 00 s of effective time with a 15 min break at exactly 6 h") {
        CHECK(incidents_of({work(1, "2024-01-09T08:00:00+01:00", "2024-01-09T14:00:00+01:00"),
                            pause(2, "2024-01-09T14:00:00+01:00", "2024-01-09T14:15:00+01:00"),
                            work(3, "2024-01-09T14:15:00+01:00", "2024-01-09T17:15:00+01:00")},
                           from, to, "2024-01-08") == V{});
    }
    SECTION("one second more of work: daily_max") {
        CHECK(incidents_of({work(1, "2024-01-09T08:00:00+01:00", "2024-01-09T14:00:00+01:00"),
                            pause(2, "2024-01-09T14:00:00+01:00", "2024-01-09T14:15:00+01:00"),
                            work(3, "2024-01-09T14:15:00+01:00", "2024-01-09T17:15:01+01:00")},
                           from, to, "2024-01-08") == V{"daily_max@09/01/2024=09:00:01"});
    }
    SECTION("a break of 14 min 59 s does not interrupt the stretch: break_6h") {
        CHECK(incidents_of({work(1, "2024-01-09T08:00:00+01:00", "2024-01-09T14:00:00+01:00"),
                            pause(2, "2024-01-09T14:00:00+01:00", "2024-01-09T14:14:59+01:00"),
                            work(3, "2024-01-09T14:14:59+01:00", "2024-01-09T16:00:00+01:00")},
                           from, to, "2024-01-08") == V{"break_6h@09/01/2024=08:00:00"});
    }
    SECTION("a gap of 15 min between rows is a break; the stretch after it counts alone") {
        CHECK(incidents_of({work(1, "2024-01-09T08:00:00+01:00", "2024-01-09T10:00:00+01:00"),
                            work(2, "2024-01-09T10:15:00+01:00", "2024-01-09T16:15:01+01:00")},
                           from, to, "2024-01-08") == V{"break_6h@09/01/2024=06:00:01"});
    }
    SECTION("12 h 00 m rest between two workdays: none; 11 h 59 m: daily_rest") {
        CHECK(incidents_of({work(1, "2024-01-09T15:00:00+01:00", "2024-01-09T20:00:00+01:00"),
                            work(2, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00")},
                           from, to, "2024-01-08") == V{});
        CHECK(incidents_of({work(1, "2024-01-09T15:00:00+01:00", "2024-01-09T20:01:00+01:00"),
                            work(2, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00")},
                           from, to, "2024-01-08") == V{"daily_rest@10/01/2024=11:59:00"});
    }
    SECTION("a forgotten clock-out of 32 h: every rule it breaks, on its workday (its night "
            "makes a night worker of the period)") {
        CHECK(incidents_of({work(1, "2024-01-09T08:00:00+01:00", "2024-01-10T16:00:00+01:00")},
                           from, to, "2024-01-08") ==
              V{"daily_max@09/01/2024=32:00:00", "break_6h@09/01/2024=32:00:00",
                "long_entry@09/01/2024=32:00:00", "long_span@09/01/2024=32:00:00",
                "night_avg@period=32:00:00"});
    }
    SECTION("an open entry: long_entry 'open', and it reaches only its clock-in") {
        // 08:00-12:00, then open from 18:00: one shift whose span ends at
        // the open row's clock-in (10 h, under long_span's 13 h).
        CHECK(incidents_of({work(1, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00"),
                            work(2, "2024-01-10T18:00:00+01:00")},
                           from, to, "2024-01-08") == V{"long_entry@10/01/2024=00:00:00"});
    }
    SECTION("two workdays 5 h apart are one by the shift gap: long_span names it") {
        CHECK(incidents_of({work(1, "2024-01-09T06:00:00+01:00", "2024-01-09T10:00:00+01:00"),
                            work(2, "2024-01-09T15:00:00+01:00", "2024-01-09T19:30:00+01:00")},
                           from, to, "2024-01-08") == V{"long_span@09/01/2024=13:30:00"});
    }
}

TEST_CASE("compliance stage: the day before the report is context for the rests only",
          "[compliance_stage]") {
    // Report from Wednesday 2024-01-10; Tuesday's 14 h day is context: its
    // own incidents are not the report's, its late clock-out shortens the
    // first day's rest.
    const std::vector<HandEntry> hand{
        work(1, "2024-01-09T08:00:00+01:00", "2024-01-09T22:00:00+01:00"),
        work(2, "2024-01-10T06:00:00+01:00", "2024-01-10T12:00:00+01:00")};
    CHECK(incidents_of(hand, "2024-01-10", "2024-01-12", "2024-01-09") ==
          V{"daily_rest@10/01/2024=08:00:00"});
    // Reported from Tuesday, the long day is the report's.
    CHECK(incidents_of(hand, "2024-01-09", "2024-01-12", "2024-01-08") ==
          V{"daily_max@09/01/2024=14:00:00", "break_6h@09/01/2024=14:00:00",
            "long_entry@09/01/2024=14:00:00", "long_span@09/01/2024=14:00:00",
            "daily_rest@10/01/2024=08:00:00"});
}

namespace {

// Workdays of 08:00-12:00 and 12:30-16:00 (7 h 30 m, a 30 min break) on the
// given dates at the given offset; the strings live as long as the object.
struct Days {
    std::vector<std::string> text;
    std::vector<HandEntry> entries;
    Days() { text.reserve(256); }
    Days& add(std::string_view in, std::string_view out) {
        text.emplace_back(in);
        text.emplace_back(out);
        const std::string& a = text[text.size() - 2];
        const std::string& b = text.back();
        entries.emplace_back(entries.size() + 1, a, b);
        return *this;
    }
    Days& day(const std::string& date, const std::string& offset = "+01:00") {
        add(date + "T08:00:00" + offset, date + "T12:00:00" + offset);
        return add(date + "T12:30:00" + offset, date + "T16:00:00" + offset);
    }
};

}  // namespace

TEST_CASE("compliance stage: a week crossing the report's start takes its rest from before",
          "[compliance_stage]") {
    // Report Monday 2024-01-15 .. Sunday 2024-01-21, worked every day; the
    // week's only long rest began in the week before: Saturday 13 at 20:00
    // to Monday 15 at 08:00, 36 h. Read from the Monday before (the context
    // week), it covers the week; read from the day before the report only,
    // the rest counts from Sunday 14 at 00:00 (32 h): an incident.
    Days d;
    for (const char* day : {"2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11",
                            "2024-01-12"})
        d.day(day);
    d.add("2024-01-13T14:00:00+01:00", "2024-01-13T20:00:00+01:00");
    for (const char* day : {"2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18",
                            "2024-01-19", "2024-01-20", "2024-01-21"})
        d.day(day);
    CHECK(incidents_of(d.entries, "2024-01-15", "2024-01-21", "2024-01-08") == V{});
    std::vector<HandEntry> from_sunday;
    for (const HandEntry& h : d.entries)
        if (h.in.substr(0, 10) >= "2024-01-14") from_sunday.push_back(h);
    CHECK(incidents_of(from_sunday, "2024-01-15", "2024-01-21", "2024-01-14") ==
          V{"weekly_rest@15/01/2024=32:00:00"});
}

TEST_CASE("compliance stage: a DST week's rest in real hours", "[compliance_stage]") {
    // Europe/Madrid springs forward on Sunday 2024-03-31: Saturday 20:00
    // (+01:00) to Monday 08:00 (+02:00) shows 36 h on the clock but lasts
    // 35 h, short of the weekly 36 h.
    Days d;
    d.day("2024-03-24");  // context: the rest before Monday 25 is 16 h
    for (const char* day : {"2024-03-25", "2024-03-26", "2024-03-27", "2024-03-28",
                            "2024-03-29"})
        d.day(day);
    d.add("2024-03-30T14:00:00+01:00", "2024-03-30T20:00:00+01:00");
    for (const char* day : {"2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04",
                            "2024-04-05"})
        d.day(day, "+02:00");
    CHECK(incidents_of(d.entries, "2024-03-25", "2024-04-07", "2024-03-18") ==
          V{"weekly_rest@25/03/2024=35:00:00"});
    Limits limits;
    limits.apply("weekly_rest=35h", "--limit");
    CHECK(incidents_of(d.entries, "2024-03-25", "2024-04-07", "2024-03-18", limits) == V{});
}

TEST_CASE("compliance stage: work on a day off from the payroll sources", "[compliance_stage]") {
    PayrollSources sources;
    sources.company_holidays = {day_of("2024-01-10")};
    sources.days_off["e1"] = {DayOff{day_of("2024-01-11"), DayOffKind::vacation, 0, ""}};
    Days d;
    d.day("2024-01-09").day("2024-01-10").day("2024-01-11");
    CHECK(incidents_of(d.entries, "2024-01-09", "2024-01-11", "2024-01-08", Limits{}, &sources) ==
          V{"holiday_work@10/01/2024=07:30:00", "holiday_work@11/01/2024=07:30:00"});
    CHECK(day_kind(&sources, "e1", day_of("2024-01-11")) == DayKind::vacation);
    CHECK(day_kind(&sources, "e2", day_of("2024-01-11")) == DayKind::regular);
    CHECK(day_kind(&sources, "e2", day_of("2024-01-10")) == DayKind::holiday);
    CHECK(day_kind(nullptr, "e1", day_of("2024-01-10")) == DayKind::regular);
}

TEST_CASE("compliance stage: reports that show incidents run the checks, a plain CSV does not",
          "[compliance_stage]") {
    const std::vector<test::HandEmployee> emps{{"e1", "Ana", "Ruiz", "dni", "1"}};
    const std::vector<HandEntry> entries{
        work(1, "2024-01-10T06:00:00+01:00", "2024-01-10T20:00:00+01:00")};
    ReportRequest req;
    req.set_dates("2024-01-10", "2024-01-10");
    req.format = Format::csv;
    const auto plain = test::hand_report(req, emps, entries);
    CHECK_FALSE(plain.metrics.compliance_checked);
    CHECK(plain.metrics.incidents == 0);
    CHECK(plain.metrics.incidents_by_rule.empty());
    req.compliance.always = true;
    req.compliance.off = {"long_span"};
    const auto asked = test::hand_report(req, emps, entries);
    CHECK(asked.metrics.compliance_checked);
    CHECK(asked.metrics.incidents == 3);
    CHECK(asked.metrics.incidents_by_rule.at("daily_max") == 1);
    CHECK(asked.metrics.incidents_by_rule.at("break_6h") == 1);
    CHECK(asked.metrics.incidents_by_rule.at("long_entry") == 1);
    CHECK(asked.metrics.incidents_by_rule.at("daily_rest") == 0);
    CHECK(asked.metrics.incidents_by_rule.count("long_span") == 0);  // off: not listed
    for (const Layout l : {Layout::daily, Layout::payroll}) {
        ReportRequest r = req;
        r.compliance = {};
        r.layout = l;
        CHECK(test::hand_report(r, emps, entries).metrics.incidents == 4);
    }
    ReportRequest x = req;
    x.compliance = {};
    x.format = Format::xlsx;
    CHECK(test::hand_report(x, emps, entries).metrics.incidents == 4);
}

TEST_CASE("compliance stage: the register shows a weekly_rest on the week's first day",
          "[compliance_stage]") {
    // Report Monday 15 .. Sunday 21 January 2024; Monday off, Tuesday to
    // Sunday worked. The day before the report (Sunday 14, context) ends at
    // 20:01: the week's longest rest, to Tuesday 08:00, is 35 h 59 m.
    Days d;
    d.add("2024-01-14T14:01:00+01:00", "2024-01-14T20:01:00+01:00");
    for (const char* day : {"2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19",
                            "2024-01-20", "2024-01-21"})
        d.day(day);
    ReportRequest req;
    req.set_dates("2024-01-15", "2024-01-21");
    req.layout = Layout::daily;
    req.format = Format::csv;
    const std::vector<test::HandEmployee> emps{{"e1", "Ana", "Ruiz", "dni", "1"}};
    const auto r = test::hand_report(req, emps, d.entries);
    // Every day is listed (docs/DESIGN.md "The register's calendar"): the
    // week's first day is Monday, without entries.
    REQUIRE(r.sink.rows.size() == 8);  // seven days and the TOTAL
    auto cells = [](const std::string& row) {
        std::vector<std::string> out(1);
        for (char ch : row) {
            if (ch == '|')
                out.emplace_back();
            else
                out.back() += ch;
        }
        return out;
    };
    const auto first = cells(r.sink.rows[0]);
    REQUIRE(first.size() == 25);
    CHECK(first[3] == "15/01/2024");
    CHECK(first[16] == "weekly_rest: Descanso semanal");  // "Incidencias"
    CHECK(first[18] == "Sin registros");
    CHECK(cells(r.sink.rows[1])[3] == "16/01/2024");
    for (std::size_t i = 1; i < r.sink.rows.size(); ++i)
        CHECK(cells(r.sink.rows[i])[16].empty());  // nothing else, the TOTAL included
    CHECK(r.metrics.incidents == 1);
    // Ended a minute earlier, the rest is 36 h: no incident.
    d.entries.front() = HandEntry(1, "2024-01-14T14:00:00+01:00", "2024-01-14T20:00:00+01:00");
    CHECK(test::hand_report(req, emps, d.entries).metrics.incidents == 0);
}
