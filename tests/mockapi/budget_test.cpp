// The company request budget (MockOptions::budget), measured over loopback.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "mock_test_support.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;

namespace {

MockOptions budgeted(int n, double window_s, bool retry_after = false) {
    MockOptions o;
    o.employees = 5;
    o.days = 3;
    o.budget = n;
    o.budget_window_s = window_s;
    o.budget_retry_after = retry_after;
    return o;
}

struct Tally {
    int ok = 0;
    int limited = 0;
    int with_retry_after = 0;
};

// `n` quick requests spread over every endpoint: the budget counts them all.
Tally hammer(httplib::Client& c, int n, const std::string& token = "demo-token") {
    static const char* const paths[] = {"/schedule/v1/work-entries", "/schedule/v1/check-types",
                                        "/schedule/v1/work-breaks", "/core/v3/info"};
    Tally t;
    for (int i = 0; i < n; ++i) {
        auto r = c.Get(paths[i % 4], bearer(token));
        REQUIRE(r);
        if (r->status == 200) ++t.ok;
        if (r->status == 429) {
            ++t.limited;
            if (r->has_header("Retry-After")) ++t.with_retry_after;
            CHECK(json::parse(r->body).at("status") == 429);
        }
    }
    return t;
}

}  // namespace

TEST_CASE("budget: N+k quick requests get exactly k 429s, no Retry-After", "[mockapi][budget]") {
    MockApiServer s(budgeted(6, 30));
    s.start();
    auto c = client_for(s);
    const Tally t = hammer(c, 6 + 4);
    CHECK(t.ok == 6);
    CHECK(t.limited == 4);
    CHECK(t.with_retry_after == 0);
    CHECK(s.counters().budget_exceeded == 4);
    CHECK(s.counters().rate_limited == 4);
}

TEST_CASE("budget: --budget-retry-after tells the seconds until a slot frees",
          "[mockapi][budget]") {
    MockApiServer s(budgeted(3, 20, true));
    s.start();
    auto c = client_for(s);
    CHECK(hammer(c, 3).ok == 3);
    auto r = c.Get("/schedule/v1/check-types", bearer());
    REQUIRE(r);
    REQUIRE(r->status == 429);
    const int ra = std::stoi(r->get_header_value("Retry-After"));
    CHECK(ra >= 19);  // the first slot frees 20 s after it was spent
    CHECK(ra <= 20);
}

TEST_CASE("budget: after the window passes, requests are served again", "[mockapi][budget]") {
    MockApiServer s(budgeted(4, 0.8));
    s.start();
    auto c = client_for(s);
    const Tally first = hammer(c, 6);
    CHECK(first.ok == 4);
    CHECK(first.limited == 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(900));
    const Tally second = hammer(c, 4);
    CHECK(second.ok == 4);
    CHECK(second.limited == 0);
}

TEST_CASE("budget: a wrong token spends nothing, 0 means no budget", "[mockapi][budget]") {
    MockApiServer s(budgeted(2, 30));
    s.start();
    auto c = client_for(s);
    for (int i = 0; i < 5; ++i) {
        auto r = c.Get("/core/v3/info", bearer("wrong"));
        REQUIRE(r);
        CHECK(r->status == 401);
    }
    CHECK(hammer(c, 2).ok == 2);

    MockApiServer open(budgeted(0, 1));
    open.start();
    auto c2 = client_for(open);
    CHECK(hammer(c2, 40).ok == 40);
}

TEST_CASE("budget and rate limit both apply", "[mockapi][budget]") {
    MockOptions o = budgeted(5, 30);
    o.rate_limit = 1000;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    const Tally t = hammer(c, 8);
    CHECK(t.ok == 5);
    CHECK(t.limited == 3);
    CHECK(t.with_retry_after == 0);
}
