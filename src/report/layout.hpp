#pragma once
// The layout stage (docs/DESIGN.md "Report semantics" 4 and 5): folded rows get
// their names and a sort key, the row sorter orders them, and a layout
// writes them to the sink grouped, each group closed by a TOTAL row.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/collation.hpp"
#include "report/compliance_stage.hpp"
#include "report/labels.hpp"
#include "report/payroll_sources.hpp"
#include "report/shifts.hpp"
#include "report/work_entry.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

// One report row after folding, with its sort key precomputed so that the
// row sorter compares integers only. 64 bytes.
struct RowRecord {
    uint32_t key1;    // group: employee rank, activity rank or group rank
    int32_t workday;  // days since the epoch (local date of the shift's start)
    int64_t in_utc;
    uint32_t key2;    // employee rank (order within equal clock-ins)
    int32_t pause_s;  // time on breaks folded into the row, capped
    EntryId id;       // last tie-breaker: deterministic whatever the engine
    int64_t out_utc;
    int64_t duration;
    uint32_t activity;  // index in the activity label tables
    int16_t in_offset_min;
    int16_t out_offset_min;
};
static_assert(sizeof(RowRecord) == 64, "the row sorter holds many of these");

struct RowOrder {
    bool operator()(const RowRecord& a, const RowRecord& b) const noexcept {
        if (a.key1 != b.key1) return a.key1 < b.key1;
        if (a.workday != b.workday) return a.workday < b.workday;
        if (a.in_utc != b.in_utc) return a.in_utc < b.in_utc;
        if (a.key2 != b.key2) return a.key2 < b.key2;
        return a.id < b.id;
    }
};

// The daily register reads each workday's figures and breaks through the
// row sorter, beside the rows (a map of every workday would grow with the
// report): one record per shift with its figures, one per break, told apart
// from rows by `activity`. A figures record sorts first in its day (clock-in
// INT64_MIN) and carries pause_s in pause_s, the effective time in out_utc,
// the unpaid pause time in duration and the night time in id.hi; a break
// record sorts by its clock-in among the rows, with its clock-out (kNoTime
// while open) and offsets where a row has them, and pause_s 1 when paid.
// Only the daily layout pushes them.
inline constexpr uint32_t kFiguresRecord = UINT32_MAX;
inline constexpr uint32_t kBreakRecord = UINT32_MAX - 1;
// A shift with a modified entry (docs/DESIGN.md "Traceability and place of
// work"): sorts first in its day with the figures records, and carries the
// latest modification (UTC) in out_utc, shown on the wall clock of
// in_offset_min (its entry's clock-in's offset). Daily layout only.
inline constexpr uint32_t kTraceRecord = UINT32_MAX - 2;
// A shift's places of work (docs/DESIGN.md "Place of work"): sorts first in
// its day with the figures records, and carries places.hpp's PlaceBits in
// pause_s. Daily layout only.
inline constexpr uint32_t kPlaceRecord = UINT32_MAX - 3;

// Names of a report's employees, activities and groups, and their sort ranks.
class ReportNames {
  public:
    ReportNames(Lang lang, const Labels& labels, const ReferenceData& reference);
    // Once every entry is in the store, so that every employee is known.
    void resolve(const EmployeeTable& employees, const CheckTypeRefs& check_types);

    std::string_view employee_name(uint32_t emp) const { return emp_name_[emp]; }
    std::string_view employee_id(uint32_t emp) const { return (*emps_)[emp].id; }
    std::string_view identity_type(uint32_t emp) const;
    std::string_view nid(uint32_t emp) const;
    // No identity number: null, blank or the API's "No disponible".
    bool nid_missing(uint32_t emp) const;
    // Employees in the order of every layout: surname, then first name, in
    // the report language's collation, then API id.
    uint32_t employee_rank(uint32_t emp) const { return emp_rank_[emp]; }
    uint32_t employee_at(uint32_t rank) const { return emp_by_rank_[rank]; }
    // The collation key (NameCollator::key) of a name built as
    // firstName + " " + lastName (name_parts()); the unknown employee's label
    // when empty, as employee_name() shows it.
    std::string name_key(std::string_view name, std::size_t first_size) const;
    std::string_view employee_key(uint32_t emp) const { return emp_key_[emp]; }
    std::string_view activity_name(uint32_t activity) const { return activity_name_[activity]; }
    std::string_view activity_group(uint32_t activity) const { return activity_group_[activity]; }

    RowRecord record(const FoldedRow& row, int32_t workday, Layout layout) const;
    // The daily register's extra records (below), of employee `emp`.
    RowRecord figures_record(uint32_t emp, const WorkdayFigures& figures) const;
    RowRecord break_record(uint32_t emp, int32_t workday, const BreakSpan& b, uint32_t seq) const;
    RowRecord place_record(uint32_t emp, int32_t workday, unsigned place_bits) const;
    RowRecord trace_record(uint32_t emp, int32_t workday, int64_t modified_utc,
                           int16_t offset_min) const;

  private:
    const Labels& lab_;
    NameCollator collator_;
    std::unordered_map<std::string, std::string> check_type_names_;   // id -> name
    std::unordered_map<std::string, std::string> check_type_groups_;  // id -> group name
    const EmployeeTable* emps_ = nullptr;
    std::vector<std::string_view> emp_name_;
    std::vector<std::string> emp_key_;  // name_key() of each employee
    std::vector<uint32_t> emp_rank_, emp_by_rank_;
    // Activities: 0 = regular entry, 1 = unknown, 2+i = check type ref i.
    std::vector<std::string_view> activity_name_, activity_group_;
    std::vector<uint32_t> activity_rank_, group_rank_;
};

// Writes sorted RowRecords to a sink, grouped, with TOTAL rows.
class RowLayout {
  public:
    virtual ~RowLayout() = default;
    virtual void begin() = 0;                  // the header
    virtual void row(const RowRecord& r) = 0;  // in RowOrder
    virtual void end() = 0;                    // closes the last group
};

// by_employee, by_activity, by_group and daily; `sources` (may be null) give
// the daily register its planned time. The payroll layout is
// payroll_layout.hpp's.
// `incidents` (may be null: the checks did not run) fill the register's
// "Incidencias" column.
std::unique_ptr<RowLayout> make_layout(const ReportRequest& request, const ReportNames& names,
                                       RowSink& sink, Metrics& metrics,
                                       const PayrollSources* sources = nullptr,
                                       IncidentCursor* incidents = nullptr);

}  // namespace reportgen::detail
