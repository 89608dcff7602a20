// The PDF writer: cairo's PDF surface, text laid out by pango (wrapped or
// ellipsized to its cell, never over a border), DejaVu Sans embedded as
// subsets. docs/DESIGN.md "PDF" has the page design; in short:
// - the daily register: A4 portrait, one run of pages per employee. The
//   employee's rows are buffered (one employee at a time: memory is bounded
//   by an employee, not by the company) so that "Página N de M" is known
//   when the first page is drawn. The employee's identity moves from the
//   table into the page header; the footer has the two signature boxes.
// - payroll: A4 landscape (25 columns), one table; its rows (one per
//   employee, a few hundred bytes each) are buffered whole for the same
//   "N de M".
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "report/labels.hpp"
#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "sink/cell_text.hpp"
#include "sink/digits.hpp"

namespace reportgen {

namespace {

// RAII for the C handles.
struct SurfaceFree {
    void operator()(cairo_surface_t* p) const noexcept { cairo_surface_destroy(p); }
};
struct CairoFree {
    void operator()(cairo_t* p) const noexcept { cairo_destroy(p); }
};
struct LayoutFree {
    void operator()(PangoLayout* p) const noexcept { g_object_unref(p); }
};
struct FontFree {
    void operator()(PangoFontDescription* p) const noexcept { pango_font_description_free(p); }
};
struct FontOptionsFree {
    void operator()(cairo_font_options_t* p) const noexcept { cairo_font_options_destroy(p); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutFree>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsFree>;

// A4 in points (cairo's PDF unit), 10 mm margins.
constexpr double kA4Short = 595.28;
constexpr double kA4Long = 841.89;
constexpr double kMargin = 28.35;
constexpr double kPad = 1.8;         // inside a cell, each side
constexpr int kMaxCellLines = 6;     // a longer text is ellipsized (the CSV/XLSX has it whole)
constexpr int kMaxHeaderLines = 4;
// A text column is not squeezed below this to fit the page. 32 pt (not 40):
// the register's 20 columns at the smallest font then leave its breaks'
// "12:43:16-13:03:32" whole, and a short text column (Modificado's date and
// time) wraps instead.
constexpr double kTextFloor = 32.0;
constexpr double kWordCap = 80.0;    // a longer word may be broken inside
constexpr double kHeadFloor = 24.0;  // room for a header's longest word, up to this much
constexpr double kTextCap = 0.34;    // a text column gets at most this share of the width
constexpr double kMinFont = 5.0;     // the table's font shrinks to fit, not below this

double points(int pango_units) {
    return static_cast<double>(pango_units) / PANGO_SCALE;
}
int pango_units(double pts) {
    return static_cast<int>(std::lround(pts * PANGO_SCALE));
}

FontPtr font(const char* spec) {
    return FontPtr(pango_font_description_from_string(spec));
}

// A cell as printed: its text, and whether it is a number (right-aligned,
// one line). natural: its width on one line, measured once.
struct PrintedCell {
    std::string text;
    bool number = false;
    double natural = 0;
};
struct PrintedRow {
    std::vector<PrintedCell> cells;
    bool total = false;
    double height = 0;
};
struct Column {
    std::string_view header;
    double head_word = 0;      // the header's longest word, at the size measured
    double head_scale = 1;     // < 1: the header's longest word is wider than the column
    double content_want = 0;   // the widest cell on one line, at the size measured
    double content_floor = 0;  // the least the cells take, at the size measured
    double want = 0;   // content and the header's longest word on one line
    double floor = 0;  // the least it gets before anything is ellipsized
    double width = 0;
    bool text = false;     // holds text only: it may wrap, so it gives way first
    bool numbers = false;  // holds a number
};

// The text a cell prints, as the CSV writer renders it (a time after the
// workday's date gets "(+1)", as in XLSX).
void render(const Cell& c, PrintedCell& out) {
    out.text.clear();
    out.number = true;
    char b[32];
    switch (c.type) {
        case CellType::empty:
            out.number = false;
            break;
        case CellType::text:
            out.number = false;
            if (detail::has_cell_controls(c.text))
                detail::replace_cell_controls(c.text, out.text);
            else
                out.text.assign(c.text);
            break;
        case CellType::date:
            detail::put_date(c.value, b);
            out.text.assign(b, 10);
            break;
        case CellType::time:
            detail::put_time(c.value, b);
            out.text.assign(b, 8);
            if (c.day_offset != 0) out.text += " (+" + std::to_string(c.day_offset) + ")";
            break;
        case CellType::duration:
        case CellType::signed_duration:
            out.text.assign(b, detail::put_duration(c.value, b));
            break;
        case CellType::integer:
            out.text = std::to_string(c.value);
            break;
    }
}

// The words of a row's identity (daily: the page header's employee), and
// what RowSink::worker() told of the worker (known: it was called for them).
struct Identity {
    std::string name, type, nid;
};
struct WorkerDetail {
    bool known = false;
    std::string key;  // name '\0' nid, as the rows' key
    std::optional<int64_t> code;
    std::string ssn;
    std::optional<int64_t> planned_s;
    std::string validation;
};

}  // namespace

// Text on the page: one PangoLayout reused for every string.
class PdfPen {
  public:
    explicit PdfPen(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
        PangoContext* ctx = pango_layout_get_context(layout_.get());
        // 72 dpi: a font's points are the page's units. Unhinted metrics:
        // the widths measured are the widths drawn, on any machine.
        pango_cairo_context_set_resolution(ctx, 72.0);
        FontOptionsPtr fo(cairo_font_options_create());
        cairo_font_options_set_hint_metrics(fo.get(), CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo.get(), CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(ctx, fo.get());
        pango_layout_context_changed(layout_.get());
    }

    // f changed in place (its size): set it again.
    void forget_font() { font_ = nullptr; }
    void use(const PangoFontDescription* f) {
        if (f == font_) return;
        font_ = f;
        pango_layout_set_font_description(layout_.get(), f);
    }
    // Width of text on one line.
    double width(std::string_view text) {
        set(text, -1, 1, PANGO_ALIGN_LEFT);
        int w = 0;
        pango_layout_get_size(layout_.get(), &w, nullptr);
        return points(w);
    }
    // Height of text wrapped into width (at most max_lines lines).
    double height(std::string_view text, double width, int max_lines) {
        set(text, width, max_lines, PANGO_ALIGN_LEFT);
        int h = 0;
        pango_layout_get_size(layout_.get(), nullptr, &h);
        return points(h);
    }
    void draw(std::string_view text, double x, double y, double width, int max_lines,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
        set(text, width, max_lines, align);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout_.get());
    }
    // A column header wraps only between words (no word cut, no hyphen
    // inserted); scale < 1 draws it that much smaller, so that its longest
    // word fits the width.
    double head_height(std::string_view text, double width, int max_lines, double scale) {
        words_only_ = true;
        const double h = height(text, width / scale, max_lines) * scale;
        words_only_ = false;
        return h;
    }
    void draw_head(std::string_view text, double x, double y, double width, int max_lines,
                   double scale) {
        words_only_ = true;
        cairo_save(cr_);
        cairo_translate(cr_, x, y);
        cairo_scale(cr_, scale, scale);
        draw(text, 0, 0, width / scale, max_lines);
        cairo_restore(cr_);
        words_only_ = false;
    }
    // "Label: value", the label bold; returns the x after the value. With
    // max_w >= 0 the pair takes at most that width (the value ellipsized).
    double pair(std::string_view label, std::string_view value, double x, double y,
                const PangoFontDescription* bold, const PangoFontDescription* regular,
                double max_w = -1) {
        use(bold);
        const std::string l = std::string(label) + ": ";
        draw(l, x, y, -1, 1);
        const double lw = width(l);
        use(regular);
        double vw = width(value);
        if (max_w >= 0 && lw + vw > max_w) vw = std::max(0.0, max_w - lw);
        draw(value, x + lw, y, vw, 1);
        return x + lw + vw;
    }
    // The width pair() takes on one line.
    double pair_width(std::string_view label, std::string_view value,
                      const PangoFontDescription* bold, const PangoFontDescription* regular) {
        use(bold);
        const double lw = width(std::string(label) + ": ");
        use(regular);
        return lw + width(value);
    }

  private:
    void set(std::string_view text, double width, int max_lines, PangoAlignment align) {
        PangoLayout* l = layout_.get();
        pango_layout_set_width(l, width < 0 ? -1 : pango_units(width));
        pango_layout_set_wrap(l, words_only_ ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
        pango_layout_set_ellipsize(l, width < 0 ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, -max_lines);
        pango_layout_set_alignment(l, align);
        pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
    }
    cairo_t* cr_;
    LayoutPtr layout_;
    const PangoFontDescription* font_ = nullptr;
    bool words_only_ = false;  // a header: wrapped between words only
};

struct PdfSink::State {
    State(ByteSink& o, Layout l, Lang lang)
        : out(o), words(detail::pdf_labels(lang)), language(lang), register_(l == Layout::daily) {
        if (l != Layout::daily && l != Layout::payroll)
            throw usage_error("PDF is for the daily register and payroll, not the " +
                                  std::string(to_string(l)) + " layout",
                              "PdfSink");
        page_w = register_ ? kA4Short : kA4Long;
        page_h = register_ ? kA4Long : kA4Short;
        // The register's identity columns (employee, ID type, ID number) are
        // printed once in the page header, not on every row.
        first_column = register_ ? 3 : 0;
        surface.reset(cairo_pdf_surface_create_for_stream(&State::write_bytes, this, page_w, page_h));
        check("cannot start the PDF");
        // No creation date: the same rows give the same bytes (both engines,
        // two runs), and the period is in the title.
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "reportgen");
        cr.reset(cairo_create(surface.get()));
        pen = std::make_unique<PdfPen>(cr.get());
        base_size = register_ ? 6.5 : 6.0;
        body = font("DejaVu Sans");
        bold = font("DejaVu Sans Bold");
        head = font("DejaVu Sans 8");
        head_bold = font("DejaVu Sans Bold 8");
        title = font("DejaVu Sans Bold 12");
        table_size(base_size);
    }

    // The table's font size: the base, or less when the columns do not fit.
    void table_size(double pt) {
        if (pt == size) return;
        size = pt;
        pango_font_description_set_size(body.get(), pango_units(pt));
        pango_font_description_set_size(bold.get(), pango_units(pt));
        pen->forget_font();
        number_widths.clear();
        pen->use(body.get());
        line_h = pen->height("Ag", -1, 1);
    }

    ~State() {
        // Unfinished (an error, a cancel): cairo's last bytes are not wanted.
        discard = true;
    }

    static cairo_status_t write_bytes(void* closure, const unsigned char* data, unsigned int n) {
        auto* s = static_cast<State*>(closure);
        if (s->discard) return CAIRO_STATUS_SUCCESS;
        if (s->write_error) return CAIRO_STATUS_WRITE_ERROR;
        try {
            s->out.write(std::string_view(reinterpret_cast<const char*>(data), n));
            return CAIRO_STATUS_SUCCESS;
        } catch (...) {
            s->write_error = std::current_exception();
            return CAIRO_STATUS_WRITE_ERROR;
        }
    }

    // A failed write is the byte sink's io error (it names the file); any
    // other cairo failure, an io error saying which.
    void check(const char* what) {
        if (write_error) std::rethrow_exception(write_error);
        const cairo_status_t st = cr ? cairo_status(cr.get()) : cairo_surface_status(surface.get());
        if (st != CAIRO_STATUS_SUCCESS)
            throw io_error(std::string(what) + ": cairo: " + cairo_status_to_string(st));
    }

    void set_title() {
        std::string t(register_ ? words.register_title : words.payroll_title);
        if (!company.empty()) t += " - " + company;
        if (described) t += " - " + format_date(days_from_civil(from)) + " - " +
                            format_date(days_from_civil(to));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, t.c_str());
    }

    void add(const TypedRow& row) {
        if (register_) {
            const auto text = [&](std::size_t i) {
                return i < row.cells.size() && row.cells[i].type == CellType::text
                           ? row.cells[i].text
                           : std::string_view();
            };
            std::string k(text(0));
            k.append(1, '\0').append(text(2));
            if (k != key && !rows.empty()) flush();
            if (rows.empty()) {
                who = {std::string(text(0)), std::string(text(1)), std::string(text(2))};
                // Rows of a worker worker() did not announce: nothing known
                // beyond the rows.
                if (told.key != k) told = WorkerDetail{};
                key = std::move(k);
            }
        }
        PrintedRow& r = rows.emplace_back();
        r.total = row.total;
        const std::size_t n = std::max(header.size(), first_column) - first_column;
        r.cells.resize(n);
        for (std::size_t i = 0; i < n && first_column + i < row.cells.size(); ++i)
            render(row.cells[first_column + i], r.cells[i]);
    }

    // Lays out and draws the buffered rows (an employee's, or the payroll
    // table), then forgets them.
    void flush() {
        if (rows.empty()) return;
        table_size(base_size);
        set_totals_aside();
        measure();
        const double pads = static_cast<double>(columns.size()) * 2 * kPad;
        // More columns than the page holds at the base size: a smaller font
        // (the paddings and the headers' floor do not shrink with it, hence
        // a few rounds of arithmetic).
        const double avail = page_w - 2 * kMargin;
        // Widths scale with the font, nearly: the size is found by
        // arithmetic, then measured once more.
        double k = 1.0;
        double need = fit_columns(k);
        const double target = avail * 0.98;  // the estimate's margin
        for (int round = 0; round < 12 && need > target && base_size * k > kMinFont; ++round) {
            const double ratio = (target - pads) / std::max(need - pads, 1.0);
            k = std::max(kMinFont / base_size, k * std::min(ratio, 0.98));
            need = fit_columns(k);
        }
        if (k < 1.0) {
            // Text does not scale exactly with its size (glyph advances are
            // rounded per size): measured again at the size chosen, and a
            // little smaller while the floors still pass the page (else the
            // texts would share less than their longest words and break
            // inside them: a break's "12:43:16-13:03:32" cut in two).
            table_size(base_size * k);
            measure();
            for (int round = 0; round < 6 && fit_columns(1.0) > avail && base_size * k > kMinFont;
                 ++round) {
                k = std::max(kMinFont / base_size, k * 0.98);
                table_size(base_size * k);
                measure();
            }
        }
        const auto pages_of = paginate();
        for (std::size_t p = 0; p < pages_of.size(); ++p) {
            const std::size_t begin = p == 0 ? 0 : pages_of[p - 1];
            draw_page(begin, pages_of[p], p + 1, pages_of.size());
        }
        rows.clear();
        // A worker with a long month must not leave its capacity to the rest.
        if (rows.capacity() > 256) rows.shrink_to_fit();
    }

    // The register's columns that only its TOTAL row fills (the month's
    // counts: days worked, vacation, absence, overtime) are not columns of
    // the page but one line under the table ("Días trabajados: 22 ..."), so
    // that the days' columns keep their room on a portrait page.
    void set_totals_aside() {
        const std::size_t n = header.size() > first_column ? header.size() - first_column : 0;
        shown.clear();
        totals_aside.clear();
        total_validation.clear();
        for (std::size_t i = 0; i < n; ++i) {
            bool in_day = false, in_total = false;
            for (const PrintedRow& r : rows) {
                if (r.cells[i].text.empty()) continue;
                if (r.total)
                    in_total = true;
                else
                    in_day = true;
            }
            if (!register_ || in_day || !in_total) {
                shown.push_back(i);
                continue;
            }
            for (const PrintedRow& r : rows) {
                if (!r.total || r.cells[i].text.empty()) continue;
                // The validation is printed in the page header, not here:
                // in one place.
                if (first_column + i == validation_column) {
                    if (!told.known) total_validation = r.cells[i].text;
                    continue;
                }
                totals_aside.emplace_back(header[first_column + i], r.cells[i].text);
            }
        }
        if (shown.size() == n) return;
        for (PrintedRow& r : rows) {
            for (std::size_t k = 0; k < shown.size(); ++k)
                if (k != shown[k]) r.cells[k] = std::move(r.cells[shown[k]]);
            r.cells.resize(shown.size());
        }
    }

    // Columns from the header, and each cell's width on one line. Numbers
    // are measured by their shape (DejaVu's digits share one width).
    void measure() {
        columns.assign(shown.size(), Column{});
        for (std::size_t i = 0; i < columns.size(); ++i) {
            Column& c = columns[i];
            c.header = header[first_column + shown[i]];
            pen->use(bold.get());
            c.head_word = widest_word(c.header);
        }
        for (PrintedRow& r : rows) {
            pen->use(r.total ? bold.get() : body.get());
            for (std::size_t i = 0; i < columns.size(); ++i) {
                PrintedCell& cell = r.cells[i];
                if (cell.text.empty()) continue;
                cell.natural = cell.number ? number_width(cell.text, r.total) : pen->width(cell.text);
                Column& c = columns[i];
                // A column of numbers with a label (the date column's
                // "TOTAL") is a number column: it never wraps.
                c.text = (c.text || !cell.number) && !c.numbers;
                if (cell.number) {
                    c.numbers = true;
                    c.text = false;
                }
                c.content_want = std::max(c.content_want, cell.natural);
                double floor = cell.natural;
                // A text wraps between words: its longest word (a break's
                // "12:16:00-12:36:56") stays whole when the page allows.
                if (!cell.number && cell.natural > kTextFloor) {
                    const double word = widest_word(cell.text);
                    floor = word > kWordCap ? kTextFloor : std::max(kTextFloor, word);
                }
                c.content_floor = std::max(c.content_floor, floor);
            }
        }
    }

    double widest_word(std::string_view s) {
        double w = 0;
        std::size_t start = 0;
        while (start < s.size()) {
            std::size_t end = s.find(' ', start);
            if (end == std::string_view::npos) end = s.size();
            if (end > start) w = std::max(w, pen->width(s.substr(start, end - start)));
            start = end + 1;
        }
        return w;
    }

    double number_width(std::string_view text, bool total) {
        std::string shape(text);
        for (char& ch : shape)
            if (ch >= '1' && ch <= '9') ch = '0';
        if (total) shape.insert(0, 1, '\x01');  // bold measures apart
        const auto it = number_widths.find(shape);
        if (it != number_widths.end()) return it->second;
        const double w = pen->width(text);
        number_widths.emplace(std::move(shape), w);
        return w;
    }

    // Every column gets what it wants when the page is wide enough (the rest
    // goes to the text columns); otherwise text columns wrap first, down to
    // their floor (their longest word), then numbers keep theirs and the text
    // columns share what is left (breaking inside words, never below
    // kHeadFloor); only past that is everything scaled (and ellipsized).
    // Returns the floors' sum: more than the page, the font is too big.
    // k: the font size over the size measured (widths scale with it; the
    // paddings and the header floor do not).
    double fit_columns(double k) {
        const double avail = page_w - 2 * kMargin;
        double want = 0, floor = 0, text_want = 0, number_floor = 0;
        for (Column& c : columns) {
            // +0.5 pt: a scaled width is an estimate; a number must not be cut.
            c.want = std::max(c.head_word, c.content_want) * k + 0.5;
            c.floor = std::max(std::min(c.head_word * k, kHeadFloor), c.content_floor * k + 0.5);
            if (c.text) c.want = std::min(c.want + 2 * kPad, avail * kTextCap) - 2 * kPad;
            c.want += 2 * kPad;
            c.floor = std::min(c.floor + 2 * kPad, c.want);
            want += c.want;
            floor += c.floor;
            if (c.text)
                text_want += c.want;
            else
                number_floor += c.floor;
        }
        // Past the floors: numbers and short texts (an ID type, "Sí") keep
        // theirs, the long texts share the rest.
        std::size_t texts = 0;
        double kept = number_floor;
        for (const Column& c : columns) {
            if (!c.text) continue;
            if (c.floor <= kTextFloor + 2 * kPad) {
                kept += c.floor;
            } else {
                ++texts;
            }
        }
        double long_floor = 0;
        for (const Column& c : columns)
            if (c.text && c.floor > kTextFloor + 2 * kPad) long_floor += c.floor;
        const double text_room = avail - kept;
        const bool texts_squeeze = text_room >= static_cast<double>(texts) * kHeadFloor;
        for (Column& c : columns) {
            if (want <= avail) {
                const double extra = avail - want;
                c.width = c.want + (text_want > 0 ? (c.text ? extra * c.want / text_want : 0)
                                                  : extra * c.want / want);
            } else if (floor <= avail) {
                const double t = want > floor ? (avail - floor) / (want - floor) : 0;
                c.width = c.floor + (c.want - c.floor) * t;
            } else if (texts_squeeze) {
                c.width = c.text && c.floor > kTextFloor + 2 * kPad ? text_room * c.floor / long_floor
                                                         : c.floor;
            } else {
                c.width = c.floor * avail / floor;
            }
        }
        return floor;
    }

    double header_row_height() {
        pen->use(bold.get());
        double h = line_h;
        for (Column& c : columns) {
            // head_word is measured at the table's size: the width it lacks
            // is what the header shrinks by (a hair more, for rounding).
            const double room = c.width - 2 * kPad;
            c.head_scale = c.head_word > room ? room / (c.head_word * 1.01) : 1.0;
            h = std::max(h, pen->head_height(c.header, room, kMaxHeaderLines, c.head_scale));
        }
        return h + 2 * kPad;
    }

    // The index after each page's last row.
    std::vector<std::size_t> paginate() {
        head_row_h = header_row_height();
        const double top = kMargin + header_block_h() + head_row_h;
        const double bottom = page_h - kMargin - footer_h();
        std::vector<std::size_t> ends;
        double y = top;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            PrintedRow& r = rows[i];
            pen->use(r.total ? bold.get() : body.get());
            double h = line_h;
            for (std::size_t k = 0; k < columns.size(); ++k) {
                const PrintedCell& cell = r.cells[k];
                const double inner = columns[k].width - 2 * kPad;
                if (!cell.number && cell.natural > inner)
                    h = std::max(h, pen->height(cell.text, inner, kMaxCellLines));
            }
            r.height = h + 2 * kPad;
            if (y + r.height > bottom && y > top) {
                ends.push_back(i);
                y = top;
            }
            y += r.height;
        }
        // The line of totals set aside goes under the last row: with it on
        // the page when there is room, else the last row goes over with it.
        const std::size_t last_start = ends.empty() ? 0 : ends.back();
        if (!totals_aside.empty() && y + totals_h() > bottom && rows.size() - last_start > 1)
            ends.push_back(rows.size() - 1);
        ends.push_back(rows.size());
        return ends;
    }

    // The line of totals set aside, as many lines as it needs.
    double totals_h() { return flow_pairs(totals_aside, 0, false) + 5; }

    void draw_totals_aside(double y) { flow_pairs(totals_aside, y + 4, true); }

    // "Label: value" pairs from the left margin, 18 pt apart, a pair that
    // does not fit the line's rest on the next line; a pair wider than the
    // whole line has its value wrapped under itself (inside the margins
    // either way). Returns the height taken; draws when `draw`.
    double flow_pairs(const std::vector<std::pair<std::string_view, std::string>>& pairs,
                      double top, bool draw) {
        constexpr double kLine = 11, kGap = 18;
        const double left = kMargin + kPad, right = page_w - kMargin;
        double x = left, y = top;
        for (const auto& [label, value] : pairs) {
            const double w = pen->pair_width(label, value, head_bold.get(), head.get());
            if (x > left && x + w > right) {
                x = left;
                y += kLine;
            }
            if (left + w <= right) {
                if (draw) pen->pair(label, value, x, y, head_bold.get(), head.get());
                x += w + kGap;
                continue;
            }
            // Alone on its lines: the label, then the value wrapped beside it.
            pen->use(head_bold.get());
            const std::string l = std::string(label) + ": ";
            const double lw = std::min(pen->width(l), (right - left) / 2);
            if (draw) pen->draw(l, x, y, lw, 1);
            pen->use(head.get());
            const double h = pen->height(value, right - x - lw, kMaxCellLines);
            if (draw) pen->draw(value, x + lw, y, right - x - lw, kMaxCellLines);
            y += std::max(kLine, h);
            x = left;
        }
        return x > left ? y + kLine - top : y - top;
    }

    double header_block_h() const { return 18 + (register_ ? 4 : 2) * 11 + 6; }
    double footer_h() const { return register_ ? 82 : 16; }

    void draw_page(std::size_t begin, std::size_t end, std::size_t page, std::size_t of) {
        cairo_t* c = cr.get();
        draw_header_block();
        double y = kMargin + header_block_h();
        draw_row_frame(y, head_row_h, 0.85);
        pen->use(bold.get());
        double x = kMargin;
        for (const Column& col : columns) {
            pen->draw_head(col.header, x + kPad, y + kPad, col.width - 2 * kPad, kMaxHeaderLines,
                           col.head_scale);
            x += col.width;
        }
        y += head_row_h;
        for (std::size_t i = begin; i < end; ++i) {
            const PrintedRow& r = rows[i];
            draw_row_frame(y, r.height, r.total ? 0.92 : 1.0);
            pen->use(r.total ? bold.get() : body.get());
            x = kMargin;
            for (std::size_t k = 0; k < columns.size(); ++k) {
                const PrintedCell& cell = r.cells[k];
                const double inner = columns[k].width - 2 * kPad;
                if (!cell.text.empty())
                    pen->draw(cell.text, x + kPad, y + kPad, inner,
                              cell.number ? 1 : kMaxCellLines,
                              cell.number ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
                x += columns[k].width;
            }
            y += r.height;
        }
        if (page == of) draw_totals_aside(y);
        draw_footer(page, of);
        cairo_show_page(c);
        ++pages;
        check("cannot write the PDF page");
    }

    // A row's background and its cells' borders.
    void draw_row_frame(double y, double h, double grey) {
        cairo_t* c = cr.get();
        double width = 0;
        for (const Column& col : columns)
            width += col.width;
        if (grey < 1.0) {
            cairo_set_source_rgb(c, grey, grey, grey);
            cairo_rectangle(c, kMargin, y, width, h);
            cairo_fill(c);
        }
        cairo_set_source_rgb(c, 0.55, 0.55, 0.55);
        cairo_set_line_width(c, 0.3);
        double x = kMargin;
        for (const Column& col : columns) {
            cairo_rectangle(c, x, y, col.width, h);
            x += col.width;
        }
        cairo_stroke(c);
        cairo_set_source_rgb(c, 0, 0, 0);
    }

    // The page header: the title, the company, the period; the register
    // adds the worker (docs/DESIGN.md "PDF"): name, ID type and number,
    // employee code, Social Security number, workday and validation, in two
    // columns; a value the sources do not give reads "No disponible". A
    // register without rows (no worker) has the company and period only.
    void draw_header_block(bool with_worker = true) {
        const double x = kMargin;
        double y = kMargin;
        pen->use(title.get());
        pen->draw(register_ ? words.register_title : words.payroll_title, x, y, -1, 1);
        y += 18;
        const std::string period = described ? format_date(days_from_civil(from)) + " - " +
                                                   format_date(days_from_civil(to))
                                             : std::string();
        if (!register_ || !with_worker) {
            header_line(y, {{words.company, company}}, {});
            header_line(y + 11, {{words.period, period}}, {});
            return;
        }
        auto or_none = [this](std::string_view v) {
            return v.empty() ? std::string(words.not_available) : std::string(v);
        };
        const std::string_view validation =
            told.known ? std::string_view(told.validation) : std::string_view(total_validation);
        header_line(y, {{words.company, company}}, {});
        y += 11;
        header_line(y, {{words.period, period}}, {{words.validation, or_none(validation)}});
        y += 11;
        header_line(y, {{header.size() > 0 ? header[0] : "", who.name}},
                    {{header.size() > 1 ? header[1] : "", who.type},
                     {header.size() > 2 ? header[2] : "", who.nid}});
        y += 11;
        std::string workday(words.not_available);
        if (told.planned_s)
            workday = format_duration(*told.planned_s) + " h " +
                      std::string(words.planned_in_period);
        header_line(y,
                    {{words.code, told.code ? std::to_string(*told.code)
                                              : std::string(words.not_available)},
                     {words.ssn, or_none(told.ssn)}},
                    {{words.workday, workday}});
    }

    // One line of the page header: pairs from the left margin, 14 pt apart,
    // and pairs from the page's middle (or after the left ones when they are
    // longer); nothing past the right margin (a value too long is ellipsized).
    using Pairs = std::vector<std::pair<std::string_view, std::string>>;
    void header_line(double y, const Pairs& left, const Pairs& right) {
        const double end = page_w - kMargin;
        double x = kMargin;
        for (const auto& [label, value] : left)
            x = pen->pair(label, value, x, y, head_bold.get(), head.get(),
                          std::max(0.0, end - x)) + 14;
        x = std::max(x + 4, kMargin + 260);
        for (const auto& [label, value] : right)
            x = pen->pair(label, value, x, y, head_bold.get(), head.get(),
                          std::max(0.0, end - x)) + 14;
    }

    void draw_footer(std::size_t page, std::size_t of) {
        cairo_t* c = cr.get();
        const double width = page_w - 2 * kMargin;
        double y = page_h - kMargin - footer_h();
        if (register_) {
            const double gap = 14;
            const double box_w = (width - gap) / 2;
            const double box_h = 50;
            y += 4;
            cairo_set_source_rgb(c, 0, 0, 0);
            cairo_set_line_width(c, 0.6);
            cairo_rectangle(c, kMargin, y, box_w, box_h);
            cairo_rectangle(c, kMargin + box_w + gap, y, box_w, box_h);
            cairo_stroke(c);
            pen->use(head.get());
            pen->draw(words.company_signature, kMargin + 4, y + 3, box_w - 8, 1);
            pen->draw(words.worker_signature, kMargin + box_w + gap + 4, y + 3, box_w - 8, 1);
            y += box_h + 6;
            pen->draw(words.place_and_date, kMargin, y, width, 1);
        }
        const std::string n = std::string(words.page) + " " + std::to_string(page) + " " +
                              std::string(words.of) + " " + std::to_string(of);
        pen->use(head.get());
        pen->draw(n, kMargin, page_h - kMargin - 10, width, 1, PANGO_ALIGN_RIGHT);
    }

    // A report without rows is still a document: its header and one line.
    void empty_page() {
        columns.clear();
        draw_header_block(false);
        pen->use(head.get());
        pen->draw(words.no_rows, kMargin, kMargin + header_block_h(), -1, 1);
        cairo_show_page(cr.get());
        ++pages;
        check("cannot write the PDF page");
    }

    ByteSink& out;
    const detail::PdfLabels& words;
    Lang language;
    bool register_;
    double page_w = 0, page_h = 0;
    std::size_t first_column = 0;
    std::exception_ptr write_error;
    bool discard = false;
    // Declared in the order they are made; destroyed the other way.
    SurfacePtr surface;
    CairoPtr cr;
    std::unique_ptr<PdfPen> pen;
    FontPtr body, bold, head, head_bold, title;
    double base_size = 0;
    double size = 0;  // the table's font size now
    double line_h = 0;

    bool described = false;
    std::string company;
    CivilDate from{0, 0, 0}, to{0, 0, 0};
    std::vector<std::string> header;
    bool begun = false;
    bool finished = false;

    std::vector<PrintedRow> rows;  // the employee's (register) or the table's (payroll)
    std::string key;               // register: the buffered employee's name and nid
    Identity who;
    WorkerDetail told;             // register: the worker of the rows buffered (or coming)
    std::size_t validation_column = static_cast<std::size_t>(-1);  // register: "Validación"
    std::string total_validation;  // its TOTAL cell, for a worker worker() did not describe
    std::vector<Column> columns;
    std::vector<std::size_t> shown;  // the flushed rows' columns on the page (after first_column)
    std::vector<std::pair<std::string_view, std::string>> totals_aside;  // header, TOTAL's value
    double head_row_h = 0;
    std::unordered_map<std::string, double> number_widths;
    std::size_t pages = 0;
};

PdfSink::PdfSink(ByteSink& out, Layout layout, Lang lang)
    : state_(std::make_unique<State>(out, layout, lang)) {}

PdfSink::~PdfSink() = default;

void PdfSink::describe(const ReportInfo& info) {
    State& s = *state_;
    s.described = true;
    s.company.clear();
    if (detail::has_cell_controls(info.company))
        detail::replace_cell_controls(info.company, s.company);
    else
        s.company.assign(info.company);
    s.from = info.from;
    s.to = info.to;
}

void PdfSink::begin(std::span<const std::string_view> header) {
    State& s = *state_;
    s.header.assign(header.begin(), header.end());
    // The register's validation column (its last): printed in the page
    // header, not in the line of totals.
    const auto reg = detail::header(Layout::daily, s.language);
    if (s.register_ && !header.empty() && header.back() == reg.back())
        s.validation_column = header.size() - 1;
    s.begun = true;
    s.set_title();
}

void PdfSink::worker(const WorkerInfo& info) {
    State& s = *state_;
    if (!s.begun || s.finished) throw usage_error("PdfSink: worker() outside begin()..finish()");
    if (!s.register_) return;
    s.flush();  // the previous worker's rows: drawn with what was told of them
    WorkerDetail& d = s.told;
    d = WorkerDetail{};
    d.known = true;
    d.key.assign(info.name).append(1, '\0').append(info.nid);
    d.code = info.code;
    detail::replace_cell_controls(info.ssn, d.ssn);
    detail::replace_cell_controls(info.validation, d.validation);
    d.planned_s = info.planned_s;
}

void PdfSink::row(const TypedRow& row) {
    State& s = *state_;
    if (!s.begun || s.finished) throw usage_error("PdfSink: row() outside begin()..finish()");
    s.add(row);
}

void PdfSink::finish() {
    State& s = *state_;
    if (s.finished) return;
    s.finished = true;
    if (!s.begun) s.set_title();
    if (s.rows.empty() && s.pages == 0)
        s.empty_page();
    else
        s.flush();
    s.pen.reset();
    s.cr.reset();
    cairo_surface_finish(s.surface.get());
    s.check("cannot finish the PDF");
    s.out.close();
}

std::size_t PdfSink::pages() const {
    return state_->pages;
}

}  // namespace reportgen
