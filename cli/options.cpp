#include "options.hpp"

#include "choices.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <vector>

#include "env_file.hpp"
#include "error_hints.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/output_name.hpp"
#include "reportgen/period.hpp"
#include "reportgen/token.hpp"
#include "reportgen/version.hpp"

namespace reportgen::cli {

namespace {

constexpr const char* kFooter =
    R"(EXAMPLES
  # January as XLSX, token from a file
  reportgen --from 2024-01-01 --to 2024-01-31 --token-file ~/.sesame-token -o enero.xlsx
  # Last month's payroll figures, one row per employee
  reportgen --last-month --type payroll -o nomina_{month}.xlsx
  # CSV to stdout, grouped by activity
  reportgen --from 2024-01-01 --to 2024-01-07 --type by_activity -o - --format csv | head
  # Try it without an account (built-in mock API)
  reportgen --demo --from 2024-03-01 -o demo.csv
  # A mock API server for your own tests
  reportgen mock-server --port 8080 --employees 50 --latency-ms 20

ENVIRONMENT
  SESAME_API_TOKEN, SESAME_REGION, SESAME_BASE_URL, API_TIMEOUT, API_MAX_RETRIES,
  API_BACKOFF_FACTOR, API_PAGE_SIZE, API_POOL_MAXSIZE, API_RATE_LIMIT,
  REPORT_CHUNK_SIZE, REPORT_TZ (the zone of --month and the other named periods),
  LOG_LEVEL, CURL_CA_BUNDLE / SSL_CERT_FILE, HTTPS_PROXY / NO_PROXY (flags
  override them).

EXIT CODES
  0 ok; 2 usage or invalid input; 3 authentication (401/403); 4 API or network
  failure, a response that breaks the API contract, (--strict) data that changed
  during the run, or (--fail-empty) no entries; 5 output could not be written;
  6 (--fail-on-incidents) the report was written and holds compliance incidents;
  130 / 143 stopped by SIGINT / SIGTERM; 141 the reader of -o - went away
  (quietly, as cat does); 1 anything else.)";

constexpr const char* kPeriod = "Period";
constexpr const char* kOutput = "Output";
constexpr const char* kConnection = "Connection";
constexpr const char* kBehaviour = "Behaviour";

void add_period_options(CLI::App& app, Options& o) {
    app.add_option("--from", o.from, "First day, YYYY-MM-DD (inclusive)")
        ->type_name("DATE")->group(kPeriod);
    app.add_option("--to", o.to,
                   "Last day, YYYY-MM-DD (inclusive; --demo: default end of --from's month)")
        ->type_name("DATE")
        ->group(kPeriod);
    auto* month = app.add_option("--month", o.month, "The calendar month YYYY-MM")->group(kPeriod);
    auto* last_month =
        app.add_flag("--last-month", o.last_month, "Last calendar month")->group(kPeriod);
    auto* mtd = app.add_flag("--month-to-date", o.month_to_date, "The 1st of this month to today")
                    ->group(kPeriod);
    auto* last_week =
        app.add_flag("--last-week", o.last_week, "Last week, Monday to Sunday")->group(kPeriod);
    auto* yesterday = app.add_flag("--yesterday", o.yesterday, "Yesterday")->group(kPeriod);
    const std::vector<CLI::Option*> periods{month, last_month, mtd, last_week, yesterday};
    for (CLI::Option* p : periods)
        for (CLI::Option* q : periods)
            if (p != q) p->excludes(q);
    app.add_option("--tz", o.tz,
                   "Time zone of the periods (IANA name; default: REPORT_TZ, else Europe/Madrid)")
        ->group(kPeriod);
    app.add_option("--employee", o.employee,
                   "Only this employee: API id, identity number (DNI/NIE) or employee code")
        ->group(kPeriod);
}

void add_output_options(CLI::App& app, Options& o) {
    app.add_option("--format", o.format,
                   joined(kFormats, " | ") +
                       " (default: from -o's extension, else xlsx; pdf: --type daily or payroll)")
        ->group(kOutput);
    app.add_option("-o,--output", o.output,
                   "Output file; '-' streams CSV to stdout (default: <type>_<from>_<to>.<ext>). "
                   "Placeholders: {company} {type} {from} {to} {month} {employee}")
        ->type_name("FILE")
        ->group(kOutput);
    app.add_flag("--mkdir", o.mkdir, "Create the output's missing directories")->group(kOutput);
    app.add_option("--split-by", o.split_by,
                   joined(kSplitBy, " | ") + ": one file per employee, named by -o with {employee}")
        ->group(kOutput);
    app.add_option("--type", o.type, joined(kTypes, " | "))
        ->capture_default_str()
        ->group(kOutput);
    app.add_option("--lang", o.lang, joined(kLangs, " | ") + " (labels and headers)")
        ->capture_default_str()
        ->group(kOutput);
    app.add_option("--csv-delimiter", o.csv_delimiter, "CSV delimiter (one character, e.g. ';')")
        ->capture_default_str()
        ->group(kOutput);
    app.add_flag("--no-bom", o.no_bom, "CSV without the UTF-8 byte order mark")->group(kOutput);
    app.add_flag("--no-formula-guard", o.no_formula_guard,
                 "Do not prefix cells starting with = + - @ with a quote")
        ->group(kOutput);
    app.add_option("--metrics-json", o.metrics_json, "Write the report's metrics as JSON here")
        ->type_name("FILE")
        ->group(kOutput);
}

void add_connection_options(CLI::App& app, Options& o) {
    auto* base = app.add_option("--base-url", o.base_url, "API base URL (mock server, staging)")
                     ->type_name("URL")
                     ->group(kConnection);
    app.add_option("--region", o.region,
                   "API region, e.g. eu1 (https://api-{region}.sesametime.com)")
        ->excludes(base)
        ->group(kConnection);
    app.add_option("--token-file", o.token_file, "Read the bearer token from this file")
        ->type_name("FILE")
        ->group(kConnection);
    app.add_option("--cacert", o.cacert,
                   "Trust the CA certificates in this PEM file (a TLS-inspecting proxy)")
        ->type_name("FILE")
        ->group(kConnection);
    app.add_flag("--allow-insecure-http", o.allow_insecure_http,
                 "Allow plain http:// to a host that is not loopback (sends the token in clear)")
        ->group(kConnection);
    app.add_option("--engine", o.engine, joined(kEngines, " | "))
        ->capture_default_str()
        ->group(kConnection);
    app.add_option("--concurrency", o.concurrency, "Requests in flight for turbo (default 20)")
        ->group(kConnection);
    app.add_option("--page-size", o.page_size, "Entries per page asked for, 1..1000 (default 500)")
        ->group(kConnection);
    app.add_option("--timeout", o.timeout, "Seconds per request (default 30)")
        ->group(kConnection);
    app.add_option("--retries", o.retries, "Retries per request (default 3)")->group(kConnection);
    app.add_option("--rate-limit", o.rate_limit,
                   "Requests per minute for the whole report (default 900; the company's budget "
                   "is 1000, shared by all its integrations; 0 = off)")
        ->group(kConnection);
    app.add_option("--max-wait", o.max_wait,
                   "Seconds to wait in total on 429 answers before failing (default 600)")
        ->group(kConnection);
}

void add_behaviour_options(CLI::App& app, Options& o) {
    app.add_flag("--strict", o.strict,
                 "Fail (exit 4, nothing written) if the data changed while the report ran")
        ->group(kBehaviour);
    app.add_flag("--fail-empty", o.fail_empty,
                 "Fail (exit 4, nothing written) if the period has no entries")
        ->group(kBehaviour);
    app.add_option("--paid-breaks", o.paid_breaks,
                   "Break types whose pauses count as work: comma-separated names "
                   "(case-insensitive) or ids of the company's work breaks (default none)")
        ->type_name("LIST")
        ->group(kBehaviour);
    app.add_option("--remote-check-types", o.remote_check_types,
                   "Check types whose entries without coordinates count as remote work: "
                   "comma-separated names (case-insensitive; default: any name containing "
                   "\"teletrabajo\" or \"remote\")")
        ->type_name("LIST")
        ->group(kBehaviour);
    app.add_option("--limit", o.limits,
                   "A compliance limit, RULE=DURATION (e.g. daily_max=10h); repeatable. RULE: " +
                       joined(kRuleIds, " | "))
        ->type_name("RULE=VALUE")
        ->group(kBehaviour);
    app.add_option("--no-check", o.no_checks, "Turn a compliance rule off; repeatable")
        ->type_name("RULE")
        ->group(kBehaviour);
    app.add_flag("--fail-on-incidents", o.fail_on_incidents,
                 "Exit 6 after writing the report when the compliance checks found incidents "
                 "(runs the checks on any report)")
        ->group(kBehaviour);
    app.add_option("--progress", o.progress,
                   joined(kProgressModes, " | ") + " (progress on stderr)")
        ->capture_default_str()
        ->group(kBehaviour);
    app.add_flag("-q,--quiet", o.quiet, "No progress and no summary line")->group(kBehaviour);
    app.add_flag("-v,--verbose", o.verbose, "More logging (-v info, -vv debug)")
        ->group(kBehaviour);
    app.add_option("--env-file", o.env_file, "Read KEY=VALUE settings from this file")
        ->type_name("FILE")
        ->group(kBehaviour);
    app.add_flag("--demo", o.demo,
                 "Run against the built-in mock API on a loopback port (no account needed)")
        ->group(kBehaviour);
    app.add_option("--demo-employees", o.demo_employees, "Size of the --demo company")
        ->capture_default_str()
        ->group(kBehaviour);
    app.add_flag("--demo-violations", o.demo_violations,
                 "The --demo company also has the compliance cases of mock-server "
                 "--violations (January 2024)")
        ->group(kBehaviour);
}

CLI::App* add_mock_server(CLI::App& app, MockOptions& m) {
    auto* mock = app.add_subcommand("mock-server", "Run the Sesame-compatible mock API server");
    mock->footer(
        "EXAMPLE\n  reportgen mock-server --port 8080 --employees 200 --latency-ms 20 "
        "--error-rate 0.02\n  SESAME_API_TOKEN=demo-token reportgen --base-url "
        "http://127.0.0.1:8080 --from 2024-01-01 --to 2024-01-31");
    m.port = 8080;
    auto opt = [mock](const char* name, auto& value, const char* what) {
        mock->add_option(name, value, what)->capture_default_str();
    };
    opt("--host", m.host, "Address to bind");
    opt("--port", m.port, "Port (0 = ephemeral; the bound port is printed)");
    opt("--employees", m.employees, "Employees in the synthetic company");
    opt("--days", m.days, "Days of data from --start");
    opt("--start", m.start, "First day of data, YYYY-MM-DD");
    opt("--seed", m.seed, "Seed of the generated data (same seed, same data)");
    mock->add_flag("--fat", m.fat, "Embed the whole employee object in entries (~1.8 KB each)");
    opt("--token", m.token, "Bearer token it accepts");
    opt("--latency-ms", m.latency_ms, "Added to every response, in milliseconds");
    opt("--jitter-ms", m.jitter_ms, "Random extra latency, 0..N milliseconds");
    opt("--max-inflight", m.max_inflight, "Requests served at once (0 = no cap)");
    opt("--rate-limit", m.rate_limit, "Requests per second; excess get 429 (0 = off)");
    opt("--error-rate", m.error_rate, "Share of 500/502/503 answers");
    opt("--reset-rate", m.reset_rate, "Share of connections dropped");
    opt("--truncate-rate", m.truncate_rate, "Share of bodies cut short");
    opt("--malformed-page", m.malformed_page, "This page is invalid JSON (0 = none)");
    opt("--drift", m.drift, "Entries inserted while pages are served");
    opt("--max-limit", m.max_limit, "Cap on the page size");
    mock->add_option("--budget", m.budget,
                     "Company budget: requests per window, excess get 429 (0 = off)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    mock->add_option("--budget-window", m.budget_window_s, "Budget window, seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    mock->add_flag("--budget-retry-after", m.budget_retry_after,
                   "Budget 429s carry Retry-After (the real API's do not)");
    mock->add_option("--stale-statistics", m.stale_statistics,
                     "Employees whose worked-hours secondsWorked is 5-30 min short (0 = none)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    mock->add_option("--forbid-endpoint", m.forbidden_endpoints,
                     "Answer 403 on this path (repeatable), e.g. "
                     "/schedule/v1/reports/worked-night-hours: a plan without that module")
        ->type_name("PATH");
    mock->add_option("--holiday-calendars", m.holiday_calendars,
                     "Holiday calendars: 0, 1 (national, default) or 2 (odd employees add 2 May)")
        ->check(CLI::Range(0, 2))
        ->capture_default_str();
    mock->add_flag("--violations", m.violations,
                   "Plant employees whose January 2024 holds each compliance incident, "
                   "entries exactly at each limit and a clean worker (docs/DESIGN.md)");
    mock->add_option("--companies", m.companies,
                     "Companies served; token <token>-k selects company k (1..N)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    return mock;
}

CLI::App* add_batch(CLI::App& app, Options& o) {
    auto* batch = app.add_subcommand("batch", "Reports for every company of a TOML config file");
    batch->footer(
        "EXAMPLE\n  reportgen batch --config clients.toml --last-month --jobs 8 "
        "--summary-json summary.json\n  reportgen batch --config clients.toml --month 2024-01 "
        "--shard 2/4\nSee README.md (More companies than one machine).");
    BatchOptions& b = o.batch_opts;
    batch->add_option("--config", b.config, "The TOML file of companies (required, but with --demo)")
        ->type_name("FILE");
    add_period_options(*batch, o);
    batch->add_option("--jobs", b.jobs, "Reports at once")->capture_default_str();
    batch->add_option("--only", b.only, "Only these companies (comma-separated names)");
    batch->add_option("--shard", b.shard,
                      "K/N: companies at positions K-1 mod N of the name-sorted list; auto: "
                      "JOB_COMPLETION_INDEX and REPORTGEN_SHARD_COUNT (or JOB_COMPLETION_COUNT)");
    batch->add_option("--summary-json", b.summary_json,
                      "Write every company's outcome and metrics as JSON here")
        ->type_name("FILE");
    batch->add_flag("--demo", b.demo,
                    "Run against a built-in mock API with --demo-companies companies (no account "
                    "needed); -o: the output template (default " + std::string(kDemoBatchOutput) + ")");
    batch->add_option("--demo-companies", b.demo_companies, "Companies of --demo")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    // -q, -v, --env-file, --progress (the main command's) also after `batch`;
    // any other main-command flag lands there too and is refused by
    // refuse_single_report_flags().
    batch->fallthrough();
    return batch;
}

// A batch takes every company's client and output settings from its config
// file: a main-command flag such as --base-url or -o would be silently
// ignored, so it is refused by name (README "More companies than one machine").
void refuse_single_report_flags(const CLI::App& app, bool demo) {
    static const std::set<std::string> kAllowed = {
        "--from", "--to", "--month", "--last-month", "--month-to-date", "--last-week",
        "--yesterday", "--tz", "--employee", "--config", "--quiet", "--verbose", "--env-file",
        "--progress"};
    // `batch --demo` has no config file: -o is its output template.
    static const std::set<std::string> kDemoAllowed = {"--output", "--demo-employees"};
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->count() == 0 || kAllowed.count(opt->get_name()) ||
            (demo && kDemoAllowed.count(opt->get_name())))
            continue;
        throw usage_error("batch: " + opt->get_name() +
                          " is a single-report flag; a batch takes client and output settings "
                          "(token, base_url, region, rate_limit, format, type, output) from the "
                          "config file, per company");
    }
}

}  // namespace

std::optional<int> parse(int argc, char** argv, Options& o) {
    // Named here, not from argv[0]: help shows "reportgen", not the build path.
    CLI::App app{
        "reportgen: attendance reports (XLSX, CSV, CSV.gz) from a Sesame-compatible "
        "time tracking API",
        "reportgen"};
    app.set_version_flag("-V,--version", std::string("reportgen ") + REPORTGEN_VERSION);
    app.footer(kFooter);
    add_period_options(app, o);
    add_output_options(app, o);
    add_connection_options(app, o);
    add_behaviour_options(app, o);
    CLI::App* mock = add_mock_server(app, o.mock);
    CLI::App* batch = add_batch(app, o);
    app.add_option("--config", o.batch_opts.config,
                   "With --profile: a batch TOML file (see `reportgen batch --help`)")
        ->type_name("FILE")
        ->group(kConnection);
    app.add_option("--profile", o.batch_opts.profile,
                   "Run this company of --config as one report: its settings (token, type, "
                   "format, output, ...), and this command line's flags over them")
        ->group(kConnection);
    // For the shell completion (packaging/bash-completion): the values of a
    // choice flag, or the subcommands, one a line. Hidden from --help.
    app.add_option("--complete", o.complete, "")->group("");

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
    if (!o.complete.empty()) {
        const auto values = o.complete == "subcommands"
                                ? std::span<const std::string_view>(kSubcommands)
                                : choices_of(o.complete);
        for (const std::string_view v : values)
            std::cout << v << '\n';
        return 0;
    }
    o.mock_server = mock->parsed();
    o.batch = batch->parsed();
    for (const CLI::Option* opt : app.get_options())
        if (opt->count() > 0) o.flags_given.insert(opt->get_name());
    try {
        if (o.batch) refuse_single_report_flags(app, o.batch_opts.demo);
        // The env file may set REPORT_TZ, which the period needs now (main
        // loads it again: setting only what is unset, that changes nothing).
        if (!o.env_file.empty()) load_env_file(o.env_file);
        resolve_period(o, std::chrono::system_clock::now());
    } catch (const Error& e) {
        std::cerr << "reportgen: error: " << message_with_hint(e) << "\n";
        return 2;
    }
    return std::nullopt;
}

void load_env_file(const std::string& path) {
    const std::string text = read_small_file(path, "--env-file " + path, kMaxEnvFileBytes);
    for (const auto& [key, value] : parse_env(text, path))
        ::setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
}

ClientConfig make_client_config(const Options& o, const ClientConfig* profile) {
    ClientConfig c;
    if (profile)
        c = *profile;  // a batch company's settings ignore the environment's
    else
        c.apply_env();
    if (!o.token_file.empty())
        c.token = read_token_file(o.token_file, "--token-file " + o.token_file);
    if (!o.base_url.empty()) c.base_url = o.base_url;
    if (!o.cacert.empty()) c.ca_bundle = o.cacert;
    c.allow_insecure_http = c.allow_insecure_http || o.allow_insecure_http;
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
        c.pool_maxsize = std::max(c.pool_maxsize, *o.concurrency);
    }
    c.validate();
    return c;
}

DateRange period_dates(const std::string& from, const std::string& to) {
    // The library's checks and words, with their subjects (ReportRequest::from
    // or ::to): main() adds the flag's hint (cli/error_hints), as it does for
    // any error of the library.
    ReportRequest r;
    r.set_dates(from, to);
    r.validate();
    return DateRange{r.from, r.to};
}

// "a, b,c" -> {"a", " b", "c"}: the items as written (the library trims);
// empty text: none.
static std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        out.push_back(text.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

ReportRequest make_request(const Options& o) {
    ReportRequest r;
    if (o.from.empty() && o.to.empty())
        throw usage_error(
            "no period: give --from and --to (YYYY-MM-DD), or --month YYYY-MM, --last-month, "
            "--month-to-date, --last-week, --yesterday; --demo runs on a built-in mock API; "
            "--help lists everything");
    if (o.from.empty()) throw usage_error("--from is required (YYYY-MM-DD)");
    if (o.to.empty()) throw usage_error("--to is required (YYYY-MM-DD)");
    const DateRange period = period_dates(o.from, o.to);
    r.from = period.from;
    r.to = period.to;
    r.format = reportgen::output_format(o.format, o.output, "--format");
    const auto l = parse_layout(o.type);
    if (!l) not_one_of("--type", o.type);
    r.layout = *l;
    const auto e = parse_engine(o.engine);
    if (!e) not_one_of("--engine", o.engine);
    r.engine = *e;
    const auto lang = parse_lang(o.lang);
    if (!lang) not_one_of("--lang", o.lang);
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
    r.fail_empty = o.fail_empty;
    r.release_memory_after_fetch = true;  // the CLI owns its process's heap
    // "Café, Comida": names (or ids) as written; the library trims them and
    // resolves them against the company's break types.
    r.paid_breaks = comma_list(o.paid_breaks);
    // Likewise the remote check types (names only).
    r.remote_check_types = comma_list(o.remote_check_types);
    r.compliance.limits = o.limits;
    r.compliance.off = o.no_checks;
    r.compliance.always = o.fail_on_incidents;
    r.validate();
    return r;
}

ProgressMode progress_mode(const Options& o) {
    if (o.progress == "auto") return ProgressMode::automatic;
    if (o.progress == "always") return ProgressMode::always;
    if (o.progress == "never") return ProgressMode::never;
    not_one_of("--progress", o.progress);
}

void resolve_period(Options& o, std::chrono::system_clock::time_point now) {
    std::optional<PeriodKind> kind;
    std::string flag;
    auto pick = [&](bool set, PeriodKind k, const char* name) {
        if (set) kind = k, flag = name;
    };
    pick(!o.month.empty(), PeriodKind::month, "--month");
    pick(o.last_month, PeriodKind::last_month, "--last-month");
    pick(o.month_to_date, PeriodKind::month_to_date, "--month-to-date");
    pick(o.last_week, PeriodKind::last_week, "--last-week");
    pick(o.yesterday, PeriodKind::yesterday, "--yesterday");
    if (!kind) {
        if (!o.tz.empty()) throw usage_error("--tz applies to a period (--last-month, ...) only");
        return;
    }
    if (!o.from.empty() || !o.to.empty())
        throw usage_error(flag + " and --from/--to are mutually exclusive");
    const DateRange r =
        reportgen::resolve_period(*kind, o.month, now, o.tz.empty() ? default_time_zone() : o.tz);
    o.from = format_iso_date(r.from);
    o.to = format_iso_date(r.to);
}

std::string output_path(const Options& o, const ReportRequest& r) {
    const bool split = !o.split_by.empty();
    if (split && o.split_by != "employee") not_one_of("--split-by", o.split_by);
    if (split && o.output == "-") throw usage_error("--split-by writes files: -o - is not one");
    if (o.output.empty() && split) {
        const std::string name = default_output_name(r);  // <type>_<from>_<to>.<ext>
        const auto dot = name.find('.');
        return name.substr(0, dot) + "_{employee}" + name.substr(dot);
    }
    if (o.output.empty()) return default_output_name(r);
    if (o.output == "-") return o.output;
    const std::string path = expand_output_template(o.output, {r.layout, r.from, r.to, {}, {}});
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return path;
    const std::string dir = path.substr(0, slash);
    for (const char* p : {"company", "employee", "nid", "code"})
        if (has_placeholder(dir, p))
            throw usage_error("-o " + o.output +
                              ": {company}, {employee}, {nid} and {code} may name the file, not "
                              "a directory");
    return path;
}

std::unique_ptr<EmployeeSplitSink> split_sink(const Options& o, const ReportRequest& r,
                                              const std::string& path, const CancelToken* cancel) {
    if (o.split_by.empty()) return nullptr;
    return std::make_unique<EmployeeSplitSink>(r, path, cancel);
}

}  // namespace reportgen::cli
