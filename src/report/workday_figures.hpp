#pragma once
// The figures of one workday that payroll reads (docs/DESIGN.md "Workday
// figures"): presence, pauses paid and unpaid, effective time, night time,
// first clock-in and last clock-out, the breaks for the register, and what
// the compliance checks will need (longest stretch without a break, longest
// gap). Pure: one shift's entries and folded rows in, figures out; state
// per workday, reused from one to the next (tests/report/workday_figures_test.cpp).
#include <cstdint>
#include <span>
#include <vector>

#include "report/paid_breaks.hpp"
#include "report/shifts.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {

// A pause as the register lists it: start, end (kNoTime while open), paid.
struct BreakSpan {
    int64_t in_utc = 0;
    int64_t out_utc = kNoTime;
    int16_t in_offset_min = 0;
    int16_t out_offset_min = 0;
    bool paid = false;
};

struct WorkdayFigures {
    int32_t workday = 0;       // days since the epoch (Shift::workday)
    int64_t presence_s = 0;    // the folded rows' durations: "Tiempo registrado"
    int64_t pause_s = 0;       // every pause: clock-out - clock-in (0 negative or open)
    int64_t paid_pause_s = 0;  // of a paid break type, or "remunerated"
    int64_t unpaid_pause_s = 0;
    int64_t effective_s = 0;  // presence - unpaid pauses, never below 0
    int64_t night_s = 0;      // effective time between 22:00 and 06:00 local
    uint32_t pauses = 0;
    uint32_t open_pauses = 0;     // no clock-out: counted 0
    uint32_t untyped_pauses = 0;  // no workBreakId: unpaid unless "remunerated"
    // First clock-in and last clock-out of the rows (kNoTime: none; the last
    // clock-out ignores open rows), span = last clock-out - first clock-in.
    int64_t first_in_utc = kNoTime;
    int16_t first_in_offset_min = 0;
    int64_t last_out_utc = kNoTime;
    int16_t last_out_offset_min = 0;
    int64_t span_s = 0;
    bool open = false;  // a row has no clock-out
    // Longest stretch of work with no break of >= 15 min (a pause, paid or
    // not, or a gap between rows) and longest gap between rows.
    int64_t longest_stretch_s = 0;
    int64_t longest_gap_s = 0;
    std::vector<BreakSpan> breaks;  // in clock-in order
};

// A break of at least this long interrupts a stretch of work (ET art. 34.4).
inline constexpr int64_t kMinBreakS = 15 * 60;

// Fills `out` (its buffers reused) with the figures of `shift`, whose entries
// and rows are `entries` and `rows` (EmployeeShifts::entries_of / rows_of).
void workday_figures(const Shift& shift, std::span<const WorkEntry> entries,
                     std::span<const FoldedRow> rows, const PaidBreakRefs& paid,
                     WorkdayFigures& out);

// Seconds of [from, to) (absolute times) inside the night windows 22:00 to
// 06:00 local: window starts placed with from_offset_min, window ends with
// to_offset_min (the offsets in force at each end; see DESIGN.md).
int64_t night_overlap(int64_t from, int16_t from_offset_min, int64_t to,
                      int16_t to_offset_min) noexcept;

}  // namespace reportgen::detail
