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
#include "mockapi/payroll_renderer.hpp"
#include "mockapi/schedule.hpp"
#include "mockapi/statistics.hpp"

namespace reportgen::mockapi {

class Company {
  public:
    // `number` is 1-based (the token suffix); `budget` 0 = no budget;
    // `stale_statistics` employees get a stale secondsWorked (a fault).
    Company(int number, const DatasetShape& shape, bool fat, std::size_t budget,
            Clock::duration budget_window, int stale_statistics = 0, int holiday_calendars = 1);

    int number() const noexcept { return number_; }
    const Dataset& data() const noexcept { return data_; }
    const PageRenderer& renderer() const noexcept { return renderer_; }
    const Schedule& schedule() const noexcept { return schedule_; }
    const Statistics& statistics() const noexcept { return statistics_; }
    const PayrollRenderer& payroll() const noexcept { return payroll_; }
    // Seconds missing from the employee's served secondsWorked (the
    // stale-statistics fault; 0 for most), and who they are, by index.
    int64_t stale_seconds(uint32_t employee) const;
    const std::vector<uint32_t>& stale_employees() const noexcept { return stale_; }
    RateLimiter& budget() noexcept { return budget_; }
    // Holiday calendars (MockOptions::holiday_calendars) and the one an
    // employee follows (0: the national one).
    int holiday_calendars() const noexcept { return holiday_calendars_; }
    int calendar_of(uint32_t employee) const noexcept {
        return holiday_calendars_ == 2 ? static_cast<int>(employee % 2) : 0;
    }

    // The entries a filter selects, with `drift` drift entries ready (see
    // MockOptions::drift); the 256 most recent views are kept.
    std::shared_ptr<View> view(const EntryFilter& f, int drift);

  private:
    int number_;
    Dataset data_;
    PageRenderer renderer_;
    Schedule schedule_;
    Statistics statistics_;
    PayrollRenderer payroll_;
    std::vector<uint32_t> stale_;  // sorted
    int holiday_calendars_ = 1;
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
