#include "api/transport.hpp"

#include "api/paths.hpp"
#include "api/redact.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <thread>

#include "reportgen/version.hpp"

namespace reportgen::detail {
namespace {

bool iequals_prefix(std::string_view line, std::string_view prefix) {
    if (line.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// A short, single-line excerpt of a response body for error messages; never
// cuts a UTF-8 sequence in half.
constexpr std::size_t kExcerptBytes = 200;
std::string excerpt(std::string_view body, std::size_t max = kExcerptBytes) {
    body = trim(body);
    std::string out;
    std::size_t n = std::min(body.size(), max);
    while (n > 0 && n < body.size() && (static_cast<unsigned char>(body[n]) & 0xC0) == 0x80)
        --n;
    out.reserve(n + 3);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        out.push_back(c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c));
    }
    if (n < body.size()) out += "...";
    return out;
}

Verdict retryable(std::string cause, std::string detail, long status) {
    Verdict v;
    v.outcome = AttemptOutcome::retryable;
    v.cause = std::move(cause);
    v.detail = std::move(detail);
    v.http_status = status;
    return v;
}

Verdict fatal(ErrorKind kind, std::string detail, long status) {
    Verdict v;
    v.outcome = AttemptOutcome::fatal;
    v.fatal_kind = kind;
    v.detail = std::move(detail);
    v.http_status = status;
    return v;
}

// 401: the token (missing, invalid, revoked). 403 with the body code
// forbidden_access_permission: the company's plan has no API access, which
// no token fixes (docs/API.md). The body's shape beyond the code is not
// documented, so the code is looked for as a JSON string anywhere in it.
std::string auth_message(long status, const std::string& where, std::string_view body) {
    if (status == 403 && body.find("\"forbidden_access_permission\"") != std::string_view::npos)
        return "access denied (HTTP 403 forbidden_access_permission) for " + where +
               ": the company's Sesame plan does not include API access; ask the company's "
               "Sesame administrator to enable it (a new token will not help)";
    if (status == 403)
        return "permission denied (HTTP 403) for " + where +
               ": the token lacks permission";
    return "authentication failed (HTTP " + std::to_string(status) + ") for " + where +
           ": the token was rejected";
}

// Owns libcurl's global state. A function-local static is initialised once,
// thread-safely, on first use; because it is constructed before the first
// handle, it is destroyed after every static object that holds handles.
class CurlGlobal {
  public:
    CurlGlobal() : rc_(curl_global_init(CURL_GLOBAL_DEFAULT)) {}
    ~CurlGlobal() {
        if (rc_ == CURLE_OK) curl_global_cleanup();
    }
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
    CURLcode rc() const noexcept { return rc_; }

  private:
    CURLcode rc_;
};

}  // namespace

EasyPtr make_easy() {
    ensure_curl_global();
    EasyPtr e(curl_easy_init());
    if (!e) throw api_error("libcurl could not create a transfer handle");
    return e;
}

MultiPtr make_multi() {
    ensure_curl_global();
    MultiPtr m(curl_multi_init());
    if (!m) throw api_error("libcurl could not create a multi handle");
    return m;
}

SlistPtr make_request_headers(const ClientConfig& cfg) {
    SlistPtr list;
    auto append = [&list](const std::string& h) {
        curl_slist* next = curl_slist_append(list.get(), h.c_str());
        if (!next) throw api_error("libcurl could not allocate request headers");
        (void)list.release();  // `next` now owns the previous nodes too
        list.reset(next);
    };
    append("Accept: application/json");
    if (!cfg.token.empty()) append("Authorization: Bearer " + cfg.token);
    return list;
}

const char* user_agent() noexcept {
    return "reportgen/" REPORTGEN_VERSION;
}

Transfer::Transfer(const ClientConfig& cfg, curl_slist* headers)
    : easy_(make_easy()), max_body_(cfg.max_response_bytes) {
    CURL* h = easy_.get();
    auto ms = [](double s) { return static_cast<long>(std::max(1.0, s * 1000.0)); };
    // Every option here is set once: the handle is reused for many requests
    // so that libcurl keeps the connection (keep-alive, TLS session) warm.
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl decodes (gzip, br, zstd)
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms(cfg.timeout_s));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms(cfg.connect_timeout_s));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    // TLS: verification stays on (libcurl's default); a private CA (a
    // corporate proxy that inspects TLS) is added with --cacert. Proxies
    // come from HTTPS_PROXY / NO_PROXY, which libcurl reads itself as long
    // as CURLOPT_PROXY is not set. It is set (to none) for plain http:// to
    // loopback: that request is allowed in clear only because it never
    // leaves the machine, and http_proxy would carry it, token included,
    // in clear to the proxy.
    if (is_plain_http_loopback(cfg.resolved_base_url())) curl_easy_setopt(h, CURLOPT_PROXY, "");
    if (!cfg.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, cfg.ca_bundle.c_str());
    // Redirects are not followed: the API does not redirect, and following one
    // could carry the bearer token to a host we did not choose.
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf_.data());
    // libcurl reads 16 KiB at a time by default: ~60 reads (and as many
    // poll() calls) for a 1 MB page. 128 KiB halved the time to receive a fat
    // page on loopback (0.8 -> 0.35 ms, BENCHMARKS.md); the buffer is
    // per handle and touched only as far as a read fills it.
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 128L * 1024L);
}

void Transfer::prepare(const std::string& url, BodyAllowance* allowance, uint64_t holder) {
    body_.clear();
    too_large_ = false;
    deferred_ = false;
    allowance_ = allowance;
    holder_ = holder;
    granted_ = 0;
    retry_after_.clear();
    errbuf_[0] = '\0';
    endpoint_.assign(endpoint_name(url));
    curl_easy_setopt(easy_.get(), CURLOPT_URL, url.c_str());
}

long Transfer::http_status() const noexcept {
    long status = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &status);
    return status;
}

std::string Transfer::curl_message(CURLcode rc) const {
    if (errbuf_[0] != '\0') return std::string(errbuf_.data());
    return curl_easy_strerror(rc);
}

double Transfer::total_seconds() const noexcept {
    curl_off_t us = 0;
    if (curl_easy_getinfo(easy_.get(), CURLINFO_TOTAL_TIME_T, &us) != CURLE_OK) return 0.0;
    return static_cast<double>(us) / 1e6;
}

size_t Transfer::on_body(char* data, size_t size, size_t n, void* self) noexcept {
    auto* t = static_cast<Transfer*>(self);
    if (size * n > t->max_body_ - std::min(t->max_body_, t->body_.size())) {
        t->too_large_ = true;
        return 0;  // libcurl aborts the transfer (CURLE_WRITE_ERROR)
    }
    if (t->allowance_) {
        if (!t->allowance_->reserve(t->holder_, size * n)) {
            t->deferred_ = true;
            return 0;  // stopped: the owner asks for the page again later
        }
        t->granted_ += size * n;
    }
    try {
        t->body_.append(data, size * n);
    } catch (...) {
        return 0;  // out of memory: libcurl aborts with CURLE_WRITE_ERROR
    }
    return size * n;
}

size_t Transfer::on_header(char* data, size_t size, size_t n, void* self) noexcept {
    auto* t = static_cast<Transfer*>(self);
    const std::string_view line(data, size * n);
    try {
        if (iequals_prefix(line, "HTTP/")) {
            // A new response begins (e.g. after a 100 Continue): forget the last.
            t->retry_after_.clear();
        } else if (iequals_prefix(line, "retry-after:")) {
            t->retry_after_ = std::string(trim(line.substr(12)));
        } else if (iequals_prefix(line, "content-length:")) {
            const auto v = trim(line.substr(15));
            std::size_t len = 0;
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), len);
            // Reserve once for the whole body and the decoder's padding, so it
            // parses in place. A compressed body only gives a lower bound; one
            // announced past the limit is refused before it is downloaded.
            if (ec == std::errc{} && p == v.data() + v.size()) {
                if (len > t->max_body_) {
                    t->too_large_ = true;
                    return 0;  // libcurl aborts the transfer
                }
                t->body_.reserve(body_reserve_bytes(len));
            }
        }
    } catch (...) {
        // Reservation is an optimisation; a failure here must not fail the request.
    }
    return size * n;
}

Verdict classify_attempt(CURLcode rc, long status, std::string_view curl_message,
                         std::string_view retry_after, int64_t now_epoch_s) {
    const std::string curl_detail = " (curl: " + std::string(curl_message) + ")";
    switch (rc) {
        case CURLE_OK:
            break;
        case CURLE_OPERATION_TIMEDOUT:
            return retryable("timeout", "timeout" + curl_detail, status);
        case CURLE_PARTIAL_FILE:
        case CURLE_BAD_CONTENT_ENCODING:  // a compressed body cut short
            return retryable("truncated", "body cut short" + curl_detail, status);
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return retryable("reset", "connection reset" + curl_detail, status);
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_SSL_CONNECT_ERROR:
            return retryable("connect", "connection failed" + curl_detail, status);
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return fatal(ErrorKind::usage, "bad URL" + curl_detail, status);
        case CURLE_ABORTED_BY_CALLBACK:
            return fatal(ErrorKind::cancelled, "cancelled", status);
        default:
            return fatal(ErrorKind::api,
                         "curl error " + std::to_string(static_cast<int>(rc)) + ": " +
                             std::string(curl_message),
                         status);
    }
    const std::string http = "HTTP " + std::to_string(status);
    switch (RetryPolicy::classify_status(status)) {
        case AttemptOutcome::ok: {
            Verdict v;
            v.http_status = status;
            v.detail = http;
            return v;
        }
        case AttemptOutcome::retryable: {
            Verdict v = retryable(status == 429 ? "429" : "5xx", http, status);
            if (!retry_after.empty())
                v.retry_after_s = RetryPolicy::parse_retry_after(retry_after, now_epoch_s);
            return v;
        }
        case AttemptOutcome::fatal:
            break;
    }
    if (status == 401 || status == 403) return fatal(ErrorKind::auth, http, status);
    return fatal(ErrorKind::api, status == 0 ? std::string("no HTTP status") : http, status);
}

Verdict classify_transfer(const Transfer& t, CURLcode rc) {
    if (t.too_large()) {
        Verdict v;
        v.outcome = AttemptOutcome::fatal;
        v.fatal_kind = ErrorKind::data;
        v.http_status = t.http_status();
        v.detail = "response body larger than " + std::to_string(t.max_body_bytes()) +
                   " bytes (max_response_bytes)";
        return v;
    }
    Verdict v = classify_attempt(rc, t.http_status(), t.curl_message(rc), t.retry_after(),
                                 now_epoch_seconds());
    char* location = nullptr;
    if (v.http_status >= 300 && v.http_status < 400 &&
        curl_easy_getinfo(t.easy(), CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location)
        v.redirect_url = location;
    return v;
}

std::string describe(std::string_view what, std::string_view path) {
    return std::string(what) + " (GET " + std::string(path) + ")";
}

Error fatal_error(const Verdict& v, std::string_view what, std::string_view path,
                  std::string_view body, std::string_view token) {
    const std::string where = describe(what, path);
    std::string msg;
    std::string subject;  // the setting to check (Error::subject)
    switch (v.fatal_kind) {
        case ErrorKind::auth:
            msg = auth_message(v.http_status, where, body);
            // No token fixes a plan without API access.
            if (msg.find("forbidden_access_permission") == std::string::npos)
                subject = "ClientConfig::token";
            break;
        case ErrorKind::usage:
            msg = "cannot request " + where + ": " + v.detail + "; check the base URL";
            subject = "ClientConfig::base_url";
            break;
        case ErrorKind::cancelled:
            msg = "cancelled while fetching " + where;
            break;
        case ErrorKind::data:
            msg = where + ": " + v.detail;
            break;
        default: {
            msg = where + " failed: " + v.detail;
            // The body is the server's text: the only part that can hold the
            // token (an echo of the request). The rest is ours and has none.
            // Redacted before it is cut, so that no token prefix survives at
            // the cut (an escaped token is at most kMaxSpelledLength bytes a
            // character).
            const std::string ex = excerpt(redact_server_text(
                body.substr(0, kExcerptBytes + kMaxSpelledLength * token.size()), token));
            if (!ex.empty() && v.http_status != 0) msg += ": " + ex;
            if (!v.redirect_url.empty())
                msg += "; it redirects to " + redact_server_text(v.redirect_url, token) +
                       " (not followed: the token must not go where we did not send it); if "
                       "that is the API, use it as the base URL";
            else if (v.http_status >= 300 && v.http_status < 400)
                msg += "; a redirect without a Location; check the base URL";
            if (v.http_status == 404)
                msg +=
                    "; is the base URL the API's root (e.g. "
                    "https://api-eu1.sesametime.com, without /schedule/v1)?";
            if ((v.http_status >= 300 && v.http_status < 400) || v.http_status == 404)
                subject = "ClientConfig::base_url";
            break;
        }
    }
    return Error(v.fatal_kind, msg, std::move(subject));
}

std::string exhausted_message(const Verdict& last, int retries, std::string_view what,
                              std::string_view path, std::string_view /*token*/) {
    // Built from our own text (the path, a status, libcurl's message): no
    // token in it, and nothing to redact (that would mangle a short token's
    // letters inside the path).
    return std::string(what) + " failed after " + std::to_string(retries) +
           (retries == 1 ? " retry: " : " retries: ") + last.detail + " (GET " + std::string(path) +
           ")";
}

void record_attempt(Metrics* m, const Transfer& t, const Verdict& v) {
    if (!m) return;
    ++m->requests;
    ++m->requests_by_endpoint[std::string(t.endpoint())];
    curl_off_t bytes = 0;
    // Body bytes as they came off the wire (compressed when the server gzips).
    if (curl_easy_getinfo(t.easy(), CURLINFO_SIZE_DOWNLOAD_T, &bytes) == CURLE_OK && bytes > 0)
        m->bytes_received += static_cast<uint64_t>(bytes);
    m->latency.record(t.total_seconds());
    if (v.http_status == 429) ++m->http_429;
}

void record_retry(Metrics* m, const Verdict& v, double delay_s) {
    if (!m) return;
    ++m->retries_by_cause[v.cause];
    m->retry_sleep_s += delay_s;
}

[[noreturn]] void throw_cancelled() {
    throw Error(ErrorKind::cancelled, "fetch cancelled");
}

void sleep_cancellable(double seconds, const CancelToken* cancel) {
    using namespace std::chrono;
    // Short slices: a cancel (Ctrl-C, a GUI button) is honoured within ~20 ms
    // even in the middle of a long Retry-After.
    constexpr auto slice = milliseconds(20);
    const auto until = steady_clock::now() + duration_cast<steady_clock::duration>(
                                                 duration<double>(std::max(0.0, seconds)));
    for (;;) {
        if (cancel && cancel->cancelled()) throw_cancelled();
        const auto now = steady_clock::now();
        if (now >= until) return;
        std::this_thread::sleep_for(std::min<steady_clock::duration>(slice, until - now));
    }
}

int64_t now_epoch_seconds() noexcept {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

void ensure_curl_global() {
    static const CurlGlobal global;
    if (global.rc() != CURLE_OK)
        throw api_error(std::string("libcurl initialisation failed: ") +
                        curl_easy_strerror(global.rc()));
}

}  // namespace reportgen::detail
