#pragma once
// The fetch stage of the payroll sources (docs/DESIGN.md "Payroll
// sources"): Sesame's statistics, planned time per day, days off, holidays
// and employee records of one report, read side by side through the
// report's request budget, into a PayrollSources for the report stage.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/reference_loader.hpp"
#include "api/request_budget.hpp"
#include "common/lru_ttl_cache.hpp"
#include "report/payroll_sources.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"

namespace reportgen::detail {

// Each employee's holidays of a year (/schedule/v1/holidays): they do not
// change within a month's reports, so the generator keeps them for its
// whole life (every report of the generator asks each employee and year
// once). Thread-safe.
struct NamedHoliday {
    int32_t day = 0;   // since the epoch
    std::string name;  // "" when the API gives none
};
class HolidayCache {
  public:
    // The holidays (ascending by day) of that employee and year, if kept.
    std::optional<std::vector<NamedHoliday>> find(const std::string& employee_id, int year) const;
    void put(const std::string& employee_id, int year, std::vector<NamedHoliday> days);
    std::size_t size() const;
    void clear();

  private:
    mutable std::mutex mu_;
    std::map<std::pair<std::string, int>, std::vector<NamedHoliday>> days_;
};

class PayrollLoader {
  public:
    using Cache = LruTtlCache<std::string, std::string>;

    // As ReferenceLoader: the report's settings, the generator's response
    // cache and the report's budget; `holidays` outlives the loader (the
    // generator owns it).
    PayrollLoader(const ClientConfig& cfg, Cache& cache, std::shared_ptr<RequestBudget> budget,
                  HolidayCache& holidays);

    // Reads the sources `need` names for req.from..req.to (req.employee_id
    // narrows every query). A 403/404 on a source's endpoint leaves that
    // source unread with a line in PayrollSources::missing and one warning;
    // anything else fatal today (401, data errors, retries exhausted,
    // cancellation) throws. Network metrics go to `tally`, failed requests
    // too.
    PayrollSources load(const ReportRequest& req, const NeededSources& need, NetworkTally& tally,
                        const CancelToken* cancel) const;

  private:
    struct Run;      // one load's state (payroll_loader.cpp)
    struct Pending;  // one load's sources in flight, then settled (idem)

    const ClientConfig cfg_;
    const std::string base_;
    Cache& cache_;
    std::shared_ptr<RequestBudget> budget_;
    HolidayCache& holidays_;
};

}  // namespace reportgen::detail
