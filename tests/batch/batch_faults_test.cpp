// BatchRunner when things go wrong mid-run: one company's server failing
// leaves the others written, and a cancel during the run stops every company
// with nothing half-written.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "batch_fixture.hpp"
#include "reportgen/batch.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

constexpr int kCompanies = 4;

MockOptions companies_with_latency(int latency_ms) {
    MockOptions o = many_companies(kCompanies);
    o.latency_ms = latency_ms;
    return o;
}

// Every company of the mock; tokens through RG_BATCH_FAULT_TOKEN_k.
std::vector<CompanyJob> jobs_for(const MockApiServer& s, const TempDir& dir) {
    return env_token_jobs(s, dir.file("{company}.csv"), "RG_BATCH_FAULT_TOKEN_");
}

}  // namespace

TEST_CASE("batch runner: a company whose server fails leaves the others written",
          "[batch][runner][faults]") {
    MockApiServer mock(companies_with_latency(0));
    mock.start();
    // Company c2's API answers 503 to everything, past its retries.
    LoopbackServer broken;
    std::atomic<int> broken_requests{0};
    broken.server.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
        ++broken_requests;
        res.status = 503;
        res.set_content("{\"error\":\"maintenance\"}", "application/json");
    });
    broken.start();

    TempDir dir;
    auto jobs = jobs_for(mock, dir);
    jobs[1].client.base_url = "http://127.0.0.1:" + std::to_string(broken.port());
    jobs[1].client.max_retries = 1;
    jobs[1].client.backoff_factor = 0.01;

    const auto outcomes = BatchRunner(4).run(jobs, {2024, 1, 1}, {2024, 1, 10});
    REQUIRE(outcomes.size() == static_cast<std::size_t>(kCompanies));
    for (const auto& o : outcomes) {
        INFO(o.name << ": " << o.message);
        if (o.name == "c2") {
            CHECK_FALSE(o.ok);
            CHECK(o.error_kind == std::optional<ErrorKind>(ErrorKind::api));
            CHECK_THAT(o.message, Catch::Contains("503"));
            CHECK_FALSE(fs::exists(o.file));
        } else {
            CHECK(o.ok);
            CHECK(o.rows > 0);
            CHECK(fs::exists(o.file));
        }
    }
    CHECK(broken_requests >= 2);  // the first attempt and its retry
    // Nothing else in the directory: no temporary left by the failed company.
    CHECK(dir.entries().size() == static_cast<std::size_t>(kCompanies - 1));
}

TEST_CASE("batch runner: a cancel during the run stops every company, nothing half-written",
          "[batch][runner][cancel]") {
    // 150 ms a request: every company is still fetching when the cancel comes.
    MockApiServer mock(companies_with_latency(150));
    mock.start();
    TempDir dir;
    const auto jobs = jobs_for(mock, dir);

    CancelToken cancel;
    std::atomic<int> started{0};
    BatchCallbacks cb;
    cb.started = [&](const std::string&) { ++started; };
    std::thread canceller([&] {
        // Once requests are flowing, cancel.
        while (mock.counters().requests < 3)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        cancel.cancel();
    });
    const auto outcomes = BatchRunner(2).run(jobs, {2024, 1, 1}, {2024, 1, 10}, cb, &cancel);
    canceller.join();

    REQUIRE(outcomes.size() == static_cast<std::size_t>(kCompanies));
    CHECK(started >= 1);
    for (const auto& o : outcomes) {
        INFO(o.name << ": " << o.message);
        CHECK_FALSE(o.ok);
        CHECK(o.error_kind == std::optional<ErrorKind>(ErrorKind::cancelled));
    }
    // Each company needs 7 requests or more (4 metadata, info, pages); the
    // cancel cut the run short, and left no file or temporary behind.
    CHECK(mock.counters().requests < static_cast<uint64_t>(7 * kCompanies));
    CHECK(dir.entries().empty());
}
