// The batch file: defaults and overrides, token sources, and each error kind
// naming the file and line (include/reportgen/batch.hpp).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "batch/batch_fixture.hpp"
#include "reportgen/batch.hpp"
#include "support/files.hpp"

using namespace reportgen;

namespace {

using reportgen::test::usage_message;

}  // namespace

TEST_CASE("batch config: defaults apply, companies override them", "[batch][config]") {
    reportgen::test::TempDir dir;
    { std::ofstream(dir.file("globex")) << "globex-secret\n"; }
    ::chmod(dir.file("globex").c_str(), 0600);  // a shared token file gets a warning
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const std::string text = R"(
[defaults]
region = "eu2"
format = "csv"
type = "by_employee"
lang = "en"
output = "out/{company}/{type}_{from}_{to}.csv"
[companies.acme]
token_env = "RG_BATCH_CFG_ACME"
rate_limit = 450
[companies.globex]
token_file = ")" + dir.file("globex") +
                             R"("
type = "by_group"
base_url = "http://127.0.0.1:9"
employee = "e-7"
)";
    const auto jobs = parse_batch_config(text, "clients.toml");
    REQUIRE(jobs.size() == 2);
    const auto& acme = jobs[0];
    CHECK(acme.name == "acme");
    CHECK(acme.client.token == "acme-secret");
    CHECK(acme.client.region == "eu2");
    CHECK(acme.client.base_url.empty());
    CHECK(acme.client.rate_limit_per_minute == 450);
    CHECK(acme.request.format == Format::csv);
    CHECK(acme.request.layout == Layout::by_employee);
    CHECK(acme.request.lang == Lang::en);
    CHECK_FALSE(acme.request.employee_id.has_value());
    CHECK(company_output_path(acme, {2024, 1, 1}, {2024, 1, 31}) ==
          "out/acme/by_employee_2024-01-01_2024-01-31.csv");

    const auto& globex = jobs[1];
    CHECK(globex.name == "globex");
    CHECK(globex.client.token == "globex-secret");  // trailing newline dropped
    CHECK(globex.client.base_url == "http://127.0.0.1:9");
    CHECK(globex.client.rate_limit_per_minute == ClientConfig{}.rate_limit_per_minute);
    CHECK(globex.request.layout == Layout::by_group);
    CHECK(globex.request.format == Format::csv);
    CHECK(globex.request.employee_id == std::optional<std::string>("e-7"));
    CHECK(company_output_path(globex, {2024, 2, 1}, {2024, 2, 29}) ==
          "out/globex/by_group_2024-02-01_2024-02-29.csv");
}

TEST_CASE("batch config: without output, the default name is prefixed by the company",
          "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const auto jobs = parse_batch_config(
        "[companies.acme]\ntoken_env = \"RG_BATCH_CFG_ACME\"\nformat = \"csv.gz\"\n", "x.toml");
    REQUIRE(jobs.size() == 1);
    CHECK(company_output_path(jobs[0], {2024, 1, 1}, {2024, 1, 31}) ==
          "acme_by_employee_2024-01-01_2024-01-31.csv.gz");
}

TEST_CASE("batch config: a token in the file is refused, with its line", "[batch][config]") {
    const std::string msg =
        usage_message("[defaults]\nregion = \"eu1\"\n[companies.acme]\ntoken = \"s3cr3t-value\"\n");
    CHECK_THAT(msg, Catch::Contains("clients.toml:4:"));
    CHECK_THAT(msg, Catch::Contains("never put a token in the file"));
    CHECK_THAT(msg, !Catch::Contains("s3cr3t-value"));
}

TEST_CASE("batch config: unknown keys name file and line", "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    CHECK_THAT(usage_message("[companies.acme]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n\nregio = "
                             "\"eu1\"\n"),
               Catch::Contains("clients.toml:4:") && Catch::Contains("unknown key 'regio'"));
    CHECK_THAT(usage_message("[defaults]\nformatt = \"csv\"\n[companies.acme]\n"
                             "token_env = \"RG_BATCH_CFG_ACME\"\n"),
               Catch::Contains("clients.toml:2:") && Catch::Contains("unknown key 'formatt'"));
    CHECK_THAT(usage_message("[company.acme]\ntoken_env = \"X\"\n"),
               Catch::Contains("clients.toml:1:") && Catch::Contains("unknown top-level key"));
}

TEST_CASE("batch config: a company without a token source is an error at its table",
          "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const std::string msg = usage_message(
        "[companies.acme]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n\n[companies.globex]\n"
        "type = \"daily\"\n");
    CHECK_THAT(msg, Catch::Contains("clients.toml:4:") && Catch::Contains("company 'globex'") &&
                        Catch::Contains("no token source"));
    // A token source in [defaults] serves every company.
    CHECK(usage_message("[defaults]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n[companies.globex]\n"
                        "type = \"daily\"\n") == "");
}

TEST_CASE("batch config: unset token variables and unreadable token files are errors",
          "[batch][config]") {
    ::unsetenv("RG_BATCH_CFG_UNSET");
    CHECK_THAT(
        usage_message("[companies.acme]\n\ntoken_env = \"RG_BATCH_CFG_UNSET\"\n"),
        Catch::Contains("clients.toml:3:") && Catch::Contains("RG_BATCH_CFG_UNSET is not set"));
    CHECK_THAT(usage_message("[companies.acme]\ntoken_file = \"/nonexistent/reportgen/tok\"\n"),
               Catch::Contains("clients.toml:2:") && Catch::Contains("cannot be read"));
    CHECK_THAT(usage_message("[companies.acme]\ntoken_file = \"/a\"\ntoken_env = \"B\"\n"),
               Catch::Contains("both set"));
}

TEST_CASE("batch config: bad values name the line and what was expected", "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const std::string head = "[companies.acme]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n";
    CHECK_THAT(usage_message(head + "type = \"weekly\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("by_group"));
    CHECK_THAT(usage_message(head + "format = \"docx\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("xlsx"));
    CHECK_THAT(usage_message(head + "rate_limit = 0\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("1..100000"));
    CHECK_THAT(usage_message(head + "rate_limit = \"fast\"\n"), Catch::Contains("clients.toml:3:"));
    CHECK_THAT(usage_message(head + "region = 5\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("must be a string"));
    // TOML syntax errors keep toml++'s line.
    CHECK_THAT(usage_message(head + "\nlang = \"es\n"), Catch::Contains("clients.toml:4:"));
    CHECK_THAT(usage_message("[defaults]\nregion = \"eu1\"\n"), Catch::Contains("no companies"));
}

TEST_CASE("batch config: shards 1/N..N/N cover every company exactly once", "[batch][shard]") {
    std::vector<CompanyJob> jobs;
    for (const char* n : {"zeta", "acme", "mu", "beta", "kappa", "delta", "omega"}) {
        CompanyJob j;
        j.name = n;
        jobs.push_back(j);
    }
    for (int count : {1, 2, 3, 7, 9}) {
        std::multiset<std::string> seen;
        for (int k = 0; k < count; ++k) {
            const auto part = select_shard(jobs, k, count);
            for (const auto& j : part)
                seen.insert(j.name);
        }
        INFO("N = " << count);
        CHECK(seen.size() == jobs.size());
        for (const auto& j : jobs)
            CHECK(seen.count(j.name) == 1);
    }
    // Position in the name-sorted list: acme beta delta kappa mu omega zeta.
    const auto first = select_shard(jobs, 0, 3);
    REQUIRE(first.size() == 3);
    CHECK(first[0].name == "zeta");  // file order kept
    CHECK(first[1].name == "acme");
    CHECK(first[2].name == "kappa");
    CHECK_THROWS_AS(select_shard(jobs, 3, 3), Error);
    CHECK_THROWS_AS(select_shard(jobs, 0, 0), Error);
}

TEST_CASE("batch config: the deployment example's config parses", "[batch][config]") {
    ::setenv("SESAME_TOKEN_ACME", "a", 1);
    ::setenv("SESAME_TOKEN_GLOBEX", "g", 1);
    ::setenv("SESAME_TOKEN_INITECH", "i", 1);
    const auto jobs =
        load_batch_config(std::string(REPORTGEN_DOCS_DIR) + "/../examples/deploy/clients-ci.toml");
    REQUIRE(jobs.size() == 3);
    CHECK(jobs[1].name == "globex");
    CHECK(jobs[1].client.token == "g");
    CHECK(jobs[1].request.layout == Layout::by_group);
    CHECK(company_output_path(jobs[0], {2024, 1, 1}, {2024, 1, 31}) ==
          "informes/acme/by_employee_2024-01-01_2024-01-31.xlsx");
}

TEST_CASE("batch config: companies keep the file's order, not the name order",
          "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const auto jobs = parse_batch_config(
        "[defaults]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n[companies.zeta]\n[companies.alpha]\n"
        "[companies.mid]\n[companies.beta]\n",
        "x.toml");
    std::vector<std::string> names;
    for (const auto& j : jobs) names.push_back(j.name);
    CHECK(names == std::vector<std::string>{"zeta", "alpha", "mid", "beta"});
}

TEST_CASE("batch config: format and output follow the single report's rule", "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const std::string head = "[companies.acme]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n";
    auto format_of = [&head](const std::string& lines) {
        const auto jobs = parse_batch_config(head + lines, "x.toml");
        REQUIRE(jobs.size() == 1);
        return jobs[0].request.format;
    };
    // Without format, the output's extension says it (it wrote an XLSX named .csv).
    CHECK(format_of("output = \"out/{company}.csv\"\n") == Format::csv);
    CHECK(format_of("output = \"out/{company}.CSV.GZ\"\n") == Format::csv_gz);
    CHECK(format_of("output = \"out/{company}\"\n") == Format::xlsx);
    CHECK(format_of("format = \"csv\"\noutput = \"{company}.csv\"\n") == Format::csv);
    // A contradiction is refused where the format is set, also from [defaults].
    CHECK_THAT(usage_message(head + "format = \"csv\"\noutput = \"{company}.xlsx\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("company 'acme'") &&
                   Catch::Contains("format csv does not match the output name '{company}.xlsx'"));
    CHECK_THAT(usage_message("[defaults]\nformat = \"xlsx\"\n" + head + "output = \"a.csv\"\n"),
               Catch::Contains("clients.toml:2:") && Catch::Contains("does not match"));
    CHECK_THAT(usage_message(head + "output = \"-\"\n"),
               Catch::Contains("clients.toml:3:") && Catch::Contains("stdout"));
}

TEST_CASE("batch config: token_file and token_env through the one token reader",
          "[batch][config][token]") {
    reportgen::test::TempDir dir;
    std::ofstream(dir.file("bom"), std::ios::binary) << "\xEF\xBB\xBF  tok-123 \r\n";
    std::ofstream(dir.file("ctl"), std::ios::binary) << "tok\x1b-123\n";
    for (const char* f : {"bom", "ctl"}) ::chmod(dir.file(f).c_str(), 0600);
    auto config = [&dir](const std::string& file) {
        return "[companies.acme]\ntoken_file = \"" + dir.file(file) + "\"\n";
    };
    const auto jobs = parse_batch_config(config("bom"), "x.toml");
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].client.token == "tok-123");
    CHECK_THAT(usage_message(config("ctl")),
               Catch::Contains("clients.toml:2: token_file '") &&
                   Catch::Contains("control character (0x1B at position 4)"));
    CHECK_THAT(usage_message("[companies.acme]\ntoken_file = \"/dev/zero\"\n"),
               Catch::Contains("clients.toml:2:") && Catch::Contains("larger than 16 KiB"));
    ::setenv("RG_BATCH_CFG_CRLF", "tok-123\r\nX-Injected: 1", 1);
    CHECK_THAT(usage_message("[companies.acme]\ntoken_env = \"RG_BATCH_CFG_CRLF\"\n"),
               Catch::Contains("clients.toml:2: token_env RG_BATCH_CFG_CRLF") &&
                   Catch::Contains("control character (0x0D"));
}

TEST_CASE("batch: companies writing one file are refused, naming both and the path",
          "[batch][config]") {
    ::setenv("RG_BATCH_CFG_ACME", "acme-secret", 1);
    const std::string defaults = "[defaults]\ntoken_env = \"RG_BATCH_CFG_ACME\"\n";
    auto message = [](const std::vector<CompanyJob>& jobs) {
        try {
            check_distinct_outputs(jobs, {2024, 1, 1}, {2024, 1, 31});
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
            return std::string(e.what());
        }
        return std::string();
    };
    // {company} made file-safe: three names, one file.
    const auto same = parse_batch_config(
        defaults + "output = \"{company}.csv\"\n[companies.\"acme sl\"]\n[companies.acme_sl]\n"
                   "[companies.\"acme sl.\"]\n",
        "x.toml");
    CHECK(message(same) ==
          "batch: companies 'acme sl' and 'acme_sl' both write 'acme_sl.csv'; give each its own "
          "output (e.g. with {company})");
    const auto fixed =
        parse_batch_config(defaults + "[companies.a]\noutput = \"r.csv\"\n[companies.b]\n"
                                      "output = \"./sub/../r.csv\"\n",
                           "x.toml");
    CHECK_THAT(message(fixed), Catch::Contains("'a' and 'b' both write './sub/../r.csv'"));
    // The runner checks before it starts any report.
    CHECK_THROWS_AS(BatchRunner(2).run(same, {2024, 1, 1}, {2024, 1, 31}), Error);
    const auto distinct = parse_batch_config(
        defaults + "output = \"{company}.csv\"\n[companies.acme]\n[companies.globex]\n", "x.toml");
    CHECK(message(distinct).empty());
}
