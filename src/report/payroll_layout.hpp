#pragma once
// Layout::payroll, "Variables de nómina" (docs/DESIGN.md "Payroll figures"):
// one row per employee from the summary's per-employee aggregates and the
// payroll sources, a company TOTAL row at the end. It takes no row from the
// row sorter (the builder pushes none for it): memory grows with employees.
#include <memory>

#include "report/layout.hpp"
#include "report/payroll_sources.hpp"
#include "report/summary.hpp"

namespace reportgen::detail {

// `summary` must outlive the layout and be complete when end() is called;
// `sources` may be null (every Sesame figure missing: empty cells).
std::unique_ptr<RowLayout> make_payroll_layout(const ReportRequest& request,
                                               const ReportNames& names,
                                               const SummaryBuilder& summary,
                                               const PayrollSources* sources, RowSink& sink,
                                               Metrics& metrics);

}  // namespace reportgen::detail
