// --employee by API id, identity number or employee code (docs/DESIGN.md
// "Choosing one employee"): against the mock API (its /core/v3/employees
// dni and code filters) and a loopback server for the answers the mock never
// gives (several matches, a filter ignored).
#include <catch2/catch.hpp>

#include <filesystem>
#include <mutex>
#include <string>

#include "api/employee_lookup.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "support/capture_sink.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;

namespace {

MockOptions company() {
    MockOptions o;
    o.employees = 12;
    o.days = 5;
    o.start = "2024-05-06";
    o.fat = false;
    o.token = "lookup-token";
    return o;
}

ClientConfig client(const std::string& base_url, const std::string& token) {
    ClientConfig c;
    c.base_url = base_url;
    c.token = token;
    c.page_size = 50;
    c.max_retries = 0;
    c.timeout_s = 10;
    return c;
}

ReportRequest request(Layout layout = Layout::by_employee) {
    ReportRequest r;
    r.from = {2024, 5, 6};
    r.to = {2024, 5, 10};
    r.layout = layout;
    r.format = Format::csv;
    return r;
}

std::string cell(const std::string& row, int n) {
    std::size_t at = 0;
    for (int i = 0; i < n; ++i)
        at = row.find('|', at) + 1;
    return row.substr(at, row.find('|', at) - at);
}

uint64_t employee_requests(const Metrics& m) {
    const auto it = m.requests_by_endpoint.find("employees");
    return it == m.requests_by_endpoint.end() ? 0 : it->second;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

TEST_CASE("employee lookup: an identity number or a code finds the employee the id does",
          "[generator][employee]") {
    MockApiServer server(company());
    server.start();
    const ClientConfig c = client(server.base_url(), server.options().token);
    ReportRequest by_id = request(Layout::payroll);
    by_id.employee_id = server.employee_ids().at(4);
    test::CaptureSink reference;
    const auto r0 = ReportGenerator(c).generate(by_id, reference);
    REQUIRE(reference.rows.size() == 2);  // the employee, the company TOTAL
    const std::string nid = cell(reference.rows[0], 2);
    const std::string code = cell(reference.rows[0], 3);
    REQUIRE(!nid.empty());
    REQUIRE(!code.empty());
    CHECK(employee_requests(r0.metrics) == 1);  // the payroll's employees source only

    SECTION("identity number, any case: one lookup") {
        ReportRequest q = request(Layout::payroll);
        q.employee_id = lower(nid);
        test::CaptureSink sink;
        const auto r = ReportGenerator(c).generate(q, sink);
        CHECK(sink.rows == reference.rows);
        CHECK(employee_requests(r.metrics) == 2);  // the lookup, then the source
    }
    SECTION("employee code: the identity number tried first, then the code") {
        ReportRequest q = request(Layout::payroll);
        q.employee_id = "00" + code;  // leading zeros: the same number
        test::CaptureSink sink;
        const auto r = ReportGenerator(c).generate(q, sink);
        CHECK(sink.rows == reference.rows);
        CHECK(employee_requests(r.metrics) == 3);
    }
}

TEST_CASE("employee lookup: none matches: a usage error naming what was tried, no file",
          "[generator][employee]") {
    MockApiServer server(company());
    server.start();
    const ClientConfig c = client(server.base_url(), server.options().token);
    const auto dir =
        std::filesystem::temp_directory_path() / ("reportgen-lookup-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "report.csv").string();
    ReportRequest q = request();
    q.employee_id = "99999";  // a number: dni, then code
    Metrics m;
    try {
        (void)ReportGenerator(c).generate(q, out);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK_THAT(e.what(), Catch::Contains("dni=99999") && Catch::Contains("code=99999"));
    }
    CHECK_FALSE(std::filesystem::exists(out));
    q.employee_id = "Z0000000Q";  // not a number: no code query
    try {
        (void)ReportGenerator(c).generate(q, out);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK_THAT(e.what(), Catch::Contains("dni=Z0000000Q"));
        CHECK_THAT(e.what(), !Catch::Contains("code="));
    }
    CHECK(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}

TEST_CASE("employee lookup: several matches are listed and an ignored filter is an API fault",
          "[employee]") {
    // The answer changes between requests; the server's threads read it
    // under the lock (an answer on the socket is no ordering TSan can see).
    std::mutex body_mu;
    std::string body;
    auto answer = [&](std::string text) {
        const std::lock_guard<std::mutex> lock(body_mu);
        body = std::move(text);
    };
    test::LoopbackServer srv;
    srv.server.Get("/core/v3/employees", [&](const httplib::Request&, httplib::Response& res) {
        const std::lock_guard<std::mutex> lock(body_mu);
        res.set_content(body, "application/json");
    });
    srv.start();
    const ClientConfig c = client(srv.base_url(), "t");
    auto employee = [](const char* id, const char* first, const char* nid, int code) {
        return std::string("{\"id\":\"") + id + "\",\"firstName\":\"" + first +
               "\",\"lastName\":\"Gil\",\"nid\":\"" + nid +
               "\",\"identityNumberType\":\"dni\",\"code\":" + std::to_string(code) + "}";
    };
    auto page = [](const std::string& items, int total) {
        return "{\"data\":[" + items +
               "],\"meta\":{\"currentPage\":1,\"lastPage\":1,\"total\":" + std::to_string(total) +
               ",\"perPage\":50}}";
    };
    detail::HttpClient http(c);
    Metrics m;
    answer(page(employee("id-a", "Ana", "1A", 7) + "," + employee("id-b", "Bea", "1a", 8), 2));
    try {
        (void)detail::resolve_employee(http, "1A", 50, m, nullptr);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK_THAT(e.what(),
                   Catch::Contains("Ana Gil (id-a)") && Catch::Contains("Bea Gil (id-b)"));
    }
    // A server that ignored ?dni= answers everyone: never pick one of them.
    answer(page(employee("id-a", "Ana", "1A", 7) + "," + employee("id-c", "Carla", "3C", 9), 2));
    try {
        (void)detail::resolve_employee(http, "1A", 50, m, nullptr);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        CHECK_THAT(e.what(), Catch::Contains("id-c"));
    }
    // A UUID is taken as it is: no request.
    const uint64_t before = m.requests;
    CHECK(detail::resolve_employee(http, "e0000000-0000-4000-8000-00000000000A", 50, m, nullptr) ==
          "e0000000-0000-4000-8000-00000000000A");
    CHECK(m.requests == before);
}
