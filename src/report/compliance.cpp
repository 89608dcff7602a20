// docs/DESIGN.md "Compliance checks".
#include "report/compliance.hpp"

#include <algorithm>
#include <charconv>

#include "reportgen/error.hpp"
#include "reportgen/row.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
constexpr int64_t kMaxLimit = 1000 * kHour;
// A night worker (art. 36.1): at least this much night time on at least
// half of the workdays of the period.
constexpr int64_t kNightWorkerDayS = 3 * kHour;

// [start, end) of a local week in absolute time, at the given offset.
int64_t week_start_utc(int32_t monday, int16_t offset_min) noexcept {
    return int64_t{monday} * kDay - int64_t{offset_min} * 60;
}

std::string date_text(int32_t day) {
    return format_date(day);
}

std::string duration_text(int64_t s) {
    return format_duration(std::max<int64_t>(s, 0));
}

}  // namespace

const std::array<RuleInfo, kRuleCount> kRules{{
    {Rule::daily_max, "daily_max", "Jornada diaria máxima", "Daily maximum", 9 * kHour,
     Bound::at_most},
    {Rule::daily_rest, "daily_rest", "Descanso entre jornadas", "Rest between workdays",
     12 * kHour, Bound::at_least},
    {Rule::break_6h, "break_6h", "Pausa en jornada continuada", "Break in a long stretch",
     6 * kHour, Bound::at_most},
    {Rule::weekly_rest, "weekly_rest", "Descanso semanal", "Weekly rest", 36 * kHour,
     Bound::at_least},
    {Rule::long_entry, "long_entry", "Fichaje sin salida o excesivo", "Forgotten clock-out",
     12 * kHour, Bound::at_most},
    {Rule::holiday_work, "holiday_work", "Trabajo en festivo o día libre",
     "Work on a day off", 0, Bound::at_most},
    {Rule::night_avg, "night_avg", "Media de jornada nocturna", "Night worker's average",
     8 * kHour, Bound::at_most},
    {Rule::overtime_year, "overtime_year", "Horas extra del año", "Overtime of the year",
     80 * kHour, Bound::at_most},
    {Rule::long_span, "long_span", "Amplitud de jornada", "Workday span", 13 * kHour,
     Bound::at_most},
}};

const RuleInfo& rule_info(Rule r) noexcept {
    return kRules[static_cast<std::size_t>(r)];
}

std::optional<Rule> parse_rule(std::string_view id) noexcept {
    for (const RuleInfo& r : kRules)
        if (r.id == id) return r.rule;
    return std::nullopt;
}

std::optional<int64_t> parse_limit_duration(std::string_view t) noexcept {
    auto number = [](std::string_view s, int64_t& out) {
        if (s.empty() || s.size() > 7) return false;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
    };
    int64_t total = 0;
    if (t.find(':') != std::string_view::npos) {  // h:mm or h:mm:ss
        int64_t parts[3] = {0, 0, 0};
        int n = 0;
        for (std::size_t at = 0; at <= t.size() && n < 4; ++n) {
            const std::size_t colon = std::min(t.find(':', at), t.size());
            if (n == 3 || !number(t.substr(at, colon - at), parts[n])) return std::nullopt;
            if (n > 0 && (colon - at != 2 || parts[n] > 59)) return std::nullopt;
            at = colon + 1;
        }
        if (n < 2) return std::nullopt;
        total = parts[0] * kHour + parts[1] * 60 + parts[2];
    } else {  // 10h, 9h30m, 45m, 90s: each unit once, in that order
        const std::string_view units = "hms";
        std::size_t next_unit = 0, at = 0;
        if (t.empty()) return std::nullopt;
        while (at < t.size()) {
            const std::size_t end = t.find_first_of(units, at);
            if (end == std::string_view::npos) return std::nullopt;  // no unit
            const std::size_t unit = units.find(t[end]);
            int64_t v = 0;
            if (unit < next_unit || !number(t.substr(at, end - at), v)) return std::nullopt;
            total += v * (unit == 0 ? kHour : unit == 1 ? 60 : 1);
            next_unit = unit + 1;
            at = end + 1;
        }
    }
    if (total > kMaxLimit) return std::nullopt;
    return total;
}

Limits::Limits() {
    for (const RuleInfo& r : kRules) {
        limit_[static_cast<std::size_t>(r.rule)] = r.default_limit_s;
        on_[static_cast<std::size_t>(r.rule)] = true;
    }
}

namespace {
std::string known_rules() {
    std::string s;
    for (const RuleInfo& r : kRules) s += (s.empty() ? "" : ", ") + std::string(r.id);
    return s;
}
Rule rule_or_throw(std::string_view id, std::string_view what) {
    const auto r = parse_rule(id);
    if (!r)
        throw usage_error(std::string(what) + ": unknown rule '" + std::string(id) +
                          "' (known: " + known_rules() + ")");
    return *r;
}
}  // namespace

void Limits::apply(std::string_view assignment, std::string_view what) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos)
        throw usage_error(std::string(what) + " '" + std::string(assignment) +
                          "': expected RULE=DURATION, e.g. daily_max=10h");
    const Rule r = rule_or_throw(assignment.substr(0, eq), what);
    const auto v = parse_limit_duration(assignment.substr(eq + 1));
    if (!v)
        throw usage_error(std::string(what) + " '" + std::string(assignment) +
                          "': the limit is a duration such as 10h, 9h30m, 45m or 10:00 "
                          "(at most 1000h)");
    set(r, *v);
}

void Limits::apply_off(std::string_view rule, std::string_view what) {
    disable(rule_or_throw(rule, what));
}

Limits Limits::from(const ComplianceLimits& changes, std::string_view what_limit,
                    std::string_view what_off) {
    Limits l;
    // The subject names the field at fault, for the CLI's hint.
    for (const std::string& a : changes.limits) {
        try {
            l.apply(a, what_limit);
        } catch (const Error& e) {
            throw usage_error(e.what(), "ReportRequest::compliance.limits");
        }
    }
    for (const std::string& r : changes.off) {
        try {
            l.apply_off(r, what_off);
        } catch (const Error& e) {
            throw usage_error(e.what(), "ReportRequest::compliance.off");
        }
    }
    return l;
}

ComplianceChecker::ComplianceChecker(const Limits& limits, int32_t data_from, int32_t report_from,
                                     int32_t report_to, std::vector<Incident>& out)
    : limits_(limits), data_from_(data_from), from_(report_from), to_(report_to), out_(out) {}

void ComplianceChecker::add(uint32_t employee, int32_t workday, Rule r, int64_t value,
                            std::string detail) {
    out_.push_back(Incident{employee, workday, r, value, limits_.limit(r), std::move(detail)});
}

void ComplianceChecker::day(uint32_t employee, const DayFacts& d) {
    if (!have_employee_) {
        have_employee_ = true;
        first_incident_ = out_.size();
    }
    close_weeks_before(employee, d);
    rest_since_previous(employee, d);
    if (!d.context) check_day(employee, d);
    previous_out_ = have_previous_ ? std::max(previous_out_, d.last_out_utc) : d.last_out_utc;
    previous_day_ = d.workday;
    have_previous_ = true;
    offset_min_ = d.first_in_offset_min;
}

// The rest between the previous workday and this one: daily_rest, and the
// weeks it touches (a rest counts for every week it overlaps: it may start
// in the week before).
void ComplianceChecker::rest_since_previous(uint32_t employee, const DayFacts& d) {
    const int64_t rest_start =
        have_previous_ ? previous_out_ : week_start_utc(data_from_, d.first_in_offset_min);
    const int64_t rest = d.first_in_utc - rest_start;
    note_rest(rest_start, d.first_in_utc);
    if (!have_previous_ || d.context || !limits_.enabled(Rule::daily_rest)) return;
    if (rest < limits_.limit(Rule::daily_rest))
        add(employee, d.workday, Rule::daily_rest, std::max<int64_t>(rest, 0),
            "previous clock-out " + date_text(previous_day_) + " " + duration_text(rest));
}

void ComplianceChecker::note_rest(int64_t start, int64_t end) {
    if (!week_open_) return;
    const int64_t w0 = week_start_utc(week_, offset_min_);
    const int64_t w1 = w0 + 7 * kDay;
    if (start < w1 && end > w0) week_best_rest_ = std::max(week_best_rest_, end - start);
}

// Weeks before the one of `d` can receive no more rests: each is judged
// (when the report holds it whole) and the next one opened. A rest that
// started before a week and lasts past it covers it.
void ComplianceChecker::close_weeks_before(uint32_t employee, const DayFacts& d) {
    const int32_t target = monday_of(d.workday);
    if (!week_open_) {
        week_ = target;
        week_open_ = true;
        week_best_rest_ = 0;
        offset_min_ = d.first_in_offset_min;
        return;
    }
    while (week_ < target) {
        // The rest still running since the previous workday reaches past
        // this week's end: it counts for it too.
        if (have_previous_) note_rest(previous_out_, d.first_in_utc);
        close_week(employee);
        week_ += 7;
        week_best_rest_ = 0;
    }
}

void ComplianceChecker::close_week(uint32_t employee) {
    const bool whole = week_ >= from_ && week_ + 6 <= to_;
    if (!whole || !limits_.enabled(Rule::weekly_rest)) return;
    if (week_best_rest_ < limits_.limit(Rule::weekly_rest))
        add(employee, week_, Rule::weekly_rest, week_best_rest_,
            date_text(week_) + " - " + date_text(week_ + 6));
}

void ComplianceChecker::check_day(uint32_t employee, const DayFacts& d) {
    auto over = [&](Rule r, int64_t value) {
        return limits_.enabled(r) && value > limits_.limit(r);
    };
    if (over(Rule::daily_max, d.effective_s)) add(employee, d.workday, Rule::daily_max, d.effective_s);
    if (over(Rule::break_6h, d.longest_stretch_s))
        add(employee, d.workday, Rule::break_6h, d.longest_stretch_s);
    if (limits_.enabled(Rule::long_entry) && d.open)
        add(employee, d.workday, Rule::long_entry, 0, "open");
    else if (over(Rule::long_entry, d.longest_row_s))
        add(employee, d.workday, Rule::long_entry, d.longest_row_s);
    if (d.kind != DayKind::regular && over(Rule::holiday_work, d.effective_s))
        add(employee, d.workday, Rule::holiday_work, d.effective_s,
            d.kind == DayKind::holiday    ? "holiday"
            : d.kind == DayKind::vacation ? "vacation"
                                          : "absence");
    const int64_t span = d.last_out_utc - d.first_in_utc;
    if (over(Rule::long_span, span))
        add(employee, d.workday, Rule::long_span, span,
            "longest gap " + duration_text(d.longest_gap_s));
    ++workdays_;
    if (d.night_s >= kNightWorkerDayS) ++night_days_;
    effective_sum_ += d.effective_s;
}

void ComplianceChecker::end_employee(uint32_t employee, std::optional<int64_t> year_overtime_s) {
    if (have_employee_) {
        // The rest after the last workday runs to the report's end (as far
        // as the report knows); weeks up to the report's last are judged.
        const int64_t report_end = week_start_utc(to_ + 1, offset_min_);
        const int32_t last_monday = monday_of(to_);
        while (week_open_ && week_ <= last_monday) {
            if (have_previous_) note_rest(previous_out_, report_end);
            close_week(employee);
            week_ += 7;
            week_best_rest_ = 0;
        }
        if (workdays_ > 0 && limits_.enabled(Rule::night_avg) && night_days_ * 2 >= workdays_) {
            const int64_t average = effective_sum_ / workdays_;
            if (average > limits_.limit(Rule::night_avg))
                add(employee, kPeriodIncident, Rule::night_avg, average,
                    std::to_string(night_days_) + " of " + std::to_string(workdays_) +
                        " workdays at night");
        }
    }
    if (year_overtime_s && limits_.enabled(Rule::overtime_year) &&
        *year_overtime_s > limits_.limit(Rule::overtime_year))
        add(employee, kPeriodIncident, Rule::overtime_year, *year_overtime_s);
    // By workday, then rule; period incidents last.
    auto key = [](const Incident& i) {
        return std::pair(i.workday == kPeriodIncident ? INT32_MAX : i.workday,
                         static_cast<int>(i.rule));
    };
    std::stable_sort(out_.begin() + static_cast<std::ptrdiff_t>(first_incident_), out_.end(),
                     [&](const Incident& a, const Incident& b) { return key(a) < key(b); });
    // The next employee starts afresh.
    have_employee_ = have_previous_ = week_open_ = false;
    previous_out_ = week_best_rest_ = effective_sum_ = 0;
    workdays_ = night_days_ = 0;
    first_incident_ = out_.size();
}

}  // namespace reportgen::detail

namespace reportgen {

void ComplianceLimits::validate() const {
    (void)detail::Limits::from(*this);
}

std::vector<std::string_view> compliance_rule_ids() {
    std::vector<std::string_view> ids;
    for (const detail::RuleInfo& r : detail::kRules) ids.push_back(r.id);
    return ids;
}

}  // namespace reportgen
