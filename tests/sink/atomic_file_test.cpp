#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "sink/io_util.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::read_file;
using reportgen::test::TempDir;
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

// Forces the named temporary file (the fallback of file systems without
// O_TMPFILE) for the scope.
struct NamedTempFiles {
    NamedTempFiles() { detail::atomic_file_use_tmpfile = false; }
    ~NamedTempFiles() { detail::atomic_file_use_tmpfile = true; }
};

mode_t mode_of(const std::string& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("AtomicFile: an anonymous temporary file, invisible until commit", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("enero.csv");
    AtomicFile af(target);
    CHECK(!af.direct());
    CHECK(af.temp_path().rfind("/proc/self/fd/", 0) == 0);
    {
        FileByteSink f(af.temp_path());
        f.write("hello\r\n");
        f.close();
    }
    CHECK(dir.entries().empty());
    af.commit();
    CHECK(read_file(target) == "hello\r\n");
    CHECK(dir.entries() == std::vector<std::string>{"enero.csv"});
}

TEST_CASE("AtomicFile: commit renames the temp file onto the target", "[atomic]") {
    NamedTempFiles named;
    TempDir dir;
    const std::string target = dir.file("enero.csv");
    AtomicFile af(target);
    CHECK(af.target() == target);
    // Beside the target, hidden, named after it and this process.
    CHECK(fs::path(af.temp_path()).parent_path() == dir.path());
    CHECK(fs::path(af.temp_path())
              .filename()
              .string()
              .rfind(".enero.csv.tmp-" + std::to_string(::getpid()) + "-", 0) == 0);
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
    const bool anonymous = GENERATE(true, false);
    detail::atomic_file_use_tmpfile = anonymous;
    struct Restore {
        ~Restore() { detail::atomic_file_use_tmpfile = true; }
    } restore;
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
    NamedTempFiles named;
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

TEST_CASE("AtomicFile: a directory is refused at once, before anything is written", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("occupied");
    fs::create_directories(fs::path(target) / "child");
    try {
        AtomicFile af(target);
        FAIL("a directory was accepted as the output");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(std::string(e.what()).find("is a directory") != std::string::npos);
    }
    CHECK(dir.entries() == std::vector<std::string>{"occupied"});
}

TEST_CASE("AtomicFile: a failed rename is an io error and leaves no temp file", "[atomic]") {
    const bool anonymous = GENERATE(true, false);
    detail::atomic_file_use_tmpfile = anonymous;
    struct Restore {
        ~Restore() { detail::atomic_file_use_tmpfile = true; }
    } restore;
    TempDir dir;
    const std::string target = dir.file("occupied");
    std::optional<AtomicFile> af(std::in_place, target);
    // Becomes a non-empty directory meanwhile: rename() cannot replace it.
    fs::create_directories(fs::path(target) / "child");
    expect_io_error([&] { af->commit(); }, target);
    af.reset();
    CHECK(dir.entries() == std::vector<std::string>{"occupied"});
}

TEST_CASE("AtomicFile: a character device is written in place, not replaced", "[atomic]") {
    TempDir dir;
    const std::string null_dev = dir.file("null");
    // /dev/null's numbers: the node works wherever it is made (tests run as root).
    REQUIRE(::mknod(null_dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    {
        AtomicFile af(null_dev);
        CHECK(af.direct());
        CHECK(af.temp_path() == null_dev);
        FileByteSink f(af.temp_path());
        f.write("discarded");
        f.close();
        af.commit();
    }
    struct stat st {};
    REQUIRE(::stat(null_dev.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(st.st_rdev == makedev(1, 3));
    CHECK(dir.entries() == std::vector<std::string>{"null"});
}

TEST_CASE("AtomicFile: a FIFO is written in place for its reader", "[atomic]") {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = read_file(fifo); });
    {
        AtomicFile af(fifo);
        CHECK(af.direct());
        FileByteSink f(af.temp_path());
        f.write("a,b\r\n1,2\r\n");
        f.close();
        af.commit();
    }
    reader.join();
    CHECK(received == "a,b\r\n1,2\r\n");
    struct stat st {};
    REQUIRE(::lstat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("AtomicFile: a symbolic link keeps pointing at the replaced file", "[atomic]") {
    TempDir dir;
    fs::create_directories(dir.path() / "real");
    const std::string real = dir.file("real/report.csv");
    const std::string link = dir.file("latest.csv");
    {
        FileByteSink f(real);
        f.write("old");
        f.close();
    }
    REQUIRE(::chmod(real.c_str(), 0640) == 0);
    fs::create_symlink("real/report.csv", link);  // relative: to the link's directory
    {
        AtomicFile af(link);
        FileByteSink f(af.temp_path());
        f.write("new");
        f.close();
        af.commit();
    }
    CHECK(fs::is_symlink(link));
    CHECK(read_file(real) == "new");
    CHECK(read_file(link) == "new");
    CHECK(mode_of(real) == 0640);
    CHECK(dir.entries().size() == 2);  // real/ and the link
    CHECK(fs::directory_iterator(dir.path() / "real")->path().filename() == "report.csv");

    SECTION("a dangling link gets its target created") {
        const std::string dangling = dir.file("next.csv");
        fs::create_symlink("real/next.csv", dangling);
        AtomicFile af(dangling);
        af.commit();
        CHECK(fs::is_symlink(dangling));
        CHECK(fs::is_regular_file(dir.file("real/next.csv")));
    }
}

namespace {

// A child process that starts writing the target, then is killed (SIGKILL:
// no destructor, no handler runs).
void killed_mid_write(const std::string& target) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        AtomicFile af(target);
        FileByteSink f(af.temp_path());
        f.write(std::string(1 << 20, 'x'));
        f.close();
        ::raise(SIGKILL);
        ::_exit(0);  // not reached
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
}

}  // namespace

TEST_CASE("AtomicFile: a process killed mid-write leaves nothing behind", "[atomic]") {
    TempDir dir;
    const std::string target = dir.file("report.csv");
    killed_mid_write(target);
    CHECK(dir.entries().empty());
}

TEST_CASE("AtomicFile: named temporary files of dead processes are removed by the next run",
          "[atomic]") {
    NamedTempFiles named;
    TempDir dir;
    const std::string target = dir.file("report.csv");
    killed_mid_write(target);
    REQUIRE(dir.entries().size() == 1);  // the litter the fallback cannot avoid
    // A live process's temporary file (ours, pid 1's) and other names stay.
    const std::string ours = dir.file(".report.csv.tmp-" + std::to_string(::getpid()) + "-7-abc");
    const std::string init = dir.file(".report.csv.tmp-1-0-abc");
    const std::string other = dir.file(".other.csv.tmp-999999999-0-abc");
    for (const auto& p : {ours, init, other})
        std::ofstream(p) << "x";
    {
        AtomicFile af(target);
        af.commit();
    }
    auto names = dir.entries();
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{
                       ".other.csv.tmp-999999999-0-abc", ".report.csv.tmp-1-0-abc",
                       ".report.csv.tmp-" + std::to_string(::getpid()) + "-7-abc", "report.csv"});
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
