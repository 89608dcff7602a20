// The page decoder's two paths (and every fast-path kernel built into this
// binary) decode the same pages into the same entries: the fixture pages
// and pages of the mock server over loopback, lean and fat.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/model.hpp"
#include "support/files.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

// What a page decodes to, with interned indexes resolved to their values.
struct Decoded {
    PageMeta meta;
    std::vector<WorkEntry> entries;
    std::vector<Employee> employees;       // of each entry
    std::vector<std::string> check_types;  // of each work entry ("" for none)
    std::vector<std::string> break_types;  // of each pause ("" for none)
    DecodeStats stats;
};

// Decodes body with the fast path on or off (and a forced kernel).
Decoded decode(std::string body, int page, bool fast, detail::FastPageFn kernel = nullptr) {
    Decoded d;
    EmployeeTable employees;
    CheckTypeRefs refs;
    BreakTypeRefs breaks;
    PageDecoder dec;
    {
        const detail::DecoderPathScope scope(fast, kernel);
        d.meta = dec.decode(body, page, employees, refs, breaks, d.entries);
    }
    for (const WorkEntry& e : d.entries) {
        d.employees.push_back(employees[e.employee]);
        d.check_types.push_back(e.activity() == WorkEntry::kNoCheckType ? std::string()
                                                                        : refs[e.activity()]);
        d.break_types.push_back(e.break_type() == WorkEntry::kNoBreakType ? std::string()
                                                                          : breaks[e.break_type()]);
    }
    d.stats = dec.stats();
    return d;
}

void require_same(const Decoded& a, const Decoded& b) {
    CHECK(a.meta.current_page == b.meta.current_page);
    CHECK(a.meta.last_page == b.meta.last_page);
    CHECK(a.meta.total == b.meta.total);
    CHECK(a.meta.per_page == b.meta.per_page);
    REQUIRE(a.entries.size() == b.entries.size());
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        INFO("entry " << i);
        const WorkEntry &x = a.entries[i], &y = b.entries[i];
        CHECK(x.id == y.id);
        CHECK(x.in_utc == y.in_utc);
        CHECK(x.in_offset_min == y.in_offset_min);
        CHECK(x.out_utc == y.out_utc);
        CHECK(x.out_offset_min == y.out_offset_min);
        CHECK(x.worked_s == y.worked_s);
        CHECK(x.pause == y.pause);
        CHECK(x.deleted == y.deleted);
        CHECK(x.remunerated == y.remunerated);
        CHECK(a.check_types[i] == b.check_types[i]);
        CHECK(a.break_types[i] == b.break_types[i]);
        CHECK(a.employees[i].id == b.employees[i].id);
        CHECK(a.employees[i].name == b.employees[i].name);
        CHECK(a.employees[i].identity_type == b.employees[i].identity_type);
        CHECK(a.employees[i].nid == b.employees[i].nid);
        CHECK(a.employees[i].has_nid == b.employees[i].has_nid);
    }
    CHECK(a.stats.unknown_entry_types == b.stats.unknown_entry_types);
    CHECK(a.stats.unknown_identity_types == b.stats.unknown_identity_types);
    CHECK(a.stats.missing_worked_seconds == b.stats.missing_worked_seconds);
    CHECK(a.stats.null_employees == b.stats.null_employees);
}

// The page decoded On-Demand, by the fast path as chosen for this CPU, and
// by each fast-path kernel built in: all equal.
// Returns whether the fast path took the page.
bool check_all_ways(const std::string& body, int page) {
    const Decoded reference = decode(body, page, false);
    CHECK_FALSE(reference.entries.empty());
    const auto fast_before = detail::page_decoder_fast_pages.load();
    require_same(reference, decode(body, page, true));
    const bool took_fast = detail::page_decoder_fast_pages.load() > fast_before;
    for (const auto& kernel : detail::fast_kernels()) {
        INFO("kernel " << kernel.name);
        require_same(reference, decode(body, page, true, kernel.run));
    }
    return took_fast;
}

std::string get(httplib::Client& client, const std::string& path) {
    auto r = client.Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer demo-token"}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return r->body;
}

}  // namespace

TEST_CASE("every fixture page decodes the same both ways", "[decoder][paths]") {
    int pages = 0;
    for (const auto& f : std::filesystem::directory_iterator(REPORTGEN_FIXTURES_DIR "/report")) {
        const std::string name = f.path().filename().string();
        const std::string body = reportgen::test::fixture("report/" + name);
        // Work-entries pages only (the others are metadata).
        if (body.find("\"workEntryIn\"") == std::string::npos) continue;
        INFO(name);
        const int page = name.find("page2") != std::string::npos ? 2 : 1;
        check_all_ways(body, page);
        ++pages;
    }
    CHECK(pages >= 2);
}

TEST_CASE("mock server pages decode the same both ways, lean and fat", "[decoder][paths]") {
    const bool fat = GENERATE(false, true);
    INFO((fat ? "fat" : "lean"));
    MockOptions o;
    o.employees = 12;
    o.days = 6;
    o.seed = 7;
    o.fat = fat;
    MockApiServer server(o);
    server.start();
    httplib::Client client("127.0.0.1", server.port());
    for (int page = 1; page <= 3; ++page) {
        INFO("page " << page);
        const std::string body =
            get(client, "/schedule/v1/work-entries?from=2024-01-01&to=2024-01-06&limit=40&page=" +
                            std::to_string(page));
        // Pages as the API sends them: the fast path must take them, or
        // this would compare On-Demand with itself.
        CHECK(check_all_ways(body, page));
    }
}
