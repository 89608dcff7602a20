#pragma once
// What a report that shows modifications keeps of the entries' traces
// (docs/DESIGN.md "Traceability and place of work"): the traces of the
// modified entries only, by id, and the entries deleted in the period with
// theirs. Memory grows with the modified and deleted entries, never with
// every entry; a report that shows no modification has no table at all.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "report/work_entry.hpp"

namespace reportgen::detail {

class TraceTable {
  public:
    // Where the decoder writes a page's traces (PageDecoder::decode): the
    // caller clears items before each page; the origins are the report's.
    EntryTraces& scratch() noexcept { return scratch_; }
    const OriginRefs& origins() const noexcept { return scratch_.origins; }

    // A page's entries, scratch().items parallel to them: keeps the traces
    // of the live entries the rule marks as modified (trace.hpp).
    void add_page(std::span<const WorkEntry> entries);
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

    // The clock-in coordinates of a live work entry (the place of work,
    // trace.hpp place_of): kept for every one that has them, 24 bytes each,
    // as the offices may arrive after the pages. Null when it had none.
    // After seal().
    struct Located {
        EntryId id;
        int32_t lat_e7;
        int32_t lon_e7;
    };
    const Located* located(const EntryId& id) const noexcept;

  private:
    struct Item {
        EntryId id;
        EntryTrace trace;
    };
    EntryTraces scratch_;
    std::vector<Item> items_;
    std::vector<Deleted> deleted_;
    std::vector<Located> located_;
};

}  // namespace reportgen::detail
