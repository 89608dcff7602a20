// ReportRequest::release_memory_after_fetch: glibc's malloc_trim acts on the
// whole process, so a report calls it only when its request asks (the CLI
// does; a library user's process is left alone by default).
#include <catch2/catch.hpp>

#include "common/heap_trim.hpp"
#include "hand_report.hpp"

using namespace reportgen;
using namespace reportgen::test;

TEST_CASE("heap release: only when the request asks, once per report", "[report][heap]") {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 10};
    const std::vector<HandEmployee> staff = {{"e1", "Ana", "López", "dni", "1A"}};
    const std::vector<HandEntry> entries = {
        {1, "2024-01-10T09:00:00+01:00", "2024-01-10T13:00:00+01:00"}};
    CHECK_FALSE(req.release_memory_after_fetch);  // the library's default

    const unsigned long before = detail::heap_release_calls();
    const auto quiet = hand_report(req, staff, entries);
    REQUIRE(quiet.sink.rows.size() == 2);
    CHECK(detail::heap_release_calls() == before);

    req.release_memory_after_fetch = true;
    const auto trimmed = hand_report(req, staff, entries);
    CHECK(trimmed.sink.rows == quiet.sink.rows);  // the same report either way
    CHECK(detail::heap_release_calls() == before + 1);
}
