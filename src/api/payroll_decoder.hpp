#pragma once
// Decoding of one page of each payroll source's endpoint (docs/DESIGN.md
// "Payroll sources"), as metadata_decoder does for the metadata: simdjson
// On-Demand without a DOM, the body checked whole first. Each function
// appends the page's items to `out` and returns its meta; `what` names the
// endpoint and page in errors ("worked-hours page 3"), which also name the
// item and field and what was expected. Fields the report does not use are
// not read, so unknown extra fields are ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/payroll_sources.hpp"
#include "report/trace.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {

// Bounds of the numbers read (seconds). A period figure is at most
// max_seconds (the loader passes the period's days x 25 h); a balance lies
// within +-max_seconds; a day off covers at most one day (25 h: a DST day).
// Worked and night time may pass max_seconds by kMaxOverrunSeconds: an
// entry counts on its workday whole, so a forgotten clock-out (a 32 h entry,
// issue 19) makes a day's figure longer than the day.
inline constexpr int64_t kMaxDaySeconds = 25 * 3600;
inline constexpr int64_t kMaxOverrunSeconds = 1000 * 3600;
// A year a holiday or a day off may fall in (anything else is a broken date).
inline constexpr int kMinYear = 1970;
inline constexpr int kMaxYear = 2200;

// GET /schedule/v1/reports/worked-hours: one item per employee. A figure
// that is absent or null stays nullopt.
struct WorkedHoursItem {
    std::string employee_id;
    std::optional<int64_t> worked_s, to_work_s, balance_s;
};
PageMeta decode_worked_hours(std::string_view body, std::string_view what, int64_t max_seconds,
                             std::vector<WorkedHoursItem>& out);

// GET /schedule/v1/reports/worked-night-hours.
struct NightHoursItem {
    std::string employee_id;
    std::optional<int64_t> night_s;
};
PageMeta decode_night_hours(std::string_view body, std::string_view what, int64_t max_seconds,
                            std::vector<NightHoursItem>& out);

// GET /schedule/v1/absence-types: remuneratedType "remunerated" |
// "not_remunerated" (anything else is a data error: paying or not paying an
// absence must not be a guess).
struct AbsenceTypeItem {
    std::string id;
    std::string name;
    bool remunerated = false;
};
PageMeta decode_absence_types(std::string_view body, std::string_view what,
                              std::vector<AbsenceTypeItem>& out);

// GET /schedule/v1/absence-day-off and /vacation-day-off: date, seconds,
// calendar.absenceType (absence days; absent for vacation), employee.id.
struct DayOffItem {
    int32_t day = 0;  // days since the epoch
    int64_t seconds = 0;
    std::string employee_id;
    std::string type_id;    // calendar.absenceType.id ("" when absent)
    std::string type_name;  // calendar.absenceType.name
};
PageMeta decode_days_off(std::string_view body, std::string_view what,
                         std::vector<DayOffItem>& out);

// GET /schedule/v1/holiday-calendar: the company's calendars and their days.
struct HolidayCalendarItem {
    std::string id;
    std::string name;
    std::vector<int32_t> days;  // dayOff[].date, as listed
    std::vector<std::string> day_names;  // dayOff[].name ("" when absent), one per day
};
PageMeta decode_holiday_calendars(std::string_view body, std::string_view what,
                                  std::vector<HolidayCalendarItem>& out);

// GET /schedule/v1/holidays?employeeId=&year=: employee.id, dayOff{name,date}.
struct HolidayItem {
    std::string employee_id;
    int32_t day = 0;
    std::string name;
};
PageMeta decode_holidays(std::string_view body, std::string_view what,
                         std::vector<HolidayItem>& out);

// GET /schedule/v1/check-validation: employee.id, startDate and endDate
// (Y-m-d, start <= end), status (unsent | sent | accepted | rejected),
// lastSent (a timestamp, null when never sent), timesSent (0 to
// kMaxTimesSent), createdAt and updatedAt (timestamps; updatedAt required,
// createdAt checked when given).
inline constexpr int64_t kMaxTimesSent = 100000;
struct ValidationItem {
    std::string employee_id;
    CheckValidation validation;
};
PageMeta decode_check_validations(std::string_view body, std::string_view what,
                                  std::vector<ValidationItem>& out);

// GET /core/v3/offices (the on-site / remote rule's offices, docs/DESIGN.md
// "Traceability and place of work"): id, name, coordinates {latitude
// -90..90, longitude -180..180} (numbers; null or absent: none; (0, 0), an
// office never placed on the map, none too) and radio (whole metres,
// 0..kMaxOfficeRadiusM; null or absent: none). An office without
// coordinates or radio cannot place a clock-in: has_area false.
inline constexpr int64_t kMaxOfficeRadiusM = 100'000;
struct OfficeItem {
    std::string id;
    std::string name;
    bool has_area = false;
    Office area;  // when has_area
};
PageMeta decode_offices(std::string_view body, std::string_view what,
                        std::vector<OfficeItem>& out);

// GET /core/v3/employees: id, firstName, lastName, nid and identityNumberType
// (null allowed, as in the work entries' employee), code (an integer >= 0;
// absent or null: none), ssn (a string of at most 40 bytes, trimmed; absent,
// null or blank: none).
PageMeta decode_employees(std::string_view body, std::string_view what,
                          std::vector<EmployeeRecord>& out);

}  // namespace reportgen::detail
