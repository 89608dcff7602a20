// The On-Demand path: one pass over each entry's fields with simdjson
// On-Demand, skipping everything the report does not use without building a
// DOM. The page has been validated as JSON before (On-Demand checks only
// what it visits). Reads exactly what the fast path reads, with the same
// rules: first-seen order, last duplicate wins, reading stops once every
// field used is in.
#include "api/decode/ondemand_path.hpp"

#include <simdjson.h>

#include <cmath>
#include <cstdio>

namespace reportgen::detail {
namespace {

namespace od = simdjson::ondemand;

// The content of a string value that has no escape sequence, read in place
// without unescaping (most of the API's strings: ids, dates, enums). False
// for anything else (escapes, other types): then the caller unescapes with
// get_string(), which also reports type errors. The value is left unconsumed;
// the enclosing object's iteration skips it.
inline bool plain_string(od::value& v, std::string_view& out) noexcept {
    const std::string_view tok = v.raw_json_token();
    if (tok.empty() || tok.front() != '"') return false;
    // The token runs to the next structural character, so it holds the
    // closing quote; the page has been validated as JSON.
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

Timestamp get_timestamp(od::value& v, const Where& w, TimestampParser& parser) {
    const std::string_view s = get_string(v, w);
    const auto ts = parser.parse(s);
    if (!ts) w.fail("a timestamp like 2025-08-12T21:54:19+02:00, got '" + std::string(s) + "'");
    if (!plausible(*ts))
        w.fail("a timestamp between 1970 and 2100, got '" + std::string(s) + "'");
    return *ts;
}
inline bool plain_seconds_of(od::value& v, int32_t& out) noexcept {
    return plain_seconds(v.raw_json_token(), out);
}
int64_t get_meta_int(od::value& v, const Where& w) {
    int64_t x = 0;
    if (auto e = v.get_int64().get(x)) w.fail("a whole number", e);
    if (x < 0) w.fail("a number >= 0, got " + std::to_string(x));
    return x;
}
// The raw bytes of a field's key (up to its closing quote, unescaped keys only:
// the API's keys have no escapes).
inline const char* key_bytes(od::field& f) noexcept {
    return reinterpret_cast<const char*>(f.key().raw());
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


// Everything the entry decoder reads and writes besides the entry.
struct EntryContext {
    Where& w;
    EmployeeTable& employees;
    CheckTypeRefs& check_types;
    BreakTypeRefs& break_types;
    EntryTraces* traces;  // null: not tracing (the trace fields are skipped)
    InternCache& cache;
    TimestampParser& timestamps;
    const char* end;  // of the page
};

// workEntryIn.coordinates: null, or {latitude, longitude}, numbers in range
// or null, both or neither.
void read_coordinates(od::value& v, Where& w, EntryTrace& trace) {
    w.field = "workEntryIn.coordinates";
    trace.lat_e7 = trace.lon_e7 = kNoCoordinate;
    bool null = false;
    if (auto e = v.is_null().get(null)) w.fail("an object or null", e);
    if (null) return;
    od::object c;
    if (auto e = v.get_object().get(c)) w.fail("an object or null", e);
    for (auto f_result : c) {
        od::field f;
        if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
        const char* k = key_bytes(f);
        const bool is_lat = key_is(k, "latitude");
        int32_t* dst = is_lat ? &trace.lat_e7 : key_is(k, "longitude") ? &trace.lon_e7 : nullptr;
        if (dst == nullptr) continue;
        w.field = is_lat ? "workEntryIn.coordinates.latitude" : "workEntryIn.coordinates.longitude";
        *dst = kNoCoordinate;
        bool vnull = false;
        if (auto e = f.value().is_null().get(vnull)) w.fail("a number or null", e);
        if (vnull) continue;
        double deg = 0;
        if (auto e = f.value().get_double().get(deg)) w.fail("a number or null", e);
        const double limit = is_lat ? 90 : 180;
        if (!degrees_e7(deg, limit, *dst)) {
            char got[32];
            std::snprintf(got, sizeof got, "%.10g", deg);
            w.fail(std::string("a ") +
                   (is_lat ? "latitude from -90 to 90" : "longitude from -180 to 180") +
                   " degrees, got " + got);
        }
    }
    w.field = "workEntryIn.coordinates";
    if ((trace.lat_e7 == kNoCoordinate) != (trace.lon_e7 == kNoCoordinate))
        w.fail("latitude and longitude, both or neither");
}

// workEntryIn / workEntryOut's origin: a string or null (none).
uint8_t read_origin(od::value& v, Where& w, OriginRefs& origins, bool clock_in) {
    w.field = clock_in ? "workEntryIn.origin" : "workEntryOut.origin";
    std::string_view s;
    if (!get_nullable_string(v, w, s)) return 0;
    return origins.intern(s);
}

// workEntryIn: its date is required; when tracing (origins not null) its
// origin and coordinates are read too. Reading stops once those are in (the
// fast path's rule).
void read_clock_in(od::value& v, Where& w, TimestampParser& timestamps, OriginRefs* origins,
                   WorkEntry& entry, EntryTrace& trace) {
    w.field = "workEntryIn";
    od::object in;
    if (auto e = v.get_object().get(in)) w.fail("an object", e);
    unsigned seen = 0;
    for (auto f_result : in) {
        od::field f;
        if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
        const char* k = key_bytes(f);
        if (key_is(k, "date")) {
            w.field = "workEntryIn.date";
            const auto ts = get_timestamp(f.value(), w, timestamps);
            entry.in_utc = ts.utc;
            entry.set_in_offset(ts.offset_min);
            seen |= kClockDate;
        } else if (origins && key_is(k, "origin")) {
            trace.origin_in = read_origin(f.value(), w, *origins, true);
            seen |= kClockOrigin;
        } else if (origins && key_is(k, "coordinates")) {
            read_coordinates(f.value(), w, trace);
            seen |= kClockCoordinates;
        }
        w.field = "workEntryIn";
        if (seen == clock_keys(true, origins != nullptr)) break;
    }
    if (!(seen & kClockDate)) {
        w.field = "workEntryIn.date";
        w.fail("a timestamp, but it is missing");
    }
}

// workEntryOut: null, or an object whose date may be null (still open).
void read_clock_out(od::value& v, Where& w, TimestampParser& timestamps, OriginRefs* origins,
                    WorkEntry& entry, EntryTrace& trace) {
    w.field = "workEntryOut";
    entry.out_utc = kNoTime;
    entry.out_offset_min = 0;
    trace.origin_out = 0;
    bool null = false;
    if (auto e = v.is_null().get(null)) w.fail("an object or null", e);
    if (null) return;
    od::object out;
    if (auto e = v.get_object().get(out)) w.fail("an object or null", e);
    unsigned seen = 0;
    for (auto f_result : out) {
        od::field f;
        if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
        const char* k = key_bytes(f);
        if (key_is(k, "date")) {
            w.field = "workEntryOut.date";
            bool dnull = false;
            if (auto e = f.value().is_null().get(dnull)) w.fail("a timestamp or null", e);
            entry.out_utc = kNoTime;
            entry.out_offset_min = 0;
            if (!dnull) {
                const auto ts = get_timestamp(f.value(), w, timestamps);
                entry.out_utc = ts.utc;
                entry.set_out_offset(ts.offset_min);
            }
            seen |= kClockDate;
        } else if (origins && key_is(k, "origin")) {
            trace.origin_out = read_origin(f.value(), w, *origins, false);
            seen |= kClockOrigin;
        }
        w.field = "workEntryOut";
        if (seen == clock_keys(false, origins != nullptr)) break;
    }
}

// createdAt / updatedAt: a timestamp (1970..2100) or null (kNoTime).
void read_record_time(od::value& v, Where& w, TimestampParser& timestamps, const char* field,
                      int64_t& utc) {
    w.field = field;
    utc = kNoTime;
    bool null = false;
    if (auto e = v.is_null().get(null)) w.fail("a timestamp or null", e);
    if (null) return;
    utc = get_timestamp(v, w, timestamps).utc;
}

// workedSeconds, rounded down; false when null (then derived, like absent).
bool read_worked(od::value& v, Where& w, WorkEntry& entry) {
    w.field = "workedSeconds";
    bool null = false;
    if (auto e = v.is_null().get(null)) w.fail("a number", e);
    entry.worked_s = 0;
    if (null) return false;
    if (plain_seconds_of(v, entry.worked_s)) return true;
    double secs = 0;
    if (auto e = v.get_double().get(secs)) w.fail("a number", e);
    if (!(secs >= 0) || secs > 2147483647.0)
        w.fail("a number of seconds from 0 to 2^31, got " + std::to_string(secs));
    entry.worked_s = static_cast<int32_t>(std::floor(secs));
    return true;
}

// The entry's employee: null (the unknown employee), one met before with
// the very same object (nothing in it needs reading), or decoded.
uint32_t read_employee(od::value& v, EntryContext& c, bool& null) {
    c.w.field = "employee";
    if (auto e = v.is_null().get(null)) c.w.fail("an object or null", e);
    if (null) return null_employee(c.employees);
    const char* at = v.raw_json_token().data();
    std::size_t raw_len = 0;
    if (const auto known = c.cache.employee_raw(c.employees, at, c.end, raw_len)) return *known;
    return decode_employee(v, c.w, c.employees, c.cache, at, c.end);
}

// Decodes one entry of data[], counting into stats what docs/API.md does
// not promise; its trace fields into `trace` when tracing.
WorkEntry decode_entry(od::object& item, EntryContext& c, EntryTrace& trace, DecodeStats& stats) {
    Where& w = c.w;
    WorkEntry entry;
    unsigned seen = 0;
    bool worked_null = false, unknown_type = false, employee_null = false;
    EntryRefs refs;
    const bool tracing = c.traces != nullptr;
    OriginRefs* const origins = tracing ? &c.traces->origins : nullptr;
    for (auto f_result : item) {
        od::field f;
        if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
        od::value& v = f.value();
        const unsigned which = entry_key(key_bytes(f), tracing);
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
                // An unknown type is reported as work (docs/API.md: the GET
                // schema has no enum) and counted.
                entry.pause = t == "pause" ? 1 : 0;
                unknown_type = !(t == "pause" || t == "work");
                break;
            }
            case kCheckType:
                w.field = "workCheckTypeId";
                refs.has_check_type = get_nullable_string(v, w, refs.check_type);
                break;
            case kBreak:
                w.field = "workBreakId";
                refs.has_break_type = get_nullable_string(v, w, refs.break_type);
                break;
            case kRemunerated: {
                w.field = "remunerated";
                bool null = false;
                if (auto e = v.is_null().get(null)) w.fail("true, false or null", e);
                refs.remunerated = false;
                if (null) break;
                if (auto e = v.get_bool().get(refs.remunerated)) w.fail("true, false or null", e);
                break;
            }
            case kEmployee:
                entry.employee = read_employee(v, c, employee_null);
                break;
            case kIn:
                read_clock_in(v, w, c.timestamps, origins, entry, trace);
                break;
            case kOut:
                read_clock_out(v, w, c.timestamps, origins, entry, trace);
                break;
            case kCreated:
                read_record_time(v, w, c.timestamps, "createdAt", trace.created_utc);
                break;
            case kUpdated:
                read_record_time(v, w, c.timestamps, "updatedAt", trace.updated_utc);
                break;
            case kWorked:
                worked_null = !read_worked(v, w, entry);
                break;
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
        // Every field the report reads is in: the rest of the entry (fat
        // pages: most of it) is skipped unread.
        if (entry_complete(seen, entry.pause, tracing)) break;
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
    refs.store(
        entry, [&](std::string_view id) { return c.cache.check_type(c.check_types, id); },
        c.break_types);
    const bool worked_missing = worked_null || !(seen & kWorked);
    if (worked_missing && !worked_from_clock(entry)) {
        w.field = "workedSeconds";
        w.fail("a number; it is missing and workEntryOut - workEntryIn is out of range");
    }
    stats.unknown_entry_types += unknown_type;
    stats.null_employees += employee_null;
    stats.missing_worked_seconds += worked_missing;
    return entry;
}

// Which of meta's required fields were present.
struct MetaSeen {
    bool last = false, total = false;
};

void read_meta(od::value& v, Where& w, PageMeta& meta, MetaSeen& seen) {
    w.field = "meta";
    od::object m;
    if (auto e = v.get_object().get(m)) w.fail("an object", e);
    for (auto f_result : m) {
        od::field f;
        if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
        const auto k = f.key();
        if (k == "currentPage") {
            w.field = "meta.currentPage";
            meta.current_page = get_meta_int(f.value(), w);
        } else if (k == "lastPage") {
            w.field = "meta.lastPage";
            meta.last_page = get_meta_int(f.value(), w);
            seen.last = true;
        } else if (k == "total") {
            w.field = "meta.total";
            meta.total = get_meta_int(f.value(), w);
            seen.total = true;
        } else if (k == "perPage") {
            w.field = "meta.perPage";
            meta.per_page = get_meta_int(f.value(), w);
        }
    }
    w.field = nullptr;
}

void read_data(od::value& v, EntryContext& c, std::vector<WorkEntry>& out, DecodeStats& stats) {
    Where& w = c.w;
    w.field = "data";
    od::array data;
    if (auto e = v.get_array().get(data)) w.fail("an array", e);
    w.field = nullptr;
    w.entry = 0;
    for (auto item_result : data) {
        od::object item;
        if (auto e = item_result.get_object().get(item)) w.fail("an object", e);
        EntryTrace trace;
        out.push_back(decode_entry(item, c, trace, stats));
        if (c.traces) {
            drop_null_island(trace);
            c.traces->items.push_back(trace);
        }
        ++w.entry;
    }
    w.entry = -1;
}

}  // namespace

struct OnDemandPath::Impl {
    od::parser parser;
};

OnDemandPath::OnDemandPath() : impl_(std::make_unique<Impl>()) {}
OnDemandPath::~OnDemandPath() = default;

PageMeta OnDemandPath::decode(const char* data, std::size_t size, std::size_t capacity, int page,
                              EmployeeTable& employees, CheckTypeRefs& check_types,
                              BreakTypeRefs& break_types, EntryTraces* traces,
                              InternCache& cache, TimestampParser& timestamps,
                              std::vector<WorkEntry>& out, DecodeStats& stats) {
    Where w{page};
    auto fail_document = [&](simdjson::error_code e) {
        w.fail(std::string("not a JSON object (") + simdjson::error_message(e) + ")");
    };
    od::document doc;
    if (auto e = impl_->parser.iterate(data, size, capacity).get(doc)) fail_document(e);
    od::object root;
    if (auto e = doc.get_object().get(root)) fail_document(e);
    EntryContext c{w, employees, check_types, break_types, traces, cache, timestamps, data + size};
    PageMeta meta;
    MetaSeen meta_seen;
    bool have_data = false, have_meta = false;
    for (auto field_result : root) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) fail_document(e);
        const auto key = field.key();
        if (key == "data") {
            have_data = true;
            read_data(field.value(), c, out, stats);
        } else if (key == "meta") {
            have_meta = true;
            read_meta(field.value(), w, meta, meta_seen);
        }
    }
    if (!have_data) w.fail("a \"data\" array, but it is missing");
    if (!have_meta) w.fail("a \"meta\" object, but it is missing");
    if (!meta_seen.last) {
        w.field = "meta.lastPage";
        w.fail("a whole number, but it is missing");
    }
    if (!meta_seen.total) {
        w.field = "meta.total";
        w.fail("a whole number, but it is missing");
    }
    if (meta.current_page != 0 && meta.current_page != page) {
        w.field = "meta.currentPage";
        w.fail("page " + std::to_string(page) + ", got " + std::to_string(meta.current_page));
    }
    return meta;
}

}  // namespace reportgen::detail
