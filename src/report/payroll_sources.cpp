#include "report/payroll_sources.hpp"

#include <algorithm>
#include <utility>

#include "report/compliance_stage.hpp"

namespace reportgen::detail {

bool PayrollSources::is_holiday(std::string_view employee_id, int32_t day) const {
    const std::vector<int32_t>* days = &company_holidays;
    if (per_employee_holidays) {
        const auto it = employee_holidays.find(std::string(employee_id));
        if (it == employee_holidays.end()) return false;
        days = &it->second;
    }
    return std::binary_search(days->begin(), days->end(), day);
}

std::string_view PayrollSources::holiday_name(std::string_view employee_id,
                                             int32_t day) const {
    const std::unordered_map<int32_t, std::string>* names = &company_holiday_names;
    if (per_employee_holidays) {
        const auto it = employee_holiday_names.find(std::string(employee_id));
        if (it == employee_holiday_names.end()) return {};
        names = &it->second;
    }
    const auto at = names->find(day);
    return at == names->end() ? std::string_view() : std::string_view(at->second);
}

std::optional<int64_t> PayrollSources::planned_on(std::string_view employee_id,
                                                  int32_t day) const {
    const auto it = planned_by_day.find(std::string(employee_id));
    if (it == planned_by_day.end()) return std::nullopt;
    const auto& v = it->second;
    const auto at = std::lower_bound(v.begin(), v.end(), day,
                                     [](const auto& p, int32_t d) { return p.first < d; });
    if (at == v.end() || at->first != day) return std::nullopt;
    return at->second;
}

const DayOff* PayrollSources::day_off(std::string_view employee_id, int32_t day) const {
    const auto it = days_off.find(std::string(employee_id));
    if (it == days_off.end()) return nullptr;
    const auto& v = it->second;
    const auto at = std::lower_bound(v.begin(), v.end(), day,
                                     [](const DayOff& o, int32_t d) { return o.day < d; });
    return at == v.end() || at->day != day ? nullptr : &*at;
}

ShownValidation shown_validation(std::span<const CheckValidation> list, int32_t from,
                                 int32_t to) noexcept {
    ShownValidation shown;
    for (const CheckValidation& v : list) {
        if (v.start_day > to || v.end_day < from) continue;
        const CheckValidation* best = shown.validation;
        if (best == nullptr || v.start_day > best->start_day ||
            (v.start_day == best->start_day && v.updated_utc > best->updated_utc))
            shown.validation = &v;
    }
    if (const CheckValidation* v = shown.validation)
        shown.partial = v->start_day > from || v->end_day < to;
    return shown;
}

ShownValidation PayrollSources::validation_of(std::string_view employee_id, int32_t from,
                                              int32_t to) const {
    if (!has(PayrollSource::validations)) return {};
    const auto it = validations.find(std::string(employee_id));
    if (it == validations.end()) return {};
    return shown_validation(it->second, from, to);
}

std::string_view source_name(PayrollSource s) noexcept {
    switch (s) {
        case PayrollSource::worked_hours:
            return "worked-hours";
        case PayrollSource::worked_hours_daily:
            return "worked-hours (per day)";
        case PayrollSource::worked_night_hours:
            return "worked-night-hours";
        case PayrollSource::vacation_days:
            return "vacation-day-off";
        case PayrollSource::absence_days:
            return "absence-day-off";
        case PayrollSource::holidays:
            return "holidays";
        case PayrollSource::employees:
            return "employees";
        case PayrollSource::worked_hours_year:
            return "worked-hours (year to date)";
        case PayrollSource::validations:
            return "check-validation";
        case PayrollSource::offices:
            return "offices";
    }
    return "?";
}

bool NeededSources::any() const noexcept {
    return std::any_of(std::begin(need), std::end(need), [](bool b) { return b; });
}

void merge_offices(PayrollSources& into, PayrollSources&& from) {
    constexpr int i = static_cast<int>(PayrollSource::offices);
    into.asked[i] = into.asked[i] || from.asked[i];
    into.read[i] = into.read[i] || from.read[i];
    into.offices = std::move(from.offices);
    for (std::string& line : from.missing)
        into.missing.push_back(std::move(line));
}

NeededSources needed_sources(const ReportRequest& req) noexcept {
    NeededSources n;
    auto want = [&n](PayrollSource s) { n.need[static_cast<int>(s)] = true; };
    switch (req.layout) {
        case Layout::payroll:
            want(PayrollSource::worked_hours);
            want(PayrollSource::worked_night_hours);
            want(PayrollSource::vacation_days);
            want(PayrollSource::absence_days);
            want(PayrollSource::holidays);
            want(PayrollSource::employees);
            break;
        case Layout::daily:
            // The period's planned time is the sum of the days'.
            want(PayrollSource::worked_hours_daily);
            // The kind of each day without entries (docs/DESIGN.md "The
            // register's calendar").
            want(PayrollSource::vacation_days);
            want(PayrollSource::absence_days);
            want(PayrollSource::holidays);
            // The worker's header (employee code, Social Security number):
            // only the formats that print one; a CSV has no place for it.
            if (req.format == Format::pdf || req.format == Format::xlsx)
                want(PayrollSource::employees);
            break;
        default:
            if (req.format == Format::xlsx) want(PayrollSource::worked_hours);
            break;
    }
    if (req.layout == Layout::daily || req.layout == Layout::payroll || req.format == Format::xlsx)
        want(PayrollSource::validations);
    if (place_shown(req)) want(PayrollSource::offices);
    if (compliance_runs(req)) {
        if (rule_on(req.compliance, Rule::holiday_work)) {
            want(PayrollSource::vacation_days);
            want(PayrollSource::absence_days);
            want(PayrollSource::holidays);
        }
        if (rule_on(req.compliance, Rule::overtime_year)) want(PayrollSource::worked_hours_year);
    }
    return n;
}

}  // namespace reportgen::detail
