// Unit tests of the mock server's building blocks: time zone, timestamps,
// JSON string escaping, UUIDs, fault draws and the rate limiter.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mockapi/common.hpp"
#include "mockapi/faults.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::mockapi;

namespace {
int64_t utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
    return days_from_civil(CivilDate{y, m, d}) * 86400 + hh * 3600 + mm * 60 + ss;
}
std::string ts(int64_t t, bool zulu) {
    std::string s;
    append_timestamp(s, t, zulu);
    return s;
}
}  // namespace

TEST_CASE("Madrid offsets follow the EU summer-time rule", "[mockapi][time]") {
    // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
    CHECK(madrid_offset_minutes(utc(2024, 1, 15, 12, 0, 0)) == 60);
    CHECK(madrid_offset_minutes(utc(2024, 3, 31, 0, 59, 59)) == 60);
    CHECK(madrid_offset_minutes(utc(2024, 3, 31, 1, 0, 0)) == 120);
    CHECK(madrid_offset_minutes(utc(2024, 8, 12, 19, 54, 19)) == 120);
    CHECK(madrid_offset_minutes(utc(2024, 10, 27, 0, 59, 59)) == 120);
    CHECK(madrid_offset_minutes(utc(2024, 10, 27, 1, 0, 0)) == 60);
    // Local to UTC.
    CHECK(madrid_to_utc(utc(2024, 1, 8, 8, 0, 0)) == utc(2024, 1, 8, 7, 0, 0));
    CHECK(madrid_to_utc(utc(2024, 8, 12, 21, 54, 19)) == utc(2024, 8, 12, 19, 54, 19));
}

TEST_CASE("timestamps render one instant with its offset or as Z", "[mockapi][time]") {
    const int64_t t = utc(2025, 8, 12, 19, 54, 19);
    CHECK(ts(t, false) == "2025-08-12T21:54:19+02:00");
    CHECK(ts(t, true) == "2025-08-12T19:54:19Z");
    CHECK(ts(utc(2024, 1, 1, 23, 30, 0), false) == "2024-01-02T00:30:00+01:00");
    CHECK(ts(utc(1969, 12, 31, 23, 0, 5), true) == "1969-12-31T23:00:05Z");
}

TEST_CASE("JSON strings are escaped, optionally as PHP's ASCII form", "[mockapi][json]") {
    const std::string name = "O\"Brien\\ García, Jr. / ñ 🐦\t";
    std::string raw, ascii;
    append_json_string(raw, name);
    append_json_string(ascii, name, true);
    CHECK(raw == "\"O\\\"Brien\\\\ García, Jr. / ñ 🐦\\t\"");
    CHECK(ascii == "\"O\\\"Brien\\\\ Garc\\u00eda, Jr. \\/ \\u00f1 \\ud83d\\udc26\\t\"");
    // Both decode to the same string.
    CHECK(nlohmann::json::parse(raw).get<std::string>() == name);
    CHECK(nlohmann::json::parse(ascii).get<std::string>() == name);
    std::string ctl;
    append_json_string(ctl, std::string("a\x01"
                                        "b",
                                        3));
    CHECK(ctl == "\"a\\u0001b\"");
}

TEST_CASE("UUIDs are canonical, parse back and never collide by index", "[mockapi][uuid]") {
    const Uuid u = make_indexed_uuid(0x0123456789abcdefULL, 7);
    const std::string s = uuid_string(u);
    REQUIRE(s.size() == 36);
    CHECK(s[8] == '-');
    CHECK(s[14] == '4');  // version 4
    CHECK((s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b'));
    Uuid back;
    REQUIRE(parse_uuid(s, back));
    CHECK(back == u);
    CHECK_FALSE(parse_uuid("not-a-uuid", back));
    // Same hash, different index: different ids.
    CHECK(make_indexed_uuid(1, 1) != make_indexed_uuid(1, 2));
}

TEST_CASE("fault draws replay per request key and attempt", "[mockapi][faults]") {
    FaultPlan a(7, 0.3, 0.1, 0.1), b(7, 0.3, 0.1, 0.1);
    std::vector<int> fa, fb;
    for (int i = 0; i < 200; ++i)
        fa.push_back(static_cast<int>(a.draw(99).fault));
    // Interleaving other keys does not change key 99's sequence.
    for (int i = 0; i < 200; ++i) {
        b.draw(static_cast<uint64_t>(i) + 1000);
        fb.push_back(static_cast<int>(b.draw(99).fault));
    }
    CHECK(fa == fb);
    const auto share = [&](Fault f) {
        return static_cast<double>(std::count(fa.begin(), fa.end(), static_cast<int>(f))) / 200.0;
    };
    CHECK(share(Fault::server_error) > 0.15);
    CHECK(share(Fault::server_error) < 0.45);
    CHECK(share(Fault::reset) > 0.02);
    CHECK(share(Fault::truncate) > 0.02);
    FaultPlan none(7, 0, 0, 0);
    CHECK_FALSE(none.enabled());
    CHECK(none.draw(1).fault == Fault::none);
}

TEST_CASE("the rate limiter admits at most `rate` per sliding second", "[mockapi][faults]") {
    RateLimiter r(3);
    const auto t0 = Clock::now();
    int retry = 0, admitted = 0;
    for (int i = 0; i < 10; ++i)
        admitted += r.admit(t0 + std::chrono::milliseconds(i), retry);
    CHECK(admitted == 3);
    CHECK(retry == 1);
    // A second after the first admission a slot frees.
    CHECK(r.admit(t0 + std::chrono::milliseconds(1000), retry));
    CHECK_FALSE(r.admit(t0 + std::chrono::milliseconds(1000), retry));

    RateLimiter slow(0.25);  // one request every four seconds
    CHECK(slow.admit(t0, retry));
    CHECK_FALSE(slow.admit(t0 + std::chrono::milliseconds(500), retry));
    CHECK(retry == 4);
}
