#pragma once
// A small work-entries server for engine tests: deterministic page bodies,
// a latency, a fault hook deciding each request's fate, and counters (per
// page, in flight). Built on the api tests' LoopbackServer.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/fetch_job.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "support/loopback_server.hpp"

namespace reportgen::test {

using namespace reportgen::detail;  // the internals under test

struct Fault {
    int status = 0;                // answer this status (0: answer normally)
    std::string retry_after = {};  // with this Retry-After header when not empty
    bool truncate = false;         // send half the body, then drop the connection
    int delay_ms = 0;              // extra delay before answering
};

class PageServer {
  public:
    static constexpr const char* kPath = "/schedule/v1/work-entries";
    // With a charset parameter httplib does not compress: it would pick
    // brotli (libcurl accepts it) at a quality that costs ~2 ms a page, and
    // these tests are about the engines, not the server's CPU.
    static constexpr const char* kContentType = "application/json; charset=utf-8";

    // (page, nth request for that page, 1-based) -> fault or nothing.
    using FaultFn = std::function<std::optional<Fault>(int page, int nth)>;

    explicit PageServer(std::string token = "engine-token", int latency_ms = 0,
                        FaultFn fault = nullptr)
        : token_(std::move(token)), latency_ms_(latency_ms), fault_(std::move(fault)) {
        srv_.server.Get(kPath, [this](const httplib::Request& req, httplib::Response& res) {
            handle(req, res);
        });
        srv_.start();
    }

    // The body the server answers for a page: JSON of ~2.5 KB, distinct per page.
    static std::string body_for(int page) {
        std::string s = "{\"data\":[";
        for (int i = 0; i < 20; ++i) {
            if (i) s += ',';
            s += "{\"id\":\"p" + std::to_string(page) + "-e" + std::to_string(i) +
                 "\",\"workEntryType\":\"work\",\"workedSeconds\":" +
                 std::to_string(page * 100 + i) + ",\"note\":\"lorem ipsum dolor sit amet\"}";
        }
        s += "],\"meta\":{\"currentPage\":" + std::to_string(page) + "}}";
        return s;
    }

    FetchJob job(std::vector<int> pages, const CancelToken* cancel = nullptr) const {
        FetchJob j;
        j.path_for_page = [](int p) {
            // Appended piece by piece: GCC 12 warns falsely (-Warray-bounds)
            // on the operator+ chain once inlined into some callers.
            std::string path(kPath);
            path.append("?from=2024-01-01&to=2024-01-31&page=");
            path.append(std::to_string(p));
            path.append("&limit=20");
            return path;
        };
        j.pages = std::move(pages);
        j.cancel = cancel;
        return j;
    }

    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv_.base_url();
        c.token = token_;
        c.timeout_s = 5;
        c.max_retries = 3;
        c.backoff_factor = 0.01;
        c.backoff_max_s = 2;
        return c;
    }

    // Above this many requests at once, answer 429 (a crude rate limiter).
    void set_concurrency_limit(int n, std::string retry_after = "0") {
        std::lock_guard lock(mu_);  // server threads exist already (TSan)
        limit_retry_after_ = std::move(retry_after);
        limit_ = n;
    }

    int requests() const { return requests_.load(); }
    int rate_limited() const { return rate_limited_.load(); }
    int max_in_flight() const { return max_in_flight_.load(); }
    // Work-entries requests that arrived before t.
    int arrivals_before(std::chrono::steady_clock::time_point t) const {
        std::lock_guard lock(mu_);
        return static_cast<int>(
            std::count_if(arrivals_.begin(), arrivals_.end(), [t](auto a) { return a < t; }));
    }
    // When each work-entries request arrived (after auth and the 429 limit).
    std::vector<std::chrono::steady_clock::time_point> arrivals() const {
        std::lock_guard lock(mu_);
        return arrivals_;
    }
    int requests_for(int page) const {
        std::lock_guard lock(mu_);
        auto it = per_page_.find(page);
        return it == per_page_.end() ? 0 : it->second;
    }

  private:
    void handle(const httplib::Request& req, httplib::Response& res) {
        ++requests_;
        const int now_in = ++in_flight_;
        int seen = max_in_flight_.load();
        while (now_in > seen && !max_in_flight_.compare_exchange_weak(seen, now_in)) {
        }
        struct Leave {
            std::atomic<int>& n;
            ~Leave() { --n; }
        } leave{in_flight_};

        if (req.get_header_value("Authorization") != "Bearer " + token_) {
            res.status = 401;
            return;
        }
        if (const int limit = limit_.load(); limit > 0 && now_in > limit) {
            ++rate_limited_;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            res.status = 429;
            std::lock_guard lock(mu_);
            res.set_header("Retry-After", limit_retry_after_);
            return;
        }
        const int page = std::stoi(req.get_param_value("page"));
        int nth = 0;
        {
            std::lock_guard lock(mu_);
            nth = ++per_page_[page];
            arrivals_.push_back(std::chrono::steady_clock::now());
        }
        if (latency_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms_));
        std::optional<Fault> f = fault_ ? fault_(page, nth) : std::nullopt;
        if (f && f->delay_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(f->delay_ms));
        if (f && f->status != 0) {
            res.status = f->status;
            if (!f->retry_after.empty()) res.set_header("Retry-After", f->retry_after);
            res.set_content("{\"error\":\"injected\"}", kContentType);
            return;
        }
        if (f && f->truncate) {
            auto body = std::make_shared<std::string>(body_for(page));
            res.set_content_provider(body->size(), kContentType,
                                     [body](size_t, size_t, httplib::DataSink& sink) {
                                         sink.write(body->data(), body->size() / 2);
                                         return false;
                                     });
            return;
        }
        res.set_content(body_for(page), kContentType);
    }

    std::string token_;
    int latency_ms_;
    FaultFn fault_;
    std::atomic<int> requests_{0}, in_flight_{0}, max_in_flight_{0}, rate_limited_{0};
    std::atomic<int> limit_{0};
    std::string limit_retry_after_;  // guarded by mu_
    mutable std::mutex mu_;
    std::map<int, int> per_page_;
    std::vector<std::chrono::steady_clock::time_point> arrivals_;
    LoopbackServer srv_;  // last: stopped (destroyed) first, before the state handlers use
};

}  // namespace reportgen::test
