// The workday figures end to end against the mock server (loopback): their
// totals in the metrics agree with the mock's own pauses and break types,
// presence with the TOTAL rows; paid_breaks pays the break types it names,
// and a name the company does not have fails before the pages are fetched.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/timestamp.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "support/capture_sink.hpp"

using namespace reportgen;

namespace {

MockOptions company() {
    MockOptions o;
    o.employees = 20;
    o.days = 10;
    o.start = "2024-05-01";
    o.token = "figures-test-token";
    return o;
}

ClientConfig client(const MockApiServer& s) {
    ClientConfig c;
    c.base_url = s.base_url();
    c.token = s.options().token;
    c.page_size = 50;
    return c;
}

ReportRequest request() {
    ReportRequest r;
    r.from = {2024, 5, 1};
    r.to = {2024, 5, 11};  // the data's night shifts end on 05-11: every shift is in
    r.format = Format::csv;
    return r;
}

// The mock's pauses straight from its answers: seconds by break type name,
// "" for none (an independent reading of the same data).
struct MockPauses {
    std::map<std::string, int64_t> by_break;
    std::map<std::string, bool> remunerated;  // by name
    int64_t total = 0;
    uint64_t untyped = 0;  // pauses without workBreakId, open ones too
};

nlohmann::json get_json(httplib::Client& http, const std::string& path, const std::string& token) {
    const auto r = http.Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return nlohmann::json::parse(r->body);
}

MockPauses mock_pauses(const MockApiServer& s) {
    httplib::Client http("127.0.0.1", s.port());
    const std::string token = s.options().token;
    MockPauses p;
    std::map<std::string, std::string> names;
    const auto breaks = get_json(http, "/schedule/v1/work-breaks?limit=100", token);
    for (const auto& b : breaks["data"]) {
        const auto name = b["name"].get<std::string>();
        names[b["id"].get<std::string>()] = name;
        p.remunerated[name] = b.value("remunerated", false);
    }
    for (int page = 1;; ++page) {
        const auto body = get_json(http,
                                   "/schedule/v1/work-entries?from=2024-04-30&to=2024-05-12&limit="
                                   "500&page=" + std::to_string(page),
                                   token);
        for (const auto& e : body["data"]) {
            if (e["workEntryType"] == "pause" && e["workBreakId"].is_null()) ++p.untyped;
            if (e["workEntryType"] != "pause" || e["workEntryOut"].is_null() ||
                e["workEntryOut"]["date"].is_null())
                continue;
            const auto in = detail::parse_timestamp(e["workEntryIn"]["date"].get<std::string>());
            const auto out = detail::parse_timestamp(e["workEntryOut"]["date"].get<std::string>());
            REQUIRE(in);
            REQUIRE(out);
            const int64_t d = std::max<int64_t>(0, out->utc - in->utc);
            const std::string type =
                e["workBreakId"].is_null() ? "" : names.at(e["workBreakId"].get<std::string>());
            p.by_break[type] += d;
            p.total += d;
        }
        if (page >= body["meta"]["lastPage"].get<int>()) break;
    }
    return p;
}

// Sum of the TOTAL rows' durations (the last cell, HH:MM:SS).
int64_t totals_of(const test::CaptureSink& sink) {
    int64_t sum = 0;
    for (std::size_t i = 0; i < sink.rows.size(); ++i) {
        if (!sink.total[i]) continue;
        const std::string cell = sink.rows[i].substr(sink.rows[i].rfind('|') + 1);
        const auto c1 = cell.find(':'), c2 = cell.rfind(':');
        sum += std::stoll(cell.substr(0, c1)) * 3600 + std::stoll(cell.substr(c1 + 1, 2)) * 60 +
               std::stoll(cell.substr(c2 + 1));
    }
    return sum;
}

}  // namespace

TEST_CASE("figures: totals against the mock, with and without paid breaks",
          "[generator][figures]") {
    MockApiServer server(company());
    server.start();
    const MockPauses mock = mock_pauses(server);
    REQUIRE(mock.total > 0);
    int64_t remunerated = 0;
    for (const auto& [name, s] : mock.by_break)
        if (!name.empty() && mock.remunerated.at(name)) remunerated += s;
    REQUIRE(mock.by_break.count("Comida"));
    REQUIRE_FALSE(mock.remunerated.at("Comida"));
    ReportGenerator gen(client(server));

    SECTION("no paid_breaks: only the break types marked remunerated are paid") {
        test::CaptureSink sink;
        const Metrics m = gen.generate(request(), sink).metrics;
        REQUIRE(m.outside_range_dropped == 0);  // the oracle read every entry too
        CHECK(m.presence_s == totals_of(sink));  // presence is what the TOTAL rows sum
        CHECK(m.pause_s == mock.total);
        CHECK(m.paid_pause_s == remunerated);
        CHECK(m.unpaid_pause_s == mock.total - remunerated);
        CHECK(m.pause_only_shifts_dropped == 0);
        CHECK(m.effective_s == m.presence_s - m.unpaid_pause_s);
        CHECK(m.night_s > 0);  // the mock has night shifts
        CHECK(m.night_s <= m.effective_s);
        CHECK(m.paid_break_types == 2);
        CHECK(m.untyped_pauses == mock.untyped);
        const auto j = nlohmann::json::parse(m.to_json());
        CHECK(j["presence_s"] == m.presence_s);
        CHECK(j["effective_s"] == m.effective_s);
        CHECK(j["unpaid_pause_s"] == m.unpaid_pause_s);
        CHECK(j["night_s"] == m.night_s);
    }
    SECTION("paid_breaks names lunch: its pauses count as work; presence does not change") {
        test::CaptureSink plain, paid;
        const Metrics a = gen.generate(request(), plain).metrics;
        ReportRequest r = request();
        r.paid_breaks = {" comida "};
        const Metrics b = gen.generate(r, paid).metrics;
        CHECK(paid.rows == plain.rows);  // the reports do not show the figures yet
        CHECK(b.presence_s == a.presence_s);
        CHECK(b.paid_pause_s == a.paid_pause_s + mock.by_break.at("Comida"));
        CHECK(b.effective_s == a.effective_s + mock.by_break.at("Comida"));
        CHECK(b.paid_break_types == 3);
    }
}

TEST_CASE("figures: a paid break the company does not have fails before the pages",
          "[generator][figures]") {
    MockApiServer server(company());
    server.start();
    ReportGenerator gen(client(server));
    REQUIRE(server.listed_total("2024-04-30", "2024-05-12") > 100);  // more than one page
    ReportRequest r = request();
    r.paid_breaks = {"Comida", "Pausa cafe"};  // the company's is "Pausa café"
    test::CaptureSink sink;
    try {
        gen.generate(r, sink);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK_THAT(e.what(), Catch::Contains("'Pausa cafe' matches no break type"));
        CHECK_THAT(e.what(), Catch::Contains("'Pausa café'"));
        CHECK_THAT(e.what(), Catch::Contains("'Comida'"));
    }
    CHECK(server.counters().work_entry_pages == 1);  // page 1 only, fetched beside the metadata
    CHECK(sink.rows.empty());
}
