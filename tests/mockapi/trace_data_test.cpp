// The mock's record times and origins (docs/DESIGN.md "Traceability and
// place of work"): consistent with the clocks, a few entries entered late
// and a few edited, deleted entries only with onlyReturn=deleted.
#include <catch2/catch.hpp>

#include "mock_test_support.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;

namespace {

std::vector<json> items(httplib::Client& c, const std::string& only) {
    std::vector<json> out;
    for (uint64_t p = 1;; ++p) {
        json page = get_json(c, page_url("from=2024-01-01&to=2024-01-10&onlyReturn=" + only, p, 200));
        for (auto& it : page["data"]) out.push_back(std::move(it));
        if (p >= page["meta"]["lastPage"].get<uint64_t>()) break;
    }
    return out;
}

int64_t utc(const json& v) {
    const auto i = parse_instant(v.get<std::string>());
    REQUIRE(i);
    return i->utc;
}

}  // namespace

TEST_CASE("mock: record times follow the clocks, some entered late, some edited",
          "[mockapi][trace]") {
    MockOptions o;
    o.employees = 40;
    o.days = 10;
    o.start = "2024-01-01";
    o.seed = 11;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    std::size_t late = 0, edited = 0, live = 0;
    for (const json& e : items(c, "not_deleted")) {
        INFO(e.dump());
        REQUIRE(e["deletedAt"].is_null());
        const int64_t in = utc(e["workEntryIn"]["date"]);
        const int64_t created = utc(e["createdAt"]);
        const int64_t updated = utc(e["updatedAt"]);
        CHECK(created >= in);
        CHECK(updated >= created);
        const bool closed = e["workEntryOut"].is_object() && !e["workEntryOut"]["date"].is_null();
        if (!closed) continue;
        const int64_t out = utc(e["workEntryOut"]["date"]);
        if (created > out + 900) {
            ++late;
            // Typed in after the fact, on the web; a work entry.
            CHECK(e["workEntryType"] == "work");
            CHECK(e["workEntryIn"]["origin"] == "web");
            CHECK(e["workEntryOut"]["origin"] == "web");
            CHECK(created <= out + 3 * 3600);
        } else if (updated > std::max(created, out) + 300) {
            ++edited;
            CHECK(updated >= out + 86400);  // corrected days later
        } else {
            ++live;
            CHECK(created <= in + 4);
            CHECK(updated <= out + 4);
        }
    }
    CHECK(late > 0);
    CHECK(edited > 0);
    CHECK(live > 5 * (late + edited));

    const auto deleted = items(c, "deleted");
    REQUIRE_FALSE(deleted.empty());
    for (const json& e : deleted) {
        INFO(e.dump());
        REQUIRE(e["deletedAt"].is_string());
        CHECK(utc(e["updatedAt"]) == utc(e["deletedAt"]));
    }
    // Deterministic: the same seed serves the same entries.
    MockApiServer again(o);
    again.start();
    auto c2 = client_for(again);
    CHECK(items(c2, "deleted") == deleted);
}
