// The report core: entries into the EntryStore and out sorted per employee
// (with and without spilling), then shifts, pause folding and the row sorter
// (ReportBuilder) into a sink that discards rows. Entries per second.
#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::bench {
namespace {

// Store + drain alone: add every entry of the lean month, then drain it in
// order. The budget argument (MiB) decides whether sorted runs spill.
void BM_EntryStore(benchmark::State& state) {
    const Decoded& d = lean_month();
    const std::size_t budget = static_cast<std::size_t>(state.range(0)) << 20;
    uint64_t entries = 0, runs = 0;
    for (auto _ : state) {
        EntryStore store(budget, "");
        store.add(d.entries);
        Metrics m;
        uint64_t groups = 0;
        store.drain([&](std::span<const WorkEntry> g) { groups += g.size(); }, m);
        benchmark::DoNotOptimize(groups);
        entries += d.entries.size();
        runs = m.spilled_runs;
    }
    state.SetItemsProcessed(static_cast<int64_t>(entries));
    state.counters["spilled_runs"] = static_cast<double>(runs);
}
BENCHMARK(BM_EntryStore)->Arg(24)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole builder (store drain, shifts, folding, row sort, row emission)
// for the month's entries, into a NullSink. Layout by argument.
void BM_BuildRows(benchmark::State& state) {
    const Company& c = lean_company();
    const ReferenceData ref = c.reference();
    const Decoded& d = lean_month();
    ReportRequest req;
    req.from = {2024, 1, 1};
    req.to = {2024, 1, 31};
    req.layout = static_cast<Layout>(state.range(0));
    uint64_t entries = 0, rows = 0;
    for (auto _ : state) {
        state.PauseTiming();
        EntryStore store(req.memory_budget_bytes, "");
        // The builder names employees and activities through the store's
        // tables: intern the decoded ones in the same order (same indices).
        for (std::size_t i = 0; i < d.employees.size(); ++i) {
            const Employee& e = d.employees[static_cast<uint32_t>(i)];
            store.employees().intern(e.id, e.name, "", e.identity_type, e.nid, e.has_nid);
        }
        for (std::size_t i = 0; i < d.check_types.size(); ++i)
            store.check_types().intern(d.check_types[static_cast<uint32_t>(i)]);
        state.ResumeTiming();
        store.add(d.entries);
        NullSink sink;
        Metrics m;
        ReportBuilder(req, ref).build(store, sink, m);
        entries += d.entries.size();
        rows += sink.rows();
    }
    state.SetItemsProcessed(static_cast<int64_t>(entries));
    state.counters["rows_per_second"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildRows)
    ->Arg(static_cast<int>(Layout::by_employee))
    ->Arg(static_cast<int>(Layout::by_activity))
    ->Arg(static_cast<int>(Layout::by_group))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace reportgen::bench
