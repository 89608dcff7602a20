#pragma once
// JSON items of issue 18's endpoints, in the shapes of
// docs/sesame-openapi-subset.json: the document's employee object (also
// embedded in days off, holidays and validations), offices, statistics,
// days off, absence types, holidays, the holiday calendar, validations and
// payroll contracts. Paginated by the caller (render_page).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mockapi/dataset.hpp"
#include "mockapi/page_renderer.hpp"
#include "mockapi/schedule.hpp"
#include "mockapi/statistics.hpp"

namespace reportgen::mockapi {

// {"data":[items first..],"meta":{...}} of one page of `total` items; only
// the page's items are rendered.
std::string render_page(uint64_t total, uint64_t page, uint64_t limit,
                        const std::function<void(std::string&, uint64_t)>& item);

enum class ValidationStatus : uint8_t { unsent, sent, accepted, rejected };
std::string_view validation_status_name(ValidationStatus s) noexcept;

class PayrollRenderer {
  public:
    PayrollRenderer(const Dataset& data, const Schedule& schedule, const PageRenderer& page);

    // The document's employee object (GET /core/v3/employees).
    const std::string& employee(uint32_t index) const { return employees_[index]; }
    // The index into kCities of an employee's office.
    std::size_t city_of(uint32_t index) const { return cities_[index]; }
    void append_office(std::string& out, std::size_t city) const;
    void append_worked_hours(std::string& out, uint32_t employee, int64_t worked,
                             int64_t to_work) const;
    void append_night_hours(std::string& out, uint32_t employee, int64_t night) const;
    // {"employeeId","days":[{"date","secondsWorked"}]}: `days` are (day, seconds).
    void append_absence_days(std::string& out, uint32_t employee,
                             const std::vector<std::pair<int64_t, int64_t>>& days) const;
    void append_day_off(std::string& out, const DayOff& d) const;
    void append_absence_type(std::string& out, std::size_t index) const;
    void append_holiday(std::string& out, uint32_t employee, const Holiday& h) const;
    // Holiday calendar `calendar` (0: the national one, 1: the regional
    // one; calendar_holidays()) with its days of `years`.
    void append_holiday_calendar(std::string& out, const std::vector<int>& years,
                                 int calendar = 0) const;
    // One employee's validation of the month that starts on `month_start`.
    void append_validation(std::string& out, uint32_t employee, int64_t month_start,
                           ValidationStatus status) const;
    struct ContractQuery {
        std::string_view period;    // payPeriod
        std::string_view currency;  // EUR | MXN | USD
    };
    void append_contract(std::string& out, uint32_t employee, const PeriodFigures& f,
                         const ContractQuery& q) const;

    // A validation's status: a pure function of (seed, employee, month).
    ValidationStatus validation_status(uint32_t employee, int64_t month_start) const noexcept;
    // An employee's gross annual salary in euros.
    int64_t annual_salary(uint32_t employee) const noexcept;

  private:
    void render_employee(uint32_t index, std::string& out) const;
    void append_stamps(std::string& out, uint64_t h) const;  // "createdAt":..,"updatedAt":..
    void append_vacation_configuration(std::string& out, int year) const;

    const Dataset& data_;
    const Schedule& schedule_;
    const PageRenderer& page_;
    std::vector<std::string> employees_;
    std::vector<std::size_t> cities_;
};

}  // namespace reportgen::mockapi
