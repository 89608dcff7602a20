// Values docs/API.md does not promise (an unknown workEntryType or
// identityNumberType, a missing workedSeconds, a null employee) are decoded
// as documented and counted in PageDecoder::stats(); numbers and dates out
// of range are data errors. Both decoder paths must agree.
#include <catch2/catch.hpp>

#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

using PathScope = detail::DecoderPathScope;

const std::string kEntry =
    R"({"id":"00000000-0000-4000-8000-000000000001","workEntryType":"work","workCheckTypeId":null,)"
    R"("employee":{"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"},)"
    R"("workEntryIn":{"date":"2024-01-10T08:00:00+02:00"},"workEntryOut":{"date":"2024-01-10T16:00:00Z"},)"
    R"("workedSeconds":100,"deletedAt":null})";

// s with its first `from` replaced by `to`.
std::string with(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}
std::string entry_with(const std::string& from, const std::string& to) {
    return with(kEntry, from, to);
}

struct Result {
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> entries;
    DecodeStats stats;
};

Result decode(const std::vector<std::string>& entries) {
    std::string body = R"({"data":[)";
    for (std::size_t i = 0; i < entries.size(); ++i)
        body += (i ? "," : "") + entries[i];
    body += R"(],"meta":{"currentPage":1,"lastPage":1,"total":1}})";
    Result r;
    PageDecoder dec;
    dec.decode(body, 1, r.employees, r.check_types, r.break_types, r.entries);
    r.stats = dec.stats();
    return r;
}

std::string error_of(const std::string& entry) {
    try {
        decode({kEntry, entry});
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("PageDecoder decodes and counts values the API does not promise", "[decoder]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));

    SECTION("a known page counts nothing") {
        const Result r = decode({kEntry, kEntry});
        CHECK(r.stats.unknown_entry_types == 0);
        CHECK(r.stats.unknown_identity_types == 0);
        CHECK(r.stats.missing_worked_seconds == 0);
        CHECK(r.stats.null_employees == 0);
    }
    SECTION("an unknown workEntryType is work") {
        const Result r = decode({entry_with(R"("work")", R"("overtime")"), kEntry});
        CHECK_FALSE(r.entries[0].pause);
        CHECK(r.stats.unknown_entry_types == 1);
    }
    SECTION("an unknown identityNumberType is kept lower-cased") {
        const Result r = decode({entry_with(R"("dni")", R"("PASSPORT")")});
        CHECK(r.employees[r.entries[0].employee].identity_type == "passport");
        CHECK(r.stats.unknown_identity_types == 1);
    }
    SECTION("a missing or null workedSeconds is out - in, 0 while open") {
        const Result r = decode({entry_with(R"("workedSeconds":100,)", ""),
                                 entry_with(R"("workedSeconds":100,)", R"("workedSeconds":null,)"),
                                 with(entry_with(R"({"date":"2024-01-10T16:00:00Z"})", "null"),
                                      R"("workedSeconds":100,)", "")});
        REQUIRE(r.entries.size() == 3);
        CHECK(r.entries[0].worked_s == 10 * 3600);  // 06:00Z to 16:00Z
        CHECK(r.entries[1].worked_s == 10 * 3600);
        CHECK(r.entries[2].open());
        CHECK(r.entries[2].worked_s == 0);
        CHECK(r.stats.missing_worked_seconds == 3);
    }
    SECTION("a null employee is the unknown employee") {
        const std::string emp =
            R"({"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"dni"})";
        const Result r = decode({entry_with(emp, "null"), kEntry, entry_with(emp, "null")});
        REQUIRE(r.entries.size() == 3);
        CHECK(r.entries[0].employee == r.entries[2].employee);
        CHECK(r.employees[r.entries[0].employee].name.empty());
        CHECK(r.employees[r.entries[0].employee].id.empty());
        CHECK(r.employees[r.entries[1].employee].name == "Ana Ruiz");
        CHECK(r.stats.null_employees == 2);
    }
    SECTION("counts add up across pages of one decoder") {
        PageDecoder dec;
        EmployeeTable employees;
        CheckTypeRefs refs;
        BreakTypeRefs breaks;
        std::vector<WorkEntry> out;
        for (int page = 1; page <= 2; ++page) {
            std::string body = R"({"data":[)" + entry_with(R"("work")", R"("x")") +
                               R"(],"meta":{"currentPage":)" + std::to_string(page) +
                               R"(,"lastPage":2,"total":2}})";
            dec.decode(body, page, employees, refs, breaks, out);
        }
        CHECK(dec.stats().unknown_entry_types == 2);
    }
}

TEST_CASE("PageDecoder refuses numbers and dates out of range", "[decoder]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    for (const char* worked : {"1e300", "-1", "2147483648", "1e10", "-0.5e3"}) {
        INFO(worked);
        CHECK_THAT(error_of(entry_with("100", worked)), Catch::Contains("work-entries page 1") &&
                                                            Catch::Contains("entry 1") &&
                                                            Catch::Contains("field workedSeconds"));
    }
    for (const char* date : {"1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                             "0000-01-01T00:00:00+01:00"}) {
        INFO(date);
        CHECK_THAT(error_of(entry_with("2024-01-10T08:00:00+02:00", date)),
                   Catch::Contains("entry 1") && Catch::Contains("field workEntryIn.date") &&
                       Catch::Contains("between 1970 and 2100"));
        CHECK_THAT(error_of(entry_with("2024-01-10T16:00:00Z", date)),
                   Catch::Contains("entry 1") && Catch::Contains("field workEntryOut.date"));
    }
    // An open-ended clock-in far before its clock-out: the derived duration
    // does not fit workedSeconds.
    const std::string long_span =
        with(with(entry_with(R"("workedSeconds":100,)", ""), "2024-01-10T08", "1970-01-10T08"),
             "2024-01-10T16", "2099-01-10T16");
    CHECK_THAT(error_of(long_span), Catch::Contains("entry 1") &&
                                        Catch::Contains("field workedSeconds") &&
                                        Catch::Contains("out of range"));
}

// Found by fuzz/fuzz_timestamp.cpp: the decoder's timestamp parser took a
// date of ten NUL bytes (a JSON "\u0000..." string) for 1970-01-01, matching
// its empty cache of the last date seen.
TEST_CASE("a date of NUL bytes is not a date", "[decoder][fuzz]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    const std::string nul_date = R"(\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000)";
    // Alone on its page, so the decoder has no last date yet.
    const std::string entry = entry_with("2024-01-10T08:00:00+02:00", nul_date + "T08:00:00Z");
    try {
        decode({entry});
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        CHECK_THAT(e.what(),
                   Catch::Contains("entry 0") && Catch::Contains("field workEntryIn.date"));
    }
}

// workedSeconds is rounded down on both paths, whatever its spelling: plain
// decimals (the fast path's own reader) and the forms only a double parser
// reads (more than five decimals, exponents).
TEST_CASE("PageDecoder rounds workedSeconds down, never to nearest", "[decoder]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    struct Case {
        const char* json;
        int32_t want;
    };
    for (const Case& c : {Case{"0.99999", 0}, Case{"7199.5", 7199}, Case{"59.9999999", 59},
                          Case{"3599.9e0", 3599}, Case{"1.5e2", 150}, Case{"2147483647.9", 2147483647},
                          Case{"42", 42}}) {
        INFO(c.json);
        const Result r = decode({entry_with(R"("workedSeconds":100)",
                                            std::string(R"("workedSeconds":)") + c.json)});
        REQUIRE(r.entries.size() == 1);
        CHECK(r.entries[0].worked_s == c.want);
        CHECK(r.stats.missing_worked_seconds == 0);
    }
}

// A clock-in is required: null, an object without a date, or a null date is
// a data error naming the entry and the field, on both paths (the key
// missing altogether is page_decoder_test.cpp's case).
TEST_CASE("PageDecoder refuses an entry without a clock-in", "[decoder]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    const std::string in = R"({"date":"2024-01-10T08:00:00+02:00"})";
    for (const char* missing : {"null", "{}", R"({"place":"HQ"})", R"({"date":null})"}) {
        INFO(missing);
        CHECK_THAT(error_of(entry_with(in, missing)),
                   Catch::Contains("work-entries page 1") && Catch::Contains("entry 1") &&
                       Catch::Contains("field workEntryIn"));
    }
    // And the open clock-out next to it is fine: only the clock-in is required.
    CHECK(decode({entry_with(R"({"date":"2024-01-10T16:00:00Z"})", "null")}).entries[0].open());
}
