#pragma once
// How one ReportRequest::memory_budget_bytes is shared by the EntryStore and
// the ReportBuilder's row sorter, which are both alive while the store
// drains (entries go out of one as rows go into the other):
//
// - When the store has spilled already, or holds more than half the budget
//   in memory, drain() spills its in-memory remainder too and frees it before
//   merging (the merge needs one 64 KiB read buffer per run): the row sorter
//   gets the whole budget.
// - Otherwise (a small report) the store keeps its entries in memory and the
//   row sorter gets what is left, at least half the budget.
//
// So the two together stay within the budget at every size.
#include <cstddef>

#include "reportgen/model.hpp"

namespace reportgen::detail {

inline bool store_spills_at_drain(std::size_t in_memory_entries, std::size_t spilled_runs,
                                  std::size_t budget) noexcept {
    return spilled_runs > 0 || in_memory_entries * sizeof(WorkEntry) > budget / 2;
}

// The row sorter's budget for a store of `entries` (added, none drained yet)
// that has spilled `spilled_runs` runs.
inline std::size_t row_sorter_budget(std::size_t entries, std::size_t spilled_runs,
                                     std::size_t budget) noexcept {
    if (store_spills_at_drain(entries, spilled_runs, budget)) return budget;
    return budget - entries * sizeof(WorkEntry);
}

}  // namespace reportgen::detail
