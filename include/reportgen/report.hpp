#pragma once
// The report core: decoded entries in, typed rows out (DESIGN.md "Report
// semantics"). EntryStore holds the entries of a report within a memory
// budget; ReportBuilder cleans them, groups shifts, folds pauses and lays
// the rows out by employee, activity or group.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/row.hpp"

namespace reportgen {

// Every user-visible word of a report, per language.
struct Labels {
    std::string_view employee_layout_header[9];
    std::string_view group_layout_header[9];
    std::string_view total;
    std::string_view unknown_employee;
    std::string_view not_available;
    std::string_view default_identity_type;
    std::string_view regular_entry;
    std::string_view unknown_activity;
    std::string_view no_group;
    std::string_view sheet_name;
    std::string_view daily_header[10];  // Layout::daily
    std::string_view yes;
    std::string_view no;
};
const Labels& labels(Lang lang) noexcept;
std::span<const std::string_view> header(Layout layout, Lang lang) noexcept;

// Entries of one report. Not thread-safe: one writer (the decode thread).
class EntryStore {
  public:
    EntryStore(std::size_t memory_budget_bytes, std::string spill_dir);
    ~EntryStore();
    EntryStore(EntryStore&&) noexcept;
    EntryStore& operator=(EntryStore&&) noexcept;

    EmployeeTable& employees();
    CheckTypeRefs& check_types();
    const EmployeeTable& employees() const;
    const CheckTypeRefs& check_types() const;
    void add(std::span<const WorkEntry> entries);
    std::size_t size() const;          // entries added (duplicates and deleted included)
    std::size_t spilled_runs() const;  // so far

    // Calls fn(entries of one employee, sorted by clock-in) once per employee,
    // duplicates removed (metrics.duplicates_dropped, distinct_entries). Empties the store.
    void drain(const std::function<void(std::span<const WorkEntry>)>& fn, Metrics& metrics);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class ReportBuilder {
  public:
    ReportBuilder(const ReportRequest& request, const ReferenceData& reference);
    ~ReportBuilder();

    // Drains the store and writes the header, the rows and the TOTAL rows to
    // sink (begin/row; the caller calls finish()). Fills the build fields of
    // metrics. Checks cancel every chunk_size rows.
    void build(EntryStore& store, RowSink& sink, Metrics& metrics,
               const CancelToken* cancel = nullptr, std::size_t chunk_size = 2000);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen
