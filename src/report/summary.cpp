#include "report/summary.hpp"

#include <algorithm>

namespace reportgen::detail {

void SummaryBuilder::add_shift(uint32_t employee, const Shift& shift,
                               std::span<const FoldedRow> rows) {
    PerEmployee& e = per_employee_[employee];
    e.in_report = true;
    // Incidents: clock-out before clock-in, and a shift of pauses only.
    e.incidents += shift.negative + (shift.rows == 0 ? 1u : 0u);
    if (rows.empty()) return;
    e.open_entries += shift.open;
    int64_t worked = 0;
    for (const FoldedRow& r : rows)
        worked += r.duration;
    e.worked_s += worked;
    workdays_[shift.workday] += worked;
    days_.push_back(shift.workday);
}

void SummaryBuilder::end_employee(uint32_t employee) {
    std::sort(days_.begin(), days_.end());
    per_employee_[employee].days_worked +=
        static_cast<uint32_t>(std::unique(days_.begin(), days_.end()) - days_.begin());
    days_.clear();
}

ReportSummary SummaryBuilder::summary(const ReportNames& names) const {
    ReportSummary s;
    for (uint32_t rank = 0; rank < per_employee_.size(); ++rank) {
        const uint32_t emp = names.employee_at(rank);
        const PerEmployee& e = per_employee_[emp];
        if (!e.in_report) continue;
        s.employees.push_back(EmployeeSummary{names.employee_name(emp), names.identity_type(emp),
                                              names.nid(emp), e.days_worked, e.worked_s,
                                              e.open_entries, e.incidents});
    }
    s.workdays.reserve(workdays_.size());
    for (const auto& [day, worked] : workdays_) {
        s.workdays.push_back(WorkdayHours{day, worked});
        s.worked_s += worked;
    }
    return s;
}

}  // namespace reportgen::detail
