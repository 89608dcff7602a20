#include "mockapi/faults.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <vector>

#include "mockapi/common.hpp"

namespace reportgen::mockapi {

// ---------------------------------------------------------------- InflightGate

void InflightGate::acquire() {
    std::unique_lock lock(m_);
    if (cap_ > 0) cv_.wait(lock, [&] { return current_ < cap_; });
    ++current_;
    max_seen_ = std::max<uint64_t>(max_seen_, static_cast<uint64_t>(current_));
}

void InflightGate::release() {
    {
        std::lock_guard lock(m_);
        --current_;
    }
    cv_.notify_one();
}

uint64_t InflightGate::max_seen() const {
    std::lock_guard lock(m_);
    return max_seen_;
}

void InflightGate::reset_max() {
    std::lock_guard lock(m_);
    max_seen_ = static_cast<uint64_t>(current_);
}

// ---------------------------------------------------------------- RateLimiter

RateLimiter::RateLimiter(double rate) : rate_(rate) {
    if (rate_ > 0) {
        capacity_ = static_cast<std::size_t>(std::max(1.0, std::floor(rate_)));
        window_ = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(static_cast<double>(capacity_) / rate_));
    }
}

RateLimiter::RateLimiter(std::size_t capacity, Clock::duration window)
    : rate_(capacity > 0 && window > Clock::duration::zero()
                ? static_cast<double>(capacity) / std::chrono::duration<double>(window).count()
                : 0),
      capacity_(std::max<std::size_t>(1, capacity)),
      window_(window) {}

bool RateLimiter::admit(Clock::time_point now, int& retry_after_s) {
    std::lock_guard lock(m_);
    while (!admitted_.empty() && now - admitted_.front() >= window_)
        admitted_.pop_front();
    if (admitted_.size() < capacity_) {
        admitted_.push_back(now);
        return true;
    }
    const auto wait = admitted_.front() + window_ - now;
    const double s = std::chrono::duration<double>(wait).count();
    retry_after_s = std::max(1, static_cast<int>(std::ceil(s)));
    return false;
}

// ---------------------------------------------------------------- WindowPeak

void WindowPeak::record(Clock::time_point now) {
    std::lock_guard lock(m_);
    while (!events_.empty() && now - events_.front() >= std::chrono::seconds(1))
        events_.pop_front();
    events_.push_back(now);
    peak_ = std::max<uint64_t>(peak_, events_.size());
}

uint64_t WindowPeak::peak() const {
    std::lock_guard lock(m_);
    return peak_;
}

void WindowPeak::reset() {
    std::lock_guard lock(m_);
    events_.clear();
    peak_ = 0;
}

// ---------------------------------------------------------------- FaultPlan

FaultPlan::FaultPlan(uint64_t seed, double error_rate, double reset_rate, double truncate_rate)
    : seed_(seed),
      error_(std::clamp(error_rate, 0.0, 1.0)),
      reset_(std::clamp(reset_rate, 0.0, 1.0)),
      truncate_(std::clamp(truncate_rate, 0.0, 1.0)) {}

FaultDraw FaultPlan::draw(uint64_t request_key) {
    uint64_t attempt = 0;
    {
        std::lock_guard lock(m_);
        attempt = attempts_[request_key]++;
    }
    const uint64_t h = hash_of(seed_, Domain::fault, request_key, attempt);
    // One draw split into consecutive intervals: the shares are exact and
    // the faults exclusive (a request is never both reset and cut).
    const double u = to_unit(h);
    FaultDraw d;
    if (u < error_) {
        static constexpr int kStatuses[] = {500, 502, 503};
        d.fault = Fault::server_error;
        d.status = kStatuses[(h & 0xFFFF) % 3];
    } else if (u < error_ + reset_) {
        d.fault = Fault::reset;
    } else if (u < error_ + reset_ + truncate_) {
        d.fault = Fault::truncate;
    }
    return d;
}

void FaultPlan::reset_attempts() {
    std::lock_guard lock(m_);
    attempts_.clear();
}

// ---------------------------------------------------------------- sockets

namespace {

bool endpoint(const sockaddr_storage& ss, std::string& addr, int& port) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(ss);
        port = ntohs(a.sin_port);
        if (!inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf)) return false;
    } else if (ss.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(ss);
        port = ntohs(a.sin6_port);
        if (!inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf)) return false;
    } else {
        return false;
    }
    addr = buf;
    return true;
}

// Calls fn(fd, peer_addr, peer_port) for every connected TCP socket of this
// process whose local port is `local_port`, until fn returns true.
void for_each_connection(int local_port,
                         const std::function<bool(int, const std::string&, int)>& fn) {
    std::vector<int> fds;
    if (DIR* dir = opendir("/proc/self/fd")) {
        while (dirent* d = readdir(dir)) {
            char* end = nullptr;
            const long v = std::strtol(d->d_name, &end, 10);
            if (end != d->d_name && *end == '\0') fds.push_back(static_cast<int>(v));
        }
        closedir(dir);
    } else {
        for (int fd = 0; fd < 4096; ++fd)
            fds.push_back(fd);
    }
    for (int fd : fds) {
        sockaddr_storage local{}, peer{};
        socklen_t llen = sizeof local, plen = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &llen) != 0) continue;
        std::string laddr, paddr;
        int lport = -1, pport = -1;
        if (!endpoint(local, laddr, lport) || lport != local_port) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &plen) != 0) continue;
        if (!endpoint(peer, paddr, pport)) continue;
        if (fn(fd, paddr, pport)) return;
    }
}

}  // namespace

bool abort_connection(int local_port, const std::string& remote_addr, int remote_port) {
    bool done = false;
    for_each_connection(local_port, [&](int fd, const std::string& addr, int port) {
        if (port != remote_port || addr != remote_addr) return false;
        sockaddr unspec{};
        unspec.sa_family = AF_UNSPEC;
        if (::connect(fd, &unspec, sizeof unspec) != 0) ::shutdown(fd, SHUT_RDWR);
        done = true;
        return true;
    });
    return done;
}

void shutdown_connections(int local_port) {
    for_each_connection(local_port, [](int fd, const std::string&, int) {
        ::shutdown(fd, SHUT_RDWR);
        return false;
    });
}

}  // namespace reportgen::mockapi
