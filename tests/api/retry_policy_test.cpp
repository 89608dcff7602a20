#include <catch2/catch.hpp>

#include <cmath>

#include "api/retry_policy.hpp"
#include "api/transport.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;

TEST_CASE("classify_status: 2xx ok, 429/5xx retryable, the rest fatal", "[retry]") {
    for (long s : {200L, 201L, 204L, 299L})
        CHECK(RetryPolicy::classify_status(s) == AttemptOutcome::ok);
    for (long s : {429L, 500L, 502L, 503L, 504L})
        CHECK(RetryPolicy::classify_status(s) == AttemptOutcome::retryable);
    for (long s : {0L, 301L, 400L, 401L, 403L, 404L, 422L, 501L, 505L})
        CHECK(RetryPolicy::classify_status(s) == AttemptOutcome::fatal);
}

TEST_CASE("classify_attempt: the one table for client and engines", "[retry]") {
    struct Row {
        CURLcode rc;
        long status;
        AttemptOutcome outcome;
        std::string cause;
        ErrorKind kind;
    };
    const Row rows[] = {
        {CURLE_OK, 200, AttemptOutcome::ok, "", ErrorKind::api},
        {CURLE_OK, 429, AttemptOutcome::retryable, "429", ErrorKind::api},
        {CURLE_OK, 500, AttemptOutcome::retryable, "5xx", ErrorKind::api},
        {CURLE_OK, 502, AttemptOutcome::retryable, "5xx", ErrorKind::api},
        {CURLE_OK, 503, AttemptOutcome::retryable, "5xx", ErrorKind::api},
        {CURLE_OK, 504, AttemptOutcome::retryable, "5xx", ErrorKind::api},
        {CURLE_OK, 401, AttemptOutcome::fatal, "", ErrorKind::auth},
        {CURLE_OK, 403, AttemptOutcome::fatal, "", ErrorKind::auth},
        {CURLE_OK, 400, AttemptOutcome::fatal, "", ErrorKind::api},
        {CURLE_OK, 404, AttemptOutcome::fatal, "", ErrorKind::api},
        {CURLE_OPERATION_TIMEDOUT, 0, AttemptOutcome::retryable, "timeout", ErrorKind::api},
        {CURLE_PARTIAL_FILE, 200, AttemptOutcome::retryable, "truncated", ErrorKind::api},
        {CURLE_RECV_ERROR, 0, AttemptOutcome::retryable, "reset", ErrorKind::api},
        {CURLE_SEND_ERROR, 0, AttemptOutcome::retryable, "reset", ErrorKind::api},
        {CURLE_GOT_NOTHING, 0, AttemptOutcome::retryable, "reset", ErrorKind::api},
        {CURLE_COULDNT_CONNECT, 0, AttemptOutcome::retryable, "connect", ErrorKind::api},
        {CURLE_URL_MALFORMAT, 0, AttemptOutcome::fatal, "", ErrorKind::usage},
        {CURLE_UNSUPPORTED_PROTOCOL, 0, AttemptOutcome::fatal, "", ErrorKind::usage},
        {CURLE_PEER_FAILED_VERIFICATION, 0, AttemptOutcome::fatal, "", ErrorKind::api},
    };
    for (const auto& r : rows) {
        INFO("rc " << static_cast<int>(r.rc) << " status " << r.status);
        const auto v = detail::classify_attempt(r.rc, r.status, "msg", "", 0);
        CHECK(v.outcome == r.outcome);
        if (r.outcome == AttemptOutcome::retryable) CHECK(v.cause == r.cause);
        if (r.outcome == AttemptOutcome::fatal) CHECK(v.fatal_kind == r.kind);
    }
    // HTTP details name the status; Retry-After is read for retryable statuses.
    const auto v = detail::classify_attempt(CURLE_OK, 429, "", "7", 0);
    CHECK(v.detail == "HTTP 429");
    REQUIRE(v.retry_after_s);
    CHECK(*v.retry_after_s == 7.0);
}

TEST_CASE("backoff grows exponentially within the jitter bounds and the cap", "[retry]") {
    ClientConfig cfg;
    cfg.backoff_factor = 0.5;
    cfg.backoff_max_s = 10.0;
    RetryPolicy p(cfg, 1234);
    for (int attempt = 0; attempt < 5; ++attempt) {
        const double base = 0.5 * std::exp2(attempt);
        double sum = 0;
        for (int i = 0; i < 200; ++i) {
            const double d = p.backoff_seconds(attempt, std::nullopt);
            CHECK(d >= 0.5 * base);
            CHECK(d < std::min(1.5 * base, 10.0 + 1e-9));
            CHECK(d <= 10.0);
            sum += d;
        }
        if (1.5 * base <= 10.0) CHECK(sum / 200 == Approx(base).epsilon(0.15));  // mean jitter 1
    }
    CHECK(p.backoff_seconds(10, std::nullopt) == 10.0);  // 0.5*1024*[0.5,1.5) > cap
    CHECK(p.backoff_seconds(60, std::nullopt) == 10.0);

    // Retry-After wins when larger, and is capped too; a smaller one is ignored.
    CHECK(p.backoff_seconds(0, 5.0) == 5.0);
    CHECK(p.backoff_seconds(0, 100.0) == 10.0);
    CHECK(p.backoff_seconds(3, 0.01) >= 0.5 * 0.5 * 8);

    // Same seed, same sequence (reproducible runs in tests and benchmarks).
    RetryPolicy a(cfg, 7), b(cfg, 7);
    for (int i = 0; i < 5; ++i)
        CHECK(a.backoff_seconds(i, std::nullopt) == b.backoff_seconds(i, std::nullopt));

    cfg.max_retries = 4;
    CHECK(RetryPolicy(cfg).max_retries() == 4);
}

TEST_CASE("Retry-After: delta seconds and the three HTTP-date forms", "[retry]") {
    using R = RetryPolicy;
    CHECK(R::parse_retry_after("1", 0) == 1.0);
    CHECK(R::parse_retry_after(" 120 ", 0) == 120.0);
    CHECK(R::parse_retry_after("0", 0) == 0.0);
    CHECK(R::parse_retry_after("1.5", 0) == 1.5);
    CHECK_FALSE(R::parse_retry_after("", 0));
    CHECK_FALSE(R::parse_retry_after("   ", 0));
    CHECK_FALSE(R::parse_retry_after("-3", 0));
    CHECK_FALSE(R::parse_retry_after("soon", 0));
    CHECK_FALSE(R::parse_retry_after("12abc", 0));

    // 2015-10-21T07:28:00Z
    const int64_t when = days_from_civil(CivilDate{2015, 10, 21}) * 86400 + 7 * 3600 + 28 * 60;
    CHECK(R::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", when - 30) == 30.0);  // IMF-fixdate
    CHECK(R::parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", when - 5) == 5.0);  // RFC 850
    CHECK(R::parse_retry_after("Wed Oct 21 07:28:00 2015", when - 2) == 2.0);           // asctime
    // A date in the past means "now".
    CHECK(R::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", when + 100) == 0.0);
}

TEST_CASE("sleep_cancellable sleeps, and stops at a cancel", "[retry]") {
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    detail::sleep_cancellable(0.05, nullptr);
    CHECK(clock::now() - t0 >= std::chrono::milliseconds(45));

    CancelToken cancel;
    cancel.cancel();
    t0 = clock::now();
    try {
        detail::sleep_cancellable(5.0, &cancel);
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::cancelled);
    }
    CHECK(clock::now() - t0 < std::chrono::milliseconds(500));
}
