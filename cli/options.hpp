#pragma once
// Command-line options: parsed with CLI11 into plain structs, then turned
// into the library's ClientConfig and ReportRequest. No behaviour lives here.
#include <optional>
#include <string>

#include "reportgen/config.hpp"
#include "reportgen/mock_server.hpp"

namespace reportgen::cli {

enum class ProgressMode { automatic, always, never };

struct Options {
    // Report
    std::string from, to;
    std::string format;  // empty: from the output's extension, else xlsx
    std::string output;  // empty: default name; "-": stdout
    std::string type = "by_employee";
    std::string employee;
    std::string engine = "auto";
    std::string lang = "es";
    std::string csv_delimiter = ",";
    bool no_bom = false;
    bool no_formula_guard = false;
    bool strict = false;
    bool fail_empty = false;
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
    // mock-server subcommand
    bool mock_server = false;
    MockOptions mock;
};

// Parses argv. Returns an exit code to stop with (help, version, parse
// error: 0 or 2, message already printed), or nullopt to go on.
std::optional<int> parse(int argc, char** argv, Options& out);

// Sets every KEY=VALUE of an env file that is not already set (like .env
// loaders do); a usage error for a missing file or a malformed line.
void load_env_file(const std::string& path);

// The library's structs from the options (env applied first, flags over it).
// Throws usage errors with a one-line reason.
ClientConfig make_client_config(const Options& o);
ReportRequest make_request(const Options& o);
ProgressMode progress_mode(const Options& o);

}  // namespace reportgen::cli
