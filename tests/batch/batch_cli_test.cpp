// `reportgen batch` and `--config/--profile` end to end against the
// multi-company mock (cli/batch.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

#include "batch_fixture.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/nid_warnings.hpp"
#include "support/process.hpp"
#include "support/xlsx_xml.hpp"
#include "tiny_terminal.hpp"

using namespace reportgen;
using nlohmann::json;
using reportgen::test::run_cli;

namespace {

constexpr int kCompanies = 5;

MockOptions many_companies() {
    return reportgen::test::many_companies(kCompanies);
}

// A config with companies c1..c5 (tokens in RG_CLI_TOKEN_k, company `bad`
// given a wrong one) writing to dir/out/{company}/{type}_{from}_{to}.csv; the
// env entries for the CLI.
std::vector<std::string> write_config(const MockApiServer& s, const reportgen::test::TempDir& dir,
                                      int bad = 0) {
    std::ofstream(dir.file("clients.toml")) << reportgen::test::batch_config_text(
        s, dir.file("out/{company}/{type}_{from}_{to}.csv"), "RG_CLI_TOKEN_");
    std::vector<std::string> env;
    for (int k = 1; k <= kCompanies; ++k)
        env.push_back(reportgen::test::numbered("RG_CLI_TOKEN_", k) + "=" +
                      reportgen::test::token_of(s, k, bad));
    return env;
}

std::string name_of(int k) {
    return reportgen::test::numbered("c", k);
}

std::string out_file(const reportgen::test::TempDir& dir, int k) {
    return dir.file("out/c" + std::to_string(k) + "/by_employee_2024-01-01_2024-01-10.csv");
}

const std::vector<std::string> kPeriod = {"--from", "2024-01-01", "--to", "2024-01-10"};

std::vector<std::string> batch_args(const reportgen::test::TempDir& dir,
                                    std::vector<std::string> extra) {
    std::vector<std::string> a = {"batch", "--config", dir.file("clients.toml")};
    a.insert(a.end(), kPeriod.begin(), kPeriod.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

}  // namespace

TEST_CASE("batch cli: every company written, equal to its single report, summary JSON",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    const auto r =
        run_cli(batch_args(dir, {"--jobs", "3", "--summary-json", dir.file("s.json")}), env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json summary = json::parse(reportgen::test::read_file(dir.file("s.json")));
    REQUIRE(summary["companies"].size() == static_cast<std::size_t>(kCompanies));
    for (int k = 1; k <= kCompanies; ++k) {
        const json& c = summary["companies"][static_cast<std::size_t>(k - 1)];
        CHECK(c["name"] == name_of(k));
        CHECK(c["ok"] == true);
        CHECK(c["file"] == out_file(dir, k));
        CHECK(c["rows"].get<uint64_t>() > 0);
        CHECK(c["metrics"]["requests"].get<uint64_t>() > 0);
        CHECK_THAT(r.err, Catch::Contains(name_of(k) + " ok,"));
        // The single-company command writes the same bytes.
        const auto single = run_cli({"--base-url", server.base_url(), "--from", "2024-01-01",
                                     "--to", "2024-01-10", "-o", dir.file("single.csv"), "-q"},
                                    {"SESAME_API_TOKEN=" + server.token_for(k)});
        REQUIRE(single.exit_code == 0);
        CHECK(reportgen::test::read_file(out_file(dir, k)) ==
              reportgen::test::read_file(dir.file("single.csv")));
    }
    CHECK_THAT(r.err, !Catch::Contains(server.token_for(1)));
}

TEST_CASE("batch cli: shards 1/N..N/N write every company exactly once", "[batch][cli][shard]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    std::map<std::string, int> written;  // company -> shards that listed it
    for (int k = 1; k <= 3; ++k) {
        std::string summary = dir.file("s");
        summary += name_of(k) + ".json";
        std::string shard = std::to_string(k);
        shard += "/3";
        const auto r = run_cli(batch_args(dir, {"--shard", shard, "--summary-json", summary}), env);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const json parsed = json::parse(reportgen::test::read_file(summary));
        for (const auto& c : parsed["companies"])
            ++written[c["name"].get<std::string>()];
    }
    REQUIRE(written.size() == static_cast<std::size_t>(kCompanies));
    for (const auto& [name, n] : written)
        CHECK(n == 1);
    for (int k = 1; k <= kCompanies; ++k)
        CHECK(reportgen::test::fs::exists(out_file(dir, k)));

    // --shard auto: the Indexed Job's index (0-based) and the documented count.
    auto auto_env = env;
    auto_env.push_back("JOB_COMPLETION_INDEX=1");
    auto_env.push_back("REPORTGEN_SHARD_COUNT=3");
    const auto a = run_cli(
        batch_args(dir, {"--shard", "auto", "--summary-json", dir.file("a.json")}), auto_env);
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    CHECK(json::parse(reportgen::test::read_file(dir.file("a.json")))["companies"].size() ==
          json::parse(reportgen::test::read_file(dir.file("sc2.json")))["companies"].size());
    CHECK(run_cli(batch_args(dir, {"--shard", "auto"}), env).exit_code == 2);
    CHECK(run_cli(batch_args(dir, {"--shard", "4/3"}), env).exit_code == 2);
}

TEST_CASE("batch cli: a wrong token fails its company only and the exit code is auth",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir, 2);
    const auto r = run_cli(batch_args(dir, {"--summary-json", dir.file("s.json")}), env);
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("c2 FAILED (auth)"));
    CHECK_THAT(r.err, Catch::Contains("1 of 5 companies failed; first: c2"));
    for (int k = 1; k <= kCompanies; ++k)
        CHECK(reportgen::test::fs::exists(out_file(dir, k)) == (k != 2));
    const json summary = json::parse(reportgen::test::read_file(dir.file("s.json")));
    CHECK(summary["companies"][1]["error_kind"] == "auth");
    CHECK(summary["companies"][1]["metrics"]["requests"].get<uint64_t>() > 0);
}

TEST_CASE("batch cli: an invalid config fails before any request, naming the line",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    auto env = write_config(server, dir);
    {
        std::ofstream f(dir.file("clients.toml"), std::ios::app);
        f << "\n[companies.c9]\nrate_limit = 100\n";  // no token source: line 21
    }
    const auto r = run_cli(batch_args(dir, {}), env);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(dir.file("clients.toml") + ":21:") &&
                          Catch::Contains("no token source"));
    CHECK(server.counters().requests == 0);
    CHECK_FALSE(reportgen::test::fs::exists(dir.file("out")));
    // --only naming an unknown company is refused the same way.
    write_config(server, dir);
    const auto o = run_cli(batch_args(dir, {"--only", "c1,nope"}), env);
    CHECK(o.exit_code == 2);
    CHECK_THAT(o.err, Catch::Contains("no company 'nope'"));
    CHECK(server.counters().requests == 0);
}

TEST_CASE("batch cli: --only and --config/--profile run the named companies", "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    // Company c2's token variable unset: it does not run, so it needs none.
    std::vector<std::string> env_without_c2;
    for (const auto& e : env)
        if (e.rfind(reportgen::test::numbered("RG_CLI_TOKEN_", 2) + "=", 0) != 0)
            env_without_c2.push_back(e);
    REQUIRE(env_without_c2.size() == env.size() - 1);
    const auto only = run_cli(batch_args(dir, {"--only", "c4,c1"}), env_without_c2);
    INFO(only.err);
    REQUIRE(only.exit_code == 0);
    for (int k = 1; k <= kCompanies; ++k)
        CHECK(reportgen::test::fs::exists(out_file(dir, k)) == (k == 1 || k == 4));
    // ... but a company that runs without its token is refused, naming the line.
    const auto c2 = run_cli(batch_args(dir, {"--only", "c2"}), env_without_c2);
    CHECK(c2.exit_code == 2);
    CHECK_THAT(c2.err, Catch::Contains("clients.toml:") &&
                           Catch::Contains("is not set"));

    std::vector<std::string> args = {"--config", dir.file("clients.toml"), "--profile", "c3"};
    args.insert(args.end(), kPeriod.begin(), kPeriod.end());
    const auto p = run_cli(args, env_without_c2);
    INFO(p.err);
    REQUIRE(p.exit_code == 0);
    CHECK(reportgen::test::fs::exists(out_file(dir, 3)));
    CHECK_FALSE(reportgen::test::fs::exists(out_file(dir, 2)));
    CHECK(
        run_cli({"--profile", "c3", "--from", "2024-01-01", "--to", "2024-01-02"}, env).exit_code ==
        2);
    const auto unknown = run_cli({"--config", dir.file("clients.toml"), "--profile", "c9",
                                  "--from", "2024-01-01", "--to", "2024-01-02"},
                                 env);
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("--profile: no company 'c9'"));
}

TEST_CASE("batch cli: --profile takes the single report's flags over the company's settings",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    auto profile = [&](std::vector<std::string> flags) {
        std::vector<std::string> args = {"--config", dir.file("clients.toml"), "--profile", "c3"};
        args.insert(args.end(), kPeriod.begin(), kPeriod.end());
        args.insert(args.end(), flags.begin(), flags.end());
        return run_cli(args, env);
    };
    const auto plain = profile({});
    INFO(plain.err);
    REQUIRE(plain.exit_code == 0);
    const std::string plain_csv = reportgen::test::read_file(out_file(dir, 3));
    REQUIRE(plain_csv.rfind("\xEF\xBB\xBF", 0) == 0);  // the default BOM
    CHECK_THAT(plain_csv, Catch::Contains("Empleado"));

    // Report flags: --type, --lang, --no-bom, --metrics-json, --engine; -o with
    // {company} = the profile's name, as in the batch.
    const auto flagged =
        profile({"--type", "by_group", "--lang", "en", "--no-bom", "--engine", "turbo",
                 "--metrics-json", dir.file("m.json"), "-o", dir.file("p_{company}_{type}.csv")});
    INFO(flagged.err);
    REQUIRE(flagged.exit_code == 0);
    const std::string csv = reportgen::test::read_file(dir.file("p_c3_by_group.csv"));
    CHECK(csv.rfind("Group,", 0) == 0);  // English, by group, no BOM
    const json metrics = json::parse(reportgen::test::read_file(dir.file("m.json")));
    CHECK(metrics["ok"] == true);
    CHECK(metrics["strategy"] == "turbo");
    // Client flags: --timeout and --retries reach the request (a refused
    // value proves they are read, not dropped).
    const auto timeout = profile({"--timeout", "0"});
    CHECK(timeout.exit_code == 2);
    CHECK_THAT(timeout.err, Catch::Contains("timeout must be > 0"));
    // --split-by: one file per employee.
    const auto split = profile({"--split-by", "employee", "-o", dir.file("emp/{employee}.csv"),
                                "--mkdir"});
    INFO(split.err);
    REQUIRE(split.exit_code == 0);
    CHECK(reportgen::test::fs::exists(dir.file("emp")));
    CHECK(std::distance(reportgen::test::fs::directory_iterator(dir.file("emp")),
                        reportgen::test::fs::directory_iterator{}) > 1);
    // --fail-empty and --strict are the report's own: a period without entries fails.
    std::vector<std::string> empty_args = {"--config", dir.file("clients.toml"), "--profile", "c3",
                                           "--from", "2023-01-01", "--to", "2023-01-02",
                                           "--fail-empty", "--strict"};
    const auto empty = run_cli(empty_args, env);
    INFO(empty.err);
    CHECK(empty.exit_code == 4);
    // A --format that contradicts the company's output is refused by the one rule.
    const auto clash = profile({"--format", "xlsx"});
    CHECK(clash.exit_code == 2);
    CHECK_THAT(clash.err, Catch::Contains("does not match the output name"));
    // The demo brings its own API: refused by name.
    const auto demo = profile({"--demo"});
    CHECK(demo.exit_code == 2);
    CHECK_THAT(demo.err, Catch::Contains("--demo and --profile"));
}

TEST_CASE("batch cli: companies resolving to one file are refused before any request",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    for (const std::string& output : {dir.file("all.csv"), dir.file("{type}_{from}.csv")}) {
        std::ofstream(dir.file("same.toml"))
            << reportgen::test::batch_config_text(server, output, "RG_CLI_TOKEN_");
        const auto r = run_cli({"batch", "--config", dir.file("same.toml"), "--from", "2024-01-01",
                                "--to", "2024-01-10", "--shard", "1/5"},
                               env);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("batch: companies 'c1' and 'c2' both write"));
    }
    // Names that differ only in what a file name cannot hold.
    std::ofstream(dir.file("names.toml"))
        << "[defaults]\nbase_url = \"" << server.base_url() << "\"\ntoken_env = \"RG_CLI_TOKEN_1\"\n"
        << "output = \"" << dir.file("{company}.csv") << "\"\n"
        << "[companies.\"acme sl\"]\n[companies.acme_sl]\n[companies.\"acme sl.\"]\n";
    const auto names = run_cli({"batch", "--config", dir.file("names.toml"), "--from",
                                "2024-01-01", "--to", "2024-01-10"},
                               env);
    INFO(names.err);
    CHECK(names.exit_code == 2);
    CHECK_THAT(names.err, Catch::Contains("companies 'acme sl' and 'acme_sl' both write '" +
                                          dir.file("acme_sl.csv") + "'"));
    CHECK(server.counters().requests == 0);
    CHECK_FALSE(reportgen::test::fs::exists(dir.file("acme_sl.csv")));
}

TEST_CASE("batch cli: bad --summary-json, --only and years are refused before any request",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{
             {batch_args(dir, {"--summary-json", dir.file("missing/s.json")}),
              "output directory '" + dir.file("missing") + "' does not exist"},
             {batch_args(dir, {"--summary-json", dir.path().string()}), "is a directory"},
             {batch_args(dir, {"--only", ","}), "--only ',' names no company"},
             {batch_args(dir, {"--only", ""}), "--only '' names no company"},
             {{"batch", "--config", dir.file("clients.toml"), "--month", "0000-01"},
              "the year is outside 1970..9998"},
             {{"batch", "--config", dir.file("clients.toml"), "--from", "9999-12-01", "--to",
               "9999-12-31"},
              "the year is outside 1970..9998"}}) {
        const auto r = run_cli(c.args, env);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains(c.message));
    }
    CHECK(server.counters().requests == 0);
    CHECK_FALSE(reportgen::test::fs::exists(dir.file("out")));
}

TEST_CASE("batch cli: the first failing company is the file's first, not the name's",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    auto env = write_config(server, dir);
    // zeta before alpha in the file; both with a wrong token.
    std::ofstream(dir.file("order.toml"))
        << "[defaults]\nbase_url = \"" << server.base_url() << "\"\nformat = \"csv\"\n"
        << "output = \"" << dir.file("o/{company}.csv") << "\"\n"
        << "[companies.zeta]\ntoken_env = \"RG_CLI_BAD\"\n"
        << "[companies.mid]\ntoken_env = \"RG_CLI_TOKEN_1\"\n"
        << "[companies.alpha]\ntoken_env = \"RG_CLI_BAD\"\n";
    env.push_back("RG_CLI_BAD=wrong-token");
    const auto r = run_cli({"batch", "--config", dir.file("order.toml"), "--from", "2024-01-01",
                            "--to", "2024-01-10", "--summary-json", dir.file("s.json")},
                           env);
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("2 of 3 companies failed; first: zeta"));
    const json summary = json::parse(reportgen::test::read_file(dir.file("s.json")));
    REQUIRE(summary["companies"].size() == 3);
    CHECK(summary["companies"][0]["name"] == "zeta");
    CHECK(summary["companies"][1]["name"] == "mid");
    CHECK(summary["companies"][2]["name"] == "alpha");
}

TEST_CASE("batch cli: -q and -v after the subcommand act as before it", "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    const auto plain = run_cli(batch_args(dir, {"--only", "c1"}), env);
    INFO(plain.err);
    REQUIRE(plain.exit_code == 0);
    CHECK_THAT(plain.err, Catch::Contains("c1 ok,") && Catch::Contains("all ok"));
    CHECK_THAT(plain.err, !Catch::Contains(": info: "));

    for (const std::vector<std::string>& args : {batch_args(dir, {"--only", "c1", "-q"}), [&] {
                                                     auto a = batch_args(dir, {"--only", "c1"});
                                                     a.insert(a.begin(), "-q");
                                                     return a;
                                                 }()}) {
        const auto quiet = run_cli(args, env);
        INFO(quiet.err);
        REQUIRE(quiet.exit_code == 0);
        CHECK(reportgen::test::without_nid_warnings(quiet.err).empty());
    }
    const auto verbose = run_cli(batch_args(dir, {"--only", "c1", "-v"}), env);
    INFO(verbose.err);
    REQUIRE(verbose.exit_code == 0);
    CHECK_THAT(verbose.err, Catch::Contains(": info: ") && Catch::Contains("c1 ok,"));
}

TEST_CASE("batch cli: the single report's token, URL and flags do not reach a batch",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    auto env = write_config(server, dir);
    // The environment of the one-company command is ignored: each company
    // has its own token and the config's base_url.
    env.push_back("SESAME_API_TOKEN=wrong-token");
    env.push_back("SESAME_BASE_URL=http://127.0.0.1:1");
    env.push_back("SESAME_REGION=nowhere");
    const auto r = run_cli(batch_args(dir, {"--summary-json", dir.file("s.json")}), env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (int k = 1; k <= kCompanies; ++k)
        CHECK(reportgen::test::fs::exists(out_file(dir, k)));
    CHECK(server.counters().unauthorized == 0);

    // Its flags are refused by name, before or after `batch`, before any request.
    const auto before = server.counters().requests;
    for (const std::vector<std::string>& extra :
         std::vector<std::vector<std::string>>{{"--base-url", server.base_url()},
                                               {"--token-file", dir.file("clients.toml")},
                                               {"--output", dir.file("x.csv")},
                                               {"--rate-limit", "10"},
                                               {"--timeout", "5"}}) {
        const auto after = run_cli(batch_args(dir, extra), env);
        CHECK(after.exit_code == 2);
        CHECK_THAT(after.err,
                   Catch::Contains("batch: " + extra[0]) && Catch::Contains("single-report flag"));
        auto front = batch_args(dir, {});
        front.insert(front.begin(), extra.begin(), extra.end());
        const auto pre = run_cli(front, env);
        CHECK(pre.exit_code == 2);
        CHECK_THAT(pre.err, Catch::Contains("single-report flag"));
    }
    CHECK(server.counters().requests == before);
}

TEST_CASE("batch cli: --demo runs a generated config against a built-in mock",
          "[batch][cli][demo]") {
    reportgen::test::TempDir dir;
    const std::string tmpl = dir.file("demo/{company}_{from}_{to}.xlsx");
    const auto r = run_cli({"batch", "--demo", "--demo-companies", "3", "--demo-employees", "8",
                            "--month", "2024-02", "-o", tmpl, "--summary-json", dir.file("s.json")},
                           {});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json summary = json::parse(reportgen::test::read_file(dir.file("s.json")));
    REQUIRE(summary["companies"].size() == 3u);
    CHECK(summary["from"] == "2024-02-01");
    CHECK(summary["to"] == "2024-02-29");
    std::set<std::string> contents;
    for (int k = 1; k <= 3; ++k) {
        std::string file = dir.file("demo/company");
        file += std::to_string(k) + "_2024-02-01_2024-02-29.xlsx";
        REQUIRE(reportgen::test::fs::exists(file));
        const auto cells = reportgen::test::sheet_cells(
            reportgen::test::unzip_member(file, "xl/worksheets/sheet1.xml"));
        CHECK(cells.size() > 8);  // a header and rows
        contents.insert(reportgen::test::read_file(file));
        CHECK(summary["companies"][static_cast<std::size_t>(k - 1)]["rows"].get<uint64_t>() > 0);
    }
    CHECK(contents.size() == 3u);  // each company its own data
    CHECK(
        reportgen::test::zip_members(dir.file("demo/company1_2024-02-01_2024-02-29.xlsx")).size() >
        3);

    // A template without {company} would have every company write one file.
    const auto same = run_cli({"batch", "--demo", "-o", dir.file("one.xlsx")}, {});
    CHECK(same.exit_code == 2);
    CHECK_THAT(same.err, Catch::Contains("{company}"));
    CHECK(run_cli({"batch", "--demo", "--config", dir.file("x.toml")}, {}).exit_code == 2);
}

TEST_CASE("batch cli: --progress always draws the running companies, gone before the summary",
          "[batch][cli][progress]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    auto env = write_config(server, dir);
    // The library's warnings (the mock's workers without an identity number)
    // are not what this is about: they are written between progress redraws.
    env.push_back("LOG_LEVEL=error");
    const auto r = run_cli(batch_args(dir, {"--jobs", "2", "--progress", "always"}), env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("  c1  ") && Catch::Contains("\x1b[J"));
    reportgen::test::TinyTerminal term;
    term.play(r.err);
    std::vector<std::string> summary;
    for (int k = 1; k <= kCompanies; ++k)
        summary.push_back("reportgen: batch: " + name_of(k) + " ok,");
    summary.push_back("reportgen: batch: 5 companies");
    const auto lines = term.lines();
    REQUIRE(lines.size() == summary.size());  // no progress line left on the screen
    for (std::size_t i = 0; i < lines.size(); ++i)
        CHECK(lines[i].rfind(summary[i], 0) == 0);

    // Not a terminal (the default, auto): no progress at all; -v's log lines
    // would break the redraw, so they turn it off too.
    const auto plain = run_cli(batch_args(dir, {}), env);
    CHECK_THAT(plain.err, !Catch::Contains("\x1b["));
    const auto verbose = run_cli(batch_args(dir, {"--progress", "always", "-v"}), env);
    CHECK_THAT(verbose.err, !Catch::Contains("\x1b[") && Catch::Contains(": info: "));
}

TEST_CASE("batch cli: --summary-json naming a company's report is refused before any request",
          "[batch][cli]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto env = write_config(server, dir);
    const auto r = run_cli(batch_args(dir, {"--summary-json", out_file(dir, 3)}), env);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--summary-json") && Catch::Contains("report's own file"));
    CHECK(server.counters().requests == 0);
    CHECK(!reportgen::test::fs::exists(dir.file("out")));
}
