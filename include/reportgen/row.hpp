#pragma once
/// \file
/// Typed report rows: each sink renders a cell its own way (CSV as text, XLSX
/// as a real Excel date, time or duration).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/config.hpp"
#include "reportgen/time.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// What a Cell holds, and so how a sink renders it.
enum class CellType : uint8_t {
    empty,     ///< nothing (an empty cell)
    text,      ///< text: UTF-8
    date,      ///< value: days since 1970-01-01 (a local calendar date)
    time,      ///< value: seconds since local midnight, 0..86399
    duration,  ///< value: seconds, >= 0, hours may exceed 24
    integer,   ///< value: a count
    /// value: seconds, may be negative (a balance, a difference). CSV renders
    /// "-12:30:00"; XLSX writes decimal hours (Excel shows ##### for a
    /// negative time): docs/DESIGN.md "Writers".
    signed_duration,
};

/// One cell of a row: a type and its value (Cell::date(), Cell::time(), ...).
struct REPORTGEN_API Cell {
    CellType type = CellType::empty;  ///< what the cell holds
    /// time cells only: how many days after the row's date this time of day
    /// falls (a night shift's clock-out: 1, shown "(+1)" in XLSX).
    int8_t day_offset = 0;
    std::string_view text;  ///< valid only during the RowSink::row call
    int64_t value = 0;  ///< the number, in the unit of the type (CellType)

    /// An empty cell.
    static Cell empty() { return {}; }
    /// A text cell (UTF-8; the view must outlive the RowSink::row call).
    static Cell str(std::string_view s) { return {CellType::text, 0, s, 0}; }
    /// A date cell: days since 1970-01-01.
    static Cell date(int64_t days) { return {CellType::date, 0, {}, days}; }
    /// A time-of-day cell: seconds since midnight, `day_offset` days after the row's date.
    static Cell time(int64_t secs, int8_t day_offset = 0) {
        return {CellType::time, day_offset, {}, secs};
    }
    /// A duration cell: seconds, >= 0.
    static Cell duration(int64_t secs) { return {CellType::duration, 0, {}, secs}; }
    /// A count.
    static Cell integer(int64_t n) { return {CellType::integer, 0, {}, n}; }
    /// A duration that may be negative: seconds.
    static Cell signed_duration(int64_t secs) {
        return {CellType::signed_duration, 0, {}, secs};
    }
};

/// One row of a report, as RowSink::row() receives it.
struct REPORTGEN_API TypedRow {
    std::span<const Cell> cells;  ///< the cells, one per header column; valid during the call only
    bool total = false;  ///< a TOTAL row (styled apart in XLSX)
    /// A row of the whole report, no employee's (the payroll layout's company
    /// TOTAL): one file per employee leaves it out.
    bool whole_report = false;
};

/// What a report is, for sinks that show it (an XLSX page header, document
/// properties). Views are valid during the RowSink::describe call only.
struct REPORTGEN_API ReportInfo {
    std::string_view company;  ///< from /core/v3/info; may be empty
    CivilDate from;            ///< the report's first day
    CivilDate to;              ///< the report's last day (inclusive)
    Layout layout = Layout::by_employee;  ///< the report's layout
    Lang lang = Lang::es;  ///< the report's language
};

/// Who a worker's rows are about, for sinks that print it once per worker
/// (the PDF register's page header, the XLSX page header of a file of one
/// worker): RowSink::worker(). Views are valid during the call only.
struct REPORTGEN_API WorkerInfo {
    std::string_view name;           ///< the employee's name, as the rows' first cell
    std::string_view identity_type;  ///< "dni", "nie", "rut" or "other", as the rows' second
    std::string_view nid;            ///< the identity number, as the rows' third
    /// The employee code (/core/v3/employees `code`); none when the source
    /// was not read or gives none.
    std::optional<int64_t> code;
    /// The Social Security number (/core/v3/employees `ssn`, trimmed); empty
    /// when the source was not read or gives none.
    std::string_view ssn;
    /// The planned time of the period ("Horas teóricas" of the worker's TOTAL
    /// row: the sum of the days' planned time), s; none when unknown.
    std::optional<int64_t> planned_s;
    /// The worker's validation of the period, as EmployeeSummary::validation
    /// ("aceptado 2024-02-02", "sin enviar"...); empty when there is none.
    std::string_view validation;
};

/// Per-employee aggregates of a report, built while rows stream (never from
/// rows kept in memory): the XLSX "Resumen" sheet. Views are valid during the
/// RowSink::summary call only.
struct REPORTGEN_API EmployeeSummary {
    std::string_view name;  ///< the employee's name
    std::string_view identity_type;  ///< "dni", "nie", "rut" or "other"
    std::string_view nid;  ///< the identity number
    uint32_t days_worked = 0;   ///< distinct workdays with at least one row
    int64_t worked_s = 0;       ///< "Tiempo registrado": the sum of the by_employee TOTAL rows
    uint32_t open_entries = 0;  ///< rows without a clock-out
    /// Data anomalies (column "Anomalías de datos"): clock-out before
    /// clock-in + dropped pause-only shifts. Not compliance incidents.
    uint32_t incidents = 0;
    /// Effective time, s: docs/DESIGN.md "Workday figures", summed over the
    /// employee's workdays (as the two below).
    int64_t effective_s = 0;
    int64_t unpaid_pause_s = 0;  ///< pauses that are not paid, s
    int64_t night_s = 0;         ///< effective time between 22:00 and 06:00, s
    /// Planned time ("Horas teóricas", Sesame's secondsToWork) when a source
    /// gave it; balance = effective_s - planned_s. Unknown: empty cells.
    bool has_planned = false;
    int64_t planned_s = 0;  ///< planned time, s (when has_planned)
    /// Compliance incidents of the employee (docs/DESIGN.md "Compliance checks").
    uint32_t compliance_incidents = 0;
    /// The worker's own validation of the period (check-validation) in the
    /// report's language, e.g. "aceptado 2024-02-02", "sin enviar",
    /// "enviado 2024-02-01 (parcial)"; empty when there is none
    /// (docs/DESIGN.md "The worker's validation").
    std::string_view validation = {};
    /// The place of work was read (docs/DESIGN.md "Place of work"), so
    /// remote_effective_s is known.
    bool has_place = false;
    /// The effective time spent remote, s (when has_place); the remote share
    /// is remote_effective_s / effective_s.
    int64_t remote_effective_s = 0;
};
/// One compliance incident, for the XLSX "Cumplimiento" sheet. Views valid
/// during the RowSink::summary call only.
struct REPORTGEN_API IncidentSummary {
    std::string_view name;           ///< the employee's name
    std::string_view identity_type;  ///< the employee's identity type
    std::string_view nid;            ///< the employee's identity number
    bool period = false;   ///< about the whole period (night_avg, overtime_year): no date
    int64_t workday = 0;   ///< days since 1970-01-01 (weekly_rest: the week's Monday)
    std::string_view rule;   ///< its id, e.g. "daily_max"
    std::string_view label;  ///< in the report's language
    int64_t value_s = 0;     ///< measured, s (an open entry: 0)
    int64_t limit_s = 0;     ///< the limit it broke, s
    std::string_view detail; ///< what happened, in the report's language
};
/// One modified or deleted work entry, for the XLSX "Modificaciones" sheet
/// (docs/DESIGN.md "Traceability and place of work"). Views valid during the
/// RowSink::summary call only. Date-times are local: seconds since
/// 1970-01-01 00:00 on the wall clock of the entry's own UTC offset (the
/// clock-out's for the clock-out, the clock-in's for the record times).
struct REPORTGEN_API ChangeSummary {
    std::string_view name;           ///< the employee's name
    std::string_view identity_type;  ///< the employee's identity type
    std::string_view nid;            ///< the employee's identity number
    int64_t workday = 0;             ///< days since 1970-01-01 (a deleted entry: its clock-in's date)
    int64_t clock_in = 0;            ///< local date-time, s
    bool has_clock_out = false;      ///< false while clocked in
    int64_t clock_out = 0;           ///< local date-time, s
    bool has_created = false;        ///< createdAt was given
    int64_t created = 0;             ///< local date-time, s
    bool has_updated = false;        ///< updatedAt was given
    int64_t updated = 0;             ///< local date-time, s
    std::string_view origin_in;      ///< workEntryIn.origin as given; empty when none
    std::string_view origin_out;     ///< workEntryOut.origin as given; empty when none
    bool deleted = false;            ///< deleted in the period (never in any total)
    std::string_view what;           ///< in the report's language: edited, entered late, deleted
};
/// Hours worked by the whole company on one workday (the summary's chart).
struct REPORTGEN_API WorkdayHours {
    int64_t workday = 0;  ///< days since 1970-01-01
    int64_t worked_s = 0; ///< whole company
};
/// Aggregates of a whole report, for RowSink::summary() (the XLSX summary sheet).
struct REPORTGEN_API ReportSummary {
    std::vector<EmployeeSummary> employees;  ///< sorted like the by_employee detail
    std::vector<WorkdayHours> workdays;      ///< ascending, days with work only
    int64_t worked_s = 0;                    ///< company total
    /// Company totals of the employees' figures (this one and the ones
    /// below); planned and balance sum the employees whose planned time is
    /// known (has_planned: at least one).
    int64_t effective_s = 0;
    int64_t unpaid_pause_s = 0;  ///< company total, s
    int64_t night_s = 0;         ///< company total, s
    bool has_planned = false;    ///< some employee's planned time is known
    int64_t planned_s = 0;       ///< company total of the known planned time, s
    int64_t balance_s = 0;       ///< company total of effective - planned, s
    bool compliance_checked = false;  ///< whether the compliance checks ran
    /// Every incident by employee (as above), workday and rule, period
    /// incidents last for each employee.
    std::vector<IncidentSummary> incidents;
    /// Whether the report lists the modified and deleted entries (XLSX).
    bool changes_listed = false;
    /// Modified and deleted entries by employee (as above), workday, clock-in.
    std::vector<ChangeSummary> changes;
};

/// Every writer implements this. describe() (optional) and begin() once,
/// worker() (optional) before each worker's rows, row() per
/// row, summary() (optional) once after the last row, finish() once;
/// finish() flushes and reports I/O failure as an io error.
class REPORTGEN_API RowSink {
  public:
    virtual ~RowSink() = default;
    /// What the report is, before begin(); optional (ignored by default).
    virtual void describe(const ReportInfo&) {}
    /// The column names, once, before the first row.
    virtual void begin(std::span<const std::string_view> header) = 0;
    /// Layout::daily, by_employee and payroll: who the next rows are about,
    /// after begin() and before the worker's first row (the rows that follow,
    /// up to and including the worker's TOTAL row, are that worker's; the
    /// next call, or summary()/finish(), ends them). Every call is another
    /// worker, even one whose name and identity number equal the last
    /// one's. by_employee tells name, identity type and number only;
    /// payroll adds the code, SSN and validation; daily every field. The
    /// payroll's company TOTAL row (TypedRow::whole_report) follows the last
    /// worker's row without a call. by_activity, by_group and incidents
    /// never call it. Optional (ignored by default); the views are valid
    /// during the call only.
    virtual void worker(const WorkerInfo&) {}
    /// One row; its views are valid during the call only.
    virtual void row(const TypedRow& row) = 0;
    /// The report's aggregates, once after the last row; optional (ignored by default).
    virtual void summary(const ReportSummary&) {}
    /// The end: flush and close; an io error on failure.
    virtual void finish() = 0;
};

// Text renderings of cells, as the CSV writer renders them (for a custom sink).

/// A date cell's value (days since 1970-01-01) as dd/mm/yyyy.
[[nodiscard]] REPORTGEN_API std::string format_date(int64_t days);
/// A time cell's value (seconds since midnight) as HH:MM:SS.
[[nodiscard]] REPORTGEN_API std::string format_time(int64_t secs);
/// A duration or signed_duration cell's value (seconds) as HH:MM:SS with
/// hours unbounded (31:05:00), a negative one with a leading '-'.
[[nodiscard]] REPORTGEN_API std::string format_duration(int64_t secs);

}  // namespace reportgen
