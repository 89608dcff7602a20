#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "report/external_sorter.hpp"
#include "reportgen/report.hpp"
#include "support/capture_sink.hpp"

using namespace reportgen;

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
    std::sort(input.begin(), input.end(), RecLess{});
    REQUIRE(out.size() == input.size());
    CHECK(std::equal(out.begin(), out.end(), input.begin(), [](const Rec& a, const Rec& b) {
        return a.key == b.key && a.payload == b.payload;
    }));
    CHECK(sorter.size() == 0);
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
        req.from = "2024-01-01";
        req.to = "2024-01-31";
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
}
