#include "api/timestamp.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

// Y-m-dTH:i:s[.frac](Z|+hh:mm|-hh:mm|+hhmm). A space is accepted for the 'T'.
std::optional<Timestamp> parse_timestamp(std::string_view s) noexcept {
    int y, mo, d, h, mi, se;
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || !digits(s, 8, 2, d) ||
        !digits(s, 11, 2, h) || !digits(s, 14, 2, mi) || !digits(s, 17, 2, se))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 ||
        static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo)) || h > 23 ||
        mi > 59 || se > 60)
        return std::nullopt;
    std::size_t p = 19;
    if (p < s.size() && s[p] == '.') {
        ++p;
        const std::size_t start = p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9')
            ++p;
        if (p == start) return std::nullopt;
    }
    int offset = 0;
    if (p < s.size() && s[p] == 'Z' && p + 1 == s.size()) {
        offset = 0;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
        const int sign = s[p] == '-' ? -1 : 1;
        int oh, om;
        if (p + 6 == s.size() && s[p + 3] == ':') {
            if (!digits(s, p + 1, 2, oh) || !digits(s, p + 4, 2, om)) return std::nullopt;
        } else if (p + 5 == s.size()) {
            if (!digits(s, p + 1, 2, oh) || !digits(s, p + 3, 2, om)) return std::nullopt;
        } else {
            return std::nullopt;
        }
        if (oh > 18 || om > 59) return std::nullopt;
        offset = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    const int64_t days =
        days_from_civil(CivilDate{y, static_cast<unsigned>(mo), static_cast<unsigned>(d)});
    const int64_t local = days * 86400 + h * 3600 + mi * 60 + se;
    return Timestamp{local - int64_t{offset} * 60, static_cast<int16_t>(offset)};
}

}  // namespace reportgen::detail
