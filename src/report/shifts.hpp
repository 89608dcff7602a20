#pragma once
// Shifts and pause folding of one employee's entries (docs/DESIGN.md "Report
// semantics", 2 and 3). Pure: entries in, shifts and folded rows out; no
// I/O, no sink, no metrics object, so that every case is tested on
// hand-made entries (tests/report/shifts_test.cpp).
#include <cstdint>
#include <span>
#include <vector>

#include "report/entry_store.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {

// A work entry after the pauses around it folded into it.
struct FoldedRow {
    WorkEntry e;           // the work entry; clock-in/out moved by folding
    int64_t duration = 0;  // seconds, by rule 3 (>= 0)
    int64_t pause_s = 0;   // the folded pauses' durations: time on breaks
    bool folded = false;   // at least one pause folded into it
};

// One shift: its entries and its rows are ranges of EmployeeShifts.
struct Shift {
    int32_t workday = 0;       // days since the epoch: local date of its first clock-in
    uint32_t first_entry = 0;  // in EmployeeShifts::entries
    uint32_t entries = 0;
    uint32_t first_row = 0;  // in EmployeeShifts::rows
    uint32_t rows = 0;       // 0: a shift of pauses only, dropped
    uint32_t pauses = 0;
    uint32_t negative = 0;  // entries whose clock-out precedes their clock-in
    uint32_t open = 0;      // rows without a clock-out
};

// The shifts of one employee. Buffers are reused from one employee to the next.
struct EmployeeShifts {
    std::vector<WorkEntry> entries;  // deleted entries dropped, clock-in order
    std::vector<FoldedRow> rows;
    std::vector<Shift> shifts;  // by clock-in
    uint64_t deleted = 0;       // entries dropped for deletedAt

    std::span<const WorkEntry> entries_of(const Shift& s) const noexcept {
        return std::span<const WorkEntry>(entries).subspan(s.first_entry, s.entries);
    }
    std::span<const FoldedRow> rows_of(const Shift& s) const noexcept {
        return std::span<const FoldedRow>(rows).subspan(s.first_row, s.rows);
    }
};

// `sorted`: one employee's entries by clock-in, equal clock-ins by id (as
// EntryStore::drain hands them). Replaces the contents of `out`.
void build_shifts(std::span<const WorkEntry> sorted, int64_t shift_gap_s, EmployeeShifts& out);

// A pause's duration, by the rule of an entry never folded: its
// workedSeconds, 0 when its clock-out precedes its clock-in.
int64_t pause_duration(const WorkEntry& pause) noexcept;

// Days since the epoch of the local date of a time given with its offset.
int32_t local_day(int64_t utc, int16_t offset_min) noexcept;
// Seconds since local midnight, 0..86399.
int64_t time_of_day(int64_t utc, int16_t offset_min) noexcept;

}  // namespace reportgen::detail
