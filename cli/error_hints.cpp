#include "error_hints.hpp"

#include <array>
#include <utility>

namespace reportgen::cli {
namespace {

// One row per library subject the CLI feeds (cli/options.cpp).
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kHints{{
    {"ClientConfig::token", "check --token-file / SESAME_API_TOKEN (--env-file)"},
    {"ClientConfig::base_url", "check --base-url / SESAME_BASE_URL, --region / SESAME_REGION"},
    {"ClientConfig::allow_insecure_http", "use https:// in --base-url, or --allow-insecure-http"},
    {"ClientConfig::ca_bundle", "check --cacert / CURL_CA_BUNDLE / SSL_CERT_FILE"},
    {"ClientConfig::region", "check --region / SESAME_REGION"},
    {"ClientConfig::timeout_s", "check --timeout / API_TIMEOUT"},
    {"ClientConfig::max_retries", "check --retries / API_MAX_RETRIES"},
    {"ClientConfig::page_size", "check --page-size / API_PAGE_SIZE"},
    {"ClientConfig::max_concurrent_requests", "check --concurrency"},
    {"ClientConfig::rate_limit_per_minute", "check --rate-limit / API_RATE_LIMIT"},
    {"ClientConfig::max_wait_s", "lower --rate-limit (API_RATE_LIMIT) or raise --max-wait"},
    {"ReportRequest::from", "check --from"},
    {"ReportRequest::to", "check --to"},
    {"ReportRequest::employee_id", "check --employee"},
    {"ReportRequest::layout", "check --type"},
    {"ReportRequest::csv", "check --csv-delimiter"},
    {"ReportRequest::fail_empty", "--fail-empty made this an error"},
    {"ReportRequest::compliance.limits", "check --limit (RULE=DURATION)"},
    {"ReportRequest::compliance.off", "check --no-check"},
    {"period", "check --month (YYYY-MM)"},
    {"time zone", "check --tz / REPORT_TZ"},
    {"output path", "check -o (one file per employee: --split-by employee)"},
}};

}  // namespace

std::string_view hint_for(std::string_view subject) noexcept {
    for (const auto& [s, hint] : kHints)
        if (s == subject) return hint;
    return {};
}

std::string message_with_hint(const Error& e) {
    std::string m = e.what();
    const std::string_view hint = hint_for(e.subject());
    if (!hint.empty()) m.append("; ").append(hint);
    return m;
}

}  // namespace reportgen::cli
