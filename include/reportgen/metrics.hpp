#pragma once
/// \file
/// One Metrics object per report. Fields are grouped by the thread that
/// writes them during a report (network, decode, build/write), so engines
/// need no locks; the generator reads them after the phases join.
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reportgen/export.hpp"

namespace reportgen {

/// Log-bucketed latency histogram: 8 buckets per doubling from 0.1 ms to ~2 min;
/// percentiles are accurate to about 9 %.
class REPORTGEN_API LatencyHistogram {
  public:
    /// The number of buckets.
    static constexpr std::size_t kBuckets = 8 * 21;
    /// Adds one latency, seconds.
    void record(double seconds) noexcept {
        ++count_;
        sum_ += seconds;
        if (seconds > max_) max_ = seconds;
        buckets_[bucket(seconds)]++;
    }
    /// Latencies recorded.
    uint64_t count() const noexcept { return count_; }
    /// The largest latency, s.
    double max() const noexcept { return max_; }
    /// The mean latency, s (0 when empty).
    double mean() const noexcept { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
    /// p in [0,1]; the upper edge of the bucket holding that rank (capped at max).
    double percentile(double p) const noexcept {
        if (count_ == 0) return 0.0;
        const auto rank = static_cast<uint64_t>(std::ceil(p * static_cast<double>(count_)));
        uint64_t seen = 0;
        for (std::size_t i = 0; i < kBuckets; ++i) {
            seen += buckets_[i];
            if (seen >= rank && buckets_[i] > 0) return std::min(upper(i), max_);
        }
        return max_;
    }
    /// Adds every latency of `o`.
    void merge(const LatencyHistogram& o) noexcept {
        count_ += o.count_;
        sum_ += o.sum_;
        if (o.max_ > max_) max_ = o.max_;
        for (std::size_t i = 0; i < kBuckets; ++i)
            buckets_[i] += o.buckets_[i];
    }

  private:
    static std::size_t bucket(double s) noexcept {
        if (!(s > 1e-4)) return 0;
        const double b = std::log2(s / 1e-4) * 8.0 + 1.0;  // NaN and inf end in the last
        return b < static_cast<double>(kBuckets - 1) ? static_cast<std::size_t>(b) : kBuckets - 1;
    }
    static double upper(std::size_t i) noexcept {
        return 1e-4 * std::exp2(static_cast<double>(i) / 8.0);
    }
    std::array<uint64_t, kBuckets> buckets_{};
    uint64_t count_ = 0;
    double sum_ = 0.0;
    double max_ = 0.0;
};

/// What one report did: plan, network, cache, data, build, output and time per phase (Metrics::to_json()).
///
/// Fields are grouped by the thread that writes them during a report, so the
/// engines need no locks; the generator reads them after the phases join.
struct REPORTGEN_API Metrics {
    // Plan
    std::string strategy;         ///< "legacy" | "turbo"
    std::string strategy_reason;  ///< e.g. "auto: 530 pages >= 3"
    std::string company_name;  ///< from /core/v3/info (empty when unknown)
    std::string query_from;    ///< the range actually asked of the API: from - 1 day
    std::string query_to;      ///< ... to + 1 day (shifts whole at the edges)
    bool fallback_used = false;  ///< turbo could not get some pages: legacy fetched them
    std::string fallback_reason;  ///< why (when fallback_used)
    uint64_t fallback_pages = 0;  ///< pages the legacy engine fetched after turbo failed

    // Network (written by the engine's network thread)
    uint64_t pages_expected = 0;  ///< meta.lastPage of page 1
    uint64_t pages_fetched = 0;   ///< work-entries pages received whole, page 1 included
    uint64_t requests = 0;        ///< HTTP requests sent, retries and metadata included
    uint64_t bytes_received = 0;  ///< response bodies
    LatencyHistogram latency;     ///< per request, successful or not
    std::map<std::string, uint64_t>
        retries_by_cause;  ///< "429", "5xx", "reset", "timeout", "truncated"
    uint64_t http_429 = 0;  ///< 429 answers (too many requests)
    double retry_sleep_s = 0.0;  ///< time spent sleeping in backoff
    double rate_wait_s = 0.0;    ///< time spent waiting for the company's budget (limiter + 429 pauses)
    double requests_per_minute = 0.0;  ///< requests / fetch time, per minute
    int rate_limit = 0;                ///< requests per minute the limiter allowed (0: off)
    /// Requests by endpoint ("work-entries", "check-types", "worked-hours",
    /// ...; retries included): what each source of a report costs the budget.
    std::map<std::string, uint64_t> requests_by_endpoint;
    int max_in_flight = 0;       ///< highest concurrent requests reached
    int final_window = 0;        ///< turbo window at the end (after AIMD)

    // Cache
    uint64_t cache_hits = 0;  ///< metadata answers taken from the cache
    uint64_t cache_misses = 0;  ///< metadata answers fetched
    uint64_t cache_evictions = 0;  ///< metadata answers dropped for room

    // Decode and data (written by the decode thread)
    uint64_t entries_decoded = 0;  ///< items in data[] across pages
    uint64_t deleted_dropped = 0;  ///< deleted entries left out
    uint64_t outside_range_dropped = 0;  ///< entries of shifts whose workday lies outside [from, to]
    /// Values the API document does not promise (each warned once per kind).
    uint64_t unknown_entry_types = 0;     ///< workEntryType not work/pause: reported as work
    uint64_t unknown_identity_types = 0;  ///< identityNumberType not dni/nie/rut/other
    uint64_t missing_worked_seconds = 0;  ///< taken as out - in (0 while open)
    uint64_t null_employees = 0;          ///< reported as the unknown employee
    /// Workers in the report without an identity number (null, empty or
    /// "No disponible"): each warned once, by name; a register needs it.
    uint64_t employees_without_nid = 0;
    uint64_t duplicates_dropped = 0;  ///< copies of an entry id already seen, left out
    /// Dropped copies that disagreed with the kept one on deletedAt or the
    /// clock-out (data changed while the pages were read): a deleted copy wins,
    /// then a closed one, then the later clock-out (docs/DESIGN.md, 1 Clean).
    uint64_t duplicates_conflicting = 0;
    /// Copies of an id already on the same page (in duplicates_dropped too):
    /// the server's own duplicates, which its meta.total may count. Not a
    /// change of the data (pagination cannot repeat an entry within a page).
    uint64_t page_duplicates = 0;
    uint64_t expected_total = 0;    ///< meta.total of page 1
    uint64_t distinct_entries = 0;  ///< distinct ids after de-duplication, deleted included
    bool consistent = true;         ///< distinct == expected_total and every page agreed on meta
    std::string consistency_note;  ///< what disagreed, when !consistent

    // Build
    uint64_t negative_entries = 0;  ///< clock-out before clock-in (kept, duration 0)
    uint64_t open_entries = 0;      ///< no clock-out
    uint64_t pauses_folded = 0;  ///< pauses folded into their shifts
    uint64_t pause_only_shifts_dropped = 0;  ///< shifts made of pauses only, left out
    uint64_t shifts = 0;  ///< shifts built
    uint64_t rows_written = 0;  ///< data rows, TOTAL rows excluded
    uint64_t total_rows = 0;    ///< TOTAL rows
    uint64_t spilled_runs = 0;  ///< sorted runs written to temporary files
    /// Workday figures (docs/DESIGN.md "Workday figures"), summed over the
    /// report's workdays, in seconds. presence_s is the sum of the TOTAL rows.
    int64_t presence_s = 0;      ///< "Tiempo registrado": pauses folded in
    int64_t pause_s = 0;         ///< every pause (open ones count 0)
    int64_t paid_pause_s = 0;    ///< pauses of a paid break type or "remunerated"
    int64_t unpaid_pause_s = 0;  ///< pause_s - paid_pause_s
    int64_t effective_s = 0;     ///< presence - unpaid pauses, per workday never below 0
    int64_t night_s = 0;         ///< effective time between 22:00 and 06:00 local
    uint64_t open_pauses = 0;    ///< pauses without a clock-out
    uint64_t untyped_pauses = 0;    ///< pauses without workBreakId: unpaid unless remunerated
    uint64_t paid_break_types = 0;  ///< break types resolved as paid (paid_breaks, remunerated)
    /// Payroll figures (docs/DESIGN.md "Payroll figures"), over the employees
    /// the report lists. planned_s: Sesame's secondsToWork (0 when not read).
    int64_t planned_s = 0;
    int64_t overtime_s = 0;  ///< sum of each employee's positive balance
    /// Employees whose effective time differs from Sesame's secondsWorked by
    /// more than 60 s (payroll layout), and the sum of |difference|.
    uint64_t reconciliation_differences = 0;
    int64_t reconciliation_abs_diff_s = 0;  ///< the sum of those |differences|, s
    /// Sources a report needed but could not read (403/404), e.g.
    /// "worked-night-hours (403)": their figures are missing, with a warning.
    std::vector<std::string> sources_missing;
    /// Whether the compliance checks ran (docs/DESIGN.md "Compliance
    /// checks"); a CSV of a presence layout skips them unless asked.
    bool compliance_checked = false;
    uint64_t incidents = 0;  ///< compliance incidents found
    /// Incidents per rule id (every enabled rule listed, 0 included).
    std::map<std::string, uint64_t> incidents_by_rule;
    /// Traceability (docs/DESIGN.md "Traceability and place of work"):
    /// whether the report read the entries' traces (the daily register, XLSX).
    bool traces_read = false;
    uint64_t modified_entries = 0;  ///< entries of the report marked modified
    /// Pages of the extra fetch of deleted entries (onlyReturn=deleted; an
    /// XLSX file only: its requests are in `requests` too).
    uint64_t deleted_pages = 0;
    /// Distinct deleted entries listed, in the report's range (never in any total).
    uint64_t deleted_entries = 0;

    // Output
    std::string output_path;                ///< the report's file ("" for one file per employee)
    std::vector<std::string> output_files;  ///< every file written (--split-by: one per employee)
    uint64_t bytes_written = 0;       ///< bytes in the output file
    uint64_t bytes_uncompressed = 0;  ///< for csv.gz: CSV bytes before gzip
    double compression_ratio = 0.0;   ///< uncompressed / written (csv.gz only)

    // Phases, seconds
    double plan_s = 0;    ///< page 1 and the engine choice, s
    double fetch_s = 0;   ///< pages 2..last, s
    double decode_s = 0;  ///< decoding pages (overlaps the fetch), s
    double build_s = 0;   ///< shifts and rows, s
    double write_s = 0;   ///< the writer, s
    double total_s = 0;   ///< the whole report, s

    /// The ErrorKind of a failed report. Outcome: empty for a report that was written; for a failed one (see
    /// ReportGenerator::last_metrics) the ErrorKind ("api", "data", ...) and
    /// the message.
    std::string error_kind;
    std::string error;  ///< the failed report's message (see error_kind)

    /// Retries of every cause.
    uint64_t retries() const {
        uint64_t n = 0;
        for (const auto& [k, v] : retries_by_cause)
            n += v;
        return n;
    }
    /// cache_hits / (cache_hits + cache_misses); 0 without lookups.
    double cache_hit_rate() const {
        const auto n = cache_hits + cache_misses;
        return n ? static_cast<double>(cache_hits) / static_cast<double>(n) : 0.0;
    }
    /// Over the network phases (plan and fetch): a report of one page makes
    /// its requests while planning, and its fetch phase lasts microseconds.
    double requests_per_second() const {
        const double network_s = plan_s + fetch_s;
        return network_s > 0 ? static_cast<double>(requests) / network_s : 0.0;
    }
    /// Entries decoded per second of the whole report.
    double entries_per_second() const {
        return total_s > 0 ? static_cast<double>(entries_decoded) / total_s : 0.0;
    }

    /// Stable JSON (nlohmann) with every field above plus derived rates and
    /// latency p50/p95/max in milliseconds. Never contains the token.
    std::string to_json(int indent = 2) const;
};

}  // namespace reportgen
