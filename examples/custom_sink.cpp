// Stream a report's typed rows into your own RowSink: here an in-memory
// table, summing recorded time per employee.
#include <reportgen/mock_server.hpp>
#include <reportgen/reportgen.hpp>

#include <iostream>
#include <map>
#include <string>
#include <vector>

class TableSink final : public reportgen::RowSink {
  public:
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::map<std::string, int64_t> seconds_by_employee;

    void begin(std::span<const std::string_view> h) override { header.assign(h.begin(), h.end()); }
    void row(const reportgen::TypedRow& r) override {
        if (r.total) return;  // we compute our own totals
        std::vector<std::string> cells;
        for (const reportgen::Cell& c : r.cells) {
            switch (c.type) {
                case reportgen::CellType::text:
                    cells.emplace_back(c.text);
                    break;
                case reportgen::CellType::date:
                    cells.push_back(reportgen::format_date(c.value));
                    break;
                case reportgen::CellType::time:
                    cells.push_back(reportgen::format_time(c.value));
                    break;
                case reportgen::CellType::duration:
                case reportgen::CellType::signed_duration:  // "-12:30:00" below zero
                    cells.push_back(reportgen::format_duration(c.value));
                    break;
                case reportgen::CellType::integer:
                    cells.push_back(std::to_string(c.value));
                    break;
                case reportgen::CellType::empty:
                    cells.emplace_back();
                    break;
            }
        }
        seconds_by_employee[cells[0]] += r.cells.back().value;
        rows.push_back(std::move(cells));
    }
    void finish() override {}
};

int main() {
    reportgen::MockOptions options;  // an in-process mock API: no account needed
    options.employees = 5;
    options.days = 7;
    reportgen::MockApiServer mock(options);
    mock.start();

    reportgen::ClientConfig config;
    config.base_url = mock.base_url();
    config.token = options.token;
    reportgen::ReportRequest request;
    request.from = {2024, 1, 1};
    request.to = {2024, 1, 7};
    request.lang = reportgen::Lang::en;

    TableSink table;
    reportgen::ReportGenerator(config).generate(request, table);
    std::cout << table.rows.size() << " rows; columns:";
    for (const auto& h : table.header)
        std::cout << " [" << h << "]";
    std::cout << "\n";
    for (const auto& [name, secs] : table.seconds_by_employee)
        std::cout << name << ": " << secs / 3600 << " h " << secs % 3600 / 60 << " min\n";
    return table.rows.empty() ? 1 : 0;
}
