#pragma once
// The turbo engine's event loop over a curl multi handle, socket by socket
// (curl_multi_socket_action). curl_multi_perform would read every ready
// transfer to its end before returning, so with 20 pages arriving together
// the first finished page waited for the other 19 before its slot could
// start the next request; here the caller sees each socket's progress
// before the next socket is read, and restarts a slot the moment its
// transfer ends.
#include <curl/curl.h>
#include <poll.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace reportgen::detail {

class CurlEventLoop {
  public:
    using Clock = std::chrono::steady_clock;

    // Installs the socket and timer callbacks on `multi`, which must outlive
    // this object; the destructor uninstalls them.
    explicit CurlEventLoop(CURLM* multi);
    ~CurlEventLoop();
    CurlEventLoop(const CurlEventLoop&) = delete;
    CurlEventLoop& operator=(const CurlEventLoop&) = delete;

    // Thread-safe and async-signal-safe: makes a wait() in progress (or the
    // next one) return at once.
    void wake() noexcept;

    // Lets libcurl run the transfers whose timer is due (a handle just
    // added has a timer of 0: this sends its request).
    CURLMcode run_due_timers();

    // Waits up to `max_wait` for socket activity, libcurl's timer or wake(),
    // then runs libcurl on each ready socket in turn, calling `after_each`
    // after each one (the caller reads finished transfers there).
    CURLMcode wait(std::chrono::milliseconds max_wait, const std::function<void()>& after_each);

  private:
    static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp);
    static int on_timer(CURLM* multi, long timeout_ms, void* self);
    void drain_wake() noexcept;

    CURLM* multi_;
    std::map<curl_socket_t, short> sockets_;  // socket -> poll events libcurl wants
    std::optional<Clock::time_point> timer_;  // when libcurl wants to be called
    int wake_read_ = -1;
    int wake_write_ = -1;
    std::vector<pollfd> fds_;  // reused between waits
};

}  // namespace reportgen::detail
