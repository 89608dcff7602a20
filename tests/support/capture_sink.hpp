#pragma once
// A RowSink that keeps every row rendered as text, for asserting exact rows.
#include <string>
#include <vector>

#include "reportgen/row.hpp"
#include "support/files.hpp"

namespace reportgen::test {

using reportgen::test::fixture;
using reportgen::test::read_file;

inline std::string render(const Cell& c) {
    switch (c.type) {
        case CellType::empty:
            return "";
        case CellType::text:
            return std::string(c.text);
        case CellType::date:
            return format_date(c.value);
        case CellType::time:
            return format_time(c.value);
        case CellType::duration:
        case CellType::signed_duration:
            return format_duration(c.value);
        case CellType::integer:
            return std::to_string(c.value);
    }
    return "?";
}

class CaptureSink final : public RowSink {
  public:
    std::vector<std::string> header;
    std::vector<std::string> rows;  // cells joined with '|'
    std::vector<bool> total;
    bool finished = false;

    void begin(std::span<const std::string_view> h) override {
        for (auto s : h)
            header.emplace_back(s);
    }
    void row(const TypedRow& r) override {
        std::string line;
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            if (i) line += '|';
            line += render(r.cells[i]);
        }
        rows.push_back(std::move(line));
        total.push_back(r.total);
    }
    void finish() override { finished = true; }
};

}  // namespace reportgen::test
