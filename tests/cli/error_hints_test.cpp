// Issue 21: the library says what is wrong in its own words; the CLI adds the
// flag the user typed and where else the setting comes from (cli/error_hints).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error_hints.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::run_cli;
using reportgen::test::TempDir;

namespace {

const std::string kToken = "hints-test-token-0123456789";

MockOptions company() {
    MockOptions o;
    o.employees = 3;
    o.days = 5;
    o.start = "2024-03-01";
    o.token = kToken;
    return o;
}

}  // namespace

TEST_CASE("CLI hints: a rejected token points at --token-file and SESAME_API_TOKEN",
          "[cli][messages][hints]") {
    MockApiServer server(company());
    server.start();
    TempDir dir;
    const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-05", "--base-url",
                            server.base_url(), "--format", "csv", "-o", dir.file("r.csv")},
                           {"SESAME_API_TOKEN=a-wrong-token"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("the token was rejected; check --token-file / SESAME_API_TOKEN") !=
          std::string::npos);
    CHECK(r.err.find("a-wrong-token") == std::string::npos);
}

TEST_CASE("CLI hints: bad dates, periods and outputs name the flag typed",
          "[cli][messages][hints]") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    TempDir dir;
    for (const Case& c : std::vector<Case>{
             {{"--from", "2024-02-30", "--to", "2024-03-05", "-o", dir.file("r.csv")},
              "error: from '2024-02-30' is not a date (expected YYYY-MM-DD); check --from\n"},
             {{"--from", "2024-03-01", "--to", "2024-3-5", "-o", dir.file("r.csv")},
              "error: to '2024-3-5' is not a date (expected YYYY-MM-DD); check --to\n"},
             {{"--month", "2024-13", "-o", dir.file("r.csv")},
              "error: month '2024-13' is not YYYY-MM; check --month (YYYY-MM)\n"},
             {{"--yesterday", "--tz", "Europe/Atlantis", "-o", dir.file("r.csv")},
              "; check --tz / REPORT_TZ\n"},
             {{"--from", "2024-03-01", "--to", "2024-03-05", "-o", dir.file("{employee}.csv")},
              "{employee} needs one file per employee (EmployeeSplitSink); check -o (one file "
              "per employee: --split-by employee)\n"}}) {
        auto args = c.args;
        args.insert(args.end(), {"--base-url", "http://127.0.0.1:1"});
        const auto r = run_cli(args, {"SESAME_API_TOKEN=t"});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
}

TEST_CASE("CLI hints: one per subject the library names, none for an unknown one",
          "[cli][hints]") {
    CHECK(cli::hint_for("ClientConfig::token").find("--token-file") != std::string_view::npos);
    CHECK(cli::hint_for("ReportRequest::from") == "check --from");
    CHECK(cli::hint_for("").empty());
    CHECK(cli::hint_for("no such subject").empty());
    const Error plain(ErrorKind::usage, "something");
    CHECK(cli::message_with_hint(plain) == "something");
    const Error from(ErrorKind::usage, "from 'x' is not a date", "ReportRequest::from");
    CHECK(cli::message_with_hint(from) == "from 'x' is not a date; check --from");
}
