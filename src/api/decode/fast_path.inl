// The body of the page decoder's fast path, included by
// src/api/decode/fast_path.cpp once per CPU kernel, each time inside its own
// namespace (so it must not include headers itself).
//
// The fast path: one work entry read straight from its bytes, for entries
// shaped as the API sends them. It reads exactly what the On-Demand path
// (src/api/decode/ondemand_path.cpp) reads, with the same rules (first-seen order, last duplicate wins,
// reading stops once every field used is in), but accepts less: any escape
// in a string it needs, a value of an unexpected type, a number in another
// form, a missing field, anything it is not sure of, and it gives up on the
// entry (returns false) before storing anything, and the On-Demand path
// decodes the page again from the start (and reports its errors).
// It also checks that the page is valid JSON: every byte it does not read
// goes through skip_value(), which accepts only what JSON allows (and
// leaves rare forms, exponents or \u surrogates, to the full validator).
// The page's UTF-8 has been validated before.
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
#if defined(__AVX2__) || defined(REPORTGEN_FAST_AVX2)
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

// Four hex digits at q as a number.
inline bool hex4(const char* q, uint32_t& out) noexcept {
    out = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = q[i];
        const uint32_t d = c >= '0' && c <= '9'   ? static_cast<uint32_t>(c - '0')
                           : c >= 'a' && c <= 'f' ? static_cast<uint32_t>(c - 'a' + 10)
                           : c >= 'A' && c <= 'F' ? static_cast<uint32_t>(c - 'A' + 10)
                                                  : 16u;
        if (d > 15) return false;
        out = out * 16 + d;
    }
    return true;
}

inline void append_utf8(std::string& buf, uint32_t cp) {
    if (cp < 0x80) {
        buf.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        buf.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        buf.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        buf.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        buf.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        buf.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        buf.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        buf.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        buf.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        buf.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// One escape at q (its backslash) appended to buf, unescaped as simdjson
// does; q moves past it. A \u surrogate must form a pair (else false, and
// the full validator decides).
inline bool unescape_one(const char*& q, std::string& buf) {
    static constexpr char kSimple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    for (const char* e = kSimple; *e; e += 2)
        if (q[1] == e[0]) {
            buf.push_back(e[1]);
            q += 2;
            return true;
        }
    uint32_t cp = 0;
    if (q[1] != 'u' || !hex4(q + 2, cp)) return false;
    q += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp >= 0xD800 && cp < 0xDC00) {
        uint32_t low = 0;
        if (q[0] != '\\' || q[1] != 'u' || !hex4(q + 2, low) || low < 0xDC00 || low > 0xDFFF)
            return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        q += 6;
    }
    append_utf8(buf, cp);
    return true;
}

// A string at p (its opening quote), escapes and all: out is its content
// (in place, or unescaped into buf); p moves past the closing quote. Names
// carry quotes and, from some servers, \u escapes (docs/API.md).
inline bool text(const char*& p, const char* end, std::string& buf, std::string_view& out) {
    if (plain(p, end, out)) return true;
    if (p >= end || *p != '"') return false;
    buf.clear();
    const char* q = p + 1;
    for (;;) {
        const char* s = next_special(q, end);
        if (s >= end || static_cast<unsigned char>(*s) < 0x20) return false;
        buf.append(q, s);
        if (*s == '"') {
            p = s + 1;
            out = buf;
            return true;
        }
        q = s;
        if (!unescape_one(q, buf) || q > end) return false;
    }
}

// A string or null for the employee's optional fields (null: empty).
inline bool nullable(const char*& p, const char* end, std::string& buf, std::string_view& out,
                     bool& is_null) {
    is_null = null_at(p, end);
    if (is_null) {
        out = {};
        return true;
    }
    return text(p, end, buf, out);
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
    // Unescaped copies, for strings with escapes (allocated only then).
    std::string first_buf, last_buf, type_buf, nid_buf;
    bool has_nid = false, null = false;
    Fields f(p, end);
    while (f.next(key)) {
        const char* k = key_ptr(key);
        if (key_is(k, "id")) {
            if (!plain(p, end, id)) return false;
            seen |= eId;
        } else if (key_is(k, "firstName")) {
            if (!nullable(p, end, first_buf, first, null)) return false;
            seen |= eFirst;
        } else if (key_is(k, "lastName")) {
            if (!nullable(p, end, last_buf, last, null)) return false;
            seen |= eLast;
        } else if (key_is(k, "nid")) {
            if (!nullable(p, end, nid_buf, nid, null)) return false;
            has_nid = !null && !nid.empty();
            seen |= eNid;
        } else if (key_is(k, "identityNumberType")) {
            if (!nullable(p, end, type_buf, type, null)) return false;
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

// A timestamp string at p, parsed and range-checked (1970..2100).
inline bool timestamp(const char*& p, const char* end, TimestampParser& tp, Timestamp& ts) {
    std::string_view s;
    if (!plain(p, end, s)) return false;
    const auto t = tp.parse(s);
    if (!t || !plausible(*t)) return false;
    ts = *t;
    return true;
}

// workEntryIn.coordinates: null, or {latitude, longitude} (numbers or null,
// both or neither), each in range.
inline bool coordinates(const char*& p, const char* end, int32_t& lat, int32_t& lon) {
    lat = lon = kNoCoordinate;
    if (null_at(p, end)) return true;
    std::string_view key;
    Fields f(p, end);
    while (f.next(key)) {
        const char* k = key_ptr(key);
        const bool is_lat = key_is(k, "latitude");
        int32_t* dst = is_lat ? &lat : key_is(k, "longitude") ? &lon : nullptr;
        if (dst == nullptr) {
            if (!skip_value(p, end)) return false;
            continue;
        }
        *dst = kNoCoordinate;
        if (null_at(p, end)) continue;
        const char* const b = p;
        if (*b != '-' && !is_digit(*b)) return false;
        if (!skip_number(p, end)) return false;
        double v = 0;
        const auto r = std::from_chars(b, p, v);
        if (r.ec != std::errc{} || r.ptr != p || !degrees_e7(v, is_lat ? 90 : 180, *dst))
            return false;
    }
    return f.ok() && (lat == kNoCoordinate) == (lon == kNoCoordinate);
}

// The fields of workEntryIn / workEntryOut the report reads.
struct ClockFields {
    bool have_date = false, date_null = false;
    Timestamp ts;
    uint8_t origin = 0;
    int32_t lat = kNoCoordinate, lon = kNoCoordinate;
};

// A clock object at p: its date (may be null) and, when tracing (origins
// not null), its origin (string or null) and, for the clock-in, its
// coordinates; reading stops once those are in.
inline bool clock(const char*& p, const char* end, TimestampParser& tp, OriginRefs* origins,
                  bool clock_in, ClockFields& c) {
    const bool trace = origins != nullptr;
    const unsigned all = clock_keys(clock_in, trace);
    unsigned seen = 0;
    std::string_view key;
    Fields f(p, end);
    while (f.next(key)) {
        const char* k = key_ptr(key);
        if (key_is(k, "date")) {
            c.have_date = true;
            c.date_null = null_at(p, end);
            if (!c.date_null && !timestamp(p, end, tp, c.ts)) return false;
            seen |= kClockDate;
        } else if (trace && key_is(k, "origin")) {
            c.origin = 0;
            std::string_view s;
            if (!null_at(p, end)) {
                if (!plain(p, end, s)) return false;
                c.origin = origins->intern(s);
            }
            seen |= kClockOrigin;
        } else if (trace && clock_in && key_is(k, "coordinates")) {
            if (!coordinates(p, end, c.lat, c.lon)) return false;
            seen |= kClockCoordinates;
        } else if (!skip_value(p, end)) {
            return false;
        }
        // The rest of the object is not used (as in the On-Demand path).
        if (seen == all) return finish_object(p, end);
    }
    return f.ok();
}

// workEntryOut: null (open), or an object whose date may be null.
inline bool clock_out(const char*& p, const char* end, TimestampParser& tp, OriginRefs* origins,
                      WorkEntry& e, EntryTrace& trace) {
    e.out_utc = kNoTime;
    e.out_offset_min = 0;
    trace.origin_out = 0;
    if (null_at(p, end)) return true;
    ClockFields c;
    if (!clock(p, end, tp, origins, false, c)) return false;
    if (c.have_date && !c.date_null) {
        e.out_utc = c.ts.utc;
        e.set_out_offset(c.ts.offset_min);
    }
    trace.origin_out = c.origin;
    return true;
}

// createdAt / updatedAt: a timestamp or null (kNoTime).
inline bool record_time(const char*& p, const char* end, TimestampParser& tp, int64_t& utc) {
    utc = kNoTime;
    if (null_at(p, end)) return true;
    Timestamp ts;
    if (!timestamp(p, end, tp, ts)) return false;
    utc = ts.utc;
    return true;
}

// workedSeconds in the API's plain form; null sets is_null (then derived).
inline bool worked(const char*& p, const char* end, WorkEntry& e, bool& is_null) {
    e.worked_s = 0;
    is_null = null_at(p, end);
    if (is_null) return true;
    const char* const b = p;
    if (!skip_value(p, end) || *b == '"' || *b == '{' || *b == '[') return false;
    return plain_seconds(std::string_view(b, static_cast<std::size_t>(p - b)), e.worked_s);
}

// One entry at p (its '{'). True with `entry` filled, or false, having
// stored nothing but idempotent interning the On-Demand path repeats.
// `origins`: null when not tracing (then `trace` is left as it is and the
// trace fields are skipped like any other).
inline bool entry(const char*& p, const char* end, EmployeeTable& employees,
                  CheckTypeRefs& check_types, BreakTypeRefs& break_types, OriginRefs* origins,
                  InternCache& cache, TimestampParser& tp, WorkEntry& e, EntryTrace& trace,
                  DecodeStats& stats) {
    const bool tracing = origins != nullptr;
    unsigned seen = 0;
    bool worked_null = false, unknown_type = false, employee_null = false;
    EntryRefs refs;
    std::string_view key, s;
    Fields f(p, end);
    while (f.next(key)) {
        const unsigned which = entry_key(key_ptr(key), tracing);
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
                refs.has_check_type = !null_at(p, end);
                if (refs.has_check_type && !plain(p, end, refs.check_type)) return false;
                break;
            case kBreak:
                refs.has_break_type = !null_at(p, end);
                if (refs.has_break_type && !plain(p, end, refs.break_type)) return false;
                break;
            case kRemunerated:
                if (literal_at(p, end, "true"))
                    refs.remunerated = true;
                else if (literal_at(p, end, "false") || null_at(p, end))
                    refs.remunerated = false;
                else
                    return false;
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
                ClockFields c;
                if (!clock(p, end, tp, origins, true, c) || !c.have_date || c.date_null)
                    return false;
                e.in_utc = c.ts.utc;
                e.set_in_offset(c.ts.offset_min);
                trace.origin_in = c.origin;
                trace.lat_e7 = c.lat;
                trace.lon_e7 = c.lon;
                break;
            }
            case kOut:
                if (!clock_out(p, end, tp, origins, e, trace)) return false;
                break;
            case kCreated:
                if (!record_time(p, end, tp, trace.created_utc)) return false;
                break;
            case kUpdated:
                if (!record_time(p, end, tp, trace.updated_utc)) return false;
                break;
            case kWorked:
                if (!worked(p, end, e, worked_null)) return false;
                break;
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
        if (entry_complete(seen, e.pause, tracing)) {
            if (!finish_object(p, end)) return false;
            break;
        }
    }
    if (!f.ok() || !(seen & kId) || !(seen & kType) || !(seen & kEmployee) || !(seen & kIn))
        return false;
    refs.store(
        e, [&](std::string_view id) { return cache.check_type(check_types, id); }, break_types);
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
                 CheckTypeRefs& check_types, BreakTypeRefs& break_types, EntryTraces* traces,
                 InternCache& cache, TimestampParser& tp, std::vector<WorkEntry>& out,
                 PageMeta& meta, DecodeStats& stats) {
    OriginRefs* const origins = traces ? &traces->origins : nullptr;
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
                EntryTrace trace;
                if (!entry(p, end, employees, check_types, break_types, origins, cache, tp, e,
                           trace, stats))
                    return false;
                out.push_back(e);
                if (traces) {
                    drop_null_island(trace);
                    traces->items.push_back(trace);
                }
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
