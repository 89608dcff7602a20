// The small metadata endpoints (a few KB each, cached): nlohmann_json's DOM
// is plenty fast and gives simple, exact type checks.
#include <nlohmann/json.hpp>

#include "reportgen/decoder.hpp"
#include "reportgen/error.hpp"

namespace reportgen {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(std::string_view what, const std::string& detail) {
    throw data_error(std::string(what) + ": " + detail);
}

json parse(std::string_view body, std::string_view what) {
    json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) fail(what, "not a JSON object");
    return j;
}

PageMeta read_meta(const json& root, std::string_view what) {
    const auto it = root.find("meta");
    if (it == root.end() || !it->is_object()) fail(what, "expected a \"meta\" object");
    PageMeta m;
    auto num = [&](const char* key, int64_t& out, bool required) {
        const auto f = it->find(key);
        if (f == it->end()) {
            if (required) fail(what, std::string("field meta.") + key + ": missing");
            return;
        }
        if (!f->is_number_integer() || f->get<int64_t>() < 0)
            fail(what, std::string("field meta.") + key + ": expected a whole number >= 0");
        out = f->get<int64_t>();
    };
    num("currentPage", m.current_page, false);
    num("lastPage", m.last_page, true);
    num("total", m.total, true);
    num("perPage", m.per_page, false);
    return m;
}

const json& data_array(const json& root, std::string_view what) {
    const auto it = root.find("data");
    if (it == root.end() || !it->is_array()) fail(what, "expected a \"data\" array");
    return *it;
}

std::string str(const json& item, const char* key, std::string_view what, std::size_t index,
                bool required = true) {
    const auto f = item.find(key);
    if (f == item.end() || f->is_null()) {
        if (required) fail(what, "entry " + std::to_string(index) + ": field " + key + ": missing");
        return {};
    }
    if (!f->is_string())
        fail(what, "entry " + std::to_string(index) + ": field " + key + ": expected a string");
    return f->get<std::string>();
}

template <class Fn>
PageMeta each_item(std::string_view body, std::string_view what, Fn&& fn) {
    const json root = parse(body, what);
    const PageMeta meta = read_meta(root, what);
    const json& data = data_array(root, what);
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (!data[i].is_object()) fail(what, "entry " + std::to_string(i) + ": expected an object");
        fn(data[i], i);
    }
    return meta;
}

}  // namespace

PageMeta decode_check_types(std::string_view body, std::string_view what,
                            std::vector<CheckType>& out) {
    return each_item(body, what, [&](const json& item, std::size_t i) {
        out.push_back(CheckType{str(item, "id", what, i), str(item, "name", what, i, false)});
    });
}

PageMeta decode_work_breaks(std::string_view body, std::string_view what,
                            std::vector<WorkBreak>& out) {
    return each_item(body, what, [&](const json& item, std::size_t i) {
        WorkBreak b{str(item, "id", what, i), str(item, "name", what, i, false), 0};
        if (const auto f = item.find("breakMinutes"); f != item.end() && f->is_number())
            b.break_minutes = f->get<int64_t>();
        out.push_back(std::move(b));
    });
}

PageMeta decode_collections(std::string_view body, std::string_view what,
                            std::vector<Collection>& out) {
    return each_item(body, what, [&](const json& item, std::size_t i) {
        out.push_back(Collection{str(item, "id", what, i), str(item, "name", what, i, false), {}});
    });
}

namespace {

void append_check_types(const json& group, const std::string& where, std::string_view what,
                        std::vector<std::string>& ids) {
    const auto cts = group.find("checkTypes");
    if (cts == group.end() || cts->is_null()) return;
    if (!cts->is_array()) fail(what, "field " + where + ".checkTypes: expected an array");
    for (std::size_t i = 0; i < cts->size(); ++i) {
        const json& ct = (*cts)[i];
        if (!ct.is_object())
            fail(what, where + ".checkTypes entry " + std::to_string(i) + ": expected an object");
        ids.push_back(str(ct, "id", what, i));
    }
}

}  // namespace

// The vendor's document answers `data` as an array of groups (one in
// practice), each with its checkTypes (docs/API.md); an object is accepted
// too, as older servers sent it.
std::vector<std::string> decode_collection_check_types(std::string_view body,
                                                       std::string_view what) {
    const json root = parse(body, what);
    const auto d = root.find("data");
    std::vector<std::string> ids;
    if (d != root.end() && d->is_object()) {
        append_check_types(*d, "data", what, ids);
        return ids;
    }
    if (d == root.end() || !d->is_array())
        fail(what, "expected a \"data\" array of groups (or one group object)");
    for (std::size_t i = 0; i < d->size(); ++i) {
        const json& group = (*d)[i];
        const std::string where = "data[" + std::to_string(i) + "]";
        if (!group.is_object()) fail(what, where + ": expected an object");
        append_check_types(group, where, what, ids);
    }
    return ids;
}

CompanyInfo decode_company_info(std::string_view body, std::string_view what) {
    const json root = parse(body, what);
    const auto d = root.find("data");
    if (d == root.end() || !d->is_object()) fail(what, "expected a \"data\" object");
    const auto c = d->find("company");
    if (c == d->end() || !c->is_object()) fail(what, "expected a \"data.company\" object");
    CompanyInfo info;
    info.id = str(*c, "id", what, 0, false);
    info.name = str(*c, "name", what, 0, false);
    info.language = str(*c, "language", what, 0, false);
    return info;
}

}  // namespace reportgen
