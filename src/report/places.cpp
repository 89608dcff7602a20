#include "report/places.hpp"

#include <cmath>

namespace reportgen::detail {
namespace {

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

}  // namespace

bool remote_check_type(std::string_view name, std::span<const std::string> names) noexcept {
    if (names.empty()) return remote_check_type_name(name);
    for (const std::string& n : names)
        if (iequals(trim_spaces(n), trim_spaces(name))) return true;
    return false;
}

DayPlace day_place(unsigned bits) noexcept {
    const bool on_site = bits & kPlaceOnSite, remote = bits & kPlaceRemote;
    if (on_site && remote) return DayPlace::mixed;
    if (on_site) return DayPlace::on_site;
    if (remote) return DayPlace::remote;
    return bits & kPlaceUnknown ? DayPlace::unknown : DayPlace::none;
}

Place PlaceStage::place(const WorkEntry& e) const noexcept {
    const uint32_t type = e.activity();
    const bool remote_type = type < remote_type_.size() && remote_type_[type];
    return place_from(e.in_place, remote_type);
}

PlaceStage::Shift PlaceStage::shift(std::span<const WorkEntry> entries,
                                    int64_t effective_s) const {
    Shift out;
    int64_t work_s = 0, remote_s = 0;
    for (const WorkEntry& e : entries) {
        if (e.pause || e.deleted) continue;
        const Place p = place(e);
        out.bits |= p == Place::on_site  ? kPlaceOnSite
                    : p == Place::remote ? kPlaceRemote
                                         : kPlaceUnknown;
        if (e.open() || e.out_utc <= e.in_utc) continue;
        work_s += e.out_utc - e.in_utc;
        if (p == Place::remote) remote_s += e.out_utc - e.in_utc;
    }
    if (work_s > 0 && remote_s > 0 && effective_s > 0) {
        // Exact when every entry was remote (effective * work / work).
        out.remote_effective_s = std::llround(static_cast<double>(effective_s) *
                                              static_cast<double>(remote_s) /
                                              static_cast<double>(work_s));
    }
    return out;
}

}  // namespace reportgen::detail
