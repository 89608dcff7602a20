#include <nlohmann/json.hpp>

#include "reportgen/metrics.hpp"

namespace reportgen {

// Key names are the field names (snake_case) and are part of the tool's
// interface (--metrics-json files are read by scripts): add keys, never
// rename them. Metrics holds no token, so nothing here needs redaction.
std::string Metrics::to_json(int indent) const {
    using nlohmann::json;
    json j;
    // Plan
    j["strategy"] = strategy;
    j["strategy_reason"] = strategy_reason;
    j["company_name"] = company_name;
    j["query_from"] = query_from;
    j["query_to"] = query_to;
    j["fallback_used"] = fallback_used;
    j["fallback_reason"] = fallback_reason;
    j["fallback_pages"] = fallback_pages;
    // Network
    j["pages_expected"] = pages_expected;
    j["pages_fetched"] = pages_fetched;
    j["requests"] = requests;
    j["bytes_received"] = bytes_received;
    j["retries_by_cause"] = json::object();
    for (const auto& [cause, n] : retries_by_cause)
        j["retries_by_cause"][cause] = n;
    j["retries"] = retries();
    j["http_429"] = http_429;
    j["retry_sleep_s"] = retry_sleep_s;
    j["rate_wait_s"] = rate_wait_s;
    j["requests_per_minute"] = requests_per_minute;
    j["rate_limit"] = rate_limit;
    j["requests_by_endpoint"] = json::object();
    for (const auto& [endpoint, n] : requests_by_endpoint)
        j["requests_by_endpoint"][endpoint] = n;
    j["max_in_flight"] = max_in_flight;
    j["final_window"] = final_window;
    j["latency_ms"] = {
        {"p50", latency.percentile(0.50) * 1000.0},
        {"p95", latency.percentile(0.95) * 1000.0},
        {"max", latency.max() * 1000.0},
        {"mean", latency.mean() * 1000.0},
        {"count", latency.count()},
    };
    // Cache
    j["cache_hits"] = cache_hits;
    j["cache_misses"] = cache_misses;
    j["cache_evictions"] = cache_evictions;
    j["cache_hit_rate"] = cache_hit_rate();
    // Decode and data
    j["entries_decoded"] = entries_decoded;
    j["deleted_dropped"] = deleted_dropped;
    j["outside_range_dropped"] = outside_range_dropped;
    j["unknown_entry_types"] = unknown_entry_types;
    j["unknown_identity_types"] = unknown_identity_types;
    j["missing_worked_seconds"] = missing_worked_seconds;
    j["null_employees"] = null_employees;
    j["employees_without_nid"] = employees_without_nid;
    j["duplicates_dropped"] = duplicates_dropped;
    j["duplicates_conflicting"] = duplicates_conflicting;
    j["page_duplicates"] = page_duplicates;
    j["expected_total"] = expected_total;
    j["distinct_entries"] = distinct_entries;
    j["consistent"] = consistent;
    j["consistency_note"] = consistency_note;
    // Build
    j["negative_entries"] = negative_entries;
    j["open_entries"] = open_entries;
    j["pauses_folded"] = pauses_folded;
    j["pause_only_shifts_dropped"] = pause_only_shifts_dropped;
    j["shifts"] = shifts;
    j["rows_written"] = rows_written;
    j["total_rows"] = total_rows;
    j["spilled_runs"] = spilled_runs;
    // Workday figures
    j["presence_s"] = presence_s;
    j["pause_s"] = pause_s;
    j["paid_pause_s"] = paid_pause_s;
    j["unpaid_pause_s"] = unpaid_pause_s;
    j["effective_s"] = effective_s;
    j["night_s"] = night_s;
    j["open_pauses"] = open_pauses;
    j["untyped_pauses"] = untyped_pauses;
    j["paid_break_types"] = paid_break_types;
    // Payroll figures
    j["planned_s"] = planned_s;
    j["overtime_s"] = overtime_s;
    j["reconciliation_differences"] = reconciliation_differences;
    j["reconciliation_abs_diff_s"] = reconciliation_abs_diff_s;
    j["sources_missing"] = sources_missing;
    // Compliance checks
    j["compliance_checked"] = compliance_checked;
    j["incidents"] = incidents;
    j["incidents_by_rule"] = json::object();
    for (const auto& [rule, n] : incidents_by_rule)
        j["incidents_by_rule"][rule] = n;
    // Traceability
    j["traces_read"] = traces_read;
    j["modified_entries"] = modified_entries;
    j["deleted_pages"] = deleted_pages;
    j["deleted_entries"] = deleted_entries;
    // Output
    j["output_path"] = output_path;
    j["output_files"] = output_files;
    j["bytes_written"] = bytes_written;
    j["bytes_uncompressed"] = bytes_uncompressed;
    j["compression_ratio"] = compression_ratio;
    // Phases and rates
    j["plan_s"] = plan_s;
    j["fetch_s"] = fetch_s;
    j["decode_s"] = decode_s;
    j["build_s"] = build_s;
    j["write_s"] = write_s;
    j["total_s"] = total_s;
    j["requests_per_second"] = requests_per_second();
    j["entries_per_second"] = entries_per_second();
    // Outcome
    j["ok"] = error.empty();
    j["error_kind"] = error_kind;
    j["error"] = error;
    // Strings come from the API (names in notes, paths): replace invalid UTF-8
    // rather than throw while reporting.
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace reportgen
