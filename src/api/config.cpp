#include "reportgen/config.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "reportgen/error.hpp"
#include "reportgen/time.hpp"
#include "reportgen/token.hpp"
#include "api/transport.hpp"

namespace reportgen {
namespace {

bool report_year(int year) {
    return year >= kFirstReportYear && year <= kLastReportYear;
}

std::string year_outside(std::string_view what) {
    return std::string(what) + ": the year is outside " + std::to_string(kFirstReportYear) +
           ".." + std::to_string(kLastReportYear);
}

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return (v && *v) ? v : nullptr;
}

long env_long(const char* name, long current, long lo, long hi) {
    const char* v = env(name);
    if (!v) return current;
    errno = 0;
    char* end = nullptr;
    const long x = std::strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || x < lo || x > hi)
        throw usage_error(std::string("environment variable ") + name + "='" + v +
                          "': expected a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
    return x;
}

double env_double(const char* name, double current, double lo, double hi) {
    const char* v = env(name);
    if (!v) return current;
    errno = 0;
    char* end = nullptr;
    const double x = std::strtod(v, &end);
    if (errno || end == v || *end != '\0' || !(x >= lo && x <= hi))
        throw usage_error(std::string("environment variable ") + name + "='" + v +
                          "': expected a number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
    return x;
}

// The host of an http(s) URL: no userinfo, no port, IPv6 without brackets.
std::string url_host(std::string_view url) {
    url.remove_prefix(std::min(url.size(), url.find("://") + 3));
    url = url.substr(0, url.find_first_of("/?#"));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
    if (!url.empty() && url.front() == '[') return std::string(url.substr(1, url.find(']') - 1));
    return std::string(url.substr(0, url.find(':')));
}

// localhost, 127.0.0.0/8, ::1 (and 127.x mapped into IPv6): traffic that
// never leaves the machine.
bool is_loopback_host(const std::string& host) {
    std::string lower;
    for (const char ch : host)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    if (lower == "localhost" || lower == "localhost.") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
    return false;
}

}  // namespace

namespace detail {
bool is_plain_http_loopback(std::string_view url) {
    return url.rfind("http://", 0) == 0 && is_loopback_host(url_host(url));
}
}  // namespace detail

void ClientConfig::apply_env() {
    if (const char* v = env("SESAME_API_TOKEN")) {
        // from_env() reads variables by definition: its errors name the one read.
        check_token(v, "SESAME_API_TOKEN");
        token = v;
    }
    if (const char* v = env("SESAME_REGION")) region = v;
    if (const char* v = env("SESAME_BASE_URL")) base_url = v;
    timeout_s = env_double("API_TIMEOUT", timeout_s, 0.1, 3600);
    max_retries = static_cast<int>(env_long("API_MAX_RETRIES", max_retries, 0, 20));
    backoff_factor = env_double("API_BACKOFF_FACTOR", backoff_factor, 0, 60);
    page_size = static_cast<int>(env_long("API_PAGE_SIZE", page_size, 1, 1000));
    pool_maxsize = static_cast<int>(env_long("API_POOL_MAXSIZE", pool_maxsize, 1, 256));
    rate_limit_per_minute =
        static_cast<int>(env_long("API_RATE_LIMIT", rate_limit_per_minute, 0, 1000000));
    chunk_size = static_cast<std::size_t>(
        env_long("REPORT_CHUNK_SIZE", static_cast<long>(chunk_size), 1, 1000000));
    // The CA bundle the curl tool reads from the environment (libcurl does not).
    if (const char* v = env("SSL_CERT_FILE")) ca_bundle = v;
    if (const char* v = env("CURL_CA_BUNDLE")) ca_bundle = v;
}

ClientConfig ClientConfig::from_env() {
    ClientConfig c;
    c.apply_env();
    return c;
}

void ClientConfig::validate() const {
    auto bad = [](const std::string& m, const char* field) {
        throw usage_error(m, std::string("ClientConfig::") + field);
    };
    if (!token.empty()) {  // whatever set it
        try {
            check_token(token, "ClientConfig::token");
        } catch (const Error& e) {
            throw usage_error(e.what(), "ClientConfig::token");
        }
    }
    if (base_url.empty() && region.empty()) bad("no base URL and no region", "base_url");
    if (!base_url.empty() && base_url.rfind("http://", 0) != 0 &&
        base_url.rfind("https://", 0) != 0)
        bad("base URL must start with http:// or https://", "base_url");
    // The bearer token goes with every request: in clear only to this machine.
    if (base_url.rfind("http://", 0) == 0 && !allow_insecure_http &&
        !is_loopback_host(url_host(base_url)))
        bad("base URL is plain http:// to '" + url_host(base_url) +
            "', which is not loopback: the token would cross the network unencrypted; use "
            "https://, or set allow_insecure_http if you must",
            "allow_insecure_http");
    if (!ca_bundle.empty() && ::access(ca_bundle.c_str(), R_OK) != 0)
        bad("CA bundle '" + ca_bundle + "' cannot be read", "ca_bundle");
    for (char ch : region)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'))
            bad("region '" + region + "' may hold only letters, digits and '-'", "region");
    if (!(timeout_s > 0)) bad("timeout must be > 0 seconds", "timeout_s");
    if (max_retries < 0 || max_retries > 20) bad("retries must be from 0 to 20", "max_retries");
    if (backoff_factor < 0) bad("backoff factor must be >= 0", "backoff_factor");
    if (page_size < 1 || page_size > 1000) bad("page size must be from 1 to 1000", "page_size");
    if (max_concurrent_requests < 1 || max_concurrent_requests > 256)
        bad("concurrency must be from 1 to 256", "max_concurrent_requests");
    if (turbo_thresholds.pages < 1 || turbo_thresholds.records < 1)
        bad("turbo thresholds must be >= 1", "turbo_thresholds");
    if (chunk_size < 1) bad("chunk size must be >= 1", "chunk_size");
    if (rate_limit_per_minute < 0 || rate_limit_per_minute > 1000000)
        bad("rate limit must be from 0 (off) to 1000000 requests per minute", "rate_limit_per_minute");
    if (!(max_wait_s >= 0 && max_wait_s <= 86400)) bad("max wait must be from 0 to 86400 seconds", "max_wait_s");
    if (!(rate_window_s > 0 && rate_window_s <= 3600))
        bad("rate window must be from 0 to 3600 seconds", "rate_window_s");
    if (!(rate_pause_s >= 0 && rate_pause_s <= 60)) bad("rate pause must be from 0 to 60 seconds", "rate_pause_s");
    if (max_response_bytes < 1024) bad("max response size must be >= 1024 bytes", "max_response_bytes");
    if (max_metadata_bytes < 1024) bad("max metadata response size must be >= 1024 bytes", "max_metadata_bytes");
    if (max_bytes_in_flight < 1024) bad("max bytes in flight must be >= 1024 bytes", "max_bytes_in_flight");
}

std::string ClientConfig::resolved_base_url() const {
    std::string u = base_url.empty() ? "https://api-" + region + ".sesametime.com" : base_url;
    while (!u.empty() && u.back() == '/')
        u.pop_back();
    return u;
}

namespace {

// The library names its own fields ("from"); the CLI checks its flags first
// and names them (--from).
void check_request_date(CivilDate d, std::string_view name) {
    const std::string subject = "ReportRequest::" + std::string(name);
    if (d == CivilDate{0, 0, 0})
        throw usage_error(std::string(name) + " is not set (a CivilDate, or ReportRequest::set_dates)",
                          subject);
    if (!is_valid_date(d))
        throw usage_error(std::string(name) + " " + format_iso_date(d) + " is not a date", subject);
    if (!report_year(d.year))
        throw usage_error(year_outside(std::string(name) + " " + format_iso_date(d)), subject);
}

CivilDate request_date(std::string_view text, std::string_view name) {
    const auto d = parse_iso_date(text);
    if (!d)
        throw usage_error(std::string(name) + " '" + std::string(text) +
                              "' is not a date (expected YYYY-MM-DD)",
                          "ReportRequest::" + std::string(name));
    return *d;
}

}  // namespace

ReportRequest& ReportRequest::set_dates(std::string_view from_text, std::string_view to_text) {
    const CivilDate f = request_date(from_text, "from");
    to = request_date(to_text, "to");
    from = f;
    return *this;
}

void ReportRequest::validate() const {
    // The words are the request's: a host program never typed a flag.
    auto bad = [](const std::string& m, const char* field) {
        throw usage_error(m, std::string("ReportRequest::") + field);
    };
    check_request_date(from, "from");
    check_request_date(to, "to");
    if (from > to)
        bad("from " + format_iso_date(from) + " is after to " + format_iso_date(to), "from");
    if (employee_id && employee_id->empty()) bad("employee_id is empty", "employee_id");
    if (shift_gap.count() <= 0) bad("shift gap must be > 0", "shift_gap");
    if (gzip_level < 0 || gzip_level > 9) bad("gzip level must be from 0 to 9", "gzip_level");
    if (csv.delimiter == '"' || csv.delimiter == '\r' || csv.delimiter == '\n')
        bad("CSV delimiter cannot be a quote or a line end", "csv");
    if (xlsx.max_rows_per_sheet < 2) bad("XLSX rows per sheet must be >= 2", "xlsx");
    if (memory_budget_bytes < (1u << 20)) bad("memory budget must be >= 1 MiB", "memory_budget_bytes");
    // A PDF is a printed document: the register (one worker per page run)
    // and the payroll table; the other layouts are spreadsheets' work.
    if (format == Format::pdf && layout != Layout::daily && layout != Layout::payroll)
        bad("format pdf is for the daily register and payroll (type " +
                std::string(to_string(layout)) + " is not: choose xlsx or csv)",
            "format");
    compliance.validate();
}

std::string_view to_string(Format f) noexcept {
    switch (f) {
        case Format::xlsx:
            return "xlsx";
        case Format::csv:
            return "csv";
        case Format::csv_gz:
            return "csv.gz";
        case Format::pdf:
            return "pdf";
    }
    return "?";
}
std::string_view file_extension(Format f) noexcept {
    return to_string(f);
}
std::string_view to_string(Layout l) noexcept {
    switch (l) {
        case Layout::by_employee:
            return "by_employee";
        case Layout::by_activity:
            return "by_activity";
        case Layout::by_group:
            return "by_group";
        case Layout::daily:
            return "daily";
        case Layout::payroll:
            return "payroll";
        case Layout::incidents:
            return "incidents";
    }
    return "?";
}
std::string_view to_string(EngineChoice e) noexcept {
    switch (e) {
        case EngineChoice::automatic:
            return "auto";
        case EngineChoice::legacy:
            return "legacy";
        case EngineChoice::turbo:
            return "turbo";
    }
    return "?";
}
std::string_view to_string(Lang l) noexcept {
    return l == Lang::es ? "es" : "en";
}

std::optional<Format> parse_format(std::string_view s) noexcept {
    if (s == "xlsx") return Format::xlsx;
    if (s == "csv") return Format::csv;
    if (s == "csv.gz" || s == "csv_gz") return Format::csv_gz;
    if (s == "pdf") return Format::pdf;
    return std::nullopt;
}
std::optional<Format> format_of_name(std::string_view path) noexcept {
    auto ends = [path](std::string_view ext) {
        if (path.size() < ext.size()) return false;
        const std::string_view tail = path.substr(path.size() - ext.size());
        for (std::size_t i = 0; i < ext.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(tail[i])) != ext[i]) return false;
        return true;
    };
    if (ends(".csv.gz")) return Format::csv_gz;
    if (ends(".csv")) return Format::csv;
    if (ends(".xlsx")) return Format::xlsx;
    if (ends(".pdf")) return Format::pdf;
    return std::nullopt;
}

Format output_format(std::string_view format, std::string_view output, std::string_view label) {
    // (A Format and a flag, not an optional: GCC 12 warns falsely on the latter here.)
    const auto by_name = output == "-" ? std::nullopt : format_of_name(output);
    const bool named = by_name.has_value();
    const Format name_says = by_name.value_or(Format::xlsx);
    if (format.empty()) return output == "-" ? Format::csv : name_says;
    const std::string what(label);
    const auto asked = parse_format(format);
    if (!asked)
        throw usage_error(what + " '" + std::string(format) + "' is not one of xlsx, csv, csv.gz, pdf");
    if (named && name_says != *asked)
        throw usage_error(what + " " + std::string(format) + " does not match the output name '" +
                          std::string(output) + "' (" + std::string(to_string(name_says)) +
                          "); rename the output or drop " + what);
    return *asked;
}

void check_report_year(int year, std::string_view what) {
    if (!report_year(year)) throw usage_error(year_outside(what));
}

std::optional<Layout> parse_layout(std::string_view s) noexcept {
    if (s == "by_employee") return Layout::by_employee;
    if (s == "by_activity") return Layout::by_activity;
    if (s == "by_group") return Layout::by_group;
    if (s == "daily") return Layout::daily;
    if (s == "payroll") return Layout::payroll;
    if (s == "incidents") return Layout::incidents;
    return std::nullopt;
}
std::optional<EngineChoice> parse_engine(std::string_view s) noexcept {
    if (s == "auto") return EngineChoice::automatic;
    if (s == "legacy") return EngineChoice::legacy;
    if (s == "turbo") return EngineChoice::turbo;
    return std::nullopt;
}
std::optional<Lang> parse_lang(std::string_view s) noexcept {
    if (s == "es") return Lang::es;
    if (s == "en") return Lang::en;
    return std::nullopt;
}

}  // namespace reportgen
