// The traceability fields of a work entry (docs/DESIGN.md "Traceability and
// place of work"): createdAt, updatedAt, the origins of clock-in and
// clock-out and the clock-in's coordinates, decoded alike by both paths,
// every value range-checked with an error naming the page and the field.
#include <catch2/catch.hpp>

#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

const std::string kEntry =
    R"({"id":"00000000-0000-4000-8000-000000000001","workEntryType":"work","workCheckTypeId":null,)"
    R"("employee":{"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
    R"("workEntryIn":{"origin":"web","date":"2024-01-10T08:00:00+01:00",)"
    R"("coordinates":{"latitude":40.4167754,"longitude":-3.7037902}},)"
    R"("workEntryOut":{"origin":"app","date":"2024-01-10T16:00:00+01:00","coordinates":{"latitude":1,"longitude":2}},)"
    R"("workedSeconds":28800,"deletedAt":null,"comment":null,)"
    R"("createdAt":"2024-01-10T07:00:02Z","updatedAt":"2024-01-12T09:30:00+01:00"})";

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
    EntryTraces traces;
    std::vector<WorkEntry> entries;
    const EntryTrace& t() const { return traces.items.at(0); }
    std::string_view origin(uint8_t ref) const { return traces.origins[ref]; }
};

Result decode(const std::string& entry, bool trace = true) {
    std::string body = R"({"data":[)" + entry + R"(],"meta":{"currentPage":4,"lastPage":4,"total":1}})";
    Result r;
    PageDecoder dec;
    dec.decode(body, 4, r.employees, r.check_types, r.break_types, r.entries,
               trace ? &r.traces : nullptr);
    REQUIRE(r.entries.size() == 1);
    REQUIRE(r.traces.items.size() == (trace ? 1u : 0u));
    return r;
}

std::string error_of(const std::string& entry) {
    try {
        decode(entry);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    return "(accepted)";
}

const int64_t kClockInUtc = 1704870000;  // 2024-01-10T07:00:00Z

}  // namespace

TEST_CASE("PageDecoder reads createdAt, updatedAt, origins and coordinates", "[decoder][trace]") {
    const bool fast = GENERATE(true, false);
    DecoderPathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));

    SECTION("every field of the contract") {
        const Result r = decode(kEntry);
        const EntryTrace& e = r.t();
        CHECK(r.entries[0].in_utc == kClockInUtc);
        CHECK(e.created_utc == kClockInUtc + 2);
        CHECK(e.updated_utc == kClockInUtc + 2 * 86400 + 7200 - 3600 + 1800);  // 12th 08:30Z
        CHECK(e.lat_e7 == 404167754);
        CHECK(e.lon_e7 == -37037902);
        CHECK(r.origin(e.origin_in) == "web");
        CHECK(r.origin(e.origin_out) == "app");
        CHECK(r.traces.origins.size() == 2);
    }
    SECTION("keys in another order, origins shared between entries") {
        const std::string moved = with(
            with(kEntry, R"("workEntryIn":{"origin":"web","date":"2024-01-10T08:00:00+01:00",)",
                 R"("createdAt":null,"workEntryIn":{"coordinates":null,"date":"2024-01-10T08:00:00+01:00",)"),
            R"("coordinates":{"latitude":40.4167754,"longitude":-3.7037902}},)",
            R"("origin":"app"},)");
        const Result r = decode(moved);
        const EntryTrace& e = r.t();
        CHECK(e.created_utc == kClockInUtc + 2);  // the later createdAt of the entry wins
        CHECK(e.lat_e7 == kNoCoordinate);
        CHECK(e.lon_e7 == kNoCoordinate);
        CHECK(e.origin_in == e.origin_out);
        CHECK(r.origin(e.origin_in) == "app");
    }
    SECTION("null and absent values are none") {
        std::string s = with(kEntry, R"("origin":"web",)", R"("origin":null,)");
        s = with(s, R"("coordinates":{"latitude":40.4167754,"longitude":-3.7037902})",
                 R"("coordinates":{"latitude":null,"longitude":null})");
        s = with(s, R"("createdAt":"2024-01-10T07:00:02Z")", R"("createdAt":null)");
        s = with(s, R"(,"updatedAt":"2024-01-12T09:30:00+01:00")", "");
        const Result r = decode(s);
        const EntryTrace& e = r.t();
        CHECK(e.origin_in == 0);
        CHECK(r.origin(e.origin_out) == "app");
        CHECK(e.lat_e7 == kNoCoordinate);
        CHECK(e.created_utc == kNoTime);
        CHECK(e.updated_utc == kNoTime);
    }
    SECTION("(0, 0) is a device without a fix: no coordinates") {
        const Result r = decode(with(kEntry, R"("latitude":40.4167754,"longitude":-3.7037902)",
                                     R"("latitude":0,"longitude":0.0)"));
        CHECK(r.t().lat_e7 == kNoCoordinate);
        CHECK(r.t().lon_e7 == kNoCoordinate);
    }
    SECTION("the extreme coordinates are in range") {
        const Result r = decode(with(kEntry, R"("latitude":40.4167754,"longitude":-3.7037902)",
                                     R"("latitude":-90,"longitude":180.0)"));
        CHECK(r.t().lat_e7 == -900000000);
        CHECK(r.t().lon_e7 == 1800000000);
    }
    SECTION("out of range, wrong types and half coordinates are data errors") {
        const auto coords = [](const std::string& v) {
            return with(kEntry, R"({"latitude":40.4167754,"longitude":-3.7037902})", v);
        };
        CHECK_THAT(error_of(coords(R"({"latitude":90.0000001,"longitude":0})")),
                   Catch::Contains("work-entries page 4: entry 0: field "
                                   "workEntryIn.coordinates.latitude: a latitude from -90 to 90 "
                                   "degrees, got 90.0000001"));
        CHECK_THAT(error_of(coords(R"({"latitude":1,"longitude":-180.5})")),
                   Catch::Contains("field workEntryIn.coordinates.longitude: a longitude from "
                                   "-180 to 180 degrees, got -180.5"));
        CHECK_THAT(error_of(coords(R"({"latitude":"40.4","longitude":1})")),
                   Catch::Contains("workEntryIn.coordinates.latitude: expected a number or null"));
        CHECK_THAT(error_of(coords(R"({"latitude":40.4})")),
                   Catch::Contains("field workEntryIn.coordinates: latitude and longitude, both "
                                   "or neither"));
        CHECK_THAT(error_of(coords("[1,2]")),
                   Catch::Contains("field workEntryIn.coordinates: expected an object or null"));
        CHECK_THAT(error_of(with(kEntry, R"("origin":"web")", R"("origin":7)")),
                   Catch::Contains("field workEntryIn.origin: expected a string"));
        CHECK_THAT(error_of(with(kEntry, R"("origin":"app")", R"("origin":{})")),
                   Catch::Contains("field workEntryOut.origin: expected a string"));
        CHECK_THAT(
            error_of(with(kEntry, R"("createdAt":"2024-01-10T07:00:02Z")", R"("createdAt":"yesterday")")),
            Catch::Contains("field createdAt: a timestamp like"));
        CHECK_THAT(error_of(with(kEntry, R"("updatedAt":"2024-01-12T09:30:00+01:00")",
                                 R"("updatedAt":"2150-01-01T00:00:00Z")")),
                   Catch::Contains("field updatedAt: a timestamp between 1970 and 2100"));
        CHECK_THAT(error_of(with(kEntry, R"("updatedAt":"2024-01-12T09:30:00+01:00")",
                                 R"("updatedAt":12)")),
                   Catch::Contains("field updatedAt: expected a"));
    }
}

TEST_CASE("PageDecoder without traces reads none of the trace fields", "[decoder][trace]") {
    // A presence report asks for no traces: the fields are skipped unread,
    // as any field the report does not use (their grammar is still JSON).
    const bool fast = GENERATE(true, false);
    DecoderPathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    std::string s = with(kEntry, R"("createdAt":"2024-01-10T07:00:02Z")", R"("createdAt":"yesterday")");
    s = with(s, R"("origin":"web")", R"("origin":7)");
    s = with(s, R"({"latitude":40.4167754,"longitude":-3.7037902})", R"({"latitude":"north"})");
    const Result r = decode(s, false);
    CHECK(r.entries[0].in_utc == kClockInUtc);
    CHECK(r.entries[0].out_utc == kClockInUtc + 8 * 3600);
    // The same entry with traces asked for fails on the first bad field.
    CHECK_THAT(error_of(s), Catch::Contains("work-entries page 4: entry 0: field workEntryIn."));
}

TEST_CASE("PageDecoder keeps traces parallel to the entries of a page", "[decoder][trace]") {
    const bool fast = GENERATE(true, false);
    DecoderPathScope path(fast);
    std::string second = with(kEntry, "00000000-0000-4000-8000-000000000001",
                              "00000000-0000-4000-8000-000000000002");
    second = with(second, R"("createdAt":"2024-01-10T07:00:02Z")", R"("createdAt":null)");
    std::string body = R"({"data":[)" + kEntry + "," + second +
                       R"(],"meta":{"currentPage":1,"lastPage":1,"total":2}})";
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    EntryTraces traces;
    std::vector<WorkEntry> entries;
    PageDecoder dec;
    dec.decode(body, 1, employees, check_types, break_types, entries, &traces);
    REQUIRE(entries.size() == 2);
    REQUIRE(traces.items.size() == 2);
    CHECK(traces.items[0].created_utc == kClockInUtc + 2);
    CHECK(traces.items[1].created_utc == kNoTime);
}
