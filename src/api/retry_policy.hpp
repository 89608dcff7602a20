#pragma once
// The one retry policy both engines share: what an attempt ended with and
// how long to wait before the next.
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "reportgen/config.hpp"

namespace reportgen::detail {

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

}  // namespace reportgen::detail
