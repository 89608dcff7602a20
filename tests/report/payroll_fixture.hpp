#pragma once
// A hand-made week of Europe/Madrid work entries and the payroll sources a
// loader would fill for it (2024-03-25 Mon .. 2024-03-31 Sun, the night
// Europe/Madrid moves to summer time), for the payroll layout, the daily
// register and the Resumen (tests/report/payroll_test.cpp).
//
//  Ana López (full time, 8 h a day, code 101):
//   Mon 25  09:00-11:00, Café pause 11:00-11:15 (paid), 11:15-14:00,
//           untyped pause 14:00-14:45 (unpaid), 14:45-18:00
//           presence 9 h, pauses 1 h (15 min paid), effective 8:15
//   Tue 26  09:00-13:00, then an open pause at 13:00: the row stays open
//           presence 4 h, effective 4 h
//   Wed 27  10:00-14:00 on a holiday                       effective 4 h
//   Thu 28  09:00-10:00 on a vacation day                  effective 1 h
//   Fri 29  21:00-02:00, pause 02:00-02:30, 02:30-07:00: a night shift
//           presence 10 h, effective 9:30, night 8 h - 30 min = 7:30
//   Sesame: worked 26:45:30 (30 s off ours), to work 40 h, night 7:30
//  Bruno Díaz (part time, 4 h a day, code 102):
//   Mon-Wed 09:00-13:00; Sat 30 21:00+01:00 - Sun 31 07:00+02:00 (the DST
//   night: 9 h, of it 7 h of night). Sesame: worked 19 h (2 h off), to work 20 h
//  Carla Ruiz: Mon 08:00-12:00; in no source (no statistics, no record)
//  Dario Gil (code 104): no entries; vacation Tue, Wed (and 2 April, outside),
//   a paid absence Thu, an unpaid one Fri; Sesame all zeros
//  Eva Sanz (code 105): no entries, nothing in the sources: no row
//  e6: no entries, no record; Sesame says 1 h worked: a row, unknown name
#include <optional>
#include <string>
#include <vector>

#include "hand_report.hpp"
#include "report/payroll_sources.hpp"
#include "reportgen/time.hpp"

namespace reportgen::test {

constexpr int64_t kH = 3600, kM = 60;

inline int32_t march(int day) {
    return static_cast<int32_t>(days_from_civil({2024, 3, static_cast<unsigned>(day)}));
}

struct PayrollEntry {
    HandEntry h;
    bool cafe = false;  // a pause of the paid break type "Café"
};

inline const std::vector<HandEmployee>& payroll_employees() {
    static const std::vector<HandEmployee> e = {{"e1", "Ana", "López", "dni", "1A"},
                                                {"e2", "Bruno", "Díaz", "nie", "X2"},
                                                {"e3", "Carla", "Ruiz", "dni", "3C"}};
    return e;
}

inline std::vector<PayrollEntry> payroll_entries() {
    return {
        // Ana
        {{1, "2024-03-25T09:00:00+01:00", "2024-03-25T11:00:00+01:00", false, {}, 0}},
        {{2, "2024-03-25T11:00:00+01:00", "2024-03-25T11:15:00+01:00", true, {}, 0}, true},
        {{3, "2024-03-25T11:15:00+01:00", "2024-03-25T14:00:00+01:00", false, {}, 0}},
        {{4, "2024-03-25T14:00:00+01:00", "2024-03-25T14:45:00+01:00", true, {}, 0}},
        {{5, "2024-03-25T14:45:00+01:00", "2024-03-25T18:00:00+01:00", false, {}, 0}},
        {{6, "2024-03-26T09:00:00+01:00", "2024-03-26T13:00:00+01:00", false, {}, 0}},
        {{7, "2024-03-26T13:00:00+01:00", "", true, {}, 0}},
        {{8, "2024-03-27T10:00:00+01:00", "2024-03-27T14:00:00+01:00", false, {}, 0}},
        {{9, "2024-03-28T09:00:00+01:00", "2024-03-28T10:00:00+01:00", false, {}, 0}},
        {{10, "2024-03-29T21:00:00+01:00", "2024-03-30T02:00:00+01:00", false, {}, 0}},
        {{11, "2024-03-30T02:00:00+01:00", "2024-03-30T02:30:00+01:00", true, {}, 0}},
        {{12, "2024-03-30T02:30:00+01:00", "2024-03-30T07:00:00+01:00", false, {}, 0}},
        // Bruno
        {{20, "2024-03-25T09:00:00+01:00", "2024-03-25T13:00:00+01:00", false, {}, 1}},
        {{21, "2024-03-26T09:00:00+01:00", "2024-03-26T13:00:00+01:00", false, {}, 1}},
        {{22, "2024-03-27T09:00:00+01:00", "2024-03-27T13:00:00+01:00", false, {}, 1}},
        {{23, "2024-03-30T21:00:00+01:00", "2024-03-31T07:00:00+02:00", false, {}, 1}},
        // Carla
        {{30, "2024-03-25T08:00:00+01:00", "2024-03-25T12:00:00+01:00", false, {}, 2}},
    };
}

// Every source read; `daily`: the per-day planned time instead of the period's.
inline PayrollSources payroll_sources(bool daily = false) {
    PayrollSources s;
    auto mark = [&s](PayrollSource src) {
        s.asked[static_cast<int>(src)] = true;
        s.read[static_cast<int>(src)] = true;
    };
    if (daily) {
        mark(PayrollSource::worked_hours_daily);
        for (int d = 25; d <= 29; ++d) {
            s.planned_by_day["e1"].emplace_back(march(d), 8 * kH);
            s.planned_by_day["e2"].emplace_back(march(d), 4 * kH);
        }
        return s;
    }
    for (PayrollSource src : {PayrollSource::worked_hours, PayrollSource::worked_night_hours,
                              PayrollSource::vacation_days, PayrollSource::absence_days,
                              PayrollSource::holidays, PayrollSource::employees})
        mark(src);
    s.statistics["e1"] = {26 * kH + 45 * kM + 30, 40 * kH, -(13 * kH + 14 * kM + 30),
                          7 * kH + 30 * kM};
    s.statistics["e2"] = {19 * kH, 20 * kH, -kH, 7 * kH};
    s.statistics["e4"] = {0, 0, 0, 0};
    s.statistics["e5"] = {0, 0, 0, 0};
    s.statistics["e6"] = {kH, 0, kH, std::nullopt};
    s.days_off["e1"] = {{march(28), DayOffKind::vacation, 8 * kH, ""}};
    s.days_off["e4"] = {{march(26), DayOffKind::vacation, 8 * kH, ""},
                        {march(27), DayOffKind::vacation, 8 * kH, ""},
                        {march(28), DayOffKind::absence_paid, 8 * kH, "Médico"},
                        {march(29), DayOffKind::absence_unpaid, 8 * kH, "Asuntos propios"},
                        {march(33), DayOffKind::vacation, 8 * kH, ""}};  // 2 April
    s.company_holidays = {march(27)};
    s.employees = {{"e1", "Ana López", "dni", "1A", true, 101, 3, ""},
                   {"e2", "Bruno Díaz", "nie", "X2", true, 102, 5, ""},
                   {"e4", "Dario Gil", "dni", "4D", true, 104, 5, ""},
                   {"e5", "Eva Sanz", "dni", "5E", true, 105, 3, ""}};
    return s;
}

inline ReportRequest payroll_request(Layout layout, Lang lang = Lang::es) {
    ReportRequest req;
    req.from = {2024, 3, 25};
    req.to = {2024, 3, 31};
    req.layout = layout;
    req.lang = lang;
    req.paid_breaks = {"Café"};
    return req;
}

inline ReferenceData payroll_reference() {
    ReferenceData ref;
    ref.work_breaks = {{"b-cafe", "Café", 15, false}, {"b-comida", "Comida", 60, false}};
    return ref;
}

// The whole report of the fixture into `sink`.
template <class Sink>
void run_payroll(const ReportRequest& req, const PayrollSources* sources, Sink& sink,
                 Metrics& m) {
    EntryStore store(req.memory_budget_bytes, "");
    for (const HandEmployee& e : payroll_employees())
        store.employees().intern(e.id, e.first, e.last, e.type, e.nid, !e.nid.empty());
    const uint32_t cafe = store.break_types().intern("b-cafe");
    std::vector<WorkEntry> batch;
    for (const PayrollEntry& p : payroll_entries()) {
        WorkEntry e = make_entry(p.h);
        if (p.cafe) e.check_type = cafe;
        batch.push_back(e);
    }
    store.add(batch);
    ReportBuilder(req, payroll_reference()).build(store, sink, m, nullptr, 2000, sources);
}

inline HandReport payroll_report(Layout layout, const PayrollSources* sources,
                                 Lang lang = Lang::es) {
    HandReport r;
    run_payroll(payroll_request(layout, lang), sources, r.sink, r.metrics);
    return r;
}

}  // namespace reportgen::test
