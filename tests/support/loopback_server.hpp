#pragma once
// Purpose-built HTTP servers on 127.0.0.1 (ephemeral ports) for tests that
// need an exact fault sequence: a cpp-httplib server whose handlers the test
// writes, and a TCP listener that drops every connection unanswered.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <httplib.h>

namespace reportgen::test {

class LoopbackServer {
  public:
    LoopbackServer() {
        // Enough workers for a turbo window of 20+ with keep-alive connections
        // (each holds a worker). httplib's API takes ownership of a raw pointer.
        server.new_task_queue = [] { return new httplib::ThreadPool(48); };
        server.set_keep_alive_max_count(100000);
        server.set_keep_alive_timeout(1);
        // Without TCP_NODELAY httplib's separate header and body writes meet
        // the client's delayed ACK: ~40 ms per response on loopback.
        server.set_tcp_nodelay(true);
        // httplib listens with a backlog of 5 (compiled into Debian's
        // library): a burst of 20 connects overflows it and the kernel drops
        // SYNs, which costs the client a 1 s retransmission. Remember the
        // socket so that start() can listen() again with a real backlog.
        server.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            listen_fd_ = sock;
        });
    }
    ~LoopbackServer() { stop(); }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    // Register handlers on `server` first, then start().
    void start() {
        port_ = server.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
        if (listen_fd_ >= 0) ::listen(listen_fd_, 512);  // Linux: updates the backlog
        thread_ = std::thread([this] { server.listen_after_bind(); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!server.is_running()) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("loopback server did not start");
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    void stop() {
        server.stop();
        if (thread_.joinable()) thread_.join();
    }
    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    httplib::Server server;

  private:
    int port_ = -1;
    int listen_fd_ = -1;
    std::thread thread_;
};

// Owns a file descriptor.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// Binds 127.0.0.1:0 and listens; returns the socket and its port.
inline int listen_loopback(Fd& sock) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(sock.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("bind failed");
    socklen_t len = sizeof addr;
    ::getsockname(sock.fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.sin_port);
}

// Accepts connections and closes them without a byte of answer: the client
// sees "empty reply" or "connection reset".
class ClosingServer {
  public:
    ClosingServer() : sock_(::socket(AF_INET, SOCK_STREAM, 0)) {
        if (sock_.fd < 0) throw std::runtime_error("socket failed");
        port_ = listen_loopback(sock_);
        ::listen(sock_.fd, 64);
        thread_ = std::thread([this] { run(); });
    }
    ~ClosingServer() {
        stop_ = true;
        thread_.join();
    }
    ClosingServer(const ClosingServer&) = delete;
    ClosingServer& operator=(const ClosingServer&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int accepted() const { return accepted_.load(); }

  private:
    void run() {
        while (!stop_) {
            pollfd p{sock_.fd, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            Fd conn(::accept(sock_.fd, nullptr, nullptr));
            if (conn.fd < 0) continue;
            ++accepted_;
            // Read the request so that close() sends FIN (empty reply) rather
            // than depending on what the kernel does with unread data.
            char buf[4096];
            pollfd c{conn.fd, POLLIN, 0};
            if (::poll(&c, 1, 200) > 0) (void)::recv(conn.fd, buf, sizeof buf, 0);
        }
    }

    Fd sock_;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

// A port on which nothing listens (bound, then closed).
inline int unused_port() {
    Fd s(::socket(AF_INET, SOCK_STREAM, 0));
    return listen_loopback(s);
}

// An empty page of any list endpoint.
inline constexpr const char* kEmptyListPage =
    R"({"data":[],"meta":{"currentPage":1,"lastPage":1,"total":0,"perPage":100}})";

// The metadata lists a report reads (check types, work breaks, collections),
// each answered with an empty page: for servers built around other answers.
inline void serve_empty_metadata(httplib::Server& server) {
    for (const char* path : {"/schedule/v1/check-types", "/schedule/v1/work-breaks",
                             "/schedule/v1/check-type-collections"})
        server.Get(path, [](const httplib::Request&, httplib::Response& res) {
            res.set_content(kEmptyListPage, "application/json");
        });
}

}  // namespace reportgen::test
