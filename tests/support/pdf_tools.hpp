#pragma once
// Reading a PDF back with poppler-utils (scripts/setup installs them):
// its text as laid out, its page count and size, its fonts.
#include <cstring>
#include <string>
#include <vector>

#include "support/files.hpp"

namespace reportgen::test {

// pdftotext -layout: the text, columns kept apart by spaces; pages split by
// form feeds. first..last: a page range (0: all).
inline std::string pdf_text(const std::string& pdf, int first = 0, int last = 0) {
    std::string cmd = "pdftotext -layout";
    if (first > 0) cmd += " -f " + std::to_string(first) + " -l " + std::to_string(last);
    return run(cmd + " '" + pdf + "' -");
}

// A line of pdfinfo's: "Pages:", "Page size:", "Title:"; its value, trimmed.
inline std::string pdf_info(const std::string& pdf, const std::string& key) {
    const std::string out = run("pdfinfo '" + pdf + "'");
    const auto at = out.find("\n" + key);
    const auto start = at == std::string::npos ? (out.rfind(key, 0) == 0 ? 0 : std::string::npos)
                                               : at + 1;
    if (start == std::string::npos) return {};
    auto v = out.find_first_not_of(' ', start + key.size());
    const auto end = out.find('\n', v);
    return out.substr(v, end - v);
}

inline int pdf_pages(const std::string& pdf) {
    return std::stoi(pdf_info(pdf, "Pages:"));
}

// pdffonts: each font's name and its "emb" column ("yes" / "no").
struct PdfFont {
    std::string name;
    std::string embedded;
};
inline std::vector<PdfFont> pdf_fonts(const std::string& pdf) {
    const std::string out = run("pdffonts '" + pdf + "'");
    std::vector<PdfFont> fonts;
    const auto header_end = out.find('\n');
    const std::string header = out.substr(0, header_end);
    const auto emb = header.find("emb");
    std::size_t pos = out.find('\n', header_end + 1);  // past the dashes
    while (pos != std::string::npos && pos + 1 < out.size()) {
        const auto end = out.find('\n', pos + 1);
        const std::string line = out.substr(pos + 1, end - pos - 1);
        if (line.size() > emb + 3)
            fonts.push_back({line.substr(0, line.find(' ')), line.substr(emb, 3)});
        pos = end;
    }
    return fonts;
}

// pdftotext -bbox: each word of page `page` with its box, in points from the
// page's top left corner.
struct PdfWord {
    std::string text;
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
};
inline std::vector<PdfWord> pdf_words(const std::string& pdf, int page) {
    const std::string p = std::to_string(page);
    const std::string out = run("pdftotext -bbox -f " + p + " -l " + p + " '" + pdf + "' -");
    std::vector<PdfWord> words;
    auto attr = [](const std::string& tag, const char* name) {
        const auto at = tag.find(std::string(name) + "=\"");
        return at == std::string::npos ? -1.0 : std::stod(tag.substr(at + std::strlen(name) + 2));
    };
    for (auto at = out.find("<word "); at != std::string::npos; at = out.find("<word ", at + 1)) {
        const auto close = out.find('>', at);
        const auto end = out.find("</word>", close);
        const std::string tag = out.substr(at, close - at);
        words.push_back({out.substr(close + 1, end - close - 1), attr(tag, "xMin"),
                         attr(tag, "yMin"), attr(tag, "xMax"), attr(tag, "yMax")});
    }
    return words;
}

// How many times `what` occurs in `text`.
inline std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size()))
        ++n;
    return n;
}

}  // namespace reportgen::test
