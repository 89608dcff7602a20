// The metadata endpoints through simdjson On-Demand, without a DOM: a small
// compressed body can inflate to hundreds of MB, and a DOM costs 25-40x its
// size (docs/DESIGN.md). Two passes over one parse: the first checks that
// the whole body is JSON (On-Demand validates only what it visits), the
// second reads what the report uses. Memory: the body, a padded copy, and
// simdjson's structural index and string buffer (a few times the body).
#include "api/json_body.hpp"
#include "api/metadata_decoder.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {
namespace {

using namespace json;  // NOLINT(google-build-using-namespace): this file's toolbox

// breakMinutes: a number of minutes in a day (a fraction rounded down);
// absent or not a number: 0, as before.
int64_t break_minutes(od::object& item, std::string_view what, std::size_t i) {
    auto f = member(item, "breakMinutes");
    if (!f || !is(*f, od::json_type::number)) return 0;
    double x = 0;
    if (f->get_double().get(x) || !(x >= 0 && x <= 1440))
        fail(what, "entry " + std::to_string(i) +
                       ": field breakMinutes: expected minutes from 0 to 1440, got " +
                       std::string(f->raw_json_token()));
    return static_cast<int64_t>(x);
}

// remunerated (an extra the API document does not list): absent or null is
// false; any other value than a boolean is refused, since misreading it
// would pay or not pay a break silently.
bool remunerated(od::object& item, std::string_view what, std::size_t i) {
    auto f = member(item, "remunerated");
    bool null = false;
    if (!f || (!f->is_null().get(null) && null)) return false;
    bool b = false;
    if (f->get_bool().get(b))
        fail(what, "entry " + std::to_string(i) +
                       ": field remunerated: expected true, false or null, got " +
                       std::string(f->raw_json_token()));
    return b;
}

}  // namespace

PageMeta decode_check_types(std::string_view body, std::string_view what,
                            std::vector<CheckType>& out) {
    return each_item(body, what, [&](od::object& item, std::size_t i) {
        std::string id = str(item, "id", what, i);
        out.push_back(CheckType{std::move(id), str(item, "name", what, i, false)});
    });
}

PageMeta decode_work_breaks(std::string_view body, std::string_view what,
                            std::vector<WorkBreak>& out) {
    return each_item(body, what, [&](od::object& item, std::size_t i) {
        std::string id = str(item, "id", what, i);
        std::string name = str(item, "name", what, i, false);
        const int64_t minutes = break_minutes(item, what, i);
        out.push_back(WorkBreak{std::move(id), std::move(name), minutes, remunerated(item, what, i)});
    });
}

PageMeta decode_collections(std::string_view body, std::string_view what,
                            std::vector<Collection>& out) {
    return each_item(body, what, [&](od::object& item, std::size_t i) {
        std::string id = str(item, "id", what, i);
        out.push_back(Collection{std::move(id), str(item, "name", what, i, false), {}});
    });
}

namespace {

void append_check_types(od::object& group, const std::string& where, std::string_view what,
                        std::vector<std::string>& ids) {
    auto cts = member(group, "checkTypes");
    bool null = false;
    if (!cts || (!cts->is_null().get(null) && null)) return;
    od::array list;
    if (cts->get_array().get(list)) fail(what, "field " + where + ".checkTypes: expected an array");
    std::size_t i = 0;
    for (auto element : list) {
        od::object ct;
        if (element.get_object().get(ct))
            fail(what, where + ".checkTypes entry " + std::to_string(i) + ": expected an object");
        ids.push_back(str(ct, "id", what, i));
        ++i;
    }
}

}  // namespace

// The vendor's document answers `data` as an array of groups (one in
// practice), each with its checkTypes (docs/API.md); an object is accepted
// too, as older servers sent it.
std::vector<std::string> decode_collection_check_types(std::string_view text,
                                                       std::string_view what) {
    Body body(text, what);
    auto d = member(body.root(), "data");
    std::vector<std::string> ids;
    if (d && is(*d, od::json_type::object)) {
        od::object group;
        if (d->get_object().get(group)) fail(what, "expected a \"data\" object");
        append_check_types(group, "data", what, ids);
        return ids;
    }
    od::array groups;
    if (!d || d->get_array().get(groups))
        fail(what, "expected a \"data\" array of groups (or one group object)");
    std::size_t i = 0;
    for (auto element : groups) {
        const std::string where = "data[" + std::to_string(i) + "]";
        od::object group;
        if (element.get_object().get(group)) fail(what, where + ": expected an object");
        append_check_types(group, where, what, ids);
        ++i;
    }
    return ids;
}

CompanyInfo decode_company_info(std::string_view text, std::string_view what) {
    Body body(text, what);
    auto d = member(body.root(), "data");
    od::object data;
    if (!d || d->get_object().get(data)) fail(what, "expected a \"data\" object");
    auto c = member(data, "company");
    od::object company;
    if (!c || c->get_object().get(company)) fail(what, "expected a \"data.company\" object");
    CompanyInfo info;
    info.id = str(company, "id", what, 0, false);
    info.name = str(company, "name", what, 0, false);
    info.language = str(company, "language", what, 0, false);
    return info;
}

}  // namespace reportgen::detail
