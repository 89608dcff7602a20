#pragma once
// The concurrent engine: curl multi, a window of requests in flight (AIMD
// on 429), pages decoded on a worker thread while the network runs.
#include <memory>

#include "engine/fetch_job.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

class RequestBudget;

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

}  // namespace reportgen::detail
