// ClientConfig::validate: every out-of-range setting is a usage error that
// says which setting, before any request is made.
#include <catch2/catch.hpp>

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
        {[](ClientConfig& c) { c.log_level = "loud"; }, "log level"},
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
