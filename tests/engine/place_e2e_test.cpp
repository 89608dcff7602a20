// The place of work end to end against the mock's planted places (mock
// --violations, docs/DESIGN.md "The mock's places of work") over loopback:
// the offices are read before the pages, each clock-in is placed as its page
// is decoded, and both engines write the same bytes; a company whose plan
// cannot read the offices gets the place by check type only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "reportgen/mock_server.hpp"
#include "support/files.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::TempDir;

namespace {

const std::string kCase12 = "Caso 12 sin incidencias";  // the planted places' worker

MockOptions planted() {
    MockOptions o;
    o.employees = 0;  // only the planted cases
    o.violations = true;
    o.token = "place-e2e-token";
    return o;
}

ClientConfig client(const MockApiServer& s) {
    ClientConfig c;
    c.base_url = s.base_url();
    c.token = s.options().token;
    c.page_size = 25;  // many pages: turbo runs them side by side
    c.max_retries = 4;
    c.backoff_factor = 0.01;
    c.backoff_max_s = 0.2;
    c.timeout_s = 10;
    return c;
}

ReportRequest january(Layout layout, Format format, EngineChoice engine) {
    ReportRequest r;
    r.from = {2024, 1, 1};
    r.to = {2024, 1, 31};
    r.layout = layout;
    r.format = format;
    r.engine = engine;
    return r;
}

// The daily register's "Lugar" of case 12, by date.
std::map<std::string, std::string> case12_places(const std::string& csv) {
    std::string_view s = csv;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // the BOM
    const auto rows = test::parse_csv(s);
    const auto column = std::find(rows.at(0).begin(), rows[0].end(), "Lugar");
    REQUIRE(column != rows[0].end());
    const auto at = static_cast<std::size_t>(column - rows[0].begin());
    std::map<std::string, std::string> out;
    for (std::size_t i = 1; i < rows.size(); ++i)
        // Days with entries (the register lists every day; one without
        // entries has no place) and the TOTAL.
        if (rows[i].at(0) == kCase12 && rows[i].at(8) != "0") out[rows[i].at(3)] = rows[i].at(at);
    return out;
}

uint64_t offices_requests(const Metrics& m) {
    const auto it = m.requests_by_endpoint.find("offices");
    return it == m.requests_by_endpoint.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("places: legacy and turbo write byte-identical reports with remote clock-ins",
          "[generator][place]") {
    MockApiServer server(planted());
    server.start();
    TempDir dir;
    struct Kind {
        Layout layout;
        Format format;
    };
    for (const Kind k : {Kind{Layout::daily, Format::csv}, Kind{Layout::daily, Format::xlsx},
                         Kind{Layout::by_employee, Format::xlsx}}) {
        const std::string ext(file_extension(k.format));
        INFO(ext << " layout " << static_cast<int>(k.layout));
        std::map<EngineChoice, std::string> out;
        for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
            // A generator each: the offices are not answered from its cache.
            ReportGenerator gen(client(server));
            out[e] = dir.file(std::string(e == EngineChoice::legacy ? "legacy." : "turbo.") + ext);
            const ReportResult r = gen.generate(january(k.layout, k.format, e), out[e]);
            CHECK(r.metrics.strategy == (e == EngineChoice::legacy ? "legacy" : "turbo"));
            CHECK(r.metrics.pages_expected > 3);
            CHECK(offices_requests(r.metrics) == 1);  // once, before the pages
            CHECK(r.metrics.sources_missing.empty());
        }
        if (k.format == Format::csv) {
            const std::string legacy = read_file(out[EngineChoice::legacy]);
            CHECK(legacy == read_file(out[EngineChoice::turbo]));
            // The places came from the offices, applied as the pages were
            // decoded: clock-ins 111 km away remote, at the radio on site.
            const auto places = case12_places(legacy);
            CHECK(places.at("08/01/2024") == "Remoto");
            CHECK(places.at("09/01/2024") == "Mixto");
            CHECK(places.at("10/01/2024") == "Presencial");
            CHECK(places.at("11/01/2024") == "Desconocido");
        } else {
            // Every sheet: the register or the detail, "Resumen" (its
            // remote share), and the rest.
            const auto members = test::zip_members(out[EngineChoice::legacy]);
            CHECK(members == test::zip_members(out[EngineChoice::turbo]));
            int sheets = 0;
            for (const std::string& name : members) {
                if (name.rfind("xl/worksheets/", 0) != 0) continue;
                ++sheets;
                INFO(name);
                CHECK(test::unzip_member(out[EngineChoice::legacy], name) ==
                      test::unzip_member(out[EngineChoice::turbo], name));
            }
            CHECK(sheets >= 2);
            if (k.layout != Layout::by_employee) continue;
            // "Resumen", column P: case 12 worked remote part of January.
            const auto c = test::sheet_cells(
                test::unzip_member(out[EngineChoice::legacy], "xl/worksheets/sheet2.xml"));
            REQUIRE(c.at("P1").text == "Teletrabajo (% del tiempo efectivo)");
            double share = -1;
            for (int row = 2; c.count("A" + std::to_string(row)); ++row)
                if (c.at("A" + std::to_string(row)).text == kCase12)
                    share = c.at("P" + std::to_string(row)).number();
            CHECK(share > 0);
        }
    }
}

TEST_CASE("places: a plan that cannot read the offices (403) places by check type only",
          "[generator][place]") {
    MockOptions o = planted();
    o.forbidden_endpoints = {"/core/v3/offices"};
    MockApiServer server(o);
    server.start();
    TempDir dir;
    for (EngineChoice e : {EngineChoice::legacy, EngineChoice::turbo}) {
        const std::string path = dir.file("daily.csv");
        const ReportResult r = ReportGenerator(client(server))
                                   .generate(january(Layout::daily, Format::csv, e), path);
        CHECK(offices_requests(r.metrics) == 1);
        CHECK(r.metrics.sources_missing == std::vector<std::string>{"/core/v3/offices (403)"});
        // No office known: coordinates place nothing, and "Trabajo en
        // oficina" is not a remote check type.
        std::set<std::string> seen;
        for (const auto& [date, place] : case12_places(read_file(path)))
            seen.insert(place);
        CHECK(seen == std::set<std::string>{"Desconocido"});
    }
}
