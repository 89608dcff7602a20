// SIGINT/SIGTERM while the report is written: nothing committed, the
// shell's exit codes (130, 143), and a second SIGINT ends the process at once.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <csignal>
#include <fstream>

#include "support/files.hpp"
#include "support/process.hpp"

using reportgen::test::BackgroundCli;
using reportgen::test::read_file;
using reportgen::test::TempDir;

namespace {

// A demo big enough that building and zipping the XLSX takes seconds, with
// progress on stderr so that the test sees the write phase begin ("[build]").
// REPORT_CHUNK_SIZE past the row count: the builder never looks at the
// cancel token, so only the check before the commit can honour the signal.
std::vector<std::string> big_report(const std::string& out) {
    return {"--demo", "--demo-employees", "1000",     "--from", "2024-01-01",
            "--to",   "2024-01-31",       "--format", "xlsx",   "-o",
            out,      "--progress",       "always"};
}
const std::vector<std::string> kNoChunkChecks{"REPORT_CHUNK_SIZE=1000000"};

}  // namespace

TEST_CASE("a signal during the XLSX write: nothing committed, exit 128 + signal", "[cli][signal]") {
    const int sig = GENERATE(SIGINT, SIGTERM);
    TempDir dir;
    const std::string out = dir.file("r.xlsx");
    std::ofstream(out) << "previous report";
    BackgroundCli cli(big_report(out), kNoChunkChecks);
    REQUIRE(cli.started());
    REQUIRE(cli.wait_for_stderr("[build]"));
    cli.signal(sig);
    const int status = cli.wait();
    INFO(cli.err());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK(cli.err().find("cancelled") != std::string::npos);
    CHECK(read_file(out) == "previous report");
    CHECK(dir.entries() == std::vector<std::string>{"r.xlsx"});
}

TEST_CASE("a second SIGINT ends the process at once, leaving nothing", "[cli][signal]") {
    TempDir dir;
    const std::string out = dir.file("r.xlsx");
    BackgroundCli cli(big_report(out), kNoChunkChecks);
    REQUIRE(cli.started());
    REQUIRE(cli.wait_for_stderr("[build]"));
    cli.signal(SIGINT);
    ::usleep(100000);
    cli.signal(SIGINT);
    const int status = cli.wait();
    INFO(cli.err());
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGINT);
    CHECK(dir.entries().empty());
}

TEST_CASE("SIGINT while --split-by publishes: every file put back, exit 130", "[cli][signal]") {
    TempDir dir;
    // 300 files: each rename is synced, so publishing takes a while.
    const std::vector<std::string> args{
        "--demo",   "--demo-employees", "300", "--from", "2024-01-01",          "--to", "2024-01-02",
        "--format", "csv", "--split-by", "employee", "-o", dir.file("{employee}.csv"), "-v"};
    // A first run leaves the earlier reports the second one would replace.
    REQUIRE(reportgen::test::run_cli(args).exit_code == 0);
    const auto names = dir.entries();
    REQUIRE(names.size() > 250);
    for (const auto& name : names)
        std::ofstream(dir.file(name), std::ios::trunc) << "earlier " << name;

    BackgroundCli cli(args);
    REQUIRE(cli.started());
    REQUIRE(cli.wait_for_stderr("publishing"));
    cli.signal(SIGINT);
    const int status = cli.wait();
    INFO(cli.err());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(cli.err().find("put back") != std::string::npos);
    CHECK(dir.entries().size() == names.size());  // no new file, no temporary one
    std::size_t earlier = 0;
    for (const auto& name : names)
        earlier += read_file(dir.file(name)) == "earlier " + name ? 1 : 0;
    CHECK(earlier == names.size());
}
