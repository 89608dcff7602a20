#pragma once
// The page decoder's On-Demand path (src/api/decode/ondemand_path.cpp): the
// reference decoding of a page, for every page the fast path declines.
#include <memory>
#include <string_view>
#include <vector>

#include "api/decode/common.hpp"
#include "api/decode/intern_cache.hpp"

namespace reportgen::detail {

class OnDemandPath {
  public:
    OnDemandPath();
    ~OnDemandPath();
    OnDemandPath(const OnDemandPath&) = delete;
    OnDemandPath& operator=(const OnDemandPath&) = delete;

    // Decodes a page already validated as JSON: data (size bytes, readable
    // up to capacity, which leaves simdjson's padding). Appends its entries
    // to out and its counts to stats; throws a data error naming the page,
    // entry and field on any departure from docs/API.md.
    PageMeta decode(const char* data, std::size_t size, std::size_t capacity, int page,
                    EmployeeTable& employees, CheckTypeRefs& check_types,
                    BreakTypeRefs& break_types, EntryTraces* traces, InternCache& cache,
                    TimestampParser& timestamps, std::vector<WorkEntry>& out,
                    DecodeStats& stats);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
