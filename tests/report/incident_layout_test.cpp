// Layout::incidents (src/report/incident_layout.hpp): one row per compliance
// incident with the columns of the XLSX compliance sheet, es and en; the
// checks run for it whatever the format; no row of the entries.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hand_entries.hpp"
#include "hand_report.hpp"
#include "report/compliance_stage.hpp"
#include "report/incident_layout.hpp"
#include "report/labels.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::HandEntry;

namespace {

const std::vector<test::HandEmployee> kEmployees{{"e1", "Ana", "Ruiz", "dni", "12345678Z"},
                                                 {"e2", "Luis", "Gil", "nie", "X1234567L"}};

// Ana: a 14 h day without a break on the 10th; Luis: 8 h with a break.
const std::vector<HandEntry> kEntries{
    HandEntry(1, "2024-01-10T06:00:00+01:00", "2024-01-10T20:00:00+01:00"),
    HandEntry(2, "2024-01-10T08:00:00+01:00", "2024-01-10T12:00:00+01:00", false, {}, 1),
    HandEntry(3, "2024-01-10T12:00:00+01:00", "2024-01-10T12:30:00+01:00", true, {}, 1),
    HandEntry(4, "2024-01-10T12:30:00+01:00", "2024-01-10T16:30:00+01:00", false, {}, 1)};

ReportRequest incidents_request(Lang lang) {
    ReportRequest req;
    req.set_dates("2024-01-10", "2024-01-10");
    req.layout = Layout::incidents;
    req.format = Format::csv;  // a CSV of the presence layouts would skip the checks
    req.lang = lang;
    return req;
}

}  // namespace

TEST_CASE("incidents layout: one row per incident, the compliance sheet's columns",
          "[incident_layout]") {
    const auto r = test::hand_report(incidents_request(Lang::es), kEmployees, kEntries);
    CHECK(r.sink.header == std::vector<std::string>{"Empleado", "Tipo ID", "Nº ID", "Fecha",
                                                    "Regla", "Descripción", "Valor", "Límite",
                                                    "Detalle"});
    CHECK(r.sink.rows == std::vector<std::string>{
                             "Ana Ruiz|dni|12345678Z|10/01/2024|daily_max|Jornada diaria "
                             "máxima|14:00:00|09:00:00|",
                             "Ana Ruiz|dni|12345678Z|10/01/2024|break_6h|Pausa en jornada "
                             "continuada|14:00:00|06:00:00|",
                             "Ana Ruiz|dni|12345678Z|10/01/2024|long_entry|Fichaje sin salida o "
                             "excesivo|14:00:00|12:00:00|",
                             "Ana Ruiz|dni|12345678Z|10/01/2024|long_span|Amplitud de "
                             "jornada|14:00:00|13:00:00|longest gap 00:00:00"});
    CHECK(r.metrics.compliance_checked);
    CHECK(r.metrics.incidents == 4);
    CHECK(r.metrics.rows_written == 4);
    CHECK(r.metrics.total_rows == 0);
    for (const bool t : r.sink.total)
        CHECK_FALSE(t);
}

TEST_CASE("incidents layout: English words, the checks' limits and rules apply",
          "[incident_layout]") {
    ReportRequest req = incidents_request(Lang::en);
    req.compliance.limits = {"daily_max=14h"};
    req.compliance.off = {"long_entry", "long_span"};
    const auto r = test::hand_report(req, kEmployees, kEntries);
    CHECK(r.sink.header == std::vector<std::string>{"Employee", "ID type", "ID number", "Date",
                                                    "Rule", "Description", "Value", "Limit",
                                                    "Detail"});
    CHECK(r.sink.rows == std::vector<std::string>{"Ana Ruiz|dni|12345678Z|10/01/2024|break_6h|"
                                                  "Break in a long stretch|14:00:00|06:00:00|"});
}

TEST_CASE("incidents layout: a period incident says so in the date column", "[incident_layout]") {
    IncidentSummary i;
    i.name = "Ana Ruiz";
    i.identity_type = "dni";
    i.nid = "1";
    i.period = true;
    i.rule = "night_avg";
    i.label = "Night worker's average";
    i.value_s = 8 * 3600 + 50 * 60;
    i.limit_s = 8 * 3600;
    i.detail = "5 of 5 workdays at night";
    for (const Lang lang : {Lang::es, Lang::en}) {
        const auto cells = incident_cells(i, labels(lang));
        CHECK(cells[3].type == CellType::text);
        CHECK(cells[3].text == (lang == Lang::es ? "Periodo" : "Period"));
        CHECK(cells[6].type == CellType::duration);
        CHECK(cells[6].value == i.value_s);
        CHECK(cells[7].value == i.limit_s);
        CHECK(cells[8].text == i.detail);
    }
    i.period = false;
    i.workday = 19732;  // 2024-01-10
    const auto dated = incident_cells(i, labels(Lang::es));
    CHECK(dated[3].type == CellType::date);
    CHECK(dated[3].value == 19732);
}

TEST_CASE("incidents layout: no employee row ever reaches it", "[incident_layout]") {
    std::vector<IncidentSummary> none;
    test::HandSink sink;
    Metrics m;
    const auto layout = make_incident_layout(incidents_request(Lang::es), none, sink, m);
    layout->begin();
    CHECK_THROWS_AS(layout->row(RowRecord{}), std::logic_error);
    layout->end();
    CHECK(sink.rows.empty());
    CHECK(sink.header.size() == 9);
}
