#pragma once
// The compact in-memory form of the API's work entries. A work entry is 48
// bytes; employees and activity ids are interned once per report, so a month
// of a 3,000-employee company stores each name once, not once per entry.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reportgen::detail {

inline constexpr int64_t kNoTime = INT64_MIN;  // an open entry's clock-out
inline constexpr int32_t kNoCoordinate = INT32_MIN;  // no clock-in coordinates

// What the coordinates of a clock-in say against the offices (trace.hpp
// clock_in_place), decided as its page is decoded (the offices are read
// before the pages) and kept in WorkEntry::in_place's 2 bits: no table of
// coordinates outlives the page.
enum ClockInPlace : uint8_t {
    kInUnplaced = 0,  // no coordinates, or no office known
    kInOffice = 1,    // within an office's radio
    kInOutside = 2,   // outside every office
};

// A stable entry id: a UUID's 128 bits, or a 128-bit hash of any other string.
struct EntryId {
    uint64_t hi = 0;
    uint64_t lo = 0;
    friend bool operator==(const EntryId&, const EntryId&) = default;
    friend auto operator<=>(const EntryId&, const EntryId&) = default;
    static EntryId from_string(std::string_view s) noexcept;
};

// Layout (48 bytes): 16 id + 8 in + 8 out + 4 worked + 4 employee + 4 check
// type/flags + 4 for both offsets (14 bits each) and the clock-in's place
// (2 bits).
//
// A pause never shows an activity (pauses fold into work rows, docs/DESIGN.md
// "Report semantics" 3), so for a pause the 29 bits of `check_type` hold its
// break type instead (workBreakId, an index in BreakTypeRefs): read them
// through activity() and break_type(), which say which one an entry has.
struct WorkEntry {
    static constexpr uint32_t kNoCheckType = (1u << 29) - 1;
    static constexpr uint32_t kNoBreakType = kNoCheckType;

    EntryId id;
    int64_t in_utc = 0;                       // clock-in, seconds since the epoch (UTC)
    int64_t out_utc = kNoTime;                // clock-out, or kNoTime while clocked in
    int32_t worked_s = 0;                     // workedSeconds, rounded down
    uint32_t employee = 0;                    // index in EmployeeTable
    // Work: index in CheckTypeRefs (workCheckTypeId). Pause: index in
    // BreakTypeRefs (workBreakId).
    uint32_t check_type : 29 = kNoCheckType;
    uint32_t pause : 1 = 0;    // workEntryType == "pause"
    uint32_t deleted : 1 = 0;  // deletedAt was set (kept to de-duplicate, never reported)
    uint32_t remunerated : 1 = 0;  // the item's "remunerated": true (not in the API document)
    // The clocks' UTC offsets in minutes, in 14 bits (-8192..8191): the
    // timestamp parser accepts -18:59..+18:59 (1139 minutes) only, and real
    // offsets are within -12:00..+14:00, so 14 bits hold any of them with
    // room to spare; write them with set_in_offset() / set_out_offset()
    // (-Wconversion cannot see that range). The 2 bits freed keep
    // the clock-in's place, so that the place costs no table beside the
    // entries (docs/DESIGN.md "Place of work").
    int16_t in_offset_min : 14 = 0;   // the clock-in's UTC offset, minutes
    uint16_t in_place : 2 = kInUnplaced;  // ClockInPlace: set as the page is decoded
    int16_t out_offset_min : 14 = 0;  // the clock-out's UTC offset, minutes

    static constexpr int kMaxOffsetMin = (1 << 13) - 1;

    // Offsets from the timestamp parser (within +-18:59, so they fit: the
    // narrowing is safe, and said once here rather than at every caller).
    void set_in_offset(int16_t minutes) noexcept {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
        in_offset_min = minutes;
#pragma GCC diagnostic pop
    }
    void set_out_offset(int16_t minutes) noexcept {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
        out_offset_min = minutes;
#pragma GCC diagnostic pop
    }

    void set_in_place(ClockInPlace p) noexcept { in_place = p & 3u; }

    bool open() const noexcept { return out_utc == kNoTime; }
    // The activity of a work entry; kNoCheckType for a pause.
    uint32_t activity() const noexcept { return pause ? kNoCheckType : check_type; }
    // The break type of a pause; kNoBreakType for a work entry.
    uint32_t break_type() const noexcept { return pause ? check_type : kNoBreakType; }
};
static_assert(sizeof(WorkEntry) == 48, "WorkEntry is meant to stay compact");

struct Employee {
    std::string id;
    std::string name;           // firstName + " " + lastName, trimmed; empty when unknown
    std::string identity_type;  // lower-case; empty when null
    std::string nid;            // empty when null
    bool has_nid = false;
    uint32_t first_size = 0;    // name's first name part: see name_parts()
};

// A name built as firstName + " " + lastName: name[0, first_size) is the
// first name, the surname starts after the space that follows it (the whole
// name when there is no first name). {surname, first name}.
struct NameParts {
    std::string_view surname, first;
};
inline NameParts name_parts(std::string_view name, std::size_t first_size) noexcept {
    first_size = std::min(first_size, name.size());
    const std::size_t gap = first_size > 0 && first_size < name.size() ? 1 : 0;
    return {name.substr(first_size + gap), name.substr(0, first_size)};
}

// s without leading and trailing spaces, tabs and line ends (names, ids).
std::string_view trim_spaces(std::string_view s) noexcept;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

// Employees by API id. When two entries disagree on an employee's details
// (data changed mid-run), the smallest (name, type, nid) wins, so the result
// does not depend on the order pages arrived in.
class EmployeeTable {
  public:
    uint32_t intern(std::string_view id, std::string_view first, std::string_view last,
                    std::string_view identity_type, std::string_view nid, bool has_nid);
    const Employee& operator[](uint32_t i) const { return employees_[i]; }
    std::size_t size() const noexcept { return employees_.size(); }

  private:
    std::vector<Employee> employees_;
    std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> index_;
};

// Id strings of one field seen in entries, by index: the index must fit
// WorkEntry::check_type's 29 bits.
class IdRefs {
  public:
    explicit IdRefs(const char* field) noexcept : field_(field) {}
    uint32_t intern(std::string_view id);
    const std::string& operator[](uint32_t i) const { return ids_[i]; }
    std::size_t size() const noexcept { return ids_.size(); }

  private:
    const char* field_;  // the API's name of the field, for errors
    std::vector<std::string> ids_;
    std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> index_;
};

// workCheckTypeId strings of work entries.
class CheckTypeRefs : public IdRefs {
  public:
    CheckTypeRefs() noexcept : IdRefs("workCheckTypeId") {}
};

// workBreakId strings of pauses (an extra the API document does not list:
// read when present, docs/DESIGN.md "Workday figures").
class BreakTypeRefs : public IdRefs {
  public:
    BreakTypeRefs() noexcept : IdRefs("workBreakId") {}
};

// The origins of clock-ins and clock-outs ("web", "app", ...), by index: a
// company has a handful, so a trace keeps one byte for each.
class OriginRefs {
  public:
    static constexpr std::size_t kMax = 254;
    // index + 1 (0 is "none"); a data error past kMax distinct values.
    uint8_t intern(std::string_view origin);
    // The origin of a trace's origin_in / origin_out (empty for 0).
    std::string_view operator[](uint8_t ref) const noexcept {
        return ref == 0 ? std::string_view() : std::string_view(names_[ref - 1u]);
    }
    std::size_t size() const noexcept { return names_.size(); }

  private:
    std::vector<std::string> names_;
};

// What an entry says about its own record (docs/DESIGN.md "Traceability and
// place of work"): kept beside the entries, never in WorkEntry, and only for
// a report that shows it, so a presence report pays nothing for it.
struct EntryTrace {
    int64_t created_utc = kNoTime;  // createdAt; kNoTime when null or absent
    int64_t updated_utc = kNoTime;  // updatedAt, likewise
    // workEntryIn.coordinates in 1e-7 degrees (about 1 cm); kNoCoordinate
    // when absent, null or (0, 0) (a device without a fix).
    int32_t lat_e7 = kNoCoordinate;
    int32_t lon_e7 = kNoCoordinate;
    uint8_t origin_in = 0;   // workEntryIn.origin: index in OriginRefs + 1; 0 = none
    uint8_t origin_out = 0;  // workEntryOut.origin, likewise
};

// The decoder's trace output: one EntryTrace per decoded entry, in the order
// of the entries, and the origins they refer to.
struct EntryTraces {
    OriginRefs origins;
    std::vector<EntryTrace> items;
};

}  // namespace reportgen::detail
