// Where -o and --metrics-json land: devices and FIFOs written in place,
// symbolic links followed, directories refused before any request; the same
// for a template's expanded name; another user's link in a sticky directory
// refused; the metrics never replace the report; --mkdir leaves nothing for
// a refused run; errors name the output (not /proc/self/fd/N); --split-by
// employee under a low descriptor limit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;
namespace fs = std::filesystem;

namespace {

bool is_char_device(const std::string& p, dev_t rdev) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == rdev;
}

std::vector<std::string> demo_args(const std::string& format, const std::string& out) {
    return {"--demo",     "--demo-employees", "5",    "--from", "2024-01-01", "--to",
            "2024-01-07", "--format",         format, "-o",     out,          "-q"};
}

// Three employees, three days from 2024-03-01: a mock whose requests a test counts.
MockOptions small_company() {
    MockOptions mo;
    mo.employees = 3;
    mo.days = 3;
    mo.start = "2024-03-01";
    return mo;
}

// The demo company's name as {company} writes it.
std::string demo_company_file(const std::string& ext) {
    TempDir probe;
    const auto r = run_cli(demo_args(ext, probe.file("{company}." + ext)));
    REQUIRE(r.exit_code == 0);
    REQUIRE(probe.entries().size() == 1);
    return probe.entries().front();
}

std::string sh_quoted(const std::string& s) {
    std::string q = "'";
    for (const char c : s) {
        if (c == '\'')
            q.append("'\\''");
        else
            q.push_back(c);
    }
    q.push_back('\'');
    return q;
}

// The CLI under `sh -c "<setup>; exec reportgen ARGS"` (ulimit, trap):
// exit code and stderr.
reportgen::test::ProcessResult run_cli_after(const std::string& setup,
                                             const std::vector<std::string>& args) {
    TempDir io;
    std::string cmd = setup;
    cmd.append("; exec ").append(sh_quoted(REPORTGEN_CLI_PATH));
    for (const auto& a : args)
        cmd.append(" ").append(sh_quoted(a));
    const std::string err = io.file("stderr");
    std::string line = "sh -c ";
    line.append(sh_quoted(cmd)).append(" </dev/null >/dev/null 2>").append(sh_quoted(err));
    const int status = std::system(line.c_str());
    reportgen::test::ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err);
    return r;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_CASE("output and metrics write through a character device", "[cli][output]") {
    TempDir dir;
    const std::string null_dev = dir.file("null"), full_dev = dir.file("full");
    REQUIRE(::mknod(null_dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    REQUIRE(::mknod(full_dev.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0);
    for (const char* format : {"csv", "csv.gz", "xlsx"}) {
        auto args = demo_args(format, null_dev);
        args.insert(args.end(), {"--metrics-json", null_dev});
        const auto r = run_cli(args);
        INFO(format << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(is_char_device(null_dev, makedev(1, 3)));
        // A full device: the write fails (exit 5) and the device survives.
        const auto full = run_cli(demo_args(format, full_dev));
        CHECK(full.exit_code == 5);
        CHECK(full.err.find("No space left on device") != std::string::npos);
        CHECK(is_char_device(full_dev, makedev(1, 7)));
    }
    auto names = dir.entries();
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"full", "null"});
}

TEST_CASE("output to /dev/stdout reaches stdout, a file or a pipe", "[cli][output]") {
    // run_cli's stdout is a file: /dev/stdout -> /proc/self/fd/1 -> that file.
    const auto r = run_cli(demo_args("csv", "/dev/stdout"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("TOTAL") != std::string::npos);
    // A pipe: /proc/self/fd/1 links to "pipe:[N]", which only opens by its link.
    const std::string piped =
        reportgen::test::run(std::string(REPORTGEN_CLI_PATH) +
                             " --demo --demo-employees 5 --from 2024-01-01 "
                             "--to 2024-01-07 -q -o /dev/stdout --format csv | cat");
    CHECK(piped.find("TOTAL") != std::string::npos);
}

TEST_CASE("output to a FIFO streams the report to its reader", "[cli][output]") {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const char* format : {"csv", "xlsx"}) {
        std::string received;
        std::thread reader([&] { received = read_file(fifo); });
        const auto r = run_cli(demo_args(format, fifo));
        reader.join();
        INFO(format << ": " << r.err);
        CHECK(r.exit_code == 0);
        struct stat st {};
        REQUIRE(::lstat(fifo.c_str(), &st) == 0);
        CHECK(S_ISFIFO(st.st_mode));
        if (std::string(format) == "csv") {
            CHECK(received.find("TOTAL") != std::string::npos);
        } else {
            CHECK(received.rfind("PK", 0) == 0);  // a whole zip archive
            const std::string copy = dir.file("copy.xlsx");
            std::ofstream(copy, std::ios::binary) << received;
            CHECK(reportgen::test::unzip_member(copy, "xl/worksheets/sheet1.xml").find("TOTAL") !=
                  std::string::npos);
            fs::remove(copy);
        }
    }
}

TEST_CASE("output and metrics through a symbolic link replace its target", "[cli][output]") {
    TempDir dir;
    fs::create_directories(dir.path() / "store");
    std::ofstream(dir.file("store/r.csv")) << "stale";
    std::ofstream(dir.file("store/m.json")) << "stale";
    fs::create_symlink(dir.file("store/r.csv"), dir.file("r.csv"));
    fs::create_symlink("store/m.json", dir.file("m.json"));
    auto args = demo_args("csv", dir.file("r.csv"));
    args.insert(args.end(), {"--metrics-json", dir.file("m.json")});
    const auto r = run_cli(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::is_symlink(dir.file("r.csv")));
    CHECK(fs::is_symlink(dir.file("m.json")));
    CHECK(read_file(dir.file("store/r.csv")).find("TOTAL") != std::string::npos);
    CHECK(nlohmann::json::parse(read_file(dir.file("store/m.json"))).at("ok") == true);
    CHECK(dir.entries().size() == 3);  // store/ and the two links
}

TEST_CASE("output or metrics naming a directory is refused before any request", "[cli][output]") {
    const MockOptions mo = small_company();
    MockApiServer server(mo);
    server.start();
    TempDir dir;
    fs::create_directories(dir.path() / "adir");
    for (const auto& flag : {"-o", "--metrics-json"}) {
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-03", "--format", "csv",
                                flag, dir.file("adir"), "--base-url", server.base_url()},
                               {"SESAME_API_TOKEN=" + mo.token}, dir.path().string());
        INFO(flag << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("is a directory") != std::string::npos);
        CHECK(server.counters().requests == 0);
    }
    CHECK(fs::is_empty(dir.path() / "adir"));
}

TEST_CASE("template: a device, FIFO or link at -o '{company}.csv' expanded is kept",
          "[cli][output]") {
    const std::string name = demo_company_file("csv");
    TempDir dir;
    const std::string tmpl = dir.file("{company}.csv"), named = dir.file(name);

    SECTION("a character device") {
        REQUIRE(::mknod(named.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
        const auto r = run_cli(demo_args("csv", tmpl));
        INFO(r.err);
        CHECK(r.exit_code == 0);
        struct stat st {};
        REQUIRE(::lstat(named.c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
    }
    SECTION("a FIFO") {
        REQUIRE(::mkfifo(named.c_str(), 0600) == 0);
        const int reader = ::open(named.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        REQUIRE(reader >= 0);
        const auto r = run_cli(demo_args("csv", tmpl));
        std::string received(1 << 16, '\0');
        const ssize_t n = ::read(reader, received.data(), received.size());
        ::close(reader);
        received.resize(static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(received.find("TOTAL") != std::string::npos);
        struct stat st {};
        REQUIRE(::lstat(named.c_str(), &st) == 0);
        CHECK(S_ISFIFO(st.st_mode));
    }
    SECTION("a symbolic link, also into another directory") {
        fs::create_directories(dir.path() / "store");
        std::ofstream(dir.file("store/latest.csv")) << "stale";
        fs::create_symlink("store/latest.csv", named);
        const auto r = run_cli(demo_args("csv", tmpl));
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(fs::is_symlink(named));
        CHECK(read_file(dir.file("store/latest.csv")).find("TOTAL") != std::string::npos);
        CHECK(fs::directory_iterator(dir.path() / "store")->path().filename() == "latest.csv");
    }
    auto names = sorted(dir.entries());
    names.erase(std::remove(names.begin(), names.end(), "store"), names.end());
    CHECK(names == std::vector<std::string>{name});
}

TEST_CASE("hostile: another user's link at -o in a sticky directory is refused",
          "[cli][output][hostile]") {
    const MockOptions mo = small_company();
    MockApiServer server(mo);
    server.start();
    TempDir dir;
    const std::string shared = dir.file("tmp");
    REQUIRE(::mkdir(shared.c_str(), 0777) == 0);
    REQUIRE(::chmod(shared.c_str(), 01777) == 0);
    const std::string secret = shared + "/root-only";
    std::ofstream(secret) << "root's";
    REQUIRE(::chmod(secret.c_str(), 0600) == 0);
    const auto args = [&](const std::string& out) {
        return std::vector<std::string>{"--from",   "2024-03-01", "--to",       "2024-03-03",
                                        "--format", "csv",        "-o",         out,
                                        "-q",       "--base-url", server.base_url()};
    };
    const std::vector<std::string> env{"SESAME_API_TOKEN=" + mo.token};
    for (const char* link : {"/report.csv", "/dangling.csv"}) {
        const std::string path = shared + link;
        fs::create_symlink(std::string(link) == "/report.csv" ? "root-only" : "made-for-us",
                           path);
        REQUIRE(::lchown(path.c_str(), 65534, static_cast<gid_t>(-1)) == 0);
        const auto r = run_cli(args(path), env);
        INFO(r.err);
        CHECK(r.exit_code == 5);
        CHECK(r.err.find("fs.protected_symlinks") != std::string::npos);
    }
    CHECK(server.counters().requests == 0);
    CHECK(read_file(secret) == "root's");
    CHECK(!fs::exists(shared + "/made-for-us"));

    // Our own link there is followed as before.
    fs::create_symlink("root-only", shared + "/mine.csv");
    const auto r = run_cli(args(shared + "/mine.csv"), env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(read_file(secret).find("TOTAL") != std::string::npos);
}

TEST_CASE("metrics: --metrics-json naming the report's own file is refused", "[cli][output]") {
    const std::string company = demo_company_file("csv");
    TempDir dir;
    const std::string report = dir.file("r.csv");
    std::ofstream(report) << "earlier report";
    fs::create_symlink("r.csv", dir.file("alias.json"));
    const std::vector<std::pair<std::string, std::string>> cases{
        {report, report},
        {dir.file("./r.csv"), report},
        {report, dir.file("alias.json")},                    // through a link
        {dir.file("{month}.csv"), dir.file("2024-01.csv")},  // after expansion
        {dir.file("{company}.csv"), dir.file(company)},      // a name {company} can take
        {dir.file("{type}_{company}.csv"), dir.file("by_employee_x.csv")},
    };
    for (const auto& [out, metrics] : cases) {
        auto args = demo_args("csv", out);
        args.insert(args.end(), {"--metrics-json", metrics});
        const auto r = run_cli(args);
        INFO(out << " / " << metrics << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("the report's own file") != std::string::npos);
    }
    CHECK(read_file(report) == "earlier report");
    CHECK(sorted(dir.entries()) == std::vector<std::string>{"alias.json", "r.csv"});
    // Another name beside it is fine.
    auto args = demo_args("csv", dir.file("{company}.csv"));
    args.insert(args.end(), {"--metrics-json", dir.file("metrics.json")});
    const auto ok = run_cli(args);
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(nlohmann::json::parse(read_file(dir.file("metrics.json"))).at("ok") == true);
}

TEST_CASE("mkdir: --mkdir creates directories only for a run that is accepted", "[cli][output]") {
    TempDir dir;
    SECTION("refused after the paths were checked: nothing created") {
        // No token and no --demo: refused (exit 2) after -o was looked at.
        const auto r = run_cli({"--from", "2024-01-01", "--to", "2024-01-03", "--mkdir", "-o",
                                dir.file("a/b/r.csv"), "--metrics-json", dir.file("m/m.json")});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(dir.entries().empty());
    }
    SECTION("a run that fails removes the directories it made, while empty") {
        const MockOptions mo = small_company();
        MockApiServer server(mo);
        server.start();
        const auto r =
            run_cli({"--from", "2024-03-01", "--to", "2024-03-03", "--mkdir", "-o",
                     dir.file("a/b/r.csv"), "-q", "--base-url", server.base_url()},
                    {"SESAME_API_TOKEN=wrong"});
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(dir.entries().empty());
    }
    SECTION("an accepted run keeps them, the metrics' too") {
        auto args = demo_args("csv", dir.file("a/b/{company}.csv"));
        args.insert(args.end(), {"--mkdir", "--metrics-json", dir.file("m/m.json")});
        const auto r = run_cli(args);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(fs::is_regular_file(dir.file("m/m.json")));
        CHECK(fs::directory_iterator(dir.path() / "a" / "b") != fs::directory_iterator());
    }
}

TEST_CASE("a write error names the output path, not /proc/self/fd/N", "[cli][output]") {
    // A file size limit fails the write like a full disk (EFBIG; SIGXFSZ
    // ignored so that the write returns the error).
    const std::string format = GENERATE("csv", "xlsx");
    TempDir dir;
    const std::string out = dir.file("r." + format);
    auto args = demo_args(format, out);
    args[2] = "40";  // employees: well past the limit
    const auto r = run_cli_after("trap '' XFSZ; ulimit -f 8", args);
    INFO(r.err);
    CHECK(r.exit_code == 5);
    // reportgen's own line (libxlsxwriter prints a diagnostic of its own
    // before it, naming the descriptor it was given).
    const auto at = r.err.find("reportgen: error:");
    REQUIRE(at != std::string::npos);
    const std::string error = r.err.substr(at);
    CHECK(error.find("'" + out + "'") != std::string::npos);
    CHECK(error.find("/proc/self/fd") == std::string::npos);
    CHECK(dir.entries().empty());
}

TEST_CASE("split: --split-by employee writes more files than the descriptor limit", "[cli][split]") {
    TempDir dir;
    const auto r = run_cli_after(
        "ulimit -n 96",
        {"--demo", "--demo-employees", "300", "--from", "2024-01-01", "--to", "2024-01-02",
         "--format", "csv", "--split-by", "employee", "-o", dir.file("{employee}.csv"), "-q"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(dir.entries().size() > 250);  // employees with entries in those two days
    for (const auto& name : dir.entries())
        CHECK(name.front() != '.');
}
