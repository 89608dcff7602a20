#include "api/redact.hpp"

#include <cctype>
#include <optional>

namespace reportgen::detail {
namespace {

constexpr std::size_t kAlwaysRedactLength = 16;

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The byte at text[i] and how many characters of text spell it: itself, a
// JSON escape (\/ \" \\ \u00XX) or a percent-escape (%XX).
struct Spelled {
    unsigned char byte;
    std::size_t length;
};

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
    return {static_cast<unsigned char>(c), 1};
}

// Length of the token spelled at text[i], if it is.
std::optional<std::size_t> match_at(std::string_view text, std::size_t i, std::string_view token) {
    std::size_t j = i;
    for (const char want : token) {
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
        const auto len = match_at(text, i, token);
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
