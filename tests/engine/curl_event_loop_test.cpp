// The event loop on its own: a wake-up from another thread ends a wait, and
// a transfer runs to completion through wait() alone (sockets and timers as
// libcurl asks for them). The engines' tests cover it under load and faults.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "api/transport.hpp"
#include "engine/curl_event_loop.hpp"
#include "engine/page_server.hpp"
#include "support/expect.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::PageServer;
using reportgen::test::seconds_since;

TEST_CASE("event loop: wake() from another thread ends a wait", "[engine][loop]") {
    auto multi = detail::make_multi();
    detail::CurlEventLoop loop(multi.get());
    int callbacks = 0;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread waker([&loop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        loop.wake();
    });
    // Nothing to do: only the wake-up can end this wait before 10 s.
    REQUIRE(loop.wait(std::chrono::milliseconds(10'000), [&] { ++callbacks; }) == CURLM_OK);
    const double waited = seconds_since(t0);
    waker.join();
    CHECK(waited < 5.0);
    CHECK(callbacks == 1);  // once after the timers, none for sockets

    // A wake-up before the wait is not lost either.
    loop.wake();
    const auto t1 = std::chrono::steady_clock::now();
    REQUIRE(loop.wait(std::chrono::milliseconds(10'000), [] {}) == CURLM_OK);
    CHECK(seconds_since(t1) < 5.0);
}

TEST_CASE("event loop: a transfer completes through wait() alone", "[engine][loop]") {
    PageServer srv;
    auto multi = detail::make_multi();
    detail::CurlEventLoop loop(multi.get());
    const ClientConfig cfg = srv.config();
    auto headers = detail::make_request_headers(cfg);
    detail::Transfer t(cfg, headers.get());
    t.prepare(cfg.base_url + srv.job({3}).path_for_page(3));
    REQUIRE(curl_multi_add_handle(multi.get(), t.easy()) == CURLM_OK);

    bool done = false;
    CURLcode rc = CURLE_OK;
    auto harvest = [&] {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            rc = msg->data.result;
            done = true;
        }
    };
    REQUIRE(loop.run_due_timers() == CURLM_OK);
    const auto t0 = std::chrono::steady_clock::now();
    while (!done && seconds_since(t0) < 10)
        REQUIRE(loop.wait(std::chrono::milliseconds(100), harvest) == CURLM_OK);
    curl_multi_remove_handle(multi.get(), t.easy());
    REQUIRE(done);
    CHECK(rc == CURLE_OK);
    CHECK(t.http_status() == 200);
    CHECK(t.body() == PageServer::body_for(3));
}
