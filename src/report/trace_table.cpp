#include "report/trace_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>

#include "report/trace.hpp"

namespace reportgen::detail {
namespace {

void check_parallel(std::size_t entries, std::size_t traces) {
    // A decoder that was not given the scratch table, or a page added twice.
    if (entries != traces)
        throw std::logic_error("TraceTable: " + std::to_string(traces) + " traces for " +
                               std::to_string(entries) + " entries");
}

// Of two traces of one id, the newer record first.
bool newer(const EntryTrace& a, const EntryTrace& b) noexcept {
    return std::tie(a.updated_utc, a.created_utc) > std::tie(b.updated_utc, b.created_utc);
}

}  // namespace

void TraceTable::add_page(std::span<WorkEntry> entries) {
    const std::vector<EntryTrace>& traces = scratch_.items;
    check_parallel(entries.size(), traces.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        WorkEntry& e = entries[i];
        e.set_in_place(e.pause ? kInUnplaced : clock_in_place(traces[i], offices_));
        if (e.deleted) continue;
        if (modified_reasons(e, traces[i]) != kNotModified) items_.push_back(Item{e.id, traces[i]});
    }
}


std::size_t TraceTable::add_deleted(std::span<const WorkEntry> entries) {
    const std::vector<EntryTrace>& traces = scratch_.items;
    check_parallel(entries.size(), traces.size());
    const std::size_t before = deleted_.size();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].deleted) deleted_.push_back(Deleted{entries[i], traces[i]});
    return deleted_.size() - before;
}

void TraceTable::seal() {
    std::sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) {
        return a.id != b.id ? a.id < b.id : newer(a.trace, b.trace);
    });
    items_.erase(std::unique(items_.begin(), items_.end(),
                             [](const Item& a, const Item& b) { return a.id == b.id; }),
                 items_.end());
    std::sort(deleted_.begin(), deleted_.end(), [](const Deleted& a, const Deleted& b) {
        return a.entry.id != b.entry.id ? a.entry.id < b.entry.id : newer(a.trace, b.trace);
    });
    deleted_.erase(std::unique(deleted_.begin(), deleted_.end(),
                               [](const Deleted& a, const Deleted& b) {
                                   return a.entry.id == b.entry.id;
                               }),
                   deleted_.end());
    scratch_.items = {};
}

const EntryTrace* TraceTable::find(const EntryId& id) const noexcept {
    const auto it = std::lower_bound(items_.begin(), items_.end(), id,
                                     [](const Item& a, const EntryId& k) { return a.id < k; });
    return it != items_.end() && it->id == id ? &it->trace : nullptr;
}

}  // namespace reportgen::detail
