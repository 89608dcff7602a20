// docs/DESIGN.md "Report semantics" 4 (names) and 5 (layouts).
#include "report/layout.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "report/places.hpp"
#include "reportgen/time.hpp"
#include "sink/digits.hpp"

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
    return e.activity() == WorkEntry::kNoCheckType ? 0u : 2u + e.activity();
}

// A time of day shown beside the row's workday date: one on a later local
// date (a night shift's clock-out) carries how many days later it is.
Cell time_cell(int64_t utc, int16_t offset_min, int32_t workday) {
    const int64_t later = int64_t{local_day(utc, offset_min)} - workday;
    return Cell::time(time_of_day(utc, offset_min),
                      static_cast<int8_t>(std::clamp<int64_t>(later, 0, INT8_MAX)));
}

// "dd/mm/yyyy HH:MM:SS": a modification time on the wall clock of the
// offset of its entry's clock-in (docs/DESIGN.md "Traceability and place
// of work").
std::string_view local_stamp(int64_t utc, int16_t offset_min, char (&buf)[19]) {
    put_date(local_day(utc, offset_min), buf);
    buf[10] = ' ';
    put_time(time_of_day(utc, offset_min), buf + 11);
    return std::string_view(buf, sizeof buf);
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
            // by_employee: each worker announced before their rows (a
            // split per employee tells two of the same name apart).
            if (req_.layout == Layout::by_employee && (!have_group_ || r.key1 != group_.key1))
                announce(names_.employee_at(r.key2));
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
    void announce(uint32_t emp) {
        WorkerInfo w;
        w.name = names_.employee_name(emp);
        w.identity_type = names_.identity_type(emp);
        w.nid = names_.nid(emp);
        sink_.worker(w);
    }

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

// Layout::daily, the attendance register: one row per employee and calendar
// day of the period (its first clock-in, last clock-out, presence, pauses,
// work entries after folding, whether one is open, unpaid pauses, effective
// and night time, planned time and balance, the list of breaks, the kind of
// day), and a TOTAL row for the period after each employee's days. Records
// come in (employee rank, workday, clock-in) order, so a day is a run of
// consecutive records: its rows, its shifts' figures records and its break
// records (kFiguresRecord, kBreakRecord); the days between two runs, and
// those before the first and after the last, have no records and are
// written as days without entries (docs/DESIGN.md "The register's calendar").
class DailyLayout final : public RowLayout {
  public:
    DailyLayout(const ReportRequest& req, const ReportNames& names, RowSink& sink, Metrics& m,
                const PayrollSources* sources, IncidentCursor* incidents)
        : req_(req),
          lab_(labels(req.lang)),
          names_(names),
          sink_(sink),
          m_(m),
          src_(sources),
          incidents_(incidents),
          from_(static_cast<int32_t>(days_from_civil(req.from))),
          to_(static_cast<int32_t>(days_from_civil(req.to))) {
        if (src_ != nullptr)
            for (const EmployeeRecord& e : src_->employees)
                records_.emplace(e.id, &e);
    }

    void begin() override { sink_.begin(header(Layout::daily, req_.lang)); }

    void row(const RowRecord& r) override {
        if (have_day_ && (r.key1 != day_.rank || r.workday != day_.workday)) emit_day();
        if (have_employee_ && r.key1 != day_.rank) end_employee();
        if (!have_employee_) {
            have_employee_ = true;
            next_day_ = from_;
            announce_worker(r.key1);
        }
        if (!have_day_) {
            fill_until(r.key1, r.workday);
            start_day(r);
        }
        if (r.activity == kFiguresRecord)
            add_figures(r);
        else if (r.activity == kBreakRecord)
            add_break(r);
        else if (r.activity == kTraceRecord)
            add_trace(r);
        else if (r.activity == kPlaceRecord)
            day_.places |= static_cast<unsigned>(r.pause_s);
        else
            add(r);
    }

    void end() override {
        if (have_day_) emit_day();
        if (have_employee_) end_employee();
    }

  private:
    struct Sums {
        int64_t worked = 0;  // presence
        int64_t breaks = 0;  // pause time (clock-out - clock-in)
        int64_t entries = 0;
        int64_t unpaid = 0;
        int64_t effective = 0;
        int64_t night = 0;
        bool has_planned = false;  // of the days listed, those whose planned time is known
        int64_t planned = 0;
        int64_t balance = 0;
        // The TOTAL row's counts: days with effective time, days off.
        int64_t days_worked = 0;
        int64_t vacation_days = 0;
        int64_t absence_days = 0;
    };
    struct Day {
        uint32_t rank = 0;
        int32_t workday = 0;
        bool has_first = false;
        int64_t first_in = 0;
        int16_t first_in_offset = 0;
        int64_t last_out = kNoTime;
        int16_t last_out_offset = 0;
        bool open = false;
        int64_t modified = kNoTime;  // the latest modification of the day's entries
        int16_t modified_offset = 0;
        unsigned places = 0;  // places.hpp PlaceBits of the day's shifts
        Sums sums;
    };

    void start_day(const RowRecord& r) { open_day(r.key1, r.workday); }

    void open_day(uint32_t rank, int32_t workday) {
        day_ = Day{};
        day_.rank = rank;
        day_.workday = workday;
        breaks_.clear();
        have_day_ = true;
    }

    // The employee's days before `workday` not yet written: without entries.
    void fill_until(uint32_t rank, int32_t workday) {
        while (next_day_ < workday) {
            open_day(rank, next_day_);
            emit_day();
        }
    }

    // RowSink::worker() before the worker's first row: the identity as the
    // rows carry it, the code and SSN from the employees source, and what
    // the TOTAL row will show of the period (its planned time, summed from
    // the same days, and the validation), known before the first day.
    void announce_worker(uint32_t rank) {
        const uint32_t emp = names_.employee_at(rank);
        const std::string_view id = names_.employee_id(emp);
        WorkerInfo w;
        w.name = names_.employee_name(emp);
        w.identity_type = names_.identity_type(emp);
        w.nid = names_.nid(emp);
        if (const auto it = records_.find(id); it != records_.end()) {
            w.code = it->second->code;
            w.ssn = it->second->ssn;
        }
        if (src_ != nullptr && src_->has(PayrollSource::worked_hours_daily)) {
            int64_t planned = 0;
            bool known = false;
            for (int32_t d = from_; d <= to_; ++d)
                if (const auto p = src_->planned_on(id, d)) {
                    known = true;
                    planned += *p;
                }
            if (known) w.planned_s = planned;
        }
        validation_.clear();
        if (src_ != nullptr) validation_ = validation_text(src_->validation_of(id, from_, to_), lab_);
        w.validation = validation_;
        sink_.worker(w);
    }

    void end_employee() {
        fill_until(day_.rank, to_ + 1);
        emit_total();
        have_employee_ = false;
    }

    // "Tipo de día": a day with entries is worked, whatever the calendar
    // says (work on a holiday or a day off is compliance's holiday_work);
    // otherwise the payroll classification (day_kind), and a regular day is
    // rest unless its planned time is above zero or unknown.
    std::string_view kind(std::string_view id, DayKind k, const std::optional<int64_t>& planned) {
        if (day_.sums.entries > 0) return lab_.day_worked;
        auto named = [this](std::string_view what, std::string_view name) -> std::string_view {
            if (name.empty()) return what;
            kind_.assign(what).append(": ").append(name);
            return kind_;
        };
        switch (k) {
            case DayKind::vacation:
                return lab_.day_vacation;
            case DayKind::absence: {
                const DayOff* off = src_->day_off(id, day_.workday);
                return named(lab_.day_absence, off != nullptr ? off->type : std::string_view());
            }
            case DayKind::holiday:
                return named(lab_.day_holiday, src_->holiday_name(id, day_.workday));
            case DayKind::regular:
                break;
        }
        return planned && *planned == 0 ? lab_.day_rest : lab_.day_no_entries;
    }
    void add(const RowRecord& r) {
        if (!day_.has_first) {  // the day's rows come by clock-in
            day_.has_first = true;
            day_.first_in = r.in_utc;
            day_.first_in_offset = r.in_offset_min;
        }
        if (r.out_utc == kNoTime) {
            day_.open = true;
        } else if (day_.last_out == kNoTime || r.out_utc > day_.last_out) {
            day_.last_out = r.out_utc;
            day_.last_out_offset = r.out_offset_min;
        }
        day_.sums.worked += r.duration;
        ++day_.sums.entries;
    }

    // Two shifts of one workday: their figures add up.
    void add_figures(const RowRecord& r) {
        day_.sums.breaks += r.pause_s;
        day_.sums.effective += r.out_utc;
        day_.sums.unpaid += r.duration;
        day_.sums.night += static_cast<int64_t>(r.id.hi);
    }

    // Two shifts of one workday: the later modification shows.
    void add_trace(const RowRecord& r) {
        if (day_.modified != kNoTime && r.out_utc <= day_.modified) return;
        day_.modified = r.out_utc;
        day_.modified_offset = r.in_offset_min;
    }

    // "10:00:00-10:15:00 (retribuida)"; an open break "14:00:00-"; a time on
    // a later date than the workday "00:10:00 (+1)", as the time cells show it.
    void add_break(const RowRecord& r) {
        if (!breaks_.empty()) breaks_ += "; ";
        put_time(r.in_utc, r.in_offset_min);
        breaks_ += '-';
        if (r.out_utc != kNoTime) put_time(r.out_utc, r.out_offset_min);
        if (r.pause_s != 0) breaks_.append(" (").append(lab_.paid_break).append(")");
    }

    void put_time(int64_t utc, int16_t offset_min) {
        char t[8];
        detail::put_time(time_of_day(utc, offset_min), t);
        breaks_.append(t, sizeof t);
        const int64_t later = int64_t{local_day(utc, offset_min)} - day_.workday;
        if (later > 0) breaks_.append(" (+").append(std::to_string(later)).append(")");
    }

    void identity(uint32_t rank) {
        const uint32_t emp = names_.employee_at(rank);
        cells_[0] = Cell::str(names_.employee_name(emp));
        cells_[1] = Cell::str(names_.identity_type(emp));
        cells_[2] = Cell::str(names_.nid(emp));
    }

    // The day's planned time (the per-day worked-hours), unknown: nullopt.
    std::optional<int64_t> planned() const {
        if (src_ == nullptr || !src_->has(PayrollSource::worked_hours_daily)) return std::nullopt;
        return src_->planned_on(names_.employee_id(names_.employee_at(day_.rank)), day_.workday);
    }

    void emit_day() {
        const auto plan = planned();
        if (plan) {
            day_.sums.has_planned = true;
            day_.sums.planned = *plan;
            day_.sums.balance = day_.sums.effective - *plan;
        }
        const std::string_view id = names_.employee_id(names_.employee_at(day_.rank));
        const DayKind k = day_kind(src_, id, day_.workday);
        if (day_.sums.effective > 0) day_.sums.days_worked = 1;
        if (k == DayKind::vacation) day_.sums.vacation_days = 1;
        if (k == DayKind::absence) day_.sums.absence_days = 1;
        identity(day_.rank);
        cells_[3] = Cell::date(day_.workday);
        cells_[4] = day_.has_first
                        ? time_cell(day_.first_in, day_.first_in_offset, day_.workday)
                        : Cell::empty();
        // An open entry: the day has not ended, so it has no last clock-out.
        cells_[5] = day_.open || day_.last_out == kNoTime
                        ? Cell::empty()
                        : time_cell(day_.last_out, day_.last_out_offset, day_.workday);
        put_sums(day_.sums);
        // A day without entries has no entry to be open.
        cells_[9] = day_.sums.entries == 0 ? Cell::empty()
                                           : Cell::str(day_.open ? lab_.yes : lab_.no);
        cells_[15] = Cell::str(breaks_);
        // The workday's compliance incidents (a weekly_rest on its week's
        // first day here); empty when the checks did not run.
        cells_[16] = incidents_ ? Cell::str(incidents_->take(names_.employee_at(day_.rank),
                                                             day_.workday, false))
                                : Cell::empty();
        // When an entry of the day was last modified; empty when none was.
        cells_[17] = day_.modified == kNoTime
                         ? Cell::empty()
                         : Cell::str(local_stamp(day_.modified, day_.modified_offset, stamp_));
        cells_[18] = Cell::str(kind(id, k, plan));
        cells_[19] = place_cell(day_.places);
        period_places_ |= day_.places;
        // The period's counts and the validation: TOTAL only.
        for (std::size_t i = 20; i < cells_.size(); ++i) cells_[i] = Cell::empty();
        sink_.row(TypedRow{cells_, false});
        ++m_.rows_written;
        Sums& p = period_;
        p.worked += day_.sums.worked;
        p.breaks += day_.sums.breaks;
        p.entries += day_.sums.entries;
        p.unpaid += day_.sums.unpaid;
        p.effective += day_.sums.effective;
        p.night += day_.sums.night;
        p.days_worked += day_.sums.days_worked;
        p.vacation_days += day_.sums.vacation_days;
        p.absence_days += day_.sums.absence_days;
        if (day_.sums.has_planned) {
            p.has_planned = true;
            p.planned += day_.sums.planned;
            p.balance += day_.sums.balance;
        }
        have_day_ = false;
        next_day_ = std::max(next_day_, day_.workday + 1);
    }

    void emit_total() {
        cells_.fill(Cell::empty());
        identity(day_.rank);
        cells_[3] = Cell::str(lab_.total);
        put_sums(period_);
        // The period's incidents (night_avg, overtime_year).
        if (incidents_)
            cells_[16] = Cell::str(incidents_->take(names_.employee_at(day_.rank), 0, true));
        // The period's counts and overtime (as payroll's: the positive
        // balance); the days off only when their source was read.
        const Sums& s = period_;
        if (s.has_planned) cells_[20] = Cell::duration(std::max<int64_t>(0, s.balance));
        cells_[21] = Cell::integer(s.days_worked);
        if (src_ != nullptr && src_->has(PayrollSource::vacation_days))
            cells_[22] = Cell::integer(s.vacation_days);
        if (src_ != nullptr && src_->has(PayrollSource::absence_days))
            cells_[23] = Cell::integer(s.absence_days);
        // The worker's validation of the period: on the TOTAL row, the
        // period's row (docs/DESIGN.md "The worker's validation").
        // (announce_worker() found it before the worker's first row.)
        if (src_ != nullptr) cells_[24] = Cell::str(validation_);
        // The period's places: "Mixto" when its days were in both.
        cells_[19] = place_cell(period_places_);
        sink_.row(TypedRow{cells_, true});
        ++m_.total_rows;
        period_ = {};
        period_places_ = 0;
    }

    void put_sums(const Sums& s) {
        cells_[6] = Cell::duration(s.worked);
        cells_[7] = Cell::duration(s.breaks);
        cells_[8] = Cell::integer(s.entries);
        cells_[10] = Cell::duration(s.unpaid);
        cells_[11] = Cell::duration(s.effective);
        cells_[12] = Cell::duration(s.night);
        cells_[13] = s.has_planned ? Cell::duration(s.planned) : Cell::empty();
        cells_[14] = s.has_planned ? Cell::signed_duration(s.balance) : Cell::empty();
    }

    const ReportRequest& req_;
    const Labels& lab_;
    const ReportNames& names_;
    RowSink& sink_;
    Metrics& m_;
    const PayrollSources* src_;
    IncidentCursor* incidents_;  // null: no checks
    // "Lugar": empty when the place was not read (no day has a place record).
    Cell place_cell(unsigned bits) const {
        const DayPlace p = day_place(bits);
        return p == DayPlace::none ? Cell::empty()
                                   : Cell::str(lab_.place[static_cast<int>(p) - 1]);
    }

    const int32_t from_, to_;  // the period's days
    std::array<Cell, 25> cells_;
    unsigned period_places_ = 0;  // the TOTAL row's places
    char stamp_[19];    // the open day's "Modificado"
    std::string kind_;  // the open day's "Tipo de día" when it names something
    std::string validation_;  // the worker's "Validación" (WorkerInfo, the TOTAL row)
    std::unordered_map<std::string_view, const EmployeeRecord*> records_;  // by employee id
    bool have_day_ = false;
    bool have_employee_ = false;  // day_.rank's TOTAL row is still to come
    int32_t next_day_ = 0;        // the employee's first day not yet written
    Day day_;      // the open day (or, after emit_day, the last one)
    Sums period_;  // the employee's days so far
    std::string breaks_;  // the open day's "Detalle de pausas"
};

}  // namespace

ReportNames::ReportNames(Lang lang, const Labels& labels, const ReferenceData& ref)
    : lab_(labels), collator_(lang) {
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
    // One collation key per employee, then plain byte comparisons.
    std::vector<std::string>& key = emp_key_;
    key.resize(emps.size());
    for (uint32_t i = 0; i < emps.size(); ++i)
        key[i] = name_key(emps[i].name, emps[i].first_size);
    emp_by_rank_.resize(emps.size());
    std::iota(emp_by_rank_.begin(), emp_by_rank_.end(), 0u);
    std::sort(emp_by_rank_.begin(), emp_by_rank_.end(), [&](uint32_t a, uint32_t b) {
        if (key[a] != key[b]) return key[a] < key[b];
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

std::string ReportNames::name_key(std::string_view name, std::size_t first_size) const {
    if (name.empty()) return collator_.key(lab_.unknown_employee, {});
    const NameParts p = name_parts(name, first_size);
    return collator_.key(p.surname, p.first);
}

std::string_view ReportNames::identity_type(uint32_t emp) const {
    const Employee& e = (*emps_)[emp];
    return e.identity_type.empty() ? lab_.default_identity_type : std::string_view(e.identity_type);
}

std::string_view ReportNames::nid(uint32_t emp) const {
    const Employee& e = (*emps_)[emp];
    return e.has_nid ? std::string_view(e.nid) : lab_.not_available;
}

bool ReportNames::nid_missing(uint32_t emp) const {
    const Employee& e = (*emps_)[emp];
    const std::string_view nid = trim_spaces(e.nid);
    return !e.has_nid || nid.empty() || nid == "No disponible";
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

RowRecord ReportNames::figures_record(uint32_t emp, const WorkdayFigures& f) const {
    const uint32_t rank = emp_rank_[emp];
    RowRecord r{};
    r.key1 = rank;
    r.workday = f.workday;
    r.in_utc = INT64_MIN;
    r.key2 = rank;
    r.pause_s = static_cast<int32_t>(std::min<int64_t>(f.pause_s, INT32_MAX));
    r.id = EntryId{static_cast<uint64_t>(f.night_s), 0};
    r.out_utc = f.effective_s;
    r.duration = f.unpaid_pause_s;
    r.activity = kFiguresRecord;
    return r;
}

RowRecord ReportNames::break_record(uint32_t emp, int32_t workday, const BreakSpan& b,
                                    uint32_t seq) const {
    const uint32_t rank = emp_rank_[emp];
    RowRecord r{};
    r.key1 = rank;
    r.workday = workday;
    r.in_utc = b.in_utc;
    r.key2 = rank;
    r.pause_s = b.paid ? 1 : 0;
    r.id = EntryId{UINT64_MAX, seq};  // after a row folded to start at the same time
    r.out_utc = b.out_utc;
    r.activity = kBreakRecord;
    r.in_offset_min = b.in_offset_min;
    r.out_offset_min = b.out_offset_min;
    return r;
}

// A record of the day that sorts first in it, with the figures records
// (clock-in INT64_MIN), ordered among them by id.lo.
static RowRecord day_record(uint32_t rank, int32_t workday, uint64_t id_lo, uint32_t activity) {
    RowRecord r{};
    r.key1 = rank;
    r.workday = workday;
    r.in_utc = INT64_MIN;
    r.key2 = rank;
    r.id = EntryId{UINT64_MAX, id_lo};
    r.activity = activity;
    return r;
}

RowRecord ReportNames::place_record(uint32_t emp, int32_t workday, unsigned place_bits) const {
    // Beside the day's trace record.
    RowRecord r = day_record(emp_rank_[emp], workday, UINT64_MAX - 1, kPlaceRecord);
    r.pause_s = static_cast<int32_t>(place_bits);
    return r;
}

RowRecord ReportNames::trace_record(uint32_t emp, int32_t workday, int64_t modified_utc,
                                    int16_t offset_min) const {
    // After the figures records of the day.
    RowRecord r = day_record(emp_rank_[emp], workday, UINT64_MAX, kTraceRecord);
    r.out_utc = modified_utc;
    r.in_offset_min = offset_min;
    return r;
}

std::unique_ptr<RowLayout> make_layout(const ReportRequest& req, const ReportNames& names,
                                       RowSink& sink, Metrics& m, const PayrollSources* sources,
                                       IncidentCursor* incidents) {
    if (req.layout == Layout::daily)
        return std::make_unique<DailyLayout>(req, names, sink, m, sources, incidents);
    return std::make_unique<GroupedLayout>(req, names, sink, m);
}

}  // namespace reportgen::detail
