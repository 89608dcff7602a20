// Explanations of a page that is not JSON: where it goes wrong (the byte,
// the entry and the key), for the page decoder's error messages. Only run
// on the error path, so their speed does not matter.
#include "api/decode/diagnostics.hpp"

#include <nlohmann/json.hpp>

namespace reportgen::detail {
namespace {

// Printable start of a body for "not JSON" messages (an HTML page from a proxy).
std::string preview(std::string_view body) {
    std::string out;
    for (char c : body.substr(0, 60))
        out.push_back((c >= 32 && c < 127) ? c : ' ');
    return out;
}

// First byte offset that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        std::size_t len;
        uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

// Finds which entry of data[] and which key hold a byte offset, with a light
// structural scan (used only to explain an invalid-UTF-8 error).
void locate(std::string_view s, std::size_t offset, long& entry, std::string& key) {
    int depth = 0;
    int data_depth = -1;  // depth inside the data array
    bool in_string = false;
    std::size_t str_start = 0;
    std::string_view last_string;
    entry = -1;
    for (std::size_t i = 0; i < s.size() && i < offset; ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
                last_string = s.substr(str_start, i - str_start);
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                str_start = i + 1;
                break;
            case ':':
                key = std::string(last_string);
                break;
            case '[':
                ++depth;
                if (depth == 2 && key == "data") data_depth = depth;
                break;
            case '{':
                ++depth;
                if (data_depth > 0 && depth == data_depth + 1) ++entry;
                break;
            case ']':
            case '}':
                if (depth == data_depth && c == ']') data_depth = -1;
                --depth;
                break;
            default:
                break;
        }
    }
}

// Byte offset of the first JSON syntax error in body, found by nlohmann's
// SAX parser (no DOM is built), or npos. Only explains a page simdjson has
// rejected, so its cost does not matter.
std::size_t first_syntax_error(std::string_view body) {
    using json = nlohmann::json;
    struct Sax : nlohmann::json_sax<json> {
        std::size_t at = std::string_view::npos;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t position, const std::string&,
                         const nlohmann::detail::exception&) override {
            at = position > 0 ? position - 1 : 0;  // nlohmann counts bytes read
            return false;
        }
    } sax;
    json::sax_parse(body, &sax);
    return sax.at;
}

}  // namespace

[[noreturn]] void fail_not_json(Where w, std::string_view body, bool utf8_error,
                                std::string_view reason) {
    w.field = nullptr;
    if (utf8_error) {
        const auto off = first_invalid_utf8(body);
        std::string key;
        locate(body, off == std::string_view::npos ? body.size() : off, w.entry, key);
        w.fail("invalid UTF-8 at byte " + std::to_string(off) +
               (key.empty() ? std::string() : " (in the value of \"" + key + "\")"));
    }
    // Where it goes wrong, when nlohmann's parser agrees it does.
    std::string at;
    if (const auto off = first_syntax_error(body); off != std::string_view::npos) {
        std::string key;
        locate(body, off, w.entry, key);
        at = " at byte " + std::to_string(off) +
             (key.empty() ? std::string() : " (in the value of \"" + key + "\")");
    }
    w.fail("not a JSON object (" + std::string(reason) + ")" + at + "; body begins '" +
           preview(body) + "'");
}

}  // namespace reportgen::detail
