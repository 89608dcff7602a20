#pragma once
// The place of work a report shows (docs/DESIGN.md "Place of work"): each
// workday's places (the daily register's "Lugar") and each worker's remote
// share of effective time (the XLSX "Resumen"). A stage beside the shifts;
// the rule for one clock-in is trace.hpp's place_from, on what its
// coordinates said as its page was decoded (WorkEntry::in_place).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/trace.hpp"
#include "report/work_entry.hpp"

namespace reportgen::detail {

// The places of a workday's work entries, as bits.
enum PlaceBits : uint8_t {
    kPlaceUnknown = 1,
    kPlaceOnSite = 2,
    kPlaceRemote = 4,
};

// Whether a check type's name says remote work: with no `names` configured
// (remote_check_types), trace.hpp's default (it contains "teletrabajo" or
// "remote", case-insensitive); else it equals one of them, ASCII
// case-insensitive.
bool remote_check_type(std::string_view name, std::span<const std::string> names) noexcept;

// What a workday shows of its places: on site or remote when every entry
// whose place is known says so, mixed when they differ, unknown when no
// entry's place is known. 0 when the day has no work entry.
enum class DayPlace : uint8_t { none, unknown, on_site, remote, mixed };
DayPlace day_place(unsigned bits) noexcept;

class PlaceStage {
  public:
    // `remote_type[i]`: check type ref i says remote work (CheckTypeRefs
    // order). The offices were applied as the pages were decoded
    // (TraceTable::add_page).
    explicit PlaceStage(std::vector<bool> remote_type) : remote_type_(std::move(remote_type)) {}

    struct Shift {
        unsigned bits = 0;           // PlaceBits of its work entries
        int64_t remote_effective_s = 0;  // its effective time spent remote
    };
    // A shift of the report and its effective time: the places of its work
    // entries, and the effective time in the proportion of its closed work
    // entries' clock time that was remote (an open entry has no length).
    Shift shift(std::span<const WorkEntry> entries, int64_t effective_s) const;

    // The place of one work entry.
    Place place(const WorkEntry& e) const noexcept;

  private:
    std::vector<bool> remote_type_;
};

}  // namespace reportgen::detail
