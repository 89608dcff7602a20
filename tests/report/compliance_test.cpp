// The compliance checks (src/report/compliance.hpp) on hand-made workdays:
// each rule at its limit (no incident) and one second past it (one), the
// weekly rest across a DST change and across the report's first day, and
// the limits' syntax.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "report/compliance.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

constexpr int64_t H = 3600;

int32_t day_of(const char* iso) {
    return static_cast<int32_t>(days_from_civil(*parse_iso_date(iso)));
}

// A workday of one row from `in` to `out` (seconds after the local midnight
// of `date`; past 24 h for a night shift), at `offset_min`; effective time,
// and longest row are its length, the longest stretch at most 5 h.
DayFacts work(const char* date, int64_t in, int64_t out, int16_t offset_min = 60) {
    DayFacts d;
    d.workday = day_of(date);
    const int64_t midnight = int64_t{d.workday} * 86400 - int64_t{offset_min} * 60;
    d.first_in_utc = midnight + in;
    d.last_out_utc = midnight + out;
    d.first_in_offset_min = offset_min;
    d.effective_s = d.longest_row_s = out - in;
    d.longest_stretch_s = std::min<int64_t>(out - in, 5 * H);  // a break every 5 h at least
    return d;
}

struct Run {
    Limits limits;
    std::vector<Incident> out;
    std::vector<Incident> check(const std::vector<DayFacts>& days, const char* from,
                                const char* to, std::optional<int64_t> overtime = {},
                                const char* data_from = nullptr) {
        out.clear();
        ComplianceChecker c(limits, day_of(data_from ? data_from : from), day_of(from),
                            day_of(to), out);
        for (const DayFacts& d : days) c.day(7, d);
        c.end_employee(7, overtime);
        return out;
    }
};

std::vector<std::string> rules_of(const std::vector<Incident>& v) {
    std::vector<std::string> r;
    for (const Incident& i : v) r.emplace_back(rule_info(i.rule).id);
    return r;
}

// A clean week: Monday to Friday 08:00-16:00 from `monday`.
std::vector<DayFacts> office_week(int32_t monday) {
    std::vector<DayFacts> v;
    for (int i = 0; i < 5; ++i) {
        DayFacts d = work("2024-03-04", 8 * H, 16 * H);
        const int32_t shift = monday + i - d.workday;
        d.workday += shift;
        d.first_in_utc += int64_t{shift} * 86400;
        d.last_out_utc += int64_t{shift} * 86400;
        v.push_back(d);
    }
    return v;
}

}  // namespace

TEST_CASE("compliance: the rule table holds PAYROLL.md's ids and defaults", "[compliance]") {
    const std::vector<std::pair<const char*, int64_t>> expected = {
        {"daily_max", 9 * H},  {"daily_rest", 12 * H},   {"break_6h", 6 * H},
        {"weekly_rest", 36 * H}, {"long_entry", 12 * H},  {"holiday_work", 0},
        {"night_avg", 8 * H},  {"overtime_year", 80 * H}, {"long_span", 13 * H}};
    REQUIRE(expected.size() == kRuleCount);
    const Limits defaults;
    for (std::size_t i = 0; i < kRuleCount; ++i) {
        INFO(expected[i].first);
        const auto r = parse_rule(expected[i].first);
        REQUIRE(r);
        CHECK(static_cast<std::size_t>(*r) == i);
        CHECK(kRules[i].rule == *r);
        CHECK(defaults.limit(*r) == expected[i].second);
        CHECK(defaults.enabled(*r));
        CHECK_FALSE(kRules[i].label_es.empty());
        CHECK_FALSE(kRules[i].label_en.empty());
    }
    CHECK_FALSE(parse_rule("daily"));
}

TEST_CASE("compliance: limits are durations with a unit", "[compliance]") {
    CHECK(parse_limit_duration("10h") == 10 * H);
    CHECK(parse_limit_duration("9h30m") == 9 * H + 1800);
    CHECK(parse_limit_duration("45m") == 2700);
    CHECK(parse_limit_duration("90s") == 90);
    CHECK(parse_limit_duration("1h0m5s") == H + 5);
    CHECK(parse_limit_duration("10:00") == 10 * H);
    CHECK(parse_limit_duration("10:00:30") == 10 * H + 30);
    CHECK(parse_limit_duration("0h") == 0);
    CHECK(parse_limit_duration("1000h") == 1000 * H);
    for (const char* bad : {"", "10", "h", "10x", "1:5", "1:60", "-1h", "1001h", "30m10h",
                            "10h10h", "1:00:00:00", ":30", "10 h", "1e3h"}) {
        INFO(bad);
        CHECK_FALSE(parse_limit_duration(bad));
    }
    Limits l;
    l.apply("daily_max=10h", "--limit");
    CHECK(l.limit(Rule::daily_max) == 10 * H);
    l.apply_off("weekly_rest", "--no-check");
    CHECK_FALSE(l.enabled(Rule::weekly_rest));
    CHECK_THROWS_WITH(l.apply("daily=10h", "--limit"),
                      Catch::Contains("unknown rule 'daily'") && Catch::Contains("long_span"));
    CHECK_THROWS_WITH(l.apply("daily_max=10", "--limit"), Catch::Contains("10h"));
    CHECK_THROWS_WITH(l.apply("daily_max", "--limit"), Catch::Contains("RULE=DURATION"));
    CHECK_THROWS_AS(l.apply_off("nope", "--no-check"), Error);
}

TEST_CASE("compliance: each daily rule at its limit and one second past it", "[compliance]") {
    Run run;
    SECTION("daily_max") {
        DayFacts d = work("2024-03-05", 8 * H, 17 * H);
        d.longest_stretch_s = 5 * H;
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
        d.effective_s += 1;
        const auto v = run.check({d}, "2024-03-05", "2024-03-05");
        REQUIRE(rules_of(v) == std::vector<std::string>{"daily_max"});
        CHECK(v[0].value == 9 * H + 1);
        CHECK(v[0].limit == 9 * H);
        CHECK(v[0].workday == day_of("2024-03-05"));
        CHECK(v[0].employee == 7);
        run.limits.apply("daily_max=10h", "--limit");  // a collective agreement: one line
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
    }
    SECTION("break_6h") {
        DayFacts d = work("2024-03-05", 8 * H, 15 * H);
        d.longest_stretch_s = 6 * H;
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
        d.longest_stretch_s = 6 * H + 1;
        CHECK(rules_of(run.check({d}, "2024-03-05", "2024-03-05")) ==
              std::vector<std::string>{"break_6h"});
    }
    SECTION("long_entry: a row past 12 h, or one still open") {
        DayFacts d = work("2024-03-05", 8 * H, 20 * H);
        d.effective_s = d.longest_stretch_s = 5 * H;
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
        d.longest_row_s = 12 * H + 1;
        CHECK(rules_of(run.check({d}, "2024-03-05", "2024-03-05")) ==
              std::vector<std::string>{"long_entry"});
        d.longest_row_s = H;
        d.open = true;
        const auto v = run.check({d}, "2024-03-05", "2024-03-05");
        REQUIRE(rules_of(v) == std::vector<std::string>{"long_entry"});
        CHECK(v[0].detail == "open");
    }
    SECTION("holiday_work: any effective time on a day off") {
        DayFacts d = work("2024-05-01", 8 * H, 8 * H + 1);
        CHECK(run.check({d}, "2024-05-01", "2024-05-01").empty());  // a regular day
        d.kind = DayKind::holiday;
        const auto v = run.check({d}, "2024-05-01", "2024-05-01");
        REQUIRE(rules_of(v) == std::vector<std::string>{"holiday_work"});
        CHECK(v[0].value == 1);
        CHECK(v[0].detail == "holiday");
        d.kind = DayKind::vacation;
        d.effective_s = 0;
        CHECK(run.check({d}, "2024-05-01", "2024-05-01").empty());
    }
    SECTION("long_span names the longest gap") {
        DayFacts d = work("2024-03-05", 7 * H, 20 * H);
        d.effective_s = d.longest_stretch_s = d.longest_row_s = 5 * H;
        d.longest_gap_s = 3 * H;
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
        d.last_out_utc += 1;
        const auto v = run.check({d}, "2024-03-05", "2024-03-05");
        REQUIRE(rules_of(v) == std::vector<std::string>{"long_span"});
        CHECK(v[0].value == 13 * H + 1);
        CHECK(v[0].detail == "longest gap 03:00:00");
    }
    SECTION("a rule turned off finds nothing") {
        DayFacts d = work("2024-03-05", 8 * H, 18 * H);
        d.longest_stretch_s = 4 * H;
        run.limits.apply_off("daily_max", "--no-check");
        CHECK(run.check({d}, "2024-03-05", "2024-03-05").empty());
    }
}

TEST_CASE("compliance: daily_rest between workdays, from a day before the report too",
          "[compliance]") {
    Run run;
    const DayFacts first = work("2024-03-05", 10 * H, 19 * H);  // out 19:00
    DayFacts second = work("2024-03-06", 7 * H, 15 * H);             // in 07:00: 12 h
    CHECK(run.check({first, second}, "2024-03-05", "2024-03-06").empty());
    second.first_in_utc -= 1;
    second.effective_s = second.longest_row_s = 8 * H;
    auto v = run.check({first, second}, "2024-03-05", "2024-03-06");
    REQUIRE(rules_of(v) == std::vector<std::string>{"daily_rest"});
    CHECK(v[0].value == 12 * H - 1);
    CHECK(v[0].workday == day_of("2024-03-06"));
    CHECK(v[0].detail.find("05/03/2024") != std::string::npos);
    // The day before the report is context: it gives the rest, and its own
    // 14 h are not the report's to flag.
    DayFacts before = first;
    before.context = true;
    before.effective_s = 14 * H;
    v = run.check({before, second}, "2024-03-06", "2024-03-06");
    CHECK(rules_of(v) == std::vector<std::string>{"daily_rest"});
}

TEST_CASE("compliance: weekly_rest over whole Monday-Sunday weeks", "[compliance]") {
    Run run;
    const int32_t mon = day_of("2024-03-04");
    SECTION("a weekend off is the week's rest; a week worked every day is not") {
        auto days = office_week(mon);
        CHECK(run.check(days, "2024-03-04", "2024-03-10").empty());
        // Saturday and Sunday worked too: every rest is 16 h.
        for (int i = 5; i < 7; ++i) {
            DayFacts d = days.front();
            d.workday += i;
            d.first_in_utc += int64_t{i} * 86400;
            d.last_out_utc += int64_t{i} * 86400;
            days.push_back(d);
        }
        // ... and the Monday after, so that the rest after Sunday is 16 h too.
        DayFacts next = days.front();
        next.workday += 7;
        next.first_in_utc += 7 * 86400;
        next.last_out_utc += 7 * 86400;
        days.push_back(next);
        const auto v = run.check(days, "2024-03-04", "2024-03-11");
        REQUIRE(rules_of(v) == std::vector<std::string>{"weekly_rest"});
        CHECK(v[0].workday == mon);
        CHECK(v[0].value == 16 * H);
        CHECK(v[0].detail == "04/03/2024 - 10/03/2024");
        // The week of 11/03 is not whole in the report: not judged.
    }
    SECTION("a rest may start in the week before (context days)") {
        // Saturday 02/03 out at 16:00 (context), then every day of the week of
        // 04/03 worked, and Monday 11/03: the 40 h from Saturday count for it.
        DayFacts sat = work("2024-03-02", 8 * H, 16 * H);
        sat.context = true;
        std::vector<DayFacts> days{sat};
        for (int i = 0; i < 8; ++i) {
            DayFacts d = work("2024-03-04", 8 * H, 16 * H);
            d.workday += i;
            d.first_in_utc += int64_t{i} * 86400;
            d.last_out_utc += int64_t{i} * 86400;
            days.push_back(d);
        }
        CHECK(run.check(days, "2024-03-04", "2024-03-10", {}, "2024-03-02").empty());
        // Without the days before, the rest before Monday counts from its
        // midnight only: the week is flagged (the client reads the week before).
        days.erase(days.begin());
        CHECK(rules_of(run.check(days, "2024-03-04", "2024-03-10")) ==
              std::vector<std::string>{"weekly_rest"});
        // The week before read, and no work in it: rested.
        CHECK(run.check(days, "2024-03-04", "2024-03-10", {}, "2024-02-26").empty());
        // A week that starts before the report is not judged.
        CHECK(run.check(days, "2024-03-05", "2024-03-11").empty());
    }
    SECTION("exactly 36 h across the spring DST change counts real seconds") {
        // Week 25-31/03/2024 (Madrid moves to +02:00 on Sunday 31/03 at 02:00):
        // Monday to Saturday worked, out Saturday 20:00 +01:00 (19:00 UTC);
        // back Monday 01/04 at 09:00 +02:00 (07:00 UTC): 36 h real, 37 h of
        // wall clock.
        std::vector<DayFacts> days;
        for (int i = 0; i < 6; ++i) {
            DayFacts d = work("2024-03-25", 12 * H, 20 * H);  // 12:00-20:00 +01:00
            d.workday += i;
            d.first_in_utc += int64_t{i} * 86400;
            d.last_out_utc += int64_t{i} * 86400;
            days.push_back(d);
        }
        DayFacts monday = work("2024-04-01", 9 * H, 17 * H, 120);
        days.push_back(monday);
        CHECK(days[5].last_out_utc == int64_t{day_of("2024-03-30")} * 86400 + 19 * H);
        CHECK(monday.first_in_utc - days[5].last_out_utc == 36 * H);
        CHECK(run.check(days, "2024-03-25", "2024-04-01").empty());
        days.back().first_in_utc -= 1;  // 08:59:59: one second short
        const auto v = run.check(days, "2024-03-25", "2024-04-01");
        REQUIRE(rules_of(v) == std::vector<std::string>{"weekly_rest"});
        CHECK(v[0].value == 36 * H - 1);
    }
    SECTION("a week without work is a week of rest") {
        auto days = office_week(mon);
        const auto later = office_week(mon + 14);
        days.insert(days.end(), later.begin(), later.end());
        CHECK(run.check(days, "2024-03-04", "2024-03-24").empty());
    }
}

TEST_CASE("compliance: night_avg and overtime_year, once per worker and period",
          "[compliance]") {
    Run run;
    std::vector<DayFacts> nights;
    for (int i = 0; i < 4; ++i) {
        DayFacts d = work("2024-03-04", 21 * H, 21 * H + 8 * H + 1800);  // 21:00-05:30
        d.workday += i;
        d.first_in_utc += int64_t{i} * 86400;
        d.last_out_utc += int64_t{i} * 86400;
        d.longest_stretch_s = 5 * H;
        d.night_s = i < 2 ? 7 * H : H;  // two of four at night: half
        nights.push_back(d);
    }
    auto v = run.check(nights, "2024-03-04", "2024-03-07");
    REQUIRE(rules_of(v) == std::vector<std::string>{"night_avg"});
    CHECK(v[0].workday == kPeriodIncident);
    CHECK(v[0].value == 8 * H + 1800);
    nights[1].night_s = 2 * H;  // one of four: not a night worker
    CHECK(run.check(nights, "2024-03-04", "2024-03-07").empty());

    const auto week = office_week(day_of("2024-03-04"));
    CHECK(run.check(week, "2024-03-04", "2024-03-08", 80 * H).empty());
    CHECK(run.check(week, "2024-03-04", "2024-03-08", std::nullopt).empty());
    v = run.check(week, "2024-03-04", "2024-03-08", 80 * H + 1);
    REQUIRE(rules_of(v) == std::vector<std::string>{"overtime_year"});
    CHECK(v[0].value == 80 * H + 1);
}

TEST_CASE("compliance: incidents by workday then rule, state apart per employee",
          "[compliance]") {
    Limits limits;
    std::vector<Incident> out;
    ComplianceChecker c(limits, day_of("2024-03-04"), day_of("2024-03-04"), day_of("2024-03-10"),
                        out);
    DayFacts a = work("2024-03-05", 6 * H, 20 * H);  // 14 h: daily_max, break_6h, long_entry, span
    a.longest_stretch_s = 14 * H;
    DayFacts b = work("2024-03-06", 7 * H, 10 * H);  // 11 h of rest: daily_rest
    c.day(1, a);
    c.day(1, b);
    c.end_employee(1, 100 * H);
    // Employee 2 starts the morning after employee 1's last day: no rest is
    // measured against someone else's clock-out.
    c.day(2, work("2024-03-06", 11 * H, 12 * H));
    c.end_employee(2, std::nullopt);
    REQUIRE(rules_of(out) == std::vector<std::string>{"daily_max", "break_6h", "long_entry",
                                                      "long_span", "daily_rest",
                                                      "overtime_year"});
    for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i].employee == 1);
}
