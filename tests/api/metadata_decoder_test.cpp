// The metadata decoders (simdjson On-Demand, no DOM): the whole body must
// be JSON, numbers are range-checked, and a large body decodes in memory of
// a few times its size (a DOM takes 25-40x).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "api/metadata_decoder.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

std::string error_of_check_types(const std::string& body) {
    std::vector<CheckType> out;
    try {
        decode_check_types(body, "check-types page 1", out);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        return e.what();
    }
    return "(accepted)";
}

const std::string kList =
    R"({"data":[{"id":"a","name":"A","extra":[1,{"k":"v"}]}],"meta":{"lastPage":1,"total":1}})";

// kList with its first `from` replaced by `to`.
std::string list_with(const std::string& from, const std::string& to) {
    std::string s = kList;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

// A check-types page of about `bytes` of valid JSON: many items, each with
// fields the decoder skips (as the real items carry colours, icons, dates).
std::string big_check_types(std::size_t bytes, std::size_t& items) {
    std::string s = R"({"meta":{"currentPage":1,"lastPage":1,"total":0,"perPage":1000},"data":[)";
    s.reserve(bytes + 4096);
    items = 0;
    while (s.size() < bytes) {
        if (items) s += ',';
        s +=
            R"({"id":"c0000000-0000-4000-8000-)" + std::to_string(100000000000 + items) +
            R"(","name":"Activity )" + std::to_string(items) +
            R"(","color":"#aabbcc","icon":"briefcase","companyId":"x","tags":[1,2,3,4,5,6,7,8],)"
            R"("createdAt":"2024-01-01T00:00:00+01:00","updatedAt":null,"meta":{"a":true,"b":[{},[]]}})";
        ++items;
    }
    s += "]}";
    return s;
}

long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
    return -1;
}

}  // namespace

TEST_CASE("metadata decoders reject bodies that are not JSON", "[decoder][metadata]") {
    REQUIRE(error_of_check_types(kList) == "(accepted)");
    for (const std::string& bad :
         {kList + "<html>", kList + kList, list_with("[1,", "[nul,"), list_with("[1,", "[},"),
          list_with("[1,", "[NaN,"), list_with("[1,", "[1,,"), list_with(R"("v")", R"("v)"),
          list_with(R"("v")", "\"\\x\""), list_with(R"("v")", "\"a\x01\""),
          list_with(R"({"k":"v"})", R"({"k":"v",})"), list_with("[1,", "[tru,"),
          list_with(R"("total":1)", R"("total":1,"x":nul)"), std::string("  ")}) {
        INFO(bad);
        CHECK_THAT(error_of_check_types(bad),
                   Catch::Contains("check-types page 1") && Catch::Contains("not a JSON object"));
    }
    CHECK(error_of_check_types(kList + " \n ") == "(accepted)");
    CompanyInfo info;
    CHECK_THROWS_AS(decode_company_info(R"({"data":{"company":{"id":"c"}}} x)", "info"), Error);
    CHECK_THROWS_AS(decode_collection_check_types(R"({"data":[]}{"data":[]})", "g"), Error);
}

TEST_CASE("metadata decoders keep their error messages", "[decoder][metadata]") {
    CHECK_THAT(error_of_check_types(R"({"data":[],"meta":{"lastPage":-1,"total":1}})"),
               Catch::Contains("field meta.lastPage: expected a whole number >= 0"));
    CHECK_THAT(error_of_check_types(R"({"data":[],"meta":{"lastPage":1.5,"total":1}})"),
               Catch::Contains("field meta.lastPage: expected a whole number >= 0"));
    CHECK_THAT(error_of_check_types(R"({"data":[],"meta":{"lastPage":1}})"),
               Catch::Contains("field meta.total: missing"));
    CHECK_THAT(error_of_check_types(R"({"data":[]})"),
               Catch::Contains("expected a \"meta\" object"));
    CHECK_THAT(error_of_check_types(R"({"data":{},"meta":{"lastPage":1,"total":1}})"),
               Catch::Contains("expected a \"data\" array"));
    CHECK_THAT(error_of_check_types(list_with(R"({"id":"a")", R"([{"id":"a"})") + "]"),
               Catch::Contains("not a JSON object"));
    CHECK_THAT(error_of_check_types(list_with(R"({"id":"a",)", R"(7,{"id":"a",)")),
               Catch::Contains("entry 0: expected an object"));
    CHECK_THAT(error_of_check_types(list_with(R"("id":"a")", R"("id":5)")),
               Catch::Contains("entry 0: field id: expected a string"));
    CHECK_THAT(error_of_check_types(list_with(R"("id":"a")", R"("id":null)")),
               Catch::Contains("entry 0: field id: missing"));
    // Keys in any order, escapes unescaped.
    std::vector<CheckType> out;
    decode_check_types(
        R"({"meta":{"total":1,"lastPage":1},"data":[{"name":"Caf\u00e9 \"1\"","id":"x"}]})",
        "check-types page 1", out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].id == "x");
    CHECK(out[0].name == "Caf\xC3\xA9 \"1\"");
}

TEST_CASE("work breaks: breakMinutes is range-checked", "[decoder][metadata]") {
    auto decode = [](const std::string& minutes) {
        std::vector<WorkBreak> out;
        decode_work_breaks(R"({"data":[{"id":"b","breakMinutes":)" + minutes +
                               R"(}],"meta":{"lastPage":1,"total":1}})",
                           "work-breaks page 1", out);
        return out.at(0).break_minutes;
    };
    CHECK(decode("30") == 30);
    CHECK(decode("30.9") == 30);
    CHECK(decode("null") == 0);
    CHECK(decode("\"30\"") == 0);
    for (const char* bad : {"1e300", "-1", "1441", "9223372036854775808", "-1e300"}) {
        INFO(bad);
        try {
            decode(bad);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::data);
            CHECK_THAT(e.what(), Catch::Contains("work-breaks page 1") &&
                                     Catch::Contains("entry 0: field breakMinutes") &&
                                     Catch::Contains(bad));
        }
    }
}

// The peak memory of decoding a 50 MB body, in a child process (so the
// measurement is its own): the growth of VmHWM over the RSS it had with the
// body built. A DOM of such a body takes 25-40 times its size (docs/API.md
// metadata; nlohmann's, measured: 5.7 GB for 250 MiB); the bound here is 6
// times the body, which covers its padded copy, simdjson's structural index
// and string buffer, and the decoded items.
TEST_CASE("a large metadata body decodes in a few times its size", "[decoder][metadata][memory]") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        std::size_t items = 0;
        const std::string body = big_check_types(50u << 20, items);
        long result[3] = {-1, static_cast<long>(body.size() >> 10), 0};
        // Resets VmHWM to the current RSS (Linux >= 4.0).
        std::ofstream("/proc/self/clear_refs") << "5";
        const long before = status_kib("VmHWM:");
        std::vector<CheckType> out;
        decode_check_types(body, "check-types page 1", out);
        result[0] = status_kib("VmHWM:") - before;
        result[2] = out.size() == items ? 1 : 0;
        const ssize_t n = write(fds[1], result, sizeof result);
        _exit(n == sizeof result ? 0 : 1);
    }
    close(fds[1]);
    long result[3] = {-1, 0, 0};
    const ssize_t n = read(fds[0], result, sizeof result);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(n == static_cast<ssize_t>(sizeof result));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    const long growth_kib = result[0], body_kib = result[1];
    INFO("peak growth " << growth_kib << " KiB for a body of " << body_kib << " KiB");
    CHECK(result[2] == 1);  // every item decoded
    CHECK(growth_kib > 0);
    CHECK(growth_kib < 6 * body_kib);
}
