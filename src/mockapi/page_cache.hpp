#pragma once
// Rendered bodies kept by query, LRU within a byte budget: a benchmark that
// fetches the same pages twice meets no rendering the second time, and one
// that fetches ten million entries does not keep them all.
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace reportgen::mockapi {

class PageCache {
  public:
    using Body = std::shared_ptr<const std::string>;

    explicit PageCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    // The cached body of `key`, or render() stored and returned. Rendering
    // runs outside the lock; two threads may render the same page at once,
    // and the first stored wins (both bodies are equal).
    Body get(const std::string& key, const std::function<std::string()>& render) {
        {
            std::lock_guard lock(m_);
            if (auto it = map_.find(key); it != map_.end()) {
                ++hits_;
                lru_.splice(lru_.begin(), lru_, it->second.pos);
                return it->second.body;
            }
            ++misses_;
        }
        auto body = std::make_shared<const std::string>(render());
        std::lock_guard lock(m_);
        if (auto it = map_.find(key); it != map_.end()) return it->second.body;
        if (body->size() > budget_) return body;  // larger than the whole budget: not kept
        lru_.push_front(key);
        map_.emplace(key, Slot{body, lru_.begin()});
        bytes_ += body->size();
        while (bytes_ > budget_ && !lru_.empty()) {
            auto victim = map_.find(lru_.back());
            bytes_ -= victim->second.body->size();
            map_.erase(victim);
            lru_.pop_back();
        }
        return body;
    }

    std::size_t hits() const {
        std::lock_guard lock(m_);
        return hits_;
    }
    std::size_t misses() const {
        std::lock_guard lock(m_);
        return misses_;
    }
    std::size_t bytes() const {
        std::lock_guard lock(m_);
        return bytes_;
    }
    void reset_stats() {
        std::lock_guard lock(m_);
        hits_ = misses_ = 0;
    }

  private:
    struct Slot {
        Body body;
        std::list<std::string>::iterator pos;
    };
    std::size_t budget_;
    mutable std::mutex m_;
    std::list<std::string> lru_;
    std::unordered_map<std::string, Slot> map_;
    std::size_t bytes_ = 0;
    std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace reportgen::mockapi
