#pragma once
// The turbo engine's decode thread: a bounded hand-off from the network
// thread. The bound is enforced by the network thread (it starts a request
// only when in-flight plus queued bodies stay under its capacity), so push()
// never blocks and memory stays bounded whatever the consumer's speed.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "engine/body_pool.hpp"
#include "engine/curl_event_loop.hpp"
#include "engine/fetch_job.hpp"

namespace reportgen::detail {

class DecodeWorker {
  public:
    // Before decoding, the worker fills `pool` with `prepare_count` buffers
    // of `prepare_bytes`, faulted in (none when 0), and wakes `wake` so the
    // network thread can hand them to transfers still waiting for data.
    DecodeWorker(PageConsumer& consumer, BodyPool& pool, CurlEventLoop& wake,
                 std::size_t prepare_count, std::size_t prepare_bytes);
    // Every exit path (exceptions included) joins the thread here.
    ~DecodeWorker() { abandon(); }
    DecodeWorker(const DecodeWorker&) = delete;
    DecodeWorker& operator=(const DecodeWorker&) = delete;

    void push(int page, std::string&& body);
    std::size_t queued() const;
    bool failed() const noexcept { return failed_.load(std::memory_order_acquire); }
    // The network thread is held back by the queue bound: the next page
    // taken from the queue wakes it. Call, then check the room again (a page
    // taken meanwhile did not wake it).
    void want_room() noexcept { want_room_.store(true); }

    // Lets the worker consume what is queued, joins it, and rethrows the
    // consumer's exception if it threw.
    void finish();
    // Drops what is queued and joins (a consume() in progress completes).
    void abandon() noexcept;
    void rethrow_if_failed();

  private:
    void prepare() noexcept;
    bool dropped() const;
    void run();

    PageConsumer& consumer_;
    BodyPool& pool_;
    CurlEventLoop& wake_;
    const std::size_t prepare_count_;
    const std::size_t prepare_bytes_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::pair<int, std::string>> queue_;
    bool closed_ = false;
    bool dropped_ = false;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
    std::atomic<bool> want_room_{false};
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace reportgen::detail
