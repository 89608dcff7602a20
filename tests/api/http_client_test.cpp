#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/http_client.hpp"
#include "reportgen/error.hpp"
#include "support/expect.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::ClosingServer;
using reportgen::test::LoopbackServer;
using Clock = std::chrono::steady_clock;
using reportgen::test::expect_error;
using reportgen::test::seconds_since;

namespace {

constexpr const char* kToken = "tok-SECRET-7f3a9c2e51";  // distinctive: searched for in messages
constexpr const char* kPath = "/schedule/v1/work-entries?page=7&limit=10";

ClientConfig config_for(const std::string& base) {
    ClientConfig c;
    c.base_url = base;
    c.token = kToken;
    c.timeout_s = 5;
    c.connect_timeout_s = 2;
    c.max_retries = 3;
    c.backoff_factor = 0.01;  // fast tests
    c.backoff_max_s = 5;
    return c;
}

}  // namespace

TEST_CASE("HttpClient: 200 body, bearer token, user agent, gzip accepted", "[http]") {
    LoopbackServer srv;
    std::string auth, ua, accept_encoding, query_page;
    const std::string big(20000, 'x');  // compressible: httplib gzips it when asked
    srv.server.Get("/schedule/v1/work-entries",
                   [&](const httplib::Request& req, httplib::Response& res) {
                       auth = req.get_header_value("Authorization");
                       ua = req.get_header_value("User-Agent");
                       accept_encoding = req.get_header_value("Accept-Encoding");
                       query_page = req.get_param_value("page");
                       res.set_content("{\"data\":[],\"pad\":\"" + big + "\"}", "application/json");
                   });
    srv.start();

    HttpClient client(config_for(srv.base_url()));
    Metrics m;
    const std::string body = client.get(kPath, "work-entries page 7", &m);
    CHECK(body == "{\"data\":[],\"pad\":\"" + big + "\"}");
    CHECK(auth == std::string("Bearer ") + kToken);
    CHECK(ua.rfind("reportgen/", 0) == 0);
    CHECK(accept_encoding.find("gzip") != std::string::npos);
    CHECK(query_page == "7");
    CHECK(m.requests == 1);
    CHECK(m.latency.count() == 1);
    CHECK(m.bytes_received > 0);
    CHECK(m.bytes_received < body.size());  // counted on the wire: gzip made it smaller
    CHECK(m.retries() == 0);

    // The handle is reused: a second request works on the same client.
    CHECK(client.get(kPath, "work-entries page 7", &m).size() == body.size());
    CHECK(m.requests == 2);
}

TEST_CASE("HttpClient: 401 and 403 are auth errors at once, no retries", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    srv.server.Get("/a", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 401;
        res.set_content("{\"error\":\"unauthorized\"}", "application/json");
    });
    srv.server.Get("/b", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 403;
    });
    srv.start();
    HttpClient client(config_for(srv.base_url()));
    Metrics m;

    const auto t0 = Clock::now();
    const Error e = expect_error([&] { client.get("/a", "work-entries page 1", &m); });
    CHECK(e.kind() == ErrorKind::auth);
    CHECK(hits == 1);
    CHECK(m.retries() == 0);
    CHECK(seconds_since(t0) < 1.0);
    const std::string msg = e.what();
    CHECK(msg.find("authentication failed (HTTP 401) for work-entries page 1") !=
          std::string::npos);
    CHECK(msg.find("the token was rejected") != std::string::npos);
    CHECK(e.subject() == "ClientConfig::token");
    CHECK(msg.find("/a") != std::string::npos);
    CHECK(msg.find(kToken) == std::string::npos);

    const Error e2 = expect_error([&] { client.get("/b", "check-types", &m); });
    CHECK(e2.kind() == ErrorKind::auth);
    CHECK(std::string(e2.what()).find("HTTP 403") != std::string::npos);
    CHECK(hits == 2);
}

TEST_CASE("HttpClient: 503 twice then 200 succeeds with 2 retries counted as 5xx", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    srv.server.Get("/p", [&](const httplib::Request&, httplib::Response& res) {
        if (++hits <= 2) {
            res.status = 503;
            res.set_content("busy", "text/plain");
            return;
        }
        res.set_content("ok", "text/plain");
    });
    srv.start();
    HttpClient client(config_for(srv.base_url()));
    Metrics m;
    CHECK(client.get("/p", "work-entries page 2", &m) == "ok");
    CHECK(hits == 3);
    CHECK(m.requests == 3);
    CHECK(m.retries_by_cause["5xx"] == 2);
    CHECK(m.retries() == 2);
    CHECK(m.retry_sleep_s > 0);
    CHECK(m.latency.count() == 3);
}

TEST_CASE("HttpClient: 429 with Retry-After waits for it, seconds and HTTP-date", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0}, date_hits{0};
    srv.server.Get("/seconds", [&](const httplib::Request&, httplib::Response& res) {
        if (++hits == 1) {
            res.status = 429;
            res.set_header("Retry-After", "1");
            return;
        }
        res.set_content("ok", "text/plain");
    });
    srv.server.Get("/date", [&](const httplib::Request&, httplib::Response& res) {
        if (++date_hits == 1) {
            // Two seconds from now as an IMF-fixdate; whole seconds, so the
            // client sees 1-2 s depending on where in the second it is.
            const std::time_t t = std::time(nullptr) + 2;
            std::tm tm{};
            gmtime_r(&t, &tm);
            char buf[64];
            std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
            res.status = 429;
            res.set_header("Retry-After", buf);
            return;
        }
        res.set_content("ok", "text/plain");
    });
    srv.start();
    HttpClient client(config_for(srv.base_url()));
    Metrics m;

    auto t0 = Clock::now();
    CHECK(client.get("/seconds", "work-entries page 4", &m) == "ok");
    CHECK(seconds_since(t0) >= 0.95);  // lower bound only: a slow machine may take longer
    CHECK(m.http_429 == 1);
    CHECK(m.retries() == 0);  // a 429 waits for the budget; it is not a retry
    CHECK(m.rate_wait_s >= 0.9);

    t0 = Clock::now();
    CHECK(client.get("/date", "work-entries page 5", &m) == "ok");
    CHECK(seconds_since(t0) >= 0.9);
    CHECK(m.http_429 == 2);
}

TEST_CASE("HttpClient: a response slower than the timeout is retried as timeout", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    srv.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        if (++hits == 1) std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        res.set_content("ok", "text/plain");
    });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.timeout_s = 0.5;
    HttpClient client(cfg);
    Metrics m;
    CHECK(client.get("/slow", "work-entries page 9", &m) == "ok");
    // Lower bounds: on a loaded machine (sanitizers) a normal answer may
    // miss the deadline too.
    CHECK(m.retries_by_cause["timeout"] >= 1);
    CHECK(hits >= 2);
}

TEST_CASE("HttpClient: retries exhausted is an api error naming the page and cause", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    srv.server.Get("/schedule/v1/work-entries",
                   [&](const httplib::Request&, httplib::Response& res) {
                       ++hits;
                       res.status = 503;
                   });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.max_retries = 2;
    HttpClient client(cfg);
    Metrics m;
    const Error e = expect_error([&] { client.get(kPath, "work-entries page 7", &m); });
    CHECK(e.kind() == ErrorKind::api);
    const std::string msg = e.what();
    CHECK(msg.find("work-entries page 7 failed after 2 retries: HTTP 503") != std::string::npos);
    CHECK(msg.find(kPath) != std::string::npos);
    CHECK(hits == 3);
    CHECK(m.requests == 3);
    CHECK(m.retries_by_cause["5xx"] == 2);
}

TEST_CASE("HttpClient: a body past max_response_bytes is a data error, not retried", "[http]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    const std::string big(100'000, 'x');
    // Announced with Content-Length: refused before the body is read.
    srv.server.Get("/sized", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.set_content(big, "application/json; charset=utf-8");  // charset: not compressed
    });
    // Chunked, no length: stopped once the limit is passed.
    srv.server.Get("/chunked", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.set_chunked_content_provider("application/json; charset=utf-8",
                                         [&big](std::size_t, httplib::DataSink& sink) {
                                             sink.write(big.data(), big.size());
                                             sink.done();
                                             return true;
                                         });
    });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.max_response_bytes = 10'000;
    HttpClient client(cfg);
    for (const char* path : {"/sized", "/chunked"}) {
        INFO(path);
        hits = 0;
        Metrics m;
        const Error e = expect_error([&] { client.get(path, "work-entries page 4", &m); });
        CHECK(e.kind() == ErrorKind::data);
        const std::string msg = e.what();
        CHECK(msg.find("work-entries page 4") != std::string::npos);
        CHECK(msg.find("larger than 10000 bytes") != std::string::npos);
        CHECK(hits == 1);  // the same answer would come again: no retry
        CHECK(m.retries() == 0);
    }
    // Within the limit, the same client is fine.
    cfg.max_response_bytes = 200'000;
    HttpClient roomy(cfg);
    CHECK(roomy.get("/chunked", "work-entries page 4").size() == big.size());
}

TEST_CASE("HttpClient: truncated bodies, resets and refused connections are retried", "[http]") {
    SECTION("a body cut short is retried as truncated") {
        LoopbackServer srv;
        std::atomic<int> hits{0};
        const std::string full(5000, 'y');
        srv.server.Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
            if (++hits == 1) {
                // Promise the whole length, send half, then drop the connection.
                res.set_content_provider(full.size(), "text/plain",
                                         [&](size_t, size_t, httplib::DataSink& sink) {
                                             sink.write(full.data(), full.size() / 2);
                                             return false;
                                         });
                return;
            }
            res.set_content(full, "text/plain");
        });
        srv.start();
        HttpClient client(config_for(srv.base_url()));
        Metrics m;
        CHECK(client.get("/cut", "work-entries page 3", &m) == full);
        CHECK(m.retries_by_cause["truncated"] == 1);
    }
    SECTION("a connection closed without an answer is a reset") {
        ClosingServer srv;
        auto cfg = config_for(srv.base_url());
        cfg.max_retries = 2;
        HttpClient client(cfg);
        Metrics m;
        const Error e = expect_error([&] { client.get("/x", "work-entries page 3", &m); });
        CHECK(e.kind() == ErrorKind::api);
        CHECK(std::string(e.what()).find("failed after 2 retries: connection reset") !=
              std::string::npos);
        CHECK(m.retries_by_cause["reset"] == 2);
        CHECK(srv.accepted() == 3);
    }
    SECTION("a refused connection is retried as connect") {
        auto cfg = config_for("http://127.0.0.1:" + std::to_string(test::unused_port()));
        cfg.max_retries = 1;
        HttpClient client(cfg);
        Metrics m;
        const Error e = expect_error([&] { client.get("/x", "check-types", &m); });
        CHECK(e.kind() == ErrorKind::api);
        CHECK(m.retries_by_cause["connect"] == 1);
    }
}

TEST_CASE("HttpClient: a malformed URL is a usage error, not retried", "[http]") {
    auto cfg = config_for("http://bad host name");
    HttpClient client(cfg);
    Metrics m;
    const Error e = expect_error([&] { client.get("/x", "check-types", &m); });
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(m.retries() == 0);
}

TEST_CASE("HttpClient: the token never appears in error messages", "[http]") {
    LoopbackServer srv;
    // A hostile server echoes the Authorization header in its error bodies.
    auto echo = [](int status) {
        return [status](const httplib::Request& req, httplib::Response& res) {
            res.status = status;
            res.set_content("you sent " + req.get_header_value("Authorization"), "text/plain");
        };
    };
    srv.server.Get("/401", echo(401));
    srv.server.Get("/404", echo(404));
    srv.server.Get("/503", echo(503));
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.max_retries = 1;
    HttpClient client(cfg);
    for (const char* path : {"/401", "/404", "/503"}) {
        const Error e = expect_error([&] { client.get(path, "work-entries page 1"); });
        const std::string msg = e.what();
        INFO(msg);
        CHECK(msg.find(kToken) == std::string::npos);
        CHECK(msg.find(path) != std::string::npos);
    }
    // The 404's body excerpt is in the message, with the token redacted.
    const Error e = expect_error([&] { client.get("/404", "work-entries page 1"); });
    CHECK(std::string(e.what()).find("you sent Bearer [REDACTED]") != std::string::npos);
}

TEST_CASE("HttpClient: cancel interrupts a backoff sleep and a stalled request", "[http]") {
    LoopbackServer srv;
    srv.server.Get("/429", [](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("Retry-After", "20");
    });
    srv.server.Get("/stall", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        res.set_content("late", "text/plain");
    });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.backoff_max_s = 30;
    HttpClient client(cfg);
    for (const char* path : {"/429", "/stall"}) {
        CancelToken cancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            cancel.cancel();
        });
        const auto t0 = Clock::now();
        const Error e =
            expect_error([&] { client.get(path, "work-entries page 1", nullptr, &cancel); });
        canceller.join();
        INFO(path);
        CHECK(e.kind() == ErrorKind::cancelled);
        CHECK(seconds_since(t0) < 1.0);
    }
}

TEST_CASE("HttpClient: 429s without Retry-After, then 200: growing pauses, not retries",
          "[http][budget]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    std::vector<Clock::time_point> arrivals;
    std::mutex mu;
    srv.server.Get("/p", [&](const httplib::Request&, httplib::Response& res) {
        {
            std::lock_guard lock(mu);
            arrivals.push_back(Clock::now());
        }
        if (++hits <= 3) {
            res.status = 429;  // no Retry-After: the API does not promise one
            return;
        }
        res.set_content("ok", "text/plain");
    });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.max_retries = 0;  // a 429 must not spend retries
    cfg.rate_pause_s = 0.1;
    HttpClient client(cfg);
    Metrics m;
    CHECK(client.get("/p", "work-entries page 2", &m) == "ok");
    CHECK(hits == 4);
    CHECK(m.http_429 == 3);
    CHECK(m.retries() == 0);
    CHECK(m.requests == 4);
    // Pauses of 0.1, 0.2 and 0.4 s: each gap at least its pause (growing).
    REQUIRE(arrivals.size() == 4);
    auto gap = [&](std::size_t i) {
        return std::chrono::duration<double>(arrivals[i + 1] - arrivals[i]).count();
    };
    CHECK(gap(0) >= 0.09);
    CHECK(gap(1) >= 0.19);
    CHECK(gap(2) >= 0.39);
    CHECK(m.rate_wait_s >= 0.6);
}

TEST_CASE("HttpClient: endless 429 past max_wait is an api error naming the company's budget",
          "[http][budget]") {
    LoopbackServer srv;
    std::atomic<int> hits{0};
    srv.server.Get("/p", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 429;
    });
    srv.start();
    auto cfg = config_for(srv.base_url());
    cfg.max_retries = 1;
    cfg.rate_pause_s = 0.05;
    cfg.max_wait_s = 0.5;
    HttpClient client(cfg);
    Metrics m;
    const Error e = expect_error([&] { client.get("/p", "work-entries page 9", &m); });
    CHECK(e.kind() == ErrorKind::api);
    CHECK_THAT(e.what(), Catch::Contains("request budget of the company"));
    CHECK_THAT(e.what(), Catch::Contains("work-entries page 9"));
    CHECK_THAT(e.what(), !Catch::Contains(kToken));
    // 0.05 + 0.1 + 0.2 + 0.15 (the rest of max_wait), then the 429 that
    // finds it spent: far more attempts than max_retries allows.
    CHECK(hits == 5);
    CHECK(m.http_429 == 5);
    CHECK(m.retries() == 0);
    CHECK(m.rate_wait_s >= 0.4);  // the pauses, less the time to read each 429
}

TEST_CASE("HttpClient: 403 forbidden_access_permission names the plan, 401 the token",
          "[http][auth]") {
    LoopbackServer srv;
    srv.server.Get("/plan", [](const httplib::Request&, httplib::Response& res) {
        res.status = 403;
        res.set_content(
            R"({"code":"forbidden_access_permission","message":"Forbidden access permission"})",
            "application/json");
    });
    srv.server.Get("/token", [](const httplib::Request&, httplib::Response& res) {
        res.status = 401;
        res.set_content(R"({"code":"unauthorized"})", "application/json");
    });
    srv.start();
    HttpClient client(config_for(srv.base_url()));
    const Error plan = expect_error([&] { client.get("/plan", "check-types page 1"); });
    CHECK(plan.kind() == ErrorKind::auth);
    CHECK_THAT(plan.what(), Catch::Contains("plan does not include API access"));
    CHECK_THAT(plan.what(), Catch::Contains("check-types page 1"));
    CHECK_THAT(plan.what(), !Catch::Contains("SESAME_API_TOKEN") && !Catch::Contains("--"));
    CHECK(plan.subject().empty());  // no token setting fixes the plan
    const Error token = expect_error([&] { client.get("/token", "check-types page 1"); });
    CHECK(token.kind() == ErrorKind::auth);
    CHECK_THAT(token.what(), Catch::Contains("HTTP 401"));
    CHECK_THAT(token.what(), Catch::Contains("the token was rejected"));
    CHECK(token.subject() == "ClientConfig::token");
    CHECK_THAT(token.what(), !Catch::Contains("plan"));
}

namespace {
// Sets (or, with nullptr, unsets) an environment variable for a scope.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};
}  // namespace

TEST_CASE("HttpClient: plain http:// to loopback never goes through http_proxy", "[http][proxy]") {
    // The proxy would receive the request in clear, bearer token included:
    // plain http is allowed only because loopback never leaves the machine.
    LoopbackServer proxy;
    std::atomic<int> proxied{0};
    proxy.server.set_pre_routing_handler([&](const httplib::Request&, httplib::Response& res) {
        ++proxied;
        res.status = 502;
        return httplib::Server::HandlerResponse::Handled;
    });
    proxy.start();
    LoopbackServer api;
    api.server.Get("/p", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("ok", "text/plain");
    });
    api.start();
    const ScopedEnv http_proxy("http_proxy", proxy.base_url().c_str());
    const ScopedEnv all_proxy("ALL_PROXY", proxy.base_url().c_str());
    const ScopedEnv no_proxy("no_proxy", nullptr), no_proxy_uc("NO_PROXY", nullptr);
    auto cfg = config_for(api.base_url());
    cfg.max_retries = 0;
    HttpClient client(cfg);
    CHECK(client.get("/p", "work-entries page 1") == "ok");
    CHECK(proxied == 0);
}
