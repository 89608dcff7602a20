#include "options.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "reportgen/error.hpp"
#include "reportgen/version.hpp"

namespace reportgen::cli {

namespace {

constexpr const char* kFooter =
    R"(Environment: SESAME_API_TOKEN, SESAME_REGION, SESAME_BASE_URL, API_TIMEOUT,
API_MAX_RETRIES, API_BACKOFF_FACTOR, API_PAGE_SIZE, API_POOL_CONNECTIONS,
API_POOL_MAXSIZE, API_RATE_LIMIT, REPORT_CHUNK_SIZE, LOG_LEVEL (flags override them).

Exit codes: 0 ok; 2 usage or invalid input; 3 authentication (401/403);
4 API or network failure, a response that breaks the API contract, or
(--strict) data that changed during the run; 5 output could not be written;
1 anything else (including cancellation).)";

std::string trim(std::string s) {
    const auto ws = " \t\r\n";
    s.erase(0, s.find_first_not_of(ws));
    s.erase(s.find_last_not_of(ws) + 1);
    return s;
}

}  // namespace

std::optional<int> parse(int argc, char** argv, Options& o) {
    CLI::App app{
        "reportgen: attendance reports (XLSX, CSV, CSV.gz) from a Sesame-compatible "
        "time tracking API"};
    app.set_version_flag("--version", std::string("reportgen ") + REPORTGEN_VERSION);
    app.footer(kFooter);

    app.add_option("--from", o.from, "First day, YYYY-MM-DD (inclusive)");
    app.add_option("--to", o.to, "Last day, YYYY-MM-DD (inclusive)");
    app.add_option("--format", o.format, "xlsx | csv | csv.gz")->capture_default_str();
    app.add_option("-o,--output", o.output,
                   "Output file; '-' streams CSV to stdout (default: <type>_<from>_<to>.<ext>)");
    app.add_option("--type", o.type, "by_employee | by_activity | by_group | daily")
        ->capture_default_str();
    app.add_option("--employee", o.employee, "Only this employee id");
    app.add_option("--engine", o.engine, "auto | legacy | turbo")->capture_default_str();
    app.add_option("--concurrency", o.concurrency, "Requests in flight for turbo (default 20)");
    app.add_option("--page-size", o.page_size, "Entries per page asked for, 1..1000 (default 500)");
    app.add_option("--timeout", o.timeout, "Seconds per request (default 30)");
    app.add_option("--retries", o.retries, "Retries per request (default 3)");
    app.add_option("--rate-limit", o.rate_limit,
                   "Requests per minute for the whole report (default 900; the company's budget "
                   "is 1000, shared by all its integrations; 0 = off)");
    app.add_option("--max-wait", o.max_wait,
                   "Seconds to wait in total on 429 answers before failing (default 600)");
    auto* base = app.add_option("--base-url", o.base_url, "API base URL (mock server, proxy)");
    app.add_option("--region", o.region,
                   "API region, e.g. eu1 (https://api-{region}.sesametime.com)")
        ->excludes(base);
    app.add_option("--token-file", o.token_file, "Read the bearer token from this file");
    app.add_option("--lang", o.lang, "es | en (labels and headers)")->capture_default_str();
    app.add_option("--csv-delimiter", o.csv_delimiter, "CSV delimiter (one character, e.g. ';')")
        ->capture_default_str();
    app.add_flag("--no-bom", o.no_bom, "CSV without the UTF-8 byte order mark");
    app.add_flag("--no-formula-guard", o.no_formula_guard,
                 "Do not prefix cells starting with = + - @ with a quote");
    app.add_flag("--strict", o.strict,
                 "Fail (exit 4, nothing written) if the data changed while the report ran");
    app.add_option("--metrics-json", o.metrics_json, "Write the report's metrics as JSON here");
    app.add_option("--progress", o.progress, "auto | always | never (progress on stderr)")
        ->capture_default_str();
    app.add_flag("-q,--quiet", o.quiet, "No progress and no summary line");
    app.add_flag("-v,--verbose", o.verbose, "More logging (-v info, -vv debug)");
    app.add_option("--env-file", o.env_file, "Read KEY=VALUE settings from this file");
    app.add_flag("--demo", o.demo,
                 "Run against the built-in mock API on a loopback port (no account needed)");
    app.add_option("--demo-employees", o.demo_employees, "Size of the --demo company")
        ->capture_default_str();

    auto* mock = app.add_subcommand("mock-server", "Run the Sesame-compatible mock API server");
    MockOptions& m = o.mock;
    m.port = 8080;
    mock->add_option("--host", m.host, "Address to bind")->capture_default_str();
    mock->add_option("--port", m.port, "Port (0 = ephemeral; the bound port is printed)")
        ->capture_default_str();
    mock->add_option("--employees", m.employees)->capture_default_str();
    mock->add_option("--days", m.days)->capture_default_str();
    mock->add_option("--start", m.start, "First day of data, YYYY-MM-DD")->capture_default_str();
    mock->add_option("--seed", m.seed)->capture_default_str();
    mock->add_flag("--fat", m.fat, "Embed the whole employee object in entries (~1.8 KB each)");
    mock->add_option("--token", m.token, "Bearer token it accepts")->capture_default_str();
    mock->add_option("--latency-ms", m.latency_ms)->capture_default_str();
    mock->add_option("--jitter-ms", m.jitter_ms)->capture_default_str();
    mock->add_option("--max-inflight", m.max_inflight, "Requests served at once (0 = no cap)")
        ->capture_default_str();
    mock->add_option("--rate-limit", m.rate_limit, "Requests per second; excess get 429 (0 = off)")
        ->capture_default_str();
    mock->add_option("--error-rate", m.error_rate, "Share of 500/502/503 answers")
        ->capture_default_str();
    mock->add_option("--reset-rate", m.reset_rate, "Share of connections dropped")
        ->capture_default_str();
    mock->add_option("--truncate-rate", m.truncate_rate, "Share of bodies cut short")
        ->capture_default_str();
    mock->add_option("--malformed-page", m.malformed_page, "This page is invalid JSON (0 = none)")
        ->capture_default_str();
    mock->add_option("--drift", m.drift, "Entries inserted while pages are served")
        ->capture_default_str();
    mock->add_option("--max-limit", m.max_limit, "Cap on the page size")->capture_default_str();
    mock->add_option("--budget", m.budget,
                     "Company budget: requests per window, excess get 429 (0 = off)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    mock->add_option("--budget-window", m.budget_window_s, "Budget window, seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    mock->add_flag("--budget-retry-after", m.budget_retry_after,
                   "Budget 429s carry Retry-After (the real API's do not)");
    mock->add_option("--companies", m.companies,
                     "Companies served; token <token>-k selects company k (1..N)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "reportgen: " << e.what() << " (see --help)\n";
        return 2;
    }
    o.mock_server = mock->parsed();
    return std::nullopt;
}

void load_env_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw usage_error("--env-file " + path + ": cannot be read");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
        const auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--env-file " + path + ": line " + std::to_string(n) +
                              " is not KEY=VALUE");
        const std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        ::setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
    }
}

ClientConfig make_client_config(const Options& o) {
    ClientConfig c;
    c.apply_env();
    if (!o.token_file.empty()) {
        std::ifstream in(o.token_file);
        if (!in) throw usage_error("--token-file " + o.token_file + ": cannot be read");
        std::string token;
        std::getline(in, token);
        token = trim(token);
        if (token.empty()) throw usage_error("--token-file " + o.token_file + " is empty");
        c.token = token;
    }
    if (!o.base_url.empty()) c.base_url = o.base_url;
    if (!o.region.empty()) {
        c.region = o.region;
        c.base_url.clear();
    }
    if (o.concurrency) c.max_concurrent_requests = *o.concurrency;
    if (o.page_size) c.page_size = *o.page_size;
    if (o.timeout) c.timeout_s = *o.timeout;
    if (o.retries) c.max_retries = *o.retries;
    if (o.rate_limit) c.rate_limit_per_minute = *o.rate_limit;
    if (o.max_wait) c.max_wait_s = *o.max_wait;
    if (o.concurrency) {
        c.pool_connections = std::max(c.pool_connections, *o.concurrency);
        c.pool_maxsize = std::max(c.pool_maxsize, *o.concurrency);
    }
    c.validate();
    return c;
}

ReportRequest make_request(const Options& o) {
    ReportRequest r;
    r.from = o.from;
    r.to = o.to;
    if (r.from.empty()) throw usage_error("--from is required (YYYY-MM-DD)");
    if (r.to.empty()) throw usage_error("--to is required (YYYY-MM-DD)");
    const auto f = parse_format(o.format);
    if (!f) throw usage_error("--format '" + o.format + "' is not one of xlsx, csv, csv.gz");
    r.format = *f;
    const auto l = parse_layout(o.type);
    if (!l)
        throw usage_error("--type '" + o.type +
                          "' is not one of by_employee, by_activity, by_group, daily");
    r.layout = *l;
    const auto e = parse_engine(o.engine);
    if (!e) throw usage_error("--engine '" + o.engine + "' is not one of auto, legacy, turbo");
    r.engine = *e;
    const auto lang = parse_lang(o.lang);
    if (!lang) throw usage_error("--lang '" + o.lang + "' is not one of es, en");
    r.lang = *lang;
    if (o.csv_delimiter == "\\t" || o.csv_delimiter == "tab") {
        r.csv.delimiter = '\t';
    } else if (o.csv_delimiter.size() == 1) {
        r.csv.delimiter = o.csv_delimiter[0];
    } else {
        throw usage_error("--csv-delimiter must be one character (or 'tab')");
    }
    r.csv.bom = !o.no_bom;
    r.csv.formula_guard = !o.no_formula_guard;
    if (!o.employee.empty()) r.employee_id = o.employee;
    r.strict = o.strict;
    r.validate();
    return r;
}

ProgressMode progress_mode(const Options& o) {
    if (o.progress == "auto") return ProgressMode::automatic;
    if (o.progress == "always") return ProgressMode::always;
    if (o.progress == "never") return ProgressMode::never;
    throw usage_error("--progress '" + o.progress + "' is not one of auto, always, never");
}

}  // namespace reportgen::cli
