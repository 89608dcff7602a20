#pragma once
// Helpers shared by the micro benchmarks and the scenario runner: a RowSink
// that keeps every row (so the sink benchmarks and the XLSX ceiling replay
// the very rows a report produced), and libxlsxwriter driven directly, with
// no reportgen code in between (the XLSX ceiling).
#include <xlsxwriter.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/row.hpp"

namespace reportgen::bench {

// Keeps rows: cells in one array, their text in one arena.
class RowTape final : public RowSink {
  public:
    void begin(std::span<const std::string_view> header) override {
        header_.assign(header.begin(), header.end());
        header_views_.assign(header_.begin(), header_.end());
    }
    void row(const TypedRow& row) override {
        const std::size_t first = cells_.size();
        for (const Cell& c : row.cells) {
            Stored s{c.type, c.value, arena_.size(), 0};
            if (c.type == CellType::text) {
                arena_.append(c.text);
                s.size = c.text.size();
            }
            cells_.push_back(s);
        }
        rows_.push_back(Row{first, cells_.size(), row.total});
    }
    void finish() override {}

    std::span<const std::string_view> header() const { return header_views_; }
    std::size_t size() const { return rows_.size(); }

    // Calls fn(cells, total) per row, in order.
    template <class Fn>
    void each(Fn&& fn) const {
        std::vector<Cell> cells;
        for (const Row& r : rows_) {
            cells.clear();
            for (std::size_t i = r.first; i < r.last; ++i) {
                const Stored& s = cells_[i];
                Cell c{s.type, 0, {}, s.value};
                if (s.type == CellType::text)
                    c.text = std::string_view(arena_).substr(s.offset, s.size);
                cells.push_back(c);
            }
            fn(std::span<const Cell>(cells), r.total);
        }
    }
    // begin() and every row() into sink (not finish()).
    void replay(RowSink& sink) const {
        sink.begin(header_views_);
        each([&](std::span<const Cell> cells, bool total) { sink.row(TypedRow{cells, total}); });
    }

  private:
    struct Stored {
        CellType type;
        int64_t value;
        std::size_t offset;
        std::size_t size;
    };
    struct Row {
        std::size_t first, last;
        bool total;
    };
    std::vector<std::string> header_;
    std::vector<std::string_view> header_views_;
    std::vector<Stored> cells_;
    std::vector<Row> rows_;
    std::string arena_;
};

// The XLSX ceiling: the tape's rows written with libxlsxwriter's C API alone,
// as a program that needs no abstraction would: constant-memory mode, the
// same cell types and number formats as XlsxSink (dates, times and [h]:mm:ss
// durations as numbers; TOTAL rows bold on a fill), a new sheet every
// 1,048,575 rows. Returns the rows written (header excluded).
inline std::size_t write_xlsx_direct(const RowTape& tape, const std::string& path) {
    lxw_workbook_options opt{};
    opt.constant_memory = LXW_TRUE;
    opt.use_zip64 = LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
    if (wb == nullptr) throw std::runtime_error("libxlsxwriter: cannot create " + path);
    // Every format distinct: libxlsxwriter gives a format equal to an earlier
    // one no index of its own and hashes it again at every cell written.
    auto fmt = [&](const char* num, bool total, lxw_color_t fill = 0xE6E6E6) {
        lxw_format* f = workbook_add_format(wb);
        if (num != nullptr) format_set_num_format(f, num);
        if (total) {
            format_set_bold(f);
            format_set_pattern(f, LXW_PATTERN_SOLID);
            format_set_bg_color(f, fill);
        }
        return f;
    };
    lxw_format* header_fmt = fmt(nullptr, true, 0xD9D9D9);
    lxw_format* plain[2] = {nullptr, fmt(nullptr, true)};
    lxw_format* date[2] = {fmt("dd/mm/yyyy", false), fmt("dd/mm/yyyy", true)};
    lxw_format* time[2] = {fmt("hh:mm:ss", false), fmt("hh:mm:ss", true)};
    lxw_format* dur[2] = {fmt("[h]:mm:ss", false), fmt("[h]:mm:ss", true)};

    lxw_worksheet* ws = nullptr;
    lxw_row_t r = 0;
    int sheet = 0;
    std::string text;
    auto new_sheet = [&] {
        const std::string name = "Report " + std::to_string(++sheet);
        ws = workbook_add_worksheet(wb, name.c_str());
        lxw_col_t c = 0;
        for (std::string_view h : tape.header()) {
            text.assign(h);
            worksheet_write_string(ws, 0, c++, text.c_str(), header_fmt);
        }
        r = 1;
    };
    new_sheet();
    std::size_t rows = 0;
    tape.each([&](std::span<const Cell> cells, bool total) {
        if (r == 1048576) new_sheet();
        const int t = total ? 1 : 0;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const Cell& c = cells[i];
            const auto col = static_cast<lxw_col_t>(i);
            switch (c.type) {
                case CellType::empty:
                    if (total) worksheet_write_blank(ws, r, col, plain[1]);
                    break;
                case CellType::text:
                    text.assign(c.text);
                    worksheet_write_string(ws, r, col, text.c_str(), plain[t]);
                    break;
                case CellType::date:
                    worksheet_write_number(ws, r, col, static_cast<double>(c.value) + 25569.0,
                                           date[t]);
                    break;
                case CellType::time:
                    worksheet_write_number(ws, r, col, static_cast<double>(c.value) / 86400.0,
                                           time[t]);
                    break;
                case CellType::duration:
                    worksheet_write_number(ws, r, col, static_cast<double>(c.value) / 86400.0,
                                           dur[t]);
                    break;
                case CellType::integer:
                    worksheet_write_number(ws, r, col, static_cast<double>(c.value), plain[t]);
                    break;
                case CellType::signed_duration:  // decimal hours, as XlsxSink writes them
                    worksheet_write_number(ws, r, col, static_cast<double>(c.value) / 3600.0,
                                           plain[t]);
                    break;
            }
        }
        ++r;
        ++rows;
    });
    if (workbook_close(wb) != LXW_NO_ERROR)
        throw std::runtime_error("libxlsxwriter: cannot save " + path);
    return rows;
}

}  // namespace reportgen::bench
