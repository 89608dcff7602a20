#pragma once
// One synthetic company of the mock server: its data, its rendered
// metadata, its request budget (shared by every token of the company, as
// docs/API.md says of the real API) and the views of its recent queries.
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "mockapi/dataset.hpp"
#include "mockapi/faults.hpp"
#include "mockapi/page_renderer.hpp"

namespace reportgen::mockapi {

class Company {
  public:
    // `number` is 1-based (the token suffix); `budget` 0 = no budget.
    Company(int number, const DatasetShape& shape, bool fat, std::size_t budget,
            Clock::duration budget_window);

    int number() const noexcept { return number_; }
    const Dataset& data() const noexcept { return data_; }
    const PageRenderer& renderer() const noexcept { return renderer_; }
    RateLimiter& budget() noexcept { return budget_; }

    // The entries a filter selects, with `drift` drift entries ready (see
    // MockOptions::drift); the 256 most recent views are kept.
    std::shared_ptr<View> view(const EntryFilter& f, int drift);

  private:
    int number_;
    Dataset data_;
    PageRenderer renderer_;
    RateLimiter budget_;
    std::mutex views_m_;
    std::list<std::string> views_lru_;
    std::map<std::string, std::pair<std::shared_ptr<View>, std::list<std::string>::iterator>>
        views_;
};

// The shape of company `number` (1-based) of a server: company 1 is `base`
// itself; the others get their own seed, a name, and more employees the
// higher their number, so that no two answer the same data.
DatasetShape company_shape(const DatasetShape& base, int number);

}  // namespace reportgen::mockapi
