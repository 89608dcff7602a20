// The CLI's ReportRequest (cli/options.cpp make_request): what the command
// line sets beyond the flags. The library leaves the process's heap alone by
// default; the CLI, which owns its process, asks a report to give its
// fetch's memory back (ReportRequest::release_memory_after_fetch).
#include <catch2/catch.hpp>

#include "options.hpp"

TEST_CASE("cli request: a report releases its fetch's memory, the library default does not",
          "[cli][heap]") {
    reportgen::cli::Options o;
    o.from = "2024-01-01";
    o.to = "2024-01-31";
    CHECK(reportgen::cli::make_request(o).release_memory_after_fetch);
    CHECK_FALSE(reportgen::ReportRequest{}.release_memory_after_fetch);
}
