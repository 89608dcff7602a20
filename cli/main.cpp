// reportgen's command line: argument handling and exit codes only; every
// behaviour is a library call.
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "options.hpp"
#include "progress_printer.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/reportgen.hpp"

using namespace reportgen;

namespace {

CancelToken g_cancel;
MockApiServer* g_server = nullptr;

extern "C" void on_signal(int) {
    g_cancel.cancel();  // an atomic store: async-signal-safe
    if (g_server) g_server->request_stop();
}

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
    if (const char* env = std::getenv("LOG_LEVEL"); env && *env) {
        if (!parse_log_level(env, level))
            std::fprintf(stderr, "reportgen: warning: LOG_LEVEL=%s is not a level (trace, debug, "
                                 "info, warn, error, off); using warn\n", env);
    }
    if (verbose == 1) level = std::min(level, LogLevel::info);
    if (verbose >= 2) level = std::min(level, LogLevel::debug);
    set_log_level(level);
}

void log_warning(const std::string& text) {
    if (log_level() <= LogLevel::warn) std::fprintf(stderr, "reportgen: warning: %s\n", text.c_str());
}

void check_output_dir(const std::string& path) {
    if (path == "-") return;
    const auto slash = path.find_last_of('/');
    const std::string dir =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw usage_error("output directory '" + dir + "' does not exist");
}

void write_metrics(const std::string& path, const Metrics& m) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << m.to_json() << '\n';
        if (!out.flush()) throw io_error("cannot write metrics to " + path);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw io_error("cannot write metrics to " + path);
    }
}

int run_mock_server(const MockOptions& opts) {
    MockApiServer server(opts);
    server.start();
    g_server = &server;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::printf("reportgen mock-server listening on %s (%d employees, %d days from %s%s)\n",
                server.base_url().c_str(), opts.employees, opts.days, opts.start.c_str(),
                opts.fat ? ", fat entries" : "");
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
        if (o.to.empty()) o.to = "2024-01-31";
    }
    const ReportRequest request = cli::make_request(o);
    const cli::ProgressMode pmode = cli::progress_mode(o);
    ClientConfig cfg = cli::make_client_config(o);
    const std::string path = o.output.empty() ? default_output_name(request) : o.output;
    if (path == "-" && request.format == Format::xlsx)
        throw usage_error("XLSX cannot be written to stdout; use -o FILE or --format csv");
    check_output_dir(path);

    std::unique_ptr<MockApiServer> demo;
    if (o.demo) {
        // The demo company covers exactly the requested dates.
        MockOptions mo;
        mo.employees = o.demo_employees;
        mo.start = request.from;
        const auto f = parse_iso_date(request.from);
        const auto t = parse_iso_date(request.to);
        const int64_t days = days_from_civil(*t) - days_from_civil(*f) + 1;
        if (days > 400) throw usage_error("--demo covers at most 400 days");
        mo.days = static_cast<int>(days);
        demo = std::make_unique<MockApiServer>(mo);
        demo->start();
        cfg.base_url = demo->base_url();
        cfg.token = mo.token;
        if (log_level() <= LogLevel::info)
            std::fprintf(stderr, "reportgen: info: demo: mock API on %s\n", cfg.base_url.c_str());
    } else if (cfg.token.empty()) {
        throw usage_error("no API token: set SESAME_API_TOKEN or use --token-file (or try --demo)");
    }

    const bool show_progress =
        !o.quiet && (pmode == cli::ProgressMode::always ||
                     (pmode == cli::ProgressMode::automatic && ::isatty(STDERR_FILENO)));
    cli::ProgressPrinter printer(show_progress);
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    ReportGenerator generator(cfg);
    ReportResult result;
    try {
        result = generator.generate(
            request, path, [&](const Progress& p) { printer.update(p); }, &g_cancel);
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
    if (!o.metrics_json.empty()) write_metrics(o.metrics_json, result.metrics);
    if (!result.metrics.consistent)
        log_warning("data changed while the report ran: " + result.metrics.consistency_note);
    if (!o.quiet) std::fprintf(stderr, "reportgen: %s\n", cli::summary_line(result).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    cli::Options opts;
    if (auto code = cli::parse(argc, argv, opts)) return *code;
    setup_logging(opts.verbose);
    try {
        if (!opts.env_file.empty()) cli::load_env_file(opts.env_file);
        if (opts.mock_server) return run_mock_server(opts.mock);
        return run_report(opts);
    } catch (const Error& e) {
        std::fprintf(stderr, "reportgen: error: %s\n", e.what());
        return exit_code(e.kind());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reportgen: error: %s\n", e.what());
        return 1;
    }
}
