// DESIGN.md "Report semantics": clean, group shifts, fold pauses, lay out.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>

#include "report/external_sorter.hpp"
#include "report/memory_split.hpp"
#include "reportgen/error.hpp"
#include "reportgen/report.hpp"
#include "reportgen/time.hpp"

namespace reportgen {
namespace {

// One report row after folding, with its sort key precomputed so that the
// row sorter compares integers only. 80 bytes.
struct RowRecord {
    uint32_t key1;    // group: employee rank, activity rank or group rank
    int32_t workday;  // days since the epoch (local date of the shift's start)
    int64_t in_utc;
    uint32_t key2;  // employee rank (order within equal clock-ins)
    uint32_t employee;
    EntryId id;  // last tie-breaker: deterministic whatever the engine
    int64_t out_utc;
    int64_t duration;
    uint32_t activity;  // index in the activity label tables
    int16_t in_offset_min;
    int16_t out_offset_min;
};

struct RowOrder {
    bool operator()(const RowRecord& a, const RowRecord& b) const noexcept {
        if (a.key1 != b.key1) return a.key1 < b.key1;
        if (a.workday != b.workday) return a.workday < b.workday;
        if (a.in_utc != b.in_utc) return a.in_utc < b.in_utc;
        if (a.key2 != b.key2) return a.key2 < b.key2;
        return a.id < b.id;
    }
};

int64_t time_of_day(int64_t utc, int16_t offset_min) noexcept {
    const int64_t local = utc + int64_t{offset_min} * 60;
    return local - floor_div(local, 86400) * 86400;
}

// Dense ranks of strings by their UTF-8 bytes: equal strings share a rank.
std::vector<uint32_t> dense_ranks(const std::vector<std::string_view>& names) {
    std::vector<uint32_t> order(names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
    std::vector<uint32_t> rank(names.size());
    uint32_t r = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && names[order[i]] != names[order[i - 1]]) ++r;
        rank[order[i]] = r;
    }
    return rank;
}

}  // namespace

struct ReportBuilder::Impl {
    const ReportRequest& req;
    const Labels& lab;
    std::unordered_map<std::string, std::string> check_type_names;   // id -> name
    std::unordered_map<std::string, std::string> check_type_groups;  // id -> group name

    Impl(const ReportRequest& r, const ReferenceData& ref) : req(r), lab(labels(r.lang)) {
        for (const auto& ct : ref.check_types)
            check_type_names.emplace(ct.id, ct.name);
        // A check type in several collections belongs to the first by name.
        std::vector<const Collection*> cols;
        for (const auto& c : ref.collections)
            cols.push_back(&c);
        std::sort(cols.begin(), cols.end(), [](const Collection* a, const Collection* b) {
            return std::tie(a->name, a->id) < std::tie(b->name, b->id);
        });
        for (const Collection* c : cols)
            for (const auto& id : c->check_type_ids)
                check_type_groups.emplace(id, c->name);
    }

    // Activity label tables: 0 = regular entry, 1 = unknown, 2+i = check type ref i.
    std::vector<std::string_view> activity_name, activity_group;

    void resolve_activities(const CheckTypeRefs& refs) {
        activity_name = {lab.regular_entry, lab.unknown_activity};
        activity_group = {lab.no_group, lab.no_group};
        for (std::size_t i = 0; i < refs.size(); ++i) {
            const auto n = check_type_names.find(refs[i]);
            activity_name.push_back(n == check_type_names.end() ? lab.unknown_activity
                                                                : std::string_view(n->second));
            const auto g = check_type_groups.find(refs[i]);
            activity_group.push_back(g == check_type_groups.end() ? lab.no_group
                                                                  : std::string_view(g->second));
        }
    }

    static uint32_t activity_of(const WorkEntry& e) noexcept {
        return e.check_type == WorkEntry::kNoCheckType ? 0u : 2u + e.check_type;
    }
};

ReportBuilder::ReportBuilder(const ReportRequest& request, const ReferenceData& reference)
    : impl_(std::make_unique<Impl>(request, reference)) {}
ReportBuilder::~ReportBuilder() = default;

void ReportBuilder::build(EntryStore& store, RowSink& sink, Metrics& m, const CancelToken* cancel,
                          std::size_t chunk_size) {
    Impl& s = *impl_;
    const auto t_start = std::chrono::steady_clock::now();
#if defined(__GLIBC__)
    // The fetch is over: hand the heap memory that held page bodies back to
    // the system before the row sorter takes its share of the budget (glibc
    // keeps freed memory otherwise; a few milliseconds).
    ::malloc_trim(0);
#endif
    const Labels& lab = s.lab;
    const Layout layout = s.req.layout;
    const int64_t gap = s.req.shift_gap.count();
    if (chunk_size == 0) chunk_size = 1;
    auto check_cancel = [&] {
        if (cancel && cancel->cancelled()) throw Error(ErrorKind::cancelled, "report cancelled");
    };

    // Names and ranks. All entries are in, so every employee is known.
    const EmployeeTable& emps = store.employees();
    std::vector<std::string_view> emp_name(emps.size());
    for (std::size_t i = 0; i < emps.size(); ++i)
        emp_name[i] = emps[static_cast<uint32_t>(i)].name.empty()
                          ? lab.unknown_employee
                          : std::string_view(emps[static_cast<uint32_t>(i)].name);
    std::vector<uint32_t> emp_rank(emps.size());
    {
        std::vector<uint32_t> order(emps.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            if (emp_name[a] != emp_name[b]) return emp_name[a] < emp_name[b];
            return emps[a].id < emps[b].id;
        });
        for (uint32_t r = 0; r < order.size(); ++r)
            emp_rank[order[r]] = r;
    }
    s.resolve_activities(store.check_types());
    const auto activity_rank = dense_ranks(s.activity_name);
    const auto group_rank = dense_ranks(s.activity_group);

    // The store and this sorter share the budget (memory_split.hpp).
    detail::ExternalSorter<RowRecord, RowOrder> rows(
        detail::row_sorter_budget(store.size(), store.spilled_runs(), s.req.memory_budget_bytes),
        s.req.spill_dir);

    // Folded rows of one shift, before they become records.
    struct Folded {
        WorkEntry e;
        bool folded;
        int64_t worked_sum;
    };
    std::vector<Folded> folded;

    auto close_shift = [&](std::span<const WorkEntry> shift) {
        ++m.shifts;
        const WorkEntry& first = shift.front();
        const auto workday = static_cast<int32_t>(
            floor_div(first.in_utc + int64_t{first.in_offset_min} * 60, 86400));
        folded.clear();
        std::optional<WorkEntry> lead;  // pauses before the first work entry
        int64_t lead_worked = 0;
        uint64_t pauses = 0;
        for (const WorkEntry& e : shift) {
            if (!e.open() && e.out_utc < e.in_utc) ++m.negative_entries;
            if (!e.pause) {
                Folded f{e, false, e.worked_s};
                if (lead) {  // a pause with no work before it folds into the next
                    f.e.in_utc = lead->in_utc;
                    f.e.in_offset_min = lead->in_offset_min;
                    f.folded = true;
                    f.worked_sum += lead_worked;
                    lead.reset();
                    lead_worked = 0;
                }
                folded.push_back(f);
                continue;
            }
            ++pauses;
            if (folded.empty()) {
                if (!lead) lead = e;
                lead_worked += e.worked_s;
                continue;
            }
            // A pause folds into the work entry before it: that entry now
            // ends when the pause ends (never earlier than it did).
            Folded& w = folded.back();
            if (e.open()) {
                w.e.out_utc = kNoTime;
            } else if (!w.e.open() && e.out_utc > w.e.out_utc) {
                w.e.out_utc = e.out_utc;
                w.e.out_offset_min = e.out_offset_min;
            }
            w.folded = true;
            w.worked_sum += e.worked_s;
        }
        if (folded.empty()) {  // pauses only: nothing to report
            ++m.pause_only_shifts_dropped;
            return;
        }
        m.pauses_folded += pauses;
        for (const Folded& f : folded) {
            const WorkEntry& e = f.e;
            int64_t duration;
            if (e.open()) {
                duration = f.worked_sum;
                ++m.open_entries;
            } else if (f.folded) {
                duration = std::max<int64_t>(0, e.out_utc - e.in_utc);
            } else {
                duration = e.out_utc < e.in_utc ? 0 : e.worked_s;
            }
            const uint32_t act = Impl::activity_of(e);
            uint32_t key1 = emp_rank[e.employee];
            if (layout == Layout::by_activity) key1 = activity_rank[act];
            if (layout == Layout::by_group) key1 = group_rank[act];
            rows.push(RowRecord{key1, workday, e.in_utc, emp_rank[e.employee], e.employee, e.id,
                                e.out_utc, duration, act, e.in_offset_min, e.out_offset_min});
        }
    };

    uint64_t seen = 0;
    store.drain(
        [&](std::span<const WorkEntry> entries) {
            std::size_t start = 0, end = 0;
            int64_t latest = 0;
            std::vector<WorkEntry> live;
            live.reserve(entries.size());
            for (const WorkEntry& e : entries) {
                if (e.deleted) {
                    ++m.deleted_dropped;
                    continue;
                }
                live.push_back(e);
            }
            for (end = 0; end < live.size(); ++end) {
                const WorkEntry& e = live[end];
                if (end > start && e.in_utc > latest + gap) {
                    close_shift(std::span<const WorkEntry>(live).subspan(start, end - start));
                    start = end;
                }
                const int64_t e_end = e.open() ? e.in_utc : std::max(e.in_utc, e.out_utc);
                latest = end == start ? e_end : std::max(latest, e_end);
            }
            if (end > start)
                close_shift(std::span<const WorkEntry>(live).subspan(start, end - start));
            seen += entries.size();
            if (seen >= chunk_size) {
                seen = 0;
                check_cancel();
            }
        },
        m);
    m.spilled_runs += rows.spilled_runs();
    const auto t_emit = std::chrono::steady_clock::now();
    m.build_s += std::chrono::duration<double>(t_emit - t_start).count();

    // Emit, with a TOTAL row closing each group.
    const auto hdr = header(layout, s.req.lang);
    sink.begin(hdr);
    std::array<Cell, 9> cells;
    bool have_group = false;
    RowRecord group{};
    int64_t sum = 0;
    std::size_t since_check = 0;

    auto identity = [&](uint32_t emp, Cell& type, Cell& nid) {
        const Employee& e = emps[emp];
        type = Cell::str(e.identity_type.empty() ? lab.default_identity_type
                                                 : std::string_view(e.identity_type));
        nid = Cell::str(e.has_nid ? std::string_view(e.nid) : lab.not_available);
    };
    auto emit_total = [&] {
        cells.fill(Cell::empty());
        const Cell date = Cell::date(group.workday);
        switch (layout) {
            case Layout::by_employee:
                cells[0] = Cell::str(emp_name[group.employee]);
                identity(group.employee, cells[1], cells[2]);
                cells[3] = date;
                cells[4] = Cell::str(lab.total);
                break;
            case Layout::by_activity:
                cells[0] = Cell::str(lab.total);
                cells[3] = date;
                cells[4] = Cell::str(s.activity_name[group.activity]);
                break;
            case Layout::by_group:
                cells[0] = Cell::str(s.activity_group[group.activity]);
                cells[1] = Cell::str(lab.total);
                cells[2] = date;
                break;
        }
        cells[8] = Cell::duration(sum);
        sink.row(TypedRow{cells, true});
        ++m.total_rows;
    };

    rows.drain([&](const RowRecord& r) {
        if (have_group && (r.key1 != group.key1 || r.workday != group.workday)) {
            emit_total();
            sum = 0;
        }
        if (!have_group || r.key1 != group.key1 || r.workday != group.workday) group = r;
        have_group = true;

        const Cell name = Cell::str(emp_name[r.employee]);
        Cell type, nid;
        identity(r.employee, type, nid);
        const Cell date = Cell::date(r.workday);
        const Cell activity = Cell::str(s.activity_name[r.activity]);
        const Cell grp = Cell::str(s.activity_group[r.activity]);
        const Cell in = Cell::time(time_of_day(r.in_utc, r.in_offset_min));
        const Cell out = r.out_utc == kNoTime
                             ? Cell::empty()
                             : Cell::time(time_of_day(r.out_utc, r.out_offset_min));
        if (layout == Layout::by_group)
            cells = {grp, activity, date, name, type, nid, in, out, Cell::duration(r.duration)};
        else
            cells = {name, type, nid, date, activity, grp, in, out, Cell::duration(r.duration)};
        sink.row(TypedRow{cells, false});
        sum += r.duration;
        ++m.rows_written;
        if (++since_check == chunk_size) {
            since_check = 0;
            check_cancel();
        }
    });
    if (have_group) emit_total();
    // Rows are rendered into the sink as the sorter drains: that is the write phase.
    m.write_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t_emit).count();
}

}  // namespace reportgen
