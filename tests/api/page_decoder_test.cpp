#include <catch2/catch.hpp>

#include "api/metadata_decoder.hpp"
#include "api/page_decoder.hpp"
#include "api/timestamp.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"
#include "reportgen/time.hpp"
#include "support/capture_sink.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

struct Decoded {
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> entries;
    PageMeta meta;
};

Decoded decode(std::string body, int page = 1) {
    Decoded d;
    PageDecoder dec;
    d.meta = dec.decode(body, page, d.employees, d.check_types, d.break_types, d.entries);
    return d;
}

// The message of the data error that decoding `body` raises.
std::string error_of(std::string body, int page = 3) {
    try {
        decode(std::move(body), page);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    FAIL("no error raised");
    return {};
}

std::string page_with(const std::string& entry) {
    return R"({"data":[)" + entry +
           R"(],"meta":{"currentPage":3,"lastPage":9,"total":4000,"perPage":500}})";
}

const std::string kGood =
    R"({"id":"00000000-0000-4000-8000-000000000001","workEntryType":"work","workCheckTypeId":null,)"
    R"("employee":{"id":"e1","firstName":"Ana","lastName":"Ruiz","nid":"1Z","identityNumberType":"DNI"},)"
    R"("workEntryIn":{"date":"2024-01-10T08:00:00+02:00"},"workEntryOut":{"date":"2024-01-10T16:00:00Z"},)"
    R"("workedSeconds":100.9,"deletedAt":null})";

}  // namespace

TEST_CASE("timestamps keep their own offset", "[decoder]") {
    const auto a = parse_timestamp("2025-08-12T21:54:19+02:00");
    REQUIRE(a);
    CHECK(a->offset_min == 120);
    CHECK(a->utc == days_from_civil({2025, 8, 12}) * 86400 + 19 * 3600 + 54 * 60 + 19);
    CHECK(a->local() % 86400 == 21 * 3600 + 54 * 60 + 19);
    const auto z = parse_timestamp("2024-01-10T07:00:00Z");
    REQUIRE(z);
    CHECK(z->offset_min == 0);
    const auto frac = parse_timestamp("2024-01-10T07:00:00.123-03:30");
    REQUIRE(frac);
    CHECK(frac->offset_min == -210);
    CHECK(frac->utc == days_from_civil({2024, 1, 10}) * 86400 + 10 * 3600 + 30 * 60);
    CHECK(parse_timestamp("2024-01-10T07:00:00+0100"));
    for (const char* bad : {"2024-01-10", "2024-13-10T07:00:00Z", "2024-02-30T07:00:00Z",
                            "2024-01-10T25:00:00Z", "2024-01-10T07:00:00", "2024-01-10T07:00:00+1",
                            "2024-01-10T07:00:00Zjunk", "not a date at all!!!"})
        CHECK_FALSE(parse_timestamp(bad));
}

TEST_CASE("PageDecoder reads the fields reports use and skips the rest", "[decoder]") {
    const Decoded d = decode(test::fixture("report/semantics_page1.json"));
    CHECK(d.meta.current_page == 1);
    CHECK(d.meta.last_page == 2);
    CHECK(d.meta.total == 22);
    CHECK(d.meta.per_page == 16);
    REQUIRE(d.entries.size() == 16);
    const WorkEntry& first = d.entries[0];
    CHECK(first.id == EntryId::from_string("00000000-0000-4000-8000-000000000001"));
    CHECK_FALSE(first.pause);
    CHECK(first.worked_s == 941);
    CHECK(first.in_offset_min == 60);
    CHECK(d.employees[first.employee].name == "José Núñez");
    CHECK(d.employees[first.employee].identity_type == "dni");
    CHECK(d.check_types[first.check_type] == "c0000000-0000-4000-8000-00000000000a");
    CHECK(d.entries[2].pause);
    // A pause holds its break type (workBreakId), never an activity.
    CHECK(d.entries[2].activity() == WorkEntry::kNoCheckType);
    REQUIRE(d.entries[2].break_type() != WorkEntry::kNoBreakType);
    CHECK(d.break_types[d.entries[2].break_type()] == "b0000000-0000-4000-8000-000000000001");
    CHECK(d.entries[4].deleted);
    CHECK(d.employees.size() == 3);  // interned: 16 entries, 3 employees
    CHECK(d.employees[d.entries[5].employee].name == "Ana, María O\"Brien");
}

TEST_CASE("PageDecoder: nulls, floats, open entries, Z offsets", "[decoder]") {
    const Decoded d = decode(page_with(kGood) /* page 3 */, 3);
    REQUIRE(d.entries.size() == 1);
    const WorkEntry& e = d.entries[0];
    CHECK(e.worked_s == 100);  // rounded down
    CHECK(e.out_offset_min == 0);
    CHECK(d.employees[e.employee].identity_type == "dni");
    CHECK(d.employees[e.employee].has_nid);

    std::string open = kGood;
    open.replace(open.find(R"({"date":"2024-01-10T16:00:00Z"})"), 31, "null");
    CHECK(decode(page_with(open), 3).entries[0].open());
    std::string null_date = kGood;
    null_date.replace(null_date.find(R"("2024-01-10T16:00:00Z")"), 22, "null");
    CHECK(decode(page_with(null_date), 3).entries[0].open());
    std::string no_names = kGood;
    no_names.replace(no_names.find(R"("Ana")"), 5, "null");
    no_names.replace(no_names.find(R"("1Z")"), 4, "null");
    const Decoded nn = decode(page_with(no_names), 3);
    CHECK(nn.employees[0].name == "Ruiz");
    CHECK_FALSE(nn.employees[0].has_nid);
}

TEST_CASE("PageDecoder errors name the page, the entry and the field", "[decoder]") {
    SECTION("an HTML page from a proxy") {
        const auto m = error_of("<html><body>502 Bad Gateway</body></html>");
        CHECK_THAT(m, Catch::Contains("work-entries page 3") &&
                          Catch::Contains("not a JSON object") && Catch::Contains("<html>"));
    }
    SECTION("truncated JSON") {
        const auto body = page_with(kGood + "," + kGood);
        const auto m = error_of(body.substr(0, body.size() - 200));
        CHECK_THAT(m, Catch::Contains("work-entries page 3"));
    }
    SECTION("missing data and meta") {
        CHECK_THAT(error_of(R"({"meta":{"lastPage":1,"total":0}})"), Catch::Contains("\"data\""));
        CHECK_THAT(error_of(R"({"data":[]})"), Catch::Contains("\"meta\""));
        CHECK_THAT(error_of(R"({"data":[],"meta":{"total":0}})"), Catch::Contains("meta.lastPage"));
    }
    SECTION("wrong types") {
        std::string s = kGood;
        s.replace(s.find("100.9"), 5, "\"100\"");
        CHECK_THAT(error_of(page_with(kGood + "," + s)),
                   Catch::Contains("entry 1") && Catch::Contains("field workedSeconds") &&
                       Catch::Contains("expected a number"));
        std::string t = kGood;
        t.replace(t.find(R"("work")"), 6, "7");
        CHECK_THAT(error_of(page_with(t)),
                   Catch::Contains("entry 0") && Catch::Contains("field workEntryType"));
        CHECK_THAT(error_of(R"({"data":[],"meta":{"lastPage":"9","total":0}})"),
                   Catch::Contains("meta.lastPage") && Catch::Contains("whole number"));
        CHECK_THAT(error_of(R"({"data":{},"meta":{"lastPage":9,"total":0}})"),
                   Catch::Contains("field data") && Catch::Contains("an array"));
    }
    SECTION("bad timestamp") {
        std::string s = kGood;
        s.replace(s.find("2024-01-10T08:00:00+02:00"), 25, "10/01/2024 08:00");
        CHECK_THAT(error_of(page_with(kGood + "," + kGood + "," + s)),
                   Catch::Contains("entry 2") && Catch::Contains("field workEntryIn.date") &&
                       Catch::Contains("10/01/2024 08:00"));
    }
    SECTION("missing required fields") {
        std::string s = kGood;
        s.replace(s.find(R"("id":"e1",)"), 10, "");
        CHECK_THAT(error_of(page_with(s)), Catch::Contains("field employee.id"));
        std::string t = kGood;
        t.replace(t.find(R"("workEntryIn":{"date":"2024-01-10T08:00:00+02:00"},)"), 51, "");
        CHECK_THAT(error_of(page_with(t)), Catch::Contains("field workEntryIn"));
    }
    SECTION("invalid UTF-8 in a name") {
        std::string s = kGood;
        s.replace(s.find("Ruiz"), 4, "Ru\xC3\x28z");
        const auto m = error_of(page_with(kGood + "," + s));
        CHECK_THAT(m, Catch::Contains("work-entries page 3") && Catch::Contains("invalid UTF-8") &&
                          Catch::Contains("entry 1") && Catch::Contains("lastName"));
    }
    SECTION("a page that says it is another page") {
        CHECK_THAT(error_of(page_with(kGood), 4), Catch::Contains("meta.currentPage"));
    }
}

TEST_CASE("metadata decoders", "[decoder]") {
    std::vector<CheckType> cts;
    const auto meta =
        decode_check_types(test::fixture("report/check_types.json"), "check-types page 1", cts);
    CHECK(meta.total == 3);
    REQUIRE(cts.size() == 3);
    CHECK(cts[2].name == "Formación");
    std::vector<WorkBreak> wbs;
    decode_work_breaks(
        R"({"data":[{"id":"b1","name":"Comida","breakMinutes":30}],"meta":{"lastPage":1,"total":1}})",
        "work-breaks page 1", wbs);
    REQUIRE(wbs.size() == 1);
    CHECK(wbs[0].break_minutes == 30);
    const auto ids =
        decode_collection_check_types(test::fixture("report/collection_g1.json"), "g1");
    CHECK(ids == std::vector<std::string>{"c0000000-0000-4000-8000-00000000000a"});
    try {
        decode_check_types(R"({"data":[{"name":"x"}],"meta":{"lastPage":1,"total":1}})",
                           "check-types page 2", cts);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        CHECK_THAT(e.what(), Catch::Contains("check-types page 2") && Catch::Contains("entry 0") &&
                                 Catch::Contains("id"));
    }
    std::vector<Collection> cols;
    CHECK_THROWS_AS(decode_collections("<html>", "collections page 1", cols), Error);
}

TEST_CASE("collection detail: data as an array of groups (the vendor's shape) or one object",
          "[decoder][metadata]") {
    // Two groups in one answer: their checkTypes are merged.
    const auto ids = decode_collection_check_types(
        R"({"data":[{"id":"g","name":"A","checkTypes":[{"id":"x"},{"id":"y"}]},)"
        R"({"id":"g","name":"A","checkTypes":[{"id":"z"}]}],"meta":{"lastPage":1,"total":2}})",
        "collection g");
    CHECK(ids == std::vector<std::string>{"x", "y", "z"});
    // The object form of older servers.
    CHECK(decode_collection_check_types(R"({"data":{"id":"g","checkTypes":[{"id":"x"}]}})", "g") ==
          std::vector<std::string>{"x"});
    CHECK(decode_collection_check_types(R"({"data":[{"id":"g","checkTypes":null}]})", "g").empty());
    try {
        decode_collection_check_types(R"({"data":[{"id":"g","checkTypes":{}}]})", "collection g");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        CHECK_THAT(e.what(), Catch::Contains("collection g") &&
                                 Catch::Contains("data[0].checkTypes") &&
                                 Catch::Contains("expected an array"));
    }
    CHECK_THROWS_AS(decode_collection_check_types(R"({"data":"g"})", "g"), Error);
}

TEST_CASE("company info: data.company of /core/v3/info", "[decoder][metadata]") {
    const auto info = decode_company_info(
        R"({"data":{"company":{"id":"c1","name":"Acme, S.L.","language":"es","country":"ES"}},)"
        R"("meta":{"currentPage":1,"lastPage":1,"total":1,"perPage":1}})",
        "info");
    CHECK(info.id == "c1");
    CHECK(info.name == "Acme, S.L.");
    CHECK(info.language == "es");
    CHECK_THROWS_AS(decode_company_info(R"({"data":{"name":"x"}})", "info"), Error);
    CHECK_THROWS_AS(decode_company_info(R"({"data":[]})", "info"), Error);
}
