// Named periods on the command line (--month, --last-month, ...): resolved in
// the company's time zone, exclusive with --from/--to, shown in the summary.
#include <catch2/catch.hpp>

#include "reportgen/period.hpp"
#include "support/files.hpp"
#include "support/nid_warnings.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::run_cli;
using reportgen::test::TempDir;
using reportgen::test::without_nid_warnings;

TEST_CASE("periods: --month writes that month, named in the summary line", "[cli][period]") {
    TempDir dir;
    const std::string out = dir.file("feb.csv");
    const auto r = run_cli({"--demo", "--demo-employees", "4", "--month", "2024-02", "--format",
                            "csv", "-o", out, "--no-bom"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(without_nid_warnings(r.err).find("reportgen: 2024-02-01..2024-02-29: ") == 0);
    const auto csv = reportgen::test::parse_csv(reportgen::test::read_file(out));
    REQUIRE(csv.size() > 10);
    bool saw_29th = false;
    for (std::size_t i = 1; i < csv.size(); ++i) {
        INFO("row " << i << ": " << csv[i][3]);
        CHECK(csv[i][3].substr(2) == "/02/2024");
        saw_29th = saw_29th || csv[i][3] == "29/02/2024";
    }
    CHECK(saw_29th);  // the leap day is in
}

TEST_CASE("periods: --yesterday and --last-week follow --tz / REPORT_TZ", "[cli][period]") {
    TempDir dir;
    const std::string out = dir.file("y.csv");
    const char* zone = "Pacific/Kiritimati";  // UTC+14: often another date than UTC's
    const auto before = std::chrono::system_clock::now();
    const auto r =
        run_cli({"--demo", "--demo-employees", "2", "--yesterday", "--format", "csv", "-o", out},
                {std::string("REPORT_TZ=") + zone});
    const auto after = std::chrono::system_clock::now();
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The range the library gives for that zone (either side of a midnight).
    auto line = [](const DateRange& d) {
        return "reportgen: " + format_iso_date(d.from) + ".." + format_iso_date(d.to) + ": ";
    };
    const std::string a = line(resolve_period(PeriodKind::yesterday, "", before, zone));
    const std::string b = line(resolve_period(PeriodKind::yesterday, "", after, zone));
    const std::string r_err = without_nid_warnings(r.err);
    CHECK((r_err.find(a) == 0 || r_err.find(b) == 0));

    const auto w = run_cli({"--demo", "--demo-employees", "2", "--last-week", "--tz", "UTC",
                            "--format", "csv", "-o", out},
                           {std::string("REPORT_TZ=") + zone});
    const auto w_after = std::chrono::system_clock::now();
    INFO(w.err);
    REQUIRE(w.exit_code == 0);
    const std::string c = line(resolve_period(PeriodKind::last_week, "", after, "UTC"));
    const std::string d = line(resolve_period(PeriodKind::last_week, "", w_after, "UTC"));
    const std::string w_err = without_nid_warnings(w.err);
    CHECK((w_err.find(c) == 0 || w_err.find(d) == 0));
}

TEST_CASE("periods: usage errors before any request", "[cli][period]") {
    struct Case {
        std::vector<std::string> args;
        std::vector<std::string> env;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"--last-month", "--from", "2024-01-01"}, {}, "mutually exclusive"},
        {{"--month", "2024-01", "--to", "2024-01-31"}, {}, "mutually exclusive"},
        {{"--last-month", "--last-week"}, {}, "excludes"},
        {{"--month", "2024-1"}, {}, "is not YYYY-MM"},
        {{"--yesterday", "--tz", "Europe/Atlantis"}, {}, "unknown time zone 'Europe/Atlantis'"},
        {{"--yesterday"}, {"REPORT_TZ=Nowhere/Else"}, "unknown time zone 'Nowhere/Else'"},
        {{"--tz", "UTC", "--from", "2024-01-01", "--to", "2024-01-02"}, {}, "--tz applies"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = c.args;
        args.insert(args.begin(), "--demo");
        const auto r = run_cli(args, c.env);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
}

TEST_CASE("periods: --tz / REPORT_TZ take zone files only, not the database's tables",
          "[cli][period]") {
    // Files of /usr/share/zoneinfo that glibc cannot read as a zone (it
    // would use UTC without a word). A refused run makes no request: with
    // this base URL, one would fail with exit 4, not 2.
    const std::vector<std::string> base{"--yesterday", "--format", "csv", "-o", "-",
                                        "--base-url", "http://127.0.0.1:1"};
    for (const std::string zone : {"zone.tab", "zone1970.tab", "tzdata.zi", "leapseconds",
                                   "iso3166.tab", "posix/../zone.tab", "/etc/localtime",
                                   "Europe/", "Europe//Madrid"}) {
        auto args = base;
        args.insert(args.end(), {"--tz", zone});
        for (const auto& r : {run_cli(args, {"SESAME_API_TOKEN=t"}),
                              run_cli(base, {"SESAME_API_TOKEN=t", "REPORT_TZ=" + zone})}) {
            INFO(zone << ": " << r.err);
            CHECK(r.exit_code == 2);
            CHECK(r.err.find("unknown time zone '" + zone + "'") != std::string::npos);
        }
    }
    for (const std::string zone : {"Europe/Madrid", "UTC", "Etc/GMT+5", "America/Port-au-Prince"}) {
        TempDir dir;
        const auto r = run_cli({"--demo", "--demo-employees", "1", "--yesterday", "--tz", zone,
                                "--format", "csv", "-o", dir.file("r.csv"), "-q"});
        INFO(zone << ": " << r.err);
        CHECK(r.exit_code == 0);
    }
}

TEST_CASE("periods: years outside 1970..9998 are usage errors before any request",
          "[cli][period]") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{
             // The library's words, then the CLI's flag.
             {{"--month", "0000-01"},
              "error: month 0000-01: the year is outside 1970..9998; check --month"},
             {{"--month", "9999-12"},
              "error: month 9999-12: the year is outside 1970..9998; check --month"},
             {{"--from", "1969-12-31", "--to", "1970-01-05"},
              "error: from 1969-12-31: the year is outside 1970..9998; check --from"},
             {{"--from", "9998-12-01", "--to", "9999-01-01"},
              "error: to 9999-01-01: the year is outside 1970..9998; check --to"}}) {
        auto args = c.args;
        args.insert(args.end(), {"--format", "csv", "-o", "-", "--base-url", "http://127.0.0.1:1"});
        const auto r = run_cli(args, {"SESAME_API_TOKEN=t"});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
}
