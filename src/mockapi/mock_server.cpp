#include "reportgen/mock_server.hpp"

#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "api/timestamp.hpp"
#include "mockapi/common.hpp"
#include "mockapi/company.hpp"
#include "mockapi/dataset.hpp"
#include "mockapi/faults.hpp"
#include "mockapi/page_cache.hpp"
#include "mockapi/page_renderer.hpp"
#include "mockapi/payroll_endpoints.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen {

namespace {

using namespace mockapi;

// Exposes the listening socket, which httplib keeps protected: we raise its
// backlog and poll it to learn that a signal handler asked for a stop.
class HttpServer : public httplib::Server {
  public:
    socket_t listening_socket() const { return svr_sock_; }
};

// With the charset, httplib leaves bodies alone: without it, it would
// compress every small metadata answer with brotli whenever the client
// accepts it (libcurl does), ~2.5 ms of server CPU each (measured), which
// competed with page 1 in the benchmarks. Pages are gzipped, when asked, by
// the page cache itself (MockOptions::gzip).
constexpr const char* kJson = "application/json; charset=utf-8";

std::string error_json(int status, std::string_view error, std::string_view message) {
    std::string s = "{\"error\":";
    append_json_string(s, error);
    s += ",\"message\":";
    append_json_string(s, message);
    s += ",\"status\":";
    append_int(s, status);
    s += '}';
    return s;
}

void send_error(httplib::Response& res, int status, std::string_view error,
                std::string_view message) {
    res.status = status;
    res.set_content(error_json(status, error, message), kJson);
}

// Digits only, 1 <= value <= 10^15 (beyond that a page or limit is absurd).
std::optional<uint64_t> parse_positive(const std::string& s) {
    if (s.empty() || s.size() > 15) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (v < 1) return std::nullopt;
    return v;
}

std::optional<int64_t> parse_day(const std::string& s) {
    auto d = parse_iso_date(s);
    if (!d) return std::nullopt;
    return days_from_civil(*d);
}

std::string gzip_compress(const std::string& in) {
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw Error(ErrorKind::io, "mock server: deflateInit2 failed");
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw Error(ErrorKind::io, "mock server: deflate failed");
    return out;
}

// A work-entries query, validated.
struct EntriesQuery {
    EntryFilter filter;
    uint64_t page = 1;
    uint64_t limit = 20;
};

// updatedAt[gte|lte]: the document's `Y-m-dTH:i:sP` ("2020-01-01T10:00:00+01:00");
// "...Z" is accepted too (a lenient reading of P). A '+' sent unencoded arrives as a space (form
// decoding): it is read back as '+', as a lenient server would.
std::optional<int64_t> parse_updated_at(std::string s) {
    if (s.size() == 25 && s[19] == ' ') s[19] = '+';
    const bool offset_form = s.size() == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':';
    const bool zulu_form = s.size() == 20 && s[19] == 'Z';
    if ((!offset_form && !zulu_form) || s[10] != 'T') return std::nullopt;
    const auto t = detail::parse_timestamp(s);
    if (!t) return std::nullopt;
    return t->utc;
}

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ULL;
    for (char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
}

}  // namespace

struct MockApiServer::Impl {
    std::atomic<uint64_t> fail_page_hits{0};  // requests for opt.fail_page so far
    explicit Impl(MockOptions o);

    MockOptions opt;
    std::vector<std::unique_ptr<Company>> companies;  // [k - 1]: the token's suffix k
    HttpServer svr;
    std::thread thread;
    int port = -1;

    std::mutex life_m;
    bool started = false;
    bool stopped = false;

    InflightGate gate;
    RateLimiter limiter;
    FaultPlan faults;
    WindowPeak ok_peak;
    PageCache pages;
    std::atomic<uint64_t> seq{0};

    struct {
        std::atomic<uint64_t> requests{0}, work_entry_pages{0}, ok{0}, unauthorized{0},
            forbidden{0}, bad_requests{0}, rate_limited{0}, server_errors{0}, resets{0},
            truncated{0}, malformed{0}, budget_exceeded{0};
    } counts;

    void routes();
    // Common front of every endpoint: queue, latency, auth, budget, rate
    // limit. Returns the token's company, or null when it answered the
    // request itself.
    Company* admit(const httplib::Request& req, httplib::Response& res);
    Company* company_of(std::string_view authorization) const;
    const Dataset& first() const { return companies.front()->data(); }
    Company& company(int k) const {
        if (k < 1 || static_cast<std::size_t>(k) > companies.size())
            throw usage_error("mock server: no company " + std::to_string(k));
        return *companies[static_cast<std::size_t>(k) - 1];
    }
    void mark_ok(bool work_entries);
    bool list_params(const httplib::Request& req, httplib::Response& res, uint64_t& page,
                     uint64_t& limit);
    static std::optional<std::string> parse_entries(const httplib::Request& req,
                                                    const Dataset& data, EntriesQuery& q);
    PageCache::Body page_body(const Company& c, const View& v, bool with_drift, uint64_t page,
                              uint64_t limit, bool gz);
    void work_entries(const httplib::Request& req, httplib::Response& res, Company& company);
    void send_list(const httplib::Request& req, httplib::Response& res,
                   const std::vector<std::string>& items);
    void check_types(const httplib::Request& req, httplib::Response& res, Company& c);
    void work_breaks(const httplib::Request& req, httplib::Response& res, Company& c);
    void collections(const httplib::Request& req, httplib::Response& res, Company& c);
    void collection(const httplib::Request& req, httplib::Response& res, Company& c);
    void info(const httplib::Request& req, httplib::Response& res, Company& c);
    void payroll(const httplib::Request& req, httplib::Response& res, Company& c,
                 PayrollEndpoint endpoint);
    void send_body(httplib::Response& res, PageCache::Body body, const char* type,
                   std::size_t cut = std::string::npos);
    std::size_t count_range(const std::string& from, const std::string& to,
                            bool with_deleted) const;
};

namespace {

DatasetShape shape_of(const MockOptions& o) {
    if (o.employees < 0) throw usage_error("mock server: employees must be >= 0");
    if (o.days < 0) throw usage_error("mock server: days must be >= 0");
    auto start = parse_iso_date(o.start);
    if (!start) throw usage_error("mock server: start must be a date YYYY-MM-DD");
    if (o.max_limit < 1) throw usage_error("mock server: max_limit must be >= 1");
    if (o.default_limit < 1) throw usage_error("mock server: default_limit must be >= 1");
    if (o.latency_ms < 0 || o.jitter_ms < 0) throw usage_error("mock server: negative latency");
    if (o.max_inflight < 0 || o.threads < 0) throw usage_error("mock server: negative count");
    if (o.budget < 0) throw usage_error("mock server: budget must be >= 0");
    if (!(o.budget_window_s > 0) || o.budget_window_s > 86400)
        throw usage_error("mock server: budget window must be > 0 and <= 86400 seconds");
    if (o.companies < 1 || o.companies > 1000)
        throw usage_error("mock server: companies must be 1..1000");
    if (o.stale_statistics < 0) throw usage_error("mock server: stale_statistics must be >= 0");
    if (o.holiday_calendars < 0 || o.holiday_calendars > 2)
        throw usage_error("mock server: holiday_calendars must be 0, 1 or 2");
    DatasetShape shape{o.seed, o.employees, o.days, *start};
    shape.violations = o.violations;
    return shape;
}

std::vector<std::unique_ptr<Company>> make_companies(const MockOptions& o) {
    const DatasetShape base = shape_of(o);
    const auto window = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(o.budget_window_s));
    std::vector<std::unique_ptr<Company>> out;
    for (int k = 1; k <= o.companies; ++k) {
        DatasetShape shape = company_shape(base, k);
        if (o.uniform_companies) shape.employees = base.employees;
        out.push_back(std::make_unique<Company>(k, shape, o.fat, static_cast<std::size_t>(o.budget),
                                                window, o.stale_statistics,
                                                o.holiday_calendars));
    }
    return out;
}

}  // namespace

MockApiServer::Impl::Impl(MockOptions o)
    : opt(std::move(o)),
      companies(make_companies(opt)),
      gate(opt.max_inflight),
      limiter(opt.rate_limit),
      faults(opt.seed, opt.error_rate, opt.reset_rate, opt.truncate_rate),
      pages(opt.cache_bytes) {
    routes();
}

// "Bearer <token>" is company 1; "Bearer <token>-k" company k (1..companies).
Company* MockApiServer::Impl::company_of(std::string_view auth) const {
    constexpr std::string_view bearer = "Bearer ";
    if (!auth.starts_with(bearer)) return nullptr;
    auth.remove_prefix(bearer.size());
    if (!auth.starts_with(opt.token)) return nullptr;
    auth.remove_prefix(opt.token.size());
    if (auth.empty()) return companies.front().get();
    if (auth.size() < 2 || auth.size() > 5 || auth[0] != '-' || auth[1] == '0') return nullptr;
    std::size_t k = 0;
    for (char ch : auth.substr(1)) {
        if (ch < '0' || ch > '9') return nullptr;
        k = k * 10 + static_cast<std::size_t>(ch - '0');
    }
    return k <= companies.size() ? companies[k - 1].get() : nullptr;
}

Company* MockApiServer::Impl::admit(const httplib::Request& req, httplib::Response& res) {
    const uint64_t n = seq.fetch_add(1);
    if (opt.latency_ms > 0 || opt.jitter_ms > 0) {
        const uint64_t jitter = opt.jitter_ms > 0 ? hash_of(opt.seed, Domain::latency, n) %
                                                        (static_cast<uint64_t>(opt.jitter_ms) + 1)
                                                  : 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(opt.latency_ms) +
                                    std::chrono::milliseconds(jitter));
    }
    const std::string auth = req.get_header_value("Authorization");
    if (!opt.forbidden_token.empty() && auth == "Bearer " + opt.forbidden_token) {
        ++counts.forbidden;
        send_error(res, 403, "Forbidden", "the token has no permission for this resource");
        return nullptr;
    }
    Company* company = company_of(auth);
    if (!company) {
        ++counts.unauthorized;
        res.set_header("WWW-Authenticate", "Bearer");
        send_error(res, 401, "Unauthorized", "missing or invalid bearer token");
        return nullptr;
    }
    if (std::find(opt.forbidden_endpoints.begin(), opt.forbidden_endpoints.end(), req.path) !=
        opt.forbidden_endpoints.end()) {
        ++counts.forbidden;
        send_error(res, 403, "forbidden_access_permission",
                   "the company's plan does not include this resource");
        return nullptr;
    }
    int retry_after = 1;
    if (company->budget().enabled() && !company->budget().admit(Clock::now(), retry_after)) {
        ++counts.rate_limited;
        ++counts.budget_exceeded;
        if (opt.budget_retry_after) res.set_header("Retry-After", std::to_string(retry_after));
        send_error(res, 429, "Too Many Requests", "company request budget exhausted");
        return nullptr;
    }
    if (limiter.enabled() && !limiter.admit(Clock::now(), retry_after)) {
        ++counts.rate_limited;
        res.set_header("Retry-After", std::to_string(retry_after));
        send_error(res, 429, "Too Many Requests", "rate limit exceeded");
        return nullptr;
    }
    return company;
}

void MockApiServer::Impl::mark_ok(bool work_entries) {
    ++counts.ok;
    if (work_entries) ++counts.work_entry_pages;
    ok_peak.record(Clock::now());
}

bool MockApiServer::Impl::list_params(const httplib::Request& req, httplib::Response& res,
                                      uint64_t& page, uint64_t& limit) {
    page = 1;
    limit = static_cast<uint64_t>(opt.default_limit);
    if (req.has_param("page")) {
        auto p = parse_positive(req.get_param_value("page"));
        if (!p) {
            ++counts.bad_requests;
            send_error(res, 400, "Bad Request", "page must be an integer >= 1");
            return false;
        }
        page = *p;
    }
    if (req.has_param("limit")) {
        auto l = parse_positive(req.get_param_value("limit"));
        if (!l) {
            ++counts.bad_requests;
            send_error(res, 400, "Bad Request", "limit must be an integer >= 1");
            return false;
        }
        limit = *l;
    }
    limit = std::min<uint64_t>(limit, static_cast<uint64_t>(opt.max_limit));
    return true;
}

std::optional<std::string> MockApiServer::Impl::parse_entries(const httplib::Request& req,
                                                              const Dataset& data,
                                                              EntriesQuery& q) {
    EntryFilter& f = q.filter;  // an absent bound is open
    if (req.has_param("from")) {
        auto d = parse_day(req.get_param_value("from"));
        if (!d) return "from must be a date Y-m-d";
        f.from = *d;
    }
    if (req.has_param("to")) {
        auto d = parse_day(req.get_param_value("to"));
        if (!d) return "to must be a date Y-m-d";
        f.to = *d;
    }
    if (f.from > f.to) return "from must not be after to";
    if (req.has_param("employeeId")) {
        f.employee = data.find_employee(req.get_param_value("employeeId"));
        f.unknown_employee = !f.employee;
    }
    if (req.has_param("onlyReturn")) {
        const std::string v = req.get_param_value("onlyReturn");
        if (v == "all") {
            f.only = OnlyReturn::all;
        } else if (v == "deleted") {
            f.only = OnlyReturn::deleted;
        } else if (v != "not_deleted") {
            return "onlyReturn must be one of all, not_deleted, deleted";
        }
    }
    for (const auto& [name, bound] : {std::pair{"updatedAt[gte]", &f.updated_gte},
                                      std::pair{"updatedAt[lte]", &f.updated_lte}}) {
        if (!req.has_param(name)) continue;
        const auto t = parse_updated_at(req.get_param_value(name));
        if (!t) return std::string(name) + " must be a timestamp Y-m-dTH:i:sP";
        *bound = *t;
    }
    // orderBy is accepted and ignored: the order is always clock-in, then id.
    return std::nullopt;
}

PageCache::Body MockApiServer::Impl::page_body(const Company& c, const View& v, bool with_drift,
                                               uint64_t page, uint64_t limit, bool gz) {
    const PageRenderer& renderer = c.renderer();
    std::string key = std::to_string(c.number()) + '|' + v.key + '|' + (with_drift ? "d" : "-") +
                      '|' + std::to_string(page) + '|' + std::to_string(limit);
    if (!gz) {
        return pages.get(key,
                         [&] { return renderer.render_entries_page(v, with_drift, page, limit); });
    }
    return pages.get(key + "|gz", [&] {
        auto plain = pages.get(
            key, [&] { return renderer.render_entries_page(v, with_drift, page, limit); });
        return gzip_compress(*plain);
    });
}

// Serves a cached body without copying it (and without httplib compressing
// it per request: content providers with a length are sent as they are).
// `cut` < size sends only that many bytes, then drops the connection.
void MockApiServer::Impl::send_body(httplib::Response& res, PageCache::Body body, const char* type,
                                    std::size_t cut) {
    const std::size_t size = body->size();
    res.set_content_provider(
        size, type,
        [body = std::move(body), cut](std::size_t offset, std::size_t length,
                                      httplib::DataSink& sink) {
            if (cut != std::string::npos) {
                if (offset < cut) sink.write(body->data() + offset, cut - offset);
                return false;  // httplib stops writing and closes the connection
            }
            return sink.write(body->data() + offset, length);
        });
}

void MockApiServer::Impl::work_entries(const httplib::Request& req, httplib::Response& res,
                                       Company& company) {
    EntriesQuery q;
    if (!list_params(req, res, q.page, q.limit)) return;
    if (auto err = parse_entries(req, company.data(), q)) {
        ++counts.bad_requests;
        send_error(res, 400, "Bad Request", *err);
        return;
    }
    auto v = company.view(q.filter, opt.drift);
    const bool with_drift = v->drift_on.load();

    if (opt.fail_page > 0 && q.page == static_cast<uint64_t>(opt.fail_page)) {
        const auto n = fail_page_hits.fetch_add(1);
        if (opt.fail_times < 0 || n < static_cast<uint64_t>(opt.fail_times)) {
            ++counts.server_errors;
            res.status = 503;
            res.set_content(error_json(503, "Service Unavailable", "try again later"), kJson);
            return;
        }
    }

    if (faults.enabled()) {
        // Company 1's keys are those of a one-company server: runs replay alike.
        const std::string key_text =
            (company.number() > 1 ? std::to_string(company.number()) + '#' : std::string()) +
            q.filter.key() + '|' + std::to_string(q.page) + '|' + std::to_string(q.limit);
        const FaultDraw d = faults.draw(fnv1a(key_text));
        switch (d.fault) {
            case Fault::none:
                break;
            case Fault::server_error:
                ++counts.server_errors;
                res.status = d.status;
                if (d.status == 502) {
                    // What a reverse proxy says when the upstream fails.
                    res.set_content(
                        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                        "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>"
                        "\r\n</body>\r\n</html>\r\n",
                        "text/html");
                } else if (d.status == 503) {
                    res.set_content(error_json(503, "Service Unavailable", "try again later"),
                                    kJson);
                } else {
                    res.set_content(error_json(500, "Internal Server Error", "unexpected error"),
                                    kJson);
                }
                return;
            case Fault::reset:
                ++counts.resets;
                if (!abort_connection(req.local_port, req.remote_addr, req.remote_port)) {
                    // Socket not found (should not happen): still no body.
                    res.status = 200;
                    send_body(res, std::make_shared<const std::string>("{}"), kJson, 0);
                }
                return;
            case Fault::truncate:
                break;  // below, once the body is known
        }
        if (d.fault == Fault::truncate) {
            ++counts.truncated;
            auto body = page_body(company, *v, with_drift, q.page, q.limit, false);
            res.status = 200;
            send_body(res, body, kJson, body->size() / 2);
            return;
        }
    }

    if (opt.malformed_page > 0 && q.page == static_cast<uint64_t>(opt.malformed_page)) {
        ++counts.malformed;
        mark_ok(true);
        res.status = 200;
        if (opt.malformed_html) {
            res.set_content(
                "<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>"
                "<body><h1>Our API is taking a break</h1><p>Please retry in a few minutes.</p>"
                "</body></html>\n",
                "text/html; charset=utf-8");
        } else {
            // The page cut in the middle, sent whole: valid HTTP, invalid JSON.
            auto body = page_body(company, *v, with_drift, q.page, q.limit, false);
            res.set_content(body->substr(0, body->size() / 2), kJson);
        }
        return;
    }

    const bool gz =
        opt.gzip && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
    auto body = page_body(company, *v, with_drift, q.page, q.limit, gz);
    res.status = 200;
    if (gz) res.set_header("Content-Encoding", "gzip");
    send_body(res, std::move(body), kJson);
    mark_ok(true);
    // Data "changes" once page 1 has been served: later pages shift.
    if (q.page == 1 && !v->drift.empty()) v->drift_on.store(true);
}

void MockApiServer::Impl::routes() {
    using Handler = void (Impl::*)(const httplib::Request&, httplib::Response&, Company&);
    // Every handler holds a slot of the in-flight gate for its whole life,
    // latency included: that is what "requests served at once" means.
    auto guarded = [this](Handler fn) {
        return [this, fn](const httplib::Request& req, httplib::Response& res) {
            ++counts.requests;
            InflightGate::Hold hold(gate);
            if (Company* company = admit(req, res)) (this->*fn)(req, res, *company);
        };
    };
    svr.Get("/schedule/v1/work-entries", guarded(&Impl::work_entries));
    svr.Get("/schedule/v1/check-types", guarded(&Impl::check_types));
    svr.Get("/schedule/v1/work-breaks", guarded(&Impl::work_breaks));
    svr.Get("/schedule/v1/check-type-collections", guarded(&Impl::collections));
    svr.Get(R"(/schedule/v1/check-type-collections/([^/]+))", guarded(&Impl::collection));
    svr.Get("/core/v3/info", guarded(&Impl::info));
    // Issue 18's endpoints (src/mockapi/payroll_endpoints.cpp).
    const std::pair<const char*, PayrollEndpoint> payroll_routes[] = {
        {"/schedule/v1/reports/worked-hours", &worked_hours},
        {"/schedule/v1/reports/worked-night-hours", &worked_night_hours},
        {"/schedule/v1/reports/worked-absence-days", &worked_absence_days},
        {"/schedule/v1/absence-day-off", &absence_day_off},
        {"/schedule/v1/vacation-day-off", &vacation_day_off},
        {"/schedule/v1/absence-types", &absence_types},
        {"/schedule/v1/holidays", &holidays},
        {"/schedule/v1/holiday-calendar", &holiday_calendar},
        {"/schedule/v1/check-validation", &check_validation},
        {"/core/v3/employees", &employees},
        {"/core/v3/offices", &offices},
        {"/contract/v1/contracts/contracts-for-payroll", &contracts_for_payroll},
    };
    for (const auto& [path, endpoint] : payroll_routes) {
        svr.Get(path,
                [this, endpoint = endpoint](const httplib::Request& req, httplib::Response& res) {
                    ++counts.requests;
                    InflightGate::Hold hold(gate);
                    if (Company* company = admit(req, res)) payroll(req, res, *company, endpoint);
                });
    }

    // httplib's own answers (unknown path, bad request line) get a JSON body.
    svr.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty() || res.content_provider_)
                return httplib::Server::HandlerResponse::Unhandled;
            const bool not_found = res.status == 404;
            res.set_content(error_json(res.status, not_found ? "Not Found" : "Bad Request",
                                       not_found ? "no such endpoint" : "request not understood"),
                            kJson);
            return httplib::Server::HandlerResponse::Handled;
        }));
}

void MockApiServer::Impl::send_list(const httplib::Request& req, httplib::Response& res,
                                    const std::vector<std::string>& items) {
    uint64_t page = 1, limit = 1;
    if (!list_params(req, res, page, limit)) return;
    res.set_content(PageRenderer::render_list(items, page, limit), kJson);
    mark_ok(false);
}

void MockApiServer::Impl::check_types(const httplib::Request& req, httplib::Response& res,
                                      Company& c) {
    send_list(req, res, c.renderer().check_type_items());
}

void MockApiServer::Impl::work_breaks(const httplib::Request& req, httplib::Response& res,
                                      Company& c) {
    send_list(req, res, c.renderer().work_break_items());
}

void MockApiServer::Impl::collections(const httplib::Request& req, httplib::Response& res,
                                      Company& c) {
    send_list(req, res, c.renderer().collection_items());
}

void MockApiServer::Impl::collection(const httplib::Request& req, httplib::Response& res,
                                     Company& c) {
    const std::string id = req.matches[1];
    Uuid u;
    if (parse_uuid(id, u)) {
        const auto& cols = c.data().collections();
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].id == u) {
                res.set_content(c.renderer().render_collection_detail(i), kJson);
                mark_ok(false);
                return;
            }
        }
    }
    send_error(res, 404, "Not Found", "no check type collection with that id");
}

void MockApiServer::Impl::info(const httplib::Request&, httplib::Response& res, Company& c) {
    res.set_content(c.renderer().render_info(), kJson);
    mark_ok(false);
}

void MockApiServer::Impl::payroll(const httplib::Request& req, httplib::Response& res, Company& c,
                                  PayrollEndpoint endpoint) {
    Paging p;
    if (!list_params(req, res, p.page, p.limit)) return;
    Reply r = endpoint(req, c, p);
    if (r.status != 200) {
        ++counts.bad_requests;
        send_error(res, r.status, "Bad Request", r.body);
        return;
    }
    res.set_content(std::move(r.body), kJson);
    mark_ok(false);
}

std::size_t MockApiServer::Impl::count_range(const std::string& from, const std::string& to,
                                             bool with_deleted) const {
    auto f = parse_day(from), t = parse_day(to);
    if (!f || !t) throw usage_error("mock server: count_entries needs dates YYYY-MM-DD");
    std::size_t n = 0;
    for (const Entry& e : first().entries()) {
        if (e.workday >= *f && e.workday <= *t && (with_deleted || !e.deleted())) ++n;
    }
    return n;
}

// ---------------------------------------------------------------- MockApiServer

MockApiServer::MockApiServer(MockOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

MockApiServer::~MockApiServer() {
    stop();
}

void MockApiServer::start() {
    Impl& s = *impl_;
    std::lock_guard lock(s.life_m);
    if (s.started) throw usage_error("mock server: start() called twice");
    s.started = true;

    // A client that hangs up while we write would otherwise kill the process
    // with SIGPIPE (httplib sends without MSG_NOSIGNAL); only the default
    // disposition is replaced, never a handler the program installed.
    struct sigaction old {};
    if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
        signal(SIGPIPE, SIG_IGN);
    }

    const int threads = s.opt.threads > 0 ? s.opt.threads : std::max(128, s.opt.max_inflight + 16);
    // httplib takes ownership of the queue it gets from this factory.
    s.svr.new_task_queue = [threads] {
        return std::make_unique<httplib::ThreadPool>(static_cast<std::size_t>(threads)).release();
    };
    s.svr.set_keep_alive_max_count(100000);
    s.svr.set_keep_alive_timeout(5);
    s.svr.set_read_timeout(30);
    s.svr.set_write_timeout(30);
    s.svr.set_tcp_nodelay(true);  // small answers must not wait for Nagle + delayed ACK
    s.svr.set_payload_max_length(64 * 1024);

    if (s.opt.port == 0) {
        s.port = s.svr.bind_to_any_port(s.opt.host);
    } else {
        s.port = s.svr.bind_to_port(s.opt.host, s.opt.port) ? s.opt.port : -1;
    }
    if (s.port <= 0) {
        s.stopped = true;
        throw io_error("mock server: cannot listen on " + s.opt.host + ":" +
                       std::to_string(s.opt.port));
    }
    // httplib 0.11 listens with a backlog of 5: a burst of 64 connects would
    // see SYNs dropped and retried a second later. listen() again raises it.
    ::listen(s.svr.listening_socket(), SOMAXCONN);

    s.thread = std::thread([&s] { s.svr.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!s.svr.is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void MockApiServer::request_stop() noexcept {
    // Only an atomic exchange, shutdown() and close() inside httplib: safe in
    // a signal handler. A second call finds the socket closed already.
    if (impl_->svr.listening_socket() != INVALID_SOCKET) impl_->svr.stop();
}

void MockApiServer::stop() {
    Impl& s = *impl_;
    std::lock_guard lock(s.life_m);
    if (!s.started || s.stopped) return;
    // request_stop() may have closed the listening socket already; httplib's
    // stop() asserts it is still open.
    if (s.svr.listening_socket() != INVALID_SOCKET) s.svr.stop();
    // Idle keep-alive connections would hold the worker pool (and so the
    // join) for the keep-alive timeout.
    shutdown_connections(s.port);
    if (s.thread.joinable()) s.thread.join();
    s.stopped = true;
}

void MockApiServer::wait() {
    Impl& s = *impl_;
    for (;;) {
        {
            std::lock_guard lock(s.life_m);
            if (!s.started || s.stopped) return;
        }
        if (s.svr.listening_socket() == INVALID_SOCKET) break;  // request_stop() ran
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
}

int MockApiServer::port() const {
    return impl_->port;
}

std::string MockApiServer::base_url() const {
    const std::string& h = impl_->opt.host;
    const bool v6 = h.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + h + "]" : h) + ":" + std::to_string(impl_->port);
}

MockCounters MockApiServer::counters() const {
    const Impl& s = *impl_;
    MockCounters c;
    c.requests = s.counts.requests;
    c.work_entry_pages = s.counts.work_entry_pages;
    c.ok = s.counts.ok;
    c.unauthorized = s.counts.unauthorized;
    c.rate_limited = s.counts.rate_limited;
    c.server_errors = s.counts.server_errors;
    c.resets = s.counts.resets;
    c.truncated = s.counts.truncated;
    c.malformed = s.counts.malformed;
    c.max_inflight_seen = s.gate.max_seen();
    c.max_ok_per_second = s.ok_peak.peak();
    c.forbidden = s.counts.forbidden;
    c.bad_requests = s.counts.bad_requests;
    c.page_cache_hits = s.pages.hits();
    c.page_cache_misses = s.pages.misses();
    c.budget_exceeded = s.counts.budget_exceeded;
    return c;
}

void MockApiServer::reset_counters() {
    Impl& s = *impl_;
    for (auto* a : {&s.counts.requests, &s.counts.work_entry_pages, &s.counts.ok,
                    &s.counts.unauthorized, &s.counts.forbidden, &s.counts.bad_requests,
                    &s.counts.rate_limited, &s.counts.server_errors, &s.counts.resets,
                    &s.counts.truncated, &s.counts.malformed, &s.counts.budget_exceeded}) {
        a->store(0);
    }
    s.gate.reset_max();
    s.ok_peak.reset();
    s.pages.reset_stats();
}

const MockOptions& MockApiServer::options() const {
    return impl_->opt;
}

std::size_t MockApiServer::count_entries(const std::string& from, const std::string& to) const {
    return impl_->count_range(from, to, false);
}

std::size_t MockApiServer::count_all_entries(const std::string& from, const std::string& to) const {
    return impl_->count_range(from, to, true);
}

std::size_t MockApiServer::total_entries() const {
    return impl_->first().entries().size();
}

std::vector<std::string> MockApiServer::employee_ids(int company) const {
    const Dataset& data = impl_->company(company).data();
    std::vector<std::string> ids;
    ids.reserve(data.employees().size());
    for (const auto& e : data.employees())
        ids.push_back(mockapi::uuid_string(e.id));
    return ids;
}

std::vector<std::string> MockApiServer::stale_employee_ids(int company) const {
    const Company& c = impl_->company(company);
    std::vector<std::string> ids;
    for (const uint32_t e : c.stale_employees())
        ids.push_back(mockapi::uuid_string(c.data().employees()[e].id));
    return ids;
}

std::string MockApiServer::token_for(int company) const {
    impl_->company(company);  // range check
    return impl_->opt.token + '-' + std::to_string(company);
}

namespace {

// A filter over clock-in dates from API-style bounds (empty = open).
EntryFilter range_filter(const std::string& from, const std::string& to, std::string_view what) {
    EntryFilter f;
    for (const auto& [text, bound] : {std::pair{&from, &f.from}, std::pair{&to, &f.to}}) {
        if (text->empty()) continue;
        auto d = parse_day(*text);
        if (!d) throw usage_error("mock server: " + std::string(what) + " needs dates YYYY-MM-DD");
        *bound = *d;
    }
    return f;
}

}  // namespace

std::size_t MockApiServer::listed_total(const std::string& from, const std::string& to,
                                        std::string_view only_return, int company) const {
    EntryFilter f = range_filter(from, to, "listed_total");
    if (only_return == "all") {
        f.only = OnlyReturn::all;
    } else if (only_return == "deleted") {
        f.only = OnlyReturn::deleted;
    } else if (only_return != "not_deleted") {
        throw usage_error(
            "mock server: listed_total: onlyReturn must be all, not_deleted or deleted");
    }
    return impl_->company(company).data().select(f).size();
}

void MockApiServer::warm(const std::string& from, const std::string& to, int limit) {
    Impl& s = *impl_;
    const EntryFilter f = range_filter(from, to, "warm");
    if (limit < 1 || f.from > f.to)
        throw usage_error("mock server: warm needs limit >= 1 and from <= to");
    const auto l =
        std::min<uint64_t>(static_cast<uint64_t>(limit), static_cast<uint64_t>(s.opt.max_limit));
    Company& c = *s.companies.front();
    auto v = c.view(f, s.opt.drift);
    const uint64_t last = make_meta(1, l, v->total(false)).last_page;
    for (uint64_t p = 1; p <= last; ++p)
        s.page_body(c, *v, false, p, l, false);
}

}  // namespace reportgen
