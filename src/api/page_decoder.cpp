// Work-entries pages through simdjson On-Demand: one pass over each entry's
// fields, skipping everything the report does not use without building a DOM.
#include <nlohmann/json.hpp>
#include <simdjson.h>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/page_decoder_knobs.hpp"
#include "reportgen/decoder.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen {

namespace od = simdjson::ondemand;

std::atomic<bool> detail::page_decoder_fast_path{true};

namespace {

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
    [[noreturn]] void fail(const std::string& expected, simdjson::error_code e) const {
        fail("expected " + expected + " (" + simdjson::error_message(e) + ")");
    }
};

// Printable start of a body for "not JSON" messages (an HTML page from a proxy).
std::string preview(std::string_view body) {
    std::string out;
    for (char c : body.substr(0, 60))
        out.push_back((c >= 32 && c < 127) ? c : ' ');
    return out;
}

// First byte offset that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        std::size_t len;
        uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

// Finds which entry of data[] and which key hold a byte offset, with a light
// structural scan (used only to explain an invalid-UTF-8 error).
void locate(std::string_view s, std::size_t offset, long& entry, std::string& key) {
    int depth = 0;
    int data_depth = -1;  // depth inside the data array
    bool in_string = false;
    std::size_t str_start = 0;
    std::string_view last_string;
    entry = -1;
    for (std::size_t i = 0; i < s.size() && i < offset; ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
                last_string = s.substr(str_start, i - str_start);
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                str_start = i + 1;
                break;
            case ':':
                key = std::string(last_string);
                break;
            case '[':
                ++depth;
                if (depth == 2 && key == "data") data_depth = depth;
                break;
            case '{':
                ++depth;
                if (data_depth > 0 && depth == data_depth + 1) ++entry;
                break;
            case ']':
            case '}':
                if (depth == data_depth && c == ']') data_depth = -1;
                --depth;
                break;
            default:
                break;
        }
    }
}

// Byte offset of the first JSON syntax error in body, found by nlohmann's
// SAX parser (no DOM is built), or npos. Only explains a page simdjson has
// rejected, so its cost does not matter.
std::size_t first_syntax_error(std::string_view body) {
    using json = nlohmann::json;
    struct Sax : nlohmann::json_sax<json> {
        std::size_t at = std::string_view::npos;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t position, const std::string&,
                         const nlohmann::detail::exception&) override {
            at = position > 0 ? position - 1 : 0;  // nlohmann counts bytes read
            return false;
        }
    } sax;
    json::sax_parse(body, &sax);
    return sax.at;
}

// The content of a string value that has no escape sequence, read in place
// without unescaping (most of the API's strings: ids, dates, enums). False
// for anything else (escapes, other types): then the caller unescapes with
// get_string(), which also reports type errors. The value is left unconsumed;
// the enclosing object's iteration skips it.
inline bool plain_string(od::value& v, std::string_view& out) noexcept {
    const std::string_view tok = v.raw_json_token();
    if (tok.empty() || tok.front() != '"') return false;
    // The token runs to the next structural character, so it holds the
    // closing quote; stage 1 has validated the UTF-8 of the whole page.
    const char* const begin = tok.data() + 1;
    const char* const end = tok.data() + tok.size();
    for (const char* q = begin; q < end; ++q) {
        if (*q == '"') {
            out = std::string_view(begin, static_cast<std::size_t>(q - begin));
            return true;
        }
        if (*q == '\\') return false;
    }
    return false;
}

std::string_view get_string(od::value& v, const Where& w) {
    std::string_view s;
    if (plain_string(v, s)) return s;
    if (auto e = v.get_string().get(s)) w.fail("a string", e);
    return s;
}

// A string or null; returns false on null.
bool get_nullable_string(od::value& v, const Where& w, std::string_view& out) {
    bool null = false;
    if (auto e = v.is_null().get(null)) w.fail("a string or null", e);
    if (null) return false;
    out = get_string(v, w);
    return true;
}

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
        if (s.substr(0, 10) == std::string_view(last_date_, 10)) {
            days = last_days_;
        } else {
            const auto d = parse_iso_date(s.substr(0, 10));
            if (!d) return parse_timestamp(s);
            days = days_from_civil(*d);
            std::memcpy(last_date_, s.data(), 10);
            last_days_ = days;
        }
        const int64_t local = days * 86400 + h * 3600 + mi * 60 + se;
        return Timestamp{local - int64_t{off} * 60, static_cast<int16_t>(off)};
    }

  private:
    char last_date_[10] = {};
    int64_t last_days_ = 0;
};

// Clock times a time-tracking entry can have: 1970-01-01 to 2100-01-01 UTC.
// Anything else is a corrupt value, refused before it reaches arithmetic.
constexpr int64_t kLatestTime = 4102444800;  // 2100-01-01T00:00:00Z
inline bool plausible(const Timestamp& t) noexcept {
    return t.utc >= 0 && t.utc < kLatestTime;
}

Timestamp get_timestamp(od::value& v, const Where& w, TimestampParser& parser) {
    const std::string_view s = get_string(v, w);
    const auto ts = parser.parse(s);
    if (!ts) w.fail("a timestamp like 2025-08-12T21:54:19+02:00, got '" + std::string(s) + "'");
    if (!plausible(*ts))
        w.fail("a timestamp between 1970 and 2100, got '" + std::string(s) + "'");
    return *ts;
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
inline bool plain_seconds(od::value& v, int32_t& out) noexcept {
    return plain_seconds(v.raw_json_token(), out);
}

// The length of the JSON object or array starting at p (balanced brackets,
// strings skipped), or 0 when it does not end before `end`.
std::size_t json_extent(const char* p, const char* end) noexcept {
    int depth = 0;
    for (const char* q = p; q < end; ++q) {
        switch (*q) {
            case '"':
                for (++q; q < end && *q != '"'; ++q)
                    if (*q == '\\') ++q;
                break;
            case '{':
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                if (--depth == 0) return static_cast<std::size_t>(q + 1 - p);
                break;
            default:
                break;
        }
    }
    return 0;
}

int64_t get_meta_int(od::value& v, const Where& w) {
    int64_t x = 0;
    if (auto e = v.get_int64().get(x)) w.fail("a whole number", e);
    if (x < 0) w.fail("a number >= 0, got " + std::to_string(x));
    return x;
}

// The decoder's memory of the employees and check type ids it has interned,
// so that entries of known employees (all but the first one of each) skip
// the tables' string-keyed lookups. A shortcut only: every hit is checked
// against the table, and the tables' intern() stays the one place that
// decides. It grows with the employees of a report, like the table does.
class InternCache {
  public:
    // Forget everything when handed other tables than last time.
    void bind(const EmployeeTable& employees, const CheckTypeRefs& check_types) {
        if (&employees != employees_ || employees.size() < employees_size_ ||
            &check_types != check_types_ || check_types.size() < check_types_size_) {
            known_.clear();
            slots_.assign(slots_.size(), 0);
            refs_.assign(kRefSlots, Ref{});
            raw_total_ = 0;
            employees_ = &employees;
            check_types_ = &check_types;
        }
    }
    void remember_sizes(const EmployeeTable& employees, const CheckTypeRefs& check_types) {
        employees_size_ = employees.size();
        check_types_size_ = check_types.size();
    }

    // The employee whose JSON object starts at p (its '{'; end bounds the
    // page) when that object is byte for byte the one last interned for its
    // id: the same details, so intern() would return the same index and
    // change nothing. nullopt otherwise (then decode it and call employee()).
    std::optional<uint32_t> employee_raw(const EmployeeTable& table, const char* p, const char* end,
                                         std::size_t& length) {
        if (end - p < 45 || std::memcmp(p, "{\"id\":\"", 7) != 0 || p[43] != '"')
            return std::nullopt;
        const std::string_view id(p + 7, 36);
        const uint32_t slot = *find(EntryId::from_string(id), id);
        if (slot == 0) return std::nullopt;
        const Known& k = known_[slot - 1];
        if (k.raw.empty() || static_cast<std::size_t>(end - p) < k.raw.size() ||
            std::memcmp(p, k.raw.data(), k.raw.size()) != 0)
            return std::nullopt;
        if (k.index < table.size() && table[k.index].id == id) {
            length = k.raw.size();
            return k.index;
        }
        return std::nullopt;
    }

    // Interns an employee decoded from the object at raw (raw..end: the rest
    // of the page) and remembers its details and, within a bound, its bytes.
    uint32_t employee(EmployeeTable& table, std::string_view id, std::string_view first,
                      std::string_view last, std::string_view type, std::string_view nid,
                      bool has_nid, const char* raw, const char* end) {
        const EntryId key = EntryId::from_string(id);
        if (known_.size() * 2 >= slots_.size()) grow();
        uint32_t* slot = find(key, id);
        Known* k;
        if (*slot != 0) {
            k = &known_[*slot - 1];
            // Exactly the details last interned for this id: intern() would
            // return the same index and change nothing (the table keeps the
            // smallest details it was offered, and these were offered).
            if (!(k->first == first && k->last == last && k->type == type && k->nid == nid &&
                  k->has_nid == has_nid && k->index < table.size() && table[k->index].id == id)) {
                k->index = table.intern(id, first, last, type, nid, has_nid);
                k->first.assign(first);
                k->last.assign(last);
                k->type.assign(type);
                k->nid.assign(nid);
                k->has_nid = has_nid;
            }
        } else {
            const uint32_t index = table.intern(id, first, last, type, nid, has_nid);
            known_.push_back(Known{key,
                                   index,
                                   std::string(id),
                                   std::string(first),
                                   std::string(last),
                                   std::string(type),
                                   std::string(nid),
                                   has_nid,
                                   {}});
            *slot = static_cast<uint32_t>(known_.size());
            k = &known_.back();
        }
        remember_raw(*k, raw, end);
        return k->index;
    }

    uint32_t check_type(CheckTypeRefs& refs, std::string_view id) {
        const EntryId key = EntryId::from_string(id);
        Ref& r = refs_[(key.hi ^ key.lo ^ (key.lo >> 29)) & (kRefSlots - 1)];
        if (r.used && r.key == key && r.index < refs.size() && refs[r.index] == id) return r.index;
        r = Ref{key, refs.intern(id), true};
        return r.index;
    }

  private:
    static constexpr std::size_t kRefSlots = 64;  // direct-mapped; a collision re-interns
    // Employee objects kept byte for byte: at most this long each (a fat one
    // is ~1.3 KB) and this much in all; the others take the decoding path.
    static constexpr std::size_t kMaxRaw = 4096;
    static constexpr std::size_t kMaxRawTotal = 4u << 20;
    struct Known {
        EntryId key;  // the id's 128 bits (a UUID's, or a hash)
        uint32_t index;
        std::string id, first, last, type, nid;
        bool has_nid;
        std::string raw;  // the object as last interned (empty: not kept)
    };
    struct Ref {
        EntryId key;
        uint32_t index = 0;
        bool used = false;
    };

    void remember_raw(Known& k, const char* raw, const char* end) {
        raw_total_ -= k.raw.size();
        k.raw.clear();
        if (raw == nullptr || end - raw < 45 || std::memcmp(raw, "{\"id\":\"", 7) != 0) return;
        const std::size_t n = json_extent(raw, std::min(end, raw + kMaxRaw));
        if (n == 0 || raw_total_ + n > kMaxRawTotal) return;
        k.raw.assign(raw, n);
        raw_total_ += n;
    }

    static std::size_t hash(const EntryId& k) noexcept {
        return static_cast<std::size_t>((k.hi ^ (k.lo * 0x9E3779B97F4A7C15ull)) >> 7);
    }
    // The slot holding id, or the empty slot where it belongs (open addressing).
    uint32_t* find(const EntryId& key, std::string_view id) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const uint32_t s = slots_[i];
            if (s == 0) return &slots_[i];
            const Known& k = known_[s - 1];
            if (k.key == key && k.id == id) return &slots_[i];
        }
    }
    void grow() {
        slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t n = 0; n < known_.size(); ++n) {
            std::size_t i = hash(known_[n].key) & mask;
            while (slots_[i] != 0)
                i = (i + 1) & mask;
            slots_[i] = static_cast<uint32_t>(n + 1);
        }
    }

    std::vector<Known> known_;
    std::vector<uint32_t> slots_ = std::vector<uint32_t>(1024, 0);  // known_ index + 1; 0 = empty
    std::vector<Ref> refs_ = std::vector<Ref>(kRefSlots);
    std::size_t raw_total_ = 0;
    const EmployeeTable* employees_ = nullptr;
    const CheckTypeRefs* check_types_ = nullptr;
    std::size_t employees_size_ = 0;
    std::size_t check_types_size_ = 0;
};

// The raw bytes of a field's key (up to its closing quote, unescaped keys only:
// the API's keys have no escapes).
inline const char* key_bytes(od::field& f) noexcept {
    return reinterpret_cast<const char*>(f.key().raw());
}

// True when the key at k is exactly lit. The comparison may read past a
// shorter key's closing quote; the padded input makes that safe.
template <std::size_t N>
inline bool key_is(const char* k, const char (&lit)[N]) noexcept {
    return std::memcmp(k, lit, N - 1) == 0 && k[N - 1] == '"';
}

// The fields of a work entry the report reads, as bits.
constexpr unsigned kId = 1, kType = 2, kCheckType = 4, kEmployee = 8, kIn = 16, kOut = 32,
                   kWorked = 64, kDeleted = 128, kAllKeys = 255;

// Which of the fields above the key at k names (0: another field).
inline unsigned entry_key(const char* k) noexcept {
    switch (k[0]) {
        case 'i':
            return key_is(k, "id") ? kId : 0;
        case 'e':
            return key_is(k, "employee") ? kEmployee : 0;
        case 'd':
            return key_is(k, "deletedAt") ? kDeleted : 0;
        case 'w':
            // workEntryType, workEntryIn, workEntryOut, workCheckTypeId,
            // workedSeconds (and workBreakId, not read).
            if (std::memcmp(k, "workEntry", 9) == 0) {
                if (key_is(k + 9, "Type")) return kType;
                if (key_is(k + 9, "In")) return kIn;
                if (key_is(k + 9, "Out")) return kOut;
                return 0;
            }
            if (key_is(k, "workCheckTypeId")) return kCheckType;
            if (key_is(k, "workedSeconds")) return kWorked;
            return 0;
        default:
            return 0;
    }
}

// The employee object of an entry: its id and the four fields the report
// shows, interned. Returns the employee's index.
uint32_t decode_employee(od::value& v, Where& w, EmployeeTable& employees, InternCache& cache,
                         const char* raw, const char* end) {
    od::object emp;
    if (auto e = v.get_object().get(emp)) w.fail("an object", e);
    std::string_view id, first, last, type, nid;
    bool has_nid = false;
    constexpr unsigned eId = 1, eFirst = 2, eLast = 4, eNid = 8, eType = 16, eAll = 31;
    unsigned seen = 0;
    for (auto ef_result : emp) {
        od::field ef;
        if (auto e = std::move(ef_result).get(ef)) w.fail("a well-formed object", e);
        const char* ek = key_bytes(ef);
        od::value& ev = ef.value();
        if (key_is(ek, "id")) {
            w.field = "employee.id";
            id = get_string(ev, w);
            seen |= eId;
        } else if (key_is(ek, "firstName")) {
            w.field = "employee.firstName";
            first = {};
            get_nullable_string(ev, w, first);
            seen |= eFirst;
        } else if (key_is(ek, "lastName")) {
            w.field = "employee.lastName";
            last = {};
            get_nullable_string(ev, w, last);
            seen |= eLast;
        } else if (key_is(ek, "nid")) {
            w.field = "employee.nid";
            nid = {};
            has_nid = get_nullable_string(ev, w, nid) && !nid.empty();
            seen |= eNid;
        } else if (key_is(ek, "identityNumberType")) {
            w.field = "employee.identityNumberType";
            type = {};
            get_nullable_string(ev, w, type);
            seen |= eType;
        } else {
            continue;
        }
        // Fat pages embed the whole employee (contract, company, custom
        // fields...): stop reading once the five fields used are in.
        if (seen == eAll) break;
    }
    if (!(seen & eId)) {
        w.field = "employee.id";
        w.fail("a string, but it is missing");
    }
    // The views point into the parser's string buffer, valid until the next
    // page: intern copies what it keeps.
    return cache.employee(employees, id, first, last, type, nid, has_nid, raw, end);
}

// ---------------------------------------------------------------------------
// The fast path: one work entry read straight from its bytes, for entries
// shaped as the API sends them. It reads exactly what the On-Demand path
// below reads, with the same rules (first-seen order, last duplicate wins,
// reading stops once every field used is in), but accepts less: any escape
// in a string it needs, a value of an unexpected type, a number in another
// form, a missing field, anything it is not sure of, and it gives up on the
// entry (returns false) before storing anything, and the On-Demand path
// decodes the page again from the start (and reports its errors).
// It also checks that the page is valid JSON: every byte it does not read
// goes through skip_value(), which accepts only what JSON allows (and
// leaves rare forms, exponents or \u surrogates, to the full validator).
// The page's UTF-8 has been validated before.
namespace fast {

inline bool is_ws(char c) noexcept {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
inline void skip_ws(const char*& p, const char* end) noexcept {
    while (p < end && is_ws(*p))
        ++p;
}

// The first byte at or after p that is a quote, a backslash or a control
// character (< 0x20, which JSON strings must escape), or end. Reads up to 31
// bytes past end: the page is padded (SIMDJSON_PADDING) beyond it.
inline const char* next_special(const char* p, const char* end) noexcept {
#if defined(__AVX2__)
    const __m256i quote = _mm256_set1_epi8('"'), slash = _mm256_set1_epi8('\\'),
                  ctl = _mm256_set1_epi8(0x1F);
    for (; p < end; p += 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        const __m256i hit =
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, slash)),
                            _mm256_cmpeq_epi8(_mm256_max_epu8(v, ctl), ctl));
        const auto mask = static_cast<uint32_t>(_mm256_movemask_epi8(hit));
        if (mask != 0) {
            const char* q = p + __builtin_ctz(mask);
            return q < end ? q : end;
        }
    }
    return end;
#elif defined(__SSE2__)
    // Baseline x86-64 (the portable build): the same scan, 16 bytes at a time.
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    for (; p < end; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                         _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
        const auto mask = static_cast<uint32_t>(_mm_movemask_epi8(hit));
        if (mask != 0) {
            const char* q = p + __builtin_ctz(mask);
            return q < end ? q : end;
        }
    }
    return end;
#else
    for (; p < end; ++p) {
        const char c = *p;
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return p;
    }
    return end;
#endif
}

inline bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// p just after an opening quote: past the closing quote, having checked the
// string as JSON requires (no raw control character, valid escapes). A
// \u escape of a surrogate is left to the full validator (false), as is
// anything wrong.
inline bool skip_string(const char*& p, const char* end) noexcept {
    for (;;) {
        const char* q = next_special(p, end);
        if (q >= end || static_cast<unsigned char>(*q) < 0x20) return false;
        if (*q == '"') {
            p = q + 1;
            return true;
        }
        switch (q[1]) {  // an escape; the padding makes q[1..5] readable
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                p = q + 2;
                break;
            case 'u':
                if (!is_hex(q[2]) || !is_hex(q[3]) || !is_hex(q[4]) || !is_hex(q[5])) return false;
                if ((q[2] == 'd' || q[2] == 'D') && q[3] >= '8') return false;  // a surrogate
                p = q + 6;
                break;
            default:
                return false;
        }
        if (p > end) return false;
    }
}

// A string without escapes at p (its opening quote): out is its content, p
// moves past the closing quote.
inline bool plain(const char*& p, const char* end, std::string_view& out) noexcept {
    if (p >= end || *p != '"') return false;
    const char* const b = p + 1;
    const char* q = next_special(b, end);
    if (q >= end || *q != '"') return false;
    out = std::string_view(b, static_cast<std::size_t>(q - b));
    p = q + 1;
    return true;
}

inline bool is_delimiter(const char* p, const char* end) noexcept {
    return p < end && (is_ws(*p) || *p == ',' || *p == '}' || *p == ']');
}

// The literal lit at p, followed by a delimiter, consumed.
template <std::size_t N>
inline bool literal_at(const char*& p, const char* end, const char (&lit)[N]) noexcept {
    if (static_cast<std::size_t>(end - p) < N || std::memcmp(p, lit, N - 1) != 0 ||
        !is_delimiter(p + N - 1, end))
        return false;
    p += N - 1;
    return true;
}
inline bool null_at(const char*& p, const char* end) noexcept {
    return literal_at(p, end, "null");
}

inline bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// A JSON number at p, followed by a delimiter. Exponents and integer parts
// of more than 18 digits are left to the full validator (false): whether it
// takes them depends on their range.
inline bool skip_number(const char*& p, const char* end) noexcept {
    const char* q = p;
    if (*q == '-') ++q;
    const char* const digits = q;
    if (*q == '0') {
        ++q;
    } else if (*q >= '1' && *q <= '9') {
        while (q < end && is_digit(*q))
            ++q;
    } else {
        return false;
    }
    if (q - digits > 18) return false;
    if (q < end && *q == '.') {
        ++q;
        if (q >= end || !is_digit(*q)) return false;
        while (q < end && is_digit(*q))
            ++q;
    }
    if (!is_delimiter(q, end)) return false;
    p = q;
    return true;
}

// Nesting a skipped value may have below the entry; deeper values are left
// to the full validator (whose own limit is far above).
constexpr int kMaxSkipDepth = 32;

bool skip_value(const char*& p, const char* end, int depth = 0) noexcept;

// Inside an object, after a member's value: the remaining members, checked
// as JSON, and past the closing brace.
inline bool finish_object(const char*& p, const char* end, int depth = 0) noexcept {
    for (;;) {
        skip_ws(p, end);
        if (p >= end) return false;
        if (*p == '}') {
            ++p;
            return true;
        }
        if (*p != ',') return false;
        ++p;
        skip_ws(p, end);
        if (p >= end || *p != '"') return false;
        ++p;
        if (!skip_string(p, end)) return false;
        skip_ws(p, end);
        if (p >= end || *p != ':') return false;
        ++p;
        skip_ws(p, end);
        if (!skip_value(p, end, depth)) return false;
    }
}

// At '{' or '[': the whole container, checked as JSON.
inline bool skip_container(const char*& p, const char* end, int depth) noexcept {
    if (depth >= kMaxSkipDepth) return false;
    const bool object = *p == '{';
    ++p;
    skip_ws(p, end);
    if (p >= end) return false;
    if (*p == (object ? '}' : ']')) {
        ++p;
        return true;
    }
    if (object) {
        if (*p != '"') return false;
        ++p;
        if (!skip_string(p, end)) return false;
        skip_ws(p, end);
        if (p >= end || *p != ':') return false;
        ++p;
        skip_ws(p, end);
        return skip_value(p, end, depth + 1) && finish_object(p, end, depth + 1);
    }
    for (;;) {
        if (!skip_value(p, end, depth + 1)) return false;
        skip_ws(p, end);
        if (p >= end) return false;
        if (*p == ']') {
            ++p;
            return true;
        }
        if (*p != ',') return false;
        ++p;
        skip_ws(p, end);
    }
}

// Skips any value at p, checked as JSON: every byte the fast path does not
// read still goes through here, so the page it accepts is valid JSON.
bool skip_value(const char*& p, const char* end, int depth) noexcept {
    if (p >= end) return false;
    switch (*p) {
        case '"':
            ++p;
            return skip_string(p, end);
        case '{':
        case '[':
            return skip_container(p, end, depth);
        case 't':
            return literal_at(p, end, "true");
        case 'f':
            return literal_at(p, end, "false");
        case 'n':
            return literal_at(p, end, "null");
        default:
            return skip_number(p, end);
    }
}

// Object iteration: at '{' (or after a value), the next key, or false at
// the '}' (p then past it) or on any malformation (ok cleared).
class Fields {
  public:
    Fields(const char*& p, const char* end) noexcept : p_(p), end_(end) {
        ok_ = p_ < end_ && *p_ == '{';
        if (ok_) ++p_;
    }
    bool next(std::string_view& key) noexcept {
        if (!ok_) return false;
        skip_ws(p_, end_);
        if (p_ >= end_) return ok_ = false;
        if (first_) {
            first_ = false;
            if (*p_ == '}') {
                ++p_;
                return false;
            }
        } else {
            if (*p_ == '}') {
                ++p_;
                return false;
            }
            if (*p_ != ',') return ok_ = false;
            ++p_;
            skip_ws(p_, end_);
        }
        if (!plain(p_, end_, key)) return ok_ = false;
        skip_ws(p_, end_);
        if (p_ >= end_ || *p_ != ':') return ok_ = false;
        ++p_;
        skip_ws(p_, end_);
        return p_ < end_ || (ok_ = false);
    }
    bool ok() const noexcept { return ok_; }
    void fail() noexcept { ok_ = false; }

  private:
    const char*& p_;
    const char* end_;
    bool ok_;
    bool first_ = true;
};

// The key as entry_key() and key_is() see it: its bytes then the quote.
inline const char* key_ptr(std::string_view key) noexcept {
    return key.data();
}

// A string or null for the employee's optional fields (null: empty).
inline bool nullable(const char*& p, const char* end, std::string_view& out, bool& is_null) {
    is_null = null_at(p, end);
    if (is_null) {
        out = {};
        return true;
    }
    return plain(p, end, out);
}

// The employee object at p, interned; p moves past it.
inline bool employee(const char*& p, const char* end, EmployeeTable& employees, InternCache& cache,
                     uint32_t& index) {
    const char* const start = p;
    std::size_t raw_len = 0;
    if (const auto known = cache.employee_raw(employees, start, end, raw_len)) {
        index = *known;
        p += raw_len;  // byte for byte the object remembered: its length
        return true;
    }
    constexpr unsigned eId = 1, eFirst = 2, eLast = 4, eNid = 8, eType = 16, eAll = 31;
    unsigned seen = 0;
    std::string_view id, first, last, type, nid, key;
    bool has_nid = false, null = false;
    Fields f(p, end);
    while (f.next(key)) {
        const char* k = key_ptr(key);
        if (key_is(k, "id")) {
            if (!plain(p, end, id)) return false;
            seen |= eId;
        } else if (key_is(k, "firstName")) {
            if (!nullable(p, end, first, null)) return false;
            seen |= eFirst;
        } else if (key_is(k, "lastName")) {
            if (!nullable(p, end, last, null)) return false;
            seen |= eLast;
        } else if (key_is(k, "nid")) {
            if (!nullable(p, end, nid, null)) return false;
            has_nid = !null && !nid.empty();
            seen |= eNid;
        } else if (key_is(k, "identityNumberType")) {
            if (!nullable(p, end, type, null)) return false;
            seen |= eType;
        } else if (!skip_value(p, end)) {
            return false;
        }
        if (seen == eAll) break;
    }
    if (!f.ok() || !(seen & eId)) return false;
    // The rest of the object is not read (as in the On-Demand path).
    if (seen == eAll && !finish_object(p, end)) return false;
    index = cache.employee(employees, id, first, last, type, nid, has_nid, start, end);
    return true;
}

// {"date": "..."} of workEntryIn / workEntryOut: the first "date" key's
// value; the rest of the object is not read. date_null: it was null.
inline bool clock(const char*& p, const char* end, TimestampParser& tp, bool& have, bool& date_null,
                  Timestamp& ts) {
    have = date_null = false;
    std::string_view key;
    Fields f(p, end);
    while (f.next(key)) {
        if (key_is(key_ptr(key), "date")) {
            have = true;
            if (null_at(p, end)) {
                date_null = true;
            } else {
                std::string_view s;
                if (!plain(p, end, s)) return false;
                const auto t = tp.parse(s);
                if (!t || !plausible(*t)) return false;
                ts = *t;
            }
            // The rest of the object is not used (as in the On-Demand path).
            return finish_object(p, end);
        }
        if (!skip_value(p, end)) return false;
    }
    return f.ok();
}

// One entry at p (its '{'). True with `entry` filled, or false, having
// stored nothing but idempotent interning the On-Demand path repeats.
inline bool entry(const char*& p, const char* end, EmployeeTable& employees,
                  CheckTypeRefs& check_types, InternCache& cache, TimestampParser& tp,
                  WorkEntry& e, DecodeStats& stats) {
    unsigned seen = 0;
    bool worked_null = false, unknown_type = false, employee_null = false;
    std::string_view key, s;
    Fields f(p, end);
    while (f.next(key)) {
        const unsigned which = entry_key(key_ptr(key));
        switch (which) {
            case 0:
                if (!skip_value(p, end)) return false;
                continue;
            case kId:
                if (!plain(p, end, s)) return false;
                e.id = EntryId::from_string(s);
                break;
            case kType:
                if (!plain(p, end, s)) return false;
                e.pause = s == "pause" ? 1 : 0;
                unknown_type = !(s == "pause" || s == "work");
                break;
            case kCheckType:
                if (null_at(p, end)) {
                    e.check_type = WorkEntry::kNoCheckType;
                } else {
                    if (!plain(p, end, s)) return false;
                    e.check_type = cache.check_type(check_types, s);
                }
                break;
            case kEmployee: {
                uint32_t index = 0;
                employee_null = null_at(p, end);
                if (employee_null)
                    index = null_employee(employees);
                else if (!employee(p, end, employees, cache, index))
                    return false;
                e.employee = index;
                break;
            }
            case kIn: {
                bool have = false, date_null = false;
                Timestamp ts;
                if (!clock(p, end, tp, have, date_null, ts) || !have || date_null) return false;
                e.in_utc = ts.utc;
                e.in_offset_min = ts.offset_min;
                break;
            }
            case kOut: {
                e.out_utc = kNoTime;
                e.out_offset_min = 0;
                if (null_at(p, end)) break;
                bool have = false, date_null = false;
                Timestamp ts;
                if (!clock(p, end, tp, have, date_null, ts)) return false;
                if (have && !date_null) {
                    e.out_utc = ts.utc;
                    e.out_offset_min = ts.offset_min;
                }
                break;
            }
            case kWorked: {
                e.worked_s = 0;
                worked_null = null_at(p, end);
                if (worked_null) break;
                const char* const b = p;
                if (!skip_value(p, end) || *b == '"' || *b == '{' || *b == '[') return false;
                if (!plain_seconds(std::string_view(b, static_cast<std::size_t>(p - b)),
                                   e.worked_s))
                    return false;
                break;
            }
            case kDeleted:
                if (null_at(p, end)) {
                    e.deleted = 0;
                } else {
                    // On-Demand's is_null() rejects what starts like null
                    // and is not; any other value means deleted.
                    if (*p == 'n') return false;
                    e.deleted = 1;
                    if (!skip_value(p, end)) return false;
                }
                break;
            default:
                return false;
        }
        seen |= which;
        // The rest of the entry is not used (as in the On-Demand path).
        if (seen == kAllKeys) {
            if (!finish_object(p, end)) return false;
            break;
        }
    }
    if (!f.ok() || !(seen & kId) || !(seen & kType) || !(seen & kEmployee) || !(seen & kIn))
        return false;
    const bool worked_missing = worked_null || !(seen & kWorked);
    if (worked_missing && !worked_from_clock(e)) return false;
    stats.unknown_entry_types += unknown_type;
    stats.null_employees += employee_null;
    stats.missing_worked_seconds += worked_missing;
    return true;
}

// A meta number: digits only (no sign, fraction or exponent), at most 18.
inline bool meta_int(const char*& p, const char* end, int64_t& out) noexcept {
    const char* const b = p;
    int64_t n = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - b < 18)
        n = n * 10 + (*p++ - '0');
    if (p == b || (p - b > 1 && *b == '0') || p >= end) return false;
    if (!(is_ws(*p) || *p == ',' || *p == '}')) return false;
    out = n;
    return true;
}

// A whole page: {"data":[entries...],"meta":{...}} with its keys in any
// order, as the On-Demand path reads it. Entries are appended to out; on
// false the caller drops them and decodes the page with On-Demand.
inline bool page(const char* p, const char* end, int page_no, EmployeeTable& employees,
                 CheckTypeRefs& check_types, InternCache& cache, TimestampParser& tp,
                 std::vector<WorkEntry>& out, PageMeta& meta, DecodeStats& stats) {
    skip_ws(p, end);
    bool have_data = false, have_meta = false, have_last = false, have_total = false;
    std::string_view key;
    Fields root(p, end);
    while (root.next(key)) {
        const char* k = key_ptr(key);
        if (key_is(k, "data")) {
            have_data = true;
            if (*p != '[') return false;
            ++p;
            skip_ws(p, end);
            if (p < end && *p == ']') {
                ++p;
                continue;
            }
            for (;;) {
                WorkEntry e;
                if (!entry(p, end, employees, check_types, cache, tp, e, stats)) return false;
                out.push_back(e);
                skip_ws(p, end);
                if (p >= end) return false;
                if (*p == ']') {
                    ++p;
                    break;
                }
                if (*p != ',') return false;
                ++p;
                skip_ws(p, end);
            }
        } else if (key_is(k, "meta")) {
            have_meta = true;
            Fields m(p, end);
            std::string_view mk;
            while (m.next(mk)) {
                const char* q = key_ptr(mk);
                int64_t* field = nullptr;
                if (key_is(q, "currentPage")) {
                    field = &meta.current_page;
                } else if (key_is(q, "lastPage")) {
                    field = &meta.last_page;
                    have_last = true;
                } else if (key_is(q, "total")) {
                    field = &meta.total;
                    have_total = true;
                } else if (key_is(q, "perPage")) {
                    field = &meta.per_page;
                }
                if (field ? !meta_int(p, end, *field) : !skip_value(p, end)) return false;
            }
            if (!m.ok()) return false;
        } else if (!skip_value(p, end)) {
            return false;
        }
    }
    if (!root.ok()) return false;
    skip_ws(p, end);  // nothing may follow the root object
    return p == end && have_data && have_meta && have_last && have_total &&
           (meta.current_page == 0 || meta.current_page == page_no);
}

}  // namespace fast
}  // namespace

static_assert(PageDecoder::padding >= simdjson::SIMDJSON_PADDING);

struct PageDecoder::Impl {
    simdjson::dom::parser validator;
    od::parser parser;
    InternCache cache;
    TimestampParser timestamps;
    // A page whose string has no room for simdjson's padding is copied here
    // (reused page after page) rather than grown in place: growing it would
    // allocate, copy and fault in a fresh buffer for every page.
    std::unique_ptr<char[]> padded;
    std::size_t padded_capacity = 0;

    DecodeStats stats;  // of the pages decoded so far

    // Adds a decoded page's counts, and those of its entries whose employee
    // has an identityNumberType docs/API.md does not name.
    void add(DecodeStats page, const EmployeeTable& employees, const std::vector<WorkEntry>& out,
             std::size_t first) {
        for (std::size_t i = first; i < out.size(); ++i)
            page.unknown_identity_types +=
                !known_identity_type(employees[out[i].employee].identity_type);
        stats += page;
    }

    simdjson::padded_string_view input(const std::string& body) {
        const std::size_t need = body.size() + simdjson::SIMDJSON_PADDING;
        if (body.capacity() >= need)
            return simdjson::padded_string_view(body.data(), body.size(), body.capacity());
        if (padded_capacity < need) {
            padded_capacity = std::max(need, padded_capacity + padded_capacity / 2);
            padded = std::make_unique_for_overwrite<char[]>(padded_capacity);
        }
        std::memcpy(padded.get(), body.data(), body.size());
        std::memset(padded.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
        return simdjson::padded_string_view(padded.get(), body.size(), padded_capacity);
    }
};

PageDecoder::PageDecoder() : impl_(std::make_unique<Impl>()) {
#if defined(REPORTGEN_DECODER_HASWELL)
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2"))
        throw usage_error(
            "this reportgen was built for AVX2 CPUs; rebuild with "
            "-DREPORTGEN_DECODER_ARCH=generic");
#endif
}
PageDecoder::~PageDecoder() = default;

PageMeta PageDecoder::decode(std::string& body, int page, EmployeeTable& employees,
                             CheckTypeRefs& check_types, std::vector<WorkEntry>& out) {
    Where w{page};
    impl_->cache.bind(employees, check_types);
    // Sizes recorded on every exit, errors included: a table that shrinks
    // later is not the one the cache remembers.
    struct Record {
        InternCache& cache;
        const EmployeeTable& employees;
        const CheckTypeRefs& check_types;
        ~Record() { cache.remember_sizes(employees, check_types); }
    } record{impl_->cache, employees, check_types};
    const simdjson::padded_string_view input = impl_->input(body);
    const char* const end = input.data() + input.size();
    const bool fast_path = detail::page_decoder_fast_path.load(std::memory_order_relaxed);

    od::document doc;
    auto fail_document = [&](simdjson::error_code e) {
        if (e == simdjson::UTF8_ERROR) {
            const auto off = first_invalid_utf8(body);
            std::string key;
            locate(body, off == std::string_view::npos ? body.size() : off, w.entry, key);
            w.field = nullptr;
            w.fail("invalid UTF-8 at byte " + std::to_string(off) +
                   (key.empty() ? std::string() : " (in the value of \"" + key + "\")"));
        }
        // Where it goes wrong, when nlohmann's parser agrees it does.
        std::string at;
        if (const auto off = first_syntax_error(body); off != std::string_view::npos) {
            std::string key;
            locate(body, off, w.entry, key);
            at = " at byte " + std::to_string(off) +
                 (key.empty() ? std::string() : " (in the value of \"" + key + "\")");
        }
        w.field = nullptr;
        w.fail(std::string("not a JSON object (") + simdjson::error_message(e) + ")" + at +
               "; body begins '" + preview(body) + "'");
    };
    // A page that is not JSON (trailing content, a second page glued on, a
    // malformed value in a skipped field) must not pass. The fast path
    // checks the grammar of what it skips itself; the UTF-8 is checked here
    // (simdjson dispatches to the CPU's best kernel at run time).
    const std::size_t before = out.size();
    DecodeStats stats;  // this page's, kept only when it decodes
    if (fast_path && simdjson::validate_utf8(input.data(), input.size())) {
        PageMeta fast_meta;
        if (fast::page(input.data(), end, page, employees, check_types, impl_->cache,
                       impl_->timestamps, out, fast_meta, stats)) {
            impl_->add(stats, employees, out, before);
            return fast_meta;
        }
        out.resize(before);
        stats = DecodeStats{};
    }
    // On-Demand reads only what it visits: the whole page is validated first
    // with simdjson's DOM parser (also dispatched at run time).
    if (auto e = impl_->validator.parse(input.data(), input.size(), false).error())
        fail_document(e);
    if (auto e = impl_->parser.iterate(input).get(doc)) fail_document(e);
    od::object root;
    if (auto e = doc.get_object().get(root)) fail_document(e);

    PageMeta meta;
    bool have_data = false, have_meta = false, have_last = false, have_total = false;

    for (auto field_result : root) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) fail_document(e);
        const auto key = field.key();
        if (key == "data") {
            have_data = true;
            w.field = "data";
            od::array data;
            if (auto e = field.value().get_array().get(data)) w.fail("an array", e);
            w.field = nullptr;
            w.entry = 0;
            for (auto item_result : data) {
                od::object item;
                if (auto e = item_result.get_object().get(item)) w.fail("an object", e);
                WorkEntry entry;
                unsigned seen = 0;
                bool worked_null = false, unknown_type = false, employee_null = false;
                for (auto f_result : item) {
                    od::field f;
                    if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
                    const char* k = key_bytes(f);
                    od::value& v = f.value();
                    const unsigned which = entry_key(k);
                    if (which == 0) continue;
                    seen |= which;
                    switch (which) {
                        case kId:
                            w.field = "id";
                            entry.id = EntryId::from_string(get_string(v, w));
                            break;
                        case kType: {
                            w.field = "workEntryType";
                            const auto t = get_string(v, w);
                            // An unknown type is reported as work (docs/API.md:
                            // the GET schema has no enum) and counted.
                            entry.pause = t == "pause" ? 1 : 0;
                            unknown_type = !(t == "pause" || t == "work");
                            break;
                        }
                        case kCheckType: {
                            w.field = "workCheckTypeId";
                            std::string_view id;
                            entry.check_type = get_nullable_string(v, w, id)
                                                   ? impl_->cache.check_type(check_types, id)
                                                   : WorkEntry::kNoCheckType;
                            break;
                        }
                        case kEmployee: {
                            w.field = "employee";
                            if (auto e = v.is_null().get(employee_null))
                                w.fail("an object or null", e);
                            if (employee_null) {
                                entry.employee = null_employee(employees);
                                break;
                            }
                            // An employee met before, with the very same
                            // object: nothing in it needs reading.
                            const char* at = v.raw_json_token().data();
                            std::size_t raw_len = 0;
                            if (const auto known =
                                    impl_->cache.employee_raw(employees, at, end, raw_len)) {
                                entry.employee = *known;
                                break;
                            }
                            entry.employee =
                                decode_employee(v, w, employees, impl_->cache, at, end);
                            break;
                        }
                        case kIn: {
                            w.field = "workEntryIn";
                            od::object in;
                            if (auto e = v.get_object().get(in)) w.fail("an object", e);
                            bool have_in = false;
                            for (auto inf_result : in) {
                                od::field inf;
                                if (auto e = std::move(inf_result).get(inf))
                                    w.fail("a well-formed object", e);
                                if (key_is(key_bytes(inf), "date")) {
                                    w.field = "workEntryIn.date";
                                    const auto ts =
                                        get_timestamp(inf.value(), w, impl_->timestamps);
                                    entry.in_utc = ts.utc;
                                    entry.in_offset_min = ts.offset_min;
                                    have_in = true;
                                    break;  // the rest (place, device) is not reported
                                }
                            }
                            if (!have_in) {
                                w.field = "workEntryIn.date";
                                w.fail("a timestamp, but it is missing");
                            }
                            break;
                        }
                        case kOut: {
                            w.field = "workEntryOut";
                            entry.out_utc = kNoTime;
                            entry.out_offset_min = 0;
                            bool null = false;
                            if (auto e = v.is_null().get(null)) w.fail("an object or null", e);
                            if (null) break;
                            od::object outo;
                            if (auto e = v.get_object().get(outo)) w.fail("an object or null", e);
                            for (auto of_result : outo) {
                                od::field of;
                                if (auto e = std::move(of_result).get(of))
                                    w.fail("a well-formed object", e);
                                if (key_is(key_bytes(of), "date")) {
                                    w.field = "workEntryOut.date";
                                    bool dnull = false;
                                    if (auto e = of.value().is_null().get(dnull))
                                        w.fail("a timestamp or null", e);
                                    if (!dnull) {
                                        const auto ts =
                                            get_timestamp(of.value(), w, impl_->timestamps);
                                        entry.out_utc = ts.utc;
                                        entry.out_offset_min = ts.offset_min;
                                    }
                                    break;
                                }
                            }
                            break;
                        }
                        case kWorked: {
                            w.field = "workedSeconds";
                            if (auto e = v.is_null().get(worked_null)) w.fail("a number", e);
                            entry.worked_s = 0;
                            if (!worked_null && !plain_seconds(v, entry.worked_s)) {
                                double secs = 0;
                                if (auto e = v.get_double().get(secs)) w.fail("a number", e);
                                if (!(secs >= 0) || secs > 2147483647.0)
                                    w.fail("a number of seconds from 0 to 2^31, got " +
                                           std::to_string(secs));
                                entry.worked_s = static_cast<int32_t>(std::floor(secs));
                            }
                            break;
                        }
                        case kDeleted: {
                            w.field = "deletedAt";
                            bool null = false;
                            if (auto e = v.is_null().get(null)) w.fail("a timestamp or null", e);
                            entry.deleted = null ? 0 : 1;
                            break;
                        }
                        default:
                            break;
                    }
                    w.field = nullptr;
                    // Every field the report reads is in: the rest of the
                    // entry (fat pages: most of it) is skipped unread.
                    if (seen == kAllKeys) break;
                }
                if (!(seen & kId))
                    w.field = "id";
                else if (!(seen & kType))
                    w.field = "workEntryType";
                else if (!(seen & kEmployee))
                    w.field = "employee";
                else if (!(seen & kIn))
                    w.field = "workEntryIn";
                if (w.field) w.fail("a value, but it is missing");
                const bool worked_missing = worked_null || !(seen & kWorked);
                if (worked_missing && !worked_from_clock(entry)) {
                    w.field = "workedSeconds";
                    w.fail("a number; it is missing and workEntryOut - workEntryIn is out of range");
                }
                stats.unknown_entry_types += unknown_type;
                stats.null_employees += employee_null;
                stats.missing_worked_seconds += worked_missing;
                out.push_back(entry);
                ++w.entry;
            }
            w.entry = -1;
        } else if (key == "meta") {
            have_meta = true;
            w.field = "meta";
            od::object m;
            if (auto e = field.value().get_object().get(m)) w.fail("an object", e);
            for (auto mf_result : m) {
                od::field mf;
                if (auto e = std::move(mf_result).get(mf)) w.fail("a well-formed object", e);
                const auto mk = mf.key();
                if (mk == "currentPage") {
                    w.field = "meta.currentPage";
                    meta.current_page = get_meta_int(mf.value(), w);
                } else if (mk == "lastPage") {
                    w.field = "meta.lastPage";
                    meta.last_page = get_meta_int(mf.value(), w);
                    have_last = true;
                } else if (mk == "total") {
                    w.field = "meta.total";
                    meta.total = get_meta_int(mf.value(), w);
                    have_total = true;
                } else if (mk == "perPage") {
                    w.field = "meta.perPage";
                    meta.per_page = get_meta_int(mf.value(), w);
                }
            }
            w.field = nullptr;
        }
    }
    if (!have_data) w.fail("a \"data\" array, but it is missing");
    if (!have_meta) w.fail("a \"meta\" object, but it is missing");
    if (!have_last) {
        w.field = "meta.lastPage";
        w.fail("a whole number, but it is missing");
    }
    if (!have_total) {
        w.field = "meta.total";
        w.fail("a whole number, but it is missing");
    }
    if (meta.current_page != 0 && meta.current_page != page) {
        w.field = "meta.currentPage";
        w.fail("page " + std::to_string(page) + ", got " + std::to_string(meta.current_page));
    }
    impl_->add(stats, employees, out, before);
    return meta;
}

const DecodeStats& PageDecoder::stats() const noexcept {
    return impl_->stats;
}

}  // namespace reportgen
