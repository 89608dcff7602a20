#pragma once
// The sequential engine: one page at a time, in order. It also fetches the
// pages the turbo engine could not deliver.
#include <memory>

#include "engine/fetch_job.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

class RequestBudget;

class LegacyEngine {
  public:
    // `budget`: the report's shared one (api/request_budget.hpp); null: one of its own.
    explicit LegacyEngine(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget = nullptr);
    ~LegacyEngine();
    // Pages in order; throws on the first page that fails after retries,
    // naming it (api), or on auth/data/cancel errors.
    void fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
