#pragma once
// Typed report rows: each sink renders a cell its own way (CSV as text, XLSX
// as a real Excel date, time or duration).
#include <cstdint>
#include <span>
#include <string_view>

namespace reportgen {

enum class CellType : uint8_t {
    empty,
    text,      // text: UTF-8
    date,      // value: days since 1970-01-01 (a local calendar date)
    time,      // value: seconds since local midnight, 0..86399
    duration,  // value: seconds, >= 0, hours may exceed 24
};

struct Cell {
    CellType type = CellType::empty;
    std::string_view text;  // valid only during the RowSink::row call
    int64_t value = 0;

    static Cell empty() { return {}; }
    static Cell str(std::string_view s) { return {CellType::text, s, 0}; }
    static Cell date(int64_t days) { return {CellType::date, {}, days}; }
    static Cell time(int64_t secs) { return {CellType::time, {}, secs}; }
    static Cell duration(int64_t secs) { return {CellType::duration, {}, secs}; }
};

struct TypedRow {
    std::span<const Cell> cells;
    bool total = false;  // a TOTAL row (styled apart in XLSX)
};

// Every writer implements this. begin() once, row() per row, finish() once;
// finish() flushes and reports I/O failure as an io error.
class RowSink {
  public:
    virtual ~RowSink() = default;
    virtual void begin(std::span<const std::string_view> header) = 0;
    virtual void row(const TypedRow& row) = 0;
    virtual void finish() = 0;
};

// Text renderings shared by the text sinks and tests.
// dd/mm/yyyy
void format_date(int64_t days, char out[10]) noexcept;
// HH:MM:SS
void format_time(int64_t secs, char out[8]) noexcept;
// HH:MM:SS with hours unbounded (31:05:00); returns the length written (>= 8).
std::size_t format_duration(int64_t secs, char out[24]) noexcept;

}  // namespace reportgen
