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
#include "engine/byte_account.hpp"
#include "engine/curl_event_loop.hpp"
#include "engine/fetch_job.hpp"

namespace reportgen::detail {

class DecodeWorker {
  public:
    // Before decoding, the worker fills `pool` with `prepare_count` buffers
    // of `prepare_bytes`, faulted in (none when 0), and wakes `wake` so the
    // network thread can hand them to transfers still waiting for data.
    // Each body's bytes are released from `account` once consumed (and the
    // network thread woken: it may be waiting for room).
    DecodeWorker(PageConsumer& consumer, BodyPool& pool, CurlEventLoop& wake, ByteAccount& account,
                 std::size_t prepare_count, std::size_t prepare_bytes);
    // Every exit path (exceptions included) joins the thread here.
    ~DecodeWorker() { abandon(); }
    DecodeWorker(const DecodeWorker&) = delete;
    DecodeWorker& operator=(const DecodeWorker&) = delete;

    // `holder` and `bytes`: what the body holds in the account.
    void push(int page, std::string&& body, uint64_t holder, std::size_t bytes);
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
    struct Item {
        int page = 0;
        std::string body;
        uint64_t holder = 0;
        std::size_t bytes = 0;
    };
    void prepare() noexcept;
    bool dropped() const;
    void run();

    PageConsumer& consumer_;
    BodyPool& pool_;
    CurlEventLoop& wake_;
    ByteAccount& account_;
    const std::size_t prepare_count_;
    const std::size_t prepare_bytes_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Item> queue_;
    bool closed_ = false;
    bool dropped_ = false;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
    std::atomic<bool> want_room_{false};
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace reportgen::detail
