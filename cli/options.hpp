#pragma once
// Command-line options: parsed with CLI11 into plain structs, then turned
// into the library's ClientConfig and ReportRequest. No behaviour lives here.
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch.hpp"
#include "reportgen/config.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/sinks.hpp"

namespace reportgen::cli {

enum class ProgressMode { automatic, always, never };

struct Options {
    // Report
    std::string from, to;
    std::string format;  // empty: from the output's extension, else xlsx
    std::string output;  // empty: default name; "-": stdout
    std::string type = "by_employee";
    std::string complete;  // --complete FLAG: print its choices (shell completion)
    std::string employee;
    std::string engine = "auto";
    std::string lang = "es";
    std::string csv_delimiter = ",";
    bool no_bom = false;
    bool no_formula_guard = false;
    bool strict = false;
    bool fail_empty = false;
    std::string paid_breaks;  // --paid-breaks: comma-separated break type names or ids
    std::string remote_check_types;  // --remote-check-types: comma-separated names
    // Compliance checks: --limit RULE=VALUE, --no-check RULE (repeatable),
    // --fail-on-incidents (exit 6 after writing).
    std::vector<std::string> limits, no_checks;
    bool fail_on_incidents = false;
    // A named period instead of --from/--to, in the company's time zone
    // (resolved into from/to by parse()).
    std::string month;  // YYYY-MM
    bool last_month = false, month_to_date = false, last_week = false, yesterday = false;
    std::string tz;  // empty: REPORT_TZ, else Europe/Madrid
    bool mkdir = false;  // create the output's missing directories
    std::string split_by;  // "employee": one file per employee
    // Client
    std::optional<int> concurrency, page_size, retries;
    std::optional<double> timeout;
    std::optional<int> rate_limit;   // --rate-limit: requests per minute (0 = off)
    std::optional<double> max_wait;  // --max-wait: seconds of 429 waits before failing
    std::string base_url, region, token_file, env_file;
    std::string cacert;
    bool allow_insecure_http = false;
    // Behaviour
    std::string metrics_json;
    std::string progress = "auto";
    bool quiet = false;
    int verbose = 0;
    bool demo = false;
    int demo_employees = 200;
    bool demo_violations = false;  // --demo-violations: the mock's compliance cases
    // mock-server subcommand
    bool mock_server = false;
    MockOptions mock;
    // batch subcommand (cli/batch.hpp); --config/--profile also on the main command
    bool batch = false;
    BatchOptions batch_opts;
    // The main command's flags given on the command line, by long name
    // ("--type"): a --profile fills only the others (cli/profile.hpp).
    std::set<std::string> flags_given;
};

// Parses argv. Returns an exit code to stop with (help, version, parse
// error: 0 or 2, message already printed), or nullopt to go on.
std::optional<int> parse(int argc, char** argv, Options& out);

// A named period (--month, --last-month, ...) as seen at `now` into
// o.from/o.to; a usage error when combined with --from/--to or for a bad
// month or zone. Called by parse().
void resolve_period(Options& o, std::chrono::system_clock::time_point now);

// --from and --to as dates: usage errors about ReportRequest::from / ::to
// (not a date, a year outside the supported ones, from after to), to which
// main() adds the flag's hint.
DateRange period_dates(const std::string& from, const std::string& to);

// Sets every KEY=VALUE of an env file that is not already set (like .env
// loaders do); a usage error for a missing file or a malformed line.
void load_env_file(const std::string& path);

// The library's structs from the options (env applied first, flags over it;
// with `profile`, a --profile's client settings instead of the env).
// Throws usage errors with a one-line reason.
ClientConfig make_client_config(const Options& o, const ClientConfig* profile = nullptr);
ReportRequest make_request(const Options& o);
ProgressMode progress_mode(const Options& o);
// The output path: the default name, "-", or -o with its placeholders
// expanded ({company} stays for the library: the company is known only
// after the first requests). Its directory is checked (and made, with
// --mkdir) by OutputDirs (output_paths.hpp), once the run is accepted.
std::string output_path(const Options& o, const ReportRequest& request);
// With --split-by employee, the sink that writes one file per employee
// (path: output_path()); else null. cancel: checked between its renames.
std::unique_ptr<EmployeeSplitSink> split_sink(const Options& o, const ReportRequest& request,
                                              const std::string& path, const CancelToken* cancel);

}  // namespace reportgen::cli
