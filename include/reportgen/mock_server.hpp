#pragma once
// A Sesame-compatible HTTP server (cpp-httplib) with a synthetic, deterministic
// company: the --demo data source, the test bed and the benchmark target.
#include <cstdint>
#include <memory>
#include <string>

namespace reportgen {

struct MockOptions {
    std::string host = "127.0.0.1";
    int port = 0;                     // 0 = ephemeral; port() tells the bound one
    int employees = 50;
    int days = 31;
    std::string start = "2024-01-01";  // first day of generated data
    uint64_t seed = 42;
    bool fat = false;                 // embed the whole employee object (~1.8 KB/entry)
    std::string token = "demo-token";  // the bearer token it accepts
    int latency_ms = 0;               // added to every request
    int jitter_ms = 0;                // uniform extra 0..jitter
    int max_inflight = 0;             // requests served at once (0 = no cap); others queue
    double rate_limit = 0;            // requests per second (0 = off); excess get 429 + Retry-After
    double error_rate = 0;            // share of requests answered 500/502/503
    double reset_rate = 0;            // share of connections dropped without a response
    double truncate_rate = 0;         // share of bodies cut short (Content-Length kept)
    int malformed_page = 0;           // this work-entries page (1-based) is invalid JSON (0 = none)
    int drift = 0;                    // entries inserted while pages are served
    int max_limit = 1000;             // cap on `limit`; meta.perPage says what was used
    int threads = 0;                  // worker threads (0 = enough for 64 concurrent clients)
};

struct MockCounters {
    uint64_t requests = 0;       // every request that reached a handler
    uint64_t work_entry_pages = 0;  // work-entries requests answered 200
    uint64_t ok = 0;             // answered 200
    uint64_t unauthorized = 0;   // 401
    uint64_t rate_limited = 0;   // 429
    uint64_t server_errors = 0;  // 5xx injected
    uint64_t resets = 0;
    uint64_t truncated = 0;
    uint64_t malformed = 0;
    uint64_t max_inflight_seen = 0;
    // Highest number of requests answered 200 within any one-second window
    // (sliding), for rate-limit tests.
    uint64_t max_ok_per_second = 0;
};

class MockApiServer {
public:
    explicit MockApiServer(MockOptions options = {});
    ~MockApiServer();  // stops
    MockApiServer(const MockApiServer&) = delete;
    MockApiServer& operator=(const MockApiServer&) = delete;

    void start();  // binds and serves on a background thread; returns when listening
    void stop();   // idempotent
    // Blocks until stop() is called from another thread or a signal handler path.
    void wait();
    int port() const;
    std::string base_url() const;  // http://127.0.0.1:PORT
    MockCounters counters() const;
    void reset_counters();
    const MockOptions& options() const;

    // Number of non-deleted work entries whose workday falls in [from, to]
    // (inclusive, YYYY-MM-DD), before any drift; for tests.
    std::size_t count_entries(const std::string& from, const std::string& to) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen
