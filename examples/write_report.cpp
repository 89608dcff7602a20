// Generate a report to a file. Configuration from the environment
// (SESAME_API_TOKEN, SESAME_BASE_URL, ...); with no token it runs against an
// in-process mock server instead, so the example works anywhere.
//   example_write_report [from] [to] [out.xlsx]
#include <reportgen/mock_server.hpp>
#include <reportgen/reportgen.hpp>

#include <iostream>
#include <memory>

int main(int argc, char** argv) {
    reportgen::ReportRequest request;
    const std::string out = argc > 3 ? argv[3] : "example_report.xlsx";
    request.format = reportgen::Format::xlsx;
    request.layout = reportgen::Layout::by_employee;

    try {
        // A usage error names the argument that is not a YYYY-MM-DD date.
        request.set_dates(argc > 1 ? argv[1] : "2024-01-01", argc > 2 ? argv[2] : "2024-01-31");
        reportgen::ClientConfig config = reportgen::ClientConfig::from_env();
        std::unique_ptr<reportgen::MockApiServer> mock;
        if (config.token.empty()) {
            reportgen::MockOptions options;
            options.start = reportgen::format_iso_date(request.from);
            mock = std::make_unique<reportgen::MockApiServer>(options);
            mock->start();
            config.base_url = mock->base_url();
            config.token = options.token;
        }
        reportgen::ReportGenerator generator(config);
        const reportgen::ReportResult result = generator.generate(request, out);
        std::cout << "wrote " << out << ": " << result.rows << " rows, strategy "
                  << result.metrics.strategy << " (" << result.metrics.strategy_reason << ")\n";
    } catch (const reportgen::Error& e) {
        std::cerr << "error (" << reportgen::to_string(e.kind()) << "): " << e.what() << "\n";
        return 1;
    }
    return 0;
}
