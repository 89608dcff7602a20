// docs/DESIGN.md "Workday figures".
#include "report/workday_figures.hpp"

#include <algorithm>

#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kNightEnd = 6 * 3600;     // 06:00
constexpr int64_t kNightStart = 22 * 3600;  // 22:00
// Where the offset of an interval whose ends differ is taken to change: the
// first 02:00 (clock-in's offset) after its start, as in Europe's changes.
constexpr int64_t kOffsetChange = 2 * 3600;

// Night seconds of local wall-clock time in [0, x) counted from the epoch.
int64_t night_before(int64_t x) noexcept {
    const int64_t days = floor_div(x, kDay);
    const int64_t r = x - days * kDay;
    return days * (kNightEnd + kDay - kNightStart) + std::min(r, kNightEnd) +
           std::max<int64_t>(0, r - kNightStart);
}

// Night seconds of [a, b) (absolute) at one offset.
int64_t night_at(int64_t a, int64_t b, int16_t offset_min) noexcept {
    const int64_t o = int64_t{offset_min} * 60;
    return night_before(b + o) - night_before(a + o);
}

bool negative(const WorkEntry& e) noexcept {
    return !e.open() && e.out_utc < e.in_utc;
}

// The end of a row as time: its clock-out; an open one ends its duration
// after its clock-in; a negative one at its clock-in.
int64_t row_end(const FoldedRow& r) noexcept {
    if (r.e.open()) return r.e.in_utc + r.duration;
    return std::max(r.e.in_utc, r.e.out_utc);
}

// Night seconds of one row, never more than its duration (an entry never
// folded counts its workedSeconds, which may be less than out - in).
int64_t row_night(const FoldedRow& r) noexcept {
    const int16_t out_offset = r.e.open() ? r.e.in_offset_min : r.e.out_offset_min;
    return std::min(r.duration,
                    night_overlap(r.e.in_utc, r.e.in_offset_min, row_end(r), out_offset));
}

// The longest stretch of work and the longest gap, walking the rows and the
// long pauses in clock-in order (a row before a pause at the same time).
class Stretches {
  public:
    void row(const FoldedRow& r) {
        const int64_t end = row_end(r);
        if (!started_) {
            started_ = true;
            start_ = r.e.in_utc;
            reach_ = end;
            return;
        }
        if (r.e.in_utc > reach_) {
            const int64_t gap = r.e.in_utc - reach_;
            longest_gap_ = std::max(longest_gap_, gap);
            if (gap >= kMinBreakS) {
                close(reach_);
                start_ = r.e.in_utc;
            }
        }
        reach_ = std::max(reach_, end);
    }
    void long_pause(const WorkEntry& p) {
        if (!started_ || p.in_utc < start_) return;  // a pause before any work
        close(p.in_utc);
        start_ = std::max(start_, p.out_utc);
    }
    void finish(WorkdayFigures& f) {
        if (started_) close(reach_);
        f.longest_stretch_s = longest_stretch_;
        f.longest_gap_s = longest_gap_;
    }

  private:
    void close(int64_t at) { longest_stretch_ = std::max(longest_stretch_, at - start_); }
    bool started_ = false;
    int64_t start_ = 0, reach_ = 0;
    int64_t longest_stretch_ = 0, longest_gap_ = 0;
};

// in_rows: the shift has rows, so the pause is folded into one of them.
void add_pause(const WorkEntry& p, const PaidBreakRefs& paid, bool in_rows, WorkdayFigures& f,
               int64_t& unpaid_night) {
    ++f.pauses;
    const uint32_t type = p.break_type();
    if (type == WorkEntry::kNoBreakType) ++f.untyped_pauses;
    const bool is_paid = p.remunerated || paid.paid(type);
    f.breaks.push_back(BreakSpan{p.in_utc, p.out_utc, p.in_offset_min, p.out_offset_min, is_paid});
    if (p.open()) {
        ++f.open_pauses;
        return;
    }
    const int64_t d = std::max<int64_t>(0, p.out_utc - p.in_utc);
    f.pause_s += d;
    (is_paid ? f.paid_pause_s : f.unpaid_pause_s) += d;
    // An unpaid pause inside a row is not effective time, at night either.
    if (!is_paid && in_rows && d > 0)
        unpaid_night += night_overlap(p.in_utc, p.in_offset_min, p.out_utc, p.out_offset_min);
}

}  // namespace

int64_t night_overlap(int64_t from, int16_t from_offset_min, int64_t to,
                      int16_t to_offset_min) noexcept {
    if (to <= from) return 0;
    if (from_offset_min == to_offset_min) return night_at(from, to, from_offset_min);
    // The offset changes once inside [from, to): at the first 02:00 of the
    // clock-in's offset after from (clamped to the interval).
    const int64_t local_tod = time_of_day(from, from_offset_min);
    const int64_t change =
        std::min(to, from + ((kOffsetChange - local_tod) % kDay + kDay) % kDay);
    const int64_t n =
        night_at(from, change, from_offset_min) + night_at(change, to, to_offset_min);
    return std::clamp<int64_t>(n, 0, to - from);
}

void workday_figures(const Shift& shift, std::span<const WorkEntry> entries,
                     std::span<const FoldedRow> rows, const PaidBreakRefs& paid,
                     WorkdayFigures& f) {
    std::vector<BreakSpan> breaks = std::move(f.breaks);  // its capacity, reused
    breaks.clear();
    f = WorkdayFigures{};
    f.workday = shift.workday;
    f.breaks = std::move(breaks);
    const bool in_rows = !rows.empty();
    int64_t night = 0, unpaid_night = 0;
    Stretches stretches;
    auto pause = entries.begin();
    auto next_pause = [&] {
        while (pause != entries.end() && !pause->pause)
            ++pause;
    };
    next_pause();
    // Rows and pauses both come in clock-in order: merged, a row first on ties.
    for (const FoldedRow& r : rows) {
        for (; pause != entries.end() && pause->in_utc < r.e.in_utc; ++pause, next_pause())
            add_pause(*pause, paid, in_rows, f, unpaid_night);
        f.presence_s += r.duration;
        night += row_night(r);
        stretches.row(r);
        if (f.first_in_utc == kNoTime) {
            f.first_in_utc = r.e.in_utc;
            f.first_in_offset_min = r.e.in_offset_min;
        }
        if (r.e.open()) {
            f.open = true;
        } else if (const int64_t end = row_end(r); f.last_out_utc == kNoTime || end > f.last_out_utc) {
            f.last_out_utc = end;
            f.last_out_offset_min = negative(r.e) ? r.e.in_offset_min : r.e.out_offset_min;
        }
        // The long pauses that start within this row interrupt its stretch.
        for (auto p = pause; p != entries.end() && p->in_utc < row_end(r); ++p)
            if (p->pause && !p->open() && p->out_utc - p->in_utc >= kMinBreakS)
                stretches.long_pause(*p);
    }
    for (; pause != entries.end(); ++pause, next_pause())
        add_pause(*pause, paid, in_rows, f, unpaid_night);
    stretches.finish(f);
    f.effective_s = std::max<int64_t>(0, f.presence_s - f.unpaid_pause_s);
    f.night_s = std::clamp<int64_t>(night - unpaid_night, 0, f.effective_s);
    if (f.first_in_utc != kNoTime && f.last_out_utc != kNoTime)
        f.span_s = std::max<int64_t>(0, f.last_out_utc - f.first_in_utc);
}

}  // namespace reportgen::detail
