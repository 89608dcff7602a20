// Issue 21: the library's messages speak the library's language. A host
// program that calls ReportGenerator never typed a flag, so no message may
// name one (or the CLI's variables); Error::subject() names the input the
// error is about, as the public API spells it (docs/DESIGN.md, "Errors").
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "reportgen/reportgen.hpp"
#include "reportgen/mock_server.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::expect_error;
using reportgen::test::TempDir;

namespace {

// What only a command line says: a flag (--token-file, -o), the variables
// the CLI reads for the caller.
void check_library_words(const Error& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("--") == std::string::npos);
    CHECK(m.find(" -o") == std::string::npos);
    CHECK(m.find("SESAME_") == std::string::npos);
    CHECK(m.find("REPORT_TZ") == std::string::npos);
    CHECK(m.find("API_") == std::string::npos);
}

ReportRequest march(const std::string& from = "2024-03-01", const std::string& to = "2024-03-05") {
    ReportRequest r;
    r.set_dates(from, to);  // the string convenience: its errors are the library's too
    r.format = Format::csv;
    return r;
}

MockOptions company() {
    MockOptions o;
    o.employees = 3;
    o.days = 5;
    o.start = "2024-03-01";
    o.token = "the-right-token-9a7e";
    return o;
}

// Nothing is requested in these cases; were it, only this machine's port 1.
ClientConfig loopback() {
    ClientConfig c;
    c.base_url = "http://127.0.0.1:1";
    return c;
}

ClientConfig config_for(const MockApiServer& srv, const std::string& token) {
    ClientConfig c;
    c.base_url = srv.base_url();
    c.token = token;
    return c;
}

}  // namespace

TEST_CASE("library wording: a rejected token is the token's fault, in the library's words",
          "[wording]") {
    MockApiServer srv(company());
    srv.start();
    ReportGenerator gen(config_for(srv, "a-wrong-token-5c1e"));
    TempDir dir;
    const Error e = expect_error([&] { gen.generate(march(), dir.file("r.csv")); });
    CHECK(e.kind() == ErrorKind::auth);
    CHECK_THAT(e.what(), Catch::Contains("HTTP 401") && Catch::Contains("the token was rejected"));
    CHECK(e.subject() == "ClientConfig::token");
    check_library_words(e);
}

TEST_CASE("library wording: a bad date names ReportRequest's field, not a flag", "[wording]") {
    ReportGenerator gen(loopback());
    TempDir dir;
    const Error bad = expect_error([&] { gen.generate(march("2024-02-30"), dir.file("r.csv")); });
    CHECK(bad.kind() == ErrorKind::usage);
    CHECK_THAT(bad.what(), Catch::StartsWith("from '2024-02-30' is not a date"));
    CHECK(bad.subject() == "ReportRequest::from");
    check_library_words(bad);

    const Error order =
        expect_error([&] { gen.generate(march("2024-03-05", "2024-03-01"), dir.file("r.csv")); });
    CHECK_THAT(order.what(), Catch::StartsWith("from 2024-03-05 is after to 2024-03-01"));
    check_library_words(order);

    const Error year = expect_error([&] { march("2024-01-01", "9999-01-01").validate(); });
    CHECK_THAT(year.what(), Catch::StartsWith("to 9999-01-01: the year is outside"));
    CHECK(year.subject() == "ReportRequest::to");
    check_library_words(year);

    ReportRequest nobody = march();
    nobody.employee_id = "";
    const Error empty = expect_error([&] { nobody.validate(); });
    CHECK(empty.subject() == "ReportRequest::employee_id");
    check_library_words(empty);
}

TEST_CASE("library wording: a bad period or time zone", "[wording]") {
    const auto now = std::chrono::system_clock::now();
    const Error month =
        expect_error([&] { (void)resolve_period(PeriodKind::month, "2024-13", now, "UTC"); });
    CHECK(month.kind() == ErrorKind::usage);
    CHECK_THAT(month.what(), Catch::StartsWith("month '2024-13' is not YYYY-MM"));
    CHECK(month.subject() == "period");
    check_library_words(month);

    const Error year =
        expect_error([&] { (void)resolve_period(PeriodKind::month, "0000-01", now, "UTC"); });
    CHECK(year.subject() == "period");
    check_library_words(year);

    const Error zone =
        expect_error([&] { (void)resolve_period(PeriodKind::yesterday, "", now, "Europe/Atlantis"); });
    CHECK(zone.subject() == "time zone");
    check_library_words(zone);
}

TEST_CASE("library wording: a bad output path", "[wording]") {
    ReportGenerator gen(loopback());
    ReportRequest xlsx = march();
    xlsx.format = Format::xlsx;
    const Error out = expect_error([&] { gen.generate(xlsx, "-"); });
    CHECK(out.kind() == ErrorKind::usage);
    CHECK_THAT(out.what(), Catch::Contains("XLSX cannot be written to stdout"));
    CHECK(out.subject() == "output path");
    check_library_words(out);

    TempDir dir;
    const Error each = expect_error([&] { gen.generate(march(), dir.file("{employee}.csv")); });
    CHECK_THAT(each.what(), Catch::Contains("{employee} needs one file per employee"));
    CHECK(each.subject() == "output path");
    check_library_words(each);
}

TEST_CASE("library wording: ClientConfig's checks name its fields' settings", "[wording]") {
    ClientConfig remote;
    remote.base_url = "http://api.example.test";
    const Error plain = expect_error([&] { remote.validate(); });
    CHECK_THAT(plain.what(), Catch::Contains("allow_insecure_http"));
    CHECK(plain.subject() == "ClientConfig::allow_insecure_http");
    check_library_words(plain);

    ClientConfig ca;
    ca.ca_bundle = "/nonexistent/ca.pem";
    const Error bundle = expect_error([&] { ca.validate(); });
    CHECK(bundle.subject() == "ClientConfig::ca_bundle");
    check_library_words(bundle);

    ClientConfig tok;
    tok.token = "bad\ntoken";
    const Error token = expect_error([&] { tok.validate(); });
    CHECK(token.subject() == "ClientConfig::token");
    CHECK_THAT(token.what(), Catch::StartsWith("ClientConfig::token: the token holds a control"));
    check_library_words(token);
}
