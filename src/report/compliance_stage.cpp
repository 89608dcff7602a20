// docs/DESIGN.md "Compliance checks".
#include "report/compliance_stage.hpp"

#include <algorithm>
#include <string>

namespace reportgen::detail {

bool compliance_runs(const ReportRequest& req) noexcept {
    return req.compliance.always || req.format == Format::xlsx || req.layout == Layout::daily ||
           req.layout == Layout::payroll || req.layout == Layout::incidents;
}

bool rule_on(const ComplianceLimits& changes, Rule rule) noexcept {
    const std::string_view id = rule_info(rule).id;
    return std::find(changes.off.begin(), changes.off.end(), id) == changes.off.end();
}

int32_t first_day_read(const ReportRequest& req) {
    const auto from = static_cast<int32_t>(days_from_civil(req.from));
    if (!compliance_runs(req) || !rule_on(req.compliance, Rule::weekly_rest)) return from - 1;
    const int64_t limit_s = Limits::from(req.compliance).limit(Rule::weekly_rest);
    const int32_t first_monday = monday_of(from + 6);  // the first Monday on or after `from`
    const auto days = static_cast<int32_t>((limit_s + 86399) / 86400) + 1;
    return std::min(from - 1, first_monday - days);
}

DayFacts day_facts(const WorkdayFigures& f, std::span<const FoldedRow> rows, DayKind kind,
                   bool context) {
    DayFacts d;
    d.workday = f.workday;
    d.first_in_utc = f.first_in_utc;
    d.first_in_offset_min = f.first_in_offset_min;
    d.effective_s = f.effective_s;
    d.night_s = f.night_s;
    d.longest_stretch_s = f.longest_stretch_s;
    d.longest_gap_s = f.longest_gap_s;
    d.open = f.open;
    d.kind = kind;
    d.context = context;
    d.last_out_utc = f.first_in_utc;
    for (const FoldedRow& r : rows) {
        // A row reaches its clock-out; an open one, or one whose clock-out
        // precedes its clock-in, its clock-in (it proves no later presence).
        const int64_t reach = r.e.open() ? r.e.in_utc : std::max(r.e.in_utc, r.e.out_utc);
        d.last_out_utc = std::max(d.last_out_utc, reach);
        d.longest_row_s = std::max(d.longest_row_s, r.duration);
    }
    return d;
}

DayKind day_kind(const PayrollSources* sources, std::string_view employee_id, int32_t day) {
    if (!sources) return DayKind::regular;
    if (const DayOff* off = sources->day_off(employee_id, day))
        return off->kind == DayOffKind::vacation ? DayKind::vacation : DayKind::absence;
    if (sources->is_holiday(employee_id, day)) return DayKind::holiday;
    return DayKind::regular;
}

ComplianceStage::ComplianceStage(const Limits& limits, int32_t data_from, int32_t report_from,
                                 int32_t report_to, const PayrollSources* sources)
    : limits_(limits),
      sources_(sources),
      checker_(limits, data_from, report_from, report_to, incidents_) {}

void ComplianceStage::shift(uint32_t employee, std::string_view employee_id,
                            const WorkdayFigures& figures, std::span<const FoldedRow> rows,
                            bool context) {
    if (rows.empty()) return;  // pauses only: no work, no workday
    const DayKind kind = context ? DayKind::regular : day_kind(sources_, employee_id, figures.workday);
    checker_.day(employee, day_facts(figures, rows, kind, context));
}

void ComplianceStage::end_employee(uint32_t employee, std::string_view employee_id) {
    std::optional<int64_t> year_overtime_s;
    if (sources_ != nullptr && sources_->has(PayrollSource::worked_hours_year)) {
        // Overtime is the positive part of the balance (PAYROLL.md); an
        // employee the statistics do not list has none.
        const auto it = sources_->year_balance.find(std::string(employee_id));
        year_overtime_s = it == sources_->year_balance.end() ? 0 : std::max<int64_t>(it->second, 0);
    }
    checker_.end_employee(employee, year_overtime_s);
}

void ComplianceStage::finish(const std::vector<uint32_t>& rank_of) {
    // Each employee's incidents are in order already; stable by rank keeps it.
    std::stable_sort(incidents_.begin(), incidents_.end(),
                     [&](const Incident& a, const Incident& b) {
                         return rank_of[a.employee] < rank_of[b.employee];
                     });
    per_employee_.assign(rank_of.size(), 0);
    for (const Incident& i : incidents_)
        if (i.employee < per_employee_.size()) ++per_employee_[i.employee];
}

std::string rule_text(Rule rule, Lang lang) {
    const RuleInfo& r = rule_info(rule);
    return std::string(r.id) + ": " + std::string(lang == Lang::en ? r.label_en : r.label_es);
}

const std::string& IncidentCursor::take(uint32_t employee, int32_t workday, bool period) {
    text_.clear();
    if (!all_) return text_;
    const std::vector<Incident>& v = *all_;
    // Incidents of employees ranked before this one and never shown (none
    // expected: every incident is of a workday in the report) are passed.
    while (at_ < v.size() && v[at_].employee != employee &&
           (*rank_of_)[v[at_].employee] < (*rank_of_)[employee])
        ++at_;
    while (at_ < v.size() && v[at_].employee == employee &&
           (period || (v[at_].workday != kPeriodIncident && v[at_].workday <= workday))) {
        if (!text_.empty()) text_ += "; ";
        text_ += rule_text(v[at_].rule, lang_);
        ++at_;
    }
    return text_;
}

void ComplianceStage::count(Metrics& m) const {
    m.compliance_checked = true;
    for (const RuleInfo& r : kRules)
        if (limits_.enabled(r.rule)) m.incidents_by_rule[std::string(r.id)] = 0;
    for (const Incident& i : incidents_)
        ++m.incidents_by_rule[std::string(rule_info(i.rule).id)];
    m.incidents = incidents_.size();
}

}  // namespace reportgen::detail
