#include "common/log.hpp"

#include "api/http_client.hpp"
#include "api/redact.hpp"
#include "api/request_budget.hpp"
#include "api/retry_policy.hpp"
#include "api/transport.hpp"

namespace reportgen::detail {

struct HttpClient::Impl {
    Impl(const ClientConfig& c, std::shared_ptr<RequestBudget> b)
        : cfg(c),
          budget(b ? std::move(b) : std::make_shared<RequestBudget>(c)),
          base(c.resolved_base_url()),
          policy(c),
          headers(make_request_headers(c)),
          multi(make_multi()),
          transfer(std::make_unique<Transfer>(cfg, headers.get())) {}

    // Runs the one transfer to completion through a private multi handle
    // rather than curl_easy_perform: polling in 50 ms slices lets a cancel
    // interrupt a stalled request promptly (curl_easy_perform would only look
    // at a progress callback about once a second). The multi's connection
    // cache keeps the connection alive between calls.
    CURLcode perform(const CancelToken* cancel) {
        CURL* e = transfer->easy();
        if (const CURLMcode mc = curl_multi_add_handle(multi.get(), e); mc != CURLM_OK)
            throw api_error(std::string("libcurl: ") + curl_multi_strerror(mc));
        struct Detach {
            CURLM* m;
            CURL* e;
            ~Detach() { curl_multi_remove_handle(m, e); }
        } detach{multi.get(), e};
        for (;;) {
            int running = 0;
            CURLMcode mc = curl_multi_perform(multi.get(), &running);
            if (mc != CURLM_OK) throw api_error(std::string("libcurl: ") + curl_multi_strerror(mc));
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left))
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == e) return msg->data.result;
            if (cancel && cancel->cancelled()) return CURLE_ABORTED_BY_CALLBACK;
            mc = curl_multi_poll(multi.get(), nullptr, 0, 50, nullptr);
            if (mc != CURLM_OK) throw api_error(std::string("libcurl: ") + curl_multi_strerror(mc));
        }
    }

    ClientConfig cfg;
    std::shared_ptr<RequestBudget> budget;
    std::string base;
    RetryPolicy policy;
    SlistPtr headers;  // holds the token; outlives the transfer
    MultiPtr multi;    // destroyed after the transfer (members in reverse)
    std::unique_ptr<Transfer> transfer;
};

HttpClient::HttpClient(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget)
    : impl_(std::make_unique<Impl>(cfg, std::move(budget))) {}
HttpClient::~HttpClient() = default;

const ClientConfig& HttpClient::config() const noexcept {
    return impl_->cfg;
}

std::string HttpClient::get(std::string_view path, std::string_view what, Metrics* metrics,
                            const CancelToken* cancel) {
    return fetch(path, what, metrics, cancel, nullptr);
}

HttpClient::Answer HttpClient::get_or_denied(std::string_view path, std::string_view what,
                                             Metrics* metrics, const CancelToken* cancel) {
    Answer a;
    a.body = fetch(path, what, metrics, cancel, &a.denied);
    return a;
}

std::string HttpClient::fetch(std::string_view path, std::string_view what, Metrics* metrics,
                              const CancelToken* cancel, long* denied) {
    Impl& im = *impl_;
    const std::string url = im.base + std::string(path);
    const std::string& token = im.cfg.token;
    for (int attempt = 0;;) {
        if (cancel && cancel->cancelled()) throw_cancelled();
        const double waited = im.budget->acquire(cancel);
        if (metrics) metrics->rate_wait_s += waited;
        const auto started = im.budget->now();
        im.transfer->prepare(url);
        const CURLcode rc = im.perform(cancel);
        if (rc == CURLE_ABORTED_BY_CALLBACK) throw_cancelled();
        const Verdict v = classify_transfer(*im.transfer, rc);
        record_attempt(metrics, *im.transfer, v);
        switch (v.outcome) {
            case AttemptOutcome::ok:
                im.budget->on_success(started);
                return std::move(im.transfer->body());
            case AttemptOutcome::fatal:
                if (denied && (v.http_status == 403 || v.http_status == 404)) {
                    *denied = v.http_status;
                    return {};
                }
                throw fatal_error(v, what, path, im.transfer->body(), token);
            case AttemptOutcome::retryable:
                break;
        }
        if (v.http_status == 429) {
            // The company's budget, not a failure of this request: the next
            // acquire() waits out the pause (docs/API.md).
            const double pause =
                im.budget->on_429(v.retry_after_s, redact_server_text(describe(what, path), token));
            log().debug("{}: HTTP 429; every request waits {:.2f} s",
                        redact_server_text(describe(what, path), token), pause);
            continue;
        }
        if (attempt >= im.policy.max_retries())
            throw api_error(exhausted_message(v, attempt, what, path, token));
        const double delay = im.policy.backoff_seconds(attempt, v.retry_after_s);
        log().debug(
            "{}: {}; retry {}/{} in {:.2f} s", redact_server_text(describe(what, path), token),
            redact_server_text(v.detail, token), attempt + 1, im.policy.max_retries(), delay);
        record_retry(metrics, v, delay);
        sleep_cancellable(delay, cancel);
        ++attempt;
    }
}

}  // namespace reportgen::detail
