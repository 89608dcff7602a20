#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/time.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using namespace testsupport;
namespace fs = std::filesystem;

using reportgen::test::expect_io_error;

namespace {

const std::vector<std::string_view> kHeader = {"Empleado", "Tipo ID",   "Nº ID",
                                               "Fecha",    "Actividad", "Grupo",
                                               "Entrada",  "Salida",    "Tiempo Registrado"};

std::string sheet_xml(const std::string& file, int n) {
    return unzip_member(file, "xl/worksheets/sheet" + std::to_string(n) + ".xml");
}

// Sheet names from xl/workbook.xml, in order.
std::vector<std::string> sheet_names(const std::string& file) {
    std::vector<std::string> names;
    const std::string wb = unzip_member(file, "xl/workbook.xml");
    for (const auto s : elements(section(wb, "sheets"), "sheet"))
        names.push_back(*attr(s, "name"));
    return names;
}

// Open descriptors of this process: a sink that leaks its temp files shows here.
std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

bool approx(double a, double b) {
    return std::fabs(a - b) < 1e-9;
}

}  // namespace

TEST_CASE("XlsxSink writes typed cells with their styles", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("report.xlsx");
    const int64_t jan15 = days_from_civil({2024, 1, 15});
    {
        XlsxSink x(file);
        x.begin(kHeader);
        const Cell r1[] = {Cell::str("José Ñúñez"),
                           Cell::str("dni"),
                           Cell::str("12345678Z"),
                           Cell::date(jan15),
                           Cell::str("Registro normal"),
                           Cell::str("Sin Grupo"),
                           Cell::time(8 * 3600),
                           Cell::time(14 * 3600 + 30 * 60),
                           Cell::duration(6 * 3600 + 30 * 60)};
        // Markup characters, a leading '=' (text, never a formula), an open entry.
        const Cell r2[] = {Cell::str("Ana \"La\" <Ruiz> & Co"),
                           Cell::str("nie"),
                           Cell::str("=1+1"),
                           Cell::date(jan15),
                           Cell::str("Registro normal"),
                           Cell::str("Sin Grupo"),
                           Cell::time(21 * 3600 + 54 * 60 + 19),
                           Cell::empty(),
                           Cell::duration(3600)};
        const Cell total[] = {
            Cell::str("José Ñúñez"), Cell::str("dni"),   Cell::str("12345678Z"),
            Cell::date(jan15),       Cell::str("TOTAL"), Cell::str(""),
            Cell::str(""),           Cell::str(""),      Cell::duration(31 * 3600 + 5 * 60)};
        x.row({r1, false});
        x.row({r2, false});
        x.row({total, true});
        x.finish();
        CHECK(x.sheets() == 1);
    }
    REQUIRE(fs::exists(file));
    CHECK(sheet_names(file) == std::vector<std::string>{"Report"});
    const std::string xml = sheet_xml(file, 1);
    const auto cells = sheet_cells(xml);
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));

    SECTION("header: text, bold on grey") {
        for (std::size_t c = 0; c < kHeader.size(); ++c) {
            const std::string ref = std::string(1, static_cast<char>('A' + c)) + "1";
            INFO(ref);
            REQUIRE(cells.count(ref));
            CHECK(cells.at(ref).text == kHeader[c]);
            const XStyle s = style_of(styles, cells.at(ref));
            CHECK(s.bold);
            CHECK(s.fill_rgb == "FFD9D9D9");
        }
    }
    SECTION("text cells are inline strings, escaped and intact") {
        CHECK(cells.at("A2").type == "inlineStr");
        CHECK(cells.at("A2").text == "José Ñúñez");
        CHECK(cells.at("A3").text == "Ana \"La\" <Ruiz> & Co");
        CHECK(cells.at("C3").text == "=1+1");
        CHECK(xml.find("<f>") == std::string::npos);  // no formula anywhere
        CHECK(!style_of(styles, cells.at("A2")).bold);
    }
    SECTION("dates are Excel serials, times and durations day fractions") {
        CHECK(cells.at("D2").value == "45306");  // 2024-01-15
        CHECK(style_of(styles, cells.at("D2")).num_format == "dd/mm/yyyy");
        CHECK(approx(cells.at("G2").number(), 8.0 / 24));
        CHECK(approx(cells.at("H2").number(), 14.5 / 24));
        CHECK(style_of(styles, cells.at("G2")).num_format == "hh:mm:ss");
        CHECK(approx(cells.at("I2").number(), 6.5 / 24));
        CHECK(style_of(styles, cells.at("I2")).num_format == "[h]:mm:ss");
        CHECK(approx(cells.at("G3").number(), (21 * 3600 + 54 * 60 + 19) / 86400.0));
        CHECK(cells.count("H3") == 0);  // an empty cell is not written
    }
    SECTION("TOTAL row: bold on E6E6E6 with the right number formats") {
        const XStyle date = style_of(styles, cells.at("D4"));
        const XStyle dur = style_of(styles, cells.at("I4"));
        const XStyle text = style_of(styles, cells.at("E4"));
        CHECK(cells.at("E4").text == "TOTAL");
        CHECK(approx(cells.at("I4").number(), (31 * 3600 + 5 * 60) / 86400.0));
        CHECK(cells.at("D4").value == "45306");
        for (const XStyle& s : {date, dur, text}) {
            CHECK(s.bold);
            CHECK(s.fill_rgb == "FFE6E6E6");
        }
        CHECK(date.num_format == "dd/mm/yyyy");
        CHECK(dur.num_format == "[h]:mm:ss");
        CHECK(text.num_format.empty());
        CHECK(cells.at("I4").style != cells.at("I2").style);
        CHECK(cells.at("D4").style != cells.at("D2").style);
        CHECK(cells.at("A4").style != cells.at("A2").style);
        // Empty strings of a TOTAL row still carry the band.
        REQUIRE(cells.count("F4"));
        CHECK(style_of(styles, cells.at("F4")).fill_rgb == "FFE6E6E6");
    }
    SECTION("frozen header, autofilter over the table, column widths") {
        const auto pane = elements(xml, "pane");
        REQUIRE(pane.size() == 1);
        CHECK(attr(pane[0], "ySplit") == "1");
        CHECK(attr(pane[0], "state") == "frozen");
        CHECK(!attr(pane[0], "xSplit"));
        const auto af = elements(xml, "autoFilter");
        REQUIRE(af.size() == 1);
        CHECK(attr(af[0], "ref") == "A1:I4");
        const auto w = column_widths(xml);
        REQUIRE(w.size() == 9);
        // "Ana \"La\" <Ruiz> & Co" is 21 characters; "Nº ID" is 5 code points
        // (6 bytes) plus room for the filter button.
        CHECK(w.at(1) > 21);
        CHECK(w.at(1) < 24);
        CHECK(w.at(1) > w.at(2));
        CHECK(w.at(3) >= 10);  // "12345678Z"
        CHECK(w.at(3) < 12);
        CHECK(w.at(4) >= 10);  // a date
        for (const auto& [col, width] : w) {
            CHECK(width >= 8);
            CHECK(width <= 61);
        }
    }
}

TEST_CASE("XlsxSink column widths count code points and are clamped", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("w.xlsx");
    std::string accented;
    for (int i = 0; i < 20; ++i)
        accented += "é";  // 20 code points, 40 bytes
    const std::string long_text(200, 'x');
    {
        XlsxOptions opt;
        opt.width_sample_rows = 2;
        XlsxSink x(file, opt);
        x.begin(std::vector<std::string_view>{"a", "b", "c", "d"});
        const Cell r1[] = {Cell::str("x"), Cell::str(accented), Cell::str("short"),
                           Cell::duration(123456 * 3600)};
        const Cell r2[] = {Cell::str("y"), Cell::str("é"), Cell::str("s"), Cell::duration(0)};
        // Past the sample: does not widen anything.
        const Cell r3[] = {Cell::str(long_text), Cell::str(long_text), Cell::str(long_text),
                           Cell::str(long_text)};
        x.row({r1, false});
        x.row({r2, false});
        x.row({r3, false});
        x.finish();
    }
    const std::string xml = sheet_xml(file, 1);
    const auto w = column_widths(xml);
    CHECK(w.at(1) < 9);   // floor of 8
    CHECK(w.at(2) > 20);  // 20 code points, not 40 bytes
    CHECK(w.at(2) < 23);
    CHECK(w.at(3) < 9);
    CHECK(w.at(4) > 12);  // "123456:00:00"
    CHECK(w.at(4) < 15);
    CHECK(sheet_cells(xml).at("A4").text == long_text);

    // A sampled 200-character text clamps to 60.
    const std::string file2 = dir.file("w2.xlsx");
    {
        XlsxSink x(file2);
        x.begin(std::vector<std::string_view>{"a"});
        const Cell r[] = {Cell::str(long_text)};
        x.row({r, false});
        x.finish();
    }
    const auto w2 = column_widths(sheet_xml(file2, 1));
    CHECK(w2.at(1) >= 60);
    CHECK(w2.at(1) < 61);
}

TEST_CASE("XlsxSink continues on new sheets past max_rows_per_sheet", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("multi.xlsx");
    const std::size_t sample = GENERATE(0, 2, 100);  // sampling ends before, during, after
    INFO("width_sample_rows " << sample);
    XlsxOptions opt;
    opt.max_rows_per_sheet = 5;  // header + 4 rows
    opt.width_sample_rows = sample;
    const int n = 10;
    {
        XlsxSink x(file, opt, "Informe");
        x.begin(std::vector<std::string_view>{"Nombre", "Fecha", "Tiempo"});
        for (int i = 0; i < n; ++i) {
            const std::string name = "persona " + std::to_string(i);
            const Cell r[] = {Cell::str(name), Cell::date(19737 + i), Cell::duration(60 * i)};
            x.row({r, i == n - 1});
        }
        x.finish();
        CHECK(x.sheets() == 3);
    }
    CHECK(sheet_names(file) == std::vector<std::string>{"Informe", "Informe (2)", "Informe (3)"});
    const auto members = zip_members(file);
    CHECK(std::count(members.begin(), members.end(), "xl/worksheets/sheet4.xml") == 0);
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    int next = 0;
    for (int s = 1; s <= 3; ++s) {
        INFO("sheet " << s);
        const std::string xml = sheet_xml(file, s);
        const auto cells = sheet_cells(xml);
        CHECK(cells.at("A1").text == "Nombre");
        CHECK(cells.at("C1").text == "Tiempo");
        CHECK(style_of(styles, cells.at("A1")).fill_rgb == "FFD9D9D9");
        const auto pane = elements(xml, "pane");
        REQUIRE(pane.size() == 1);
        CHECK(attr(pane[0], "ySplit") == "1");
        const int rows = s < 3 ? 4 : 2;
        const auto af = elements(xml, "autoFilter");
        REQUIRE(af.size() == 1);
        CHECK(attr(af[0], "ref") == "A1:C" + std::to_string(rows + 1));
        CHECK(column_widths(xml).size() == 3);
        for (int r = 2; r <= rows + 1; ++r, ++next) {
            const std::string row = std::to_string(r);
            CHECK(cells.at("A" + row).text == "persona " + std::to_string(next));
            CHECK(cells.at("B" + row).number() == 45306 + next);
            CHECK(approx(cells.at("C" + row).number(), 60.0 * next / 86400));
        }
        std::string after = "A";  // (appended: GCC 12 warns falsely on "A" + to_string)
        after += std::to_string(rows + 2);
        CHECK(cells.count(after) == 0);
    }
    CHECK(next == n);
}

TEST_CASE("XlsxSink streams thousands of rows in constant-memory mode", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("big.xlsx");
    const int n = 5000;
    {
        XlsxSink x(file);
        x.begin(kHeader);
        for (int i = 0; i < n; ++i) {
            const std::string id = std::to_string(i);
            const std::string name = "Empleado " + id;  // outlives the row() call
            const Cell r[] = {Cell::str(name),       Cell::str("dni"), Cell::str(id),
                              Cell::date(19737),     Cell::str("a"),   Cell::str("b"),
                              Cell::time(i % 86400), Cell::time(0),    Cell::duration(i)};
            x.row({r, false});
        }
        x.finish();
    }
    const std::string xml = sheet_xml(file, 1);
    CHECK(elements(section(xml, "sheetData"), "row").size() == n + 1);
    const auto cells = sheet_cells(xml);
    CHECK(cells.at("A5001").text == "Empleado 4999");
    CHECK(cells.at("C2").text == "0");
    CHECK(attr(elements(xml, "autoFilter").at(0), "ref") == "A1:I5001");
    // constant_memory mode writes inline strings, never a shared string table.
    const auto members = zip_members(file);
    CHECK(std::count(members.begin(), members.end(), "xl/sharedStrings.xml") == 0);
}

TEST_CASE("XlsxSink sanitizes the sheet name to Excel's rules", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("n.xlsx");
    XlsxOptions opt;
    opt.max_rows_per_sheet = 2;
    {
        XlsxSink x(file, opt, "'Informe: enero/febrero [2024] * ¿ok? muy largo'");
        x.begin(std::vector<std::string_view>{"a"});
        const Cell r[] = {Cell::str("x")};
        x.row({r, false});
        x.row({r, false});
        x.finish();
    }
    const auto names = sheet_names(file);
    REQUIRE(names.size() == 2);
    CHECK(names[0] == "Informe_ enero_febrero _2024_ _");  // 31 characters
    CHECK(names[1] == "Informe_ enero_febrero _202 (2)");
    CHECK(names[1].size() <= 31);
}

TEST_CASE("XlsxSink destroyed without finish writes no file", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("abandoned.xlsx");
    const std::size_t fds = open_fds();
    {
        XlsxOptions opt;
        opt.width_sample_rows = 1;
        XlsxSink x(file, opt);
        x.begin(kHeader);
        const Cell r[] = {Cell::str("x"), Cell::date(1)};
        x.row({r, false});
        x.row({r, false});  // past the sample: the sheet exists
        CHECK(x.sheets() == 1);
        CHECK(open_fds() > fds);  // the sheet's temp file
    }
    CHECK(!fs::exists(file));
    CHECK(dir.entries().empty());
    CHECK(open_fds() == fds);
}

TEST_CASE("XlsxSink failures are io errors naming the path", "[xlsx]") {
    TempDir dir;
    SECTION("missing directory") {
        const std::string file = dir.file("missing/r.xlsx");
        expect_io_error(
            [&] {
                XlsxSink x(file);
                x.begin(kHeader);
                x.finish();
            },
            file);
    }
    SECTION("full device, without leaking the sheets' temp files") {
        const std::size_t fds = open_fds();
        expect_io_error(
            [&] {
                XlsxOptions opt;
                opt.max_rows_per_sheet = 3;
                opt.width_sample_rows = 0;
                XlsxSink x("/dev/full", opt);
                x.begin(kHeader);
                const Cell r[] = {Cell::str("x")};
                for (int i = 0; i < 5; ++i)
                    x.row({r, false});
                CHECK(x.sheets() == 3);
                x.finish();
            },
            "/dev/full");
        CHECK(open_fds() == fds);
    }
    SECTION("missing temp directory") {
        // libxlsxwriter would silently fall back to /tmp: the sink refuses.
        XlsxOptions opt;
        opt.tmpdir = dir.file("no-such-tmp");
        expect_io_error([&] { XlsxSink x(dir.file("r.xlsx"), opt); }, opt.tmpdir);
    }
    SECTION("a one-row sheet limit is a usage error") {
        XlsxOptions opt;
        opt.max_rows_per_sheet = 1;
        CHECK_THROWS_AS(XlsxSink(dir.file("r.xlsx"), opt), Error);
    }
}

TEST_CASE("XlsxSink works through AtomicFile", "[xlsx][atomic]") {
    TempDir dir;
    const std::string target = dir.file("final.xlsx");
    {
        AtomicFile af(target);
        XlsxSink x(af.temp_path());
        x.begin(kHeader);
        const Cell r[] = {Cell::str("a")};
        x.row({r, false});
        x.finish();
        af.commit();
    }
    CHECK(dir.entries() == std::vector<std::string>{"final.xlsx"});
    CHECK(sheet_cells(sheet_xml(target, 1)).at("A2").text == "a");
}
