// ReportGenerator against a purpose-built loopback API (exact answers): the
// range asked of the API, the company's name, 401/403 and broken metas on
// page 1, and calls from another thread while a report runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "reportgen/generator.hpp"
#include "support/capture_sink.hpp"
#include "support/expect.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using reportgen::test::expect_error;
using reportgen::test::LoopbackServer;

namespace {

constexpr const char* kToken = "edges-token";

// One work entry per page (a night shift beginning on the report's first day).
std::string entry_page(int page, int last_page, const std::string& total) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", page);
    return R"({"data":[{"id":")" + std::string(id) +
           R"(","workEntryType":"work","workCheckTypeId":null,"employee":{"id":"e1",)"
           R"("firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
           R"("workEntryIn":{"date":"2024-05-02T21:00:00+02:00"},)"
           R"("workEntryOut":{"date":"2024-05-03T01:00:00+02:00"},)"
           R"("workedSeconds":14400,"deletedAt":null}],"meta":{"currentPage":)" +
           std::to_string(page) + R"(,"lastPage":)" + std::to_string(last_page) +
           R"(,"total":)" + total + R"(,"perPage":1}})";
}

// A small API: `pages` pages of one entry; /core/v3/info answers `info_status`.
class EdgeApi {
  public:
    explicit EdgeApi(int pages = 3, int info_status = 200, std::string total = "")
        : pages_(pages), total_(total.empty() ? std::to_string(pages) : std::move(total)) {
        // Every request's arrival, whatever the endpoint.
        srv.server.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
            std::lock_guard lock(mu);
            arrivals.push_back(std::chrono::steady_clock::now());
            return httplib::Server::HandlerResponse::Unhandled;
        });
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [info_status](const httplib::Request&,
                                                      httplib::Response& res) {
            res.status = info_status;
            if (info_status == 200)
                res.set_content(R"({"data":{"company":{"id":"c1","name":"Acme, S.L.",)"
                                R"("language":"es"}},"meta":{}})",
                                "application/json");
            else
                res.set_content(R"({"error":"boom"})", "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           {
                               std::lock_guard lock(mu);
                               queries.push_back(req.get_param_value("from") + ".." +
                                                 req.get_param_value("to") +
                                                 (req.has_param("orderBy") ? " orderBy" : ""));
                           }
                           const int page = std::stoi(req.get_param_value("page"));
                           res.set_content(entry_page(page, pages_, total_), "application/json");
                       });
        srv.start();
    }

    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.page_size = 1;
        c.backoff_factor = 0.01;
        c.timeout_s = 5;
        return c;
    }

  private:
    int pages_;
    std::string total_;

  public:
    std::mutex mu;
    std::vector<std::string> queries;  // "from..to" of each work-entries request
    std::vector<std::chrono::steady_clock::time_point> arrivals;
    LoopbackServer srv;  // last: stopped before the state its handlers use goes
};

ReportRequest may_2_to_3() {
    ReportRequest r;
    r.from = {2024, 5, 2};
    r.to = {2024, 5, 3};
    r.format = Format::csv;
    return r;
}

// Records describe() and checks it comes before begin().
class DescribedSink final : public RowSink {
  public:
    void describe(const ReportInfo& info) override {
        company = info.company;
        from = format_iso_date(info.from);
        to = format_iso_date(info.to);
        described_before_begin = !begun;
    }
    void begin(std::span<const std::string_view>) override { begun = true; }
    void row(const TypedRow&) override {}
    void finish() override {}

    std::string company, from, to;
    bool begun = false;
    bool described_before_begin = false;
};

}  // namespace

TEST_CASE("generator: asks the API for a day more each side, both engines, page 1 too",
          "[generator][range]") {
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        EdgeApi api;
        ReportGenerator gen(api.config());
        auto req = may_2_to_3();
        req.engine = e;
        test::CaptureSink sink;
        const auto r = gen.generate(req, sink);
        CHECK(r.metrics.query_from == "2024-05-01");
        CHECK(r.metrics.query_to == "2024-05-04");
        std::lock_guard lock(api.mu);
        REQUIRE(api.queries.size() == 3);
        for (const auto& q : api.queries)
            CHECK(q == "2024-05-01..2024-05-04");  // and no orderBy
        CHECK(r.metrics.consistent);  // meta.total of the query actually sent
    }
}

TEST_CASE("generator: the company's name reaches the metrics and the sink before begin()",
          "[generator][company]") {
    EdgeApi api;
    ReportGenerator gen(api.config());
    DescribedSink sink;
    const auto r = gen.generate(may_2_to_3(), sink);
    CHECK(r.metrics.company_name == "Acme, S.L.");
    CHECK(sink.company == "Acme, S.L.");
    CHECK(sink.from == "2024-05-02");  // the report's range, not the query's
    CHECK(sink.to == "2024-05-03");
    CHECK(sink.described_before_begin);
    CHECK(r.metrics.rate_limit == 900);
    CHECK(r.metrics.requests_per_minute > 0);
}

TEST_CASE("generator: a failing /core/v3/info costs only the name, 401/403 fail the report",
          "[generator][company]") {
    {
        EdgeApi api(3, 500);
        auto cfg = api.config();
        cfg.max_retries = 1;
        ReportGenerator gen(cfg);
        DescribedSink sink;
        const auto r = gen.generate(may_2_to_3(), sink);
        CHECK(r.metrics.company_name.empty());
        CHECK(sink.company.empty());
        CHECK(sink.begun);
    }
    for (int status : {401, 403}) {
        EdgeApi api(3, status);
        ReportGenerator gen(api.config());
        DescribedSink sink;
        const Error e = expect_error([&] { gen.generate(may_2_to_3(), sink); });
        CHECK(e.kind() == ErrorKind::auth);
        CHECK_THAT(e.what(), Catch::Contains("company info"));
    }
}

TEST_CASE("generator: meta numbers out of range are data errors naming page and field",
          "[generator][meta]") {
    EdgeApi api(3, 200, std::to_string(std::numeric_limits<int64_t>::max()));
    ReportGenerator gen(api.config());
    DescribedSink sink;
    const Error e = expect_error([&] { gen.generate(may_2_to_3(), sink); });
    CHECK(e.kind() == ErrorKind::data);
    CHECK_THAT(e.what(), Catch::Contains("work-entries page 1"));
    CHECK_THAT(e.what(), Catch::Contains("meta.total"));
}

TEST_CASE("generator: thresholds and info from another thread while generate() runs",
          "[generator][concurrency]") {
    EdgeApi api(12);
    ReportGenerator gen(api.config());
    std::atomic<bool> done{false};
    std::atomic<int> calls{0};
    std::atomic<bool> info_ok{true};
    // Catch's assertions are not thread-safe: the other thread only records.
    std::thread other([&] {
        int n = 1;
        while (!done.load()) {
            gen.configure_thresholds({.pages = n % 7 + 1, .records = n % 11 + 1});
            const GenerationInfo info = gen.get_generation_info();
            if (info.turbo_thresholds.pages < 1 || gen.config().turbo_thresholds.records < 1)
                info_ok = false;
            (void)gen.last_metrics();
            ++n;
            ++calls;
        }
    });
    struct Join {
        std::atomic<bool>& done;
        std::thread& t;
        ~Join() {
            done = true;
            t.join();
        }
    } join{done, other};
    for (int i = 0; i < 3; ++i) {
        test::CaptureSink sink;
        const auto r = gen.generate(may_2_to_3(), sink);
        CHECK(r.metrics.pages_fetched == 12);
    }
    CHECK(calls.load() > 0);
    CHECK(info_ok.load());
    CHECK(gen.get_generation_info().reports == 3);
}

TEST_CASE("generator: one budget paces metadata, page 1 and the pages of both engines",
          "[generator][budget][timing]") {
    using namespace std::chrono_literals;
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        INFO(to_string(e));
        EdgeApi api(12);
        auto cfg = api.config();
        cfg.rate_limit_per_minute = 5;  // per rate_window_s here: 5 requests per 1 s
        cfg.rate_window_s = 1.0;
        ReportGenerator gen(cfg);
        auto req = may_2_to_3();
        req.engine = e;
        test::CaptureSink sink;
        const auto r = gen.generate(req, sink);
        std::vector<std::chrono::steady_clock::time_point> t;
        {
            std::lock_guard lock(api.mu);
            t = api.arrivals;
        }
        // 12 pages, 3 metadata lists and the company: 16 requests.
        REQUIRE(t.size() == 16);
        CHECK(r.metrics.requests == 16);
        std::sort(t.begin(), t.end());
        int most = 0;
        for (std::size_t i = 0, j = 0; i < t.size(); ++i) {
            // Less than the window: the client counts when it sends, the
            // server when it reads, and on a loaded machine (or under TSan) a
            // request can be read a hundred ms or more late. Without the
            // budget all 16 arrive within a few ms.
            while (t[i] - t[j] >= 700ms)
                ++j;
            most = std::max(most, static_cast<int>(i - j + 1));
        }
        CHECK(most <= 5);
        CHECK(r.metrics.rate_limit == 5);
        CHECK(r.metrics.rate_wait_s > 0);
    }
}

TEST_CASE("generator: a server that ignores onlyReturn=deleted costs one more page, not all",
          "[generator][trace]") {
    // This API answers every work-entries query alike: its "deleted" page 1
    // holds a live entry. The XLSX file's fetch of deleted entries stops
    // there, listing nothing, instead of fetching all three pages again.
    EdgeApi api(3);
    ReportGenerator gen(api.config());
    auto req = may_2_to_3();
    req.format = Format::xlsx;
    test::TempDir dir;
    const auto r = gen.generate(req, dir.file("r.xlsx"));
    CHECK(r.metrics.deleted_pages == 1);
    CHECK(r.metrics.deleted_entries == 0);
    CHECK(r.metrics.traces_read);
    std::lock_guard lock(api.mu);
    CHECK(api.queries.size() == 4);  // pages 1..3, then the deleted entries' page 1
}
