// The metadata endpoints through simdjson On-Demand, without a DOM: a small
// compressed body can inflate to hundreds of MB, and a DOM costs 25-40x its
// size (docs/DESIGN.md). Two passes over one parse: the first checks that
// the whole body is JSON (On-Demand validates only what it visits), the
// second reads what the report uses. Memory: the body, a padded copy, and
// simdjson's structural index and string buffer (a few times the body).
#include <simdjson.h>

#include <optional>

#include "api/metadata_decoder.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {
namespace {

namespace od = simdjson::ondemand;

[[noreturn]] void fail(std::string_view what, const std::string& detail) {
    throw data_error(std::string(what) + ": " + detail);
}

// Deeper bodies are refused, as simdjson's own iterator would.
constexpr int kMaxDepth = 1024;

// True when v (and everything in it) is well-formed JSON; consumes it.
bool well_formed(od::value v, int depth) {
    if (depth > kMaxDepth) return false;
    od::json_type t;
    if (v.type().get(t)) return false;
    switch (t) {
        case od::json_type::array: {
            od::array a;
            if (v.get_array().get(a)) return false;
            for (auto item : a) {
                od::value x;
                if (item.get(x) || !well_formed(x, depth + 1)) return false;
            }
            return true;
        }
        case od::json_type::object: {
            od::object o;
            if (v.get_object().get(o)) return false;
            for (auto member : o) {
                od::field f;
                std::string_view key;
                if (std::move(member).get(f) || f.unescaped_key().get(key) ||
                    !well_formed(f.value(), depth + 1))
                    return false;
            }
            return true;
        }
        case od::json_type::number: {
            od::number n;
            return !v.get_number().get(n);
        }
        case od::json_type::string: {
            std::string_view s;
            return !v.get_string().get(s);
        }
        case od::json_type::boolean: {
            bool b;
            return !v.get_bool().get(b);
        }
        case od::json_type::null: {
            bool null = false;
            return !v.is_null().get(null) && null;
        }
    }
    return false;
}

// A metadata body, checked whole, then open for reading from its root object.
class Body {
  public:
    Body(std::string_view body, std::string_view what) : what_(what), text_(body) {
        if (parser_.iterate(text_).get(doc_)) bad();
        od::object root;
        if (doc_.get_object().get(root)) bad();
        for (auto member : root) {
            od::field f;
            std::string_view key;
            if (std::move(member).get(f) || f.unescaped_key().get(key) ||
                !well_formed(f.value(), 1))
                bad();
        }
        // Nothing but whitespace may follow the root object.
        const char* rest = nullptr;
        if (!doc_.current_location().get(rest)) bad();
        doc_.rewind();
        if (doc_.get_object().get(root_)) bad();
    }
    Body(const Body&) = delete;
    Body& operator=(const Body&) = delete;

    od::object& root() { return root_; }
    std::string_view what() const { return what_; }

  private:
    [[noreturn]] void bad() const { fail(what_, "not a JSON object"); }

    std::string_view what_;
    simdjson::padded_string text_;
    od::parser parser_;
    od::document doc_;
    od::object root_;
};

// The value of key in obj, or nullopt when absent. The body has been
// checked, so any other error is a bug of this file.
std::optional<od::value> member(od::object& obj, std::string_view key) {
    od::value v;
    if (obj.find_field_unordered(key).get(v)) return std::nullopt;
    return v;
}

bool is(od::value& v, od::json_type want) {
    od::json_type t;
    return !v.type().get(t) && t == want;
}

PageMeta read_meta(Body& body) {
    const std::string_view what = body.what();
    auto m = member(body.root(), "meta");
    od::object mo;
    if (!m || m->get_object().get(mo)) fail(what, "expected a \"meta\" object");
    PageMeta meta;
    auto num = [&](const char* key, int64_t& out, bool required) {
        auto f = member(mo, key);
        if (!f) {
            if (required) fail(what, std::string("field meta.") + key + ": missing");
            return;
        }
        int64_t x = 0;
        if (f->get_int64().get(x) || x < 0)
            fail(what, std::string("field meta.") + key + ": expected a whole number >= 0");
        out = x;
    };
    num("currentPage", meta.current_page, false);
    num("lastPage", meta.last_page, true);
    num("total", meta.total, true);
    num("perPage", meta.per_page, false);
    return meta;
}

std::string str(od::object& item, const char* key, std::string_view what, std::size_t index,
                bool required = true) {
    auto f = member(item, key);
    bool null = false;
    if (!f || (!f->is_null().get(null) && null)) {
        if (required) fail(what, "entry " + std::to_string(index) + ": field " + key + ": missing");
        return {};
    }
    std::string_view s;
    if (f->get_string().get(s))
        fail(what, "entry " + std::to_string(index) + ": field " + key + ": expected a string");
    return std::string(s);
}

template <class Fn>
PageMeta each_item(std::string_view text, std::string_view what, Fn&& fn) {
    Body body(text, what);
    const PageMeta meta = read_meta(body);
    auto d = member(body.root(), "data");
    od::array data;
    if (!d || d->get_array().get(data)) fail(what, "expected a \"data\" array");
    std::size_t i = 0;
    for (auto element : data) {
        od::object item;
        if (element.get_object().get(item))
            fail(what, "entry " + std::to_string(i) + ": expected an object");
        fn(item, i);
        ++i;
    }
    return meta;
}

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
