#pragma once
// HTTP access to the API through libcurl, with the one retry policy both
// engines share. Header free of curl: the handles live in src/api/.
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

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

// RFC 3986 percent-encoding of one query value or path segment: every byte
// but A-Z a-z 0-9 - . _ ~ becomes %XX (space is %20).
std::string percent_encode(std::string_view value);

// Query paths for the endpoints (percent-encoded). list_path's endpoint is
// e.g. "/schedule/v1/check-types".
std::string work_entries_path(const ReportRequest& req, int limit, int page);
std::string list_path(std::string_view endpoint, int limit, int page);

// One libcurl easy handle: keep-alive, gzip, HTTP/2 where offered, bearer
// auth. Not thread-safe; one per thread.
class HttpClient {
  public:
    explicit HttpClient(const ClientConfig& cfg);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GETs base_url + path with retries. Returns the body of a 2xx. Throws
    // auth (401/403), api (other 4xx, or retries exhausted), cancelled.
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
