#pragma once
// The API's request paths and the dates a report asks for.
#include <string>
#include <string_view>

#include "reportgen/config.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {

// RFC 3986 percent-encoding of one query value or path segment: every byte
// but A-Z a-z 0-9 - . _ ~ becomes %XX (space is %20).
std::string percent_encode(std::string_view value);

// The dates asked of the API for a report of [from, to]: the API selects
// entries by the local date of their clock-in (docs/API.md), so a shift that
// began the evening before `from`, or whose first clock-in is on `to` and
// continues past midnight, needs one more day each side; the report core
// drops the shifts whose workday lies outside [from, to]. A report that
// checks the weekly rest reads a few days more before `from`
// (first_day_read()): context for the rests, never reported.
DateRange query_range(const ReportRequest& req);

// Query paths for the endpoints (percent-encoded). list_path's endpoint is
// e.g. "/schedule/v1/check-types". No orderBy: its field names are not
// documented, and a 400 for an unknown one would end every report.
std::string work_entries_path(const ReportRequest& req, const DateRange& range, int limit,
                              int page);
// The same for exactly req.from .. req.to.
std::string work_entries_path(const ReportRequest& req, int limit, int page);
std::string list_path(std::string_view endpoint, int limit, int page);

// The name a request is counted under in Metrics::requests_by_endpoint: the
// last segment of the URL's path that is not an id, query stripped
// ("https://h/schedule/v1/work-entries?page=2" -> "work-entries",
// "/schedule/v1/check-type-collections/<id>" -> "check-type-collections").
// A segment is an id when it is a uuid or all digits, or when it follows
// "check-type-collections" (the one detail route the client reads).
std::string_view endpoint_name(std::string_view url) noexcept;

}  // namespace reportgen::detail
