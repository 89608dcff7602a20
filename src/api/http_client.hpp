#pragma once
// HTTP access to the API through libcurl, with the retry policy and the
// request budget. Header free of curl: the handle lives in http_client.cpp.
#include <memory>
#include <string>
#include <string_view>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

class RequestBudget;

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

    // An answer that may be a refusal: denied is 403 or 404 (body empty),
    // or 0 when body is a 2xx's.
    struct Answer {
        std::string body;
        long denied = 0;
    };
    // Like get(), for an endpoint the company's plan or token may not reach
    // (issue 18's sources): a 403 or 404 comes back as Answer::denied
    // instead of an error. A 401 and everything else throw as get() does.
    Answer get_or_denied(std::string_view path, std::string_view what, Metrics* metrics = nullptr,
                         const CancelToken* cancel = nullptr);

    const ClientConfig& config() const noexcept;

  private:
    // get() and get_or_denied(): with `denied` given, a 403/404 sets it and
    // returns "".
    std::string fetch(std::string_view path, std::string_view what, Metrics* metrics,
                      const CancelToken* cancel, long* denied);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
