// Connection safety: no token in clear to another machine, TLS with a
// private CA (--cacert, CURL_CA_BUNDLE), HTTPS_PROXY / NO_PROXY, and HTTP/2
// over TLS giving the same report as plain HTTP, with either engine.
#include <catch2/catch.hpp>

#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "reportgen/mock_server.hpp"
#include "support/connect_proxy.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/tls_front.hpp"

using namespace reportgen;
using reportgen::test::ConnectProxy;
using reportgen::test::read_file;
using reportgen::test::run_cli;
using reportgen::test::TempDir;
using reportgen::test::TlsFront;

namespace {

const std::string kSecret = "tls-s3cr3t-token";

bool refused_as_insecure(const std::string& url, bool allow = false) {
    ClientConfig c;
    c.base_url = url;
    c.allow_insecure_http = allow;
    try {
        c.validate();
        return false;
    } catch (const Error& e) {
        return e.kind() == ErrorKind::usage &&
               std::string(e.what()).find("allow_insecure_http") != std::string::npos &&
               e.subject() == "ClientConfig::allow_insecure_http";
    }
}

MockOptions company() {
    MockOptions o;
    o.employees = 15;
    o.days = 10;
    o.start = "2024-03-01";
    o.token = kSecret;
    return o;
}

int port_of(const std::string& base_url) {
    return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

// by_employee CSV of 2024-03-01..10 from base, page size 20 (several pages).
test::ProcessResult report(const std::string& base, const std::string& out,
                           std::vector<std::string> extra_args,
                           const std::vector<std::string>& env = {}) {
    std::vector<std::string> args{"--from", "2024-03-01",  "--to", "2024-03-10", "--format",
                                  "csv",    "-o",          out,    "--base-url", base,
                                  "-q",     "--page-size", "20"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<std::string> e{"SESAME_API_TOKEN=" + kSecret};
    e.insert(e.end(), env.begin(), env.end());
    return run_cli(args, e);
}

}  // namespace

TEST_CASE("plain http:// is refused for a host that is not loopback", "[cli][tls]") {
    CHECK(refused_as_insecure("http://api-eu1.sesametime.com"));
    CHECK(refused_as_insecure("http://10.1.2.3:8080/"));
    CHECK(refused_as_insecure("http://127.0.0.1.evil.example/"));
    CHECK(refused_as_insecure("http://user@[2001:db8::1]:80/x"));
    CHECK(refused_as_insecure("http://localhost@evil.example/"));
    CHECK_FALSE(refused_as_insecure("http://api-eu1.sesametime.com", true));
    CHECK_FALSE(refused_as_insecure("http://127.0.0.1:8080"));
    CHECK_FALSE(refused_as_insecure("http://127.3.4.5/"));
    CHECK_FALSE(refused_as_insecure("http://LOCALHOST:1/api"));
    CHECK_FALSE(refused_as_insecure("http://[::1]:8080"));
    CHECK_FALSE(refused_as_insecure("https://api-eu1.sesametime.com"));

    // The CLI stops before any request (nothing listens at this address; a
    // request would be a connect failure, exit 4, not 2).
    TempDir dir;
    const auto r = report("http://192.0.2.10:8080", dir.file("r.csv"), {});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not loopback") != std::string::npos);
    CHECK(r.err.find(kSecret) == std::string::npos);
    const auto env = run_cli({"--from", "2024-03-01", "--to", "2024-03-02"},
                             {"SESAME_API_TOKEN=x", "SESAME_BASE_URL=http://api.example.com"});
    CHECK(env.exit_code == 2);
    CHECK(dir.entries().empty());
}

TEST_CASE("TLS with a private CA: refused without --cacert, accepted with it", "[cli][tls]") {
    MockApiServer server(company());
    server.start();
    TlsFront tls(port_of(server.base_url()));
    TempDir dir;
    const std::string out = dir.file("r.csv");

    const auto untrusted = report(tls.base_url(), out, {});
    INFO(untrusted.err);
    CHECK(untrusted.exit_code == 4);
    CHECK(untrusted.err.find("certificate") != std::string::npos);
    CHECK(dir.entries().empty());

    const auto flag = report(tls.base_url(), out, {"--cacert", tls.ca_path()});
    INFO(flag.err);
    CHECK(flag.exit_code == 0);
    const auto env =
        report(tls.base_url(), dir.file("env.csv"), {}, {"CURL_CA_BUNDLE=" + tls.ca_path()});
    INFO(env.err);
    CHECK(env.exit_code == 0);
    const auto missing = report(tls.base_url(), out, {"--cacert", dir.file("nope.pem")});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nope.pem") != std::string::npos);
}

TEST_CASE("HTTP/2 over TLS gives the plain-HTTP report, with either engine", "[cli][tls]") {
    MockApiServer server(company());
    server.start();
    TlsFront tls(port_of(server.base_url()));
    TempDir dir;
    const std::string plain = dir.file("plain.csv");
    REQUIRE(report(server.base_url(), plain, {"--engine", "legacy"}).exit_code == 0);
    const std::string expected = read_file(plain);
    REQUIRE(expected.find("TOTAL") != std::string::npos);
    for (const char* engine : {"legacy", "turbo"}) {
        const std::string out = dir.file(std::string(engine) + ".csv");
        const auto r = report(tls.base_url(), out, {"--engine", engine, "--cacert", tls.ca_path()});
        INFO(engine << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(read_file(out) == expected);
    }
    // Every request the front saw was HTTP/2 (ALPN h2), none HTTP/1.1.
    const std::string log = tls.access_log();
    CHECK(log.find("HTTP/2") != std::string::npos);
    CHECK(log.find("HTTP/1.1\"") == std::string::npos);
}

TEST_CASE("HTTPS_PROXY tunnels the requests, NO_PROXY bypasses it", "[cli][tls]") {
    MockApiServer server(company());
    server.start();
    TlsFront tls(port_of(server.base_url()));
    ConnectProxy proxy;
    TempDir dir;
    const auto via = report(tls.base_url(), dir.file("via.csv"), {"--cacert", tls.ca_path()},
                            {"HTTPS_PROXY=" + proxy.url(), "NO_PROXY="});
    INFO(via.err);
    CHECK(via.exit_code == 0);
    CHECK(proxy.tunnels() >= 1);
    const int before = proxy.tunnels();
    const auto direct = report(tls.base_url(), dir.file("direct.csv"), {"--cacert", tls.ca_path()},
                               {"HTTPS_PROXY=" + proxy.url(), "NO_PROXY=127.0.0.1"});
    INFO(direct.err);
    CHECK(direct.exit_code == 0);
    CHECK(proxy.tunnels() == before);
    CHECK(read_file(dir.file("via.csv")) == read_file(dir.file("direct.csv")));
}
