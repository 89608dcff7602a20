#include "reportgen/generator.hpp"

#include "common/log.hpp"

#include <cctype>
#include <chrono>
#include <future>
#include <mutex>

#include "engine/page_collector.hpp"
#include "reportgen/cache.hpp"
#include "reportgen/client.hpp"
#include "reportgen/decoder.hpp"
#include "reportgen/engines.hpp"
#include "reportgen/error.hpp"
#include "reportgen/report.hpp"
#include "sink/report_output.hpp"

namespace reportgen {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

constexpr int kMetadataPageSize = 100;

// Network fields of a Metrics filled on another thread, added to `into`.
void add_network_metrics(Metrics& into, const Metrics& from) {
    into.requests += from.requests;
    into.bytes_received += from.bytes_received;
    into.latency.merge(from.latency);
    for (const auto& [cause, n] : from.retries_by_cause)
        into.retries_by_cause[cause] += n;
    into.http_429 += from.http_429;
    into.retry_sleep_s += from.retry_sleep_s;
}
constexpr int kMaxMetadataPages = 1000;

// ReportRequest::strict: data that changed during the run fails the report.
void fail_if_strict(const ReportRequest& req, const Metrics& m) {
    if (req.strict && !m.consistent)
        throw data_error("the data changed while the report ran (" + m.consistency_note +
                         "); strict mode: the report was not written");
}

}  // namespace

StrategyDecision choose_strategy(const ClientConfig& cfg, EngineChoice requested,
                                 const PageMeta& page1) {
    const int64_t pages = std::max<int64_t>(page1.last_page, 1);
    if (requested == EngineChoice::legacy) return {EngineChoice::legacy, "forced: --engine legacy"};
    if (requested == EngineChoice::turbo) return {EngineChoice::turbo, "forced: --engine turbo"};
    if (pages >= cfg.turbo_threshold_pages)
        return {EngineChoice::turbo, "auto: " + std::to_string(pages) +
                                         " pages >= " + std::to_string(cfg.turbo_threshold_pages)};
    if (page1.total >= cfg.turbo_threshold_records)
        return {EngineChoice::turbo, "auto: " + std::to_string(page1.total) + " records >= " +
                                         std::to_string(cfg.turbo_threshold_records)};
    return {EngineChoice::legacy, "auto: " + std::to_string(pages) + " pages < " +
                                      std::to_string(cfg.turbo_threshold_pages) + " and " +
                                      std::to_string(page1.total) + " records < " +
                                      std::to_string(cfg.turbo_threshold_records)};
}

std::string default_output_name(const ReportRequest& r) {
    return std::string(to_string(r.layout)) + "_" + r.from + "_" + r.to + "." +
           std::string(file_extension(r.format));
}

struct ReportGenerator::Impl {
    ClientConfig cfg;
    // Metadata response bodies by path: shared by both engines' reports and
    // across the reports of this generator.
    LruTtlCache<std::string, std::string> cache;
    mutable std::mutex info_mu;
    GenerationInfo info;

    explicit Impl(ClientConfig c)
        : cfg(std::move(c)),
          cache(cfg.cache_capacity,
                std::chrono::duration_cast<LruTtlCache<std::string, std::string>::Duration>(
                    cfg.cache_ttl)) {}

    std::string cached_get(HttpClient& http, const std::string& path, const std::string& what,
                           Metrics* m, const CancelToken* cancel) {
        const std::string key = cfg.resolved_base_url() + path;
        if (auto hit = cache.get(key)) return std::move(*hit);
        std::string body = http.get(path, what, m, cancel);
        cache.put(key, body);
        return body;
    }

    template <class T, class DecodeFn>
    void all_pages(HttpClient& http, std::string_view endpoint, std::string_view name,
                   std::vector<T>& out, DecodeFn decode, Metrics* m, const CancelToken* cancel) {
        for (int page = 1;; ++page) {
            const std::string what = std::string(name) + " page " + std::to_string(page);
            const std::string body =
                cached_get(http, list_path(endpoint, kMetadataPageSize, page), what, m, cancel);
            const std::size_t before = out.size();
            const PageMeta meta = decode(body, what, out);
            if (meta.last_page > kMaxMetadataPages)
                throw data_error(what + ": meta.lastPage " + std::to_string(meta.last_page) +
                                 " is beyond any sane number of pages");
            if (page >= meta.last_page) break;
            if (out.size() == before)
                throw data_error(what + ": empty data before lastPage " +
                                 std::to_string(meta.last_page));
        }
    }

    // Runs fn(HttpClient&, Metrics&) on its own thread with its own client;
    // the future gives the value and that thread's network metrics.
    template <class Fn>
    auto on_own_thread(Fn fn) {
        return std::async(std::launch::async, [this, fn = std::move(fn)] {
            HttpClient http(cfg);
            Metrics local;
            auto value = fn(http, local);
            return std::make_pair(std::move(value), std::move(local));
        });
    }

    // Check types, work breaks and collections are independent, and so are
    // the collections' details: fetched side by side, the metadata cost two
    // round trips instead of one per request.
    ReferenceData reference(Metrics& m, const CancelToken* cancel) {
        auto list = [this, cancel](std::string_view endpoint, std::string_view name, auto decode,
                                   auto empty) {
            return on_own_thread([=, this](HttpClient& http, Metrics& local) {
                auto out = empty;
                all_pages(http, endpoint, name, out, decode, &local, cancel);
                return out;
            });
        };
        auto check_types = list("/schedule/v1/check-types", "check-types", decode_check_types,
                                std::vector<CheckType>{});
        auto work_breaks = list("/schedule/v1/work-breaks", "work-breaks", decode_work_breaks,
                                std::vector<WorkBreak>{});
        auto collections = list("/schedule/v1/check-type-collections", "check-type-collections",
                                decode_collections, std::vector<Collection>{});
        ReferenceData ref;
        auto take = [&m](auto&& result) {
            add_network_metrics(m, result.second);
            return std::move(result.first);
        };
        ref.collections = take(collections.get());
        constexpr std::size_t kBatch = 8;  // threads at once for the details
        for (std::size_t first = 0; first < ref.collections.size(); first += kBatch) {
            std::vector<std::future<std::pair<std::vector<std::string>, Metrics>>> details;
            const std::size_t last = std::min(ref.collections.size(), first + kBatch);
            for (std::size_t i = first; i < last; ++i) {
                details.push_back(on_own_thread(
                    [this, cancel, id = ref.collections[i].id](HttpClient& http, Metrics& local) {
                        const std::string what = "check-type-collection " + id;
                        const std::string path =
                            "/schedule/v1/check-type-collections/" + percent_encode(id);
                        return decode_collection_check_types(
                            cached_get(http, path, what, &local, cancel), what);
                    }));
            }
            for (std::size_t i = first; i < last; ++i)
                ref.collections[i].check_type_ids = take(details[i - first].get());
        }
        ref.check_types = take(check_types.get());
        ref.work_breaks = take(work_breaks.get());
        return ref;
    }

    // Fills `result` as it goes, so that a report that throws still leaves
    // what it measured.
    void run(const ReportRequest& req, RowSink* user_sink, detail::ReportOutput* output,
             const ProgressFn& progress, const CancelToken* cancel, ReportResult& result);

    // Runs one report (fn fills `result`) and keeps its metrics for
    // last_metrics(), with the error when it throws (then rethrown).
    template <class Fn>
    void recorded(ReportResult& result, Fn&& fn) {
        const auto t0 = Clock::now();
        auto keep = [&](std::string_view kind, const char* what) {
            Metrics& m = result.metrics;
            m.error_kind = std::string(kind);
            m.error = what;  // library messages never hold the token
            if (m.total_s == 0) m.total_s = since(t0);
            std::lock_guard lock(info_mu);
            last = m;
        };
        try {
            fn();
        } catch (const Error& e) {
            keep(to_string(e.kind()), e.what());
            throw;
        } catch (const std::exception& e) {
            keep("internal", e.what());
            throw;
        }
        std::lock_guard lock(info_mu);
        last = result.metrics;
    }

    Metrics last;  // guarded by info_mu
};

ReportGenerator::ReportGenerator(ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {
    impl_->cfg.validate();
    impl_->info.turbo_threshold_pages = impl_->cfg.turbo_threshold_pages;
    impl_->info.turbo_threshold_records = impl_->cfg.turbo_threshold_records;
    impl_->info.max_concurrent_requests = impl_->cfg.max_concurrent_requests;
    impl_->info.mode = "auto";
}
ReportGenerator::~ReportGenerator() = default;

const ClientConfig& ReportGenerator::config() const {
    return impl_->cfg;
}

void ReportGenerator::configure_thresholds(int pages, int records) {
    if (pages < 1 || records < 1) throw usage_error("turbo thresholds must be >= 1");
    impl_->cfg.turbo_threshold_pages = pages;
    impl_->cfg.turbo_threshold_records = records;
    std::lock_guard lock(impl_->info_mu);
    impl_->info.turbo_threshold_pages = pages;
    impl_->info.turbo_threshold_records = records;
}

GenerationInfo ReportGenerator::get_generation_info() const {
    std::lock_guard lock(impl_->info_mu);
    return impl_->info;
}

ReferenceData ReportGenerator::reference_data(Metrics* metrics) {
    Metrics local;
    ReferenceData ref = impl_->reference(local, nullptr);
    if (metrics) add_network_metrics(*metrics, local);
    return ref;
}

ReportResult ReportGenerator::generate(const ReportRequest& request, RowSink& sink,
                                       ProgressFn progress, const CancelToken* cancel) {
    request.validate();
    ReportResult r;
    impl_->recorded(r, [&] { impl_->run(request, &sink, nullptr, progress, cancel, r); });
    return r;
}

ReportResult ReportGenerator::generate(const ReportRequest& request, const std::string& path,
                                       ProgressFn progress, const CancelToken* cancel) {
    request.validate();
    ReportResult r;
    impl_->recorded(r, [&] {
        detail::ReportOutput output(request, path);
        impl_->run(request, nullptr, &output, progress, cancel, r);
        if (!output.to_stdout()) r.files.push_back(output.path());  // templates expanded
    });
    return r;
}

Metrics ReportGenerator::last_metrics() const {
    std::lock_guard lock(impl_->info_mu);
    return impl_->last;
}

void ReportGenerator::Impl::run(const ReportRequest& req, RowSink* user_sink,
                                detail::ReportOutput* output, const ProgressFn& progress,
                                const CancelToken* cancel, ReportResult& result) {
    const auto t_start = Clock::now();
    Metrics& m = result.metrics;
    auto check_cancel = [&] {
        if (cancel && cancel->cancelled()) throw Error(ErrorKind::cancelled, "report cancelled");
    };
    const CacheStats cache_before = cache.stats();

    // Plan: metadata (through the cache) on their own threads while page 1
    // and the rest are fetched; page 1 is fetched once and kept. If the report
    // fails first, the metadata threads are stopped and joined.
    CancelToken stop_metadata;
    auto metadata = std::async(std::launch::async, [this, &stop_metadata] {
        Metrics local;
        ReferenceData ref = reference(local, &stop_metadata);
        return std::make_pair(std::move(ref), std::move(local));
    });
    struct JoinMetadata {
        CancelToken& stop;
        std::future<std::pair<ReferenceData, Metrics>>& f;
        ~JoinMetadata() {
            if (f.valid()) {
                stop.cancel();
                f.wait();
            }
        }
    } join_metadata{stop_metadata, metadata};
    HttpClient http(cfg);
    EntryStore store(req.memory_budget_bytes, req.spill_dir);
    detail::PageCollector collector(store, m, progress, t_start);
    auto path_for_page = [&req, limit = cfg.page_size](int page) {
        return work_entries_path(req, limit, page);
    };
    std::string page1 = http.get(path_for_page(1), "work-entries page 1", &m, cancel);
    const std::size_t page1_bytes = page1.size();
    const PageMeta plan = collector.first_page(std::move(page1), cfg.max_last_page);
    ++m.pages_fetched;
    const StrategyDecision decision = choose_strategy(cfg, req.engine, plan);
    m.strategy = std::string(to_string(decision.engine));
    m.strategy_reason = decision.reason;
    detail::log().info("strategy {} ({}); {} entries in {} pages", m.strategy, m.strategy_reason,
                 plan.total, std::max<int64_t>(plan.last_page, 1));
    m.plan_s = since(t_start);
    check_cancel();

    // Fetch pages 2..lastPage.
    const auto t_fetch = Clock::now();
    FetchJob job{path_for_page, collector.missing_pages(), cancel};
    job.page_bytes_hint = page1_bytes;
    if (!job.pages.empty()) {
        if (decision.engine == EngineChoice::turbo) {
            TurboEngine turbo(cfg);
            const FetchResult fr = turbo.fetch(job, collector, m);
            if (!fr.missing.empty()) {
                m.fallback_used = true;
                m.fallback_reason = fr.failure;
                m.fallback_pages = fr.missing.size();
                detail::log().warn(
                    "turbo engine stopped ({}); legacy engine fetches the {} missing pages",
                    fr.failure, fr.missing.size());
                LegacyEngine legacy(cfg);
                legacy.fetch(FetchJob{path_for_page, fr.missing, cancel}, collector, m);
            }
        } else {
            LegacyEngine legacy(cfg);
            legacy.fetch(job, collector, m);
        }
    }
    if (const auto missing = collector.missing_pages(); !missing.empty())
        throw api_error("work-entries page " + std::to_string(missing.front()) +
                        " was never delivered (" + std::to_string(missing.size()) +
                        " pages missing): the report is incomplete and was not written");
    m.fetch_s = since(t_fetch);
    check_cancel();
    fail_if_strict(req, m);  // a page's meta already differed: no need to build

    // Build and write.
    auto [ref, metadata_metrics] = metadata.get();
    add_network_metrics(m, metadata_metrics);
    RowSink& sink = user_sink ? *user_sink : output->open();
    if (progress)
        progress(Progress{"build", m.pages_expected, m.pages_expected, m.entries_decoded,
                          since(t_start)});
    ReportBuilder(req, ref).build(store, sink, m, cancel, cfg.chunk_size);

    // Consistency: distinct ids against page 1's meta.total. Checked before
    // the output is committed, so that a strict report leaves nothing.
    if (m.distinct_entries != m.expected_total) {
        m.consistent = false;
        const std::string note = "distinct entries " + std::to_string(m.distinct_entries) +
                                 " != meta.total " + std::to_string(m.expected_total) +
                                 " (data changed while the report ran)";
        m.consistency_note = m.consistency_note.empty() ? note : note + "; " + m.consistency_note;
        detail::log().warn("data consistency: {}", m.consistency_note);
    }
    fail_if_strict(req, m);

    const auto t_finish = Clock::now();
    if (output)
        output->commit(m);
    else
        sink.finish();
    m.write_s += since(t_finish);

    const CacheStats cache_after = cache.stats();
    m.cache_hits = cache_after.hits - cache_before.hits;
    m.cache_misses = cache_after.misses - cache_before.misses;
    m.cache_evictions = cache_after.evictions - cache_before.evictions;
    m.total_s = since(t_start);
    result.rows = m.rows_written;
    result.total_rows = m.total_rows;
    {
        std::lock_guard lock(info_mu);
        info.mode = std::string(to_string(req.engine));
        info.last_strategy = m.strategy;
        info.last_reason = m.strategy_reason;
        info.last_fallback = m.fallback_used;
        ++info.reports;
    }
    if (progress)
        progress(
            Progress{"done", m.pages_expected, m.pages_expected, m.entries_decoded, m.total_s});
}

}  // namespace reportgen
