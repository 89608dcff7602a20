#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "support/files.hpp"
#include "support/pdf_tools.hpp"
#include "support/process.hpp"

using reportgen::test::occurrences;
using reportgen::test::pdf_pages;
using reportgen::test::pdf_text;
using reportgen::test::pdf_words;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("pdf output: the register, a page run per worker, the same bytes from both engines",
          "[cli][pdf]") {
    TempDir dir;
    for (const char* engine : {"legacy", "turbo"}) {
        const auto r = run_cli({"--demo", "--demo-employees", "3", "--month", "2024-02", "--type",
                                "daily", "--format", "pdf", "--engine", engine, "-q", "-o",
                                dir.file(std::string(engine) + ".pdf")});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    const std::string pdf = dir.file("legacy.pdf");
    CHECK(read_file(pdf) == read_file(dir.file("turbo.pdf")));
    const std::string text = pdf_text(pdf);
    CHECK(text.find("Registro diario de jornada") != std::string::npos);
    CHECK(text.find("01/02/2024 - 29/02/2024") != std::string::npos);
    // Each worker starts at "Página 1 de M" and ends with a TOTAL row.
    CHECK(occurrences(text, "Página 1 de ") == 3);
    CHECK(occurrences(text, "TOTAL") == 3);
    CHECK(pdf_pages(pdf) >= 3);
    for (const auto& f : reportgen::test::pdf_fonts(pdf))
        CHECK(f.embedded == "yes");
}

TEST_CASE("pdf output: payroll as one table, other types refused with nothing written",
          "[cli][pdf]") {
    TempDir dir;
    const auto p = run_cli({"--demo", "--demo-employees", "3", "--month", "2024-02", "--type",
                            "payroll", "--lang", "en", "-q", "-o", dir.file("p.pdf")});
    INFO(p.err);
    REQUIRE(p.exit_code == 0);
    const std::string text = pdf_text(dir.file("p.pdf"));
    CHECK(text.find("Payroll summary") != std::string::npos);
    CHECK(text.find("Page 1 of 1") != std::string::npos);
    CHECK(occurrences(text, "TOTAL") == 1);

    TempDir empty;
    const auto r = run_cli({"--demo", "--month", "2024-02", "--type", "by_employee", "--format",
                            "pdf", "-o", empty.file("r.pdf")});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("daily register and payroll") != std::string::npos);
    CHECK(empty.entries().empty());
}

TEST_CASE("pdf output: --split-by employee gives one PDF per worker", "[cli][pdf][split]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "3", "--month", "2024-02", "--type",
                            "daily", "--split-by", "employee", "-q", "-o",
                            dir.file("{employee}.pdf")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        const std::string text = pdf_text(e.path().string());
        INFO(e.path());
        CHECK(occurrences(text, "Página 1 de ") == 1);
        CHECK(occurrences(text, "TOTAL") == 1);
        names.insert(e.path().filename());
    }
    CHECK(names.size() == 3);
}

TEST_CASE("pdf output: a break's times are never cut inside, however many columns",
          "[cli][pdf]") {
    // The register's 20 columns at the smallest font: the breaks column must
    // still hold "12:43:16-13:03:32" on one line (it once broke it as
    // "12:43:16-13:03:3" / "2"). Every such range of the CSV is whole in the
    // PDF's text.
    TempDir dir;
    const std::vector<std::string> common = {"--demo", "--demo-employees", "3", "--month",
                                             "2024-01", "--type", "daily", "-q"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = common;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args);
    };
    REQUIRE(with({"--format", "pdf", "-o", dir.file("r.pdf")}).exit_code == 0);
    REQUIRE(with({"--format", "csv", "-o", dir.file("r.csv")}).exit_code == 0);
    const std::regex range(R"(\d\d:\d\d:\d\d-\d\d:\d\d:\d\d)");
    auto count = [&](const std::string& text) {
        return std::distance(std::sregex_iterator(text.begin(), text.end(), range),
                             std::sregex_iterator());
    };
    const auto in_csv = count(reportgen::test::read_file(dir.file("r.csv")));
    REQUIRE(in_csv > 20);
    CHECK(count(pdf_text(dir.file("r.pdf"))) == in_csv);
}

TEST_CASE("pdf output: the register split by {code}, each file the worker of that code",
          "[cli][pdf][split]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "3", "--month", "2024-02", "--type",
                            "daily", "--format", "pdf", "--split-by", "employee", "-q", "-o",
                            dir.file("registro_{code}.pdf")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        const std::string name = e.path().filename().string();
        names.insert(name);
        // The file's code is the one its header names.
        const std::string code = name.substr(9, name.size() - 9 - 4);
        CHECK(pdf_text(e.path().string(), 1, 1).find("Código de empleado: " + code) !=
              std::string::npos);
    }
    CHECK(names == std::set<std::string>{"registro_1000.pdf", "registro_1001.pdf",
                                         "registro_1002.pdf"});
    // A CSV register does not read the codes: refused, nothing written.
    const auto csv = run_cli({"--demo", "--demo-employees", "3", "--month", "2024-02", "--type",
                              "daily", "--format", "csv", "--split-by", "employee", "-q", "-o",
                              dir.file("csv_{code}.csv")});
    CHECK(csv.exit_code == 2);
    CHECK(csv.err.find("{code} needs the payroll layout, or the daily register as PDF or XLSX") !=
          std::string::npos);
    CHECK(names.size() == static_cast<std::size_t>(std::distance(
                              fs::directory_iterator(dir.path()), fs::directory_iterator())));
}

TEST_CASE("pdf output: each worker's header has code, SS number, workday and validation, "
          "nothing past the right margin",
          "[cli][pdf][split]") {
    TempDir dir;
    const auto r = run_cli({"--demo", "--demo-employees", "5", "--month", "2024-01", "--type",
                            "daily", "--format", "pdf", "--split-by", "employee", "-q", "-o",
                            dir.file("{employee}.pdf")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The mock's employees: codes 1000.., a 12-digit SSN but for one worker
    // in 64 (index 1, code 1001: null); every worker has planned time.
    const std::regex code(R"(Código de empleado: +(10\d\d) +Nº afiliación SS: +(\d{12}|No disponible))");
    const std::regex workday(R"(Jornada: +\d+:\d\d:\d\d h planificadas en el periodo)");
    const std::regex validation(
        R"(Periodo: +01/01/2024 - 31/01/2024 +Validación: +(aceptado|enviado|rechazado|sin enviar))");
    std::set<std::string> codes;
    int without_ssn = 0;
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        ++files;
        const std::string path = e.path().string();
        INFO(path);
        const std::string first = pdf_text(path, 1, 1);
        INFO(first);
        std::smatch m;
        REQUIRE(std::regex_search(first, m, code));
        codes.insert(m[1]);
        if (m[2] == "No disponible") {
            ++without_ssn;
            CHECK(m[1] == "1001");
        }
        CHECK(std::regex_search(first, workday));
        CHECK(std::regex_search(first, validation));
        for (int page = 1; page <= pdf_pages(path); ++page) {
            // The validation is in each page's header only, not in the line
            // of totals on the last.
            CHECK(occurrences(pdf_text(path, page, page), "Validación") == 1);
            for (const auto& w : pdf_words(path, page)) {
                INFO("page " << page << ": " << w.text << " ends at " << w.x_max);
                CHECK(w.x_max <= 595.28 - 28.35 + 0.5);  // A4 portrait, 10 mm margin
            }
        }
    }
    CHECK(files == 5);
    CHECK(codes.size() == 5);
    CHECK(without_ssn == 1);
}
