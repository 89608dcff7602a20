// What a text cell may hold (issue 22): control characters replaced by
// U+FFFD the same way in CSV and XLSX, and an XLSX cell cut at Excel's
// 32,767 characters (the CSV keeps the text whole), each with a warning
// that names the column and the row.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reportgen/log.hpp"
#include "reportgen/sinks.hpp"
#include "sink/cell_text.hpp"
#include "support/files.hpp"
#include "support/log_capture.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using reportgen::test::LogCapture;
using reportgen::test::TempDir;

namespace {

const std::string_view kHeader[] = {"Empleado", "Actividad"};

// The rows, through a sink: the name, the activity.
void write(RowSink& sink, const std::vector<std::pair<std::string, std::string>>& rows) {
    sink.begin(kHeader);
    for (const auto& [name, activity] : rows) {
        const Cell cells[] = {Cell::str(name), Cell::str(activity)};
        sink.row({cells, false});
    }
    sink.finish();
}

std::string csv_of(const std::vector<std::pair<std::string, std::string>>& rows) {
    StringByteSink out;
    CsvOptions o;
    o.bom = false;
    CsvSink csv(out, o);
    write(csv, rows);
    return out.str();
}

std::map<std::string, reportgen::test::XCell> xlsx_of(
    const std::vector<std::pair<std::string, std::string>>& rows) {
    TempDir dir;
    const std::string path = dir.file("r.xlsx");
    XlsxSink xlsx(path);
    write(xlsx, rows);
    return reportgen::test::sheet_cells(
        reportgen::test::unzip_member(path, "xl/worksheets/sheet1.xml"));
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("control characters in a name: U+FFFD in CSV and XLSX alike, with a warning",
          "[csv][xlsx][cell_text]") {
    LogCapture log;
    using namespace std::string_literals;
    const std::string nul_name = "Ana\0Ruiz"s;  // a JSON "\u0000", decoded
    const std::vector<std::pair<std::string, std::string>> rows{
        {"José Peña", "Oficina"},
        {nul_name, "Vis\x01ita\x1f"},
        {"Tab\tand\nline", "kept"},
    };
    const std::string csv = csv_of(rows);
    CHECK(csv.find('\0') == std::string::npos);
    CHECK(csv.find('\x01') == std::string::npos);
    const auto records = reportgen::test::parse_csv(csv);
    REQUIRE(records.size() == 4);
    CHECK(records[2][0] == "Ana" + kFffd + "Ruiz");
    CHECK(records[2][1] == "Vis" + kFffd + "ita" + kFffd);
    CHECK(records[3][0] == "Tab\tand\nline");  // tab and LF are text a cell holds
    CHECK_THAT(log.all(), Catch::Contains("CSV: column 'Empleado', line 3") &&
                              Catch::Contains("CSV: column 'Actividad', line 3") &&
                              Catch::Contains("replaced by U+FFFD"));

    const auto cells = xlsx_of(rows);
    CHECK(cells.at("A3").text == records[2][0]);  // not cut at the NUL
    CHECK(cells.at("B3").text == records[2][1]);
    CHECK(cells.at("A4").text == records[3][0]);
    CHECK_THAT(log.all(), Catch::Contains("XLSX: column 'Empleado', sheet 'Report', row 3") &&
                              Catch::Contains("('Ana" + kFffd + "Ruiz')"));
}

TEST_CASE("a text past Excel's 32,767 characters: the XLSX cell cut, the CSV whole",
          "[csv][xlsx][cell_text]") {
    LogCapture log;
    const std::string huge(40000, 'x');
    const std::vector<std::pair<std::string, std::string>> rows{{"Ana Ruiz", huge}};
    const auto cells = xlsx_of(rows);  // written, not failed
    CHECK(cells.at("B2").text == huge.substr(0, detail::kExcelMaxCellChars));
    CHECK(cells.at("A2").text == "Ana Ruiz");
    CHECK_THAT(log.all(), Catch::Contains("XLSX: column 'Actividad', sheet 'Report', row 2 "
                                          "('Ana Ruiz'): text of 40000 characters cut"));
    CHECK(reportgen::test::parse_csv(csv_of(rows))[1][1] == huge);
}

TEST_CASE("excel_cell_prefix counts UTF-16 units and cuts on a code point", "[cell_text]") {
    const std::size_t max = detail::kExcelMaxCellChars;
    const std::string fits(max, 'a');
    CHECK(detail::excel_cell_prefix(fits) == fits);
    // An emoji is two units: one unit short of the limit, it does not fit.
    const std::string emoji = "\xF0\x9F\x98\x80";
    const std::string over = std::string(max - 1, 'a') + emoji + "tail";
    CHECK(detail::excel_cell_prefix(over) == std::string(max - 1, 'a'));
    // Two-byte letters are one unit each: 32,767 of them (65,534 bytes) fit.
    std::string accents;
    for (std::size_t i = 0; i < max + 3; ++i)
        accents += "\xC3\xB1";  // ñ
    CHECK(detail::excel_cell_prefix(accents).size() == 2 * max);
}
