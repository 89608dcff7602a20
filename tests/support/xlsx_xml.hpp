#pragma once
// Just enough reading of SpreadsheetML (as libxlsxwriter writes it) to check
// cells, styles and sheet settings: not a general XML parser.
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reportgen::test {

inline std::string xml_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] != '&') {
            out.push_back(s[i++]);
            continue;
        }
        const auto semi = s.find(';', i);
        if (semi == std::string_view::npos) throw std::runtime_error("bad entity");
        const std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp")
            out.push_back('&');
        else if (ent == "lt")
            out.push_back('<');
        else if (ent == "gt")
            out.push_back('>');
        else if (ent == "quot")
            out.push_back('"');
        else if (ent == "apos")
            out.push_back('\'');
        else
            throw std::runtime_error("unknown entity " + std::string(ent));
        i = semi + 1;
    }
    return out;
}

// Value of attribute `name` inside the start tag `tag` ("<c r=... s=...>").
inline std::optional<std::string> attr(std::string_view tag, std::string_view name) {
    // Built by append: GCC 12 warns (-Wrestrict, a false positive) on "lit" + string.
    std::string key(" ");
    key.append(name).append("=\"");
    const auto p = tag.find(key);
    if (p == std::string_view::npos) return std::nullopt;
    const auto start = p + key.size();
    const auto end = tag.find('"', start);
    return xml_unescape(tag.substr(start, end - start));
}

// Every element <name ...>...</name> or <name .../> in order, whole.
inline std::vector<std::string_view> elements(std::string_view xml, std::string_view name) {
    std::vector<std::string_view> out;
    std::string open("<");
    open.append(name);
    std::string close("</");
    close.append(name).append(">");
    std::size_t pos = 0;
    while ((pos = xml.find(open, pos)) != std::string_view::npos) {
        const char next = xml[pos + open.size()];
        if (next != ' ' && next != '>' && next != '/') {  // <cols> when looking for <col
            pos += open.size();
            continue;
        }
        const auto tag_end = xml.find('>', pos);
        std::size_t end;
        if (xml[tag_end - 1] == '/') {
            end = tag_end + 1;
        } else {
            end = xml.find(close, tag_end) + close.size();
        }
        out.push_back(xml.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

inline std::string_view start_tag(std::string_view element) {
    return element.substr(0, element.find('>') + 1);
}

// The part of xml between <name ...> and </name> (first occurrence).
inline std::string_view section(std::string_view xml, std::string_view name) {
    const auto e = elements(xml, name);
    if (e.empty()) return {};
    return e.front();
}

struct XCell {
    std::string style;  // s attribute ("" = default style 0)
    std::string type;   // t attribute ("inlineStr", "s", ...)
    std::string value;  // <v> text
    std::string text;   // inline string text
    bool has_value = false;
    double number() const { return std::strtod(value.c_str(), nullptr); }
};

// Cells of a worksheet by reference ("A1").
inline std::map<std::string, XCell> sheet_cells(std::string_view xml) {
    std::map<std::string, XCell> cells;
    for (const auto c : elements(section(xml, "sheetData"), "c")) {
        const auto tag = start_tag(c);
        XCell x;
        x.style = attr(tag, "s").value_or("");
        x.type = attr(tag, "t").value_or("");
        const auto v = c.find("<v>");
        if (v != std::string_view::npos) {
            x.value = xml_unescape(c.substr(v + 3, c.find("</v>") - v - 3));
            x.has_value = true;
        }
        const auto t = elements(c, "t");
        if (!t.empty()) {
            const auto body = t.front().substr(t.front().find('>') + 1);
            x.text = xml_unescape(body.substr(0, body.rfind("</t>")));
        }
        cells[attr(tag, "r").value()] = x;
    }
    return cells;
}

// Style of one cellXfs entry, resolved through styles.xml.
struct XStyle {
    bool bold = false;
    std::string fill_rgb;    // "FFE6E6E6" or ""
    std::string num_format;  // format code or ""
};

inline std::vector<XStyle> cell_styles(std::string_view styles) {
    std::map<std::string, std::string> numfmts;
    for (const auto nf : elements(section(styles, "numFmts"), "numFmt")) {
        numfmts[attr(nf, "numFmtId").value()] = attr(nf, "formatCode").value();
    }
    std::vector<bool> font_bold;
    for (const auto f : elements(section(styles, "fonts"), "font")) {
        font_bold.push_back(f.find("<b/>") != std::string_view::npos);
    }
    std::vector<std::string> fill_rgb;
    for (const auto f : elements(section(styles, "fills"), "fill")) {
        const auto fg = elements(f, "fgColor");
        fill_rgb.push_back(fg.empty() ? "" : attr(fg.front(), "rgb").value_or(""));
    }
    std::vector<XStyle> out;
    for (const auto xf : elements(section(styles, "cellXfs"), "xf")) {
        const auto tag = start_tag(xf);
        XStyle s;
        s.bold = font_bold.at(std::stoul(attr(tag, "fontId").value_or("0")));
        s.fill_rgb = fill_rgb.at(std::stoul(attr(tag, "fillId").value_or("0")));
        const std::string nf = attr(tag, "numFmtId").value_or("0");
        s.num_format = numfmts.count(nf) ? numfmts[nf] : "";
        out.push_back(s);
    }
    return out;
}

inline XStyle style_of(const std::vector<XStyle>& styles, const XCell& c) {
    return styles.at(c.style.empty() ? 0 : std::stoul(c.style));
}

// <col min max width> entries: width per 1-based column.
inline std::map<int, double> column_widths(std::string_view xml) {
    std::map<int, double> w;
    for (const auto c : elements(section(xml, "cols"), "col")) {
        const int lo = std::stoi(attr(c, "min").value());
        const int hi = std::stoi(attr(c, "max").value());
        for (int i = lo; i <= hi; ++i)
            w[i] = std::stod(attr(c, "width").value());
    }
    return w;
}

}  // namespace reportgen::test
