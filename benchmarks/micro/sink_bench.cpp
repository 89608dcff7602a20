// Writers, rows per second, on the by_employee rows of a lean month (about
// 187,000 data rows and 68,000 TOTAL rows): CSV into memory, CSV through
// gzip, XLSX through XlsxSink, and the same rows through libxlsxwriter's C
// API directly (the ceiling XlsxSink is measured against).
#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "reportgen/sinks.hpp"

namespace reportgen::bench {
namespace {

void BM_CsvSink(benchmark::State& state) {
    const RowTape& tape = lean_month_rows();
    uint64_t rows = 0, bytes = 0;
    for (auto _ : state) {
        CountingByteSink out;
        CsvSink csv(out);
        tape.replay(csv);
        csv.finish();
        rows += tape.size();
        bytes += out.bytes_in();
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_CsvSink)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvGzipSink(benchmark::State& state) {
    const RowTape& tape = lean_month_rows();
    const int level = static_cast<int>(state.range(0));
    uint64_t rows = 0, in = 0, out_bytes = 0;
    for (auto _ : state) {
        CountingByteSink out;
        GzipByteSink gz(out, level);
        CsvSink csv(gz);
        tape.replay(csv);
        csv.finish();
        rows += tape.size();
        in += gz.bytes_in();
        out_bytes += gz.bytes_out();
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
    state.SetBytesProcessed(static_cast<int64_t>(in));
    state.counters["ratio"] =
        out_bytes ? static_cast<double>(in) / static_cast<double>(out_bytes) : 0;
}
BENCHMARK(BM_CsvGzipSink)->Arg(1)->Arg(6)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_XlsxSink(benchmark::State& state) {
    const RowTape& tape = lean_month_rows();
    uint64_t rows = 0;
    for (auto _ : state) {
        TempPath path(".xlsx");
        XlsxSink xlsx(path.str());
        tape.replay(xlsx);
        xlsx.finish();
        rows += tape.size();
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
}
BENCHMARK(BM_XlsxSink)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LibxlsxwriterDirect(benchmark::State& state) {
    const RowTape& tape = lean_month_rows();
    uint64_t rows = 0;
    for (auto _ : state) {
        TempPath path(".xlsx");
        rows += write_xlsx_direct(tape, path.str());
    }
    state.SetItemsProcessed(static_cast<int64_t>(rows));
}
BENCHMARK(BM_LibxlsxwriterDirect)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace reportgen::bench
