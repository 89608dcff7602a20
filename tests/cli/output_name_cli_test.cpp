// -o templates ({company} {type} {from} {to} {month}) and --mkdir, end to end.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "support/files.hpp"
#include "support/process.hpp"

using reportgen::test::run_cli;
using reportgen::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("output templates: placeholders, --mkdir, {company} at the end", "[cli][output_name]") {
    TempDir dir;
    const std::string tmpl = dir.file("out/{month}/{type}_{from}_{to}.csv");
    const std::vector<std::string> base = {"--demo",  "--demo-employees", "2",   "--month",
                                           "2024-02", "--format",         "csv", "-o"};
    auto args = [&](std::string o, std::vector<std::string> more = {}) {
        std::vector<std::string> a = base;
        a.push_back(std::move(o));
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };

    // A missing directory is refused before any request...
    const auto refused = run_cli(args(tmpl));
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    // (appended: GCC 12 warns falsely on "lit" + string)
    std::string missing("'");
    missing.append(dir.file("out/2024-02")).append("' does not exist (--mkdir");
    CHECK(refused.err.find(missing) != std::string::npos);
    CHECK(!fs::exists(dir.file("out")));

    // ... and created with --mkdir.
    const auto made = run_cli(args(tmpl, {"--mkdir"}));
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    const std::string expected = dir.file("out/2024-02/by_employee_2024-02-01_2024-02-29.csv");
    CHECK(fs::exists(expected));
    CHECK(made.err.find("-> " + expected) != std::string::npos);

    // {company}: named when the report knows the company; never left literal.
    const auto company = run_cli(args(dir.file("{company}_{month}.csv")));
    INFO(company.err);
    REQUIRE(company.exit_code == 0);
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.is_regular_file()) found.push_back(e.path().filename());
    REQUIRE(found.size() == 1);
    CHECK(found[0].size() > std::string("_2024-02.csv").size());
    CHECK(found[0].find('{') == std::string::npos);
    CHECK(found[0].substr(found[0].size() - 12) == "_2024-02.csv");
    CHECK(company.err.find("-> " + dir.file(found[0])) != std::string::npos);
}

TEST_CASE("output templates: usage errors name the problem", "[cli][output_name]") {
    TempDir dir;
    struct Case {
        std::string output;
        std::string message;
    };
    const std::vector<Case> cases = {
        {dir.file("r_{year}.csv"), "unknown placeholder {year}"},
        {dir.file("r_{month.csv"), "'{' without '}'"},
        {dir.file("{company}/r.csv"), "not a directory"},
        {dir.file("{employee}.csv"), "--split-by employee"},
    };
    for (const Case& c : cases) {
        const auto r = run_cli({"--demo", "--month", "2024-02", "--format", "csv", "-o", c.output});
        INFO(c.output << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("split by employee: one file per employee", "[cli][split]") {
    TempDir dir, side;
    const auto r =
        run_cli({"--demo", "--demo-employees", "4", "--month", "2024-02", "--format", "csv",
                 "--no-bom", "--split-by", "employee", "-o", dir.file("{month}_{employee}.csv"),
                 "--metrics-json", side.file("m.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("-> 4 files (") != std::string::npos);
    std::set<std::string> employees;
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        ++files;
        const std::string name = e.path().filename();
        INFO(name);
        CHECK(name.rfind("2024-02_", 0) == 0);
        const auto csv = reportgen::test::parse_csv(reportgen::test::read_file(e.path()));
        REQUIRE(csv.size() > 2);
        CHECK(csv[0][0] == "Empleado");
        for (std::size_t i = 1; i < csv.size(); ++i)
            CHECK(csv[i][0] == csv[1][0]);  // one employee a file
        CHECK(csv.back()[4] == "TOTAL");
        employees.insert(csv[1][0]);
    }
    CHECK(files == 4);
    CHECK(employees.size() == 4);
    // The metrics list the files (a cron job reads them), not "4 files <template>".
    const auto m = nlohmann::json::parse(reportgen::test::read_file(side.file("m.json")));
    CHECK(m["output_path"] == "");
    REQUIRE(m["output_files"].size() == 4);
    for (const auto& f : m["output_files"])
        CHECK(fs::exists(f.get<std::string>()));

    // The default name gets the employee too.
    const auto d = run_cli({"--demo", "--demo-employees", "2", "--month", "2024-02", "--format",
                            "csv", "--split-by", "employee", "-q"},
                           {}, dir.file(""));
    REQUIRE(d.exit_code == 0);
    std::size_t defaults = 0;
    for (const auto& e : fs::directory_iterator(dir.path()))
        defaults +=
            std::string(e.path().filename()).rfind("by_employee_2024-02-01_2024-02-29_", 0) == 0;
    CHECK(defaults == 2);
}

TEST_CASE("split by employee: usage errors", "[cli][split]") {
    TempDir dir;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--split-by", "group", "-o", dir.file("{employee}.csv")}, "is not one of employee"},
        {{"--split-by", "employee", "--type", "by_group", "-o", dir.file("{employee}.csv")},
         "by_employee"},
        {{"--split-by", "employee", "-o", dir.file("all.csv")}, "needs {employee}"},
        {{"--split-by", "employee", "-o", "-"}, "-o - is not one"},
    };
    for (const auto& [extra, message] : cases) {
        std::vector<std::string> args = {"--demo", "--month", "2024-02", "--format", "csv"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_cli(args);
        INFO(message << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(message) != std::string::npos);
    }
    CHECK(dir.entries().empty());
}
