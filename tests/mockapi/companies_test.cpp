// Many companies on one server (MockOptions::companies): the token suffix
// selects the company, each with its own data and its own budget.
#include <catch2/catch.hpp>

#include <set>

#include "mock_test_support.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;

namespace {

MockOptions three_companies() {
    MockOptions o;
    o.employees = 12;
    o.days = 3;
    o.companies = 3;
    return o;
}

json get_as(httplib::Client& c, const std::string& path, const std::string& token) {
    auto r = c.Get(path.c_str(), bearer(token));
    REQUIRE(r);
    INFO(path << " as " << token << " -> " << r->status);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
}

int status_as(httplib::Client& c, const std::string& path, const std::string& token) {
    auto r = c.Get(path.c_str(), bearer(token));
    REQUIRE(r);
    return r->status;
}

}  // namespace

TEST_CASE("companies: each token suffix answers its own company's data", "[mockapi][companies]") {
    MockApiServer s(three_companies());
    s.start();
    auto c = client_for(s);
    std::set<std::string> ids, names, first_entries;
    std::set<std::size_t> totals;
    for (int k = 1; k <= 3; ++k) {
        const std::string token = s.token_for(k);
        CHECK(token == "demo-token-" + std::to_string(k));
        const json info = get_as(c, "/core/v3/info", token);
        ids.insert(info["data"]["company"]["id"].get<std::string>());
        names.insert(info["data"]["company"]["name"].get<std::string>());
        const json page = get_as(c, "/schedule/v1/work-entries?limit=1000", token);
        totals.insert(page["meta"]["total"].get<std::size_t>());
        CHECK(page["meta"]["total"] == s.listed_total("", "", "not_deleted", k));
        first_entries.insert(page["data"][0]["id"].get<std::string>());
        // Its employees are the ones employee_ids(k) lists, more the higher k.
        const auto emps = s.employee_ids(k);
        CHECK(emps.size() == static_cast<std::size_t>(12 + (k - 1) * 4));
        const std::set<std::string> known(emps.begin(), emps.end());
        for (const auto& e : page["data"])
            CHECK(known.count(e["employee"]["id"].get<std::string>()));
    }
    CHECK(ids.size() == 3);
    CHECK(names.size() == 3);
    CHECK(totals.size() == 3);
    CHECK(first_entries.size() == 3);
    CHECK(names.count("Distribuciones Núñez, S.L."));

    // The plain token is company 1.
    CHECK(get_as(c, "/core/v3/info", "demo-token") == get_as(c, "/core/v3/info", "demo-token-1"));
    // Another company's employee is unknown here: no entries.
    const json other = get_as(c, "/schedule/v1/work-entries?employeeId=" + s.employee_ids(2).at(0),
                              "demo-token-1");
    CHECK(other["meta"]["total"] == 0);
}

TEST_CASE("companies: a wrong suffix is 401", "[mockapi][companies]") {
    MockApiServer s(three_companies());
    s.start();
    auto c = client_for(s);
    for (const char* token : {"demo-token-4", "demo-token-0", "demo-token-01", "demo-token-x",
                              "demo-token-", "demo-token3", "demo-token-2-", "demo-token-99999"}) {
        INFO(token);
        CHECK(status_as(c, "/core/v3/info", token) == 401);
    }
    CHECK(s.counters().unauthorized == 8);
    CHECK_THROWS(s.token_for(4));

    MockApiServer one(MockOptions{});
    one.start();
    auto c1 = client_for(one);
    CHECK(status_as(c1, "/core/v3/info", "demo-token") == 200);
    CHECK(status_as(c1, "/core/v3/info", "demo-token-1") == 200);
    CHECK(status_as(c1, "/core/v3/info", "demo-token-2") == 401);
}

TEST_CASE("companies: each company's budget is counted apart", "[mockapi][companies]") {
    MockOptions o = three_companies();
    o.budget = 3;
    o.budget_window_s = 30;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    // Company 1 through both of its tokens: one budget.
    CHECK(status_as(c, "/core/v3/info", "demo-token") == 200);
    CHECK(status_as(c, "/schedule/v1/check-types", "demo-token-1") == 200);
    CHECK(status_as(c, "/schedule/v1/work-entries", "demo-token") == 200);
    CHECK(status_as(c, "/core/v3/info", "demo-token-1") == 429);
    // Company 2 has its own.
    for (int i = 0; i < 3; ++i)
        CHECK(status_as(c, "/core/v3/info", "demo-token-2") == 200);
    CHECK(status_as(c, "/core/v3/info", "demo-token-2") == 429);
    CHECK(status_as(c, "/core/v3/info", "demo-token-3") == 200);
    CHECK(s.counters().budget_exceeded == 2);
}
