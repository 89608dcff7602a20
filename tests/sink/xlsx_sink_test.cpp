#include <catch2/catch.hpp>
#include <tuple>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/version.hpp"
#include "reportgen/time.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using namespace reportgen::test;
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

namespace {

// Two employees' rows with TOTAL rows, as the report core writes them.
void write_detail(XlsxSink& x) {
    const int64_t jan1 = days_from_civil({2024, 1, 1});
    const Cell a1[] = {Cell::str("Ana"),     Cell::str("dni"),      Cell::str("1A"),
                       Cell::date(jan1),     Cell::str("Oficina"),  Cell::str("G"),
                       Cell::time(8 * 3600), Cell::time(12 * 3600), Cell::duration(4 * 3600)};
    // A night shift: the clock-out falls on the next day.
    const Cell a2[] = {Cell::str("Ana"),      Cell::str("dni"),        Cell::str("1A"),
                       Cell::date(jan1),      Cell::str("Noche"),      Cell::str("G"),
                       Cell::time(22 * 3600), Cell::time(2 * 3600, 1), Cell::duration(4 * 3600)};
    const Cell at[] = {Cell::str("Ana"), Cell::str("dni"),   Cell::str("1A"),
                       Cell::date(jan1), Cell::str("TOTAL"), Cell::str(""),
                       Cell::str(""),    Cell::str(""),      Cell::duration(8 * 3600)};
    const Cell b1[] = {Cell::str("Bea"),     Cell::str("nie"),      Cell::str("X2"),
                       Cell::date(jan1 + 1), Cell::str("Oficina"),  Cell::str("G"),
                       Cell::time(9 * 3600), Cell::time(10 * 3600), Cell::duration(3600)};
    const Cell bt[] = {Cell::str("Bea"),     Cell::str("nie"),   Cell::str("X2"),
                       Cell::date(jan1 + 1), Cell::str("TOTAL"), Cell::str(""),
                       Cell::str(""),        Cell::str(""),      Cell::duration(3600)};
    x.row({a1, false});
    x.row({a2, false});
    x.row({at, true});
    x.row({b1, false});
    x.row({bt, true});
}

ReportSummary two_employees() {
    const int64_t jan1 = days_from_civil({2024, 1, 1});
    ReportSummary s;
    // Ana's planned time is known (7 h: balance -0.5 h), Bea's is not.
    s.employees.push_back(
        {"Ana", "dni", "1A", 1, 8 * 3600, 0, 1, 6 * 3600 + 1800, 1800, 3600, true, 7 * 3600});
    s.employees.push_back({"Bea", "nie", "X2", 2, 3 * 3600 + 1, 1, 0, 3 * 3600 + 1, 0, 0});
    s.effective_s = 9 * 3600 + 1801;
    s.unpaid_pause_s = 1800;
    s.night_s = 3600;
    s.has_planned = true;
    s.planned_s = 7 * 3600;
    s.balance_s = -1800;
    s.workdays.push_back({jan1, 8 * 3600});
    s.workdays.push_back({jan1 + 1, 3600});
    s.workdays.push_back({jan1 + 3, 2 * 3600 + 1});
    s.worked_s = 11 * 3600 + 1;
    return s;
}

ReportInfo acme_info(Lang lang = Lang::es) {
    ReportInfo info;
    info.company = "Acme & Hijos, S.L.";
    info.from = {2024, 1, 1};
    info.to = {2024, 1, 14};
    info.lang = lang;
    return info;
}

// The detail rows, then the summary sheets, into a workbook at `file`.
void write_with_summary(const std::string& file, const ReportSummary& sum) {
    XlsxSink x(file, {}, "Informe");
    x.describe(acme_info());
    x.begin(kHeader);
    write_detail(x);
    x.summary(sum);
    x.finish();
}

// The text of the first element `name` (e.g. "oddHeader"), unescaped.
std::string element_text(std::string_view xml, std::string_view name) {
    const auto e = elements(xml, name);
    if (e.empty()) return "<none>";
    const auto body = e.front().substr(e.front().find('>') + 1);
    return xml_unescape(body.substr(0, body.rfind("</")));
}

}  // namespace

TEST_CASE("XlsxSink sheets are print-ready with the company and period", "[xlsx][print]") {
    TempDir dir;
    const std::string file = dir.file("print.xlsx");
    XlsxOptions opt;
    opt.max_rows_per_sheet = 4;  // two detail sheets: both get the page setup
    {
        XlsxSink x(file, opt, "Informe");
        x.describe(acme_info());
        x.begin(kHeader);
        write_detail(x);
        x.finish();
        CHECK(x.sheets() == 2);
    }
    for (int n = 1; n <= 2; ++n) {
        INFO("sheet " << n);
        const std::string xml = sheet_xml(file, n);
        const auto setup = elements(xml, "pageSetup");
        REQUIRE(setup.size() == 1);
        CHECK(attr(setup[0], "orientation") == "landscape");
        CHECK(attr(setup[0], "paperSize") == "9");
        // 1 is SpreadsheetML's default: libxlsxwriter leaves it out.
        CHECK(attr(setup[0], "fitToWidth").value_or("1") == "1");
        CHECK(attr(setup[0], "fitToHeight") == "0");
        REQUIRE(elements(xml, "pageSetUpPr").size() == 1);
        CHECK(attr(elements(xml, "pageSetUpPr")[0], "fitToPage") == "1");
        // '&' doubled: a lone one would start a header code.
        CHECK(element_text(xml, "oddHeader") ==
              "&LAcme && Hijos, S.L.&CInforme de fichajes&R01/01/2024 – 14/01/2024");
        CHECK(element_text(xml, "oddFooter") == "&CPágina &P de &N");
        const auto margins = elements(xml, "pageMargins");
        REQUIRE(margins.size() == 1);
        CHECK(std::stod(*attr(margins[0], "left")) < 0.7);  // narrower than Excel's default
    }
    // Print titles: the header row of each sheet repeats on every page.
    const std::string wb = unzip_member(file, "xl/workbook.xml");
    std::vector<std::string> titles;
    for (const auto d : elements(wb, "definedName")) {
        if (attr(d, "name") == "_xlnm.Print_Titles")
            titles.push_back(
                std::string(d.substr(d.find('>') + 1, d.rfind("</") - d.find('>') - 1)));
    }
    std::sort(titles.begin(), titles.end());
    CHECK(titles == std::vector<std::string>{"'Informe (2)'!$1:$1", "Informe!$1:$1"});

    const std::string core = unzip_member(file, "docProps/core.xml");
    CHECK(element_text(core, "dc:title") == "Informe de fichajes 2024-01-01 – 2024-01-14");
    CHECK(element_text(core, "dc:subject") == "Fichajes por empleado");
    // The build's version (version.hpp), not a placeholder.
    CHECK(element_text(core, "dc:creator") == std::string("reportgen ") + REPORTGEN_VERSION);
    CHECK(std::string(REPORTGEN_VERSION) != "0.0.0");
    CHECK(element_text(core, "dcterms:created").rfind("20", 0) == 0);
    CHECK(element_text(unzip_member(file, "docProps/app.xml"), "Company") == "Acme & Hijos, S.L.");
}

TEST_CASE("XlsxSink without describe() still prints one page wide, in English too",
          "[xlsx][print]") {
    TempDir dir;
    const std::string file = dir.file("plain.xlsx");
    SECTION("no describe: no page header, footer and setup all the same") {
        {
            XlsxSink x(file);
            x.begin(kHeader);
            write_detail(x);
            x.finish();
        }
        const std::string xml = sheet_xml(file, 1);
        CHECK(element_text(xml, "oddHeader") == "<none>");
        CHECK(element_text(xml, "oddFooter") == "&CPágina &P de &N");
        CHECK(attr(elements(xml, "pageSetup").at(0), "orientation") == "landscape");
    }
    SECTION("English, no company") {
        {
            XlsxSink x(file);
            ReportInfo info = acme_info(Lang::en);
            info.company = "";
            info.layout = Layout::by_group;
            x.describe(info);
            x.begin(kHeader);
            write_detail(x);
            x.finish();
        }
        const std::string xml = sheet_xml(file, 1);
        CHECK(element_text(xml, "oddHeader") == "&CAttendance report&R01/01/2024 – 14/01/2024");
        CHECK(element_text(xml, "oddFooter") == "&CPage &P of &N");
        const std::string core = unzip_member(file, "docProps/core.xml");
        CHECK(element_text(core, "dc:title") == "Attendance report 2024-01-01 – 2024-01-14");
        CHECK(element_text(core, "dc:subject") == "Attendance by group");
    }
}

TEST_CASE("XlsxSink: a file of one worker names them in the page header, of many does not",
          "[xlsx][print][worker]") {
    TempDir dir;
    const std::string file = dir.file("worker.xlsx");
    const WorkerInfo ana{"Ana & Co", "dni", "12345678Z", 1007, "281234567840", 160 * 3600,
                         "aceptado 2024-02-02"};
    SECTION("one worker: name, ID, code and SS number on a second line") {
        {
            XlsxOptions opt;
            opt.max_rows_per_sheet = 4;  // two sheets: both get it
            XlsxSink x(file, opt, "Informe");
            x.describe(acme_info());
            x.begin(kHeader);
            x.worker(ana);
            write_detail(x);
            x.finish();
            CHECK(x.sheets() == 2);
        }
        for (int n = 1; n <= 2; ++n)
            CHECK(element_text(sheet_xml(file, n), "oddHeader") ==
                  "&LAcme && Hijos, S.L.\nAna && Co · dni 12345678Z&CInforme de fichajes"
                  "&R01/01/2024 – 14/01/2024\nCódigo de empleado 1007 · Nº afiliación SS "
                  "281234567840");
    }
    SECTION("what the sources do not give is left out; English") {
        {
            XlsxSink x(file);
            x.describe(acme_info(Lang::en));
            x.begin(kHeader);
            x.worker(WorkerInfo{"Ana", "nie", "X1", std::nullopt, "", std::nullopt, ""});
            write_detail(x);
            x.finish();
        }
        CHECK(element_text(sheet_xml(file, 1), "oddHeader") ==
              "&LAcme && Hijos, S.L.\nAna · nie X1&CAttendance report&R01/01/2024 – 14/01/2024");
        {
            XlsxSink x(file);
            x.describe(acme_info(Lang::en));
            x.begin(kHeader);
            x.worker(WorkerInfo{"Ana", "nie", "X1", std::nullopt, "281234567840", std::nullopt, ""});
            write_detail(x);
            x.finish();
        }
        CHECK(element_text(sheet_xml(file, 1), "oddHeader") ==
              "&LAcme && Hijos, S.L.\nAna · nie X1&CAttendance report&R01/01/2024 – 14/01/2024"
              "\nSocial Security no. 281234567840");
    }
    SECTION("two workers in one file: the report's header") {
        {
            XlsxSink x(file);
            x.describe(acme_info());
            x.begin(kHeader);
            x.worker(ana);
            write_detail(x);
            x.worker(WorkerInfo{"José", "dni", "1", 8, "", std::nullopt, ""});
            x.finish();
        }
        CHECK(element_text(sheet_xml(file, 1), "oddHeader") ==
              "&LAcme && Hijos, S.L.&CInforme de fichajes&R01/01/2024 – 14/01/2024");
    }
    SECTION("past Excel's 255 characters: the report's header") {
        {
            XlsxSink x(file);
            x.describe(acme_info());
            x.begin(kHeader);
            const std::string amps(60, '&');  // each doubled in the header
            x.worker(WorkerInfo{amps, "dni", std::string(30, '9'), 999999999999,
                                std::string(40, '8'), std::nullopt, ""});
            write_detail(x);
            x.finish();
        }
        CHECK(element_text(sheet_xml(file, 1), "oddHeader") ==
              "&LAcme && Hijos, S.L.&CInforme de fichajes&R01/01/2024 – 14/01/2024");
    }
}

// Every layout has its own subject: the daily register's used to be read past
// the end of a three-element array (the next member, the page footer's codes).
TEST_CASE("XlsxSink names every layout in the document subject", "[xlsx][print]") {
    TempDir dir;
    const std::string file = dir.file("subject.xlsx");
    const auto [layout, lang, subject] =
        GENERATE(std::make_tuple(Layout::daily, Lang::es, "Registro diario de jornada"),
                 std::make_tuple(Layout::daily, Lang::en, "Daily working time register"),
                 std::make_tuple(Layout::payroll, Lang::es, "Variables de nómina"),
                 std::make_tuple(Layout::payroll, Lang::en, "Payroll figures"),
                 std::make_tuple(Layout::by_activity, Lang::es, "Fichajes por actividad"),
                 std::make_tuple(Layout::incidents, Lang::es, "Incidencias de cumplimiento"));
    {
        XlsxSink x(file);
        ReportInfo info = acme_info(lang);
        info.layout = layout;
        x.describe(info);
        x.begin(kHeader);
        write_detail(x);
        x.finish();
    }
    CHECK(element_text(unzip_member(file, "docProps/core.xml"), "dc:subject") == subject);
}

TEST_CASE("XlsxSink outlines detail rows under their TOTAL rows", "[xlsx][outline]") {
    TempDir dir;
    const std::string file = dir.file("outline.xlsx");
    const std::size_t sample = GENERATE(0, 2, 100);  // rows held for widths, or streamed
    INFO("width_sample_rows " << sample);
    {
        XlsxOptions opt;
        opt.width_sample_rows = sample;
        XlsxSink x(file, opt);
        x.begin(kHeader);
        write_detail(x);
        x.finish();
    }
    const std::string xml = sheet_xml(file, 1);
    std::vector<std::string> levels;
    for (const auto r : elements(section(xml, "sheetData"), "row")) {
        const auto tag = start_tag(r);
        levels.push_back(attr(tag, "outlineLevel").value_or("0"));
        CHECK(!attr(tag, "hidden"));  // expanded: collapsing is the reader's choice
    }
    CHECK(levels == std::vector<std::string>{"0", "1", "1", "0", "1", "0"});
    // Excel shows the outline buttons only when the sheet declares the depth.
    CHECK(attr(elements(xml, "sheetFormatPr").at(0), "outlineLevelRow") == "1");
    // Summary rows below their details (Excel's default, no summaryBelow="0").
    CHECK(xml.find("summaryBelow=\"0\"") == std::string::npos);

    // A clock-out on the next day: still a time of day, shown with "(+1)".
    const auto cells = sheet_cells(xml);
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    CHECK(approx(cells.at("H3").number(), 2.0 / 24));
    CHECK(style_of(styles, cells.at("H3")).num_format == "hh:mm:ss\" (+1)\"");
    CHECK(style_of(styles, cells.at("H2")).num_format == "hh:mm:ss");
    CHECK(style_of(styles, cells.at("G3")).num_format == "hh:mm:ss");
    // Its column is wide enough for the suffix (when widths are sampled).
    if (sample > 0) CHECK(column_widths(xml).at(8) >= 13);
}

// A night shift's clock-out past the sampled rows: its column is still wide
// enough for "hh:mm:ss (+1)" (it printed "###" in the by_employee report).
TEST_CASE("XlsxSink time columns fit a day offset that comes after the sample", "[xlsx]") {
    TempDir dir;
    const std::string file = dir.file("night.xlsx");
    {
        XlsxOptions opt;
        opt.width_sample_rows = 1;
        XlsxSink x(file, opt);
        const std::string_view header[] = {"Entrada", "Salida"};
        x.begin(header);
        const Cell day[] = {Cell::time(9 * 3600), Cell::time(17 * 3600)};
        x.row(TypedRow{day, false});
        const Cell night[] = {Cell::time(22 * 3600), Cell::time(6 * 3600, 1)};
        x.row(TypedRow{night, false});
        x.finish();
    }
    const auto w = column_widths(sheet_xml(file, 1));
    CHECK(w.at(1) >= 13);
    CHECK(w.at(2) >= 13);
}

TEST_CASE("XlsxSink summary sheets: employees, company totals, a chart of hours per day",
          "[xlsx][summary]") {
    TempDir dir;
    const std::string file = dir.file("summary.xlsx");
    const ReportSummary sum = two_employees();
    write_with_summary(file, sum);
    CHECK(sheet_names(file) ==
          std::vector<std::string>{"Informe", "Resumen", "Resumen por día"});
    const std::string xml = sheet_xml(file, 2);
    const auto cells = sheet_cells(xml);
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    // "Incidencias" of old counted data anomalies: renamed, beside the
    // compliance incidents (column N, empty when the checks did not run).
    const char* head[] = {"Empleado",          "Tipo ID",         "Nº ID",
                          "Días trabajados",   "Tiempo registrado", "Media por día",
                          "Entradas abiertas", "Anomalías de datos", "Tiempo efectivo",
                          "Pausas no retribuidas", "Horas nocturnas", "Horas teóricas",
                          "Balance",           "Incidencias"};
    for (int c = 0; c < 14; ++c) {
        const std::string ref = std::string(1, static_cast<char>('A' + c)) + "1";
        INFO(ref);
        CHECK(cells.at(ref).text == head[c]);
        CHECK(style_of(styles, cells.at(ref)).bold);
    }
    // Employees.
    CHECK(cells.at("A2").text == "Ana");
    CHECK(cells.at("B2").text == "dni");
    CHECK(cells.at("C2").text == "1A");
    CHECK(cells.at("D2").number() == 1);
    CHECK(approx(cells.at("E2").number(), 8.0 / 24));
    CHECK(style_of(styles, cells.at("E2")).num_format == "[h]:mm:ss");
    CHECK(approx(cells.at("F2").number(), 8.0 / 24));
    CHECK(style_of(styles, cells.at("F2")).num_format == "[h]:mm:ss");
    CHECK(cells.at("G2").number() == 0);
    CHECK(cells.at("H2").number() == 1);
    CHECK(cells.at("A3").text == "Bea");
    CHECK(cells.at("D3").number() == 2);
    CHECK(approx(cells.at("E3").number(), (3 * 3600 + 1) / 86400.0));
    CHECK(approx(cells.at("F3").number(), (3 * 3600 / 2) / 86400.0));  // whole seconds
    CHECK(cells.at("G3").number() == 1);
    // Company totals: bold on the TOTAL band.
    CHECK(cells.at("A4").text == "TOTAL");
    CHECK(cells.at("D4").number() == 3);
    CHECK(approx(cells.at("E4").number(), (11 * 3600 + 1) / 86400.0));
    CHECK(approx(cells.at("F4").number(), ((11 * 3600 + 1) / 3) / 86400.0));
    CHECK(cells.at("G4").number() == 1);
    CHECK(cells.at("H4").number() == 1);
    for (const char* ref : {"A4", "C4", "E4", "H4"}) {
        INFO(ref);
        CHECK(style_of(styles, cells.at(ref)).bold);
        CHECK(style_of(styles, cells.at(ref)).fill_rgb == "FFE6E6E6");
    }
    CHECK(style_of(styles, cells.at("E4")).num_format == "[h]:mm:ss");
    CHECK(cells.count("A5") == 0);
    // The workday figures: effective, unpaid pauses, night, planned, balance.
    const std::string hours = "0.00\" h\";-0.00\" h\";0.00\" h\"";
    CHECK(approx(cells.at("I2").number(), 6.5 / 24));
    CHECK(style_of(styles, cells.at("I2")).num_format == "[h]:mm:ss");
    CHECK(approx(cells.at("J2").number(), 0.5 / 24));
    CHECK(approx(cells.at("K2").number(), 1.0 / 24));
    CHECK(approx(cells.at("L2").number(), 7.0 / 24));
    CHECK(approx(cells.at("M2").number(), -0.5));  // decimal hours: Excel shows no negative time
    CHECK(style_of(styles, cells.at("M2")).num_format == hours);
    CHECK(approx(cells.at("I3").number(), (3 * 3600 + 1) / 86400.0));
    CHECK(cells.count("L3") == 0);  // planned time unknown: empty, never a wrong 0
    CHECK(cells.count("M3") == 0);
    CHECK(approx(cells.at("I4").number(), (9 * 3600 + 1801) / 86400.0));
    CHECK(approx(cells.at("L4").number(), 7.0 / 24));
    CHECK(approx(cells.at("M4").number(), -0.5));
    CHECK(style_of(styles, cells.at("M4")).num_format == hours);
    CHECK(style_of(styles, cells.at("M4")).bold);
    CHECK(cells.count("A6") == 0);  // the hours per workday are on a sheet of their own
    // Hours per workday.
    const std::string days_xml = sheet_xml(file, 3);
    const auto days = sheet_cells(days_xml);
    CHECK(days.at("A1").text == "Fecha");
    CHECK(days.at("C1").text == "Horas (decimal)");
    CHECK(days.at("A2").value == "45292");  // 2024-01-01
    CHECK(style_of(styles, days.at("A2")).num_format == "dd/mm/yyyy");
    CHECK(approx(days.at("B2").number(), 8.0 / 24));
    CHECK(approx(days.at("C2").number(), 8.0));
    CHECK(days.at("A4").value == "45295");  // 2024-01-04
    CHECK(approx(days.at("C4").number(), 2.0 + 1.0 / 3600));
    CHECK(days.count("A5") == 0);

    // The same page setup as the detail.
    CHECK(attr(elements(xml, "pageSetup").at(0), "orientation") == "landscape");
    CHECK(attr(elements(xml, "pageSetup").at(0), "fitToHeight") == "0");
    CHECK(element_text(xml, "oddFooter") == "&CPágina &P de &N");
    const std::string wb = unzip_member(file, "xl/workbook.xml");
    CHECK(wb.find(">Resumen!$1:$1<") != std::string::npos);

    // The chart: a column chart over the daily table.
    const auto members = zip_members(file);
    REQUIRE(std::count(members.begin(), members.end(), "xl/charts/chart1.xml") == 1);
    const std::string chart = unzip_member(file, "xl/charts/chart1.xml");
    CHECK(elements(chart, "c:barChart").size() == 1);
    CHECK(attr(elements(chart, "c:barDir").at(0), "val") == "col");
    CHECK(element_text(section(chart, "c:cat"), "c:f") == "'Resumen por día'!$A$2:$A$4");
    CHECK(element_text(section(chart, "c:val"), "c:f") == "'Resumen por día'!$C$2:$C$4");
    // Anchored on the sheet of the hours per workday.
    CHECK(xml.find("<drawing ") == std::string::npos);
    CHECK(days_xml.find("<drawing ") != std::string::npos);
}

// Issue 21: printed, the summary showed the employee table's header above
// the per-day table (one set of print titles per sheet) and cut the chart
// across two pages. Each table now has its own sheet, its own header as the
// print title, and the chart sits at the top of its first page.
TEST_CASE("XlsxSink summary prints each table under its own header, the chart whole",
          "[xlsx][summary][print]") {
    TempDir dir;
    const std::string file = dir.file("print.xlsx");
    ReportSummary sum;
    const int64_t jan1 = days_from_civil({2024, 1, 1});
    std::vector<std::string> names, nids;  // the summary holds views
    for (int i = 0; i < 80; ++i) {
        names.push_back("Empleado " + std::to_string(i));
        nids.push_back(std::to_string(i));
    }
    for (int i = 0; i < 80; ++i)  // a few printed pages of employees
        sum.employees.push_back({names[static_cast<std::size_t>(i)], "dni",
                                 nids[static_cast<std::size_t>(i)], 20, 20 * 8 * 3600, 0, 0, 0,
                                 0, 0});
    for (int d = 0; d < 62; ++d)  // two months of workdays: more than a page
        sum.workdays.push_back({jan1 + d, 80 * 8 * 3600});
    write_with_summary(file, sum);
    REQUIRE(sheet_names(file) ==
            std::vector<std::string>{"Informe", "Resumen", "Resumen por día"});
    // Print titles: each sheet repeats its own first row, its table's header.
    const std::string wb = unzip_member(file, "xl/workbook.xml");
    std::map<std::string, std::string> titles;  // localSheetId -> range
    for (const auto name : elements(wb, "definedName"))
        if (attr(start_tag(name), "name") == "_xlnm.Print_Titles")
            titles[attr(start_tag(name), "localSheetId").value_or("")] =
                element_text(name, "definedName");
    CHECK(titles.at("1") == "Resumen!$1:$1");
    CHECK(titles.at("2") == "'Resumen por día'!$1:$1");
    const std::string summary = sheet_xml(file, 2);
    const std::string days = sheet_xml(file, 3);
    CHECK(sheet_cells(summary).at("A1").text == "Empleado");
    CHECK(sheet_cells(days).at("A1").text == "Fecha");
    // Nothing of the per-day table (nor its chart) under the employees' header.
    for (const auto& [ref, cell] : sheet_cells(summary))
        CHECK(cell.text != "Fecha");
    CHECK(summary.find("<drawing ") == std::string::npos);
    // No manual page breaks: the tables flow over pages one wide.
    CHECK(elements(summary, "rowBreaks").empty());
    CHECK(elements(days, "rowBreaks").empty());
    for (const std::string* xml : {&summary, &days}) {
        const auto setup = elements(*xml, "pageSetup").at(0);
        CHECK(attr(setup, "fitToHeight") == "0");
        CHECK(attr(setup, "orientation") == "landscape");
        CHECK(attr(setup, "paperSize") == "9");
    }
    // The chart: below the header row (the print title: a chart over it
    // would print a slice on every page), ending well within the first
    // printed page (A4 landscape holds 32 rows of 15 pt at 100 % between
    // these margins; one page wide only shrinks the rows).
    REQUIRE(days.find("<drawing ") != std::string::npos);
    const std::string drawing = unzip_member(file, "xl/drawings/drawing1.xml");
    CHECK(element_text(section(drawing, "xdr:from"), "xdr:row") == "1");
    const int last_row = std::stoi(element_text(section(drawing, "xdr:to"), "xdr:row"));
    CHECK(last_row < 30);
}

TEST_CASE("XlsxSink summary in English, and without workdays no chart", "[xlsx][summary]") {
    TempDir dir;
    const std::string file = dir.file("summary_en.xlsx");
    ReportSummary sum;
    sum.employees.push_back({"Ana", "dni", "1A", 0, 0, 2, 0});  // open entries only
    {
        XlsxSink x(file, {}, "Report");
        x.describe(acme_info(Lang::en));
        x.begin(kHeader);
        x.summary(sum);
        const Cell late[] = {Cell::str("late")};
        CHECK_THROWS_AS(x.row({late, false}), Error);  // rows come before the summary
        CHECK_THROWS_AS(x.summary(sum), Error);
        x.finish();
    }
    CHECK(sheet_names(file) == std::vector<std::string>{"Report", "Summary"});
    const auto cells = sheet_cells(sheet_xml(file, 2));
    CHECK(cells.at("D1").text == "Days worked");
    CHECK(cells.at("E1").text == "Recorded time");
    CHECK(cells.at("M1").text == "Balance");
    CHECK(cells.count("L2") == 0);  // no planned time known
    CHECK(cells.count("L3") == 1);  // the TOTAL band, blank
    CHECK(cells.at("L3").value.empty());
    CHECK(cells.at("A3").text == "TOTAL");
    CHECK(cells.at("G3").number() == 2);
    CHECK(cells.count("F2") == 0);  // no average over zero days
    const auto members = zip_members(file);
    CHECK(std::count(members.begin(), members.end(), "xl/charts/chart1.xml") == 0);
}

// Excel's 1900 date system shows ##### for a negative time: a signed
// duration is a number of hours with a format that keeps the sign.
TEST_CASE("XlsxSink writes signed durations as decimal hours", "[xlsx][signed]") {
    TempDir dir;
    const std::string file = dir.file("signed.xlsx");
    {
        XlsxSink x(file);
        const std::vector<std::string_view> header = {"Empleado", "Balance"};
        x.begin(header);
        const Cell r1[] = {Cell::str("Ana"), Cell::signed_duration(-(12 * 3600 + 30 * 60))};
        const Cell r2[] = {Cell::str("Bea"), Cell::signed_duration(5400)};
        const Cell total[] = {Cell::str("TOTAL"), Cell::signed_duration(-(11 * 3600))};
        x.row({r1, false});
        x.row({r2, false});
        x.row({total, true});
        x.finish();
    }
    const auto cells = sheet_cells(sheet_xml(file, 1));
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    CHECK(approx(cells.at("B2").number(), -12.5));
    CHECK(approx(cells.at("B3").number(), 1.5));
    CHECK(approx(cells.at("B4").number(), -11.0));
    const std::string fmt = "0.00\" h\";-0.00\" h\";0.00\" h\"";
    CHECK(style_of(styles, cells.at("B2")).num_format == fmt);
    CHECK(style_of(styles, cells.at("B4")).num_format == fmt);
    CHECK(style_of(styles, cells.at("B4")).bold);
    CHECK(!style_of(styles, cells.at("B2")).bold);
}

TEST_CASE("XlsxSink compliance sheet: every incident, its count per employee in the summary",
          "[xlsx][summary][compliance]") {
    TempDir dir;
    const std::string file = dir.file("compliance.xlsx");
    ReportSummary sum = two_employees();
    sum.compliance_checked = true;
    sum.employees[0].compliance_incidents = 2;
    IncidentSummary day;
    day.name = "Ana";
    day.identity_type = "dni";
    day.nid = "1A";
    day.workday = 19733;  // 10/01/2024
    day.rule = "daily_max";
    day.label = "Jornada diaria máxima";
    day.value_s = 10 * 3600;
    day.limit_s = 9 * 3600;
    IncidentSummary period = day;
    period.period = true;
    period.rule = "night_avg";
    period.label = "Media de jornada nocturna";
    period.detail = "3 of 4 workdays at night";
    sum.incidents = {day, period};
    {
        XlsxSink x(file, {}, "Informe");
        x.describe(acme_info());
        x.begin(kHeader);
        write_detail(x);
        x.summary(sum);
        x.finish();
    }
    // The per-day table has its own sheet; the incidents come after it.
    CHECK(sheet_names(file) ==
          std::vector<std::string>{"Informe", "Resumen", "Resumen por día", "Cumplimiento"});
    const auto summary = sheet_cells(sheet_xml(file, 2));
    CHECK(summary.at("N1").text == "Incidencias");
    CHECK(summary.at("N2").number() == 2);
    CHECK(summary.at("N3").number() == 0);
    CHECK(summary.at("N4").number() == 2);  // TOTAL
    const auto c = sheet_cells(sheet_xml(file, 4));
    const char* head[] = {"Empleado", "Tipo ID", "Nº ID", "Fecha", "Regla", "Descripción",
                          "Valor", "Límite", "Detalle"};
    for (int col = 0; col < 9; ++col)
        CHECK(c.at(std::string(1, static_cast<char>('A' + col)) + "1").text == head[col]);
    CHECK(c.at("A2").text == "Ana");
    CHECK(c.at("D2").number() == Approx(19733 + 25569));  // an Excel date
    CHECK(c.at("E2").text == "daily_max");
    CHECK(c.at("F2").text == "Jornada diaria máxima");
    CHECK(approx(c.at("G2").number(), 10.0 / 24));
    CHECK(approx(c.at("H2").number(), 9.0 / 24));
    CHECK(c.at("D3").text == "Periodo");
    CHECK(c.at("E3").text == "night_avg");
    CHECK(c.at("I3").text == "3 of 4 workdays at night");
    CHECK(c.count("A4") == 0);
    // Without the checks: no sheet, no count.
    const std::string plain = dir.file("plain.xlsx");
    {
        XlsxSink x(plain, {}, "Informe");
        x.begin(kHeader);
        write_detail(x);
        x.summary(two_employees());
        x.finish();
    }
    CHECK(sheet_names(plain) ==
          std::vector<std::string>{"Informe", "Resumen", "Resumen por día"});
    CHECK(sheet_cells(sheet_xml(plain, 2)).count("N2") == 0);
}

TEST_CASE("XlsxSink compliance sheet: an incidents report's rows are the list, not repeated",
          "[xlsx][summary][compliance]") {
    ReportInfo info = acme_info(Lang::en);
    info.layout = Layout::incidents;
    IncidentSummary one;
    one.name = "Ana";
    one.rule = "daily_max";
    ReportSummary sum = two_employees();
    sum.incidents = {one};
    sum.compliance_checked = true;
    TempDir dir;
    const std::string file = dir.file("incidents.xlsx");
    {
        XlsxSink x(file, {}, "Compliance");
        x.describe(info);
        x.begin(kHeader);
        write_detail(x);
        x.summary(sum);
        x.finish();
    }
    CHECK(sheet_names(file) ==
          std::vector<std::string>{"Compliance", "Summary", "Summary per day"});
    CHECK(element_text(unzip_member(file, "docProps/core.xml"), "dc:subject") ==
          "Compliance incidents");
}

TEST_CASE("XlsxSink changes sheet: every modified and deleted entry, before the compliance sheet",
          "[xlsx][summary][trace]") {
    TempDir dir;
    const std::string file = dir.file("changes.xlsx");
    ReportSummary sum = two_employees();
    sum.compliance_checked = true;
    sum.changes_listed = true;
    ChangeSummary edited;
    edited.name = "Ana";
    edited.identity_type = "dni";
    edited.nid = "1A";
    edited.workday = 19733;                      // 10/01/2024
    edited.clock_in = 19733 * 86400 + 8 * 3600;  // 08:00 local
    edited.has_clock_out = true;
    edited.clock_out = 19733 * 86400 + 14 * 3600;
    edited.has_created = true;
    edited.created = edited.clock_in + 3;
    edited.has_updated = true;
    edited.updated = edited.clock_out + 2 * 86400 + 1800;  // 12/01 14:30
    edited.origin_in = "app";
    edited.origin_out = "web";
    edited.what = "editado";
    ChangeSummary open = edited;  // still clocked in, no record times, no origins
    open.workday = 19734;
    open.clock_in = 19734 * 86400 + 9 * 3600;
    open.has_clock_out = open.has_created = open.has_updated = false;
    open.origin_in = open.origin_out = "";
    open.deleted = true;
    open.what = "eliminado";
    sum.changes = {edited, open};
    write_with_summary(file, sum);
    CHECK(sheet_names(file) == std::vector<std::string>{"Informe", "Resumen", "Resumen por día",
                                                        "Modificaciones", "Cumplimiento"});
    const auto c = sheet_cells(sheet_xml(file, 4));
    const char* head[] = {"Empleado",   "Tipo ID",        "Nº ID",         "Fecha",
                          "Entrada",    "Salida",         "Creado",        "Modificado",
                          "Origen entrada", "Origen salida", "Cambio"};
    for (int col = 0; col < 11; ++col)
        CHECK(c.at(std::string(1, static_cast<char>('A' + col)) + "1").text == head[col]);
    CHECK(c.at("A2").text == "Ana");
    CHECK(c.at("C2").text == "1A");
    CHECK(c.at("D2").number() == Approx(19733 + 25569));  // an Excel date
    // Excel date-times: days since 1899-12-30 with the time as a fraction.
    CHECK(approx(c.at("E2").number(), 19733 + 25569 + 8.0 / 24));
    CHECK(approx(c.at("F2").number(), 19733 + 25569 + 14.0 / 24));
    CHECK(approx(c.at("G2").number(), 19733 + 25569 + (8 * 3600 + 3) / 86400.0));
    CHECK(approx(c.at("H2").number(), 19735 + 25569 + 14.5 / 24));
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    CHECK(style_of(styles, c.at("E2")).num_format == "dd/mm/yyyy hh:mm:ss");
    CHECK(c.at("I2").text == "app");
    CHECK(c.at("J2").text == "web");
    CHECK(c.at("K2").text == "editado");
    // Unknown times and origins: blank cells, never a 0 that reads 1970.
    CHECK(approx(c.at("E3").number(), 19734 + 25569 + 9.0 / 24));
    for (const char* blank : {"F3", "G3", "H3", "I3", "J3"}) CHECK(c.count(blank) == 0);
    CHECK(c.at("K3").text == "eliminado");
    CHECK(c.count("A4") == 0);
    // Not listed: no sheet.
    const std::string plain = dir.file("plain.xlsx");
    sum.changes_listed = false;
    write_with_summary(plain, sum);
    CHECK(sheet_names(plain) == std::vector<std::string>{"Informe", "Resumen", "Resumen por día",
                                                         "Cumplimiento"});
}

TEST_CASE("XlsxSink Resumen: the remote share of effective time as a percentage, column P",
          "[xlsx][summary][place]") {
    TempDir dir;
    ReportSummary sum = two_employees();
    // Ana 1 h 39 m 01 s of her 6 h 30 m remote; Bea none.
    sum.employees[0].has_place = sum.employees[1].has_place = true;
    sum.employees[0].remote_effective_s = 5941;
    const std::string file = dir.file("share.xlsx");
    write_with_summary(file, sum);
    const auto cells = sheet_cells(sheet_xml(file, 2));
    const auto styles = cell_styles(unzip_member(file, "xl/styles.xml"));
    CHECK(cells.at("P1").text == "Teletrabajo (% del tiempo efectivo)");
    CHECK(approx(cells.at("P2").number(), 5941.0 / (6 * 3600 + 1800)));
    CHECK(style_of(styles, cells.at("P2")).num_format == "0.0%");
    CHECK(cells.at("P3").number() == 0);
    // TOTAL: the company's remote time over its effective time.
    CHECK(cells.at("A4").text == "TOTAL");
    CHECK(approx(cells.at("P4").number(), 5941.0 / (9 * 3600 + 1801)));
    CHECK(style_of(styles, cells.at("P4")).bold);
    // The place not read: no share at all.
    const std::string none = dir.file("none.xlsx");
    write_with_summary(none, two_employees());
    const auto blank = sheet_cells(sheet_xml(none, 2));
    CHECK(blank.count("P2") == 0);
    CHECK(blank.count("P3") == 0);
}
