#pragma once
// Private to the fetch layer: libcurl RAII handles, the per-request transfer
// state, and the ONE classification of an attempt's outcome that HttpClient
// and both engines share (so a 503 or a reset means the same thing wherever
// it happens, and is counted under the same metrics key).
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_client.hpp"
#include "api/page_decoder.hpp"
#include "api/retry_policy.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

// curl_global_init exactly once per process, thread-safe (function-local
// static). Every constructor that creates a curl handle calls it first.
void ensure_curl_global();

struct CurlEasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct CurlSlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
struct CurlMultiDeleter {
    void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};
using EasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using MultiPtr = std::unique_ptr<CURLM, CurlMultiDeleter>;

EasyPtr make_easy();    // throws api error when libcurl cannot allocate
MultiPtr make_multi();  // idem

// The request headers every call sends: Accept and the bearer token. The list
// holds the token, so it lives only in memory owned by the client/engine.
SlistPtr make_request_headers(const ClientConfig& cfg);

// "reportgen/<version>"
const char* user_agent() noexcept;

// A plain http:// URL to this machine (localhost, 127.0.0.0/8, ::1): the only
// place the token may go in clear (ClientConfig::validate), so never through
// a proxy (src/api/config.cpp).
bool is_plain_http_loopback(std::string_view url);

// Bytes reserved past a body's Content-Length, so the decoder parses the
// body in place instead of copying it.
inline constexpr std::size_t kBodyPadding = PageDecoder::padding;

// The capacity reserved for a body of `content_length` bytes: the length plus
// the decoder's padding, rounded up to 64 KiB so that a recycled buffer fits
// the next page of about the same size; lengths past 64 MiB are not trusted.
inline std::size_t body_reserve_bytes(std::size_t content_length) noexcept {
    constexpr std::size_t round = std::size_t{64} << 10;
    const std::size_t n = std::min<std::size_t>(content_length, std::size_t{64} << 20);
    return (n + kBodyPadding + round - 1) / round * round;
}

// A budget of body bytes that several transfers share (the turbo engine's
// max_bytes_in_flight). A transfer given one asks it before keeping each
// piece of body, decoded bytes of a compressed body included; a refusal
// stops the transfer (Transfer::deferred) so that its owner releases what it
// held and asks for the page again later. Stopping, not pausing: libcurl
// inflates a whole network read at once and buffers what a paused transfer
// cannot take (a gzip bomb's read is 100+ MiB), so a pause would not bound
// memory.
class BodyAllowance {
  public:
    virtual ~BodyAllowance() = default;
    // `n` more bytes for the body of `holder` (one attempt's id); false: refused.
    virtual bool reserve(uint64_t holder, std::size_t n) noexcept = 0;
};

// One easy handle and what it is receiving. Callbacks point into this object,
// so it never moves (held by unique_ptr by its owners).
class Transfer {
  public:
    // Configures the handle once: keep-alive, gzip, HTTP/2 over TLS,
    // timeouts, callbacks. `headers` must outlive the transfer.
    Transfer(const ClientConfig& cfg, curl_slist* headers);
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    // Clears the previous response and points the handle at `url`.
    // `allowance`: counts this attempt's body bytes under `holder` (none: the
    // body is bounded by max_response_bytes alone).
    void prepare(const std::string& url, BodyAllowance* allowance = nullptr,
                 uint64_t holder = 0);

    CURL* easy() const noexcept { return easy_.get(); }
    // The endpoint the URL of prepare() names (endpoint_name(): "work-entries"),
    // for Metrics::requests_by_endpoint.
    std::string_view endpoint() const noexcept { return endpoint_; }
    std::string& body() noexcept { return body_; }
    // The body passed ClientConfig::max_response_bytes (the transfer was
    // aborted); reset by prepare().
    bool too_large() const noexcept { return too_large_; }
    std::size_t max_body_bytes() const noexcept { return max_body_; }
    // The allowance refused more bytes (the transfer was stopped); reset by
    // prepare().
    bool deferred() const noexcept { return deferred_; }
    // Body bytes the allowance granted to this attempt.
    std::size_t granted_bytes() const noexcept { return granted_; }
    const std::string& retry_after() const noexcept { return retry_after_; }
    long http_status() const noexcept;
    // libcurl's detailed message for the last error, or its generic one.
    std::string curl_message(CURLcode rc) const;
    // Seconds the last request took (libcurl's total time).
    double total_seconds() const noexcept;

  private:
    static size_t on_body(char* data, size_t size, size_t n, void* self) noexcept;
    static size_t on_header(char* data, size_t size, size_t n, void* self) noexcept;

    EasyPtr easy_;
    std::size_t max_body_;
    bool too_large_ = false;
    bool deferred_ = false;
    BodyAllowance* allowance_ = nullptr;
    uint64_t holder_ = 0;
    std::size_t granted_ = 0;
    std::string body_;
    std::string retry_after_;
    std::string endpoint_;
    std::array<char, CURL_ERROR_SIZE> errbuf_{};
};

// What an attempt ended with, classified once for everybody.
struct Verdict {
    AttemptOutcome outcome = AttemptOutcome::ok;
    ErrorKind fatal_kind = ErrorKind::api;  // meaningful when outcome == fatal
    std::string cause;     // retryable: "429" "5xx" "reset" "timeout" "truncated" "connect"
    std::string detail;    // "HTTP 503", "timeout (curl: ...)"
    long http_status = 0;  // 0 when no response
    std::optional<double> retry_after_s;  // from a Retry-After header
    std::string redirect_url;             // a 3xx's Location (never followed)
};

// rc: the transfer's CURLcode; status: the HTTP status (0 when none);
// curl_message: libcurl's message for rc; retry_after: the raw header value.
Verdict classify_attempt(CURLcode rc, long status, std::string_view curl_message,
                         std::string_view retry_after, int64_t now_epoch_s);
// Same, reading everything from a finished transfer; a body past the size
// limit is fatal (data), whatever libcurl reports.
Verdict classify_transfer(const Transfer& t, CURLcode rc);

// "resource page 3 (GET /path...)": what was being fetched, no token.
std::string describe(std::string_view what, std::string_view path);

// The Error for a fatal verdict (auth, api, usage); `body` is the response
// body, of which a short excerpt helps explain a 4xx. Message redacted.
Error fatal_error(const Verdict& v, std::string_view what, std::string_view path,
                  std::string_view body, std::string_view token);
// "work-entries page 7 failed after 3 retries: HTTP 503 (GET /path)", redacted.
std::string exhausted_message(const Verdict& last, int retries, std::string_view what,
                              std::string_view path, std::string_view token);

// Network metrics of one finished attempt (requests, by endpoint too, bytes,
// latency, 429s).
void record_attempt(Metrics* m, const Transfer& t, const Verdict& v);
// A retry about to happen for this verdict, sleeping `delay_s`.
void record_retry(Metrics* m, const Verdict& v, double delay_s);

// Sleeps `seconds` in short slices, throwing Error(cancelled) as soon as the
// token is cancelled (checked before sleeping too).
void sleep_cancellable(double seconds, const CancelToken* cancel);
[[noreturn]] void throw_cancelled();

int64_t now_epoch_seconds() noexcept;

}  // namespace reportgen::detail
