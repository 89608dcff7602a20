#include "reportgen/generator.hpp"

#include "common/log.hpp"

#include <cctype>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>

#include "api/employee_lookup.hpp"
#include "api/http_client.hpp"
#include "api/payroll_loader.hpp"
#include "api/paths.hpp"
#include "api/redact.hpp"
#include "api/reference_loader.hpp"
#include "api/request_budget.hpp"
#include "common/lru_ttl_cache.hpp"
#include "engine/fetch_job.hpp"
#include "engine/legacy_engine.hpp"
#include "engine/page_collector.hpp"
#include "engine/turbo_engine.hpp"
#include "report/entry_store.hpp"
#include "report/payroll_sources.hpp"
#include "report/report_builder.hpp"
#include "report/trace.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"
#include "sink/report_output.hpp"

namespace reportgen {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// ReportRequest::strict: data that changed during the run fails the report.
// ReportRequest::strict: values the API document does not promise fail the
// report too (without it they are reported as docs/API.md says, and counted).
void fail_if_strict(const ReportRequest& req, const Metrics& m) {
    if (!req.strict) return;
    if (!m.consistent)
        throw data_error("the data changed while the report ran (" + m.consistency_note +
                         "); strict mode: the report was not written");
    std::string found;
    auto note = [&found](uint64_t n, const char* what) {
        if (n == 0) return;
        found += (found.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    note(m.unknown_entry_types, "entries of an unknown workEntryType");
    note(m.unknown_identity_types, "entries of an unknown identityNumberType");
    note(m.missing_worked_seconds, "entries without workedSeconds");
    note(m.null_employees, "entries with a null employee");
    if (!m.sources_missing.empty()) {
        std::string list;
        bool forbidden = false;
        for (const auto& s : m.sources_missing) {
            list += (list.empty() ? "" : ", ") + s;
            forbidden = forbidden || s.find("(403)") != std::string::npos;
        }
        // A 403 is the plan's or the token's permission (exit 3), a 404 the API's.
        throw Error(forbidden ? ErrorKind::auth : ErrorKind::api,
                    "the report needs what this company's API does not give: " + list +
                        "; strict mode: the report was not written");
    }
    if (!found.empty())
        throw data_error("values the API does not promise (" + found +
                         "); strict mode: the report was not written");
}

}  // namespace

StrategyDecision choose_strategy(const ClientConfig& cfg, EngineChoice requested,
                                 const PageMeta& page1) {
    const int64_t pages = std::max<int64_t>(page1.last_page, 1);
    if (requested == EngineChoice::legacy) return {EngineChoice::legacy, "forced: legacy"};
    if (requested == EngineChoice::turbo) return {EngineChoice::turbo, "forced: turbo"};
    if (pages >= cfg.turbo_thresholds.pages)
        return {EngineChoice::turbo, "auto: " + std::to_string(pages) +
                                         " pages >= " + std::to_string(cfg.turbo_thresholds.pages)};
    if (page1.total >= cfg.turbo_thresholds.records)
        return {EngineChoice::turbo, "auto: " + std::to_string(page1.total) + " records >= " +
                                         std::to_string(cfg.turbo_thresholds.records)};
    return {EngineChoice::legacy,
            "auto: " + std::to_string(pages) + (pages == 1 ? " page < " : " pages < ") +
                std::to_string(cfg.turbo_thresholds.pages) + " and " + std::to_string(page1.total) +
                " records < " + std::to_string(cfg.turbo_thresholds.records)};
}

std::string default_output_name(const ReportRequest& r) {
    return std::string(to_string(r.layout)) + "_" + format_iso_date(r.from) + "_" +
           format_iso_date(r.to) + "." +
           std::string(file_extension(r.format));
}

struct ReportGenerator::Impl {
    // Metadata response bodies by URL: shared by both engines' reports and
    // across the reports of this generator. Thread-safe itself.
    detail::ReferenceLoader::Cache cache;
    // Each employee's holidays by year: they do not change within a month's
    // reports, so they are kept for the generator's life. Thread-safe.
    detail::HolidayCache holidays;
    // The company's request budget: one token, one company (docs/API.md), so
    // the reports of this generator, in turn or at once, spend one budget.
    // Thread-safe itself.
    const std::shared_ptr<detail::RequestBudget::CompanyWindow> budget_window =
        std::make_shared<detail::RequestBudget::CompanyWindow>();
    mutable std::mutex mu;  // guards everything below
    ClientConfig cfg;       // each report runs on a copy taken when it starts
    GenerationInfo info;
    Metrics last;

    explicit Impl(ClientConfig c)
        : cache(c.cache_capacity,
                std::chrono::duration_cast<detail::ReferenceLoader::Cache::Duration>(c.cache_ttl)),
          cfg(std::move(c)) {}

    ClientConfig config() const {
        std::lock_guard lock(mu);
        return cfg;
    }

    class Run;

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
            std::lock_guard lock(mu);
            last = m;
        };
        try {
            fn();
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::data) {
                // A data error quotes the server's text (values, "body begins"):
                // redacted here, once for every decoder (src/api/redact.hpp).
                Error clean(e.kind(), detail::redact_server_text(e.what(), config().token), e.subject());
                keep(to_string(clean.kind()), clean.what());
                throw clean;
            }
            keep(to_string(e.kind()), e.what());
            throw;
        } catch (const std::exception& e) {
            keep("internal", e.what());
            throw;
        }
        std::lock_guard lock(mu);
        last = result.metrics;
    }
};

// One report, step by step: metadata on their own threads while page 1 is
// planned and the rest fetched; then build, check and write. Fills the
// result's metrics as it goes, so that a report that throws still leaves
// what it measured.
class ReportGenerator::Impl::Run {
  public:
    Run(Impl& im, const ReportRequest& req, RowSink* user_sink, detail::ReportOutput* output,
        const ProgressFn& progress, const CancelToken* cancel, ReportResult& result)
        : im_(im),
          cfg_(im.config()),
          req_(req),
          query_(detail::query_range(req)),
          user_sink_(user_sink),
          output_(output),
          progress_(progress),
          cancel_(cancel),
          m_(result.metrics),
          result_(result),
          budget_(std::make_shared<detail::RequestBudget>(cfg_, im.budget_window)),
          loader_(cfg_, im.cache, budget_),
          store_(req.memory_budget_bytes, req.spill_dir),
          collector_(store_, m_, progress, t_start_) {
        m_.query_from = format_iso_date(query_.from);
        m_.query_to = format_iso_date(query_.to);
        m_.rate_limit = cfg_.rate_limit_per_minute;
        if (detail::traces_shown(req)) store_.enable_traces();
    }
    // If the report fails first, the metadata threads are stopped and joined.
    ~Run() {
        if (metadata_.valid()) {
            stop_metadata_.cancel();
            metadata_.wait();
            // Counted even when the report failed first (result metrics
            // outlive this object).
            detail::add_network_metrics(m_, metadata_network_.total());
        }
        if (sources_.valid()) {
            stop_sources_.cancel();
            sources_.wait();
            detail::add_network_metrics(m_, sources_network_.total());
        }
    }
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    void operator()() {
        find_employee();
        start_metadata();
        start_sources();
        read_offices();
        plan();
        check_paid_breaks();
        fetch();
        fetch_deleted();
        fail_if_strict(req_, m_);  // a page's meta already differed: no need to build
        RowSink& sink = build();
        check_consistency();
        fail_if_strict(req_, m_);
        commit(sink);
        finish();
    }

  private:
    struct Metadata {
        ReferenceData reference;
        std::string company;
    };

    std::string path_for_page(int page) const {
        return detail::work_entries_path(req_, query_, cfg_.page_size, page);
    }
    void check_cancel() const {
        if (cancel_ && cancel_->cancelled()) throw Error(ErrorKind::cancelled, "report cancelled");
    }

    // --employee as an identity number or code: its API id, before any
    // query filters on it (detail::resolve_employee).
    void find_employee() {
        if (!req_.employee_id || detail::is_uuid(*req_.employee_id)) return;
        detail::HttpClient http(detail::metadata_config(cfg_), budget_);
        const std::string id =
            detail::resolve_employee(http, *req_.employee_id, cfg_.page_size, m_, cancel_);
        detail::log().info("--employee {}: employee {}", *req_.employee_id, id);
        req_.employee_id = id;
        check_cancel();
    }

    void start_metadata() {
        metadata_ = std::async(std::launch::async, [this] {
            Metadata md;
            md.company = loader_.company_name(metadata_network_, &stop_metadata_);
            md.reference = loader_.load(metadata_network_, &stop_metadata_);
            return md;
        });
    }

    // The payroll sources the layout needs (needed_sources), read on their
    // own threads while the pages are fetched, through the same budget; the
    // offices apart (read_offices).
    void start_sources() {
        detail::NeededSources need = detail::needed_sources(req_);
        need.need[static_cast<int>(detail::PayrollSource::offices)] = false;
        if (!need.any()) return;
        sources_ = std::async(std::launch::async, [this, need] {
            const detail::PayrollLoader loader(cfg_, im_.cache, budget_, im_.holidays);
            return loader.load(req_, need, sources_network_, &stop_sources_);
        });
    }

    // The offices, when the report shows the place of work: read before
    // page 1 (the other sources meanwhile on their threads), so that each
    // clock-in is placed against them as its page is decoded and only its
    // 2 bits are kept (docs/DESIGN.md "Place of work"). One small paged
    // request through the report's budget; a 403/404 leaves them unread
    // with its warning (the place told by check type only), as any source.
    void read_offices() {
        constexpr int kOffices = static_cast<int>(detail::PayrollSource::offices);
        if (!detail::needed_sources(req_).need[kOffices]) return;
        detail::NeededSources only;
        only.need[kOffices] = true;
        detail::NetworkTally tally;
        struct Count {  // the requests are counted whether or not the read failed
            Metrics& m;
            detail::NetworkTally& tally;
            ~Count() { detail::add_network_metrics(m, tally.total()); }
        } count{m_, tally};
        const detail::PayrollLoader loader(cfg_, im_.cache, budget_, im_.holidays);
        offices_read_.emplace(loader.load(req_, only, tally, cancel_));
        if (detail::TraceTable* traces = store_.traces())
            traces->set_offices(offices_read_->offices);
    }

    // The sources, waited for once (null when the layout needs none), the
    // offices read first among them.
    const detail::PayrollSources* sources() {
        if (!sources_read_ && sources_.valid()) {
            sources_.wait();  // counted before get(), which throws if a source failed
            detail::add_network_metrics(m_, sources_network_.total());
            sources_read_.emplace(sources_.get());
        }
        if (offices_read_) {
            if (!sources_read_) sources_read_.emplace();
            detail::merge_offices(*sources_read_, std::move(*offices_read_));
            offices_read_.reset();
        }
        if (sources_read_) m_.sources_missing = sources_read_->missing;
        return sources_read_ ? &*sources_read_ : nullptr;
    }

    // Page 1, fetched once and kept: its meta drives the plan.
    void plan() {
        detail::HttpClient http(cfg_, budget_);
        std::string page1 = http.get(path_for_page(1), "work-entries page 1", &m_, cancel_);
        page1_bytes_ = page1.size();
        const PageMeta plan = collector_.first_page(std::move(page1), cfg_.max_last_page);
        ++m_.pages_fetched;
        decision_ = choose_strategy(cfg_, req_.engine, plan);
        m_.strategy = std::string(to_string(decision_.engine));
        m_.strategy_reason = decision_.reason;
        detail::log().info("strategy {} ({}); {} entries in {} pages (query {} .. {})", m_.strategy,
                           m_.strategy_reason, plan.total, std::max<int64_t>(plan.last_page, 1),
                           m_.query_from, m_.query_to);
        m_.plan_s = since(t_start_);
        check_cancel();
    }

    // Pages 2..lastPage by the chosen engine; turbo's missing pages by legacy.
    void fetch() {
        const auto t_fetch = Clock::now();
        detail::FetchJob job{[this](int page) { return path_for_page(page); },
                             collector_.missing_pages(), cancel_};
        job.page_bytes_hint = page1_bytes_;
        if (!job.pages.empty()) {
            if (decision_.engine == EngineChoice::turbo)
                fetch_turbo(job);
            else
                detail::LegacyEngine(cfg_, budget_).fetch(job, collector_, m_);
        }
        if (const auto missing = collector_.missing_pages(); !missing.empty())
            throw api_error("work-entries page " + std::to_string(missing.front()) +
                            " was never delivered (" + std::to_string(missing.size()) +
                            " pages missing): the report is incomplete and was not written");
        m_.fetch_s = since(t_fetch);
        check_cancel();
    }

    // The entries deleted in the query's range, for the "Modificaciones"
    // sheet of an XLSX file this generator writes (a caller's own RowSink
    // gets the modified entries only: docs/DESIGN.md "Traceability and place
    // of work"): one more paged fetch (onlyReturn=deleted), a page at a time
    // through the report's budget and retries, into the trace table, never
    // the store.
    void fetch_deleted() {
        if (output_ == nullptr || !detail::changes_listed(req_) || store_.traces() == nullptr)
            return;
        detail::TraceTable& traces = *store_.traces();
        detail::HttpClient http(cfg_, budget_);
        detail::PageDecoder decoder;
        std::vector<detail::WorkEntry> batch;
        for (int page = 1;; ++page) {
            const std::string what = "deleted work-entries page " + std::to_string(page);
            std::string body =
                http.get(path_for_page(page) + "&onlyReturn=deleted", what, &m_, cancel_);
            batch.clear();
            traces.scratch().items.clear();
            const PageMeta meta = decoder.decode(body, page, store_.employees(),
                                                 store_.check_types(), store_.break_types(),
                                                 batch, &traces.scratch());
            const std::size_t deleted = traces.add_deleted(batch);
            ++m_.deleted_pages;
            if (meta.last_page < 0 || meta.last_page > cfg_.max_last_page)
                throw data_error(what + ": meta.lastPage is " + std::to_string(meta.last_page) +
                                 ", expected 0 to " + std::to_string(cfg_.max_last_page));
            // A server that ignores the filter sends live entries: fetching
            // them all again would list nothing and double the requests.
            if (deleted == 0 && !batch.empty()) {
                detail::log().warn("{}: the server ignored onlyReturn=deleted (entries without "
                                   "deletedAt); deleted entries are not listed",
                                   what);
                break;
            }
            if (page >= meta.last_page || batch.empty()) break;
            check_cancel();
        }
    }

    void fetch_turbo(detail::FetchJob& job) {
        const detail::FetchResult fr =
            detail::TurboEngine(cfg_, budget_).fetch(job, collector_, m_);
        if (fr.missing.empty()) return;
        m_.fallback_used = true;
        m_.fallback_reason = fr.failure;
        m_.fallback_pages = fr.missing.size();
        detail::log().warn("turbo engine stopped ({}); legacy engine fetches the {} missing pages",
                           fr.failure, fr.missing.size());
        job.pages = fr.missing;
        detail::LegacyEngine(cfg_, budget_).fetch(job, collector_, m_);
    }

    // The metadata, waited for once.
    const Metadata& metadata() {
        if (!md_) {
            metadata_.wait();  // counted before get(), which throws if the metadata failed
            detail::add_network_metrics(m_, metadata_network_.total());
            md_ = metadata_.get();
            m_.company_name = md_->company;
        }
        return *md_;
    }
    // The builder resolves paid_breaks against the company's break types.
    detail::ReportBuilder& builder() {
        if (!builder_) builder_.emplace(req_, metadata().reference);
        return *builder_;
    }

    // A paid break that names no break type of the company is a usage error
    // before pages 2..N are fetched: the metadata (loaded while page 1 was)
    // is waited for here, only when paid_breaks is set.
    void check_paid_breaks() {
        if (!req_.paid_breaks.empty()) builder();
    }

    // Waits for the metadata, then builds the rows into the sink.
    RowSink& build() {
        const Metadata& md = metadata();
        // A source the company cannot read fails a strict report before
        // anything is written.
        const detail::PayrollSources* src = sources();
        if (src && !src->missing.empty()) fail_if_strict(req_, m_);
        detail::ReportBuilder& b = builder();
        RowSink& sink = user_sink_ ? *user_sink_ : output_->open();
        if (progress_)
            progress_(Progress{"build", m_.pages_expected, m_.pages_expected, m_.entries_decoded,
                               since(t_start_)});
        sink.describe(ReportInfo{md.company, req_.from, req_.to, req_.layout, req_.lang});
        b.build(store_, sink, m_, cancel_, cfg_.chunk_size, src);
        return sink;
    }

    // Distinct ids against page 1's meta.total, which counts what the query
    // actually sent selected (query_from .. query_to, a day wider than the
    // report each side). A server that lists an entry twice on one page may
    // count both copies: that is not a change of the data (counted in
    // page_duplicates). Checked before the output is committed, so that a
    // strict report leaves nothing. Warned here, once (the CLI and the batch
    // print nothing more); a strict report says it in its error instead.
    void check_consistency() {
        if (m_.distinct_entries != m_.expected_total &&
            m_.distinct_entries + m_.page_duplicates != m_.expected_total) {
            m_.consistent = false;
            const std::string note = "distinct entries " + std::to_string(m_.distinct_entries) +
                                     " != meta.total " + std::to_string(m_.expected_total) +
                                     " of the query " + m_.query_from + " .. " + m_.query_to;
            m_.consistency_note =
                m_.consistency_note.empty() ? note : note + "; " + m_.consistency_note;
        }
        if (!m_.consistent && !req_.strict)
            detail::log().warn("data changed while the report ran: {}", m_.consistency_note);
    }

    void commit(RowSink& sink) {
        const auto t_finish = Clock::now();
        if (output_)
            output_->commit(m_, cancel_);
        else
            sink.finish();
        m_.write_s += since(t_finish);
    }

    void finish() {
        const detail::CacheStats cache_after = im_.cache.stats();
        m_.cache_hits = cache_after.hits - cache_before_.hits;
        m_.cache_misses = cache_after.misses - cache_before_.misses;
        m_.cache_evictions = cache_after.evictions - cache_before_.evictions;
        m_.total_s = since(t_start_);
        const double network_s = m_.plan_s + m_.fetch_s;
        if (network_s > 0)
            m_.requests_per_minute = static_cast<double>(m_.requests) * 60.0 / network_s;
        result_.rows = m_.rows_written;
        result_.total_rows = m_.total_rows;
        {
            std::lock_guard lock(im_.mu);
            im_.info.mode = std::string(to_string(req_.engine));
            im_.info.last_strategy = m_.strategy;
            im_.info.last_reason = m_.strategy_reason;
            im_.info.last_fallback = m_.fallback_used;
            ++im_.info.reports;
        }
        if (progress_)
            progress_(Progress{"done", m_.pages_expected, m_.pages_expected, m_.entries_decoded,
                               m_.total_s});
    }

    Impl& im_;
    const Clock::time_point t_start_ = Clock::now();
    const ClientConfig cfg_;  // this report's; configure_thresholds() may run meanwhile
    ReportRequest req_;  // a copy: find_employee() sets the employee's API id
    const DateRange query_;
    RowSink* user_sink_;
    detail::ReportOutput* output_;
    const ProgressFn& progress_;
    const CancelToken* cancel_;
    Metrics& m_;
    ReportResult& result_;
    const detail::CacheStats cache_before_ = im_.cache.stats();
    std::shared_ptr<detail::RequestBudget> budget_;  // every request of the report
    detail::ReferenceLoader loader_;
    detail::EntryStore store_;
    detail::PageCollector collector_;
    std::size_t page1_bytes_ = 0;
    StrategyDecision decision_{};
    CancelToken stop_metadata_;
    detail::NetworkTally metadata_network_;
    std::optional<Metadata> md_;
    std::optional<detail::ReportBuilder> builder_;
    CancelToken stop_sources_;
    detail::NetworkTally sources_network_;
    std::optional<detail::PayrollSources> sources_read_;
    std::optional<detail::PayrollSources> offices_read_;  // until merged into sources_read_
    std::future<detail::PayrollSources> sources_;
    std::future<Metadata> metadata_;  // last: joined (destructor) before the rest goes
};

ReportGenerator::ReportGenerator(ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {
    impl_->cfg.validate();
    impl_->info.turbo_thresholds = impl_->cfg.turbo_thresholds;
    impl_->info.max_concurrent_requests = impl_->cfg.max_concurrent_requests;
    impl_->info.mode = "auto";
}
ReportGenerator::~ReportGenerator() = default;
ReportGenerator::ReportGenerator(ReportGenerator&&) noexcept = default;
ReportGenerator& ReportGenerator::operator=(ReportGenerator&&) noexcept = default;

ClientConfig ReportGenerator::config() const {
    return impl_->config();
}

void ReportGenerator::configure_thresholds(StrategyThresholds thresholds) {
    if (thresholds.pages < 1 || thresholds.records < 1)
        throw usage_error("turbo thresholds must be >= 1");
    std::lock_guard lock(impl_->mu);
    impl_->cfg.turbo_thresholds = thresholds;
    impl_->info.turbo_thresholds = thresholds;
}

GenerationInfo ReportGenerator::get_generation_info() const {
    std::lock_guard lock(impl_->mu);
    return impl_->info;
}

ReferenceData ReportGenerator::reference_data(Metrics* metrics) {
    const ClientConfig cfg = impl_->config();
    const detail::ReferenceLoader loader(
        cfg, impl_->cache, std::make_shared<detail::RequestBudget>(cfg, impl_->budget_window));
    detail::NetworkTally tally;
    ReferenceData ref = loader.load(tally, nullptr);
    if (metrics) detail::add_network_metrics(*metrics, tally.total());
    return ref;
}

ReportResult ReportGenerator::generate(const ReportRequest& request, RowSink& sink,
                                       ProgressFn progress, const CancelToken* cancel) {
    request.validate();
    ReportResult r;
    impl_->recorded(r, [&] { Impl::Run(*impl_, request, &sink, nullptr, progress, cancel, r)(); });
    return r;
}

ReportResult ReportGenerator::generate(const ReportRequest& request, const std::string& path,
                                       ProgressFn progress, const CancelToken* cancel) {
    request.validate();
    ReportResult r;
    impl_->recorded(r, [&] {
        detail::ReportOutput output(request, path);
        Impl::Run(*impl_, request, nullptr, &output, progress, cancel, r)();
        if (!output.to_stdout()) {
            r.files.push_back(output.path());  // templates expanded
            r.metrics.output_files = r.files;
        }
    });
    return r;
}

Metrics ReportGenerator::last_metrics() const {
    std::lock_guard lock(impl_->mu);
    return impl_->last;
}

}  // namespace reportgen
