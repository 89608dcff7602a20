// EmployeeSplitSink under the layouts: one file per worker, even for two
// workers the rows cannot tell apart (the same name, no identity number):
// the layouts announce each worker (RowSink::worker) and the split opens a
// file on each announcement.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "hand_report.hpp"
#include "reportgen/sinks.hpp"
#include "support/files.hpp"

using namespace reportgen;
using namespace reportgen::test;

TEST_CASE("split: two workers of the same name without an identity number get a file each",
          "[report][split]") {
    // Two "Ana Gil" without a number, adjacent in the report's order
    // (same surname and first name: by id), and Bea Sanz.
    const std::vector<HandEmployee> staff = {{"e1", "Ana", "Gil", "dni", ""},
                                             {"e2", "Ana", "Gil", "dni", ""},
                                             {"e3", "Bea", "Sanz", "dni", "3C"}};
    const std::vector<HandEntry> entries = {
        {1, "2024-01-10T09:00:00+01:00", "2024-01-10T13:00:00+01:00", false, std::nullopt, 0},
        {2, "2024-01-10T10:00:00+01:00", "2024-01-10T12:00:00+01:00", false, std::nullopt, 1},
        {3, "2024-01-10T08:00:00+01:00", "2024-01-10T09:00:00+01:00", false, std::nullopt, 2}};
    for (const Layout layout : {Layout::by_employee, Layout::daily, Layout::payroll}) {
        INFO(to_string(layout));
        TempDir dir;
        ReportRequest req;
        req.from = req.to = {2024, 1, 10};
        req.layout = layout;
        req.format = Format::csv;
        req.csv.bom = false;
        EntryStore store = hand_store(req, staff, entries);
        EmployeeSplitSink split(req, dir.file("{employee}.csv"));
        Metrics m;
        ReportBuilder(req, {}).build(store, split, m);
        split.finish();
        std::vector<std::string> files = split.files();
        std::sort(files.begin(), files.end());
        REQUIRE(files == std::vector<std::string>{dir.file("Ana_Gil.csv"), dir.file("Ana_Gil_2.csv"),
                                                  dir.file("Bea_Sanz.csv")});
        // e1's 4 hours in one file, e2's 2 in the other (by id: e1 first).
        const std::string first = read_file(dir.file("Ana_Gil.csv"));
        const std::string second = read_file(dir.file("Ana_Gil_2.csv"));
        CHECK(first.find("04:00:00") != std::string::npos);
        CHECK(first.find("02:00:00") == std::string::npos);
        CHECK(second.find("02:00:00") != std::string::npos);
        CHECK(second.find("04:00:00") == std::string::npos);
    }
}
