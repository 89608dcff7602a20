// The mock server over loopback answers as docs/API.md says: shapes, meta,
// pagination, filters, limits, auth and the metadata endpoints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "mock_test_support.hpp"
#include "mockapi/common.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;

namespace {

MockOptions small_options() {
    MockOptions o;
    o.employees = 30;
    o.days = 10;
    o.start = "2024-01-01";
    o.seed = 11;
    return o;
}

// Every page of a query, in order.
std::vector<json> all_items(httplib::Client& c, const std::string& query, uint64_t limit,
                            json* first_meta = nullptr) {
    std::vector<json> items;
    json meta = get_json(c, page_url(query, 1, limit))["meta"];
    if (first_meta) *first_meta = meta;
    const uint64_t last = meta["lastPage"].get<uint64_t>();
    for (uint64_t p = 1; p <= last; ++p) {
        json page = get_json(c, page_url(query, p, limit));
        json expect = meta;
        expect["currentPage"] = p;
        REQUIRE(page["meta"] == expect);
        for (auto& it : page["data"])
            items.push_back(std::move(it));
    }
    return items;
}

bool is_uuid(const json& v) {
    static const std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

void check_entry_shape(const json& e) {
    INFO(e.dump());
    REQUIRE(e.is_object());
    CHECK(is_uuid(e["id"]));
    const std::string type = e.at("workEntryType").get<std::string>();
    CHECK((type == "work" || type == "pause"));
    CHECK((e.at("workCheckTypeId").is_null() || is_uuid(e["workCheckTypeId"])));
    CHECK((e.at("workBreakId").is_null() || is_uuid(e["workBreakId"])));
    if (type == "work") CHECK(e["workBreakId"].is_null());
    if (type == "pause") CHECK(e["workCheckTypeId"].is_null());
    const json& emp = e.at("employee");
    CHECK(is_uuid(emp["id"]));
    CHECK(emp.at("firstName").is_string());
    CHECK(emp.at("lastName").is_string());
    CHECK((emp.at("nid").is_null() || emp["nid"].is_string()));
    const json& idt = emp.at("identityNumberType");
    CHECK((idt.is_null() || idt == "dni" || idt == "nie" || idt == "rut" || idt == "other"));
    const json& in = e.at("workEntryIn");
    CHECK(parse_instant(in.at("date").get<std::string>()));
    CHECK(in.at("origin").is_string());
    CHECK(in.at("coordinates").at("latitude").is_number());
    CHECK(in.at("coordinates").at("longitude").is_number());
    const json& out = e.at("workEntryOut");
    if (!out.is_null()) {
        CHECK((out.at("date").is_null() || parse_instant(out["date"].get<std::string>())));
        if (!out["date"].is_null()) CHECK(out.at("coordinates").at("latitude").is_number());
    }
    CHECK(parse_instant(e.at("createdAt").get<std::string>()));
    CHECK(parse_instant(e.at("updatedAt").get<std::string>()));
    CHECK(e.at("workedSeconds").is_number());
    CHECK((e.at("deletedAt").is_null() || parse_instant(e["deletedAt"].get<std::string>())));
}

}  // namespace

TEST_CASE("work entries have the fields and types of docs/API.md", "[mockapi][api]") {
    for (bool fat : {false, true}) {
        MockOptions o = small_options();
        o.fat = fat;
        MockApiServer s(o);
        s.start();
        auto c = client_for(s);
        json first_meta;
        const auto items =
            all_items(c, "from=2024-01-01&to=2024-01-10&onlyReturn=all", 100, &first_meta);
        REQUIRE(items.size() == first_meta["total"].get<std::size_t>());
        CHECK(first_meta["perPage"] == 100);
        CHECK(first_meta["currentPage"] == 1);
        bool z = false, plus1 = false, open_null = false, open_date_null = false, fl = false,
             deleted = false;
        for (const auto& e : items) {
            check_entry_shape(e);
            const std::string in = e["workEntryIn"]["date"];
            z |= in.ends_with("+00:00");
            plus1 |= in.ends_with("+01:00");
            open_null |= e["workEntryOut"].is_null();
            open_date_null |= e["workEntryOut"].is_object() && e["workEntryOut"]["date"].is_null();
            fl |= e["workedSeconds"].is_number_float();
            deleted |= e["deletedAt"].is_string();
        }
        CHECK(z);
        CHECK(plus1);
        CHECK(open_null);
        CHECK(open_date_null);
        CHECK(fl);
        CHECK(deleted);
        if (fat) {
            const json& e = items.front();
            CHECK(e["employee"]["email"].is_string());
            CHECK(e["employee"]["company"]["name"] == "Distribuciones Núñez, S.L.");
            CHECK(e["workEntryIn"]["ip"].is_string());
            // About 1.8 KB an entry, as the real API's.
            auto r = c.Get(page_url("", 1, 200).c_str(), bearer());
            REQUIRE(r);
            const double per_entry = static_cast<double>(r->body.size()) / 200.0;
            CHECK(per_entry > 1500);
            CHECK(per_entry < 2200);
        }
        s.stop();
    }
}

TEST_CASE("fat and lean entries carry the same values", "[mockapi][api]") {
    MockOptions o = small_options();
    MockApiServer lean(o);
    o.fat = true;
    MockApiServer fat(o);
    lean.start();
    fat.start();
    auto cl = client_for(lean);
    auto cf = client_for(fat);
    const json a = get_json(cl, page_url("", 2, 300))["data"];
    const json b = get_json(cf, page_url("", 2, 300))["data"];
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (const char* k : {"id", "workEntryType", "workCheckTypeId", "workBreakId",
                              "workedSeconds", "deletedAt"}) {
            REQUIRE(a[i][k] == b[i][k]);
        }
        for (const char* k : {"id", "firstName", "lastName", "nid", "identityNumberType"}) {
            REQUIRE(a[i]["employee"][k] == b[i]["employee"][k]);  // \u escapes decode alike
        }
        REQUIRE(a[i]["workEntryIn"]["date"] == b[i]["workEntryIn"]["date"]);
        REQUIRE(a[i]["workEntryIn"]["coordinates"] == b[i]["workEntryIn"]["coordinates"]);
        REQUIRE(a[i]["updatedAt"] == b[i]["updatedAt"]);
    }
}

TEST_CASE("pagination covers every entry exactly once, in clock-in order", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    json meta;
    // The data's clock-ins run to the morning after its last day.
    const auto items = all_items(c, "from=2024-01-01&to=2024-01-11&onlyReturn=all", 37, &meta);
    CHECK(meta["lastPage"] == (meta["total"].get<uint64_t>() + 36) / 37);
    std::set<std::string> ids;
    std::size_t live = 0;
    int64_t prev = INT64_MIN;
    for (const auto& e : items) {
        ids.insert(e["id"].get<std::string>());
        if (e["deletedAt"].is_null()) ++live;
        const int64_t t = parse_instant(e["workEntryIn"]["date"].get<std::string>())->utc;
        CHECK(t >= prev);
        prev = t;
    }
    CHECK(ids.size() == items.size());
    CHECK(items.size() == meta["total"].get<std::size_t>());
    CHECK(items.size() == s.count_all_entries("2024-01-01", "2024-01-10"));
    CHECK(live == s.count_entries("2024-01-01", "2024-01-10"));
    CHECK(s.total_entries() == items.size());  // the range is the whole data set
    // No from/to: the whole data set too.
    CHECK(get_json(c, page_url("onlyReturn=all", 1, 10))["meta"]["total"] == meta["total"]);
    CHECK(get_json(c, page_url("", 1, 10))["meta"]["total"] == live);  // not_deleted by default
}

TEST_CASE("limit is capped, has a default, and pages past the end are empty", "[mockapi][api]") {
    MockOptions o = small_options();
    o.max_limit = 100;
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    json p = get_json(c, page_url("", 1, 5000));
    CHECK(p["meta"]["perPage"] == 100);
    CHECK(p["data"].size() == 100);
    const json d = get_json(c, "/schedule/v1/work-entries");
    CHECK(d["meta"]["perPage"] == 20);  // the document's default
    CHECK(d["data"].size() == 20);
    const uint64_t last = p["meta"]["lastPage"];
    json beyond = get_json(c, page_url("", last + 3, 100));
    CHECK(beyond["data"].empty());
    CHECK(beyond["meta"]["currentPage"] == last + 3);
    CHECK(beyond["meta"]["lastPage"] == last);
    CHECK(beyond["meta"]["total"] == p["meta"]["total"]);
    // Absurd pages do not overflow.
    json far = get_json(c, page_url("", 999999999999999, 100));
    CHECK(far["data"].empty());
    CHECK(far["meta"]["currentPage"] == 999999999999999ULL);
    CHECK(
        get_json(c, "/schedule/v1/check-types?page=999999999999999&limit=1000000")["data"].empty());
    // An empty range still says lastPage 1.
    json none = get_json(c, page_url("from=2030-01-01&to=2030-01-31", 1, 10));
    CHECK(none["data"].empty());
    CHECK(none["meta"]["total"] == 0);
    CHECK(none["meta"]["lastPage"] == 1);
}

TEST_CASE("from/to select by the local date of the clock-in: night shifts split",
          "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const auto whole = all_items(c, "from=2024-01-02&to=2024-01-08&onlyReturn=all", 500);
    std::set<std::string> union_ids;
    std::size_t after_midnight = 0;
    for (int day = 2; day <= 8; ++day) {
        char d[32];
        std::snprintf(d, sizeof d, "2024-01-%02d", day);
        const auto items =
            all_items(c, std::string("from=") + d + "&to=" + d + "&onlyReturn=all", 500);
        const int64_t day_num =
            reportgen::days_from_civil(reportgen::CivilDate{2024, 1, static_cast<unsigned>(day)});
        for (const auto& e : items) {
            REQUIRE(union_ids.insert(e["id"].get<std::string>()).second);  // in one day only
            const auto in = parse_instant(e["workEntryIn"]["date"].get<std::string>());
            // The company's local date (Europe/Madrid), also for clocks that write UTC.
            CHECK(madrid_day(in->utc) == day_num);
            // The tail of the previous evening's night shift opens the day.
            if (in->utc < reportgen::mockapi::madrid_to_utc(day_num * 86400 + 4 * 3600))
                ++after_midnight;
        }
        CHECK(items.size() == s.listed_total(d, d, "all"));
    }
    CHECK(after_midnight > 0);
    CHECK(union_ids.size() == whole.size());
}

TEST_CASE("onlyReturn: not_deleted by default, all, deleted, others answer 400", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const std::string range = "from=2024-01-01&to=2024-01-11";
    const auto live = all_items(c, range, 200);
    const auto explicit_live = all_items(c, range + "&onlyReturn=not_deleted", 200);
    const auto all = all_items(c, range + "&onlyReturn=all", 200);
    const auto deleted = all_items(c, range + "&onlyReturn=deleted", 200);
    REQUIRE(!deleted.empty());
    CHECK(live.size() == explicit_live.size());
    CHECK(live.size() + deleted.size() == all.size());
    CHECK(live.size() == s.listed_total("2024-01-01", "2024-01-11"));
    CHECK(deleted.size() == s.listed_total("2024-01-01", "2024-01-11", "deleted"));
    for (const auto& e : live)
        CHECK(e["deletedAt"].is_null());
    for (const auto& e : deleted)
        CHECK(e["deletedAt"].is_string());
    for (const char* bad : {"onlyReturn=everything", "onlyReturn=", "onlyReturn=ALL"}) {
        auto r = c.Get((std::string("/schedule/v1/work-entries?") + bad).c_str(), bearer());
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["message"].get<std::string>().find("onlyReturn") !=
              std::string::npos);
    }
}

TEST_CASE("updatedAt[gte] and updatedAt[lte] bound updatedAt", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const std::string range = "from=2024-01-01&to=2024-01-11&onlyReturn=all";
    const auto all = all_items(c, range, 500);
    const std::string gte = "2024-01-05T12:00:00+01:00", lte = "2024-01-07T00:00:00Z";
    const int64_t gte_utc = parse_instant(gte)->utc, lte_utc = parse_instant(lte)->utc;
    std::size_t expect_gte = 0, expect_both = 0, edited_later = 0;
    for (const auto& e : all) {
        const int64_t u = parse_instant(e["updatedAt"].get<std::string>())->utc;
        expect_gte += u >= gte_utc;
        expect_both += u >= gte_utc && u <= lte_utc;
        edited_later +=
            u > parse_instant(e["workEntryIn"]["date"].get<std::string>())->utc + 2 * 86400;
    }
    CHECK(edited_later > 0);  // some updatedAt lie days after the clock-in
    // '+' percent-encoded, as a client must send it.
    const auto after = all_items(c, range + "&updatedAt%5Bgte%5D=2024-01-05T12:00:00%2B01:00", 500);
    CHECK(after.size() == expect_gte);
    for (const auto& e : after)
        CHECK(parse_instant(e["updatedAt"].get<std::string>())->utc >= gte_utc);
    const auto between = all_items(
        c, range + "&updatedAt[gte]=2024-01-05T12:00:00%2B01:00&updatedAt[lte]=" + lte, 500);
    CHECK(between.size() == expect_both);
    CHECK(between.size() < after.size());
    for (const char* bad : {"updatedAt[gte]=2024-01-05", "updatedAt[lte]=2024-01-05 10:00:00",
                            "updatedAt[gte]=2024-01-05T25:00:00%2B01:00"}) {
        auto r = c.Get((std::string("/schedule/v1/work-entries?") + bad).c_str(), bearer());
        REQUIRE(r);
        CHECK(r->status == 400);
    }
}

TEST_CASE("orderBy is accepted and ignored", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const json a = get_json(c, page_url("from=2024-01-03&to=2024-01-04", 1, 50));
    const json b = get_json(
        c, page_url("from=2024-01-03&to=2024-01-04&orderBy=workEntryIn.date%20desc", 1, 50));
    CHECK(a == b);
}

TEST_CASE("employeeId filters and an unknown id gives an empty list", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const auto ids = s.employee_ids();
    REQUIRE(ids.size() == 30);
    const auto all = all_items(c, "from=2024-01-01&to=2024-01-10", 1000);
    std::map<std::string, std::size_t> per_emp;
    for (const auto& e : all)
        per_emp[e["employee"]["id"].get<std::string>()]++;
    for (int i : {0, 7, 29}) {
        const auto items = all_items(c, "from=2024-01-01&to=2024-01-10&employeeId=" + ids[i], 13);
        CHECK(items.size() == per_emp[ids[i]]);
        for (const auto& e : items)
            CHECK(e["employee"]["id"] == ids[i]);
    }
    // Also once the whole company's page 1 is cached, and for a non-uuid id.
    get_json(c, page_url("", 1, 10));
    for (const char* id : {"00000000-0000-4000-8000-000000000000", "not-a-uuid"}) {
        json none = get_json(c, page_url(std::string("employeeId=") + id, 1, 10));
        CHECK(none["data"].empty());
        CHECK(none["meta"]["total"] == 0);
    }
}

TEST_CASE("bad query values answer 400 with a JSON error", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    for (const char* q : {"from=2024-13-01", "from=abc", "to=2024-02-30",
                          "from=2024-01-05&to=2024-01-01", "page=0", "page=-1", "page=x", "limit=0",
                          "limit=ten", "from=", "onlyReturn=none", "updatedAt[gte]=yesterday"}) {
        INFO(q);
        auto r = c.Get((std::string("/schedule/v1/work-entries?") + q).c_str(), bearer());
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body).contains("error"));
    }
    auto r = c.Get("/schedule/v1/check-types?page=0", bearer());
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(s.counters().bad_requests == 13);
}

TEST_CASE("a wrong or missing token answers 401, a forbidden one 403", "[mockapi][api]") {
    MockOptions o = small_options();
    o.token = "s3cret";
    o.forbidden_token = "readonly";
    MockApiServer s(o);
    s.start();
    auto c = client_for(s);
    for (const char* path :
         {"/schedule/v1/work-entries", "/schedule/v1/check-types", "/core/v3/info"}) {
        auto none = c.Get(path);
        REQUIRE(none);
        CHECK(none->status == 401);
        CHECK(json::parse(none->body).contains("error"));
        auto wrong = c.Get(path, bearer("demo-token"));
        REQUIRE(wrong);
        CHECK(wrong->status == 401);
        auto basic = c.Get(path, {{"Authorization", "Basic czNjcmV0"}});
        REQUIRE(basic);
        CHECK(basic->status == 401);
        auto forbidden = c.Get(path, bearer("readonly"));
        REQUIRE(forbidden);
        CHECK(forbidden->status == 403);
        CHECK(json::parse(forbidden->body).contains("error"));
        auto ok = c.Get(path, bearer("s3cret"));
        REQUIRE(ok);
        CHECK(ok->status == 200);
    }
    const auto k = s.counters();
    CHECK(k.unauthorized == 9);
    CHECK(k.forbidden == 3);
    CHECK(k.ok == 3);
    CHECK(k.requests == 15);
}

TEST_CASE("metadata endpoints: check types, breaks, collections, info", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    auto c = client_for(s);
    const json info = get_json(c, "/core/v3/info");
    const std::string company = info["data"]["company"]["id"];
    CHECK(is_uuid(info["data"]["company"]["id"]));
    CHECK(info["data"]["company"]["name"] == "Distribuciones Núñez, S.L.");
    CHECK(info["data"]["company"]["language"] == "es");
    CHECK(info["meta"]["total"] == 1);

    const json types = get_json(c, "/schedule/v1/check-types?page=1&limit=100");
    REQUIRE(types["data"].size() == 7);
    CHECK(types["meta"]["total"] == 7);
    std::map<std::string, std::string> type_names;
    for (const auto& t : types["data"]) {
        CHECK(is_uuid(t["id"]));
        CHECK(t["companyId"] == company);
        type_names[t["id"]] = t["name"];
    }
    // Pagination works on the small lists too.
    const json p2 = get_json(c, "/schedule/v1/check-types?page=2&limit=3");
    CHECK(p2["data"].size() == 3);
    CHECK(p2["meta"]["lastPage"] == 3);

    const json breaks = get_json(c, "/schedule/v1/work-breaks");
    REQUIRE(breaks["data"].size() == 4);
    for (const auto& b : breaks["data"]) {
        CHECK(b["breakMinutes"].is_number_integer());
        CHECK(b["icon"].is_string());
        CHECK(b["color"].is_string());
    }

    const json cols = get_json(c, "/schedule/v1/check-type-collections");
    REQUIRE(cols["data"].size() == 3);
    std::set<std::string> grouped;
    for (const auto& col : cols["data"]) {
        const json d =
            get_json(c, "/schedule/v1/check-type-collections/" + col["id"].get<std::string>());
        REQUIRE(d["data"].is_array());
        REQUIRE(d["data"].size() == 1);
        const json& group = d["data"][0];
        CHECK(group["id"] == col["id"]);
        CHECK(group["name"] == col["name"]);
        CHECK(group["color"] == col["color"]);
        CHECK(d["meta"]["total"] == 1);
        REQUIRE(!group["checkTypes"].empty());
        for (const auto& t : group["checkTypes"]) {
            REQUIRE(type_names.count(t["id"]));
            CHECK(type_names[t["id"]] == t["name"]);
            CHECK(t["icon"].is_string());
            CHECK(t["color"].is_string());
            CHECK(grouped.insert(t["id"]).second);  // in one collection only
        }
    }
    CHECK(grouped.size() == 6);  // one check type is in no collection

    get_json(c, "/schedule/v1/check-type-collections/00000000-0000-4000-8000-000000000000", 404);
    get_json(c, "/schedule/v1/nothing-here", 404);

    // Entries use those ids, Registro normal (null) and a few unknown ones.
    MockOptions big = small_options();
    big.employees = 300;
    MockApiServer b(big);
    b.start();
    auto cb = client_for(b);
    const auto items = all_items(cb, "from=2024-01-01&to=2024-01-10", 1000);
    std::size_t known = 0, unknown = 0, null_work = 0;
    for (const auto& e : items) {
        if (e["workEntryType"] != "work") continue;
        if (e["workCheckTypeId"].is_null()) {
            ++null_work;
        } else if (type_names.count(e["workCheckTypeId"])) {
            ++known;
        } else {
            ++unknown;
        }
    }
    CHECK(known > 0);
    CHECK(null_work > 0);
    CHECK(unknown > 0);
    CHECK(unknown * 50 < known);
}

TEST_CASE("same seed gives the same bytes, another seed other bytes", "[mockapi][api]") {
    for (bool fat : {false, true}) {
        MockOptions o = small_options();
        o.fat = fat;
        MockApiServer a(o), b(o);
        o.seed = 12;
        MockApiServer c(o);
        a.start();
        b.start();
        c.start();
        auto ca = client_for(a), cb = client_for(b), cc = client_for(c);
        for (uint64_t page : {1, 3}) {
            const std::string path = page_url("from=2024-01-01&to=2024-01-10", page, 100);
            auto ra = ca.Get(path.c_str(), bearer());
            auto rb = cb.Get(path.c_str(), bearer());
            auto rc = cc.Get(path.c_str(), bearer());
            REQUIRE((ra && rb && rc));
            CHECK(ra->body == rb->body);
            CHECK(ra->body != rc->body);
        }
        auto ia = ca.Get("/schedule/v1/check-types", bearer());
        auto ib = cb.Get("/schedule/v1/check-types", bearer());
        REQUIRE((ia && ib));
        CHECK(ia->body == ib->body);
    }
}

TEST_CASE("pages are rendered once and served from the cache", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    s.warm("2024-01-01", "2024-01-10", 100);
    const auto warmed = s.counters().page_cache_misses;
    CHECK(warmed > 1);
    auto c = client_for(s);
    for (int i = 0; i < 3; ++i)
        get_json(c, page_url("from=2024-01-01&to=2024-01-10", 2, 100));
    CHECK(s.counters().page_cache_misses == warmed);
    CHECK(s.counters().page_cache_hits >= 3);

    // A budget smaller than a page keeps nothing: every fetch renders again.
    MockOptions tiny = small_options();
    tiny.cache_bytes = 1000;
    MockApiServer t(tiny);
    t.start();
    auto ct = client_for(t);
    std::string first;
    for (int i = 0; i < 3; ++i) {
        auto r = ct.Get(page_url("", 2, 100).c_str(), bearer());
        REQUIRE(r);
        if (i == 0) first = r->body;
        CHECK(r->body == first);
    }
    CHECK(t.counters().page_cache_misses == 3);
    CHECK(t.counters().page_cache_hits == 0);
}

TEST_CASE("keep-alive: curl reuses one connection for many requests", "[mockapi][api]") {
    MockApiServer s(small_options());
    s.start();
    CURL* h = curl_easy_init();
    long connects = 0;
    for (int i = 1; i <= 30; ++i) {
        auto r = curl_get(s.base_url() + page_url("", 1 + i % 4, 20), "demo-token", h);
        REQUIRE(r.code == CURLE_OK);
        REQUIRE(r.status == 200);
        long n = 0;
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &n);
        connects += n;
    }
    curl_easy_cleanup(h);
    CHECK(connects == 1);
}

TEST_CASE("gzip pages when asked and enabled", "[mockapi][api]") {
    MockOptions o = small_options();
    o.gzip = true;
    MockApiServer s(o);
    s.start();
    httplib::Client c("127.0.0.1", s.port());
    c.set_decompress(false);
    auto plain = c.Get(page_url("", 1, 200).c_str(), bearer());
    httplib::Headers h = bearer();
    h.emplace("Accept-Encoding", "gzip");
    auto gz = c.Get(page_url("", 1, 200).c_str(), h);
    REQUIRE((plain && gz));
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body.size() * 4 < plain->body.size());
    // libcurl decodes it back to the same bytes.
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip");
    auto r = curl_get(s.base_url() + page_url("", 1, 200), "demo-token", e);
    curl_easy_cleanup(e);
    CHECK(r.code == CURLE_OK);
    CHECK(r.body == plain->body);
}

TEST_CASE("start, wait, request_stop and stop", "[mockapi][api]") {
    MockOptions o = small_options();
    MockApiServer s(o);
    s.start();
    CHECK(s.port() > 0);
    CHECK(s.base_url() == "http://127.0.0.1:" + std::to_string(s.port()));
    CHECK_THROWS(s.start());
    // An idle keep-alive connection must not hold the stop.
    auto c = client_for(s);
    get_json(c, "/core/v3/info");
    std::thread waiter([&] { s.wait(); });
    s.request_stop();
    waiter.join();
    s.stop();  // idempotent
    s.stop();
    auto r = c.Get("/core/v3/info", bearer());
    CHECK_FALSE(r);

    // A fixed port.
    MockOptions fixed = small_options();
    fixed.port = s.port();
    MockApiServer again(fixed);
    again.start();
    CHECK(again.port() == fixed.port);
    auto c2 = client_for(again);
    get_json(c2, "/core/v3/info");

    CHECK_THROWS(MockApiServer([] {
        MockOptions bad;
        bad.start = "2024-02-30";
        return bad;
    }()));
}
