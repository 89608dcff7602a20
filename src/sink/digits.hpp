#pragma once
// Hand-written digit formatting shared by format_date/time/duration and the
// CSV hot path. Inline so that CsvSink renders a cell straight into its
// buffer without a call, snprintf or allocation.
#include <cstddef>
#include <cstdint>

#include "reportgen/time.hpp"

namespace reportgen::detail {

// "00".."99" so one table load writes two digits.
inline constexpr char kTwoDigits[] =
    "00010203040506070809"
    "10111213141516171819"
    "20212223242526272829"
    "30313233343536373839"
    "40414243444546474849"
    "50515253545556575859"
    "60616263646566676869"
    "70717273747576777879"
    "80818283848586878889"
    "90919293949596979899";

inline void put2(char* out, unsigned v) noexcept {
    out[0] = kTwoDigits[2 * v];
    out[1] = kTwoDigits[2 * v + 1];
}

// dd/mm/yyyy. Years outside 0..9999 cannot fit the fixed width; they are
// rendered modulo 10000 (never seen in practice: dates come from the API).
inline void put_date(int64_t days, char* out) noexcept {
    const CivilDate d = civil_from_days(days);
    int y = d.year % 10000;
    if (y < 0) y += 10000;
    put2(out, d.day);
    out[2] = '/';
    put2(out + 3, d.month);
    out[5] = '/';
    put2(out + 6, static_cast<unsigned>(y / 100));
    put2(out + 8, static_cast<unsigned>(y % 100));
}

// HH:MM:SS of a time of day; values outside a day wrap (floor modulo 86400).
inline void put_time(int64_t secs, char* out) noexcept {
    int64_t s = secs % 86400;
    if (s < 0) s += 86400;
    const auto v = static_cast<unsigned>(s);
    put2(out, v / 3600);
    out[2] = ':';
    put2(out + 3, v / 60 % 60);
    out[5] = ':';
    put2(out + 6, v % 60);
}

// H..H:MM:SS with at least two hour digits; a negative value (outside the
// contract, but rendered honestly rather than wrapped) gets a leading '-'.
// At most 1 + 16 + 6 = 23 bytes for any int64_t; returns the length.
inline std::size_t put_duration(int64_t secs, char* out) noexcept {
    std::size_t n = 0;
    // Unsigned magnitude so that INT64_MIN does not overflow on negation.
    uint64_t mag = static_cast<uint64_t>(secs);
    if (secs < 0) {
        out[n++] = '-';
        mag = 0 - mag;
    }
    uint64_t hours = mag / 3600;
    const auto rest = static_cast<unsigned>(mag % 3600);
    if (hours < 100) {
        put2(out + n, static_cast<unsigned>(hours));
        n += 2;
    } else {
        char tmp[20];
        std::size_t k = 0;
        while (hours > 0) {
            tmp[k++] = static_cast<char>('0' + hours % 10);
            hours /= 10;
        }
        while (k > 0)
            out[n++] = tmp[--k];
    }
    out[n] = ':';
    put2(out + n + 1, rest / 60);
    out[n + 3] = ':';
    put2(out + n + 4, rest % 60);
    return n + 6;
}

}  // namespace reportgen::detail
