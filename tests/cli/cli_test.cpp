// The reportgen binary end to end: spawned as a child process against the
// mock server on loopback (in this test process) or its own --demo.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/nid_warnings.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::parse_csv;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;

namespace {

const std::string kSecret = "s3cr3t-T0KEN-do-not-print";

MockOptions small_company() {
    MockOptions o;
    o.employees = 12;
    o.days = 10;
    o.start = "2024-03-01";
    o.token = kSecret;
    return o;
}

std::string write_token(const TempDir& dir, const std::string& token,
                        const std::string& name = "token") {
    const std::string path = dir.file(name);
    std::ofstream(path) << token << "\n";
    // As a token file should be: one readable by all gets a warning.
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return path;
}

// Data rows (TOTAL rows excluded) of a by_employee CSV.
std::size_t data_rows(const std::vector<reportgen::test::Record>& csv) {
    std::size_t n = 0;
    for (std::size_t i = 1; i < csv.size(); ++i)
        if (csv[i].size() > 4 && csv[i][4] != "TOTAL") ++n;
    return n;
}

}  // namespace

TEST_CASE("the demo writes a readable XLSX with no token and no network", "[cli]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "20", "--from", "2024-01-01", "--to",
                            "2024-01-31", "--format", "xlsx"},
                           {}, dir.path().string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string xlsx = dir.file("by_employee_2024-01-01_2024-01-31.xlsx");
    reportgen::test::run("unzip -tq '" + xlsx + "'");
    const std::string sheet = reportgen::test::unzip_member(xlsx, "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("Empleado") != std::string::npos);
    CHECK(sheet.find("TOTAL") != std::string::npos);
    // One summary line on stderr, no progress (not a terminal), and the
    // compliance checks' totals (the demo's data has incidents) on one more.
    CHECK(r.err.find("entries") != std::string::npos);
    CHECK(r.err.find('\r') == std::string::npos);
    const std::string err = reportgen::test::without_nid_warnings(r.err);
    CHECK(std::count(err.begin(), err.end(), '\n') == 2);
    CHECK(err.find("\nreportgen: warning: ") != std::string::npos);
    CHECK(r.err.find(" compliance incidents: ") != std::string::npos);
}

TEST_CASE("every format and type against the mock server", "[cli]") {
    MockApiServer server(small_company());
    server.start();
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    for (const char* type : {"by_employee", "by_activity", "by_group", "daily", "payroll"}) {
        for (const char* format : {"csv", "csv.gz", "xlsx"}) {
            const std::string out = dir.file(std::string(type) + "." + format);
            const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-10", "--type", type,
                                    "--format", format, "-o", out, "--base-url", server.base_url(),
                                    "--token-file", token, "-q"});
            INFO(type << " " << format << ": " << r.err);
            REQUIRE(r.exit_code == 0);
            CHECK(reportgen::test::without_nid_warnings(r.err).empty());
            std::string bytes = read_file(out);
            if (std::string(format) == "csv.gz") bytes = reportgen::test::gunzip(bytes);
            if (std::string(format) == "xlsx") {
                const auto sheet = reportgen::test::unzip_member(out, "xl/worksheets/sheet1.xml");
                CHECK(sheet.find("TOTAL") != std::string::npos);
                continue;
            }
            REQUIRE(bytes.rfind("\xEF\xBB\xBF", 0) == 0);
            const auto csv = parse_csv(std::string_view(bytes).substr(3));
            const std::string t = type;
            // payroll: one row per employee of the small company, and TOTAL.
            REQUIRE(csv.size() > (t == "payroll" ? 2u : 10u));
            CHECK(csv[0].size() == (t == "payroll" ? 25u : t == "daily" ? 25u : 9u));
            CHECK(csv[0][0] == (t == "by_group" ? "Grupo" : "Empleado"));
            if (t == "payroll") CHECK(csv.back()[0] == "TOTAL");
        }
    }
}

TEST_CASE("stdout output: CSV streams and XLSX is refused", "[cli]") {
    MockApiServer server(small_company());
    server.start();
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-03", "--format", "csv", "-o",
                            "-", "--base-url", server.base_url(), "--token-file", token,
                            "--csv-delimiter", ";", "--no-bom", "--lang", "en"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("Employee;ID type;", 0) == 0);
    CHECK(r.err.find("-> -") != std::string::npos);
    const auto x = run_cli({"--from", "2024-03-01", "--to", "2024-03-03", "--format", "xlsx", "-o",
                            "-", "--base-url", server.base_url(), "--token-file", token});
    CHECK(x.exit_code == 2);
    CHECK(x.err.find("stdout") != std::string::npos);
}

// `reportgen -o - | head -1`: the reader goes away; the program ends quietly
// with the shell's 128 + SIGPIPE, as cat does, not with "Broken pipe", exit 5.
TEST_CASE("a report on stdout whose reader has gone ends quietly", "[cli]") {
    MockApiServer server(small_company());
    server.start();
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);  // the reader is gone before the first byte
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    const std::string err_path = dir.file("stderr");
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_s{REPORTGEN_CLI_PATH, "--from", "2024-03-01", "--to",
                                    "2024-03-03", "--format", "csv", "-o", "-", "--base-url",
                                    server.base_url(), "--token-file", token, "-q"};
    std::vector<std::string> env_s = reportgen::test::cli_environment({});
    std::vector<char*> argv = reportgen::test::c_strings(argv_s),
                       envp = reportgen::test::c_strings(env_s);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    CHECK(code == 128 + SIGPIPE);
    CHECK(reportgen::test::without_nid_warnings(read_file(err_path)).empty());
}

TEST_CASE("the metrics JSON is valid and agrees with the file", "[cli]") {
    MockApiServer server(small_company());
    server.start();
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    const std::string out = dir.file("r.csv"), metrics = dir.file("m.json");
    // To the day after the data: its last night shifts end on 03-11, so every
    // entry the server lists is decoded whatever the range edges do.
    const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-11", "--format", "csv", "-o",
                            out, "--metrics-json", metrics, "--base-url", server.base_url(),
                            "--token-file", token, "--page-size", "50", "--engine", "turbo"});
    REQUIRE(r.exit_code == 0);
    const auto m = nlohmann::json::parse(read_file(metrics));
    const std::string bytes = read_file(out);
    const auto csv = parse_csv(std::string_view(bytes).substr(3));
    CHECK(m.at("rows_written").get<std::size_t>() == data_rows(csv));
    CHECK(m.at("rows_written").get<std::size_t>() + m.at("total_rows").get<std::size_t>() ==
          csv.size() - 1);
    CHECK(m.at("bytes_written").get<std::size_t>() == bytes.size());
    CHECK(m.at("strategy") == "turbo");
    CHECK(m.at("entries_decoded").get<std::size_t>() == server.listed_total("", ""));
    CHECK(m.at("pages_fetched").get<int>() == m.at("pages_expected").get<int>());
    CHECK(m.at("consistent") == true);
    CHECK(m.at("ok") == true);
    CHECK(m.at("error") == "");
    CHECK(m.at("output_path") == out);
    CHECK(read_file(metrics).find(kSecret) == std::string::npos);
}

TEST_CASE("exit codes", "[cli]") {
    MockOptions opts = small_company();
    MockApiServer server(opts);
    server.start();
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    const std::string base = server.base_url();
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--base-url", base, "--token-file", token});
        return run_cli(args);
    };
    const std::string out = dir.file("out.csv");

    SECTION("2: invalid input, before any request") {
        server.reset_counters();
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"--from", "2024-02-30", "--to", "2024-03-01"},
                 {"--from", "2024-03-05", "--to", "2024-03-01"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "--format", "pdf"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "--type", "by_moon"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "--page-size", "0"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "--page-size", "5000"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "-o", "/nonexistent/dir/x.csv"},
                 {"--from", "2024-03-01"},
                 {"--from", "2024-03-01", "--to", "2024-03-02", "--no-such-flag"},
             }) {
            auto with_out = args;
            const auto r = run(with_out);
            INFO(r.err);
            CHECK(r.exit_code == 2);
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one-line reason
        }
        const auto no_token =
            run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--base-url", base});
        CHECK(no_token.exit_code == 2);
        CHECK(no_token.err.find("SESAME_API_TOKEN") != std::string::npos);
        CHECK(server.counters().requests == 0);
    }
    SECTION("3: authentication, fast, and the token is never printed") {
        const std::string wrong = write_token(dir, "wrong-" + kSecret, "wrong-token");
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "-o", out,
                                "--base-url", base, "--token-file", wrong, "-vv"});
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("401") != std::string::npos);
        CHECK(r.err.find(kSecret) == std::string::npos);
        CHECK(r.out.find(kSecret) == std::string::npos);
        // No retries: each request that was under way (page 1 and the metadata
        // lists run side by side) got one 401, and nothing was sent again.
        CHECK(server.counters().unauthorized >= 1);
        CHECK(server.counters().unauthorized <= 4);
        CHECK(server.counters().requests == server.counters().unauthorized);
        CHECK(dir.entries().size() == 2);  // the two token files only: nothing half-written
    }
    SECTION("0 with the token from the environment, and it is never printed") {
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "-o", out,
                                "--base-url", base, "-vv", "--metrics-json", dir.file("m.json")},
                               {"SESAME_API_TOKEN=" + kSecret});
        CHECK(r.exit_code == 0);
        CHECK(r.err.find(kSecret) == std::string::npos);
        CHECK(read_file(dir.file("m.json")).find(kSecret) == std::string::npos);
    }
    SECTION("5: the output cannot be written") {
        const auto r =
            run({"--from", "2024-03-01", "--to", "2024-03-02", "-o", "/proc/report.csv"});
        CHECK(r.exit_code == 5);
        CHECK(r.err.find("/proc") != std::string::npos);
    }
}

TEST_CASE("exit code 4 on a broken API and nothing left at the output path", "[cli]") {
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    const std::string out = dir.file("out.xlsx");
    SECTION("a malformed page") {
        MockOptions o = small_company();
        o.malformed_page = 2;
        MockApiServer server(o);
        server.start();
        const auto r =
            run_cli({"--from", "2024-03-01", "--to", "2024-03-10", "-o", out, "--page-size", "20",
                     "--base-url", server.base_url(), "--token-file", token});
        CHECK(r.exit_code == 4);
        CHECK(r.err.find("page 2") != std::string::npos);
    }
    SECTION("a server that always fails") {
        MockOptions o = small_company();
        o.error_rate = 1.0;
        MockApiServer server(o);
        server.start();
        const auto r =
            run_cli({"--from", "2024-03-01", "--to", "2024-03-10", "-o", out, "--retries", "1",
                     "--base-url", server.base_url(), "--token-file", token},
                    {"API_BACKOFF_FACTOR=0.01"});
        CHECK(r.exit_code == 4);
        CHECK(r.err.find("page 1") != std::string::npos);
    }
    SECTION("nothing listening") {
        MockApiServer server(small_company());
        server.start();
        const std::string base = server.base_url();
        server.stop();
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-10", "-o", out,
                                "--retries", "0", "--base-url", base, "--token-file", token});
        CHECK(r.exit_code == 4);
    }
    CHECK(dir.entries() == std::vector<std::string>{"token"});
}

TEST_CASE("a failed report still writes its metrics JSON, with the error", "[cli]") {
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    MockOptions o = small_company();
    o.error_rate = 1.0;  // every request answers 500/502/503
    MockApiServer server(o);
    server.start();
    const std::string metrics = dir.file("m.json");
    const auto r = run_cli(
        {"--from", "2024-03-01", "--to", "2024-03-10", "-o", dir.file("r.csv"), "--retries", "2",
         "--base-url", server.base_url(), "--token-file", token, "--metrics-json", metrics},
        {"API_BACKOFF_FACTOR=0.01"});
    CHECK(r.exit_code == 4);
    const std::string text = read_file(metrics);
    CHECK(text.find(kSecret) == std::string::npos);
    const auto j = nlohmann::json::parse(text);
    CHECK(j.at("ok") == false);
    CHECK(j.at("error_kind") == "api");
    CHECK(j.at("error").get<std::string>().find("page 1") != std::string::npos);
    CHECK(j.at("retries").get<int>() >= 2);  // page 1's two retries, at least
    CHECK(j.at("requests").get<int>() >= 3);
    CHECK_FALSE(std::filesystem::exists(dir.file("r.csv")));
}

TEST_CASE("data that changes mid-run: a warning, or exit 4 and no file with --strict", "[cli]") {
    TempDir dir;
    const std::string token = write_token(dir, kSecret);
    for (const bool strict : {false, true}) {
        MockOptions o = small_company();
        o.drift = 10;  // entries appear once page 1 has been served
        MockApiServer server(o);
        server.start();
        const std::string out = dir.file(strict ? "strict.csv" : "lenient.csv");
        std::vector<std::string> args = {"--from",       "2024-03-01", "--to",
                                         "2024-03-10",   "--format",   "csv",
                                         "-o",           out,          "--page-size",
                                         "20",           "--base-url", server.base_url(),
                                         "--token-file", token};
        if (strict) args.push_back("--strict");
        const auto r = run_cli(args);
        INFO(r.err);
        CHECK(r.err.find("changed while the report ran") != std::string::npos);
        if (strict) {
            CHECK(r.exit_code == 4);
            CHECK_FALSE(std::filesystem::exists(out));
        } else {
            CHECK(r.exit_code == 0);
            CHECK(std::filesystem::exists(out));
        }
    }
    CHECK(dir.entries().size() == 2);  // the token and the lenient report: no temp file
}

TEST_CASE("help documents the exit codes and version prints", "[cli]") {
    const auto h = run_cli({"--help"});
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("EXIT CODES") != std::string::npos);
    CHECK(h.out.find("130 / 143") != std::string::npos);
    CHECK(h.out.find("141") != std::string::npos);
    CHECK(h.out.find("--demo") != std::string::npos);
    CHECK(h.out.find("REPORT_TZ") != std::string::npos);
    CHECK(h.out.find("--type payroll") != std::string::npos);
    // No arguments at all: the ways to give a period, the demo and --help.
    const auto none = run_cli({});
    CHECK(none.exit_code == 2);
    for (const char* hint : {"--from", "--month", "--last-month", "--demo", "--help"})
        CHECK(none.err.find(hint) != std::string::npos);
    // Grouped like gh/rclone, with examples, named without the build path.
    for (const char* section : {"Period:", "Output:", "Connection:", "Behaviour:", "EXAMPLES"})
        CHECK(h.out.find(section) != std::string::npos);
    CHECK(h.out.find("Usage: reportgen ") != std::string::npos);
    CHECK(h.out.find(REPORTGEN_CLI_PATH) == std::string::npos);
    CHECK(run_cli({"--help"}).out == h.out);  // stable
    for (const char* flag : {"--version", "-V"}) {
        const auto v = run_cli({flag});
        CHECK(v.exit_code == 0);
        CHECK(v.out.find("reportgen 0.") != std::string::npos);
    }
    // Every mock-server flag says what it does (a description after the name).
    const auto m = run_cli({"mock-server", "--help"});
    CHECK(m.exit_code == 0);
    std::istringstream lines(m.out);
    std::string line;
    int flags = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("  --", 0) != 0) continue;
        ++flags;
        const auto name_end = line.find_first_of(" =", 4);
        const auto rest = line.substr(std::min(line.size(), name_end));
        INFO(line);
        CHECK(rest.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos);
    }
    CHECK(flags >= 18);
}

TEST_CASE("an env file applies and the environment wins over it", "[cli]") {
    MockApiServer server(small_company());
    server.start();
    TempDir dir;
    const std::string env = dir.file(".env");
    std::ofstream(env) << "# settings\nSESAME_BASE_URL=" << server.base_url()
                       << "\nexport SESAME_API_TOKEN=\"" << kSecret << "\"\nAPI_PAGE_SIZE=25\n";
    const std::string metrics = dir.file("m.json");
    const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-11", "--format", "csv", "-o",
                            dir.file("r.csv"), "--env-file", env, "--metrics-json", metrics});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto m = nlohmann::json::parse(read_file(metrics));
    const auto total = server.listed_total("", "");  // the range covers the whole data
    CHECK(m.at("pages_expected").get<std::size_t>() == (total + 24) / 25);
    std::ofstream(env, std::ios::app) << "BROKEN LINE\n";
    const auto bad = run_cli({"--from", "2024-03-01", "--to", "2024-03-10", "--env-file", env});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("line 5") != std::string::npos);
}

TEST_CASE("mock-server serves until SIGTERM and stops cleanly", "[cli]") {
    TempDir dir;
    const std::string out = dir.file("stdout");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args_s{REPORTGEN_CLI_PATH, "mock-server", "--port", "0",
                                    "--employees",      "5",           "--days", "3"};
    std::vector<char*> args;
    for (auto& a : args_s)
        args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    // Wait (bounded) for the "listening on http://127.0.0.1:PORT" line.
    std::string line;
    for (int i = 0; i < 200 && line.find('\n') == std::string::npos; ++i) {
        ::usleep(25000);
        line = read_file(out);
    }
    const auto at = line.find("http://127.0.0.1:");
    REQUIRE(at != std::string::npos);
    const int port = std::stoi(line.substr(at + 17));
    CHECK(port > 0);
    const std::string body = reportgen::test::run(
        "curl -sf -H 'Authorization: Bearer demo-token' "
        "'http://127.0.0.1:" +
        std::to_string(port) +
        "/schedule/v1/work-entries?from=2024-01-01&to=2024-01-03&page=1&limit=5'");
    const auto page = nlohmann::json::parse(body);
    CHECK(page.at("data").size() == 5);
    CHECK(page.at("meta").at("perPage") == 5);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_file(out).find("stopped") != std::string::npos);
}

TEST_CASE("progress on stderr when asked for", "[cli]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "20", "--format", "csv", "--progress",
                            "always", "-o", dir.file("r.csv")});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("\r") != std::string::npos);
    CHECK(r.err.find("pages ") != std::string::npos);
    CHECK(r.err.find("entries/s") != std::string::npos);
    const auto q = run_cli({"--demo", "--demo-employees", "20", "--format", "csv", "--progress",
                            "always", "-q", "-o", dir.file("q.csv")});
    REQUIRE(q.exit_code == 0);
    CHECK(reportgen::test::without_nid_warnings(q.err).empty());
}
