// Run the mock API in-process with faults switched on and generate a report
// against it: what tests and benchmarks do. The report comes out whole; the
// metrics show what the retries absorbed.
#include <reportgen/mock_server.hpp>
#include <reportgen/reportgen.hpp>

#include <iostream>

int main() {
    reportgen::MockOptions options;
    options.employees = 20;
    options.days = 31;
    options.latency_ms = 5;     // any knob: latency, budget, faults...
    options.error_rate = 0.2;   // 20 % of requests answered 500/502/503
    options.reset_rate = 0.02;  // 2 % of connections dropped
    reportgen::MockApiServer server(options);
    server.start();
    std::cout << "mock API on " << server.base_url() << "\n";

    reportgen::ClientConfig config;
    config.base_url = server.base_url();
    config.token = options.token;
    config.backoff_factor = 0.01;  // the mock's faults pass at once; keep the example quick
    reportgen::ReportRequest request;
    request.from = {2024, 1, 1};
    request.to = {2024, 1, 31};
    request.format = reportgen::Format::csv;
    try {
        reportgen::ReportGenerator generator(config);
        const reportgen::ReportResult r = generator.generate(request, "example_mock_report.csv");
        std::cout << "report: " << r.rows << " rows from " << r.metrics.entries_decoded
                  << " entries; " << r.metrics.requests << " requests, " << r.metrics.retries()
                  << " retries; " << server.count_entries("2024-01-01", "2024-01-31")
                  << " entries in January on the server\n";
    } catch (const reportgen::Error& e) {
        std::cerr << "error (" << reportgen::to_string(e.kind()) << "): " << e.what() << "\n";
        return 1;
    }
    server.stop();
    return 0;
}
