// The payroll figures end to end against the mock server (loopback): our
// effective time equals Sesame's secondsWorked for every employee when the
// paid breaks match the data (the mock's work breaks say which are paid);
// the planted stale statistics are the rows flagged; a 403 on one endpoint
// leaves its figures empty with the rest whole, and --strict refuses it.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "support/capture_sink.hpp"
#include "support/files.hpp"

using namespace reportgen;

namespace {

MockOptions company() {
    MockOptions o;
    o.employees = 24;
    o.days = 31;
    o.start = "2024-05-01";  // 1 and 15 May are holidays in the mock's calendar
    o.token = "payroll-e2e-token";
    return o;
}

ClientConfig client(const MockApiServer& s) {
    ClientConfig c;
    c.base_url = s.base_url();
    c.token = s.options().token;
    c.page_size = 100;
    return c;
}

ReportRequest request(Layout layout) {
    ReportRequest r;
    r.from = {2024, 5, 1};
    r.to = {2024, 5, 31};
    r.format = Format::csv;
    r.layout = layout;
    return r;
}

// The captured rows as cells by column name.
struct Table {
    std::vector<std::map<std::string, std::string>> rows;  // data rows
    std::map<std::string, std::string> total;               // the last TOTAL row
    std::size_t totals = 0;
};

Table table_of(const test::CaptureSink& sink) {
    Table t;
    for (std::size_t i = 0; i < sink.rows.size(); ++i) {
        std::map<std::string, std::string> row;
        std::size_t at = 0;
        for (const std::string& column : sink.header) {
            const std::size_t bar = std::min(sink.rows[i].find('|', at), sink.rows[i].size());
            row[column] = sink.rows[i].substr(at, bar - at);
            at = bar + 1;
        }
        if (sink.total[i]) {
            t.total = row;
            ++t.totals;
        } else {
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

// One cell of captured row i, by column name.
std::string cell(const test::CaptureSink& sink, std::size_t i, const std::string& column) {
    std::size_t col = 0;
    while (col < sink.header.size() && sink.header[col] != column) ++col;
    REQUIRE(col < sink.header.size());
    std::size_t at = 0;
    for (std::size_t k = 0; k < col; ++k) at = sink.rows[i].find('|', at) + 1;
    return sink.rows[i].substr(at, sink.rows[i].find('|', at) - at);
}

// "[-]H:MM:SS" -> seconds.
int64_t seconds(const std::string& d) {
    REQUIRE_FALSE(d.empty());
    const bool neg = d[0] == '-';
    const std::string s = neg ? d.substr(1) : d;
    const auto c1 = s.find(':'), c2 = s.rfind(':');
    REQUIRE(c1 != std::string::npos);
    const int64_t v = std::stoll(s.substr(0, c1)) * 3600 +
                      std::stoll(s.substr(c1 + 1, c2 - c1 - 1)) * 60 + std::stoll(s.substr(c2 + 1));
    return neg ? -v : v;
}

// Employee names by id, from the mock's own /core/v3/employees.
std::map<std::string, std::string> names_by_id(const MockApiServer& s) {
    httplib::Client http("127.0.0.1", s.port());
    const auto r = http.Get("/core/v3/employees?limit=1000",
                            httplib::Headers{{"Authorization", "Bearer " + s.options().token}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    std::map<std::string, std::string> out;
    const auto body = nlohmann::json::parse(r->body);  // alive through the loop
    for (const auto& e : body["data"])
        out[e["id"].get<std::string>()] =
            e["firstName"].get<std::string>() + " " + e["lastName"].get<std::string>();
    REQUIRE(out.size() == static_cast<std::size_t>(s.options().employees));
    return out;
}

uint64_t sum_of(const std::map<std::string, uint64_t>& m) {
    uint64_t n = 0;
    for (const auto& [k, v] : m) n += v;
    return n;
}

}  // namespace

TEST_CASE("payroll e2e: effective time equals Sesame's secondsWorked for every employee",
          "[payroll][e2e]") {
    MockApiServer server(company());
    server.start();
    ReportGenerator gen(client(server));
    test::CaptureSink sink;
    const ReportResult r = gen.generate(request(Layout::payroll), sink);
    const Table t = table_of(sink);
    REQUIRE(t.totals == 1);
    CHECK(t.rows.size() == 24);  // every employee has planned time in May
    int64_t effective = 0, presence = 0;
    for (const auto& row : t.rows) {
        INFO(row.at("Empleado"));
        CHECK(row.at("Revisar") == "No");
        REQUIRE_FALSE(row.at("Sesame: tiempo trabajado").empty());
        // Presence keeps workedSeconds rounded down for unfolded entries:
        // a few seconds a month may separate the two (README "Payroll data").
        CHECK(std::abs(seconds(row.at("Diferencia"))) <= 60);
        CHECK(seconds(row.at("Tiempo efectivo")) - seconds(row.at("Sesame: tiempo trabajado")) ==
              seconds(row.at("Diferencia")));
        CHECK(seconds(row.at("Balance")) ==
              seconds(row.at("Tiempo efectivo")) - seconds(row.at("Horas teóricas")));
        CHECK(seconds(row.at("Horas extra")) == std::max<int64_t>(0, seconds(row.at("Balance"))));
        CHECK_FALSE(row.at("Sesame: horas nocturnas").empty());
        CHECK(std::abs(seconds(row.at("Horas nocturnas")) -
                       seconds(row.at("Sesame: horas nocturnas"))) <= 60);
        effective += seconds(row.at("Tiempo efectivo"));
        presence += seconds(row.at("Tiempo registrado"));
    }
    CHECK(seconds(t.total.at("Tiempo efectivo")) == effective);
    CHECK(effective == r.metrics.effective_s);
    CHECK(presence == r.metrics.presence_s);
    CHECK(r.metrics.reconciliation_differences == 0);
    CHECK(r.metrics.sources_missing.empty());
    // Every request counted under its endpoint, the new ones included.
    CHECK(sum_of(r.metrics.requests_by_endpoint) == r.metrics.requests);
    for (const char* e : {"work-entries", "worked-hours", "worked-night-hours", "absence-day-off",
                          "vacation-day-off", "absence-types", "holiday-calendar", "employees"}) {
        INFO(e);
        CHECK(r.metrics.requests_by_endpoint.count(e) == 1);
    }

    SECTION("the daily register's effective time sums to the same total") {
        test::CaptureSink daily;
        const ReportResult d = gen.generate(request(Layout::daily), daily);
        int64_t daily_effective = 0;
        for (std::size_t i = 0; i < daily.rows.size(); ++i)
            if (daily.total[i]) daily_effective += seconds(cell(daily, i, "Tiempo efectivo"));
        CHECK(daily_effective == effective);
        CHECK(d.metrics.effective_s == effective);
        // Its planned time is asked one day at a time.
        CHECK(d.metrics.requests_by_endpoint.at("worked-hours") >= 31);
    }
}

TEST_CASE("payroll e2e: the planted stale statistics are the rows flagged", "[payroll][e2e]") {
    MockOptions o = company();
    o.stale_statistics = 3;
    MockApiServer server(o);
    server.start();
    const auto names = names_by_id(server);
    std::set<std::string> stale;
    for (const auto& id : server.stale_employee_ids()) stale.insert(names.at(id));
    REQUIRE(stale.size() == 3);
    ReportGenerator gen(client(server));
    test::CaptureSink sink;
    const ReportResult r = gen.generate(request(Layout::payroll), sink);
    std::set<std::string> flagged;
    for (const auto& row : table_of(sink).rows) {
        if (row.at("Revisar") != "Sí") continue;
        flagged.insert(row.at("Empleado"));
        // 5 to 30 minutes short in Sesame: ours is more.
        CHECK(seconds(row.at("Diferencia")) >= 5 * 60 - 60);
    }
    CHECK(flagged == stale);
    CHECK(r.metrics.reconciliation_differences == 3);
}

TEST_CASE("payroll e2e: a 403 on one endpoint empties its figures only, --strict refuses it",
          "[payroll][e2e]") {
    MockOptions o = company();
    o.forbidden_endpoints = {"/schedule/v1/reports/worked-night-hours"};
    MockApiServer server(o);
    server.start();
    ReportGenerator gen(client(server));
    test::CaptureSink sink;
    const ReportResult r = gen.generate(request(Layout::payroll), sink);
    REQUIRE(r.metrics.sources_missing.size() == 1);
    CHECK(r.metrics.sources_missing[0].find("worked-night-hours") != std::string::npos);
    CHECK(r.metrics.sources_missing[0].find("403") != std::string::npos);
    const Table t = table_of(sink);
    REQUIRE(t.rows.size() == 24);
    for (const auto& row : t.rows) {
        CHECK(row.at("Sesame: horas nocturnas").empty());
        CHECK_FALSE(row.at("Sesame: tiempo trabajado").empty());
        CHECK_FALSE(row.at("Horas nocturnas").empty());  // ours, from the entries
        CHECK(row.at("Revisar") == "No");
    }

    ReportRequest strict = request(Layout::payroll);
    strict.strict = true;
    test::TempDir dir;
    const std::string path = dir.file("nomina.csv");
    try {
        gen.generate(strict, path);
        FAIL("a strict report without a source it needs was written");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::auth);
        CHECK_THAT(std::string(e.what()), Catch::Contains("worked-night-hours") &&
                                              Catch::Contains("strict"));
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("payroll e2e: --employee narrows the payroll to one row", "[payroll][e2e]") {
    MockApiServer server(company());
    server.start();
    const auto names = names_by_id(server);
    const std::string id = names.begin()->first;
    ReportGenerator gen(client(server));
    ReportRequest req = request(Layout::payroll);
    req.employee_id = id;
    test::CaptureSink sink;
    gen.generate(req, sink);
    const Table t = table_of(sink);
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].at("Empleado") == names.begin()->second);
    CHECK(t.rows[0].at("Revisar") == "No");
}
