#include "mockapi/payroll_renderer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "mockapi/profile.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {

namespace {

void append_date(std::string& out, int64_t day) {
    out += '"';
    out += format_iso_date(civil_from_days(day));
    out += '"';
}

void append_uuid_field(std::string& out, std::string_view name, const Uuid& id) {
    out += '"';
    out += name;
    out += "\":\"";
    append_uuid(out, id);
    out += '"';
}

void append_coordinate(std::string& out, double v, bool quoted) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6);
    if (quoted) out += '"';
    out.append(buf, r.ptr);
    if (quoted) out += '"';
}

// A Spanish social security number: province, eight digits, mod-97 control.
std::string make_ssn(uint64_t h) {
    const uint64_t province = 1 + h % 52, number = (h >> 8) % 100000000;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u%08u%02u", static_cast<unsigned>(province),
                  static_cast<unsigned>(number),
                  static_cast<unsigned>((province * 100000000 + number) % 97));
    return buf;
}

// A Spanish IBAN ("ES" + check digits + 20 digits) with valid check digits.
std::string make_iban(uint64_t h) {
    char bban[24];
    std::snprintf(bban, sizeof bban, "%04u%04u%02u%010llu", static_cast<unsigned>(h % 10000),
                  static_cast<unsigned>((h >> 14) % 10000), static_cast<unsigned>((h >> 28) % 100),
                  static_cast<unsigned long long>(splitmix64(h) % 10000000000ULL));
    unsigned mod = 0;
    for (const char c : std::string(bban) + "142800")  // "ES00": E = 14, S = 28
        mod = (mod * 10 + static_cast<unsigned>(c - '0')) % 97;
    char buf[32];
    std::snprintf(buf, sizeof buf, "ES%02u%s", 98 - mod, bban);
    return buf;
}

// Fixed rates for the contracts' `currency` (salaries are kept in euros).
double currency_rate(std::string_view currency) {
    if (currency == "USD") return 1.08;
    if (currency == "MXN") return 18.5;
    return 1.0;
}

}  // namespace

std::string render_page(uint64_t total, uint64_t page, uint64_t limit,
                        const std::function<void(std::string&, uint64_t)>& item) {
    const PageMeta meta = make_meta(page, limit, total);
    const uint64_t first = page - 1 > total / limit ? total : (page - 1) * limit;
    std::string out = "{\"data\":[";
    for (uint64_t i = first; i < total && i < first + limit; ++i) {
        if (i != first) out += ',';
        item(out, i);
    }
    out += "],";
    append_meta(out, meta);
    out += '}';
    return out;
}

std::string_view validation_status_name(ValidationStatus s) noexcept {
    switch (s) {
        case ValidationStatus::unsent:
            return "unsent";
        case ValidationStatus::sent:
            return "sent";
        case ValidationStatus::accepted:
            return "accepted";
        case ValidationStatus::rejected:
            return "rejected";
    }
    return "unsent";
}

PayrollRenderer::PayrollRenderer(const Dataset& data, const Schedule& schedule,
                                 const PageRenderer& page)
    : data_(data), schedule_(schedule), page_(page) {
    employees_.resize(data.employees().size());
    for (uint32_t i = 0; i < employees_.size(); ++i) {
        render_employee(i, employees_[i]);
        cities_.push_back(make_profile(data.shape().seed, i).city);
    }
}

void PayrollRenderer::append_stamps(std::string& out, uint64_t h) const {
    const int64_t created = past_instant(h);
    out += "\"createdAt\":\"";
    append_timestamp(out, created, false);
    out += "\",\"updatedAt\":\"";
    append_timestamp(out, created + static_cast<int64_t>((h >> 40) % (300 * 86400)), false);
    out += '"';
}

// The document's employee object: the same names, identity, code, city,
// job and contract as the work entries' employee (fat or lean).
void PayrollRenderer::render_employee(uint32_t index, std::string& out) const {
    const Employee& e = data_.employees()[index];
    const uint64_t seed = data_.shape().seed;
    const Profile p = make_profile(seed, index);
    const uint64_t h = hash_of(seed, Domain::contract, index);
    out += '{';
    append_uuid_field(out, "id", e.id);
    out += ",\"firstName\":";
    append_json_string(out, e.first_name);
    out += ",\"lastName\":";
    append_json_string(out, e.last_name);
    out += ",\"email\":\"empleado" + std::to_string(e.code) +
           "@demo-iberica.example\",\"workStatus\":\"offline\",\"imageProfileURL\":";
    append_json_string(out,
                       "https://cdn.demo-iberica.example/profiles/" + uuid_string(e.id) + ".jpg");
    out +=
        ",\"code\":" + std::to_string(e.code) + ",\"pin\":" + std::to_string(1000 + e.code % 9000);
    out += ",\"phone\":\"" + p.phone + "\",\"company\":";
    page_.append_company(out, false);
    out += ",\"gender\":\"";
    out += p.female ? "female" : "male";
    out += "\",\"contractId\":\"" + uuid_string(p.contract_id) + "\",\"nid\":";
    if (e.nid) {
        append_json_string(out, *e.nid);
    } else {
        out += "null";
    }
    out += ",\"identityNumberType\":";
    if (e.identity_type) {
        append_json_string(out, *e.identity_type);
    } else {
        out += "null";
    }
    // One worker in 64 has no Social Security number on file (null), so
    // that a report's "not available" is seen even in a small company.
    out += ",\"ssn\":";
    out += index % 64 == 1 ? std::string("null") : '"' + make_ssn(h) + '"';
    out += ",\"accountNumber\":\"" + make_iban(h >> 7) +
           "\",\"dateOfBirth\":\"" + p.birth_date + "\",\"customFields\":[{";
    append_uuid_field(out, "id", make_indexed_uuid(hash_of(seed, Domain::custom_field, 2), 2));
    out += ',';
    append_uuid_field(out, "companyId", data_.company_id());
    out += ",\"name\":\"Turno\",\"slug\":\"turno\",\"type\":\"text\",\"value\":";
    append_json_string(out, shift_name(e.shift));
    out += "}],";
    append_stamps(out, h);
    out += ",\"status\":\"active\",\"children\":" + std::to_string(h % 3) +
           ",\"disability\":0,\"address\":";
    append_json_string(out, p.address);
    const City& city = kCities[p.city];
    out += ",\"postalCode\":\"" + p.postal_code + "\",\"city\":";
    append_json_string(out, city.name);
    out += ",\"province\":";
    append_json_string(out, city.province);
    out += ",\"country\":\"ES\",\"nationality\":\"ES\",\"personalMail\":null,";
    append_uuid_field(out, "jobChargeId", job_charge_id(seed, p.job));
    out += ",\"jobChargeName\":";
    append_json_string(out, kJobs[p.job]);
    out += ",\"language\":\"es-ES\"}";
}

void PayrollRenderer::append_office(std::string& out, std::size_t city) const {
    const City& c = kCities[city];
    out += '{';
    append_uuid_field(out, "id", office_id(data_.shape().seed, city));
    out += ",\"name\":";
    append_json_string(out, std::string("Oficina ") + std::string(c.name));
    out += ",\"address\":";
    append_json_string(out, std::string(c.address) + ", " + std::string(c.name));
    out += ",\"coordinates\":{\"latitude\":";
    append_coordinate(out, c.latitude, false);
    out += ",\"longitude\":";
    append_coordinate(out, c.longitude, false);
    out += "},\"description\":";
    append_json_string(out, std::string("Centro de trabajo de ") + std::string(c.name));
    out += ",\"radio\":" + std::to_string(kOfficeRadio) + '}';
}

void PayrollRenderer::append_worked_hours(std::string& out, uint32_t employee, int64_t worked,
                                          int64_t to_work) const {
    out += '{';
    append_uuid_field(out, "employeeId", data_.employees()[employee].id);
    out += ",\"secondsWorked\":" + std::to_string(worked) +
           ",\"secondsToWork\":" + std::to_string(to_work) +
           ",\"secondsBalance\":" + std::to_string(worked - to_work) + '}';
}

void PayrollRenderer::append_night_hours(std::string& out, uint32_t employee, int64_t night) const {
    out += '{';
    append_uuid_field(out, "employeeId", data_.employees()[employee].id);
    out += ",\"secondsWorkedNight\":" + std::to_string(night) + '}';
}

void PayrollRenderer::append_absence_days(
    std::string& out, uint32_t employee,
    const std::vector<std::pair<int64_t, int64_t>>& days) const {
    out += '{';
    append_uuid_field(out, "employeeId", data_.employees()[employee].id);
    out += ",\"days\":[";
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (i) out += ',';
        out += "{\"date\":";
        append_date(out, days[i].first);
        out += ",\"secondsWorked\":" + std::to_string(days[i].second) + '}';
    }
    out += "]}";
}

void PayrollRenderer::append_vacation_configuration(std::string& out, int year) const {
    const uint64_t h = hash_of(data_.shape().seed, Domain::day_off, 0x7AC, year);
    out += "\"vacationConfiguration\":{";
    append_uuid_field(out, "id", make_indexed_uuid(h, static_cast<uint64_t>(year)));
    out += ",\"name\":\"Vacaciones " + std::to_string(year) +
           "\",\"employeeRequestEnabled\":true,\"needsValidation\":true,"
           "\"dayType\":\"business_day\",\"maxDaysOff\":22,\"isDefault\":true,"
           "\"notAllowedDateRanges\":[],";
    append_stamps(out, h);
    out += ',';
    append_uuid_field(out, "createdBy",
                      data_.employees().empty() ? Uuid{} : data_.employees()[0].id);
    out += '}';
}

void PayrollRenderer::append_day_off(std::string& out, const DayOff& d) const {
    const int year = civil_from_days(d.day).year;
    const bool vacation = d.kind == DayOffKind::vacation;
    out += '{';
    append_uuid_field(out, "id", schedule_.day_off_id(d));
    out += ",\"date\":";
    append_date(out, d.day);
    out += ",\"seconds\":" + std::to_string(d.seconds) + ",\"calendar\":{";
    append_uuid_field(out, "id",
                      vacation ? schedule_.vacation_calendar_id(year)
                               : schedule_.absence_calendar_id(d.absence_type, year));
    out += ",\"maxDaysOff\":";
    out += vacation ? "22" : "365";
    out += ",\"year\":" + std::to_string(year) + ',';
    if (vacation) {
        append_vacation_configuration(out, year);
    } else {
        const AbsenceType& t = schedule_.absence_types()[d.absence_type];
        out += "\"absenceType\":{";
        append_uuid_field(out, "id", t.id);
        out += ",\"name\":";
        append_json_string(out, t.name);
        out += ",\"needsValidation\":true,";
        append_stamps(out, hash_of(data_.shape().seed, Domain::absence_type, d.absence_type));
        out += ",\"createdBy\":null}";
    }
    out += ',';
    append_stamps(out, hash_of(data_.shape().seed, Domain::day_off, year, d.kind, d.absence_type));
    out += "},\"employee\":" + employees_[d.employee] + '}';
}

void PayrollRenderer::append_absence_type(std::string& out, std::size_t index) const {
    const AbsenceType& t = schedule_.absence_types()[index];
    out += '{';
    append_uuid_field(out, "id", t.id);
    out += ",\"name\":";
    append_json_string(out, t.name);
    out += ",\"needsValidation\":true,\"company\":";
    page_.append_company(out, false);
    out += ',';
    append_stamps(out, hash_of(data_.shape().seed, Domain::absence_type, index));
    out +=
        ",\"deletedAt\":null,\"type\":\"normal\",\"pickMode\":\"by_days\","
        "\"maxPerPeriod\":{\"quantity\":";
    out += t.category == "sick_leave" ? "365" : "10";
    out += ",\"period\":\"year\",\"timeUnit\":\"day\"},\"remuneratedType\":\"";
    out += t.remunerated ? "remunerated" : "not_remunerated";
    out += "\",\"category\":\"";
    out += t.category;
    out += "\",\"status\":\"";
    out += t.active ? "active" : "inactive";
    out += "\",\"documentMode\":\"";
    out += t.category == "sick_leave" ? "mandatory" : "optional";
    out += "\",\"accumulative\":false,\"color\":";
    append_json_string(out, t.color);
    out += '}';
}

void PayrollRenderer::append_holiday(std::string& out, uint32_t employee, const Holiday& h) const {
    out += "{\"employee\":" + employees_[employee] + ",\"dayOff\":{\"name\":";
    append_json_string(out, h.name);
    out += ",\"date\":";
    append_date(out, h.day);
    out += "}}";
}

void PayrollRenderer::append_holiday_calendar(std::string& out, const std::vector<int>& years,
                                              int calendar) const {
    out += '{';
    append_uuid_field(out, "id",
                      calendar == 0 ? schedule_.holiday_calendar_id()
                                    : make_indexed_uuid(hash_of(data_.shape().seed,
                                                                Domain::schedule, 0xCA1u),
                                                        static_cast<uint64_t>(calendar)));
    out += calendar == 0 ? ",\"name\":\"Festivos nacionales\","
                         : ",\"name\":\"Festivos Comunidad de Madrid\",";
    append_uuid_field(out, "companyId", data_.company_id());
    out += ",\"dayOff\":[";
    bool first = true;
    for (const int year : years) {
        for (const Holiday& h : calendar_holidays(year, calendar)) {
            if (!first) out += ',';
            first = false;
            out += '{';
            append_uuid_field(out, "id", schedule_.holiday_id(h.day));
            out += ",\"name\":";
            append_json_string(out, h.name);
            out += ",\"date\":";
            append_date(out, h.day);
            out += '}';
        }
    }
    out += "],";
    append_uuid_field(out, "typeId",
                      make_indexed_uuid(hash_of(data_.shape().seed, Domain::schedule, 0x7E), 1));
    out += calendar == 0 ? ",\"default\":true}" : ",\"default\":false}";
}

ValidationStatus PayrollRenderer::validation_status(uint32_t employee,
                                                    int64_t month_start) const noexcept {
    // The planted cases (violations.hpp) cycle through the four statuses in
    // their table's order (docs/DESIGN.md "The mock's compliance cases").
    if (const auto k = data_.planted_case(employee)) {
        constexpr ValidationStatus kCycle[] = {ValidationStatus::accepted, ValidationStatus::sent,
                                               ValidationStatus::unsent,
                                               ValidationStatus::rejected};
        return kCycle[*k % 4];
    }
    const double u =
        to_unit(hash_of(data_.shape().seed, Domain::validation, employee, month_start));
    if (u < 0.6) return ValidationStatus::accepted;
    if (u < 0.75) return ValidationStatus::sent;
    if (u < 0.9) return ValidationStatus::unsent;
    return ValidationStatus::rejected;
}

void PayrollRenderer::append_validation(std::string& out, uint32_t employee, int64_t month_start,
                                        ValidationStatus status) const {
    const CivilDate m = civil_from_days(month_start);
    const int64_t month_end = month_start + days_in_month(m.year, m.month) - 1;
    const uint64_t h = hash_of(data_.shape().seed, Domain::validation, employee, month_start, 1);
    const int64_t created = madrid_to_utc((month_end + 1) * 86400 + 9 * 3600);
    const int64_t sent = created + static_cast<int64_t>(h % (3 * 86400));
    out += '{';
    append_uuid_field(out, "id", make_uuid(h, splitmix64(h)));
    out += ",\"employee\":" + employees_[employee] + ",\"startDate\":";
    append_date(out, month_start);
    out += ",\"endDate\":";
    append_date(out, month_end);
    out += ",\"status\":\"";
    out += validation_status_name(status);
    out += "\",\"lastSent\":";
    if (status == ValidationStatus::unsent) {
        out += "null";
    } else {
        out += '"';
        append_timestamp(out, sent, false);
        out += '"';
    }
    out += ",\"timesSent\":";
    out += status == ValidationStatus::unsent     ? "0"
           : status == ValidationStatus::rejected ? "2"
                                                  : "1";
    out += ",\"createdAt\":\"";
    append_timestamp(out, created, false);
    out += "\",\"updatedAt\":\"";
    append_timestamp(out, status == ValidationStatus::unsent ? created : sent + 3600, false);
    out += "\"}";
}

int64_t PayrollRenderer::annual_salary(uint32_t employee) const noexcept {
    const Employee& e = data_.employees()[employee];
    const Profile p = make_profile(data_.shape().seed, employee);
    const uint64_t h = hash_of(data_.shape().seed, Domain::contract, employee, 2);
    const int64_t full = 18000 + 2500 * int64_t{p.category} + static_cast<int64_t>(h % 4000);
    return full * weekly_hours(e.schedule) / 40;
}

void PayrollRenderer::append_contract(std::string& out, uint32_t employee, const PeriodFigures& f,
                                      const ContractQuery& q) const {
    const Employee& e = data_.employees()[employee];
    const uint64_t seed = data_.shape().seed;
    const Profile p = make_profile(seed, employee);
    const double rate = currency_rate(q.currency);
    const auto annual = static_cast<int64_t>(static_cast<double>(annual_salary(employee)) * rate);
    const uint64_t h = hash_of(seed, Domain::contract, employee);
    char code[16];
    std::snprintf(code, sizeof code, "%04u", e.code);
    out += "{\"id\":\"" + uuid_string(e.id) + "\",\"firstName\":";
    append_json_string(out, e.first_name);
    out += ",\"lastName\":";
    append_json_string(out, e.last_name);
    out += ",\"imageProfileURL\":";
    append_json_string(out,
                       "https://cdn.demo-iberica.example/profiles/" + uuid_string(e.id) + ".jpg");
    out += ",\"grossAnnualSalary\":" + std::to_string(annual) +
           ",\"compensations\":{\"generalCompensations\":[],\"payrollCompensations\":[]}"
           ",\"position\":";
    append_json_string(out, kJobs[p.job]);
    out += ",\"startDate\":\"" + p.contract_start +
           "\",\"endDate\":null,\"trialPeriod\":{\"quantity\":6,\"trialPeriodType\":\"months\"}"
           ",\"currency\":\"";
    out += q.currency;
    out +=
        "\",\"grossMonthlySalary\":" + std::to_string(annual / 14) + ",\"payPeriod\":{\"value\":\"";
    out += q.period;
    out +=
        "\"},\"prorated\":false,\"businessData\":{\"daysWorked\":" + std::to_string(f.days_worked) +
        ",\"vacationDays\":" + std::to_string(f.vacation_days) +
        ",\"remuneratedAbsences\":" + std::to_string(f.paid_absence_days) +
        ",\"notRemuneratedAbsences\":" + std::to_string(f.unpaid_absence_days) +
        ",\"absenteeismDays\":" + std::to_string(f.paid_absence_days + f.unpaid_absence_days) +
        ",\"workedHolidays\":" + std::to_string(f.holidays_worked) +
        ",\"nonWorkingDaysWorked\":" + std::to_string(f.rest_days_worked) +
        ",\"secondsToWork\":" + std::to_string(f.to_work) +
        ",\"overtime\":" + std::to_string(std::max<int64_t>(0, f.balance())) + ",\"salaryId\":\"" +
        uuid_string(make_uuid(h, 0x5A1A)) +
        "\",\"delays\":0,\"hoursBagRemunerated\":0},\"code\":\"" + code + "\",\"ssn\":\"" +
        make_ssn(h) + '"';
    if (e.nid) {
        out += ",\"dni\":";
        append_json_string(out, *e.nid);
    }
    out += ",\"accountNumber\":\"" + make_iban(h >> 7) + "\",\"offices\":[";
    const City& c = kCities[p.city];
    out += "{\"id\":\"" + uuid_string(office_id(seed, p.city)) + "\",\"name\":";
    append_json_string(out, std::string("Oficina ") + std::string(c.name));
    out += ",\"address\":";
    append_json_string(out, std::string(c.address) + ", " + std::string(c.name));
    out += ",\"coordinates\":{\"latitude\":";
    append_coordinate(out, c.latitude, true);  // strings here, numbers in /core/v3/offices
    out += ",\"longitude\":";
    append_coordinate(out, c.longitude, true);
    out += "},\"description\":";
    append_json_string(out, std::string("Centro de trabajo de ") + std::string(c.name));
    out += ",\"radio\":" + std::to_string(kOfficeRadio) +
           ",\"defaultEmployeesTimezone\":\"Europe/Madrid\"}],\"departments\":[{\"id\":\"" +
           uuid_string(department_id(seed, p.city)) + "\",\"name\":";
    append_json_string(out, std::string("Equipo ") + std::string(c.name));
    out += "}],\"additionalCompensations\":0,\"extraPayCompensations\":" +
           std::to_string(annual / 14) + ",\"salaryPayments\":14,\"a3EmployeeCode\":\"00" + code +
           "\"}";
}

}  // namespace reportgen::mockapi
