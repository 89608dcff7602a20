// Engines end to end against the project's mock server (loopback).
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

#include "api/http_client.hpp"
#include "api/paths.hpp"
#include "engine/fetch_job.hpp"
#include "engine/legacy_engine.hpp"
#include "engine/turbo_engine.hpp"
#include "reportgen/error.hpp"
#include "reportgen/mock_server.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

constexpr int kLimit = 50;

class Pages : public PageConsumer {
  public:
    void consume(int page, std::string&& body) override {
        std::lock_guard lock(mu);
        ++counts[page];
        bodies[page] = std::move(body);
    }
    bool each_once() const {
        for (const auto& [p, n] : counts)
            if (n != 1) return false;
        return true;
    }
    std::mutex mu;
    std::map<int, int> counts;
    std::map<int, std::string> bodies;
};

MockOptions small_company() {
    MockOptions o;
    o.employees = 30;
    o.days = 31;
    o.seed = 7;
    o.token = "mock-token-b41d";
    return o;
}

ReportRequest january() {
    ReportRequest r;
    r.from = {2024, 1, 1};
    r.to = {2024, 1, 31};
    return r;
}

ClientConfig config_for(const MockApiServer& srv) {
    ClientConfig c;
    c.base_url = srv.base_url();
    c.token = srv.options().token;
    c.timeout_s = 5;
    c.max_retries = 8;
    c.backoff_factor = 0.01;
    c.backoff_max_s = 2;
    c.max_concurrent_requests = 16;
    return c;
}

FetchJob job_for(int last_page) {
    FetchJob j;
    const ReportRequest req = january();
    j.path_for_page = [req](int p) { return work_entries_path(req, kLimit, p); };
    j.pages.resize(static_cast<std::size_t>(last_page));
    std::iota(j.pages.begin(), j.pages.end(), 1);
    return j;
}

// The planner's job, in small: page 1 tells how many pages there are.
int last_page(const MockApiServer& srv) {
    HttpClient client(config_for(srv));
    const auto j =
        nlohmann::json::parse(client.get(work_entries_path(january(), kLimit, 1), "page 1"));
    return j.at("meta").at("lastPage").get<int>();
}

// Every page of a clean server: the reference bodies.
std::map<int, std::string> reference_bodies() {
    MockApiServer clean(small_company());
    clean.start();
    const int last = last_page(clean);
    Pages out;
    Metrics m;
    LegacyEngine(config_for(clean)).fetch(job_for(last), out, m);
    return out.bodies;
}

}  // namespace

TEST_CASE("mock server: legacy and turbo fetch identical pages, turbo in parallel",
          "[engine][mock]") {
    auto opt = small_company();
    opt.latency_ms = 20;
    MockApiServer srv(opt);
    srv.start();
    const int last = last_page(srv);
    REQUIRE(last >= 10);

    Pages lo, to;
    Metrics lm, tm;
    LegacyEngine(config_for(srv)).fetch(job_for(last), lo, lm);
    srv.reset_counters();
    const FetchResult r = TurboEngine(config_for(srv)).fetch(job_for(last), to, tm);
    const MockCounters c = srv.counters();

    CHECK(r.missing.empty());
    CHECK(lo.counts.size() == static_cast<std::size_t>(last));
    CHECK(lo.each_once());
    CHECK(to.each_once());
    CHECK(lo.bodies == to.bodies);
    CHECK(lm.pages_fetched == static_cast<uint64_t>(last));
    CHECK(tm.pages_fetched == static_cast<uint64_t>(last));
    CHECK(lm.max_in_flight == 1);
    CHECK(tm.max_in_flight == std::min(16, last));
    CHECK(c.max_inflight_seen > 4);
    CHECK(c.work_entry_pages == static_cast<uint64_t>(last));
    CHECK(tm.requests == static_cast<uint64_t>(last));
}

TEST_CASE("mock server: 10% errors, resets and cut bodies, every page exactly once",
          "[engine][mock]") {
    const auto reference = reference_bodies();
    const int last = static_cast<int>(reference.size());
    for (const bool turbo : {false, true}) {
        INFO((turbo ? "turbo" : "legacy"));
        auto opt = small_company();
        opt.error_rate = 0.10;
        opt.reset_rate = 0.05;
        opt.truncate_rate = 0.05;
        MockApiServer srv(opt);
        srv.start();
        Pages out;
        Metrics m;
        if (turbo)
            CHECK(TurboEngine(config_for(srv)).fetch(job_for(last), out, m).missing.empty());
        else
            LegacyEngine(config_for(srv)).fetch(job_for(last), out, m);
        const MockCounters c = srv.counters();
        INFO("server: 5xx " << c.server_errors << ", resets " << c.resets << ", truncated "
                            << c.truncated << "; client retries " << m.retries());
        CHECK(out.each_once());
        CHECK(out.bodies == reference);
        CHECK(m.pages_fetched == static_cast<uint64_t>(last));
        CHECK(m.retries_by_cause["5xx"] == c.server_errors);
        CHECK(m.retries_by_cause["truncated"] == c.truncated);
        // libcurl itself retries a request once when a reused keep-alive
        // connection dies before any answer, so some resets never reach us.
        CHECK(m.retries_by_cause["reset"] <= c.resets);
        CHECK(m.retries() > 0);
        CHECK(m.requests == static_cast<uint64_t>(last) + m.retries());
    }
}

TEST_CASE("mock server: a rate limit makes turbo lower its window, all pages arrive",
          "[engine][mock]") {
    auto opt = small_company();
    opt.latency_ms = 5;
    opt.rate_limit = 25;  // requests per second: a window of 20 overruns it at once
    MockApiServer srv(opt);
    srv.start();
    const int last = last_page(srv);
    srv.reset_counters();
    auto cfg = config_for(srv);
    cfg.max_concurrent_requests = 20;
    cfg.max_retries = 10;
    Pages out;
    Metrics m;
    TurboEngine turbo(cfg);
    const FetchResult r = turbo.fetch(job_for(last), out, m);
    const auto ws = turbo.last_window_stats();
    const MockCounters c = srv.counters();
    INFO("pages " << last << ", 429s " << m.http_429 << ", window min " << ws.min << " final "
                  << ws.final << ", server peak " << c.max_ok_per_second << "/s");
    REQUIRE(last > 25);
    CHECK(r.missing.empty());
    CHECK(out.each_once());
    CHECK(out.counts.size() == static_cast<std::size_t>(last));
    CHECK(c.rate_limited > 0);
    CHECK(m.http_429 == c.rate_limited);
    CHECK(m.retries() == 0);  // 429s wait for the budget; they are not retries
    CHECK(ws.decreases >= 1);
    CHECK(ws.min < 20);
    CHECK(m.final_window == ws.final);
}

TEST_CASE("mock server: wrong and forbidden tokens are auth errors", "[engine][mock]") {
    auto opt = small_company();
    opt.forbidden_token = "no-permission-token";
    MockApiServer srv(opt);
    srv.start();
    for (const char* token : {"wrong-token-x", "no-permission-token"}) {
        for (const bool turbo : {false, true}) {
            INFO(token << (turbo ? " turbo" : " legacy"));
            auto cfg = config_for(srv);
            cfg.token = token;
            Pages out;
            Metrics m;
            try {
                if (turbo)
                    TurboEngine(cfg).fetch(job_for(5), out, m);
                else
                    LegacyEngine(cfg).fetch(job_for(5), out, m);
                FAIL("no error");
            } catch (const Error& e) {
                CHECK(e.kind() == ErrorKind::auth);
                CHECK(std::string(e.what()).find(token) == std::string::npos);
            }
            CHECK(out.counts.empty());
        }
    }
}
