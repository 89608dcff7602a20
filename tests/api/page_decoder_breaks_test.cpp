// A pause's break type (workBreakId) and "remunerated": extras the API
// document does not list, read when present on both decoder paths
// (docs/DESIGN.md "Workday figures"). A pause keeps its break type in
// WorkEntry::check_type; a work entry keeps its activity there.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

// A pause with both extras after workEntryType; the tests edit it.
const std::string kPause =
    R"({"id":"00000000-0000-4000-8000-000000000002","workEntryType":"pause",)"
    R"("workCheckTypeId":"c-activity","workBreakId":"b-comida","remunerated":false,)"
    R"("employee":{"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
    R"("workEntryIn":{"date":"2024-01-10T13:00:00+01:00"},"workEntryOut":{"date":"2024-01-10T14:00:00+01:00"},)"
    R"("workedSeconds":3600,"deletedAt":null})";

std::string with(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

struct Result {
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> entries;
    bool fast = false;  // the fast path decoded the page

    std::string break_of(std::size_t i) const {
        const uint32_t b = entries.at(i).break_type();
        return b == WorkEntry::kNoBreakType ? "(none)" : break_types[b];
    }
    std::string activity_of(std::size_t i) const {
        const uint32_t a = entries.at(i).activity();
        return a == WorkEntry::kNoCheckType ? "(none)" : check_types[a];
    }
};

Result decode(const std::vector<std::string>& entries) {
    std::string body = R"({"data":[)";
    for (std::size_t i = 0; i < entries.size(); ++i)
        body += (i ? "," : "") + entries[i];
    body += R"(],"meta":{"currentPage":1,"lastPage":1,"total":1}})";
    Result r;
    PageDecoder dec;
    const auto fast_before = page_decoder_fast_pages.load();
    dec.decode(body, 1, r.employees, r.check_types, r.break_types, r.entries);
    r.fast = page_decoder_fast_pages.load() > fast_before;
    return r;
}

std::string error_of(const std::string& entry) {
    try {
        decode({kPause, entry});
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("decoder: a pause's workBreakId and remunerated, present, null or absent",
          "[decoder][breaks]") {
    const bool fast = GENERATE(true, false);
    const DecoderPathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));

    SECTION("present: the pause keeps its break type, not an activity") {
        const Result r = decode({kPause, with(kPause, "\"remunerated\":false", "\"remunerated\":true")});
        CHECK(r.fast == fast);  // shaped as the API sends it: the fast path takes it
        REQUIRE(r.entries.size() == 2);
        CHECK(r.entries[0].pause);
        CHECK(r.break_of(0) == "b-comida");
        CHECK(r.activity_of(0) == "(none)");
        CHECK(r.check_types.size() == 0);  // a pause's workCheckTypeId is not interned
        CHECK_FALSE(r.entries[0].remunerated);
        CHECK(r.entries[1].remunerated);
    }
    SECTION("null or absent: no break type, not remunerated") {
        const Result r = decode({with(kPause, "\"b-comida\"", "null"),
                                 with(with(kPause, "\"workBreakId\":\"b-comida\",", ""),
                                      "\"remunerated\":false,", ""),
                                 with(kPause, "\"remunerated\":false", "\"remunerated\":null")});
        CHECK(r.fast == fast);
        REQUIRE(r.entries.size() == 3);
        CHECK(r.break_of(0) == "(none)");
        CHECK(r.break_of(1) == "(none)");
        CHECK(r.break_of(2) == "b-comida");
        for (const WorkEntry& e : r.entries)
            CHECK_FALSE(e.remunerated);
    }
    SECTION("a work entry keeps its activity and ignores the extras") {
        const Result r =
            decode({with(with(kPause, "\"pause\"", "\"work\""), "\"remunerated\":false",
                         "\"remunerated\":true")});
        REQUIRE(r.entries.size() == 1);
        CHECK_FALSE(r.entries[0].pause);
        CHECK(r.activity_of(0) == "c-activity");
        CHECK(r.break_of(0) == "(none)");
        CHECK(r.break_types.size() == 0);
        CHECK_FALSE(r.entries[0].remunerated);
    }
    SECTION("the extras before workEntryType, and a later duplicate, as in any field") {
        // Keys in any order; a pause is read to its end when an extra is
        // missing, so a later duplicate of workBreakId wins.
        const std::string early =
            with(with(kPause, "\"workEntryType\":\"pause\",", ""), "\"deletedAt\":null",
                 "\"deletedAt\":null,\"workEntryType\":\"pause\"");
        const std::string reordered = with(with(kPause, "\"workBreakId\":\"b-comida\",", ""),
                                           "\"id\":", "\"workBreakId\":\"b-cafe\",\"id\":");
        const std::string duplicate =
            with(with(kPause, ",\"remunerated\":false", ""), "\"deletedAt\":null",
                 "\"deletedAt\":null,\"workBreakId\":\"b-cafe\"");
        const Result r = decode({early, reordered, duplicate});
        CHECK(r.fast == fast);
        REQUIRE(r.entries.size() == 3);
        CHECK(r.break_of(0) == "b-comida");
        CHECK(r.break_of(1) == "b-cafe");
        CHECK(r.break_of(2) == "b-cafe");
    }
}

TEST_CASE("decoder: a workBreakId or remunerated of another type is a data error",
          "[decoder][breaks]") {
    const bool fast = GENERATE(true, false);
    const DecoderPathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    CHECK_THAT(error_of(with(kPause, "\"b-comida\"", "42")),
               Catch::Contains("work-entries page 1: entry 1: field workBreakId: expected a "
                               "string"));
    CHECK_THAT(error_of(with(kPause, "\"b-comida\"", "{}")),
               Catch::Contains("entry 1: field workBreakId"));
    CHECK_THAT(error_of(with(kPause, "\"remunerated\":false", "\"remunerated\":\"yes\"")),
               Catch::Contains("work-entries page 1: entry 1: field remunerated: expected true, "
                               "false or null"));
    CHECK_THAT(error_of(with(kPause, "\"remunerated\":false", "\"remunerated\":1")),
               Catch::Contains("field remunerated"));
}
