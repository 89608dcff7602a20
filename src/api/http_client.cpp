#include "common/log.hpp"

#include "api/transport.hpp"
#include "reportgen/client.hpp"

namespace reportgen {

struct HttpClient::Impl {
    Impl(const ClientConfig& c, std::shared_ptr<RequestBudget> b)
        : cfg(c),
          budget(b ? std::move(b) : std::make_shared<RequestBudget>(c)),
          base(c.resolved_base_url()),
          policy(c),
          headers(detail::make_request_headers(c)),
          multi(detail::make_multi()),
          transfer(std::make_unique<detail::Transfer>(cfg, headers.get())) {}

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
    detail::SlistPtr headers;  // holds the token; outlives the transfer
    detail::MultiPtr multi;    // destroyed after the transfer (members in reverse)
    std::unique_ptr<detail::Transfer> transfer;
};

HttpClient::HttpClient(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget)
    : impl_(std::make_unique<Impl>(cfg, std::move(budget))) {}
HttpClient::~HttpClient() = default;

const ClientConfig& HttpClient::config() const noexcept {
    return impl_->cfg;
}

std::string HttpClient::get(std::string_view path, std::string_view what, Metrics* metrics,
                            const CancelToken* cancel) {
    Impl& im = *impl_;
    const std::string url = im.base + std::string(path);
    const std::string& token = im.cfg.token;
    for (int attempt = 0;;) {
        if (cancel && cancel->cancelled()) detail::throw_cancelled();
        const double waited = im.budget->acquire(cancel);
        if (metrics) metrics->rate_wait_s += waited;
        const auto started = im.budget->now();
        im.transfer->prepare(url);
        const CURLcode rc = im.perform(cancel);
        if (rc == CURLE_ABORTED_BY_CALLBACK) detail::throw_cancelled();
        const detail::Verdict v = detail::classify_transfer(*im.transfer, rc);
        detail::record_attempt(metrics, *im.transfer, v);
        switch (v.outcome) {
            case AttemptOutcome::ok:
                im.budget->on_success(started);
                return std::move(im.transfer->body());
            case AttemptOutcome::fatal:
                throw detail::fatal_error(v, what, path, im.transfer->body(), token);
            case AttemptOutcome::retryable:
                break;
        }
        if (v.http_status == 429) {
            // The company's budget, not a failure of this request: the next
            // acquire() waits out the pause (docs/API.md).
            const double pause =
                im.budget->on_429(v.retry_after_s, redact(detail::describe(what, path), token));
            detail::log().debug("{}: HTTP 429; every request waits {:.2f} s",
                                redact(detail::describe(what, path), token), pause);
            continue;
        }
        if (attempt >= im.policy.max_retries())
            throw api_error(detail::exhausted_message(v, attempt, what, path, token));
        const double delay = im.policy.backoff_seconds(attempt, v.retry_after_s);
        detail::log().debug("{}: {}; retry {}/{} in {:.2f} s",
                      redact(detail::describe(what, path), token), redact(v.detail, token),
                      attempt + 1, im.policy.max_retries(), delay);
        detail::record_retry(metrics, v, delay);
        detail::sleep_cancellable(delay, cancel);
        ++attempt;
    }
}

}  // namespace reportgen
