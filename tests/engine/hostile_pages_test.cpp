// A hostile server's work-entries pages: giant pages (whitespace-padded with
// a Content-Length, or gzip bombs that say nothing of their decoded size)
// must stay within max_bytes_in_flight in both engines, measured as the
// growth of this process's peak RSS (VmHWM, reset before each report); 429s
// whose Retry-After asks for no pause at all (0, 0.001, a date in the past)
// must still end at --max-wait; an id twice on a page is not a change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/request_budget.hpp"
#include "engine/legacy_engine.hpp"
#include "engine/page_server.hpp"
#include "engine/turbo_engine.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/log.hpp"
#include "support/capture_sink.hpp"
#include "support/expect.hpp"
#include "support/gzip_bomb.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::expect_error;
using reportgen::test::Fault;
using reportgen::test::LoopbackServer;
using reportgen::test::PageServer;

namespace {

constexpr const char* kToken = "hostile-pages-token";

// One entry per page, distinct ids; meta for `last_page` pages of one entry.
std::string page_json(int page, int last_page) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", page);
    return R"({"data":[{"id":")" + std::string(id) +
           R"(","workEntryType":"work","workCheckTypeId":null,"employee":{"id":"e1",)"
           R"("firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
           R"("workEntryIn":{"date":"2024-05-02T08:00:00+02:00"},)"
           R"("workEntryOut":{"date":"2024-05-02T12:00:00+02:00"},)"
           R"("workedSeconds":14400,"deletedAt":null}],"meta":{"currentPage":)" +
           std::to_string(page) + R"(,"lastPage":)" + std::to_string(last_page) +
           R"(,"total":)" + std::to_string(last_page) + R"(,"perPage":1}})";
}

// gzip streams of `padding` spaces and then page_json(page).
class GzipPages {
  public:
    GzipPages(std::size_t padding, int pages) {
        test::GzipBombs bombs(padding);
        for (int p = 1; p <= pages; ++p)
            bodies_.push_back(bombs.with_tail(page_json(p, pages)));
    }
    const std::string& page(int p) const { return bodies_.at(static_cast<std::size_t>(p - 1)); }

  private:
    std::vector<std::string> bodies_;
};

enum class Shape { padded, gzip };

// The whole API a report reads, with giant work-entries pages: `padded`
// streams each page as its JSON with `padding` spaces inside it, with a
// Content-Length (the server holds no big body: the peak RSS measured is the
// client's); `gzip` answers each page gzip-encoded, ~1000x smaller on the
// wire than decoded. With `small_first`, page 1 is a small plain page: the
// engine learns nothing of the giants from it.
class GiantPageApi {
  public:
    GiantPageApi(Shape shape, int pages, std::size_t padding, bool small_first)
        : shape_(shape), pages_(pages), padding_(padding), small_first_(small_first) {
        if (shape == Shape::gzip) gzip_ = std::make_unique<GzipPages>(padding, pages);
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Hostile"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           serve(std::stoi(req.get_param_value("page")), res);
                       });
        srv.start();
    }

    ClientConfig config(std::size_t max_bytes_in_flight) const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.page_size = 1;
        c.timeout_s = 60;
        c.max_bytes_in_flight = max_bytes_in_flight;
        return c;
    }

  private:
    void serve(int page, httplib::Response& res) const {
        if (page == 1 && small_first_) {
            res.set_content(page_json(page, pages_), "application/json; charset=utf-8");
            return;
        }
        if (shape_ == Shape::gzip) {
            res.set_header("Content-Encoding", "gzip");
            res.set_content(gzip_->page(page), "application/json");
            return;
        }
        // Split after "data":[...], where whitespace is valid JSON.
        const std::string json = page_json(page, pages_);
        const std::size_t cut = json.find(",\"meta\"") + 1;
        auto head = std::make_shared<std::string>(json.substr(0, cut));
        auto tail = std::make_shared<std::string>(json.substr(cut));
        const std::size_t padding = padding_;
        // A charset parameter: httplib does not compress the answer itself.
        res.set_content_provider(
            head->size() + padding + tail->size(), "application/json; charset=utf-8",
            [head, tail, padding](std::size_t offset, std::size_t length, httplib::DataSink& out) {
                static const std::string spaces(1 << 16, ' ');
                if (offset < head->size())
                    return out.write(head->data() + offset, head->size() - offset);
                offset -= head->size();
                if (offset < padding)
                    return out.write(spaces.data(),
                                     std::min({length, padding - offset, spaces.size()}));
                offset -= padding;
                return out.write(tail->data() + offset, tail->size() - offset);
            });
    }

    Shape shape_;
    int pages_;
    std::size_t padding_;
    bool small_first_;
    std::unique_ptr<GzipPages> gzip_;

  public:
    LoopbackServer srv;  // last: stopped before the state its handlers read goes
};

// A cap of 16 MiB and pages of 8 MB (8 MiB decoded for gzip): pages far
// larger than a window's share of the cap (16 MiB / 20), and more pages than
// the window (20), so the first window alone would hold 160 MB. The bodies
// held stay within the cap (half of it shared, then one page alone); with
// the recycled buffers (a quarter of the cap), a string's growth when it
// doubles, libcurl's buffers and the allocator's slack, the peak grew by
// 30 MiB (padded) and 49 MiB (gzip) on the 2-core VM, and by 190-205 MiB
// without the byte account or the bound on prepared buffers.
constexpr std::size_t kCap = std::size_t{16} << 20;
constexpr long kMaxGrowthMib = 96;
constexpr int kPages = 22;

// /proc/self/status's field in KiB (VmHWM: the peak resident set).
long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
    return -1;
}

// Resets VmHWM to the current resident set (Linux: clear_refs 5); false
// when the kernel does not allow it.
bool reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

// A sanitizer's shadow memory and quarantine make the child's RSS say
// nothing of the client's (and its slowdown makes gigabytes slow): there the
// peak is not measured; the Release build measures it, and the in-process
// test below runs the same mechanism under the sanitizers.
// (GCC defines __SANITIZE_*__; clang answers __has_feature.)
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define REPORTGEN_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(REPORTGEN_TEST_SANITIZED)
constexpr bool kRssMeasurable = false;
#else
constexpr bool kRssMeasurable = true;
#endif

void expect_bounded(const GiantPageApi& api, const char* shape) {
    if (!kRssMeasurable) {
        WARN("peak RSS is not measured in a sanitizer build");
        return;
    }
    for (const EngineChoice engine : {EngineChoice::turbo, EngineChoice::legacy}) {
        INFO(shape << ", engine " << to_string(engine));
        ReportGenerator gen(api.config(kCap));
        ReportRequest req;
        req.from = {2024, 5, 2};
        req.to = {2024, 5, 2};
        req.format = Format::csv;
        req.engine = engine;
        test::CaptureSink sink;
        REQUIRE(reset_peak_rss());
        const long before = status_kib("VmRSS:");
        const ReportResult r = gen.generate(req, sink);
        const long growth_mib = (status_kib("VmHWM:") - before) / 1024;
        CHECK(r.metrics.pages_fetched == kPages);
        CHECK(r.metrics.consistent);
        // Printed for the record (ctest keeps it in its log).
        std::printf("hostile pages: %s, engine %s: peak RSS +%ld MiB\n", shape,
                    std::string(to_string(engine)).c_str(), growth_mib);
        CHECK(growth_mib < kMaxGrowthMib);
    }
}

}  // namespace

// Every page giant, page 1 included: what turbo prepares from page 1's size
// (buffers for its first window, faulted in) stays within the bound too.
// Page 1 small: the first window knows nothing of the giants.
TEST_CASE("hostile pages: whitespace-padded giant pages stay within max_bytes_in_flight",
          "[engine][hostile][memory]") {
    for (const bool small_first : {false, true}) {
        GiantPageApi api(Shape::padded, kPages, 8'000'000, small_first);
        expect_bounded(api, small_first ? "padded 8 MB pages, small page 1" : "padded 8 MB pages");
    }
}

// Page 1 small, the rest giant and compressed: the first window knows
// nothing of their size, and a gzip body says nothing of it either; only
// bytes counted as they are decoded bound it.
TEST_CASE("hostile pages: gzip bombs stay within max_bytes_in_flight, counted decoded",
          "[engine][hostile][memory]") {
    GiantPageApi api(Shape::gzip, kPages, std::size_t{8} << 20, true);
    expect_bounded(api, "gzip pages of 8 MiB decoded, small page 1");
}

namespace {

class Pages : public PageConsumer {
  public:
    void consume(int, std::string&& body) override {
        ++got;
        largest = std::max(largest, body.size());
    }
    int got = 0;
    std::size_t largest = 0;
};

// Work-entries pages of `bytes` each (spaces, streamed with a Content-Length
// or not); counts the requests. After the first MB of each of the first
// `together` bodies it waits (5 s at most) until all of them have sent their
// first MB, and 300 ms more: the first window's bodies are all on their way at once, and none
// can end before the client has read the others' first MB (libcurl reads
// what a socket holds, MBs at once, so without the wait a body could arrive
// whole before the next one began).
class BigBodyServer {
  public:
    BigBodyServer(std::size_t bytes, bool chunked, int together) {
        srv.server.Get(PageServer::kPath, [this, bytes, chunked, together](const httplib::Request&,
                                                                            httplib::Response& res) {
            ++requests;
            auto provider = [this, bytes, together](std::size_t offset, httplib::DataSink& out) {
                static const std::string spaces(1 << 16, ' ');
                constexpr std::size_t kFirst = std::size_t{1} << 20;
                if (offset == kFirst && ++primed <= together) {
                    for (int i = 0; primed.load() < together && i < 500; ++i)
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    // Written is not read: time for the client to read the
                    // first MB of every body before any of them can end.
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                }
                if (offset >= bytes) {
                    out.done();
                    return true;
                }
                return out.write(spaces.data(), std::min(spaces.size(), bytes - offset));
            };
            if (chunked)
                res.set_chunked_content_provider("application/json; charset=utf-8", provider);
            else
                res.set_content_provider(bytes, "application/json; charset=utf-8",
                                         [provider](std::size_t offset, std::size_t,
                                                    httplib::DataSink& out) {
                                             return provider(offset, out);
                                         });
        });
        srv.start();
    }
    std::atomic<int> requests{0};
    std::atomic<int> primed{0};  // bodies that sent their first MB
    LoopbackServer srv;          // last: stopped before the state its handlers use goes
};

std::vector<int> pages_2_to(int last) {
    std::vector<int> v;
    for (int p = 2; p <= last; ++p)
        v.push_back(p);
    return v;
}

// Fetches with `engine` until the error; a watchdog cancels after 10 s so
// that a client that never gives up fails the test instead of hanging it.
Error fetch_until_error(bool turbo, const ClientConfig& cfg, const PageServer& srv) {
    CancelToken watchdog;
    std::atomic<bool> done{false};
    std::thread dog([&] {
        for (int i = 0; i < 1000 && !done; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (!done) watchdog.cancel();
    });
    Pages out;
    Metrics m;
    Error e = expect_error([&] {
        if (turbo)
            TurboEngine(cfg).fetch(srv.job(pages_2_to(9), &watchdog), out, m);
        else
            LegacyEngine(cfg).fetch(srv.job(pages_2_to(9), &watchdog), out, m);
    });
    done = true;
    dog.join();
    CHECK(out.got == 0);
    return e;
}

}  // namespace

TEST_CASE("hostile pages: turbo stops transfers past max_bytes_in_flight and fetches them later",
          "[engine][hostile][memory]") {
    // 3 MB pages, a window of 8, a cap of 1 MiB (512 KiB shared): the first
    // body read passes the share and goes on alone; the first bytes of any
    // other body read before it ends (none can end before every body sent
    // its first MB) stop that transfer, fetched again later. Every page
    // arrives whole, none twice.
    for (const bool chunked : {false, true}) {
        INFO((chunked ? "no Content-Length" : "with Content-Length"));
        constexpr std::size_t kBytes = 3'000'000;
        BigBodyServer big(kBytes, chunked, 8);
        PageServer paths;  // for its job(): the paths of the pages
        ClientConfig cfg = paths.config();
        cfg.base_url = big.srv.base_url();
        cfg.max_concurrent_requests = 8;
        cfg.max_bytes_in_flight = std::size_t{1} << 20;
        cfg.timeout_s = 30;
        Pages out;
        Metrics m;
        const FetchResult r = TurboEngine(cfg).fetch(paths.job(pages_2_to(17)), out, m);
        CHECK(r.missing.empty());
        CHECK(out.got == 16);
        CHECK(out.largest == kBytes);
        CHECK(m.pages_fetched == 16);
        // Stopped transfers, counted apart from the retries of a page.
        CHECK(m.retries_by_cause["memory"] > 0);
        CHECK(big.requests.load() == 16 + static_cast<int>(m.retries_by_cause["memory"]));
    }
}

TEST_CASE("hostile pages: Retry-After 0, 0.001 or a past date still end at --max-wait",
          "[engine][hostile][budget]") {
    for (const char* retry_after : {"0", "0.001", "Thu, 01 Jan 1970 00:00:00 GMT"}) {
        auto fault = [retry_after](int, int) -> std::optional<Fault> {
            return Fault{.status = 429, .retry_after = retry_after};
        };
        PageServer srv("engine-token", 0, fault);
        auto cfg = srv.config();
        cfg.max_concurrent_requests = 4;
        cfg.max_wait_s = 0.3;
        for (const bool turbo : {false, true}) {
            INFO("Retry-After: " << retry_after << (turbo ? ", turbo" : ", legacy"));
            const Error e = fetch_until_error(turbo, cfg, srv);
            CHECK(e.kind() == ErrorKind::api);  // not cancelled by the watchdog
            CHECK_THAT(e.what(), Catch::Contains("request budget of the company exhausted"));
        }
        // Each 429 waited at least the limiter's spacing (68 ms at 900 a
        // minute): a few pauses of 0.3 s per engine, not a request at every
        // slot of the limiter until the watchdog.
        CHECK(RequestBudget(cfg).min_pause_s() > 0.05);
        CHECK(srv.requests() < 100);
    }
}

TEST_CASE("hostile pages: 429s without Retry-After: turbo waits --max-wait like legacy",
          "[engine][hostile][budget]") {
    auto fault = [](int, int) -> std::optional<Fault> { return Fault{.status = 429}; };
    PageServer srv("engine-token", 0, fault);
    auto cfg = srv.config();
    cfg.max_concurrent_requests = 8;
    cfg.rate_pause_s = 0.1;
    cfg.max_wait_s = 0.7;  // pauses 0.1 + 0.2 + 0.4
    for (const bool turbo : {false, true}) {
        INFO((turbo ? "turbo" : "legacy"));
        const auto t0 = std::chrono::steady_clock::now();
        const Error e = fetch_until_error(turbo, cfg, srv);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        CHECK(e.kind() == ErrorKind::api);
        // A lower bound only: the engine gave up no earlier than --max-wait
        // (turbo used to stop at the second burst's in-flight 429s).
        CHECK(elapsed >= 0.7 * 0.95);
        CHECK_THAT(e.what(), Catch::Contains("after waiting 1 s"));  // 0.7 s, rounded
    }
}

namespace {

// Pages of entries given by id number; meta.total = `total`, perPage 2.
class DuplicateApi {
  public:
    DuplicateApi(std::vector<std::vector<int>> pages, int total)
        : pages_(std::move(pages)), total_(total) {
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Dup"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           const int page = std::stoi(req.get_param_value("page"));
                           res.set_content(page_body(page), "application/json");
                       });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.page_size = 2;
        c.timeout_s = 5;
        return c;
    }

  private:
    std::string page_body(int page) const {
        std::string data;
        for (const int n : pages_.at(static_cast<std::size_t>(page - 1))) {
            char id[40];
            std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
            data += std::string(data.empty() ? "" : ",") + R"({"id":")" + id +
                    R"(","workEntryType":"work","workCheckTypeId":null,"employee":{"id":"e1",)"
                    R"("firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
                    R"("workEntryIn":{"date":"2024-05-02T08:00:00+02:00"},)"
                    R"("workEntryOut":{"date":"2024-05-02T12:00:00+02:00"},)"
                    R"("workedSeconds":14400,"deletedAt":null})";
        }
        return R"({"data":[)" + data + R"(],"meta":{"currentPage":)" + std::to_string(page) +
               R"(,"lastPage":)" + std::to_string(pages_.size()) + R"(,"total":)" +
               std::to_string(total_) + R"(,"perPage":2}})";
    }
    std::vector<std::vector<int>> pages_;
    int total_;

  public:
    LoopbackServer srv;  // last: stopped before the state its handlers read goes
};

struct WarningsCaught {
    WarningsCaught() {
        set_log_handler([this](LogLevel level, std::string_view msg) {
            std::lock_guard lock(mu);
            if (level >= LogLevel::warn) lines.emplace_back(msg);
        });
    }
    ~WarningsCaught() { set_log_handler({}); }
    int containing(const std::string& text) {
        std::lock_guard lock(mu);
        return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
            return l.find(text) != std::string::npos;
        }));
    }
    std::mutex mu;
    std::vector<std::string> lines;
};

ReportRequest may_2(bool strict) {
    ReportRequest r;
    r.from = {2024, 5, 2};
    r.to = {2024, 5, 2};
    r.format = Format::csv;
    r.strict = strict;
    return r;
}

}  // namespace

TEST_CASE("hostile pages: an id twice on one page, counted twice in meta.total, is not a change",
          "[engine][hostile][generator]") {
    // Page 1 lists entry 1 twice; meta.total counts 3 entries for 2 distinct.
    DuplicateApi api({{1, 1}, {2}}, 3);
    for (const bool strict : {false, true}) {
        INFO((strict ? "strict" : "lenient"));
        WarningsCaught warnings;
        ReportGenerator gen(api.config());
        test::CaptureSink sink;
        const ReportResult r = gen.generate(may_2(strict), sink);  // strict: no throw
        CHECK(r.metrics.consistent);
        CHECK(r.metrics.page_duplicates == 1);
        CHECK(r.metrics.duplicates_dropped == 1);
        CHECK(r.metrics.distinct_entries == 2);
        CHECK(warnings.containing("changed while the report ran") == 0);
    }
}

TEST_CASE("hostile pages: an id repeated across pages with meta.total counting both is a change, "
          "warned once",
          "[engine][hostile][generator]") {
    // Across pages a repeat is what a shifted page looks like: data changed.
    DuplicateApi api({{1, 2}, {2}}, 3);
    WarningsCaught warnings;
    ReportGenerator gen(api.config());
    test::CaptureSink sink;
    const ReportResult r = gen.generate(may_2(false), sink);
    CHECK_FALSE(r.metrics.consistent);
    CHECK(r.metrics.page_duplicates == 0);
    CHECK(warnings.containing("changed while the report ran") == 1);
    const Error e = expect_error([&] { gen.generate(may_2(true), sink); });
    CHECK(e.kind() == ErrorKind::data);
    CHECK(warnings.containing("changed while the report ran") == 1);  // the error says it
}
