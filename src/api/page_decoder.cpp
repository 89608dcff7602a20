// Work-entries pages through simdjson On-Demand: one pass over each entry's
// fields, skipping everything the report does not use without building a DOM.
#include <simdjson.h>

#include <cmath>
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

std::string_view get_string(od::value& v, const Where& w) {
    std::string_view s;
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

}  // namespace

struct PageDecoder::Impl {
    od::parser parser;
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
                bool have_id = false, have_type = false, have_employee = false, have_in = false;
                for (auto f_result : item) {
                    od::field f;
                    if (auto e = std::move(f_result).get(f)) w.fail("a well-formed object", e);
                    const auto k = f.key();
                    od::value& v = f.value();
                    if (k == "id") {
                        w.field = "id";
                        entry.id = EntryId::from_string(get_string(v, w));
                        have_id = true;
                    } else if (k == "workEntryType") {
                        w.field = "workEntryType";
                        const auto t = get_string(v, w);
                        if (t == "pause") {
                            entry.pause = 1;
                        } else if (t != "work") {
                            w.fail("\"work\" or \"pause\", got \"" + std::string(t) + "\"");
                        }
                        have_type = true;
                    } else if (k == "workCheckTypeId") {
                        w.field = "workCheckTypeId";
                        std::string_view id;
                        if (get_nullable_string(v, w, id))
                            entry.check_type = check_types.intern(id);
                    } else if (k == "employee") {
                        w.field = "employee";
                        od::object emp;
                        if (auto e = v.get_object().get(emp)) w.fail("an object", e);
                        std::string_view id, first, last, type, nid;
                        bool have_emp_id = false, has_nid = false;
                        for (auto ef_result : emp) {
                            od::field ef;
                            if (auto e = std::move(ef_result).get(ef))
                                w.fail("a well-formed object", e);
                            const auto ek = ef.key();
                            od::value& ev = ef.value();
                            if (ek == "id") {
                                w.field = "employee.id";
                                id = get_string(ev, w);
                                have_emp_id = true;
                            } else if (ek == "firstName") {
                                w.field = "employee.firstName";
                                get_nullable_string(ev, w, first);
                            } else if (ek == "lastName") {
                                w.field = "employee.lastName";
                                get_nullable_string(ev, w, last);
                            } else if (ek == "nid") {
                                w.field = "employee.nid";
                                has_nid = get_nullable_string(ev, w, nid) && !nid.empty();
                            } else if (ek == "identityNumberType") {
                                w.field = "employee.identityNumberType";
                                get_nullable_string(ev, w, type);
                            }
                        }
                        if (!have_emp_id) {
                            w.field = "employee.id";
                            w.fail("a string, but it is missing");
                        }
                        // The views point into the parser's string buffer, valid
                        // until the next page: intern copies what it keeps.
                        entry.employee = employees.intern(id, first, last, type, nid, has_nid);
                        have_employee = true;
                    } else if (k == "workEntryIn") {
                        w.field = "workEntryIn";
                        od::object in;
                        if (auto e = v.get_object().get(in)) w.fail("an object", e);
                        for (auto inf_result : in) {
                            od::field inf;
                            if (auto e = std::move(inf_result).get(inf))
                                w.fail("a well-formed object", e);
                            if (inf.key() == "date") {
                                w.field = "workEntryIn.date";
                                const auto ts = get_timestamp(inf.value(), w);
                                entry.in_utc = ts.utc;
                                entry.in_offset_min = ts.offset_min;
                                have_in = true;
                            }
                        }
                        if (!have_in) {
                            w.field = "workEntryIn.date";
                            w.fail("a timestamp, but it is missing");
                        }
                    } else if (k == "workEntryOut") {
                        w.field = "workEntryOut";
                        bool null = false;
                        if (auto e = v.is_null().get(null)) w.fail("an object or null", e);
                        if (!null) {
                            od::object outo;
                            if (auto e = v.get_object().get(outo)) w.fail("an object or null", e);
                            for (auto of_result : outo) {
                                od::field of;
                                if (auto e = std::move(of_result).get(of))
                                    w.fail("a well-formed object", e);
                                if (of.key() == "date") {
                                    w.field = "workEntryOut.date";
                                    bool dnull = false;
                                    if (auto e = of.value().is_null().get(dnull))
                                        w.fail("a timestamp or null", e);
                                    if (!dnull) {
                                        const auto ts = get_timestamp(of.value(), w);
                                        entry.out_utc = ts.utc;
                                        entry.out_offset_min = ts.offset_min;
                                    }
                                }
                            }
                        }
                    } else if (k == "workedSeconds") {
                        w.field = "workedSeconds";
                        bool null = false;
                        if (auto e = v.is_null().get(null)) w.fail("a number", e);
                        if (!null) {
                            double secs = 0;
                            if (auto e = v.get_double().get(secs)) w.fail("a number", e);
                            if (!(secs >= 0) || secs > 2147483647.0)
                                w.fail("a number of seconds from 0 to 2^31, got " +
                                       std::to_string(secs));
                            entry.worked_s = static_cast<int32_t>(std::floor(secs));
                        }
                    } else if (k == "deletedAt") {
                        w.field = "deletedAt";
                        bool null = false;
                        if (auto e = v.is_null().get(null)) w.fail("a timestamp or null", e);
                        entry.deleted = null ? 0 : 1;
                    }
                    w.field = nullptr;
                }
                if (!have_id)
                    w.field = "id";
                else if (!have_type)
                    w.field = "workEntryType";
                else if (!have_employee)
                    w.field = "employee";
                else if (!have_in)
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
