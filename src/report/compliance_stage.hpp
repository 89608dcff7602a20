#pragma once
// The compliance stage after shifts (docs/DESIGN.md "Compliance checks"):
// each shift's workday figures become the DayFacts the checker reads, in
// workday order per employee, context days (read only for the rests that
// end in the report) first. State per employee and workday, never per
// entry: the facts of one shift at a time, the incidents found so far.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/compliance.hpp"
#include "report/payroll_sources.hpp"
#include "report/shifts.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

// Whether a report runs the checks: one that shows their results (XLSX:
// the Resumen count and the Compliance sheet; the daily register; the
// payroll layout), or any when the request asks (ComplianceLimits::always).
// A CSV of a presence layout shows nothing and skips them: no cost.
bool compliance_runs(const ReportRequest& request) noexcept;

// Whether a request's changes leave `rule` on (it is not in their `off`).
bool rule_on(const ComplianceLimits& changes, Rule rule) noexcept;

// The first day a report reads (the API is asked from there; days since
// the epoch): the day before the report, whose entries may end on its first
// day (docs/DESIGN.md "Report semantics" 2); when the checks judge
// weekly_rest, further back if needed: the rest running at the start of the
// first whole week (Monday to Sunday) may have begun before the report, so
// the limit's days (rounded up) plus one before that Monday are read. A
// rest begun before them is longer than the limit whatever it was: no
// incident is missed, none invented. Throws what ComplianceLimits::validate
// throws.
int32_t first_day_read(const ReportRequest& request);

// The facts of one shift: its figures, and of its rows the furthest reach
// (an open row reaches its clock-in) and the longest row (its duration).
DayFacts day_facts(const WorkdayFigures& figures, std::span<const FoldedRow> rows, DayKind kind,
                   bool context);

// The kind of `day` for the employee from the payroll sources, as far as
// they were read (null: regular). Vacation and absence days off win over a
// holiday: the day off is what the employee asked for.
DayKind day_kind(const PayrollSources* sources, std::string_view employee_id, int32_t day);

// "daily_max: Jornada diaria máxima" (the rule id, then its label).
std::string rule_text(Rule rule, Lang lang);

// The register's cursor over the incidents (finished: by employee rank):
// a day takes the employee's incidents up to its date not yet shown (a
// weekly_rest, dated its week's Monday, goes to the week's first day in the
// register); the TOTAL row takes the period's.
class IncidentCursor {
  public:
    // incidents: null when the checks did not run; rank_of: ComplianceStage::finish()'s.
    IncidentCursor(const std::vector<Incident>* incidents, const std::vector<uint32_t>* rank_of,
                   Lang lang)
        : all_(incidents), rank_of_(rank_of), lang_(lang) {}
    bool active() const noexcept { return all_ != nullptr; }
    // Rules of `employee` up to `workday` ("; " between), or the rest of
    // the employee's (period: true) for the TOTAL row.
    const std::string& take(uint32_t employee, int32_t workday, bool period);

  private:
    const std::vector<Incident>* all_;
    const std::vector<uint32_t>* rank_of_;
    Lang lang_;
    std::size_t at_ = 0;
    std::string text_;
};

class ComplianceStage {
  public:
    // data_from: the first workday whose shifts are fed (context days from
    // there to report_from - 1).
    ComplianceStage(const Limits& limits, int32_t data_from, int32_t report_from,
                    int32_t report_to, const PayrollSources* sources);

    // A shift of `employee` (in workday order): context when it lies before
    // the report's first day. Shifts of pauses only are no workday here.
    void shift(uint32_t employee, std::string_view employee_id, const WorkdayFigures& figures,
               std::span<const FoldedRow> rows, bool context);
    // The employee's last shift is in: weeks and period rules are judged,
    // overtime_year from the year's balance the sources read (none read:
    // not judged).
    void end_employee(uint32_t employee, std::string_view employee_id);

    // By employee in the order fed, then workday and rule; after
    // finish(), by employee rank.
    const std::vector<Incident>& incidents() const noexcept { return incidents_; }
    // Once every employee is in: incidents ordered as the reports list them
    // (employee rank, then as found), and the count per employee.
    void finish(const std::vector<uint32_t>& rank_of_employee);
    uint32_t count_of(uint32_t employee) const noexcept {
        return employee < per_employee_.size() ? per_employee_[employee] : 0;
    }
    // Counts per rule id into the metrics (every enabled rule, 0 included).
    void count(Metrics& m) const;

  private:
    const Limits& limits_;
    const PayrollSources* sources_;
    std::vector<Incident> incidents_;
    std::vector<uint32_t> per_employee_;
    ComplianceChecker checker_;
};

}  // namespace reportgen::detail
