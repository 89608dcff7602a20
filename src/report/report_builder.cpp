// docs/DESIGN.md "Report semantics": the builder wires the stages. The store
// hands each employee's entries in clock-in order; shifts.hpp cuts them into
// shifts and folds the pauses; layout.hpp names the folded rows, the row
// sorter orders them, and a layout writes them with their TOTAL rows.
#include <algorithm>
#include <chrono>
#include <optional>

#include "common/heap_trim.hpp"
#include "common/log.hpp"
#include "report/changes.hpp"
#include "report/compliance_stage.hpp"
#include "report/entry_store.hpp"
#include "report/external_sorter.hpp"
#include "report/incident_layout.hpp"
#include "report/labels.hpp"
#include "report/layout.hpp"
#include "report/memory_split.hpp"
#include "report/paid_breaks.hpp"
#include "report/places.hpp"
#include "report/payroll_layout.hpp"
#include "report/report_builder.hpp"
#include "report/shifts.hpp"
#include "report/summary.hpp"
#include "report/trace.hpp"
#include "report/work_entry.hpp"
#include "report/workday_figures.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

using RowSorter = ExternalSorter<RowRecord, RowOrder>;

void check_cancel(const CancelToken* cancel) {
    if (cancel && cancel->cancelled()) throw Error(ErrorKind::cancelled, "report cancelled");
}

int32_t request_day(CivilDate date, const char* which) {
    if (!is_valid_date(date))
        throw Error(ErrorKind::usage, std::string("report range: ") + which + " " +
                                          format_iso_date(date) + " is not a date");
    return static_cast<int32_t>(days_from_civil(date));
}

// Drain stage: one employee's entries at a time into shifts, and their
// folded rows into the row sorter.
class ShiftStage {
  public:
    ShiftStage(const ReportRequest& req, const ReportNames& names, const PaidBreakRefs& paid,
               RowSorter& rows, SummaryBuilder& summary, ComplianceStage* compliance, Metrics& m,
               const CancelToken* cancel, std::size_t chunk_size)
        : req_(req),
          names_(names),
          paid_(paid),
          rows_(rows),
          summary_(summary),
          compliance_(compliance),
          m_(m),
          cancel_(cancel),
          chunk_(chunk_size),
          from_(request_day(req.from, "from")),
          to_(request_day(req.to, "to")) {}

    // The report shows modifications: marks and lists them (changes.hpp).
    void trace(ChangeStage* changes) { changes_ = changes; }
    // The report shows the place of work (places.hpp).
    void place(const PlaceStage* places) { places_ = places; }

    void employee(std::span<const WorkEntry> entries) {
        build_shifts(entries, req_.shift_gap.count(), shifts_);
        m_.deleted_dropped += shifts_.deleted;
        if (entries.empty()) return;
        const uint32_t employee = entries.front().employee;
        for (const Shift& s : shifts_.shifts)
            add(employee, s);
        summary_.end_employee(employee);
        if (compliance_) compliance_->end_employee(employee, names_.employee_id(employee));
        seen_ += entries.size();
        if (seen_ >= chunk_) {
            seen_ = 0;
            check_cancel(cancel_);
        }
    }

  private:
    void add(uint32_t employee, const Shift& s) {
        // The API selects entries by their clock-in date and the client asks
        // for a day more on each side: a shift belongs to the report when
        // its workday does, whole (docs/DESIGN.md "Report semantics" 2, Range).
        if (s.workday < from_ || s.workday > to_) {
            m_.outside_range_dropped += s.entries;
            // A workday before the report gives the checks the rest that
            // ends in it (daily_rest, weekly_rest): context, never reported.
            if (compliance_ && s.workday < from_) {
                workday_figures(s, shifts_.entries_of(s), shifts_.rows_of(s), paid_, figures_);
                compliance_->shift(employee, names_.employee_id(employee), figures_,
                                   shifts_.rows_of(s), true);
            }
            return;
        }
        ++m_.shifts;
        m_.negative_entries += s.negative;
        const ChangeStage::Mark mark =
            changes_ ? changes_->shift(employee, s.workday, shifts_.entries_of(s))
                     : ChangeStage::Mark{};
        summary_.add_shift(employee, s, shifts_.rows_of(s));
        add_figures(employee, s);
        PlaceStage::Shift where;
        if (places_) {
            where = places_->shift(shifts_.entries_of(s), figures_.effective_s);
            summary_.add_place(employee, where.remote_effective_s);
        }
        if (s.rows == 0) {  // pauses only: nothing to report
            ++m_.pause_only_shifts_dropped;
            return;
        }
        m_.pauses_folded += s.pauses;
        m_.open_entries += s.open;
        // The payroll layout reads per-employee aggregates only (the
        // summary), the incidents layout the checks' incidents.
        if (req_.layout == Layout::payroll || req_.layout == Layout::incidents) return;
        for (const FoldedRow& r : shifts_.rows_of(s))
            rows_.push(names_.record(r, s.workday, req_.layout));
        if (req_.layout != Layout::daily) return;
        // The register's figures and breaks of the day go through the sorter
        // too (layout.hpp kFiguresRecord): memory stays bounded.
        rows_.push(names_.figures_record(employee, figures_));
        uint32_t seq = 0;
        for (const BreakSpan& b : figures_.breaks)
            rows_.push(names_.break_record(employee, s.workday, b, seq++));
        if (mark.utc != kNoTime)
            rows_.push(names_.trace_record(employee, s.workday, mark.utc, mark.offset_min));
        if (where.bits != 0) rows_.push(names_.place_record(employee, s.workday, where.bits));
    }

    // Every report computes the workday figures: their totals go to the
    // metrics, per employee to the summary (the "Resumen" sheet, the payroll
    // layout).
    void add_figures(uint32_t employee, const Shift& s) {
        workday_figures(s, shifts_.entries_of(s), shifts_.rows_of(s), paid_, figures_);
        summary_.add_figures(employee, figures_);
        if (compliance_)
            compliance_->shift(employee, names_.employee_id(employee), figures_, shifts_.rows_of(s),
                               false);
        m_.presence_s += figures_.presence_s;
        m_.pause_s += figures_.pause_s;
        m_.paid_pause_s += figures_.paid_pause_s;
        m_.unpaid_pause_s += figures_.unpaid_pause_s;
        m_.effective_s += figures_.effective_s;
        m_.night_s += figures_.night_s;
        m_.open_pauses += figures_.open_pauses;
        m_.untyped_pauses += figures_.untyped_pauses;
    }

    const ReportRequest& req_;
    const ReportNames& names_;
    const PaidBreakRefs& paid_;
    RowSorter& rows_;
    SummaryBuilder& summary_;
    ComplianceStage* compliance_;  // null: the report runs no checks
    ChangeStage* changes_ = nullptr;  // null: the report shows no modification
    const PlaceStage* places_ = nullptr;  // null: the report shows no place of work
    Metrics& m_;
    const CancelToken* cancel_;
    std::size_t chunk_;
    int32_t from_, to_;  // the report's workdays, days since the epoch
    std::size_t seen_ = 0;
    EmployeeShifts shifts_;
    WorkdayFigures figures_;  // of the shift at hand, its buffer reused
};

// A register needs each worker's identity number (docs/DESIGN.md "Report
// semantics" 4): a warning per worker of the report without one, by name
// and id, for the first kNamedWithoutNid (the unknown employee is counted as
// a null employee already); the others in one line with their count, so a
// company missing hundreds does not bury the report's other messages.
constexpr std::size_t kNamedWithoutNid = 5;

void warn_missing_nids(const ReportNames& names, const SummaryBuilder& summary,
                       std::size_t employees, Metrics& m) {
    for (uint32_t rank = 0; rank < employees; ++rank) {
        const uint32_t emp = names.employee_at(rank);
        if (names.employee_id(emp).empty() || !summary.totals(emp).in_report ||
            !names.nid_missing(emp))
            continue;
        if (++m.employees_without_nid > kNamedWithoutNid) continue;
        log().warn("employee {} ({}) has no identity number (\"No disponible\"): the register "
                   "needs one; fill it in Sesame",
                   names.employee_name(emp), names.employee_id(emp));
    }
    if (m.employees_without_nid > kNamedWithoutNid)
        log().warn("{} more employees have no identity number ({} in all: "
                   "employees_without_nid in the metrics); fill them in Sesame",
                   m.employees_without_nid - kNamedWithoutNid, m.employees_without_nid);
}

}  // namespace

struct ReportBuilder::Impl {
    const ReportRequest& req;
    ReportNames names;
    std::vector<std::string> paid_break_ids;  // the company's paid break types
    Impl(const ReportRequest& r, const ReferenceData& ref)
        : req(r),
          names(r.lang, labels(r.lang), ref),
          paid_break_ids(resolve_paid_breaks(r.paid_breaks, ref.work_breaks)) {}
};

ReportBuilder::ReportBuilder(const ReportRequest& request, const ReferenceData& reference)
    : impl_(std::make_unique<Impl>(request, reference)) {}
ReportBuilder::~ReportBuilder() = default;

void ReportBuilder::build(EntryStore& store, RowSink& sink, Metrics& m, const CancelToken* cancel,
                          std::size_t chunk_size, const PayrollSources* sources) {
    const auto t_start = std::chrono::steady_clock::now();
    const ReportRequest& req = impl_->req;
    // The fetch is over: hand the heap memory that held page bodies back to
    // the system before the row sorter takes its share of the budget (glibc
    // keeps freed memory otherwise; a few milliseconds). It trims the whole
    // process's heap, so only when asked (the CLI asks; a host may not want it).
    if (req.release_memory_after_fetch) release_free_heap();
    if (chunk_size == 0) chunk_size = 1;
    // All entries are in, so every employee is known.
    impl_->names.resolve(store.employees(), store.check_types());
    const PaidBreakRefs paid(impl_->paid_break_ids, store.break_types());
    m.paid_break_types = impl_->paid_break_ids.size();

    // The store and this sorter share the budget (memory_split.hpp).
    RowSorter rows(row_sorter_budget(store.size(), store.spilled_runs(), req.memory_budget_bytes),
                   req.spill_dir);
    SummaryBuilder summary(impl_->names, store.employees().size(), sources);
    summary.show_validations(request_day(req.from, "from"), request_day(req.to, "to"), req.lang);
    // The checks (when the report shows them) read every shift from the
    // first day fetched: the days before the report are context for the rests.
    std::optional<ComplianceStage> compliance;
    const Limits limits = Limits::from(req.compliance);
    if (compliance_runs(req))
        compliance.emplace(limits, first_day_read(req), request_day(req.from, "from"),
                           request_day(req.to, "to"), sources);
    ShiftStage shifts(req, impl_->names, paid, rows, summary, compliance ? &*compliance : nullptr,
                      m, cancel, chunk_size);
    std::optional<ChangeStage> changes;
    if (TraceTable* traces = store.traces()) {
        traces->seal();
        changes.emplace(*traces, changes_listed(req));
        shifts.trace(&*changes);
        m.traces_read = true;
    }
    // The place of work: the register's "Lugar", the Resumen's remote share.
    std::optional<PlaceStage> places;
    // The clock-ins were placed against the offices as their pages were
    // decoded (WorkEntry::in_place); the check types decide the rest.
    if (store.traces() != nullptr && place_shown(req)) {
        std::vector<bool> remote_type(store.check_types().size());
        for (uint32_t i = 0; i < remote_type.size(); ++i)
            remote_type[i] = remote_check_type(impl_->names.activity_name(2 + i),
                                               req.remote_check_types);
        places.emplace(std::move(remote_type));
        shifts.place(&*places);
        summary.show_places();
    }
    store.drain([&](std::span<const WorkEntry> entries) { shifts.employee(entries); }, m);
    m.spilled_runs += rows.spilled_runs();
    // The incidents in the reports' order (employee rank), counted per
    // employee for the Resumen and the payroll layout.
    std::vector<uint32_t> rank_of;
    if (compliance) {
        rank_of.resize(store.employees().size());
        for (uint32_t e = 0; e < rank_of.size(); ++e) rank_of[e] = impl_->names.employee_rank(e);
        compliance->finish(rank_of);
        compliance->count(m);
        for (uint32_t e = 0; e < rank_of.size(); ++e)
            summary.set_compliance_incidents(e, compliance->count_of(e));
    }
    IncidentCursor cursor(compliance ? &compliance->incidents() : nullptr, &rank_of, req.lang);
    // For the incidents layout and the XLSX "Cumplimiento" sheet.
    std::vector<IncidentSummary> incidents;
    if (compliance) incidents = incident_summaries(compliance->incidents(), impl_->names, req.lang);
    const auto t_emit = std::chrono::steady_clock::now();
    m.build_s += std::chrono::duration<double>(t_emit - t_start).count();

    std::unique_ptr<RowLayout> layout;
    if (req.layout == Layout::payroll)
        layout = make_payroll_layout(req, impl_->names, summary, sources, sink, m);
    else if (req.layout == Layout::incidents)
        layout = make_incident_layout(req, incidents, sink, m);
    else
        layout = make_layout(req, impl_->names, sink, m, sources, compliance ? &cursor : nullptr);
    layout->begin();
    std::size_t since_check = 0;
    rows.drain([&](const RowRecord& r) {
        layout->row(r);
        if (++since_check == chunk_size) {
            since_check = 0;
            check_cancel(cancel);
        }
    });
    layout->end();
    ReportSummary sum = summary.summary();
    warn_missing_nids(impl_->names, summary, store.employees().size(), m);
    if (changes)
        changes->finish(sum, impl_->names, request_day(req.from, "from"), request_day(req.to, "to"),
                        req.lang, m);
    if (compliance) {
        sum.compliance_checked = true;
        sum.incidents = std::move(incidents);
    }
    if (req.layout != Layout::payroll) {  // which fills them over its own rows
        for (const EmployeeSummary& e : sum.employees) {
            if (!e.has_planned) continue;
            m.planned_s += e.planned_s;
            m.overtime_s += std::max<int64_t>(0, e.effective_s - e.planned_s);
        }
    }
    sink.summary(sum);
    // Rows are rendered into the sink as the sorter drains: that is the write phase.
    m.write_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t_emit).count();
}

}  // namespace reportgen::detail
