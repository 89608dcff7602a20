#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using testsupport::read_file;
using testsupport::TempDir;
namespace fs = std::filesystem;

using reportgen::test::expect_io_error;

namespace {

// Restores the working directory (and umask) changed by a test.
struct CwdGuard {
    std::string old = fs::current_path().string();
    ~CwdGuard() {
        std::error_code ec;
        fs::current_path(old, ec);
    }
};
struct UmaskGuard {
    explicit UmaskGuard(mode_t m) : old(::umask(m)) {}
    ~UmaskGuard() { ::umask(old); }
    mode_t old;
};

mode_t mode_of(const std::string& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("AtomicFile: commit renames the temp file onto the target", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("enero.csv");
    AtomicFile af(target);
    CHECK(af.target() == target);
    // Beside the target, hidden, named after it.
    CHECK(fs::path(af.temp_path()).parent_path() == dir.path());
    CHECK(fs::path(af.temp_path()).filename().string().rfind(".enero.csv.tmp-", 0) == 0);
    CHECK(fs::exists(af.temp_path()));
    CHECK(!fs::exists(target));
    {
        FileByteSink f(af.temp_path());
        f.write("hello\r\n");
        f.close();
    }
    CHECK(!fs::exists(target));  // nothing visible before commit
    af.commit();
    CHECK(read_file(target) == "hello\r\n");
    CHECK(!fs::exists(af.temp_path()));
    CHECK(dir.entries() == std::vector<std::string>{"enero.csv"});
    af.commit();  // idempotent
}

TEST_CASE("AtomicFile: replacing an existing file keeps its permissions", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("r.csv");
    {
        FileByteSink f(target);
        f.write("old");
        f.close();
    }
    REQUIRE(::chmod(target.c_str(), 0640) == 0);
    {
        AtomicFile af(target);
        FileByteSink f(af.temp_path());
        f.write("new");
        f.close();
        af.commit();
    }
    CHECK(read_file(target) == "new");
    CHECK(mode_of(target) == 0640);
    CHECK(dir.entries().size() == 1);
}

TEST_CASE("AtomicFile: a new file gets the umask's permissions, not mkstemp's 0600", "[atomic]") {
    TempDir dir;
    UmaskGuard um(027);
    const std::string target = dir.file("r.xlsx");
    AtomicFile af(target);
    af.commit();
    CHECK(mode_of(target) == 0640);
}

TEST_CASE("AtomicFile: destroyed without commit leaves nothing behind", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("report.csv.gz");
    std::string temp;
    {
        AtomicFile af(target);
        temp = af.temp_path();
        FileByteSink f(af.temp_path());
        f.write("partial");
        f.close();
    }
    CHECK(!fs::exists(target));
    CHECK(!fs::exists(temp));
    CHECK(dir.entries().empty());
}

TEST_CASE("AtomicFile: a target with no directory part lives in the current directory",
          "[atomic]") {
    TempDir dir;
    CwdGuard cwd;
    fs::current_path(dir.path());
    {
        AtomicFile af("plain.csv");
        CHECK(af.temp_path().rfind(".plain.csv.tmp-", 0) == 0);
        FileByteSink f(af.temp_path());
        f.write("x");
        f.close();
        af.commit();
    }
    CHECK(read_file(dir.file("plain.csv")) == "x");
    CHECK(dir.entries().size() == 1);
}

TEST_CASE("AtomicFile: missing or unwritable directory is an io error naming it", "[atomic]") {
    TempDir dir;
    SECTION("missing directory") {
        const std::string missing = dir.file("no/such/dir");
        expect_io_error([&] { AtomicFile af(missing + "/r.csv"); }, missing);
    }
    SECTION("a directory nobody may write, root included") {
        expect_io_error([] { AtomicFile af("/proc/reportgen-test.csv"); }, "/proc");
    }
    SECTION("a path that ends in a slash is refused") {
        CHECK_THROWS_AS(AtomicFile(dir.path().string() + "/"), Error);
    }
}

TEST_CASE("AtomicFile: a failed rename is an io error and leaves no temp file", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("occupied");
    fs::create_directories(fs::path(target) / "child");  // a non-empty dir cannot be replaced
    {
        AtomicFile af(target);
        expect_io_error([&] { af.commit(); }, target);
    }
    CHECK(dir.entries() == std::vector<std::string>{"occupied"});
}

TEST_CASE("FileByteSink: writes, counts and closes", "[file]") {
    TempDir dir;
    const std::string p = dir.file("out.bin");
    FileByteSink f(p);
    f.write("abc");
    f.write("");
    f.write(std::string(3u << 20, 'x'));  // larger than the stdio buffer
    CHECK(f.bytes_in() == 3 + (3u << 20));
    f.close();
    f.close();  // idempotent
    CHECK(read_file(p) == "abc" + std::string(3u << 20, 'x'));
    CHECK_THROWS_AS(f.write("more"), Error);
}

TEST_CASE("FileByteSink: failures are io errors naming the path and the reason", "[file]") {
    SECTION("write to a full device") {
        expect_io_error(
            [] {
                FileByteSink f("/dev/full");
                f.write("data that cannot be stored");
                f.close();
            },
            "/dev/full");
        expect_io_error(
            [] {
                FileByteSink f("/dev/full");
                f.write(std::string(4u << 20, 'x'));  // past the buffer: fails in write()
                f.close();
            },
            "No space left on device");
    }
    SECTION("open in a missing directory") {
        TempDir dir;
        const std::string p = dir.file("missing/out.csv");
        expect_io_error([&] { FileByteSink f(p); }, p);
    }
}

TEST_CASE("FileByteSink: destroyed without close does not flush buffered output", "[file]") {
    TempDir dir;
    const std::string p = dir.file("abandoned.csv");
    {
        FileByteSink f(p);
        f.write("half a report");
    }
    CHECK(read_file(p).empty());
}

TEST_CASE("FileByteSink: stdout is borrowed, flushed and left open", "[file]") {
    auto out = FileByteSink::stdout_sink();
    out->write("");
    CHECK(out->bytes_in() == 0);
    out->close();
    CHECK(::fcntl(STDOUT_FILENO, F_GETFD) != -1);
    CHECK(std::fflush(stdout) == 0);
}
