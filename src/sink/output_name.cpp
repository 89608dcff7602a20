#include "reportgen/output_name.hpp"

#include "reportgen/error.hpp"

namespace reportgen {

namespace {

constexpr std::size_t kMaxNameBytes = 80;
constexpr const char* kKnown =
    "{company}, {type}, {from}, {to}, {month}, {employee}, {nid}, {code}";

bool keeps(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '.' || c >= 0x80;  // UTF-8 letters stay (accents in names)
}

}  // namespace

std::string file_safe_name(std::string_view name) {
    std::string out;
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (keeps(c)) {
            out.push_back(ch);
        } else if (!out.empty() && out.back() != '_') {
            out.push_back('_');
        }
    }
    // Cut on a code point boundary, then drop what a file system dislikes
    // at the edges: '_' left by punctuation, dots ("." and ".." and hidden files).
    if (out.size() > kMaxNameBytes) {
        std::size_t cut = kMaxNameBytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out.resize(cut);
    }
    while (!out.empty() && (out.back() == '_' || out.back() == '.'))
        out.pop_back();
    while (!out.empty() && (out.front() == '_' || out.front() == '.'))
        out.erase(out.begin());
    return out.empty() ? "unknown" : out;
}

bool has_placeholder(std::string_view tmpl, std::string_view name) {
    std::string key = "{";
    key.append(name).append("}");
    return tmpl.find(key) != std::string_view::npos;
}

std::string expand_output_template(std::string_view tmpl, const OutputNameFields& f) {
    std::string out;
    out.reserve(tmpl.size() + 32);
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const auto open = tmpl.find('{', i);
        out.append(tmpl.substr(i, open - i));
        if (open == std::string_view::npos) break;
        const auto close = tmpl.find('}', open);
        if (close == std::string_view::npos)
            throw usage_error("output name '" + std::string(tmpl) + "': '{' without '}'");
        const std::string_view key = tmpl.substr(open + 1, close - open - 1);
        if (key == "type") {
            out.append(to_string(f.layout));
        } else if (key == "from") {
            out.append(format_iso_date(f.from));
        } else if (key == "to") {
            out.append(format_iso_date(f.to));
        } else if (key == "month") {
            out.append(format_iso_date(f.from).substr(0, 7));
        } else if (key == "company") {
            out.append(f.company ? file_safe_name(*f.company) : "{company}");
        } else if (key == "employee") {
            out.append(f.employee ? file_safe_name(*f.employee) : "{employee}");
        } else if (key == "nid") {
            out.append(f.nid ? file_safe_name(*f.nid) : "{nid}");
        } else if (key == "code") {
            out.append(f.code ? file_safe_name(*f.code) : "{code}");
        } else {
            throw usage_error("output name '" + std::string(tmpl) + "': unknown placeholder {" +
                              std::string(key) + "} (known: " + kKnown + ")");
        }
        i = close + 1;
    }
    return out;
}

}  // namespace reportgen
