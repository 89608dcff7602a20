// What the compliance checks read beyond the report's days, end to end over
// loopback: the days before a report that starts a week (weekly_rest's rest
// may begin there) and the year's balance to the report's end
// (overtime_year), each asked once, and not at all when the rule is off.
// The server filters entries by their clock-in date as the API does, so a
// day not asked is a day not seen.
#include <httplib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "reportgen/time.hpp"
#include "support/capture_sink.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;

namespace {

constexpr int64_t kHour = 3600;

struct Shift {
    std::string employee, in, out;  // "2024-03-02T14:00:00+01:00"
};

// Clock-out minus clock-in of times at one offset, days apart or not.
int64_t seconds_between(const std::string& in, const std::string& out) {
    auto at = [](const std::string& t) {
        return days_from_civil(*parse_iso_date(t.substr(0, 10))) * 86400 +
               std::stoll(t.substr(11, 2)) * 3600 + std::stoll(t.substr(14, 2)) * 60;
    };
    return at(out) - at(in);
}

// A company of two employees, the shifts given, and Sesame's worked-hours:
// for a range from January 1, the balances given (the year to date); for
// any other range, zero. Records the ranges asked.
class ChecksApi {
  public:
    ChecksApi(std::vector<Shift> shifts, int64_t year_balance_e1, int64_t year_balance_e2)
        : shifts_(std::move(shifts)), year_e1_(year_balance_e1), year_e2_(year_balance_e2) {
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Checks"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           note(entries_asked_, req);
                           res.set_content(entries(req.get_param_value("from"),
                                                   req.get_param_value("to")),
                                           "application/json");
                       });
        srv.server.Get("/schedule/v1/reports/worked-hours",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           note(hours_asked_, req);
                           res.set_content(worked_hours(req.get_param_value("from")),
                                           "application/json");
                       });
        for (const char* path : {"/schedule/v1/vacation-day-off", "/schedule/v1/absence-day-off",
                                 "/schedule/v1/absence-types", "/schedule/v1/holiday-calendar"})
            srv.server.Get(path, [](const httplib::Request&, httplib::Response& res) {
                res.set_content(test::kEmptyListPage, "application/json");
            });
        srv.start();
    }

    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = "checks-token";
        c.timeout_s = 5;
        return c;
    }
    // "from..to" of each request, in order.
    std::vector<std::string> entries_asked() const {
        std::lock_guard lock(mu_);
        return entries_asked_;
    }
    std::vector<std::string> hours_asked() const {
        std::lock_guard lock(mu_);
        return hours_asked_;
    }

  private:
    void note(std::vector<std::string>& into, const httplib::Request& req) {
        std::lock_guard lock(mu_);
        into.push_back(req.get_param_value("from") + ".." + req.get_param_value("to"));
    }

    // The shifts whose clock-in date lies in [from, to], on one page.
    std::string entries(const std::string& from, const std::string& to) const {
        std::string data;
        int n = 0;
        for (const Shift& s : shifts_) {
            const std::string day = s.in.substr(0, 10);
            if (day < from || day > to) continue;
            char id[40];
            std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++n);
            data += std::string(data.empty() ? "" : ",") + R"({"id":")" + id +
                    R"(","workEntryType":"work","workCheckTypeId":null,"employee":{"id":")" +
                    s.employee + R"(","firstName":"Ana","lastName":")" + s.employee +
                    R"(","nid":")" + s.employee +
                    R"(","identityNumberType":"dni"},"workEntryIn":{"date":")" + s.in +
                    R"("},"workEntryOut":{"date":")" + s.out + R"("},"workedSeconds":)" +
                    std::to_string(seconds_between(s.in, s.out)) + R"(,"deletedAt":null})";
        }
        return R"({"data":[)" + data + R"(],"meta":{"currentPage":1,"lastPage":1,"total":)" +
               std::to_string(n) + R"(,"perPage":500}})";
    }

    std::string worked_hours(const std::string& from) const {
        const bool year = from.size() == 10 && from.substr(4) == "-01-01";
        auto item = [](const char* id, int64_t balance) {
            return std::string(R"({"employeeId":")") + id + R"(","secondsWorked":0,)" +
                   R"("secondsToWork":0,"secondsBalance":)" + std::to_string(balance) + "}";
        };
        return R"({"data":[)" + item("e1", year ? year_e1_ : 0) + "," +
               item("e2", year ? year_e2_ : 0) +
               R"(],"meta":{"currentPage":1,"lastPage":1,"total":2,"perPage":500}})";
    }

    std::vector<Shift> shifts_;
    int64_t year_e1_, year_e2_;
    mutable std::mutex mu_;
    std::vector<std::string> entries_asked_, hours_asked_;

  public:
    test::LoopbackServer srv;  // last: stopped before the state its handlers read goes
};

// e1 works 08:00-16:00 (a 30 min break at 12:00) on the given days of March 2024.
std::vector<Shift> days_of_e1(std::initializer_list<int> days) {
    std::vector<Shift> v;
    for (const int d : days) {
        char date[16];
        std::snprintf(date, sizeof date, "2024-03-%02d", d);
        v.push_back({"e1", std::string(date) + "T08:00:00+01:00", std::string(date) + "T12:00:00+01:00"});
        v.push_back({"e1", std::string(date) + "T12:30:00+01:00", std::string(date) + "T16:00:00+01:00"});
    }
    return v;
}

ReportRequest week_of_march_4(Format format) {
    ReportRequest r;
    r.from = {2024, 3, 4};  // a Monday
    r.to = {2024, 3, 10};
    r.format = format;
    return r;
}

uint64_t incidents(const ReportResult& r, const char* rule) {
    const auto it = r.metrics.incidents_by_rule.find(rule);
    return it == r.metrics.incidents_by_rule.end() ? 0 : it->second;
}

// The incidents the XLSX "Cumplimiento" sheet would list, one line each.
class SummarySink final : public RowSink {
  public:
    void begin(std::span<const std::string_view>) override {}
    void row(const TypedRow&) override {}
    void finish() override {}
    void summary(const ReportSummary& s) override {
        for (const IncidentSummary& i : s.incidents)
            lines.push_back(std::string(i.nid) + " " + std::string(i.rule) + " " +
                            format_duration(i.value_s) + " / " + format_duration(i.limit_s) +
                            (i.period ? " period" : ""));
    }
    std::vector<std::string> lines;
};

}  // namespace

TEST_CASE("compliance sources: a report starting a week reads the days its weekly rest began",
          "[engine][compliance]") {
    // Worked every day of the week of Monday 4 March; the week's only long
    // rest is Saturday 2 at 20:00 to Monday 4 at 08:00, 36 h: no incident.
    // Read from Sunday 3 only (the day before), it would count from Sunday's
    // midnight, 32 h, and be reported.
    std::vector<Shift> shifts = days_of_e1({4, 5, 6, 7, 8, 9, 10});
    shifts.push_back({"e1", "2024-03-02T14:00:00+01:00", "2024-03-02T20:00:00+01:00"});
    ChecksApi api(shifts, 0, 0);
    ReportGenerator gen(api.config());
    test::CaptureSink sink;
    const ReportResult r = gen.generate(week_of_march_4(Format::xlsx), sink);
    // The limit's 2 days rounded up, plus one, before the Monday.
    CHECK(api.entries_asked() == std::vector<std::string>{"2024-03-01..2024-03-11"});
    CHECK(r.metrics.query_from == "2024-03-01");
    CHECK(r.metrics.compliance_checked);
    CHECK(incidents(r, "weekly_rest") == 0);
    CHECK(r.metrics.incidents == 0);

}

TEST_CASE("compliance sources: the days read before the report follow the checks that run",
          "[engine][compliance]") {
    ChecksApi api(days_of_e1({4, 5}), 0, 0);
    ReportGenerator gen(api.config());
    auto first_asked = [&](const ReportRequest& req) {
        test::CaptureSink sink;
        (void)gen.generate(req, sink);
        return api.entries_asked().back().substr(0, 10);
    };
    // No checks (a CSV of by_employee): the day before, as always.
    CHECK(first_asked(week_of_march_4(Format::csv)) == "2024-03-03");
    ReportRequest off = week_of_march_4(Format::xlsx);
    off.compliance.off = {"weekly_rest"};
    CHECK(first_asked(off) == "2024-03-03");
    // A limit of 60 h spans 3 days: 4 days before the Monday.
    ReportRequest longer = week_of_march_4(Format::xlsx);
    longer.compliance.limits = {"weekly_rest=60h"};
    CHECK(first_asked(longer) == "2024-02-29");
    // From a Wednesday the first whole week starts on Monday 11: the day
    // before the report is already further back than 11 - 3.
    ReportRequest wednesday = week_of_march_4(Format::xlsx);
    wednesday.from = {2024, 3, 6};
    wednesday.to = {2024, 3, 17};
    CHECK(first_asked(wednesday) == "2024-03-05");
}

TEST_CASE("compliance sources: overtime_year from Sesame's balance of January 1 to the report's end",
          "[engine][compliance]") {
    // e1's year is 80 h and 1 s over, e2's exactly at the 80 h limit.
    std::vector<Shift> shifts = days_of_e1({4, 5});
    shifts.push_back({"e2", "2024-03-04T08:00:00+01:00", "2024-03-04T12:00:00+01:00"});
    ChecksApi api(shifts, 80 * kHour + 1, 80 * kHour);
    ReportGenerator gen(api.config());
    SummarySink sink;
    const ReportResult r = gen.generate(week_of_march_4(Format::xlsx), sink);
    CHECK(incidents(r, "overtime_year") == 1);
    CHECK(sink.lines == std::vector<std::string>{"e1 overtime_year 80:00:01 / 80:00:00 period"});
    // The period's figures (the Resumen) and the year's: one request each.
    std::vector<std::string> asked = api.hours_asked();
    std::sort(asked.begin(), asked.end());
    CHECK(asked == std::vector<std::string>{"2024-01-01..2024-03-10", "2024-03-04..2024-03-10"});

    SECTION("off, the year is not asked") {
        ChecksApi quiet(shifts, 80 * kHour + 1, 0);
        ReportGenerator g(quiet.config());
        ReportRequest req = week_of_march_4(Format::xlsx);
        req.compliance.off = {"overtime_year"};
        test::CaptureSink s;
        const ReportResult rr = g.generate(req, s);
        CHECK(incidents(rr, "overtime_year") == 0);
        CHECK(quiet.hours_asked() == std::vector<std::string>{"2024-03-04..2024-03-10"});
    }
}
