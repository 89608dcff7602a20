// The payroll sources' endpoints through the metadata decoders' toolbox
// (api/json_body.hpp): the body checked whole, then only the fields the
// report uses are read, each range-checked (docs/DESIGN.md "Payroll
// sources").
#include "api/payroll_decoder.hpp"

#include <algorithm>
#include <cmath>

#include "api/json_body.hpp"
#include "api/timestamp.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

using namespace json;  // NOLINT(google-build-using-namespace): this file's toolbox

// The value as the body spells it, cut short for a message.
std::string spelled(od::value& v) {
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                            raw.back() == '\t'))
        raw.remove_suffix(1);
    if (raw.size() > 40) return std::string(raw.substr(0, 40)) + "...";
    return std::string(raw);
}

// One item of a page: reads its fields (or its nested objects' fields) and
// names "<what>: entry <i>: field <path>: expected ..., got ..." when one is
// wrong.
class Item {
  public:
    Item(std::string_view what, std::size_t index) : what_(what), index_(index) {}

    [[noreturn]] void bad(std::string_view field, std::string_view expected,
                          const std::string& got = {}) const {
        std::string msg = "entry " + std::to_string(index_) + ": field " + std::string(field) +
                          ": expected " + std::string(expected);
        if (!got.empty()) msg += ", got " + got;
        fail(what_, msg);
    }

    // The field `key` of obj (path names it in errors), nullopt when absent
    // or null.
    static std::optional<od::value> present(od::object& obj, std::string_view key) {
        auto f = member(obj, key);
        bool null = false;
        if (!f || (!f->is_null().get(null) && null)) return std::nullopt;
        return f;
    }

    std::string text(od::object& obj, std::string_view key, std::string_view path,
                     bool required) const {
        auto f = present(obj, key);
        if (!f) {
            if (required) bad(path, "a string", "nothing (missing or null)");
            return {};
        }
        std::string_view s;
        if (f->get_string().get(s)) bad(path, "a string", spelled(*f));
        return std::string(s);
    }

    od::object object(od::object& obj, std::string_view key, std::string_view path) const {
        auto f = present(obj, key);
        od::object o;
        if (!f) bad(path, "an object", "nothing (missing or null)");
        if (f->get_object().get(o)) bad(path, "an object", spelled(*f));
        return o;
    }

    // A whole number in [lo, hi]; nullopt when absent or null.
    std::optional<int64_t> number(od::object& obj, std::string_view key, std::string_view path,
                                  int64_t lo, int64_t hi, std::string_view unit) const {
        auto f = present(obj, key);
        if (!f) return std::nullopt;
        int64_t x = 0;
        if (f->get_int64().get(x) || x < lo || x > hi)
            bad(path,
                "a whole number " + of(unit) + "from " + std::to_string(lo) + " to " +
                    std::to_string(hi),
                spelled(*f));
        return x;
    }

    int64_t required_number(od::object& obj, std::string_view key, std::string_view path,
                            int64_t lo, int64_t hi, std::string_view unit) const {
        auto x = number(obj, key, path, lo, hi, unit);
        if (!x)
            bad(path, "a whole number " + of(unit), "nothing (missing or null)");
        return *x;
    }

    // A date Y-m-d of a year in [kMinYear, kMaxYear], as days since the epoch.
    int32_t date(od::object& obj, std::string_view key, std::string_view path) const {
        const std::string s = text(obj, key, path, true);
        const auto d = parse_iso_date(s);
        if (!d || d->year < kMinYear || d->year > kMaxYear)
            bad(path,
                "a date Y-m-d from " + std::to_string(kMinYear) + " to " +
                    std::to_string(kMaxYear),
                '"' + s.substr(0, 40) + '"');
        return static_cast<int32_t>(days_from_civil(*d));
    }

    // Degrees in [-limit, limit] as 1e-7 degrees; nullopt when absent or null.
    std::optional<int32_t> degrees(od::object& obj, std::string_view key, std::string_view path,
                                   double limit) const {
        auto f = present(obj, key);
        if (!f) return std::nullopt;
        double v = 0;
        const std::string range = "a number of degrees from " + std::to_string(-static_cast<int>(limit)) +
                                  " to " + std::to_string(static_cast<int>(limit));
        if (f->get_double().get(v) || !(v >= -limit && v <= limit)) bad(path, range, spelled(*f));
        return static_cast<int32_t>(std::llround(v * 1e7));
    }

    // A timestamp with its offset, of a year in [kMinYear, kMaxYear];
    // nullopt when absent or null (an error then when required).
    std::optional<Timestamp> timestamp(od::object& obj, std::string_view key,
                                       std::string_view path, bool required) const {
        if (!present(obj, key)) {
            if (required) bad(path, "a timestamp", "nothing (missing or null)");
            return std::nullopt;
        }
        const std::string s = text(obj, key, path, true);
        const auto t = parse_timestamp(s);
        const auto year = [](const Timestamp& ts) {
            return civil_from_days(floor_div(ts.local(), 86400)).year;
        };
        if (!t || year(*t) < kMinYear || year(*t) > kMaxYear)
            bad(path,
                "a timestamp Y-m-dTH:i:sP from " + std::to_string(kMinYear) + " to " +
                    std::to_string(kMaxYear),
                '"' + s.substr(0, 40) + '"');
        return t;
    }

  private:
    static std::string of(std::string_view unit) {
        return unit.empty() ? std::string() : "of " + std::string(unit) + " ";
    }

    std::string_view what_;
    std::size_t index_;
};

std::string trimmed(std::string s) {
    const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

int32_t local_date(const Timestamp& t) {
    return static_cast<int32_t>(floor_div(t.local(), 86400));
}

std::string date_text(int32_t day) {
    return format_iso_date(civil_from_days(day));
}

constexpr int64_t kMaxCode = 999'999'999'999;  // an employee code beyond this is not a code
constexpr std::size_t kMaxSsn = 40;  // a longer "Social Security number" is not one

}  // namespace

PageMeta decode_worked_hours(std::string_view body, std::string_view what, int64_t max_seconds,
                             std::vector<WorkedHoursItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        WorkedHoursItem w;
        w.employee_id = it.text(o, "employeeId", "employeeId", true);
        const int64_t worked_max = max_seconds + kMaxOverrunSeconds;
        w.worked_s = it.number(o, "secondsWorked", "secondsWorked", 0, worked_max, "seconds");
        w.to_work_s = it.number(o, "secondsToWork", "secondsToWork", 0, max_seconds, "seconds");
        w.balance_s =
            it.number(o, "secondsBalance", "secondsBalance", -max_seconds, worked_max, "seconds");
        out.push_back(std::move(w));
    });
}

PageMeta decode_night_hours(std::string_view body, std::string_view what, int64_t max_seconds,
                            std::vector<NightHoursItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        NightHoursItem n;
        n.employee_id = it.text(o, "employeeId", "employeeId", true);
        n.night_s = it.number(o, "secondsWorkedNight", "secondsWorkedNight", 0,
                              max_seconds + kMaxOverrunSeconds, "seconds");
        out.push_back(std::move(n));
    });
}

PageMeta decode_absence_types(std::string_view body, std::string_view what,
                              std::vector<AbsenceTypeItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        AbsenceTypeItem t;
        t.id = it.text(o, "id", "id", true);
        t.name = it.text(o, "name", "name", false);
        const std::string r = it.text(o, "remuneratedType", "remuneratedType", true);
        if (r != "remunerated" && r != "not_remunerated")
            it.bad("remuneratedType", "\"remunerated\" or \"not_remunerated\"",
                   '"' + r.substr(0, 40) + '"');
        t.remunerated = r == "remunerated";
        out.push_back(std::move(t));
    });
}

PageMeta decode_days_off(std::string_view body, std::string_view what,
                         std::vector<DayOffItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        DayOffItem d;
        d.day = it.date(o, "date", "date");
        d.seconds = it.number(o, "seconds", "seconds", 0, kMaxDaySeconds, "seconds").value_or(0);
        // calendar.absenceType: absence days carry it, vacation days do not.
        if (auto cal = Item::present(o, "calendar")) {
            od::object calendar;
            if (cal->get_object().get(calendar)) it.bad("calendar", "an object", spelled(*cal));
            if (Item::present(calendar, "absenceType")) {
                od::object type = it.object(calendar, "absenceType", "calendar.absenceType");
                d.type_id = it.text(type, "id", "calendar.absenceType.id", true);
                d.type_name = it.text(type, "name", "calendar.absenceType.name", false);
            }
        }
        od::object employee = it.object(o, "employee", "employee");
        d.employee_id = it.text(employee, "id", "employee.id", true);
        out.push_back(std::move(d));
    });
}

PageMeta decode_holiday_calendars(std::string_view body, std::string_view what,
                                  std::vector<HolidayCalendarItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        HolidayCalendarItem c;
        c.id = it.text(o, "id", "id", true);
        c.name = it.text(o, "name", "name", false);
        if (auto days = Item::present(o, "dayOff")) {
            od::array list;
            if (days->get_array().get(list)) it.bad("dayOff", "an array", spelled(*days));
            std::size_t k = 0;
            for (auto element : list) {
                const std::string path = "dayOff[" + std::to_string(k) + "]";
                od::object day;
                if (element.get_object().get(day)) it.bad(path, "an object");
                c.days.push_back(it.date(day, "date", path + ".date"));
                c.day_names.push_back(it.text(day, "name", path + ".name", false));
                ++k;
            }
        }
        out.push_back(std::move(c));
    });
}

PageMeta decode_holidays(std::string_view body, std::string_view what,
                         std::vector<HolidayItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        HolidayItem h;
        od::object day = it.object(o, "dayOff", "dayOff");
        h.day = it.date(day, "date", "dayOff.date");
        h.name = it.text(day, "name", "dayOff.name", false);
        od::object employee = it.object(o, "employee", "employee");
        h.employee_id = it.text(employee, "id", "employee.id", true);
        out.push_back(std::move(h));
    });
}

PageMeta decode_check_validations(std::string_view body, std::string_view what,
                                  std::vector<ValidationItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        ValidationItem v;
        CheckValidation& c = v.validation;
        // Fields in the document's order: On-Demand reads forward.
        od::object employee = it.object(o, "employee", "employee");
        v.employee_id = it.text(employee, "id", "employee.id", true);
        c.start_day = it.date(o, "startDate", "startDate");
        c.end_day = it.date(o, "endDate", "endDate");
        if (c.end_day < c.start_day)
            it.bad("endDate", "a date not before startDate " + date_text(c.start_day),
                   date_text(c.end_day));
        const std::string status = it.text(o, "status", "status", true);
        if (status == "unsent")
            c.status = ValidationStatus::unsent;
        else if (status == "sent")
            c.status = ValidationStatus::sent;
        else if (status == "accepted")
            c.status = ValidationStatus::accepted;
        else if (status == "rejected")
            c.status = ValidationStatus::rejected;
        else
            it.bad("status", "\"unsent\", \"sent\", \"accepted\" or \"rejected\"",
                   '"' + status.substr(0, 40) + '"');
        if (const auto sent = it.timestamp(o, "lastSent", "lastSent", false))
            c.last_sent_day = local_date(*sent);
        c.times_sent = it.number(o, "timesSent", "timesSent", 0, kMaxTimesSent, "").value_or(0);
        it.timestamp(o, "createdAt", "createdAt", false);
        const Timestamp updated = *it.timestamp(o, "updatedAt", "updatedAt", true);
        c.updated_utc = updated.utc;
        c.updated_day = local_date(updated);
        out.push_back(std::move(v));
    });
}

PageMeta decode_offices(std::string_view body, std::string_view what,
                        std::vector<OfficeItem>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        OfficeItem office;
        office.id = it.text(o, "id", "id", true);
        office.name = it.text(o, "name", "name", false);
        std::optional<int32_t> lat, lon;
        if (Item::present(o, "coordinates")) {
            od::object c = it.object(o, "coordinates", "coordinates");
            lat = it.degrees(c, "latitude", "coordinates.latitude", 90);
            lon = it.degrees(c, "longitude", "coordinates.longitude", 180);
            if (lat.has_value() != lon.has_value())
                it.bad("coordinates", "latitude and longitude, both or neither");
        }
        const auto radio = it.number(o, "radio", "radio", 0, kMaxOfficeRadiusM, "metres");
        // (0, 0): an office never placed on the map, as a clock without a fix.
        const bool placed = lat && lon && (*lat != 0 || *lon != 0);
        if (placed && radio) {
            office.has_area = true;
            office.area = Office{*lat, *lon, *radio};
        }
        out.push_back(std::move(office));
    });
}

PageMeta decode_employees(std::string_view body, std::string_view what,
                          std::vector<EmployeeRecord>& out) {
    return each_item(body, what, [&](od::object& o, std::size_t i) {
        const Item it(what, i);
        EmployeeRecord e;
        e.id = it.text(o, "id", "id", true);
        const std::string first = trimmed(it.text(o, "firstName", "firstName", false));
        const std::string last = trimmed(it.text(o, "lastName", "lastName", false));
        e.name = first.empty() || last.empty() ? first + last : first + " " + last;
        e.first_size = static_cast<uint32_t>(first.size());
        e.has_nid = Item::present(o, "nid").has_value();
        e.nid = it.text(o, "nid", "nid", false);
        e.identity_type = it.text(o, "identityNumberType", "identityNumberType", false);
        e.code = it.number(o, "code", "code", 0, kMaxCode, "");
        // The Social Security number, printed as given (a Spanish NAF is 12
        // digits, often written with slashes; other countries differ):
        // only its length is bounded. Blank: none.
        e.ssn = trimmed(it.text(o, "ssn", "ssn", false));
        if (e.ssn.size() > kMaxSsn)
            it.bad("ssn", "a Social Security number of at most " + std::to_string(kMaxSsn) +
                              " bytes",
                   std::to_string(e.ssn.size()) + " bytes");
        out.push_back(std::move(e));
    });
}

}  // namespace reportgen::detail
