// DESIGN.md "Report semantics" 2 (shifts) and 3 (no breaks).
#include "report/shifts.hpp"

#include <algorithm>

#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

bool negative(const WorkEntry& e) noexcept {
    return !e.open() && e.out_utc < e.in_utc;
}

// Pauses before the shift's first work entry, waiting for it.
struct LeadPauses {
    const WorkEntry* first = nullptr;
    int64_t worked = 0;
    int64_t pause_s = 0;
};

// Folds the pauses of one shift into its work entries; appends the rows.
void fold_shift(std::span<const WorkEntry> shift, std::vector<FoldedRow>& rows, Shift& s) {
    const std::size_t begin = rows.size();
    LeadPauses lead;
    // While folding, FoldedRow::duration holds the sum of workedSeconds
    // (the duration of an open folded entry).
    for (const WorkEntry& e : shift) {
        if (negative(e)) ++s.negative;
        if (!e.pause) {
            FoldedRow f{e, e.worked_s, 0, false};
            if (lead.first) {  // a pause with no work before it folds into the next
                f.e.in_utc = lead.first->in_utc;
                f.e.in_offset_min = lead.first->in_offset_min;
                f.folded = true;
                f.duration += lead.worked;
                f.pause_s = lead.pause_s;
                lead = {};
            }
            rows.push_back(f);
            continue;
        }
        ++s.pauses;
        if (rows.size() == begin) {
            if (!lead.first) lead.first = &e;
            lead.worked += e.worked_s;
            lead.pause_s += pause_duration(e);
            continue;
        }
        // A pause folds into the work entry before it: that entry now ends
        // when the pause ends (never earlier than it did).
        FoldedRow& w = rows.back();
        if (e.open()) {
            w.e.out_utc = kNoTime;
        } else if (!w.e.open() && e.out_utc > w.e.out_utc) {
            w.e.out_utc = e.out_utc;
            w.e.out_offset_min = e.out_offset_min;
        }
        w.folded = true;
        w.duration += e.worked_s;
        w.pause_s += pause_duration(e);
    }
    s.rows = static_cast<uint32_t>(rows.size() - begin);
    for (auto it = rows.begin() + static_cast<std::ptrdiff_t>(begin); it != rows.end(); ++it) {
        const WorkEntry& e = it->e;
        if (e.open())
            ++s.open;  // duration: the summed workedSeconds
        else if (it->folded)
            it->duration = std::max<int64_t>(0, e.out_utc - e.in_utc);
        else
            it->duration = negative(e) ? 0 : e.worked_s;
    }
}

}  // namespace

int64_t pause_duration(const WorkEntry& pause) noexcept {
    return negative(pause) ? 0 : pause.worked_s;
}

int32_t local_day(int64_t utc, int16_t offset_min) noexcept {
    return static_cast<int32_t>(floor_div(utc + int64_t{offset_min} * 60, 86400));
}

int64_t time_of_day(int64_t utc, int16_t offset_min) noexcept {
    const int64_t local = utc + int64_t{offset_min} * 60;
    return local - floor_div(local, 86400) * 86400;
}

void build_shifts(std::span<const WorkEntry> sorted, int64_t gap, EmployeeShifts& out) {
    out.entries.clear();
    out.rows.clear();
    out.shifts.clear();
    out.deleted = 0;
    for (const WorkEntry& e : sorted) {
        if (e.deleted)
            ++out.deleted;
        else
            out.entries.push_back(e);
    }
    const std::span<const WorkEntry> live(out.entries);
    auto close = [&](std::size_t start, std::size_t end) {
        Shift s;
        s.workday = local_day(live[start].in_utc, live[start].in_offset_min);
        s.first_entry = static_cast<uint32_t>(start);
        s.entries = static_cast<uint32_t>(end - start);
        s.first_row = static_cast<uint32_t>(out.rows.size());
        fold_shift(live.subspan(start, end - start), out.rows, s);
        out.shifts.push_back(s);
    };
    // An entry reaches to its clock-out, or to its clock-in when it has none
    // or the clock-out comes first; a clock-in past the furthest reach of
    // the shift plus the gap starts a new shift.
    std::size_t start = 0;
    int64_t latest = 0;
    for (std::size_t end = 0; end < live.size(); ++end) {
        const WorkEntry& e = live[end];
        if (end > start && e.in_utc > latest + gap) {
            close(start, end);
            start = end;
        }
        const int64_t reach = e.open() ? e.in_utc : std::max(e.in_utc, e.out_utc);
        latest = end == start ? reach : std::max(latest, reach);
    }
    if (live.size() > start) close(start, live.size());
}

}  // namespace reportgen::detail
