#pragma once
/// \file
/// A Sesame-compatible HTTP server (cpp-httplib) with a synthetic, deterministic
/// company: the --demo data source, the test bed and the benchmark target.
///
/// Behaviour in short (docs/API.md is the contract):
/// - Shapes as docs/sesame-openapi-subset.json (tests/mockapi/contract_test.cpp
///   checks every endpoint against it).
/// - Work entries are selected by the local (Europe/Madrid) date of their
///   clock-in, as the real API does: a night shift is split by the range's
///   edges. An absent from/to is open. onlyReturn all | not_deleted (default)
///   | deleted; updatedAt[gte]/[lte] bound updatedAt; an unknown employeeId
///   selects nothing; orderBy is accepted and ignored. Order: clock-in, then id.
/// - Lists answer {"data":[...],"meta":{currentPage,lastPage,total,perPage}};
///   lastPage >= 1; a page past lastPage has empty data and the same meta.
///   `limit` defaults to default_limit (20) and is capped at max_limit.
/// - 400 (JSON body) for a non-date from/to, from > to, page or limit < 1 or
///   not an integer, an unknown onlyReturn, a malformed updatedAt bound; 401
///   for a missing/wrong bearer token, 403 for forbidden_token; 404 for
///   unknown paths and collection ids.
/// - The rate limit is a quota over every endpoint (as the real API's);
///   5xx, resets, truncation and malformed pages only hit work-entries pages
///   (any page, page 1 included), so metadata stays reachable.
/// - Fault draws are a hash of (seed, query + page + limit, attempt number of
///   that request): the n-th request of a page meets the same fate in every
///   run, whatever the interleaving of concurrent requests.
/// - libcurl silently retries, once, a request whose *reused* connection dies
///   before any byte arrives: a reset on a keep-alive connection is seen by a
///   curl client only when the retry (a new draw) fails too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reportgen {

/// The mock server's company, data and faults. Defaults: a healthy server with 50 employees over January 2024.
struct MockOptions {
    std::string host = "127.0.0.1";  ///< the address it binds (loopback)
    int port = 0;  ///< 0 = ephemeral; port() tells the bound one
    int employees = 50;  ///< employees of each company
    int days = 31;  ///< days of generated data, from start
    std::string start = "2024-01-01";  ///< first day of generated data
    uint64_t seed = 42;  ///< the data and the fault draws follow from it
    bool fat = false;                  ///< embed the whole employee object (~1.8 KB/entry)
    std::string token = "demo-token";  ///< the bearer token it accepts
    int latency_ms = 0;                ///< added to every request (401/429 included)
    int jitter_ms = 0;                 ///< uniform extra 0..jitter
    int max_inflight = 0;              ///< requests served at once (0 = no cap); others queue
    /// Requests per second (0 = off), over all endpoints; excess get 429 with
    /// Retry-After in whole seconds. For whole rates no sliding second holds
    /// more than `rate_limit` admitted requests.
    double rate_limit = 0;
    double error_rate = 0;  ///< share of requests answered 500/502/503
    double reset_rate = 0;  ///< share of connections dropped (TCP RST) without a response
    double truncate_rate =
        0;  ///< share of 200s cut at half the body (full Content-Length), then closed
    /// This work-entries page (1-based) of every query always answers 200 with
    /// invalid JSON: the page cut in half (sent whole, Content-Length right),
    /// or with malformed_html an HTML "proxy" page. 0 = none.
    int malformed_page = 0;
    /// Entries inserted while pages are served: once page 1 of a query has been
    /// answered 200, `drift` new work entries (one minute each, dated the
    /// query's first day, or the data set's if earlier, at 00:00-01:43 local:
    /// before every other entry of the range) lead that query's list: later
    /// pages shift by `drift` and overlap the page 1 already served, and
    /// meta.total grows. With employeeId they all belong to that employee (at
    /// most 100 an employee). count_entries() ignores them. The state is per
    /// query; the 256 most recent queries are remembered.
    int drift = 0;
    /// This work-entries page (1-based, any query) answers 503 to its first
    /// `fail_times` requests (-1: always), for deterministic retry and
    /// fallback tests. 0 = none.
    int fail_page = 0;
    int fail_times = -1;  ///< see fail_page
    int max_limit = 1000;  ///< cap on `limit`; meta.perPage says what was used
    /// Worker threads; each open (keep-alive) connection holds one. 0 = 128, or
    /// max_inflight + 16 if larger.
    int threads = 0;

    /// Additions (the fields above keep their meaning).
    std::string forbidden_token;  ///< a token answered 403 (empty = none)
    bool malformed_html = false;  ///< malformed_page answers an HTML proxy page, not cut JSON
    int default_limit = 20;       ///< page size when a request gives no `limit` (the document's)
    bool gzip = false;            ///< gzip work-entries pages when Accept-Encoding allows it
    /// Budget of rendered work-entries pages kept (LRU); 0 renders every
    /// request. Rendering runs at ~1.5 GB/s, but first touches of the memory
    /// that keeps pages cost ~0.2 GB/s on small VMs: call warm() before timing.
    std::size_t cache_bytes = std::size_t{1} << 30;

    /// The company's request budget (docs/API.md: N requests a window, shared
    /// by every token of the company): more than `budget` requests admitted
    /// in any sliding `budget_window_s` seconds get 429. 0 = off. Like the
    /// real API's, the 429 carries no Retry-After unless budget_retry_after
    /// (then: whole seconds until a slot frees, at least 1). Checked after the
    /// token and before rate_limit; a refused request does not spend budget.
    int budget = 0;
    double budget_window_s = 60;  ///< the budget's window, s
    bool budget_retry_after = false;  ///< a budget 429 carries Retry-After

    /// Companies served on the one port: the token "<token>-k" (k = 1..N)
    /// selects company k, "<token>" company 1; any other suffix is 401. Each
    /// has its own data (company 1: seed and employees as above; company k:
    /// another seed, employees + (k-1) * max(1, employees/3), another name)
    /// and its own budget. count_*(), total_entries() and warm() are
    /// company 1's.
    int companies = 1;
    /// Every company as large as company 1 (still its own seed and name):
    /// for benchmarks that compare companies of equal work.
    bool uniform_companies = false;

    /// Issue 18's reconciliation fault: this many employees (drawn from the
    /// seed; stale_employee_ids() names them) get a stale secondsWorked in
    /// /schedule/v1/reports/worked-hours, 5 to 30 minutes short of what
    /// their entries say (secondsBalance follows it). 0 = none.
    int stale_statistics = 0;

    /// Issue 18's degrade fault: these paths (e.g.
    /// "/schedule/v1/reports/worked-night-hours", no query) answer 403 with
    /// the body code forbidden_access_permission to every valid token of
    /// every company, as when the company's plan lacks that module. Checked
    /// after the token (a wrong token is still 401), before the budget.
    std::vector<std::string> forbidden_endpoints;
    /// The company's holiday calendars (0..2). 1: "Festivos nacionales", the
    /// national holidays every employee follows. 0: none (/holidays lists
    /// nothing). 2: the employees of odd index follow a second calendar,
    /// "Festivos Comunidad de Madrid", with the national holidays and 2 May
    /// (/holiday-calendar lists both; /holidays answers each employee's).
    /// Only the holiday endpoints know the second calendar: schedules,
    /// statistics and entries keep following the national one (a test
    /// option for the per-employee holidays path).
    int holiday_calendars = 1;
    /// Issue 19's compliance cases: twelve planted employees ("Caso 01 ..."
    /// to "Caso 12 ...", after the `employees` generated ones, whose data
    /// stays as it was) whose entries of January 2024 hold each kind of
    /// incident, entries exactly at each limit, and a clean worker
    /// (docs/DESIGN.md "The mock's compliance cases" lists them with the
    /// incidents they give). Entries outside the data set's days are left out.
    bool violations = false;
};

/// What the mock server answered (MockApiServer::counters()).
struct MockCounters {
    uint64_t requests = 0;  ///< every request that reached a handler
    /// "Answered 200" means the whole body was sent: a malformed page counts
    /// (its HTTP exchange completes), a truncated one does not (counted apart).
    uint64_t work_entry_pages = 0;  ///< work-entries requests answered 200
    uint64_t ok = 0;                ///< answered 200
    uint64_t unauthorized = 0;      ///< 401
    uint64_t rate_limited = 0;      ///< 429
    uint64_t server_errors = 0;     ///< 5xx injected
    uint64_t resets = 0;            ///< connections dropped with no response
    uint64_t truncated = 0;         ///< 200 with a body cut short of its Content-Length
    uint64_t malformed = 0;         ///< 200 with an invalid body (malformed_page)
    uint64_t max_inflight_seen = 0;  ///< highest number of requests served at once
    /// Highest number of requests answered 200 within any one-second window
    /// (sliding), for rate-limit tests.
    uint64_t max_ok_per_second = 0;
    uint64_t forbidden = 0;     ///< 403
    uint64_t bad_requests = 0;  ///< 400
    uint64_t page_cache_hits = 0;  ///< pages served from the rendered-page cache
    uint64_t page_cache_misses = 0;  ///< pages rendered
    uint64_t budget_exceeded = 0;  ///< 429 for the company budget (also in rate_limited)
};

/// A Sesame-compatible HTTP server on loopback, in process (library reportgen::mock).
class MockApiServer {
  public:
    /// A server for `options`, not yet listening (start()).
    explicit MockApiServer(MockOptions options = {});
    ~MockApiServer();  ///< stops
    MockApiServer(const MockApiServer&) = delete;
    MockApiServer& operator=(const MockApiServer&) = delete;

    void start();  ///< binds and serves on a background thread; returns when listening
    void stop();   ///< idempotent
    /// Blocks until stop() is called from another thread or a signal handler path.
    void wait();
    /// Async-signal-safe: only closes the listening socket; wait() (or stop())
    /// then finishes the shutdown.
    void request_stop() noexcept;
    /// The port it listens on (after start()).
    int port() const;
    std::string base_url() const;  ///< http://127.0.0.1:PORT
    /// What it answered so far.
    MockCounters counters() const;
    /// Sets every counter back to 0.
    void reset_counters();
    /// The options it was made with.
    const MockOptions& options() const;

    /// Number of non-deleted work entries whose workday falls in [from, to]
    /// (inclusive, YYYY-MM-DD), before any drift; for tests.
    std::size_t count_entries(const std::string& from, const std::string& to) const;
    /// Every entry whose workday falls in [from, to], deleted ones included.
    std::size_t count_all_entries(const std::string& from, const std::string& to) const;
    /// What meta.total says, before any drift, for a query of [from, to]
    /// (empty = open) with that onlyReturn: entries whose clock-in's local
    /// date is in the range, as the API selects them.
    std::size_t listed_total(const std::string& from, const std::string& to,
                             std::string_view only_return = "not_deleted", int company = 1) const;
    /// Entries of the whole data set, deleted ones included.
    std::size_t total_entries() const;
    /// Employee ids of company k in generation order (for employeeId queries).
    std::vector<std::string> employee_ids(int company = 1) const;
    /// Employees of company k whose worked-hours statistics are stale
    /// (MockOptions::stale_statistics), in generation order.
    std::vector<std::string> stale_employee_ids(int company = 1) const;
    /// The token that selects company k ("<token>-k"); usage error out of range.
    std::string token_for(int company) const;
    /// Renders and caches every page of a query ahead of a benchmark, so
    /// that the first fetch measures the client too. Dates as in the API
    /// (empty = open); limit is capped like a request's.
    void warm(const std::string& from, const std::string& to, int limit);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen
