#pragma once
// The API's timestamps: ISO 8601 with their own UTC offset.
#include <cstdint>
#include <optional>
#include <string_view>

namespace reportgen::detail {

// A timestamp with its own UTC offset ("2025-08-12T21:54:19+02:00", "...Z",
// fractional seconds allowed and dropped).
struct Timestamp {
    int64_t utc = 0;         // seconds since the epoch
    int16_t offset_min = 0;  // minutes east of UTC
    int64_t local() const noexcept { return utc + int64_t{offset_min} * 60; }
};
std::optional<Timestamp> parse_timestamp(std::string_view s) noexcept;

}  // namespace reportgen::detail
