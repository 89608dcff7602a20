// The payroll sources' decoders: each reads its endpoint's fields, ignores
// unknown ones, and refuses a bad value with a data error that names the
// endpoint and page, the entry and field, and what was expected.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/expect.hpp"
#include "api/payroll_decoder.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::expect_error;

namespace {

constexpr const char* kMeta = R"("meta":{"currentPage":1,"lastPage":1,"total":1,"perPage":20})";
const std::string kEmp = "11111111-1111-4111-8111-111111111111";

std::string page(const std::string& item) {
    return R"({"data":[)" + item + "]," + kMeta + "}";
}

int32_t day(const char* ymd) {
    return static_cast<int32_t>(days_from_civil(*parse_iso_date(ymd)));
}

// The message of the data error `f` throws (fails the test if it throws none
// or another kind).
template <class F>
std::string data_error_of(F&& f) {
    const Error e = expect_error(std::forward<F>(f));
    CHECK(e.kind() == ErrorKind::data);
    return e.what();
}

std::string worked_item(const std::string& worked, const std::string& balance = "-100") {
    return R"({"employeeId":")" + kEmp + R"(","secondsWorked":)" + worked +
           R"(,"secondsToWork":28900,"secondsBalance":)" + balance + R"(,"extra":{"a":[1]}})";
}

std::string day_off_item(const std::string& date, const std::string& seconds) {
    return R"({"id":"x","date":")" + date + R"(","seconds":)" + seconds +
           R"(,"calendar":{"id":"c","year":2024,"absenceType":{"id":"t1","name":"Visita médica"}},)"
           R"("employee":{"id":")" + kEmp + R"(","firstName":"A"}})";
}

}  // namespace

TEST_CASE("worked-hours: figures read, a negative balance allowed, unknown fields ignored",
          "[payroll][decoder]") {
    std::vector<WorkedHoursItem> out;
    const PageMeta meta =
        decode_worked_hours(page(worked_item("28800")), "worked-hours page 1", 86400 * 31, out);
    CHECK(meta.last_page == 1);
    REQUIRE(out.size() == 1);
    CHECK(out[0].employee_id == kEmp);
    CHECK(out[0].worked_s == 28800);
    CHECK(out[0].to_work_s == 28900);
    CHECK(out[0].balance_s == -100);

    // null figures stay unknown
    out.clear();
    decode_worked_hours(page(R"({"employeeId":")" + kEmp + R"(","secondsWorked":null})"),
                        "worked-hours page 1", 86400, out);
    REQUIRE(out.size() == 1);
    CHECK_FALSE(out[0].worked_s);
    CHECK_FALSE(out[0].balance_s);
}

TEST_CASE("worked-hours: a figure out of range names endpoint, page, entry and field",
          "[payroll][decoder]") {
    std::vector<WorkedHoursItem> out;
    const std::string negative = data_error_of(
        [&] { decode_worked_hours(page(worked_item("-1")), "worked-hours page 3", 86400, out); });
    CHECK_THAT(negative, Catch::StartsWith("worked-hours page 3: entry 0: field secondsWorked"));
    CHECK_THAT(negative,
               Catch::Contains("from 0 to " + std::to_string(86400 + kMaxOverrunSeconds)));
    CHECK_THAT(negative, Catch::Contains("got -1"));
    // Past the period's bound (a month at most 31 x 25 h).
    const std::string huge = data_error_of([&] {
        decode_worked_hours(page(worked_item("999999999")), "worked-hours page 1", 86400, out);
    });
    CHECK_THAT(huge, Catch::Contains("field secondsWorked"));
    const std::string balance = data_error_of([&] {
        decode_worked_hours(page(worked_item("10", "-86401")), "worked-hours page 2", 86400, out);
    });
    CHECK_THAT(balance, Catch::StartsWith("worked-hours page 2: entry 0: field secondsBalance"));
    CHECK_THAT(balance,
               Catch::Contains("from -86400 to " + std::to_string(86400 + kMaxOverrunSeconds)));
    // A day's worked time past the day (a forgotten clock-out counts on its
    // workday whole) is read, up to kMaxOverrunSeconds more; planned time not.
    out.clear();
    decode_worked_hours(page(worked_item("115200", "86400")), "worked-hours page 1", 90000, out);
    CHECK(out.back().worked_s == 115200);
    const std::string planned = data_error_of([&] {
        decode_worked_hours(page(R"({"employeeId":")" + kEmp + R"(","secondsToWork":90001})"),
                            "worked-hours page 1", 90000, out);
    });
    CHECK_THAT(planned, Catch::Contains("field secondsToWork"));
    const std::string fraction = data_error_of([&] {
        decode_worked_hours(page(worked_item("1.5")), "worked-hours page 1", 86400, out);
    });
    CHECK_THAT(fraction, Catch::Contains("whole number"));
    const std::string no_id = data_error_of([&] {
        decode_worked_hours(page(R"({"secondsWorked":1})"), "worked-hours page 1", 86400, out);
    });
    CHECK_THAT(no_id, Catch::Contains("field employeeId: expected a string"));
}

TEST_CASE("worked-night-hours: read and range-checked", "[payroll][decoder]") {
    std::vector<NightHoursItem> out;
    decode_night_hours(page(R"({"employeeId":")" + kEmp + R"(","secondsWorkedNight":3600})"),
                       "worked-night-hours page 1", 86400, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].night_s == 3600);
    const std::string msg = data_error_of([&] {
        decode_night_hours(page(R"({"employeeId":")" + kEmp + R"(","secondsWorkedNight":-5})"),
                           "worked-night-hours page 2", 86400, out);
    });
    CHECK_THAT(msg, Catch::StartsWith("worked-night-hours page 2: entry 0: field secondsWorkedNight"));
}

TEST_CASE("absence-types: remuneratedType is one of the two values", "[payroll][decoder]") {
    std::vector<AbsenceTypeItem> out;
    decode_absence_types(
        page(R"({"id":"t1","name":"Baja","remuneratedType":"remunerated","status":"active"})"),
        "absence-types page 1", out);
    decode_absence_types(page(R"({"id":"t2","name":"Propios","remuneratedType":"not_remunerated"})"),
                         "absence-types page 1", out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].remunerated);
    CHECK_FALSE(out[1].remunerated);
    const std::string msg = data_error_of([&] {
        decode_absence_types(page(R"({"id":"t3","name":"X","remuneratedType":"sometimes"})"),
                             "absence-types page 2", out);
    });
    CHECK_THAT(msg, Catch::StartsWith("absence-types page 2: entry 0: field remuneratedType"));
    CHECK_THAT(msg, Catch::Contains("\"remunerated\" or \"not_remunerated\""));
    CHECK_THAT(msg, Catch::Contains("\"sometimes\""));
    const std::string missing = data_error_of([&] {
        decode_absence_types(page(R"({"id":"t3","name":"X"})"), "absence-types page 1", out);
    });
    CHECK_THAT(missing, Catch::Contains("field remuneratedType"));
}

TEST_CASE("days off: date, seconds, absence type and employee, bad values refused",
          "[payroll][decoder]") {
    std::vector<DayOffItem> out;
    decode_days_off(page(day_off_item("2024-01-09", "28800")), "absence-day-off page 1", out);
    // A vacation day has no absenceType.
    decode_days_off(page(R"({"date":"2024-01-10","seconds":14400,"calendar":{"id":"c",)"
                         R"("vacationConfiguration":{"id":"v"}},"employee":{"id":")" +
                         kEmp + R"("}})"),
                    "vacation-day-off page 1", out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].day == day("2024-01-09"));
    CHECK(out[0].seconds == 28800);
    CHECK(out[0].employee_id == kEmp);
    CHECK(out[0].type_id == "t1");
    CHECK(out[0].type_name == "Visita médica");
    CHECK(out[1].type_id.empty());
    CHECK(out[1].seconds == 14400);

    auto error = [&](const std::string& body) {
        return data_error_of([&] { decode_days_off(body, "absence-day-off page 4", out); });
    };
    const std::string bad_date = error(page(day_off_item("2024-02-30", "0")));
    CHECK_THAT(bad_date, Catch::StartsWith("absence-day-off page 4: entry 0: field date"));
    CHECK_THAT(bad_date, Catch::Contains("a date Y-m-d"));
    CHECK_THAT(bad_date, Catch::Contains("2024-02-30"));
    CHECK_THAT(error(page(day_off_item("9999-01-01", "0"))), Catch::Contains("field date"));
    const std::string long_day = error(page(day_off_item("2024-01-09", "90001")));
    CHECK_THAT(long_day, Catch::Contains("entry 0: field seconds"));
    CHECK_THAT(long_day, Catch::Contains("from 0 to 90000"));
    CHECK_THAT(error(page(day_off_item("2024-01-09", "-1"))), Catch::Contains("field seconds"));
    const std::string no_employee =
        error(page(R"({"date":"2024-01-09","seconds":0,"calendar":{"id":"c"}})"));
    CHECK_THAT(no_employee, Catch::Contains("entry 0: field employee: expected an object"));
    const std::string bad_type = error(page(
        R"({"date":"2024-01-09","seconds":0,"calendar":{"absenceType":{"name":"X"}},"employee":{"id":"e"}})"));
    CHECK_THAT(bad_type, Catch::Contains("field calendar.absenceType.id"));
}

TEST_CASE("holiday-calendar: calendars with their days, a bad date is named",
          "[payroll][decoder]") {
    std::vector<HolidayCalendarItem> out;
    decode_holiday_calendars(
        page(R"({"id":"c1","name":"Festivos","dayOff":[{"id":"h","name":"Año Nuevo","date":"2024-01-01"},)"
             R"({"name":"Reyes","date":"2024-01-06"}],"default":true})"),
        "holiday-calendar page 1", out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].days == std::vector<int32_t>{day("2024-01-01"), day("2024-01-06")});
    const std::string msg = data_error_of([&] {
        decode_holiday_calendars(page(R"({"id":"c1","dayOff":[{"date":"2024-01-01"},{"date":"01/06/2024"}]})"),
                                 "holiday-calendar page 1", out);
    });
    CHECK_THAT(msg, Catch::StartsWith("holiday-calendar page 1: entry 0: field dayOff[1].date"));
}

TEST_CASE("holidays: employee and dayOff read, a bad date is named", "[payroll][decoder]") {
    std::vector<HolidayItem> out;
    decode_holidays(page(R"({"employee":{"id":")" + kEmp +
                         R"(","nid":null},"dayOff":{"name":"Reyes","date":"2024-01-06"}})"),
                    "holidays page 1", out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].employee_id == kEmp);
    CHECK(out[0].day == day("2024-01-06"));
    CHECK(out[0].name == "Reyes");
    const std::string msg = data_error_of([&] {
        decode_holidays(page(R"({"employee":{"id":"e"},"dayOff":{"date":"2024-13-01"}})"),
                        "holidays page 2", out);
    });
    CHECK_THAT(msg, Catch::StartsWith("holidays page 2: entry 0: field dayOff.date"));
}

TEST_CASE("employees: names, identity and code, null nid allowed, bad code refused",
          "[payroll][decoder]") {
    std::vector<EmployeeRecord> out;
    decode_employees(
        page(R"({"id":"e1","firstName":" Ana ","lastName":"Núñez","nid":"12345678Z",)"
             R"("identityNumberType":"dni","code":7,"customFields":[{"value":null}]})"),
        "employees page 1", out);
    decode_employees(page(R"({"id":"e2","firstName":"Luis","lastName":"","nid":null,)"
                          R"("identityNumberType":null})"),
                     "employees page 1", out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].name == "Ana Núñez");
    CHECK(out[0].has_nid);
    CHECK(out[0].nid == "12345678Z");
    CHECK(out[0].identity_type == "dni");
    CHECK(out[0].code == 7);
    CHECK(out[1].name == "Luis");
    CHECK_FALSE(out[1].has_nid);
    CHECK(out[1].identity_type.empty());
    CHECK_FALSE(out[1].code);
    const std::string negative = data_error_of([&] {
        decode_employees(page(R"({"id":"e3","code":-1})"), "employees page 5", out);
    });
    CHECK_THAT(negative, Catch::StartsWith("employees page 5: entry 0: field code"));
    CHECK_THAT(negative, Catch::Contains("from 0 to"));
    CHECK_THAT(data_error_of([&] {
                   decode_employees(page(R"({"id":"e3","code":"7"})"), "employees page 1", out);
               }),
               Catch::Contains("field code"));
    CHECK_THAT(data_error_of([&] {
                   decode_employees(page(R"({"id":"e3","nid":5})"), "employees page 1", out);
               }),
               Catch::Contains("field nid: expected a string"));
}

TEST_CASE("employees: ssn trimmed, null, absent or blank is none, wrong type or length refused",
          "[payroll][decoder]") {
    std::vector<EmployeeRecord> out;
    decode_employees(page(R"({"id":"e1","ssn":" 281234567840 "},{"id":"e2","ssn":null},)"
                          R"({"id":"e3"},{"id":"e4","ssn":"  "})"),
                     "employees page 1", out);
    REQUIRE(out.size() == 4);
    CHECK(out[0].ssn == "281234567840");
    CHECK(out[1].ssn.empty());
    CHECK(out[2].ssn.empty());
    CHECK(out[3].ssn.empty());
    const std::string number = data_error_of([&] {
        decode_employees(page(R"({"id":"e5","ssn":281234567840})"), "employees page 3", out);
    });
    CHECK_THAT(number, Catch::StartsWith("employees page 3: entry 0: field ssn: expected a string"));
    const std::string too_long = data_error_of([&] {
        decode_employees(page(R"({"id":"e1"},{"id":"e6","ssn":")" + std::string(41, '1') + "\"}"),
                         "employees page 2", out);
    });
    CHECK_THAT(too_long, Catch::StartsWith("employees page 2: entry 1: field ssn"));
    CHECK_THAT(too_long, Catch::Contains("at most 40 bytes, got 41 bytes"));
}

namespace {

// A check-validation item; `field=value` pairs replace the good values
// (value: JSON text, "" drops the field).
std::string validation_item(std::initializer_list<std::pair<std::string, std::string>> with = {}) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"id", R"("v1")"},
        {"employee", R"({"id":")" + kEmp + R"(","firstName":"Ana"})"},
        {"startDate", R"("2024-01-01")"},
        {"endDate", R"("2024-01-31")"},
        {"status", R"("accepted")"},
        {"lastSent", R"("2024-02-01T23:30:00-01:00")"},
        {"timesSent", "2"},
        {"createdAt", R"("2024-02-01T09:00:00+01:00")"},
        {"updatedAt", R"("2024-02-03T00:30:00+01:00")"},
    };
    for (const auto& [name, value] : with)
        for (auto& f : fields)
            if (f.first == name) f.second = value;
    std::string out = "{";
    for (const auto& [name, value] : fields) {
        if (value.empty()) continue;
        if (out.size() > 1) out += ',';
        out += '"' + name + "\":" + value;
    }
    return out + "}";
}

std::string validation_error(std::initializer_list<std::pair<std::string, std::string>> with) {
    std::vector<ValidationItem> out;
    return data_error_of([&] {
        decode_check_validations(page(validation_item(with)), "check-validation page 2", out);
    });
}

}  // namespace

TEST_CASE("check-validation: employee, period, status and dates on their own clock",
          "[payroll][decoder][validation]") {
    std::vector<ValidationItem> out;
    const PageMeta meta = decode_check_validations(page(validation_item()), "check-validation page 1", out);
    CHECK(meta.last_page == 1);
    decode_check_validations(
        page(validation_item({{"status", R"("unsent")"}, {"lastSent", "null"}, {"timesSent", "0"}})),
        "check-validation page 1", out);
    decode_check_validations(page(validation_item({{"status", R"("sent")"}, {"lastSent", ""}, {"createdAt", ""}})),
                             "check-validation page 1", out);
    decode_check_validations(page(validation_item({{"status", R"("rejected")"}})),
                             "check-validation page 1", out);
    REQUIRE(out.size() == 4);
    const CheckValidation& v = out[0].validation;
    CHECK(out[0].employee_id == kEmp);
    CHECK(v.start_day == day("2024-01-01"));
    CHECK(v.end_day == day("2024-01-31"));
    CHECK(v.status == ValidationStatus::accepted);
    CHECK(v.times_sent == 2);
    // The dates as their own clocks give them (not UTC's).
    CHECK(v.last_sent_day == day("2024-02-01"));
    CHECK(v.updated_day == day("2024-02-03"));
    CHECK(v.updated_utc == days_from_civil(CivilDate{2024, 2, 2}) * 86400 + 23 * 3600 + 30 * 60);
    CHECK(out[1].validation.status == ValidationStatus::unsent);
    CHECK_FALSE(out[1].validation.last_sent_day);
    CHECK(out[1].validation.times_sent == 0);
    CHECK(out[2].validation.status == ValidationStatus::sent);
    CHECK_FALSE(out[2].validation.last_sent_day);
    CHECK(out[3].validation.status == ValidationStatus::rejected);
}

TEST_CASE("check-validation: each bad field is named with what was expected",
          "[payroll][decoder][validation]") {
    const auto names = [](const std::string& msg, const std::string& field) {
        INFO(msg);
        CHECK_THAT(msg, Catch::StartsWith("check-validation page 2: entry 0: field " + field));
    };
    names(validation_error({{"employee", ""}}), "employee: expected an object");
    names(validation_error({{"employee", R"({"firstName":"A"})"}}), "employee.id: expected a string");
    names(validation_error({{"startDate", R"("2024-13-01")"}}), "startDate: expected a date Y-m-d");
    names(validation_error({{"startDate", ""}}), "startDate: expected a string, got nothing");
    names(validation_error({{"endDate", R"("1969-12-31")"}}), "endDate: expected a date Y-m-d");
    const std::string before = validation_error({{"endDate", R"("2023-12-31")"}});
    names(before, "endDate: expected a date not before startDate 2024-01-01");
    CHECK_THAT(before, Catch::Contains("got 2023-12-31"));
    const std::string status = validation_error({{"status", R"("approved")"}});
    names(status, "status: expected \"unsent\", \"sent\", \"accepted\" or \"rejected\"");
    CHECK_THAT(status, Catch::Contains("got \"approved\""));
    names(validation_error({{"status", ""}}), "status: expected a string");
    names(validation_error({{"lastSent", R"("yesterday")"}}), "lastSent: expected a timestamp");
    names(validation_error({{"lastSent", "5"}}), "lastSent: expected a string");
    names(validation_error({{"timesSent", "-1"}}), "timesSent: expected a whole number from 0 to");
    names(validation_error({{"timesSent", "1.5"}}), "timesSent: expected a whole number");
    names(validation_error({{"timesSent", std::to_string(kMaxTimesSent + 1)}}),
          "timesSent: expected a whole number from 0 to " + std::to_string(kMaxTimesSent));
    names(validation_error({{"createdAt", R"("2024-02-30T09:00:00+01:00")"}}),
          "createdAt: expected a timestamp");
    names(validation_error({{"updatedAt", ""}}), "updatedAt: expected a timestamp");
    names(validation_error({{"updatedAt", R"("2500-01-01T00:00:00Z")"}}),
          "updatedAt: expected a timestamp Y-m-dTH:i:sP from 1970 to 2200");
}

TEST_CASE("offices: coordinates and radio make an area, without either, none",
          "[payroll][decoder][place]") {
    std::vector<OfficeItem> out;
    decode_offices(
        page(R"({"id":"o1","name":"Oficina Madrid","address":"x","coordinates":)"
             R"({"latitude":40.4168,"longitude":-3.7038},"description":"d","radio":250})"),
        "offices page 1", out);
    decode_offices(page(R"({"id":"o2","coordinates":null,"radio":250})"), "offices page 1", out);
    decode_offices(page(R"({"id":"o3","coordinates":{"latitude":41,"longitude":2}})"),
                   "offices page 1", out);
    decode_offices(page(R"({"id":"o4","coordinates":{"latitude":0,"longitude":0},"radio":9})"),
                   "offices page 1", out);
    decode_offices(page(R"({"id":"o5","coordinates":{"latitude":-90,"longitude":180},"radio":0})"),
                   "offices page 1", out);
    REQUIRE(out.size() == 5);
    CHECK(out[0].id == "o1");
    CHECK(out[0].name == "Oficina Madrid");
    REQUIRE(out[0].has_area);
    CHECK(out[0].area.lat_e7 == 404168000);
    CHECK(out[0].area.lon_e7 == -37038000);
    CHECK(out[0].area.radius_m == 250);
    CHECK_FALSE(out[1].has_area);  // no coordinates
    CHECK_FALSE(out[2].has_area);  // no radio
    CHECK_FALSE(out[3].has_area);  // (0, 0): never placed
    REQUIRE(out[4].has_area);      // the limits themselves are places
    CHECK(out[4].area.lat_e7 == -900000000);
    CHECK(out[4].area.lon_e7 == 1800000000);
    CHECK(out[4].area.radius_m == 0);
}

TEST_CASE("offices: bad coordinates and radio are named", "[payroll][decoder][place]") {
    const auto error = [](const std::string& item) {
        std::vector<OfficeItem> out;
        return data_error_of([&] { decode_offices(page(item), "offices page 3", out); });
    };
    const std::string lat =
        error(R"({"id":"o","coordinates":{"latitude":90.0000001,"longitude":0},"radio":1})");
    CHECK_THAT(lat, Catch::StartsWith("offices page 3: entry 0: field coordinates.latitude: "
                                      "expected a number of degrees from -90 to 90"));
    CHECK_THAT(error(R"({"id":"o","coordinates":{"latitude":1,"longitude":-180.5},"radio":1})"),
               Catch::Contains("field coordinates.longitude: expected a number of degrees from "
                               "-180 to 180, got -180.5"));
    CHECK_THAT(error(R"({"id":"o","coordinates":{"latitude":"40.4","longitude":1},"radio":1})"),
               Catch::Contains("field coordinates.latitude"));
    CHECK_THAT(error(R"({"id":"o","coordinates":{"latitude":40.4},"radio":1})"),
               Catch::Contains("field coordinates: expected latitude and longitude, both or "
                               "neither"));
    CHECK_THAT(error(R"({"id":"o","coordinates":[1,2],"radio":1})"),
               Catch::Contains("field coordinates: expected an object"));
    CHECK_THAT(error(R"({"id":"o","radio":-1})"),
               Catch::Contains("field radio: expected a whole number of metres from 0 to 100000"));
    CHECK_THAT(error(R"({"id":"o","radio":100001})"), Catch::Contains("field radio"));
    CHECK_THAT(error(R"({"id":"o","radio":2.5})"), Catch::Contains("field radio"));
    CHECK_THAT(error(R"({"name":"x"})"), Catch::Contains("field id: expected a string"));
}

TEST_CASE("payroll pages: the body must be a whole JSON page", "[payroll][decoder]") {
    std::vector<WorkedHoursItem> out;
    const std::string cut = page(worked_item("1")).substr(0, 40);
    CHECK_THAT(data_error_of([&] { decode_worked_hours(cut, "worked-hours page 2", 86400, out); }),
               Catch::StartsWith("worked-hours page 2: not a JSON object"));
    CHECK_THAT(data_error_of([&] {
                   decode_worked_hours(R"({"data":[]})", "worked-hours page 1", 86400, out);
               }),
               Catch::Contains("meta"));
}
