#pragma once
// Shared by the fuzz targets: decoding a page one way, and a loud stop when
// two decoders disagree (libFuzzer then saves the input).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/metadata_decoder.hpp"
#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::fuzz {

using namespace reportgen::detail;  // the internals fuzzed

[[noreturn]] inline void disagree(const char* what) {
    std::fprintf(stderr, "DISAGREEMENT: %s\n", what);
    std::abort();
}

// A page decoded one way: accepted (entries, employees, counts) or not.
struct Decoded {
    bool ok = false;
    std::string error;
    PageMeta meta;
    std::vector<WorkEntry> entries;
    std::vector<Employee> employees;       // of each entry
    std::vector<std::string> check_types;  // of each work entry
    std::vector<std::string> break_types;  // of each pause
    std::vector<EntryTrace> traces;        // of each entry
    std::vector<std::string> origins;      // of each entry: clock-in's, then clock-out's
    DecodeStats stats;
};

// fast: the fast path first (as shipped), with kernel (null: this CPU's);
// else On-Demand only.
inline Decoded decode(std::string_view input, bool fast, detail::FastPageFn kernel = nullptr) {
    detail::page_decoder_fast_path = fast;
    detail::page_decoder_fast_kernel = kernel;
    Decoded d;
    std::string body(input);  // a fresh owned body, as the engines hand over
    EmployeeTable employees;
    CheckTypeRefs refs;
    BreakTypeRefs breaks;
    EntryTraces traces;  // asked for: the trace fields' code is fuzzed too
    PageDecoder decoder;
    try {
        d.meta = decoder.decode(body, 1, employees, refs, breaks, d.entries, &traces);
        d.ok = true;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::data) disagree("a page error that is not a data error");
        d.error = e.what();
    }
    detail::page_decoder_fast_path = true;
    detail::page_decoder_fast_kernel = nullptr;
    if (!d.ok) return d;
    for (const WorkEntry& e : d.entries) {
        d.employees.push_back(employees[e.employee]);
        d.check_types.push_back(e.activity() == WorkEntry::kNoCheckType ? std::string()
                                                                        : refs[e.activity()]);
        d.break_types.push_back(e.break_type() == WorkEntry::kNoBreakType ? std::string()
                                                                          : breaks[e.break_type()]);
    }
    if (traces.items.size() != d.entries.size()) disagree("traces not parallel to the entries");
    d.traces = traces.items;
    for (const EntryTrace& t : traces.items) {
        d.origins.emplace_back(traces.origins[t.origin_in]);
        d.origins.emplace_back(traces.origins[t.origin_out]);
    }
    d.stats = decoder.stats();
    return d;
}

inline bool same(const Decoded& a, const Decoded& b) {
    if (a.ok != b.ok) return false;
    if (!a.ok) return true;
    auto meta = [](const PageMeta& m) {
        return std::tuple(m.current_page, m.last_page, m.total, m.per_page);
    };
    auto stats = [](const DecodeStats& s) {
        return std::tuple(s.unknown_entry_types, s.unknown_identity_types, s.missing_worked_seconds,
                          s.null_employees);
    };
    if (meta(a.meta) != meta(b.meta) || stats(a.stats) != stats(b.stats) ||
        a.entries.size() != b.entries.size() || a.check_types != b.check_types ||
        a.break_types != b.break_types || a.origins != b.origins)
        return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        const WorkEntry &x = a.entries[i], &y = b.entries[i];
        if (x.id != y.id || x.in_utc != y.in_utc || x.out_utc != y.out_utc ||
            x.in_offset_min != y.in_offset_min || x.out_offset_min != y.out_offset_min ||
            x.worked_s != y.worked_s || x.pause != y.pause || x.deleted != y.deleted ||
            x.remunerated != y.remunerated)
            return false;
        const EntryTrace &s = a.traces[i], &t = b.traces[i];
        if (s.created_utc != t.created_utc || s.updated_utc != t.updated_utc ||
            s.lat_e7 != t.lat_e7 || s.lon_e7 != t.lon_e7)
            return false;
        const Employee &p = a.employees[i], &q = b.employees[i];
        if (p.id != q.id || p.name != q.name || p.identity_type != q.identity_type ||
            p.nid != q.nid || p.has_nid != q.has_nid)
            return false;
    }
    return true;
}

}  // namespace reportgen::fuzz
