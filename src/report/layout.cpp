// DESIGN.md "Report semantics" 4 (names) and 5 (layouts).
#include "report/layout.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <tuple>

namespace reportgen::detail {
namespace {

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

uint32_t activity_of(const WorkEntry& e) noexcept {
    return e.check_type == WorkEntry::kNoCheckType ? 0u : 2u + e.check_type;
}

// A time of day shown beside the row's workday date: one on a later local
// date (a night shift's clock-out) carries how many days later it is.
Cell time_cell(int64_t utc, int16_t offset_min, int32_t workday) {
    const int64_t later = int64_t{local_day(utc, offset_min)} - workday;
    return Cell::time(time_of_day(utc, offset_min),
                      static_cast<int8_t>(std::clamp<int64_t>(later, 0, INT8_MAX)));
}

// by_employee, by_activity, by_group: one row per folded row; a group is
// (key1, workday) and ends with a TOTAL row.
class GroupedLayout final : public RowLayout {
  public:
    GroupedLayout(const ReportRequest& req, const ReportNames& names, RowSink& sink, Metrics& m)
        : req_(req), lab_(labels(req.lang)), names_(names), sink_(sink), m_(m) {}

    void begin() override { sink_.begin(header(req_.layout, req_.lang)); }

    void row(const RowRecord& r) override {
        const bool new_group = !have_group_ || r.key1 != group_.key1 || r.workday != group_.workday;
        if (new_group) {
            if (have_group_) emit_total();
            group_ = r;
            sum_ = 0;
            have_group_ = true;
        }
        emit_row(r);
        sum_ += r.duration;
    }

    void end() override {
        if (have_group_) emit_total();
    }

  private:
    void emit_row(const RowRecord& r) {
        const uint32_t emp = names_.employee_at(r.key2);
        const Cell name = Cell::str(names_.employee_name(emp));
        const Cell type = Cell::str(names_.identity_type(emp));
        const Cell nid = Cell::str(names_.nid(emp));
        const Cell date = Cell::date(r.workday);
        const Cell activity = Cell::str(names_.activity_name(r.activity));
        const Cell grp = Cell::str(names_.activity_group(r.activity));
        const Cell in = time_cell(r.in_utc, r.in_offset_min, r.workday);
        const Cell out = r.out_utc == kNoTime ? Cell::empty()
                                              : time_cell(r.out_utc, r.out_offset_min, r.workday);
        if (req_.layout == Layout::by_group)
            cells_ = {grp, activity, date, name, type, nid, in, out, Cell::duration(r.duration)};
        else
            cells_ = {name, type, nid, date, activity, grp, in, out, Cell::duration(r.duration)};
        sink_.row(TypedRow{cells_, false});
        ++m_.rows_written;
    }

    void emit_total() {
        cells_.fill(Cell::empty());
        const Cell date = Cell::date(group_.workday);
        switch (req_.layout) {
            case Layout::by_activity:
                cells_[0] = Cell::str(lab_.total);
                cells_[3] = date;
                cells_[4] = Cell::str(names_.activity_name(group_.activity));
                break;
            case Layout::by_group:
                cells_[0] = Cell::str(names_.activity_group(group_.activity));
                cells_[1] = Cell::str(lab_.total);
                cells_[2] = date;
                break;
            default: {
                const uint32_t emp = names_.employee_at(group_.key2);
                cells_[0] = Cell::str(names_.employee_name(emp));
                cells_[1] = Cell::str(names_.identity_type(emp));
                cells_[2] = Cell::str(names_.nid(emp));
                cells_[3] = date;
                cells_[4] = Cell::str(lab_.total);
                break;
            }
        }
        cells_[8] = Cell::duration(sum_);
        sink_.row(TypedRow{cells_, true});
        ++m_.total_rows;
    }

    const ReportRequest& req_;
    const Labels& lab_;
    const ReportNames& names_;
    RowSink& sink_;
    Metrics& m_;
    std::array<Cell, 9> cells_;
    bool have_group_ = false;
    RowRecord group_{};  // the first record of the open group
    int64_t sum_ = 0;
};

}  // namespace

ReportNames::ReportNames(const Labels& labels, const ReferenceData& ref) : lab_(labels) {
    for (const auto& ct : ref.check_types)
        check_type_names_.emplace(ct.id, ct.name);
    // A check type in several collections belongs to the first by name.
    std::vector<const Collection*> cols;
    for (const auto& c : ref.collections)
        cols.push_back(&c);
    std::sort(cols.begin(), cols.end(), [](const Collection* a, const Collection* b) {
        return std::tie(a->name, a->id) < std::tie(b->name, b->id);
    });
    for (const Collection* c : cols)
        for (const auto& id : c->check_type_ids)
            check_type_groups_.emplace(id, c->name);
}

void ReportNames::resolve(const EmployeeTable& emps, const CheckTypeRefs& refs) {
    emps_ = &emps;
    emp_name_.resize(emps.size());
    for (uint32_t i = 0; i < emps.size(); ++i)
        emp_name_[i] =
            emps[i].name.empty() ? lab_.unknown_employee : std::string_view(emps[i].name);
    emp_by_rank_.resize(emps.size());
    std::iota(emp_by_rank_.begin(), emp_by_rank_.end(), 0u);
    std::sort(emp_by_rank_.begin(), emp_by_rank_.end(), [&](uint32_t a, uint32_t b) {
        if (emp_name_[a] != emp_name_[b]) return emp_name_[a] < emp_name_[b];
        return emps[a].id < emps[b].id;
    });
    emp_rank_.resize(emps.size());
    for (uint32_t r = 0; r < emp_by_rank_.size(); ++r)
        emp_rank_[emp_by_rank_[r]] = r;

    activity_name_ = {lab_.regular_entry, lab_.unknown_activity};
    activity_group_ = {lab_.no_group, lab_.no_group};
    for (uint32_t i = 0; i < refs.size(); ++i) {
        const auto n = check_type_names_.find(refs[i]);
        activity_name_.push_back(n == check_type_names_.end() ? lab_.unknown_activity
                                                              : std::string_view(n->second));
        const auto g = check_type_groups_.find(refs[i]);
        activity_group_.push_back(g == check_type_groups_.end() ? lab_.no_group
                                                                : std::string_view(g->second));
    }
    activity_rank_ = dense_ranks(activity_name_);
    group_rank_ = dense_ranks(activity_group_);
}

std::string_view ReportNames::identity_type(uint32_t emp) const {
    const Employee& e = (*emps_)[emp];
    return e.identity_type.empty() ? lab_.default_identity_type : std::string_view(e.identity_type);
}

std::string_view ReportNames::nid(uint32_t emp) const {
    const Employee& e = (*emps_)[emp];
    return e.has_nid ? std::string_view(e.nid) : lab_.not_available;
}

RowRecord ReportNames::record(const FoldedRow& row, int32_t workday, Layout layout) const {
    const WorkEntry& e = row.e;
    const uint32_t act = activity_of(e);
    const uint32_t rank = emp_rank_[e.employee];
    uint32_t key1 = rank;
    if (layout == Layout::by_activity) key1 = activity_rank_[act];
    if (layout == Layout::by_group) key1 = group_rank_[act];
    const auto pause_s = static_cast<int32_t>(std::min<int64_t>(row.pause_s, INT32_MAX));
    return RowRecord{
        key1, workday,         e.in_utc,        rank, pause_s, e.id, e.out_utc, row.duration,
        act,  e.in_offset_min, e.out_offset_min};
}

std::unique_ptr<RowLayout> make_layout(const ReportRequest& req, const ReportNames& names,
                                       RowSink& sink, Metrics& m) {
    return std::make_unique<GroupedLayout>(req, names, sink, m);
}

}  // namespace reportgen::detail
