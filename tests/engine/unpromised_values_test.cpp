// Values the API document does not promise (docs/API.md "Errors the client
// must expect"): an unknown workEntryType, an unknown identityNumberType, a
// missing workedSeconds and a null employee are reported as the document's
// notes say, counted in the metrics and warned about once per kind; with
// ReportRequest::strict they fail the report and nothing is written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "reportgen/log.hpp"
#include "support/capture_sink.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"
#include "support/log_capture.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using reportgen::test::LogCapture;
using reportgen::test::LoopbackServer;

namespace {

constexpr const char* kToken = "unpromised-token";

std::string entry(int n, const std::string& type, const std::string& employee,
                  const std::string& worked) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
    return R"({"id":")" + std::string(id) + R"(","workEntryType":")" + type +
           R"(","workCheckTypeId":null,"employee":)" + employee +
           R"(,"workEntryIn":{"date":"2024-05-02T08:00:00+02:00"},)"
           R"("workEntryOut":{"date":"2024-05-02T10:30:00+02:00"})" +
           worked + R"(,"deletedAt":null})";
}

// Two pages: the oddities appear on both, so "once per kind" is visible.
std::string page(int p) {
    const std::string ana =
        R"({"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"})";
    const std::string odd_id =
        R"({"id":"e2","firstName":"Bo","lastName":"Li","nid":"X9","identityNumberType":"PASSPORT"})";
    const std::string items = entry(p * 10 + 1, "remote", ana, R"(,"workedSeconds":9000)") + "," +
                              entry(p * 10 + 2, "work", odd_id, R"(,"workedSeconds":9000)") + "," +
                              entry(p * 10 + 3, "work", ana, "") + "," +
                              entry(p * 10 + 4, "work", "null", R"(,"workedSeconds":9000)");
    return R"({"data":[)" + items + R"(],"meta":{"currentPage":)" + std::to_string(p) +
           R"(,"lastPage":2,"total":8,"perPage":4}})";
}

class OddApi {
  public:
    OddApi() {
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Odd"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get(
            "/schedule/v1/work-entries", [](const httplib::Request& req, httplib::Response& res) {
                res.set_content(page(std::stoi(req.get_param_value("page"))), "application/json");
            });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.page_size = 4;
        c.timeout_s = 5;
        return c;
    }
    LoopbackServer srv;
};

ReportRequest may_2() {
    ReportRequest r;
    r.from = {2024, 5, 2};
    r.to = {2024, 5, 2};
    r.format = Format::csv;
    return r;
}

}  // namespace

TEST_CASE("unpromised values are reported, counted and warned once per kind", "[generator]") {
    OddApi api;
    LogCapture log;
    for (EngineChoice engine : {EngineChoice::legacy, EngineChoice::turbo}) {
        ReportGenerator gen(api.config());
        test::CaptureSink sink;
        auto req = may_2();
        req.engine = engine;
        const ReportResult r = gen.generate(req, sink);
        CHECK(r.metrics.unknown_entry_types == 2);
        CHECK(r.metrics.unknown_identity_types == 2);
        CHECK(r.metrics.missing_worked_seconds == 2);
        CHECK(r.metrics.null_employees == 2);
        CHECK(r.metrics.to_json().find("\"null_employees\": 2") != std::string::npos);
        // Every entry is a row: the unknown type as work, the unknown
        // identity type as given (lower-cased), the null employee as unknown.
        CHECK(r.rows == 8);
        bool passport = false, unknown = false;
        for (const auto& row : sink.rows) {
            passport = passport || row.find("|passport|X9|") != std::string::npos;
            unknown = unknown || row.rfind("Empleado desconocido|", 0) == 0;
        }
        CHECK(passport);
        CHECK(unknown);
    }
    // Once per kind and report: two reports, four kinds, two pages each.
    CHECK(log.count("workEntryType") == 2);
    CHECK(log.count("identityNumberType") == 2);
    CHECK(log.count("without workedSeconds") == 2);
    CHECK(log.count("null employee") == 2);
}

TEST_CASE("strict: unpromised values fail the report and write nothing", "[generator]") {
    OddApi api;
    LogCapture quiet;
    reportgen::test::TempDir dir;
    ReportGenerator gen(api.config());
    auto req = may_2();
    req.strict = true;
    const std::string path = dir.file("odd.csv");
    const Error e = test::expect_error([&] { gen.generate(req, path); });
    CHECK(e.kind() == ErrorKind::data);
    CHECK_THAT(e.what(), Catch::Contains("values the API does not promise") &&
                             Catch::Contains("2 entries of an unknown workEntryType") &&
                             Catch::Contains("2 entries with a null employee") &&
                             Catch::Contains("strict"));
    CHECK_FALSE(std::filesystem::exists(path));
}
