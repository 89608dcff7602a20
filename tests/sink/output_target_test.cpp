// The rules an output path meets, whichever way it arrives (AtomicFile's
// constructor or commit_as() with a name known only at the end): devices and
// FIFOs written in place, links followed, foreign links in sticky
// directories refused; and the all-or-none publishing of a group of files.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "sink/io_util.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::TempDir;
namespace fs = std::filesystem;

namespace {

void write_through(AtomicFile& af, std::string_view text) {
    FileByteSink f(af.temp_path());
    f.write(text);
    f.close();
}

void put_file(const std::string& path, const std::string& text, mode_t mode = 0644) {
    std::ofstream(path, std::ios::binary) << text;
    REQUIRE(::chmod(path.c_str(), mode) == 0);
}

ino_t inode_of(const std::string& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_ino;
}

std::vector<std::string> sorted_entries(const TempDir& dir) {
    auto v = dir.entries();
    std::sort(v.begin(), v.end());
    return v;
}

// Which temporary file AtomicFile uses: both must follow the same rules.
struct TempKind {
    explicit TempKind(bool anonymous) { detail::atomic_file_use_tmpfile = anonymous; }
    ~TempKind() { detail::atomic_file_use_tmpfile = true; }
};

// A sticky world-writable directory like /tmp, inside a scratch directory
// (the tests run as root; 65534 is "nobody").
constexpr uid_t kOtherUid = 65534;
std::string sticky_dir(const TempDir& dir) {
    const std::string d = dir.file("shared");
    REQUIRE(::mkdir(d.c_str(), 0777) == 0);
    REQUIRE(::chmod(d.c_str(), 01777) == 0);
    return d;
}
void foreign_link(const std::string& target, const std::string& link) {
    fs::create_symlink(target, link);
    REQUIRE(::lchown(link.c_str(), kOtherUid, static_cast<gid_t>(-1)) == 0);
}

}  // namespace

TEST_CASE("AtomicFile::commit_as: a device, FIFO or link at the new name is kept",
          "[atomic][output]") {
    TempKind kind(GENERATE(true, false));
    TempDir dir;
    const std::string tmpl = dir.file("{company}.csv"), named = dir.file("Acme.csv");

    SECTION("a character device is written in place") {
        REQUIRE(::mknod(named.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
        AtomicFile af(tmpl);
        write_through(af, "a,b\r\n");
        af.commit_as(named);
        CHECK(af.direct());
        struct stat st {};
        REQUIRE(::lstat(named.c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
        CHECK(st.st_rdev == makedev(1, 3));
    }
    SECTION("a FIFO gets the content for its reader") {
        REQUIRE(::mkfifo(named.c_str(), 0600) == 0);
        // The reader's end, open before the write (and never blocking: a
        // regression that replaces the FIFO leaves it empty, not hung).
        const int reader = ::open(named.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        REQUIRE(reader >= 0);
        {
            AtomicFile af(tmpl);
            write_through(af, "a,b\r\n1,2\r\n");
            af.commit_as(named);
        }
        std::array<char, 64> buf{};
        const ssize_t n = ::read(reader, buf.data(), buf.size());
        ::close(reader);
        CHECK(std::string(buf.data(), static_cast<std::size_t>(std::max<ssize_t>(n, 0))) ==
              "a,b\r\n1,2\r\n");
        struct stat st {};
        REQUIRE(::lstat(named.c_str(), &st) == 0);
        CHECK(S_ISFIFO(st.st_mode));
    }
    SECTION("a link into another directory keeps pointing at the replaced file") {
        fs::create_directories(dir.path() / "store");
        put_file(dir.file("store/acme.csv"), "old", 0640);
        fs::create_symlink("store/acme.csv", named);
        AtomicFile af(tmpl);
        write_through(af, "new");
        af.commit_as(named);
        CHECK(fs::is_symlink(named));
        CHECK(read_file(dir.file("store/acme.csv")) == "new");
        CHECK((fs::status(dir.file("store/acme.csv")).permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
        CHECK(fs::directory_iterator(dir.path() / "store")->path().filename() == "acme.csv");
    }
    SECTION("a dangling link gets its target created") {
        fs::create_directories(dir.path() / "store");
        fs::create_symlink("store/new.csv", named);
        AtomicFile af(tmpl);
        write_through(af, "new");
        af.commit_as(named);
        CHECK(fs::is_symlink(named));
        CHECK(read_file(dir.file("store/new.csv")) == "new");
    }
    // Nothing else beside the target: no temporary file, no regular file
    // in place of the device, FIFO or link.
    auto names = sorted_entries(dir);
    names.erase(std::remove(names.begin(), names.end(), "store"), names.end());
    CHECK(names == std::vector<std::string>{"Acme.csv"});
}

TEST_CASE("AtomicFile: another user's link in a sticky world-writable directory is refused",
          "[atomic][output][hostile]") {
    TempKind kind(GENERATE(true, false));
    TempDir dir;
    const std::string shared = sticky_dir(dir);
    const std::string secret = shared + "/secret";
    put_file(secret, "root's own", 0600);
    foreign_link("secret", shared + "/report.csv");
    foreign_link("created-by-us.csv", shared + "/dangling.csv");

    for (const std::string& link : {shared + "/report.csv", shared + "/dangling.csv"}) {
        INFO(link);
        reportgen::test::expect_io_error([&] { AtomicFile af(link); }, "fs.protected_symlinks");
        // The same name reached through a template ({company} at the end).
        AtomicFile af(shared + "/{company}.csv");
        write_through(af, "attacker's choice");
        reportgen::test::expect_io_error([&] { af.commit_as(link); }, "uid 65534");
    }
    CHECK(read_file(secret) == "root's own");
    CHECK((fs::status(secret).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(!fs::exists(shared + "/created-by-us.csv"));
    auto names = std::vector<std::string>();
    for (const auto& e : fs::directory_iterator(shared))
        names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"dangling.csv", "report.csv", "secret"});

    SECTION("a link of our own, or of the directory's owner, is followed as before") {
        fs::create_symlink("secret", shared + "/mine.csv");
        {
            AtomicFile af(shared + "/mine.csv");
            write_through(af, "ours");
            af.commit();
        }
        CHECK(read_file(secret) == "ours");
        const std::string owned = dir.file("owned");
        REQUIRE(::mkdir(owned.c_str(), 01777) == 0);
        REQUIRE(::chmod(owned.c_str(), 01777) == 0);
        REQUIRE(::chown(owned.c_str(), kOtherUid, static_cast<gid_t>(-1)) == 0);
        foreign_link("target.csv", owned + "/r.csv");
        AtomicFile af(owned + "/r.csv");
        af.commit();
        CHECK(fs::is_regular_file(owned + "/target.csv"));
    }
    SECTION("outside a sticky directory another user's link is followed") {
        foreign_link("plain-target.csv", dir.file("plain.csv"));
        AtomicFile af(dir.file("plain.csv"));
        af.commit();
        CHECK(fs::is_regular_file(dir.file("plain-target.csv")));
    }
}

TEST_CASE("AtomicFile: keep_previous and roll_back put the replaced file back", "[atomic]") {
    TempKind kind(GENERATE(true, false));
    TempDir dir;
    const std::string old_file = dir.file("old.csv"), new_file = dir.file("new.csv");
    put_file(old_file, "previous", 0640);
    const ino_t old_inode = inode_of(old_file);

    std::optional<AtomicFile> replacing(std::in_place, old_file), creating(std::in_place, new_file);
    for (auto* af : {&*replacing, &*creating}) {
        af->keep_previous();
        write_through(*af, "fresh");
        af->commit();
    }
    CHECK(read_file(old_file) == "fresh");
    CHECK(read_file(new_file) == "fresh");

    SECTION("rolled back: the old file (the same inode) is back, the new one gone") {
        CHECK(replacing->roll_back());
        CHECK(creating->roll_back());
        replacing.reset();
        creating.reset();
        CHECK(read_file(old_file) == "previous");
        CHECK(inode_of(old_file) == old_inode);
        CHECK(sorted_entries(dir) == std::vector<std::string>{"old.csv"});
    }
    SECTION("kept: the hidden link to the old file goes with the object") {
        replacing.reset();
        creating.reset();
        CHECK(read_file(old_file) == "fresh");
        CHECK(sorted_entries(dir) == std::vector<std::string>{"new.csv", "old.csv"});
    }
}

TEST_CASE("FileByteSink: errors name the output, not the temporary file's path", "[file]") {
    // /dev/full fails every write with ENOSPC, like a full disk.
    FileByteSink f("/dev/full", "informes/enero.csv");
    const Error e = reportgen::test::expect_error([&] {
        f.write(std::string(2 << 20, 'x'));  // past the stdio buffer
        f.close();
    });
    CHECK(e.kind() == ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("'informes/enero.csv'") &&
                             Catch::Contains("No space left on device") &&
                             !Catch::Contains("/dev/full"));
}
