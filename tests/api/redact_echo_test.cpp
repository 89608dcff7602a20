// redact_server_text (src/api/redact.hpp): HTML character references and a
// token cut by an excerpt's "..." (the forms the first round missed).
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "api/redact.hpp"

using reportgen::detail::redact_server_text;

namespace {

// ':' and '!': characters the decoder's preview does not take for part of a
// token, so it may cut right after them.
const std::string kToken = "tok:EN!abc/1234567890XYZ==";

std::string html_decimal(const std::string& s) {
    std::string out;
    for (const char c : s) out.append("&#").append(std::to_string(static_cast<unsigned char>(c))).append(";");
    return out;
}

std::string html_hex(const std::string& s, const char* format) {
    std::string out;
    for (const char c : s) {
        char buf[16];
        std::snprintf(buf, sizeof buf, format, static_cast<unsigned char>(c));
        out += buf;
    }
    return out;
}

}  // namespace

TEST_CASE("redact: HTML character references, decimal, hex and named", "[token][redact]") {
    CHECK(redact_server_text(std::string("<p>").append(html_decimal(kToken)).append("</p>"), kToken) ==
          "<p>[REDACTED]</p>");
    CHECK(redact_server_text(std::string("<p>").append(html_hex(kToken, "&#x%x;")).append("</p>"), kToken) ==
          "<p>[REDACTED]</p>");
    CHECK(redact_server_text(html_hex(kToken, "&#X%04X;"), kToken) == "[REDACTED]");
    // Browsers read a reference without its ';' too.
    CHECK(redact_server_text(html_hex(kToken, "&#%d").append(" x"), kToken) == "[REDACTED] x");
    // Named references of its punctuation, mixed with plain letters.
    CHECK(redact_server_text("t=tok&colon;EN&excl;abc&sol;1234567890XYZ&equals;&#61;.", kToken) ==
          "t=[REDACTED].");
    // Only ASCII: a reference to another character is text.
    CHECK(redact_server_text("&#8364; &amp; &colon;", kToken) == "&#8364; &amp; &colon;");
}

TEST_CASE("redact: a start of the token cut by an excerpt's '...'", "[token][redact]") {
    // As the decoder's preview cuts after ':' or '!'.
    for (std::size_t cut : {1u, 3u, 4u, 7u, 20u}) {
        // append(): GCC 12 warns falsely on + here (-Wstringop-overflow).
        const std::string text =
            std::string("body begins '<html> ").append(kToken, 0, cut).append("...'");
        INFO(text);
        CHECK(redact_server_text(text, kToken) == "body begins '<html> [REDACTED]...'");
    }
    CHECK(redact_server_text(std::string("=").append(html_decimal(kToken.substr(0, 5))).append("..."), kToken) ==
          "=[REDACTED]...");
    // Glued to a word, a cut start counts from 4 characters on: "sto..."
    // (a word that ends in the token's first letters) stays.
    CHECK(redact_server_text("a sto...", kToken) == "a sto...");
    CHECK(redact_server_text("xtok:E...", kToken) == "x[REDACTED]...");
    // Not at a cut: the token's first letters are ordinary text.
    CHECK(redact_server_text("tok: EN", kToken) == "tok: EN");
    // A short token: its cut start only where it stands alone.
    CHECK(redact_server_text("(ab...) cab...", "abc") == "([REDACTED]...) cab...");
}
