// --paid-breaks end to end: the binary against the mock server on loopback.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

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
        o.token = "paid-breaks-cli-token";
        return o;
    }
    reportgen::test::ProcessResult cli(const std::string& paid) {
        std::vector<std::string> args = {"--from",       "2024-03-04",      "--to",
                                         "2024-03-09",   "-o",              out,
                                         "--metrics-json", metrics,         "--base-url",
                                         server.base_url(), "--token-file", token};
        if (!paid.empty()) {
            args.push_back("--paid-breaks");
            args.push_back(paid);
        }
        return run_cli(args);
    }
};

}  // namespace

TEST_CASE("paid breaks flag: names, comma-separated, pay their pauses", "[cli]") {
    Run run;
    const auto none = run.cli("");
    REQUIRE(none.exit_code == 0);
    const auto a = nlohmann::json::parse(read_file(run.metrics));
    const auto paid = run.cli(" COMIDA ,pausa personal");
    REQUIRE(paid.exit_code == 0);
    const auto b = nlohmann::json::parse(read_file(run.metrics));
    // The mock marks two break types remunerated; the flag adds two more.
    CHECK(a.at("paid_break_types") == 2);
    CHECK(b.at("paid_break_types") == 4);
    CHECK(b.at("presence_s") == a.at("presence_s"));
    CHECK(b.at("paid_pause_s").get<int64_t>() > a.at("paid_pause_s").get<int64_t>());
    CHECK(b.at("unpaid_pause_s").get<int64_t>() < a.at("unpaid_pause_s").get<int64_t>());
    CHECK(b.at("effective_s").get<int64_t>() ==
          a.at("effective_s").get<int64_t>() + (a.at("unpaid_pause_s").get<int64_t>() -
                                                b.at("unpaid_pause_s").get<int64_t>()));
}

TEST_CASE("paid breaks flag: a name the company lacks exits 2 listing its break types", "[cli]") {
    Run run;
    const auto r = run.cli("Comida,Cafe");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("'Cafe' matches no break type"));
    CHECK_THAT(r.err, Catch::Contains("'Pausa café'"));
}
