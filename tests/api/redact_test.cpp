// Redaction of server text (src/api/redact.cpp), in the API module's own
// tests: every escaped form of the token, the short-token rule, and text
// around it left exactly as it was.
#include <catch2/catch.hpp>

#include <string>

#include "api/redact.hpp"

using reportgen::detail::redact_server_text;

namespace {

// Long enough to be redacted anywhere; '/', '"', '\' and '+' so that every
// escape shows.
const std::string kToken = "tok/EN+a\"b\\c/1234567890XYZ==";

}  // namespace

TEST_CASE("redact: the token in every spelling a server may echo", "[redact]") {
    const std::string spellings[] = {
        kToken,
        // JSON: \/ \" \\ and \u00XX, upper or lower hex.
        "tok\\/EN+a\\\"b\\\\c\\/1234567890XYZ==",
        "\\u0074ok\\u002FEN\\u002ba\\u0022b\\u005cc/1234567890XYZ\\u003d\\u003D",
        // Percent-encoding, either case, mixed with raw characters.
        "tok%2FEN%2Ba%22b%5Cc%2f1234567890XYZ%3D%3d",
    };
    for (const std::string& s : spellings) {
        INFO(s);
        CHECK(redact_server_text("<p>Bearer " + s + "</p>", kToken) ==
              "<p>Bearer [REDACTED]</p>");
        // A long token is redacted inside a word too.
        CHECK(redact_server_text("x" + s + "y", kToken) == "x[REDACTED]y");
    }
    CHECK(redact_server_text(kToken + kToken + "," + kToken, kToken) ==
          "[REDACTED][REDACTED],[REDACTED]");
}

TEST_CASE("redact: a near miss and the text around it are left alone", "[redact]") {
    const std::string almost = kToken.substr(0, kToken.size() - 1);
    CHECK(redact_server_text("a " + almost + " b", kToken) == "a " + almost + " b");
    // An escape that decodes to another byte does not match.
    CHECK(redact_server_text("tok%2EEN", "tok/EN") == "tok%2EEN");
    CHECK(redact_server_text("", kToken).empty());
}

TEST_CASE("redact: a short token only where it stands alone", "[redact]") {
    CHECK(redact_server_text("example.com x", "x") == "example.com [REDACTED]");
    CHECK(redact_server_text("token=abc1;", "abc1") == "token=[REDACTED];");
    CHECK(redact_server_text("xabc1 abc1x", "abc1") == "xabc1 abc1x");
    CHECK(redact_server_text("abc1abc1 abc1", "abc1") == "[REDACTED][REDACTED] [REDACTED]");
    CHECK(redact_server_text("t=abc%31", "abc1") == "t=[REDACTED]");
}
