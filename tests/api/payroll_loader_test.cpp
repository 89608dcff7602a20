// The payroll sources' fetch stage against the project's mock server
// (loopback): every source read for the report's period, --employee
// narrowing every query, a 403 degrading one source, a 401 fatal, the
// per-employee holidays kept across reports, and every request counted
// under its endpoint.
#include <catch2/catch.hpp>

#include <map>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <numeric>
#include <set>

#include "support/capture_sink.hpp"
#include "support/expect.hpp"
#include "support/log_capture.hpp"
#include "support/loopback_server.hpp"
#include "api/payroll_loader.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::expect_error;
using reportgen::test::LogCapture;

namespace {

int32_t day(const char* ymd) {
    return static_cast<int32_t>(days_from_civil(*parse_iso_date(ymd)));
}

NeededSources needing(std::initializer_list<PayrollSource> sources) {
    NeededSources n;
    for (PayrollSource s : sources)
        n.need[static_cast<int>(s)] = true;
    return n;
}

NeededSources all_sources() {
    NeededSources n;
    for (bool& b : n.need)
        b = true;
    return n;
}

ReportRequest period(const char* from, const char* to) {
    ReportRequest r;
    r.set_dates(from, to);
    r.layout = Layout::payroll;
    return r;
}

uint64_t count(const Metrics& m, const std::string& endpoint) {
    const auto it = m.requests_by_endpoint.find(endpoint);
    return it == m.requests_by_endpoint.end() ? 0 : it->second;
}

uint64_t sum_by_endpoint(const Metrics& m) {
    uint64_t n = 0;
    for (const auto& [name, k] : m.requests_by_endpoint)
        n += k;
    return n;
}

// A mock server and what a generator would give the loader: its response
// cache (off unless asked: these tests count requests), a budget, the
// long-lived holiday cache.
struct Rig {
    explicit Rig(MockOptions o = {}, std::size_t cache_capacity = 0)
        : server(std::move(o)), cache(cache_capacity) {
        server.start();
        cfg.base_url = server.base_url();
        cfg.token = server.options().token;
        cfg.timeout_s = 10;
        cfg.page_size = 20;
        cfg.backoff_factor = 0.01;
    }

    PayrollSources load(const ReportRequest& req, const NeededSources& need,
                        Metrics* metrics = nullptr) {
        PayrollLoader loader(cfg, cache, std::make_shared<RequestBudget>(cfg), holidays);
        NetworkTally tally;
        PayrollSources s = loader.load(req, need, tally, nullptr);
        if (metrics) *metrics = tally.total();
        return s;
    }

    MockApiServer server;
    ClientConfig cfg;
    PayrollLoader::Cache cache;
    HolidayCache holidays;
};

}  // namespace

TEST_CASE("payroll loader: statistics of every employee, the days' planned time sums to the "
          "period's",
          "[payroll][loader]") {
    Rig rig;
    const auto req = period("2024-01-01", "2024-01-14");
    Metrics m;
    const PayrollSources s =
        rig.load(req,
                 needing({PayrollSource::worked_hours, PayrollSource::worked_hours_daily,
                          PayrollSource::worked_night_hours}),
                 &m);
    CHECK(s.has(PayrollSource::worked_hours));
    CHECK(s.has(PayrollSource::worked_hours_daily));
    CHECK(s.has(PayrollSource::worked_night_hours));
    CHECK_FALSE(s.wanted(PayrollSource::holidays));
    CHECK_FALSE(s.has(PayrollSource::holidays));
    CHECK(s.missing.empty());

    const auto ids = rig.server.employee_ids();
    REQUIRE(ids.size() == 50);
    CHECK(s.statistics.size() == ids.size());
    int64_t planned_total = 0;
    for (const std::string& id : ids) {
        INFO(id);
        REQUIRE(s.statistics.count(id) == 1);
        const SesameFigures& f = s.statistics.at(id);
        REQUIRE(f.worked_s);
        REQUIRE(f.to_work_s);
        REQUIRE(f.balance_s);
        REQUIRE(f.night_s);
        CHECK(*f.balance_s == *f.worked_s - *f.to_work_s);
        const auto& days = s.planned_by_day.at(id);
        REQUIRE(days.size() == 14);  // one item per day asked, ascending
        int64_t sum = 0;
        for (std::size_t i = 0; i < days.size(); ++i) {
            CHECK(days[i].first == day("2024-01-01") + static_cast<int32_t>(i));
            sum += days[i].second;
        }
        CHECK(sum == *f.to_work_s);
        // 1 January (a holiday) and the weekends are planned 0.
        CHECK(s.planned_on(id, day("2024-01-01")) == 0);
        CHECK(s.planned_on(id, day("2024-01-06")) == 0);
        CHECK(s.planned_on(id, day("2024-01-07")) == 0);
        planned_total += sum;
    }
    CHECK(planned_total > 0);
    // Cost: one request per page of employees for the period, days x pages
    // for the planned time of each day (50 employees, 20 a page: 3 pages).
    CHECK(count(m, "worked-hours") == 3 + 14 * 3);
    CHECK(count(m, "worked-night-hours") == 3);
    CHECK(sum_by_endpoint(m) == m.requests);
}

TEST_CASE("payroll loader: days off by kind (paid or not by absence type), within the period, "
          "the company's holidays",
          "[payroll][loader]") {
    Rig rig;
    const auto req = period("2024-01-03", "2024-01-28");
    const PayrollSources s = rig.load(req, needing({PayrollSource::vacation_days,
                                                    PayrollSource::absence_days,
                                                    PayrollSource::holidays}));
    CHECK(s.has(PayrollSource::vacation_days));
    CHECK(s.has(PayrollSource::absence_days));
    CHECK(s.has(PayrollSource::holidays));
    // One calendar: the company's days, of the period only (1 January is not).
    CHECK_FALSE(s.per_employee_holidays);
    CHECK(s.company_holidays == std::vector<int32_t>{day("2024-01-06")});
    CHECK(s.is_holiday("anyone", day("2024-01-06")));
    // Its name, for the register's "Festivo: <name>"; a day that is none: "".
    CHECK(s.holiday_name("anyone", day("2024-01-06")) == "Epifanía del Señor");
    CHECK(s.holiday_name("anyone", day("2024-01-07")).empty());
    CHECK(s.company_holiday_names.size() == 1);  // 1 January is before the period

    // The mock's absence types (README "Payroll data"): sick leave and the
    // doctor's visit are paid, the other two not.
    const std::set<std::string> paid = {"Baja por enfermedad", "Visita médica"};
    const std::set<std::string> unpaid = {"Asuntos propios", "Permiso sin sueldo"};
    std::map<DayOffKind, int> kinds;
    for (const auto& [id, days] : s.days_off) {
        for (std::size_t i = 0; i < days.size(); ++i) {
            const DayOff& d = days[i];
            INFO(id << " day " << d.day << " type " << d.type);
            CHECK(d.day >= day("2024-01-03"));
            CHECK(d.day <= day("2024-01-28"));
            if (i > 0) CHECK(days[i - 1].day < d.day);
            CHECK(d.seconds > 0);
            ++kinds[d.kind];
            switch (d.kind) {
                case DayOffKind::vacation:
                    CHECK(d.type.empty());
                    break;
                case DayOffKind::absence_paid:
                    CHECK(paid.count(d.type) == 1);
                    break;
                case DayOffKind::absence_unpaid:
                    CHECK(unpaid.count(d.type) == 1);
                    break;
            }
            CHECK(s.day_off(id, d.day) == &d);
        }
    }
    CHECK(kinds[DayOffKind::vacation] > 0);
    CHECK(kinds[DayOffKind::absence_paid] > 0);
    CHECK(kinds[DayOffKind::absence_unpaid] > 0);
}

TEST_CASE("payroll loader: --employee narrows every query", "[payroll][loader]") {
    Rig rig;
    rig.cfg.page_size = 1;  // a page per item: the requests count the items each query answers
    const auto ids = rig.server.employee_ids();
    auto req = period("2024-01-01", "2024-01-05");
    req.employee_id = ids[7];
    Metrics m;
    NeededSources need = all_sources();
    const PayrollSources s = rig.load(req, need, &m);
    CHECK(s.missing.empty());
    for (int i = 0; i < kPayrollSources; ++i)
        CHECK(s.read[i]);
    REQUIRE(s.statistics.size() == 1);
    CHECK(s.statistics.count(ids[7]) == 1);
    REQUIRE(s.planned_by_day.size() == 1);
    CHECK(s.planned_by_day.at(ids[7]).size() == 5);
    for (const auto& [id, days] : s.days_off)
        CHECK(id == ids[7]);
    REQUIRE(s.employees.size() == 1);
    CHECK(s.employees[0].id == ids[7]);
    // One employee, one item a page: the period's statistics are one page
    // (from January 1, they are the year's too), each day's one page; days
    // off cost a page each (at least one).
    CHECK(count(m, "worked-hours") == 1 + 5);
    REQUIRE(s.year_balance.size() == 1);
    CHECK(s.year_balance.count(ids[7]) == 1);
    CHECK(count(m, "worked-night-hours") == 1);
    std::size_t vacation = 0, absence = 0;
    for (const auto& [id, days] : s.days_off)
        for (const DayOff& d : days)
            (d.kind == DayOffKind::vacation ? vacation : absence) += 1;
    CHECK(count(m, "vacation-day-off") == std::max<std::size_t>(vacation, 1));
    CHECK(count(m, "absence-day-off") == std::max<std::size_t>(absence, 1));
    REQUIRE(s.validations.size() == 1);
    CHECK(s.validations.at(ids[7]).size() == 1);  // January's
    CHECK(count(m, "check-validation") == 1);
    CHECK(sum_by_endpoint(m) == m.requests);
}

TEST_CASE("payroll loader: each worker's validations of the period, the latest shown, partial "
          "when it covers part",
          "[payroll][loader][validation]") {
    MockOptions o;
    o.employees = 0;  // the twelve planted cases: their statuses cycle (docs/DESIGN.md)
    o.violations = true;
    o.days = 60;  // January and February 2024
    Rig rig(o);
    const auto ids = rig.server.employee_ids();
    REQUIRE(ids.size() == 12);
    constexpr ValidationStatus kCycle[] = {ValidationStatus::accepted, ValidationStatus::sent,
                                           ValidationStatus::unsent, ValidationStatus::rejected};
    Metrics m;
    const PayrollSources s =
        rig.load(period("2024-01-15", "2024-02-10"), needing({PayrollSource::validations}), &m);
    REQUIRE(s.has(PayrollSource::validations));
    CHECK(s.validations.size() == ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        INFO(k);
        REQUIRE(s.validations.count(ids[k]) == 1);
        CHECK(s.validations.at(ids[k]).size() == 2);  // January's and February's
        const ShownValidation shown = s.validation_of(ids[k], day("2024-01-15"), day("2024-02-10"));
        REQUIRE(shown.validation != nullptr);
        CHECK(shown.validation->start_day == day("2024-02-01"));
        CHECK(shown.validation->end_day == day("2024-02-29"));
        CHECK(shown.partial);
        CHECK(shown.validation->status == kCycle[k % 4]);
        CHECK(shown.validation->last_sent_day.has_value() ==
              (shown.validation->status != ValidationStatus::unsent));
        // January alone: its own validation, whole.
        const ShownValidation jan = s.validation_of(ids[k], day("2024-01-01"), day("2024-01-31"));
        REQUIRE(jan.validation != nullptr);
        CHECK(jan.validation->start_day == day("2024-01-01"));
        CHECK_FALSE(jan.partial);
    }
    // 24 validations, 20 a page: two pages, counted under the endpoint.
    CHECK(count(m, "check-validation") == 2);
    CHECK(sum_by_endpoint(m) == m.requests);
    // Not asked: not read, nothing shown.
    const PayrollSources none =
        rig.load(period("2024-01-01", "2024-01-31"), needing({PayrollSource::employees}));
    CHECK_FALSE(none.has(PayrollSource::validations));
    CHECK(none.validation_of(ids[0], day("2024-01-01"), day("2024-01-31")).validation == nullptr);
}

TEST_CASE("payroll loader: the offices once per report, their areas for the place of work",
          "[payroll][loader][place]") {
    MockOptions o;
    o.employees = 3;
    o.days = 31;
    Rig rig(o);
    Metrics m;
    const PayrollSources s =
        rig.load(period("2024-01-01", "2024-01-31"), needing({PayrollSource::offices}), &m);
    REQUIRE(s.has(PayrollSource::offices));
    // The mock's five offices, one per city, each with coordinates and radio 250 m.
    REQUIRE(s.offices.size() == 5);
    for (const Office& office : s.offices) {
        CHECK(office.radius_m == 250);
        CHECK(office.lat_e7 != 0);
        CHECK(office.lon_e7 != 0);
    }
    // One page, one request, counted under the endpoint.
    CHECK(count(m, "offices") == 1);
    CHECK(sum_by_endpoint(m) == m.requests);
    // Not asked: not read, no request.
    Metrics none_m;
    const PayrollSources none =
        rig.load(period("2024-01-01", "2024-01-31"), needing({PayrollSource::employees}), &none_m);
    CHECK_FALSE(none.has(PayrollSource::offices));
    CHECK(none.offices.empty());
    CHECK(count(none_m, "offices") == 0);
}

TEST_CASE("needed sources: the offices for the daily register and any XLSX, never a lean CSV",
          "[payroll][loader][place]") {
    const auto offices = [](Layout layout, Format format) {
        ReportRequest r;
        r.set_dates("2024-01-01", "2024-01-31");
        r.layout = layout;
        r.format = format;
        return needed_sources(r).need[static_cast<int>(PayrollSource::offices)];
    };
    CHECK(offices(Layout::daily, Format::csv));
    CHECK(offices(Layout::daily, Format::xlsx));
    CHECK(offices(Layout::by_employee, Format::xlsx));
    CHECK_FALSE(offices(Layout::by_employee, Format::csv));
    CHECK_FALSE(offices(Layout::payroll, Format::csv));
}

TEST_CASE("payroll loader: the year's balance is one more worked-hours range, January 1 to the "
          "period's end",
          "[payroll][loader]") {
    Rig rig;
    const auto year = [&](const char* from, const char* to) {
        Metrics m;
        const PayrollSources s = rig.load(
            period(from, to),
            needing({PayrollSource::worked_hours, PayrollSource::worked_hours_year}), &m);
        CHECK(s.has(PayrollSource::worked_hours_year));
        return std::pair(s, m);
    };
    // Pages of 20 employees per range.
    const uint64_t pages = (rig.server.employee_ids().size() + 19) / 20;
    // From February: a range of its own, each employee's balance as
    // Sesame gives it for 1 January .. 9 February.
    const auto [feb, feb_m] = year("2024-02-05", "2024-02-09");
    CHECK(count(feb_m, "worked-hours") == 2 * pages);
    const auto [whole, whole_m] = year("2024-01-01", "2024-02-09");
    CHECK(count(whole_m, "worked-hours") == pages);  // the period is the year to date
    REQUIRE(feb.year_balance.size() == rig.server.employee_ids().size());
    CHECK(feb.year_balance == whole.year_balance);
    for (const auto& [id, figures] : whole.statistics)
        CHECK(whole.year_balance.at(id) == figures.balance_s.value());
    // The period's own figures are the period's, not the year's.
    bool differs = false;
    for (const auto& [id, figures] : feb.statistics)
        differs = differs || figures.balance_s != whole.statistics.at(id).balance_s;
    CHECK(differs);
}

TEST_CASE("payroll loader: a 403 on one endpoint leaves that source unread, with one warning",
          "[payroll][loader]") {
    MockOptions o;
    o.forbidden_endpoints = {"/schedule/v1/reports/worked-night-hours"};
    Rig rig(o);
    LogCapture logs;
    Metrics m;
    const PayrollSources s = rig.load(period("2024-01-01", "2024-01-31"), all_sources(), &m);
    CHECK(s.wanted(PayrollSource::worked_night_hours));
    CHECK_FALSE(s.has(PayrollSource::worked_night_hours));
    CHECK(s.missing == std::vector<std::string>{"/schedule/v1/reports/worked-night-hours (403)"});
    for (PayrollSource other :
         {PayrollSource::worked_hours, PayrollSource::worked_hours_daily,
          PayrollSource::vacation_days, PayrollSource::absence_days, PayrollSource::holidays,
          PayrollSource::employees})
        CHECK(s.has(other));
    CHECK(s.statistics.size() == 50);
    for (const auto& [id, f] : s.statistics) {
        CHECK(f.worked_s);
        CHECK_FALSE(f.night_s);
    }
    CHECK(logs.count("worked-night-hours") == 1);
    CHECK(logs.count("/schedule/v1/reports/worked-night-hours answered HTTP 403") == 1);
    CHECK_THAT(logs.all(), Catch::Contains("night time"));
    CHECK(count(m, "worked-night-hours") == 1);  // no retry of a refusal
    CHECK(rig.server.counters().forbidden == 1);
}

TEST_CASE("payroll loader: a refused employees list leaves the per-employee holidays unread too",
          "[payroll][loader]") {
    MockOptions o;
    o.holiday_calendars = 2;
    o.forbidden_endpoints = {"/core/v3/employees"};
    Rig rig(o);
    LogCapture logs;
    const PayrollSources s = rig.load(period("2024-05-01", "2024-05-10"),
                                      needing({PayrollSource::holidays, PayrollSource::employees,
                                               PayrollSource::worked_hours}));
    CHECK(s.has(PayrollSource::worked_hours));
    CHECK_FALSE(s.has(PayrollSource::employees));
    CHECK_FALSE(s.has(PayrollSource::holidays));
    CHECK(s.missing == std::vector<std::string>{"/core/v3/employees (403)"});
    CHECK(logs.count("/core/v3/employees answered HTTP 403") == 2);  // one per source
}

TEST_CASE("payroll loader: meta.lastPage past max_last_page is a data error naming the endpoint",
          "[payroll][loader]") {
    Rig rig;
    rig.cfg.page_size = 1;
    rig.cfg.max_last_page = 10;  // 50 employees a page each: 50 pages
    const Error e = expect_error(
        [&] { rig.load(period("2024-01-01", "2024-01-31"), needing({PayrollSource::worked_hours})); });
    CHECK(e.kind() == ErrorKind::data);
    CHECK_THAT(e.what(), Catch::Contains("worked-hours page 1: meta.lastPage is 50, expected 0 to 10"));
    CHECK(rig.server.counters().ok == 1);  // planned from page 1: nothing more asked
}

TEST_CASE("payroll loader: a cancelled report asks nothing more", "[payroll][loader]") {
    Rig rig;
    CancelToken cancel;
    cancel.cancel();
    PayrollLoader loader(rig.cfg, rig.cache, std::make_shared<RequestBudget>(rig.cfg), rig.holidays);
    NetworkTally tally;
    const Error e = expect_error([&] {
        loader.load(period("2024-01-01", "2024-01-31"), all_sources(), tally, &cancel);
    });
    CHECK(e.kind() == ErrorKind::cancelled);
    CHECK(rig.server.counters().requests == 0);
}

TEST_CASE("payroll loader: a 401 stays fatal", "[payroll][loader]") {
    Rig rig;
    rig.cfg.token = "wrong-token";
    const Error e = expect_error([&] { rig.load(period("2024-01-01", "2024-01-31"), all_sources()); });
    CHECK(e.kind() == ErrorKind::auth);
    CHECK_THAT(e.what(), Catch::Contains("401"));
    CHECK_THAT(e.what(), !Catch::Contains("wrong-token"));
}

TEST_CASE("payroll loader: several calendars: each employee's holidays by year, kept across "
          "reports",
          "[payroll][loader]") {
    MockOptions o;
    o.holiday_calendars = 2;
    o.employees = 12;
    Rig rig(o);
    const auto ids = rig.server.employee_ids();
    // A period over two years: each employee's holidays of both.
    const auto req = period("2024-04-29", "2025-01-07");
    Metrics first;
    const PayrollSources s = rig.load(req, needing({PayrollSource::holidays}), &first);
    REQUIRE(s.has(PayrollSource::holidays));
    CHECK(s.per_employee_holidays);
    CHECK(s.company_holidays.empty());
    REQUIRE(s.employee_holidays.size() == ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        INFO("employee " << i);
        const auto& days = s.employee_holidays.at(ids[i]);
        CHECK(std::is_sorted(days.begin(), days.end()));
        CHECK(s.is_holiday(ids[i], day("2024-05-01")));
        CHECK(s.is_holiday(ids[i], day("2025-01-06")));
        CHECK_FALSE(s.is_holiday(ids[i], day("2024-01-01")));  // before the period
        // The second calendar (odd employees) adds 2 May.
        CHECK(s.is_holiday(ids[i], day("2024-05-02")) == (i % 2 == 1));
        CHECK(s.holiday_name(ids[i], day("2024-05-01")) == "Fiesta del Trabajo");
        CHECK(s.holiday_name(ids[i], day("2024-05-02")) ==
              (i % 2 == 1 ? "Fiesta de la Comunidad de Madrid" : ""));
    }
    // The ids come from /core/v3/employees; one request per employee and year.
    CHECK(count(first, "employees") == 1);
    CHECK(count(first, "holidays") == 2 * ids.size());
    CHECK(rig.holidays.size() == 2 * ids.size());

    // A second report of the same generator asks nothing for them.
    Metrics second;
    const PayrollSources again =
        rig.load(period("2024-05-01", "2024-05-31"), needing({PayrollSource::holidays}), &second);
    CHECK(count(second, "holidays") == 0);
    CHECK(again.is_holiday(ids[1], day("2024-05-02")));
    CHECK_FALSE(again.is_holiday(ids[0], day("2024-05-02")));
    CHECK(sum_by_endpoint(second) == second.requests);
}

TEST_CASE("payroll loader: one employee's holidays without the employees list",
          "[payroll][loader]") {
    MockOptions o;
    o.holiday_calendars = 2;
    Rig rig(o);
    const auto ids = rig.server.employee_ids();
    auto req = period("2024-05-01", "2024-05-31");
    req.employee_id = ids[3];
    Metrics m;
    const PayrollSources s = rig.load(req, needing({PayrollSource::holidays}), &m);
    CHECK(s.per_employee_holidays);
    REQUIRE(s.employee_holidays.size() == 1);
    CHECK(s.employee_holidays.at(ids[3]) == std::vector<int32_t>{day("2024-05-01"), day("2024-05-02")});
    CHECK(count(m, "employees") == 0);
    CHECK(count(m, "holidays") == 1);
}

TEST_CASE("payroll loader: no calendar, no holidays", "[payroll][loader]") {
    MockOptions o;
    o.holiday_calendars = 0;
    Rig rig(o);
    Metrics m;
    const PayrollSources s =
        rig.load(period("2024-01-01", "2024-01-31"), needing({PayrollSource::holidays}), &m);
    CHECK(s.has(PayrollSource::holidays));
    CHECK_FALSE(s.per_employee_holidays);
    CHECK(s.company_holidays.empty());
    CHECK(count(m, "holidays") == 0);
    CHECK(count(m, "holiday-calendar") == 1);
}

TEST_CASE("requests by endpoint: every request of a report, retries included, sums to requests",
          "[payroll][metrics]") {
    MockOptions o;
    o.employees = 30;
    o.error_rate = 0.15;  // retries are counted too
    MockApiServer server(o);
    server.start();
    for (const EngineChoice engine : {EngineChoice::legacy, EngineChoice::turbo}) {
        INFO("engine " << static_cast<int>(engine));
        ClientConfig cfg;
        cfg.base_url = server.base_url();
        cfg.token = o.token;
        cfg.page_size = 50;
        cfg.max_retries = 10;
        cfg.backoff_factor = 0.01;
        ReportGenerator gen(cfg);
        ReportRequest req;
        req.from = {2024, 1, 1};
        req.to = {2024, 1, 31};
        req.engine = engine;
        reportgen::test::CaptureSink sink;
        const Metrics m = gen.generate(req, sink).metrics;
        CHECK(m.requests > 0);
        CHECK(m.retries() > 0);
        CHECK(sum_by_endpoint(m) == m.requests);
        CHECK(count(m, "work-entries") >= m.pages_fetched);
        for (const char* name : {"check-types", "work-breaks", "check-type-collections", "info"})
            CHECK(count(m, name) >= 1);
        for (const auto& [name, n] : m.requests_by_endpoint) {
            CHECK(name.find('?') == std::string::npos);
            CHECK(name.find('/') == std::string::npos);
        }
    }
}

TEST_CASE("payroll loader: an unlisted absence type is unpaid and warned, days outside the "
          "period dropped, a 404 degrades, from/to are the report's own",
          "[payroll][loader]") {
    reportgen::test::LoopbackServer srv;
    std::mutex mu;
    std::vector<std::string> ranges;  // "from..to" of each day-off query
    const std::string emp = "22222222-2222-4222-8222-222222222222";
    auto meta = std::string(R"("meta":{"currentPage":1,"lastPage":1,"total":1,"perPage":20})");
    srv.server.Get("/schedule/v1/absence-types", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"data":[{"id":"t1","name":"Baja","remuneratedType":"remunerated"}],)" +
                            meta + "}",
                        "application/json");
    });
    srv.server.Get("/schedule/v1/absence-day-off", [&](const httplib::Request& req,
                                                        httplib::Response& res) {
        {
            std::lock_guard lock(mu);
            ranges.push_back(req.get_param_value("from") + ".." + req.get_param_value("to"));
        }
        auto item = [&](const char* date, const char* type) {
            return std::string(R"({"date":")") + date +
                   R"(","seconds":28800,"calendar":{"absenceType":{"id":")" + type +
                   R"(","name":""}},"employee":{"id":")" + emp + R"("}})";
        };
        res.set_content(R"({"data":[)" + item("2024-02-05", "t1") + "," +
                            item("2024-02-06", "t9") + "," + item("2024-03-01", "t1") + "]," +
                            meta + "}",
                        "application/json");
    });
    srv.server.Get("/schedule/v1/vacation-day-off", [&](const httplib::Request&,
                                                         httplib::Response& res) {
        res.status = 404;
        res.set_content(R"({"error":"Not Found"})", "application/json");
    });
    srv.start();
    ClientConfig cfg;
    cfg.base_url = "http://127.0.0.1:" + std::to_string(srv.port());
    cfg.token = "loopback-token";
    PayrollLoader::Cache cache(0);
    HolidayCache holidays;
    PayrollLoader loader(cfg, cache, std::make_shared<RequestBudget>(cfg), holidays);
    NetworkTally tally;
    LogCapture logs;
    const PayrollSources s =
        loader.load(period("2024-02-01", "2024-02-29"),
                    needing({PayrollSource::absence_days, PayrollSource::vacation_days}), tally,
                    nullptr);
    CHECK(ranges == std::vector<std::string>{"2024-02-01..2024-02-29"});
    CHECK(s.has(PayrollSource::absence_days));
    CHECK_FALSE(s.has(PayrollSource::vacation_days));
    CHECK(s.missing == std::vector<std::string>{"/schedule/v1/vacation-day-off (404)"});
    CHECK(logs.count("/schedule/v1/vacation-day-off answered HTTP 404") == 1);
    REQUIRE(s.days_off.count(emp) == 1);
    const auto& days = s.days_off.at(emp);
    REQUIRE(days.size() == 2);  // 1 March is outside the period
    CHECK(days[0].day == day("2024-02-05"));
    CHECK(days[0].kind == DayOffKind::absence_paid);
    CHECK(days[0].type == "Baja");  // the type's name when the day's is empty
    CHECK(days[1].day == day("2024-02-06"));
    CHECK(days[1].kind == DayOffKind::absence_unpaid);
    CHECK(logs.count("not listed by absence-types") == 1);
    const Metrics m = tally.total();
    CHECK(count(m, "vacation-day-off") == 1);
    CHECK(count(m, "absence-day-off") == 1);
    CHECK(count(m, "absence-types") == 1);
}

TEST_CASE("payroll loader: a source's failure fails the load and stops the others asking",
          "[payroll][loader]") {
    reportgen::test::LoopbackServer srv;
    std::atomic<int> daily_requests{0};
    const std::string meta = R"("meta":{"currentPage":1,"lastPage":1,"total":0,"perPage":20})";
    srv.server.Get("/schedule/v1/reports/worked-hours",
                   [&](const httplib::Request&, httplib::Response& res) {
                       ++daily_requests;
                       std::this_thread::sleep_for(std::chrono::milliseconds(400));
                       res.set_content(R"({"data":[],)" + meta + "}", "application/json");
                   });
    srv.server.Get("/schedule/v1/reports/worked-night-hours",
                   [&](const httplib::Request&, httplib::Response& res) {
                       res.set_content(R"({"data":[{"employeeId":"e","secondsWorkedNight":-3}],)" +
                                           meta + "}",
                                       "application/json");
                   });
    srv.start();
    ClientConfig cfg;
    cfg.base_url = srv.base_url();
    cfg.token = "loopback-token";
    PayrollLoader::Cache cache(0);
    HolidayCache holidays;
    PayrollLoader loader(cfg, cache, std::make_shared<RequestBudget>(cfg), holidays);
    NetworkTally tally;
    const Error e = expect_error([&] {
        loader.load(period("2024-01-01", "2024-01-31"),
                    needing({PayrollSource::worked_hours_daily, PayrollSource::worked_night_hours}),
                    tally, nullptr);
    });
    // The night hours' error, not a stop of the per-day queries.
    CHECK(e.kind() == ErrorKind::data);
    CHECK_THAT(e.what(), Catch::StartsWith("worked-night-hours page 1: entry 0: field secondsWorkedNight"));
    // 31 days on 4 threads would be 8 rounds of 400 ms; the failure stops
    // them after the round in flight.
    CHECK(daily_requests < 31);
    CHECK(tally.total().requests == static_cast<uint64_t>(daily_requests) + 1);
}
