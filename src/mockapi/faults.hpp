#pragma once
// What the mock server does to misbehave on purpose: a cap on requests
// served at once, a rate limit, seeded fault draws, and dropping a
// connection that cpp-httplib does not let a handler touch.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace reportgen::mockapi {

using Clock = std::chrono::steady_clock;

// Requests served at once: a counting semaphore (cap 0 = unlimited) that
// also records the highest number of holders seen.
class InflightGate {
  public:
    explicit InflightGate(int cap) : cap_(cap) {}
    void acquire();
    void release();
    uint64_t max_seen() const;
    void reset_max();

    class Hold {
      public:
        explicit Hold(InflightGate& g) : g_(g) { g_.acquire(); }
        ~Hold() { g_.release(); }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

      private:
        InflightGate& g_;
    };

  private:
    int cap_;
    mutable std::mutex m_;
    std::condition_variable cv_;
    int current_ = 0;
    uint64_t max_seen_ = 0;
};

// Sliding-window rate limit: at most C = max(1, floor(rate)) requests are
// admitted in any window of C / rate seconds (one second for whole rates, so
// that no sliding second ever holds more than `rate` admitted requests).
class RateLimiter {
  public:
    explicit RateLimiter(double rate);
    // A budget: at most `capacity` requests admitted in any sliding window
    // of `window` (capacity 0 = off).
    RateLimiter(std::size_t capacity, Clock::duration window);
    bool enabled() const noexcept { return rate_ > 0; }
    // True when admitted; else `retry_after_s` gets the whole seconds until
    // a slot frees (at least 1).
    bool admit(Clock::time_point now, int& retry_after_s);

  private:
    double rate_;
    std::size_t capacity_ = 1;
    Clock::duration window_{};
    std::mutex m_;
    std::deque<Clock::time_point> admitted_;
};

// Highest count of events inside any sliding one-second window.
class WindowPeak {
  public:
    void record(Clock::time_point now);
    uint64_t peak() const;
    void reset();

  private:
    mutable std::mutex m_;
    std::deque<Clock::time_point> events_;
    uint64_t peak_ = 0;
};

enum class Fault { none, server_error, reset, truncate };

struct FaultDraw {
    Fault fault = Fault::none;
    int status = 200;  // 500, 502 or 503 for server_error
};

// Fault draws as a pure function of (seed, request key, attempt): the n-th
// request for a given page of a given query always meets the same fate,
// whatever the order in which concurrent requests arrive, so a failing run
// replays exactly.
class FaultPlan {
  public:
    FaultPlan(uint64_t seed, double error_rate, double reset_rate, double truncate_rate);
    bool enabled() const noexcept { return error_ + reset_ + truncate_ > 0; }
    FaultDraw draw(uint64_t request_key);
    void reset_attempts();

  private:
    uint64_t seed_;
    double error_, reset_, truncate_;
    std::mutex m_;
    std::unordered_map<uint64_t, uint64_t> attempts_;
};

// cpp-httplib 0.11 gives handlers no access to the connection. These find
// the server-side socket of a request by its TCP endpoints (scanning the
// process's descriptors) and act on it without closing it, so that
// httplib's own close stays the only one.
//
// Aborts the connection with a TCP RST (connect(AF_UNSPEC) disconnects a
// socket and resets an established connection on Linux); falls back to
// shutdown() (FIN). The client sees no HTTP response at all.
bool abort_connection(int local_port, const std::string& remote_addr, int remote_port);
// shutdown() every accepted connection of a listening port: idle keep-alive
// connections otherwise hold stop() for the keep-alive timeout.
void shutdown_connections(int local_port);

}  // namespace reportgen::mockapi
