#pragma once
// The compliance incidents as rows (docs/DESIGN.md "Compliance checks"):
// Layout::incidents, one row per incident with the columns of the XLSX
// compliance sheet (labels.hpp incident_cells), in the order the checks
// ranked them. No row goes through the row sorter: the list is per
// employee and workday, never per entry.
#include <memory>
#include <vector>

#include "report/compliance.hpp"
#include "report/layout.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

// The incidents (ranked: ComplianceStage::finish()) as the sinks read them:
// views into the names, the rule table and `incidents`, valid while those live.
std::vector<IncidentSummary> incident_summaries(const std::vector<Incident>& incidents,
                                                const ReportNames& names, Lang lang);

// Writes `incidents` (which must outlive the layout) at end(); refuses rows.
std::unique_ptr<RowLayout> make_incident_layout(const ReportRequest& request,
                                                const std::vector<IncidentSummary>& incidents,
                                                RowSink& sink, Metrics& metrics);

}  // namespace reportgen::detail
