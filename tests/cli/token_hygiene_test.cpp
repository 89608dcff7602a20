// The token never reaches stderr or the metrics, even when a hostile or
// misconfigured server echoes it back (raw, JSON-escaped, percent-encoded),
// and redaction does not mangle our own text when the token is short.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>

#include "api/paths.hpp"
#include "api/redact.hpp"
#include "support/files.hpp"
#include "support/loopback_server.hpp"
#include "support/process.hpp"

using reportgen::test::LoopbackServer;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;

namespace {

// Long enough to be redacted anywhere; '/' and '+' so that escaping shows.
const std::string kToken = "tok/EN+abc/1234567890XYZ==";

std::string json_escaped(const std::string& s) {
    std::string out;
    for (char c : s)
        out += c == '/' ? std::string("\\/") : std::string(1, c);
    return out;
}

std::string unicode_escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
        out += buf;
    }
    return out;
}

// Every work-entries request is answered `status` with `body`; metadata 404.
struct EchoServer {
    EchoServer(int status, std::string body) {
        srv.server.Get(".*", [status, body](const httplib::Request& req, httplib::Response& res) {
            // The work entries, and the --employee lookup (/core/v3/employees).
            const bool entries = req.path.find("work-entries") != std::string::npos ||
                                 req.path.find("/employees") != std::string::npos;
            res.status = entries ? status : 404;
            res.set_content(entries ? body : std::string("{}"),
                            body.front() == '{' ? "application/json" : "text/html");
        });
        srv.start();
    }
    LoopbackServer srv;
};

void check_clean(const std::string& text) {
    CHECK(text.find(kToken) == std::string::npos);
    CHECK(text.find(json_escaped(kToken)) == std::string::npos);
    CHECK(text.find(reportgen::detail::percent_encode(kToken)) == std::string::npos);
    CHECK(text.find("1234567890XYZ") == std::string::npos);
}

}  // namespace

TEST_CASE("a server echoing the token: redacted in every form, 200 and 4xx", "[cli][token]") {
    struct Case {
        int status;
        std::string body;
    };
    const std::vector<Case> cases{
        {200, "<html><body>Bearer " + kToken + " is not welcome here</body></html>"},
        {200, "<pre>{\"authorization\":\"Bearer " + json_escaped(kToken) + "\"}</pre>"},
        {400, "<p>" + unicode_escaped(kToken) + "</p>"},
        {400, "{\"error\":\"bad token " + json_escaped(kToken) + "\"}"},
        {404, "{\"error\":\"unknown token " + kToken + "\"}"},
        {422, "<a href=\"/login?t=" + reportgen::detail::percent_encode(kToken) + "\">again</a>"},
    };
    for (const auto& c : cases) {
        EchoServer echo(c.status, c.body);
        TempDir dir;
        const std::string metrics = dir.file("m.json");
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv",
                                "-o", dir.file("r.csv"), "--base-url", echo.srv.base_url(),
                                "--metrics-json", metrics, "--retries", "0"},
                               {"SESAME_API_TOKEN=" + kToken});
        INFO(c.status << " " << c.body << "\n-> " << r.err);
        CHECK(r.exit_code == 4);
        CHECK(r.err.find("[REDACTED]") != std::string::npos);
        check_clean(r.err);
        check_clean(read_file(metrics));
        if (c.status == 200) CHECK(r.err.find("body begins") != std::string::npos);
    }
}

TEST_CASE("a one-letter token leaves our URLs and the server's words intact", "[cli][token]") {
    EchoServer echo(404, "{\"error\":\"no such employee in example.com\"}");
    TempDir dir;
    const auto r =
        run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv", "-o",
                 dir.file("r.csv"), "--base-url", echo.srv.base_url(), "--employee", "x"},
                {"SESAME_API_TOKEN=x"});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("dni=x&") != std::string::npos);  // the --employee lookup's URL
    CHECK(r.err.find("example.com") != std::string::npos);
    CHECK(r.err.find("[REDACTED]") == std::string::npos);
}

TEST_CASE("redact: raw, escaped and encoded forms, short tokens only standalone", "[token]") {
    using reportgen::detail::redact_server_text;
    const std::string escaped = json_escaped(kToken);
    CHECK(redact_server_text("a " + kToken + " b", kToken) == "a [REDACTED] b");
    CHECK(redact_server_text(std::string("\"").append(escaped).append("\""), kToken) ==
          "\"[REDACTED]\"");
    CHECK(redact_server_text(unicode_escaped(kToken), kToken) == "[REDACTED]");
    CHECK(redact_server_text("t=" + reportgen::detail::percent_encode(kToken) + "&", kToken) ==
          "t=[REDACTED]&");
    CHECK(redact_server_text("glued" + kToken + "glued", kToken) == "glued[REDACTED]glued");
    CHECK(redact_server_text("example.com/x?id=x", "x") == "example.com/[REDACTED]?id=[REDACTED]");
    CHECK(redact_server_text("e-x-ample", "ab") == "e-x-ample");
    CHECK(redact_server_text("anything", "") == "anything");
}

TEST_CASE("a token cut by the body preview's end leaves no prefix of it", "[cli][token]") {
    // 50 characters, then the token: a 60-character preview would end
    // inside it, where redaction (which looks for the whole token) misses.
    EchoServer echo(200, "<html>" + std::string(44, ' ') + kToken + " </html>");
    TempDir dir;
    const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv", "-o",
                            dir.file("r.csv"), "--base-url", echo.srv.base_url(), "--retries", "0"},
                           {"SESAME_API_TOKEN=" + kToken});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("body begins") != std::string::npos);
    CHECK(r.err.find(kToken.substr(0, 6)) == std::string::npos);
}

TEST_CASE("a token with ':' or '!' cut by the body preview leaves no prefix of it",
          "[cli][token]") {
    // The preview cuts between words: at the ':' (or '!') inside this token,
    // where the rest of it is no longer "the token" to a redactor.
    for (const std::string token : {"abcdefgh:ijklmnop1234567890", "abcdefgh!ijklmnop1234567890"}) {
        EchoServer echo(200, "<html>" + std::string(46, ' ') + token + " </html>");
        TempDir dir;
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv",
                                "-o", dir.file("r.csv"), "--base-url", echo.srv.base_url(),
                                "--retries", "0"},
                               {"SESAME_API_TOKEN=" + token});
        INFO(r.err);
        CHECK(r.exit_code == 4);
        CHECK(r.err.find("body begins") != std::string::npos);
        CHECK(r.err.find("abcdefgh") == std::string::npos);
        CHECK(r.err.find("[REDACTED]...") != std::string::npos);
    }
}

TEST_CASE("an HTML-entity-encoded echo in a 4xx excerpt is redacted", "[cli][token]") {
    std::string decimal, hex;
    for (const char c : kToken) {
        decimal += "&#" + std::to_string(static_cast<unsigned char>(c)) + ";";
        char buf[16];
        std::snprintf(buf, sizeof buf, "&#x%x;", static_cast<unsigned char>(c));
        hex += buf;
    }
    for (const std::string& echoed : {decimal, hex}) {
        EchoServer echo(400, "<p>Bearer " + echoed + " rejected</p>");
        TempDir dir;
        const auto r = run_cli({"--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv",
                                "-o", dir.file("r.csv"), "--base-url", echo.srv.base_url(),
                                "--retries", "0"},
                               {"SESAME_API_TOKEN=" + kToken});
        INFO(r.err);
        CHECK(r.exit_code == 4);
        CHECK(r.err.find("Bearer [REDACTED] rejected") != std::string::npos);
        CHECK(r.err.find(echoed.substr(0, 30)) == std::string::npos);
    }
}

TEST_CASE("a CR/LF in SESAME_API_TOKEN, from the environment or an env file, sends nothing",
          "[cli][token]") {
    std::atomic<int> requests{0};
    LoopbackServer srv;
    srv.server.Get(".*", [&requests](const httplib::Request&, httplib::Response& res) {
        ++requests;
        res.status = 404;
    });
    srv.start();
    TempDir dir;
    std::ofstream(dir.file(".env")) << "SESAME_API_TOKEN=\"" << kToken << "\\r\\nX-Injected: 1\"\n";
    const std::vector<std::string> args{"--from", "2024-03-01", "--to", "2024-03-02",
                                        "--format", "csv", "-o", dir.file("r.csv"),
                                        "--base-url", srv.base_url()};
    auto from_file = args;
    from_file.insert(from_file.end(), {"--env-file", dir.file(".env")});
    for (const auto& r : {run_cli(args, {"SESAME_API_TOKEN=" + kToken + "\r\nX-Injected: 1"}),
                          run_cli(from_file)}) {
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("SESAME_API_TOKEN") != std::string::npos);
        CHECK(r.err.find("control character (0x0D") != std::string::npos);
        check_clean(r.err);
    }
    CHECK(requests == 0);
}
