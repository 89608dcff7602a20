// BatchRunner (include/reportgen/batch.hpp): a fixed pool of threads takes
// the companies in order; each report has its own ReportGenerator, so the
// companies share no client, cache or request budget.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "reportgen/batch.hpp"
#include "reportgen/output_name.hpp"

namespace reportgen {

std::string company_output_path(const CompanyJob& job, CivilDate from, CivilDate to) {
    ReportRequest r = job.request;
    r.from = from;
    r.to = to;
    const std::string tmpl = job.output.empty() ? "{company}_" + default_output_name(r) : job.output;
    OutputNameFields f;
    f.layout = r.layout;
    f.from = from;
    f.to = to;
    f.company = job.name;
    return expand_output_template(tmpl, f);
}

void check_distinct_outputs(const std::vector<CompanyJob>& companies, CivilDate from,
                            CivilDate to) {
    std::map<std::filesystem::path, const std::string*> owner;  // file -> company
    for (const auto& job : companies) {
        const std::string path = company_output_path(job, from, to);
        std::error_code ec;
        // Absolute first: weakly_canonical("r.csv") stays relative when no
        // part of it exists, and "./sub/../r.csv" would not.
        std::filesystem::path key = std::filesystem::absolute(path, ec).lexically_normal();
        if (!ec) {
            auto real = std::filesystem::weakly_canonical(key, ec);
            if (!ec) key = real.lexically_normal();
        }
        const auto [it, inserted] = owner.emplace(key, &job.name);
        if (!inserted)
            throw usage_error("batch: companies '" + *it->second + "' and '" + job.name +
                              "' both write '" + path +
                              "'; give each its own output (e.g. with {company})");
    }
}

namespace {

// Templates put companies in folders of their own (informes/{company}/...):
// a batch creates them rather than fail every company on its first run.
void ensure_parent_directory(const std::string& path) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw io_error("cannot create directory '" + parent.string() + "': " + ec.message());
}

// One company's report, every failure turned into its outcome.
CompanyOutcome run_company(const CompanyJob& job, CivilDate from, CivilDate to,
                           const BatchCallbacks& callbacks, const CancelToken* cancel) {
    CompanyOutcome out;
    out.name = job.name;
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<ReportGenerator> generator;
    try {
        if (cancel && cancel->cancelled()) throw Error(ErrorKind::cancelled, "cancelled");
        ReportRequest request = job.request;
        request.from = from;
        request.to = to;
        request.validate();
        out.file = company_output_path(job, from, to);
        ensure_parent_directory(out.file);
        generator = std::make_unique<ReportGenerator>(job.client);
        ProgressFn on_progress;
        if (callbacks.progress)
            on_progress = [&callbacks, &job](const Progress& p) { callbacks.progress(job.name, p); };
        const ReportResult r = generator->generate(request, out.file, on_progress, cancel);
        out.ok = true;
        out.metrics = r.metrics;
    } catch (const Error& e) {
        out.error_kind = e.kind();
        out.message = e.what();
        if (generator) out.metrics = generator->last_metrics();
    } catch (const std::exception& e) {
        out.error_kind = ErrorKind::io;  // e.g. bad_alloc, filesystem: not the API's fault
        out.message = e.what();
        if (generator) out.metrics = generator->last_metrics();
    }
    out.entries = out.metrics.entries_decoded;
    out.rows = out.metrics.rows_written;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

}  // namespace

std::vector<CompanyOutcome> BatchRunner::run(const std::vector<CompanyJob>& companies,
                                             CivilDate from, CivilDate to,
                                             const BatchCallbacks& callbacks,
                                             const CancelToken* cancel) const {
    check_distinct_outputs(companies, from, to);
    std::vector<CompanyOutcome> outcomes(companies.size());
    std::atomic<std::size_t> next{0};
    // Each worker writes only the outcome slots of the indices it took.
    const auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < companies.size(); i = next.fetch_add(1)) {
            if (callbacks.started) callbacks.started(companies[i].name);
            outcomes[i] = run_company(companies[i], from, to, callbacks, cancel);
            if (callbacks.finished) callbacks.finished(outcomes[i]);
        }
    };
    const std::size_t n = std::min(jobs_, companies.size());
    std::vector<std::jthread> pool;
    pool.reserve(n);
    for (std::size_t t = 0; t < n; ++t) pool.emplace_back(worker);
    pool.clear();  // joins: every outcome is written before it is returned
    return outcomes;
}

}  // namespace reportgen
