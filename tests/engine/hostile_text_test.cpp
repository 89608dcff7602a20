// Hostile text from a server, end to end over loopback (issue 22): a name
// with a "\u0000" and a 40,000-character name are written, in CSV whole and
// in XLSX cut at Excel's limit, the NUL replaced by U+FFFD in both, each
// with a warning; the report does not fail.
#include <catch2/catch.hpp>

#include <string>

#include "reportgen/generator.hpp"
#include "support/files.hpp"
#include "support/log_capture.hpp"
#include "support/loopback_server.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using reportgen::test::LogCapture;
using reportgen::test::LoopbackServer;
using reportgen::test::TempDir;

namespace {

const std::string kLong(40000, 'x');

std::string page() {
    const auto entry = [](const char* id, const std::string& first, const std::string& nid) {
        return R"({"id":")" + std::string(id) +
               R"(","workEntryType":"work","workCheckTypeId":null,"employee":{"id":"e-)" + nid +
               R"(","firstName":")" + first + R"(","lastName":"Ruiz","nid":")" + nid +
               R"(","identityNumberType":"dni"},)"
               R"("workEntryIn":{"date":"2024-05-02T08:00:00+02:00"},)"
               R"("workEntryOut":{"date":"2024-05-02T10:30:00+02:00"},)"
               R"("workedSeconds":9000,"deletedAt":null})";
    };
    return R"({"data":[)" + entry("00000000-0000-4000-8000-000000000001", "Ana\\u0000Mar", "1Z") +
           "," + entry("00000000-0000-4000-8000-000000000002", kLong, "2Z") +
           R"(],"meta":{"currentPage":1,"lastPage":1,"total":2,"perPage":10}})";
}

class HostileTextApi {
  public:
    HostileTextApi() {
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Odd"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [](const httplib::Request&, httplib::Response& res) {
                           res.set_content(page(), "application/json");
                       });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = "hostile-text-token";
        c.timeout_s = 5;
        return c;
    }
    LoopbackServer srv;
};

}  // namespace

TEST_CASE("hostile text: a NUL and a 40000-character name written alike in CSV and XLSX",
          "[generator][hostile]") {
    HostileTextApi api;
    LogCapture log;
    TempDir dir;
    ReportRequest req;
    req.from = req.to = {2024, 5, 2};
    req.format = Format::csv;
    req.csv.bom = false;
    ReportGenerator gen(api.config());
    gen.generate(req, dir.file("r.csv"));
    req.format = Format::xlsx;
    gen.generate(req, dir.file("r.xlsx"));

    const std::string fffd = "\xEF\xBF\xBD";
    const auto csv = reportgen::test::parse_csv(reportgen::test::read_file(dir.file("r.csv")));
    const auto cells = reportgen::test::sheet_cells(
        reportgen::test::unzip_member(dir.file("r.xlsx"), "xl/worksheets/sheet1.xml"));
    // Rows by name: "Ana\uFFFDMar Ruiz" (and its TOTAL), then "xxx… Ruiz".
    REQUIRE(csv.size() == 5);
    CHECK(csv[1][0] == "Ana" + fffd + "Mar Ruiz");
    CHECK(cells.at("A2").text == csv[1][0]);
    CHECK(csv[3][0] == kLong + " Ruiz");
    CHECK(cells.at("A4").text == kLong.substr(0, 32767));
    CHECK(log.count("CSV: column 'Empleado', line 2") == 1);
    CHECK(log.count("XLSX: column 'Empleado', sheet") >= 2);
    CHECK(log.count("cut to Excel's 32767") >= 1);
}
