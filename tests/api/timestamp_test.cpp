// The general timestamp parser (src/api/timestamp.cpp) against epoch seconds
// computed elsewhere (Python's datetime), independent of days_from_civil:
// offsets east and west, half hours, leap days, fractions dropped, and the
// shapes it must refuse.
#include <catch2/catch.hpp>

#include "api/timestamp.hpp"

using reportgen::detail::parse_timestamp;

TEST_CASE("parse_timestamp gives the epoch seconds of known instants", "[timestamp]") {
    struct Known {
        const char* text;
        int64_t utc;
        int offset_min;
    };
    for (const Known& k : {
             Known{"1970-01-01T00:00:00Z", 0, 0},
             Known{"2024-01-10T07:00:00Z", 1704870000, 0},
             Known{"2024-01-10T07:00:00+00:00", 1704870000, 0},
             Known{"2024-02-29T23:59:59-00:30", 1709252999, -30},  // leap day, west
             Known{"2023-12-31T23:30:00+14:00", 1704015000, 840},  // the previous day in UTC
             Known{"2024-03-31T02:30:00+0530", 1711832400, 330},   // no colon
             Known{"2024-03-31 02:30:00+05:30", 1711832400, 330},  // a space for the 'T'
             Known{"2099-12-31T23:59:59-12:00", 4102487999, -720},
             // Fractions are dropped, never rounded up into the next second.
             Known{"2024-01-10T07:00:00.999999Z", 1704870000, 0},
             Known{"2024-01-10T07:00:00.5+00:00", 1704870000, 0},
         }) {
        INFO(k.text);
        const auto t = parse_timestamp(k.text);
        REQUIRE(t);
        CHECK(t->utc == k.utc);
        CHECK(t->offset_min == k.offset_min);
    }
}

TEST_CASE("parse_timestamp refuses what is not an API timestamp", "[timestamp]") {
    for (const char* bad : {
             "2023-02-29T07:00:00Z",       // not a leap year
             "2024-04-31T07:00:00Z",       // April has 30 days
             "2024-00-10T07:00:00Z",       // month 0
             "2024-01-00T07:00:00Z",       // day 0
             "2024-01-10T07:60:00Z",       // minute 60
             "2024-01-10T07:00:00.Z",      // a dot without digits
             "2024-01-10T07:00:00+19:00",  // past any real offset
             "2024-01-10T07:00:00+05:60",
             "2024-01-10T07:00:00+05:3",
             "2024-01-10T07:00:00z",  // lower-case zone
             "2024-01-10X07:00:00Z",
             "2024/01/10T07:00:00Z",
             "2024-01-10T07:00:00+05:30 ",  // trailing space
             "",
         }) {
        INFO("'" << bad << "'");
        CHECK_FALSE(parse_timestamp(bad));
    }
}
