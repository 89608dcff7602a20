#pragma once
// What a text cell may hold, the same in every format: control characters
// are replaced (CSV and XLSX alike), and an XLSX cell is cut at Excel's
// limit (a CSV keeps the text whole). CellNotes warns about each change.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reportgen::detail {

// C0 controls other than TAB, LF and CR: XML 1.0 (so XLSX) cannot hold them,
// a NUL cuts a C string, and in a CSV they break the tools that read it.
constexpr bool is_cell_control(unsigned char c) noexcept {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}
bool has_cell_controls(std::string_view s) noexcept;
// s with every such control replaced by U+FFFD (visible, and two names that
// differ only there stay apart), into out.
void replace_cell_controls(std::string_view s, std::string& out);

// Excel holds at most 32,767 characters (UTF-16 code units) in a cell.
constexpr std::size_t kExcelMaxCellChars = 32767;
// The longest prefix of s within that limit, cut on a code point boundary.
std::string_view excel_cell_prefix(std::string_view s) noexcept;

// A sink's warnings about the cells it changed: the first few each name the
// column, the row and the row's first cell (the employee, activity or
// group); close() sums up the rest. Logged through the library's logger.
class CellNotes {
  public:
    explicit CellNotes(std::string_view format) : format_(format) {}
    void set_header(std::span<const std::string_view> header);
    void set_header(const std::vector<std::string>& header);
    // row: as a user finds it ("row 12", "sheet 'Informe', row 12").
    void controls_replaced(std::size_t column, std::string_view row, std::string_view row_key);
    void cut(std::size_t column, std::string_view row, std::string_view row_key,
             std::size_t chars);
    void close();

  private:
    std::string where(std::size_t column, std::string_view row, std::string_view row_key) const;
    std::string format_;
    std::vector<std::string> header_;
    std::size_t controls_ = 0;
    std::size_t cuts_ = 0;
};

}  // namespace reportgen::detail
