#pragma once
/// \file
/// ReportGenerator: the facade. It reads page 1 of the API, estimates the
/// volume from its meta, picks the legacy or turbo engine (or the one forced),
/// fetches the rest, falls back to legacy for pages turbo could not get, and
/// streams the report into a RowSink or an atomically written file.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/progress.hpp"
#include "reportgen/row.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// What generate() did: rows written, files, and the report's Metrics.
/// A caller may ignore it (the report is in place; last_metrics() keeps the metrics).
struct REPORTGEN_API ReportResult {
    uint64_t rows = 0;               ///< data rows
    uint64_t total_rows = 0;         ///< TOTAL rows
    std::vector<std::string> files;  ///< written files (empty for a RowSink or stdout)
    Metrics metrics;  ///< Everything measured (also ReportGenerator::last_metrics()).
};

/// The engine choose_strategy() picked, and why.
struct REPORTGEN_API StrategyDecision {
    EngineChoice engine;  ///< legacy or turbo
    std::string reason;  ///< For the log and the metrics, e.g. "auto: 530 pages >= 3".
};
/// auto: turbo when pages >= cfg.turbo_thresholds.pages or records >=
/// cfg.turbo_thresholds.records; a forced choice wins.
[[nodiscard]] REPORTGEN_API StrategyDecision choose_strategy(const ClientConfig& cfg, EngineChoice requested,
                                 const PageMeta& page1);

/// A generator's engine settings and what its last report chose (get_generation_info()).
struct REPORTGEN_API GenerationInfo {
    std::string mode;  ///< "auto", "legacy", "turbo" (of the last request)
    StrategyThresholds turbo_thresholds;  ///< the generator's current ones
    int max_concurrent_requests = 0;  ///< The turbo engine's window (ClientConfig::max_concurrent_requests).
    std::string last_strategy;  ///< empty before the first report
    std::string last_reason;  ///< Why (StrategyDecision::reason).
    bool last_fallback = false;  ///< Whether the last report fell back to legacy for pages turbo could not get.
    uint64_t reports = 0;  ///< Reports run by this generator, failed ones included.
};

/// The facade: generates reports of one company, into a file or a RowSink.
///
/// Threads: configure_thresholds(), get_generation_info(), config() and
/// last_metrics() may be called from any thread at any time, also while
/// generate() runs on another (a report uses the thresholds it started with).
/// Each generate() call runs one report on the calling thread; calls may run
/// concurrently on one generator (they share its metadata cache, which is
/// thread-safe). reference_data() likewise.
///
/// A generator is one token, so one company: all its requests, of reports run
/// one after another or at once, are paced together to
/// rate_limit_per_minute (docs/API.md: the budget is the company's); each
/// report has its own max_wait_s for 429 pauses. Use one generator per
/// company, not one per report, to stay within the company's budget.
/// The destructor must not race with any call.
class REPORTGEN_API ReportGenerator {
  public:
    /// A generator for one company (one token).
    /// \throws Error usage, when `config` does not validate().
    explicit ReportGenerator(ClientConfig config);
    ~ReportGenerator();
    ReportGenerator(const ReportGenerator&) = delete;
    ReportGenerator& operator=(const ReportGenerator&) = delete;
    /// Moves the client, cache and request budget; no report may be running
    /// on `other`. The moved-from generator may only be destroyed or assigned
    /// to (any other call is undefined behaviour).
    ReportGenerator(ReportGenerator&& other) noexcept;
    /// Move assignment; the same rules as the move constructor.
    ReportGenerator& operator=(ReportGenerator&& other) noexcept;

    /// Into any sink: begin/row/finish are called on it. Throws Error.
    ReportResult generate(const ReportRequest& request, RowSink& sink, ProgressFn progress = {},
                          const CancelToken* cancel = nullptr);
    /// Into a file of request.format ("-": CSV or CSV.gz to stdout). The file
    /// is written beside the target and renamed on success; on any failure
    /// nothing is left at the path.
    ReportResult generate(const ReportRequest& request, const std::string& path,
                          ProgressFn progress = {}, const CancelToken* cancel = nullptr);

    /// The automatic engine choice's thresholds, for the reports that start
    /// after the call.
    /// A usage error when a threshold is below 1.
    void configure_thresholds(StrategyThresholds thresholds);
    /// The current thresholds and the last report's choice.
    [[nodiscard]] GenerationInfo get_generation_info() const;
    /// The metrics of this generator's last report, finished or failed. A
    /// failed one has error_kind and error set and counts what was done
    /// before it stopped (requests, retries by cause, pages, phases).
    [[nodiscard]] Metrics last_metrics() const;
    /// A copy: configure_thresholds() may change it from another thread.
    [[nodiscard]] ClientConfig config() const;

    /// Check types, work breaks and collections, through the generator's cache.
    [[nodiscard]] ReferenceData reference_data(Metrics* metrics = nullptr);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The default file name for a request: "<layout>_<from>_<to>.<ext>".
[[nodiscard]] REPORTGEN_API std::string default_output_name(const ReportRequest& request);

}  // namespace reportgen
