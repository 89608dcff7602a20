#pragma once
// ReportGenerator: the facade. It reads page 1 of the API, estimates the
// volume from its meta, picks the legacy or turbo engine (or the one forced),
// fetches the rest, falls back to legacy for pages turbo could not get, and
// streams the report into a RowSink or an atomically written file.
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

struct REPORTGEN_API ReportResult {
    uint64_t rows = 0;               // data rows
    uint64_t total_rows = 0;         // TOTAL rows
    std::vector<std::string> files;  // written files (empty for a RowSink or stdout)
    Metrics metrics;
};

struct REPORTGEN_API StrategyDecision {
    EngineChoice engine;  // legacy or turbo
    std::string reason;
};
// auto: turbo when pages >= turbo_threshold_pages or records >=
// turbo_threshold_records; a forced choice wins.
REPORTGEN_API StrategyDecision choose_strategy(const ClientConfig& cfg, EngineChoice requested,
                                 const PageMeta& page1);

struct REPORTGEN_API GenerationInfo {
    std::string mode;  // "auto", "legacy", "turbo" (of the last request)
    int turbo_threshold_pages = 0;
    int turbo_threshold_records = 0;
    int max_concurrent_requests = 0;
    std::string last_strategy;  // empty before the first report
    std::string last_reason;
    bool last_fallback = false;
    uint64_t reports = 0;
};

// Threads: configure_thresholds(), get_generation_info(), config() and
// last_metrics() may be called from any thread at any time, also while
// generate() runs on another (a report uses the thresholds it started with).
// Each generate() call runs one report on the calling thread; calls may run
// concurrently on one generator (they share its metadata cache, which is
// thread-safe). reference_data() likewise.
//
// A generator is one token, so one company: all its requests, of reports run
// one after another or at once, are paced together to
// rate_limit_per_minute (docs/API.md: the budget is the company's); each
// report has its own max_wait_s for 429 pauses. Use one generator per
// company, not one per report, to stay within the company's budget.
// The destructor must not race with any call.
class REPORTGEN_API ReportGenerator {
  public:
    explicit ReportGenerator(ClientConfig config);
    ~ReportGenerator();
    ReportGenerator(const ReportGenerator&) = delete;
    ReportGenerator& operator=(const ReportGenerator&) = delete;

    // Into any sink: begin/row/finish are called on it. Throws Error.
    ReportResult generate(const ReportRequest& request, RowSink& sink, ProgressFn progress = {},
                          const CancelToken* cancel = nullptr);
    // Into a file of request.format ("-": CSV or CSV.gz to stdout). The file
    // is written beside the target and renamed on success; on any failure
    // nothing is left at the path.
    ReportResult generate(const ReportRequest& request, const std::string& path,
                          ProgressFn progress = {}, const CancelToken* cancel = nullptr);

    // The automatic engine choice's thresholds, for the reports that start
    // after the call.
    void configure_thresholds(int pages, int records);
    GenerationInfo get_generation_info() const;
    // The metrics of this generator's last report, finished or failed. A
    // failed one has error_kind and error set and counts what was done
    // before it stopped (requests, retries by cause, pages, phases).
    Metrics last_metrics() const;
    // A copy: configure_thresholds() may change it from another thread.
    ClientConfig config() const;

    // Check types, work breaks and collections, through the generator's cache.
    ReferenceData reference_data(Metrics* metrics = nullptr);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The default file name for a request: "<layout>_<from>_<to>.<ext>".
REPORTGEN_API std::string default_output_name(const ReportRequest& request);

}  // namespace reportgen
