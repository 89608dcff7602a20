#pragma once
/// \file
/// Many companies, one run: a TOML file names each company's token source and
/// settings (README "More companies than one machine"); BatchRunner produces
/// their reports with a bounded number at once, each with its own
/// ReportGenerator (own client, cache and request budget).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/progress.hpp"
#include "reportgen/time.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// One company of a batch file: its client settings (token resolved from
/// token_env / token_file), the request without a period, and the output
/// template ({company} = name, plus the placeholders of output_name.hpp).
struct REPORTGEN_API CompanyJob {
    std::string name;  ///< The company's name (the table's key in the file): {company}, and in messages.
    ClientConfig client;  ///< Connection settings, token included once resolved.
    ReportRequest request;  ///< from/to left unset: the batch sets the period
    std::string output;     ///< template; empty = "{company}_" + default name
    /// Where client.token comes from: the file's token_env (a variable's
    /// name) or token_file (a path); read by resolve_batch_tokens() when the
    /// file was parsed with TokenReading::deferred.
    std::string token_env;
    std::string token_file;  ///< The token file's path (see token_env).
    std::string token_where;  ///< The token setting's place ("clients.toml:12"), for errors.
};

/// When a batch file's tokens are read: at once, or only for the companies
/// that will run (--only, --shard: a company left out needs no token).
enum class TokenReading {
    now,       ///< while the file is parsed
    deferred,  ///< later, by resolve_batch_tokens()
};

/// Parses a batch file. Usage errors name the file and line: unknown keys, a
/// `token` key (tokens never go in the file), a company without token_env or
/// token_file, bad values. Token sources are resolved here, before any
/// request, unless `tokens` is deferred (then resolve_batch_tokens()).
[[nodiscard]] REPORTGEN_API std::vector<CompanyJob> load_batch_config(const std::string& path,
                                          TokenReading tokens = TokenReading::now);
/// The same from text; `source_name` is the file name used in errors.
[[nodiscard]] REPORTGEN_API std::vector<CompanyJob> parse_batch_config(std::string_view text, const std::string& source_name,
                                           TokenReading tokens = TokenReading::now);
/// Reads each job's token from its token_env / token_file (the same checks
/// and file:line errors as a parse that reads them at once).
REPORTGEN_API void resolve_batch_tokens(std::vector<CompanyJob>& jobs);

/// Keeps the companies whose index in the name-sorted list is index0 modulo
/// count (shard K/N: index0 = K-1); file order is kept. Usage error when
/// count < 1 or index0 outside [0, count).
[[nodiscard]] REPORTGEN_API std::vector<CompanyJob> select_shard(std::vector<CompanyJob> jobs, int index0, int count);

/// How one company's report of a batch ended.
struct REPORTGEN_API CompanyOutcome {
    std::string name;  ///< The company's name.
    bool ok = false;  ///< Whether its report was written.
    std::optional<ErrorKind> error_kind;  ///< set when !ok
    std::string message;                  ///< the error's message when !ok
    uint64_t entries = 0;                 ///< entries decoded
    uint64_t rows = 0;                    ///< data rows written
    double seconds = 0;  ///< Wall time of its report.
    std::string file;  ///< the output path (expanded template)
    Metrics metrics;   ///< also for a failed report (what it did before failing)
};

/// What BatchRunner::run() tells while it runs; every callback is optional.
///
/// Called from the worker threads, possibly at once; they must not throw.
/// `progress` is each report's ProgressFn (reportgen/progress.hpp) with the
/// company's name: one call at a time per company, several companies at once.
struct REPORTGEN_API BatchCallbacks {
    std::function<void(const std::string& company)> started;  ///< A company's report starts.
    std::function<void(const std::string& company, const Progress& progress)> progress;  ///< A company's report progressed.
    std::function<void(const CompanyOutcome& outcome)> finished;  ///< A company's report ended, written or failed.
};

/// Runs the reports of many companies, a bounded number at once, each with its own ReportGenerator.
class REPORTGEN_API BatchRunner {
  public:
    /// jobs: reports at once (>= 1).
    explicit BatchRunner(std::size_t jobs) : jobs_(jobs == 0 ? 1 : jobs) {}

    /// Runs every company for [from, to]; outcomes in the order of `companies`.
    /// A failing company does not stop the others; `cancel` stops all (the
    /// companies not started end cancelled). Missing directories of the
    /// output paths are created. Throws check_distinct_outputs()'s usage
    /// error before any report starts.
    std::vector<CompanyOutcome> run(const std::vector<CompanyJob>& companies, CivilDate from,
                                    CivilDate to,
                                    const BatchCallbacks& callbacks = {},
                                    const CancelToken* cancel = nullptr) const;

  private:
    std::size_t jobs_;
};

/// The output path of one company for [from, to].
[[nodiscard]] REPORTGEN_API std::string company_output_path(const CompanyJob& job, CivilDate from,
                                                          CivilDate to);

/// A usage error, naming both companies and the path, when two companies'
/// outputs for [from, to] are the same file ("acme sl" and "acme_sl" under
/// {company}, or an output without {company}): one client's report would
/// land under another's name. Paths are compared absolute and normalised,
/// through symbolic links of the directories that exist.
REPORTGEN_API void check_distinct_outputs(const std::vector<CompanyJob>& companies,
                                          CivilDate from, CivilDate to);

}  // namespace reportgen
