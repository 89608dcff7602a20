#include "engine/curl_event_loop.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "reportgen/error.hpp"

namespace reportgen::detail {

CurlEventLoop::CurlEventLoop(CURLM* multi) : multi_(multi) {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        throw api_error("cannot create the turbo engine's wake-up pipe: " +
                        std::string(std::strerror(errno)));
    wake_read_ = fds[0];
    wake_write_ = fds[1];
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlEventLoop::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlEventLoop::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlEventLoop::~CurlEventLoop() {
    // The multi handle lives on (and may still close connections): it must
    // not call back into a destroyed object.
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, nullptr);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, nullptr);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, nullptr);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, nullptr);
    ::close(wake_read_);
    ::close(wake_write_);
}

int CurlEventLoop::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) {
    auto* loop = static_cast<CurlEventLoop*>(self);
    if (what == CURL_POLL_REMOVE) {
        loop->sockets_.erase(s);
        return 0;
    }
    short events = 0;
    if (what & CURL_POLL_IN) events |= POLLIN;
    if (what & CURL_POLL_OUT) events |= POLLOUT;
    try {
        loop->sockets_[s] = events;
    } catch (...) {
        return -1;  // out of memory: libcurl fails the transfers on this socket
    }
    return 0;
}

int CurlEventLoop::on_timer(CURLM*, long timeout_ms, void* self) {
    auto* loop = static_cast<CurlEventLoop*>(self);
    if (timeout_ms < 0)
        loop->timer_.reset();
    else
        loop->timer_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
    return 0;
}

void CurlEventLoop::wake() noexcept {
    const char byte = 1;
    // EAGAIN: the pipe is full, a wake-up is pending anyway.
    [[maybe_unused]] const ssize_t n = ::write(wake_write_, &byte, 1);
}

void CurlEventLoop::drain_wake() noexcept {
    char buf[64];
    while (::read(wake_read_, buf, sizeof buf) > 0) {
    }
}

CURLMcode CurlEventLoop::run_due_timers() {
    int running = 0;
    CURLMcode mc = CURLM_OK;
    // Running a timer may arm the next one at 0 (e.g. a connection made,
    // the request to send): run until nothing is due.
    for (int i = 0; i < 16 && timer_ && *timer_ <= Clock::now(); ++i) {
        timer_.reset();
        mc = curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
        if (mc != CURLM_OK) break;
    }
    return mc;
}

CURLMcode CurlEventLoop::wait(std::chrono::milliseconds max_wait,
                              const std::function<void()>& after_each) {
    auto wait = max_wait;
    if (timer_) {
        const auto until = std::chrono::ceil<std::chrono::milliseconds>(*timer_ - Clock::now());
        wait = std::min(wait, until);
    }
    wait = std::max(wait, std::chrono::milliseconds(0));

    fds_.clear();
    fds_.push_back(pollfd{wake_read_, POLLIN, 0});
    for (const auto& [s, events] : sockets_)
        fds_.push_back(pollfd{s, events, 0});
    const int n = ::poll(fds_.data(), fds_.size(), static_cast<int>(wait.count()));
    if (n < 0 && errno != EINTR) return CURLM_INTERNAL_ERROR;

    if (n > 0) {
        if (fds_[0].revents) drain_wake();
        int running = 0;
        for (std::size_t i = 1; i < fds_.size(); ++i) {
            const short re = fds_[i].revents;
            if (re == 0) continue;
            int bits = 0;
            if (re & (POLLIN | POLLHUP)) bits |= CURL_CSELECT_IN;
            if (re & POLLOUT) bits |= CURL_CSELECT_OUT;
            if (re & (POLLERR | POLLNVAL)) bits |= CURL_CSELECT_ERR;
            if (const CURLMcode mc = curl_multi_socket_action(multi_, fds_[i].fd, bits, &running);
                mc != CURLM_OK)
                return mc;
            after_each();
        }
    }
    if (const CURLMcode mc = run_due_timers(); mc != CURLM_OK) return mc;
    after_each();
    return CURLM_OK;
}

}  // namespace reportgen::detail
