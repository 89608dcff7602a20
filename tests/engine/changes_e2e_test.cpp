// Modified and deleted entries end to end against the mock server
// (loopback): the changes an XLSX lists ("Modificaciones") are the same
// whichever engine fetched the pages, and are exactly those the rule of
// docs/DESIGN.md "Traceability and place of work" gives the mock's own
// answers (read here independently), deleted entries (onlyReturn=deleted)
// included; the deleted entries' extra fetch is counted, in no total, and
// not made for a CSV presence report.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "api/timestamp.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/row.hpp"
#include "support/capture_sink.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;

namespace {

MockOptions company() {
    MockOptions o;
    o.employees = 20;
    o.days = 10;
    o.start = "2024-05-01";
    o.token = "changes-test-token";
    return o;
}

// "dd/mm/yyyy HH:MM:SS" of local seconds since the epoch.
std::string stamp(int64_t local) {
    const int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    return format_date(day) + " " + format_time(local - day * 86400);
}

detail::Timestamp time_of(const nlohmann::json& v) {
    const auto t = detail::parse_timestamp(v.get<std::string>());
    REQUIRE(t);
    return *t;
}

// What the rule says of the mock's entries (the report's whole range):
// "name|clock-in|what", what as the Spanish sheet says it.
std::multiset<std::string> mock_changes(const MockApiServer& server, const char* only) {
    httplib::Client http(server.base_url());
    const httplib::Headers auth{{"Authorization", "Bearer " + server.options().token}};
    std::multiset<std::string> out;
    for (int page = 1;; ++page) {
        const std::string path = std::string("/schedule/v1/work-entries?from=2024-04-30&to=2024-05-12"
                                             "&limit=500&onlyReturn=") +
                                 only + "&page=" + std::to_string(page);
        const auto r = http.Get(path.c_str(), auth);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        const auto body = nlohmann::json::parse(r->body);
        for (const auto& e : body["data"]) {
            const auto in = time_of(e["workEntryIn"]["date"]);
            const std::string key = e["employee"]["firstName"].get<std::string>() + " " +
                                    e["employee"]["lastName"].get<std::string>() + "|" +
                                    stamp(in.utc + in.offset_min * 60) + "|";
            if (!e["deletedAt"].is_null()) {
                out.insert(key + "eliminado");
                continue;
            }
            const int64_t created = time_of(e["createdAt"]).utc;
            const int64_t updated = time_of(e["updatedAt"]).utc;
            const bool closed =
                e["workEntryOut"].is_object() && !e["workEntryOut"]["date"].is_null();
            const int64_t out_utc = closed ? time_of(e["workEntryOut"]["date"]).utc : 0;
            const bool late = closed && created > out_utc + 900;
            const bool edited = updated > (closed ? std::max(created, out_utc) : created) + 300;
            if (late && edited)
                out.insert(key + "introducido tarde; editado");
            else if (late)
                out.insert(key + "introducido tarde");
            else if (edited)
                out.insert(key + "editado");
        }
        if (page >= body["meta"]["lastPage"].get<int>()) break;
    }
    return out;
}

// Keeps the rows and the changes the summary lists.
class ChangesSink final : public RowSink {
  public:
    test::CaptureSink rows;
    bool listed = false;
    int64_t worked_s = 0;
    std::vector<std::string> changes;  // every field, in order
    std::multiset<std::string> keys;   // "name|clock-in|what"

    void begin(std::span<const std::string_view> h) override { rows.begin(h); }
    void row(const TypedRow& r) override { rows.row(r); }
    void summary(const ReportSummary& s) override {
        listed = s.changes_listed;
        worked_s = s.worked_s;
        for (const ChangeSummary& c : s.changes) {
            const std::string key =
                std::string(c.name) + "|" + stamp(c.clock_in) + "|" + std::string(c.what);
            keys.insert(key);
            changes.push_back(key + "|" + std::string(c.nid) + "|" + format_date(c.workday) + "|" +
                              (c.has_clock_out ? stamp(c.clock_out) : "") + "|" +
                              (c.has_created ? stamp(c.created) : "") + "|" +
                              (c.has_updated ? stamp(c.updated) : "") + "|" +
                              std::string(c.origin_in) + "|" + std::string(c.origin_out));
        }
    }
    void finish() override { rows.finish(); }
};

struct Run {
    ChangesSink sink;
    Metrics metrics;
};

ClientConfig client(const MockApiServer& server) {
    ClientConfig c;
    c.base_url = server.base_url();
    c.token = server.options().token;
    c.page_size = 50;
    return c;
}

// The data's whole range (its night shifts end on 05-11).
ReportRequest request(EngineChoice engine, Format format, Layout layout) {
    ReportRequest req;
    req.from = {2024, 5, 1};
    req.to = {2024, 5, 11};
    req.format = format;
    req.layout = layout;
    req.engine = engine;
    return req;
}

Run report(const MockApiServer& server, EngineChoice engine, Format format, Layout layout) {
    Run r;
    r.metrics =
        ReportGenerator(client(server)).generate(request(engine, format, layout), r.sink).metrics;
    return r;
}

// An XLSX file written by the generator, its "Modificaciones" rows read
// back ("name|clock-in|what|..."), keys as mock_changes() makes them.
struct FileRun {
    Metrics metrics;
    std::vector<std::string> sheets;
    std::vector<std::string> rows;
    std::multiset<std::string> keys;
};

std::string serial_stamp(const std::map<std::string, test::XCell>& cells, const std::string& ref) {
    const auto it = cells.find(ref);
    if (it == cells.end()) return "";
    const double serial = it->second.number();
    return stamp(static_cast<int64_t>(std::llround((serial - 25569.0) * 86400.0)));
}

FileRun report_file(const MockApiServer& server, EngineChoice engine, const std::string& path) {
    FileRun r;
    r.metrics = ReportGenerator(client(server))
                    .generate(request(engine, Format::xlsx, Layout::by_employee), path)
                    .metrics;
    const std::string wb = test::unzip_member(path, "xl/workbook.xml");
    for (const auto s : test::elements(test::section(wb, "sheets"), "sheet"))
        r.sheets.push_back(*test::attr(s, "name"));
    const auto at = std::find(r.sheets.begin(), r.sheets.end(), "Modificaciones");
    REQUIRE(at != r.sheets.end());
    const auto cells = test::sheet_cells(test::unzip_member(
        path, "xl/worksheets/sheet" + std::to_string(at - r.sheets.begin() + 1) + ".xml"));
    CHECK(cells.at("A1").text == "Empleado");
    CHECK(cells.at("K1").text == "Cambio");
    for (int row = 2; cells.count("A" + std::to_string(row)); ++row) {
        const std::string n = std::to_string(row);
        auto text = [&](const char* col) {
            const auto it = cells.find(col + n);
            return it == cells.end() ? std::string() : it->second.text;
        };
        const std::string key = text("A") + "|" + serial_stamp(cells, "E" + n) + "|" + text("K");
        r.keys.insert(key);
        r.rows.push_back(key + "|" + text("C") + "|" + serial_stamp(cells, "D" + n) + "|" +
                         serial_stamp(cells, "G" + n) + "|" + serial_stamp(cells, "H" + n) + "|" +
                         text("I"));
    }
    return r;
}

uint64_t work_entries_requests(const Metrics& m) {
    uint64_t n = 0;
    for (const auto& [endpoint, count] : m.requests_by_endpoint)
        if (endpoint.find("work-entries") != std::string::npos) n += count;
    return n;
}

}  // namespace

TEST_CASE("changes: the Modificaciones sheet against the mock, both engines",
          "[generator][trace]") {
    MockApiServer server(company());
    server.start();
    std::multiset<std::string> expected = mock_changes(server, "not_deleted");
    const std::multiset<std::string> deleted = mock_changes(server, "deleted");
    REQUIRE_FALSE(deleted.empty());  // the mock deletes a mistaken clock-in now and then
    std::size_t late = 0, edited = 0;
    for (const std::string& k : expected) {
        late += k.find("tarde") != std::string::npos;
        edited += k.find("editado") != std::string::npos;
    }
    REQUIRE(late > 0);    // entered after the fact: one closed work entry in 40
    REQUIRE(edited > 0);  // corrected days later: one closed entry in 25
    const std::multiset<std::string> modified = expected;
    expected.insert(deleted.begin(), deleted.end());

    test::TempDir dir;
    const FileRun legacy = report_file(server, EngineChoice::legacy, dir.file("legacy.xlsx"));
    const FileRun turbo = report_file(server, EngineChoice::turbo, dir.file("turbo.xlsx"));
    CHECK(legacy.sheets == std::vector<std::string>{"Informe", "Resumen", "Resumen por día",
                                                    "Modificaciones", "Cumplimiento"});
    CHECK(legacy.keys == expected);
    CHECK(legacy.rows == turbo.rows);
    CHECK(legacy.metrics.deleted_entries == deleted.size());
    CHECK(legacy.metrics.modified_entries == modified.size());
    CHECK(legacy.metrics.deleted_pages >= 1);
    CHECK(turbo.metrics.deleted_pages == legacy.metrics.deleted_pages);
    // Every row: an ID number, a date, a clock-in, both record times.
    for (const std::string& row : legacy.rows) {
        INFO(row);
        CHECK(row.find("||") == std::string::npos);
    }

    // A caller's own sink gets the modified entries (no deleted fetch); a
    // CSV presence report reads no trace and fetches nothing more. Their
    // rows and totals agree: the deleted entries are in no total.
    const Run own = report(server, EngineChoice::legacy, Format::xlsx, Layout::by_employee);
    REQUIRE(own.sink.listed);
    CHECK(own.sink.keys == modified);
    CHECK(own.metrics.deleted_pages == 0);
    const Run csv = report(server, EngineChoice::legacy, Format::csv, Layout::by_employee);
    CHECK_FALSE(csv.sink.listed);
    CHECK_FALSE(csv.metrics.traces_read);
    CHECK(csv.metrics.deleted_pages == 0);
    CHECK(csv.metrics.deleted_entries == 0);
    CHECK(csv.metrics.modified_entries == 0);
    CHECK(work_entries_requests(legacy.metrics) ==
          work_entries_requests(csv.metrics) + legacy.metrics.deleted_pages);
    CHECK(csv.sink.rows.rows == own.sink.rows.rows);
    CHECK(csv.sink.rows.header == own.sink.rows.header);
    CHECK(csv.metrics.presence_s == legacy.metrics.presence_s);
    CHECK(csv.sink.worked_s == own.sink.worked_s);
}

TEST_CASE("changes: the daily register's column against the mock, both engines",
          "[generator][trace]") {
    MockApiServer server(company());
    server.start();
    const Run legacy = report(server, EngineChoice::legacy, Format::csv, Layout::daily);
    const Run turbo = report(server, EngineChoice::turbo, Format::csv, Layout::daily);
    const auto& header = legacy.sink.rows.header;
    REQUIRE(header.size() >= 3);
    REQUIRE(header[header.size() - 3] == "Modificado");  // then "Validación", "Lugar"
    CHECK(legacy.sink.rows.rows == turbo.sink.rows.rows);
    CHECK(legacy.metrics.traces_read);
    CHECK(legacy.metrics.modified_entries > 0);
    // The register lists no changes: no deleted entries fetched.
    CHECK(legacy.metrics.deleted_pages == 0);
    std::size_t marked = 0;
    for (const std::string& row : legacy.sink.rows.rows) {
        std::string before_validation = row.substr(0, row.rfind('|'));  // "Lugar" off
        before_validation = before_validation.substr(0, before_validation.rfind('|'));
        marked += before_validation.back() != '|';
    }
    CHECK(marked > 0);
    CHECK(marked <= legacy.metrics.modified_entries);
}
