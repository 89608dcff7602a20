// ClientConfig::validate: every out-of-range setting is a usage error that
// says which setting, before any request is made.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "support/expect.hpp"

using namespace reportgen;
using reportgen::test::expect_error;

TEST_CASE("ClientConfig::validate refuses out-of-range settings, naming them", "[config]") {
    ClientConfig ok;
    ok.base_url = "http://127.0.0.1:8080";
    REQUIRE_NOTHROW(ok.validate());

    struct Bad {
        std::function<void(ClientConfig&)> set;
        std::string says;
    };
    const std::vector<Bad> cases = {
        {[](ClientConfig& c) { c.base_url = "ftp://host"; }, "base URL"},
        {[](ClientConfig& c) { c.timeout_s = 0; }, "timeout"},
        {[](ClientConfig& c) { c.max_retries = 21; }, "retries"},
        {[](ClientConfig& c) { c.backoff_factor = -1; }, "backoff"},
        {[](ClientConfig& c) { c.page_size = 1001; }, "page size"},
        {[](ClientConfig& c) { c.max_concurrent_requests = 0; }, "concurrency"},
        {[](ClientConfig& c) { c.chunk_size = 0; }, "chunk size"},
        {[](ClientConfig& c) { c.max_response_bytes = 1000; }, "max response size"},
        {[](ClientConfig& c) { c.max_metadata_bytes = 10; }, "max metadata response size"},
        {[](ClientConfig& c) { c.max_bytes_in_flight = 0; }, "max bytes in flight"},
        {[](ClientConfig& c) { c.rate_limit_per_minute = -1; }, "rate limit"},
        {[](ClientConfig& c) { c.max_wait_s = -1; }, "max wait"},
        {[](ClientConfig& c) { c.rate_window_s = 0; }, "rate window"},
    };
    for (const Bad& b : cases) {
        ClientConfig c = ok;
        b.set(c);
        const Error e = expect_error([&] { c.validate(); });
        INFO(e.what());
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(std::string(e.what()).find(b.says) != std::string::npos);
    }
}

TEST_CASE("API_RATE_LIMIT sets the budget's pace; a bad value names the variable", "[config]") {
    struct Restore {
        ~Restore() { ::unsetenv("API_RATE_LIMIT"); }
    } restore;
    ::setenv("API_RATE_LIMIT", "450", 1);
    CHECK(ClientConfig::from_env().rate_limit_per_minute == 450);
    ::setenv("API_RATE_LIMIT", "0", 1);  // 0: no limiter
    CHECK(ClientConfig::from_env().rate_limit_per_minute == 0);
    for (const char* bad : {"-5", "lots", "12.5"}) {
        ::setenv("API_RATE_LIMIT", bad, 1);
        const Error e = expect_error([] { (void)ClientConfig::from_env(); });
        CHECK(e.kind() == ErrorKind::usage);
        CHECK_THAT(e.what(), Catch::Contains("API_RATE_LIMIT"));
    }
}

// The library's configuration holds only what it applies: its log level is
// the host's (set_log_level), so LOG_LEVEL is the CLI's, not from_env()'s,
// and a host's odd LOG_LEVEL cannot make from_env() throw.
TEST_CASE("from_env reads no LOG_LEVEL: the library's log level is the host's", "[config]") {
    struct Restore {
        ~Restore() {
            ::unsetenv("LOG_LEVEL");
            ::unsetenv("API_TIMEOUT");
        }
    } restore;
    ::setenv("LOG_LEVEL", "bogus", 1);
    CHECK_NOTHROW(ClientConfig::from_env());
    ::setenv("API_TIMEOUT", "soon", 1);
    const Error e = expect_error([] { (void)ClientConfig::from_env(); });
    CHECK_THAT(e.what(), Catch::Contains("API_TIMEOUT"));
}
