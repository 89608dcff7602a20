// The library logs through its own logger: to a host's handler when one is
// set, never to stdout, and not through spdlog's default logger.
#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "reportgen/log.hpp"
#include "reportgen/mock_server.hpp"
#include "support/capture_sink.hpp"

using namespace reportgen;

namespace {

// Restores the default destination and level when a test ends.
struct LogGuard {
    LogLevel saved = log_level();
    ~LogGuard() {
        set_log_handler({});
        set_log_level(saved);
    }
};

// Points fd 1 at a temp file for its lifetime; text() is what was written.
class StdoutCapture {
  public:
    StdoutCapture() : file_(std::tmpfile()), saved_(::dup(STDOUT_FILENO)) {
        std::fflush(stdout);
        ::dup2(::fileno(file_), STDOUT_FILENO);
    }
    ~StdoutCapture() {
        restore();
        std::fclose(file_);
    }
    std::string text() {
        restore();
        std::string out;
        std::rewind(file_);
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;)
            out.append(buf, n);
        return out;
    }

  private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stdout);
        ::dup2(saved_, STDOUT_FILENO);
        ::close(saved_);
        saved_ = -1;
    }
    std::FILE* file_;
    int saved_;
};

ReportResult run_small_report(MockApiServer& server) {
    ClientConfig c;
    c.base_url = server.base_url();
    c.token = server.options().token;
    c.page_size = 50;
    ReportGenerator gen(c);
    ReportRequest r;
    r.from = {2024, 5, 1};
    r.to = {2024, 5, 3};
    test::CaptureSink sink;
    return gen.generate(r, sink);
}

}  // namespace

TEST_CASE("a host's log handler receives the library's messages", "[log]") {
    LogGuard guard;
    MockOptions o;
    o.employees = 4;
    o.days = 3;
    o.start = "2024-05-01";
    MockApiServer server(o);
    server.start();

    std::mutex mu;
    std::vector<std::string> seen;
    set_log_level(LogLevel::info);
    set_log_handler([&](LogLevel level, std::string_view msg) {
        std::lock_guard<std::mutex> lock(mu);
        if (level == LogLevel::info) seen.emplace_back(msg);
    });
    run_small_report(server);
    bool strategy = false;
    for (const auto& s : seen)
        strategy = strategy || s.rfind("strategy ", 0) == 0;
    CHECK(strategy);

    seen.clear();
    set_log_level(LogLevel::off);
    run_small_report(server);
    CHECK(seen.empty());
}

TEST_CASE("the library writes nothing to stdout, whatever spdlog's default logger is", "[log]") {
    LogGuard guard;
    MockOptions o;
    o.employees = 4;
    o.days = 3;
    o.start = "2024-05-01";
    MockApiServer server(o);
    server.start();

    // A host whose default spdlog logger writes somewhere it owns: the
    // library's messages must not arrive there either.
    std::ostringstream host_log;
    auto host = std::make_shared<spdlog::logger>(
        "host", std::make_shared<spdlog::sinks::ostream_sink_mt>(host_log));
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(host);
    spdlog::set_level(spdlog::level::trace);

    set_log_level(LogLevel::debug);
    std::string out;
    {
        StdoutCapture capture;
        run_small_report(server);
        out = capture.text();
    }
    spdlog::set_default_logger(previous);
    CHECK(out.empty());
    CHECK(host_log.str().empty());
}
