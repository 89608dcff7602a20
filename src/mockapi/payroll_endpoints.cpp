#include "mockapi/payroll_endpoints.hpp"

#include <httplib.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "mockapi/company.hpp"
#include "mockapi/profile.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {

namespace {

// Longest from..to a statistics query may span (the real limit is not
// documented; ten years keeps a request's work bounded).
constexpr int64_t kMaxRangeDays = 3660;

Reply bad(std::string message) {
    return Reply{400, std::move(message)};
}

struct Range {
    int64_t from = INT32_MIN;
    int64_t to = INT32_MAX;
};

// from/to as the document's Y-m-d; `required` ones must be present.
std::optional<std::string> parse_range(const httplib::Request& req, bool required, Range& r) {
    for (const auto& [name, bound] : {std::pair{"from", &r.from}, std::pair{"to", &r.to}}) {
        if (!req.has_param(name)) {
            if (required) return std::string(name) + " is required (Y-m-d)";
            continue;
        }
        const auto d = parse_iso_date(req.get_param_value(name));
        if (!d) return std::string(name) + " must be a date Y-m-d";
        *bound = days_from_civil(*d);
    }
    if (r.from > r.to) return std::string("from must not be after to");
    if (required && r.to - r.from >= kMaxRangeDays)
        return "from..to spans more than " + std::to_string(kMaxRangeDays) + " days";
    return std::nullopt;
}

// Every value of a list parameter: comma-separated (the document's
// explode: false) and/or repeated.
std::vector<std::string> list_values(const httplib::Request& req, const std::string& name) {
    std::vector<std::string> out;
    const std::size_t n = req.get_param_value_count(name);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string v = req.get_param_value(name, i);
        std::size_t start = 0;
        while (start <= v.size()) {
            const std::size_t comma = std::min(v.find(',', start), v.size());
            if (comma > start) out.push_back(v.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return out;
}

// A list of uuids; an id that names nothing selects nothing.
std::optional<std::string> parse_uuids(const httplib::Request& req, const std::string& name,
                                       std::optional<std::set<Uuid>>& out) {
    if (!req.has_param(name)) return std::nullopt;
    out.emplace();
    for (const std::string& v : list_values(req, name)) {
        Uuid u;
        if (!parse_uuid(v, u)) return name + " must be a comma-separated list of uuids";
        out->insert(u);
    }
    return std::nullopt;
}

// The employees a statistics query names (employeeIds[in]), or all of them,
// in generation order.
std::optional<std::string> select_employees(const httplib::Request& req, const Company& c,
                                            const std::string& name, std::vector<uint32_t>& out) {
    std::optional<std::set<Uuid>> ids;
    if (auto err = parse_uuids(req, name, ids)) return err;
    const auto& emps = c.data().employees();
    for (uint32_t i = 0; i < emps.size(); ++i) {
        if (!ids || ids->count(emps[i].id)) out.push_back(i);
    }
    return std::nullopt;
}

std::optional<std::string> check_enum(const httplib::Request& req, const std::string& name,
                                      std::initializer_list<std::string_view> allowed,
                                      std::vector<std::string>* values = nullptr) {
    for (const std::string& v : list_values(req, name)) {
        if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
            std::string msg = name + " must be one of";
            for (auto a : allowed)
                msg += " " + std::string(a);
            return msg;
        }
        if (values) values->push_back(v);
    }
    return std::nullopt;
}

std::string lower_ascii(std::string s) {
    for (char& ch : s) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return s;
}

// The statistics endpoints share their query: employeeIds[in], from, to
// (both required), withChecks (true | false, accepted and ignored).
struct StatsQuery {
    Range range;
    std::vector<uint32_t> employees;
};

std::optional<std::string> parse_stats(const httplib::Request& req, const Company& c,
                                       StatsQuery& q) {
    if (auto err = parse_range(req, true, q.range)) return err;
    if (auto err = check_enum(req, "withChecks", {"true", "false"})) return err;
    return select_employees(req, c, "employeeIds[in]", q.employees);
}

Reply days_off(const httplib::Request& req, const Company& c, Paging p, DayOffKind kind) {
    Range range;
    if (auto err = parse_range(req, false, range)) return bad(*err);
    std::vector<uint32_t> emps;
    if (auto err = select_employees(req, c, "employeeIds", emps)) return bad(*err);
    std::vector<bool> wanted(c.data().employees().size(), false);
    for (uint32_t e : emps)
        wanted[e] = true;
    // orderBy is accepted and ignored: by date, then employee.
    std::vector<const DayOff*> picked;
    for (const DayOff& d : c.schedule().days_off()) {
        if (d.kind == kind && d.day >= range.from && d.day <= range.to && wanted[d.employee])
            picked.push_back(&d);
    }
    return Reply{200,
                 render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     c.payroll().append_day_off(out, *picked[i]);
                 })};
}

// First days of the months that [from, to] and the data set share.
std::vector<int64_t> months_of(const Dataset& data, Range r) {
    std::vector<int64_t> out;
    const int64_t from = std::max(r.from, data.first_day());
    const int64_t to = std::min(r.to, data.last_day());
    for (int64_t day = from; day <= to;) {
        const CivilDate d = civil_from_days(day);
        const int64_t start = days_from_civil(CivilDate{d.year, d.month, 1});
        out.push_back(start);
        day = start + days_in_month(d.year, d.month);
    }
    return out;
}

}  // namespace

Reply worked_hours(const httplib::Request& req, const Company& c, Paging p) {
    StatsQuery q;
    if (auto err = parse_stats(req, c, q)) return bad(*err);
    return Reply{
        200, render_page(q.employees.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
            const uint32_t e = q.employees[i];
            const PeriodFigures f = c.statistics().period(e, q.range.from, q.range.to);
            // The stale-statistics fault: seconds the figure has not caught up with.
            const int64_t stale = std::min(c.stale_seconds(e), f.worked);
            c.payroll().append_worked_hours(out, e, f.worked - stale, f.to_work);
        })};
}

Reply worked_night_hours(const httplib::Request& req, const Company& c, Paging p) {
    StatsQuery q;
    if (auto err = parse_stats(req, c, q)) return bad(*err);
    return Reply{
        200, render_page(q.employees.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
            const uint32_t e = q.employees[i];
            c.payroll().append_night_hours(
                out, e, c.statistics().period(e, q.range.from, q.range.to).night);
        })};
}

// Each employee's absence days in the range with the seconds worked on them
// (0 unless the employee clocked in anyway).
Reply worked_absence_days(const httplib::Request& req, const Company& c, Paging p) {
    Range range;
    if (auto err = parse_range(req, true, range)) return bad(*err);
    std::vector<uint32_t> emps;
    if (auto err = select_employees(req, c, "employeeIds[in]", emps)) return bad(*err);
    return Reply{200, render_page(emps.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     const uint32_t e = emps[i];
                     std::vector<std::pair<int64_t, int64_t>> days;
                     for (const DayOff& d : c.schedule().days_off()) {
                         if (d.employee == e && d.kind == DayOffKind::absence &&
                             d.day >= range.from && d.day <= range.to)
                             days.emplace_back(d.day, c.statistics().day_worked(e, d.day));
                     }
                     c.payroll().append_absence_days(out, e, days);
                 })};
}

Reply absence_day_off(const httplib::Request& req, const Company& c, Paging p) {
    return days_off(req, c, p, DayOffKind::absence);
}

Reply vacation_day_off(const httplib::Request& req, const Company& c, Paging p) {
    return days_off(req, c, p, DayOffKind::vacation);
}

Reply absence_types(const httplib::Request& req, const Company& c, Paging p) {
    std::vector<std::string> status;
    if (auto err = check_enum(req, "status", {"active", "inactive"}, &status)) return bad(*err);
    std::vector<std::size_t> picked;
    const auto& types = c.schedule().absence_types();
    for (std::size_t i = 0; i < types.size(); ++i) {
        const std::string_view s = types[i].active ? "active" : "inactive";
        if (status.empty() || std::find(status.begin(), status.end(), s) != status.end())
            picked.push_back(i);
    }
    return Reply{200,
                 render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     c.payroll().append_absence_type(out, picked[i]);
                 })};
}

// An employee's holidays of a year: those of the calendar the employee
// follows (MockOptions::holiday_calendars). An unknown employee, or a
// company without calendars, has none.
Reply holidays(const httplib::Request& req, const Company& c, Paging p) {
    if (!req.has_param("employeeId")) return bad("employeeId is required (uuid)");
    Uuid u;
    if (!parse_uuid(req.get_param_value("employeeId"), u)) return bad("employeeId must be a uuid");
    const std::string y = req.get_param_value("year");
    if (y.size() != 4 ||
        !std::all_of(y.begin(), y.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return bad("year is required, as YYYY");
    const int year = std::stoi(y);
    const auto employee = c.data().find_employee(uuid_string(u));
    std::vector<Holiday> list;
    if (employee && c.holiday_calendars() > 0)
        list = calendar_holidays(year, c.calendar_of(*employee));
    return Reply{200, render_page(list.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     c.payroll().append_holiday(out, *employee, list[i]);
                 })};
}

// The company's holiday calendars (MockOptions::holiday_calendars; by
// default one: "Festivos nacionales"), with their days of every year the
// data set covers.
Reply holiday_calendar(const httplib::Request& req, const Company& c, Paging p) {
    std::vector<int> picked;
    for (int k = 0; k < c.holiday_calendars(); ++k) {
        const std::string name = k == 0 ? "Festivos nacionales" : "Festivos Comunidad de Madrid";
        if (!req.has_param("name[contains]") ||
            lower_ascii(name).find(lower_ascii(req.get_param_value("name[contains]"))) !=
                std::string::npos)
            picked.push_back(k);
    }
    std::vector<int> years;
    for (int y = civil_from_days(c.data().first_day()).year;
         y <= civil_from_days(std::max(c.data().first_day(), c.data().last_day())).year; ++y)
        years.push_back(y);
    return Reply{200,
                 render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     c.payroll().append_holiday_calendar(out, years, picked[i]);
                 })};
}

// One validation per employee and month of the data set (within from/to),
// by month, then employee.
Reply check_validation(const httplib::Request& req, const Company& c, Paging p) {
    Range range;
    if (auto err = parse_range(req, false, range)) return bad(*err);
    std::vector<std::string> status;
    if (auto err = check_enum(req, "status", {"unsent", "sent", "accepted", "rejected"}, &status))
        return bad(*err);
    std::vector<uint32_t> emps;
    if (auto err = select_employees(req, c, "employeeIds[in]", emps)) return bad(*err);
    std::vector<std::pair<int64_t, uint32_t>> picked;
    for (const int64_t month : months_of(c.data(), range)) {
        for (const uint32_t e : emps) {
            const auto s = validation_status_name(c.payroll().validation_status(e, month));
            if (status.empty() || std::find(status.begin(), status.end(), s) != status.end())
                picked.emplace_back(month, e);
        }
    }
    return Reply{
        200, render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
            const auto [month, e] = picked[i];
            c.payroll().append_validation(out, e, month, c.payroll().validation_status(e, month));
        })};
}

// Filters: code, dni (the nid, case-insensitive), email, departmentIds,
// officeIds, status / status[in] (default active: every employee is).
Reply employees(const httplib::Request& req, const Company& c, Paging p) {
    std::optional<uint32_t> code;
    if (req.has_param("code")) {
        const std::string v = req.get_param_value("code");
        if (v.empty() || v.size() > 9 ||
            !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            return bad("code must be an integer");
        code = static_cast<uint32_t>(std::stoul(v));
    }
    std::vector<std::string> status;
    for (const char* name : {"status", "status[in]"}) {
        if (auto err = check_enum(req, name, {"active", "inactive"}, &status)) return bad(*err);
    }
    std::optional<std::set<Uuid>> departments, offices;
    if (auto err = parse_uuids(req, "departmentIds", departments)) return bad(*err);
    if (auto err = parse_uuids(req, "officeIds", offices)) return bad(*err);
    const std::string dni = lower_ascii(req.get_param_value("dni"));
    const std::string email = lower_ascii(req.get_param_value("email"));
    const bool active =
        status.empty() || std::find(status.begin(), status.end(), "active") != status.end();
    const uint64_t seed = c.data().shape().seed;
    std::vector<uint32_t> picked;
    const auto& emps = c.data().employees();
    for (uint32_t i = 0; active && i < emps.size(); ++i) {
        const Employee& e = emps[i];
        const std::size_t city = c.payroll().city_of(i);
        if (code && e.code != *code) continue;
        if (req.has_param("dni") && (!e.nid || lower_ascii(*e.nid) != dni)) continue;
        if (req.has_param("email") &&
            email != "empleado" + std::to_string(e.code) + "@demo-iberica.example")
            continue;
        if (departments && !departments->count(department_id(seed, city))) continue;
        if (offices && !offices->count(office_id(seed, city))) continue;
        picked.push_back(i);
    }
    return Reply{200,
                 render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     out += c.payroll().employee(picked[i]);
                 })};
}

Reply offices(const httplib::Request& req, const Company& c, Paging p) {
    const std::string name = lower_ascii(req.get_param_value("name"));
    std::vector<std::size_t> picked;
    for (std::size_t i = 0; i < kCities.size(); ++i) {
        if (lower_ascii("Oficina " + std::string(kCities[i].name)).find(name) != std::string::npos)
            picked.push_back(i);
    }
    return Reply{200,
                 render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
                     c.payroll().append_office(out, picked[i]);
                 })};
}

// One contract per employee with the period's business data from the same
// statistics as worked-hours. period, from, to and currency are required.
Reply contracts_for_payroll(const httplib::Request& req, const Company& c, Paging p) {
    Range range;
    if (auto err = parse_range(req, true, range)) return bad(*err);
    std::vector<std::string> period, currency, status;
    if (!req.has_param("period")) return bad("period is required");
    if (!req.has_param("currency")) return bad("currency is required");
    if (auto err = check_enum(req, "period",
                              {"daily", "weekly", "biweekly", "fortnightly", "monthly"}, &period))
        return bad(*err);
    if (auto err = check_enum(req, "currency", {"EUR", "MXN", "USD"}, &currency)) return bad(*err);
    if (period.size() != 1 || currency.size() != 1)
        return bad("period and currency take one value");
    if (auto err = check_enum(req, "employeeStatus[in]", {"active", "inactive"}, &status))
        return bad(*err);
    std::optional<std::set<Uuid>> departments, offices;
    if (auto err = parse_uuids(req, "departmentIds[in]", departments)) return bad(*err);
    if (auto err = parse_uuids(req, "officeIds[in]", offices)) return bad(*err);
    const bool active =
        status.empty() || std::find(status.begin(), status.end(), "active") != status.end();
    const uint64_t seed = c.data().shape().seed;
    std::vector<uint32_t> picked;
    for (uint32_t i = 0; active && i < c.data().employees().size(); ++i) {
        const std::size_t city = c.payroll().city_of(i);
        if (departments && !departments->count(department_id(seed, city))) continue;
        if (offices && !offices->count(office_id(seed, city))) continue;
        picked.push_back(i);
    }
    const PayrollRenderer::ContractQuery q{period.front(), currency.front()};
    return Reply{
        200, render_page(picked.size(), p.page, p.limit, [&](std::string& out, uint64_t i) {
            const uint32_t e = picked[i];
            c.payroll().append_contract(out, e, c.statistics().period(e, range.from, range.to), q);
        })};
}

}  // namespace reportgen::mockapi
