// Pages that disagree, served over loopback in both orders to both engines
// (docs/DESIGN.md "Report semantics" 1 and 5): copies of one entry that
// differ in deletedAt or in having a clock-out resolve the same way whatever
// page came first, and two employees clocking in at the same second in one
// activity and group keep the employee order, not the entry-id order nor
// the order the pages arrived in.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "support/capture_sink.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using reportgen::test::LoopbackServer;

namespace {

constexpr const char* kToken = "page-order-token";

// Employee ids in the opposite order of their names: "e1" is Zoe, "e2" Ana.
constexpr const char* kZoe =
    R"({"id":"e1","firstName":"Zoe","lastName":"Zapata","nid":"2Z","identityNumberType":"dni"})";
constexpr const char* kAna =
    R"({"id":"e2","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"})";

std::string entry(int n, const char* employee, const std::string& in, const std::string& out,
                  int worked, bool deleted) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
    const std::string out_json =
        out.empty() ? "null" : R"({"date":"2024-05-02T)" + out + R"(+02:00"})";
    return R"({"id":")" + std::string(id) +
           R"(","workEntryType":"work","workCheckTypeId":null,"employee":)" + employee +
           R"(,"workEntryIn":{"date":"2024-05-02T)" + in + R"(+02:00"},"workEntryOut":)" +
           out_json + R"(,"workedSeconds":)" + std::to_string(worked) + R"(,"deletedAt":)" +
           (deleted ? R"("2024-05-03T10:00:00+02:00")" : "null") + "}";
}

// Two reads of the same day, taken while Ana's entries changed: entry 3 was
// deleted and entry 4 closed between them. Entries 1 (Zoe) and 2 (Ana) clock
// in at the same second; Zoe's has the smaller id.
std::string page_content(int which) {
    std::vector<std::string> items;
    if (which == 0) {
        items = {entry(3, kAna, "08:00:00", "12:00:00", 4 * 3600, false),
                 entry(4, kAna, "13:00:00", "", 600, false),
                 entry(1, kZoe, "09:00:00", "10:00:00", 3600, false)};
    } else {
        items = {entry(3, kAna, "08:00:00", "12:00:00", 4 * 3600, true),
                 entry(4, kAna, "13:00:00", "15:00:00", 2 * 3600, false),
                 entry(2, kAna, "09:00:00", "11:00:00", 2 * 3600, false)};
    }
    std::string data;
    for (const auto& i : items)
        data += (data.empty() ? "" : ",") + i;
    return data;
}

class TwoReadsApi {
  public:
    // reversed: the later read is served as page 1.
    explicit TwoReadsApi(bool reversed) : reversed_(reversed) {
        test::serve_empty_metadata(srv.server);
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c1","name":"Two reads"}},"meta":{}})",
                            "application/json");
        });
        srv.server.Get("/schedule/v1/work-entries",
                       [this](const httplib::Request& req, httplib::Response& res) {
                           const int p = std::stoi(req.get_param_value("page"));
                           const int which = (p - 1) ^ (reversed_ ? 1 : 0);
                           res.set_content(R"({"data":[)" + page_content(which) +
                                               R"(],"meta":{"currentPage":)" +
                                               std::to_string(p) +
                                               R"(,"lastPage":2,"total":4,"perPage":3}})",
                                           "application/json");
                       });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.page_size = 3;
        c.timeout_s = 5;
        return c;
    }

  private:
    bool reversed_;

  public:
    LoopbackServer srv;  // last: stopped first
};

std::vector<std::string> rows_of(bool reversed, EngineChoice engine, Layout layout,
                                 Metrics* metrics = nullptr) {
    TwoReadsApi api(reversed);
    ReportRequest req;
    req.from = {2024, 5, 2};
    req.to = {2024, 5, 2};
    req.format = Format::csv;
    req.engine = engine;
    req.layout = layout;
    test::CaptureSink sink;
    const ReportResult r = ReportGenerator(api.config()).generate(req, sink);
    if (metrics) *metrics = r.metrics;
    return sink.rows;
}

}  // namespace

TEST_CASE("pages in either order, either engine: the deleted and the closed copy win",
          "[generator][duplicates]") {
    const std::vector<std::string> expected = {
        "Ana Ruiz|dni|1Z|02/05/2024|Registro normal|Sin Grupo|09:00:00|11:00:00|02:00:00",
        "Ana Ruiz|dni|1Z|02/05/2024|Registro normal|Sin Grupo|13:00:00|15:00:00|02:00:00",
        "Ana Ruiz|dni|1Z|02/05/2024|TOTAL||||04:00:00",
        "Zoe Zapata|dni|2Z|02/05/2024|Registro normal|Sin Grupo|09:00:00|10:00:00|01:00:00",
        "Zoe Zapata|dni|2Z|02/05/2024|TOTAL||||01:00:00",
    };
    for (const EngineChoice engine : {EngineChoice::legacy, EngineChoice::turbo}) {
        for (const bool reversed : {false, true}) {
            INFO((engine == EngineChoice::turbo ? "turbo" : "legacy")
                 << (reversed ? ", pages reversed" : ""));
            Metrics m;
            CHECK(rows_of(reversed, engine, Layout::by_employee, &m) == expected);
            CHECK(m.pages_fetched == 2);
            CHECK(m.duplicates_dropped == 2);
            CHECK(m.duplicates_conflicting == 2);
            CHECK(m.deleted_dropped == 1);
            CHECK(m.open_entries == 0);
            CHECK(m.distinct_entries == 4);
            CHECK(m.consistent);
            CHECK(m.to_json().find("\"duplicates_conflicting\": 2") != std::string::npos);
        }
    }
}

TEST_CASE("pages in either order, either engine: equal clock-ins follow the employee order",
          "[generator][layout]") {
    const std::vector<std::string> by_activity = {
        "Ana Ruiz|dni|1Z|02/05/2024|Registro normal|Sin Grupo|09:00:00|11:00:00|02:00:00",
        "Zoe Zapata|dni|2Z|02/05/2024|Registro normal|Sin Grupo|09:00:00|10:00:00|01:00:00",
        "Ana Ruiz|dni|1Z|02/05/2024|Registro normal|Sin Grupo|13:00:00|15:00:00|02:00:00",
        "TOTAL|||02/05/2024|Registro normal||||05:00:00",
    };
    const std::vector<std::string> by_group = {
        "Sin Grupo|Registro normal|02/05/2024|Ana Ruiz|dni|1Z|09:00:00|11:00:00|02:00:00",
        "Sin Grupo|Registro normal|02/05/2024|Zoe Zapata|dni|2Z|09:00:00|10:00:00|01:00:00",
        "Sin Grupo|Registro normal|02/05/2024|Ana Ruiz|dni|1Z|13:00:00|15:00:00|02:00:00",
        "Sin Grupo|TOTAL|02/05/2024||||||05:00:00",
    };
    for (const EngineChoice engine : {EngineChoice::legacy, EngineChoice::turbo}) {
        for (const bool reversed : {false, true}) {
            INFO((engine == EngineChoice::turbo ? "turbo" : "legacy")
                 << (reversed ? ", pages reversed" : ""));
            CHECK(rows_of(reversed, engine, Layout::by_activity) == by_activity);
            CHECK(rows_of(reversed, engine, Layout::by_group) == by_group);
        }
    }
}
