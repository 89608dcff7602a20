#pragma once
// `reportgen batch`: every company of a TOML file (include/reportgen/batch.hpp).
#include <optional>
#include <string>
#include <vector>

#include "reportgen/batch.hpp"
#include "reportgen/cancel.hpp"

namespace reportgen::cli {

// Where `batch --demo` writes when -o is not given.
inline constexpr const char* kDemoBatchOutput = "demo-batch/{company}_{type}_{from}_{to}.xlsx";

struct BatchOptions {
    std::string config;        // --config FILE
    int jobs = 8;              // --jobs: reports at once
    std::optional<std::string> only;  // --only a,b (given empty: refused)
    std::string shard;         // --shard K/N | auto
    std::string summary_json;  // --summary-json FILE
    std::string profile;       // --profile NAME (main command, with --config)
    bool demo = false;         // --demo: a built-in mock API, a generated config
    int demo_companies = 5;    // --demo-companies
    int demo_employees = 200;  // --demo-employees (main command's), per company
    std::string demo_output = kDemoBatchOutput;  // -o with --demo
    Format demo_format = Format::xlsx;            // what demo_output's name asks for
};

// --shard: "K/N" -> {K-1, N}; "auto" reads JOB_COMPLETION_INDEX (0-based,
// set by a Kubernetes Indexed Job) and REPORTGEN_SHARD_COUNT or
// JOB_COMPLETION_COUNT for N. Usage error otherwise.
std::pair<int, int> parse_shard(const std::string& text);

// The companies --only names (comma-separated; empty items skipped), in
// file order; a usage error names an unknown one, or says that it names none.
std::vector<CompanyJob> select_only(std::vector<CompanyJob> jobs, const std::string& only);

// Runs the batch for [from, to]; one line per company on stderr at the end
// and, with show_progress (a terminal), one line per running company while
// it runs (cli/batch_progress.hpp). Throws the first failing company's (file
// order) error kind, so the exit code is that company's.
void run_batch(const BatchOptions& o, const std::string& from, const std::string& to,
               bool quiet, bool show_progress, const CancelToken& cancel);

// The summary as JSON: {"from","to","companies":[{name, ok, error_kind,
// message, entries, rows, seconds, file, metrics}]}.
std::string batch_summary_json(const std::vector<CompanyOutcome>& outcomes,
                               const std::string& from, const std::string& to);

}  // namespace reportgen::cli
