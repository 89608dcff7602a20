#pragma once
// The "decode" stage for work-entries pages (docs/DESIGN.md): simdjson
// On-Demand or the fast path (api/decode/); they are the volume: ~1.8 KB of
// JSON per entry, most of it skipped.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "report/work_entry.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {

// Values docs/API.md does not promise, met in entries the decoder accepted
// (counted per entry; pages that failed are not counted).
struct DecodeStats {
    uint64_t unknown_entry_types = 0;     // workEntryType not work/pause: decoded as work
    uint64_t unknown_identity_types = 0;  // employee's identityNumberType not dni/nie/rut/other
    uint64_t missing_worked_seconds = 0;  // absent or null: taken as out - in (0 while open)
    uint64_t null_employees = 0;          // decoded as the unknown employee (id "")

    DecodeStats& operator+=(const DecodeStats& o) noexcept {
        unknown_entry_types += o.unknown_entry_types;
        unknown_identity_types += o.unknown_identity_types;
        missing_worked_seconds += o.missing_worked_seconds;
        null_employees += o.null_employees;
        return *this;
    }
};

// Work-entries pages. Reuses its parser and buffers across pages; one
// instance per thread.
class PageDecoder {
  public:
    PageDecoder();
    ~PageDecoder();
    PageDecoder(const PageDecoder&) = delete;
    PageDecoder& operator=(const PageDecoder&) = delete;

    // Bytes past body.size() the parser reads. A body whose capacity leaves
    // room for them is parsed in place; any other is copied once into a
    // buffer the decoder reuses.
    static constexpr std::size_t padding = 64;

    // Appends the page's entries (deleted ones flagged, not dropped) to out,
    // interning employees, work entries' check type ids and pauses' break
    // type ids (workBreakId). The body's bytes past its size may be
    // overwritten (padding). Throws a data error naming the page, the entry
    // index and the field on any departure from docs/API.md.
    //
    // `traces` (docs/DESIGN.md "Traceability and place of work"): null, the
    // trace fields (createdAt, updatedAt, the clocks' origins, the clock-in's
    // coordinates) are not read at all, as any field the report does not
    // use; else one EntryTrace per entry appended to out is appended to
    // traces->items, in the same order, and those fields are checked as
    // strictly as the others.
    PageMeta decode(std::string& body, int page, EmployeeTable& employees,
                    CheckTypeRefs& check_types, BreakTypeRefs& break_types,
                    std::vector<WorkEntry>& out, EntryTraces* traces = nullptr);

    // What this decoder's successful decode() calls met so far.
    const DecodeStats& stats() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
