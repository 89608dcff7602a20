#pragma once
// Issue 18's endpoints: each validates its query as the document describes
// it (required parameters, enums, dates, uuids), selects from the company's
// data and renders one page. The server's front (token, budget, rate
// limit) and the page/limit parsing happen before; the answer goes back as
// a Reply for the server to send.
#include <cstdint>
#include <string>

namespace httplib {
struct Request;
}

namespace reportgen::mockapi {

class Company;

struct Reply {
    int status = 200;  // 200, or 400 (body: the message)
    std::string body;
};

struct Paging {
    uint64_t page = 1;
    uint64_t limit = 20;
};

using PayrollEndpoint = Reply (*)(const httplib::Request&, const Company&, Paging);

Reply worked_hours(const httplib::Request& req, const Company& c, Paging p);
Reply worked_night_hours(const httplib::Request& req, const Company& c, Paging p);
Reply worked_absence_days(const httplib::Request& req, const Company& c, Paging p);
Reply absence_day_off(const httplib::Request& req, const Company& c, Paging p);
Reply vacation_day_off(const httplib::Request& req, const Company& c, Paging p);
Reply absence_types(const httplib::Request& req, const Company& c, Paging p);
Reply holidays(const httplib::Request& req, const Company& c, Paging p);
Reply holiday_calendar(const httplib::Request& req, const Company& c, Paging p);
Reply check_validation(const httplib::Request& req, const Company& c, Paging p);
Reply employees(const httplib::Request& req, const Company& c, Paging p);
Reply offices(const httplib::Request& req, const Company& c, Paging p);
Reply contracts_for_payroll(const httplib::Request& req, const Company& c, Paging p);

}  // namespace reportgen::mockapi
