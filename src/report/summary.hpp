#pragma once
// The report's summary (row.hpp ReportSummary: the XLSX "Resumen" sheet),
// built from the shifts as they stream into the row sorter: per employee
// and per workday, never per row, so its memory is proportional to
// employees + workdays.
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "report/layout.hpp"
#include "report/shifts.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

class SummaryBuilder {
  public:
    explicit SummaryBuilder(std::size_t employees) : per_employee_(employees) {}

    // A shift of the report (its workday in range) of `employee`; the
    // employee's shifts come together, closed by end_employee().
    void add_shift(uint32_t employee, const Shift& shift, std::span<const FoldedRow> rows);
    void end_employee(uint32_t employee);

    // Views into `names`: valid while it lives. Employees in the order of
    // the by_employee detail; those with no shift in the report left out.
    ReportSummary summary(const ReportNames& names) const;

  private:
    struct PerEmployee {
        int64_t worked_s = 0;
        uint32_t days_worked = 0;
        uint32_t open_entries = 0;
        uint32_t incidents = 0;
        bool in_report = false;
    };
    std::vector<PerEmployee> per_employee_;
    std::vector<int32_t> days_;            // the current employee's workdays with rows
    std::map<int32_t, int64_t> workdays_;  // workday -> company seconds
};

}  // namespace reportgen::detail
