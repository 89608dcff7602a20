#pragma once
// Hand-made work entries for the report tests: times written as the API
// writes them ("2024-01-10T21:54:19+01:00"), so a test reads like its case.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "api/timestamp.hpp"
#include "report/work_entry.hpp"

namespace reportgen::test {

using namespace reportgen::detail;  // the internals under test

inline Timestamp ts(std::string_view s) {
    const auto t = parse_timestamp(s);
    REQUIRE(t);
    return *t;
}

struct HandEntry {
    HandEntry(uint64_t id_, std::string_view in_, std::string_view out_ = {}, bool pause_ = false,
              std::optional<int32_t> worked_ = {}, uint32_t employee_ = 0, bool deleted_ = false)
        : id(id_),
          in(in_),
          out(out_),
          pause(pause_),
          worked(worked_),
          employee(employee_),
          deleted(deleted_) {}
    uint64_t id;
    std::string_view in;
    std::string_view out;  // empty: open
    bool pause;
    std::optional<int32_t> worked;  // default: clock-out minus clock-in (0 when open or negative)
    uint32_t employee;
    bool deleted;
};

inline WorkEntry make_entry(const HandEntry& h) {
    WorkEntry e;
    e.id = EntryId{0, h.id};
    const Timestamp in = ts(h.in);
    e.in_utc = in.utc;
    e.in_offset_min = in.offset_min;
    if (!h.out.empty()) {
        const Timestamp out = ts(h.out);
        e.out_utc = out.utc;
        e.out_offset_min = out.offset_min;
    }
    const int64_t span = e.open() ? 0 : std::max<int64_t>(0, e.out_utc - e.in_utc);
    e.worked_s = h.worked ? *h.worked : static_cast<int32_t>(span);
    e.employee = h.employee;
    e.pause = h.pause ? 1 : 0;
    e.deleted = h.deleted ? 1 : 0;
    return e;
}

}  // namespace reportgen::test
