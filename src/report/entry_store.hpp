#pragma once
// The "store" stage (docs/DESIGN.md): the decoded entries of a report within
// a memory budget, spilled to sorted runs on disk past it.
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "report/trace_table.hpp"
#include "report/work_entry.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

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
    BreakTypeRefs& break_types();  // of pauses (WorkEntry::break_type)
    const BreakTypeRefs& break_types() const;
    void add(std::span<const WorkEntry> entries);
    // The report shows modifications (trace.hpp traces_shown): keep a
    // TraceTable beside the entries. Before the first page.
    void enable_traces();
    // The table, or null when the report shows no modification (then the
    // decoder is given no traces to fill: they cost nothing).
    TraceTable* traces() noexcept;
    const TraceTable* traces() const noexcept;
    std::size_t size() const;          // entries added (duplicates and deleted included)
    std::size_t spilled_runs() const;  // so far

    // Calls fn(entries of one employee, sorted by clock-in) once per employee,
    // duplicates removed (metrics.duplicates_dropped, duplicates_conflicting,
    // distinct_entries): of the copies of one id and clock-in, a deleted one
    // wins, then a closed one, then the later clock-out. Empties the store.
    void drain(const std::function<void(std::span<const WorkEntry>)>& fn, Metrics& metrics);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
