// One table per choice flag (cli/choices.hpp) feeds the library's parsers,
// --help, the errors and the bash completion (packaging/bash-completion),
// which is run here in a real bash against the built program.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "choices.hpp"
#include "reportgen/config.hpp"
#include "support/files.hpp"
#include "support/process.hpp"

using namespace reportgen;
using reportgen::test::run_cli;

namespace {

std::set<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::set<std::string> out;
    for (std::string w; in >> w;) out.insert(w);
    return out;
}

std::set<std::string> table(std::span<const std::string_view> values) {
    return {values.begin(), values.end()};
}

// COMPREPLY of the completion script for a command line whose last word is
// being completed.
std::set<std::string> complete(std::vector<std::string> line) {
    const std::string script =
        std::string(REPORTGEN_DOCS_DIR) + "/../packaging/bash-completion/reportgen";
    std::string words_array;
    line.insert(line.begin(), REPORTGEN_CLI_PATH);
    for (const auto& w : line) words_array += "'" + w + "' ";
    const std::string program = "source '" + script + "'; COMP_WORDS=(" + words_array +
                                "); COMP_CWORD=" + std::to_string(line.size() - 1) +
                                "; _reportgen; printf '%s\\n' \"${COMPREPLY[@]}\"";
    reportgen::test::TempDir dir;
    const std::string out = dir.file("out");
    const std::string cmd = "bash -c \"$0\" > '" + out + "' 2>/dev/null";
    // The script's text goes in as bash's $0, never through a shell's quoting.
    pid_t pid = 0;
    std::vector<std::string> argv_s{"/bin/bash", "-c", cmd, program};
    std::vector<std::string> env_s = reportgen::test::cli_environment({});
    std::vector<char*> argv = reportgen::test::c_strings(argv_s),
                       envp = reportgen::test::c_strings(env_s);
    REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) == 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    return words(reportgen::test::read_file(out));
}

}  // namespace

TEST_CASE("choices: every table value is what the library parses, and nothing is missing",
          "[cli][choices]") {
    std::set<std::string> layouts;
    for (const auto v : cli::kTypes) {
        const auto l = parse_layout(v);
        REQUIRE(l);
        CHECK(to_string(*l) == v);
        layouts.insert(std::string(v));
    }
    for (const Layout l : {Layout::by_employee, Layout::by_activity, Layout::by_group,
                           Layout::daily, Layout::payroll, Layout::incidents})
        CHECK(layouts.count(std::string(to_string(l))) == 1);
    for (const auto v : cli::kFormats) CHECK(parse_format(v));
    for (const Format f : {Format::xlsx, Format::csv, Format::csv_gz, Format::pdf})
        CHECK(table(cli::kFormats).count(std::string(to_string(f))) == 1);
    for (const auto v : cli::kEngines) CHECK(parse_engine(v));
    for (const auto v : cli::kLangs) CHECK(parse_lang(v));
    CHECK(cli::choices_of("--from").empty());
}

TEST_CASE("choices: --help, errors and --complete read the same tables", "[cli][choices]") {
    const auto help = run_cli({"--help"}).out;
    for (const char* flag : {"--type", "--engine", "--lang", "--progress", "--format"}) {
        INFO(flag);
        const auto values = cli::choices_of(flag);
        CHECK(help.find(cli::joined(values, " | ")) != std::string::npos);
        const auto c = run_cli({"--complete", flag});
        CHECK(c.exit_code == 0);
        CHECK(words(c.out) == table(values));
    }
    CHECK(words(run_cli({"--complete", "subcommands"}).out) == table(cli::kSubcommands));
    const auto bad = run_cli({"--demo", "--type", "weekly"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--type 'weekly' is not one of " + cli::joined(cli::kTypes, ", ")) !=
          std::string::npos);
}

TEST_CASE("bash completion: subcommands, flags of each, and choice values", "[cli][choices]") {
    CHECK(complete({"--type", "p"}) == std::set<std::string>{"payroll"});
    CHECK(complete({"--type", ""}) == table(cli::kTypes));
    CHECK(complete({"--format", ""}) == table(cli::kFormats));
    CHECK(complete({"b"}) == std::set<std::string>{"batch"});
    CHECK(complete({""}) == table(cli::kSubcommands));
    CHECK(complete({"batch", "--sha"}) == std::set<std::string>{"--shard"});
    CHECK(complete({"mock-server", "--stale"}) == std::set<std::string>{"--stale-statistics"});
    CHECK(complete({"--paid"}) == std::set<std::string>{"--paid-breaks"});
    CHECK(complete({"--remote"}) == std::set<std::string>{"--remote-check-types"});
    CHECK(complete({"--month", "2024-01", "--type", "da"}) == std::set<std::string>{"daily"});
}
