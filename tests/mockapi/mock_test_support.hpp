#pragma once
// Helpers shared by the mock server's tests: a bearer-authenticated client,
// timestamp parsing, and a libcurl fetch that reports transport errors the
// way the real client will meet them.
#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mockapi/common.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/time.hpp"

namespace reportgen::test {

using json = nlohmann::json;

inline httplib::Headers bearer(const std::string& token = "demo-token") {
    return {{"Authorization", "Bearer " + token}};
}

// GET with the bearer token; the status must be `expect`; the body as JSON.
inline json get_json(httplib::Client& c, const std::string& path, int expect = 200) {
    auto r = c.Get(path.c_str(), bearer());
    REQUIRE(r);
    INFO(path << " -> " << r->status << " " << r->body.substr(0, 300));
    REQUIRE(r->status == expect);
    return json::parse(r->body);
}

inline httplib::Client client_for(const reportgen::MockApiServer& s) {
    httplib::Client c("127.0.0.1", s.port());
    c.set_read_timeout(30, 0);
    c.set_keep_alive(true);
    return c;
}

struct Instant {
    int64_t utc = 0;         // seconds since the epoch
    int offset_minutes = 0;  // the offset it was written with
    int64_t local_day = 0;   // days since the epoch of its wall-clock date
};

// "YYYY-MM-DDTHH:MM:SS+hh:mm" or "...Z".
inline std::optional<Instant> parse_instant(const std::string& s) {
    if (s.size() != 20 && s.size() != 25) return std::nullopt;
    auto date = reportgen::parse_iso_date(s.substr(0, 10));
    if (!date || s[10] != 'T') return std::nullopt;
    const int h = std::stoi(s.substr(11, 2)), m = std::stoi(s.substr(14, 2)),
              sec = std::stoi(s.substr(17, 2));
    int off = 0;
    if (s.size() == 20) {
        if (s[19] != 'Z') return std::nullopt;
    } else {
        off = std::stoi(s.substr(20, 2)) * 60 + std::stoi(s.substr(23, 2));
        if (s[19] == '-') off = -off;
    }
    Instant i;
    i.local_day = reportgen::days_from_civil(*date);
    i.offset_minutes = off;
    i.utc = i.local_day * 86400 + h * 3600 + m * 60 + sec - off * 60;
    return i;
}

// The company's local date (Europe/Madrid) of an instant: the date the API
// selects work entries by, also for clocks that write UTC.
inline int64_t madrid_day(int64_t utc) {
    return reportgen::floor_div(utc + 60 * int64_t{reportgen::mockapi::madrid_offset_minutes(utc)},
                                86400);
}

inline std::string page_url(const std::string& query, uint64_t page, uint64_t limit) {
    return "/schedule/v1/work-entries?" + query + (query.empty() ? "" : "&") +
           "page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
}

// One GET with libcurl on a fresh connection.
struct CurlResult {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    curl_off_t content_length = -1;
    std::string error;
};

inline CurlResult curl_get(const std::string& url, const std::string& token = "demo-token",
                           CURL* reuse = nullptr) {
    CurlResult r;
    CURL* h = reuse ? reuse : curl_easy_init();
    char err[CURL_ERROR_SIZE] = {};
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(
        h, CURLOPT_WRITEFUNCTION, +[](char* p, size_t sz, size_t n, void* ud) -> size_t {
            static_cast<std::string*>(ud)->append(p, sz * n);
            return sz * n;
        });
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    r.code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &r.content_length);
    r.error = err;
    curl_slist_free_all(headers);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    if (!reuse) curl_easy_cleanup(h);
    return r;
}

}  // namespace reportgen::test
