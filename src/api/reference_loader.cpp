#include "api/reference_loader.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>
#include <future>
#include <utility>
#include <vector>

#include "api/http_client.hpp"
#include "api/metadata_decoder.hpp"
#include "api/paths.hpp"
#include "api/request_budget.hpp"
#include "common/log.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {
namespace {

constexpr int kMetadataPageSize = 100;
constexpr int kMaxMetadataPages = 1000;
constexpr std::size_t kDetailThreads = 8;  // collection details fetched at once
// Collection details read at most (a real company has a few collections; a
// hostile or broken list of thousands would cost a request each).
constexpr std::size_t kMaxCollectionDetails = 64;

}  // namespace

ClientConfig metadata_config(const ClientConfig& cfg) {
    ClientConfig c = cfg;
    c.max_response_bytes = std::min(cfg.max_response_bytes, cfg.max_metadata_bytes);
    return c;
}

void add_network_metrics(Metrics& into, const Metrics& from) {
    into.requests += from.requests;
    for (const auto& [endpoint, n] : from.requests_by_endpoint)
        into.requests_by_endpoint[endpoint] += n;
    into.bytes_received += from.bytes_received;
    into.latency.merge(from.latency);
    for (const auto& [cause, n] : from.retries_by_cause)
        into.retries_by_cause[cause] += n;
    into.http_429 += from.http_429;
    into.retry_sleep_s += from.retry_sleep_s;
    into.rate_wait_s += from.rate_wait_s;
}

ReferenceLoader::ReferenceLoader(const ClientConfig& cfg, Cache& cache,
                                 std::shared_ptr<RequestBudget> budget)
    : cfg_(metadata_config(cfg)),
      base_(cfg.resolved_base_url()),
      cache_(cache),
      budget_(std::move(budget)) {}

std::string ReferenceLoader::get(HttpClient& http, const std::string& path, std::string_view what,
                                 Metrics* m, const CancelToken* cancel) const {
    return cache_.get_or_load(base_ + path, [&] { return http.get(path, what, m, cancel); });
}

template <class T, class DecodeFn>
std::vector<T> ReferenceLoader::all_pages(HttpClient& http, std::string_view endpoint,
                                          std::string_view name, DecodeFn decode, Metrics* m,
                                          const CancelToken* cancel) const {
    std::vector<T> out;
    for (int page = 1;; ++page) {
        const std::string what = std::string(name) + " page " + std::to_string(page);
        const std::string body =
            get(http, list_path(endpoint, kMetadataPageSize, page), what, m, cancel);
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
    return out;
}

std::vector<std::string> ReferenceLoader::collection_check_types(HttpClient& http,
                                                                 const std::string& id, Metrics* m,
                                                                 const CancelToken* cancel) const {
    const std::string what = "check-type-collection " + id;
    const std::string path = "/schedule/v1/check-type-collections/" + percent_encode(id);
    return decode_collection_check_types(get(http, path, what, m, cancel), what);
}

ReferenceData ReferenceLoader::load(NetworkTally& tally, const CancelToken* cancel) const {
    auto list = [&]<class T>(
                    std::string_view endpoint, std::string_view name,
                    PageMeta (*decode)(std::string_view, std::string_view, std::vector<T>&)) {
        return on_own_thread(cfg_, budget_, tally, [=, this](HttpClient& http, Metrics& local) {
            return all_pages<T>(http, endpoint, name, decode, &local, cancel);
        });
    };
    auto check_types = list("/schedule/v1/check-types", "check-types", &decode_check_types);
    auto work_breaks = list("/schedule/v1/work-breaks", "work-breaks", &decode_work_breaks);
    auto collections =
        list("/schedule/v1/check-type-collections", "check-type-collections", &decode_collections);
    ReferenceData ref;
    ref.collections = collections.get();
    ref.check_types = check_types.get();
    ref.work_breaks = work_breaks.get();
    load_collection_details(ref, tally, cancel);
    return ref;
}

// A check type's group is the first collection by (name, id) that holds it
// (ReportNames). So details are read in that order, a few at a time, and
// only until every check type of the company has its group: the later
// collections cannot change any. A check type in no collection would make
// every detail worth reading: kMaxCollectionDetails bounds them.
void ReferenceLoader::load_collection_details(ReferenceData& ref, NetworkTally& tally,
                                              const CancelToken* cancel) const {
    std::vector<Collection*> order;
    for (Collection& c : ref.collections)
        order.push_back(&c);
    std::sort(order.begin(), order.end(), [](const Collection* a, const Collection* b) {
        return std::tie(a->name, a->id) < std::tie(b->name, b->id);
    });
    std::unordered_set<std::string> ungrouped;
    for (const CheckType& ct : ref.check_types)
        ungrouped.insert(ct.id);
    const std::size_t most = std::min(order.size(), kMaxCollectionDetails);
    std::size_t read = 0;
    while (read < most && !ungrouped.empty()) {
        std::vector<std::future<std::vector<std::string>>> details;
        const std::size_t last = std::min(most, read + kDetailThreads);
        for (std::size_t i = read; i < last; ++i)
            details.push_back(on_own_thread(
                cfg_, budget_, tally,
                [this, cancel, id = order[i]->id](HttpClient& http, Metrics& local) {
                    return collection_check_types(http, id, &local, cancel);
                }));
        for (std::size_t i = read; i < last; ++i) {
            order[i]->check_type_ids = details[i - read].get();
            for (const std::string& id : order[i]->check_type_ids)
                ungrouped.erase(id);
        }
        read = last;
    }
    if (!ungrouped.empty() && read < order.size())
        log().warn("check-type-collections: {} collections; the details of the first {} by name "
                   "were read and {} check types are in none of them: those are reported "
                   "without a group",
                   order.size(), read, ungrouped.size());
}

std::string ReferenceLoader::company_name(NetworkTally& tally, const CancelToken* cancel) const {
    const std::string what = "company info";
    TallyOnExit exit(tally);
    try {
        HttpClient http(cfg_, budget_);
        return decode_company_info(get(http, "/core/v3/info", what, &exit.local, cancel), what)
            .name;
    } catch (const Error& e) {
        // A 401/403 here says the same of every other request: fail now, with
        // its own message. Anything else costs only the name in the header.
        if (e.kind() == ErrorKind::auth || e.kind() == ErrorKind::cancelled) throw;
        log().warn("{}; the report goes on without the company's name", e.what());
        return {};
    }
}

}  // namespace reportgen::detail
