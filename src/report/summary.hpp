#pragma once
// The report's summary (row.hpp ReportSummary: the XLSX "Resumen" sheet),
// and the per-employee aggregates the payroll layout reads, built from the
// shifts and their workday figures as they stream into the row sorter: per
// employee and per workday, never per row, so its memory is proportional to
// employees + workdays.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/layout.hpp"
#include "report/payroll_sources.hpp"
#include "report/shifts.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

// The employee's planned time of the period (docs/DESIGN.md "Payroll
// figures"): Sesame's secondsToWork of the period when worked-hours was
// read, else the sum of the days' when the per-day worked-hours was read,
// else unknown. Unknown also when the source does not list the employee.
std::optional<int64_t> period_planned(const PayrollSources* sources, std::string_view employee_id);

// One employee's aggregates over the report's workdays.
struct EmployeeTotals {
    int64_t worked_s = 0;  // presence: the rows' durations
    uint32_t days_worked = 0;  // workdays with a row
    uint32_t open_entries = 0;
    uint32_t incidents = 0;
    bool in_report = false;  // a shift of the employee's lies in the report
    int64_t pause_s = 0;
    int64_t paid_pause_s = 0;
    int64_t unpaid_pause_s = 0;
    int64_t effective_s = 0;
    int64_t night_s = 0;
    uint32_t days_effective = 0;   // workdays with effective time > 0
    uint32_t holidays_worked = 0;  // of those, holidays (when the holidays were read)
    uint32_t compliance_incidents = 0;  // set once the checks are done
    int64_t remote_effective_s = 0;     // effective time spent remote (places.hpp)
};

class SummaryBuilder {
  public:
    // `names` resolved; `sources` may be null (no figure from Sesame).
    SummaryBuilder(const ReportNames& names, std::size_t employees,
                   const PayrollSources* sources = nullptr)
        : names_(names), sources_(sources), per_employee_(employees) {}

    // A shift of the report (its workday in range) of `employee` and its
    // workday figures; the employee's shifts come together, closed by
    // end_employee().
    void add_shift(uint32_t employee, const Shift& shift, std::span<const FoldedRow> rows);
    void add_figures(uint32_t employee, const WorkdayFigures& figures);
    void end_employee(uint32_t employee);
    // The compliance incidents of `employee` (after every employee is in).
    void set_compliance_incidents(uint32_t employee, uint32_t n) {
        per_employee_[employee].compliance_incidents = n;
    }

    // A shift's effective time spent remote (places.hpp), when the report
    // shows the place of work (show_places()).
    void add_place(uint32_t employee, int64_t remote_effective_s) {
        per_employee_[employee].remote_effective_s += remote_effective_s;
    }
    void show_places() { places_ = true; }

    // Shows the workers' validation of [from, to] (days since the epoch) in
    // `lang` (when the sources read them).
    void show_validations(int32_t from, int32_t to, Lang lang) {
        validations_ = Period{from, to, lang};
    }

    // Views into the names: valid while they live. Employees in the order of
    // the by_employee detail; those with no shift in the report left out.
    ReportSummary summary() const;

    const EmployeeTotals& totals(uint32_t employee) const { return per_employee_[employee]; }
    std::size_t employees() const noexcept { return per_employee_.size(); }

  private:
    const ReportNames& names_;
    const PayrollSources* sources_;
    std::vector<EmployeeTotals> per_employee_;
    std::vector<int32_t> days_;  // the current employee's workdays with rows
    std::vector<std::pair<int32_t, int64_t>> effective_;  // ... (workday, effective) per shift
    std::map<int32_t, int64_t> workdays_;  // workday -> company seconds
    struct Period {
        int32_t from, to;
        Lang lang;
    };
    std::optional<Period> validations_;
    bool places_ = false;
    // The texts summary() hands out views of: one per employee listed.
    mutable std::vector<std::string> validation_texts_;
};

}  // namespace reportgen::detail
