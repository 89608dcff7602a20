#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "support/files.hpp"
#include "support/pdf_tools.hpp"
#include "support/process.hpp"

using reportgen::test::occurrences;
using reportgen::test::pdf_pages;
using reportgen::test::pdf_text;
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
