#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "report/labels.hpp"
#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/time.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"
#include "support/pdf_tools.hpp"

using namespace reportgen;
using reportgen::test::occurrences;
using reportgen::test::pdf_pages;
using reportgen::test::pdf_text;
using reportgen::test::pdf_words;
using reportgen::test::TempDir;

namespace {

constexpr int64_t kH = 3600;

struct Worker {
    const char* name;
    const char* nid;
};

int64_t day(int d) {
    return days_from_civil({2026, 3, static_cast<unsigned>(d)});
}

// A daily register row: 08:00-17:30 with a 30-minute break on March `d`.
void put_day(RowSink& sink, const Worker& w, int d, std::string_view breaks = "13:00:00-13:30:00",
             std::string_view incidents = {}) {
    std::array<Cell, 25> c{};
    c[0] = Cell::str(w.name);
    c[1] = Cell::str("dni");
    c[2] = Cell::str(w.nid);
    c[3] = Cell::date(day(d));
    c[4] = Cell::time(8 * kH);
    c[5] = Cell::time(17 * kH + 1800);
    c[6] = Cell::duration(9 * kH + 1800);
    c[7] = Cell::duration(1800);
    c[8] = Cell::integer(2);
    c[9] = Cell::str("No");
    c[10] = Cell::duration(1800);
    c[11] = Cell::duration(9 * kH);
    c[12] = Cell::duration(0);
    c[13] = Cell::duration(8 * kH);
    c[14] = Cell::signed_duration(kH);
    c[15] = Cell::str(breaks);
    c[16] = Cell::str(incidents);
    c[18] = Cell::str("Trabajado");
    c[19] = Cell::str("Presencial");
    sink.row({c, false});
}

void put_total(RowSink& sink, const Worker& w, int days) {
    std::array<Cell, 25> c{};
    c[0] = Cell::str(w.name);
    c[1] = Cell::str("dni");
    c[2] = Cell::str(w.nid);
    c[3] = Cell::str("TOTAL");
    c[11] = Cell::duration(days * 9 * kH);
    c[13] = Cell::duration(days * 8 * kH);
    c[14] = Cell::signed_duration(days * kH);
    // The month's counts: on the TOTAL row only.
    c[19] = Cell::str("Presencial");  // the period's place
    c[20] = Cell::duration(days * kH);
    c[21] = Cell::integer(days);
    c[22] = Cell::integer(0);
    c[23] = Cell::integer(1);
    sink.row({c, true});
}

// A PDF report of March 2026 in `layout`.
ReportRequest register_request(Layout layout = Layout::daily) {
    ReportRequest r;
    r.set_dates("2026-03-01", "2026-03-31");
    r.layout = layout;
    r.format = Format::pdf;
    return r;
}

void begin_register(RowSink& sink, Lang lang = Lang::es) {
    ReportInfo info;
    info.company = "Acme, S.A.";
    info.from = {2026, 3, 1};
    info.to = {2026, 3, 31};
    info.layout = Layout::daily;
    info.lang = lang;
    sink.describe(info);
    sink.begin(detail::header(Layout::daily, lang));
}

const Worker kAna{"Ana Ruiz", "12345678Z"};
const Worker kJose{"José Peña", "X1234567L"};

// Ana: `days` workdays from March 2; José: two.
std::string write_register(const std::string& path, int days = 3, Lang lang = Lang::es) {
    FileByteSink out(path);
    PdfSink pdf(out, Layout::daily, lang);
    begin_register(pdf, lang);
    for (int d = 0; d < days; ++d)
        put_day(pdf, kAna, 2 + d % 30);
    put_total(pdf, kAna, days);
    put_day(pdf, kJose, 2);
    put_day(pdf, kJose, 3);
    put_total(pdf, kJose, 2);
    pdf.finish();
    return path;
}

bool has_line(const std::string& text, std::initializer_list<const char*> words) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        std::size_t at = 0;
        bool all = true;
        for (const char* w : words) {  // in this order on the line
            at = line.find(w, at);
            if (at == std::string::npos) {
                all = false;
                break;
            }
        }
        if (all) return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

TEST_CASE("PdfSink: the register's header, rows, totals and footer, a worker a page run",
          "[pdf]") {
    TempDir dir;
    const std::string pdf = write_register(dir.file("r.pdf"));
    REQUIRE(pdf_pages(pdf) == 2);  // a page break before José
    const std::string ana = pdf_text(pdf, 1, 1);
    INFO(ana);
    CHECK(ana.find("Registro diario de jornada") != std::string::npos);
    CHECK(has_line(ana, {"Empresa:", "Acme, S.A."}));
    CHECK(has_line(ana, {"Periodo:", "01/03/2026 - 31/03/2026"}));
    CHECK(has_line(ana, {"Empleado:", "Ana Ruiz", "Tipo ID:", "dni", "Nº ID:", "12345678Z"}));
    // A day: date, first clock-in, last clock-out, presence ... balance, breaks.
    CHECK(has_line(ana, {"03/03/2026", "08:00:00", "17:30:00", "09:30:00", "00:30:00", "2", "No",
                         "00:30:00", "09:00:00", "00:00:00", "08:00:00", "01:00:00",
                         "13:00:00-13:30:00", "Trabajado", "Presencial"}));
    CHECK(has_line(ana, {"TOTAL", "27:00:00", "24:00:00", "03:00:00"}));
    // The columns only the TOTAL row fills: one line under the table.
    CHECK(has_line(ana, {"Horas extra:", "03:00:00", "Días trabajados:", "3",
                         "Días de vacaciones:", "0", "Días de ausencia:", "1"}));
    CHECK(occurrences(ana, "Días trabajados") == 1);  // not a column header too
    // Headers wrap between words only: no word cut with a hyphen.
    CHECK(has_line(ana, {"Fecha", "Primera", "Última"}));
    for (const char* word : {"entrada", "salida", "registrado", "registros", "retribuidas"})
        CHECK(ana.find(word) != std::string::npos);
    CHECK(ana.find("registrad-") == std::string::npos);
    CHECK(ana.find("José") == std::string::npos);
    // The identity is in the header, not repeated on every row.
    CHECK(occurrences(ana, "12345678Z") == 1);
    CHECK(ana.find("Firma de la empresa") != std::string::npos);
    CHECK(ana.find("Firma de la persona trabajadora") != std::string::npos);
    CHECK(ana.find("Página 1 de 1") != std::string::npos);
    const std::string jose = pdf_text(pdf, 2, 2);
    CHECK(has_line(jose, {"Empleado:", "José Peña", "X1234567L"}));
    CHECK(has_line(jose, {"TOTAL", "18:00:00", "16:00:00", "02:00:00"}));
    CHECK(jose.find("Ana Ruiz") == std::string::npos);
}

TEST_CASE("PdfSink: English labels", "[pdf]") {
    TempDir dir;
    const std::string pdf = write_register(dir.file("r.pdf"), 1, Lang::en);
    const std::string text = pdf_text(pdf);
    CHECK(text.find("Daily working time register") != std::string::npos);
    CHECK(has_line(text, {"Employee:", "Ana Ruiz", "ID type:", "dni", "ID number:", "12345678Z"}));
    CHECK(text.find("Worker's signature") != std::string::npos);
    CHECK(text.find("Page 1 of 1") != std::string::npos);
    CHECK(text.find("Página") == std::string::npos);
}

TEST_CASE("PdfSink: a long month takes pages, counted per worker, header row on each",
          "[pdf]") {
    TempDir dir;
    // 100 rows for Ana (more than a page holds), 2 for José.
    const std::string pdf = write_register(dir.file("r.pdf"), 100);
    const int pages = pdf_pages(pdf);
    REQUIRE(pages >= 3);
    const int ana = pages - 1;
    const std::string text = pdf_text(pdf);
    const std::string last = std::to_string(ana);
    CHECK(text.find("Página " + last + " de " + last) != std::string::npos);
    CHECK(text.find("Página 1 de " + last) != std::string::npos);
    CHECK(text.find("Página 1 de 1") != std::string::npos);  // José's
    // The table's header row ("Fecha") and the worker on every page.
    CHECK(occurrences(text, "Fecha") == static_cast<std::size_t>(pages));
    CHECK(occurrences(text, "12345678Z") == static_cast<std::size_t>(ana));
}

TEST_CASE("PdfSink: fonts embedded, same rows same bytes", "[pdf]") {
    TempDir dir;
    const std::string a = write_register(dir.file("a.pdf"));
    const std::string b = write_register(dir.file("b.pdf"));
    CHECK(reportgen::test::read_file(a) == reportgen::test::read_file(b));
    CHECK(reportgen::test::read_file(a).find("/CreationDate") == std::string::npos);
    const auto fonts = reportgen::test::pdf_fonts(a);
    REQUIRE(!fonts.empty());
    for (const auto& f : fonts) {
        INFO(f.name);
        CHECK(f.name.find("DejaVuSans") != std::string::npos);
        CHECK(f.embedded == "yes");
    }
}

TEST_CASE("PdfSink: a text longer than its cell wraps and is cut, never a runaway row",
          "[pdf]") {
    TempDir dir;
    const std::string path = dir.file("r.pdf");
    std::size_t pages = 0;
    {
        FileByteSink out(path);
        PdfSink pdf(out, Layout::daily);
        begin_register(pdf);
        std::string incidents;
        for (int i = 0; i < 400; ++i)
            incidents += "jornada diaria superada; ";
        // Each row's incidents would fill pages; cut at six lines, the
        // three rows share one.
        for (int d = 2; d < 5; ++d)
            put_day(pdf, kAna, d, "13:00:00-13:30:00; 16:00:00-16:10:00 (retribuida)", incidents);
        put_total(pdf, kAna, 3);
        pdf.finish();
        pages = pdf.pages();
    }
    CHECK(pages == 1);
    CHECK(pdf_pages(path) == 1);
    // The cut text stays in the PDF's text layer (pango marks the "…" with
    // what it stands for): a search still finds it.
    CHECK(occurrences(pdf_text(path), "(retribuida)") == 3);
}

TEST_CASE("PdfSink: payroll is one landscape table", "[pdf]") {
    TempDir dir;
    const std::string path = dir.file("p.pdf");
    const auto header = detail::header(Layout::payroll, Lang::es);
    {
        FileByteSink out(path);
        PdfSink pdf(out, Layout::payroll);
        ReportInfo info;
        info.company = "Acme, S.A.";
        info.from = {2026, 3, 1};
        info.to = {2026, 3, 31};
        pdf.describe(info);
        pdf.begin(header);
        for (const Worker& w : {kAna, kJose}) {
            std::vector<Cell> c(header.size());
            c[0] = Cell::str(w.name);
            c[1] = Cell::str("dni");
            c[2] = Cell::str(w.nid);
            c[3] = Cell::str("E-7");
            c[4] = Cell::integer(21);
            c[8] = Cell::duration(160 * kH);
            pdf.row({c, false});
        }
        std::vector<Cell> t(header.size());
        t[0] = Cell::str("TOTAL");
        t[8] = Cell::duration(320 * kH);
        pdf.row({t, true, true});
        pdf.finish();
    }
    CHECK(pdf_pages(path) == 1);
    CHECK(reportgen::test::pdf_info(path, "Page size:").find("841.89 x 595.28") == 0);
    const std::string text = pdf_text(path);
    CHECK(text.find("Resumen para nómina") != std::string::npos);
    CHECK(has_line(text, {"Ana Ruiz", "dni", "12345678Z", "E-7", "21", "160:00:00"}));
    CHECK(has_line(text, {"José Peña", "X1234567L", "E-7", "21", "160:00:00"}));
    CHECK(has_line(text, {"TOTAL", "320:00:00"}));
    CHECK(text.find("Firma") == std::string::npos);  // no signatures on the clerk's table
    CHECK(text.find("Página 1 de 1") != std::string::npos);
}

TEST_CASE("PdfSink: a report without rows is a page saying so, other layouts refused",
          "[pdf]") {
    TempDir dir;
    const std::string path = dir.file("e.pdf");
    {
        FileByteSink out(path);
        PdfSink pdf(out, Layout::daily);
        begin_register(pdf);
        pdf.finish();
    }
    CHECK(pdf_pages(path) == 1);
    CHECK(pdf_text(path).find("Sin registros en el periodo.") != std::string::npos);
    // No worker: no worker's lines ("Empleado: ", "Código ...: No disponible").
    CHECK(pdf_text(path).find("Empleado") == std::string::npos);
    CHECK(pdf_text(path).find("No disponible") == std::string::npos);

    StringByteSink out;
    for (const Layout l : {Layout::by_employee, Layout::by_activity, Layout::by_group,
                           Layout::incidents}) {
        const Error e = reportgen::test::expect_error([&] { PdfSink pdf(out, l); });
        CHECK(e.kind() == ErrorKind::usage);
        ReportRequest r = register_request(l);
        const Error v = reportgen::test::expect_error([&] { r.validate(); });
        CHECK(v.kind() == ErrorKind::usage);
        CHECK_THAT(v.what(), Catch::Contains("daily register and payroll"));
    }
    CHECK(out.str().empty());
}

TEST_CASE("PdfSink: one PDF per worker through EmployeeSplitSink, a cancel leaves none",
          "[pdf][split]") {
    TempDir dir;
    const ReportRequest r = register_request();
    {
        EmployeeSplitSink split(r, dir.file("{employee}.pdf"));
        begin_register(split);
        put_day(split, kAna, 2);
        put_total(split, kAna, 1);
        put_day(split, kJose, 2);
        put_total(split, kJose, 1);
        split.finish();
        REQUIRE(split.files().size() == 2);
        const std::string ana = pdf_text(split.files()[0]);
        CHECK(has_line(ana, {"Empleado:", "Ana Ruiz"}));
        CHECK(ana.find("José") == std::string::npos);
        const std::string jose = pdf_text(split.files()[1]);
        CHECK(has_line(jose, {"Empleado:", "José Peña"}));
        CHECK(jose.find("Ana") == std::string::npos);
    }
    TempDir other;
    CancelToken cancel;
    EmployeeSplitSink split(r, other.file("{employee}.pdf"), &cancel);
    begin_register(split);
    put_day(split, kAna, 2);
    put_total(split, kAna, 1);
    cancel.cancel();
    const Error e = reportgen::test::expect_error([&] { split.finish(); });
    CHECK(e.kind() == ErrorKind::cancelled);
    CHECK(other.entries().empty());
}

namespace {

// A TOTAL row whose validation (the register's last column) says `v`.
void put_total_validated(RowSink& sink, const Worker& w, std::string_view v) {
    std::array<Cell, 25> c{};
    c[0] = Cell::str(w.name);
    c[1] = Cell::str("dni");
    c[2] = Cell::str(w.nid);
    c[3] = Cell::str("TOTAL");
    c[20] = Cell::duration(kH);
    c[21] = Cell::integer(1);
    c[24] = Cell::str(v);
    sink.row({c, true});
}

// The register with RowSink::worker(): Ana described whole, José with
// nothing the sources give (no code, SSN, planned time or validation).
std::string write_described(const std::string& path, Lang lang = Lang::es) {
    FileByteSink out(path);
    PdfSink pdf(out, Layout::daily, lang);
    begin_register(pdf, lang);
    WorkerInfo ana{kAna.name, "dni", kAna.nid, 1007, "281234567840", 160 * kH,
                   "aceptado 2026-04-02"};
    pdf.worker(ana);
    put_day(pdf, kAna, 2);
    put_total_validated(pdf, kAna, "aceptado 2026-04-02");  // as the layout writes it
    pdf.worker(WorkerInfo{kJose.name, "dni", kJose.nid, std::nullopt, "", std::nullopt, ""});
    put_day(pdf, kJose, 2);
    put_total_validated(pdf, kJose, "");
    pdf.finish();
    return path;
}

}  // namespace

TEST_CASE("PdfSink: the worker's header: code, Social Security number, workday, validation",
          "[pdf][worker]") {
    TempDir dir;
    const std::string pdf = write_described(dir.file("r.pdf"));
    REQUIRE(pdf_pages(pdf) == 2);
    const std::string ana = pdf_text(pdf, 1, 1);
    INFO(ana);
    CHECK(has_line(ana, {"Periodo:", "01/03/2026 - 31/03/2026", "Validación:",
                         "aceptado 2026-04-02"}));
    CHECK(has_line(ana, {"Empleado:", "Ana Ruiz", "Tipo ID:", "dni", "Nº ID:", "12345678Z"}));
    CHECK(has_line(ana, {"Código de empleado:", "1007", "Nº afiliación SS:", "281234567840",
                         "Jornada:", "160:00:00 h planificadas en el periodo"}));
    // In one place: the header, not the line of totals under the table.
    CHECK(occurrences(ana, "aceptado 2026-04-02") == 1);
    CHECK(has_line(ana, {"Horas extra:", "01:00:00", "Días trabajados:", "1"}));
    // What the sources do not give reads "No disponible".
    const std::string jose = pdf_text(pdf, 2, 2);
    INFO(jose);
    CHECK(has_line(jose, {"Periodo:", "Validación:", "No disponible"}));
    CHECK(has_line(jose, {"Código de empleado:", "No disponible", "Nº afiliación SS:",
                          "No disponible", "Jornada:", "No disponible"}));
    CHECK(jose.find("1007") == std::string::npos);
    CHECK(jose.find("281234567840") == std::string::npos);
    // English.
    const std::string en = pdf_text(write_described(dir.file("en.pdf"), Lang::en), 1, 1);
    CHECK(has_line(en, {"Period:", "Validation:", "aceptado 2026-04-02"}));
    CHECK(has_line(en, {"Employee code:", "1007", "Social Security no.:", "281234567840",
                        "Workday:", "160:00:00 h planned in the period"}));
    const std::string en_jose = pdf_text(dir.file("en.pdf"), 2, 2);
    CHECK(has_line(en_jose, {"Employee code:", "Not available", "Social Security no.:",
                             "Not available", "Workday:", "Not available"}));
}

TEST_CASE("PdfSink: without worker() the header takes the validation from the TOTAL row",
          "[pdf][worker]") {
    TempDir dir;
    const std::string path = dir.file("r.pdf");
    {
        FileByteSink out(path);
        PdfSink pdf(out, Layout::daily);
        begin_register(pdf);
        put_day(pdf, kAna, 2);
        put_total_validated(pdf, kAna, "enviado 2026-04-01");
        pdf.finish();
    }
    const std::string text = pdf_text(path);
    INFO(text);
    CHECK(has_line(text, {"Periodo:", "Validación:", "enviado 2026-04-01"}));
    CHECK(occurrences(text, "enviado 2026-04-01") == 1);
    CHECK(has_line(text, {"Código de empleado:", "No disponible", "Nº afiliación SS:",
                          "No disponible", "Jornada:", "No disponible"}));
}

TEST_CASE("PdfSink: the line of totals wraps within the right margin, whatever its length",
          "[pdf][worker]") {
    TempDir dir;
    const std::string path = dir.file("r.pdf");
    std::string incidents = "night_avg: Media de jornada nocturna";
    for (int i = 0; i < 3; ++i)
        incidents += "; overtime_year: Horas extra del año superadas";
    std::string longest;
    for (int i = 0; i < 60; ++i)
        longest += "palabra" + std::to_string(i) + " ";
    {
        FileByteSink out(path);
        PdfSink pdf(out, Layout::daily, Lang::en);
        begin_register(pdf, Lang::en);
        put_day(pdf, kAna, 2);
        // TOTAL-only cells: the period's incidents, overtime, the counts,
        // and a text longer than the whole line.
        std::array<Cell, 25> c{};
        c[0] = Cell::str(kAna.name);
        c[1] = Cell::str("dni");
        c[2] = Cell::str(kAna.nid);
        c[3] = Cell::str("TOTAL");
        c[16] = Cell::str(incidents);
        c[17] = Cell::str(longest);
        c[20] = Cell::duration(40 * kH);
        c[21] = Cell::integer(23);
        c[22] = Cell::integer(1);
        c[23] = Cell::integer(1);
        c[24] = Cell::str("accepted 2026-04-03");
        pdf.row({c, true});
        pdf.finish();
    }
    const auto words = pdf_words(path, 1);
    REQUIRE(words.size() > 100);
    const double right = 595.28 - 28.35;  // A4 portrait, 10 mm margin
    for (const auto& w : words) {
        INFO(w.text << " ends at " << w.x_max);
        CHECK(w.x_max <= right + 0.5);
    }
    // Every word of the line is there, none lost to the margin.
    const std::string text = pdf_text(path);
    INFO(text);
    CHECK(text.find("palabra0") != std::string::npos);
    CHECK(text.find("palabra59") != std::string::npos);
    CHECK(occurrences(text, "overtime_year") == 3);
    CHECK(has_line(text, {"Days worked:", "23"}));
    CHECK(text.find("Absence days:") != std::string::npos);
    // The line took more than one line.
    double first_y = -1, last_y = -1;
    for (const auto& w : words) {
        if (w.text == "night_avg:" && first_y < 0) first_y = w.y_min;
        if (w.text == "Absence") last_y = w.y_min;
    }
    CHECK(last_y > first_y + 20);
}

TEST_CASE("PdfSink: EmployeeSplitSink passes worker() on to each worker's file",
          "[pdf][split][worker]") {
    TempDir dir;
    const ReportRequest r = register_request();
    EmployeeSplitSink split(r, dir.file("{employee}.pdf"));
    begin_register(split);
    split.worker(WorkerInfo{kAna.name, "dni", kAna.nid, 1007, "281234567840", std::nullopt, ""});
    put_day(split, kAna, 2);
    put_total(split, kAna, 1);
    split.worker(WorkerInfo{kJose.name, "dni", kJose.nid, 1008, "", std::nullopt, ""});
    put_day(split, kJose, 2);
    put_total(split, kJose, 1);
    split.finish();
    REQUIRE(split.files().size() == 2);
    const std::string ana = pdf_text(split.files()[0]);
    CHECK(has_line(ana, {"Empleado:", "Ana Ruiz"}));
    CHECK(has_line(ana, {"Código de empleado:", "1007", "Nº afiliación SS:", "281234567840"}));
    CHECK(ana.find("José") == std::string::npos);
    const std::string jose = pdf_text(split.files()[1]);
    CHECK(has_line(jose, {"Código de empleado:", "1008", "Nº afiliación SS:", "No disponible"}));
    CHECK(jose.find("Ana") == std::string::npos);
}
