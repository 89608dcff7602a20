#pragma once
// Shared inputs of the micro benchmarks: pages rendered by the mock API's own
// renderer (no network), the entries and rows they decode to, and the
// reference data of the synthetic company. Built once per process.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/row_tape.hpp"
#include "mockapi/dataset.hpp"
#include "mockapi/page_renderer.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "reportgen/row.hpp"
#include "reportgen/sinks.hpp"

namespace reportgen::bench {

using namespace reportgen::detail;  // the internals measured

// A month of a 3,000-employee company (the docs/DESIGN.md example: ~260,000
// entries in pages of 500), lean or fat. With REPORTGEN_BENCH_SMALL=1 in the
// environment (the smoke test), 300 employees and 7 days.
struct Company {
    explicit Company(bool fat);
    mockapi::Dataset data;
    mockapi::PageRenderer renderer;
    std::unique_ptr<mockapi::View> view;
    std::size_t pages(uint64_t limit = 500) const;
    std::string page(uint64_t page, uint64_t limit = 500) const;
    ReferenceData reference() const;  // through the metadata decoders
};

const Company& lean_company();
const Company& fat_company();

// The first `n` pages of a company, rendered once.
const std::vector<std::string>& lean_pages(std::size_t n = 40);
const std::vector<std::string>& fat_pages(std::size_t n = 40);

// Every entry of the lean month, decoded, with the tables the decoder filled.
struct Decoded {
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> entries;
};
const Decoded& lean_month();

// The by_employee rows of the lean month (built once).
const RowTape& lean_month_rows();

// Discards rows (counts them).
class NullSink final : public RowSink {
  public:
    void begin(std::span<const std::string_view>) override {}
    void row(const TypedRow& r) override {
        cells_ += r.cells.size();
        ++rows_;
    }
    void finish() override {}
    uint64_t rows() const { return rows_; }
    uint64_t cells() const { return cells_; }

  private:
    uint64_t rows_ = 0;
    uint64_t cells_ = 0;
};

// A byte sink that only counts.
class CountingByteSink final : public ByteSink {
  public:
    void write(std::string_view b) override { n_ += b.size(); }
    void close() override {}
    uint64_t bytes_in() const override { return n_; }

  private:
    uint64_t n_ = 0;
};

// A scratch path under $TMPDIR (or /tmp), removed by the destructor.
class TempPath {
  public:
    explicit TempPath(std::string_view suffix);
    ~TempPath();
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;
    const std::string& str() const { return path_; }

  private:
    std::string path_;
};

}  // namespace reportgen::bench
