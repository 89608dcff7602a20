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

TEST_CASE("API_RATE_LIMIT sets the budget's pace, a bad value names the variable", "[config]") {
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

namespace {
void expect_usage_mentioning(const std::function<void()>& f, const std::string& text) {
    const Error e = expect_error(f);
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains(text));
}
}  // namespace

TEST_CASE("ReportRequest dates: unset, impossible or reversed dates are usage errors", "[config]") {
    ReportRequest r;  // no period given: not silently 1970
    expect_usage_mentioning([&] { r.validate(); }, "from is not set");
    r.from = {2024, 1, 1};
    expect_usage_mentioning([&] { r.validate(); }, "to is not set");
    r.to = {2024, 2, 30};
    expect_usage_mentioning([&] { r.validate(); }, "to 2024-02-30 is not a date");
    r.to = {2023, 12, 31};
    expect_usage_mentioning([&] { r.validate(); }, "from 2024-01-01 is after to 2023-12-31");
    r.from = {1969, 12, 1};
    expect_usage_mentioning([&] { r.validate(); }, "from 1969-12-01: the year is outside");
    r.from = {2023, 12, 1};
    r.validate();
}

TEST_CASE("ReportRequest::set_dates parses both, naming the one that is not a date", "[config]") {
    ReportRequest r;
    r.set_dates("2024-02-01", "2024-02-29");
    CHECK(r.from == CivilDate{2024, 2, 1});
    CHECK(r.to == CivilDate{2024, 2, 29});
    expect_usage_mentioning([&] { r.set_dates("2024-02-30", "2024-03-01"); },
                            "from '2024-02-30' is not a date");
    expect_usage_mentioning([&] { r.set_dates("2024-03-01", "31/03/2024"); },
                            "to '31/03/2024' is not a date");
    // A refused pair leaves the request as it was.
    CHECK(r.from == CivilDate{2024, 2, 1});
    CHECK(r.to == CivilDate{2024, 2, 29});
}

TEST_CASE("CivilDate compares in calendar order and knows real dates", "[config]") {
    CHECK(CivilDate{2024, 1, 31} < CivilDate{2024, 2, 1});
    CHECK(CivilDate{2023, 12, 31} < CivilDate{2024, 1, 1});
    CHECK(is_valid_date({2024, 2, 29}));
    CHECK_FALSE(is_valid_date({2023, 2, 29}));
    CHECK_FALSE(is_valid_date({2024, 13, 1}));
    CHECK_FALSE(is_valid_date({2024, 0, 1}));
    CHECK_FALSE(is_valid_date({2024, 4, 0}));
}

TEST_CASE("ClientConfig's turbo thresholds are named and validated", "[config]") {
    ClientConfig c;
    c.turbo_thresholds = {.pages = 0, .records = 500};
    expect_usage_mentioning([&] { c.validate(); }, "turbo thresholds");
}
