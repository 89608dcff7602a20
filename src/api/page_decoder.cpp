// Work-entries pages through simdjson On-Demand: one pass over each entry's
// fields, skipping everything the report does not use without building a DOM.
#include <simdjson.h>

#include <cmath>
#include <algorithm>
#include <cstring>
#include <vector>
#include <string>

#include "reportgen/decoder.hpp"
#include "reportgen/error.hpp"

namespace reportgen {

namespace od = simdjson::ondemand;

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

Timestamp get_timestamp(od::value& v, const Where& w) {
    const std::string_view s = get_string(v, w);
    const auto ts = parse_timestamp(s);
    if (!ts) w.fail("a timestamp like 2025-08-12T21:54:19+02:00, got '" + std::string(s) + "'");
    return *ts;
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
            refs_.clear();
            employees_ = &employees;
            check_types_ = &check_types;
        }
    }
    void remember_sizes(const EmployeeTable& employees, const CheckTypeRefs& check_types) {
        employees_size_ = employees.size();
        check_types_size_ = check_types.size();
    }

    uint32_t employee(EmployeeTable& table, std::string_view id, std::string_view first,
                      std::string_view last, std::string_view type, std::string_view nid,
                      bool has_nid) {
        const EntryId key = EntryId::from_string(id);
        if (known_.size() * 2 >= slots_.size()) grow();
        uint32_t* slot = find(key, id);
        if (*slot != 0) {
            Known& k = known_[*slot - 1];
            // Exactly the details last interned for this id: intern() would
            // return the same index and change nothing (the table keeps the
            // smallest details it was offered, and these were offered).
            if (k.first == first && k.last == last && k.type == type && k.nid == nid &&
                k.has_nid == has_nid && k.index < table.size() && table[k.index].id == id)
                return k.index;
            k.index = table.intern(id, first, last, type, nid, has_nid);
            k.first.assign(first);
            k.last.assign(last);
            k.type.assign(type);
            k.nid.assign(nid);
            k.has_nid = has_nid;
            return k.index;
        }
        const uint32_t index = table.intern(id, first, last, type, nid, has_nid);
        known_.push_back(Known{key, index, std::string(id), std::string(first), std::string(last),
                               std::string(type), std::string(nid), has_nid});
        *slot = static_cast<uint32_t>(known_.size());
        return index;
    }

    uint32_t check_type(CheckTypeRefs& refs, std::string_view id) {
        for (const auto& [known, index] : refs_)
            if (known == id && index < refs.size() && refs[index] == id) return index;
        const uint32_t index = refs.intern(id);
        if (refs_.size() < kMaxRefs) refs_.emplace_back(std::string(id), index);
        return index;
    }

  private:
    static constexpr std::size_t kMaxRefs = 32;  // past that, the table's lookup
    struct Known {
        EntryId key;  // the id's 128 bits (a UUID's, or a hash)
        uint32_t index;
        std::string id, first, last, type, nid;
        bool has_nid;
    };

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
    std::vector<std::pair<std::string, uint32_t>> refs_;
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
uint32_t decode_employee(od::value& v, Where& w, EmployeeTable& employees, InternCache& cache) {
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
    return cache.employee(employees, id, first, last, type, nid, has_nid);
}
}  // namespace

struct PageDecoder::Impl {
    od::parser parser;
    InternCache cache;
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
    if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING)
        body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
    const simdjson::padded_string_view input(body.data(), body.size(), body.capacity());

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
        w.fail(std::string("not a JSON object (") + simdjson::error_message(e) +
               "); body begins '" + preview(body) + "'");
    };
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
                            if (t == "pause") {
                                entry.pause = 1;
                            } else if (t == "work") {
                                entry.pause = 0;
                            } else {
                                w.fail("\"work\" or \"pause\", got \"" + std::string(t) + "\"");
                            }
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
                        case kEmployee:
                            w.field = "employee";
                            entry.employee = decode_employee(v, w, employees, impl_->cache);
                            break;
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
                                    const auto ts = get_timestamp(inf.value(), w);
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
                                        const auto ts = get_timestamp(of.value(), w);
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
                            bool null = false;
                            if (auto e = v.is_null().get(null)) w.fail("a number", e);
                            entry.worked_s = 0;
                            if (!null) {
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
    return meta;
}

}  // namespace reportgen
