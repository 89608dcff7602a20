#pragma once
// HTTP access to the API through libcurl, with the one retry policy both
// engines share. Header free of curl: the handles live in src/api/.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/time.hpp"

namespace reportgen {

// What one attempt ended with, as the retry policy sees it.
enum class AttemptOutcome {
    ok,         // 2xx with a whole body
    retryable,  // 429, 5xx, reset, timeout, cut body
    fatal,      // 401/403 (auth), 400/404/other 4xx (api), bad URL
};

// Backoff: factor * 2^attempt, times a jitter in [0.5, 1.5), capped at
// backoff_max_s; a Retry-After from the server wins when larger (capped too).
class RetryPolicy {
  public:
    explicit RetryPolicy(const ClientConfig& cfg, uint64_t seed = std::random_device{}());
    int max_retries() const { return max_retries_; }
    // attempt: 0 for the first retry.
    double backoff_seconds(int attempt, std::optional<double> retry_after_s);
    static AttemptOutcome classify_status(long http_status) noexcept;
    // Retry-After: delta seconds or an HTTP-date; nullopt when unparseable.
    static std::optional<double> parse_retry_after(std::string_view value, int64_t now_epoch_s);

  private:
    int max_retries_;
    double factor_;
    double max_s_;
    std::mt19937_64 rng_;
};

// The company's request budget (docs/API.md: 1,000 requests a minute,
// shared by every token of the company). ONE instance paces every request of
// a report (metadata, page 1, both engines, the fallback): at most `limit`
// request starts in any `window` (sliding), so a report smaller than the
// budget runs at full speed and a larger one at the budget. A 429 pauses
// every request sharing it: for its Retry-After when given, else for a
// growing pause (first_pause, doubling, capped at 60 s); a 429 answered
// during a pause belongs to the same burst and neither grows nor extends it.
// Pauses count against max_wait_s; the 429 that finds it spent is an error.
// Thread-safe; the clock is injectable so tests move time without sleeping.
class RequestBudget {
  public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using ClockFn = std::function<TimePoint()>;

    struct Settings {
        int limit = 900;  // request starts per window; 0: no pacing (429 pauses still apply)
        Clock::duration window = std::chrono::seconds(60);
        double max_wait_s = 600;   // 429 pauses, in total, before giving up
        double first_pause_s = 1;  // after a 429 without Retry-After; doubles per burst
        double max_pause_s = 60;
    };
    static Settings settings_from(const ClientConfig& cfg);

    explicit RequestBudget(const ClientConfig& cfg);
    explicit RequestBudget(Settings s, ClockFn now = [] { return Clock::now(); });

    // Takes a slot now and returns nullopt, or returns when to ask again
    // (the window is full or a 429 pause runs). Never blocks.
    std::optional<TimePoint> try_acquire();
    // Waits (in short slices, honouring `cancel`) until a slot is free and
    // takes it; returns the seconds waited.
    double acquire(const CancelToken* cancel);
    // A 429 for a request described by `where` ("work-entries page 3 (GET
    // ...)"). Starts or extends the pause and returns the seconds until it
    // ends; throws an api error naming the company's budget once max_wait_s
    // has been spent waiting, or when a Retry-After asks for more than is left.
    double on_429(std::optional<double> retry_after_s, std::string_view where);
    // A success of a request started at `started`: when it started after the
    // last pause, the 429s have stopped and the next pause starts small again.
    void on_success(TimePoint started);

    const Settings& settings() const noexcept { return s_; }
    double waited_429_s() const;  // 429 pauses so far, s
    TimePoint now() const { return now_(); }

  private:
    const Settings s_;
    const ClockFn now_;
    mutable std::mutex mu_;
    std::deque<TimePoint> starts_;  // request starts within the last window, oldest first
    TimePoint paused_until_{};
    double waited_429_s_ = 0;
    int bursts_ = 0;  // 429 bursts without Retry-After since the last success
};

// RFC 3986 percent-encoding of one query value or path segment: every byte
// but A-Z a-z 0-9 - . _ ~ becomes %XX (space is %20).
std::string percent_encode(std::string_view value);

// The dates asked of the API for a report of [from, to]: the API selects
// entries by the local date of their clock-in (docs/API.md), so a shift that
// began the evening before `from`, or whose first clock-in is on `to` and
// continues past midnight, needs one more day each side; the report core
// drops the shifts whose workday lies outside [from, to].
DateRange query_range(const ReportRequest& req);

// Query paths for the endpoints (percent-encoded). list_path's endpoint is
// e.g. "/schedule/v1/check-types". No orderBy: its field names are not
// documented, and a 400 for an unknown one would end every report.
std::string work_entries_path(const ReportRequest& req, const DateRange& range, int limit,
                              int page);
// The same for exactly req.from .. req.to.
std::string work_entries_path(const ReportRequest& req, int limit, int page);
std::string list_path(std::string_view endpoint, int limit, int page);

// One libcurl easy handle: keep-alive, gzip, HTTP/2 where offered, bearer
// auth. Not thread-safe; one per thread.
class HttpClient {
  public:
    // `budget`: the report's shared one; null: a budget of its own from cfg.
    explicit HttpClient(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget = nullptr);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GETs base_url + path with retries, each attempt paced by the budget.
    // Returns the body of a 2xx. Throws auth (401/403), api (other 4xx,
    // retries exhausted, or the budget's max_wait_s spent on 429s), cancelled.
    // A 429 is not a retry: it waits for the budget and tries again.
    // `what` names the resource in errors, e.g. "work-entries page 3".
    // Updates the network fields of metrics when given.
    // Cancellation is honoured within ~50 ms, also in the middle of a request
    // or a backoff sleep.
    std::string get(std::string_view path, std::string_view what, Metrics* metrics = nullptr,
                    const CancelToken* cancel = nullptr);

    const ClientConfig& config() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Replaces every occurrence of the token in text (for logs and messages),
// raw, JSON-escaped or percent-encoded; a token under 16 characters only
// where it stands alone (see src/api/redact.hpp).
std::string redact(std::string_view text, std::string_view token);

}  // namespace reportgen
