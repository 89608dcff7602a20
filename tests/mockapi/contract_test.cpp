// The mock answers as docs/sesame-openapi-subset.json says: every GET
// operation's real answer, from a running server, against the document's
// response schema; every documented query parameter accepted; enum values
// and defaults as documented. The validator (openapi_validator.hpp) is
// tested first on answers it must reject.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "mock_test_support.hpp"
#include "openapi_validator.hpp"

using namespace reportgen::test;
using reportgen::MockApiServer;
using reportgen::MockOptions;
using reportgen::test::Mismatch;
using reportgen::test::SchemaValidator;

namespace {

const json& document() {
    static const json doc = [] {
        std::ifstream in(REPORTGEN_DOCS_DIR "/sesame-openapi-subset.json");
        REQUIRE(in);
        std::stringstream ss;
        ss << in.rdbuf();
        return json::parse(ss.str());
    }();
    return doc;
}

const json& operation(const std::string& path) {
    return document().at("paths").at(path).at("get");
}

const json& response_schema(const std::string& path) {
    return operation(path)
        .at("responses")
        .at("200")
        .at("content")
        .at("application/json")
        .at("schema");
}

// Where docs/API.md records nulls the document does not mark nullable (see
// openapi_validator.hpp). identityNumberType is read like nid: the client
// must cope with an employee that has no identity document.
// The employee object of /core/v3/employees is the same record: its nid
// and identityNumberType may be null too. A contract without an end has a
// null endDate (the document's example is the string "null"). ssn, like
// nid, is data a company may not have filled in: null (the mock's one
// worker in 64), in the employees list and the employee objects embedded.
const std::set<std::string> kNullable = {"data[].workCheckTypeId",
                                         "data[].ssn",
                                         "data[].employee.ssn",
                                         "data[].workEntryOut",
                                         "data[].workEntryOut.date",
                                         "data[].deletedAt",
                                         "data[].archivedAt",
                                         "data[].employee.nid",
                                         "data[].employee.identityNumberType",
                                         "data[].nid",
                                         "data[].identityNumberType",
                                         "data[].endDate"};

// Fields each answer must carry: those docs/API.md says reports use.
const std::map<std::string, std::vector<std::string>> kNeeded = {
    {"/schedule/v1/work-entries",
     {"data[].id",
      "data[].workEntryType",
      "data[].workCheckTypeId",
      "data[].employee.id",
      "data[].employee.firstName",
      "data[].employee.lastName",
      "data[].employee.nid",
      "data[].employee.identityNumberType",
      "data[].workEntryIn.origin",
      "data[].workEntryIn.date",
      "data[].workEntryIn.coordinates.latitude",
      "data[].workEntryIn.coordinates.longitude",
      "data[].workEntryOut",
      "data[].workedSeconds",
      "data[].createdAt",
      "data[].updatedAt",
      "data[].deletedAt",
      "meta.currentPage",
      "meta.lastPage",
      "meta.total",
      "meta.perPage"}},
    {"/schedule/v1/check-types",
     {"data[].companyId", "data[].id", "data[].name", "meta.total", "meta.perPage"}},
    {"/schedule/v1/work-breaks",
     {"data[].companyId", "data[].id", "data[].name", "data[].color", "data[].icon",
      "data[].breakMinutes", "meta.total"}},
    {"/schedule/v1/check-type-collections",
     {"data[].id", "data[].name", "data[].color", "data[].companyId", "data[].createdAt",
      "data[].updatedAt", "data[].deletedAt", "data[].archivedAt", "meta.total"}},
    {"/schedule/v1/check-type-collections/{checkTypeCollectionId}",
     {"data[].id", "data[].name", "data[].checkTypes[].id", "data[].checkTypes[].name",
      "data[].checkTypes[].color", "data[].checkTypes[].icon", "meta.total"}},
    {"/core/v3/info",
     {"data.company.id", "data.company.name", "data.company.language", "meta.currentPage"}},
    // Issue 18: what the payroll figures read.
    {"/schedule/v1/reports/worked-hours",
     {"data[].employeeId", "data[].secondsWorked", "data[].secondsToWork", "data[].secondsBalance",
      "meta.total", "meta.perPage", "meta.lastPage"}},
    {"/schedule/v1/reports/worked-night-hours",
     {"data[].employeeId", "data[].secondsWorkedNight", "meta.total"}},
    {"/schedule/v1/reports/worked-absence-days",
     {"data[].employeeId", "data[].days[].date", "data[].days[].secondsWorked", "meta.total"}},
    {"/schedule/v1/absence-day-off",
     {"data[].id", "data[].date", "data[].seconds", "data[].calendar.absenceType.id",
      "data[].calendar.absenceType.name", "data[].employee.id", "meta.total"}},
    {"/schedule/v1/vacation-day-off",
     {"data[].id", "data[].date", "data[].seconds", "data[].calendar.vacationConfiguration.dayType",
      "data[].employee.id", "meta.total"}},
    {"/schedule/v1/absence-types",
     {"data[].id", "data[].name", "data[].remuneratedType", "data[].category", "data[].status",
      "meta.total"}},
    {"/schedule/v1/holidays",
     {"data[].employee.id", "data[].dayOff.name", "data[].dayOff.date", "meta.total"}},
    {"/schedule/v1/holiday-calendar",
     {"data[].id", "data[].name", "data[].dayOff[].id", "data[].dayOff[].name",
      "data[].dayOff[].date", "data[].default", "meta.total"}},
    {"/schedule/v1/check-validation",
     {"data[].id", "data[].employee.id", "data[].startDate", "data[].endDate", "data[].status",
      "data[].lastSent", "data[].timesSent", "meta.total"}},
    {"/core/v3/employees",
     {"data[].id", "data[].firstName", "data[].lastName", "data[].code", "data[].nid",
      "data[].identityNumberType", "data[].ssn", "data[].email", "data[].status", "meta.total"}},
    {"/core/v3/offices",
     {"data[].id", "data[].name", "data[].coordinates.latitude", "data[].coordinates.longitude",
      "data[].radio", "meta.total"}},
    {"/contract/v1/contracts/contracts-for-payroll",
     {"data[].id", "data[].firstName", "data[].lastName", "data[].code", "data[].ssn",
      "data[].businessData.daysWorked", "data[].businessData.vacationDays",
      "data[].businessData.remuneratedAbsences", "data[].businessData.notRemuneratedAbsences",
      "data[].businessData.secondsToWork", "data[].businessData.overtime",
      "data[].offices[].coordinates.latitude", "meta.total"}},
};

std::vector<Mismatch> validate(const std::string& path, const json& body) {
    return SchemaValidator(document(), kNullable).validate(response_schema(path), body);
}

std::vector<Mismatch> missing(const std::string& path, const json& body) {
    std::vector<Mismatch> out;
    for (const auto& p : kNeeded.at(path))
        reportgen::test::missing_fields(body, p, "$", out);
    return out;
}

json get_ok(httplib::Client& c, const std::string& url) {
    auto r = c.Get(url.c_str(), bearer());
    REQUIRE(r);
    INFO(url << " -> " << r->status << " " << r->body.substr(0, 300));
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type").starts_with("application/json"));
    return json::parse(r->body);
}

MockOptions contract_company(bool fat) {
    MockOptions o;
    o.employees = 40;
    o.days = 12;
    o.start = "2024-03-29";  // Good Friday and the spring change: both offsets, and UTC clocks
    o.seed = 9;
    o.fat = fat;
    return o;
}

// The document's path with its parameter filled in.
std::string concrete(const std::string& doc_path, const std::string& collection_id) {
    const auto brace = doc_path.find('{');
    if (brace == std::string::npos) return doc_path;
    return doc_path.substr(0, brace) + collection_id;
}

// A valid value of a documented query parameter, from its schema.
std::string sample_value(const json& param, const std::string& employee, const std::string& nid) {
    const std::string name = param.at("name");
    const json& schema = param.at("schema");
    const json& item = schema.value("type", "") == "array" ? schema.at("items") : schema;
    if (item.contains("enum")) return item["enum"][0].get<std::string>();
    const std::string format = item.value("format", "");
    if (format == "uuid") return employee;
    if (format == "date") return "2024-03-30";
    if (format == "YYYY") return "2024";
    if (format == "email") return "empleado1002@demo-iberica.example";
    if (name == "dni") return nid;
    if (schema.contains("example")) {
        // "+" percent-encoded, as in any query string.
        std::string ex = schema["example"].get<std::string>();
        if (const auto plus = ex.find('+'); plus != std::string::npos) ex.replace(plus, 1, "%2B");
        return ex;
    }
    if (item.value("type", "") == "integer") return "2";
    if (item.value("type", "") == "boolean") return "true";
    return "workEntryIn.date%20asc";  // orderBy's documented form; any text elsewhere
}

// The operation's required query parameters with valid values, but `skip`.
std::string required_query(const json& op, const std::string& employee, const std::string& nid,
                           const std::string& skip = "") {
    std::string q;
    for (const auto& p : op.value("parameters", json::array())) {
        if (p.at("in") != "query" || !p.value("required", false) || p.at("name") == skip) continue;
        std::string value = sample_value(p, employee, nid);
        if (p.at("name") == "to") value = "2024-04-09";  // the company's whole range
        if (p.at("name") == "from") value = "2024-03-29";
        // Appended piece by piece: GCC 12's -Wstringop-overflow false positive.
        if (!q.empty()) q += '&';
        q += p.at("name").get<std::string>();
        q += '=';
        q += value;
    }
    return q;
}

}  // namespace

TEST_CASE("validator: array vs object, nested types, nulls, enums, formats, with their path",
          "[mockapi][contract]") {
    const std::string detail = "/schedule/v1/check-type-collections/{checkTypeCollectionId}";
    // The shape the mock sent before: data as one object.
    const json object_detail = {{"data",
                                 {{"id", "8a4e0f4c-1111-4222-8333-444455556666"},
                                  {"name", "Oficina"},
                                  {"checkTypes", {}}}}};
    auto ms = validate(detail, object_detail);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].path == "$.data");
    CHECK(ms[0].what == "expected an array, got object");

    json group = {{"id", "8a4e0f4c-1111-4222-8333-444455556666"},
                  {"name", "Oficina"},
                  {"checkTypes", json::array({{{"id", "nope"}, {"name", 7}}})}};
    ms = validate(detail, {{"data", json::array({group})}, {"meta", {{"total", "1"}}}});
    REQUIRE(ms.size() == 3);
    CHECK(ms[0].path == "$.data[0].checkTypes[0].id");
    CHECK(ms[0].what.find("format uuid") != std::string::npos);
    CHECK(ms[1].path == "$.data[0].checkTypes[0].name");
    CHECK(ms[1].what == "expected a string, got integer");
    CHECK(ms[2].path == "$.meta.total");

    const std::string entries = "/schedule/v1/work-entries";
    json e = {{"id", "8a4e0f4c-1111-4222-8333-444455556666"},
              {"workEntryIn",
               {{"date", "2024-01-01T10:00:00Z"},
                {"coordinates", {{"latitude", "40.4"}, {"longitude", -3.7}}}}},
              {"workEntryOut", nullptr},
              {"workedSeconds", 3599.6},
              {"createdAt", nullptr},
              {"employee", {{"identityNumberType", "passport"}, {"nid", nullptr}}}};
    ms = validate(entries, {{"data", json::array({e})}});
    std::map<std::string, std::string> by_path;
    for (const auto& m : ms)
        by_path[m.path] = m.what;
    INFO(describe_mismatches(ms));
    CHECK(ms.size() == 4);
    CHECK(by_path.count("$.data[0].workEntryIn.date"));  // "Z" is not PHP's P
    CHECK(by_path["$.data[0].workEntryIn.coordinates.latitude"] == "expected a number, got string");
    CHECK(by_path["$.data[0].createdAt"] == "null, expected string");  // not listed nullable
    CHECK(by_path.count("$.data[0].employee.identityNumberType"));     // not in the enum

    // Missing fields are reported by path, for each array element.
    std::vector<Mismatch> gaps;
    reportgen::test::missing_fields({{"data", json::array({{{"id", 1}}, {{"x", 2}}})}}, "data[].id",
                                    "$", gaps);
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].path == "$.data[1].id");
}

TEST_CASE("validator: $ref, allOf, oneOf, anyOf, required, nullable", "[mockapi][contract]") {
    const json doc = json::parse(R"({
      "components": {"schemas": {
        "Id": {"type": "string", "format": "uuid"},
        "Named": {"type": "object", "required": ["name"],
                  "properties": {"name": {"type": "string", "nullable": true}}}}},
      "root": {"type": "object", "properties": {
        "id": {"$ref": "#/components/schemas/Id"},
        "both": {"allOf": [{"$ref": "#/components/schemas/Named"},
                           {"type": "object", "properties": {"n": {"type": "integer"}}}]},
        "either": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        "any": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}}}
    })");
    const SchemaValidator v(doc);
    CHECK(v.validate(doc["root"], json::parse(R"({"id": "8a4e0f4c-1111-4222-8333-444455556666",
        "both": {"name": null, "n": 3}, "either": 2.5, "any": true})"))
              .empty());
    const auto ms = v.validate(
        doc["root"], json::parse(R"({"id": 5, "both": {"n": 1.5}, "either": 2, "any": 1})"));
    std::set<std::string> paths;
    for (const auto& m : ms)
        paths.insert(m.path + " " + m.what);
    INFO(describe_mismatches(ms));
    CHECK(paths.count("$.id expected a string, got integer"));
    CHECK(paths.count("$.both.name required, missing"));
    CHECK(paths.count("$.both.n expected an integer, got number"));
    CHECK(paths.count("$.either matches 2 of oneOf, expected one"));  // 2 is integer and number
    CHECK(paths.count("$.any matches none of anyOf, got integer"));
    CHECK(ms.size() == 5);
}

TEST_CASE("every endpoint's answer matches the document's response schema", "[mockapi][contract]") {
    for (bool fat : {false, true}) {
        INFO((fat ? "fat" : "lean"));
        MockApiServer s(contract_company(fat));
        s.start();
        auto c = client_for(s);
        const json cols = get_ok(c, "/schedule/v1/check-type-collections");
        REQUIRE(!cols["data"].empty());
        std::size_t checked = 0;
        for (const auto& [path, item] : document().at("paths").items()) {
            INFO(path);
            REQUIRE(kNeeded.count(path));  // a new operation in the document needs a test here
            std::vector<std::string> urls;
            if (path == "/schedule/v1/work-entries") {
                // Every page of a range with deleted, open and UTC-clock entries.
                for (int p = 1; p <= 4; ++p) {
                    std::string url = "/schedule/v1/work-entries?onlyReturn=all&limit=150&page=";
                    url += std::to_string(p);
                    urls.push_back(std::move(url));
                }
            } else if (path.find('{') != std::string::npos) {
                for (const auto& col : cols["data"])
                    urls.push_back(concrete(path, col["id"].get<std::string>()));
            } else {
                // Required parameters filled in; a page large enough for every item.
                const std::string q = required_query(item.at("get"), s.employee_ids().at(2), "");
                urls.push_back(path + "?" + q + (q.empty() ? "" : "&") + "limit=500");
            }
            for (const auto& url : urls) {
                const json body = get_ok(c, url);
                CHECK(!body.at("data").empty());  // else the schema checks nothing
                const auto bad = validate(path, body);
                INFO(url << "\n" << describe_mismatches(bad));
                CHECK(bad.empty());
                const auto gaps = missing(path, body);
                INFO(describe_mismatches(gaps));
                CHECK(gaps.empty());
                ++checked;
            }
        }
        CHECK(document().at("paths").size() == 18);
        CHECK(checked == 4 + 3 + 4 + 12);
    }
}

TEST_CASE("every documented query parameter is accepted, enums and defaults as documented",
          "[mockapi][contract]") {
    MockApiServer s(contract_company(false));
    s.start();
    auto c = client_for(s);
    const std::string employee = s.employee_ids().at(2);
    const json listed = get_ok(c, "/core/v3/employees?limit=500");
    std::string nid;
    for (const auto& e : listed["data"]) {
        if (nid.empty() && e["nid"].is_string()) nid = e["nid"];
    }
    REQUIRE(!nid.empty());
    std::size_t required_seen = 0;
    for (const auto& [path, item] : document().at("paths").items()) {
        if (path.find('{') != std::string::npos) continue;  // no query parameters
        const json& op = item.at("get");
        for (const auto& p : op.value("parameters", json::array())) {
            if (p.at("in") != "query") continue;
            const std::string name = p.at("name");
            const json& schema = p.at("schema");
            const json& items = schema.value("type", "") == "array" ? schema.at("items") : schema;
            // The other required parameters, valid, in front of the one tried.
            const std::string base = required_query(op, employee, nid, name);
            const std::string front = path + "?" + base + (base.empty() ? "" : "&");
            std::vector<std::string> values;
            if (items.contains("enum")) {
                for (const auto& v : items["enum"])
                    values.push_back(v.get<std::string>());
            } else {
                values.push_back(sample_value(p, employee, nid));
            }
            for (const auto& v : values) {
                INFO(front << name << "=" << v);
                const json body = get_ok(c, front + name + "=" + v);
                CHECK(validate(path, body).empty());
            }
            if (items.contains("enum")) {
                auto r = c.Get((front + name + "=not-in-the-enum").c_str(), bearer());
                REQUIRE(r);
                CHECK(r->status == 400);
                CHECK(json::parse(r->body).contains("message"));
            }
            if (p.value("required", false)) {
                // Without it: 400, naming it.
                INFO(path << " without " << name);
                auto r = c.Get((path + "?" + base).c_str(), bearer());
                REQUIRE(r);
                CHECK(r->status == 400);
                CHECK(json::parse(r->body).at("message").get<std::string>().find(name) !=
                      std::string::npos);
                ++required_seen;
            }
            if (name == "limit" && schema.contains("default")) {
                const json body = get_ok(c, path + "?" + base);
                const auto def = schema["default"].get<std::size_t>();
                CHECK(body["meta"]["perPage"] == def);
                CHECK(body["data"].size() ==
                      std::min(def, body["meta"]["total"].get<std::size_t>()));
            }
        }
    }
    // worked-hours, worked-night-hours, worked-absence-days: from, to; holidays:
    // employeeId, year; contracts: period, from, to, currency.
    CHECK(required_seen == 2 + 2 + 2 + 2 + 4);
    // onlyReturn's documented default is not_deleted.
    std::string def;
    for (const auto& p : operation("/schedule/v1/work-entries").at("parameters")) {
        if (p.at("name") == "onlyReturn") def = p.at("schema").at("default");
    }
    REQUIRE(def == "not_deleted");
    CHECK(get_ok(c, "/schedule/v1/work-entries?limit=1")["meta"]["total"] ==
          get_ok(c, "/schedule/v1/work-entries?limit=1&onlyReturn=" + def)["meta"]["total"]);
    CHECK(get_ok(c, "/schedule/v1/work-entries?limit=1")["meta"]["total"] <
          get_ok(c, "/schedule/v1/work-entries?limit=1&onlyReturn=all")["meta"]["total"]);
}
