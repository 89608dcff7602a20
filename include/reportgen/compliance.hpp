#pragma once
/// @file
/// The limits of the compliance checks (docs/DESIGN.md "Compliance checks",
/// ../shared/docs/PAYROLL.md): what a company changes of the legal defaults.
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/export.hpp"

namespace reportgen {

/// A company's changes to the compliance checks' default limits, carried by
/// ReportRequest::compliance. Empty: every rule on, at its legal default.
struct REPORTGEN_API ComplianceLimits {
    /// `RULE=DURATION` assignments applied in order over the defaults, e.g.
    /// `daily_max=10h` for a collective agreement that allows 10 h a day.
    /// A duration is `10h`, `9h30m`, `45m`, `90s`, `10:00` or `10:00:30`
    /// (at most 1000 h; a bare number has no unit and is refused).
    std::vector<std::string> limits;
    /// Rules turned off, by id (`weekly_rest`): never checked, and the
    /// requests only they need are not made.
    std::vector<std::string> off;
    /// Run the checks even on a report that shows none of their results
    /// (CSV/CSV.gz of by_employee, by_activity, by_group), e.g. to exit on
    /// incidents; such a report otherwise skips them and costs nothing more.
    bool always = false;

    /// Throws a usage error (naming the assignment and the known rules) for
    /// an unknown rule or a malformed duration.
    void validate() const;
};

/// The rule ids, in the order reports list them (`daily_max`, `daily_rest`,
/// `break_6h`, `weekly_rest`, `long_entry`, `holiday_work`, `night_avg`,
/// `overtime_year`, `long_span`).
REPORTGEN_API std::vector<std::string_view> compliance_rule_ids();

}  // namespace reportgen
