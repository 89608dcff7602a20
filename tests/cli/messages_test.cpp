// What the CLI says when something is off: token and env files, paging,
// redirects, wrong base URLs, empty periods, formats, the demo's dates.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "env_file.hpp"
#include "reportgen/error.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/token.hpp"
#include "support/files.hpp"
#include "support/loopback_server.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "messages-test-token-0123456789";
const std::string kBom = "\xEF\xBB\xBF";

MockOptions company() {
    MockOptions o;
    o.employees = 6;
    o.days = 5;
    o.start = "2024-03-01";
    o.token = kToken;
    return o;
}

std::string usage_message(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    FAIL("no usage error");
    return {};
}

}  // namespace

TEST_CASE("parse_token: BOM stripped, blank first line and empty file told apart", "[cli][files][token]") {
    using reportgen::parse_token;
    CHECK(parse_token(kBom + "abc\r\n", "t") == "abc");
    CHECK(parse_token("  abc  \nignored\n", "t") == "abc");
    CHECK(usage_message([] { (void)parse_token("\nabc\n", "t"); }).find("first line is blank") !=
          std::string::npos);
    CHECK(usage_message([] { (void)parse_token(kBom + " \r\n\n", "t"); }).find("is empty") !=
          std::string::npos);
    CHECK(usage_message([] {
              (void)parse_token(
                  "ab\x01"
                  "c",
                  "t");
          }).find("control character") != std::string::npos);
}

TEST_CASE("parse_env: dotenv's export, quotes, comments and a BOM", "[cli][files]") {
    using Env = std::vector<std::pair<std::string, std::string>>;
    const std::string text = kBom +
                             "# settings\n"
                             "export A=1\n"
                             "B=\"two words\" # a comment\n"
                             "C='lit\\eral' #x\n"
                             "D=bare value # comment\n"
                             "E=pass#word\n"
                             "F=\"line\\nbreak \\\"q\\\"\"\r\n"
                             "G=\n"
                             "  H = spaced  \n";
    CHECK(cli::parse_env(text, "e") == Env{{"A", "1"},
                                           {"B", "two words"},
                                           {"C", "lit\\eral"},
                                           {"D", "bare value"},
                                           {"E", "pass#word"},
                                           {"F", "line\nbreak \"q\""},
                                           {"G", ""},
                                           {"H", "spaced"}});
    CHECK(usage_message([] { cli::parse_env("A=1\nBROKEN\n", "e"); }).find("line 2") !=
          std::string::npos);
    CHECK(usage_message([] { cli::parse_env("A=\"open\n", "e"); }).find("unterminated") !=
          std::string::npos);
    CHECK(usage_message([] { cli::parse_env("A=\"v\" junk\n", "e"); }).find("after the closing") !=
          std::string::npos);
    CHECK(usage_message([] { cli::parse_env("1A=x\n", "e"); }).find("not a variable name") !=
          std::string::npos);
    // Found by fuzz/fuzz_env_file.cpp: a '.' was accepted in a name although the
    // message says letters, digits and _ (no shell can read such a variable).
    CHECK(usage_message([] { cli::parse_env("A.B=x\n", "e"); }).find("not a variable name") !=
          std::string::npos);
    // Found by fuzz/fuzz_env_file.cpp: setenv() would cut the value at the NUL.
    CHECK(usage_message([] {
              cli::parse_env(std::string("A=x\0y\n", 6), "e");
          }).find("line 1: holds a NUL byte") != std::string::npos);
}

TEST_CASE("token and env files: directories, BOMs, LOG_LEVEL", "[cli][files]") {
    MockApiServer server(company());
    server.start();
    TempDir dir;
    fs::create_directories(dir.path() / "adir");
    const std::vector<std::string> period{"--from",   "2024-03-01", "--to", "2024-03-02",
                                          "--format", "csv",        "-o",   dir.file("r.csv")};
    auto run = [&](std::vector<std::string> extra, std::vector<std::string> env = {}) {
        auto args = period;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args, env);
    };
    const auto token_dir = run({"--base-url", server.base_url(), "--token-file", dir.file("adir")});
    CHECK(token_dir.exit_code == 2);
    CHECK(token_dir.err.find("is a directory") != std::string::npos);

    std::ofstream(dir.file("blank")) << "\n" << kToken << "\n";
    const auto blank = run({"--base-url", server.base_url(), "--token-file", dir.file("blank")});
    CHECK(blank.exit_code == 2);
    CHECK(blank.err.find("first line is blank") != std::string::npos);

    std::ofstream(dir.file("bom")) << kBom << kToken << "\r\n";
    const auto bom = run({"--base-url", server.base_url(), "--token-file", dir.file("bom")});
    INFO(bom.err);
    CHECK(bom.exit_code == 0);

    std::ofstream(dir.file(".env")) << kBom << "export SESAME_API_TOKEN=\"" << kToken
                                    << "\" # the test's\nSESAME_BASE_URL=" << server.base_url()
                                    << " # the mock\nLOG_LEVEL=info\n";
    const auto env = run({"--env-file", dir.file(".env")});
    INFO(env.err);
    CHECK(env.exit_code == 0);
    CHECK(env.err.find("info:") != std::string::npos);  // LOG_LEVEL from the file took effect

    const auto env_dir = run({"--env-file", dir.file("adir")});
    CHECK(env_dir.exit_code == 2);
    CHECK(env_dir.err.find("is a directory") != std::string::npos);
}

TEST_CASE("page size 1 on a big month: the page size is blamed, not the server",
          "[cli][messages]") {
    TempDir dir;
    const auto r =
        run_cli({"--demo", "--demo-employees", "2000", "--from", "2024-01-01", "--to", "2024-01-31",
                 "--page-size", "1", "--format", "csv", "-o", dir.file("r.csv")});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("page size of 1 makes") != std::string::npos);
    CHECK(r.err.find("use a larger page size (up to 1000); check --page-size / API_PAGE_SIZE") !=
          std::string::npos);
    CHECK(r.err.find("meta.lastPage") == std::string::npos);
}

TEST_CASE("a redirect names its Location, a 404 hints at --base-url", "[cli][messages]") {
    test::LoopbackServer srv;
    srv.server.Get(".*", [](const httplib::Request&, httplib::Response& res) {
        res.status = 301;
        res.set_header("Location", "https://api-eu2.example.test/schedule/v1/work-entries");
    });
    srv.start();
    const auto moved = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--base-url",
                                srv.base_url(), "--format", "csv", "-o", "-"},
                               {"SESAME_API_TOKEN=" + kToken});
    INFO(moved.err);
    CHECK(moved.exit_code == 4);
    CHECK(moved.err.find("HTTP 301") != std::string::npos);
    CHECK(moved.err.find("redirects to https://api-eu2.example.test/schedule/v1/work-entries") !=
          std::string::npos);

    MockApiServer server(company());
    server.start();
    const auto missing = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--base-url",
                                  server.base_url() + "/api", "--format", "csv", "-o", "-"},
                                 {"SESAME_API_TOKEN=" + kToken});
    INFO(missing.err);
    CHECK(missing.exit_code == 4);
    CHECK(missing.err.find("HTTP 404") != std::string::npos);
    CHECK(missing.err.find("the base URL the API's root") != std::string::npos);
    CHECK(missing.err.find("check --base-url / SESAME_BASE_URL") != std::string::npos);
}

TEST_CASE("an empty period: a warning, or exit 4 and nothing with --fail-empty",
          "[cli][messages]") {
    MockApiServer server(company());
    server.start();
    TempDir dir;
    const std::string out = dir.file("r.csv");
    const std::vector<std::string> args{
        "--from", "2030-01-01", "--to", "2030-01-31", "--format",
        "csv",    "-o",         out,    "--base-url", server.base_url()};
    const auto warned = run_cli(args, {"SESAME_API_TOKEN=" + kToken});
    INFO(warned.err);
    CHECK(warned.exit_code == 0);
    CHECK(warned.err.find("warning: no entries") != std::string::npos);
    CHECK(fs::exists(out));
    // One page, said so.
    CHECK(warned.err.find(" 1 page,") != std::string::npos);
    CHECK(warned.err.find("1 pages") == std::string::npos);
    fs::remove(out);

    auto strict = args;
    strict.push_back("--fail-empty");
    const auto failed = run_cli(strict, {"SESAME_API_TOKEN=" + kToken});
    INFO(failed.err);
    CHECK(failed.exit_code == 4);
    CHECK(failed.err.find("no entries") != std::string::npos);
    CHECK(dir.entries().empty());
}

TEST_CASE("the format follows -o's extension, a contradiction is refused", "[cli][messages]") {
    TempDir dir;
    auto demo = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"--demo", "--demo-employees", "3", "--from", "2024-01-01",
                                      "--to",   "2024-01-03",       "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args);
    };
    REQUIRE(demo({"-o", dir.file("r.csv")}).exit_code == 0);
    CHECK(read_file(dir.file("r.csv")).rfind(kBom + "Empleado,", 0) == 0);
    REQUIRE(demo({"-o", dir.file("r.CSV.GZ")}).exit_code == 0);
    CHECK(read_file(dir.file("r.CSV.GZ")).rfind("\x1f\x8b", 0) == 0);
    REQUIRE(demo({"-o", dir.file("r.xlsx")}).exit_code == 0);
    CHECK(read_file(dir.file("r.xlsx")).rfind("PK", 0) == 0);
    const auto stdout_csv = demo({"-o", "-"});
    CHECK(stdout_csv.exit_code == 0);
    CHECK(stdout_csv.out.find("TOTAL") != std::string::npos);

    const auto clash = demo({"--format", "csv", "-o", dir.file("x.xlsx")});
    CHECK(clash.exit_code == 2);
    CHECK(clash.err.find("does not match") != std::string::npos);
    CHECK(!fs::exists(dir.file("x.xlsx")));
}

TEST_CASE("the demo with only a start date covers the rest of that month", "[cli][messages]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "3", "--from", "2024-02-10", "-q"}, {},
                           dir.path().string());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(dir.file("by_employee_2024-02-10_2024-02-29.xlsx")));
}

TEST_CASE("a failed report's metrics count the metadata requests too", "[cli][messages]") {
    // Metadata answers at once (404); page 1 fails a little later (500, no
    // retries), so the metadata threads have made their requests by then.
    test::LoopbackServer srv;
    std::atomic<int> requests{0};
    srv.server.Get(".*", [&requests](const httplib::Request& req, httplib::Response& res) {
        ++requests;
        if (req.path.find("work-entries") != std::string::npos) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            res.status = 500;
        } else {
            res.status = 404;
        }
        res.set_content("{}", "application/json");
    });
    srv.start();
    TempDir dir;
    const std::string metrics = dir.file("m.json");
    const auto r = run_cli(
        {"--from", "2024-03-01", "--to", "2024-03-02", "--base-url", srv.base_url(), "--format",
         "csv", "-o", dir.file("r.csv"), "--retries", "0", "--metrics-json", metrics},
        {"SESAME_API_TOKEN=" + kToken});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    const auto m = nlohmann::json::parse(read_file(metrics));
    CHECK(m.at("ok") == false);
    CHECK(requests.load() >= 4);  // page 1 + check-types, work-breaks, collections
    CHECK(m.at("requests").get<int>() == requests.load());
}

TEST_CASE("token and env files are capped: /dev/zero and a 3 GB sparse file, refused at once",
          "[cli][files]") {
    MockApiServer server(company());
    server.start();
    TempDir dir;
    const std::string big = dir.file("big");
    std::ofstream(big).close();
    fs::resize_file(big, std::uintmax_t{3} << 30);  // sparse: no disk, no memory
    auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"--from",   "2024-03-01", "--to",       "2024-03-02",
                                      "--format", "csv",        "-o",         dir.file("r.csv"),
                                      "--base-url", server.base_url()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args, {"SESAME_API_TOKEN=" + kToken});
    };
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{
             {{"--token-file", "/dev/zero"}, "--token-file /dev/zero is larger than 16 KiB"},
             {{"--token-file", big}, "is larger than 16 KiB"},
             {{"--env-file", "/dev/zero"}, "--env-file /dev/zero is larger than 1 MiB"},
             {{"--env-file", big}, "is larger than 1 MiB"}}) {
        const auto r = run(c.args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
        CHECK(r.err.find("bad_alloc") == std::string::npos);
    }
    CHECK(server.counters().requests == 0);
    // A readable token file works, with a word about its mode.
    std::ofstream(dir.file("tok")) << kToken << "\n";
    fs::permissions(dir.file("tok"), fs::perms::owner_read | fs::perms::owner_write |
                                         fs::perms::group_read | fs::perms::others_read);
    const auto open = run({"--token-file", dir.file("tok")});
    INFO(open.err);
    CHECK(open.exit_code == 0);
    CHECK(open.err.find("warning: --token-file " + dir.file("tok") +
                        " may be read by every user of this machine (mode 0644)") !=
          std::string::npos);
}

TEST_CASE("an env file's bad line is named by number, never quoted", "[cli][files]") {
    // A base64 token pasted alone: '+' and '/' make its "key" invalid.
    const std::string secret = "c2VjcmV0+dG9rZW4/c2VjcmV0dG9rZW4=";
    TempDir dir;
    std::ofstream(dir.file(".env")) << "# settings\nSESAME_REGION=eu1\n" << secret << "\n";
    const auto r = run_cli({"--env-file", dir.file(".env"), "--from", "2024-03-01", "--to",
                            "2024-03-02", "--format", "csv", "-o", dir.file("r.csv")});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("line 3: the text before '=' is not a variable name") != std::string::npos);
    CHECK(r.err.find("c2VjcmV0") == std::string::npos);
}

TEST_CASE("LOG_LEVEL with an unknown word: a usage error naming the levels, no warning first",
          "[cli][messages]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "2", "--from", "2024-03-01", "--to",
                            "2024-03-02", "-o", dir.file("r.csv")},
                           {"LOG_LEVEL=verbose"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "reportgen: error: LOG_LEVEL 'verbose' is not one of trace, debug, info, "
                   "warn, error, off\n");
    CHECK_FALSE(fs::exists(dir.file("r.csv")));
    // Words the library's own check knows are the CLI's too.
    const auto err = run_cli({"--demo", "--demo-employees", "2", "--from", "2024-03-01", "--to",
                              "2024-03-02", "-o", dir.file("r.csv"), "-q"},
                             {"LOG_LEVEL=err"});
    INFO(err.err);
    CHECK(err.exit_code == 0);
}
