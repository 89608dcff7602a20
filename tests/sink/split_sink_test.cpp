#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "support/expect.hpp"
#include "support/files.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using reportgen::test::TempDir;

namespace {

template <class F>
void expect_usage(F&& f, const std::string& mentions) {
    const Error e = reportgen::test::expect_error(std::forward<F>(f));
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains(mentions));
}

ReportRequest csv_request() {
    ReportRequest r;
    r.from = {2024, 2, 1};
    r.to = {2024, 2, 29};
    r.format = Format::csv;
    r.csv.bom = false;
    return r;
}

void put(RowSink& sink, const char* name, const char* nid, const char* activity, bool total) {
    const Cell cells[] = {Cell::str(name), Cell::str("dni"), Cell::str(nid), Cell::str(activity)};
    sink.row({cells, total});
}

// Three employees, two of them with one name.
void write_rows(RowSink& sink) {
    ReportInfo info;
    info.company = "Acme, S.A.";
    info.from = {2024, 2, 1};
    info.to = {2024, 2, 29};
    sink.describe(info);
    const std::string_view header[] = {"Empleado", "Tipo ID", "Nº ID", "Actividad"};
    sink.begin(header);
    put(sink, "Ana Ruiz", "1A", "Oficina", false);
    put(sink, "Ana Ruiz", "1A", "Visita", false);
    put(sink, "Ana Ruiz", "1A", "TOTAL", true);
    put(sink, "José Peña", "2B", "Oficina", false);
    put(sink, "José Peña", "2B", "TOTAL", true);
    put(sink, "José Peña", "3C", "Noche", false);
    put(sink, "José Peña", "3C", "TOTAL", true);
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_CASE("EmployeeSplitSink writes one file per employee", "[split]") {
    TempDir dir;
    EmployeeSplitSink split(csv_request(), dir.file("{company}_{month}_{employee}.csv"));
    write_rows(split);
    // Nothing at a final name before finish(): only hidden temporary files.
    for (const auto& name : dir.entries())
        CHECK(name.front() == '.');
    split.finish();
    CHECK(split.files() == std::vector<std::string>{dir.file("Acme_S.A_2024-02_Ana_Ruiz.csv"),
                                                    dir.file("Acme_S.A_2024-02_José_Peña.csv"),
                                                    dir.file("Acme_S.A_2024-02_José_Peña_2.csv")});
    CHECK(sorted(dir.entries()) == std::vector<std::string>{"Acme_S.A_2024-02_Ana_Ruiz.csv",
                                                            "Acme_S.A_2024-02_José_Peña.csv",
                                                            "Acme_S.A_2024-02_José_Peña_2.csv"});
    const std::string head = "Empleado,Tipo ID,Nº ID,Actividad\r\n";
    CHECK(reportgen::test::read_file(split.files()[0]) ==
          head + "Ana Ruiz,dni,1A,Oficina\r\nAna Ruiz,dni,1A,Visita\r\nAna Ruiz,dni,1A,TOTAL\r\n");
    CHECK(reportgen::test::read_file(split.files()[1]) ==
          head + "José Peña,dni,2B,Oficina\r\nJosé Peña,dni,2B,TOTAL\r\n");
    CHECK(reportgen::test::read_file(split.files()[2]) ==
          head + "José Peña,dni,3C,Noche\r\nJosé Peña,dni,3C,TOTAL\r\n");
}

TEST_CASE("EmployeeSplitSink: {nid} names a file by identity number, {code} by code", "[split]") {
    TempDir dir;
    EmployeeSplitSink split(csv_request(), dir.file("{nid}.csv"));
    write_rows(split);
    split.finish();
    // The two José Peña are two files by their numbers, no "_2" needed.
    CHECK(sorted(dir.entries()) == std::vector<std::string>{"1A.csv", "2B.csv", "3C.csv"});

    // {code}: the payroll's "Código" cell (empty: "unknown").
    TempDir pay_dir;
    ReportRequest payroll = csv_request();
    payroll.layout = Layout::payroll;
    EmployeeSplitSink by_code(payroll, pay_dir.file("{code}_{nid}.csv"));
    const std::string_view header[] = {"Empleado", "Tipo ID", "Nº ID", "Código"};
    by_code.begin(header);
    const Cell ana[] = {Cell::str("Ana Ruiz"), Cell::str("dni"), Cell::str("1A"), Cell::integer(7)};
    const Cell jose[] = {Cell::str("José Peña"), Cell::str("dni"), Cell::str("2B/x"),
                         Cell::empty()};
    by_code.row({ana, false});
    by_code.row({jose, false});
    by_code.finish();
    CHECK(sorted(pay_dir.entries()) == std::vector<std::string>{"7_1A.csv", "unknown_2B_x.csv"});
    // Other layouts do not read the codes: refused before any file.
    expect_usage([&] { EmployeeSplitSink(csv_request(), dir.file("{code}.csv")); },
                 "{code} needs the payroll layout, or the daily register as PDF or XLSX");
    ReportRequest daily_csv = csv_request();
    daily_csv.layout = Layout::daily;
    expect_usage([&] { EmployeeSplitSink(daily_csv, dir.file("{code}.csv")); },
                 "{code} needs the payroll layout");
    expect_usage([&] { EmployeeSplitSink(payroll, dir.file("{nid}/r.csv")); }, "not a directory");
}

TEST_CASE("EmployeeSplitSink: XLSX files described like a whole report", "[split]") {
    TempDir dir;
    ReportRequest req = csv_request();
    req.format = Format::xlsx;
    EmployeeSplitSink split(req, dir.file("{employee}.xlsx"));
    write_rows(split);
    split.finish();
    REQUIRE(split.files().size() == 3);
    const std::string xml =
        reportgen::test::unzip_member(split.files()[1], "xl/worksheets/sheet1.xml");
    const auto cells = reportgen::test::sheet_cells(xml);
    CHECK(cells.at("A2").text == "José Peña");
    CHECK(cells.at("C2").text == "2B");
    CHECK(cells.count("A4") == 0);
    CHECK(xml.find("&amp;LAcme, S.A.") != std::string::npos);  // the page header
}

TEST_CASE("EmployeeSplitSink abandoned or failing leaves nothing", "[split]") {
    TempDir dir;
    {
        EmployeeSplitSink split(csv_request(), dir.file("{employee}.csv"));
        write_rows(split);
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("EmployeeSplitSink refuses what cannot work", "[split]") {
    TempDir dir;
    ReportRequest by_group = csv_request();
    by_group.layout = Layout::by_group;
    expect_usage([&] { EmployeeSplitSink(by_group, dir.file("{employee}.csv")); }, "by_employee");
    expect_usage([&] { EmployeeSplitSink(csv_request(), dir.file("all.csv")); }, "{employee}");
    expect_usage([&] { EmployeeSplitSink(csv_request(), dir.file("{employee}/r.csv")); },
                 "not a directory");
    expect_usage([&] { EmployeeSplitSink(csv_request(), dir.file("{x}_{employee}.csv")); }, "{x}");
    const Error e = reportgen::test::expect_error(
        [&] { EmployeeSplitSink(csv_request(), dir.file("missing/{employee}.csv")); });
    CHECK(e.kind() == ErrorKind::io);
    CHECK(dir.entries().empty());
}

namespace {

// Earlier reports at two of the three names write_rows() leads to.
struct EarlierFiles {
    explicit EarlierFiles(const TempDir& dir)
        : ana(dir.file("Ana_Ruiz.csv")), jose(dir.file("José_Peña.csv")) {
        std::ofstream(ana) << "earlier Ana";
        std::ofstream(jose) << "earlier José";
    }
    void check_untouched(const TempDir& dir) const {
        CHECK(reportgen::test::read_file(ana) == "earlier Ana");
        CHECK(reportgen::test::read_file(jose) == "earlier José");
        auto names = sorted(dir.entries());
        names.erase(std::remove(names.begin(), names.end(), "José_Peña_2.csv"), names.end());
        CHECK(names == std::vector<std::string>{"Ana_Ruiz.csv", "José_Peña.csv"});
    }
    std::string ana, jose;
};

}  // namespace

TEST_CASE("EmployeeSplitSink: a failed rename puts back every file already published", "[split]") {
    TempDir dir;
    const EarlierFiles earlier(dir);
    EmployeeSplitSink split(csv_request(), dir.file("{employee}.csv"));
    write_rows(split);
    // The third file's name becomes a non-empty directory: its rename fails
    // after the first two have replaced the earlier reports.
    std::filesystem::create_directories(dir.path() / "José_Peña_2.csv" / "child");
    const Error e = reportgen::test::expect_error([&] { split.finish(); });
    CHECK(e.kind() == ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("José_Peña_2.csv"));
    CHECK(split.files().empty());
    earlier.check_untouched(dir);
}

TEST_CASE("EmployeeSplitSink: a cancel before the last rename publishes nothing", "[split]") {
    TempDir dir;
    const EarlierFiles earlier(dir);
    CancelToken cancel;
    EmployeeSplitSink split(csv_request(), dir.file("{employee}.csv"), &cancel);
    write_rows(split);
    cancel.cancel();
    const Error e = reportgen::test::expect_error([&] { split.finish(); });
    CHECK(e.kind() == ErrorKind::cancelled);
    CHECK(split.files().empty());
    earlier.check_untouched(dir);
}

TEST_CASE("EmployeeSplitSink: finished files hold no descriptor", "[split]") {
    // In a child with few descriptors allowed: 200 employees' files, of which
    // only the one being written may be open.
    TempDir dir;
    constexpr int kEmployees = 200;
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const rlimit low{48, 48};
        int code = ::setrlimit(RLIMIT_NOFILE, &low) == 0 ? 0 : 2;
        try {
            EmployeeSplitSink split(csv_request(), dir.file("{employee}.csv"));
            const std::string_view header[] = {"Empleado", "Tipo ID", "Nº ID", "Actividad"};
            split.begin(header);
            for (int i = 0; i < kEmployees; ++i) {
                const std::string name = "Empleado " + std::to_string(i);
                put(split, name.c_str(), "1A", "Oficina", false);
                put(split, name.c_str(), "1A", "TOTAL", true);
            }
            split.finish();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child: %s\n", e.what());
            code = 1;
        }
        ::_exit(code);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(dir.entries().size() == kEmployees);
}
