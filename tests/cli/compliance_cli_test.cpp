// The compliance flags end to end: the binary against the mock server on
// loopback (--limit, --no-check, --fail-on-incidents, the warning line, the
// metrics' counts per rule), and the rule table that feeds --complete.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "choices.hpp"
#include "reportgen/compliance.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;

namespace {

struct Run {
    TempDir dir;
    MockApiServer server;
    std::string token, out, metrics;
    Run() : server(options()) {
        server.start();
        token = dir.file("token");
        std::ofstream(token) << server.options().token << "\n";
        out = dir.file("r.csv");
        metrics = dir.file("m.json");
    }
    static MockOptions options() {
        MockOptions o;
        o.employees = 8;
        o.days = 5;
        o.start = "2024-03-04";
        o.token = "compliance-cli-token";
        return o;
    }
    reportgen::test::ProcessResult cli(std::vector<std::string> extra) {
        std::vector<std::string> args = {"--from",         "2024-03-04",      "--to",
                                         "2024-03-08",     "-o",              out,
                                         "--metrics-json", metrics,           "--base-url",
                                         server.base_url(), "--token-file",   token};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args);
    }
    nlohmann::json json() const { return nlohmann::json::parse(read_file(metrics)); }
};

uint64_t sum_by_rule(const nlohmann::json& m) {
    uint64_t n = 0;
    for (const auto& [rule, count] : m["incidents_by_rule"].items()) n += count.get<uint64_t>();
    return n;
}

}  // namespace

TEST_CASE("compliance flags: --fail-on-incidents exits 6 after writing, with one warning line",
          "[cli][compliance]") {
    Run run;
    const auto r = run.cli({"--type", "daily", "--fail-on-incidents"});
    CHECK(r.exit_code == 6);
    CHECK_FALSE(read_file(run.out).empty());  // written first
    const auto m = run.json();
    REQUIRE(m["compliance_checked"] == true);
    const uint64_t total = m["incidents"].get<uint64_t>();
    REQUIRE(total > 0);
    CHECK(sum_by_rule(m) == total);
    CHECK_THAT(r.err, Catch::Contains("reportgen: warning: " + std::to_string(total) +
                                      " compliance incident"));
    // Every rule that fired turned off: no incident, exit 0, no warning.
    std::vector<std::string> off;
    for (const auto& [rule, count] : m["incidents_by_rule"].items())
        if (count.get<uint64_t>() > 0) {
            off.push_back("--no-check");
            off.push_back(rule);
        }
    off.insert(off.end(), {"--type", "daily", "--fail-on-incidents"});
    const auto clean = run.cli(off);
    CHECK(clean.exit_code == 0);
    CHECK(run.json()["incidents"] == 0);
    CHECK_THAT(clean.err, !Catch::Contains("compliance incident"));
    // Without the flag the same report exits 0 and still warns.
    const auto plain = run.cli({"--type", "daily"});
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.err, Catch::Contains("compliance incident"));
    // -q silences the line as it does the summary; the exit code stays.
    const auto quiet = run.cli({"--type", "daily", "--fail-on-incidents", "-q"});
    CHECK(quiet.exit_code == 6);
    CHECK_THAT(quiet.err, !Catch::Contains("compliance incident"));
}

TEST_CASE("compliance flags: a presence CSV skips the checks unless asked", "[cli][compliance]") {
    Run run;
    REQUIRE(run.cli({}).exit_code == 0);
    CHECK(run.json()["compliance_checked"] == false);
    CHECK(run.json()["incidents_by_rule"].empty());
    const auto asked = run.cli({"--fail-on-incidents"});
    CHECK(run.json()["compliance_checked"] == true);
    CHECK(asked.exit_code == (run.json()["incidents"] == 0 ? 0 : 6));
}

TEST_CASE("compliance flags: --limit moves a limit, unknown rules and values are usage errors",
          "[cli][compliance]") {
    Run run;
    REQUIRE(run.cli({"--type", "daily"}).exit_code == 0);
    const uint64_t fired = run.json()["incidents_by_rule"]["long_entry"].get<uint64_t>();
    // A limit of 1000 h leaves only the entries still open (value 0, "open").
    REQUIRE(run.cli({"--type", "daily", "--limit", "long_entry=1000h"}).exit_code == 0);
    CHECK(run.json()["incidents_by_rule"]["long_entry"].get<uint64_t>() <= fired);
    const auto unknown = run.cli({"--limit", "daily_maxx=10h"});
    CHECK(unknown.exit_code == 2);
    // The library's words, then the CLI's hint naming the flag.
    CHECK_THAT(unknown.err, Catch::Contains("compliance.limits: unknown rule 'daily_maxx'") &&
                                Catch::Contains("daily_max, daily_rest") &&
                                Catch::Contains("check --limit"));
    const auto off = run.cli({"--no-check", "nope"});
    CHECK(off.exit_code == 2);
    CHECK_THAT(off.err, Catch::Contains("compliance.off: unknown rule 'nope'") &&
                            Catch::Contains("check --no-check"));
    const auto unitless = run.cli({"--limit", "daily_max=10"});
    CHECK(unitless.exit_code == 2);
    CHECK_THAT(unitless.err, Catch::Contains("daily_max=10"));
}

TEST_CASE("compliance flags: the CLI's rule table is the library's, and --complete offers it",
          "[cli][compliance][choices]") {
    const auto ids = compliance_rule_ids();
    CHECK(std::vector<std::string_view>(std::begin(cli::kRuleIds), std::end(cli::kRuleIds)) == ids);
    for (const char* flag : {"--limit", "--no-check"}) {
        const auto c = run_cli({"--complete", flag});
        CHECK(c.exit_code == 0);
        std::set<std::string> got;
        std::istringstream in(c.out);
        for (std::string w; in >> w;) got.insert(w);
        CHECK(got == std::set<std::string>(ids.begin(), ids.end()));
    }
    const auto help = run_cli({"--help"}).out;
    CHECK_THAT(help, Catch::Contains("--fail-on-incidents") && Catch::Contains("6 (--fail-on-incidents)"));
}

TEST_CASE("compliance flags: the same incidents whichever engine fetched, in every layout",
          "[cli][compliance]") {
    Run run;
    auto by_rule = [&](std::vector<std::string> args) {
        const auto r = run.cli(args);
        REQUIRE(r.exit_code == 0);
        const auto m = run.json();
        REQUIRE(m["compliance_checked"] == true);
        return m["incidents_by_rule"];
    };
    const auto legacy = by_rule({"--type", "daily", "--engine", "legacy"});
    const std::string legacy_csv = read_file(run.out);
    const auto turbo = by_rule({"--type", "daily", "--engine", "turbo"});
    CHECK(legacy == turbo);
    CHECK(read_file(run.out) == legacy_csv);  // the register's column too
    uint64_t total = 0;
    for (const auto& [rule, n] : legacy.items()) total += n.get<uint64_t>();
    REQUIRE(total > 0);  // the mock's data has incidents (open entries, long nights)
    // The register and payroll read the holidays and days off (the kind of
    // each day), so they alone may add holiday_work; every other rule counts
    // the same in every layout.
    run.out = run.dir.file("p.csv");
    CHECK(by_rule({"--type", "payroll"}) == legacy);
    auto daily = legacy;
    daily.erase("holiday_work");
    run.out = run.dir.file("r.xlsx");
    auto xlsx = by_rule({"--engine", "turbo"});
    xlsx.erase("holiday_work");
    CHECK(xlsx == daily);
    auto by_group = by_rule({"--type", "by_group", "--engine", "legacy"});
    by_group.erase("holiday_work");
    CHECK(by_group == daily);
}
