// Where -o and --metrics-json land: devices and FIFOs written in place,
// symbolic links followed, directories refused before any request.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>

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
    MockOptions mo;
    mo.employees = 3;
    mo.days = 3;
    mo.start = "2024-03-01";
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
