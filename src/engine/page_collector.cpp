#include "engine/page_collector.hpp"

#include "common/log.hpp"

#include <algorithm>

#include "reportgen/error.hpp"

namespace reportgen::detail {
namespace {

// The largest page size believed: the API serves 500 and documents no
// maximum; anything far past it is a broken meta, not a plan.
constexpr int64_t kMaxPerPage = 100000;

// Every number of a page's meta in range before any arithmetic on it
// (meta.total = INT64_MAX must not overflow total + perPage - 1).
void check_meta_ranges(const PageMeta& meta, int page, int max_last_page) {
    auto bad = [page](const char* field, int64_t value, const std::string& expected) {
        throw data_error("work-entries page " + std::to_string(page) + ": meta." + field + " is " +
                         std::to_string(value) + ", expected " + expected);
    };
    if (meta.per_page < 0 || meta.per_page > kMaxPerPage)
        bad("perPage", meta.per_page, "0 to " + std::to_string(kMaxPerPage));
    if (meta.last_page < 0 || meta.last_page > max_last_page)
        bad("lastPage", meta.last_page,
            "0 to " + std::to_string(max_last_page) + " (the sane bound of pages)");
    // lastPage pages of perPage entries hold every entry (two pages of slack:
    // entries may be created while the report runs); both are bounded above,
    // so the product cannot overflow.
    const int64_t most = std::max<int64_t>(meta.last_page + 2, 1) * std::max<int64_t>(meta.per_page, 1);
    if (meta.total < 0 || (meta.per_page > 0 && meta.total > most))
        bad("total", meta.total, "0 to " + std::to_string(most) + " (lastPage x perPage)");
    if (meta.current_page < 0 || meta.current_page > max_last_page)
        bad("currentPage", meta.current_page, "0 to " + std::to_string(max_last_page));
}

// Our page size, not the server, is to blame when the entries would fit the
// bound of pages at the largest page size (--page-size 1 on a big month).
void check_page_size(const PageMeta& meta, int max_last_page) {
    if (meta.per_page <= 0 || meta.total < 0 || meta.last_page <= max_last_page) return;
    const int64_t pages = meta.total / meta.per_page + (meta.total % meta.per_page != 0 ? 1 : 0);
    const int64_t at_largest = meta.total / 1000 + (meta.total % 1000 != 0 ? 1 : 0);
    if (pages > max_last_page && at_largest <= max_last_page)
        throw usage_error("a page size of " + std::to_string(meta.per_page) + " makes " +
                          std::to_string(pages) + " pages for the " + std::to_string(meta.total) +
                          " entries of this period, more than the " +
                          std::to_string(max_last_page) +
                              " a report fetches; use a larger page size (up to 1000)",
                          "ClientConfig::page_size");
}

// Copies of an id already in `batch` (one page's entries).
uint64_t repeated_ids(const std::vector<WorkEntry>& batch, std::vector<EntryId>& scratch) {
    scratch.clear();
    for (const WorkEntry& e : batch)
        scratch.push_back(e.id);
    std::sort(scratch.begin(), scratch.end());
    uint64_t n = 0;
    for (std::size_t i = 1; i < scratch.size(); ++i)
        if (scratch[i] == scratch[i - 1]) ++n;
    return n;
}

}  // namespace

PageCollector::PageCollector(EntryStore& store, Metrics& metrics, ProgressFn progress,
                             std::chrono::steady_clock::time_point start)
    : store_(store), metrics_(metrics), progress_(std::move(progress)), start_(start) {}

// The page into batch_, and its traces into the store's table when the
// report shows them (none decoded otherwise).
PageMeta PageCollector::decode(std::string& body, int page) {
    TraceTable* traces = store_.traces();
    if (traces) traces->scratch().items.clear();
    return decoder_.decode(body, page, store_.employees(), store_.check_types(),
                           store_.break_types(), batch_, traces ? &traces->scratch() : nullptr);
}

void PageCollector::add_to_store() {
    // The table places the clock-ins into the entries: before the store copies them.
    if (TraceTable* traces = store_.traces()) traces->add_page(batch_);
    store_.add(batch_);
}

void PageCollector::report(std::string_view phase) {
    if (!progress_) return;
    Progress p;
    p.phase = phase;
    p.pages_done = pages_done_;
    p.pages_total = static_cast<uint64_t>(std::max<int64_t>(plan_.last_page, 1));
    p.entries = metrics_.entries_decoded;
    p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    progress_(p);
}

PageMeta PageCollector::first_page(std::string&& body, int max_last_page) {
    const auto t0 = std::chrono::steady_clock::now();
    batch_.clear();
    const PageMeta meta = decode(body, 1);
    check_page_size(meta, max_last_page);
    check_meta_ranges(meta, 1, max_last_page);
    max_last_page_ = max_last_page;
    auto bad = [](const std::string& m) { throw data_error("work-entries page 1: " + m); };
    if (meta.per_page > 0) {
        const int64_t needed = (meta.total + meta.per_page - 1) / meta.per_page;
        // A little slack: entries may be created while the report runs.
        if (meta.last_page > std::max<int64_t>(needed, 1) + 2)
            bad("meta.lastPage " + std::to_string(meta.last_page) + " does not fit meta.total " +
                std::to_string(meta.total) + " at perPage " + std::to_string(meta.per_page));
        if (meta.last_page < needed)
            bad("meta.lastPage " + std::to_string(meta.last_page) +
                " is too small for meta.total " + std::to_string(meta.total) + " at perPage " +
                std::to_string(meta.per_page));
    }
    if (meta.total > 0 && batch_.empty() && meta.last_page >= 1)
        bad("empty data although meta.total is " + std::to_string(meta.total));
    note_unpromised_values(1);
    plan_ = meta;
    delivered_.assign(static_cast<std::size_t>(std::max<int64_t>(meta.last_page, 1)) + 1, false);
    delivered_[1] = true;
    pages_done_ = 1;
    metrics_.pages_expected = static_cast<uint64_t>(std::max<int64_t>(meta.last_page, 1));
    metrics_.expected_total = static_cast<uint64_t>(meta.total);
    metrics_.entries_decoded += batch_.size();
    metrics_.page_duplicates += repeated_ids(batch_, ids_);
    add_to_store();
    metrics_.decode_s +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report("fetch");
    return meta;
}

void PageCollector::consume(int page, std::string&& body) {
    const auto t0 = std::chrono::steady_clock::now();
    if (page < 2 || static_cast<std::size_t>(page) >= delivered_.size())
        throw data_error("work-entries page " + std::to_string(page) + " is outside the plan of " +
                         std::to_string(plan_.last_page) + " pages");
    if (delivered_[static_cast<std::size_t>(page)]) return;  // never count a page twice
    batch_.clear();
    const PageMeta meta = decode(body, page);
    check_meta_ranges(meta, page, max_last_page_);
    if (batch_.empty() && page < plan_.last_page)
        throw data_error("work-entries page " + std::to_string(page) +
                         ": empty data before lastPage " + std::to_string(plan_.last_page));
    if (meta.last_page != plan_.last_page || meta.total != plan_.total) {
        // Data changed while the report ran; the consistency check reports it.
        detail::log().warn("work-entries page {}: meta says lastPage {} total {}, page 1 said {} and {}",
                     page, meta.last_page, meta.total, plan_.last_page, plan_.total);
        metrics_.consistent = false;
        if (metrics_.consistency_note.empty())
            metrics_.consistency_note =
                "meta.total changed during the run (page " + std::to_string(page) + ": total " +
                std::to_string(meta.total) + ", page 1 said " + std::to_string(plan_.total) + ")";
    }
    note_unpromised_values(page);
    delivered_[static_cast<std::size_t>(page)] = true;
    ++pages_done_;
    metrics_.entries_decoded += batch_.size();
    metrics_.page_duplicates += repeated_ids(batch_, ids_);
    add_to_store();
    metrics_.decode_s +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report("fetch");
}

// Values the API document does not promise (docs/API.md) are reported as it
// says, counted, and warned about once per kind: the first page showing one.
void PageCollector::note_unpromised_values(int page) {
    const DecodeStats& s = decoder_.stats();
    struct Kind {
        uint64_t seen;
        uint64_t& counted;
        const char* what;
    };
    const Kind kinds[] = {
        {s.unknown_entry_types, metrics_.unknown_entry_types,
         "a workEntryType other than work/pause, reported as work"},
        {s.unknown_identity_types, metrics_.unknown_identity_types,
         "an identityNumberType other than dni/nie/rut/other, printed as given"},
        {s.missing_worked_seconds, metrics_.missing_worked_seconds,
         "an entry without workedSeconds, taken as clock-out minus clock-in"},
        {s.null_employees, metrics_.null_employees,
         "an entry with a null employee, reported as the unknown employee"},
    };
    for (const Kind& k : kinds) {
        if (k.counted == 0 && k.seen > 0)
            detail::log().warn("work-entries page {}: {} (counted in the metrics; strict "
                               "mode refuses such data)",
                               page, k.what);
        k.counted = k.seen;
    }
}

std::vector<int> PageCollector::missing_pages() const {
    std::vector<int> out;
    for (std::size_t p = 2; p < delivered_.size(); ++p)
        if (!delivered_[p]) out.push_back(static_cast<int>(p));
    return out;
}

}  // namespace reportgen::detail
