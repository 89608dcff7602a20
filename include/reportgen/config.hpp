#pragma once
/// \file
/// What to fetch and how (ClientConfig), and what report to make (ReportRequest).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/compliance.hpp"
#include "reportgen/time.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// The output file's format.
enum class Format {
    xlsx,    ///< an Excel workbook
    csv,     ///< RFC 4180 CSV, UTF-8
    csv_gz,  ///< CSV compressed with gzip
    /// A print-ready PDF (cairo + pango): the daily register (a page break
    /// and a signed footer per worker) and payroll (one table); other layouts
    /// are a usage error (ReportRequest::validate()).
    pdf,
};
/// What the report's rows are (README "Report types").
enum class Layout {
    by_employee,  ///< one row per shift, by employee, with a TOTAL row per workday
    by_activity,  ///< time by check type
    by_group,     ///< time by collection of check types
    daily,        ///< the daily register: one row per employee and workday
    /// one row per employee for the period, the figures payroll keys in
    /// (docs/DESIGN.md "Payroll figures")
    payroll,
    /// one row per compliance incident (docs/DESIGN.md "Compliance checks"):
    /// the XLSX "Cumplimiento" sheet's list; the checks always run
    incidents,
};
/// Which engine fetches the pages.
enum class EngineChoice {
    automatic,  ///< by volume (choose_strategy(), ClientConfig::turbo_thresholds)
    legacy,     ///< one request at a time
    turbo,      ///< many requests at once (ClientConfig::max_concurrent_requests)
};
/// The language of the report's headers and labels.
enum class Lang {
    es,  ///< Spanish
    en,  ///< English
};

/// When the automatic engine choice takes the turbo engine: a report of at
/// least `pages` pages or at least `records` entries (page 1's meta). Named
/// fields, so that the two numbers cannot be swapped:
/// StrategyThresholds{.pages = 10, .records = 5000}.
struct REPORTGEN_API StrategyThresholds {
    int pages = 3;      ///< turbo from this many pages (>= 1)
    int records = 500;  ///< turbo from this many entries (>= 1)
    /// Both thresholds equal.
    friend bool operator==(const StrategyThresholds&, const StrategyThresholds&) = default;
};

/// Connection, retry, paging and engine settings. Defaults follow docs/DESIGN.md;
/// from_env() reads the documented environment variables on top of them.
struct REPORTGEN_API ClientConfig {
    std::string base_url;        ///< wins over region when set (mock server, proxy, staging)
    std::string region = "eu1";  ///< https://api-{region}.sesametime.com
    std::string token;           ///< bearer token; never logged, printed or put in metrics

    double timeout_s = 30.0;  ///< whole request (API_TIMEOUT)
    double connect_timeout_s = 10.0;  ///< connection set-up, s
    int max_retries = 3;               ///< API_MAX_RETRIES
    double backoff_factor = 0.3;       ///< API_BACKOFF_FACTOR: base of the exponential backoff, s
    double backoff_max_s = 30.0;       ///< cap of one backoff sleep (Retry-After included)
    int page_size = 500;               ///< API_PAGE_SIZE (1..1000)
    int pool_maxsize = 20;             ///< API_POOL_MAXSIZE
    int max_concurrent_requests = 20;  ///< turbo engine's window
    StrategyThresholds turbo_thresholds;  ///< the automatic engine choice's (choose_strategy())
    /// REPORT_CHUNK_SIZE: entries (while shifts are built) and rows (while they
    /// are written) between two checks of the CancelToken. Rows reach a sink
    /// one at a time whatever its value.
    std::size_t chunk_size = 2000;
    int max_last_page = 100000;      ///< a lastPage above this is a data error, not a loop
    /// A response body larger than this (decoded) is a data error, not an
    /// unbounded allocation: a page of 1,000 fat entries is ~2 MB.
    std::size_t max_response_bytes = std::size_t{256} << 20;

    /// The company's request budget (docs/API.md: 1,000 a minute, shared by every
    /// token of the company). One limiter paces every request of a report at
    /// this many per minute (API_RATE_LIMIT; 0 = no limiter). A 429 is not a
    /// failure: the report waits (Retry-After, else a growing pause capped at
    /// 60 s) and fails only after max_wait_s spent waiting in total.
    int rate_limit_per_minute = 900;
    double max_wait_s = 600.0;  ///< --max-wait
    /// The budget's window: the API's is a minute. Shorter only for tests and
    /// benchmarks that replay the budget at the same rate in less time.
    double rate_window_s = 60.0;
    /// First pause after a 429 without Retry-After; doubles per burst, capped
    /// at 60 s (a per-minute budget is not refilled in a few hundred ms).
    double rate_pause_s = 2.0;
    /// Metadata answers (check types, breaks, collections, info) are small: a
    /// body larger than this is a data error.
    std::size_t max_metadata_bytes = std::size_t{16} << 20;
    /// Bytes of page bodies in flight or queued across the turbo window.
    std::size_t max_bytes_in_flight = std::size_t{256} << 20;
    std::string ca_bundle;             ///< --cacert (CURL_CA_BUNDLE, SSL_CERT_FILE)
    bool allow_insecure_http = false;  ///< plain http:// to a host that is not loopback

    std::chrono::seconds cache_ttl{600};  ///< how long metadata answers are reused
    std::size_t cache_capacity = 256;  ///< metadata answers kept (least recently used go first)

    /// Reads SESAME_API_TOKEN, SESAME_REGION, SESAME_BASE_URL, API_TIMEOUT,
    /// API_MAX_RETRIES, API_BACKOFF_FACTOR, API_PAGE_SIZE, API_POOL_MAXSIZE,
    /// API_RATE_LIMIT, REPORT_CHUNK_SIZE (the library's log level is set_log_level()'s,
    /// never an environment variable's). A malformed value is a
    /// usage error naming the variable.
    [[nodiscard]] static ClientConfig from_env();
    /// Applies the same variables to an existing config (used by the CLI so
    /// that flags, applied afterwards, win).
    void apply_env();
    /// Throws a usage error for out-of-range values.
    void validate() const;
    /// base_url when set, else the production URL of region; no trailing '/'.
    [[nodiscard]] std::string resolved_base_url() const;
};

/// How CSV is written.
struct REPORTGEN_API CsvOptions {
    char delimiter = ',';  ///< the field separator (not a quote, CR, LF or control character)
    bool bom = true;            ///< UTF-8 BOM so Excel opens accents right
    bool formula_guard = true;  ///< prefix ' to cells starting with = + - @ TAB CR
};

/// How XLSX is written.
struct REPORTGEN_API XlsxOptions {
    std::size_t max_rows_per_sheet = 1048576;  ///< Excel's limit, header included
    std::size_t width_sample_rows = 200;       ///< column widths from the first rows
    /// Where libxlsxwriter keeps its per-sheet temporary files in constant-memory
    /// mode (they grow with the report); empty: the system temp directory.
    std::string tmpdir;
};

/// What report to make: period, layout, format and options. Checked by validate().
struct REPORTGEN_API ReportRequest {
    /// The period, both days inclusive. Unset by default (year 0, month 0:
    /// validate() refuses it), so that a forgotten period is an error rather
    /// than 1970. set_dates() takes them as text.
    CivilDate from{0, 0, 0};
    CivilDate to{0, 0, 0};  ///< the last day (inclusive); see from
    /// One employee's report: the API's employee id (a UUID), or an identity
    /// number or employee code, looked up first (docs/DESIGN.md "Choosing one
    /// employee"); nullopt: everyone.
    std::optional<std::string> employee_id;
    Layout layout = Layout::by_employee;  ///< the rows
    Format format = Format::xlsx;  ///< the file's format
    Lang lang = Lang::es;  ///< headers and labels
    EngineChoice engine = EngineChoice::automatic;  ///< the fetch engine
    std::chrono::seconds shift_gap{6 * 3600};  ///< a pause longer than this between entries starts a new shift
    CsvOptions csv;  ///< for Format::csv and csv_gz
    XlsxOptions xlsx;  ///< for Format::xlsx
    int gzip_level = 6;  ///< for Format::csv_gz, 0..9
    /// In-memory budget of the entry and row stores; past it sorted runs spill
    /// to temporary files in spill_dir (empty: the system temp dir).
    std::size_t memory_budget_bytes = 24u << 20;
    std::string spill_dir;  ///< where spilled runs go; empty: the system temp dir
    /// When the data changed while the report ran (the consistency check:
    /// a page's meta differs from page 1's, or the distinct entries differ
    /// from meta.total), fail with a data error and write nothing instead of
    /// writing the report with a warning. For jobs whose exit code is read
    /// by a machine (cron, CI). With a RowSink, the rows it already received
    /// are not followed by finish().
    bool strict = false;
    /// A period with no rows fails with a data error and writes nothing
    /// (generate() to a path), for jobs where an empty report means trouble.
    bool fail_empty = false;
    /// Break types whose pauses count as work (paid breaks): names (trimmed,
    /// case-insensitive) or ids of the company's work-breaks. Default none:
    /// every pause is unpaid unless its break type says "remunerated": true.
    /// A name or id that matches no break type of the company is a usage
    /// error listing the company's break types, raised before the pages
    /// are fetched (docs/DESIGN.md "Workday figures").
    std::vector<std::string> paid_breaks;
    /// Check types whose entries count as remote work when their clock-in
    /// has no coordinates (or the company lists no office): names, trimmed,
    /// ASCII case-insensitive. Empty (the default): any check type whose
    /// name contains "teletrabajo" or "remote" (docs/DESIGN.md "Place of work").
    std::vector<std::string> remote_check_types;
    /// Once the pages are fetched, before the rows are built, give the heap
    /// memory freed by the fetch (the page bodies) back to the system:
    /// glibc's malloc_trim(0), a few milliseconds. It acts on the whole
    /// process (every thread's heap), so it is off for library users; the
    /// reportgen CLI and its batches turn it on. No-op without glibc.
    bool release_memory_after_fetch = false;
    /// The compliance checks' limits (docs/DESIGN.md "Compliance checks"):
    /// the legal defaults unless changed; checked on every report that shows
    /// incidents (XLSX, the daily register, payroll), or always when asked.
    ComplianceLimits compliance;

    /// Sets from and to from "YYYY-MM-DD" text; a usage error naming which
    /// of the two is not a date. Returns *this.
    ReportRequest& set_dates(std::string_view from_text, std::string_view to_text);

    void validate() const;  ///< usage error: unset or bad dates, from > to, bad options
};

/// "xlsx", "csv", "csv.gz", "pdf"
[[nodiscard]] REPORTGEN_API std::string_view to_string(Format f) noexcept;
/// The layout's name, as --type takes it ("by_employee", ...).
[[nodiscard]] REPORTGEN_API std::string_view to_string(Layout l) noexcept;
/// "auto", "legacy", "turbo"
[[nodiscard]] REPORTGEN_API std::string_view to_string(EngineChoice e) noexcept;
/// "es", "en"
[[nodiscard]] REPORTGEN_API std::string_view to_string(Lang l) noexcept;
/// The Format named `s` (to_string()'s names; also "csv_gz"); nullopt for any other.
[[nodiscard]] REPORTGEN_API std::optional<Format> parse_format(std::string_view s) noexcept;
/// The Layout named `s`; nullopt for any other.
[[nodiscard]] REPORTGEN_API std::optional<Layout> parse_layout(std::string_view s) noexcept;
/// The EngineChoice named `s`; nullopt for any other.
[[nodiscard]] REPORTGEN_API std::optional<EngineChoice> parse_engine(std::string_view s) noexcept;
/// The Lang named `s`; nullopt for any other.
[[nodiscard]] REPORTGEN_API std::optional<Lang> parse_lang(std::string_view s) noexcept;
/// "csv", "csv.gz", "xlsx", "pdf"
[[nodiscard]] REPORTGEN_API std::string_view file_extension(Format f) noexcept;

/// The format a file name's extension says: .xlsx, .csv, .csv.gz, .pdf (any case).
[[nodiscard]] REPORTGEN_API std::optional<Format> format_of_name(std::string_view path) noexcept;
/// The one rule for the format of an output (the single report's --format and
/// -o, a batch company's format and output): `format` when given, else the
/// extension of `output`, else CSV for stdout ("-") and XLSX for any other.
/// A usage error for an unknown format, or one the extension contradicts (a
/// CSV named .xlsx is a broken workbook); `label` names the format setting
/// in it ("--format", "format").
[[nodiscard]] REPORTGEN_API Format output_format(std::string_view format, std::string_view output, std::string_view label);

/// The years a report may cover. The API's data starts well after 1970, and
/// a query reaches a day past the period's end: a year of five digits
/// would not be a date the API reads.
inline constexpr int kFirstReportYear = 1970;
/// The last year a report may cover (see kFirstReportYear).
inline constexpr int kLastReportYear = 9998;
/// A usage error, starting with `what` ("from 0000-01-01"), for a year
/// outside kFirstReportYear..kLastReportYear.
REPORTGEN_API void check_report_year(int year, std::string_view what);

}  // namespace reportgen
