#include "batch.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

#include "batch_progress.hpp"
#include "options.hpp"
#include "output_paths.hpp"
#include "progress_printer.hpp"
#include "reportgen/mock_server.hpp"
#include "text_file.hpp"

#include "reportgen/reportgen.hpp"

namespace reportgen::cli {

namespace {

int parse_count(const std::string& text, const std::string& what) {
    std::size_t used = 0;
    long v = 0;
    try {
        v = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || v < 0 || v > 100000)
        throw usage_error(what + " '" + text + "' is not a number 0..100000");
    return static_cast<int>(v);
}

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

void print_line(const CompanyOutcome& o) {
    if (o.ok) {
        std::fprintf(stderr, "reportgen: batch: %s ok, %s entries, %s rows, %.1f s, %s\n",
                     o.name.c_str(), thousands(o.entries).c_str(), thousands(o.rows).c_str(),
                     o.seconds, o.file.c_str());
    } else {
        const auto kind = o.error_kind ? to_string(*o.error_kind) : std::string_view("error");
        std::fprintf(stderr, "reportgen: batch: %s FAILED (%.*s) after %.1f s: %s\n",
                     o.name.c_str(), static_cast<int>(kind.size()), kind.data(), o.seconds,
                     o.message.c_str());
    }
}

int terminal_width() {
    struct winsize ws {};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

// The progress lines while a batch runs: the runner's callbacks feed the
// view, and a ticker redraws the elapsed times between events.
class LiveProgress {
  public:
    LiveProgress()
        : view_(std::cerr, terminal_width()),
          t0_(std::chrono::steady_clock::now()),
          ticker_([this](std::stop_token stop) { tick_until(stop); }) {}

    BatchCallbacks callbacks() {
        BatchCallbacks c;
        c.started = [this](const std::string& company) { view_.started(company, now()); };
        c.progress = [this](const std::string& company, const Progress& p) {
            view_.progress(company, p, now());
        };
        c.finished = [this](const CompanyOutcome& o) { view_.finished(o.name, now()); };
        return c;
    }

    // Before the summary lines: no redraw after this.
    void stop() {
        ticker_.request_stop();
        if (ticker_.joinable()) ticker_.join();
        view_.clear();
    }

  private:
    double now() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    }

    void tick_until(const std::stop_token& stop) {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; }) &&
               !stop.stop_requested())
            view_.tick(now());
    }

    BatchProgressView view_;
    std::chrono::steady_clock::time_point t0_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::jthread ticker_;  // last: started once the rest exists
};

}  // namespace

std::pair<int, int> parse_shard(const std::string& text) {
    if (text == "auto") {
        const std::string index = env_or_empty("JOB_COMPLETION_INDEX");
        std::string count = env_or_empty("REPORTGEN_SHARD_COUNT");
        if (count.empty()) count = env_or_empty("JOB_COMPLETION_COUNT");
        if (index.empty() || count.empty())
            throw usage_error(
                "--shard auto needs JOB_COMPLETION_INDEX (0-based) and "
                "REPORTGEN_SHARD_COUNT or JOB_COMPLETION_COUNT in the environment");
        const int i = parse_count(index, "JOB_COMPLETION_INDEX");
        const int n = parse_count(count, "shard count");
        if (n < 1 || i >= n)
            throw usage_error("--shard auto: index " + index + " is not below count " + count);
        return {i, n};
    }
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw usage_error("--shard '" + text + "': K/N or auto");
    const int k = parse_count(text.substr(0, slash), "--shard K");
    const int n = parse_count(text.substr(slash + 1), "--shard N");
    if (n < 1 || k < 1 || k > n) throw usage_error("--shard '" + text + "': needs 1 <= K <= N");
    return {k - 1, n};
}

std::vector<CompanyJob> select_only(std::vector<CompanyJob> jobs, const std::string& only) {
    std::set<std::string> wanted;
    for (std::size_t i = 0; i <= only.size();) {
        const auto comma = std::min(only.find(',', i), only.size());
        if (comma > i) wanted.insert(only.substr(i, comma - i));
        i = comma + 1;
    }
    // A batch of nothing would "succeed" (exit 0) having done nothing.
    if (wanted.empty()) throw usage_error("--only '" + only + "' names no company");
    for (const auto& name : wanted) {
        bool known = false;
        for (const auto& j : jobs)
            known = known || j.name == name;
        if (!known) throw usage_error("--only: no company '" + name + "' in the config");
    }
    std::vector<CompanyJob> out;
    for (auto& j : jobs)
        if (wanted.count(j.name)) out.push_back(std::move(j));
    return out;
}

std::string batch_summary_json(const std::vector<CompanyOutcome>& outcomes, const std::string& from,
                               const std::string& to) {
    std::string out =
        "{\"from\":" + json_string(from) + ",\"to\":" + json_string(to) + ",\"companies\":[";
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        if (i) out += ",";
        out += "{\"name\":" + json_string(o.name) + ",\"ok\":" + (o.ok ? "true" : "false");
        out += ",\"error_kind\":" +
               (o.error_kind ? json_string(to_string(*o.error_kind)) : std::string("null"));
        out += ",\"message\":" + json_string(o.message);
        out += ",\"entries\":" + std::to_string(o.entries) + ",\"rows\":" + std::to_string(o.rows);
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.3f", o.seconds);
        out += ",\"seconds\":" + std::string(secs) + ",\"file\":" + json_string(o.file);
        out += ",\"metrics\":" + o.metrics.to_json() + "}";
    }
    return out + "]}\n";
}

namespace {

// The companies' reports, their lines on stderr, the summary JSON; throws the
// first failing company's error kind.
void run_jobs(const std::vector<CompanyJob>& jobs, const BatchOptions& o, const DateRange& period,
              bool quiet, bool show_progress, const CancelToken& cancel) {
    const std::string from = format_iso_date(period.from), to = format_iso_date(period.to);
    // The summary may not replace a company's report, and its directory must
    // exist (refused before any request, not after every company has run).
    if (!o.summary_json.empty()) {
        for (const auto& job : jobs)
            refuse_same_file(company_output_path(job, period.from, period.to), o.summary_json,
                             "--summary-json");
        OutputDirs().need(o.summary_json, false, "--summary-json");
    }
    // The CLI owns its process: each company gives its fetch's memory back.
    std::vector<CompanyJob> run = jobs;
    for (auto& job : run) job.request.release_memory_after_fetch = true;
    std::optional<LiveProgress> live;
    if (show_progress && !quiet) live.emplace();
    const auto outcomes =
        BatchRunner(static_cast<std::size_t>(o.jobs))
            .run(run, period.from, period.to, live ? live->callbacks() : BatchCallbacks{},
                 &cancel);
    if (live) live->stop();
    if (!o.summary_json.empty())
        write_text_file(o.summary_json, batch_summary_json(outcomes, from, to));
    std::size_t failed = 0;
    const CompanyOutcome* first = nullptr;
    for (const auto& out : outcomes) {
        if (!quiet || !out.ok) print_line(out);
        if (!out.ok && !first) first = &out;
        failed += out.ok ? 0 : 1;
    }
    if (first)
        throw Error(first->error_kind.value_or(ErrorKind::io),
                    "batch: " + std::to_string(failed) + " of " + std::to_string(outcomes.size()) +
                        " companies failed; first: " + first->name);
    if (!quiet)
        std::fprintf(stderr, "reportgen: batch: %zu companies, %s..%s, all ok\n", outcomes.size(),
                     from.c_str(), to.c_str());
}

// `batch --demo`: N companies of the built-in mock on a loopback port, and
// the config a user would write for them, generated in memory. Tokens go
// through the environment (token_env), as they would in production: never
// into the config text.
void run_demo_batch(const BatchOptions& o, const DateRange& period, bool quiet,
                    bool show_progress, const CancelToken& cancel) {
    if (!has_placeholder(o.demo_output, "company"))
        throw usage_error("batch --demo: -o '" + o.demo_output +
                          "' must hold {company}, or every company writes the same file");
    const int64_t days = days_from_civil(period.to) - days_from_civil(period.from) + 1;
    if (days < 1 || days > 400) throw usage_error("batch --demo covers 1 to 400 days");
    MockOptions mo;
    mo.companies = o.demo_companies;
    mo.employees = o.demo_employees;
    mo.start = format_iso_date(period.from);
    mo.days = static_cast<int>(days);
    MockApiServer server(mo);
    // The environment is set before any thread of this process runs (the
    // server's included): setenv beside a getenv elsewhere is a data race.
    std::string companies;
    for (int k = 1; k <= o.demo_companies; ++k) {
        const std::string var = "REPORTGEN_DEMO_TOKEN_" + std::to_string(k);
        ::setenv(var.c_str(), server.token_for(k).c_str(), /*overwrite=*/1);
        companies +=
            "\n[companies.company" + std::to_string(k) + "]\ntoken_env = \"" + var + "\"\n";
    }
    server.start();
    const std::string config = "[defaults]\nbase_url = \"" + server.base_url() + "\"\n" + companies;
    std::vector<CompanyJob> jobs = parse_batch_config(config, "batch --demo config");
    // The output template is a path, set here rather than quoted into TOML.
    for (auto& j : jobs) {
        j.output = o.demo_output;
        j.request.format = o.demo_format;
    }
    if (log_level() <= LogLevel::info)
        std::fprintf(stderr, "reportgen: info: batch demo: %d companies on %s\n", o.demo_companies,
                     server.base_url().c_str());
    run_jobs(jobs, o, period, quiet, show_progress, cancel);
}

}  // namespace

void run_batch(const BatchOptions& o, const std::string& from, const std::string& to, bool quiet,
               bool show_progress, const CancelToken& cancel) {
    if (o.demo && !o.config.empty())
        throw usage_error("batch: --demo makes its own companies; drop --config");
    if (!o.demo && o.config.empty())
        throw usage_error("batch: --config FILE is required (or try --demo)");
    if (from.empty() || to.empty())
        throw usage_error("batch: a period is required (--from/--to, --month, --last-month, ...)");
    if (o.jobs < 1 || o.jobs > 256) throw usage_error("batch: --jobs must be 1..256");
    // The period's dates and years, as one report checks them (exit 2 before
    // any request, not each company's failure).
    const DateRange period = period_dates(from, to);
    if (o.demo) {
        run_demo_batch(o, period, quiet, show_progress, cancel);
        return;
    }
    // Every check before the first request: config, outputs, --only, --shard.
    // Tokens are read for the companies that run only: one left out by
    // --only or --shard needs none (its variable may be unset on this host).
    std::vector<CompanyJob> jobs = load_batch_config(o.config, TokenReading::deferred);
    // The whole config, not one shard's part: the shards write one tree.
    check_distinct_outputs(jobs, period.from, period.to);
    if (o.only) jobs = select_only(std::move(jobs), *o.only);
    if (!o.shard.empty()) {
        const auto [index0, count] = parse_shard(o.shard);
        jobs = select_shard(std::move(jobs), index0, count);
    }
    resolve_batch_tokens(jobs);
    run_jobs(jobs, o, period, quiet, show_progress, cancel);
}

}  // namespace reportgen::cli
