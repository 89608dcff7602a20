#pragma once
// A minimal HTTP CONNECT proxy on 127.0.0.1 (what HTTPS_PROXY points at in
// an office): it answers "CONNECT 127.0.0.1:PORT" by opening that loopback
// port and relaying bytes both ways; anything else gets 403. It counts the
// tunnels, so a test can tell that traffic went through it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace reportgen::test {

class ConnectProxy {
  public:
    ConnectProxy() {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(listen_fd_, 64) != 0 ||
            ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            throw std::runtime_error("connect proxy: cannot listen on loopback");
        port_ = ntohs(a.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~ConnectProxy() {
        stop_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);
        acceptor_.join();
        std::lock_guard lock(mu_);
        for (auto& t : tunnels_)
            t.join();
        ::close(listen_fd_);
    }
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int tunnels() const { return tunnels_opened_; }

  private:
    void accept_loop() {
        while (!stop_) {
            const int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;  // shut down
            std::lock_guard lock(mu_);
            tunnels_.emplace_back([this, c] { serve(c); });
        }
    }

    static bool send_all(int fd, const char* p, std::size_t n) {
        while (n > 0) {
            const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
            if (w <= 0) return false;
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    }

    // Reads the request head, opens the tunnel, relays until either side closes.
    void serve(int client) {
        std::string head;
        char buf[16384];
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
            const ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0) return (void)::close(client);
            head.append(buf, static_cast<std::size_t>(n));
        }
        const std::string prefix = "CONNECT 127.0.0.1:";
        int upstream = -1;
        if (head.rfind(prefix, 0) == 0) {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            a.sin_port = htons(static_cast<uint16_t>(std::stoi(head.substr(prefix.size()))));
            upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (::connect(upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
                ::close(upstream);
                upstream = -1;
            }
        }
        if (upstream < 0) {
            const std::string no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
            send_all(client, no.data(), no.size());
            return (void)::close(client);
        }
        ++tunnels_opened_;
        const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
        send_all(client, ok.data(), ok.size());
        pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        while (!stop_) {
            if (::poll(fds, 2, 100) < 0) break;
            bool done = false;
            for (int i = 0; i < 2 && !done; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
                done = n <= 0 || !send_all(fds[1 - i].fd, buf, static_cast<std::size_t>(n));
            }
            if (done) break;
        }
        ::close(upstream);
        ::close(client);
    }

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> tunnels_opened_{0};
    std::mutex mu_;
    std::vector<std::thread> tunnels_;
    std::thread acceptor_;
};

}  // namespace reportgen::test
