// The turbo engine: one network thread (the caller's) drives a curl multi
// handle with a sliding window of requests in flight; a decode worker thread
// hands finished bodies to the consumer, so decoding overlaps the network.
//
// Loop, in short:
//   start pages while in_flight < window, the decode queue has room and the
//   host is not paused (Retry-After) -> wait for a socket, a libcurl timer,
//   the next retry or the worker (CurlEventLoop) -> after EACH socket libcurl
//   served: for each done transfer deliver (2xx), throw (auth / fatal 4xx),
//   re-queue with a not-before time (retryable) or stop starting (retries
//   exhausted), and start the next pages at once. 100 ms at most per wait,
//   to see a cancel.
//
// Page bodies are recycled (BodyPool): the worker hands each decoded body's
// buffer back, and fills the pool with the first window's buffers, faulted
// in, while the first requests wait on the server.
#include "common/log.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "api/transport.hpp"
#include "engine/body_pool.hpp"
#include "engine/curl_event_loop.hpp"
#include "engine/decode_worker.hpp"
#include "engine/engine_common.hpp"
#include "reportgen/client.hpp"
#include "reportgen/engines.hpp"

namespace reportgen {
namespace {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

struct Task {
    int page = 0;
    int attempt = 0;  // retries already made for this page
};

struct Slot {
    std::unique_ptr<detail::Transfer> transfer;
    Task task;
    std::string path;
    uint64_t epoch = 0;  // AIMD epoch when started (see on_429)
    bool busy = false;
};

}  // namespace

struct TurboEngine::Impl {
    explicit Impl(const ClientConfig& c)
        : cfg(c),
          base(c.resolved_base_url()),
          max_window(std::clamp(c.max_concurrent_requests, 1, 256)),
          policy(c),
          headers(detail::make_request_headers(c)),
          multi(detail::make_multi()),
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
            s->transfer = std::make_unique<detail::Transfer>(cfg, headers.get());
            // Over TLS, wait for the first connection to learn whether it can
            // multiplex (HTTP/2) instead of opening window-many connections.
            if (tls) curl_easy_setopt(s->transfer->easy(), CURLOPT_PIPEWAIT, 1L);
            curl_easy_setopt(s->transfer->easy(), CURLOPT_PRIVATE, s.get());
            slots.push_back(std::move(s));
        }
    }

    ClientConfig cfg;
    std::string base;
    int max_window;
    RetryPolicy policy;
    detail::SlistPtr headers;  // holds the token; outlives the handles
    detail::MultiPtr multi;
    // Kept with the multi: libcurl reports a socket's state once, so the
    // sockets of pooled connections must be remembered across fetches.
    detail::CurlEventLoop loop;
    std::vector<std::unique_ptr<Slot>> slots;  // destroyed before loop, multi and headers
    WindowStats stats;
};

TurboEngine::TurboEngine(const ClientConfig& cfg) : impl_(std::make_unique<Impl>(cfg)) {}
TurboEngine::~TurboEngine() = default;

TurboEngine::WindowStats TurboEngine::last_window_stats() const {
    return impl_->stats;
}

FetchResult TurboEngine::fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics) {
    Impl& im = *impl_;
    CURLM* multi = im.multi.get();
    const std::string& token = im.cfg.token;
    const std::vector<int> pages = detail::unique_pages(job.pages);
    const int max_window = im.max_window;

    im.stats = WindowStats{max_window, max_window, max_window, 0, 0};
    metrics.final_window = max_window;
    FetchResult result;
    if (pages.empty()) return result;
    if (job.cancel && job.cancel->cancelled()) detail::throw_cancelled();

    const std::size_t nslots =
        std::min<std::size_t>(static_cast<std::size_t>(max_window), pages.size());
    im.ensure_slots(nslots);
    std::vector<Slot*> idle;
    for (std::size_t i = 0; i < nslots; ++i)
        idle.push_back(im.slots[i].get());

    // Whatever way fetch() leaves, no handle stays attached to the multi
    // (an attached handle would be resumed by the next fetch).
    struct Detach {
        Impl& im;
        ~Detach() {
            for (auto& s : im.slots)
                if (s->busy) {
                    curl_multi_remove_handle(im.multi.get(), s->transfer->easy());
                    s->busy = false;
                }
        }
    } detach{im};

    // In flight + queued bodies never exceed this (memory bound).
    const std::size_t capacity = 2 * static_cast<std::size_t>(max_window);
    detail::BodyPool pool(capacity);
    // Buffers for the first window of pages are faulted in by the worker
    // while the requests wait on the server. Faulted in as the bodies
    // arrive, they cost ~3 ms a fat page on the network thread (first touch
    // of 1 MB on the benchmark VM): the first round's pages ended 4-5 ms
    // apart, and that 80 ms stagger lasted to the last round (BENCHMARKS.md).
    const std::size_t prepared_bytes =
        job.page_bytes_hint == 0
            ? 0
            : detail::body_reserve_bytes(job.page_bytes_hint + job.page_bytes_hint / 8);
    // The window, plus the body being decoded and one queued: a transfer that
    // ends while the worker still holds the last buffers finds one ready.
    const std::size_t prepared_count = std::min(capacity, nslots + 2);
    detail::DecodeWorker worker(consumer, pool, im.loop, prepared_count,
                                prepared_bytes);  // joined on every path

    std::deque<Task> ready;
    for (int p : pages)
        ready.push_back(Task{p, 0});
    std::multimap<TimePoint, Task> delayed;  // retries waiting for their not-before time
    std::unordered_set<int> delivered;
    delivered.reserve(pages.size());

    int window = max_window;
    int in_flight = 0;
    int successes = 0;         // since the window last changed (additive increase)
    uint64_t epoch = 0;        // bumped on each decrease
    TimePoint paused_until{};  // no new starts before this (a 429's Retry-After)
    bool stopping = false;     // a page failed past its retries: no new starts
    std::string failure;

    const double max_pause_s = im.cfg.backoff_max_s;
    auto set_window = [&](int w) {
        window = w;
        im.stats.final = w;
        im.stats.min = std::min(im.stats.min, w);
        metrics.final_window = w;
    };

    auto can_start = [&](TimePoint now) {
        return !stopping && !ready.empty() && in_flight < window && now >= paused_until &&
               static_cast<std::size_t>(in_flight) + worker.queued() < capacity && !idle.empty();
    };

    auto start = [&](Task task) {
        Slot* s = idle.back();
        s->task = task;
        s->epoch = epoch;
        s->path = job.path_for_page(task.page);
        // The last body went to the decoder; take a recycled buffer.
        if (s->transfer->body().capacity() < detail::BodyPool::min_capacity)
            s->transfer->body() = pool.take();
        s->transfer->prepare(im.base + s->path);
        if (const CURLMcode mc = curl_multi_add_handle(multi, s->transfer->easy());
            mc != CURLM_OK) {
            ready.push_front(task);
            return std::string("libcurl: ") + curl_multi_strerror(mc);
        }
        idle.pop_back();
        s->busy = true;
        ++in_flight;
        metrics.max_in_flight = std::max(metrics.max_in_flight, in_flight);
        return std::string();
    };

    // A 429: multiplicative decrease, once per epoch, so a burst of 429s from
    // requests started under the same window halves it once, not N times.
    auto on_429 = [&](const Slot& s, const detail::Verdict& v, TimePoint now) {
        successes = 0;
        if (s.epoch == epoch) {
            ++epoch;
            const int w = std::max(1, window / 2);
            if (w < window) {
                ++im.stats.decreases;
                detail::log().debug("turbo: HTTP 429, window {} -> {}", window, w);
                set_window(w);
            }
        }
        if (v.retry_after_s) {
            const double s_wait = std::min(*v.retry_after_s, max_pause_s);
            const auto until = now + std::chrono::duration_cast<SteadyClock::duration>(
                                         std::chrono::duration<double>(s_wait));
            paused_until = std::max(paused_until, until);
        }
    };

    auto complete = [&](Slot& s, CURLcode rc) {
        curl_multi_remove_handle(multi, s.transfer->easy());
        s.busy = false;
        idle.push_back(&s);
        --in_flight;
        const auto now = SteadyClock::now();
        const detail::Verdict v = detail::classify_transfer(*s.transfer, rc);
        detail::record_attempt(&metrics, *s.transfer, v);
        const std::string what = detail::page_what(job, s.task.page);
        switch (v.outcome) {
            case AttemptOutcome::ok:
                worker.push(s.task.page, std::move(s.transfer->body()));
                delivered.insert(s.task.page);
                ++metrics.pages_fetched;
                // Additive increase: +1 after a whole window of successes.
                if (window < max_window && ++successes >= window) {
                    successes = 0;
                    ++im.stats.increases;
                    detail::log().debug("turbo: {} successes, window {} -> {}", window, window,
                                  window + 1);
                    set_window(window + 1);
                }
                return;
            case AttemptOutcome::fatal:
                // Auth and other fatal answers end the fetch now; RAII detaches
                // the other transfers and joins the worker.
                throw detail::fatal_error(v, what, s.path, s.transfer->body(), token);
            case AttemptOutcome::retryable:
                break;
        }
        if (v.http_status == 429) on_429(s, v, now);
        if (stopping) return;  // not retried: it is reported missing
        if (s.task.attempt >= im.policy.max_retries()) {
            failure = detail::exhausted_message(v, s.task.attempt, what, s.path, token);
            stopping = true;
            detail::log().debug("turbo: {}; stopping, in-flight pages finish", failure);
            return;
        }
        const double delay = im.policy.backoff_seconds(s.task.attempt, v.retry_after_s);
        detail::log().debug("turbo: {}: {}; retry {}/{} in {:.2f} s",
                      redact(detail::describe(what, s.path), token), redact(v.detail, token),
                      s.task.attempt + 1, im.policy.max_retries(), delay);
        detail::record_retry(&metrics, v, delay);
        const auto not_before = now + std::chrono::duration_cast<SteadyClock::duration>(
                                          std::chrono::duration<double>(delay));
        delayed.emplace(not_before, Task{s.task.page, s.task.attempt + 1});
    };

    // Reads the finished transfers, then starts what the window allows and
    // lets libcurl send those requests at once. Runs after every socket
    // libcurl served, so a slot restarts the moment its transfer ends rather
    // than when the whole window's ready data has been read.
    std::string broken;  // the multi handle itself failed
    auto harvest = [&] {
        while (broken.empty()) {
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
                if (msg->msg != CURLMSG_DONE) continue;
                Slot* s = nullptr;
                curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &s);
                const CURLcode rc = msg->data.result;  // read before the handle is removed
                if (s) complete(*s, rc);
            }
            const auto now = SteadyClock::now();
            while (!delayed.empty() && delayed.begin()->first <= now) {
                // Retries go first: the oldest pages finish first.
                ready.push_front(delayed.begin()->second);
                delayed.erase(delayed.begin());
            }
            bool started = false;
            while (can_start(now)) {
                const Task t = ready.front();
                ready.pop_front();
                if (std::string err = start(t); !err.empty()) {
                    failure = "transport failure: " + err;
                    stopping = true;
                } else {
                    started = true;
                }
            }
            if (!started) return;
            if (const CURLMcode mc = im.loop.run_due_timers(); mc != CURLM_OK) {
                broken = curl_multi_strerror(mc);
                return;
            }
            // Sending may already have finished a transfer (refused connection).
        }
    };

    // A body buffer already faulted in, for each transfer still waiting for
    // its first byte (the worker prepares them, see DecodeWorker::prepare).
    auto adopt_prepared = [&] {
        if (prepared_bytes == 0) return;
        for (auto& s : im.slots) {
            std::string& b = s->transfer->body();
            if (!s->busy || !b.empty() || b.capacity() >= prepared_bytes) continue;
            std::string ready_buffer = pool.take();
            if (ready_buffer.capacity() < prepared_bytes) {
                pool.give(std::move(ready_buffer));
                return;  // none left (yet)
            }
            std::swap(b, ready_buffer);
            pool.give(std::move(ready_buffer));
        }
    };

    for (;;) {
        if (job.cancel && job.cancel->cancelled()) detail::throw_cancelled();
        if (worker.failed()) break;
        harvest();
        if (!stopping && !ready.empty() && in_flight < window &&
            static_cast<std::size_t>(in_flight) + worker.queued() >= capacity) {
            worker.want_room();
            harvest();  // the room a page taken meanwhile made
        }
        adopt_prepared();
        if (!broken.empty() || worker.failed()) break;
        if (in_flight == 0 && (stopping || (ready.empty() && delayed.empty()))) break;

        // Sleep until something can happen: socket activity or a libcurl
        // timer, the next retry's time, the end of a Retry-After pause, or a
        // wakeup from the worker when queue room frees. 100 ms at most, to
        // see a cancel.
        const auto now = SteadyClock::now();
        std::chrono::milliseconds wait(100);
        auto until_ms = [&](TimePoint t) {
            return std::chrono::ceil<std::chrono::milliseconds>(t - now);
        };
        if (!stopping && !delayed.empty()) wait = std::min(wait, until_ms(delayed.begin()->first));
        if (!stopping && !ready.empty() && paused_until > now)
            wait = std::min(wait, until_ms(paused_until));
        if (const CURLMcode mc = im.loop.wait(wait, harvest); mc != CURLM_OK) {
            broken = curl_multi_strerror(mc);
            break;
        }
        if (!broken.empty()) break;
    }
    if (!broken.empty()) {
        // Nothing in flight can be trusted; the missing pages go to legacy.
        failure = "transport failure: libcurl: " + broken;
    }

    if (worker.failed()) {
        worker.abandon();
        worker.rethrow_if_failed();
    }
    // Let the worker consume every delivered body (in-flight pages of a
    // stopped fetch included), then report what is missing.
    worker.finish();

    for (int p : pages)
        if (!delivered.count(p)) result.missing.push_back(p);
    if (!result.missing.empty()) {
        std::sort(result.missing.begin(), result.missing.end());
        result.failure = failure.empty() ? std::string("fetch stopped") : redact(failure, token);
    }
    return result;
}

}  // namespace reportgen
