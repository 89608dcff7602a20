// BatchRunner against the mock API with several companies on one port:
// outputs equal single reports, a wrong token fails only its company,
// cancellation stops all.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

#include "batch_fixture.hpp"
#include "reportgen/batch.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"

using namespace reportgen;

namespace {

constexpr int kCompanies = 5;

MockOptions many_companies() {
    return reportgen::test::many_companies(kCompanies);
}

// Every company of the mock writing dir/{company}_{type}.csv, c2 by group,
// c3 the payroll figures;
// tokens in RG_BATCH_RUN_TOKEN_k, one wrong when `bad` is set.
std::vector<CompanyJob> jobs_for(const MockApiServer& s, const reportgen::test::TempDir& dir,
                                 int bad = 0) {
    return reportgen::test::env_token_jobs(
        s, dir.file("{company}_{type}.csv"), "RG_BATCH_RUN_TOKEN_", bad,
        [](int k) {
            return std::string(k == 2   ? "type = \"by_group\"\n"
                               : k == 3 ? "type = \"payroll\"\n"
                                        : "");
        });
}

}  // namespace

TEST_CASE("batch runner: each company's file equals its single report byte for byte",
          "[batch][runner]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto jobs = jobs_for(server, dir);
    std::atomic<int> started{0}, finished{0};
    BatchCallbacks cb;
    cb.started = [&](const std::string&) { ++started; };
    cb.finished = [&](const CompanyOutcome&) { ++finished; };
    const auto outcomes = BatchRunner(2).run(jobs, {2024, 1, 1}, {2024, 1, 10}, cb);
    CHECK(started == kCompanies);
    CHECK(finished == kCompanies);
    REQUIRE(outcomes.size() == static_cast<std::size_t>(kCompanies));

    std::set<std::string> contents;
    for (int k = 1; k <= kCompanies; ++k) {
        const auto& o = outcomes[static_cast<std::size_t>(k - 1)];
        INFO(o.name << ": " << o.message);
        std::string name = "c";  // not "c" + to_string(k): GCC 12 -O3 warns (stringop-overflow)
        name += std::to_string(k);
        CHECK(o.name == name);
        REQUIRE(o.ok);
        const Layout layout = k == 2 ? Layout::by_group : k == 3 ? Layout::payroll : Layout::by_employee;
        CHECK(o.file == dir.file(o.name + "_" + std::string(to_string(layout)) + ".csv"));
        CHECK(o.rows > 0);
        CHECK(o.entries == o.metrics.entries_decoded);
        CHECK(o.entries > 0);

        // The same company alone, through its own generator.
        ClientConfig cfg;
        cfg.base_url = server.base_url();
        cfg.token = server.token_for(k);
        ReportRequest r;
        r.from = {2024, 1, 1};
        r.to = {2024, 1, 10};
        r.format = Format::csv;
        r.layout = layout;
        ReportGenerator single(cfg);
        single.generate(r, dir.file("single.csv"));
        const std::string batch_bytes = reportgen::test::read_file(o.file);
        CHECK(batch_bytes == reportgen::test::read_file(dir.file("single.csv")));
        contents.insert(batch_bytes);
        if (layout == Layout::payroll) {  // its own sources, read by the batch too
            CHECK(batch_bytes.find("Horas teóricas") != std::string::npos);
            CHECK(o.metrics.requests_by_endpoint.count("worked-hours") == 1);
            CHECK(o.metrics.sources_missing.empty());
        }
    }
    // Each company has its own data: no two files alike.
    CHECK(contents.size() == static_cast<std::size_t>(kCompanies));
}

TEST_CASE("batch runner: a wrong token fails its company only, as auth", "[batch][runner]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto jobs = jobs_for(server, dir, 3);
    const auto outcomes = BatchRunner(8).run(jobs, {2024, 1, 1}, {2024, 1, 10});
    REQUIRE(outcomes.size() == static_cast<std::size_t>(kCompanies));
    for (const auto& o : outcomes) {
        INFO(o.name << ": " << o.message);
        if (o.name == "c3") {
            CHECK_FALSE(o.ok);
            CHECK(o.error_kind == std::optional<ErrorKind>(ErrorKind::auth));
            CHECK_THAT(o.message, !Catch::Contains("wrong-token"));
            CHECK_FALSE(reportgen::test::fs::exists(o.file));
            CHECK(o.metrics.requests > 0);  // the failed report's metrics are kept
        } else {
            CHECK(o.ok);
            CHECK(reportgen::test::fs::exists(o.file));
        }
    }
    CHECK(server.counters().unauthorized > 0);
}

TEST_CASE("batch runner: a cancelled token stops every company before any request",
          "[batch][runner]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto jobs = jobs_for(server, dir);
    CancelToken cancel;
    cancel.cancel();
    const auto outcomes = BatchRunner(3).run(jobs, {2024, 1, 1}, {2024, 1, 10}, {}, &cancel);
    for (const auto& o : outcomes) {
        CHECK_FALSE(o.ok);
        CHECK(o.error_kind == std::optional<ErrorKind>(ErrorKind::cancelled));
    }
    CHECK(server.counters().requests == 0);
    CHECK(dir.entries().empty());
}

TEST_CASE("batch runner: a bad period fails every company as usage", "[batch][runner]") {
    MockApiServer server(many_companies());
    server.start();
    reportgen::test::TempDir dir;
    const auto outcomes = BatchRunner(2).run(jobs_for(server, dir), {2024, 1, 10}, {2024, 1, 1});
    for (const auto& o : outcomes)
        CHECK(o.error_kind == std::optional<ErrorKind>(ErrorKind::usage));
    CHECK(server.counters().requests == 0);
}

TEST_CASE("batch runner: progress reports each company's own pages under its name",
          "[batch][runner][progress]") {
    MockOptions o = many_companies();
    o.employees = 60;  // several pages a company
    MockApiServer server(o);
    server.start();
    reportgen::test::TempDir dir;
    auto jobs = jobs_for(server, dir);
    for (auto& j : jobs)
        j.client.page_size = 20;
    std::mutex mutex;
    std::map<std::string, Progress> last;  // phase not kept: a view into the report
    std::map<std::string, int> calls;
    BatchCallbacks cb;
    cb.progress = [&](const std::string& company, const Progress& p) {
        const std::lock_guard lock(mutex);
        ++calls[company];
        last[company] = Progress{{}, p.pages_done, p.pages_total, p.entries, p.elapsed_s};
    };
    const auto outcomes = BatchRunner(3).run(jobs, {2024, 1, 1}, {2024, 1, 10}, cb);
    REQUIRE(last.size() == static_cast<std::size_t>(kCompanies));
    for (const auto& out : outcomes) {
        REQUIRE(out.ok);
        const Progress& p = last.at(out.name);
        CHECK(calls.at(out.name) > 2);
        CHECK(p.pages_total == out.metrics.pages_fetched);
        CHECK(p.pages_done == p.pages_total);
        CHECK(p.entries == out.entries);
    }
}

TEST_CASE("mock: uniform_companies gives every company company 1's size", "[batch][runner]") {
    MockOptions o = many_companies();
    o.employees = 30;
    auto entries_of = [](const MockOptions& mo) {
        MockApiServer server(mo);
        server.start();
        reportgen::test::TempDir dir;
        std::vector<uint64_t> out;
        for (const auto& c :
             BatchRunner(kCompanies).run(jobs_for(server, dir), {2024, 1, 1}, {2024, 1, 10})) {
            REQUIRE(c.ok);
            out.push_back(c.entries);
        }
        return out;
    };
    const auto growing = entries_of(o);
    o.uniform_companies = true;
    const auto uniform = entries_of(o);
    // Company 5 has 30 + 4 x 10 employees by default, 30 when uniform.
    CHECK(growing[4] > growing[0] * 2);
    CHECK(uniform[0] == growing[0]);
    for (std::size_t k = 1; k < uniform.size(); ++k) {
        CHECK(uniform[k] > uniform[0] * 8 / 10);
        CHECK(uniform[k] < uniform[0] * 12 / 10);
    }
}
