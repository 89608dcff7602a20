// The token's one reader and check (reportgen/token.hpp): every source goes
// through them, so a control character is refused wherever it comes from,
// and no token or small file is read past its cap.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "reportgen/config.hpp"
#include "reportgen/log.hpp"
#include "reportgen/token.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::expect_error;
using reportgen::test::TempDir;

namespace {

std::string usage_message(const std::function<void()>& fn) {
    const Error e = expect_error(fn);
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
}

// The library's warnings while `fn` runs.
std::vector<std::string> warnings_of(const std::function<void()>& fn) {
    std::mutex mu;
    std::vector<std::string> seen;
    const LogLevel before = log_level();
    set_log_level(LogLevel::warn);
    set_log_handler([&](LogLevel level, std::string_view m) {
        std::lock_guard lock(mu);
        if (level == LogLevel::warn) seen.emplace_back(m);
    });
    fn();
    set_log_handler({});
    set_log_level(before);
    return seen;
}

const std::string kToken = "tok/EN+abc/1234567890XYZ==";

}  // namespace

TEST_CASE("check_token: control characters refused with their position, never the token",
          "[token]") {
    CHECK_NOTHROW(check_token(kToken, "T"));
    for (const std::string& bad : {kToken + "\r\nX-Injected: 1", "\x01" + kToken, kToken + "\x7f",
                                   std::string("ab\0cd", 5)}) {
        const std::string m = usage_message([&] { check_token(bad, "SESAME_API_TOKEN"); });
        CHECK_THAT(m, Catch::StartsWith("SESAME_API_TOKEN: ") &&
                          Catch::Contains("control character"));
        CHECK_THAT(m, !Catch::Contains("1234567890"));
    }
    CHECK_THAT(usage_message([] { check_token(kToken + "\n", "T"); }),
               Catch::Contains("0x0A at position 27"));
    CHECK_THAT(usage_message([] { check_token("", "T"); }), Catch::Contains("empty"));
}

TEST_CASE("every token source goes through the check: environment and ClientConfig",
          "[token][config]") {
    ::setenv("SESAME_API_TOKEN", (kToken + "\r\nX-Injected: yes").c_str(), 1);
    ClientConfig c;
    CHECK_THAT(usage_message([&] { c.apply_env(); }),
               Catch::Contains("SESAME_API_TOKEN") && Catch::Contains("control character"));
    CHECK(c.token.empty());  // not taken
    ::setenv("SESAME_API_TOKEN", kToken.c_str(), 1);
    c.apply_env();
    CHECK(c.token == kToken);
    ::unsetenv("SESAME_API_TOKEN");
    // A library user who sets the token directly meets the same check.
    ClientConfig direct;
    direct.base_url = "http://127.0.0.1:1";
    direct.token = "abc\ndef";
    CHECK_THAT(usage_message([&] { direct.validate(); }), Catch::Contains("control character"));
}

TEST_CASE("read_token_file: BOM and blanks trimmed, first line only", "[token][files]") {
    TempDir dir;
    std::ofstream(dir.file("t"), std::ios::binary) << "\xEF\xBB\xBF  " << kToken << " \r\nrest\n";
    ::chmod(dir.file("t").c_str(), 0600);
    CHECK(read_token_file(dir.file("t"), "--token-file t") == kToken);
    std::ofstream(dir.file("bad"), std::ios::binary) << "ab\x1b[2Jcd\n";
    ::chmod(dir.file("bad").c_str(), 0600);
    CHECK_THAT(usage_message([&] { (void)read_token_file(dir.file("bad"), "token_file 'bad'"); }),
               Catch::StartsWith("token_file 'bad': ") && Catch::Contains("control character"));
}

TEST_CASE("read_token_file: a world-readable file is read, with a warning", "[token][files]") {
    TempDir dir;
    std::ofstream(dir.file("t")) << kToken << "\n";
    ::chmod(dir.file("t").c_str(), 0644);
    std::string token;
    const auto open = warnings_of([&] { token = read_token_file(dir.file("t"), "--token-file t"); });
    CHECK(token == kToken);
    REQUIRE(open.size() == 1);
    CHECK_THAT(open[0], Catch::Contains("--token-file t") && Catch::Contains("0644") &&
                            Catch::Contains("chmod 600"));
    ::chmod(dir.file("t").c_str(), 0640);
    CHECK(warnings_of([&] { (void)read_token_file(dir.file("t"), "t"); }).empty());
}

TEST_CASE("read_small_file: capped, /dev/zero and a 3 GB sparse file refused, not read",
          "[token][files]") {
    CHECK_THAT(usage_message([] { (void)read_token_file("/dev/zero", "--token-file /dev/zero"); }),
               Catch::Contains("--token-file /dev/zero is larger than 16 KiB"));
    CHECK_THAT(usage_message([] { (void)read_small_file("/dev/zero", "--env-file /dev/zero", 1 << 20); }),
               Catch::Contains("larger than 1 MiB"));
    TempDir dir;
    const std::string big = dir.file("big");
    {
        const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT, 0600);
        REQUIRE(fd >= 0);
        REQUIRE(::ftruncate(fd, off_t{3} << 30) == 0);  // sparse: no disk used
        ::close(fd);
    }
    CHECK_THAT(usage_message([&] { (void)read_token_file(big, "--token-file big"); }),
               Catch::Contains("larger than 16 KiB"));
    // At the cap it is read; one byte more is not.
    std::ofstream(dir.file("cap"), std::ios::binary) << std::string(kMaxTokenFileBytes, 'a');
    CHECK(read_small_file(dir.file("cap"), "c", kMaxTokenFileBytes).size() == kMaxTokenFileBytes);
    CHECK_THAT(usage_message([&] { (void)read_small_file(dir.file("cap"), "c", kMaxTokenFileBytes - 1); }),
               Catch::Contains("c is larger than"));
    CHECK_THAT(usage_message([&] { (void)read_small_file(dir.file("none"), "--env-file none", 10); }),
               Catch::Contains("cannot be read"));
    CHECK_THAT(usage_message([&] { (void)read_small_file(dir.path().string(), "--env-file d", 10); }),
               Catch::Contains("is a directory"));
}
