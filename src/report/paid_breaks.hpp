#pragma once
// Which pauses are paid (docs/DESIGN.md "Workday figures"): the request's
// paid_breaks (names or ids) resolved against the company's break types,
// then, once every entry is in, against the break type ids the entries
// named. Pure: no I/O.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "report/work_entry.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {

// The ids of the company's break types that are paid: those `paid_breaks`
// names (each trimmed; an id matches exactly, a name case-insensitively for
// ASCII and Latin-1 letters, and a name shared by several break types pays
// them all), and those marked "remunerated". An empty item is skipped. A
// name or id that matches no break type is a usage error that lists the
// company's break types: a typo must not silently pay nothing.
std::vector<std::string> resolve_paid_breaks(std::span<const std::string> paid_breaks,
                                             std::span<const WorkBreak> company);

// Paid break types by the index the decoder gave their ids (BreakTypeRefs).
class PaidBreakRefs {
  public:
    PaidBreakRefs() = default;
    PaidBreakRefs(std::span<const std::string> paid_ids, const BreakTypeRefs& refs);
    bool paid(uint32_t break_type) const noexcept {
        return break_type < paid_.size() && paid_[break_type] != 0;
    }
    bool any() const noexcept { return any_; }

  private:
    std::vector<uint8_t> paid_;
    bool any_ = false;
};

}  // namespace reportgen::detail
