// The scenario runner (BENCHMARKS.md): starts the mock API server in a
// process of its own, runs each named scenario's reports end to end in
// fresh client processes (so that peak RSS is the client's alone, from
// wait4), and prints one table plus the ratios against docs/DESIGN.md's targets.
//
//   reportgen_scenarios                     every scenario
//   reportgen_scenarios --only latency100   some (comma-separated)
//   reportgen_scenarios --quick             small sizes: a smoke run (seconds)
//   reportgen_scenarios --runs 5            runs per measurement (median shown)
//   reportgen_scenarios --json FILE         every run's figures as JSON
//
// The same binary is the server (--server) and the client (--client,
// --ceiling, --batch-client) it starts: one file to build, and every process
// is fresh.
#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/row_tape.hpp"
#include "reportgen/batch.hpp"
#include "reportgen/mock_server.hpp"
#include "reportgen/reportgen.hpp"

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace reportgen::bench {
namespace {

// ---------------------------------------------------------------------------
// key=value argument lists (what the parent hands its children)

using Args = std::map<std::string, std::string>;

Args parse_kv(int argc, char** argv, int first) {
    Args a;
    for (int i = first; i < argc; ++i) {
        const std::string s = argv[i];
        const auto eq = s.find('=');
        if (eq == std::string::npos) throw std::runtime_error("expected key=value, got " + s);
        a[s.substr(0, eq)] = s.substr(eq + 1);
    }
    return a;
}
std::string get(const Args& a, const std::string& k, const std::string& def = "") {
    const auto it = a.find(k);
    return it == a.end() ? def : it->second;
}
double get_num(const Args& a, const std::string& k, double def) {
    const auto it = a.find(k);
    return it == a.end() ? def : std::stod(it->second);
}

std::string add_days(const std::string& start, int days) {
    const auto d = parse_iso_date(start);
    if (!d) throw std::runtime_error("bad date " + start);
    return format_iso_date(civil_from_days(days_from_civil(*d) + days));
}

// ---------------------------------------------------------------------------
// Server process: MockApiServer in-process, pages pre-rendered (warm), then a
// line protocol on stdin: "counters" prints the counters as JSON and resets
// them; EOF or "quit" stops.

json counters_json(const MockCounters& c) {
    return json{{"requests", c.requests},
                {"work_entry_pages", c.work_entry_pages},
                {"ok", c.ok},
                {"rate_limited", c.rate_limited},
                {"server_errors", c.server_errors},
                {"resets", c.resets},
                {"max_inflight_seen", c.max_inflight_seen},
                {"max_ok_per_second", c.max_ok_per_second},
                {"budget_exceeded", c.budget_exceeded},
                {"page_cache_hits", c.page_cache_hits},
                {"page_cache_misses", c.page_cache_misses}};
}

int server_main(const Args& a) {
    std::signal(SIGPIPE, SIG_IGN);
    MockOptions o;
    o.employees = static_cast<int>(get_num(a, "employees", 50));
    o.days = static_cast<int>(get_num(a, "days", 31));
    o.start = get(a, "start", "2024-01-01");
    o.fat = get(a, "fat", "0") == "1";
    o.latency_ms = static_cast<int>(get_num(a, "latency_ms", 0));
    o.rate_limit = get_num(a, "rate_limit", 0);
    o.error_rate = get_num(a, "error_rate", 0);
    o.reset_rate = get_num(a, "reset_rate", 0);
    o.cache_bytes = static_cast<std::size_t>(get_num(a, "cache_mb", 1024)) << 20;
    o.budget = static_cast<int>(get_num(a, "budget", 0));
    o.budget_window_s = get_num(a, "budget_window_s", 60);
    o.companies = static_cast<int>(get_num(a, "companies", 1));
    o.uniform_companies = true;  // companies of equal work (batch scenario)
    o.threads = static_cast<int>(get_num(a, "threads", 0));
    MockApiServer server(o);
    server.start();
    const int warm = static_cast<int>(get_num(a, "warm_limit", 0));
    const auto t0 = Clock::now();
    if (warm > 0 && o.cache_bytes > 0) server.warm(o.start, add_days(o.start, o.days - 1), warm);
    const double warm_s = std::chrono::duration<double>(Clock::now() - t0).count();
    server.reset_counters();
    std::printf("PORT %d %.3f\n", server.port(), warm_s);
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line == "quit") break;
        if (line == "counters") {
            std::printf("%s\n", counters_json(server.counters()).dump().c_str());
            std::fflush(stdout);
            server.reset_counters();
        }
    }
    server.stop();
    return 0;
}

// ---------------------------------------------------------------------------
// Client process: one report, its figures as one JSON line on stdout.

ClientConfig client_config(const Args& a) {
    ClientConfig cfg;
    cfg.base_url = get(a, "url");
    // Company k of a multi-company server: its token (MockApiServer::token_for).
    const int company = static_cast<int>(get_num(a, "company", 0));
    cfg.token = company > 0 ? "demo-token-" + std::to_string(company) : "demo-token";
    cfg.max_concurrent_requests = static_cast<int>(get_num(a, "concurrency", 20));
    cfg.pool_maxsize = cfg.max_concurrent_requests;
    cfg.page_size = static_cast<int>(get_num(a, "page_size", 500));
    // The client's request budget: off unless a scenario sets it (the mock
    // server of the other scenarios has no company budget, and pacing them
    // at 900 a minute would measure the limiter, not the engines).
    cfg.rate_limit_per_minute = static_cast<int>(get_num(a, "rate_limit_client", 0));
    cfg.rate_window_s = get_num(a, "rate_window_s", 60);
    return cfg;
}

ReportRequest report_request(const Args& a) {
    ReportRequest req;
    req.set_dates(get(a, "from"), get(a, "to"));
    const auto f = parse_format(get(a, "format", "csv"));
    const auto e = parse_engine(get(a, "engine", "auto"));
    if (!f || !e) throw std::runtime_error("bad format or engine");
    const auto l = parse_layout(get(a, "layout", "by_employee"));
    if (!l) throw std::runtime_error("bad layout");
    req.format = *f;
    req.engine = *e;
    req.layout = *l;
    req.spill_dir = get(a, "tmpdir");
    req.xlsx.tmpdir = get(a, "tmpdir");
    return req;
}

uint64_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// FNV-1a (64-bit) of a file's bytes, as hex: two reports compared by value.
std::string fnv1a_of_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    uint64_t h = 14695981039346656037ull;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        for (std::streamsize i = 0; i < in.gcount(); ++i) {
            h ^= static_cast<unsigned char>(buf[i]);
            h *= 1099511628211ull;
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

// A PDF's pages: its page objects ("/Type /Page", not "/Type /Pages").
uint64_t pdf_page_count(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    uint64_t n = 0;
    const std::string key = "/Type /Page";
    for (auto p = s.find(key); p != std::string::npos; p = s.find(key, p + key.size()))
        n += p + key.size() >= s.size() || s[p + key.size()] != 's';
    return n;
}

// One report's figures: its wall time, rows and metrics.
json report_figures(double wall_s, const ReportResult& r) {
    json j;
    j["wall_s"] = wall_s;
    j["rows"] = r.rows;
    j["total_rows"] = r.total_rows;
    j["metrics"] = json::parse(r.metrics.to_json(0));
    return j;
}

// split=employee: one file per employee (EmployeeSplitSink, as --split-by
// employee); `out` is the template. Their sizes summed, then removed.
json split_client(ReportGenerator& gen, const ReportRequest& req, const std::string& out) {
    EmployeeSplitSink split(req, out);
    const auto t0 = Clock::now();
    const ReportResult r = gen.generate(req, split);
    json j = report_figures(std::chrono::duration<double>(Clock::now() - t0).count(), r);
    uint64_t bytes = 0, pages = 0;
    for (const std::string& f : split.files()) {
        bytes += file_size(f);
        if (req.format == Format::pdf) pages += pdf_page_count(f);
        std::remove(f.c_str());
    }
    j["files"] = split.files().size();
    j["output_bytes"] = bytes;
    if (req.format == Format::pdf) j["pdf_pages"] = pages;
    return j;
}

int client_main(const Args& a) {
    spdlog::set_level(spdlog::level::warn);
    ReportGenerator gen(client_config(a));
    const ReportRequest req = report_request(a);
    const std::string out = get(a, "out");
    if (get(a, "split", "") == "employee") {
        std::printf("%s\n", split_client(gen, req, out).dump().c_str());
        return 0;
    }
    const auto t0 = Clock::now();
    const ReportResult r = gen.generate(req, out);
    json j = report_figures(std::chrono::duration<double>(Clock::now() - t0).count(), r);
    j["output_bytes"] = file_size(out);
    j["output_fnv1a"] = fnv1a_of_file(out);
    std::remove(out.c_str());
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

// Batch process: companies 1..N of the server through BatchRunner (the
// library's, as `reportgen batch` runs it), `jobs` at once; the figures as
// one JSON line: wall, each company's seconds and metrics, and their sums.
int batch_client_main(const Args& a) {
    spdlog::set_level(spdlog::level::warn);
    set_log_level(LogLevel::warn);  // the library's own logger (one line per report at info)
    const int n = static_cast<int>(get_num(a, "companies", 1));
    std::vector<CompanyJob> jobs;
    for (int k = 1; k <= n; ++k) {
        Args ak = a;
        ak["company"] = std::to_string(k);
        CompanyJob job;
        job.name = "c" + std::to_string(k);
        job.client = client_config(ak);
        job.request = report_request(ak);
        job.output = get(a, "tmpdir") + "/batch-{company}.csv";
        jobs.push_back(std::move(job));
    }
    const BatchRunner runner(static_cast<std::size_t>(get_num(a, "jobs", 8)));
    const auto t0 = Clock::now();
    const ReportRequest period = report_request(a);  // the period, parsed once
    const auto outcomes = runner.run(jobs, period.from, period.to);
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    json companies = json::array();
    json sums = json::object();
    for (const CompanyOutcome& o : outcomes) {
        if (!o.ok) throw std::runtime_error("batch: " + o.name + " failed: " + o.message);
        const json mt = json::parse(o.metrics.to_json(0));
        companies.push_back(json{{"name", o.name}, {"seconds", o.seconds}, {"metrics", mt}});
        for (const char* k : {"entries_decoded", "pages_fetched", "requests", "retries", "http_429"})
            sums[k] = sums.value(k, 0.0) + (mt.contains(k) ? mt[k].get<double>() : 0.0);
        std::remove(o.file.c_str());
    }
    std::printf("%s\n", json{{"wall_s", wall}, {"companies", companies}, {"metrics", sums}}
                             .dump()
                             .c_str());
    return 0;
}

// Ceiling process: the report's rows kept in memory (a RowTape), then written
// twice, timed: with libxlsxwriter's C API alone, and through XlsxSink. Same
// rows, same process, one after the other.
int ceiling_main(const Args& a) {
    spdlog::set_level(spdlog::level::warn);
    ReportGenerator gen(client_config(a));
    ReportRequest req = report_request(a);
    RowTape tape;
    gen.generate(req, tape);
    const std::string out = get(a, "out");
    json j;
    j["rows"] = tape.size();
    // One of each; the runner alternates which goes first from one ceiling
    // process to the next, so that neither profits from going second.
    const bool sink_first = get(a, "order") == "sink-first";
    double direct = 0, sink = 0;
    for (int k = 0; k < 2; ++k) {
        const auto t0 = Clock::now();
        if ((k == 0) == sink_first) {
            XlsxSink xlsx(out, req.xlsx, "Informe");
            tape.replay(xlsx);
            xlsx.finish();
            sink = std::chrono::duration<double>(Clock::now() - t0).count();
        } else {
            write_xlsx_direct(tape, out);
            direct = std::chrono::duration<double>(Clock::now() - t0).count();
        }
        std::remove(out.c_str());
    }
    j["direct_s"] = direct;
    j["sink_s"] = sink;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

// ---------------------------------------------------------------------------
// Child processes

struct Child {
    pid_t pid = -1;
    int in = -1;   // its stdin (we write)
    int out = -1;  // its stdout (we read)
};

Child spawn(const std::vector<std::string>& argv, bool want_stdin) {
    int out_pipe[2], in_pipe[2] = {-1, -1};
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    if (want_stdin && ::pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<char*> cargv;
    for (const auto& s : argv)
        cargv.push_back(const_cast<char*>(s.c_str()));
    cargv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(out_pipe[1], 1);
        if (want_stdin) ::dup2(in_pipe[0], 0);
        ::execv("/proc/self/exe", cargv.data());
        std::perror("execv");
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    if (want_stdin) ::close(in_pipe[0]);
    return Child{pid, want_stdin ? in_pipe[1] : -1, out_pipe[0]};
}

std::string read_line(int fd) {
    std::string s;
    char c;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n') return s;
        s.push_back(c);
    }
    return s;
}

std::string read_all(int fd) {
    std::string s;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        s.append(buf, static_cast<std::size_t>(n));
    return s;
}

struct ServerSpec {
    int employees = 3000;
    int days = 31;
    bool fat = false;
    int latency_ms = 0;
    double rate_limit = 0;
    double error_rate = 0;
    double reset_rate = 0;
    int cache_mb = 1024;
    bool warm = true;
    int budget = 0;  // the company's budget: requests per budget_window_s (0 = off)
    double budget_window_s = 60;
    int companies = 1;  // companies served (token demo-token-k), all of equal size
    int threads = 0;    // the server's worker threads (0: its default, 128)
    std::string start = "2024-01-01";
    std::string from() const { return start; }
    std::string to() const { return add_days(start, days - 1); }
    std::string key() const {
        std::ostringstream k;
        k << employees << '/' << days << '/' << fat << '/' << latency_ms << '/' << rate_limit << '/'
          << error_rate << '/' << reset_rate << '/' << cache_mb << '/' << warm << '/' << budget
          << '/' << budget_window_s << '/' << companies << '/' << threads;
        return k.str();
    }
};

class Server {
  public:
    explicit Server(const ServerSpec& s) {
        std::vector<std::string> argv = {"reportgen_scenarios", "--server"};
        auto kv = [&](const std::string& k, const std::string& v) { argv.push_back(k + "=" + v); };
        kv("employees", std::to_string(s.employees));
        kv("days", std::to_string(s.days));
        kv("start", s.start);
        kv("fat", s.fat ? "1" : "0");
        kv("latency_ms", std::to_string(s.latency_ms));
        kv("rate_limit", std::to_string(s.rate_limit));
        kv("error_rate", std::to_string(s.error_rate));
        kv("reset_rate", std::to_string(s.reset_rate));
        kv("cache_mb", std::to_string(s.cache_mb));
        kv("warm_limit", s.warm ? "500" : "0");
        kv("budget", std::to_string(s.budget));
        kv("budget_window_s", std::to_string(s.budget_window_s));
        kv("companies", std::to_string(s.companies));
        kv("threads", std::to_string(s.threads));
        child_ = spawn(argv, true);
        std::istringstream first(read_line(child_.out));
        std::string tag;
        first >> tag >> port_ >> warm_s_;
        if (tag != "PORT") throw std::runtime_error("the mock server did not start");
    }
    ~Server() {
        if (child_.in >= 0) {
            const char quit[] = "quit\n";
            [[maybe_unused]] auto n = ::write(child_.in, quit, sizeof quit - 1);
            ::close(child_.in);
        }
        if (child_.out >= 0) ::close(child_.out);
        if (child_.pid > 0) ::waitpid(child_.pid, nullptr, 0);
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // The server process's CPU time so far (user + system, /proc/PID/stat),
    // for the scenarios where client and server share the machine's cores.
    double cpu_s() const {
        std::ifstream in("/proc/" + std::to_string(child_.pid) + "/stat");
        const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind(')');  // the command name may hold spaces
        if (close == std::string::npos) return 0;
        std::istringstream fields(stat.substr(close + 2));
        std::string f;
        double utime = 0, stime = 0;
        for (int i = 3; i <= 15 && fields >> f; ++i) {  // fields 14 and 15: utime, stime
            if (i == 14) utime = std::stod(f);
            if (i == 15) stime = std::stod(f);
        }
        return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    double warm_s() const { return warm_s_; }
    // The server's counters since the last call (then reset).
    json counters() {
        const char cmd[] = "counters\n";
        if (::write(child_.in, cmd, sizeof cmd - 1) < 0) return json::object();
        return json::parse(read_line(child_.out));
    }

  private:
    Child child_;
    int port_ = 0;
    double warm_s_ = 0;
};

struct ChildResult {
    json out;
    double peak_rss_mib = 0;
    double cpu_s = 0;  // user + system of the child
    int status = 0;
};

ChildResult run_child(const std::vector<std::string>& argv) {
    Child c = spawn(argv, false);
    const std::string text = read_all(c.out);
    ::close(c.out);
    int status = 0;
    struct rusage ru {};
    ::wait4(c.pid, &status, 0, &ru);
    ChildResult r;
    r.status = status;
    r.peak_rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
    r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty())
        throw std::runtime_error("client failed (status " + std::to_string(status) + ")");
    r.out = json::parse(text);
    return r;
}

// ---------------------------------------------------------------------------
// Scenarios

struct Step {
    std::string label;  // e.g. "turbo csv"
    ServerSpec server;
    std::string engine;  // auto | legacy | turbo
    std::string format;  // csv | csv.gz | xlsx
    int concurrency = 20;
    int runs = 3;
    bool ceiling = false;  // also measure the XLSX ceiling on these rows
    int client_rate = 0;   // the client's --rate-limit, per server.budget_window_s (0 = off)
    std::string layout = "by_employee";
    bool split = false;  // --split-by employee: one file per employee
};

struct Scenario {
    std::string name;
    std::string what;
    std::vector<Step> steps;
};

struct Measured {
    std::string scenario, label, engine, format;
    ServerSpec server;
    int concurrency = 20;
    std::vector<json> runs;  // client JSON + rss + server counters per run
    json median;             // the run with the median wall time
    json ceiling;            // direct/sink seconds, rows (ceiling steps)
};

std::vector<Scenario> scenarios(bool quick) {
    std::vector<Scenario> all;
    // docs/DESIGN.md's fetch scenario: 100 ms a page, 400 pages of 500 fat entries
    // (2,300 employees x 31 days = 199,632 entries), 20 in flight.
    {
        ServerSpec s;
        s.employees = quick ? 230 : 2300;
        s.fat = true;
        s.latency_ms = quick ? 20 : 100;
        all.push_back({"latency100",
                       "fat, 100 ms/page, 400 pages of 500, 20 in flight",
                       {{"turbo", s, "turbo", "csv", 20, quick ? 1 : 3},
                        {"legacy", s, "legacy", "csv", 1, 1}}});
    }
    // Zero latency, lean entries, ~1,000,000 of them (3,000 x 122 days).
    {
        ServerSpec s;
        s.days = quick ? 2 : 122;
        s.cache_mb = 2048;
        all.push_back({"zero-lean",
                       "lean, no latency, 1,006,069 entries, CSV and XLSX",
                       {{"turbo csv", s, "turbo", "csv", 20, quick ? 1 : 3},
                        {"turbo xlsx", s, "turbo", "xlsx", 20, quick ? 1 : 3, true}}});
    }
    // The same at ten times the size: memory must stay flat.
    if (!quick) {
        ServerSpec s;
        s.days = 1220;   // 9,999,659 entries
        s.cache_mb = 0;  // rendered per request: 5 GB of pages is not kept
        s.warm = false;
        all.push_back(
            {"lean10m",
             "lean, no latency, 9,999,659 entries (memory flatness)",
             {{"turbo csv", s, "turbo", "csv", 20, 1}, {"turbo xlsx", s, "turbo", "xlsx", 20, 1}}});
    }
    // A server that admits 10 requests a second (429 + Retry-After past it).
    {
        ServerSpec s;
        s.employees = quick ? 30 : 300;
        s.rate_limit = 10;
        all.push_back({"ratelimited",
                       "lean, server at 10 req/s, turbo 20 in flight",
                       {{"turbo", s, "turbo", "csv", 20, 1}}});
    }
    // 5 % of requests answered 5xx and 5 % of connections reset, against the
    // same server without faults: the difference is the time lost to retries.
    {
        ServerSpec clean;
        clean.employees = quick ? 150 : 1500;
        clean.latency_ms = quick ? 20 : 100;
        ServerSpec faulty = clean;
        faulty.error_rate = 0.05;
        faulty.reset_rate = 0.05;
        all.push_back({"faulty",
                       "lean, 100 ms/page, 5 % 5xx + 5 % resets vs none",
                       {{"turbo faults", faulty, "turbo", "csv", 20, quick ? 1 : 3},
                        {"turbo clean", clean, "turbo", "csv", 20, quick ? 1 : 3}}});
    }
    // The company's request budget (docs/API.md: 1,000 a minute, 429 without
    // Retry-After), at the same rate on a 6 s window to keep it short: 100
    // requests per 6 s, 100 ms a page, a report of about 2.5 windows' budget.
    // The client at the server's budget, then 50 % above it.
    {
        ServerSpec s;
        s.employees = quick ? 300 : 1440;  // ~50 / ~250 pages of 500
        s.latency_ms = 100;
        s.budget = quick ? 20 : 100;
        s.budget_window_s = quick ? 1 : 6;  // --quick: the same paths, a sixth of the waits
        Step at{"turbo at budget", s, "turbo", "csv", 20, 1};
        at.client_rate = s.budget;
        Step above{"turbo 50% above", s, "turbo", "csv", 20, 1};
        above.client_rate = s.budget + s.budget / 2;
        all.push_back({"budget", "lean, 100 ms/page, server budget 100 per 6 s (429, no Retry-After)",
                       {at, above}});
    }
    // Issue 18's monthly close: a 3,000-employee month under the company's
    // budget (1,000 a minute, 429 without Retry-After) replayed at the same
    // rate on a 6 s window (100 per 6 s), 100 ms a page: the payroll figures,
    // the by_employee report and the daily register of the same period, each
    // at the budget, so that their requests and walls compare.
    {
        ServerSpec s;
        s.employees = quick ? 300 : 3000;
        s.latency_ms = 100;
        s.budget = quick ? 20 : 100;
        s.budget_window_s = quick ? 1 : 6;  // --quick: the same paths, a sixth of the waits
        std::vector<Step> steps;
        for (const char* layout : {"payroll", "by_employee", "daily"}) {
            Step st{layout, s, "auto", "csv", 20, 1};
            st.client_rate = s.budget;
            st.layout = layout;
            steps.push_back(st);
        }
        all.push_back({"payroll",
                       "lean, 100 ms/page, 3,000 employees x 31 days, budget 100 per 6 s: payroll "
                       "vs by_employee vs daily",
                       steps});
    }
    // Issue 20: each worker's register as a PDF of its own (--split-by
    // employee --format pdf), 500 workers, one month, no latency: the time
    // beyond the fetch is the writer's (target <= 10 s, <= 150 MiB).
    {
        ServerSpec s;
        s.employees = quick ? 50 : 500;
        Step st{"turbo pdf split", s, "turbo", "pdf", 20, 1};
        st.layout = "daily";
        st.split = true;
        all.push_back({"register-pdf",
                       "lean, no latency, 500 employees x 31 days, daily register, one PDF per "
                       "employee",
                       {st}});
    }
    // The design's example month: 3,000 employees x 31 days, fat, 150 ms.
    {
        ServerSpec s;
        s.employees = quick ? 100 : 3000;
        s.fat = true;
        s.latency_ms = quick ? 30 : 150;
        all.push_back({"month3000",
                       "fat, 150 ms/page, 3,000 employees x 31 days, XLSX",
                       {{"turbo xlsx", s, "turbo", "xlsx", 20, quick ? 1 : 3}}});
    }
    return all;
}

double num(const json& j, const char* k) {
    return j.contains(k) && j[k].is_number() ? j[k].get<double>() : 0.0;
}

// pages x latency / concurrency. For a rate-limited server: the requests
// answered 200 at `rate` a second, the first second's `rate` of them at once
// (no sliding second may hold more than `rate`): (ok - rate) / rate.
std::optional<double> ideal_s(const Measured& m, const json& run) {
    if (run.contains("ideal_s")) return num(run, "ideal_s");  // set by the batch scenario
    const json& mt = run["metrics"];
    if (m.server.rate_limit > 0) {
        // 429s are not retries (they wait for the budget): both are subtracted.
        const double ok = num(mt, "requests") - num(mt, "retries") - num(mt, "http_429");
        return std::max(0.0, ok - m.server.rate_limit) / m.server.rate_limit;
    }
    if (m.server.latency_ms <= 0) return std::nullopt;
    return num(mt, "pages_fetched") * m.server.latency_ms / 1000.0 / m.concurrency;
}

std::string fmt(double v, int prec) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", prec, v);
    return b;
}
std::string thousands(uint64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

Measured run_step(const Scenario& sc, const Step& st, Server& server, const std::string& self_tmp,
                  bool verbose) {
    Measured m{sc.name, st.label, st.engine, st.format, st.server, st.concurrency, {}, {}, {}};
    const std::string ext = st.format == "xlsx"     ? ".xlsx"
                            : st.format == "csv.gz" ? ".csv.gz"
                            : st.format == "pdf"    ? ".pdf"
                                                    : ".csv";
    const std::string out = st.split ? self_tmp + "/split-{employee}" + ext : self_tmp + "/report" + ext;
    std::vector<std::string> argv = {
        "reportgen_scenarios",  "--client",
        "url=" + server.url(),  "from=" + st.server.from(),
        "to=" + st.server.to(), "format=" + st.format,
        "engine=" + st.engine,  "concurrency=" + std::to_string(st.concurrency),
        "tmpdir=" + self_tmp,   "out=" + out,
        "rate_limit_client=" + std::to_string(st.client_rate),
        "rate_window_s=" + std::to_string(st.server.budget_window_s), "layout=" + st.layout};
    if (st.split) argv.push_back("split=employee");
    std::vector<std::string> ceiling_argv = argv;
    ceiling_argv[1] = "--ceiling";
    ceiling_argv.back() = "out=" + self_tmp + "/ceiling.xlsx";
    server.counters();  // reset
    std::vector<json> ceilings;
    for (int i = 0; i < st.runs; ++i) {
        // A budgeted server counts the requests of its last window: the run
        // before this one (another step's too) must have left it, or this
        // run starts with the budget spent.
        if (st.server.budget > 0)
            std::this_thread::sleep_for(
                std::chrono::duration<double>(st.server.budget_window_s + 0.5));
        ChildResult r = run_child(argv);
        json run = r.out;
        run["peak_rss_mib"] = r.peak_rss_mib;
        run["cpu_s"] = r.cpu_s;
        run["server"] = server.counters();
        if (verbose)
            std::fprintf(stderr, "  %s %s run %d: %.3f s, %.1f MiB\n", sc.name.c_str(),
                         st.label.c_str(), i + 1, num(run, "wall_s"), r.peak_rss_mib);
        if (run.contains("pdf_pages")) {
            // The writer's share: the report's time beyond its fetch (plan + pages).
            const json& mt = run["metrics"];
            const double beyond = num(run, "wall_s") - num(mt, "plan_s") - num(mt, "fetch_s");
            run["beyond_fetch_s"] = beyond;
            run["pages_per_s"] = beyond > 0 ? num(run, "pdf_pages") / beyond : 0.0;
            std::fprintf(stderr, "  %s: %s files, %s pages, %.3f s beyond the fetch, %.0f pages/s\n",
                         sc.name.c_str(), thousands(static_cast<uint64_t>(num(run, "files"))).c_str(),
                         thousands(static_cast<uint64_t>(num(run, "pdf_pages"))).c_str(), beyond,
                         num(run, "pages_per_s"));
        }
        m.runs.push_back(std::move(run));
        if (st.ceiling) {
            // Right after each XLSX run: the same rows through libxlsxwriter
            // alone and through XlsxSink, under the same machine load.
            std::vector<std::string> c = ceiling_argv;
            c.push_back(i % 2 == 0 ? "order=direct-first" : "order=sink-first");
            json cj = run_child(c).out;
            server.counters();
            if (verbose)
                std::fprintf(stderr, "  %s ceiling %d: direct %.2f s, XlsxSink %.2f s, %s rows\n",
                             sc.name.c_str(), i + 1, num(cj, "direct_s"), num(cj, "sink_s"),
                             thousands(static_cast<uint64_t>(num(cj, "rows"))).c_str());
            ceilings.push_back(std::move(cj));
        }
    }
    std::vector<json> sorted = m.runs;
    std::sort(sorted.begin(), sorted.end(),
              [](const json& a, const json& b) { return num(a, "wall_s") < num(b, "wall_s"); });
    m.median = sorted[sorted.size() / 2];
    if (!ceilings.empty()) {
        // Median of each time on its own.
        auto median_of = [&](const char* k) {
            std::vector<double> v;
            for (const json& c : ceilings)
                v.push_back(num(c, k));
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        m.ceiling = json{{"rows", num(ceilings.front(), "rows")},
                         {"direct_s", median_of("direct_s")},
                         {"sink_s", median_of("sink_s")},
                         {"runs", ceilings}};
    }
    return m;
}

// ---------------------------------------------------------------------------
// The batch scenario (issue 13; README "More companies than one machine"):
// companies of equal size, each with its own budget at the server, run (a)
// each alone in a client process of its own, one after the other, as a shell
// loop would, and (b) all of them in one client process through BatchRunner.

struct BatchSpec {
    ServerSpec server;
    std::vector<int> jobs;  // one batch step per value
    int client_rate = 900;  // each company's client limit, per minute (the default)
    int runs = 3;           // batch runs per step (each company alone: once)
};

BatchSpec batch_spec(bool quick) {
    BatchSpec b;
    b.server.companies = quick ? 4 : 20;
    b.server.employees = quick ? 23 : 230;  // 4 / 40 pages of 500 a company
    b.server.latency_ms = quick ? 20 : 100;
    b.server.budget = 1000;  // a minute's, per company (docs/API.md)
    b.server.budget_window_s = 60;
    // Each open connection holds a server thread: 20 companies x 20 in flight.
    b.server.threads = 512;
    b.jobs = quick ? std::vector<int>{4} : std::vector<int>{20, 8};
    b.runs = quick ? 1 : 3;
    return b;
}

constexpr const char* kBatchWhat =
    "20 companies x 40 pages, 100 ms/page, budget 1000/min each: alone one after another vs "
    "BatchRunner --jobs 20 and 8";

std::vector<std::string> bench_argv(const char* mode, Server& server, const ServerSpec& s,
                                    const std::string& tmp, int client_rate) {
    return {"reportgen_scenarios",
            mode,
            "url=" + server.url(),
            "from=" + s.from(),
            "to=" + s.to(),
            "format=csv",
            "engine=auto",
            "concurrency=20",
            "tmpdir=" + tmp,
            "out=" + tmp + "/report.csv",
            "rate_limit_client=" + std::to_string(client_rate),
            "rate_window_s=" + std::to_string(s.budget_window_s),
            "companies=" + std::to_string(s.companies)};
}

// A page's latency times the pages of the largest company, over 20 in flight.
double batch_ideal_s(const BatchSpec& b, const json& companies) {
    double pages = 0;
    for (const json& c : companies) pages = std::max(pages, num(c["metrics"], "pages_fetched"));
    return pages * b.server.latency_ms / 1000.0 / 20;
}

class BatchScenario {
  public:
    BatchScenario(const BatchSpec& b, Server& server, std::string tmp, bool verbose)
        : b_(b), server_(server), tmp_(std::move(tmp)), verbose_(verbose) {}

    std::vector<Measured> run() {
        // Unmeasured: renders every company's pages into the server's cache
        // (warm() renders company 1's only), as the other scenarios pre-render.
        run_batch(b_.server.companies);
        std::vector<Measured> out = run_alone();
        for (const int jobs : b_.jobs) out.push_back(run_batch_step(jobs));
        return out;
    }

  private:
    Measured measured(const std::string& label) const {
        return Measured{"batch", label, "auto", "csv", b_.server, 20, {}, {}, {}};
    }

    // Each company in a fresh client process, one after the other.
    std::vector<Measured> run_alone() {
        std::vector<json> runs;
        json sum{{"wall_s", 0.0}, {"peak_rss_mib", 0.0}, {"cpu_s", 0.0}, {"metrics", json::object()}};
        const double server_cpu0 = server_.cpu_s();
        for (int k = 1; k <= b_.server.companies; ++k) {
            auto argv = bench_argv("--client", server_, b_.server, tmp_, b_.client_rate);
            argv.push_back("company=" + std::to_string(k));
            ChildResult r = run_child(argv);
            json run = r.out;
            run["company"] = "c" + std::to_string(k);
            run["peak_rss_mib"] = r.peak_rss_mib;
            run["cpu_s"] = r.cpu_s;
            run["server"] = server_.counters();
            run["ideal_s"] = num(run["metrics"], "pages_fetched") * b_.server.latency_ms / 1000.0 / 20;
            sum["wall_s"] = num(sum, "wall_s") + num(run, "wall_s");
            sum["peak_rss_mib"] = std::max(num(sum, "peak_rss_mib"), r.peak_rss_mib);
            sum["cpu_s"] = num(sum, "cpu_s") + r.cpu_s;
            for (const char* k2 : {"entries_decoded", "pages_fetched", "requests", "retries", "http_429"})
                sum["metrics"][k2] = num(sum["metrics"], k2) + num(run["metrics"], k2);
            runs.push_back(std::move(run));
        }
        sum["server_cpu_s"] = server_.cpu_s() - server_cpu0;
        if (verbose_) {
            std::fprintf(stderr, "  batch: each company alone:");
            for (const json& r : runs) std::fprintf(stderr, " %.2f", num(r, "wall_s"));
            std::fprintf(stderr, " s\n");
        }
        std::vector<json> by_wall = runs;
        std::sort(by_wall.begin(), by_wall.end(),
                  [](const json& a, const json& b) { return num(a, "wall_s") < num(b, "wall_s"); });
        Measured slowest = measured("alone: slowest");
        slowest.runs = runs;
        slowest.median = by_wall.back();
        Measured median = measured("alone: median");
        median.runs = runs;
        median.median = by_wall[by_wall.size() / 2];
        Measured total = measured("alone: one after another");
        total.runs = runs;
        sum["ideal_s"] = b_.server.companies * num(by_wall.back(), "ideal_s");
        total.median = sum;
        return {total, median, slowest};
    }

    Measured run_batch_step(int jobs) {
        Measured m = measured("batch --jobs " + std::to_string(jobs));
        for (int i = 0; i < b_.runs; ++i) {
            json run = run_batch(jobs);
            if (verbose_)
                std::fprintf(stderr, "  batch --jobs %d run %d: %.3f s, %.1f MiB, %.0f requests\n",
                             jobs, i + 1, num(run, "wall_s"), num(run, "peak_rss_mib"),
                             num(run["metrics"], "requests"));
            m.runs.push_back(std::move(run));
        }
        std::vector<json> sorted = m.runs;
        std::sort(sorted.begin(), sorted.end(),
                  [](const json& a, const json& b) { return num(a, "wall_s") < num(b, "wall_s"); });
        m.median = sorted[sorted.size() / 2];
        return m;
    }

    json run_batch(int jobs) {
        auto argv = bench_argv("--batch-client", server_, b_.server, tmp_, b_.client_rate);
        argv.push_back("jobs=" + std::to_string(jobs));
        const double server_cpu0 = server_.cpu_s();
        ChildResult r = run_child(argv);
        json run = r.out;
        run["server_cpu_s"] = server_.cpu_s() - server_cpu0;
        run["peak_rss_mib"] = r.peak_rss_mib;
        run["cpu_s"] = r.cpu_s;
        run["server"] = server_.counters();
        run["ideal_s"] = batch_ideal_s(b_, run["companies"]);
        return run;
    }

    const BatchSpec& b_;
    Server& server_;
    std::string tmp_;
    bool verbose_;
};

std::vector<Measured> run_batch_scenario(bool quick, int runs, const std::string& tmp,
                                         bool verbose) {
    BatchSpec b = batch_spec(quick);
    if (runs > 0 && b.runs > 1) b.runs = runs;
    if (verbose) std::fprintf(stderr, "batch: %s\n", kBatchWhat);
    Server server(b.server);
    if (verbose)
        std::fprintf(stderr, "  server %s up (%d companies)\n", server.url().c_str(),
                     b.server.companies);
    return BatchScenario(b, server, tmp, verbose).run();
}

void print_table(const std::vector<Measured>& all, std::ostream& o) {
    o << "| scenario | engine | entries | pages | wall s | ideal s | wall/ideal | entries/s | peak "
         "RSS MiB | requests | retries |\n";
    o << "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const Measured& m : all) {
        const json& r = m.median;
        const json& mt = r["metrics"];
        const double wall = num(r, "wall_s");
        const auto ideal = ideal_s(m, r);
        o << "| " << m.scenario << " | " << m.label << " | "
          << thousands(static_cast<uint64_t>(num(mt, "entries_decoded"))) << " | "
          << static_cast<uint64_t>(num(mt, "pages_fetched")) << " | " << fmt(wall, 2) << " | "
          << (ideal ? fmt(*ideal, 2) : "n/a") << " | " << (ideal ? fmt(wall / *ideal, 2) : "n/a")
          << " | " << thousands(static_cast<uint64_t>(num(mt, "entries_decoded") / wall)) << " | "
          << fmt(num(r, "peak_rss_mib"), 1) << " | " << static_cast<uint64_t>(num(mt, "requests"))
          << " | " << static_cast<uint64_t>(num(mt, "retries")) << " |\n";
    }
}

const Measured* find(const std::vector<Measured>& all, const std::string& sc,
                     const std::string& label) {
    for (const auto& m : all)
        if (m.scenario == sc && m.label == label) return &m;
    return nullptr;
}

void print_details(const std::vector<Measured>& all, std::ostream& o) {
    o << "\nPer run (wall s / peak RSS MiB / CPU s), phases of the median run (plan, fetch, "
         "decode, build, write s):\n";
    for (const Measured& m : all) {
        o << "- " << m.scenario << " " << m.label << ": ";
        for (const json& r : m.runs)
            o << fmt(num(r, "wall_s"), 2) << "/" << fmt(num(r, "peak_rss_mib"), 1) << "/"
              << fmt(num(r, "cpu_s"), 2) << "  ";
        const json& mt = m.median["metrics"];
        o << " phases " << fmt(num(mt, "plan_s"), 2) << ", " << fmt(num(mt, "fetch_s"), 2) << ", "
          << fmt(num(mt, "decode_s"), 2) << ", " << fmt(num(mt, "build_s"), 2) << ", "
          << fmt(num(mt, "write_s"), 2) << "; rows "
          << thousands(static_cast<uint64_t>(num(m.median, "rows") + num(m.median, "total_rows")))
          << ", 429s " << static_cast<uint64_t>(num(mt, "http_429")) << ", retry sleep "
          << fmt(num(mt, "retry_sleep_s"), 2) << " s, window "
          << static_cast<int>(num(mt, "final_window")) << ", server max ok/s "
          << static_cast<uint64_t>(num(m.median["server"], "max_ok_per_second")) << "\n";
    }
}

// The floor the budget allows: `requests` admitted `budget` per window need
// ceil(requests / budget) - 1 whole windows before the last batch starts,
// and the last batch takes at least a page's latency.
double budget_floor_s(const ServerSpec& s, double requests) {
    const double windows = std::ceil(requests / s.budget) - 1;
    return std::max(0.0, windows) * s.budget_window_s + s.latency_ms / 1000.0;
}

void print_budget(const std::vector<Measured>& all, std::ostream& o) {
    auto verdict = [](bool ok) { return ok ? "met" : "NOT met"; };
    const Measured* at = find(all, "budget", "turbo at budget");
    const Measured* above = find(all, "budget", "turbo 50% above");
    for (const Measured* m : {at, above}) {
        if (!m) continue;
        const json& mt = m->median["metrics"];
        const double requests = num(mt, "requests");
        const double floor = budget_floor_s(m->server, requests - num(mt, "http_429"));
        const double wall = num(m->median, "wall_s");
        const double share = requests > 0 ? 100 * num(mt, "http_429") / requests : 0;
        o << "- budget " << m->label << ": wall " << fmt(wall, 2) << " s, floor " << fmt(floor, 2)
          << " s (" << fmt(wall / floor, 3) << "x), " << static_cast<uint64_t>(requests)
          << " requests, " << static_cast<uint64_t>(num(mt, "http_429")) << " answered 429 ("
          << fmt(share, 2) << " %), waited " << fmt(num(mt, "rate_wait_s"), 1)
          << " s for the budget, server's busiest second " << static_cast<uint64_t>(num(m->median["server"], "max_ok_per_second"))
          << " OK, report "
          << (num(mt, "pages_fetched") == num(mt, "pages_expected") ? "complete" : "INCOMPLETE");
        if (m == at)
            o << "; targets wall <= 1.10 x floor: " << verdict(wall <= 1.10 * floor)
              << ", 429s <= 1 %: " << verdict(share <= 1.0);
        o << "\n";
    }
    if (at && above) {
        const bool same = at->median["output_fnv1a"] == above->median["output_fnv1a"] &&
                          num(at->median, "rows") == num(above->median, "rows");
        o << "- budget: the report 50 % above the budget is identical to the one at it: "
          << verdict(same) << "\n";
    }
}

// Issue 18's targets: payroll's wall within 1.10 x the floor its requests
// impose, and at most 10 % more requests than by_employee's.
void print_payroll(const std::vector<Measured>& all, std::ostream& o) {
    auto verdict = [](bool ok) { return ok ? "met" : "NOT met"; };
    const Measured* payroll = find(all, "payroll", "payroll");
    const Measured* employee = find(all, "payroll", "by_employee");
    const Measured* daily = find(all, "payroll", "daily");
    for (const Measured* m : {payroll, employee, daily}) {
        if (!m) continue;
        const json& mt = m->median["metrics"];
        const double requests = num(mt, "requests");
        const double floor = budget_floor_s(m->server, requests - num(mt, "http_429"));
        const double wall = num(m->median, "wall_s");
        o << "- payroll " << m->label << ": wall " << fmt(wall, 2) << " s, floor " << fmt(floor, 2)
          << " s (" << fmt(wall / floor, 3) << "x), " << static_cast<uint64_t>(requests)
          << " requests (" << mt["requests_by_endpoint"].dump() << "), "
          << static_cast<uint64_t>(num(mt, "http_429")) << " answered 429, peak RSS "
          << fmt(num(m->median, "peak_rss_mib"), 1) << " MiB";
        if (m == payroll) o << "; target wall <= 1.10 x floor: " << verdict(wall <= 1.10 * floor);
        o << "\n";
    }
    if (payroll && employee) {
        const double p = num(payroll->median["metrics"], "requests");
        const double e = num(employee->median["metrics"], "requests");
        o << "- payroll spends " << fmt(p / e, 3) << "x the requests of by_employee ("
          << static_cast<uint64_t>(p) << " vs " << static_cast<uint64_t>(e)
          << "); target <= 1.10x: " << verdict(p <= 1.10 * e) << "\n";
    }
    if (daily && employee) {
        const double d = num(daily->median["metrics"], "requests");
        const double e = num(employee->median["metrics"], "requests");
        o << "- the daily register spends " << static_cast<uint64_t>(d - e)
          << " requests more than by_employee (" << fmt(d / e, 3) << "x): its planned time is "
          << "asked one day at a time\n";
    }
}

void print_batch(const std::vector<Measured>& all, std::ostream& o) {
    const Measured* slowest = find(all, "batch", "alone: slowest");
    const Measured* median = find(all, "batch", "alone: median");
    const Measured* total = find(all, "batch", "alone: one after another");
    if (!slowest || !median || !total) return;
    const double worst = num(slowest->median, "wall_s");
    for (const Measured& m : all) {
        if (m.scenario != "batch" || m.label.rfind("batch", 0) != 0) continue;
        const json& r = m.median;
        const double wall = num(r, "wall_s");
        double slowest_in_batch = 0;
        for (const json& c : r["companies"]) slowest_in_batch = std::max(slowest_in_batch, num(c, "seconds"));
        o << "- " << m.label << ": wall " << fmt(wall, 2) << " s; each company alone: slowest "
          << fmt(worst, 2) << " s (" << slowest->median.value("company", "") << "), median "
          << fmt(num(median->median, "wall_s"), 2) << " s; batch/slowest "
          << fmt(wall / worst, 2) << " (target <= 1.3): " << (wall <= 1.3 * worst ? "met" : "NOT met")
          << "; slowest company inside the batch " << fmt(slowest_in_batch, 2) << " s; peak RSS "
          << fmt(num(r, "peak_rss_mib"), 1) << " MiB vs " << fmt(num(slowest->median, "peak_rss_mib"), 1)
          << " MiB alone; " << static_cast<uint64_t>(num(r["metrics"], "requests")) << " requests, "
          << static_cast<uint64_t>(num(r["metrics"], "http_429")) << " answered 429 (server: "
          << static_cast<uint64_t>(num(r["server"], "rate_limited")) << ")\n";
        // Client and mock server share the machine's cores: the CPU both
        // spend bounds the wall from below, whatever the latency allows.
        const double cores = static_cast<double>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
        const double cpu = num(r, "cpu_s") + num(r, "server_cpu_s");
        o << "  CPU: batch client " << fmt(num(r, "cpu_s"), 2) << " s + mock server "
          << fmt(num(r, "server_cpu_s"), 2) << " s on " << cores << " cores: floor "
          << fmt(cpu / cores, 2) << " s (wall/floor " << fmt(wall / (cpu / cores), 2)
          << "); the companies alone, summed: client "
          << fmt(num(total->median, "cpu_s"), 2) << " s + server "
          << fmt(num(total->median, "server_cpu_s"), 2) << " s\n";
    }
}

void print_targets(const std::vector<Measured>& all, bool quick, std::ostream& o) {
    o << "\nTargets (docs/DESIGN.md), from this run";
    if (quick)
        o << " (--quick: smoke sizes and latencies, not the targets' own; verdicts do not apply)";
    o << ":\n";
    auto verdict = [](bool ok) { return ok ? "met" : "NOT met"; };
    if (const Measured* t = find(all, "latency100", "turbo")) {
        const double wall = num(t->median, "wall_s");
        const double ideal = *ideal_s(*t, t->median);
        const json& mt = t->median["metrics"];
        const double fetch = num(mt, "plan_s") + num(mt, "fetch_s");
        o << "- latency100 turbo wall/ideal: " << fmt(wall / ideal, 3)
          << " (target <= 1.15): " << verdict(wall / ideal <= 1.15) << "; fetch phase alone "
          << fmt(num(mt, "fetch_s") / ideal, 3) << ", plan (metadata + page 1) "
          << fmt(num(mt, "plan_s"), 2) << " s, plan + fetch " << fmt(fetch / ideal, 3) << "\n";
        if (const Measured* l = find(all, "latency100", "legacy")) {
            const double speedup = num(l->median, "wall_s") / wall;
            o << "- latency100 turbo speedup over legacy: " << fmt(speedup, 1)
              << "x (target >= 15x): " << verdict(speedup >= 15) << "\n";
        }
    }
    if (const Measured* c = find(all, "zero-lean", "turbo csv")) {
        const double rate = num(c->median["metrics"], "entries_decoded") / num(c->median, "wall_s");
        o << "- zero-lean CSV: " << thousands(static_cast<uint64_t>(rate))
          << " entries/s end to end (target >= 500,000): " << verdict(rate >= 500000) << "\n";
    }
    if (const Measured* x = find(all, "zero-lean", "turbo xlsx"); x && !x->ceiling.is_null()) {
        const double rows = num(x->ceiling, "rows");
        const double direct = rows / num(x->ceiling, "direct_s");
        const double sink = rows / num(x->ceiling, "sink_s");
        const double e2e =
            (num(x->median, "rows") + num(x->median, "total_rows")) / num(x->median, "wall_s");
        o << "- zero-lean XLSX: libxlsxwriter direct " << thousands(static_cast<uint64_t>(direct))
          << " rows/s; XlsxSink on the same rows " << thousands(static_cast<uint64_t>(sink))
          << " rows/s (" << fmt(100 * sink / direct, 1) << " %); reportgen end to end "
          << thousands(static_cast<uint64_t>(e2e)) << " rows/s (" << fmt(100 * e2e / direct, 1)
          << " %, target >= 85 %): " << verdict(e2e >= 0.85 * direct) << "\n";
    }
    for (const char* fmt_label : {"turbo csv", "turbo xlsx"}) {
        const Measured* one = find(all, "zero-lean", fmt_label);
        const Measured* ten = find(all, "lean10m", fmt_label);
        if (one) {
            const double rss = num(one->median, "peak_rss_mib");
            o << "- peak RSS at "
              << thousands(static_cast<uint64_t>(num(one->median["metrics"], "entries_decoded")))
              << " entries, " << fmt_label << ": " << fmt(rss, 1)
              << " MiB (target <= 64): " << verdict(rss <= 64);
            if (ten) {
                const double rss10 = num(ten->median, "peak_rss_mib");
                o << "; at "
                  << thousands(
                         static_cast<uint64_t>(num(ten->median["metrics"], "entries_decoded")))
                  << ": " << fmt(rss10, 1) << " MiB (" << fmt(rss10 / rss, 2)
                  << "x, flat and <= 64: " << verdict(rss10 <= 64 && rss10 <= rss * 1.1) << ")";
            }
            o << "\n";
        }
    }
    if (const Measured* r = find(all, "ratelimited", "turbo")) {
        const json& mt = r->median["metrics"];
        // 429s are not retries (they wait for the budget): both are subtracted.
        const double ok = num(mt, "requests") - num(mt, "retries") - num(mt, "http_429");
        o << "- ratelimited: " << fmt(ok / num(r->median, "wall_s"), 2)
          << " successful requests/s over the run against a limit of "
          << fmt(r->server.rate_limit, 0) << " (server's busiest sliding second: "
          << static_cast<uint64_t>(num(r->median["server"], "max_ok_per_second")) << " OK), "
          << static_cast<uint64_t>(num(mt, "http_429")) << " answers 429, report "
          << (num(mt, "pages_fetched") == num(mt, "pages_expected") ? "complete" : "INCOMPLETE")
          << "\n";
    }
    print_budget(all, o);
    print_payroll(all, o);
    print_batch(all, o);
    const Measured* f = find(all, "faulty", "turbo faults");
    const Measured* fc = find(all, "faulty", "turbo clean");
    if (f && fc) {
        const json& mt = f->median["metrics"];
        o << "- faulty: " << static_cast<uint64_t>(num(mt, "retries")) << " retries ("
          << mt["retries_by_cause"].dump() << "), " << fmt(num(mt, "retry_sleep_s"), 2)
          << " s slept in backoff; wall " << fmt(num(f->median, "wall_s"), 2) << " s vs "
          << fmt(num(fc->median, "wall_s"), 2)
          << " s without faults: " << fmt(num(f->median, "wall_s") - num(fc->median, "wall_s"), 2)
          << " s lost to retries\n";
    }
}

int runner_main(int argc, char** argv) {
    bool quick = false, verbose = true;
    int runs = 0;
    std::vector<std::string> only;
    std::string json_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--quick") {
            quick = true;
        } else if (a == "--only") {
            std::stringstream ss(next());
            for (std::string s; std::getline(ss, s, ',');)
                only.push_back(s);
        } else if (a == "--runs") {
            runs = std::stoi(next());
        } else if (a == "--json") {
            json_path = next();
        } else if (a == "-q" || a == "--quiet") {
            verbose = false;
        } else if (a == "--list") {
            for (const auto& s : scenarios(false))
                std::cout << s.name << ": " << s.what << "\n";
            std::cout << "batch: " << kBatchWhat << "\n";
            return 0;
        } else {
            std::cerr << "usage: reportgen_scenarios [--only a,b/step] [--quick] [--runs N] "
                         "[--json FILE] "
                         "[-q] [--list]\n";
            return 2;
        }
    }
    // Reports, spilled runs and libxlsxwriter's files go here; removed at exit.
    struct TempDir {
        std::string path;
        TempDir() {
            const char* base = std::getenv("TMPDIR");
            std::string tmpl =
                std::string(base && *base ? base : "/tmp") + "/reportgen-scenarios-XXXXXX";
            if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
            path = tmpl;
        }
        ~TempDir() {
            for (const char* f : {"/report.csv", "/report.csv.gz", "/report.xlsx", "/ceiling.xlsx"})
                std::remove((path + f).c_str());
            ::rmdir(path.c_str());
        }
    } temp_dir;
    const std::string& self_tmp = temp_dir.path;

    std::vector<Measured> results;
    for (const Scenario& sc : scenarios(quick)) {
        // "--only latency100" runs a scenario; "--only latency100/turbo" one step of it.
        auto wanted = [&](const std::string& step) {
            if (only.empty()) return true;
            for (const std::string& o : only)
                if (o == sc.name || o == sc.name + "/" + step) return true;
            return false;
        };
        if (std::none_of(sc.steps.begin(), sc.steps.end(),
                         [&](const Step& st) { return wanted(st.label); }))
            continue;
        if (verbose) std::fprintf(stderr, "%s: %s\n", sc.name.c_str(), sc.what.c_str());
        std::map<std::string, std::unique_ptr<Server>> servers;
        for (Step st : sc.steps) {
            if (!wanted(st.label)) continue;
            if (runs > 0 && st.runs > 1) st.runs = runs;
            auto& srv = servers[st.server.key()];
            if (!srv) {
                srv = std::make_unique<Server>(st.server);
                if (verbose)
                    std::fprintf(stderr, "  server %s up, pages warmed in %.1f s\n",
                                 srv->url().c_str(), srv->warm_s());
            }
            results.push_back(run_step(sc, st, *srv, self_tmp, verbose));
        }
    }
    if (only.empty() || std::find(only.begin(), only.end(), "batch") != only.end())
        for (Measured& m : run_batch_scenario(quick, runs, self_tmp, verbose))
            results.push_back(std::move(m));
    std::cout << "\n";
    print_table(results, std::cout);
    print_details(results, std::cout);
    print_targets(results, quick, std::cout);
    if (!json_path.empty()) {
        json j = json::array();
        for (const Measured& m : results)
            j.push_back(json{{"scenario", m.scenario},
                             {"label", m.label},
                             {"runs", m.runs},
                             {"ceiling", m.ceiling}});
        std::ofstream(json_path) << j.dump(2) << "\n";
    }
    return 0;
}

}  // namespace
}  // namespace reportgen::bench

int main(int argc, char** argv) {
    using namespace reportgen::bench;
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "--server") return server_main(parse_kv(argc, argv, 2));
        if (mode == "--client") return client_main(parse_kv(argc, argv, 2));
        if (mode == "--ceiling") return ceiling_main(parse_kv(argc, argv, 2));
        if (mode == "--batch-client") return batch_client_main(parse_kv(argc, argv, 2));
        return runner_main(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reportgen_scenarios: %s\n", e.what());
        return 1;
    }
}
