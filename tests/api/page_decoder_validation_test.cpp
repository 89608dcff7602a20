// A page that is not valid JSON is a data error naming the page, whichever
// path (the fast path or On-Demand) would decode it: neither reads every
// byte, so each checks the page's grammar (src/api/page_decoder.cpp).
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
    R"("workedSeconds":100,"deletedAt":null,"extra":{"x":[1,2,{"y":"z"}]}})";
const std::string kExtra = R"({"x":[1,2,{"y":"z"}]})";
const std::string kMeta = R"("meta":{"currentPage":1,"lastPage":2,"total":2,"perPage":1})";

std::string page(const std::string& entry, const std::string& meta = kMeta) {
    return R"({"data":[)" + entry + "]," + meta + "}";
}

std::size_t decode_ok(std::string body) {
    PageDecoder dec;
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> out;
    dec.decode(body, 1, employees, check_types, break_types, out);
    return out.size();
}

std::string error_of(std::string body) {
    PageDecoder dec;
    EmployeeTable employees;
    CheckTypeRefs check_types;
    BreakTypeRefs break_types;
    std::vector<WorkEntry> out;
    try {
        dec.decode(body, 1, employees, check_types, break_types, out);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    return "(accepted)";
}

// kEntry with its first `from` replaced by `to`.
std::string entry_with(const std::string& from, const std::string& to) {
    std::string s = kEntry;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("PageDecoder rejects pages that are not valid JSON, on both paths", "[decoder]") {
    const bool fast = GENERATE(true, false);
    PathScope path(fast);
    INFO((fast ? "fast path" : "On-Demand path"));
    REQUIRE(decode_ok(page(kEntry)) == 1);

    SECTION("a valid page followed by an HTML error") {
        const auto m = error_of(page(kEntry) + "<html>502 Bad Gateway</html>");
        CHECK_THAT(m, Catch::Contains("work-entries page 1") &&
                          Catch::Contains("not a JSON object") &&
                          Catch::Contains("at byte " + std::to_string(page(kEntry).size())));
    }
    SECTION("two concatenated pages") {
        const auto m = error_of(page(kEntry) + "\n" + page(kEntry));
        CHECK_THAT(m, Catch::Contains("work-entries page 1") &&
                          Catch::Contains("at byte " + std::to_string(page(kEntry).size() + 1)));
    }
    SECTION("malformed values in a skipped field of an entry") {
        for (const char* bad :
             {"nul", "}", "NaN", "tru", "01", "1.", "-", "[1,]", "{\"a\" 1}", "{\"a\":1,}",
              "\"open", "[\"x\" \"y\"]", "\"\\x\"", "\"\\u12g4\""}) {
            INFO(bad);
            const auto m = error_of(page(entry_with(kExtra, bad)));
            CHECK_THAT(
                m, Catch::Contains("work-entries page 1") && Catch::Contains("not a JSON object"));
        }
        const auto m = error_of(page(entry_with(kExtra, "nul")));
        CHECK_THAT(m, Catch::Contains("entry 0") && Catch::Contains("at byte"));
    }
    SECTION("a raw control character in a skipped string") {
        CHECK_THAT(error_of(page(entry_with(kExtra, "\"a\tb\""))),
                   Catch::Contains("not a JSON object"));
    }
    SECTION("malformed values in a skipped field of the employee") {
        for (const char* bad : {"nul", "}", "NaN", "\"unterminated"}) {
            INFO(bad);
            const auto m = error_of(
                page(entry_with(R"("nid":"1Z")", std::string("\"z\":") + bad + R"(,"nid":"1Z")")));
            CHECK_THAT(
                m, Catch::Contains("work-entries page 1") && Catch::Contains("not a JSON object"));
        }
    }
    SECTION("malformed values in meta") {
        for (const char* bad : {"nul", "}", "NaN", "\"open"}) {
            INFO(bad);
            const std::string meta = std::string(R"("meta":{"x":)") + bad +
                                     R"(,"currentPage":1,"lastPage":2,"total":2,"perPage":1})";
            CHECK_THAT(error_of(page(kEntry, meta)), Catch::Contains("not a JSON object"));
        }
    }
    SECTION("an unterminated string at the end") {
        CHECK_THAT(error_of(page(kEntry) + " \"abc"), Catch::Contains("not a JSON object"));
    }
    SECTION("unusual but valid JSON in skipped fields is accepted") {
        for (const char* ok : {"[true,false,null,-0.5,0,1e5,-2E-3,1234567890123456789]",
                               R"("\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t")", R"({"":{"":[[],{}]}})",
                               " [ 1 , { \"a\" : [ ] } ] "}) {
            INFO(ok);
            CHECK(decode_ok(page(entry_with(kExtra, ok))) == 1);
        }
    }
    SECTION("whitespace after the root object is fine") {
        CHECK(decode_ok(page(kEntry) + " \n\t\r ") == 1);
    }
}
