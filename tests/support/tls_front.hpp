#pragma once
// TLS in front of a plain-HTTP loopback server, for tests of the client's
// TLS settings: a CA and a server certificate for 127.0.0.1/localhost made
// with the openssl command, and nghttpx (Debian's nghttp2-proxy) terminating
// TLS with HTTP/2 (ALPN h2, HTTP/1.1 as fallback) on a loopback port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/files.hpp"

extern char** environ;

namespace reportgen::test {

// A free loopback port (bound, read and released: a small race, acceptable
// for a test that starts its listener right after).
inline int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free loopback port");
    ::close(fd);
    return ntohs(a.sin_port);
}

inline bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

class TlsFront {
  public:
    // backend_port: the plain-HTTP server on 127.0.0.1.
    explicit TlsFront(int backend_port) {
        make_certificates();
        port_ = free_loopback_port();
        std::vector<std::string> args{"nghttpx",
                                      "--conf=/dev/null",
                                      "--single-thread",
                                      "--no-ocsp",
                                      "-b127.0.0.1," + std::to_string(backend_port),
                                      "-f127.0.0.1," + std::to_string(port_),
                                      "--accesslog-file=" + dir_.file("access.log"),
                                      "--errorlog-file=" + dir_.file("error.log"),
                                      dir_.file("server.key"),
                                      dir_.file("server.pem")};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawnp(&pid_, "nghttpx", nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start nghttpx (package nghttp2-proxy)");
        for (int i = 0; i < 500 && !accepts_connections(port_); ++i)
            ::usleep(10000);
        if (!accepts_connections(port_))
            throw std::runtime_error("nghttpx did not listen: " + log());
    }
    ~TlsFront() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    TlsFront(const TlsFront&) = delete;
    TlsFront& operator=(const TlsFront&) = delete;

    std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }
    std::string ca_path() const { return dir_.file("ca.pem"); }
    // nghttpx's access log: one line per request, with its protocol (HTTP/2).
    std::string access_log() const { return reportgen::test::read_file(dir_.file("access.log")); }
    std::string log() const {
        try {
            return reportgen::test::read_file(dir_.file("error.log"));
        } catch (const std::exception&) {
            return {};
        }
    }

  private:
    void make_certificates() {
        const std::string d = dir_.path().string();
        std::ofstream(d + "/ext.cnf") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
        reportgen::test::run(
            "cd '" + d +
            "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
            "-keyout ca.key -out ca.pem -days 2 -subj /CN=reportgen-test-ca 2>/dev/null && "
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
            "server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null && "
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out "
            "server.pem -days 2 -extfile ext.cnf 2>/dev/null");
    }

    reportgen::test::TempDir dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace reportgen::test
