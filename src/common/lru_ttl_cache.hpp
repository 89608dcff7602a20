#pragma once
// LruTtlCache: a small thread-safe cache with LRU eviction at a capacity and
// a time to live per entry. One instance holds the API's metadata (check
// types, work breaks, collections) for both engines and for successive
// reports of one generator. Header-only: it is a template and touches no
// third-party library.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace reportgen::detail {

struct CacheStats {
    uint64_t hits = 0;
    uint64_t misses = 0;       // absent or expired (an expired get counts here and below)
    uint64_t evictions = 0;    // live entries pushed out at capacity
    uint64_t expirations = 0;  // entries found or pushed out past their TTL
};

template <class K, class V, class Hash = std::hash<K>>
class LruTtlCache {
  public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using Duration = Clock::duration;
    using ClockFn = std::function<TimePoint()>;

    // capacity 0 disables the cache (put stores nothing, get always misses).
    // `now` is injectable so tests can move time without sleeping.
    explicit LruTtlCache(
        std::size_t capacity, Duration default_ttl = std::chrono::seconds(600),
        ClockFn now = [] { return Clock::now(); })
        : capacity_(capacity), default_ttl_(default_ttl), now_(std::move(now)) {}

    LruTtlCache(const LruTtlCache&) = delete;
    LruTtlCache& operator=(const LruTtlCache&) = delete;

    // The value when present and fresh; marks it most recently used.
    std::optional<V> get(const K& key) {
        std::lock_guard lock(mu_);
        auto it = index_.find(key);
        if (it == index_.end()) {
            ++stats_.misses;
            return std::nullopt;
        }
        if (expired(*it->second, now_())) {
            order_.erase(it->second);
            index_.erase(it);
            ++stats_.expirations;
            ++stats_.misses;
            return std::nullopt;
        }
        order_.splice(order_.begin(), order_, it->second);
        ++stats_.hits;
        return it->second->value;
    }

    void put(const K& key, V value) { put(key, std::move(value), default_ttl_); }

    // Inserts or replaces; the entry becomes most recently used and lives for
    // `ttl` from now. At capacity the least recently used entry goes.
    void put(const K& key, V value, Duration ttl) {
        if (capacity_ == 0) return;
        std::lock_guard lock(mu_);
        const TimePoint expires = now_() + ttl;
        if (auto it = index_.find(key); it != index_.end()) {
            it->second->value = std::move(value);
            it->second->expires = expires;
            order_.splice(order_.begin(), order_, it->second);
            return;
        }
        if (index_.size() >= capacity_) evict_one();
        order_.push_front(Node{key, std::move(value), expires});
        index_.emplace(key, order_.begin());
    }

    // get(), and on a miss loader() then put(). The loader runs WITHOUT the
    // lock held (it is typically an HTTP request): other keys stay usable
    // meanwhile, and a loader may itself use the cache. The price: two threads
    // missing the same key at once both load it, and the later put wins; for
    // idempotent metadata requests that is cheaper than blocking every
    // reader. An exception from the loader propagates and nothing is cached.
    template <class Loader>
    V get_or_load(const K& key, Loader&& loader) {
        if (auto hit = get(key)) return std::move(*hit);
        V value = std::forward<Loader>(loader)();
        put(key, value);
        return value;
    }

    template <class Loader>
    V get_or_load(const K& key, Loader&& loader, Duration ttl) {
        if (auto hit = get(key)) return std::move(*hit);
        V value = std::forward<Loader>(loader)();
        put(key, value, ttl);
        return value;
    }

    bool erase(const K& key) {
        std::lock_guard lock(mu_);
        auto it = index_.find(key);
        if (it == index_.end()) return false;
        order_.erase(it->second);
        index_.erase(it);
        return true;
    }

    void clear() {
        std::lock_guard lock(mu_);
        index_.clear();
        order_.clear();
    }

    // Entries held, expired ones not yet noticed included (see purge_expired).
    std::size_t size() const {
        std::lock_guard lock(mu_);
        return index_.size();
    }

    // Drops every expired entry now; returns how many.
    std::size_t purge_expired() {
        std::lock_guard lock(mu_);
        const TimePoint now = now_();
        std::size_t n = 0;
        for (auto it = order_.begin(); it != order_.end();) {
            if (expired(*it, now)) {
                index_.erase(it->key);
                it = order_.erase(it);
                ++n;
            } else {
                ++it;
            }
        }
        stats_.expirations += n;
        return n;
    }

    CacheStats stats() const {
        std::lock_guard lock(mu_);
        return stats_;
    }

    std::size_t capacity() const noexcept { return capacity_; }
    Duration default_ttl() const noexcept { return default_ttl_; }

  private:
    struct Node {
        K key;
        V value;
        TimePoint expires;
    };
    using List = std::list<Node>;

    static bool expired(const Node& n, TimePoint now) { return now >= n.expires; }

    // Called with the lock held and the cache full: drops the LRU entry; an
    // entry that had already expired counts as an expiration, not an eviction.
    void evict_one() {
        if (order_.empty()) return;
        const Node& victim = order_.back();
        if (expired(victim, now_()))
            ++stats_.expirations;
        else
            ++stats_.evictions;
        index_.erase(victim.key);
        order_.pop_back();
    }

    const std::size_t capacity_;
    const Duration default_ttl_;
    const ClockFn now_;
    mutable std::mutex mu_;
    List order_;  // front = most recently used
    std::unordered_map<K, typename List::iterator, Hash> index_;
    CacheStats stats_;
};

}  // namespace reportgen::detail
