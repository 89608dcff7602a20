#pragma once
// Typed report rows: each sink renders a cell its own way (CSV as text, XLSX
// as a real Excel date, time or duration).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "reportgen/config.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

enum class CellType : uint8_t {
    empty,
    text,      // text: UTF-8
    date,      // value: days since 1970-01-01 (a local calendar date)
    time,      // value: seconds since local midnight, 0..86399
    duration,  // value: seconds, >= 0, hours may exceed 24
    integer,   // value: a count
    // value: seconds, may be negative (a balance, a difference). CSV renders
    // "-12:30:00"; XLSX writes decimal hours (Excel shows ##### for a
    // negative time): docs/DESIGN.md "Writers".
    signed_duration,
};

struct REPORTGEN_API Cell {
    CellType type = CellType::empty;
    // time cells only: how many days after the row's date this time of day
    // falls (a night shift's clock-out: 1, shown "(+1)" in XLSX).
    int8_t day_offset = 0;
    std::string_view text;  // valid only during the RowSink::row call
    int64_t value = 0;

    static Cell empty() { return {}; }
    static Cell str(std::string_view s) { return {CellType::text, 0, s, 0}; }
    static Cell date(int64_t days) { return {CellType::date, 0, {}, days}; }
    static Cell time(int64_t secs, int8_t day_offset = 0) {
        return {CellType::time, day_offset, {}, secs};
    }
    static Cell duration(int64_t secs) { return {CellType::duration, 0, {}, secs}; }
    static Cell integer(int64_t n) { return {CellType::integer, 0, {}, n}; }
    static Cell signed_duration(int64_t secs) {
        return {CellType::signed_duration, 0, {}, secs};
    }
};

struct REPORTGEN_API TypedRow {
    std::span<const Cell> cells;
    bool total = false;  // a TOTAL row (styled apart in XLSX)
    // A row of the whole report, no employee's (the payroll layout's company
    // TOTAL): one file per employee leaves it out.
    bool whole_report = false;
};

// What a report is, for sinks that show it (an XLSX page header, document
// properties). Views are valid during the RowSink::describe call only.
struct REPORTGEN_API ReportInfo {
    std::string_view company;  // from /core/v3/info; may be empty
    std::string_view from;     // YYYY-MM-DD
    std::string_view to;
    Layout layout = Layout::by_employee;
    Lang lang = Lang::es;
};

// Per-employee aggregates of a report, built while rows stream (never from
// rows kept in memory): the XLSX "Resumen" sheet. Views are valid during the
// RowSink::summary call only.
struct REPORTGEN_API EmployeeSummary {
    std::string_view name;
    std::string_view identity_type;
    std::string_view nid;
    uint32_t days_worked = 0;   // distinct workdays with at least one row
    int64_t worked_s = 0;       // "Tiempo registrado": the sum of the by_employee TOTAL rows
    uint32_t open_entries = 0;  // rows without a clock-out
    // Data anomalies (column "Anomalías de datos"): clock-out before
    // clock-in + dropped pause-only shifts. Not compliance incidents.
    uint32_t incidents = 0;
    // docs/DESIGN.md "Workday figures", summed over the employee's workdays.
    int64_t effective_s = 0;
    int64_t unpaid_pause_s = 0;
    int64_t night_s = 0;
    // Planned time ("Horas teóricas", Sesame's secondsToWork) when a source
    // gave it; balance = effective_s - planned_s. Unknown: empty cells.
    bool has_planned = false;
    int64_t planned_s = 0;
    // Compliance incidents of the employee (docs/DESIGN.md "Compliance checks").
    uint32_t compliance_incidents = 0;
};
// One compliance incident, for the XLSX "Cumplimiento" sheet. Views valid
// during the RowSink::summary call only.
struct REPORTGEN_API IncidentSummary {
    std::string_view name, identity_type, nid;  // the employee
    bool period = false;   // about the whole period (night_avg, overtime_year): no date
    int64_t workday = 0;   // days since 1970-01-01 (weekly_rest: the week's Monday)
    std::string_view rule;   // its id, e.g. "daily_max"
    std::string_view label;  // in the report's language
    int64_t value_s = 0;     // measured (an open entry: 0)
    int64_t limit_s = 0;
    std::string_view detail;
};
struct REPORTGEN_API WorkdayHours {
    int64_t workday = 0;  // days since 1970-01-01
    int64_t worked_s = 0; // whole company
};
struct REPORTGEN_API ReportSummary {
    std::vector<EmployeeSummary> employees;  // sorted like the by_employee detail
    std::vector<WorkdayHours> workdays;      // ascending, days with work only
    int64_t worked_s = 0;                    // company total
    // Company totals of the employees' figures; planned and balance sum the
    // employees whose planned time is known (has_planned: at least one).
    int64_t effective_s = 0;
    int64_t unpaid_pause_s = 0;
    int64_t night_s = 0;
    bool has_planned = false;
    int64_t planned_s = 0;
    int64_t balance_s = 0;
    // Whether the checks ran, and every incident by employee (as above),
    // workday and rule, period incidents last for each employee.
    bool compliance_checked = false;
    std::vector<IncidentSummary> incidents;
};

// Every writer implements this. describe() (optional) and begin() once,
// row() per row, summary() (optional) once after the last row, finish()
// once; finish() flushes and reports I/O failure as an io error.
class REPORTGEN_API RowSink {
  public:
    virtual ~RowSink() = default;
    virtual void describe(const ReportInfo&) {}
    virtual void begin(std::span<const std::string_view> header) = 0;
    virtual void row(const TypedRow& row) = 0;
    virtual void summary(const ReportSummary&) {}
    virtual void finish() = 0;
};

// Text renderings shared by the text sinks and tests.
// dd/mm/yyyy
REPORTGEN_API void format_date(int64_t days, char out[10]) noexcept;
// HH:MM:SS
REPORTGEN_API void format_time(int64_t secs, char out[8]) noexcept;
// HH:MM:SS with hours unbounded (31:05:00); returns the length written (>= 8).
REPORTGEN_API std::size_t format_duration(int64_t secs, char out[24]) noexcept;

}  // namespace reportgen
