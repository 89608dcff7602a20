#pragma once
// Traceability and place of work (docs/DESIGN.md "Traceability and place of
// work", ../shared/docs/PAYROLL.md): which entries were modified after the
// fact, and whether a clock-in was on site or remote. Pure rules on one
// entry, tested at their boundaries (tests/report/trace_test.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

#include "report/work_entry.hpp"
#include "reportgen/config.hpp"

namespace reportgen::detail {

// An entry edited more than this after it was last clocked (PAYROLL.md: 5 min).
inline constexpr int64_t kEditedAfterS = 5 * 60;
// An entry created more than this after its own clock-out (PAYROLL.md: 15 min).
inline constexpr int64_t kCreatedLateS = 15 * 60;

// Why an entry counts as modified: bits.
enum ModifiedReason : uint8_t {
    kNotModified = 0,
    kEdited = 1,  // updatedAt > the later of createdAt and the clock-out, + 5 min
    kLate = 2,    // createdAt > the clock-out + 15 min (entered after the fact)
};

// The reasons an entry counts as modified (0: it does not). A live clock-in
// creates the record and the clock-out updates it, so the clock-out is not
// an edit: the 5 minutes run from the later of createdAt and the clock-out
// (an open entry: from createdAt). Unknown createdAt: no rule fires (both
// are measured from it); unknown updatedAt: only "late" can.
inline unsigned modified_reasons(const WorkEntry& e, const EntryTrace& t) noexcept {
    unsigned why = kNotModified;
    if (t.created_utc == kNoTime) return why;
    int64_t last_clock = t.created_utc;
    if (!e.open()) {
        if (t.created_utc > e.out_utc + kCreatedLateS) why |= kLate;
        if (e.out_utc > last_clock) last_clock = e.out_utc;
    }
    if (t.updated_utc != kNoTime && t.updated_utc > last_clock + kEditedAfterS) why |= kEdited;
    return why;
}

// When an entry was modified (UTC): its updatedAt when edited, else its
// createdAt when entered late; kNoTime when not modified.
inline int64_t modified_at(const WorkEntry& e, const EntryTrace& t) noexcept {
    const unsigned why = modified_reasons(e, t);
    if (why & kEdited) return t.updated_utc;
    if (why & kLate) return t.created_utc;
    return kNoTime;
}

// Which reports read the entries' traces: those that show a modification,
// the daily register (its "Modificado" column) and any XLSX (its
// "Modificaciones" sheet). Any other report decodes and stores none.
inline bool traces_shown(const ReportRequest& req) noexcept {
    return req.layout == Layout::daily || req.format == Format::xlsx;
}
// Which reports list the changes, deleted entries included (the
// "Modificaciones" sheet), and so fetch the deleted entries: XLSX.
inline bool changes_listed(const ReportRequest& req) noexcept {
    return req.format == Format::xlsx;
}

// Which reports show the place of work (PAYROLL.md "On-site / remote"):
// the daily register (its "Lugar" column) and any XLSX (the remote share in
// "Resumen"). Only they read the offices and keep the clock-ins' places.
inline bool place_shown(const ReportRequest& req) noexcept {
    return req.layout == Layout::daily || req.format == Format::xlsx;
}

// Where a clock-in was made (PAYROLL.md "On-site / remote").
enum class Place : uint8_t { unknown, on_site, remote };

// An office of GET /core/v3/offices: its coordinates (1e-7 degrees, as
// EntryTrace keeps a clock-in's) and its `radio` in metres.
struct Office {
    int32_t lat_e7 = 0;
    int32_t lon_e7 = 0;
    int64_t radius_m = 0;
};

// The great-circle distance in metres between two points given in 1e-7
// degrees (haversine, mean Earth radius 6,371,008.8 m).
inline double distance_m(int32_t lat1_e7, int32_t lon1_e7, int32_t lat2_e7,
                         int32_t lon2_e7) noexcept {
    constexpr double kEarthRadiusM = 6371008.8;
    constexpr double kRadPerE7 = 3.14159265358979323846 / 180.0 / 1e7;
    const double p1 = lat1_e7 * kRadPerE7, p2 = lat2_e7 * kRadPerE7;
    const double dp = p2 - p1, dl = (static_cast<double>(lon2_e7) - lon1_e7) * kRadPerE7;
    const double a = std::sin(dp / 2) * std::sin(dp / 2) +
                     std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * kEarthRadiusM * std::asin(std::sqrt(std::min(1.0, a)));
}

// Within an office's radio: the distance, rounded to the whole metre (what
// radio is given in, and finer than any phone's fix), at most radio.
inline bool within(const Office& o, int32_t lat_e7, int32_t lon_e7) noexcept {
    return std::llround(distance_m(o.lat_e7, o.lon_e7, lat_e7, lon_e7)) <= o.radius_m;
}

// A check type name that says remote work: it contains "teletrabajo" or
// "remote", ASCII case-insensitive (the default of `remote_check_types`).
inline bool remote_check_type_name(std::string_view name) noexcept {
    const auto contains = [&](std::string_view word) {
        for (std::size_t i = 0; i + word.size() <= name.size(); ++i) {
            std::size_t k = 0;
            while (k < word.size()) {
                char c = name[i + k];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                if (c != word[k]) break;
                ++k;
            }
            if (k == word.size()) return true;
        }
        return false;
    };
    return contains("teletrabajo") || contains("remote");
}

// A clock-in against the offices (ClockInPlace, work_entry.hpp). No office known (none listed, or the
// offices not read) places nothing: "outside every office" would then call
// every clock-in remote.
inline ClockInPlace clock_in_place(const EntryTrace& e, std::span<const Office> offices) noexcept {
    if (e.lat_e7 == kNoCoordinate || offices.empty()) return kInUnplaced;
    for (const Office& o : offices)
        if (within(o, e.lat_e7, e.lon_e7)) return kInOffice;
    return kInOutside;
}

// The place of a clock-in from what its coordinates said: within an
// office's radio: on site; outside every office: remote; else remote when
// its check type says so (`remote_by_check_type`), else unknown.
inline Place place_from(unsigned in_place, bool remote_by_check_type) noexcept {
    if (in_place == kInOffice) return Place::on_site;
    if (in_place == kInOutside) return Place::remote;
    return remote_by_check_type ? Place::remote : Place::unknown;
}

// The place of a clock-in: its coordinates against the offices, then its
// check type (clock_in_place, place_from).
inline Place place_of(const EntryTrace& e, std::span<const Office> offices,
                      bool remote_by_check_type) noexcept {
    return place_from(clock_in_place(e, offices), remote_by_check_type);
}

}  // namespace reportgen::detail
