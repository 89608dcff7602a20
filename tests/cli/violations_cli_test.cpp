// The mock's planted compliance cases (mock-server --violations, docs/DESIGN.md
// "The mock's compliance cases") through the binary over loopback: the exact
// incident list of January 2024 in every layout that shows it (--type
// incidents as CSV, CSV.gz and XLSX, the XLSX compliance sheet, the daily
// register's column, the payroll count), byte-identical whichever engine
// ran; nothing at the exact limits, nothing for the clean worker.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reportgen/mock_server.hpp"
#include "reportgen/row.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;

namespace {

// employee | date | rule | value | limit | detail, as the tables say it.
const std::vector<std::string> kExpected = {
    "Caso 01 jornada de 14 h|12/01/2024|daily_max|14:00:00|09:00:00|",
    "Caso 01 jornada de 14 h|12/01/2024|long_span|15:30:00|13:00:00|longest gap 00:00:00",
    "Caso 02 descanso de 8 h|17/01/2024|daily_rest|08:00:00|12:00:00|"
    "previous clock-out 16/01/2024 08:00:00",
    "Caso 03 9 h sin pausa|10/01/2024|break_6h|09:00:00|06:00:00|",
    "Caso 04 sin descanso semanal|15/01/2024|weekly_rest|15:30:00|36:00:00|"
    "15/01/2024 - 21/01/2024",
    "Caso 05 fichaje olvidado|22/01/2024|daily_max|32:00:00|09:00:00|",
    "Caso 05 fichaje olvidado|22/01/2024|break_6h|32:00:00|06:00:00|",
    "Caso 05 fichaje olvidado|22/01/2024|long_entry|32:00:00|12:00:00|",
    "Caso 05 fichaje olvidado|22/01/2024|long_span|32:00:00|13:00:00|longest gap 00:00:00",
    "Caso 05 fichaje olvidado|31/01/2024|long_entry|00:00:00|12:00:00|open",
    "Caso 06 festivo y vacaciones|06/01/2024|holiday_work|04:00:00|00:00:00|holiday",
    "Caso 06 festivo y vacaciones|10/01/2024|holiday_work|04:00:00|00:00:00|vacation",
    "Caso 07 nocturno|Periodo|night_avg|08:50:00|08:00:00|5 of 5 workdays at night",
    "Caso 08 jornadas encadenadas|18/01/2024|daily_max|15:00:00|09:00:00|",
    "Caso 08 jornadas encadenadas|18/01/2024|long_span|21:00:00|13:00:00|longest gap 05:00:00",
};

std::string field(const std::string& line, int n) {
    std::size_t at = 0;
    for (int i = 0; i < n; ++i)
        at = line.find('|', at) + 1;
    return line.substr(at, line.find('|', at) - at);
}

struct Planted {
    TempDir dir;
    MockApiServer server;
    std::string token;
    Planted() : server(options()) {
        server.start();
        token = dir.file("token");
        std::ofstream(token) << server.options().token << "\n";
    }
    static MockOptions options() {
        MockOptions o;
        o.employees = 0;  // only the planted cases: every incident is one of theirs
        o.violations = true;
        o.token = "violations-cli-token";
        return o;
    }
    // January 2024 into dir/name; the exit code must be 0.
    std::string report(const std::string& name, std::vector<std::string> extra,
                       const std::string& from = "2024-01-01") {
        const std::string out = dir.file(name);
        std::vector<std::string> args = {
            "--from",     from,      "--to",         "2024-01-31", "-o", out, "-q",
            "--base-url", server.base_url(), "--token-file", token};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_cli(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return out;
    }
};

std::vector<test::Record> csv_rows(const std::string& text) {
    std::string_view s = text;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // the BOM
    return test::parse_csv(s);
}

// The incidents CSV as kExpected's lines; the header checked.
std::vector<std::string> incident_lines(const std::string& text) {
    const auto rows = csv_rows(text);
    REQUIRE(!rows.empty());
    CHECK(rows[0] == test::Record{"Empleado", "Tipo ID", "Nº ID", "Fecha", "Regla", "Descripción",
                                  "Valor", "Límite", "Detalle"});
    std::vector<std::string> out;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        REQUIRE(r.size() == 9);
        if (r[0].rfind("Caso ", 0) == 0) {  // the planted cases' own identity
            CHECK(r[1] == "dni");
            CHECK(r[2].substr(0, 6) == "900000");
        }
        out.push_back(r[0] + "|" + r[3] + "|" + r[4] + "|" + r[6] + "|" + r[7] + "|" + r[8]);
    }
    return out;
}

std::string hms(double excel_days) {
    return format_duration(std::llround(excel_days * 86400));
}

// A compliance sheet (XLSX) as kExpected's lines.
std::vector<std::string> sheet_lines(const std::string& xml) {
    const auto c = test::sheet_cells(xml);
    CHECK(c.at("A1").text == "Empleado");
    CHECK(c.at("I1").text == "Detalle");
    std::vector<std::string> out;
    for (int row = 2; c.count("A" + std::to_string(row)); ++row) {
        const auto at = [&](char col) { return c.at(col + std::to_string(row)); };
        const std::string date =
            at('D').has_value ? format_date(std::llround(at('D').number()) - 25569) : at('D').text;
        const std::string detail = c.count("I" + std::to_string(row)) ? at('I').text : "";
        out.push_back(at('A').text + "|" + date + "|" + at('E').text + "|" + hms(at('G').number()) +
                      "|" + hms(at('H').number()) + "|" + detail);
    }
    return out;
}

std::vector<std::string> sheet_names(const std::string& file) {
    std::vector<std::string> names;
    const std::string wb = test::unzip_member(file, "xl/workbook.xml");
    for (const auto s : test::elements(test::section(wb, "sheets"), "sheet"))
        names.push_back(*test::attr(s, "name"));
    return names;
}

}  // namespace

TEST_CASE("violations: --type incidents lists exactly the planted cases, whichever engine",
          "[cli][violations]") {
    Planted p;
    const std::string legacy =
        read_file(p.report("legacy.csv", {"--type", "incidents", "--engine", "legacy"}));
    const std::string turbo =
        read_file(p.report("turbo.csv", {"--type", "incidents", "--engine", "turbo"}));
    CHECK(incident_lines(legacy) == kExpected);
    CHECK(turbo == legacy);  // byte-identical
    // The label column follows the rule; the cases at the exact limits and
    // the clean worker have no line.
    const auto rows = csv_rows(legacy);
    REQUIRE(rows.size() > 1);
    CHECK(rows[1][5] == "Jornada diaria máxima");
    for (const char* clean : {"Caso 09", "Caso 10", "Caso 11", "Caso 12"})
        CHECK(legacy.find(clean) == std::string::npos);
    const std::string gz = read_file(
        p.report("i.csv.gz", {"--type", "incidents", "--format", "csv.gz", "--engine", "turbo"}));
    CHECK(test::gunzip(gz) == legacy);
}

TEST_CASE("violations: the same list in the XLSX incidents report and the compliance sheet",
          "[cli][violations]") {
    Planted p;
    const std::string own = p.report("i.xlsx", {"--type", "incidents"});
    // The rows are the list: no second copy of it after the summary.
    CHECK(sheet_names(own) == std::vector<std::string>{"Cumplimiento", "Resumen",
                                                       "Resumen por día", "Modificaciones"});
    CHECK(sheet_lines(test::unzip_member(own, "xl/worksheets/sheet1.xml")) == kExpected);
    const std::string detail = p.report("e.xlsx", {"--engine", "turbo"});
    REQUIRE(sheet_names(detail) ==
            std::vector<std::string>{"Informe", "Resumen", "Resumen por día", "Modificaciones",
                                     "Cumplimiento"});
    // Every layout that runs the checks reads the days off and holidays:
    // holiday_work too.
    CHECK(sheet_lines(test::unzip_member(detail, "xl/worksheets/sheet5.xml")) == kExpected);
}

TEST_CASE("violations: the daily register's column and the payroll count agree with the list",
          "[cli][violations]") {
    Planted p;
    // Register: the rule ids of each (employee, date); the period's on TOTAL.
    std::map<std::pair<std::string, std::string>, std::string> want, got;
    for (const std::string& s : kExpected) {
        const std::string date = field(s, 1) == "Periodo" ? "TOTAL" : field(s, 1);
        std::string& rules = want[{field(s, 0), date}];
        rules += (rules.empty() ? "" : ",") + field(s, 2);
    }
    for (const char* engine : {"legacy", "turbo"}) {
        got.clear();
        const auto rows = csv_rows(
            read_file(p.report(std::string("d-") + engine + ".csv",
                               {"--type", "daily", "--format", "csv", "--engine", engine})));
        const auto column = std::find(rows[0].begin(), rows[0].end(), "Incidencias");
        REQUIRE(column != rows[0].end());
        const auto at_column = static_cast<std::size_t>(column - rows[0].begin());
        for (std::size_t i = 1; i < rows.size(); ++i) {
            const std::string& cell = rows[i].at(at_column);
            if (cell.empty()) continue;
            std::string rules;
            for (std::size_t at = 0; at < cell.size();) {
                const std::size_t end = std::min(cell.find("; ", at), cell.size());
                rules += (rules.empty() ? "" : ",") + cell.substr(at, cell.find(':', at) - at);
                at = end + 2;
            }
            got[{rows[i][0], rows[i][3]}] = rules;
        }
        INFO(engine);
        CHECK(got == want);
    }
    // Payroll: the count per worker.
    std::map<std::string, int> expected_count;
    for (const std::string& s : kExpected)
        ++expected_count[field(s, 0)];
    const auto rows =
        csv_rows(read_file(p.report("payroll.csv", {"--type", "payroll", "--format", "csv"})));
    const auto column = std::find(rows[0].begin(), rows[0].end(), "Incidencias");
    REQUIRE(column != rows[0].end());
    const auto at = static_cast<std::size_t>(column - rows[0].begin());
    std::map<std::string, int> count;
    int total = -1;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (rows[i][0] == "TOTAL") {
            total = std::stoi(rows[i].at(at));
        } else if (rows[i].at(at) != "0") {
            count[rows[i][0]] = std::stoi(rows[i].at(at));
        }
    }
    CHECK(count == expected_count);
    CHECK(total == static_cast<int>(kExpected.size()));
}

namespace {

// The column named `name` of a CSV's rows: (first cell, date cell) -> value.
std::map<std::string, std::string> column_of(const std::vector<test::Record>& rows,
                                             const std::string& name, bool totals_only) {
    std::map<std::string, std::string> out;
    const auto column = std::find(rows.at(0).begin(), rows.at(0).end(), name);
    REQUIRE(column != rows[0].end());
    const auto at = static_cast<std::size_t>(column - rows[0].begin());
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (rows[i][0] == "TOTAL") continue;
        if (totals_only && rows[i].at(3) != "TOTAL") {
            CHECK(rows[i].at(at).empty());  // a day row shows no validation
            continue;
        }
        out[rows[i][0]] = rows[i].at(at);
    }
    return out;
}

}  // namespace

TEST_CASE("violations: each worker's validation of January in Resumen, payroll and the daily "
          "register, whichever engine",
          "[cli][violations][validation]") {
    Planted p;
    // The planted cases' statuses cycle in table order (docs/DESIGN.md "The
    // mock's compliance cases"); the date is the mock's updatedAt or
    // lastSent, early February.
    const char* kStatus[] = {"aceptado 2024-02-0", "enviado 2024-02-0", "sin enviar",
                             "rechazado 2024-02-0"};
    const auto payroll = column_of(
        csv_rows(read_file(p.report("p.csv", {"--type", "payroll", "--format", "csv"}))),
        "Validación", false);
    REQUIRE(payroll.size() == 12);
    std::size_t k = 0;
    for (const auto& [name, text] : payroll) {  // "Caso 01 ..." to "Caso 12 ...": table order
        INFO(name);
        const std::string want = kStatus[k++ % 4];
        CHECK(text.rfind(want, 0) == 0);
        CHECK(text.size() == (want == "sin enviar" ? want.size() : want.size() + 1));
    }
    for (const char* engine : {"legacy", "turbo"}) {
        INFO(engine);
        const auto daily = column_of(
            csv_rows(read_file(p.report(std::string("d-") + engine + ".csv",
                                        {"--type", "daily", "--format", "csv", "--engine", engine}))),
            "Validación", true);
        CHECK(daily == payroll);
        // Resumen, column O, beside the detail report.
        const std::string xlsx = p.report(std::string("r-") + engine + ".xlsx", {"--engine", engine});
        const auto c = test::sheet_cells(test::unzip_member(xlsx, "xl/worksheets/sheet2.xml"));
        CHECK(c.at("O1").text == "Validación");
        std::map<std::string, std::string> summary;
        for (int row = 2; c.count("A" + std::to_string(row)); ++row) {
            const std::string r = std::to_string(row);
            if (c.at("A" + r).text == "TOTAL") continue;
            summary[c.at("A" + r).text] = c.count("O" + r) ? c.at("O" + r).text : "";
        }
        // Resumen lists the workers with shifts in the period: all twelve.
        CHECK(summary == payroll);
    }
    // English, and a period the month's validation covers only in part.
    const auto en = column_of(
        csv_rows(read_file(p.report("en.csv", {"--type", "payroll", "--format", "csv", "--lang", "en"},
                                    "2023-12-20"))),
        "Validation", false);
    REQUIRE(en.size() == 12);
    CHECK(en.begin()->second.rfind("accepted 2024-02-0", 0) == 0);
    CHECK_THAT(en.begin()->second, Catch::EndsWith(" (partial)"));
    CHECK(std::next(en.begin(), 2)->second == "not sent (partial)");
}

TEST_CASE("violations: the planted places of work in the daily register and the remote share "
          "in Resumen, whichever engine",
          "[cli][violations][place]") {
    Planted p;
    // "12 sin incidencias" (docs/DESIGN.md "The mock's places of work"):
    // January 8 clocked 111 km from every office, the 9th's morning at the
    // office's radio exactly and its afternoon away, the 10th at the radio
    // exactly, the 11th without coordinates ("Trabajo en oficina", not a
    // remote check type: unknown); every other clock-in near an office.
    const std::string kCase12 = "Caso 12 sin incidencias";
    for (const char* engine : {"legacy", "turbo"}) {
        INFO(engine);
        const auto rows = csv_rows(read_file(
            p.report(std::string("d-") + engine + ".csv",
                     {"--type", "daily", "--format", "csv", "--engine", engine})));
        const auto column = std::find(rows.at(0).begin(), rows[0].end(), "Lugar");
        REQUIRE(column != rows[0].end());
        const auto at = static_cast<std::size_t>(column - rows[0].begin());
        std::map<std::string, std::string> case12;  // date -> place
        std::set<std::string> others;
        for (std::size_t i = 1; i < rows.size(); ++i) {
            // The register lists every day; a day without entries has no place.
            const bool worked = rows[i].at(8) != "0";
            CHECK(rows[i].at(at).empty() == !worked);
            if (!worked) continue;
            if (rows[i][0] == kCase12)
                case12[rows[i].at(3)] = rows[i].at(at);
            else if (rows[i][0] != "TOTAL")
                others.insert(rows[i].at(at));
        }
        CHECK(others == std::set<std::string>{"Presencial"});
        REQUIRE(case12.size() == 23);  // 22 weekdays with entries and the TOTAL
        CHECK(case12.at("08/01/2024") == "Remoto");
        CHECK(case12.at("09/01/2024") == "Mixto");
        CHECK(case12.at("10/01/2024") == "Presencial");  // at the radio: on site
        CHECK(case12.at("11/01/2024") == "Desconocido");
        CHECK(case12.at("12/01/2024") == "Presencial");
        CHECK(case12.at("TOTAL") == "Mixto");
        std::size_t on_site = 0;
        for (const auto& [date, place] : case12) on_site += place == "Presencial";
        CHECK(on_site == 19);
        // Resumen, column P: the remote share of effective time. Case 12:
        // 8 h on the 8th and the 9th's 4 h afternoon, of 22 days of 8 h.
        const std::string xlsx = p.report(std::string("r-") + engine + ".xlsx", {"--engine", engine});
        const auto c = test::sheet_cells(test::unzip_member(xlsx, "xl/worksheets/sheet2.xml"));
        CHECK(c.at("P1").text == "Teletrabajo (% del tiempo efectivo)");
        std::map<std::string, double> share;
        double total = -1, total_effective_days = 0;
        for (int row = 2; c.count("A" + std::to_string(row)); ++row) {
            const std::string r = std::to_string(row);
            REQUIRE(c.count("P" + r));
            if (c.at("A" + r).text == "TOTAL") {
                total = c.at("P" + r).number();
                total_effective_days = c.at("I" + r).number();
            } else {
                share[c.at("A" + r).text] = c.at("P" + r).number();
            }
        }
        REQUIRE(share.size() == 12);
        CHECK(share.at(kCase12) == Approx(12.0 / 176.0).epsilon(1e-12));
        for (const auto& [name, value] : share)
            if (name != kCase12) CHECK(value == 0);
        // The company's: 12 h of everyone's effective time.
        REQUIRE(total_effective_days > 0);
        CHECK(total == Approx(0.5 / total_effective_days).epsilon(1e-9));
    }
    // English labels; a lean CSV reads no offices.
    const auto en = csv_rows(read_file(
        p.report("en.csv", {"--type", "daily", "--format", "csv", "--lang", "en"})));
    const auto place = std::find(en.at(0).begin(), en[0].end(), "Place");
    REQUIRE(place != en[0].end());
    std::set<std::string> words;
    for (std::size_t i = 1; i < en.size(); ++i)
        words.insert(en[i].at(static_cast<std::size_t>(place - en[0].begin())));
    // "": the days without entries.
    CHECK(words == std::set<std::string>{"", "On-site", "Remote", "Mixed", "Unknown"});
}

TEST_CASE("violations: --remote-check-types names the check types that say remote work",
          "[cli][violations][place]") {
    Planted p;
    // The planted entries are "Trabajo en oficina": named remote, case 12's
    // January 11 (no coordinates) is remote; with coordinates, the offices
    // still decide (the 8th remote, the rest as before).
    const auto places = [&](const std::string& name, std::vector<std::string> extra) {
        std::vector<std::string> args = {"--type", "daily", "--format", "csv"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto rows = csv_rows(read_file(p.report(name, args)));
        const auto column = std::find(rows.at(0).begin(), rows[0].end(), "Lugar");
        REQUIRE(column != rows[0].end());
        std::map<std::string, std::string> out;  // case 12's date -> place
        for (std::size_t i = 1; i < rows.size(); ++i)
            if (rows[i][0] == "Caso 12 sin incidencias")
                out[rows[i].at(3)] = rows[i].at(static_cast<std::size_t>(column - rows[0].begin()));
        return out;
    };
    const auto named = places("named.csv", {"--remote-check-types", "trabajo EN oficina, Otra"});
    CHECK(named.at("11/01/2024") == "Remoto");
    CHECK(named.at("08/01/2024") == "Remoto");
    CHECK(named.at("10/01/2024") == "Presencial");
    // Not named (another list: the default no longer applies either): unknown.
    const auto other = places("other.csv", {"--remote-check-types", "Teletrabajo"});
    CHECK(other.at("11/01/2024") == "Desconocido");
}

TEST_CASE("violations: the demo plants the same cases with --demo-violations",
          "[cli][violations]") {
    TempDir dir;
    const std::string out = dir.file("demo.csv");
    const auto r = run_cli({"--demo", "--demo-violations", "--demo-employees", "2", "--type",
                            "incidents", "--format", "csv", "-q", "-o", out});
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> planted;
    for (const std::string& line : incident_lines(read_file(out)))
        if (line.rfind("Caso ", 0) == 0) planted.push_back(line);
    CHECK(planted == kExpected);
    const auto alone = run_cli({"--demo-violations", "--from", "2024-01-01", "--to", "2024-01-31",
                                "-o", dir.file("x.csv")});
    CHECK(alone.exit_code == 2);
    CHECK_THAT(alone.err, Catch::Contains("--demo-violations goes with --demo"));
}
