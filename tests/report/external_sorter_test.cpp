#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "report/entry_store.hpp"
#include "report/external_sorter.hpp"
#include "report/report_builder.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "support/capture_sink.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {
struct Rec {
    uint64_t key;
    uint32_t payload;
};
struct RecLess {
    bool operator()(const Rec& a, const Rec& b) const {
        return a.key != b.key ? a.key < b.key : a.payload < b.payload;
    }
};

// `out` holds exactly `input`'s records, in the order one std::sort gives.
void check_sorted_like(const std::vector<Rec>& out, std::vector<Rec> input) {
    std::sort(input.begin(), input.end(), RecLess{});
    REQUIRE(out.size() == input.size());
    CHECK(std::equal(out.begin(), out.end(), input.begin(), [](const Rec& a, const Rec& b) {
        return a.key == b.key && a.payload == b.payload;
    }));
}
}  // namespace

TEST_CASE("ExternalSorter spills sorted runs and merges them in order", "[report][sorter]") {
    std::mt19937_64 rng(7);
    std::vector<Rec> input;
    for (uint32_t i = 0; i < 50000; ++i)
        input.push_back({rng() % 1000, i});
    // 16 KiB budget -> the 1024-record minimum per run -> ~49 runs.
    detail::ExternalSorter<Rec, RecLess> sorter(16 * 1024, "");
    for (const auto& r : input)
        sorter.push(r);
    CHECK(sorter.spilled_runs() >= 40);
    CHECK(sorter.size() == input.size());
    std::vector<Rec> out;
    sorter.drain([&](const Rec& r) { out.push_back(r); });
    check_sorted_like(out, input);
    CHECK(sorter.size() == 0);
}

TEST_CASE("ExternalSorter merges its sorted chunks, in memory and into runs", "[report][sorter]") {
    // Records are sorted an eighth of the buffer at a time as they arrive;
    // drain() and each spill merge those chunks. Random keys with many ties
    // (the payload breaks them), compared against one std::sort.
    auto check = [](std::size_t budget, std::size_t n, bool expect_spills) {
        std::mt19937_64 rng(budget + n);
        std::vector<Rec> input;
        for (uint32_t i = 0; i < n; ++i)
            input.push_back({rng() % 5000, i});
        detail::ExternalSorter<Rec, RecLess> sorter(budget, "");
        for (const auto& r : input)
            sorter.push(r);
        CHECK((sorter.spilled_runs() > 0) == expect_spills);
        std::vector<Rec> out;
        sorter.drain([&](const Rec& r) { out.push_back(r); });
        check_sorted_like(out, input);
    };
    SECTION("in memory: 65,536-record buffer, 8,192-record chunks, 6 chunks and a tail") {
        check(1 << 20, 50000, false);
    }
    SECTION("exactly one chunk, and one record past it") {
        check(1 << 20, 8192, false);
        check(1 << 20, 8193, false);
    }
    SECTION("spilling: each run merged from 8 chunks, then runs + chunks + tail") {
        check(256 * 1024, 50000, true);
    }
}

TEST_CASE("ExternalSorter without spilling sorts in memory", "[report][sorter]") {
    detail::ExternalSorter<Rec, RecLess> sorter(1 << 20, "");
    for (uint32_t i = 0; i < 100; ++i)
        sorter.push({100 - i, i});
    CHECK(sorter.spilled_runs() == 0);
    uint64_t prev = 0;
    std::size_t n = 0;
    sorter.drain([&](const Rec& r) {
        CHECK(r.key >= prev);
        prev = r.key;
        ++n;
    });
    CHECK(n == 100);
}

TEST_CASE("ExternalSorter reports an unusable spill directory as an io error", "[report][sorter]") {
    detail::ExternalSorter<Rec, RecLess> sorter(16 * 1024, "/nonexistent-dir-for-reportgen");
    auto push_many = [&] {
        for (uint32_t i = 0; i < 5000; ++i)
            sorter.push({i, i});
    };
    REQUIRE_THROWS_AS(push_many(), Error);
    try {
        push_many();
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
        CHECK(std::string(e.what()).find("/nonexistent-dir-for-reportgen") != std::string::npos);
    }
}

TEST_CASE("a report that spills to disk equals the one built in memory", "[report][sorter]") {
    auto make = [](std::size_t budget, Layout layout) {
        ReportRequest req;
        req.from = {2024, 1, 1};
        req.to = {2024, 1, 31};
        req.layout = layout;
        req.memory_budget_bytes = budget;
        EntryStore store(budget, "");
        std::mt19937_64 rng(11);
        std::vector<WorkEntry> batch;
        const int64_t day0 = 19723;  // 2024-01-01
        for (int emp = 0; emp < 300; ++emp) {
            // (Appending, not "x" + to_string: GCC 12 warns falsely on the latter.)
            std::string id = "emp-", first = "N";
            id += std::to_string(emp);
            first += std::to_string(rng() % 50);
            const uint32_t idx = store.employees().intern(id, first, "L", "dni", "X", true);
            for (int d = 0; d < 31; ++d) {
                for (int k = 0; k < 6; ++k) {
                    WorkEntry e;
                    e.id = EntryId{static_cast<uint64_t>(emp), static_cast<uint64_t>(d * 10 + k)};
                    e.employee = idx;
                    e.in_utc = (day0 + d) * 86400 + 8 * 3600 + k * 3600;
                    e.out_utc = e.in_utc + 3000;
                    e.worked_s = 3000;
                    e.pause = k == 2;
                    std::string ct = "ct";
                    ct += std::to_string(k % 3);
                    e.check_type = store.check_types().intern(ct);
                    batch.push_back(e);
                }
            }
        }
        std::shuffle(batch.begin(), batch.end(), rng);  // pages arrive in any order
        store.add(batch);
        test::CaptureSink sink;
        Metrics m;
        ReferenceData ref;
        ref.check_types = {{"ct0", "A"}, {"ct1", "B"}};
        ReportBuilder(req, ref).build(store, sink, m);
        return std::make_pair(sink.rows, m.spilled_runs);
    };
    for (Layout l : {Layout::by_employee, Layout::by_activity, Layout::by_group}) {
        const auto [mem_rows, mem_runs] = make(64u << 20, l);
        const auto [disk_rows, disk_runs] = make(1u << 20, l);
        CHECK(mem_runs == 0);
        CHECK(disk_runs > 0);
        CHECK(disk_rows.size() > 40000);
        CHECK(disk_rows == mem_rows);
    }
    // The daily register's figures and break records spill with its rows
    // and come back in their days.
    const auto [daily_mem, daily_mem_runs] = make(64u << 20, Layout::daily);
    const auto [daily_disk, daily_disk_runs] = make(1u << 20, Layout::daily);
    CHECK(daily_mem_runs == 0);
    CHECK(daily_disk_runs > 0);
    CHECK(daily_disk.size() == 300 * 31 + 300);
    CHECK(daily_disk == daily_mem);
    // The payroll layout sends nothing through the row sorter: its runs are
    // the store's alone, fewer than by_employee's (the store's and the
    // sorter's) at the same budget.
    const auto [payroll_rows, payroll_runs] = make(1u << 20, Layout::payroll);
    const auto [by_employee_rows, by_employee_runs] = make(1u << 20, Layout::by_employee);
    CHECK(payroll_runs < by_employee_runs);
    CHECK(payroll_rows.size() == 301);
}
