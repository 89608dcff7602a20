#include "mockapi/common.hpp"

#include "reportgen/time.hpp"

namespace reportgen::mockapi {

namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Days since the epoch of the last Sunday of a month.
int64_t last_sunday(int year, unsigned month) noexcept {
    const int64_t last = days_from_civil(CivilDate{year, month, days_in_month(year, month)});
    const int64_t weekday = (last + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
    return last - weekday;
}

void put2(char* p, unsigned v) noexcept {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

bool parse_uuid(std::string_view s, Uuid& out) noexcept {
    if (s.size() != 36) return false;
    uint64_t words[2] = {0, 0};
    int nibble = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
            continue;
        }
        const int v = hex_value(s[i]);
        if (v < 0) return false;
        words[nibble / 16] = (words[nibble / 16] << 4) | static_cast<uint64_t>(v);
        ++nibble;
    }
    out = Uuid{words[0], words[1]};
    return true;
}

int madrid_offset_minutes(int64_t utc_seconds) noexcept {
    const int64_t day = floor_div(utc_seconds, 86400);
    const int year = civil_from_days(day).year;
    const int64_t begin = last_sunday(year, 3) * 86400 + 3600;
    const int64_t end = last_sunday(year, 10) * 86400 + 3600;
    return utc_seconds >= begin && utc_seconds < end ? 120 : 60;
}

int64_t madrid_to_utc(int64_t local_seconds) noexcept {
    // Guess with the standard offset, then correct with the offset in force
    // at the guess: right everywhere except inside the skipped spring hour.
    const int64_t guess = local_seconds - 3600;
    return local_seconds - 60 * madrid_offset_minutes(guess);
}

void append_timestamp(std::string& out, int64_t utc_seconds, bool zulu) {
    const int offset = zulu ? 0 : madrid_offset_minutes(utc_seconds);
    const int64_t local = utc_seconds + 60 * static_cast<int64_t>(offset);
    const int64_t day = floor_div(local, 86400);
    const int64_t sod = local - day * 86400;
    const CivilDate d = civil_from_days(day);
    char buf[25];
    const unsigned y = static_cast<unsigned>(d.year);
    put2(buf, y / 100 % 100);
    put2(buf + 2, y % 100);
    buf[4] = '-';
    put2(buf + 5, d.month);
    buf[7] = '-';
    put2(buf + 8, d.day);
    buf[10] = 'T';
    put2(buf + 11, static_cast<unsigned>(sod / 3600));
    buf[13] = ':';
    put2(buf + 14, static_cast<unsigned>(sod / 60 % 60));
    buf[16] = ':';
    put2(buf + 17, static_cast<unsigned>(sod % 60));
    if (zulu) {
        buf[19] = 'Z';
        out.append(buf, 20);
        return;
    }
    buf[19] = offset < 0 ? '-' : '+';
    const unsigned a = static_cast<unsigned>(offset < 0 ? -offset : offset);
    put2(buf + 20, a / 60);
    buf[22] = ':';
    put2(buf + 23, a % 60);
    out.append(buf, 25);
}

void append_json_string(std::string& out, std::string_view s, bool ascii) {
    static constexpr char hex[] = "0123456789abcdef";
    auto u_escape = [&](unsigned cp) {
        char b[6] = {
            '\\',         'u', hex[(cp >> 12) & 0xF], hex[(cp >> 8) & 0xF], hex[(cp >> 4) & 0xF],
            hex[cp & 0xF]};
        out.append(b, 6);
    };
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run that needs no escaping in one append.
        std::size_t j = i;
        while (j < s.size()) {
            const auto c = static_cast<unsigned char>(s[j]);
            if (c < 0x20 || c == '"' || c == '\\' || (ascii && (c >= 0x80 || c == '/'))) break;
            ++j;
        }
        out.append(s.data() + i, j - i);
        i = j;
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c == '/') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
            ++i;
        } else if (c < 0x20) {
            switch (c) {
                case '\n':
                    out.append("\\n");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    u_escape(c);
            }
            ++i;
        } else {
            // Non-ASCII in ascii mode: decode one UTF-8 sequence. Invalid
            // bytes (never produced by our own data) become U+FFFD.
            unsigned cp = 0xFFFD;
            std::size_t len = 1;
            auto cont = [&](std::size_t k) {
                return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
            };
            auto bits = [&](std::size_t k) {
                return static_cast<unsigned>(static_cast<unsigned char>(s[i + k]) & 0x3F);
            };
            if ((c & 0xE0) == 0xC0 && cont(1)) {
                cp = ((c & 0x1Fu) << 6) | bits(1);
                len = 2;
            } else if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
                cp = ((c & 0x0Fu) << 12) | (bits(1) << 6) | bits(2);
                len = 3;
            } else if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
                cp = ((c & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
                len = 4;
            }
            if (cp >= 0x10000) {
                cp -= 0x10000;
                u_escape(0xD800 + (cp >> 10));
                u_escape(0xDC00 + (cp & 0x3FF));
            } else {
                u_escape(cp);
            }
            i += len;
        }
    }
    out.push_back('"');
}

}  // namespace reportgen::mockapi
