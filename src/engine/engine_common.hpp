#pragma once
// Private helpers both engines share (naming pages, normalising the page list).
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/fetch_job.hpp"

namespace reportgen::detail {

// "work-entries page 7": what error messages and logs call a page.
inline std::string page_what(const FetchJob& job, int page) {
    return job.resource + " page " + std::to_string(page);
}

// The job's pages in their order, each once: a caller that hands the same
// page twice gets it delivered once.
inline std::vector<int> unique_pages(const std::vector<int>& pages) {
    std::vector<int> out;
    out.reserve(pages.size());
    std::unordered_set<int> seen;
    seen.reserve(pages.size());
    for (int p : pages)
        if (seen.insert(p).second) out.push_back(p);
    return out;
}

}  // namespace reportgen::detail
