#pragma once
// Private to the decoders of the small JSON endpoints (metadata, payroll
// sources): a body checked whole with simdjson On-Demand (no DOM), then read
// from its root object, and the helpers that read a list page's meta, its
// items and their fields. Errors are data errors that start with `what`
// ("check-types page 1").
#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail::json {

namespace od = simdjson::ondemand;

[[noreturn]] inline void fail(std::string_view what, const std::string& detail) {
    throw data_error(std::string(what) + ": " + detail);
}

// Deeper bodies are refused, as simdjson's own iterator would.
constexpr int kMaxDepth = 1024;

// True when v (and everything in it) is well-formed JSON; consumes it.
inline bool well_formed(od::value v, int depth) {
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
inline std::optional<od::value> member(od::object& obj, std::string_view key) {
    od::value v;
    if (obj.find_field_unordered(key).get(v)) return std::nullopt;
    return v;
}

inline bool is(od::value& v, od::json_type want) {
    od::json_type t;
    return !v.type().get(t) && t == want;
}

inline PageMeta read_meta(Body& body) {
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

inline std::string str(od::object& item, const char* key, std::string_view what, std::size_t index,
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

}  // namespace reportgen::detail::json
