// The turbo engine: one network thread (the caller's) drives a curl multi
// handle with a sliding window of requests in flight; a decode worker thread
// hands finished bodies to the consumer, so decoding overlaps the network.
//
// Loop, in short:
//   start pages while in_flight < window, the bodies held stay within their
//   bound and the company's request budget (RequestBudget) grants a slot -> wait for a socket, a
//   libcurl timer, the next retry or the worker (CurlEventLoop) -> after EACH socket libcurl
//   served: for each done transfer deliver (2xx), throw (auth / fatal 4xx),
//   re-queue with a not-before time (retryable) or stop starting (retries
//   exhausted; a 429 is not a retry: the page waits for the budget's pause),
//   and start the next pages at once. 100 ms at most per wait, to see a
//   cancel.
//
// Page bodies are recycled (BodyPool): the worker hands each decoded body's
// buffer back, and fills the pool with the first window's buffers, faulted
// in, while the first requests wait on the server.
#include "common/log.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "api/redact.hpp"
#include "api/request_budget.hpp"
#include "api/retry_policy.hpp"
#include "api/transport.hpp"
#include "engine/body_pool.hpp"
#include "engine/byte_account.hpp"
#include "engine/curl_event_loop.hpp"
#include "engine/decode_worker.hpp"
#include "engine/engine_common.hpp"
#include "engine/fetch_job.hpp"
#include "engine/turbo_engine.hpp"

namespace reportgen::detail {
namespace {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

struct Task {
    int page = 0;
    int attempt = 0;  // retries already made for this page (429s are not retries)
};

struct Slot {
    std::unique_ptr<Transfer> transfer;
    Task task;
    std::string path;
    uint64_t epoch = 0;   // AIMD epoch when started (see Fetch::on_429)
    uint64_t holder = 0;  // this attempt's id in the ByteAccount
    TimePoint started{};
    bool busy = false;
};

SteadyClock::duration seconds_to_duration(double s) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

struct TurboEngine::Impl {
    Impl(const ClientConfig& c, std::shared_ptr<RequestBudget> b)
        : cfg(c),
          base(c.resolved_base_url()),
          max_window(std::clamp(c.max_concurrent_requests, 1, 256)),
          policy(c),
          budget(b ? std::move(b) : std::make_shared<RequestBudget>(c)),
          headers(make_request_headers(c)),
          multi(make_multi()),
          loop(multi.get()) {
        CURLM* m = multi.get();
        // One connection per request in flight for HTTP/1.1; with HTTP/2 the
        // window's streams share connections (multiplexing).
        curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_window));
        curl_multi_setopt(m, CURLMOPT_MAXCONNECTS,
                          static_cast<long>(std::max(max_window, c.pool_maxsize)));
        curl_multi_setopt(m, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
        stats.initial = stats.min = stats.final = max_window;
    }

    // Slots (easy handles) are kept across fetch() calls so their
    // connections stay warm in the multi's pool.
    void ensure_slots(std::size_t n) {
        const bool tls = base.rfind("https://", 0) == 0;
        while (slots.size() < n) {
            auto s = std::make_unique<Slot>();
            s->transfer = std::make_unique<Transfer>(cfg, headers.get());
            // Over TLS, wait for the first connection to learn whether it can
            // multiplex (HTTP/2) instead of opening window-many connections.
            if (tls) curl_easy_setopt(s->transfer->easy(), CURLOPT_PIPEWAIT, 1L);
            curl_easy_setopt(s->transfer->easy(), CURLOPT_PRIVATE, s.get());
            slots.push_back(std::move(s));
        }
    }

    class Fetch;

    ClientConfig cfg;
    std::string base;
    int max_window;
    RetryPolicy policy;
    std::shared_ptr<RequestBudget> budget;
    SlistPtr headers;  // holds the token; outlives the handles
    MultiPtr multi;
    // Kept with the multi: libcurl reports a socket's state once, so the
    // sockets of pooled connections must be remembered across fetches.
    CurlEventLoop loop;
    std::vector<std::unique_ptr<Slot>> slots;  // destroyed before loop, multi and headers
    WindowStats stats;
};

// One fetch(): the window, the queues of pages and what was delivered live
// here as members; each step of the loop is a method.
class TurboEngine::Impl::Fetch {
  public:
    Fetch(Impl& im, const FetchJob& job, PageConsumer& consumer, Metrics& metrics,
          std::vector<int> pages)
        : im_(im),
          job_(job),
          metrics_(metrics),
          pages_(std::move(pages)),
          nslots_(std::min<std::size_t>(static_cast<std::size_t>(im.max_window), pages_.size())),
          capacity_(2 * static_cast<std::size_t>(im.max_window)),
          account_(im.cfg.max_bytes_in_flight),
          pool_(capacity_, kept_bytes()),
          // Buffers for the first window of pages are faulted in by the
          // worker while the requests wait on the server. Faulted in as the
          // bodies arrive, they cost ~3 ms a fat page on the network thread
          // (first touch of 1 MB on the benchmark VM): the first round's
          // pages ended 4-5 ms apart, and that 80 ms stagger lasted to the
          // last round (BENCHMARKS.md).
          prepared_bytes_(job.page_bytes_hint == 0
                              ? 0
                              : body_reserve_bytes(job.page_bytes_hint + job.page_bytes_hint / 8)),
          largest_body_(job.page_bytes_hint),
          worker_(consumer, pool_, im.loop, account_, prepare_count(), prepared_bytes_),
          window_(im.max_window) {
        im_.ensure_slots(nslots_);
        for (std::size_t i = 0; i < nslots_; ++i)
            idle_.push_back(im_.slots[i].get());
        for (int p : pages_)
            ready_.push_back(Task{p, 0});
        delivered_.reserve(pages_.size());
    }

    // Whatever way the fetch leaves, no handle stays attached to the multi
    // (an attached handle would be resumed by the next fetch); the worker is
    // joined by its own destructor afterwards.
    ~Fetch() {
        for (auto& s : im_.slots)
            if (s->busy) {
                curl_multi_remove_handle(im_.multi.get(), s->transfer->easy());
                s->busy = false;
            }
    }
    Fetch(const Fetch&) = delete;
    Fetch& operator=(const Fetch&) = delete;

    FetchResult run() {
        loop();
        if (!broken_.empty()) {
            // Nothing in flight can be trusted; the missing pages go to legacy.
            failure_ = "transport failure: libcurl: " + broken_;
        }
        if (worker_.failed()) {
            worker_.abandon();
            worker_.rethrow_if_failed();
        }
        // Let the worker consume every delivered body (in-flight pages of a
        // stopped fetch included), then report what is missing.
        worker_.finish();
        end_budget_wait(SteadyClock::now());
        return result();
    }

  private:
    void loop() {
        for (;;) {
            if (job_.cancel && job_.cancel->cancelled()) throw_cancelled();
            if (worker_.failed()) return;
            harvest();
            if (!stopping_ && !ready_.empty() && in_flight_ < window_ && held() >= bound()) {
                worker_.want_room();
                harvest();  // the room a page taken meanwhile made
            }
            adopt_prepared();
            if (!broken_.empty() || worker_.failed()) return;
            if (in_flight_ == 0 && (stopping_ || (ready_.empty() && delayed_.empty()))) return;
            if (const CURLMcode mc = im_.loop.wait(next_wait(), [this] { harvest(); });
                mc != CURLM_OK) {
                broken_ = curl_multi_strerror(mc);
                return;
            }
            if (!broken_.empty()) return;
        }
    }

    // Sleep until something can happen: socket activity or a libcurl timer,
    // the next retry's time, the budget's next slot, or a wakeup from the
    // worker when queue room frees. 100 ms at most, to see a cancel.
    std::chrono::milliseconds next_wait() const {
        const auto now = SteadyClock::now();
        std::chrono::milliseconds wait(100);
        auto until_ms = [&](TimePoint t) {
            return std::max(std::chrono::milliseconds(0),
                            std::chrono::ceil<std::chrono::milliseconds>(t - now));
        };
        if (!stopping_ && !delayed_.empty())
            wait = std::min(wait, until_ms(delayed_.begin()->first));
        if (!stopping_ && !ready_.empty() && budget_next_)
            wait = std::min(wait, until_ms(*budget_next_));
        return wait;
    }

    // The window, plus the body being decoded and one queued: a transfer
    // that ends while the worker still holds the last buffers finds one
    // ready. No more than the pool keeps (a giant page 1 prepares none).
    std::size_t prepare_count() const {
        if (prepared_bytes_ == 0) return 0;
        return std::min({capacity_, nslots_ + 2, kept_bytes() / prepared_bytes_});
    }
    // Recycled buffers are resident memory outside the account: a quarter
    // of max_bytes_in_flight at most.
    std::size_t kept_bytes() const { return im_.cfg.max_bytes_in_flight / 4; }

    // Bodies in flight or waiting for the decoder.
    std::size_t held() const { return static_cast<std::size_t>(in_flight_) + worker_.queued(); }
    // How many bodies may be held: twice the window, and no more than the
    // bodies' share of max_bytes_in_flight (ByteAccount: half) allows at the
    // largest body seen, whole or not, with room for the one being decoded
    // (one at least). The ByteAccount is what enforces the bound; this only
    // keeps the transfers it would stop from being started.
    std::size_t bound() const {
        if (largest_body_ == 0) return capacity_;
        const std::size_t by_bytes = im_.cfg.max_bytes_in_flight / 2 / largest_body_;
        return std::clamp<std::size_t>(by_bytes > 0 ? by_bytes - 1 : 0, 1, capacity_);
    }

    bool can_start(TimePoint now) {
        budget_next_.reset();  // a time kept from an earlier refusal would make the loop spin
        if (stopping_ || ready_.empty() || in_flight_ >= window_ || held() >= bound() ||
            idle_.empty())
            return false;
        // Past the bodies' share one goes on alone (a transfer started now
        // would only be stopped); the worker wakes us once it is decoded.
        if (account_.has_lead()) return false;
        // Last: a granted slot is spent.
        budget_next_ = im_.budget->try_acquire();
        if (budget_next_) {
            if (!budget_blocked_since_) budget_blocked_since_ = now;
            return false;
        }
        end_budget_wait(now);
        return true;
    }

    void end_budget_wait(TimePoint now) {
        if (!budget_blocked_since_) return;
        metrics_.rate_wait_s += std::chrono::duration<double>(now - *budget_blocked_since_).count();
        budget_blocked_since_.reset();
    }

    std::string start(Task task) {
        Slot* s = idle_.back();
        s->task = task;
        s->epoch = epoch_;
        s->holder = ++holders_;
        s->started = im_.budget->now();
        s->path = job_.path_for_page(task.page);
        // The last body went to the decoder; take a recycled buffer.
        if (s->transfer->body().capacity() < BodyPool::min_capacity)
            s->transfer->body() = pool_.take();
        s->transfer->prepare(im_.base + s->path, &account_, s->holder);
        if (const CURLMcode mc = curl_multi_add_handle(im_.multi.get(), s->transfer->easy());
            mc != CURLM_OK) {
            ready_.push_front(task);
            return std::string("libcurl: ") + curl_multi_strerror(mc);
        }
        idle_.pop_back();
        s->busy = true;
        ++in_flight_;
        metrics_.max_in_flight = std::max(metrics_.max_in_flight, in_flight_);
        return std::string();
    }

    void set_window(int w) {
        window_ = w;
        im_.stats.final = w;
        im_.stats.min = std::min(im_.stats.min, w);
        metrics_.final_window = w;
    }

    void complete(Slot& s, CURLcode rc) {
        curl_multi_remove_handle(im_.multi.get(), s.transfer->easy());
        s.busy = false;
        idle_.push_back(&s);
        --in_flight_;
        largest_body_ = std::max(largest_body_, s.transfer->granted_bytes());
        if (s.transfer->deferred()) return on_deferred(s);
        const Verdict v = classify_transfer(*s.transfer, rc);
        record_attempt(&metrics_, *s.transfer, v);
        switch (v.outcome) {
            case AttemptOutcome::ok:
                return on_ok(s);
            case AttemptOutcome::fatal:
                // Auth and other fatal answers end the fetch now; RAII detaches
                // the other transfers and joins the worker.
                throw fatal_error(v, page_what(job_, s.task.page), s.path, s.transfer->body(),
                                  im_.cfg.token);
            case AttemptOutcome::retryable:
                break;
        }
        drop_body(s);
        if (v.http_status == 429) return on_429(s, v);
        on_retryable(s, v);
    }

    // The attempt's body is not delivered: its bytes leave the account (the
    // buffer goes to the pool, which frees it past its own bound).
    void drop_body(Slot& s) {
        pool_.give(std::move(s.transfer->body()));
        s.transfer->body() = std::string();
        account_.release(s.holder, s.transfer->granted_bytes());
    }

    // Stopped by the ByteAccount (another body goes on alone past
    // max_bytes_in_flight): not a failure of the page and not a retry; it is
    // asked for again, first, once the bytes are released (can_start).
    void on_deferred(Slot& s) {
        const Verdict v = deferred_verdict();
        record_attempt(&metrics_, *s.transfer, v);
        record_retry(&metrics_, v, 0.0);
        drop_body(s);
        log().debug("turbo: {} stopped after {} bytes: max_bytes_in_flight reached",
                    page_what(job_, s.task.page), s.transfer->granted_bytes());
        if (!stopping_) ready_.push_front(s.task);
    }

    static Verdict deferred_verdict() {
        Verdict v;
        v.outcome = AttemptOutcome::retryable;
        v.cause = "memory";
        v.detail = "stopped: max_bytes_in_flight reached";
        return v;
    }

    void on_ok(Slot& s) {
        im_.budget->on_success(s.started);
        worker_.push(s.task.page, std::move(s.transfer->body()), s.holder,
                     s.transfer->granted_bytes());
        delivered_.insert(s.task.page);
        ++metrics_.pages_fetched;
        // Additive increase: +1 after a whole window of successes.
        if (window_ < im_.max_window && ++successes_ >= window_) {
            successes_ = 0;
            ++im_.stats.increases;
            log().debug("turbo: {} successes, window {} -> {}", window_, window_, window_ + 1);
            set_window(window_ + 1);
        }
    }

    // A 429: the company's budget is spent. Not a retry of the page: the
    // budget pauses every request (Retry-After, else a growing pause) and
    // fails the fetch once max_wait_s is spent. The window halves, once per
    // epoch, so a burst of 429s from requests started under the same window
    // halves it once, not N times; it grows again only after a whole window
    // of successes with no 429 (successes restart from 0 here).
    void on_429(const Slot& s, const Verdict& v) {
        successes_ = 0;
        if (s.epoch == epoch_) {
            ++epoch_;
            const int w = std::max(1, window_ / 2);
            if (w < window_) {
                ++im_.stats.decreases;
                log().debug("turbo: HTTP 429, window {} -> {}", window_, w);
                set_window(w);
            }
        }
        const std::string where =
            redact_server_text(describe(page_what(job_, s.task.page), s.path), im_.cfg.token);
        const double pause = im_.budget->on_429(v.retry_after_s, where);
        log().debug("turbo: {}: HTTP 429; requests wait {:.2f} s", where, pause);
        if (!stopping_) ready_.push_front(s.task);
    }

    void on_retryable(const Slot& s, const Verdict& v) {
        if (stopping_) return;  // not retried: it is reported missing
        const std::string what = page_what(job_, s.task.page);
        const std::string& token = im_.cfg.token;
        if (s.task.attempt >= im_.policy.max_retries()) {
            failure_ = exhausted_message(v, s.task.attempt, what, s.path, token);
            stopping_ = true;
            log().debug("turbo: {}; stopping, in-flight pages finish", failure_);
            return;
        }
        const double delay = im_.policy.backoff_seconds(s.task.attempt, v.retry_after_s);
        log().debug("turbo: {}: {}; retry {}/{} in {:.2f} s",
                    redact_server_text(describe(what, s.path), token),
                    redact_server_text(v.detail, token), s.task.attempt + 1,
                    im_.policy.max_retries(), delay);
        record_retry(&metrics_, v, delay);
        delayed_.emplace(SteadyClock::now() + seconds_to_duration(delay),
                         Task{s.task.page, s.task.attempt + 1});
    }

    // Reads the finished transfers, then starts what the window allows and
    // lets libcurl send those requests at once. Runs after every socket
    // libcurl served, so a slot restarts the moment its transfer ends rather
    // than when the whole window's ready data has been read.
    void harvest() {
        while (broken_.empty()) {
            read_finished();
            const auto now = SteadyClock::now();
            while (!delayed_.empty() && delayed_.begin()->first <= now) {
                // Retries go first: the oldest pages finish first.
                ready_.push_front(delayed_.begin()->second);
                delayed_.erase(delayed_.begin());
            }
            if (!start_ready(now)) return;
            if (const CURLMcode mc = im_.loop.run_due_timers(); mc != CURLM_OK) {
                broken_ = curl_multi_strerror(mc);
                return;
            }
            // Sending may already have finished a transfer (refused connection).
        }
    }

    void read_finished() {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(im_.multi.get(), &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Slot* s = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &s);
            const CURLcode rc = msg->data.result;  // read before the handle is removed
            if (s) complete(*s, rc);
        }
    }

    // Starts what can start; true when at least one did.
    bool start_ready(TimePoint now) {
        bool started = false;
        while (can_start(now)) {
            const Task t = ready_.front();
            ready_.pop_front();
            if (std::string err = start(t); !err.empty()) {
                failure_ = "transport failure: " + err;
                stopping_ = true;
            } else {
                started = true;
            }
        }
        return started;
    }

    // A body buffer already faulted in, for each transfer still waiting for
    // its first byte (the worker prepares them, see DecodeWorker::prepare).
    void adopt_prepared() {
        if (prepared_bytes_ == 0) return;
        for (auto& s : im_.slots) {
            std::string& b = s->transfer->body();
            if (!s->busy || !b.empty() || b.capacity() >= prepared_bytes_) continue;
            std::string ready_buffer = pool_.take();
            if (ready_buffer.capacity() < prepared_bytes_) {
                pool_.give(std::move(ready_buffer));
                return;  // none left (yet)
            }
            std::swap(b, ready_buffer);
            pool_.give(std::move(ready_buffer));
        }
    }

    FetchResult result() const {
        FetchResult r;
        for (int p : pages_)
            if (!delivered_.count(p)) r.missing.push_back(p);
        if (!r.missing.empty()) {
            std::sort(r.missing.begin(), r.missing.end());
            r.failure = failure_.empty() ? std::string("fetch stopped")
                                         : redact_server_text(failure_, im_.cfg.token);
        }
        return r;
    }

    Impl& im_;
    const FetchJob& job_;
    Metrics& metrics_;
    const std::vector<int> pages_;
    const std::size_t nslots_;
    const std::size_t capacity_;  // bodies in flight + queued: at most twice the window
    ByteAccount account_;         // bytes of the bodies in flight, queued or being decoded
    BodyPool pool_;
    const std::size_t prepared_bytes_;
    std::size_t largest_body_;  // bytes of the largest body so far, whole or stopped (page 1's at first)
    DecodeWorker worker_;       // after pool_ and account_: joined before they go

    std::vector<Slot*> idle_;
    std::deque<Task> ready_;
    std::multimap<TimePoint, Task> delayed_;  // retries waiting for their not-before time
    std::unordered_set<int> delivered_;

    int window_;
    int in_flight_ = 0;
    int successes_ = 0;      // since the window last changed (additive increase)
    uint64_t epoch_ = 0;     // bumped on each decrease
    uint64_t holders_ = 0;   // ids given to attempts (ByteAccount holders)
    bool stopping_ = false;  // a page failed past its retries: no new starts
    std::string failure_;
    std::string broken_;                             // the multi handle itself failed
    std::optional<TimePoint> budget_next_;           // when the budget grants the next slot
    std::optional<TimePoint> budget_blocked_since_;  // held back by the budget since
};

TurboEngine::TurboEngine(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget)
    : impl_(std::make_unique<Impl>(cfg, std::move(budget))) {}
TurboEngine::~TurboEngine() = default;

TurboEngine::WindowStats TurboEngine::last_window_stats() const {
    return impl_->stats;
}

FetchResult TurboEngine::fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics) {
    Impl& im = *impl_;
    const int w = im.max_window;
    im.stats = WindowStats{w, w, w, 0, 0};
    metrics.final_window = w;
    std::vector<int> pages = unique_pages(job.pages);
    if (pages.empty()) return {};
    if (job.cancel && job.cancel->cancelled()) throw_cancelled();
    Impl::Fetch fetch(im, job, consumer, metrics, std::move(pages));
    return fetch.run();
}

}  // namespace reportgen::detail
