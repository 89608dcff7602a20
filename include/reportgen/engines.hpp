#pragma once
// The two fetch engines. They differ only in scheduling: legacy fetches one
// page at a time; turbo keeps up to max_concurrent_requests in flight with
// curl multi and decodes on a worker thread while the network runs.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen {

// Receives page bodies. Called from one thread at a time (never
// concurrently), pages in any order. May throw (a data error stops the fetch).
// A consumer may keep the body (move from it); one that only reads it leaves
// the buffer to the engine, which reuses it for a later page.
class PageConsumer {
  public:
    virtual ~PageConsumer() = default;
    virtual void consume(int page, std::string&& body) = 0;
};

struct FetchJob {
    std::function<std::string(int page)> path_for_page;  // API path + query for a page
    std::vector<int> pages;  // pages to fetch (any subset; duplicates fetched once)
    const CancelToken* cancel = nullptr;
    std::string resource = "work-entries";  // names pages in errors: "work-entries page 7"
    // Size of a typical page in bytes (page 1's), 0 when unknown: the turbo
    // engine prepares its first window's buffers to this size while the
    // requests wait on the server.
    std::size_t page_bytes_hint = 0;
};

struct FetchResult {
    std::vector<int> missing;  // pages not delivered (empty on success)
    std::string failure;       // why, when missing is not empty
};

class RequestBudget;

class LegacyEngine {
  public:
    // `budget`: the report's shared one (client.hpp); null: one of its own.
    explicit LegacyEngine(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget = nullptr);
    ~LegacyEngine();
    // Pages in order; throws on the first page that fails after retries,
    // naming it (api), or on auth/data/cancel errors.
    void fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class TurboEngine {
  public:
    explicit TurboEngine(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget = nullptr);
    ~TurboEngine();
    // Throws fatal errors (auth, data from the consumer, cancel). A non-fatal
    // failure (a page past its retries, a transport breakdown) stops it and
    // returns the pages not delivered so the legacy engine can fetch them.
    FetchResult fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics);

    // How the window moved during the last fetch (AIMD on 429), for tests,
    // benchmarks and logs; Metrics::final_window holds the end value.
    struct WindowStats {
        int initial = 0;    // max_concurrent_requests
        int min = 0;        // lowest window reached
        int final = 0;      // window at the end
        int decreases = 0;  // halvings on 429
        int increases = 0;  // +1 steps after a success window
    };
    WindowStats last_window_stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen
