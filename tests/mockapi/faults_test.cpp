// Every fault knob of the mock server, measured from a client on loopback.
// Timing checks are lower bounds only: a loaded machine is slower, never
// faster.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <thread>

#include "mock_test_support.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;
using Clock = std::chrono::steady_clock;

namespace {

MockOptions base() {
    MockOptions o;
    o.employees = 20;
    o.days = 7;
    o.seed = 5;
    return o;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

TEST_CASE("rate limit: excess requests get 429 with Retry-After", "[mockapi][faults]") {
    MockOptions o = base();
    o.rate_limit = 5;
    MockApiServer s(o);
    s.start();
    std::atomic<int> ok{0}, limited{0}, bad_retry_after{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            auto c = client_for(s);
            for (int i = 0; i < 4; ++i) {
                auto r = c.Get(page_url("", 1 + (t + i) % 3, 10).c_str(), bearer());
                if (!r) continue;
                if (r->status == 200) ++ok;
                if (r->status == 429) {
                    ++limited;
                    const std::string ra = r->get_header_value("Retry-After");
                    if (ra.empty() || std::stoi(ra) < 1) ++bad_retry_after;
                }
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(ok + limited == 32);
    CHECK(ok >= 5);
    CHECK(limited > 0);
    CHECK(bad_retry_after == 0);
    const auto k = s.counters();
    CHECK(k.rate_limited == static_cast<uint64_t>(limited.load()));
    CHECK(k.max_ok_per_second <= 5);
    CHECK(k.max_ok_per_second >= 1);

    // The limit is a quota over every endpoint, not only work entries.
    auto c = client_for(s);
    int meta_limited = 0;
    for (int i = 0; i < 10; ++i) {
        auto r = c.Get("/schedule/v1/check-types", bearer());
        REQUIRE(r);
        meta_limited += r->status == 429;
    }
    CHECK(meta_limited > 0);
}

TEST_CASE("rate limit: requests at a lower rate all pass", "[mockapi][faults]") {
    MockOptions o = base();
    o.rate_limit = 20;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    for (int i = 0; i < 8; ++i) {
        auto r = c.Get(page_url("", 1, 10).c_str(), bearer());
        REQUIRE(r);
        CHECK(r->status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // 10/s at most
    }
    CHECK(s.counters().rate_limited == 0);
}

TEST_CASE("error_rate: a share of 500/502/503, work entries only", "[mockapi][faults]") {
    MockOptions o = base();
    o.error_rate = 0.3;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    int errors = 0;
    std::set<int> statuses;
    for (int i = 0; i < 200; ++i) {
        auto r = c.Get(page_url("", 1, 10).c_str(), bearer());  // page 1 too
        REQUIRE(r);
        if (r->status != 200) {
            ++errors;
            statuses.insert(r->status);
        }
    }
    CHECK(errors > 200 * 15 / 100);
    CHECK(errors < 200 * 45 / 100);
    CHECK(statuses == std::set<int>{500, 502, 503});
    CHECK(s.counters().server_errors == static_cast<uint64_t>(errors));

    MockOptions all = base();
    all.error_rate = 1.0;
    MockApiServer s2(all);
    s2.start();
    auto c2 = client_for(s2);
    for (const char* p : {"/schedule/v1/check-types", "/schedule/v1/work-breaks",
                          "/schedule/v1/check-type-collections", "/core/v3/info"}) {
        auto r = c2.Get(p, bearer());
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    auto r = c2.Get(page_url("", 3, 10).c_str(), bearer());
    REQUIRE(r);
    CHECK(r->status >= 500);
}

TEST_CASE("fault draws replay with the seed", "[mockapi][faults]") {
    auto run = [](uint64_t seed) {
        MockOptions o = base();
        o.seed = seed;
        o.error_rate = 0.3;
        o.truncate_rate = 0.2;
        MockApiServer s(o);
        s.start();
        std::vector<int> outcome;
        for (int i = 0; i < 30; ++i) {
            auto r = curl_get(s.base_url() + page_url("", 2, 10));
            outcome.push_back(r.code == CURLE_OK ? static_cast<int>(r.status) : -r.code);
        }
        return outcome;
    };
    const auto a = run(5), b = run(5), c = run(6);
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("reset_rate: the connection drops with no HTTP response", "[mockapi][faults]") {
    MockOptions o = base();
    o.reset_rate = 1.0;
    MockApiServer s(o);
    s.start();
    for (int i = 0; i < 5; ++i) {
        auto r = curl_get(s.base_url() + page_url("", 1 + i, 10));
        INFO(r.error);
        CHECK((r.code == CURLE_RECV_ERROR || r.code == CURLE_GOT_NOTHING));
        CHECK(r.status == 0);
        CHECK(r.body.empty());
    }
    auto c = client_for(s);
    auto r = c.Get(page_url("", 1, 10).c_str(), bearer());
    CHECK_FALSE(r);
    CHECK(s.counters().resets == 6);
    // Metadata is never reset.
    auto meta = c.Get("/schedule/v1/check-types", bearer());
    REQUIRE(meta);
    CHECK(meta->status == 200);

    MockOptions half = base();
    half.reset_rate = 0.5;
    MockApiServer h(half);
    h.start();
    int resets = 0, oks = 0;
    for (int i = 0; i < 40; ++i) {
        auto x = curl_get(h.base_url() + page_url("", 1, 10));
        resets += x.code != CURLE_OK;
        oks += x.code == CURLE_OK && x.status == 200;
    }
    CHECK(resets + oks == 40);
    CHECK(resets > 6);
    CHECK(oks > 6);
    CHECK(h.counters().resets == static_cast<uint64_t>(resets));
}

TEST_CASE("truncate_rate: bodies cut short of Content-Length", "[mockapi][faults]") {
    MockOptions o = base();
    o.truncate_rate = 1.0;
    MockApiServer s(o);
    s.start();
    for (int i = 0; i < 3; ++i) {
        auto r = curl_get(s.base_url() + page_url("", 1 + i, 50));
        INFO(r.error);
        CHECK(r.code == CURLE_PARTIAL_FILE);
        CHECK(r.status == 200);
        REQUIRE(r.content_length > 0);
        CHECK(r.body.size() > 0);
        CHECK(static_cast<curl_off_t>(r.body.size()) < r.content_length);
        CHECK_FALSE(json::accept(r.body));
    }
    CHECK(s.counters().truncated == 3);
    CHECK(s.counters().ok == 0);
}

TEST_CASE("malformed_page: that page is a 200 with invalid JSON", "[mockapi][faults]") {
    for (bool html : {false, true}) {
        MockOptions o = base();
        o.malformed_page = 2;
        o.malformed_html = html;
        MockApiServer s(o);
        s.start();
        auto c = client_for(s);
        for (uint64_t page : {1, 2, 3, 2}) {
            auto r = c.Get(page_url("from=2024-01-01&to=2024-01-07", page, 40).c_str(), bearer());
            REQUIRE(r);
            CHECK(r->status == 200);
            if (page == 2) {
                CHECK_FALSE(json::accept(r->body));
                if (html) {
                    CHECK(r->body.find("<html>") != std::string::npos);
                    CHECK(r->get_header_value("Content-Type").starts_with("text/html"));
                } else {
                    CHECK(r->body.starts_with("{\"data\":[{\"id\":"));
                }
            } else {
                CHECK(json::accept(r->body));
            }
        }
        CHECK(s.counters().malformed == 2);
    }
}

TEST_CASE("drift: entries appear once page 1 is served, pages shift", "[mockapi][faults]") {
    MockOptions o = base();
    o.employees = 30;
    o.days = 10;
    o.drift = 5;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    const std::string q = "from=2024-01-03&to=2024-01-05";
    auto get = [&](uint64_t page) {
        auto r = c.Get(page_url(q, page, 50).c_str(), bearer());
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return json::parse(r->body);
    };
    const std::size_t before = s.listed_total("2024-01-03", "2024-01-05");
    const json p1 = get(1);
    const uint64_t total = p1["meta"]["total"];
    CHECK(total == before);
    const json p2 = get(2);
    CHECK(p2["meta"]["total"] == total + 5);
    // Page 2 now starts with the last 5 entries of the page 1 already seen.
    for (int i = 0; i < 5; ++i)
        CHECK(p2["data"][i]["id"] == p1["data"][45 + i]["id"]);
    // Page 1 again: 5 new entries first, the old ones after.
    const json again = get(1);
    std::set<std::string> old_ids;
    for (const auto& e : p1["data"])
        old_ids.insert(e["id"]);
    for (int i = 0; i < 5; ++i) {
        const json& e = again["data"][i];
        CHECK_FALSE(old_ids.count(e["id"].get<std::string>()));
        CHECK(e["deletedAt"].is_null());
        const auto in = parse_instant(e["workEntryIn"]["date"].get<std::string>());
        CHECK(madrid_day(in->utc) == reportgen::days_from_civil(reportgen::CivilDate{2024, 1, 3}));
    }
    CHECK(again["data"][5]["id"] == p1["data"][0]["id"]);
    CHECK(s.listed_total("2024-01-03", "2024-01-05") == before);  // pre-drift count

    // With employeeId, the drift entries are that employee's.
    const std::string id = s.employee_ids()[4];
    const std::string qe = q + "&employeeId=" + id;
    auto r1 = c.Get(page_url(qe, 1, 10).c_str(), bearer());
    auto r2 = c.Get(page_url(qe, 1, 10).c_str(), bearer());
    REQUIRE((r1 && r2));
    const json e1 = json::parse(r1->body), e2 = json::parse(r2->body);
    CHECK(e2["meta"]["total"] == e1["meta"]["total"].get<uint64_t>() + 5);
    for (const auto& e : e2["data"])
        CHECK(e["employee"]["id"] == id);
}

TEST_CASE("latency and jitter delay every answer", "[mockapi][faults]") {
    MockOptions o = base();
    o.latency_ms = 60;
    o.jitter_ms = 30;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    for (const char* p : {"/core/v3/info", "/schedule/v1/work-entries?limit=5"}) {
        const auto t0 = Clock::now();
        auto r = c.Get(p, bearer());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(ms_since(t0) >= 60.0);
    }
    // 401s wait too: latency is the network's, not the handler's.
    const auto t0 = Clock::now();
    auto r = c.Get("/core/v3/info");
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(ms_since(t0) >= 60.0);
}

TEST_CASE("max_inflight caps requests served at once and others queue", "[mockapi][faults]") {
    MockOptions o = base();
    o.max_inflight = 2;
    o.latency_ms = 100;
    MockApiServer s(o);
    s.start();
    std::atomic<int> ok{0};
    std::latch go(8);
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            auto c = client_for(s);
            go.arrive_and_wait();
            auto r = c.Get(page_url("", 1, 10).c_str(), bearer());
            ok += r && r->status == 200;
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(ok == 8);
    CHECK(s.counters().max_inflight_seen == 2);
    CHECK(ms_since(t0) >= 4 * 100.0);  // 8 requests, 2 at a time, 100 ms each
}

TEST_CASE("threads bounds the connections served at once", "[mockapi][faults]") {
    MockOptions o = base();
    o.threads = 2;
    o.latency_ms = 100;
    MockApiServer s(o);
    s.start();
    std::atomic<int> ok{0};
    std::latch go(4);
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            auto c = client_for(s);
            go.arrive_and_wait();
            auto r = c.Get("/core/v3/info", bearer());
            ok += r && r->status == 200;
        });  // the client closes its connection here, freeing the worker
    }
    for (auto& t : threads)
        t.join();
    CHECK(ok == 4);
    CHECK(s.counters().max_inflight_seen <= 2);
    CHECK(ms_since(t0) >= 2 * 100.0);
}

TEST_CASE("64 concurrent connections are served at once by default", "[mockapi][faults]") {
    MockOptions o = base();
    o.latency_ms = 1500;
    MockApiServer s(o);
    s.start();
    std::atomic<int> ok{0};
    std::latch go(64);
    std::vector<std::thread> threads;
    for (int t = 0; t < 64; ++t) {
        threads.emplace_back([&] {
            auto c = client_for(s);
            go.arrive_and_wait();
            auto r = c.Get("/core/v3/info", bearer());
            ok += r && r->status == 200;
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(ok == 64);
    CHECK(s.counters().max_inflight_seen == 64);
}

TEST_CASE("counters add up and reset", "[mockapi][faults]") {
    MockOptions o = base();
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    for (int i = 0; i < 5; ++i)
        REQUIRE(c.Get(page_url("", 1, 10).c_str(), bearer()));
    REQUIRE(c.Get("/core/v3/info", bearer()));
    auto k = s.counters();
    CHECK(k.requests == 6);
    CHECK(k.ok == 6);
    CHECK(k.work_entry_pages == 5);
    CHECK(k.max_inflight_seen == 1);
    CHECK(k.max_ok_per_second >= 1);
    s.reset_counters();
    k = s.counters();
    CHECK(k.requests == 0);
    CHECK(k.ok == 0);
    CHECK(k.max_ok_per_second == 0);
}
