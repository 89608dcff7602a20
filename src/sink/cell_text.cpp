#include "sink/cell_text.hpp"

#include "common/log.hpp"

namespace reportgen::detail {

namespace {

constexpr std::size_t kNotesEach = 5;  // warnings of each kind before the sum at close()
constexpr std::size_t kKeyBytes = 60;

std::string_view key_prefix(std::string_view s) {
    if (s.size() <= kKeyBytes) return s;
    std::size_t cut = kKeyBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    return s.substr(0, cut);
}

}  // namespace

bool has_cell_controls(std::string_view s) noexcept {
    for (const char ch : s)
        if (is_cell_control(static_cast<unsigned char>(ch))) return true;
    return false;
}

void replace_cell_controls(std::string_view s, std::string& out) {
    out.clear();
    out.reserve(s.size() + 8);
    for (const char ch : s) {
        if (is_cell_control(static_cast<unsigned char>(ch)))
            out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
        else
            out.push_back(ch);
    }
}

std::string_view excel_cell_prefix(std::string_view s) noexcept {
    if (s.size() <= kExcelMaxCellChars) return s;  // a code unit takes at least a byte
    std::size_t units = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t len = 1, take = 1;
        if (lead >= 0xF0) {
            len = 4, take = 2;  // outside the BMP: a surrogate pair
        } else if (lead >= 0xE0) {
            len = 3;
        } else if (lead >= 0xC0) {
            len = 2;
        }
        if (units + take > kExcelMaxCellChars) break;
        units += take;
        i = std::min(s.size(), i + len);
    }
    return s.substr(0, i);
}

void CellNotes::set_header(std::span<const std::string_view> header) {
    header_.assign(header.begin(), header.end());
}

void CellNotes::set_header(const std::vector<std::string>& header) {
    header_ = header;
}

std::string CellNotes::where(std::size_t column, std::string_view row,
                             std::string_view row_key) const {
    std::string w = format_ + ": column ";
    if (column < header_.size())
        w.append("'").append(header_[column]).append("'");
    else
        w.append(std::to_string(column + 1));
    w.append(", ").append(row);
    if (!row_key.empty()) {
        std::string key;
        replace_cell_controls(key_prefix(row_key), key);
        w.append(" ('").append(key).append("')");
    }
    return w;
}

void CellNotes::controls_replaced(std::size_t column, std::string_view row,
                                  std::string_view row_key) {
    if (controls_++ < kNotesEach)
        log().warn("{}: control characters (U+0000..U+001F but tab, LF, CR) replaced by U+FFFD",
                   where(column, row, row_key));
}

void CellNotes::cut(std::size_t column, std::string_view row, std::string_view row_key,
                    std::size_t chars) {
    if (cuts_++ < kNotesEach)
        log().warn("{}: text of {} characters cut to Excel's {} a cell (CSV keeps it whole)",
                   where(column, row, row_key), chars, kExcelMaxCellChars);
}

void CellNotes::close() {
    if (controls_ > kNotesEach)
        log().warn("{}: {} cells in all had control characters replaced by U+FFFD", format_,
                   controls_);
    if (cuts_ > kNotesEach)
        log().warn("{}: {} cells in all were cut to Excel's {} characters", format_, cuts_,
                   kExcelMaxCellChars);
    controls_ = cuts_ = 0;
}

}  // namespace reportgen::detail
