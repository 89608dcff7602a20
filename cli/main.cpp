// reportgen's command line: argument handling and exit codes only; every
// behaviour is a library call.
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "batch.hpp"
#include "error_hints.hpp"
#include "options.hpp"
#include "output_paths.hpp"
#include "profile.hpp"
#include "progress_printer.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/reportgen.hpp"
#include "text_file.hpp"

using namespace reportgen;

namespace {

CancelToken g_cancel;
MockApiServer* g_server = nullptr;
volatile std::sig_atomic_t g_signal = 0;  // the first SIGINT/SIGTERM received
bool g_report_to_stdout = false;           // -o -: the report streams to stdout

// stdout is a pipe or socket whose reader has gone (`reportgen -o - | head -1`):
// poll() reports POLLERR on a pipe's write end once every reader closed it.
bool stdout_reader_gone() {
    struct stat st {};
    if (::fstat(STDOUT_FILENO, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        return false;
    pollfd p{STDOUT_FILENO, POLLOUT, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

// The first signal asks for a clean stop (cancel: nothing is written, the
// temporary file goes); a second one ends the process at once, as the
// default action would, for a user who does not want to wait for it.
extern "C" void on_signal(int sig) {
    if (g_signal != 0) {
        std::signal(sig, SIG_DFL);  // async-signal-safe, like raise()
        std::raise(sig);            // delivered with the default action on return
        return;
    }
    g_signal = sig;
    g_cancel.cancel();  // an atomic store: async-signal-safe
    if (g_server) g_server->request_stop();
}

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

// --fail-on-incidents: the report is written, and the checks found incidents.
constexpr int kExitIncidents = 6;

int exit_code(ErrorKind k) {
    switch (k) {
        case ErrorKind::usage:
            return 2;
        case ErrorKind::auth:
            return 3;
        case ErrorKind::api:
        case ErrorKind::data:
            return 4;
        case ErrorKind::io:
            return 5;
        case ErrorKind::cancelled:
            return 1;
    }
    return 1;
}

// The library logs to stderr ("reportgen: <level>: ..."); the CLI only sets
// the level. Quiet by default (one summary line); LOG_LEVEL or -v say more.
void setup_logging(int verbose) {
    LogLevel level = LogLevel::warn;
    // A bad value is refused, as every other variable's is (not read as
    // "warn" with a warning, which then a later check refused anyway).
    if (const char* env = std::getenv("LOG_LEVEL"); env && *env && !parse_log_level(env, level))
        throw usage_error(std::string("LOG_LEVEL '") + env +
                          "' is not one of trace, debug, info, warn, error, off");
    if (verbose == 1) level = std::min(level, LogLevel::info);
    if (verbose >= 2) level = std::min(level, LogLevel::debug);
    set_log_level(level);
}

void log_warning(const std::string& text) {
    if (log_level() <= LogLevel::warn)
        std::fprintf(stderr, "reportgen: warning: %s\n", text.c_str());
}

// Refused before any request: a path that is a directory (the report would
// otherwise be fetched, then fail to land). A missing directory: OutputDirs.
void check_output_path(const std::string& path, const char* flag) {
    if (path == "-") return;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw usage_error(std::string(flag) + " '" + path + "' is a directory; name a file in it");
}

void write_metrics(const std::string& path, const Metrics& m) {
    cli::write_text_file(path, m.to_json() + "\n");
}

// The last day of the month of an ISO date ("2024-02-10" -> "2024-02-29");
// the date itself when it does not parse (validation reports it).
std::string end_of_month(const std::string& iso) {
    const auto d = parse_iso_date(iso);
    if (!d) return iso;
    const CivilDate next =
        d->month == 12 ? CivilDate{d->year + 1, 1, 1} : CivilDate{d->year, d->month + 1, 1};
    return format_iso_date(civil_from_days(days_from_civil(next) - 1));
}

int run_mock_server(const MockOptions& opts) {
    MockApiServer server(opts);
    server.start();
    g_server = &server;
    install_signal_handlers();
    std::printf("reportgen mock-server listening on %s (%d employees, %d days from %s%s%s)\n",
                server.base_url().c_str(), opts.employees, opts.days, opts.start.c_str(),
                opts.fat ? ", fat entries" : "",
                opts.violations ? ", compliance cases planted" : "");
    std::fflush(stdout);
    server.wait();
    server.stop();
    g_server = nullptr;
    std::printf("reportgen mock-server stopped\n");
    return 0;
}

int run_report(cli::Options o) {
    if (o.demo) {  // the demo needs no arguments at all
        if (o.from.empty()) o.from = o.to.empty() ? "2024-01-01" : o.to.substr(0, 8) + "01";
        if (o.to.empty()) o.to = end_of_month(o.from);
    }
    // --config F --profile P: the company's settings under the flags.
    std::optional<ClientConfig> profile;
    if (cli::has_profile(o)) profile = cli::apply_profile(o);
    const ReportRequest request = cli::make_request(o);
    const cli::ProgressMode pmode = cli::progress_mode(o);
    ClientConfig cfg = cli::make_client_config(o, profile ? &*profile : nullptr);
    const std::string path = cli::output_path(o, request);
    g_report_to_stdout = path == "-";
    if (path == "-" && request.format == Format::xlsx)
        throw usage_error("XLSX cannot be written to stdout; use -o FILE or --format csv");
    check_output_path(path, "-o");
    cli::OutputDirs dirs;  // --mkdir's, made once every check has passed
    dirs.need(path, o.mkdir, "-o");
    if (!o.metrics_json.empty()) {
        check_output_path(o.metrics_json, "--metrics-json");
        cli::refuse_same_file(path, o.metrics_json, "--metrics-json");
        dirs.need(o.metrics_json, o.mkdir, "--metrics-json");
    }
    int64_t demo_days = 0;  // the demo company covers exactly the requested dates
    if (o.demo) {
        demo_days = days_from_civil(request.to) - days_from_civil(request.from) + 1;
        if (demo_days > 400) throw usage_error("--demo covers at most 400 days");
    } else if (o.demo_violations) {
        throw usage_error("--demo-violations goes with --demo");
    } else if (cfg.token.empty()) {
        throw usage_error("no API token: set SESAME_API_TOKEN or use --token-file (or try --demo)");
    }
    dirs.create();
    const std::unique_ptr<EmployeeSplitSink> split = cli::split_sink(o, request, path, &g_cancel);

    std::unique_ptr<MockApiServer> demo;
    if (o.demo) {
        MockOptions mo;
        mo.employees = o.demo_employees;
        mo.violations = o.demo_violations;
        mo.start = format_iso_date(request.from);
        mo.days = static_cast<int>(demo_days);
        demo = std::make_unique<MockApiServer>(mo);
        demo->start();
        cfg.base_url = demo->base_url();
        cfg.token = mo.token;
        if (log_level() <= LogLevel::info)
            std::fprintf(stderr, "reportgen: info: demo: mock API on %s\n", cfg.base_url.c_str());
    }

    const bool show_progress =
        !o.quiet && (pmode == cli::ProgressMode::always ||
                     (pmode == cli::ProgressMode::automatic && ::isatty(STDERR_FILENO)));
    cli::ProgressPrinter printer(show_progress);
    install_signal_handlers();

    ReportGenerator generator(cfg);
    ReportResult result;
    try {
        const ProgressFn on_progress = [&](const Progress& p) { printer.update(p); };
        if (split) {  // one file per employee
            result = generator.generate(request, *split, on_progress, &g_cancel);
            result.files = split->files();
            // Not one file: output_files lists them (README, "Scheduled reports").
            result.metrics.output_path.clear();
            result.metrics.output_files = result.files;
        } else {
            result = generator.generate(request, path, on_progress, &g_cancel);
        }
    } catch (...) {
        printer.clear();
        // A failed report's metrics too (error, requests, retries by cause):
        // what a CI job needs to see why it failed.
        if (!o.metrics_json.empty()) {
            try {
                write_metrics(o.metrics_json, generator.last_metrics());
            } catch (const std::exception& e) {
                log_warning(e.what());  // the report's own error is the one to exit with
            }
        }
        throw;
    }
    printer.clear();
    dirs.keep();  // the report is in place
    if (!o.metrics_json.empty()) write_metrics(o.metrics_json, result.metrics);
    if (result.metrics.rows_written == 0)
        log_warning("no entries from " + format_iso_date(request.from) + " to " +
                    format_iso_date(request.to) +
                    ": the report has only its header (--fail-empty makes this an error)");
    // (data changed while the report ran: the library has warned, once)
    if (!o.quiet)
        std::fprintf(stderr, "reportgen: %s..%s: %s\n", format_iso_date(request.from).c_str(),
                     format_iso_date(request.to).c_str(), cli::summary_line(result).c_str());
    // The checks' totals, one line beside the summary (-q silences both; the
    // sheet, the metrics and --fail-on-incidents still carry them).
    if (const std::string incidents = cli::incidents_line(result.metrics);
        !o.quiet && !incidents.empty())
        log_warning(incidents);
    // Written, and the checks found something: a CI job gating on them stops here.
    if (o.fail_on_incidents && result.metrics.incidents > 0) return kExitIncidents;
    return 0;
}

// `reportgen batch`: the companies of a TOML file (cli/batch.hpp).
int run_batch_command(cli::Options o) {
    if (!o.employee.empty())
        throw usage_error("batch: --employee is a setting of the config file (employee = \"...\")");
    // Found before any request, not after every company has run.
    if (!o.batch_opts.summary_json.empty())
        check_output_path(o.batch_opts.summary_json, "--summary-json");
    if (o.batch_opts.demo) {  // like the single report's demo: no arguments needed
        if (o.from.empty()) o.from = o.to.empty() ? "2024-01-01" : o.to.substr(0, 8) + "01";
        if (o.to.empty()) o.to = end_of_month(o.from);
        if (!o.output.empty()) o.batch_opts.demo_output = o.output;
        // -o's name says the format, as for one report (--format is refused).
        o.batch_opts.demo_format = cli::make_request(o).format;
        o.batch_opts.demo_employees = o.demo_employees;
    }
    install_signal_handlers();
    const cli::ProgressMode pmode = cli::progress_mode(o);
    // Log lines (-v) between two frames would break the cursor-up redraw.
    const bool show_progress = log_level() > LogLevel::info &&
                               (pmode == cli::ProgressMode::always ||
                                (pmode == cli::ProgressMode::automatic && ::isatty(STDERR_FILENO)));
    cli::run_batch(o.batch_opts, o.from, o.to, o.quiet, show_progress, g_cancel);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    cli::Options opts;
    if (auto code = cli::parse(argc, argv, opts)) return *code;
    try {
        // The env file first: its LOG_LEVEL counts like the environment's.
        if (!opts.env_file.empty()) cli::load_env_file(opts.env_file);
        setup_logging(opts.verbose);
        if (opts.mock_server) return run_mock_server(opts.mock);
        if (opts.batch) return run_batch_command(opts);
        return run_report(opts);
    } catch (const Error& e) {
        // The reader of a report on stdout has gone: end quietly, as cat and
        // grep do (the shell's 128 + SIGPIPE), not with an I/O error.
        if (e.kind() == ErrorKind::io && g_report_to_stdout && stdout_reader_gone())
            return 128 + SIGPIPE;
        std::fprintf(stderr, "reportgen: error: %s\n", cli::message_with_hint(e).c_str());
        // Stopped by a signal: the shell's convention, 128 + its number.
        if (g_signal != 0) return 128 + g_signal;
        return exit_code(e.kind());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reportgen: error: %s\n", e.what());
        return 1;
    }
}
