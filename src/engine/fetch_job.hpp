#pragma once
// What an engine is asked to fetch and whom it hands the pages to. The two
// engines (legacy_engine.hpp, turbo_engine.hpp) differ only in scheduling:
// legacy fetches one page at a time; turbo keeps up to
// max_concurrent_requests in flight with curl multi and decodes on a worker
// thread while the network runs.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "reportgen/cancel.hpp"

namespace reportgen::detail {

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

}  // namespace reportgen::detail
