// ReportGenerator end to end against the mock server on loopback: engines
// agree byte for byte, faults do not change the report, failures leave
// nothing behind, fallback, drift, cache and cancellation.
#include <catch2/catch.hpp>

#include <thread>
#include <type_traits>
#include <vector>

#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "support/capture_sink.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::TempDir;

namespace {

MockOptions company(bool fat = true) {
    MockOptions o;
    o.employees = 25;
    o.days = 14;
    o.start = "2024-05-01";
    o.fat = fat;
    o.token = "gen-test-token";
    return o;
}

ClientConfig client(const MockApiServer& s) {
    ClientConfig c;
    c.base_url = s.base_url();
    c.token = s.options().token;
    c.page_size = 40;
    c.max_retries = 8;
    c.backoff_factor = 0.01;
    c.backoff_max_s = 0.2;
    c.timeout_s = 10;
    return c;
}

ReportRequest request(Format f = Format::csv, EngineChoice e = EngineChoice::automatic) {
    ReportRequest r;
    r.from = {2024, 5, 1};
    // The day after the data (its night shifts end on 05-15): every entry the
    // server lists is decoded, whatever the range's edges do.
    r.to = {2024, 5, 15};
    r.format = f;
    r.engine = e;
    return r;
}

// The report as bytes: CSV as written, XLSX as its sheet XML.
std::string report_bytes(const std::string& path, Format f) {
    if (f == Format::xlsx) return reportgen::test::unzip_member(path, "xl/worksheets/sheet1.xml");
    return read_file(path);
}

}  // namespace

TEST_CASE("choose_strategy follows the thresholds and forced choices", "[generator]") {
    ClientConfig c;
    PageMeta one{1, 1, 120, 500}, many{1, 3, 1200, 500}, dense{1, 1, 500, 1000};
    CHECK(choose_strategy(c, EngineChoice::automatic, one).engine == EngineChoice::legacy);
    CHECK(choose_strategy(c, EngineChoice::automatic, many).engine == EngineChoice::turbo);
    CHECK(choose_strategy(c, EngineChoice::automatic, many).reason == "auto: 3 pages >= 3");
    CHECK(choose_strategy(c, EngineChoice::automatic, dense).engine == EngineChoice::turbo);
    CHECK(choose_strategy(c, EngineChoice::turbo, one).engine == EngineChoice::turbo);
    CHECK(choose_strategy(c, EngineChoice::legacy, many).engine == EngineChoice::legacy);
    c.turbo_thresholds = {.pages = 10, .records = 5000};
    CHECK(choose_strategy(c, EngineChoice::automatic, many).engine == EngineChoice::legacy);
}

TEST_CASE("legacy and turbo write byte-identical reports (CSV and XLSX)", "[generator]") {
    MockApiServer server(company());
    server.start();
    TempDir dir;
    for (Format f : {Format::csv, Format::xlsx}) {
        for (Layout l : {Layout::by_employee, Layout::by_group}) {
            ReportGenerator gen(client(server));
            auto req = request(f, EngineChoice::legacy);
            req.layout = l;
            const std::string a = dir.file("legacy." + std::string(file_extension(f)));
            const std::string b = dir.file("turbo." + std::string(file_extension(f)));
            const auto ra = gen.generate(req, a);
            req.engine = EngineChoice::turbo;
            const auto rb = gen.generate(req, b);
            CHECK(ra.metrics.strategy == "legacy");
            CHECK(rb.metrics.strategy == "turbo");
            CHECK(rb.metrics.max_in_flight > 1);
            CHECK(ra.rows > 500);
            CHECK(ra.rows == rb.rows);
            CHECK(report_bytes(a, f) == report_bytes(b, f));
            CHECK(ra.metrics.entries_decoded == server.listed_total("", ""));
            CHECK(ra.metrics.consistent);
        }
    }
}

TEST_CASE("errors, resets, cut bodies and 429s do not change the report", "[generator]") {
    TempDir dir;
    MockApiServer clean(company());
    clean.start();
    const std::string expected = dir.file("clean.csv");
    ReportGenerator(client(clean)).generate(request(), expected);

    MockOptions o = company();
    o.error_rate = 0.10;
    o.reset_rate = 0.05;
    o.truncate_rate = 0.05;
    o.rate_limit = 60;
    MockApiServer faulty(o);
    faulty.start();
    const std::string got = dir.file("faulty.csv");
    ReportGenerator gen(client(faulty));
    const auto r = gen.generate(request(Format::csv, EngineChoice::turbo), got);
    CHECK(read_file(got) == read_file(expected));
    CHECK(r.metrics.retries() > 0);
    const auto c = faulty.counters();
    CHECK(c.server_errors + c.resets + c.truncated > 0);
    CHECK(r.metrics.pages_fetched == r.metrics.pages_expected);
}

TEST_CASE("a malformed page fails the report naming the page, nothing written", "[generator]") {
    MockOptions o = company();
    o.malformed_page = 3;
    MockApiServer server(o);
    server.start();
    TempDir dir;
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        try {
            ReportGenerator(client(server)).generate(request(Format::xlsx, e), dir.file("r.xlsx"));
            FAIL("no error");
        } catch (const Error& err) {
            CHECK(err.kind() == ErrorKind::data);
            CHECK_THAT(err.what(), Catch::Contains("work-entries page 3"));
        }
        CHECK(dir.entries().empty());
    }
}

TEST_CASE("a wrong token fails fast with an auth error", "[generator]") {
    MockApiServer server(company());
    server.start();
    ClientConfig c = client(server);
    c.token = "not-the-token";
    TempDir dir;
    try {
        ReportGenerator(c).generate(request(), dir.file("r.csv"));
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::auth);
        CHECK_THAT(e.what(), !Catch::Contains("not-the-token"));
    }
    CHECK(server.counters().unauthorized >= 1);
    CHECK(server.counters().unauthorized <= 4);  // the concurrent first requests, no retries
    CHECK(server.counters().requests == server.counters().unauthorized);
    CHECK(dir.entries().empty());
}

TEST_CASE("a second report of one generator takes metadata from the cache", "[generator]") {
    MockApiServer server(company(false));
    server.start();
    ReportGenerator gen(client(server));
    test::CaptureSink first, second;
    const auto r1 = gen.generate(request(), first);
    const auto r2 = gen.generate(request(), second);
    CHECK(first.rows == second.rows);
    CHECK(first.finished);
    CHECK(r1.metrics.cache_hits == 0);
    CHECK(r1.metrics.cache_misses >= 3);
    CHECK(r2.metrics.cache_misses == 0);
    CHECK(r2.metrics.cache_hits == r1.metrics.cache_misses);
    CHECK(r2.metrics.cache_hit_rate() == 1.0);
    CHECK(r1.files.empty());
    const GenerationInfo info = gen.get_generation_info();
    CHECK(info.reports == 2);
    CHECK(info.last_strategy == "turbo");
    CHECK(info.turbo_thresholds == StrategyThresholds{.pages = 3, .records = 500});
    gen.configure_thresholds({.pages = 1000, .records = 1000000});
    const auto r3 = gen.generate(request(), second);
    CHECK(r3.metrics.strategy == "legacy");
    CHECK(gen.get_generation_info().turbo_thresholds.pages == 1000);
    CHECK(gen.config().turbo_thresholds.records == 1000000);
}

TEST_CASE("data that changes mid-run is detected and reported", "[generator]") {
    MockOptions o = company(false);
    o.drift = 30;
    MockApiServer server(o);
    server.start();
    ReportGenerator gen(client(server));
    test::CaptureSink sink;
    const auto r = gen.generate(request(Format::csv, EngineChoice::legacy), sink);
    CHECK_FALSE(r.metrics.consistent);
    CHECK_THAT(r.metrics.consistency_note, Catch::Contains("meta.total"));
}

TEST_CASE("strict: data that changed mid-run fails the report and writes nothing", "[generator]") {
    TempDir dir;
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        // The data changes once per server (after its first page 1).
        MockOptions o = company(false);
        o.drift = 30;
        MockApiServer server(o);
        server.start();
        ReportGenerator gen(client(server));
        ReportRequest req = request(Format::csv, e);
        req.strict = true;
        try {
            gen.generate(req, dir.file("r.csv"));
            FAIL("no error");
        } catch (const Error& err) {
            CHECK(err.kind() == ErrorKind::data);
            CHECK_THAT(err.what(), Catch::Contains("changed while the report ran") &&
                                       Catch::Contains("meta.total"));
        }
        CHECK(dir.entries().empty());  // no report, no temp file
    }

    // Without drift, strict changes nothing: the report is written.
    MockApiServer steady(company(false));
    steady.start();
    ReportGenerator steady_gen(client(steady));
    ReportRequest req = request(Format::csv);
    req.strict = true;
    const auto r = steady_gen.generate(req, dir.file("ok.csv"));
    CHECK(r.metrics.consistent);
    CHECK(r.rows > 0);
    CHECK(dir.entries() == std::vector<std::string>{"ok.csv"});
}

TEST_CASE("cancelling stops the report cleanly and leaves no file", "[generator]") {
    MockOptions o = company(false);
    o.latency_ms = 20;
    MockApiServer server(o);
    server.start();
    TempDir dir;
    CancelToken cancel;
    ReportGenerator gen(client(server));
    auto cfg_req = request(Format::csv, EngineChoice::legacy);
    try {
        gen.generate(
            cfg_req, dir.file("r.csv"),
            [&](const Progress& p) {
                if (p.pages_done >= 2) cancel.cancel();
            },
            &cancel);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::cancelled);
    }
    CHECK(dir.entries().empty());
    CHECK(server.counters().work_entry_pages < 6);
}

TEST_CASE("an unwritable output fails before any request", "[generator]") {
    MockApiServer server(company(false));
    server.start();
    try {
        ReportGenerator(client(server)).generate(request(), "/nonexistent-dir/r.csv");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
    }
    CHECK(server.counters().requests == 0);
}

TEST_CASE("turbo falls back to legacy for the pages it could not get", "[generator]") {
    TempDir dir;
    MockApiServer clean(company(false));
    clean.start();
    const std::string expected = dir.file("clean.csv");
    ReportGenerator(client(clean)).generate(request(), expected);

    MockOptions o = company(false);
    o.fail_page = 3;
    o.fail_times = 3;  // turbo's 1 + 2 retries fail, legacy's next try succeeds
    MockApiServer server(o);
    server.start();
    ClientConfig c = client(server);
    c.max_retries = 2;
    const std::string got = dir.file("fallback.csv");
    const auto r = ReportGenerator(c).generate(request(Format::csv, EngineChoice::turbo), got);
    CHECK(r.metrics.fallback_used);
    CHECK(r.metrics.fallback_pages >= 1);
    CHECK_THAT(r.metrics.fallback_reason, Catch::Contains("page 3"));
    CHECK(r.metrics.strategy == "turbo");
    CHECK(read_file(got) == read_file(expected));
}

TEST_CASE("a page failing past its retries fails the report, naming it", "[generator]") {
    MockOptions o = company(false);
    o.fail_page = 3;
    o.fail_times = -1;
    MockApiServer server(o);
    server.start();
    ClientConfig c = client(server);
    c.max_retries = 2;
    TempDir dir;
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        ReportGenerator gen(c);
        std::string message;
        try {
            gen.generate(request(Format::csv, e), dir.file("r.csv"));
            FAIL("no error");
        } catch (const Error& err) {
            CHECK(err.kind() == ErrorKind::api);
            CHECK_THAT(err.what(),
                       Catch::Contains("work-entries page 3") && Catch::Contains("503"));
            message = err.what();
        }
        CHECK(dir.entries().empty());
        // What the failed report did is kept, with its error.
        const Metrics m = gen.last_metrics();
        CHECK(m.error_kind == "api");
        CHECK(m.error == message);
        CHECK(m.retries_by_cause.at("5xx") >= 2);  // page 3's retries, at least
        CHECK(m.requests >= 3);
        CHECK(m.pages_fetched >= 1);  // page 1 at least
        CHECK(m.total_s > 0);
        CHECK_THAT(m.to_json(-1), Catch::Contains("\"ok\":false"));
    }
}

TEST_CASE("last_metrics: the last report's, and no error when it was written", "[generator]") {
    MockApiServer server(company(false));
    server.start();
    ReportGenerator gen(client(server));
    CHECK(gen.last_metrics().requests == 0);  // no report yet
    test::CaptureSink sink;
    const auto r = gen.generate(request(), sink);
    const Metrics m = gen.last_metrics();
    CHECK(m.error.empty());
    CHECK(m.error_kind.empty());
    CHECK(m.rows_written == r.metrics.rows_written);
    CHECK(m.requests == r.metrics.requests);
    CHECK_THAT(m.to_json(-1), Catch::Contains("\"ok\":true"));
}

TEST_CASE("a rate-limited server: turbo adapts and the report is whole", "[generator]") {
    MockOptions o = company(false);
    o.rate_limit = 15;
    MockApiServer server(o);
    server.start();
    ClientConfig c = client(server);
    c.page_size = 20;
    c.backoff_max_s = 2;
    test::CaptureSink sink;
    const auto r = ReportGenerator(c).generate(request(Format::csv, EngineChoice::turbo), sink);
    CHECK(r.metrics.pages_fetched == r.metrics.pages_expected);
    CHECK(r.metrics.pages_expected > 30);
    CHECK(r.metrics.consistent);
    // The server enforces its limit; the client must have been told (429) and
    // adapted: its window shrank below the configured 20.
    CHECK(server.counters().max_ok_per_second <= 15);
    CHECK(r.metrics.http_429 > 0);
    CHECK(r.metrics.final_window < 20);
}

TEST_CASE("an employee filter reports that employee only", "[generator]") {
    MockApiServer server(company(false));
    server.start();
    auto req = request();
    req.employee_id = server.employee_ids().at(3);
    test::CaptureSink sink;
    const auto r = ReportGenerator(client(server)).generate(req, sink);
    REQUIRE(sink.rows.size() > 10);
    const std::string name = sink.rows[0].substr(0, sink.rows[0].find('|'));
    for (const auto& row : sink.rows)
        CHECK(row.substr(0, row.find('|')) == name);
    CHECK(r.metrics.entries_decoded > 0);
    CHECK(r.metrics.entries_decoded < server.listed_total("", "") / 10);
    CHECK(r.metrics.consistent);
}

TEST_CASE("reports of one generator, at once, spend one company budget: no 429",
          "[generator][budget][timing]") {
    // The company admits 40 requests in 2 s (429 without Retry-After past
    // it); the generator's limit is 30 in 2 s. Two reports at once, each ~25
    // requests: paced apart they would send 60 in 2 s.
    //
    // The margin (10 requests) is what absorbs the requests the client
    // counted in one window and the server in the next: every request in
    // flight when a window turns, and the metadata requests of a report go
    // out together. Two CSV presence reports, one request at a time each
    // (legacy), keep that under 10; a report that also reads the payroll
    // sources sends a handful more at once, and on a loaded machine (ASan,
    // ctest -j3) that alone made 429s at a margin of 5.
    MockOptions o = company(false);
    o.budget = 40;
    o.budget_window_s = 2;
    MockApiServer server(o);
    server.start();
    ClientConfig c = client(server);
    c.rate_limit_per_minute = 30;  // per rate_window_s
    c.rate_window_s = 2;
    // Both thresholds: 837 entries pass the default 500.
    c.turbo_thresholds = {.pages = 1000, .records = 1000000};
    ReportGenerator gen(c);
    TempDir dir;
    std::vector<uint64_t> rows(2), http_429(2);
    std::vector<std::string> strategy(2);
    auto one = [&](std::size_t i) {
        ReportRequest r = request();
        r.layout = i == 0 ? Layout::by_employee : Layout::by_activity;
        const ReportResult res = gen.generate(r, dir.file("r" + std::to_string(i) + ".csv"));
        rows[i] = res.rows;
        http_429[i] = res.metrics.http_429;
        strategy[i] = res.metrics.strategy;
    };
    std::thread t0(one, 0), t1(one, 1);
    t0.join();
    t1.join();
    CHECK(rows[0] > 0);
    CHECK(rows[1] > 0);
    CHECK(strategy == std::vector<std::string>{"legacy", "legacy"});
    CHECK(server.counters().requests >= 45);  // enough to pass 40 in 2 s if unshared
    CHECK(server.counters().budget_exceeded == 0);
    CHECK(http_429[0] + http_429[1] == 0);
}

static_assert(std::is_nothrow_move_constructible_v<ReportGenerator>);
static_assert(std::is_nothrow_move_assignable_v<ReportGenerator>);
static_assert(!std::is_copy_constructible_v<ReportGenerator>);

TEST_CASE("a moved generator keeps its cache, thresholds and history", "[generator]") {
    MockApiServer server(company(false));
    server.start();
    ReportGenerator first(client(server));
    first.configure_thresholds({.pages = 1000, .records = 1000000});
    test::CaptureSink a, b, c;
    const auto r1 = first.generate(request(), a);
    std::vector<ReportGenerator> generators;
    generators.push_back(std::move(first));  // e.g. one generator per company in a container
    const auto r2 = generators.back().generate(request(), b);
    CHECK(a.rows == b.rows);
    CHECK(r2.metrics.cache_misses == 0);  // the metadata cache moved with it
    CHECK(r2.metrics.cache_hits == r1.metrics.cache_misses);
    CHECK(r2.metrics.strategy == "legacy");  // and the thresholds
    ReportGenerator other(client(server));
    other = std::move(generators.back());
    const auto r3 = other.generate(request(), c);
    CHECK(c.rows == a.rows);
    CHECK(r3.metrics.cache_misses == 0);
    CHECK(other.get_generation_info().reports == 3);
}
