#pragma once
// What both paths of the page decoder share (src/api/page_decoder.cpp): where
// an error is, the keys of an entry, the API's timestamps, and the rules for
// values docs/API.md does not promise.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "api/page_decoder.hpp"
#include "api/timestamp.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {

// The timestamp parser (timestamp.cpp) refuses offsets past 18:59, so every
// offset it returns fits WorkEntry's 14-bit offset fields.
static_assert(18 * 60 + 59 <= WorkEntry::kMaxOffsetMin);

// Where the decoder is, for error messages: "work-entries page 3: entry 17:
// field workEntryIn.date: ...".
struct Where {
    int page;
    long entry = -1;  // index in data[], -1 outside it
    const char* field = nullptr;

    [[noreturn]] void fail(const std::string& what) const {
        std::string m = "work-entries page " + std::to_string(page);
        if (entry >= 0) m += ": entry " + std::to_string(entry);
        if (field) m += std::string(": field ") + field;
        m += ": " + what;
        throw data_error(m);
    }
    // A parser's error code (found by ADL: simdjson::error_message).
    template <class Code>
    [[noreturn]] void fail(const std::string& expected, Code e) const {
        fail("expected " + expected + " (" + error_message(e) + ")");
    }
};

// Two ASCII digits at p as a number, or -1.
inline int two_digits(const char* p) noexcept {
    const unsigned a = static_cast<unsigned char>(p[0]) - '0';
    const unsigned b = static_cast<unsigned char>(p[1]) - '0';
    return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1;
}

// The API's two shapes of timestamp, "2024-01-01T05:35:03+01:00" and
// "2024-01-01T05:35:03Z", without the general parser; the same checks and
// the same result as parse_timestamp(), which handles every other shape.
// The day of the last date seen is remembered: a page's entries share few.
class TimestampParser {
  public:
    std::optional<Timestamp> parse(std::string_view s) noexcept {
        const bool zulu = s.size() == 20 && s[19] == 'Z';
        const bool offset = s.size() == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':';
        if (!(zulu || offset) || s[10] != 'T' || s[13] != ':' || s[16] != ':')
            return parse_timestamp(s);
        const int h = two_digits(&s[11]), mi = two_digits(&s[14]), se = two_digits(&s[17]);
        if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return parse_timestamp(s);
        int off = 0;
        if (offset) {
            const int oh = two_digits(&s[20]), om = two_digits(&s[23]);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) return parse_timestamp(s);
            off = (s[19] == '-' ? -1 : 1) * (oh * 60 + om);
        }
        int64_t days;
        if (have_last_ && s.substr(0, 10) == std::string_view(last_date_, 10)) {
            days = last_days_;
        } else {
            const auto d = parse_iso_date(s.substr(0, 10));
            if (!d) return parse_timestamp(s);
            days = days_from_civil(*d);
            std::memcpy(last_date_, s.data(), 10);
            last_days_ = days;
            have_last_ = true;
        }
        const int64_t local = days * 86400 + h * 3600 + mi * 60 + se;
        return Timestamp{local - int64_t{off} * 60, static_cast<int16_t>(off)};
    }

  private:
    // Nothing remembered yet: the empty cache must not match a date of ten
    // NUL bytes (found by fuzz/fuzz_timestamp.cpp).
    bool have_last_ = false;
    char last_date_[10] = {};
    int64_t last_days_ = 0;
};

// Clock times a time-tracking entry can have: 1970-01-01 to 2100-01-01 UTC.
// Anything else is a corrupt value, refused before it reaches arithmetic.
constexpr int64_t kLatestTime = 4102444800;  // 2100-01-01T00:00:00Z
inline bool plausible(const Timestamp& t) noexcept {
    return t.utc >= 0 && t.utc < kLatestTime;
}
// workedSeconds when the entry has none (docs/API.md: absent in older
// payloads): out - in, 0 while open or when out precedes in. False when
// that does not fit in workedSeconds' range.
inline bool worked_from_clock(WorkEntry& e) noexcept {
    if (e.open() || e.out_utc <= e.in_utc) {
        e.worked_s = 0;
        return true;
    }
    const int64_t d = e.out_utc - e.in_utc;
    if (d > INT32_MAX) return false;
    e.worked_s = static_cast<int32_t>(d);
    return true;
}

// identityNumberType values docs/API.md names ("" is null).
inline bool known_identity_type(std::string_view t) noexcept {
    return t.empty() || t == "dni" || t == "nie" || t == "rut" || t == "other";
}

// The ids an entry named, stored once its type is known (its keys come in
// any order): a work entry keeps its activity, a pause its break type and
// "remunerated" (WorkEntry::check_type holds one or the other).
struct EntryRefs {
    std::string_view check_type, break_type;
    bool has_check_type = false, has_break_type = false, remunerated = false;

    template <class CheckTypeFn>
    void store(WorkEntry& e, CheckTypeFn&& intern_check_type, BreakTypeRefs& breaks) const {
        e.check_type = WorkEntry::kNoCheckType;
        e.remunerated = 0;
        if (!e.pause) {
            // < kNoCheckType: IdRefs::intern refuses more.
            if (has_check_type)
                e.check_type = intern_check_type(check_type) & WorkEntry::kNoCheckType;
            return;
        }
        if (has_break_type) e.check_type = breaks.intern(break_type) & WorkEntry::kNoBreakType;
        e.remunerated = remunerated ? 1 : 0;
    }
};

// The unknown employee, for entries whose employee is null.
inline uint32_t null_employee(EmployeeTable& employees) {
    return employees.intern({}, {}, {}, {}, {}, false);
}
// workedSeconds rounded down when it is a plain non-negative number with at
// most five decimals (what the API sends): its integer part, which is what
// floor(double) gives for those. False for anything else (exponents, more
// digits, negative, huge, not a number): then the caller parses a double,
// which also reports errors. The value is left unconsumed.
inline bool plain_seconds(std::string_view t, int32_t& out) noexcept {
    std::size_t i = 0;
    int64_t n = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i < 10)
        n = n * 10 + (t[i++] - '0');
    if (i == 0 || (i > 1 && t[0] == '0') || n > 2147483647) return false;
    if (i < t.size() && t[i] == '.') {
        const std::size_t frac = ++i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9')
            ++i;
        if (i == frac || i - frac > 5) return false;
    }
    for (; i < t.size(); ++i)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') return false;
    out = static_cast<int32_t>(n);
    return true;
}

// True when the key at k is exactly lit. The comparison may read past a
// shorter key's closing quote; the padded input makes that safe.
template <std::size_t N>
inline bool key_is(const char* k, const char (&lit)[N]) noexcept {
    return std::memcmp(k, lit, N - 1) == 0 && k[N - 1] == '"';
}

// The fields of a work entry the report reads, as bits: kAllKeys those of
// every entry, kPauseKeys the extras a pause may carry (workBreakId and
// "remunerated", not in the API document: read when present), kTraceKeys
// those read only when the caller asks for the entries' traces.
constexpr unsigned kId = 1, kType = 2, kCheckType = 4, kEmployee = 8, kIn = 16, kOut = 32,
                   kWorked = 64, kDeleted = 128, kAllKeys = 255, kBreak = 256,
                   kRemunerated = 512, kPauseKeys = kBreak | kRemunerated, kCreated = 1024,
                   kUpdated = 2048, kTraceKeys = kCreated | kUpdated;

// The fields of workEntryIn / workEntryOut read: reading a clock object
// stops once they are in. Without traces only the date; with them also
// the origin and (clock-in only) the coordinates.
constexpr unsigned kClockDate = 1, kClockOrigin = 2, kClockCoordinates = 4;
inline unsigned clock_keys(bool clock_in, bool trace) noexcept {
    if (!trace) return kClockDate;
    return kClockDate | kClockOrigin | (clock_in ? kClockCoordinates : 0u);
}

// A latitude (limit 90) or longitude (limit 180) in degrees as 1e-7
// degrees; false when not finite or out of range.
inline bool degrees_e7(double v, double limit, int32_t& out) noexcept {
    if (!(v >= -limit && v <= limit)) return false;
    out = static_cast<int32_t>(std::llround(v * 1e7));
    return true;
}

// (0, 0) is what a device without a position fix sends, not a place.
inline void drop_null_island(EntryTrace& t) noexcept {
    if (t.lat_e7 == 0 && t.lon_e7 == 0) t.lat_e7 = t.lon_e7 = kNoCoordinate;
}

// Reading an entry stops once every field it uses is in: for a work entry
// the eight of kAllKeys (and kTraceKeys when tracing), for a pause also both
// extras (so a pause without them is read to its end, and a later duplicate
// of a field wins there).
inline bool entry_complete(unsigned seen, bool pause, bool trace) noexcept {
    const unsigned all = trace ? kAllKeys | kTraceKeys : kAllKeys;
    return (seen & all) == all && (!pause || (seen & kPauseKeys) == kPauseKeys);
}

// Which of the fields above the key at k names (0: another field, and so
// createdAt / updatedAt when not tracing).
inline unsigned entry_key(const char* k, bool trace) noexcept {
    switch (k[0]) {
        case 'i':
            return key_is(k, "id") ? kId : 0;
        case 'e':
            return key_is(k, "employee") ? kEmployee : 0;
        case 'd':
            return key_is(k, "deletedAt") ? kDeleted : 0;
        case 'w':
            // workEntryType, workEntryIn, workEntryOut, workCheckTypeId,
            // workedSeconds, workBreakId.
            if (std::memcmp(k, "workEntry", 9) == 0) {
                if (key_is(k + 9, "Type")) return kType;
                if (key_is(k + 9, "In")) return kIn;
                if (key_is(k + 9, "Out")) return kOut;
                return 0;
            }
            if (key_is(k, "workCheckTypeId")) return kCheckType;
            if (key_is(k, "workedSeconds")) return kWorked;
            if (key_is(k, "workBreakId")) return kBreak;
            return 0;
        case 'r':
            return key_is(k, "remunerated") ? kRemunerated : 0;
        case 'c':
            return trace && key_is(k, "createdAt") ? kCreated : 0;
        case 'u':
            return trace && key_is(k, "updatedAt") ? kUpdated : 0;
        default:
            return 0;
    }
}

}  // namespace reportgen::detail
