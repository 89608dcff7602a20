#include <algorithm>

#include "api/http_client.hpp"
#include "api/request_budget.hpp"
#include "api/transport.hpp"
#include "engine/engine_common.hpp"
#include "engine/fetch_job.hpp"
#include "engine/legacy_engine.hpp"

namespace reportgen::detail {

// The legacy engine is HttpClient in a loop: one easy handle kept alive
// across pages (and across fetch() calls), the shared retry policy, and the
// consumer called on the caller's thread.
struct LegacyEngine::Impl {
    Impl(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget)
        : client(cfg, std::move(budget)) {}
    HttpClient client;
};

LegacyEngine::LegacyEngine(const ClientConfig& cfg, std::shared_ptr<RequestBudget> budget)
    : impl_(std::make_unique<Impl>(cfg, std::move(budget))) {}
LegacyEngine::~LegacyEngine() = default;

void LegacyEngine::fetch(const FetchJob& job, PageConsumer& consumer, Metrics& metrics) {
    const std::vector<int> pages = unique_pages(job.pages);
    if (!pages.empty()) metrics.max_in_flight = std::max(metrics.max_in_flight, 1);
    for (const int page : pages) {
        if (job.cancel && job.cancel->cancelled()) throw_cancelled();
        std::string body =
            impl_->client.get(job.path_for_page(page), page_what(job, page), &metrics, job.cancel);
        ++metrics.pages_fetched;
        consumer.consume(page, std::move(body));
    }
}

}  // namespace reportgen::detail
