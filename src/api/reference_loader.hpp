#pragma once
// The metadata a report needs besides its work entries: check types, work
// breaks and collections (names of activities and groups), and the company
// behind the token (/core/v3/info). Every response goes through the
// generator's LruTtlCache, so a second report within the TTL asks nothing.
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/http_client.hpp"
#include "api/request_budget.hpp"
#include "common/lru_ttl_cache.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {

// Network fields of a Metrics filled on another thread, added to `into`.
void add_network_metrics(Metrics& into, const Metrics& from);

// The network metrics of threads that may fail: each thread adds its own as
// it ends, whatever its outcome, so a failed report still counts every
// request it made.
class NetworkTally {
  public:
    void add(const Metrics& m) {
        std::lock_guard lock(mu_);
        add_network_metrics(total_, m);
    }
    Metrics total() const {
        std::lock_guard lock(mu_);
        return total_;
    }

  private:
    mutable std::mutex mu_;
    Metrics total_;
};

// Adds a thread's network metrics to the tally when the thread's work ends,
// returned or thrown.
class TallyOnExit {
  public:
    explicit TallyOnExit(NetworkTally& tally) : tally_(tally) {}
    ~TallyOnExit() { tally_.add(local); }
    TallyOnExit(const TallyOnExit&) = delete;
    TallyOnExit& operator=(const TallyOnExit&) = delete;
    Metrics local;

  private:
    NetworkTally& tally_;
};

// Runs fn(HttpClient&, Metrics&) on its own thread with its own client; the
// future gives the value, the tally that thread's network metrics.
template <class Fn>
auto on_own_thread(const ClientConfig& cfg, const std::shared_ptr<RequestBudget>& budget,
                   NetworkTally& tally, Fn fn) {
    return std::async(std::launch::async, [&cfg, budget, &tally, fn = std::move(fn)] {
        TallyOnExit exit(tally);
        HttpClient http(cfg, budget);
        return fn(http, exit.local);
    });
}

// The settings of a metadata-sized request: max_response_bytes capped at
// max_metadata_bytes (a bigger answer, a decompression bomb, stops there).
ClientConfig metadata_config(const ClientConfig& cfg);

class ReferenceLoader {
  public:
    using Cache = LruTtlCache<std::string, std::string>;

    // `budget` paces the loader's requests with the rest of the report's.
    ReferenceLoader(const ClientConfig& cfg, Cache& cache, std::shared_ptr<RequestBudget> budget);

    // Check types, work breaks and collections. They are independent, and
    // so are the collections' details: fetched side by side (each on its own
    // thread and client), the metadata cost two round trips instead of one
    // per request. Details are read only while a check type still lacks its
    // group, 64 at most (a collection past them keeps no check_type_ids).
    // Network metrics are added to `tally`, failed requests too.
    ReferenceData load(NetworkTally& tally, const CancelToken* cancel) const;

    // The company's name, "" when /core/v3/info fails (logged at warn): a
    // report without the name is still a report. 401/403 and cancellation
    // are not swallowed.
    std::string company_name(NetworkTally& tally, const CancelToken* cancel) const;

  private:
    // GET through the cache (key: base URL + path).
    std::string get(HttpClient& http, const std::string& path, std::string_view what, Metrics* m,
                    const CancelToken* cancel) const;
    template <class T, class DecodeFn>
    std::vector<T> all_pages(HttpClient& http, std::string_view endpoint, std::string_view name,
                             DecodeFn decode, Metrics* m, const CancelToken* cancel) const;
    std::vector<std::string> collection_check_types(HttpClient& http, const std::string& id,
                                                    Metrics* m, const CancelToken* cancel) const;
    // Fills the collections' check_type_ids, reading only the details that
    // can give a check type its group (reference_loader.cpp).
    void load_collection_details(ReferenceData& ref, NetworkTally& tally,
                                 const CancelToken* cancel) const;

    // The report's settings, with max_response_bytes capped at
    // max_metadata_bytes: metadata answers are small, and a bigger one
    // (a decompression bomb) stops there instead of filling memory.
    const ClientConfig cfg_;
    const std::string base_;
    Cache& cache_;
    std::shared_ptr<RequestBudget> budget_;
};

}  // namespace reportgen::detail
