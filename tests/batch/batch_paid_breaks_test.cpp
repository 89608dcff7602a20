// The batch file's paid_breaks key (README "More companies than one
// machine"): an array of strings in [defaults] and per company.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "batch/batch_fixture.hpp"
#include "reportgen/batch.hpp"

using namespace reportgen;

namespace {

using reportgen::test::usage_message;

}  // namespace

TEST_CASE("batch config: paid_breaks in defaults, replaced whole by a company's",
          "[batch][config]") {
    ::setenv("RG_BATCH_PAID_TOKEN", "secret", 1);
    const auto jobs = parse_batch_config(R"(
[defaults]
token_env = "RG_BATCH_PAID_TOKEN"
paid_breaks = ["Café", " Comida "]
[companies.acme]
[companies.globex]
paid_breaks = ["b-0001"]
[companies.initech]
paid_breaks = []
)",
                                         "clients.toml");
    REQUIRE(jobs.size() == 3);
    CHECK(jobs[0].request.paid_breaks == std::vector<std::string>{"Café", " Comida "});
    CHECK(jobs[1].request.paid_breaks == std::vector<std::string>{"b-0001"});
    CHECK(jobs[2].request.paid_breaks.empty());
}

TEST_CASE("batch config: paid_breaks must be an array of strings", "[batch][config]") {
    ::setenv("RG_BATCH_PAID_TOKEN", "secret", 1);
    CHECK_THAT(usage_message("[companies.a]\ntoken_env = \"RG_BATCH_PAID_TOKEN\"\n"
                             "paid_breaks = \"Café\"\n"),
               Catch::Contains("clients.toml:3: company 'a': 'paid_breaks' must be an array of "
                               "strings"));
    CHECK_THAT(usage_message("[companies.a]\ntoken_env = \"RG_BATCH_PAID_TOKEN\"\n"
                             "paid_breaks = [\"Café\", 3]\n"),
               Catch::Contains("clients.toml:3: company 'a': 'paid_breaks' must be an array"));
}

TEST_CASE("batch config: remote_check_types in defaults, replaced whole by a company's",
          "[batch][config][place]") {
    ::setenv("RG_BATCH_PAID_TOKEN", "secret", 1);
    const auto jobs = parse_batch_config(R"(
[defaults]
token_env = "RG_BATCH_PAID_TOKEN"
remote_check_types = ["Teletrabajo", "Casa"]
[companies.acme]
[companies.globex]
remote_check_types = ["Home office"]
[companies.initech]
remote_check_types = []
)",
                                         "clients.toml");
    REQUIRE(jobs.size() == 3);
    CHECK(jobs[0].request.remote_check_types == std::vector<std::string>{"Teletrabajo", "Casa"});
    CHECK(jobs[1].request.remote_check_types == std::vector<std::string>{"Home office"});
    CHECK(jobs[2].request.remote_check_types.empty());  // the default rule
    CHECK_THAT(usage_message("[companies.a]\ntoken_env = \"RG_BATCH_PAID_TOKEN\"\n"
                             "remote_check_types = \"Teletrabajo\"\n"),
               Catch::Contains("clients.toml:3: company 'a': 'remote_check_types' must be an "
                               "array of strings"));
}
