// The place of work within the memory bound (docs/DESIGN.md "Place of
// work"): the clock-in's place travels in WorkEntry's 2 bits, through the
// store's spill files and back, and the trace table keeps nothing per live
// entry for it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "office_points.hpp"
#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "report/trace.hpp"
#include "report/trace_table.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "support/capture_sink.hpp"

// Counts the calling thread's allocations while `counting` is set: how the
// trace table test sees that adding a page keeps nothing. The replacement
// applies to the whole test binary; it only counts. Every unaligned form is
// replaced, so that each pairs malloc with free (a sanitizer's own
// operator new must never meet this free); the aligned forms stay the
// library's, in pairs of their own.
// (GCC, inlining the replacement delete after a new, takes the pair for a
// mismatch: both are this file's malloc and free.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
thread_local bool counting = false;
thread_local uint64_t allocations = 0;

void* counted_malloc(std::size_t n) noexcept {
    if (counting) ++allocations;
    return std::malloc(n ? n : 1);
}
}  // namespace

void* operator new(std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return counted_malloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return counted_malloc(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

using namespace reportgen;
using namespace reportgen::detail;

namespace {

// An office with a 250 m radio, and clock-ins due north of it.
constexpr Office kOffice{test::kOffice.lat_e7, test::kOffice.lon_e7, 250};
EntryTrace clock_in_north(double north_m) {
    return test::clock_in_north(north_m, kOffice);
}

constexpr int64_t kDay0 = 19723;  // 2024-01-01

// January for 300 employees, two work entries a day, clocked in at the
// office, 5 km away or without coordinates by a pattern that gives every
// day place (on site, remote, mixed, unknown); pages of 997 entries in a
// shuffled order, each placed by the table as the collector does, then
// stored. The daily register's rows.
std::vector<std::string> daily_register(std::size_t budget, std::size_t* spilled_runs) {
    ReportRequest req;
    req.from = {2024, 1, 1};
    req.to = {2024, 1, 31};
    req.layout = Layout::daily;
    req.memory_budget_bytes = budget;
    EntryStore store(budget, "");
    store.enable_traces();
    TraceTable& table = *store.traces();
    table.set_offices({kOffice});
    const uint32_t office_type = store.check_types().intern("ct0");
    struct Clocked {
        WorkEntry e;
        EntryTrace t;
    };
    std::vector<Clocked> all;
    for (int emp = 0; emp < 300; ++emp) {
        std::string id = "emp-";
        id += std::to_string(emp);
        const uint32_t idx = store.employees().intern(id, id, "L", "dni", "X", true);
        for (int d = 0; d < 31; ++d) {
            for (int k = 0; k < 2; ++k) {
                Clocked c;
                c.e.id = EntryId{static_cast<uint64_t>(emp), static_cast<uint64_t>(d * 10 + k)};
                c.e.employee = idx;
                c.e.in_utc = (kDay0 + d) * 86400 + 8 * 3600 + k * 5 * 3600;
                c.e.out_utc = c.e.in_utc + 4 * 3600;
                c.e.worked_s = 4 * 3600;
                c.e.check_type = office_type;
                c.e.set_in_offset(60);
                c.e.set_out_offset(60);
                switch ((emp + d + k * (d % 3)) % 4) {
                    case 0: c.t = clock_in_north(10); break;     // on site
                    case 1: c.t = clock_in_north(5000); break;   // remote
                    case 2: c.t = clock_in_north(249.4); break;  // on site, at the radio
                    default: break;                              // no coordinates
                }
                all.push_back(c);
            }
        }
    }
    std::shuffle(all.begin(), all.end(), std::mt19937_64(7));  // pages arrive in any order
    for (std::size_t at = 0; at < all.size(); at += 997) {
        std::vector<WorkEntry> page;
        table.scratch().items.clear();
        for (std::size_t i = at; i < std::min(all.size(), at + 997); ++i) {
            page.push_back(all[i].e);
            table.scratch().items.push_back(all[i].t);
        }
        table.add_page(page);
        store.add(page);
    }
    table.seal();
    test::CaptureSink sink;
    Metrics m;
    ReferenceData ref;
    ref.check_types = {{"ct0", "Trabajo en oficina"}};
    ReportBuilder(req, ref).build(store, sink, m);
    REQUIRE(sink.header.size() > 19);
    REQUIRE(sink.header[19] == "Lugar");
    *spilled_runs = m.spilled_runs;
    return sink.rows;
}

// Cell 19 of each row: the register's "Lugar".
std::map<std::string, int> place_counts(const std::vector<std::string>& rows) {
    std::map<std::string, int> n;
    for (const std::string& r : rows) {
        std::size_t at = 0;
        for (int k = 0; k < 19; ++k) at = r.find('|', at) + 1;
        ++n[r.substr(at, r.find('|', at) - at)];
    }
    return n;
}

}  // namespace

TEST_CASE("places: a daily register that spills shows the same Lugar as one kept in memory",
          "[place][sorter]") {
    std::size_t mem_runs = 0, disk_runs = 0;
    const auto mem = daily_register(64u << 20, &mem_runs);
    const auto disk = daily_register(1u << 20, &disk_runs);
    CHECK(mem_runs == 0);
    CHECK(disk_runs > 0);
    REQUIRE(disk.size() == 300 * 31 + 300);  // a row a day and a TOTAL per employee
    CHECK(disk == mem);
    // Every kind of day is there, so that a place lost on the way shows.
    const auto n = place_counts(disk);
    CHECK(n.at("Presencial") > 100);
    CHECK(n.at("Remoto") > 100);
    CHECK(n.at("Mixto") > 100);
    CHECK(n.at("Desconocido") > 100);
}

TEST_CASE("places: the trace table keeps nothing per live entry whatever its coordinates",
          "[trace][place]") {
    TraceTable table;
    table.set_offices({kOffice});
    // Pages of 1,000 live entries, unmodified (created at the clock-in,
    // updated at the clock-out), on site, remote or without coordinates.
    constexpr std::size_t kPage = 1000;
    std::vector<WorkEntry> page(kPage);
    std::vector<EntryTrace> traces(kPage);
    for (std::size_t i = 0; i < kPage; ++i) {
        page[i].in_utc = kDay0 * 86400 + static_cast<int64_t>(i) * 60;
        page[i].out_utc = page[i].in_utc + 3600;
        traces[i] = i % 3 == 0 ? clock_in_north(0) : i % 3 == 1 ? clock_in_north(9000) : EntryTrace{};
        traces[i].created_utc = page[i].in_utc;
        traces[i].updated_utc = page[i].out_utc;
    }
    table.scratch().items.reserve(kPage);
    uint64_t during_pages = 0;
    for (uint64_t p = 0; p < 200; ++p) {
        for (std::size_t i = 0; i < kPage; ++i)
            page[i].id = EntryId{p, i};
        table.scratch().items.assign(traces.begin(), traces.end());  // no allocation: reserved
        allocations = 0;
        counting = true;
        table.add_page(page);
        counting = false;
        during_pages += allocations;
        CHECK(page[0].in_place == kInOffice);
        CHECK(page[1].in_place == kInOutside);
        CHECK(page[2].in_place == kInUnplaced);
    }
    // 200,000 entries with coordinates added: not one byte allocated for them.
    CHECK(during_pages == 0);
    CHECK(table.modified_count() == 0);
    // The counter sees what the table does keep: a modified entry's trace.
    table.scratch().items.assign(traces.begin(), traces.end());
    table.scratch().items[0].updated_utc += 86400;
    allocations = 0;
    counting = true;
    table.add_page(page);
    counting = false;
    CHECK(allocations > 0);
    CHECK(table.modified_count() == 1);
}
