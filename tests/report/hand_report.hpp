#pragma once
// A whole report (EntryStore + ReportBuilder) from hand-made entries, into a
// sink that keeps the rows as text, the TOTAL flags, the day offsets of time
// cells (rendered "06:01:00(+1)") and the summary.
#include <string>
#include <vector>

#include "hand_entries.hpp"
#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "support/capture_sink.hpp"

namespace reportgen::test {

using namespace reportgen::detail;  // the internals under test

struct HandEmployee {
    std::string id, first, last, type, nid;
};

// A copy of ReportSummary whose strings outlive the summary() call.
struct KeptSummary {
    struct Employee {
        std::string name, identity_type, nid;
        uint32_t days_worked = 0;
        int64_t worked_s = 0;
        uint32_t open_entries = 0;
        uint32_t incidents = 0;
        int64_t effective_s = 0;
        int64_t unpaid_pause_s = 0;
        int64_t night_s = 0;
        bool has_planned = false;
        int64_t planned_s = 0;
    };
    std::vector<Employee> employees;
    std::vector<WorkdayHours> workdays;
    int64_t worked_s = 0;
    int64_t effective_s = 0;
    int64_t unpaid_pause_s = 0;
    int64_t night_s = 0;
    bool has_planned = false;
    int64_t planned_s = 0;
    int64_t balance_s = 0;
    int calls = 0;
};

// RowSink::worker()'s calls, kept: where they came (rows before them) and
// what they said ("" / -1 for what is none).
struct KeptWorker {
    std::size_t at_row = 0;
    std::string name, identity_type, nid, ssn, validation;
    int64_t code = -1;
    int64_t planned_s = -1;
};

class HandSink final : public RowSink {
  public:
    std::vector<KeptWorker> workers;
    std::vector<std::string> header;
    std::vector<std::string> rows;  // cells joined with '|'
    std::vector<bool> total;
    std::vector<bool> whole_report;
    KeptSummary summary_kept;
    std::size_t rows_at_summary = 0;
    bool finished = false;

    void begin(std::span<const std::string_view> h) override {
        for (auto s : h)
            header.emplace_back(s);
    }
    void worker(const WorkerInfo& w) override {
        workers.push_back({rows.size(), std::string(w.name), std::string(w.identity_type),
                           std::string(w.nid), std::string(w.ssn), std::string(w.validation),
                           w.code.value_or(-1), w.planned_s.value_or(-1)});
    }
    void row(const TypedRow& r) override {
        std::string line;
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            if (i) line += '|';
            line += render(r.cells[i]);
            if (r.cells[i].type == CellType::time && r.cells[i].day_offset != 0)
                line += "(+" + std::to_string(r.cells[i].day_offset) + ")";
        }
        rows.push_back(std::move(line));
        total.push_back(r.total);
        whole_report.push_back(r.whole_report);
    }
    void summary(const ReportSummary& s) override {
        ++summary_kept.calls;
        rows_at_summary = rows.size();
        for (const auto& e : s.employees)
            summary_kept.employees.push_back(
                {std::string(e.name), std::string(e.identity_type), std::string(e.nid),
                 e.days_worked, e.worked_s, e.open_entries, e.incidents, e.effective_s,
                 e.unpaid_pause_s, e.night_s, e.has_planned, e.planned_s});
        summary_kept.workdays = s.workdays;
        summary_kept.worked_s = s.worked_s;
        summary_kept.effective_s = s.effective_s;
        summary_kept.unpaid_pause_s = s.unpaid_pause_s;
        summary_kept.night_s = s.night_s;
        summary_kept.has_planned = s.has_planned;
        summary_kept.planned_s = s.planned_s;
        summary_kept.balance_s = s.balance_s;
    }
    void finish() override { finished = true; }
};

struct HandReport {
    HandSink sink;
    Metrics metrics;
};

// A store holding `employees` and `entries` (HandEntry::employee indexes
// `employees`), for a ReportBuilder into any sink.
inline EntryStore hand_store(const ReportRequest& req, const std::vector<HandEmployee>& employees,
                             const std::vector<HandEntry>& entries) {
    EntryStore store(req.memory_budget_bytes, "");
    for (const HandEmployee& e : employees)
        store.employees().intern(e.id, e.first, e.last, e.type, e.nid, !e.nid.empty());
    std::vector<WorkEntry> batch;
    for (const HandEntry& h : entries)
        batch.push_back(make_entry(h));
    store.add(batch);
    return store;
}

// HandEntry::employee indexes `employees`.
inline HandReport hand_report(const ReportRequest& req, const std::vector<HandEmployee>& employees,
                              const std::vector<HandEntry>& entries,
                              const ReferenceData& ref = {},
                              const PayrollSources* sources = nullptr) {
    EntryStore store = hand_store(req, employees, entries);
    HandReport r;
    ReportBuilder(req, ref).build(store, r.sink, r.metrics, nullptr, 2000, sources);
    return r;
}

inline int64_t hms(const std::string& s) {
    const auto c1 = s.find(':');
    const auto c2 = s.rfind(':');
    return std::stoll(s.substr(0, c1)) * 3600 + std::stoll(s.substr(c1 + 1, 2)) * 60 +
           std::stoll(s.substr(c2 + 1, 2));
}

// The sum of the last cell of every TOTAL row.
inline int64_t sum_of_totals(const HandSink& s, std::size_t cell_from_end = 0) {
    int64_t sum = 0;
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        if (!s.total[i]) continue;
        std::string r = s.rows[i];
        for (std::size_t k = 0; k < cell_from_end; ++k)
            r = r.substr(0, r.rfind('|'));
        sum += hms(r.substr(r.rfind('|') + 1));
    }
    return sum;
}

}  // namespace reportgen::test
