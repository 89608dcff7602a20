#pragma once
// What a report that shows modifications keeps of the entries' traces
// (docs/DESIGN.md "Traceability and place of work"): the traces of the
// modified entries only, by id, and the entries deleted in the period with
// theirs. Memory grows with the modified and deleted entries, never with
// every entry; a report that shows no modification has no table at all.
// The clock-ins' places are decided page by page into the entries
// themselves (WorkEntry::in_place), against the offices read before the
// pages: nothing is kept per entry for them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "report/trace.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {

class TraceTable {
  public:
    // Where the decoder writes a page's traces (PageDecoder::decode): the
    // caller clears items before each page; the origins are the report's.
    EntryTraces& scratch() noexcept { return scratch_; }
    const OriginRefs& origins() const noexcept { return scratch_.origins; }

    // The offices the clock-ins are placed against (a handful), set before
    // the first page; none: every clock-in stays kInUnplaced.
    void set_offices(std::vector<Office> offices) { offices_ = std::move(offices); }
    std::span<const Office> offices() const noexcept { return offices_; }

    // A page's entries, scratch().items parallel to them, before they go to
    // the store: sets each work entry's in_place from its clock-in's
    // coordinates (trace.hpp clock_in_place) and keeps the traces of the
    // live entries the rule marks as modified (trace.hpp).
    void add_page(std::span<WorkEntry> entries);
    // A page of deleted entries (onlyReturn=deleted), scratch().items
    // parallel to them; none of them ever reaches the store. Returns how
    // many were deleted (had deletedAt); the others are ignored.
    std::size_t add_deleted(std::span<const WorkEntry> entries);

    // Once the fetch is over: one trace per id (of copies on several pages,
    // the latest updatedAt, then createdAt), one deleted entry per id.
    void seal();
    // The trace of a modified entry, or null. After seal().
    const EntryTrace* find(const EntryId& id) const noexcept;

    struct Deleted {
        WorkEntry entry;
        EntryTrace trace;
    };
    const std::vector<Deleted>& deleted() const noexcept { return deleted_; }
    std::size_t modified_count() const noexcept { return items_.size(); }

  private:
    struct Item {
        EntryId id;
        EntryTrace trace;
    };
    EntryTraces scratch_;
    std::vector<Item> items_;
    std::vector<Deleted> deleted_;
    std::vector<Office> offices_;
};

}  // namespace reportgen::detail
