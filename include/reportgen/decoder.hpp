#pragma once
// Decoding of API responses. Work-entry pages go through simdjson On-Demand
// (they are the volume: ~1.8 KB of JSON per entry, most of it skipped);
// the metadata endpoints through On-Demand too, without a DOM (a small
// compressed body can inflate to hundreds of MB).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/model.hpp"

namespace reportgen {

// A timestamp with its own UTC offset ("2025-08-12T21:54:19+02:00", "...Z",
// fractional seconds allowed and dropped).
struct Timestamp {
    int64_t utc = 0;         // seconds since the epoch
    int16_t offset_min = 0;  // minutes east of UTC
    int64_t local() const noexcept { return utc + int64_t{offset_min} * 60; }
};
std::optional<Timestamp> parse_timestamp(std::string_view s) noexcept;

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
    // interning employees and check type ids. The body's bytes past its size
    // may be overwritten (padding). Throws a data error naming the page, the
    // entry index and the field on any departure from API.md.
    PageMeta decode(std::string& body, int page, EmployeeTable& employees,
                    CheckTypeRefs& check_types, std::vector<WorkEntry>& out);

    // What this decoder's successful decode() calls met so far.
    const DecodeStats& stats() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Metadata list pages; append to out, return meta. `what` names the
// resource in errors ("check-types page 1").
PageMeta decode_check_types(std::string_view body, std::string_view what,
                            std::vector<CheckType>& out);
PageMeta decode_work_breaks(std::string_view body, std::string_view what,
                            std::vector<WorkBreak>& out);
PageMeta decode_collections(std::string_view body, std::string_view what,
                            std::vector<Collection>& out);
// The detail of one collection: its check type ids (`data` is an array of
// groups whose checkTypes are merged; a single group object is accepted).
std::vector<std::string> decode_collection_check_types(std::string_view body,
                                                       std::string_view what);

// GET /core/v3/info: the company behind the token.
struct CompanyInfo {
    std::string id;
    std::string name;
    std::string language;
};
CompanyInfo decode_company_info(std::string_view body, std::string_view what);

}  // namespace reportgen
