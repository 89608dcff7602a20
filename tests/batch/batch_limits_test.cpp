// Compliance limits in the batch file: [defaults.limits] and
// [companies.NAME.limits], RULE = "10h" or RULE = "off", the company's
// word winning rule by rule; unknown rules and bad values name the line.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "batch/batch_fixture.hpp"
#include "reportgen/batch.hpp"

using namespace reportgen;
using reportgen::test::usage_message;

TEST_CASE("batch limits: defaults, then each company's, rule by rule", "[batch][config][limits]") {
    ::setenv("RG_BATCH_LIMITS", "acme-secret", 1);
    const std::string text = R"(
[defaults]
token_env = "RG_BATCH_LIMITS"
[defaults.limits]
daily_max = "10h"
weekly_rest = "off"
[companies.acme]
[companies.acme.limits]
daily_max = "9h30m"
long_span = "off"
weekly_rest = "36h"
[companies.globex]
type = "daily"
)";
    const auto jobs = parse_batch_config(text, "clients.toml");
    REQUIRE(jobs.size() == 2);
    const ComplianceLimits& acme = jobs[0].request.compliance;
    CHECK(acme.limits == std::vector<std::string>{"daily_max=9h30m", "weekly_rest=36h"});
    CHECK(acme.off == std::vector<std::string>{"long_span"});
    const ComplianceLimits& globex = jobs[1].request.compliance;
    CHECK(globex.limits == std::vector<std::string>{"daily_max=10h"});
    CHECK(globex.off == std::vector<std::string>{"weekly_rest"});
}

TEST_CASE("batch limits: an unknown rule or a bad value is a usage error at its line",
          "[batch][config][limits]") {
    ::setenv("RG_BATCH_LIMITS", "acme-secret", 1);
    CHECK_THAT(usage_message("[companies.acme]\ntoken_env = \"RG_BATCH_LIMITS\"\n"
                             "[companies.acme.limits]\ndaily_maxx = \"10h\"\n"),
               Catch::Contains("clients.toml:4:") && Catch::Contains("unknown rule 'daily_maxx'") &&
                   Catch::Contains("daily_max, daily_rest"));
    CHECK_THAT(usage_message("[defaults.limits]\n\ndaily_max = \"10\"\n[companies.acme]\n"
                             "token_env = \"RG_BATCH_LIMITS\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("daily_max=10"));
    CHECK_THAT(usage_message("[companies.acme]\ntoken_env = \"RG_BATCH_LIMITS\"\n"
                             "limits = \"10h\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("'limits' must be a table"));
    CHECK_THAT(usage_message("[companies.acme]\ntoken_env = \"RG_BATCH_LIMITS\"\n"
                             "[companies.acme.limits]\ndaily_max = 10\n"),
               Catch::Contains("clients.toml:4:") && Catch::Contains("must be a string"));
}
