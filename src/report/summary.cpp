#include "report/summary.hpp"

#include <algorithm>

namespace reportgen::detail {

std::optional<int64_t> period_planned(const PayrollSources* src, std::string_view id) {
    if (src == nullptr) return std::nullopt;
    const std::string key(id);
    if (src->has(PayrollSource::worked_hours)) {
        const auto it = src->statistics.find(key);
        if (it == src->statistics.end()) return std::nullopt;
        return it->second.to_work_s;
    }
    if (src->has(PayrollSource::worked_hours_daily)) {
        const auto it = src->planned_by_day.find(key);
        if (it == src->planned_by_day.end()) return std::nullopt;
        int64_t sum = 0;
        for (const auto& [day, planned] : it->second)
            sum += planned;
        return sum;
    }
    return std::nullopt;
}

void SummaryBuilder::add_shift(uint32_t employee, const Shift& shift,
                               std::span<const FoldedRow> rows) {
    EmployeeTotals& e = per_employee_[employee];
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

void SummaryBuilder::add_figures(uint32_t employee, const WorkdayFigures& f) {
    EmployeeTotals& e = per_employee_[employee];
    e.pause_s += f.pause_s;
    e.paid_pause_s += f.paid_pause_s;
    e.unpaid_pause_s += f.unpaid_pause_s;
    e.effective_s += f.effective_s;
    e.night_s += f.night_s;
    if (f.effective_s > 0) effective_.emplace_back(f.workday, f.effective_s);
}

void SummaryBuilder::end_employee(uint32_t employee) {
    EmployeeTotals& e = per_employee_[employee];
    std::sort(days_.begin(), days_.end());
    e.days_worked +=
        static_cast<uint32_t>(std::unique(days_.begin(), days_.end()) - days_.begin());
    days_.clear();
    // Workdays with effective time (two shifts of one workday are one day).
    std::sort(effective_.begin(), effective_.end());
    const bool holidays = sources_ != nullptr && sources_->has(PayrollSource::holidays);
    const std::string_view id = names_.employee_id(employee);
    for (std::size_t i = 0; i < effective_.size(); ++i) {
        if (i > 0 && effective_[i].first == effective_[i - 1].first) continue;
        ++e.days_effective;
        if (holidays && sources_->is_holiday(id, effective_[i].first)) ++e.holidays_worked;
    }
    effective_.clear();
}

ReportSummary SummaryBuilder::summary() const {
    ReportSummary s;
    validation_texts_.clear();
    validation_texts_.reserve(per_employee_.size());  // no reallocation: views stay valid
    for (uint32_t rank = 0; rank < per_employee_.size(); ++rank) {
        const uint32_t emp = names_.employee_at(rank);
        const EmployeeTotals& e = per_employee_[emp];
        if (!e.in_report) continue;
        EmployeeSummary out{names_.employee_name(emp), names_.identity_type(emp), names_.nid(emp),
                            e.days_worked, e.worked_s, e.open_entries, e.incidents};
        out.compliance_incidents = e.compliance_incidents;
        out.effective_s = e.effective_s;
        out.unpaid_pause_s = e.unpaid_pause_s;
        out.night_s = e.night_s;
        out.has_place = places_;
        out.remote_effective_s = e.remote_effective_s;
        if (validations_ && sources_ != nullptr) {
            validation_texts_.push_back(validation_text(
                sources_->validation_of(names_.employee_id(emp), validations_->from,
                                        validations_->to),
                labels(validations_->lang)));
            out.validation = validation_texts_.back();
        }
        if (const auto planned = period_planned(sources_, names_.employee_id(emp))) {
            out.has_planned = true;
            out.planned_s = *planned;
            s.has_planned = true;
            s.planned_s += *planned;
            s.balance_s += e.effective_s - *planned;
        }
        s.effective_s += e.effective_s;
        s.unpaid_pause_s += e.unpaid_pause_s;
        s.night_s += e.night_s;
        s.employees.push_back(out);
    }
    s.workdays.reserve(workdays_.size());
    for (const auto& [day, worked] : workdays_) {
        s.workdays.push_back(WorkdayHours{day, worked});
        s.worked_s += worked;
    }
    return s;
}

}  // namespace reportgen::detail
