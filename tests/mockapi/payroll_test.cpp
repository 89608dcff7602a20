// Issue 18's endpoints on one consistent data set: the statistics agree
// with effective and night time computed here, independently, from the
// served work entries and break types (../shared/docs/PAYROLL.md); planned
// time follows the schedule, the holidays and the days off; the stale
// statistics fault shows where it says; pagination, filters and the budget
// work as on the other endpoints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "mock_test_support.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;

namespace {

// Three weeks over Good Friday (29 March 2024) and the spring change.
MockOptions payroll_company() {
    MockOptions o;
    o.employees = 60;
    o.days = 21;
    o.start = "2024-03-18";
    o.seed = 5;
    return o;
}

// Every item of a list endpoint, page by page; `url` has a query already.
std::vector<json> all_items(httplib::Client& c, const std::string& url, int limit = 100) {
    std::vector<json> out;
    for (int page = 1;; ++page) {
        const json body =
            get_json(c, url + "&limit=" + std::to_string(limit) + "&page=" + std::to_string(page));
        for (const auto& it : body["data"])
            out.push_back(it);
        if (page >= body["meta"]["lastPage"].get<int>()) break;
    }
    return out;
}

int64_t day_of(const std::string& ymd) {
    return reportgen::days_from_civil(*reportgen::parse_iso_date(ymd));
}

// Seconds of [in, out) between 22:00 and 06:00 on the wall clock of the
// entry's offset: UTC for a clock that writes +00:00, else Europe/Madrid.
// Offsets are whole hours: the local hour is constant within a UTC hour.
int64_t night_between(int64_t in, int64_t out, bool utc_clock) {
    int64_t total = 0;
    for (int64_t t = in; t < out;) {
        const int64_t end = std::min(out, (t / 3600 + 1) * 3600);
        const int off = utc_clock ? 0 : reportgen::mockapi::madrid_offset_minutes(t);
        const int64_t hour = ((t + off * 60) / 3600) % 24;
        if (hour >= 22 || hour < 6) total += end - t;
        t = end;
    }
    return total;
}

struct Figures {
    int64_t worked = 0;
    int64_t night = 0;
};

// Effective and night seconds per (employee, workday), from the entries:
// work counts, a pause only when its break type is paid; an open work entry
// counts its workedSeconds. Shifts: an employee's entries less than 6 h
// apart; the workday is the Madrid date of the first clock-in.
std::map<std::pair<std::string, int64_t>, Figures> effective_by_workday(
    const std::vector<json>& entries, const std::set<std::string>& paid_breaks) {
    struct Item {
        int64_t in, out, effective;
        bool utc_clock;
    };
    std::map<std::string, std::vector<Item>> by_employee;
    for (const json& e : entries) {
        const auto in = parse_instant(e["workEntryIn"]["date"].get<std::string>());
        REQUIRE(in);
        const json& out = e["workEntryOut"];
        const bool open = out.is_null() || out["date"].is_null();
        const int64_t out_utc = open ? in->utc + e["workedSeconds"].get<int64_t>()
                                     : parse_instant(out["date"].get<std::string>())->utc;
        const bool pause = e["workEntryType"] == "pause";
        const bool paid = pause && e["workBreakId"].is_string() &&
                          paid_breaks.count(e["workBreakId"].get<std::string>());
        const int64_t effective = (pause && (!paid || open)) ? 0 : out_utc - in->utc;
        by_employee[e["employee"]["id"]].push_back(
            {in->utc, out_utc, effective, in->offset_minutes == 0});
    }
    std::map<std::pair<std::string, int64_t>, Figures> out;
    for (auto& [id, items] : by_employee) {
        std::sort(items.begin(), items.end(),
                  [](const Item& a, const Item& b) { return a.in < b.in; });
        int64_t reach = INT64_MIN / 2, workday = 0;
        for (const Item& it : items) {
            if (it.in - reach >= 6 * 3600) workday = madrid_day(it.in);
            reach = std::max(reach, it.out);
            Figures& f = out[{id, workday}];
            f.worked += it.effective;
            f.night += night_between(it.in, it.in + it.effective, it.utc_clock);
        }
    }
    return out;
}

// The company's paid break ids, by the work breaks' `remunerated`.
std::set<std::string> paid_break_ids(httplib::Client& c) {
    std::set<std::string> paid;
    std::map<std::string, bool> by_name;
    for (const json& b : all_items(c, "/schedule/v1/work-breaks?x=1")) {
        by_name[b["name"]] = b["remunerated"].get<bool>();
        if (b["remunerated"].get<bool>()) paid.insert(b["id"].get<std::string>());
    }
    // As README documents: coffee paid, lunch not.
    CHECK(by_name.at("Pausa café"));
    CHECK_FALSE(by_name.at("Comida"));
    return paid;
}

std::map<std::string, json> by_employee_id(const std::vector<json>& items) {
    std::map<std::string, json> out;
    for (const json& it : items)
        out[it["employeeId"].get<std::string>()] = it;
    return out;
}

}  // namespace

TEST_CASE("worked-hours and worked-night-hours are the served entries' effective and night time",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const auto paid = paid_break_ids(c);
    const auto entries =
        all_items(c, "/schedule/v1/work-entries?from=2024-03-17&to=2024-04-08", 500);
    const auto ours = effective_by_workday(entries, paid);

    // The whole data set, a week with Good Friday, and the DST night alone.
    for (const auto& [from, to] :
         {std::pair{"2024-03-18", "2024-04-07"}, std::pair{"2024-03-25", "2024-03-31"},
          std::pair{"2024-03-30", "2024-03-30"}}) {
        INFO(from << ".." << to);
        const std::string range = std::string("?from=") + from + "&to=" + to;
        const auto hours =
            by_employee_id(all_items(c, "/schedule/v1/reports/worked-hours" + range));
        const auto night =
            by_employee_id(all_items(c, "/schedule/v1/reports/worked-night-hours" + range));
        REQUIRE(hours.size() == 60);
        REQUIRE(night.size() == 60);
        int64_t total_night = 0, employees_working = 0;
        for (const std::string& id : s.employee_ids()) {
            Figures want;
            for (int64_t d = day_of(from); d <= day_of(to); ++d) {
                if (auto it = ours.find({id, d}); it != ours.end()) {
                    want.worked += it->second.worked;
                    want.night += it->second.night;
                }
            }
            INFO(id);
            const json& h = hours.at(id);
            CHECK(h["secondsWorked"].get<int64_t>() == want.worked);
            CHECK(h["secondsBalance"].get<int64_t>() ==
                  h["secondsWorked"].get<int64_t>() - h["secondsToWork"].get<int64_t>());
            CHECK(night.at(id)["secondsWorkedNight"].get<int64_t>() == want.night);
            total_night += want.night;
            employees_working += want.worked > 0;
        }
        CHECK(total_night > 0);  // night shifts are in the data
        CHECK(employees_working > 0);
    }
}

TEST_CASE("paid breaks matter: counting every pause as unpaid disagrees with secondsWorked",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const auto entries =
        all_items(c, "/schedule/v1/work-entries?from=2024-03-17&to=2024-04-08", 500);
    const auto none_paid = effective_by_workday(entries, {});
    const auto hours = by_employee_id(
        all_items(c, "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-04-07"));
    int differ = 0;
    for (const std::string& id : s.employee_ids()) {
        int64_t worked = 0;
        for (const auto& [key, f] : none_paid)
            worked += key.first == id ? f.worked : 0;
        differ += hours.at(id)["secondsWorked"].get<int64_t>() > worked;
    }
    CHECK(differ > 30);  // most employees take a paid break now and then
}

TEST_CASE("planned time: 4, 6 or 8 h on weekdays that are neither holidays nor days off",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const auto hours = by_employee_id(
        all_items(c, "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-04-07"));
    std::map<std::string, std::map<int64_t, int64_t>> off;  // employee -> day -> seconds
    for (const char* kind : {"vacation", "absence"}) {
        for (const json& d : all_items(c, std::string("/schedule/v1/") + kind +
                                              "-day-off?from=2024-03-18&to=2024-04-07")) {
            off[d["employee"]["id"]][day_of(d["date"])] = d["seconds"].get<int64_t>();
        }
    }
    std::set<int64_t> dailies;
    for (const std::string& id : s.employee_ids()) {
        std::set<int64_t> holidays;
        for (const json& h : all_items(c, "/schedule/v1/holidays?employeeId=" + id + "&year=2024"))
            holidays.insert(day_of(h["dayOff"]["date"]));
        REQUIRE(holidays.count(day_of("2024-03-29")));  // Good Friday
        int64_t due_days = 0;
        for (int64_t d = day_of("2024-03-18"); d <= day_of("2024-04-07"); ++d) {
            const int64_t wd = ((d + 4) % 7 + 7) % 7;  // 0 = Sunday
            if (wd != 0 && wd != 6 && !holidays.count(d) && !off[id].count(d)) ++due_days;
        }
        INFO(id << ": " << due_days << " due days");
        const int64_t to_work = hours.at(id)["secondsToWork"].get<int64_t>();
        REQUIRE(due_days > 0);
        REQUIRE(to_work % due_days == 0);
        const int64_t daily = to_work / due_days;
        CHECK((daily == 4 * 3600 || daily == 6 * 3600 || daily == 8 * 3600));
        for (const auto& [day, seconds] : off[id])
            CHECK(seconds == daily);  // a day off covers the planned day
        dailies.insert(daily);
    }
    CHECK(dailies.size() == 3);  // part-timers, reduced days and full-timers
}

TEST_CASE("holidays: Spain's ten national days of the year, Good Friday from Easter",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const std::string id = s.employee_ids().at(7);
    auto dates = [&](const std::string& year) {
        std::vector<std::string> out;
        for (const json& h :
             all_items(c, "/schedule/v1/holidays?employeeId=" + id + "&year=" + year)) {
            CHECK(h["employee"]["id"] == id);
            out.push_back(h["dayOff"]["date"]);
        }
        return out;
    };
    CHECK(dates("2024") == std::vector<std::string>{"2024-01-01", "2024-01-06", "2024-03-29",
                                                    "2024-05-01", "2024-08-15", "2024-10-12",
                                                    "2024-11-01", "2024-12-06", "2024-12-08",
                                                    "2024-12-25"});
    CHECK(dates("2025")[2] == "2025-04-18");
    CHECK(dates("2026")[2] == "2026-04-03");
    // An unknown employee has none; a missing year is a 400.
    CHECK(get_json(
              c, "/schedule/v1/holidays?employeeId=00000000-0000-4000-8000-000000000000&year=2024")
              ["data"]
                  .empty());
    get_json(c, "/schedule/v1/holidays?employeeId=" + id, 400);
    // The company's calendar holds the same days of the data set's year.
    const json cal = get_json(c, "/schedule/v1/holiday-calendar");
    REQUIRE(cal["data"].size() == 1);
    std::vector<std::string> cal_dates;
    for (const json& d : cal["data"][0]["dayOff"])
        cal_dates.push_back(d["date"]);
    CHECK(cal_dates == dates("2024"));
    CHECK(get_json(c, "/schedule/v1/holiday-calendar?name[contains]=nacional")["data"].size() == 1);
    CHECK(get_json(c, "/schedule/v1/holiday-calendar?name[contains]=Valencia")["data"].empty());
}

TEST_CASE("entries avoid holidays and vacation days but for a few planted ones",
          "[mockapi][payroll]") {
    MockOptions o;
    o.employees = 200;
    o.days = 10;
    o.start = "2024-01-01";  // New Year's Day, a Monday; 6 January, a Saturday
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    std::map<int64_t, std::set<std::string>> working;  // workday -> employees
    const auto entries =
        all_items(c, "/schedule/v1/work-entries?from=2024-01-01&to=2024-01-10", 500);
    for (const auto& [key, f] : effective_by_workday(entries, {}))
        working[key.second].insert(key.first);
    const std::size_t new_year = working[day_of("2024-01-01")].size();
    CHECK(new_year > 0);   // planted: a few work on a holiday
    CHECK(new_year < 20);  // but not the 96 % of a weekday
    CHECK(working[day_of("2024-01-02")].size() > 170);

    std::size_t vacation = 0, vacation_worked = 0;
    for (const json& d :
         all_items(c, "/schedule/v1/vacation-day-off?from=2024-01-01&to=2024-01-10")) {
        ++vacation;
        vacation_worked += working[day_of(d["date"])].count(d["employee"]["id"]);
    }
    CHECK(vacation > 10);
    CHECK(vacation_worked * 10 < vacation);  // a few planted ones at most
}

TEST_CASE("days off: scheduled days only, absence types paid and unpaid, figures that agree",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    std::map<std::string, json> types;
    for (const json& t : all_items(c, "/schedule/v1/absence-types?x=1"))
        types[t["id"]] = t;
    CHECK(all_items(c, "/schedule/v1/absence-types?status=active").size() == types.size() - 1);
    std::set<std::string> remunerated_seen;
    std::map<std::string, std::set<std::string>> absence_dates;  // employee -> dates
    for (const json& d :
         all_items(c, "/schedule/v1/absence-day-off?from=2024-03-18&to=2024-04-07")) {
        const int64_t day = day_of(d["date"]);
        const int64_t wd = ((day + 4) % 7 + 7) % 7;
        CHECK((wd != 0 && wd != 6 && day != day_of("2024-03-29")));
        const json& t = types.at(d["calendar"]["absenceType"]["id"].get<std::string>());
        CHECK(t["status"] == "active");
        CHECK(t["name"] == d["calendar"]["absenceType"]["name"]);
        remunerated_seen.insert(t["remuneratedType"]);
        absence_dates[d["employee"]["id"]].insert(d["date"]);
    }
    CHECK(remunerated_seen == std::set<std::string>{"remunerated", "not_remunerated"});

    // worked-absence-days lists the same days; contracts count what the lists hold.
    std::map<std::string, int> vacation_days;
    for (const json& d :
         all_items(c, "/schedule/v1/vacation-day-off?from=2024-03-18&to=2024-04-07"))
        ++vacation_days[d["employee"]["id"]];
    const std::string range = "from=2024-03-18&to=2024-04-07";
    const auto hours = by_employee_id(all_items(c, "/schedule/v1/reports/worked-hours?" + range));
    for (const json& w : all_items(c, "/schedule/v1/reports/worked-absence-days?" + range)) {
        std::set<std::string> listed;
        for (const json& d : w["days"])
            listed.insert(d["date"]);
        CHECK(listed == absence_dates[w["employeeId"]]);
    }
    int contracts = 0;
    for (const json& k : all_items(c,
                                   "/contract/v1/contracts/contracts-for-payroll?period=monthly&"
                                   "currency=EUR&" +
                                       range)) {
        const std::string id = k["id"];
        const json& b = k["businessData"];
        CHECK(b["vacationDays"] == vacation_days[id]);
        CHECK(b["remuneratedAbsences"].get<int>() + b["notRemuneratedAbsences"].get<int>() ==
              static_cast<int>(absence_dates[id].size()));
        CHECK(b["secondsToWork"] == hours.at(id)["secondsToWork"]);
        CHECK(b["overtime"].get<int64_t>() ==
              std::max<int64_t>(0, hours.at(id)["secondsBalance"].get<int64_t>()));
        ++contracts;
    }
    CHECK(contracts == 60);
}

TEST_CASE("stale_statistics: the named employees' secondsWorked are 5 to 30 minutes short",
          "[mockapi][payroll]") {
    MockOptions o = payroll_company();
    MockApiServer clean(o);
    o.stale_statistics = 3;
    MockApiServer stale(o);
    clean.start();
    stale.start();
    auto c1 = client_for(clean);
    auto c2 = client_for(stale);
    const std::string url = "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-04-07";
    const auto want = by_employee_id(all_items(c1, url));
    const auto got = by_employee_id(all_items(c2, url));
    const auto named = stale.employee_ids();
    const auto ids = stale.stale_employee_ids();
    REQUIRE(ids.size() == 3);
    CHECK(clean.stale_employee_ids().empty());
    for (const std::string& id : named) {
        INFO(id);
        const int64_t short_by = want.at(id)["secondsWorked"].get<int64_t>() -
                                 got.at(id)["secondsWorked"].get<int64_t>();
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
            CHECK(short_by >= 300);
            CHECK(short_by <= 1800);
        } else {
            CHECK(short_by == 0);
        }
        CHECK(got.at(id)["secondsToWork"] == want.at(id)["secondsToWork"]);
        CHECK(got.at(id)["secondsBalance"].get<int64_t>() ==
              got.at(id)["secondsWorked"].get<int64_t>() -
                  got.at(id)["secondsToWork"].get<int64_t>());
    }
}

TEST_CASE("statistics: limit defaults to 20 employees a page, employeeIds[in], from/to required",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const std::string base = "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-03-24";
    const json first = get_json(c, base);
    CHECK(first["meta"] ==
          json{{"currentPage", 1}, {"lastPage", 3}, {"total", 60}, {"perPage", 20}});
    CHECK(first["data"].size() == 20);
    std::vector<std::string> seen;
    for (int p = 1; p <= 3; ++p) {
        const json page = get_json(c, base + "&page=" + std::to_string(p));
        for (const json& it : page["data"])
            seen.push_back(it["employeeId"]);
    }
    CHECK(seen == s.employee_ids());  // each once, in the company's order
    CHECK(get_json(c, base + "&page=4")["data"].empty());

    const auto ids = s.employee_ids();
    const json two = get_json(c, base + "&employeeIds[in]=" + ids[9] + "," + ids[4]);
    REQUIRE(two["data"].size() == 2);
    CHECK(two["data"][0]["employeeId"] == ids[4]);
    CHECK(two["data"][1]["employeeId"] == ids[9]);
    CHECK(get_json(c, base + "&employeeIds[in]=" + ids[4] + "&employeeIds[in]=" + ids[9])["data"]
              .size() == 2);
    get_json(c, base + "&employeeIds[in]=not-a-uuid", 400);
    get_json(c, "/schedule/v1/reports/worked-hours?from=2024-03-18", 400);
    get_json(c, "/schedule/v1/reports/worked-night-hours?to=2024-03-18", 400);
    get_json(c, "/schedule/v1/reports/worked-hours?from=2024-03-20&to=2024-03-18", 400);
    // A range outside the data: no work, but the schedule still plans.
    const json before =
        get_json(c, "/schedule/v1/reports/worked-hours?from=2024-03-04&to=2024-03-08&limit=1");
    CHECK(before["data"][0]["secondsWorked"] == 0);
    CHECK(before["data"][0]["secondsToWork"].get<int64_t>() > 0);
    // A one-week filter excludes the other weeks' work.
    const auto week = by_employee_id(all_items(c, base));
    const auto all = by_employee_id(
        all_items(c, "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-04-07"));
    int64_t w = 0, a = 0;
    for (const auto& id : ids) {
        w += week.at(id)["secondsWorked"].get<int64_t>();
        a += all.at(id)["secondsWorked"].get<int64_t>();
    }
    CHECK(w > 0);
    CHECK(w * 2 < a);
}

TEST_CASE("the new endpoints spend the company budget like the others", "[mockapi][payroll]") {
    MockOptions o = payroll_company();
    o.budget = 5;
    o.budget_window_s = 30;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    const std::string id = s.employee_ids().at(0);
    const std::vector<std::string> urls = {
        "/schedule/v1/reports/worked-hours?from=2024-03-18&to=2024-03-19",
        "/core/v3/employees",
        "/core/v3/offices",
        "/schedule/v1/absence-types",
        "/schedule/v1/holidays?employeeId=" + id + "&year=2024",
        "/contract/v1/contracts/"
        "contracts-for-payroll?period=monthly&currency=EUR&from=2024-03-18&to=2024-03-19"};
    int ok = 0, limited = 0;
    for (const auto& u : urls) {
        auto r = c.Get(u.c_str(), bearer());
        REQUIRE(r);
        ok += r->status == 200;
        limited += r->status == 429;
        if (r->status == 429) CHECK_FALSE(r->has_header("Retry-After"));
    }
    CHECK(ok == 5);
    CHECK(limited == 1);
    CHECK(s.counters().budget_exceeded == 1);
}

TEST_CASE("employees: dni and code find one, the same person as in the work entries",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const auto everyone = all_items(c, "/core/v3/employees?x=1");
    REQUIRE(everyone.size() == 60);
    std::map<std::string, json> in_entries;
    for (const json& e :
         all_items(c, "/schedule/v1/work-entries?from=2024-03-18&to=2024-04-07", 500))
        in_entries[e["employee"]["id"]] = e["employee"];
    int with_nid = 0;
    for (const json& e : everyone) {
        const json& w = in_entries.at(e["id"].get<std::string>());
        CHECK(e["firstName"] == w["firstName"]);
        CHECK(e["nid"] == w["nid"]);
        CHECK(e["identityNumberType"] == w["identityNumberType"]);
        // One worker in 64 (index 1) has none on file.
        if (e["code"] == 1001)
            CHECK(e["ssn"].is_null());
        else
            CHECK(e["ssn"].get<std::string>().size() == 12);
        if (e["nid"].is_string() && with_nid++ < 5) {
            // The nid is unique in the company, so dni= finds one.
            const json one = get_json(c, "/core/v3/employees?dni=" + e["nid"].get<std::string>());
            REQUIRE(one["data"].size() == 1);
            CHECK(one["data"][0]["id"] == e["id"]);
        }
    }
    CHECK(with_nid > 5);
    const json by_code = get_json(c, "/core/v3/employees?code=1007");
    REQUIRE(by_code["data"].size() == 1);
    CHECK(by_code["data"][0]["id"] == s.employee_ids().at(7));
    CHECK(get_json(c, "/core/v3/employees?dni=00000000T")["data"].empty());
    CHECK(get_json(c, "/core/v3/employees?status=inactive")["data"].empty());
    get_json(c, "/core/v3/employees?code=abc", 400);
    // Office filter: the employees of one office, every one of them.
    const json offices = get_json(c, "/core/v3/offices");
    std::size_t total = 0;
    for (const json& off : offices["data"])
        total +=
            all_items(c, "/core/v3/employees?officeIds=" + off["id"].get<std::string>()).size();
    CHECK(total == 60);
}

TEST_CASE("clock-ins lie within an office's radio, pauses name the company's break types",
          "[mockapi][payroll]") {
    MockApiServer s(payroll_company());
    s.start();
    auto c = client_for(s);
    const json offices = get_json(c, "/core/v3/offices");
    REQUIRE(offices["data"].size() == 5);
    std::set<std::string> breaks;
    for (const json& b : all_items(c, "/schedule/v1/work-breaks?x=1"))
        breaks.insert(b["id"]);
    auto metres = [](double lat1, double lon1, double lat2, double lon2) {
        const double k = 3.14159265358979 / 180, r = 6371000;
        const double dlat = (lat2 - lat1) * k, dlon = (lon2 - lon1) * k;
        const double a =
            std::sin(dlat / 2) * std::sin(dlat / 2) +
            std::cos(lat1 * k) * std::cos(lat2 * k) * std::sin(dlon / 2) * std::sin(dlon / 2);
        return 2 * r * std::asin(std::sqrt(a));
    };
    std::size_t pauses = 0, named = 0;
    for (const json& e :
         all_items(c, "/schedule/v1/work-entries?from=2024-03-18&to=2024-03-24", 500)) {
        const json& at = e["workEntryIn"]["coordinates"];
        bool inside = false;
        for (const json& off : offices["data"]) {
            const json& o = off["coordinates"];
            inside = inside || metres(at["latitude"].get<double>(), at["longitude"].get<double>(),
                                      o["latitude"].get<double>(),
                                      o["longitude"].get<double>()) <= off["radio"].get<double>();
        }
        CHECK(inside);
        if (e["workEntryType"] == "pause") {
            ++pauses;
            if (e["workBreakId"].is_string()) {
                CHECK(breaks.count(e["workBreakId"].get<std::string>()));
                ++named;
            }
        }
    }
    CHECK(pauses > 100);
    CHECK(named * 10 > pauses * 9);  // a few pauses have no break type
}

TEST_CASE("forbidden_endpoints: those paths answer 403 forbidden_access_permission to a valid "
          "token, the others and a wrong token as before",
          "[mockapi][payroll]") {
    MockOptions o;
    o.employees = 5;
    o.forbidden_endpoints = {"/schedule/v1/reports/worked-night-hours", "/core/v3/employees"};
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    const json refused =
        get_json(c, "/schedule/v1/reports/worked-night-hours?from=2024-01-01&to=2024-01-31", 403);
    CHECK(refused["error"] == "forbidden_access_permission");
    get_json(c, "/core/v3/employees", 403);
    get_json(c, "/schedule/v1/reports/worked-hours?from=2024-01-01&to=2024-01-31");
    get_json(c, "/schedule/v1/check-types");
    CHECK(s.counters().forbidden == 2);
    auto r = c.Get("/core/v3/employees", bearer("not-the-token"));
    REQUIRE(r);
    CHECK(r->status == 401);
}

TEST_CASE("holiday_calendars: 2 lists two calendars and the odd employees get 2 May, 0 none",
          "[mockapi][payroll]") {
    MockOptions o;
    o.employees = 4;
    o.holiday_calendars = 2;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    const json cals = get_json(c, "/schedule/v1/holiday-calendar");
    REQUIRE(cals["data"].size() == 2);
    CHECK(cals["data"][0]["dayOff"].size() == 10);
    CHECK(cals["data"][1]["dayOff"].size() == 11);
    CHECK(cals["data"][0]["id"] != cals["data"][1]["id"]);
    CHECK(get_json(c, "/schedule/v1/holiday-calendar?name[contains]=madrid")["data"].size() == 1);
    const auto ids = s.employee_ids();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::set<std::string> dates;
        for (const json& h : all_items(c, "/schedule/v1/holidays?employeeId=" + ids[i] + "&year=2024"))
            dates.insert(h["dayOff"]["date"].get<std::string>());
        CHECK(dates.count("2024-05-01") == 1);
        CHECK(dates.count("2024-05-02") == (i % 2));
    }

    MockOptions none = o;
    none.holiday_calendars = 0;
    MockApiServer n(none);
    n.start();
    auto cn = client_for(n);
    CHECK(get_json(cn, "/schedule/v1/holiday-calendar")["data"].empty());
    CHECK(get_json(cn, "/schedule/v1/holidays?employeeId=" + n.employee_ids()[0] + "&year=2024")
              ["data"].empty());
}
