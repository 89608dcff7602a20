#pragma once
// Decoding of the metadata endpoints (check types, work breaks,
// collections, company info): simdjson On-Demand without a DOM, since a
// small compressed body can inflate to hundreds of MB.
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/model.hpp"

namespace reportgen::detail {

// Metadata list pages; append to out, return meta. `what` names the
// resource in errors ("check-types page 1").
PageMeta decode_check_types(std::string_view body, std::string_view what,
                            std::vector<CheckType>& out);
PageMeta decode_work_breaks(std::string_view body, std::string_view what,
                            std::vector<WorkBreak>& out);
PageMeta decode_collections(std::string_view body, std::string_view what,
                            std::vector<Collection>& out);
// The detail of one collection: its check type ids (`data` is an array of
// groups whose checkTypes are merged; a single group object is accepted).
std::vector<std::string> decode_collection_check_types(std::string_view body,
                                                       std::string_view what);

// GET /core/v3/info: the company behind the token.
struct CompanyInfo {
    std::string id;
    std::string name;
    std::string language;
};
CompanyInfo decode_company_info(std::string_view body, std::string_view what);

}  // namespace reportgen::detail
