#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "sink/cell_text.hpp"
#include "sink/digits.hpp"

namespace reportgen {

namespace {
// Rows are rendered into one buffer and handed to the byte sink when the next
// row would not fit: a few write() calls per MiB instead of one per cell.
constexpr std::size_t kCsvBuffer = 256u << 10;
// Upper bound of a rendered non-text cell (a duration: '-' + 16 hour digits + ":MM:SS").
constexpr std::size_t kMaxNumberCell = 24;

constexpr bool formula_trigger(char c) noexcept {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
}  // namespace

// The sink's state and its hot path: rows are rendered by these member
// functions, called directly (not virtually) from CsvSink's overrides.
struct CsvSink::Impl {
    Impl(ByteSink& out, CsvOptions options);
    void begin(std::span<const std::string_view> header);
    void put_cells(std::span<const Cell> cells);
    char* put_text(char* p, std::string_view s, std::size_t column);
    void reserve(std::size_t n);  // room for n more bytes: flushes, or grows for a huge row
    void flush();
    void finish();

    ByteSink& out_;
    CsvOptions opt_;
    std::unique_ptr<char[]> buf_;  // rows are rendered here, handed on in big chunks
    std::size_t cap_ = 0;
    std::size_t len_ = 0;
    static constexpr uint8_t kQuote = 1, kControl = 2;
    std::array<uint8_t, 256> special_{};  // kQuote: delimiter, quote, CR, LF; kControl
    std::string cleaned_;                 // a text cell with its controls replaced
    uint64_t records_ = 0;                // header included: a warning's line number
    std::string_view row_key_;            // the row's first cell, for a warning
    std::unique_ptr<detail::CellNotes> notes_;
    int64_t last_days_ = 0;  // one-entry cache: rows of a group share a date
    std::array<char, 10> last_date_{};
    bool have_last_date_ = false;
    bool finished_ = false;
};

CsvSink::CsvSink(ByteSink& out, CsvOptions options)
    : impl_(std::make_unique<Impl>(out, options)) {}

CsvSink::~CsvSink() = default;

void CsvSink::begin(std::span<const std::string_view> header) {
    impl_->begin(header);
}

void CsvSink::row(const TypedRow& row) {
    impl_->put_cells(row.cells);
}

void CsvSink::finish() {
    impl_->finish();
}

CsvSink::Impl::Impl(ByteSink& out, CsvOptions options)
    : out_(out),
      opt_(options),
      buf_(std::make_unique_for_overwrite<char[]>(kCsvBuffer)),
      cap_(kCsvBuffer),
      notes_(std::make_unique<detail::CellNotes>("CSV")) {
    if (opt_.delimiter == '"' || opt_.delimiter == '\r' || opt_.delimiter == '\n') {
        throw usage_error("CSV delimiter cannot be a quote, CR or LF");
    }
    // One table for the scan of every text cell: bytes that need quotes, and
    // controls (replaced, as in XLSX), which send it to the slow path.
    special_[static_cast<unsigned char>(opt_.delimiter)] = kQuote;
    special_[static_cast<unsigned char>('"')] = kQuote;
    special_[static_cast<unsigned char>('\r')] = kQuote;
    special_[static_cast<unsigned char>('\n')] = kQuote;
    for (std::size_t c = 0; c < 0x20; ++c)
        if (detail::is_cell_control(static_cast<unsigned char>(c))) special_[c] = kControl;
    if (detail::is_cell_control(static_cast<unsigned char>(opt_.delimiter)))
        throw usage_error("CSV delimiter cannot be a control character other than tab");
    if (opt_.bom) {
        // Excel reads a BOM-less CSV as the ANSI code page and mangles accents.
        std::memcpy(buf_.get(), "\xEF\xBB\xBF", 3);
        len_ = 3;
    }
}

void CsvSink::Impl::begin(std::span<const std::string_view> header) {
    notes_->set_header(header);
    // The header is text like any other, so the formula guard applies to it too.
    std::size_t bound = 2 + header.size();
    for (const auto& h : header)
        bound += 3 * h.size() + 3;
    reserve(bound);
    char* p = buf_.get() + len_;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i != 0) *p++ = opt_.delimiter;
        p = put_text(p, header[i], i);
    }
    *p++ = '\r';
    *p++ = '\n';
    len_ = static_cast<std::size_t>(p - buf_.get());
}

void CsvSink::Impl::put_cells(std::span<const Cell> cells) {
    if (finished_) throw usage_error("CsvSink: row() after finish()");
    // Reserve the worst case once, then render without bounds checks: a text
    // cell can double (every byte a quote) plus two quotes and the guard.
    std::size_t bound = 2 + cells.size();
    // (3 bytes for a control: U+FFFD.)
    for (const Cell& c : cells) {
        bound += c.type == CellType::text ? 3 * c.text.size() + 3 : kMaxNumberCell;
    }
    ++records_;
    row_key_ = !cells.empty() && cells[0].type == CellType::text ? cells[0].text : std::string_view();
    reserve(bound);
    char* p = buf_.get() + len_;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const Cell& c = cells[i];
        if (i != 0) *p++ = opt_.delimiter;
        switch (c.type) {
            case CellType::empty:
                break;
            case CellType::text:
                p = put_text(p, c.text, i);
                break;
            case CellType::date:
                if (!have_last_date_ || c.value != last_days_) {
                    detail::put_date(c.value, last_date_.data());
                    last_days_ = c.value;
                    have_last_date_ = true;
                }
                std::memcpy(p, last_date_.data(), 10);
                p += 10;
                break;
            case CellType::time:
                detail::put_time(c.value, p);
                p += 8;
                break;
            case CellType::duration:
            case CellType::signed_duration:  // put_duration writes the '-'
                p += detail::put_duration(c.value, p);
                break;
            case CellType::integer: {
                const auto r = std::to_chars(p, p + kMaxNumberCell, c.value);
                p = r.ptr;
                break;
            }
        }
    }
    *p++ = '\r';
    *p++ = '\n';
    len_ = static_cast<std::size_t>(p - buf_.get());
}

// Writes s at p (room reserved by the caller), guarded and quoted as needed,
// controls replaced. column: for the warning about them.
char* CsvSink::Impl::put_text(char* p, std::string_view s, std::size_t column) {
    const bool guard = opt_.formula_guard && !s.empty() && formula_trigger(s.front());
    unsigned found = 0;
    for (const char ch : s) {
        if (special_[static_cast<unsigned char>(ch)] != 0) {
            for (const char c : s)  // the rare slow path: what else is there
                found |= special_[static_cast<unsigned char>(c)];
            break;
        }
    }
    if (found & kControl) {
        detail::replace_cell_controls(s, cleaned_);
        s = cleaned_;
        notes_->controls_replaced(column, "line " + std::to_string(records_ + 1), row_key_);
    }
    if (!(found & kQuote)) {
        if (guard) *p++ = '\'';
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        return p + s.size();
    }
    *p++ = '"';
    if (guard) *p++ = '\'';
    for (const char ch : s) {
        *p++ = ch;
        if (ch == '"') *p++ = '"';
    }
    *p++ = '"';
    return p;
}

void CsvSink::Impl::reserve(std::size_t n) {
    if (cap_ - len_ >= n) return;
    flush();
    if (n > cap_) {
        // One row larger than the whole buffer (a huge text): grow, keep it.
        std::size_t cap = cap_;
        while (cap < n)
            cap *= 2;
        buf_ = std::make_unique_for_overwrite<char[]>(cap);
        cap_ = cap;
    }
}

void CsvSink::Impl::flush() {
    if (len_ == 0) return;
    // len_ is reset first: if the write throws, the sink is dead anyway and
    // must not hand the same bytes over twice.
    const std::size_t n = len_;
    len_ = 0;
    out_.write({buf_.get(), n});
}

void CsvSink::Impl::finish() {
    if (finished_) return;
    finished_ = true;
    notes_->close();
    flush();
    out_.close();
}

}  // namespace reportgen
