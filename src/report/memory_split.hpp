#pragma once
// How one ReportRequest::memory_budget_bytes is shared by the EntryStore and
// the ReportBuilder's row sorter:
//
// - While pages arrive, the store keeps at most half the budget in memory
//   and spills sorted runs past it: the engines' page bodies (up to twice
//   the turbo window of them) are in memory at the same time.
// - When it drains (entries go out of the store as rows go into the row
//   sorter, so both are alive), a store that has spilled spills its
//   in-memory remainder too and frees it before merging (the merge needs one
//   64 KiB read buffer per run): the row sorter gets the whole budget.
// - A store that never spilled (a small report) keeps its entries in memory
//   while it drains and the row sorter gets what is left, at least half.
//
// So the two together stay within the budget at every size, and the store
// alone within half of it while the network runs.
#include <cstddef>

#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {

// The store's in-memory share of the budget.
inline std::size_t store_budget(std::size_t budget) noexcept {
    return budget / 2;
}

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
