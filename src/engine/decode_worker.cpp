#include "engine/decode_worker.hpp"

#include <new>

namespace reportgen::detail {

DecodeWorker::DecodeWorker(PageConsumer& consumer, BodyPool& pool, CurlEventLoop& wake,
                           ByteAccount& account, std::size_t prepare_count,
                           std::size_t prepare_bytes)
    : consumer_(consumer),
      pool_(pool),
      wake_(wake),
      account_(account),
      prepare_count_(prepare_count),
      prepare_bytes_(prepare_bytes) {
    thread_ = std::thread([this] { run(); });
}

void DecodeWorker::push(int page, std::string&& body, uint64_t holder, std::size_t bytes) {
    {
        std::lock_guard lock(mu_);
        queue_.push_back(Item{page, std::move(body), holder, bytes});
    }
    cv_.notify_one();
}

std::size_t DecodeWorker::queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
}

void DecodeWorker::finish() {
    {
        std::lock_guard lock(mu_);
        closed_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
    rethrow_if_failed();
}

void DecodeWorker::abandon() noexcept {
    {
        std::lock_guard lock(mu_);
        closed_ = true;
        dropped_ = true;
        queue_.clear();
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void DecodeWorker::rethrow_if_failed() {
    std::exception_ptr e;
    {
        std::lock_guard lock(mu_);
        e = error_;
    }
    if (e) std::rethrow_exception(e);
}

bool DecodeWorker::dropped() const {
    std::lock_guard lock(mu_);
    return dropped_;
}

void DecodeWorker::prepare() noexcept {
    try {
        for (std::size_t i = 0; i < prepare_count_; ++i) {
            std::string b(prepare_bytes_, '\0');  // written: faulted in now
            b.clear();
            // The pool is bounded in bytes: past it, preparing more would
            // only allocate and free (a giant page 1 prepares few or none).
            if (!pool_.give(std::move(b)) || dropped()) break;
        }
    } catch (const std::bad_alloc&) {
        // Only an optimisation: the transfers allocate their own.
    }
    wake_.wake();  // the network thread hands them out
}

void DecodeWorker::run() {
    prepare();
    for (;;) {
        Item item;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return closed_ || !queue_.empty(); });
            if (dropped_ || queue_.empty()) return;
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        // Room in the queue: wake the network thread if it is waiting for it
        // (not for every page: a syscall and a wasted loop turn each).
        if (want_room_.exchange(false)) wake_.wake();
        try {
            consumer_.consume(item.page, std::move(item.body));
            // A consumer that did not take the body leaves its buffer to the
            // next transfer.
            pool_.give(std::move(item.body));
            std::string().swap(item.body);  // not kept: freed before the bytes are released
            // The network thread holds new transfers back while a lead runs.
            if (account_.release(item.holder, item.bytes)) wake_.wake();
        } catch (...) {
            {
                std::lock_guard lock(mu_);
                error_ = std::current_exception();
                queue_.clear();
            }
            failed_.store(true, std::memory_order_release);
            wake_.wake();  // the network thread stops at once
            return;
        }
    }
}

}  // namespace reportgen::detail
