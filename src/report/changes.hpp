#pragma once
// The modified and deleted entries a report shows (docs/DESIGN.md
// "Traceability and place of work"): a stage beside the shifts. It marks
// each shift's latest modification (the daily register's "Modificado") and
// lists the modified entries and the deleted ones for the "Modificaciones"
// sheet. State: the listed entries only.
#include <cstdint>
#include <span>
#include <vector>

#include "report/layout.hpp"
#include "report/trace_table.hpp"
#include "report/work_entry.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

class ChangeStage {
  public:
    // `list`: keep the entries for the sheet (changes_listed()); else only
    // the marks are computed.
    ChangeStage(const TraceTable& traces, bool list) : traces_(traces), list_(list) {}

    // The latest modification of a shift's entries: UTC, shown on the wall
    // clock of its entry's clock-in offset; utc kNoTime when none.
    struct Mark {
        int64_t utc = kNoTime;
        int16_t offset_min = 0;
    };
    // A shift of the report (its workday within [from, to]), live entries.
    Mark shift(uint32_t employee, int32_t workday, std::span<const WorkEntry> entries);

    // After the drain: adds the deleted entries whose clock-in's local date
    // lies in [from, to], orders everything by employee rank, workday and
    // clock-in, and fills sum.changes (views into names, the table and the
    // labels). Counts modified_entries and deleted_entries.
    void finish(ReportSummary& sum, const ReportNames& names, int32_t from, int32_t to, Lang lang,
                Metrics& m);

  private:
    struct Item {
        uint32_t employee;
        int32_t workday;
        WorkEntry entry;
        EntryTrace trace;
        unsigned why;  // trace.hpp ModifiedReason bits; 0 for a deleted entry
    };
    const TraceTable& traces_;
    bool list_;
    uint64_t modified_ = 0;
    std::vector<Item> items_;
};

}  // namespace reportgen::detail
