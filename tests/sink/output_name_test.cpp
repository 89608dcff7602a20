#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "reportgen/error.hpp"
#include "reportgen/output_name.hpp"
#include "reportgen/sinks.hpp"
#include "sink/report_output.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"

using namespace reportgen;
using namespace reportgen::detail;
using reportgen::test::TempDir;

namespace {

template <class F>
void expect_usage(F&& f, const std::string& mentions) {
    const Error e = reportgen::test::expect_error(std::forward<F>(f));
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains(mentions));
}

OutputNameFields feb(std::optional<std::string_view> company = std::nullopt,
                     std::optional<std::string_view> employee = std::nullopt) {
    return {Layout::by_activity, {2024, 2, 1}, {2024, 2, 29}, company, employee};
}

}  // namespace

TEST_CASE("expand_output_template fills every placeholder", "[output_name]") {
    CHECK(expand_output_template("{company}/{type}_{from}_{to}_{month}_{employee}.xlsx",
                                 feb("Acme", "Ana Ruiz")) ==
          "Acme/by_activity_2024-02-01_2024-02-29_2024-02_Ana_Ruiz.xlsx");
    CHECK(expand_output_template("plain.csv", feb()) == "plain.csv");
    CHECK(expand_output_template("{month}{month}", feb()) == "2024-022024-02");
    // Not known yet: kept for a later expansion.
    CHECK(expand_output_template("r/{company}_{employee}_{month}.csv", feb()) ==
          "r/{company}_{employee}_2024-02.csv");
    CHECK(expand_output_template("{company}.csv", feb("")) == "unknown.csv");
    OutputNameFields f = feb("Acme", "Ana Ruiz");
    CHECK(expand_output_template("{code}_{nid}.csv", f) == "{code}_{nid}.csv");  // not yet known
    f.nid = "X-123/4 ";
    f.code = "0042";
    CHECK(expand_output_template("{code}_{nid}.csv", f) == "0042_X-123_4.csv");  // made file-safe
}

TEST_CASE("expand_output_template: unknown placeholders are usage errors naming them",
          "[output_name]") {
    expect_usage([] { (void)expand_output_template("r_{year}.csv", feb()); },
                 "unknown placeholder {year}");
    expect_usage([] { (void)expand_output_template("r_{Month}.csv", feb()); }, "{Month}");
    expect_usage([] { (void)expand_output_template("r_{}.csv", feb()); }, "unknown placeholder {}");
    expect_usage([] { (void)expand_output_template("r_{month.csv", feb()); }, "'{' without '}'");
}

TEST_CASE("file_safe_name keeps a readable, portable single component", "[output_name]") {
    CHECK(file_safe_name("Acme & Hijos, S.L.") == "Acme_Hijos_S.L");
    CHECK(file_safe_name("Peña Díaz") == "Peña_Díaz");  // accents stay
    CHECK(file_safe_name("../../etc/passwd") == "etc_passwd");
    CHECK(file_safe_name("a/b\\c:d*e?f\"g<h>i|j") == "a_b_c_d_e_f_g_h_i_j");
    CHECK(file_safe_name("  tabs\tand\nnewlines  ") == "tabs_and_newlines");
    CHECK(file_safe_name("") == "unknown");
    CHECK(file_safe_name("...") == "unknown");
    CHECK(file_safe_name("{x}") == "x");  // never a placeholder again
    std::string longname;
    for (int i = 0; i < 60; ++i)
        longname += "é";  // 120 bytes
    const std::string cut = file_safe_name(longname);
    CHECK(cut.size() == 80);  // 40 whole code points
    CHECK(cut == longname.substr(0, 80));
}

TEST_CASE("ReportOutput names the file from a template, {company} at commit", "[output_name]") {
    TempDir dir;
    ReportRequest req;
    req.from = {2024, 2, 1};
    req.to = {2024, 2, 29};
    req.format = Format::csv;
    auto write = [&](const std::string& tmpl, const std::string& company) {
        detail::ReportOutput out(req, dir.file(tmpl));
        RowSink& sink = out.open();
        const std::string_view header[] = {"a"};
        sink.begin(header);
        Metrics m;
        m.company_name = company;
        out.commit(m);
        CHECK(m.output_path == out.path());
        return out.path();
    };
    CHECK(write("{company}_{type}_{month}.csv", "Acme & Hijos, S.L.") ==
          dir.file("Acme_Hijos_S.L_by_employee_2024-02.csv"));
    CHECK(write("{company}_{from}.csv", "") == dir.file("unknown_2024-02-01.csv"));
    auto names = dir.entries();
    std::sort(names.begin(), names.end());
    // Only the renamed reports: no temporary file left, none named "{company}".
    CHECK(names == std::vector<std::string>{"Acme_Hijos_S.L_by_employee_2024-02.csv",
                                            "unknown_2024-02-01.csv"});

    expect_usage([&] { detail::ReportOutput(req, dir.file("{company}/r.csv")); },
                 "not a directory");
    // The library's words: an EmployeeSplitSink, not the CLI's --split-by.
    expect_usage([&] { detail::ReportOutput(req, dir.file("{employee}.csv")); },
                 "{employee} needs one file per employee (EmployeeSplitSink)");
    expect_usage([&] { detail::ReportOutput(req, dir.file("{nope}.csv")); }, "{nope}");
    CHECK(dir.entries().size() == 2);
}

TEST_CASE("AtomicFile::commit_as renames within the directory only", "[output_name][atomic]") {
    TempDir dir;
    std::filesystem::create_directory(dir.file("sub"));
    {
        AtomicFile af(dir.file("{company}.csv"));
        expect_usage([&] { af.commit_as(dir.file("sub/x.csv")); }, "not a file in the directory");
        expect_usage([&] { af.commit_as(dir.file("")); }, "not a file in the directory");
        af.commit_as(dir.file("acme.csv"));
    }
    auto names = dir.entries();
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"acme.csv", "sub"});
}
