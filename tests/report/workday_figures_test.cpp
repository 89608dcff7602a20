// The workday figures stage on its own (src/report/workday_figures.hpp):
// docs/DESIGN.md "Workday figures" on hand-made entries of one employee.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "hand_entries.hpp"
#include "report/paid_breaks.hpp"
#include "report/shifts.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::HandEntry;
using reportgen::test::ts;

namespace {

constexpr int64_t kGap = 6 * 3600;
constexpr int64_t H = 3600, M = 60;

// A hand entry with, for a pause, its break type (an index in the test's
// BreakTypeRefs, or none) and "remunerated".
struct Hand {
    HandEntry h;
    uint32_t break_type = WorkEntry::kNoBreakType;
    bool remunerated = false;
};

// The break types the tests' pauses name: 0 "cafe", 1 "comida".
struct Breaks {
    BreakTypeRefs refs;
    Breaks() {
        refs.intern("cafe");
        refs.intern("comida");
    }
};
constexpr uint32_t kCafe = 0, kComida = 1;

WorkEntry entry_of(const Hand& x) {
    WorkEntry e = test::make_entry(x.h);
    if (e.pause) {
        e.check_type = x.break_type;
        e.remunerated = x.remunerated ? 1 : 0;
    }
    return e;
}

// The figures of every shift of the entries, paid break ids as given.
std::vector<WorkdayFigures> figures_of(std::initializer_list<Hand> hand,
                                       std::vector<std::string> paid_ids = {}) {
    std::vector<WorkEntry> entries;
    for (const Hand& x : hand)
        entries.push_back(entry_of(x));
    EmployeeShifts shifts;
    build_shifts(entries, kGap, shifts);
    const Breaks breaks;
    const PaidBreakRefs paid(paid_ids, breaks.refs);
    std::vector<WorkdayFigures> out;
    for (const Shift& s : shifts.shifts) {
        WorkdayFigures f;
        workday_figures(s, shifts.entries_of(s), shifts.rows_of(s), paid, f);
        out.push_back(f);
    }
    return out;
}

Hand work(uint64_t id, std::string_view in, std::string_view out = {},
          std::optional<int32_t> worked = {}) {
    return Hand{HandEntry(id, in, out, false, worked)};
}
Hand pause(uint64_t id, std::string_view in, std::string_view out,
           uint32_t type = WorkEntry::kNoBreakType, bool remunerated = false) {
    return Hand{HandEntry(id, in, out, true), type, remunerated};
}

// A working day with a paid coffee, an unpaid lunch and a short untyped
// break marked "remunerated".
std::initializer_list<Hand> office_day() {
    static const std::initializer_list<Hand> day = {
        work(1, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00"),
        pause(2, "2024-01-10T12:00:00+01:00", "2024-01-10T12:20:00+01:00", kCafe),
        work(3, "2024-01-10T12:20:00+01:00", "2024-01-10T14:00:00+01:00"),
        pause(4, "2024-01-10T14:00:00+01:00", "2024-01-10T15:00:00+01:00", kComida),
        work(5, "2024-01-10T15:00:00+01:00", "2024-01-10T17:00:00+01:00"),
        pause(6, "2024-01-10T17:00:00+01:00", "2024-01-10T17:10:00+01:00",
              WorkEntry::kNoBreakType, true),
        work(7, "2024-01-10T17:10:00+01:00", "2024-01-10T18:00:00+01:00"),
    };
    return day;
}

}  // namespace

TEST_CASE("figures: a paid break type, an unpaid one and a remunerated pause",
          "[report][figures]") {
    const auto f = figures_of(office_day(), {"cafe"});
    REQUIRE(f.size() == 1);
    const WorkdayFigures& d = f[0];
    CHECK(d.workday == days_from_civil({2024, 1, 10}));
    CHECK(d.presence_s == 10 * H);  // 08:00-18:00, pauses folded in
    CHECK(d.pauses == 3);
    CHECK(d.pause_s == 90 * M);
    CHECK(d.paid_pause_s == 30 * M);    // the coffee (a paid type) and the remunerated one
    CHECK(d.unpaid_pause_s == 60 * M);  // lunch
    CHECK(d.effective_s == 9 * H);
    CHECK(d.night_s == 0);
    CHECK(d.untyped_pauses == 1);
    CHECK(d.open_pauses == 0);
    CHECK(d.first_in_utc == ts("2024-01-10T08:00:00+01:00").utc);
    CHECK(d.first_in_offset_min == 60);
    CHECK(d.last_out_utc == ts("2024-01-10T18:00:00+01:00").utc);
    CHECK(d.span_s == 10 * H);
    CHECK_FALSE(d.open);
    REQUIRE(d.breaks.size() == 3);
    CHECK(d.breaks[0].in_utc == ts("2024-01-10T12:00:00+01:00").utc);
    CHECK(d.breaks[0].out_utc == ts("2024-01-10T12:20:00+01:00").utc);
    CHECK(d.breaks[0].paid);
    CHECK_FALSE(d.breaks[1].paid);
    CHECK(d.breaks[2].paid);
    // Breaks of >= 15 min: the coffee and lunch; the 10 min one is not.
    CHECK(d.longest_stretch_s == 4 * H);  // 08:00-12:00
    CHECK(d.longest_gap_s == 0);
}

TEST_CASE("figures: with no paid break type only a remunerated pause is paid",
          "[report][figures]") {
    const auto f = figures_of(office_day());
    REQUIRE(f.size() == 1);
    CHECK(f[0].presence_s == 10 * H);
    CHECK(f[0].paid_pause_s == 10 * M);
    CHECK(f[0].unpaid_pause_s == 80 * M);
    CHECK(f[0].effective_s == 10 * H - 80 * M);
    CHECK_FALSE(f[0].breaks[0].paid);
}

TEST_CASE("figures: an open pause counts 0 and is counted", "[report][figures]") {
    const auto f = figures_of({
        work(1, "2024-01-10T09:00:00+01:00", "2024-01-10T13:00:00+01:00"),
        pause(2, "2024-01-10T13:00:00+01:00", {}, kComida),
    });
    REQUIRE(f.size() == 1);
    CHECK(f[0].pauses == 1);
    CHECK(f[0].open_pauses == 1);
    CHECK(f[0].pause_s == 0);
    CHECK(f[0].unpaid_pause_s == 0);
    // The open pause leaves its work entry open (DESIGN.md 3).
    CHECK(f[0].open);
    CHECK(f[0].presence_s == 4 * H);
    CHECK(f[0].effective_s == 4 * H);
    CHECK(f[0].last_out_utc == kNoTime);
    CHECK(f[0].span_s == 0);
    REQUIRE(f[0].breaks.size() == 1);
    CHECK(f[0].breaks[0].out_utc == kNoTime);
}

TEST_CASE("figures: a night shift across 22:00 and 06:00 with an unpaid pause inside",
          "[report][figures]") {
    const std::initializer_list<Hand> night = {
        work(1, "2024-01-10T20:00:00+01:00", "2024-01-11T01:00:00+01:00"),
        pause(2, "2024-01-11T01:00:00+01:00", "2024-01-11T01:30:00+01:00", kComida),
        work(3, "2024-01-11T01:30:00+01:00", "2024-01-11T07:00:00+01:00"),
    };
    SECTION("unpaid: out of the night time too") {
        const auto f = figures_of(night);
        REQUIRE(f.size() == 1);
        CHECK(f[0].workday == days_from_civil({2024, 1, 10}));
        CHECK(f[0].presence_s == 11 * H);
        CHECK(f[0].effective_s == 11 * H - 30 * M);
        CHECK(f[0].night_s == 8 * H - 30 * M);  // 22:00-06:00 less the pause
        CHECK(f[0].span_s == 11 * H);
    }
    SECTION("paid: night time whole") {
        const auto f = figures_of(night, {"comida"});
        REQUIRE(f.size() == 1);
        CHECK(f[0].effective_s == 11 * H);
        CHECK(f[0].night_s == 8 * H);
    }
}

TEST_CASE("figures: DST nights in Europe/Madrid", "[report][figures][dst]") {
    SECTION("last Sunday of March: 22:00-06:00 lasts 7 h") {
        const auto f = figures_of({
            work(1, "2024-03-30T21:00:00+01:00", "2024-03-31T07:00:00+02:00"),
        });
        REQUIRE(f.size() == 1);
        CHECK(f[0].presence_s == 9 * H);  // 20:00Z .. 05:00Z
        CHECK(f[0].night_s == 7 * H);
    }
    SECTION("last Sunday of October: 22:00-06:00 lasts 9 h") {
        const auto f = figures_of({
            work(1, "2024-10-26T21:00:00+02:00", "2024-10-27T07:00:00+01:00"),
        });
        REQUIRE(f.size() == 1);
        CHECK(f[0].presence_s == 11 * H);  // 19:00Z .. 06:00Z
        CHECK(f[0].night_s == 9 * H);
    }
    SECTION("March, an unpaid pause across the change (01:30 CET to 03:30 CEST: 1 h)") {
        const auto f = figures_of({
            work(1, "2024-03-30T21:00:00+01:00", "2024-03-31T01:30:00+01:00"),
            pause(2, "2024-03-31T01:30:00+01:00", "2024-03-31T03:30:00+02:00", kComida),
            work(3, "2024-03-31T03:30:00+02:00", "2024-03-31T07:00:00+02:00"),
        });
        REQUIRE(f.size() == 1);
        CHECK(f[0].presence_s == 9 * H);
        CHECK(f[0].unpaid_pause_s == 1 * H);
        CHECK(f[0].effective_s == 8 * H);
        CHECK(f[0].night_s == 6 * H);
    }
}

TEST_CASE("figures: a part-timer's short day", "[report][figures]") {
    const auto f = figures_of({work(1, "2024-01-10T09:00:00+01:00", "2024-01-10T13:00:00+01:00")});
    REQUIRE(f.size() == 1);
    CHECK(f[0].presence_s == 4 * H);
    CHECK(f[0].effective_s == 4 * H);
    CHECK(f[0].pauses == 0);
    CHECK(f[0].breaks.empty());
    CHECK(f[0].longest_stretch_s == 4 * H);
    CHECK(f[0].span_s == 4 * H);
}

TEST_CASE("figures: an open work entry counts its workedSeconds", "[report][figures]") {
    const auto f = figures_of({work(1, "2024-01-10T21:30:00+01:00", {}, 3600)});
    REQUIRE(f.size() == 1);
    CHECK(f[0].open);
    CHECK(f[0].presence_s == 1 * H);
    CHECK(f[0].effective_s == 1 * H);
    CHECK(f[0].night_s == 30 * M);  // clock-in + workedSeconds: 21:30-22:30
    CHECK(f[0].first_in_utc == ts("2024-01-10T21:30:00+01:00").utc);
    CHECK(f[0].last_out_utc == kNoTime);
}

TEST_CASE("figures: a clock-out before its clock-in counts 0", "[report][figures]") {
    const auto f = figures_of({
        work(1, "2024-01-10T10:00:00+01:00", "2024-01-10T09:00:00+01:00"),
        work(2, "2024-01-10T11:00:00+01:00", "2024-01-10T12:00:00+01:00"),
        pause(3, "2024-01-10T12:00:00+01:00", "2024-01-10T11:50:00+01:00", kComida),
    });
    REQUIRE(f.size() == 1);
    CHECK(f[0].presence_s == 1 * H);
    CHECK(f[0].pauses == 1);
    CHECK(f[0].pause_s == 0);
    CHECK(f[0].effective_s == 1 * H);
    CHECK(f[0].first_in_utc == ts("2024-01-10T10:00:00+01:00").utc);
    CHECK(f[0].last_out_utc == ts("2024-01-10T12:00:00+01:00").utc);
    CHECK(f[0].longest_gap_s == 1 * H);  // 10:00 (where the negative one reaches) to 11:00
}

TEST_CASE("figures: a shift of pauses only has pauses but no presence", "[report][figures]") {
    const auto f = figures_of({pause(1, "2024-01-10T10:00:00+01:00", "2024-01-10T10:30:00+01:00")});
    REQUIRE(f.size() == 1);
    CHECK(f[0].presence_s == 0);
    CHECK(f[0].pause_s == 30 * M);
    CHECK(f[0].unpaid_pause_s == 30 * M);
    CHECK(f[0].untyped_pauses == 1);
    CHECK(f[0].effective_s == 0);
    CHECK(f[0].first_in_utc == kNoTime);
}

TEST_CASE("figures: a gap of 15 min or more ends a stretch of work", "[report][figures]") {
    const auto f = figures_of({
        work(1, "2024-01-10T08:00:00+01:00", "2024-01-10T11:00:00+01:00"),
        work(2, "2024-01-10T11:10:00+01:00", "2024-01-10T15:00:00+01:00"),  // 10 min: no break
        work(3, "2024-01-10T15:20:00+01:00", "2024-01-10T17:00:00+01:00"),  // 20 min: a break
    });
    REQUIRE(f.size() == 1);
    CHECK(f[0].longest_stretch_s == 7 * H);  // 08:00-15:00
    CHECK(f[0].longest_gap_s == 20 * M);
    CHECK(f[0].presence_s == 3 * H + 3 * H + 50 * M + 1 * H + 40 * M);
    CHECK(f[0].span_s == 9 * H);
}

TEST_CASE("figures: night overlap, one offset and across days", "[report][figures]") {
    const auto at = [](const char* s) { return ts(s).utc; };
    CHECK(night_overlap(at("2024-01-10T22:00:00+01:00"), 60, at("2024-01-11T06:00:00+01:00"), 60) ==
          8 * H);
    CHECK(night_overlap(at("2024-01-10T06:00:00Z"), 0, at("2024-01-10T22:00:00Z"), 0) == 0);
    CHECK(night_overlap(at("2024-01-10T05:00:00Z"), 0, at("2024-01-10T23:00:00Z"), 0) == 2 * H);
    // Three whole days hold three nights of 8 h, whatever the start.
    CHECK(night_overlap(at("2024-01-10T13:00:00Z"), 0, at("2024-01-13T13:00:00Z"), 0) == 24 * H);
    // The entry's own offset decides: 21:00Z is 23:00 at +02:00.
    CHECK(night_overlap(at("2024-07-10T21:00:00Z"), 120, at("2024-07-10T22:00:00Z"), 120) == H);
    CHECK(night_overlap(at("2024-07-10T21:00:00Z"), 0, at("2024-07-10T22:00:00Z"), 0) == 0);
    CHECK(night_overlap(at("2024-01-10T23:00:00Z"), 0, at("2024-01-10T22:00:00Z"), 0) == 0);
}

TEST_CASE("figures: properties on random shifts", "[report][figures]") {
    std::mt19937 rng(20261205);
    const Breaks breaks;
    const std::vector<std::string> paid_ids = {"cafe"};
    const PaidBreakRefs paid(paid_ids, breaks.refs);
    EmployeeShifts shifts;
    WorkdayFigures f;
    uint64_t checked = 0, with_unpaid = 0;
    for (int round = 0; round < 300; ++round) {
        std::vector<WorkEntry> entries;
        int64_t t = ts("2024-03-28T18:00:00+01:00").utc + static_cast<int64_t>(rng() % 86400);
        const int n = 1 + static_cast<int>(rng() % 12);
        for (int i = 0; i < n; ++i) {
            WorkEntry e;
            e.id = EntryId{0, static_cast<uint64_t>(i + 1)};
            // Now and then more than the shift gap: several shifts a round.
            t += static_cast<int64_t>(rng() % (3 * 3600)) + (rng() % 8 == 0 ? 8 * 3600 : 0);
            e.in_utc = t;
            e.in_offset_min = (rng() % 2) ? 60 : 120;
            e.pause = rng() % 3 == 0;
            const auto shape = rng() % 10;
            if (shape == 0) {  // open
                e.worked_s = static_cast<int32_t>(rng() % 7200);
            } else {
                e.out_utc = shape == 1 ? t - static_cast<int64_t>(rng() % 600)  // negative
                                       : t + static_cast<int64_t>(rng() % (5 * 3600));
                e.out_offset_min = (rng() % 4) ? e.in_offset_min : static_cast<int16_t>(180 - e.in_offset_min);
                e.worked_s = static_cast<int32_t>(std::max<int64_t>(0, e.out_utc - e.in_utc));
            }
            if (e.pause) {
                e.check_type = rng() % 3 == 0 ? WorkEntry::kNoBreakType : rng() % 2;
                e.remunerated = rng() % 5 == 0;
            }
            entries.push_back(e);
        }
        std::sort(entries.begin(), entries.end(), [](const WorkEntry& a, const WorkEntry& b) {
            return std::tie(a.in_utc, a.id) < std::tie(b.in_utc, b.id);
        });
        build_shifts(entries, kGap, shifts);
        for (const Shift& s : shifts.shifts) {
            workday_figures(s, shifts.entries_of(s), shifts.rows_of(s), paid, f);
            int64_t rows = 0;
            for (const FoldedRow& r : shifts.rows_of(s))
                rows += r.duration;
            INFO("round " << round);
            CHECK(f.presence_s == rows);
            CHECK(f.pause_s == f.paid_pause_s + f.unpaid_pause_s);
            CHECK(f.effective_s == std::max<int64_t>(0, f.presence_s - f.unpaid_pause_s));
            CHECK(f.effective_s <= f.presence_s);
            CHECK(f.night_s >= 0);
            CHECK(f.night_s <= f.effective_s);
            CHECK(f.pauses == s.pauses);
            CHECK(f.breaks.size() == s.pauses);
            CHECK(f.longest_stretch_s >= 0);
            ++checked;
            with_unpaid += f.unpaid_pause_s > 0;
        }
    }
    CHECK(checked > 300);
    CHECK(with_unpaid > 50);  // the unpaid branch is exercised, not just the trivial one
}
