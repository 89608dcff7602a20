#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reportgen/metrics.hpp"

using namespace reportgen;

TEST_CASE("Metrics::to_json parses back with every field and the derived ones", "[metrics]") {
    Metrics m;
    m.strategy = "turbo";
    m.strategy_reason = "auto: 12 pages >= 3";
    m.pages_expected = 12;
    m.pages_fetched = 12;
    m.requests = 15;
    m.bytes_received = 123456;
    m.latency.record(0.010);
    m.latency.record(0.020);
    m.latency.record(0.200);
    m.retries_by_cause["5xx"] = 2;
    m.retries_by_cause["429"] = 1;
    m.http_429 = 1;
    m.max_in_flight = 20;
    m.final_window = 10;
    m.cache_hits = 3;
    m.cache_misses = 1;
    m.entries_decoded = 6000;
    m.fetch_s = 1.5;
    m.total_s = 2.0;
    m.consistency_note = "bad \xFF byte";  // invalid UTF-8 must not make to_json throw

    const auto j = nlohmann::json::parse(m.to_json());
    for (const char* key : {"strategy",
                            "strategy_reason",
                            "fallback_used",
                            "fallback_reason",
                            "fallback_pages",
                            "pages_expected",
                            "pages_fetched",
                            "requests",
                            "bytes_received",
                            "retries_by_cause",
                            "retries",
                            "requests_by_endpoint",
                            "planned_s",
                            "overtime_s",
                            "reconciliation_differences",
                            "sources_missing",
                            "http_429",
                            "retry_sleep_s",
                            "max_in_flight",
                            "final_window",
                            "latency_ms",
                            "cache_hits",
                            "cache_misses",
                            "cache_evictions",
                            "cache_hit_rate",
                            "entries_decoded",
                            "deleted_dropped",
                            "duplicates_dropped",
                            "duplicates_conflicting",
                            "page_duplicates",
                            "expected_total",
                            "distinct_entries",
                            "consistent",
                            "consistency_note",
                            "negative_entries",
                            "open_entries",
                            "pauses_folded",
                            "pause_only_shifts_dropped",
                            "shifts",
                            "rows_written",
                            "total_rows",
                            "spilled_runs",
                            "output_path",
                            "bytes_written",
                            "bytes_uncompressed",
                            "compression_ratio",
                            "plan_s",
                            "fetch_s",
                            "decode_s",
                            "build_s",
                            "write_s",
                            "total_s",
                            "requests_per_second",
                            "entries_per_second"}) {
        INFO(key);
        CHECK(j.contains(key));
    }
    CHECK(j["strategy"] == "turbo");
    CHECK(j["requests"] == 15);
    CHECK(j["retries"] == 3);
    CHECK(j["retries_by_cause"]["5xx"] == 2);
    CHECK(j["cache_hit_rate"].get<double>() == Approx(0.75));
    CHECK(j["requests_per_second"].get<double>() == Approx(10.0));
    // A one-page report (legacy): its requests were made while planning; the
    // fetch phase had nothing left and lasted microseconds.
    Metrics one;
    one.requests = 5;
    one.plan_s = 0.05;
    one.fetch_s = 2e-6;
    CHECK(nlohmann::json::parse(one.to_json())["requests_per_second"].get<double>() ==
          Approx(5 / 0.050002));
    CHECK(j["entries_per_second"].get<double>() == Approx(3000.0));
    const auto& lat = j["latency_ms"];
    CHECK(lat["count"] == 3);
    CHECK(lat["max"].get<double>() == Approx(200.0));
    CHECK(lat["p50"].get<double>() == Approx(20.0).epsilon(0.1));
    CHECK(lat["p95"].get<double>() == Approx(200.0).epsilon(0.1));
    CHECK(lat["mean"].get<double>() == Approx(76.667).epsilon(0.01));

    // Compact form parses too, and an empty Metrics is valid JSON.
    CHECK_NOTHROW(nlohmann::json::parse(m.to_json(-1)));
    CHECK(nlohmann::json::parse(Metrics{}.to_json())["retries_by_cause"].is_object());
}
