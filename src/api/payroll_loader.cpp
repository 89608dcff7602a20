#include "api/payroll_loader.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <mutex>
#include <set>
#include <unordered_map>

#include "api/http_client.hpp"
#include "api/paths.hpp"
#include "api/payroll_decoder.hpp"
#include "common/log.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {

std::optional<std::vector<NamedHoliday>> HolidayCache::find(const std::string& employee_id,
                                                            int year) const {
    std::lock_guard lock(mu_);
    const auto it = days_.find({employee_id, year});
    if (it == days_.end()) return std::nullopt;
    return it->second;
}

void HolidayCache::put(const std::string& employee_id, int year,
                       std::vector<NamedHoliday> days) {
    std::lock_guard lock(mu_);
    days_[{employee_id, year}] = std::move(days);
}

std::size_t HolidayCache::size() const {
    std::lock_guard lock(mu_);
    return days_.size();
}

void HolidayCache::clear() {
    std::lock_guard lock(mu_);
    days_.clear();
}

namespace {

// Threads of a source that asks many small queries (a day each, an
// employee and year each), each with its own client, all through the budget.
constexpr std::size_t kFanOut = 4;

constexpr const char* kWorkedHours = "/schedule/v1/reports/worked-hours";
constexpr const char* kNightHours = "/schedule/v1/reports/worked-night-hours";
constexpr const char* kVacation = "/schedule/v1/vacation-day-off";
constexpr const char* kAbsence = "/schedule/v1/absence-day-off";
constexpr const char* kAbsenceTypes = "/schedule/v1/absence-types";
constexpr const char* kCalendars = "/schedule/v1/holiday-calendar";
constexpr const char* kHolidays = "/schedule/v1/holidays";
constexpr const char* kEmployees = "/core/v3/employees";
constexpr const char* kValidations = "/schedule/v1/check-validation";
constexpr const char* kOffices = "/core/v3/offices";

// A source's endpoint answered 403 or 404: thrown inside the source's
// thread, caught where the source ends, never past load().
struct Denied {
    std::string endpoint;  // path without query
    long status = 0;
};

// Another source failed: thrown before a request of a source still running,
// so that a failed load stops asking (Run::failed).
struct Aborted {};

// What one source's thread ends with: its value, the refusal that left it
// unread, or its stop after another source's failure.
template <class T>
struct Outcome {
    std::optional<T> value;
    std::optional<Denied> denied;
    bool aborted = false;
};

// "/path?a=1&b=2" from the path and (name, value) pairs, values encoded.
std::string with_query(std::string_view path,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> q) {
    std::string p(path);
    char sep = '?';
    for (const auto& [name, value] : q) {
        p += sep;
        p += percent_encode(name);
        p += '=';
        p += percent_encode(value);
        sep = '&';
    }
    return p;
}

int32_t day_of(CivilDate date, const char* name) {
    if (!is_valid_date(date))
        throw usage_error(std::string(name) + " " + format_iso_date(date) + " is not a date",
                          std::string("ReportRequest::") + name);
    return static_cast<int32_t>(days_from_civil(date));
}

std::string date_of(int32_t day) {
    return format_iso_date(civil_from_days(day));
}

std::string_view figures_of(PayrollSource s) {
    switch (s) {
        case PayrollSource::worked_hours:
            return "Sesame's worked, planned and balance figures (secondsWorked, secondsToWork, "
                   "secondsBalance)";
        case PayrollSource::worked_hours_daily:
            return "the planned time of each day";
        case PayrollSource::worked_night_hours:
            return "Sesame's night time (secondsWorkedNight)";
        case PayrollSource::vacation_days:
            return "the vacation days";
        case PayrollSource::absence_days:
            return "the absence days";
        case PayrollSource::holidays:
            return "the holidays";
        case PayrollSource::employees:
            return "the employees' identity numbers and codes";
        case PayrollSource::worked_hours_year:
            return "the year's overtime (secondsBalance from January 1), so overtime_year is not "
                   "checked";
        case PayrollSource::validations:
            return "the workers' validation of the period";
        case PayrollSource::offices:
            return "the offices, so a clock-in's place is told by its check type only";
    }
    return "?";
}

void sort_unique(std::vector<int32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

struct AbsenceData {
    std::vector<AbsenceTypeItem> types;
    std::vector<DayOffItem> days;
};

struct HolidayData {
    bool per_employee = false;
    std::vector<int32_t> company;                                       // within the period
    std::unordered_map<std::string, std::vector<int32_t>> by_employee;  // within the period
    // The names the source gives (PayrollSources' *_holiday_names).
    std::unordered_map<int32_t, std::string> company_names;
    std::unordered_map<std::string, std::unordered_map<int32_t, std::string>> by_employee_names;
};

}  // namespace

// One load: the report's request, its period and the helpers every source
// uses (a GET through the cache that turns 403/404 into Denied, every page
// of a query planned from page 1's meta, fan-out over many small queries).
struct PayrollLoader::Run {
    const PayrollLoader& self;
    const ReportRequest& req;
    NetworkTally& tally;
    const CancelToken* cancel;
    int32_t from = 0, to = 0;  // days since the epoch
    // The first error of any source's thread: load() throws it, and the
    // other sources stop before their next request.
    mutable std::mutex mu{};
    mutable std::exception_ptr first_error{};
    mutable std::atomic<bool> failed{false};

    std::exception_ptr error() const {
        std::lock_guard lock(mu);
        return first_error;
    }

    void fail_with(std::exception_ptr e) const {
        std::lock_guard lock(mu);
        if (!first_error) first_error = std::move(e);
        failed = true;
    }

    std::string get(HttpClient& http, const std::string& path, const std::string& what,
                    Metrics* m, bool through_cache) const {
        auto load = [&] {
            if (failed) throw Aborted{};
            HttpClient::Answer a = http.get_or_denied(path, what, m, cancel);
            if (a.denied) throw Denied{path.substr(0, path.find('?')), a.denied};
            return std::move(a.body);
        };
        return through_cache ? self.cache_.get_or_load(self.base_ + path, load) : load();
    }

    // Every page of `query` (a path with its filters), planned from page 1's
    // meta.lastPage (range-checked as the work-entries planner does).
    template <class T, class Decode>
    std::vector<T> pages(HttpClient& http, const std::string& query, const std::string& name,
                         Decode decode, Metrics* m, bool through_cache = true) const {
        std::vector<T> out;
        int64_t last = 1;
        for (int64_t page = 1; page <= last; ++page) {
            const std::string what = name + " page " + std::to_string(page);
            const std::string body =
                get(http, list_path(query, self.cfg_.page_size, static_cast<int>(page)), what, m,
                    through_cache);
            const PageMeta meta = decode(body, what, out);
            if (page > 1) continue;
            if (meta.last_page < 0 || meta.last_page > self.cfg_.max_last_page)
                throw data_error(what + ": meta.lastPage is " + std::to_string(meta.last_page) +
                                 ", expected 0 to " + std::to_string(self.cfg_.max_last_page) +
                                 " (the sane bound of pages)");
            last = meta.last_page;
        }
        return out;
    }

    // fn(http, metrics, i) for i in [0, n) on up to kFanOut threads; results
    // in order. The first failure stops the others before their next query.
    template <class R, class Fn>
    std::vector<R> fan_out(std::size_t n, Fn fn) const {
        std::vector<R> out(n);
        std::atomic<std::size_t> next{0};
        std::atomic<bool> stop{false};
        std::vector<std::future<void>> workers;
        for (std::size_t t = 0; t < std::min(n, kFanOut); ++t)
            workers.push_back(on_own_thread(
                self.cfg_, self.budget_, tally, [&](HttpClient& http, Metrics& local) {
                    try {
                        while (!stop) {
                            const std::size_t i = next++;
                            if (i >= n) break;
                            out[i] = fn(http, local, i);
                        }
                    } catch (const Aborted&) {
                        stop = true;
                        throw;
                    } catch (const Denied&) {
                        stop = true;
                        throw;
                    } catch (...) {
                        stop = true;
                        fail_with(std::current_exception());
                        throw;
                    }
                }));
        for (auto& w : workers)
            w.get();
        return out;
    }

    // The employee filter of the statistics and days-off endpoints.
    std::string period_query(const char* endpoint, std::string_view employee_param) const {
        return range_query(endpoint, employee_param, req.from, req.to);
    }
    std::string range_query(const char* endpoint, std::string_view employee_param,
                            CivilDate first_day, CivilDate last_day) const {
        const std::string first = format_iso_date(first_day), last = format_iso_date(last_day);
        if (!req.employee_id) return with_query(endpoint, {{"from", first}, {"to", last}});
        return with_query(endpoint,
                          {{"from", first}, {"to", last}, {employee_param, *req.employee_id}});
    }

    int64_t period_seconds() const { return (int64_t{to} - from + 1) * kMaxDaySeconds; }

    std::vector<WorkedHoursItem> worked_hours(HttpClient& http, Metrics& m) const {
        return pages<WorkedHoursItem>(
            http, period_query(kWorkedHours, "employeeIds[in]"), "worked-hours",
            [max = period_seconds()](std::string_view b, std::string_view w, auto& out) {
                return decode_worked_hours(b, w, max, out);
            },
            &m);
    }

    // The year to the report's end (January 1 of its last day's year to that
    // day): one more statistics range, for overtime_year.
    std::vector<WorkedHoursItem> worked_hours_year(HttpClient& http, Metrics& m) const {
        const CivilDate january_1{req.to.year, 1, 1};
        const int64_t max = (int64_t{to} - days_from_civil(january_1) + 1) * kMaxDaySeconds;
        return pages<WorkedHoursItem>(
            http, range_query(kWorkedHours, "employeeIds[in]", january_1, req.to),
            "worked-hours (year to date)",
            [max](std::string_view b, std::string_view w, auto& out) {
                return decode_worked_hours(b, w, max, out);
            },
            &m);
    }

    // One query per day of the period (from = to = the day): its planned time.
    std::vector<std::vector<WorkedHoursItem>> worked_hours_daily() const {
        return fan_out<std::vector<WorkedHoursItem>>(
            static_cast<std::size_t>(to - from + 1),
            [this](HttpClient& http, Metrics& m, std::size_t i) {
                const std::string day = date_of(from + static_cast<int32_t>(i));
                std::string q = with_query(kWorkedHours, {{"from", day}, {"to", day}});
                if (req.employee_id) q += "&" + percent_encode("employeeIds[in]") + "=" +
                                          percent_encode(*req.employee_id);
                return pages<WorkedHoursItem>(
                    http, q, "worked-hours " + day,
                    [](std::string_view b, std::string_view w, auto& out) {
                        return decode_worked_hours(b, w, kMaxDaySeconds, out);
                    },
                    &m);
            });
    }

    std::vector<NightHoursItem> night_hours(HttpClient& http, Metrics& m) const {
        return pages<NightHoursItem>(
            http, period_query(kNightHours, "employeeIds[in]"), "worked-night-hours",
            [max = period_seconds()](std::string_view b, std::string_view w, auto& out) {
                return decode_night_hours(b, w, max, out);
            },
            &m);
    }

    std::vector<DayOffItem> days_off(HttpClient& http, Metrics& m, const char* endpoint,
                                     const std::string& name) const {
        return pages<DayOffItem>(http, period_query(endpoint, "employeeIds"), name,
                                 &decode_days_off, &m);
    }

    AbsenceData absences(HttpClient& http, Metrics& m) const {
        AbsenceData a;
        a.types = pages<AbsenceTypeItem>(http, kAbsenceTypes, "absence-types",
                                         &decode_absence_types, &m);
        a.days = days_off(http, m, kAbsence, "absence-day-off");
        return a;
    }

    // The validations that overlap the period (from/to filter them; the
    // document does not say whether by start or by overlap, so the loader
    // keeps only the overlapping ones itself).
    std::vector<ValidationItem> validations(HttpClient& http, Metrics& m) const {
        auto list = pages<ValidationItem>(http, period_query(kValidations, "employeeIds[in]"),
                                          "check-validation", &decode_check_validations, &m);
        std::erase_if(list, [this](const ValidationItem& v) {
            return v.validation.start_day > to || v.validation.end_day < from ||
                   (req.employee_id && v.employee_id != *req.employee_id);
        });
        return list;
    }

    // Every office, once per report (a company has a handful: one page).
    std::vector<OfficeItem> offices(HttpClient& http, Metrics& m) const {
        return pages<OfficeItem>(http, kOffices, "offices", &decode_offices, &m);
    }

    std::vector<EmployeeRecord> employees(HttpClient& http, Metrics& m) const {
        auto list = pages<EmployeeRecord>(http, kEmployees, "employees", &decode_employees, &m);
        if (req.employee_id)
            std::erase_if(list, [&](const EmployeeRecord& e) { return e.id != *req.employee_id; });
        return list;
    }

    // The company's calendar if it has one; several: every employee's own
    // holidays of every year of the period (/holidays), through the
    // generator's HolidayCache.
    HolidayData holidays(HttpClient& http, Metrics& m,
                         const std::shared_future<Outcome<std::vector<EmployeeRecord>>>* listed)
        const {
        HolidayData h;
        const auto calendars = pages<HolidayCalendarItem>(http, kCalendars, "holiday-calendar",
                                                          &decode_holiday_calendars, &m);
        auto in_period = [this](std::vector<int32_t> days) {
            std::erase_if(days, [this](int32_t d) { return d < from || d > to; });
            sort_unique(days);
            return days;
        };
        if (calendars.size() == 1) {
            const HolidayCalendarItem& c = calendars.front();
            h.company = in_period(c.days);
            for (std::size_t k = 0; k < c.days.size() && k < c.day_names.size(); ++k)
                if (!c.day_names[k].empty() && c.days[k] >= from && c.days[k] <= to)
                    h.company_names.emplace(c.days[k], c.day_names[k]);
        }
        if (calendars.size() <= 1) return h;
        h.per_employee = true;
        std::vector<std::string> ids;
        if (req.employee_id) {
            ids.push_back(*req.employee_id);
        } else {
            std::vector<EmployeeRecord> list;
            if (listed) {
                const auto& o = listed->get();
                if (o.denied) throw *o.denied;
                list = *o.value;
            } else {
                list = employees(http, m);
            }
            for (const EmployeeRecord& e : list)
                ids.push_back(e.id);
        }
        const int first_year = civil_from_days(from).year, last_year = civil_from_days(to).year;
        const auto years = static_cast<std::size_t>(last_year - first_year + 1);
        auto days = fan_out<std::vector<NamedHoliday>>(
            ids.size() * years, [&](HttpClient& client, Metrics& local, std::size_t i) {
                return employee_holidays(client, local, ids[i / years],
                                         first_year + static_cast<int>(i % years));
            });
        for (std::size_t i = 0; i < days.size(); ++i) {
            auto& mine = h.by_employee[ids[i / years]];
            auto& names = h.by_employee_names[ids[i / years]];
            for (const NamedHoliday& d : days[i]) {
                mine.push_back(d.day);
                if (!d.name.empty() && d.day >= from && d.day <= to) names.emplace(d.day, d.name);
            }
        }
        for (auto& [id, list] : h.by_employee)
            list = in_period(std::move(list));
        return h;
    }

    std::vector<NamedHoliday> employee_holidays(HttpClient& http, Metrics& m,
                                                const std::string& id, int year) const {
        if (auto kept = self.holidays_.find(id, year)) return std::move(*kept);
        const std::string y = std::to_string(year);
        const auto items = pages<HolidayItem>(
            http, with_query(kHolidays, {{"employeeId", id}, {"year", y}}),
            "holidays of " + id + " " + y, &decode_holidays, &m, /*through_cache=*/false);
        std::vector<NamedHoliday> days;
        for (const HolidayItem& it : items)
            days.push_back(NamedHoliday{it.day, it.name});
        std::sort(days.begin(), days.end(),
                  [](const NamedHoliday& a, const NamedHoliday& b) { return a.day < b.day; });
        self.holidays_.put(id, year, days);
        return days;
    }

    // Runs fn(http, metrics) on its own thread; a Denied becomes the outcome.
    template <class Fn>
    auto source(Fn fn) const {
        using T = decltype(fn(std::declval<HttpClient&>(), std::declval<Metrics&>()));
        return on_own_thread(self.cfg_, self.budget_, tally,
                             [this, fn = std::move(fn)](HttpClient& http, Metrics& m) {
                                 Outcome<T> o;
                                 try {
                                     o.value = fn(http, m);
                                 } catch (const Denied& d) {
                                     o.denied = d;
                                 } catch (const Aborted&) {
                                     o.aborted = true;
                                 } catch (...) {
                                     fail_with(std::current_exception());
                                     throw;
                                 }
                                 return o;
                             });
    }
};

namespace {

// Fills `out` from one source's outcome: read, or missing with its warning.
template <class T, class Fill>
void settle(PayrollSources& out, PayrollSource s, Outcome<T> o, Fill fill) {
    if (o.aborted) return;  // load() throws the error that stopped it
    if (o.denied) {
        const std::string line = o.denied->endpoint + " (" + std::to_string(o.denied->status) + ")";
        if (std::find(out.missing.begin(), out.missing.end(), line) == out.missing.end())
            out.missing.push_back(line);
        log().warn("{} answered HTTP {}: the company's plan or token cannot read it; the report "
                   "goes on without {} ({})",
                   o.denied->endpoint, o.denied->status, figures_of(s), source_name(s));
        return;
    }
    fill(std::move(*o.value));
    out.read[static_cast<int>(s)] = true;
}

void sort_days_off(PayrollSources& out) {
    for (auto& [id, days] : out.days_off) {
        std::stable_sort(days.begin(), days.end(),
                         [](const DayOff& a, const DayOff& b) { return a.day < b.day; });
        // One kind a day: the first listed wins (vacation before absence).
        days.erase(std::unique(days.begin(), days.end(),
                               [](const DayOff& a, const DayOff& b) { return a.day == b.day; }),
                   days.end());
    }
}

}  // namespace

PayrollLoader::PayrollLoader(const ClientConfig& cfg, Cache& cache,
                             std::shared_ptr<RequestBudget> budget, HolidayCache& holidays)
    : cfg_(metadata_config(cfg)),
      base_(cfg.resolved_base_url()),
      cache_(cache),
      budget_(std::move(budget)),
      holidays_(holidays) {}

namespace {

// Each absence day as paid or unpaid by its type; a type absence-types does
// not list is unpaid, warned once. keep(day, kind, type name).
template <class Keep>
void add_absences(const AbsenceData& a, Keep keep) {
    std::unordered_map<std::string, const AbsenceTypeItem*> types;
    for (const auto& t : a.types)
        types.emplace(t.id, &t);
    std::set<std::string> unknown;
    for (const auto& d : a.days) {
        const auto t = types.find(d.type_id);
        if (t == types.end()) unknown.insert(d.type_id);
        const bool paid = t != types.end() && t->second->remunerated;
        keep(d, paid ? DayOffKind::absence_paid : DayOffKind::absence_unpaid,
             d.type_name.empty() && t != types.end() ? t->second->name : d.type_name);
    }
    if (!unknown.empty())
        log().warn("absence-day-off: {} absence type(s) not listed by absence-types "
                   "(e.g. '{}'): their days are counted as unpaid absences",
                   unknown.size(), *unknown.begin());
}

}  // namespace

// One load's sources: each started on its own thread before any is waited
// for (start), then, once every one has ended (wait), settled into the
// PayrollSources in a fixed order (settle_*), whichever ended first.
struct PayrollLoader::Pending {
    const Run& run;
    const NeededSources& need;
    // A period from January 1 is its own year to date: its figures serve both.
    const bool year_is_period;

    std::shared_future<Outcome<std::vector<EmployeeRecord>>> employees;
    std::future<Outcome<std::vector<WorkedHoursItem>>> worked, year;
    std::future<Outcome<std::vector<std::vector<WorkedHoursItem>>>> daily;
    std::future<Outcome<std::vector<NightHoursItem>>> night;
    std::future<Outcome<std::vector<DayOffItem>>> vacation;
    std::future<Outcome<AbsenceData>> absence;
    std::future<Outcome<HolidayData>> holidays;
    std::future<Outcome<std::vector<ValidationItem>>> validations;
    std::future<Outcome<std::vector<OfficeItem>>> offices;

    Pending(const Run& r, const NeededSources& n)
        : run(r),
          need(n),
          year_is_period(wants(PayrollSource::worked_hours) &&
                         r.req.from == CivilDate{r.req.to.year, 1, 1}) {}

    bool wants(PayrollSource s) const { return need.need[static_cast<int>(s)]; }

    void start() {
        const Run& r = run;
        if (wants(PayrollSource::employees))
            employees =
                r.source([&r](HttpClient& h, Metrics& m) { return r.employees(h, m); }).share();
        if (wants(PayrollSource::worked_hours))
            worked = r.source([&r](HttpClient& h, Metrics& m) { return r.worked_hours(h, m); });
        if (wants(PayrollSource::worked_hours_year) && !year_is_period)
            year = r.source([&r](HttpClient& h, Metrics& m) { return r.worked_hours_year(h, m); });
        if (wants(PayrollSource::worked_hours_daily))
            daily = r.source([&r](HttpClient&, Metrics&) { return r.worked_hours_daily(); });
        if (wants(PayrollSource::worked_night_hours))
            night = r.source([&r](HttpClient& h, Metrics& m) { return r.night_hours(h, m); });
        if (wants(PayrollSource::vacation_days))
            vacation = r.source([&r](HttpClient& h, Metrics& m) {
                return r.days_off(h, m, kVacation, "vacation-day-off");
            });
        if (wants(PayrollSource::absence_days))
            absence = r.source([&r](HttpClient& h, Metrics& m) { return r.absences(h, m); });
        if (wants(PayrollSource::holidays))
            holidays = r.source([&r, listed = employees.valid() ? &employees : nullptr](
                                    HttpClient& h, Metrics& m) { return r.holidays(h, m, listed); });
        if (wants(PayrollSource::validations))
            validations = r.source([&r](HttpClient& h, Metrics& m) { return r.validations(h, m); });
        if (wants(PayrollSource::offices))
            offices = r.source([&r](HttpClient& h, Metrics& m) { return r.offices(h, m); });
    }

    // Every source ends (the others stop asking once one fails); the first
    // failure is the load's, whichever source it came from.
    void wait() {
        auto one = [](const auto& f) {
            if (f.valid()) f.wait();
        };
        one(employees), one(worked), one(year), one(daily), one(night), one(vacation),
            one(absence), one(holidays), one(validations), one(offices);
        if (const std::exception_ptr e = run.error()) std::rethrow_exception(e);
    }

    // Sesame's statistics: worked, planned and balance, the year's balance,
    // each day's planned time, night hours.
    void settle_statistics(PayrollSources& out) {
        if (worked.valid())
            settle(out, PayrollSource::worked_hours, worked.get(), [&](auto items) {
                for (auto& w : items) {
                    SesameFigures& f = out.statistics[w.employee_id];
                    f.worked_s = w.worked_s;
                    f.to_work_s = w.to_work_s;
                    f.balance_s = w.balance_s;
                    if (year_is_period && wants(PayrollSource::worked_hours_year) && w.balance_s)
                        out.year_balance[w.employee_id] = *w.balance_s;
                }
            });
        if (year_is_period && wants(PayrollSource::worked_hours_year))
            out.read[static_cast<int>(PayrollSource::worked_hours_year)] =
                out.has(PayrollSource::worked_hours);
        if (year.valid())
            settle(out, PayrollSource::worked_hours_year, year.get(), [&](auto items) {
                for (const auto& w : items)
                    if (w.balance_s) out.year_balance[w.employee_id] = *w.balance_s;
            });
        if (daily.valid())
            settle(out, PayrollSource::worked_hours_daily, daily.get(), [&](auto days) {
                for (std::size_t i = 0; i < days.size(); ++i)
                    for (const auto& w : days[i])
                        out.planned_by_day[w.employee_id].emplace_back(
                            run.from + static_cast<int32_t>(i), w.to_work_s.value_or(0));
            });
        if (night.valid())
            settle(out, PayrollSource::worked_night_hours, night.get(), [&](auto items) {
                for (auto& n : items)
                    out.statistics[n.employee_id].night_s = n.night_s;
            });
    }

    // Vacation and absence days of the period (of the employee asked for).
    void settle_days_off(PayrollSources& out) {
        auto keep = [&](const DayOffItem& d, DayOffKind kind, std::string type) {
            if (d.day < run.from || d.day > run.to) return;  // the period's days only
            if (run.req.employee_id && d.employee_id != *run.req.employee_id) return;
            out.days_off[d.employee_id].push_back(DayOff{d.day, kind, d.seconds, std::move(type)});
        };
        if (vacation.valid())
            settle(out, PayrollSource::vacation_days, vacation.get(), [&](auto items) {
                for (const auto& d : items)
                    keep(d, DayOffKind::vacation, {});
            });
        if (absence.valid())
            settle(out, PayrollSource::absence_days, absence.get(),
                   [&](AbsenceData a) { add_absences(a, keep); });
        sort_days_off(out);
    }

    // Holidays, validations, offices and the employees.
    void settle_reference(PayrollSources& out) {
        if (holidays.valid())
            settle(out, PayrollSource::holidays, holidays.get(), [&](HolidayData h) {
                out.per_employee_holidays = h.per_employee;
                out.company_holidays = std::move(h.company);
                out.employee_holidays = std::move(h.by_employee);
                out.company_holiday_names = std::move(h.company_names);
                out.employee_holiday_names = std::move(h.by_employee_names);
            });
        if (validations.valid())
            settle(out, PayrollSource::validations, validations.get(), [&](auto items) {
                for (auto& v : items)
                    out.validations[v.employee_id].push_back(v.validation);
            });
        if (offices.valid())
            settle(out, PayrollSource::offices, offices.get(), [&](auto items) {
                for (const OfficeItem& o : items)
                    if (o.has_area) out.offices.push_back(o.area);
            });
        if (employees.valid())
            settle(out, PayrollSource::employees, employees.get(),
                   [&](auto list) { out.employees = std::move(list); });
    }
};

PayrollSources PayrollLoader::load(const ReportRequest& req, const NeededSources& need,
                                   NetworkTally& tally, const CancelToken* cancel) const {
    PayrollSources out;
    for (int i = 0; i < kPayrollSources; ++i)
        out.asked[i] = need.need[i];
    if (!need.any()) return out;
    const Run run{*this, req, tally, cancel, day_of(req.from, "from"), day_of(req.to, "to")};
    if (run.from > run.to)
        throw usage_error("from " + format_iso_date(req.from) + " is after to " +
                              format_iso_date(req.to),
                          "ReportRequest::from");
    Pending sources(run, need);
    sources.start();
    sources.wait();
    sources.settle_statistics(out);
    sources.settle_days_off(out);
    sources.settle_reference(out);
    return out;
}

}  // namespace reportgen::detail
