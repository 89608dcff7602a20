#include "api/redact.hpp"

#include <cctype>
#include <optional>
#include <utility>

namespace reportgen::detail {
namespace {

constexpr std::size_t kAlwaysRedactLength = 16;
constexpr std::size_t kMaxReferenceDigits = 7;  // "&#x0000061;": kMaxSpelledLength
// A cut start of the token glued to a letter or digit on its left is taken
// for one from this length on: fewer would redact ordinary words ("ab..."
// for a token "b...").
constexpr std::size_t kMinGluedCut = 4;

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The byte at text[i] and how many characters of text spell it: itself, a
// JSON escape (\/ \" \\ \u00XX), a percent-escape (%XX) or an HTML
// character reference (&#97; &#x61; and the named ones of ASCII punctuation).
struct Spelled {
    unsigned char byte;
    std::size_t length;
};

// HTML's names for the ASCII characters a token may hold ('&colon;' for ':').
constexpr std::pair<std::string_view, char> kNamedEntities[] = {
    {"amp", '&'},    {"lt", '<'},      {"gt", '>'},      {"quot", '"'},   {"apos", '\''},
    {"excl", '!'},   {"num", '#'},     {"dollar", '$'},  {"percnt", '%'}, {"lpar", '('},
    {"rpar", ')'},   {"ast", '*'},     {"plus", '+'},    {"comma", ','},  {"period", '.'},
    {"sol", '/'},    {"colon", ':'},   {"semi", ';'},    {"equals", '='}, {"quest", '?'},
    {"commat", '@'}, {"lsqb", '['},    {"bsol", '\\'},   {"rsqb", ']'},   {"Hat", '^'},
    {"lowbar", '_'}, {"grave", '`'},   {"lcub", '{'},    {"verbar", '|'}, {"rcub", '}'},
    {"lbrack", '['}, {"rbrack", ']'},  {"lbrace", '{'},  {"rbrace", '}'}, {"vert", '|'},
    {"midast", '*'}};

// "&#97;", "&#x61;" (leading zeros allowed, the ';' optional as browsers
// read it) or "&colon;" at text[i] ('&'), if it spells an ASCII byte.
std::optional<Spelled> html_reference_at(std::string_view text, std::size_t i) noexcept {
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '#') {
        const bool hex = j + 1 < text.size() && (text[j + 1] == 'x' || text[j + 1] == 'X');
        j += hex ? 2 : 1;
        const std::size_t digits_at = j;
        int v = 0;
        for (; j < text.size() && j - digits_at < kMaxReferenceDigits; ++j) {
            const int d = hex ? hex_value(text[j]) : (text[j] >= '0' && text[j] <= '9' ? text[j] - '0' : -1);
            if (d < 0) break;
            v = v * (hex ? 16 : 10) + d;
        }
        if (j == digits_at || v >= 0x80) return std::nullopt;
        if (j < text.size() && text[j] == ';') ++j;
        return Spelled{static_cast<unsigned char>(v), j - i};
    }
    for (const auto& [name, c] : kNamedEntities) {
        if (text.compare(i + 1, name.size(), name) == 0 && i + 1 + name.size() < text.size() &&
            text[i + 1 + name.size()] == ';')
            return Spelled{static_cast<unsigned char>(c), name.size() + 2};
    }
    return std::nullopt;
}

Spelled spelled_at(std::string_view text, std::size_t i) noexcept {
    const char c = text[i];
    const std::size_t left = text.size() - i;
    if (c == '\\' && left >= 2) {
        const char e = text[i + 1];
        if (e == '/' || e == '"' || e == '\\') return {static_cast<unsigned char>(e), 2};
        if (e == 'u' && left >= 6) {
            int v = 0;
            for (std::size_t k = 2; k < 6; ++k) {
                const int h = hex_value(text[i + k]);
                if (h < 0) return {static_cast<unsigned char>(c), 1};
                v = v * 16 + h;
            }
            if (v < 0x80) return {static_cast<unsigned char>(v), 6};
        }
    }
    if (c == '%' && left >= 3) {
        const int hi = hex_value(text[i + 1]);
        const int lo = hex_value(text[i + 2]);
        if (hi >= 0 && lo >= 0) return {static_cast<unsigned char>(hi * 16 + lo), 3};
    }
    if (c == '&') {
        if (const auto ref = html_reference_at(text, i)) return *ref;
    }
    return {static_cast<unsigned char>(c), 1};
}

constexpr std::string_view kCutMark = "...";

// Length of the token spelled at text[i], if it is. With `cut_ok`, also a
// start of it that runs into the "..." of a cut excerpt: the rest was cut
// off (a preview that ends inside the token, at a ':' or '!' its cutter
// did not take for part of a token).
std::optional<std::size_t> match_at(std::string_view text, std::size_t i, std::string_view token,
                                    bool cut_ok = false) {
    std::size_t j = i;
    for (std::size_t k = 0; k < token.size(); ++k) {
        const char want = token[k];
        if (cut_ok && k > 0 && text.substr(j, kCutMark.size()) == kCutMark &&
            token.substr(k, kCutMark.size()) != kCutMark.substr(0, token.size() - k))
            return j - i;
        if (j >= text.size()) return std::nullopt;
        const Spelled s = spelled_at(text, j);
        if (s.byte != static_cast<unsigned char>(want)) {
            // The raw character wins over an escape that happens to decode
            // differently ('%' in a token followed by two hex digits).
            if (text[j] != want) return std::nullopt;
            j += 1;
            continue;
        }
        j += s.length;
    }
    return j - i;
}

bool alnum_at(std::string_view text, std::size_t i) {
    return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]));
}

}  // namespace

std::string redact_server_text(std::string_view text, std::string_view token) {
    if (token.empty()) return std::string(text);
    const bool short_token = token.size() < kAlwaysRedactLength;
    std::string out;
    out.reserve(text.size());
    std::size_t last_end = std::string_view::npos;  // end of the last redaction
    for (std::size_t i = 0; i < text.size();) {
        auto len = match_at(text, i, token);
        if (!len) {
            const bool left_alone = i == 0 || i == last_end || !alnum_at(text, i - 1);
            const auto cut = match_at(text, i, token, /*cut_ok=*/true);
            if (cut && (left_alone || (!short_token && *cut >= kMinGluedCut))) len = cut;
        }
        // Standalone: a non-alphanumeric neighbour, or the token again ("abcabc").
        const bool standalone = !len || !short_token ||
                                ((i == 0 || i == last_end || !alnum_at(text, i - 1)) &&
                                 (!alnum_at(text, i + *len) || match_at(text, i + *len, token)));
        if (len && standalone) {
            out += "[REDACTED]";
            i += *len;
            last_end = i;
        } else {
            out.push_back(text[i]);
            ++i;
        }
    }
    return out;
}

}  // namespace reportgen::detail
