// docs/DESIGN.md "Compliance checks" (--type incidents).
#include "report/incident_layout.hpp"

#include <stdexcept>

#include "report/labels.hpp"

namespace reportgen::detail {

std::vector<IncidentSummary> incident_summaries(const std::vector<Incident>& incidents,
                                                const ReportNames& names, Lang lang) {
    std::vector<IncidentSummary> out;
    out.reserve(incidents.size());
    for (const Incident& i : incidents) {
        const RuleInfo& r = rule_info(i.rule);
        IncidentSummary s;
        s.name = names.employee_name(i.employee);
        s.identity_type = names.identity_type(i.employee);
        s.nid = names.nid(i.employee);
        s.period = i.workday == kPeriodIncident;
        s.workday = s.period ? 0 : i.workday;
        s.rule = r.id;
        s.label = lang == Lang::en ? r.label_en : r.label_es;
        s.value_s = i.value;
        s.limit_s = i.limit;
        s.detail = i.detail;
        out.push_back(s);
    }
    return out;
}

namespace {

class IncidentLayout final : public RowLayout {
  public:
    IncidentLayout(const ReportRequest& req, const std::vector<IncidentSummary>& incidents,
                   RowSink& sink, Metrics& m)
        : lang_(req.lang), incidents_(incidents), sink_(sink), m_(m) {}

    void begin() override { sink_.begin(header(Layout::incidents, lang_)); }
    // The builder pushes no row for this layout: one here is a bug, not data.
    void row(const RowRecord&) override {
        throw std::logic_error("incidents layout: a row went through the row sorter");
    }
    void end() override {
        const Labels& lab = labels(lang_);
        for (const IncidentSummary& i : incidents_) {
            const auto cells = incident_cells(i, lab);
            sink_.row(TypedRow{cells});
            ++m_.rows_written;
        }
    }

  private:
    Lang lang_;
    const std::vector<IncidentSummary>& incidents_;
    RowSink& sink_;
    Metrics& m_;
};

}  // namespace

std::unique_ptr<RowLayout> make_incident_layout(const ReportRequest& req,
                                                const std::vector<IncidentSummary>& incidents,
                                                RowSink& sink, Metrics& m) {
    return std::make_unique<IncidentLayout>(req, incidents, sink, m);
}

}  // namespace reportgen::detail
