#pragma once
// Page-body buffers recycled between the turbo engine's network thread and its
// decode worker. A body is ~1 MB for a fat page; allocating a fresh one per
// transfer costs its first-touch page faults on every page (2-3 ms for 1 MB on
// the benchmark VM, on the network thread) and, over millions of entries,
// fragments the heap. Bodies in circulation are already bounded by the
// engine (in flight + queued), so keeping the returned ones adds no peak.
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace reportgen::detail {

class BodyPool {
  public:
    explicit BodyPool(std::size_t max_kept) : max_kept_(max_kept) {}

    // A buffer with whatever capacity it had, emptied; an empty string when
    // none is kept.
    std::string take() {
        std::lock_guard lock(mu_);
        if (kept_.empty()) return {};
        std::string s = std::move(kept_.back());
        kept_.pop_back();
        return s;
    }

    // Buffers smaller than this are not worth keeping (a string's own
    // small-string buffer among them).
    static constexpr std::size_t min_capacity = 4096;

    // Keeps `s` (contents dropped, capacity kept) unless the pool is full.
    void give(std::string&& s) {
        if (s.capacity() < min_capacity) return;
        s.clear();
        std::lock_guard lock(mu_);
        if (kept_.size() < max_kept_) kept_.push_back(std::move(s));
    }

    std::size_t kept() const {
        std::lock_guard lock(mu_);
        return kept_.size();
    }

  private:
    const std::size_t max_kept_;
    mutable std::mutex mu_;
    std::vector<std::string> kept_;
};

}  // namespace reportgen::detail
