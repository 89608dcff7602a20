#include <catch2/catch.hpp>

#include "api/paths.hpp"
#include "api/redact.hpp"

using namespace reportgen;
using namespace reportgen::detail;

TEST_CASE("percent_encode keeps unreserved bytes and encodes the rest", "[paths]") {
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(percent_encode("a b") == "a%20b");
    CHECK(percent_encode("&=?#/+%") == "%26%3D%3F%23%2F%2B%25");
    CHECK(percent_encode("é") == "%C3%A9");
    CHECK(percent_encode("") == "");
}

TEST_CASE("work_entries_path builds the documented query, without orderBy", "[paths]") {
    ReportRequest r;
    r.from = {2024, 1, 1};
    r.to = {2024, 1, 31};
    r.format = Format::csv;  // no compliance checks: no context days
    // No orderBy: its field names are undocumented and a 400 would end every report.
    CHECK(work_entries_path(r, 500, 3) ==
          "/schedule/v1/work-entries?from=2024-01-01&to=2024-01-31&page=3&limit=500");
    r.employee_id = "a b&c=d/é";
    CHECK(work_entries_path(r, 100, 1) ==
          "/schedule/v1/work-entries?from=2024-01-01&to=2024-01-31"
          "&employeeId=a%20b%26c%3Dd%2F%C3%A9&page=1&limit=100");
    CHECK(work_entries_path(r, query_range(r), 100, 2) ==
          "/schedule/v1/work-entries?from=2023-12-31&to=2024-02-01"
          "&employeeId=a%20b%26c%3Dd%2F%C3%A9&page=2&limit=100");
}

TEST_CASE("query_range asks one more day each side (clock-in dates, docs/API.md)", "[paths]") {
    ReportRequest r;
    r.from = {2024, 3, 1};  // leap year: the day before is 29 February
    r.to = {2024, 12, 31};
    r.format = Format::csv;  // no compliance checks: no context days
    const DateRange q = query_range(r);
    CHECK(q.from == CivilDate{2024, 2, 29});
    CHECK(q.to == CivilDate{2025, 1, 1});
    r.from = r.to = {2023, 3, 1};
    CHECK(query_range(r).from == CivilDate{2023, 2, 28});
    CHECK(query_range(r).to == CivilDate{2023, 3, 2});
    // The checks' weekly rest: a report from Monday 2024-01-01 reads from
    // Friday (first_day_read(), tests/engine/compliance_sources_e2e_test.cpp).
    r.format = Format::xlsx;
    r.from = {2024, 1, 1};
    r.to = {2024, 1, 31};
    CHECK(query_range(r).from == CivilDate{2023, 12, 29});
    CHECK(query_range(r).to == CivilDate{2024, 2, 1});
}

TEST_CASE("list_path adds page and limit", "[paths]") {
    CHECK(list_path("/schedule/v1/check-types", 100, 2) ==
          "/schedule/v1/check-types?page=2&limit=100");
    CHECK(list_path("/x?y=1", 10, 1) == "/x?y=1&page=1&limit=10");
}

TEST_CASE("redact removes every occurrence of the token", "[paths]") {
    CHECK(redact_server_text("Bearer abc123 and abc123!", "abc123") ==
          "Bearer [REDACTED] and [REDACTED]!");
    CHECK(redact_server_text("nothing here", "abc123") == "nothing here");
    CHECK(redact_server_text("keep", "") == "keep");
    CHECK(redact_server_text("abcabc", "abc") == "[REDACTED][REDACTED]");
}
