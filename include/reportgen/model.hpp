#pragma once
/// \file
/// The API's data as a user of the library sees it: a page's meta and the
/// reference data (check types, work breaks, collections) a report reads
/// besides the work entries (docs/API.md).
#include <cstdint>
#include <string>
#include <vector>

#include "reportgen/export.hpp"

namespace reportgen {

/// The `meta` of a list page of the API (docs/API.md).
struct REPORTGEN_API PageMeta {
    int64_t current_page = 0;  ///< `currentPage`: this page's number, from 1.
    int64_t last_page = 0;  ///< `lastPage`: the number of pages of the query.
    int64_t total = 0;  ///< `total`: the entries the query selects.
    int64_t per_page = 0;  ///< `perPage`: entries per page (the request's limit).
};

/// A check type (`/schedule/v1/check-types`): what kind of work an entry is.
struct REPORTGEN_API CheckType {
    std::string id;  ///< The API's id.
    std::string name;  ///< The name users see.
};
/// A break type (`/schedule/v1/work-breaks`).
struct REPORTGEN_API WorkBreak {
    std::string id;  ///< The API's id.
    std::string name;  ///< The name users see.
    int64_t break_minutes = 0;  ///< The break's planned length, minutes.
    /// "remunerated": true on the break type (not in the API document; read
    /// when present): its pauses are paid (docs/DESIGN.md "Workday figures").
    bool remunerated = false;
};
/// A collection of check types (`/schedule/v1/check-type-collections`): the by_group layout's groups.
struct REPORTGEN_API Collection {
    std::string id;  ///< The API's id.
    std::string name;  ///< The name users see.
    std::vector<std::string> check_type_ids;  ///< from the collection's detail
};

/// Everything besides work entries that a report needs.
struct REPORTGEN_API ReferenceData {
    std::vector<CheckType> check_types;  ///< Every check type of the company.
    std::vector<WorkBreak> work_breaks;  ///< Every break type of the company.
    std::vector<Collection> collections;  ///< Every collection, with its check types.
};

}  // namespace reportgen
