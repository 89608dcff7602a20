// docs/DESIGN.md "Payroll figures".
#include "report/payroll_layout.hpp"

#include <algorithm>
#include <cstdlib>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

// Sesame and our figures differ by more than this: the clerk should look.
constexpr int64_t kReconcileToleranceS = 60;

using Opt = std::optional<int64_t>;

// One employee of the payroll layout: who, and where their figures are.
struct Person {
    std::string_view name, identity_type, nid, id;
    std::string key;  // ReportNames::name_key(): the order of the rows
    const EmployeeTotals* totals = nullptr;  // null: no shift in the report
    const EmployeeRecord* record = nullptr;  // null: not in the employees source
};

// The figures of one row (an employee or the company); empty optionals are
// empty cells.
struct Figures {
    Opt code;
    int64_t days_worked = 0, presence = 0, paid_pauses = 0, unpaid_pauses = 0, effective = 0;
    Opt planned, balance, overtime;
    int64_t night = 0;
    Opt vacation, absence_paid, absence_unpaid, holidays_worked;
    int64_t open = 0;
    Opt sesame_worked, sesame_balance, sesame_night, difference, flagged;
    int64_t incidents = 0;  // compliance incidents (the checks always run here)
};

void add_to(Opt& sum, const Opt& v) {
    if (v) sum = sum.value_or(0) + *v;
}

class PayrollLayout final : public RowLayout {
  public:
    PayrollLayout(const ReportRequest& req, const ReportNames& names,
                  const SummaryBuilder& summary, const PayrollSources* sources, RowSink& sink,
                  Metrics& m)
        : req_(req),
          lab_(labels(req.lang)),
          names_(names),
          summary_(summary),
          src_(sources),
          sink_(sink),
          m_(m),
          from_(day_of(req.from)),
          to_(day_of(req.to)) {}

    void begin() override { sink_.begin(header(Layout::payroll, req_.lang)); }
    // The builder pushes no row for this layout (memory grows with employees,
    // not entries): one here is a bug, not data.
    void row(const RowRecord&) override {
        throw std::logic_error("payroll layout: a row went through the row sorter");
    }
    void end() override {
        Figures total;
        for (const Person& p : people()) {
            const Figures f = figures(p);
            emit(p, f);
            add_total(total, f);
        }
        emit_total(total);
    }

  private:
    static int32_t day_of(CivilDate d) { return static_cast<int32_t>(days_from_civil(d)); }

    bool has(PayrollSource s) const { return src_ != nullptr && src_->has(s); }

    // Everyone with a shift in the report, and those the sources list with
    // planned time, a day off or Sesame figures in the period; by name, then
    // id, as the by_employee detail.
    std::vector<Person> people() const {
        std::unordered_map<std::string_view, const EmployeeRecord*> records;
        if (src_ != nullptr)
            for (const EmployeeRecord& r : src_->employees)
                records.emplace(r.id, &r);
        auto record_of = [&](std::string_view id) -> const EmployeeRecord* {
            const auto it = records.find(id);
            return it == records.end() ? nullptr : it->second;
        };
        std::vector<Person> out;
        std::unordered_set<std::string_view> taken;
        // Employees whose entries all lie outside the range: named by them.
        std::unordered_map<std::string_view, uint32_t> outside;
        for (uint32_t emp = 0; emp < summary_.employees(); ++emp) {
            const EmployeeTotals& t = summary_.totals(emp);
            const std::string_view id = names_.employee_id(emp);
            if (!t.in_report) {
                outside.emplace(id, emp);
                continue;
            }
            taken.insert(id);
            out.push_back(Person{names_.employee_name(emp), names_.identity_type(emp),
                                 names_.nid(emp), id, std::string(names_.employee_key(emp)), &t,
                                 record_of(id)});
        }
        if (src_ != nullptr) {
            auto consider = [&](std::string_view id) {
                if (!taken.insert(id).second || !listed(id)) return;
                Person p = stranger(id, record_of(id));
                if (const auto it = outside.find(id); it != outside.end()) {
                    p.name = names_.employee_name(it->second);
                    p.identity_type = names_.identity_type(it->second);
                    p.nid = names_.nid(it->second);
                    p.key = names_.employee_key(it->second);
                }
                out.push_back(p);
            };
            for (const EmployeeRecord& r : src_->employees)
                consider(r.id);
            for (const auto& [id, s] : src_->statistics)
                consider(id);
            for (const auto& [id, days] : src_->planned_by_day)
                consider(id);
            for (const auto& [id, days] : src_->days_off)
                consider(id);
        }
        std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) {
            return a.key != b.key ? a.key < b.key : a.id < b.id;
        });
        return out;
    }

    // An employee with no shift in the report: named by the employees source.
    Person stranger(std::string_view id, const EmployeeRecord* r) const {
        Person p;
        p.id = id;
        p.record = r;
        p.name = r != nullptr && !r->name.empty() ? std::string_view(r->name)
                                                   : lab_.unknown_employee;
        p.key = r != nullptr ? names_.name_key(r->name, r->first_size) : names_.name_key({}, 0);
        p.identity_type = r != nullptr && !r->identity_type.empty()
                              ? std::string_view(r->identity_type)
                              : lab_.default_identity_type;
        p.nid = r != nullptr && r->has_nid ? std::string_view(r->nid) : lab_.not_available;
        return p;
    }

    // Without a shift, an employee gets a row for planned time, a day off or
    // non-zero Sesame figures in the period.
    bool listed(std::string_view id) const {
        if (period_planned(src_, id).value_or(0) > 0) return true;
        if (day_off_count(id, [](const DayOff&) { return true; }).value_or(0) > 0) return true;
        const auto it = src_->statistics.find(std::string(id));
        if (it == src_->statistics.end()) return false;
        const SesameFigures& s = it->second;
        for (const Opt& v : {s.worked_s, s.to_work_s, s.balance_s, s.night_s})
            if (v.value_or(0) != 0) return true;
        return false;
    }

    template <class Pred>
    Opt day_off_count(std::string_view id, Pred pred) const {
        if (src_ == nullptr) return std::nullopt;
        const auto it = src_->days_off.find(std::string(id));
        int64_t n = 0;
        if (it != src_->days_off.end())
            for (const DayOff& d : it->second)
                if (d.day >= from_ && d.day <= to_ && pred(d)) ++n;
        return n;
    }

    Opt days_of(std::string_view id, DayOffKind kind, PayrollSource source) const {
        if (!has(source)) return std::nullopt;
        return day_off_count(id, [kind](const DayOff& d) { return d.kind == kind; });
    }

    Figures figures(const Person& p) const {
        Figures f;
        if (p.record != nullptr && has(PayrollSource::employees)) f.code = p.record->code;
        if (const EmployeeTotals* t = p.totals) {
            f.days_worked = t->days_effective;
            f.presence = t->worked_s;
            f.paid_pauses = t->paid_pause_s;
            f.unpaid_pauses = t->unpaid_pause_s;
            f.effective = t->effective_s;
            f.night = t->night_s;
            f.open = t->open_entries;
            f.incidents = t->compliance_incidents;
            if (has(PayrollSource::holidays)) f.holidays_worked = t->holidays_worked;
        } else if (has(PayrollSource::holidays)) {
            f.holidays_worked = 0;
        }
        f.planned = period_planned(src_, p.id);
        if (f.planned) {
            f.balance = f.effective - *f.planned;
            f.overtime = std::max<int64_t>(0, *f.balance);
        }
        f.vacation = days_of(p.id, DayOffKind::vacation, PayrollSource::vacation_days);
        f.absence_paid = days_of(p.id, DayOffKind::absence_paid, PayrollSource::absence_days);
        f.absence_unpaid = days_of(p.id, DayOffKind::absence_unpaid, PayrollSource::absence_days);
        if (src_ != nullptr) {
            const auto it = src_->statistics.find(std::string(p.id));
            if (it != src_->statistics.end()) {
                const SesameFigures& s = it->second;
                if (has(PayrollSource::worked_hours)) {
                    f.sesame_worked = s.worked_s;
                    f.sesame_balance = s.balance_s;
                }
                if (has(PayrollSource::worked_night_hours)) f.sesame_night = s.night_s;
            }
        }
        if (f.sesame_worked) {
            f.difference = f.effective - *f.sesame_worked;
            f.flagged = std::abs(*f.difference) > kReconcileToleranceS ? 1 : 0;
        }
        return f;
    }

    void add_total(Figures& t, const Figures& f) {
        t.days_worked += f.days_worked;
        t.presence += f.presence;
        t.paid_pauses += f.paid_pauses;
        t.unpaid_pauses += f.unpaid_pauses;
        t.effective += f.effective;
        add_to(t.planned, f.planned);
        add_to(t.balance, f.balance);
        add_to(t.overtime, f.overtime);
        t.night += f.night;
        add_to(t.vacation, f.vacation);
        add_to(t.absence_paid, f.absence_paid);
        add_to(t.absence_unpaid, f.absence_unpaid);
        add_to(t.holidays_worked, f.holidays_worked);
        t.open += f.open;
        add_to(t.sesame_worked, f.sesame_worked);
        add_to(t.sesame_balance, f.sesame_balance);
        add_to(t.sesame_night, f.sesame_night);
        add_to(t.difference, f.difference);
        add_to(t.flagged, f.flagged);
        t.incidents += f.incidents;
        m_.planned_s += f.planned.value_or(0);
        m_.overtime_s += f.overtime.value_or(0);
        if (f.flagged.value_or(0) != 0) {
            ++m_.reconciliation_differences;
            m_.reconciliation_abs_diff_s += std::abs(*f.difference);
        }
    }

    static Cell dur(const Opt& v) { return v ? Cell::duration(*v) : Cell::empty(); }
    static Cell signed_dur(const Opt& v) { return v ? Cell::signed_duration(*v) : Cell::empty(); }
    static Cell count(const Opt& v) { return v ? Cell::integer(*v) : Cell::empty(); }

    void put_figures(const Figures& f) {
        cells_[3] = count(f.code);
        cells_[4] = Cell::integer(f.days_worked);
        cells_[5] = Cell::duration(f.presence);
        cells_[6] = Cell::duration(f.paid_pauses);
        cells_[7] = Cell::duration(f.unpaid_pauses);
        cells_[8] = Cell::duration(f.effective);
        cells_[9] = dur(f.planned);
        cells_[10] = signed_dur(f.balance);
        cells_[11] = dur(f.overtime);
        cells_[12] = Cell::duration(f.night);
        cells_[13] = count(f.vacation);
        cells_[14] = count(f.absence_paid);
        cells_[15] = count(f.absence_unpaid);
        cells_[16] = count(f.holidays_worked);
        cells_[17] = Cell::integer(f.open);
        cells_[18] = dur(f.sesame_worked);
        cells_[19] = signed_dur(f.sesame_balance);
        cells_[20] = dur(f.sesame_night);
        cells_[21] = signed_dur(f.difference);
        cells_[23] = Cell::integer(f.incidents);
    }

    void emit(const Person& p, const Figures& f) {
        cells_[0] = Cell::str(p.name);
        cells_[1] = Cell::str(p.identity_type);
        cells_[2] = Cell::str(p.nid);
        put_figures(f);
        cells_[22] = !f.flagged ? Cell::empty() : Cell::str(*f.flagged ? lab_.yes : lab_.no);
        validation_ = src_ == nullptr ? std::string()
                                      : validation_text(src_->validation_of(p.id, from_, to_), lab_);
        cells_[24] = Cell::str(validation_);
        // Each worker announced before their row (a split per employee tells
        // two of the same name apart).
        WorkerInfo w;
        w.name = p.name;
        w.identity_type = p.identity_type;
        w.nid = p.nid;
        w.code = f.code;
        if (p.record != nullptr) w.ssn = p.record->ssn;
        w.validation = validation_;
        sink_.worker(w);
        sink_.row(TypedRow{cells_, false});
        ++m_.rows_written;
    }

    // The company: sums; "Revisar" counts the employees flagged.
    void emit_total(const Figures& t) {
        cells_[0] = Cell::str(lab_.total);
        cells_[1] = Cell::empty();
        cells_[2] = Cell::empty();
        put_figures(t);
        cells_[22] = count(t.flagged);
        cells_[24] = Cell::empty();
        sink_.row(TypedRow{cells_, true, true});
        ++m_.total_rows;
    }

    const ReportRequest& req_;
    const Labels& lab_;
    const ReportNames& names_;
    const SummaryBuilder& summary_;
    const PayrollSources* src_;
    RowSink& sink_;
    Metrics& m_;
    int32_t from_, to_;  // the report's days, for the days off
    std::array<Cell, 25> cells_;
    std::string validation_;  // the row's "Validación"
};

}  // namespace

std::unique_ptr<RowLayout> make_payroll_layout(const ReportRequest& req, const ReportNames& names,
                                               const SummaryBuilder& summary,
                                               const PayrollSources* sources, RowSink& sink,
                                               Metrics& m) {
    return std::make_unique<PayrollLayout>(req, names, summary, sources, sink, m);
}

}  // namespace reportgen::detail
