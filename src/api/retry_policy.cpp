#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "api/retry_policy.hpp"

namespace reportgen::detail {

RetryPolicy::RetryPolicy(const ClientConfig& cfg, uint64_t seed)
    : max_retries_(std::max(0, cfg.max_retries)),
      factor_(std::max(0.0, cfg.backoff_factor)),
      max_s_(std::max(0.0, cfg.backoff_max_s)),
      rng_(seed) {}

double RetryPolicy::backoff_seconds(int attempt, std::optional<double> retry_after_s) {
    // Jitter spreads the retries of many pages that failed together (one 503
    // burst) so that they do not all come back at the same instant.
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    const int exp = std::clamp(attempt, 0, 60);
    double d = factor_ * std::ldexp(1.0, exp) * jitter(rng_);
    if (retry_after_s && std::isfinite(*retry_after_s) && *retry_after_s > d) d = *retry_after_s;
    return std::min(d, max_s_);
}

AttemptOutcome RetryPolicy::classify_status(long http_status) noexcept {
    if (http_status >= 200 && http_status < 300) return AttemptOutcome::ok;
    switch (http_status) {
        case 429:
        case 500:
        case 502:
        case 503:
        case 504:
            return AttemptOutcome::retryable;
        default:
            return AttemptOutcome::fatal;
    }
}

std::optional<double> RetryPolicy::parse_retry_after(std::string_view value, int64_t now_epoch_s) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;

    // delta-seconds (RFC 9110 says a whole number; a fraction is accepted).
    if (std::isdigit(static_cast<unsigned char>(value.front()))) {
        double s = 0;
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
        if (ec == std::errc{} && p == value.data() + value.size() && std::isfinite(s) && s >= 0)
            return s;
        // Not a number: it may still be a date that starts with a digit
        // ("12 Mar 2025 ..." is not valid HTTP-date, but curl_getdate is lenient).
    }

    // HTTP-date (IMF-fixdate, RFC 850 or asctime): libcurl parses all three.
    bool has_letter = false;
    for (char c : value)
        has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c));
    if (!has_letter) return std::nullopt;
    const std::string s(value);
    const time_t when = curl_getdate(s.c_str(), nullptr);
    if (when == static_cast<time_t>(-1)) return std::nullopt;
    const auto delta = static_cast<int64_t>(when) - now_epoch_s;
    return static_cast<double>(std::max<int64_t>(0, delta));
}

}  // namespace reportgen::detail
