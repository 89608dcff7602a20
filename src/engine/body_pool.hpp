#pragma once
// Page-body buffers recycled between the turbo engine's network thread and its
// decode worker. A body is ~1 MB for a fat page; allocating a fresh one per
// transfer costs its first-touch page faults on every page (2-3 ms for 1 MB on
// the benchmark VM, on the network thread) and, over millions of entries,
// fragments the heap. The pool keeps at most `max_kept` buffers of
// `max_kept_bytes` in all: a kept buffer stays resident, and after a giant
// page (a hostile server's) it would otherwise keep that page's memory.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace reportgen::detail {

class BodyPool {
  public:
    explicit BodyPool(std::size_t max_kept, std::size_t max_kept_bytes = SIZE_MAX)
        : max_kept_(max_kept), max_kept_bytes_(max_kept_bytes) {}

    // A buffer with whatever capacity it had, emptied; an empty string when
    // none is kept.
    std::string take() {
        std::lock_guard lock(mu_);
        if (kept_.empty()) return {};
        std::string s = std::move(kept_.back());
        kept_.pop_back();
        kept_bytes_ -= s.capacity();
        return s;
    }

    // Buffers smaller than this are not worth keeping (a string's own
    // small-string buffer among them).
    static constexpr std::size_t min_capacity = 4096;

    // Keeps `s` (contents dropped, capacity kept) unless the pool is full;
    // true when kept (a buffer not kept is freed).
    bool give(std::string&& s) {
        if (s.capacity() < min_capacity) return false;
        s.clear();
        std::lock_guard lock(mu_);
        if (kept_.size() >= max_kept_ || kept_bytes_ + s.capacity() > max_kept_bytes_) return false;
        kept_bytes_ += s.capacity();
        kept_.push_back(std::move(s));
        return true;
    }

    std::size_t kept() const {
        std::lock_guard lock(mu_);
        return kept_.size();
    }

  private:
    const std::size_t max_kept_;
    const std::size_t max_kept_bytes_;
    std::size_t kept_bytes_ = 0;  // guarded by mu_
    mutable std::mutex mu_;
    std::vector<std::string> kept_;
};

}  // namespace reportgen::detail
