#pragma once
// What the payroll figures read besides the work entries (docs/DESIGN.md
// "Payroll sources"): Sesame's statistics, planned time per day, days off,
// holidays and the employees' records. Filled by the fetch stage
// (src/api/payroll_loader), read by the report stage (summary, daily
// register, payroll layout). Plain data: no I/O here.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/trace.hpp"
#include "reportgen/config.hpp"

namespace reportgen::detail {

// The endpoints a report may read for its figures; each is asked only when
// the report's layout needs it (needed_sources()).
enum class PayrollSource : uint8_t {
    worked_hours,        // /schedule/v1/reports/worked-hours, the period
    worked_hours_daily,  // the same, one day at a time (the daily register)
    worked_night_hours,  // /schedule/v1/reports/worked-night-hours
    vacation_days,       // /schedule/v1/vacation-day-off
    absence_days,        // /schedule/v1/absence-day-off (+ /absence-types)
    holidays,            // /schedule/v1/holiday-calendar (or /holidays per employee)
    employees,           // /core/v3/employees
    worked_hours_year,   // worked-hours from January 1 to the report's end (overtime_year)
    validations,         // /schedule/v1/check-validation: the workers' own validation
    offices,             // /core/v3/offices: where a clock-in counts as on site
};
inline constexpr int kPayrollSources = 10;

// Sesame's own figures of one employee for the report's period, beside ours.
struct SesameFigures {
    std::optional<int64_t> worked_s;   // secondsWorked
    std::optional<int64_t> to_work_s;  // secondsToWork: the planned time
    std::optional<int64_t> balance_s;  // secondsBalance
    std::optional<int64_t> night_s;    // secondsWorkedNight
};

enum class DayOffKind : uint8_t { vacation, absence_paid, absence_unpaid };

struct DayOff {
    int32_t day = 0;       // days since the epoch
    DayOffKind kind = DayOffKind::vacation;
    int64_t seconds = 0;   // the planned time the day off covers (its `seconds`)
    std::string type;      // absence type name ("" for vacation)
};

// An employee as /core/v3/employees lists it.
struct EmployeeRecord {
    std::string id;
    std::string name;           // firstName + " " + lastName, trimmed
    std::string identity_type;  // "" when absent
    std::string nid;
    bool has_nid = false;
    std::optional<int64_t> code;  // the employee code payroll keys on
    uint32_t first_size = 0;      // firstName's size in name (name_parts())
    std::string ssn;              // the Social Security number, trimmed; "" when none
};

// A worker's validation of a period (/schedule/v1/check-validation).
enum class ValidationStatus : uint8_t { unsent, sent, accepted, rejected };
struct CheckValidation {
    int32_t start_day = 0;  // startDate, days since the epoch
    int32_t end_day = 0;    // endDate, inclusive
    ValidationStatus status = ValidationStatus::unsent;
    std::optional<int32_t> last_sent_day;  // lastSent's date on its own clock; null: never sent
    int64_t times_sent = 0;
    int64_t updated_utc = 0;  // updatedAt (orders two validations of one start)
    int32_t updated_day = 0;  // updatedAt's date on its own clock: when accepted or rejected
};

// The validation a report shows for a worker and the period [from, to]
// (docs/DESIGN.md "The worker's validation"): of the validations that
// overlap the period, the one with the latest startDate (then the latest
// updatedAt); `partial` when it does not cover the whole period. Null when
// none overlaps.
struct ShownValidation {
    const CheckValidation* validation = nullptr;
    bool partial = false;
};
ShownValidation shown_validation(std::span<const CheckValidation> list, int32_t from,
                                 int32_t to) noexcept;

struct PayrollSources {
    // The sources this report asked for, and those it could not read (a 403
    // or 404: the company's plan or token cannot read the endpoint); each
    // missing one also has a line in `missing` naming the endpoint and
    // status, for warnings and --strict.
    bool asked[kPayrollSources] = {};
    bool read[kPayrollSources] = {};
    std::vector<std::string> missing;

    // By employee id.
    std::unordered_map<std::string, SesameFigures> statistics;
    // Planned seconds per day (worked_hours_daily): employee id -> (day, secondsToWork),
    // ascending by day, one item per day asked.
    std::unordered_map<std::string, std::vector<std::pair<int32_t, int64_t>>> planned_by_day;
    // Days off within the period: employee id -> ascending by day.
    std::unordered_map<std::string, std::vector<DayOff>> days_off;
    // Holidays: the company calendar's days (when every employee follows
    // one calendar), or per employee when the company has several.
    std::vector<int32_t> company_holidays;  // ascending
    std::unordered_map<std::string, std::vector<int32_t>> employee_holidays;  // ascending
    bool per_employee_holidays = false;
    // The holidays' names where the source gives them (the register's
    // "Festivo: <name>"): day -> name, the company's calendar, or per
    // employee id.
    std::unordered_map<int32_t, std::string> company_holiday_names;
    std::unordered_map<std::string, std::unordered_map<int32_t, std::string>>
        employee_holiday_names;
    std::vector<EmployeeRecord> employees;  // as listed
    // Sesame's secondsBalance from January 1 of the report's last year to
    // its last day (worked_hours_year), by employee id.
    std::unordered_map<std::string, int64_t> year_balance;
    // The workers' validations (validations) that overlap the period, by
    // employee id, as listed.
    std::unordered_map<std::string, std::vector<CheckValidation>> validations;
    // The areas of the company's offices (offices): those with coordinates
    // and a radio, as listed (an office without either places nothing).
    std::vector<Office> offices;

    bool has(PayrollSource s) const noexcept { return read[static_cast<int>(s)]; }
    bool wanted(PayrollSource s) const noexcept { return asked[static_cast<int>(s)]; }
    bool is_holiday(std::string_view employee_id, int32_t day) const;
    // The holiday's name, "" when unknown.
    std::string_view holiday_name(std::string_view employee_id, int32_t day) const;
    // The employee's planned seconds of `day` (worked_hours_daily), if read.
    std::optional<int64_t> planned_on(std::string_view employee_id, int32_t day) const;
    const DayOff* day_off(std::string_view employee_id, int32_t day) const;
    // The validation shown for the employee and [from, to] (nothing when the
    // source was not read or lists none).
    ShownValidation validation_of(std::string_view employee_id, int32_t from, int32_t to) const;
};

// Names of the sources as metrics and warnings spell them ("worked-hours").
std::string_view source_name(PayrollSource s) noexcept;

// The sources a report reads, by its layout and format: payroll reads all
// but the per-day planned time; the daily register reads the planned time
// of each day, the days off and holidays, and as PDF or XLSX the employees
// (the worker's code and Social Security number in its header); the other layouts read the period's worked-hours for the
// XLSX "Resumen" sheet (planned, balance) and nothing as CSV. A report that
// runs the compliance checks also reads what its rules need: the days off
// and holidays (holiday_work) and the year's balance (overtime_year).
// Every layout that shows the workers' validation reads check-validation:
// the daily register, payroll and any XLSX ("Resumen"). The layouts that
// show the place of work read the offices: the daily register ("Lugar")
// and any XLSX (the remote share in "Resumen").
struct NeededSources {
    bool need[kPayrollSources] = {};
    bool any() const noexcept;
};

// Adds to `into` the offices of `from` (read apart, before the pages):
// asked and read as there, their areas and from's missing lines (after
// into's).
void merge_offices(PayrollSources& into, PayrollSources&& from);

NeededSources needed_sources(const ReportRequest& request) noexcept;

}  // namespace reportgen::detail
