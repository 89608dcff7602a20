#pragma once
// The API's data as a user of the library sees it: a page's meta and the
// reference data (check types, work breaks, collections) a report reads
// besides the work entries (docs/API.md).
#include <cstdint>
#include <string>
#include <vector>

#include "reportgen/export.hpp"

namespace reportgen {

struct REPORTGEN_API PageMeta {
    int64_t current_page = 0;
    int64_t last_page = 0;
    int64_t total = 0;
    int64_t per_page = 0;
};

// Metadata endpoints.
struct REPORTGEN_API CheckType {
    std::string id;
    std::string name;
};
struct REPORTGEN_API WorkBreak {
    std::string id;
    std::string name;
    int64_t break_minutes = 0;
    // "remunerated": true on the break type (not in the API document; read
    // when present): its pauses are paid (docs/DESIGN.md "Workday figures").
    bool remunerated = false;
};
struct REPORTGEN_API Collection {
    std::string id;
    std::string name;
    std::vector<std::string> check_type_ids;  // from the collection's detail
};

// Everything besides work entries that a report needs.
struct REPORTGEN_API ReferenceData {
    std::vector<CheckType> check_types;
    std::vector<WorkBreak> work_breaks;
    std::vector<Collection> collections;
};

}  // namespace reportgen
