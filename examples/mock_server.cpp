// Run the mock API in-process and page through it with the library's own
// HTTP client: what tests and benchmarks do.
#include <reportgen/mock_server.hpp>
#include <reportgen/reportgen.hpp>

#include <iostream>

int main() {
    reportgen::MockOptions options;
    options.employees = 20;
    options.days = 31;
    options.latency_ms = 5;  // any knob: latency, rate limit, faults...
    reportgen::MockApiServer server(options);
    server.start();
    std::cout << "mock API on " << server.base_url() << "\n";

    reportgen::ClientConfig config;
    config.base_url = server.base_url();
    config.token = options.token;
    reportgen::HttpClient http(config);
    reportgen::ReportRequest range;
    range.from = "2024-01-01";
    range.to = "2024-01-31";
    const std::string body = http.get(reportgen::work_entries_path(range, 100, 1), "page 1");
    std::cout << "page 1: " << body.size() << " bytes; "
              << server.count_entries("2024-01-01", "2024-01-31") << " entries in January; "
              << server.counters().requests << " request(s) served\n";
    server.stop();
    return 0;
}
