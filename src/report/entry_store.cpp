#include <optional>
#include <tuple>

#include "report/entry_store.hpp"
#include "report/external_sorter.hpp"
#include "report/memory_split.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {
namespace {

// Employee, then clock-in, then id: one employee's entries come out together
// and in order, and copies of one entry (pages overlapping while data
// changes) come out next to each other. Among copies, a deleted one, then a
// closed one, then the later clock-out sort first and win, the newest state
// being the likelier (docs/DESIGN.md "Report semantics" 1).
struct EntryOrder {
    bool operator()(const WorkEntry& a, const WorkEntry& b) const noexcept {
        if (a.employee != b.employee) return a.employee < b.employee;
        if (a.in_utc != b.in_utc) return a.in_utc < b.in_utc;
        if (a.id != b.id) return a.id < b.id;
        if (a.deleted != b.deleted) return a.deleted > b.deleted;
        if (a.out_utc != b.out_utc) return a.out_utc > b.out_utc;
        // The clock-in's place too, so that which copy wins does not depend
        // on the order pages arrived in.
        return rest(a) < rest(b);
    }
    // Bit-field members cannot bind to references in std::tie; copy them out.
    using Rest = std::tuple<int32_t, uint32_t, uint32_t, uint32_t, int, int, unsigned>;
    static Rest rest(const WorkEntry& e) noexcept {
        return Rest(e.worked_s, e.check_type, e.pause, e.remunerated, e.in_offset_min,
                    e.out_offset_min, e.in_place);
    }
};

}  // namespace

struct EntryStore::Impl {
    Impl(std::size_t b, std::string dir) : budget(b), sorter(store_budget(b), std::move(dir)) {}
    std::size_t budget;
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::optional<TraceTable> traces;
    ExternalSorter<WorkEntry, EntryOrder> sorter;
};

EntryStore::EntryStore(std::size_t budget, std::string spill_dir)
    : impl_(std::make_unique<Impl>(budget, std::move(spill_dir))) {}
EntryStore::~EntryStore() = default;
EntryStore::EntryStore(EntryStore&&) noexcept = default;
EntryStore& EntryStore::operator=(EntryStore&&) noexcept = default;

EmployeeTable& EntryStore::employees() {
    return impl_->employees;
}
CheckTypeRefs& EntryStore::check_types() {
    return impl_->check_types;
}
const EmployeeTable& EntryStore::employees() const {
    return impl_->employees;
}
const CheckTypeRefs& EntryStore::check_types() const {
    return impl_->check_types;
}
BreakTypeRefs& EntryStore::break_types() {
    return impl_->break_types;
}
const BreakTypeRefs& EntryStore::break_types() const {
    return impl_->break_types;
}
void EntryStore::enable_traces() {
    if (!impl_->traces) impl_->traces.emplace();
}
TraceTable* EntryStore::traces() noexcept {
    return impl_->traces ? &*impl_->traces : nullptr;
}
const TraceTable* EntryStore::traces() const noexcept {
    return impl_->traces ? &*impl_->traces : nullptr;
}
std::size_t EntryStore::size() const {
    return impl_->sorter.size();
}
std::size_t EntryStore::spilled_runs() const {
    return impl_->sorter.spilled_runs();
}

void EntryStore::add(std::span<const WorkEntry> entries) {
    for (const WorkEntry& e : entries)
        impl_->sorter.push(e);
}

void EntryStore::drain(const std::function<void(std::span<const WorkEntry>)>& fn,
                       Metrics& metrics) {
    auto& sorter = impl_->sorter;
    // The caller builds rows while this drains: past half the budget, the
    // entries go to disk and their memory is freed first (memory_split.hpp).
    if (store_spills_at_drain(sorter.in_memory(), sorter.spilled_runs(), impl_->budget))
        sorter.spill_all();
    metrics.spilled_runs += sorter.spilled_runs();
    std::vector<WorkEntry> group;
    bool have_prev = false;
    WorkEntry prev{};
    uint64_t distinct = 0;
    sorter.drain([&](const WorkEntry& e) {
        if (have_prev && e.employee == prev.employee && e.in_utc == prev.in_utc &&
            e.id == prev.id) {
            ++metrics.duplicates_dropped;
            // The sort put the winner first (EntryOrder); a copy that
            // disagrees with it on what matters is worth counting.
            if (e.deleted != prev.deleted || e.out_utc != prev.out_utc)
                ++metrics.duplicates_conflicting;
            return;
        }
        if (have_prev && e.employee != prev.employee && !group.empty()) {
            fn(group);
            group.clear();
        }
        prev = e;
        have_prev = true;
        ++distinct;
        group.push_back(e);
    });
    if (!group.empty()) fn(group);
    metrics.distinct_entries += distinct;
}

}  // namespace reportgen::detail
