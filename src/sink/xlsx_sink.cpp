#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/labels.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/time.hpp"
#include "reportgen/version.hpp"
#include "common/log.hpp"
#include "sink/cell_text.hpp"
#include "sink/digits.hpp"
#include "sink/io_util.hpp"

namespace reportgen {

namespace {

// Excel's serial day 0 is 1899-12-30, 25569 days before 1970-01-01.
constexpr double kExcelEpochOffset = 25569.0;
constexpr double kSecondsPerDay = 86400.0;
constexpr std::size_t kExcelMaxRows = 1048576;
constexpr std::size_t kExcelMaxSheetName = 31;
constexpr double kMinWidth = 8.0;
constexpr double kMaxWidth = 60.0;

// A column's width for its longest text, in characters, within the bounds.
double column_width(std::size_t chars) {
    return std::clamp(static_cast<double>(chars + 2), kMinWidth, kMaxWidth);
}
constexpr double kSummaryWidth = 18.0;  // "Entradas abiertas" in bold
// Past this many characters of columns a sheet's long headers wrap (a page
// in landscape holds about this much legibly); the narrowest column then.
constexpr double kWrapAboveWidth = 150.0;
constexpr std::size_t kWrapWidth = 9;


// Owns an lxw_workbook until workbook_close() takes it, and makes up for two
// gaps of libxlsxwriter 1.1.4 in constant-memory mode: lxw_workbook_free()
// does not close the worksheets' temp files, and a workbook_close() that
// fails (disk full, no such directory) frees the workbook but leaves those
// files open. Without this, every abandoned or failed sink leaks descriptors.
class Workbook {
  public:
    explicit Workbook(lxw_workbook* wb) noexcept : wb_(wb) {}
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    // Abandoned: no file is written (only workbook_close opens the output path).
    ~Workbook() {
        if (wb_ == nullptr) return;
        for (lxw_worksheet* ws : sheets_) {
            if (ws->optimize_tmpfile != nullptr) std::fclose(ws->optimize_tmpfile);
            ws->optimize_tmpfile = nullptr;
        }
        lxw_workbook_free(wb_);
    }
    lxw_workbook* get() const noexcept { return wb_; }
    explicit operator bool() const noexcept { return wb_ != nullptr; }
    const std::vector<lxw_worksheet*>& sheets() const noexcept { return sheets_; }

    lxw_worksheet* add_worksheet(const char* name) {
        sheets_.reserve(sheets_.size() + 1);  // cannot throw after the sheet exists
        lxw_worksheet* ws = workbook_add_worksheet(wb_, name);
        if (ws != nullptr) sheets_.push_back(ws);
        return ws;
    }

    // workbook_close(): writes the file and frees the workbook, whatever happens.
    // sys_errno gets the system error behind a failure.
    lxw_error close(int& sys_errno) {
        // Identify each temp file by descriptor and inode: after a failure the
        // library has closed some of them (the FILE* is then gone) and not the
        // others; a descriptor that still names the same (unlinked, so unique)
        // inode was not closed, and only then is its FILE* still ours to close.
        struct Tmp {
            std::FILE* file;
            int fd;
            dev_t dev;
            ino_t ino;
        };
        std::vector<Tmp> tmps;
        tmps.reserve(sheets_.size());
        for (lxw_worksheet* ws : sheets_) {
            struct stat st {};
            if (ws->optimize_tmpfile == nullptr) continue;
            const int fd = ::fileno(ws->optimize_tmpfile);
            if (fd >= 0 && ::fstat(fd, &st) == 0) {
                tmps.push_back({ws->optimize_tmpfile, fd, st.st_dev, st.st_ino});
            }
        }
        lxw_workbook* wb = std::exchange(wb_, nullptr);
        sheets_.clear();
        lxw_error err = LXW_NO_ERROR;
        {
            // libxlsxwriter 1.1.4 writes docProps/core.xml's created and
            // modified times through gmtime(), one static buffer per process:
            // two workbooks closing at once (a batch) can write each other's
            // times (ThreadSanitizer shows the race). Closes take turns.
            static std::mutex close_mutex;
            const std::lock_guard lock(close_mutex);
            errno = 0;
            err = workbook_close(wb);
            sys_errno = errno;
        }
        if (err != LXW_NO_ERROR) {
            for (const Tmp& t : tmps) {
                struct stat st {};
                if (::fstat(t.fd, &st) == 0 && st.st_dev == t.dev && st.st_ino == t.ino) {
                    std::fclose(t.file);
                }
            }
        }
        return err;
    }

  private:
    lxw_workbook* wb_;
    std::vector<lxw_worksheet*> sheets_;
};

std::size_t utf8_length(std::string_view s) noexcept;

// Code points of the longest space-separated word.
std::size_t longest_word(std::string_view s) noexcept {
    std::size_t best = 0;
    for (std::size_t at = 0; at <= s.size();) {
        const std::size_t end = std::min(s.find(' ', at), s.size());
        best = std::max(best, utf8_length(s.substr(at, end - at)));
        at = end + 1;
    }
    return best;
}

std::size_t utf8_length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char ch : s)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
}

// The longest prefix of s with at most max_points code points.
std::string_view utf8_prefix(std::string_view s, std::size_t max_points) noexcept {
    std::size_t points = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (points == max_points) return s.substr(0, i);
            ++points;
        }
    }
    return s;
}

// Excel's sheet-name rules: 1..31 characters, none of []:*?/\, no apostrophe
// first or last, not "History".
std::string sanitize_sheet_name(std::string_view raw) {
    std::string s;
    s.reserve(raw.size());
    for (const char ch : raw) {
        const bool bad = std::strchr("[]:*?/\\", ch) != nullptr && ch != '\0';
        const bool control = static_cast<unsigned char>(ch) < 0x20;
        s.push_back(bad || control ? '_' : ch);
    }
    while (!s.empty() && s.front() == '\'')
        s.erase(s.begin());
    while (!s.empty() && s.back() == '\'')
        s.pop_back();
    if (s.empty()) s = "Report";
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "history") s += '_';
    s = std::string(utf8_prefix(s, kExcelMaxSheetName));
    while (s.back() == '\'')
        s.pop_back();  // truncation may expose one; s[0] is not one
    return s;
}

// libxlsxwriter opens the output only in workbook_close(), after the whole
// report: check up front that the path can be written, to fail fast.
void check_output_path(const std::string& path, const std::string& shown) {
    const auto slash = path.rfind('/');
    const std::string dir =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    errno = 0;
    const bool ok = ::access(path.c_str(), F_OK) == 0 ? ::access(path.c_str(), W_OK) == 0
                                                      : ::access(dir.c_str(), W_OK | X_OK) == 0;
    if (!ok) throw detail::io_failure("cannot write XLSX", shown, errno);
}

// Decimal hours with a sign: "-12.50 h" (docs/DESIGN.md "Writers").
constexpr const char* kSignedHoursFormat = "0.00\" h\";-0.00\" h\";0.00\" h\"";

// The workbook's own words (page setup, properties, the summary sheet); the
// rows' words come from detail::labels() (src/report/labels.hpp).
struct XlsxWords {
    const char* report_title;  // document title and page header
    // By layout; read through subject_of(), whose switch names every layout
    // (-Wswitch): an index by enum read past this array into the next
    // member, which no sanitizer sees (it is inside one object).
    const char* subject_by_employee;
    const char* subject_by_activity;
    const char* subject_by_group;
    const char* subject_daily;
    const char* subject_payroll;
    const char* subject_incidents;
    const char* page_footer;   // Excel header/footer codes: &P page, &N pages
    const char* summary_sheet;
    const char* days_sheet;  // the summary's hours per workday and their chart
    std::array<const char*, 16> summary_header;
    std::array<const char*, 3> daily_header;
    const char* chart_title;
    const char* chart_axis;
    // The modified and deleted entries' sheet (docs/DESIGN.md "Traceability
    // and place of work").
    const char* changes_sheet;
    std::array<const char*, 11> changes_header;
    // The page header of a file of one worker (the register split per
    // worker): before the employee code and the Social Security number.
    const char* header_code;
    const char* header_ssn;
};

constexpr XlsxWords kWordsEs{
    "Informe de fichajes",
    "Fichajes por empleado",
    "Fichajes por actividad",
    "Fichajes por grupo",
    "Registro diario de jornada",
    "Variables de nómina",
    "Incidencias de cumplimiento",
    "&CPágina &P de &N",
    "Resumen",
    "Resumen por día",
    {"Empleado", "Tipo ID", "Nº ID", "Días trabajados", "Tiempo registrado", "Media por día",
     "Entradas abiertas", "Anomalías de datos", "Tiempo efectivo", "Pausas no retribuidas",
     "Horas nocturnas", "Horas teóricas", "Balance", "Incidencias", "Validación",
     "Teletrabajo (% del tiempo efectivo)"},
    {"Fecha", "Tiempo registrado", "Horas (decimal)"},
    "Tiempo registrado por día",
    "Horas",
    "Modificaciones",
    {"Empleado", "Tipo ID", "Nº ID", "Fecha", "Entrada", "Salida", "Creado", "Modificado",
     "Origen entrada", "Origen salida", "Cambio"},
    "Código de empleado",
    "Nº afiliación SS",
};

constexpr XlsxWords kWordsEn{
    "Attendance report",
    "Attendance by employee",
    "Attendance by activity",
    "Attendance by group",
    "Daily working time register",
    "Payroll figures",
    "Compliance incidents",
    "&CPage &P of &N",
    "Summary",
    "Summary per day",
    {"Employee", "ID type", "ID number", "Days worked", "Recorded time", "Average per day",
     "Open entries", "Data anomalies", "Effective time", "Unpaid break time", "Night time",
     "Planned time", "Balance", "Incidents", "Validation",
     "Remote (% of effective time)"},
    {"Date", "Recorded time", "Hours (decimal)"},
    "Recorded time per day",
    "Hours",
    "Changes",
    {"Employee", "ID type", "ID number", "Date", "Clock-in", "Clock-out", "Created", "Updated",
     "Clock-in origin", "Clock-out origin", "Change"},
    "Employee code",
    "Social Security no.",
};

const XlsxWords& words(Lang lang) noexcept {
    return lang == Lang::en ? kWordsEn : kWordsEs;
}

const char* subject_of(const XlsxWords& w, Layout layout) noexcept {
    switch (layout) {
        case Layout::by_employee:
            return w.subject_by_employee;
        case Layout::by_activity:
            return w.subject_by_activity;
        case Layout::by_group:
            return w.subject_by_group;
        case Layout::daily:
            return w.subject_daily;
        case Layout::payroll:
            return w.subject_payroll;
        case Layout::incidents:
            return w.subject_incidents;
    }
    return "";
}

// "dd/mm/yyyy"
std::string display_date(CivilDate d) {
    return format_date(days_from_civil(d));
}

// Text for an Excel page header: '&' starts a control code there, "&&" is one '&'.
std::string header_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        if (ch == '&') out.push_back('&');
        out.push_back(ch);
    }
    return out;
}

// Width of a rendered cell in characters.
std::size_t rendered_length(const Cell& c) noexcept {
    switch (c.type) {
        case CellType::empty:
            return 0;
        case CellType::text:
            return utf8_length(c.text);
        case CellType::date:
            return 10;
        case CellType::time:
            // Always room for "hh:mm:ss (+1)": a night shift's clock-out may
            // first come past the sampled rows, and a number too wide for
            // its column prints as "###".
            return 13;
        case CellType::duration: {
            char tmp[24];
            return detail::put_duration(c.value, tmp);
        }
        case CellType::integer:
            return std::to_string(c.value).size();
        case CellType::signed_duration:  // "-12.50 h"
            return std::to_string(c.value / 3600).size() + 5;
    }
    return 0;
}

}  // namespace

struct XlsxSink::State {
    std::string path;
    std::string shown;  // the path messages name (the output's, not /proc/self/fd/N)
    XlsxOptions opt;
    std::string base_name;
    std::string tmpdir;  // outlives wb: libxlsxwriter is handed a pointer into it
    std::unique_ptr<Workbook> wb;

    lxw_format* header_fmt = nullptr;
    lxw_format* date_fmt = nullptr;
    lxw_format* time_fmt = nullptr;
    lxw_format* duration_fmt = nullptr;
    lxw_format* datetime_fmt = nullptr;  // a local date-time (the changes' sheet)
    // TOTAL rows: bold on a fill, combined with each number format, because a
    // cell takes exactly one format.
    lxw_format* total_text_fmt = nullptr;
    lxw_format* total_date_fmt = nullptr;
    lxw_format* total_time_fmt = nullptr;
    lxw_format* total_duration_fmt = nullptr;
    lxw_format* hours_fmt = nullptr;  // decimal hours (the chart's values)
    lxw_format* share_fmt = nullptr;  // a share as a percentage: 0.25 shows 25.0%
    lxw_format* total_share_fmt = nullptr;
    // Signed durations (a balance, a difference) as decimal hours: Excel's
    // 1900 date system shows ##### for a negative time, a number it sums.
    lxw_format* signed_hours_fmt = nullptr;
    lxw_format* total_signed_hours_fmt = nullptr;
    // Times of day on a later day than the row's date ("hh:mm:ss (+1)"), by
    // day_offset, made when first needed.
    std::array<lxw_format*, 128> offset_fmt{};
    std::array<lxw_format*, 128> total_offset_fmt{};

    // From describe(): page headers and document properties.
    struct Described {
        bool known = false;
        std::string company;
        CivilDate from, to;
        Layout layout = Layout::by_employee;
        Lang lang = Lang::es;
    } info;
    // From worker() (the register): the file's worker while it has one
    // (workers == 1), for the page header.
    struct Told {
        int workers = 0;
        std::string name, identity_type, nid, ssn;
        std::optional<int64_t> code;
    } told;
    bool summarized = false;

    lxw_worksheet* ws = nullptr;
    std::size_t sheets = 0;
    lxw_row_t next_row = 0;   // next row in the current sheet
    std::size_t columns = 0;  // widest row so far (autofilter range)

    std::vector<std::string> header;
    std::vector<double> widths;
    int header_lines = 1;  // > 1: a wide sheet's header wraps (compute_widths)

    // Rows held back until widths are known: constant-memory mode writes
    // <cols> before the rows and cannot go back. Cells are copied (a Cell's
    // text is only valid during row()) into one arena.
    struct Held {
        CellType type;
        int8_t day_offset;
        int64_t value;
        std::size_t offset;
        std::size_t size;
    };
    bool sampling = true;
    std::vector<Held> held_cells;
    std::vector<std::pair<std::size_t, bool>> held_rows;  // (end in held_cells, total)
    std::string arena;
    std::vector<std::size_t> sample_len;  // longest rendering per column

    class SummarySheet;
    std::string scratch;  // NUL-terminated copy of a text cell for the C API
    std::string cleaned;  // a text cell with its controls replaced
    detail::CellNotes notes{"XLSX"};
    std::string sheet_label;    // the current sheet's name, for notes
    std::string_view row_key;   // the current row's first cell, for notes

    // A text cell as Excel can hold it (controls replaced by U+FFFD, cut at
    // 32,767 characters), NUL-terminated for the C API; each change noted.
    const char* cell_text(std::string_view text, std::size_t col, lxw_row_t row) {
        const auto where = [&] { return "sheet '" + sheet_label + "', row " + std::to_string(row + 1); };
        if (detail::has_cell_controls(text)) {
            detail::replace_cell_controls(text, cleaned);
            text = cleaned;
            notes.controls_replaced(col, where(), row_key);
        }
        if (const std::string_view fit = detail::excel_cell_prefix(text); fit.size() < text.size()) {
            notes.cut(col, where(), row_key, utf8_length(text));
            text = fit;
        }
        scratch.assign(text);
        return scratch.c_str();
    }
    bool begun = false;
    bool finished = false;

    [[noreturn]] void fail(std::string_view what, lxw_error err, int sys = 0) const {
        std::string m =
            "cannot write XLSX '" + shown + "': " + std::string(what) + ": " + lxw_strerror(err);
        if (sys != 0) m.append(" (").append(std::strerror(sys)).append(")");
        throw io_error(m);
    }
    void check(lxw_error err, std::string_view what) const {
        if (err != LXW_NO_ERROR) fail(what, err);
    }

    lxw_format* new_format() {
        lxw_format* f = workbook_add_format(wb->get());
        if (f == nullptr) fail("cannot create a cell format", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return f;
    }
    lxw_format* total_format(const char* num_format) {
        lxw_format* f = new_format();
        format_set_bold(f);
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, 0xE6E6E6);
        if (num_format != nullptr) format_set_num_format(f, num_format);
        return f;
    }
    void make_formats() {
        header_fmt = new_format();
        format_set_bold(header_fmt);
        format_set_pattern(header_fmt, LXW_PATTERN_SOLID);
        format_set_bg_color(header_fmt, 0xD9D9D9);
        format_set_text_wrap(header_fmt);
        format_set_align(header_fmt, LXW_ALIGN_VERTICAL_TOP);
        date_fmt = new_format();
        format_set_num_format(date_fmt, "dd/mm/yyyy");
        time_fmt = new_format();
        format_set_num_format(time_fmt, "hh:mm:ss");
        // [h] lets hours run past 24, so a column of durations sums right.
        duration_fmt = new_format();
        format_set_num_format(duration_fmt, "[h]:mm:ss");
        hours_fmt = new_format();
        format_set_num_format(hours_fmt, "0.00");
        datetime_fmt = new_format();
        format_set_num_format(datetime_fmt, "dd/mm/yyyy hh:mm:ss");
        total_text_fmt = total_format(nullptr);
        total_date_fmt = total_format("dd/mm/yyyy");
        total_time_fmt = total_format("hh:mm:ss");
        total_duration_fmt = total_format("[h]:mm:ss");
        signed_hours_fmt = new_format();
        format_set_num_format(signed_hours_fmt, kSignedHoursFormat);
        total_signed_hours_fmt = total_format(kSignedHoursFormat);
        share_fmt = new_format();
        format_set_num_format(share_fmt, "0.0%");
        total_share_fmt = total_format("0.0%");
    }

    // hh:mm:ss " (+n)": still a time of day, so it sorts and sums as one.
    lxw_format* time_format(int8_t day_offset, bool total) {
        if (day_offset <= 0) return total ? total_time_fmt : time_fmt;
        auto& slot = (total ? total_offset_fmt : offset_fmt)[static_cast<std::size_t>(day_offset)];
        if (slot == nullptr) {
            const std::string code = "hh:mm:ss\" (+" + std::to_string(day_offset) + ")\"";
            if (total) {
                slot = total_format(code.c_str());
            } else {
                slot = new_format();
                format_set_num_format(slot, code.c_str());
            }
        }
        return slot;
    }

    // "&L<company>&C<title>&R<from> – <to>" (nothing known: no header). A
    // file of one worker (the register split per worker) adds a second line:
    // "<name> · <ID type> <ID number>" on the left, "<code label> <code> ·
    // <SS label> <SSN>" on the right (what is unknown left out).
    std::string page_header() const {
        if (!info.known) return {};
        if (told.workers == 1) {
            std::string h = header_of(true);
            // Excel caps a header at 255 characters, codes included: past
            // that, the report's header alone.
            if (utf8_length(h) <= 255) return h;
        }
        return header_of(false);
    }
    std::string header_of(bool with_worker) const {
        std::string h;
        std::string left = header_escape(utf8_prefix(info.company, 100));
        std::string right = header_escape(display_date(info.from) + " – " + display_date(info.to));
        if (with_worker) {
            std::string who = std::string(utf8_prefix(told.name, 60)) + " · " +
                              told.identity_type + " " + std::string(utf8_prefix(told.nid, 30));
            left += (left.empty() ? "" : "\n") + header_escape(who);
            std::string ids;
            const XlsxWords& w = words(info.lang);
            if (told.code) ids = std::string(w.header_code) + " " + std::to_string(*told.code);
            if (!told.ssn.empty())
                ids += (ids.empty() ? "" : " · ") + std::string(w.header_ssn) + " " +
                       std::string(utf8_prefix(told.ssn, 40));
            if (!ids.empty()) right += "\n" + header_escape(ids);
        }
        if (!left.empty()) h += "&L" + left;
        h += "&C";
        h += words(info.lang).report_title;
        h += "&R" + right;
        return h;
    }

    // The page header of every sheet, once at the end: only then is it
    // known whether the file holds one worker.
    void set_page_headers() {
        const std::string page_top = page_header();
        if (page_top.empty()) return;
        for (lxw_worksheet* sheet : wb->sheets())
            check(worksheet_set_header(sheet, page_top.c_str()), "page header");
    }

    // Print-ready: A4 landscape, one page wide (any height), the header row
    // on every page, company and period on top, page numbers below.
    void print_setup(lxw_worksheet* sheet) {
        worksheet_set_landscape(sheet);
        worksheet_set_paper(sheet, 9);  // A4
        worksheet_fit_to_pages(sheet, 1, 0);
        // Narrow sides (inches) so that nine columns stay legible on one width.
        worksheet_set_margins(sheet, 0.4, 0.4, 0.75, 0.7);
        check(worksheet_repeat_rows(sheet, 0, 0), "print titles");
        check(worksheet_set_footer(sheet, words(info.lang).page_footer), "page footer");
    }

    // Title, subject, company, author and creation time (docProps/core.xml, app.xml).
    void set_properties() {
        const XlsxWords& w = words(info.lang);
        std::string title = w.report_title;
        if (info.known)
            title += " " + format_iso_date(info.from) + " – " + format_iso_date(info.to);
        std::string subject = info.known ? subject_of(w, info.layout) : "";
        std::string company = info.company;
        std::string author = "reportgen " REPORTGEN_VERSION;
        lxw_doc_properties p{};
        p.title = title.data();
        p.subject = subject.empty() ? nullptr : subject.data();
        p.company = company.empty() ? nullptr : company.data();
        p.author = author.data();
        p.created = std::time(nullptr);
        check(workbook_set_properties(wb->get(), &p), "document properties");
    }

    std::string sheet_name(std::size_t n) const {
        if (n == 1) return base_name;
        const std::string suffix = " (" + std::to_string(n) + ")";
        return std::string(utf8_prefix(base_name, kExcelMaxSheetName - suffix.size())) + suffix;
    }

    void compute_widths() {
        const std::size_t n = std::max(header.size(), sample_len.size());
        widths.assign(n, kMinWidth);
        header_lines = 1;
        double total = 0;
        for (std::size_t c = 0; c < n; ++c) {
            // Bold header text is wider, and the autofilter button takes about
            // two characters beside it.
            const std::size_t h = c < header.size() ? utf8_length(header[c]) + 2 : 0;
            const std::size_t v = c < sample_len.size() ? sample_len[c] : 0;
            widths[c] = std::clamp(static_cast<double>(std::max(h, v) + 1), kMinWidth, kMaxWidth);
            total += widths[c];
        }
        if (total <= kWrapAboveWidth) return;
        // Too wide for a legible page (the payroll figures: 23 columns): a
        // long header wraps over its values' width instead of widening them.
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::size_t h = utf8_length(header[c]) + 2;
            const std::size_t v = c < sample_len.size() ? sample_len[c] : 0;
            const double w = std::clamp(
                static_cast<double>(std::max({v + 1, longest_word(header[c]) + 3, kWrapWidth})),
                kMinWidth, kMaxWidth);
            if (w >= widths[c]) continue;
            widths[c] = w;
            header_lines =
                std::max(header_lines, static_cast<int>(std::ceil(static_cast<double>(h) / (w - 1))));
        }
        header_lines = std::min(header_lines, 4);
    }

    // Autofilter over the header and the rows of the finished sheet.
    void close_sheet() {
        if (ws == nullptr || columns == 0) return;
        // A filter over the header alone would be one row; Excel wants a range.
        const lxw_row_t last = next_row > 1 ? next_row - 1 : 1;
        check(worksheet_autofilter(ws, 0, 0, last, static_cast<lxw_col_t>(columns - 1)),
              "autofilter");
    }

    // A new print-ready sheet.
    lxw_worksheet* add_sheet(const std::string& name) {
        errno = 0;
        lxw_worksheet* sheet = wb->add_worksheet(name.c_str());
        if (sheet == nullptr) {
            // Out of memory, or (constant-memory mode) no temp file anywhere.
            const int err = errno;
            std::string m = "cannot write XLSX '" + shown + "': cannot add worksheet '" + name + "'";
            if (err != 0) m.append(": ").append(std::strerror(err));
            throw io_error(m);
        }
        print_setup(sheet);
        return sheet;
    }

    void open_sheet() {
        close_sheet();
        sheet_label = sheet_name(sheets + 1);
        ws = add_sheet(sheet_label);
        ++sheets;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            check(worksheet_set_column(ws, col, col, widths[c], nullptr), "column width");
        }
        worksheet_freeze_panes(ws, 1, 0);
        if (header_lines > 1)
            check(worksheet_set_row(ws, 0, LXW_DEF_ROW_HEIGHT * header_lines, nullptr),
                  "header height");
        for (std::size_t c = 0; c < header.size(); ++c) {
            check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(),
                                         header_fmt),
                  "header");
        }
        next_row = 1;
    }

    void put_cell(lxw_col_t col, const Cell& cell, bool total) {
        put_cell(col, cell.type, cell.text, cell.value, total, cell.day_offset);
    }
    void put_cell(lxw_col_t col, CellType type, std::string_view text, int64_t value, bool total,
                  int8_t day_offset = 0) {
        lxw_error err = LXW_NO_ERROR;
        switch (type) {
            case CellType::empty:
                // A TOTAL row is filled across; elsewhere an empty cell is absent.
                if (total) err = worksheet_write_blank(ws, next_row, col, total_text_fmt);
                break;
            case CellType::text:
                err = worksheet_write_string(ws, next_row, col, cell_text(text, col, next_row),
                                             total ? total_text_fmt : nullptr);
                break;
            case CellType::date:
                err = worksheet_write_number(ws, next_row, col,
                                             static_cast<double>(value) + kExcelEpochOffset,
                                             total ? total_date_fmt : date_fmt);
                break;
            case CellType::time:
                err = worksheet_write_number(ws, next_row, col,
                                             static_cast<double>(value) / kSecondsPerDay,
                                             time_format(day_offset, total));
                break;
            case CellType::duration:
                err = worksheet_write_number(ws, next_row, col,
                                             static_cast<double>(value) / kSecondsPerDay,
                                             total ? total_duration_fmt : duration_fmt);
                break;
            case CellType::integer:
                err = worksheet_write_number(ws, next_row, col, static_cast<double>(value),
                                             total ? total_text_fmt : nullptr);
                break;
            case CellType::signed_duration:
                err = worksheet_write_number(ws, next_row, col, static_cast<double>(value) / 3600.0,
                                             total ? total_signed_hours_fmt : signed_hours_fmt);
                break;
        }
        if (err != LXW_NO_ERROR) fail("cell", err);
    }

    // Starts a new sheet when this one is full, so callers just put cells.
    // Detail rows sit one outline level under the TOTAL row that follows
    // them, so a clerk can collapse a sheet to its totals.
    void start_row(std::size_t ncells, bool total) {
        if (next_row >= opt.max_rows_per_sheet) open_sheet();
        columns = std::max(columns, ncells);
        if (!total) {
            lxw_row_col_options detail{};
            detail.level = 1;
            check(worksheet_set_row_opt(ws, next_row, LXW_DEF_ROW_HEIGHT, nullptr, &detail),
                  "row outline");
        }
    }
    void end_row(std::size_t ncells, bool total) {
        // Fill the rest of a short TOTAL row so the band spans the table.
        if (total) {
            for (std::size_t c = ncells; c < header.size(); ++c) {
                put_cell(static_cast<lxw_col_t>(c), CellType::empty, {}, 0, true);
            }
        }
        ++next_row;
    }

    void write_row(std::span<const Cell> cells, bool total) {
        row_key = !cells.empty() ? cells[0].text : std::string_view();
        start_row(cells.size(), total);
        for (std::size_t c = 0; c < cells.size(); ++c)
            put_cell(static_cast<lxw_col_t>(c), cells[c], total);
        end_row(cells.size(), total);
    }

    void hold_row(std::span<const Cell> cells, bool total) {
        if (sample_len.size() < cells.size()) sample_len.resize(cells.size(), 0);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const Cell& cell = cells[c];
            sample_len[c] = std::max(sample_len[c], rendered_length(cell));
            Held h{cell.type, cell.day_offset, cell.value, arena.size(), 0};
            if (cell.type == CellType::text) {
                arena.append(cell.text);
                h.size = cell.text.size();
            }
            held_cells.push_back(h);
        }
        held_rows.emplace_back(held_cells.size(), total);
    }

    // Widths are known now: open the first sheet, write what was held, and
    // from here on stream.
    void end_sampling() {
        sampling = false;
        compute_widths();
        open_sheet();
        std::size_t begin = 0;
        for (const auto& [end, total] : held_rows) {
            const Held& first = held_cells[begin];
            row_key = end > begin ? std::string_view(arena).substr(first.offset, first.size)
                                  : std::string_view();
            start_row(end - begin, total);
            for (std::size_t i = begin; i < end; ++i) {
                const Held& h = held_cells[i];
                put_cell(static_cast<lxw_col_t>(i - begin), h.type,
                         std::string_view(arena).substr(h.offset, h.size), h.value, total,
                         h.day_offset);
            }
            end_row(end - begin, total);
            begin = end;
        }
        held_cells = {};
        held_rows = {};
        arena = {};
    }
};

// The summary sheet ("Resumen"): one row per employee and a bold TOTAL row.
// The company's hours per workday, with a column chart over them, are on a
// sheet of their own ("Resumen por día"): a sheet has one set of print
// titles, and each table's header must be the one repeated on its printed
// pages (docs/DESIGN.md, "Writers"). Constant-memory mode keeps no cells, so
// the chart reads its data from that table; the summary itself is already
// aggregated (RowSink::summary), so nothing here grows with the detail rows.
class XlsxSink::State::SummarySheet {
  public:
    SummarySheet(XlsxSink::State& s, lxw_worksheet* ws) : s_(s), ws_(ws) {}

    void write(const ReportSummary& sum) {
        // Rows: header, employees, TOTAL; on the next sheet header and workdays.
        if (sum.employees.size() + 2 > kExcelMaxRows || sum.workdays.size() + 1 > kExcelMaxRows)
            throw data_error("the summary has " + std::to_string(sum.employees.size()) +
                             " employees and " + std::to_string(sum.workdays.size()) +
                             " workdays: more rows than an Excel sheet holds");
        columns(sum);
        header_row(0, words().summary_header);
        lxw_row_t row = 1;
        for (const EmployeeSummary& e : sum.employees)
            employee_row(row++, e, sum.compliance_checked);
        total_row(row, sum);
        if (sum.workdays.empty()) return;
        ws_ = s_.add_sheet(words().days_sheet);
        s_.sheet_label = words().days_sheet;
        s_.notes.set_header(
            std::vector<std::string>(words().daily_header.begin(), words().daily_header.end()));
        worksheet_freeze_panes(ws_, 1, 0);
        days_columns();
        daily_table(0, sum);
    }

    // The "Cumplimiento" sheet: one row per incident, as the summary lists
    // them (employee, workday, rule; period incidents last).
    void compliance(const ReportSummary& sum) {
        if (sum.incidents.size() + 1 > kExcelMaxRows)
            throw data_error("the report has " + std::to_string(sum.incidents.size()) +
                             " compliance incidents: more rows than an Excel sheet holds");
        const detail::Labels& lab = detail::labels(s_.info.lang);
        std::size_t name = utf8_length(lab.incident_header[0]), longest_detail = 20;
        for (const IncidentSummary& i : sum.incidents) {
            name = std::max(name, utf8_length(i.name));
            longest_detail = std::max(longest_detail, utf8_length(i.detail));
        }
        check(worksheet_set_column(ws_, 0, 0, column_width(name), nullptr), "column width");
        check(worksheet_set_column(ws_, 1, 4, kSummaryWidth, nullptr), "column width");
        check(worksheet_set_column(ws_, 4, 5, column_width(30), nullptr), "column width");
        check(worksheet_set_column(ws_, 6, 7, kSummaryWidth, nullptr), "column width");
        check(worksheet_set_column(ws_, 8, 8, column_width(longest_detail), nullptr),
              "column width");
        header_row(0, lab.incident_header);
        lxw_row_t row = 1;
        for (const IncidentSummary& i : sum.incidents) {
            s_.row_key = i.name;
            const auto cells = detail::incident_cells(i, lab);
            for (std::size_t c = 0; c < cells.size(); ++c)
                cell(row, static_cast<lxw_col_t>(c), cells[c]);
            ++row;
        }
        if (row > 1) check(worksheet_autofilter(ws_, 0, 0, row - 1, 8), "autofilter");
    }

    // The "Modificaciones" sheet: one row per modified or deleted entry, as
    // the summary lists them (employee, workday, clock-in).
    void changes(const ReportSummary& sum) {
        if (sum.changes.size() + 1 > kExcelMaxRows)
            throw data_error("the report has " + std::to_string(sum.changes.size()) +
                             " modified or deleted entries: more rows than an Excel sheet holds");
        std::size_t name = utf8_length(words().changes_header[0]);
        for (const ChangeSummary& c : sum.changes)
            name = std::max(name, utf8_length(c.name));
        check(worksheet_set_column(ws_, 0, 0, column_width(name), nullptr), "column width");
        check(worksheet_set_column(ws_, 1, 3, kSummaryWidth, nullptr), "column width");
        check(worksheet_set_column(ws_, 4, 7, column_width(19), nullptr), "column width");
        check(worksheet_set_column(ws_, 8, 10, kSummaryWidth, nullptr), "column width");
        header_row(0, words().changes_header);
        auto when = [&](lxw_row_t row, lxw_col_t col, bool has, int64_t local_s) {
            if (has)
                number(row, col, static_cast<double>(local_s) / kSecondsPerDay + kExcelEpochOffset,
                       s_.datetime_fmt);
        };
        lxw_row_t row = 1;
        for (const ChangeSummary& c : sum.changes) {
            s_.row_key = c.name;
            text(row, 0, c.name, nullptr);
            text(row, 1, c.identity_type, nullptr);
            text(row, 2, c.nid, nullptr);
            number(row, 3, static_cast<double>(c.workday) + kExcelEpochOffset, s_.date_fmt);
            when(row, 4, true, c.clock_in);
            when(row, 5, c.has_clock_out, c.clock_out);
            when(row, 6, c.has_created, c.created);
            when(row, 7, c.has_updated, c.updated);
            if (!c.origin_in.empty()) text(row, 8, c.origin_in, nullptr);
            if (!c.origin_out.empty()) text(row, 9, c.origin_out, nullptr);
            text(row, 10, c.what, nullptr);
            ++row;
        }
        if (row > 1) check(worksheet_autofilter(ws_, 0, 0, row - 1, 10), "autofilter");
    }

  private:
    const XlsxWords& words() const;
    void check(lxw_error err, std::string_view what) const;
    void columns(const ReportSummary& sum);
    template <std::size_t N>
    void header_row(lxw_row_t row, const std::array<const char*, N>& names);
    void header_row(lxw_row_t row, std::span<const std::string_view> names);
    void cell(lxw_row_t row, lxw_col_t col, const Cell& c);
    void text(lxw_row_t row, lxw_col_t col, std::string_view v, lxw_format* f);
    void number(lxw_row_t row, lxw_col_t col, double v, lxw_format* f);
    void counts(lxw_row_t row, uint32_t days, int64_t worked, uint32_t open, uint32_t incidents,
                bool total);
    void figures(lxw_row_t row, int64_t effective, int64_t unpaid, int64_t night,
                 bool has_planned, int64_t planned, int64_t balance, bool total);
    void employee_row(lxw_row_t row, const EmployeeSummary& e, bool checked);
    void total_row(lxw_row_t row, const ReportSummary& sum);
    void remote_share(lxw_row_t row, bool known, int64_t remote, int64_t effective, bool total);
    void days_columns();
    void daily_table(lxw_row_t first, const ReportSummary& sum);
    void chart(lxw_row_t header_row, lxw_row_t last);

    XlsxSink::State& s_;
    lxw_worksheet* ws_;
};

XlsxSink::XlsxSink(const std::string& path, XlsxOptions options, std::string sheet_name,
                   std::string shown_path)
    : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.path = path;
    s.shown = shown_path.empty() ? path : std::move(shown_path);
    s.opt = std::move(options);
    if (s.opt.max_rows_per_sheet < 2 || s.opt.max_rows_per_sheet > kExcelMaxRows) {
        throw usage_error("max_rows_per_sheet must be 2.." + std::to_string(kExcelMaxRows) +
                          " (header included)");
    }
    check_output_path(path, s.shown);
    s.base_name = sanitize_sheet_name(sheet_name);
    s.tmpdir = s.opt.tmpdir;
    // libxlsxwriter falls back to other temp directories when this one does
    // not work; a caller who named one (a big disk, not a RAM /tmp) wants it.
    if (!s.tmpdir.empty()) {
        struct stat st {};
        errno = 0;
        if (::stat(s.tmpdir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
            ::access(s.tmpdir.c_str(), W_OK | X_OK) != 0) {
            const int err = errno != 0 ? errno : ENOTDIR;
            throw detail::io_failure("cannot use the temporary directory", s.tmpdir, err);
        }
    }
    lxw_workbook_options lo{};
    // Rows go to a temp file as they are written: memory stays flat with size.
    lo.constant_memory = LXW_TRUE;
    lo.tmpdir = s.tmpdir.empty() ? nullptr : s.tmpdir.data();
    // No ZIP64: a sheet stops at 1,048,576 rows, so no member nears 4 GB, and
    // some Excel versions complain about needless ZIP64 records.
    lo.use_zip64 = LXW_FALSE;
    s.wb = std::make_unique<Workbook>(workbook_new_opt(path.c_str(), &lo));
    if (!*s.wb) s.fail("cannot create workbook", LXW_ERROR_MEMORY_MALLOC_FAILED);
    s.make_formats();
}

XlsxSink::~XlsxSink() = default;

const XlsxWords& XlsxSink::State::SummarySheet::words() const {
    return reportgen::words(s_.info.lang);
}

void XlsxSink::State::SummarySheet::check(lxw_error err, std::string_view what) const {
    s_.check(err, what);
}

void XlsxSink::State::SummarySheet::columns(const ReportSummary& sum) {
    std::size_t name = utf8_length(words().summary_header[0]);
    std::size_t nid = utf8_length(words().summary_header[2]);
    std::size_t validation = utf8_length(words().summary_header[14]);
    for (const EmployeeSummary& e : sum.employees) {
        name = std::max(name, utf8_length(e.name));
        nid = std::max(nid, utf8_length(e.nid));
        validation = std::max(validation, utf8_length(e.validation));
    }
    check(worksheet_set_column(ws_, 0, 0, column_width(name), nullptr), "column width");
    // B and C also hold the daily table's hours: wide enough for its header.
    check(worksheet_set_column(ws_, 1, 1, kSummaryWidth, nullptr), "column width");
    check(worksheet_set_column(ws_, 2, 2, std::max(column_width(nid), kSummaryWidth), nullptr),
          "column width");
    // The figures' headers ("Pausas no retribuidas") may be wider than the default.
    for (lxw_col_t c = 3; c < words().summary_header.size(); ++c) {
        // O: its texts; P: the share, its long header wraps.
        const std::size_t chars = c == 14   ? validation
                                  : c == 15 ? 0
                                            : utf8_length(words().summary_header[c]);
        const double w = std::max(kSummaryWidth, column_width(chars));
        check(worksheet_set_column(ws_, c, c, w, nullptr), "column width");
    }
}

template <std::size_t N>
void XlsxSink::State::SummarySheet::header_row(lxw_row_t row,
                                               const std::array<const char*, N>& names) {
    for (std::size_t c = 0; c < N; ++c)
        check(worksheet_write_string(ws_, row, static_cast<lxw_col_t>(c), names[c], s_.header_fmt),
              "summary header");
}

void XlsxSink::State::SummarySheet::header_row(lxw_row_t row,
                                               std::span<const std::string_view> names) {
    for (std::size_t c = 0; c < names.size(); ++c)
        check(worksheet_write_string(ws_, row, static_cast<lxw_col_t>(c),
                                     std::string(names[c]).c_str(), s_.header_fmt),
              "summary header");
}

// The cells the summary sheets share with rows: text, dates and durations.
void XlsxSink::State::SummarySheet::cell(lxw_row_t row, lxw_col_t col, const Cell& c) {
    if (c.type == CellType::text)
        text(row, col, c.text, nullptr);
    else if (c.type == CellType::date)
        number(row, col, static_cast<double>(c.value) + kExcelEpochOffset, s_.date_fmt);
    else if (c.type == CellType::duration)
        number(row, col, static_cast<double>(c.value) / kSecondsPerDay, s_.duration_fmt);
}

void XlsxSink::State::SummarySheet::text(lxw_row_t row, lxw_col_t col, std::string_view v,
                                         lxw_format* f) {
    check(worksheet_write_string(ws_, row, col, s_.cell_text(v, col, row), f), "summary cell");
}

void XlsxSink::State::SummarySheet::number(lxw_row_t row, lxw_col_t col, double v, lxw_format* f) {
    check(worksheet_write_number(ws_, row, col, v, f), "summary cell");
}

// Columns D..H: days, hours, hours per day, open entries, incidents.
void XlsxSink::State::SummarySheet::counts(lxw_row_t row, uint32_t days, int64_t worked,
                                           uint32_t open, uint32_t incidents, bool total) {
    lxw_format* plain = total ? s_.total_text_fmt : nullptr;
    lxw_format* dur = total ? s_.total_duration_fmt : s_.duration_fmt;
    number(row, 3, days, plain);
    number(row, 4, static_cast<double>(worked) / kSecondsPerDay, dur);
    if (days > 0) {
        // Whole seconds, as every duration of the report.
        number(row, 5, static_cast<double>(worked / days) / kSecondsPerDay, dur);
    } else if (total) {
        check(worksheet_write_blank(ws_, row, 5, plain), "summary cell");
    }
    number(row, 6, open, plain);
    number(row, 7, incidents, plain);
}

// Columns I..M: effective time, unpaid pauses, night time, planned time and
// balance (a signed duration: decimal hours); planned and balance blank
// when the planned time is unknown.
void XlsxSink::State::SummarySheet::figures(lxw_row_t row, int64_t effective, int64_t unpaid,
                                            int64_t night, bool has_planned, int64_t planned,
                                            int64_t balance, bool total) {
    lxw_format* dur = total ? s_.total_duration_fmt : s_.duration_fmt;
    number(row, 8, static_cast<double>(effective) / kSecondsPerDay, dur);
    number(row, 9, static_cast<double>(unpaid) / kSecondsPerDay, dur);
    number(row, 10, static_cast<double>(night) / kSecondsPerDay, dur);
    if (has_planned) {
        number(row, 11, static_cast<double>(planned) / kSecondsPerDay, dur);
        number(row, 12, static_cast<double>(balance) / 3600.0,
               total ? s_.total_signed_hours_fmt : s_.signed_hours_fmt);
    } else if (total) {
        check(worksheet_write_blank(ws_, row, 11, s_.total_text_fmt), "summary cell");
        check(worksheet_write_blank(ws_, row, 12, s_.total_text_fmt), "summary cell");
    }
}

void XlsxSink::State::SummarySheet::employee_row(lxw_row_t row, const EmployeeSummary& e,
                                                 bool checked) {
    s_.row_key = e.name;
    text(row, 0, e.name, nullptr);
    text(row, 1, e.identity_type, nullptr);
    text(row, 2, e.nid, nullptr);
    counts(row, e.days_worked, e.worked_s, e.open_entries, e.incidents, false);
    figures(row, e.effective_s, e.unpaid_pause_s, e.night_s, e.has_planned, e.planned_s,
            e.effective_s - e.planned_s, false);
    // Column N: compliance incidents (empty when the checks did not run).
    if (checked) number(row, 13, e.compliance_incidents, nullptr);
    // Column O: the worker's validation of the period (empty: none).
    if (!e.validation.empty()) text(row, 14, e.validation, nullptr);
    // Column P: the remote share of effective time (empty: the place was
    // not read, or no effective time).
    remote_share(row, e.has_place, e.remote_effective_s, e.effective_s, false);
}

// remote / effective as a fraction the cell shows as a percentage.
void XlsxSink::State::SummarySheet::remote_share(lxw_row_t row, bool known, int64_t remote,
                                                 int64_t effective, bool total) {
    if (known && effective > 0)
        number(row, 15, static_cast<double>(remote) / static_cast<double>(effective),
               total ? s_.total_share_fmt : s_.share_fmt);
    else if (total)
        check(worksheet_write_blank(ws_, row, 15, s_.total_text_fmt), "summary cell");
}

// The company: days are person-days (the sum over employees).
void XlsxSink::State::SummarySheet::total_row(lxw_row_t row, const ReportSummary& sum) {
    uint64_t days = 0, open = 0, incidents = 0, compliance = 0;
    int64_t remote = 0;
    bool place = false;
    for (const EmployeeSummary& e : sum.employees) {
        remote += e.remote_effective_s;
        place = place || e.has_place;
        days += e.days_worked;
        open += e.open_entries;
        incidents += e.incidents;
        compliance += e.compliance_incidents;
    }
    auto u32 = [](uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX)); };
    text(row, 0, detail::labels(s_.info.lang).total, s_.total_text_fmt);
    text(row, 1, "", s_.total_text_fmt);
    text(row, 2, "", s_.total_text_fmt);
    counts(row, u32(days), sum.worked_s, u32(open), u32(incidents), true);
    figures(row, sum.effective_s, sum.unpaid_pause_s, sum.night_s, sum.has_planned, sum.planned_s,
            sum.balance_s, true);
    if (sum.compliance_checked)
        number(row, 13, static_cast<double>(compliance), s_.total_text_fmt);
    else
        check(worksheet_write_blank(ws_, row, 13, s_.total_text_fmt), "summary cell");
    check(worksheet_write_blank(ws_, row, 14, s_.total_text_fmt), "summary cell");
    remote_share(row, place, remote, sum.effective_s, true);
}

// The three headers ("Tiempo registrado" the widest) fit in kSummaryWidth.
void XlsxSink::State::SummarySheet::days_columns() {
    check(worksheet_set_column(ws_, 0, 2, kSummaryWidth, nullptr), "column width");
}

// Date | hours worked ([h]:mm:ss) | decimal hours (what the chart plots).
void XlsxSink::State::SummarySheet::daily_table(lxw_row_t first, const ReportSummary& sum) {
    header_row(first, words().daily_header);
    lxw_row_t row = first + 1;
    for (const WorkdayHours& d : sum.workdays) {
        number(row, 0, static_cast<double>(d.workday) + kExcelEpochOffset, s_.date_fmt);
        number(row, 1, static_cast<double>(d.worked_s) / kSecondsPerDay, s_.duration_fmt);
        number(row, 2, static_cast<double>(d.worked_s) / 3600.0, s_.hours_fmt);
        ++row;
    }
    chart(first, row - 1);
}

void XlsxSink::State::SummarySheet::chart(lxw_row_t header_row, lxw_row_t last) {
    lxw_chart* c = workbook_add_chart(s_.wb->get(), LXW_CHART_COLUMN);
    if (c == nullptr) s_.fail("cannot add the chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
    lxw_chart_series* series = chart_add_series(c, nullptr, nullptr);
    if (series == nullptr) s_.fail("cannot add the chart series", LXW_ERROR_MEMORY_MALLOC_FAILED);
    const char* sheet = words().days_sheet;
    chart_series_set_categories(series, sheet, header_row + 1, 0, last, 0);
    chart_series_set_values(series, sheet, header_row + 1, 2, last, 2);
    chart_series_set_name(series, words().daily_header[1]);
    chart_title_set_name(c, words().chart_title);
    chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(c->x_axis, "dd/mm");
    chart_axis_set_name(c->y_axis, words().chart_axis);
    lxw_chart_options where{};
    // 480 pixels wide: within columns E..H, so the page stays as wide as the
    // table. 346 high (18 rows) from the row below the header: whole on the
    // first printed page, beside the table's first rows. Not on the header
    // row: that row prints atop every page, with any part of a chart over it.
    where.x_scale = 1.0;
    where.y_scale = 1.2;
    check(worksheet_insert_chart_opt(ws_, header_row + 1, 4, c, &where), "chart");
}

void XlsxSink::describe(const ReportInfo& info) {
    State& s = *state_;
    if (s.begun) throw usage_error("XlsxSink: describe() after begin()");
    s.info.known = true;
    s.info.company = std::string(info.company);
    if (detail::has_cell_controls(info.company)) {
        detail::replace_cell_controls(info.company, s.info.company);
        detail::log().warn("XLSX: control characters in the company name replaced by U+FFFD");
    }
    s.info.from = info.from;
    s.info.to = info.to;
    s.info.layout = info.layout;
    s.info.lang = info.lang;
}

void XlsxSink::summary(const ReportSummary& summary) {
    State& s = *state_;
    if (!s.begun || s.finished) throw usage_error("XlsxSink: summary() outside begin()..finish()");
    if (s.summarized) throw usage_error("XlsxSink: summary() called twice");
    s.summarized = true;
    if (s.sampling) s.end_sampling();  // the detail sheets come first
    const XlsxWords& w = words(s.info.lang);
    lxw_worksheet* ws = s.add_sheet(w.summary_sheet);
    s.sheet_label = w.summary_sheet;
    s.notes.set_header(std::vector<std::string>(w.summary_header.begin(), w.summary_header.end()));
    worksheet_freeze_panes(ws, 1, 0);
    State::SummarySheet(s, ws).write(summary);
    if (summary.changes_listed) {
        lxw_worksheet* ms = s.add_sheet(w.changes_sheet);
        s.sheet_label = w.changes_sheet;
        s.notes.set_header(
            std::vector<std::string>(w.changes_header.begin(), w.changes_header.end()));
        worksheet_freeze_panes(ms, 1, 0);
        State::SummarySheet(s, ms).changes(summary);
    }
    // An incidents report's rows are this list already.
    if (!summary.compliance_checked || s.info.layout == Layout::incidents) return;
    const detail::Labels& lab = detail::labels(s.info.lang);
    const std::string sheet(lab.incident_sheet);
    lxw_worksheet* cs = s.add_sheet(sheet);
    s.sheet_label = sheet;
    s.notes.set_header(
        std::vector<std::string>(std::begin(lab.incident_header), std::end(lab.incident_header)));
    worksheet_freeze_panes(cs, 1, 0);
    State::SummarySheet(s, cs).compliance(summary);
}

void XlsxSink::begin(std::span<const std::string_view> header) {
    State& s = *state_;
    if (s.begun || s.finished) throw usage_error("XlsxSink: begin() called twice");
    s.begun = true;
    s.header.assign(header.begin(), header.end());
    s.notes.set_header(s.header);
    s.columns = header.size();
    if (s.opt.width_sample_rows == 0) s.end_sampling();
}

void XlsxSink::worker(const WorkerInfo& info) {
    State& s = *state_;
    if (!s.begun || s.finished) throw usage_error("XlsxSink: worker() outside begin()..finish()");
    State::Told& t = s.told;
    if (++t.workers > 1) return;  // a file of many workers: the report's header
    detail::replace_cell_controls(info.name, t.name);
    detail::replace_cell_controls(info.identity_type, t.identity_type);
    detail::replace_cell_controls(info.nid, t.nid);
    detail::replace_cell_controls(info.ssn, t.ssn);
    t.code = info.code;
}

void XlsxSink::row(const TypedRow& row) {
    State& s = *state_;
    if (!s.begun || s.finished || s.summarized)
        throw usage_error("XlsxSink: row() outside begin()..summary()/finish()");
    if (s.sampling) {
        s.hold_row(row.cells, row.total);
        if (s.held_rows.size() >= s.opt.width_sample_rows) s.end_sampling();
        return;
    }
    s.write_row(row.cells, row.total);
}

void XlsxSink::finish() {
    State& s = *state_;
    if (s.finished) return;
    if (!s.begun) throw usage_error("XlsxSink: finish() before begin()");
    if (s.sampling) s.end_sampling();
    s.close_sheet();
    s.finished = true;
    s.notes.close();
    s.set_page_headers();
    s.set_properties();
    int sys = 0;
    const lxw_error err = s.wb->close(sys);
    if (err != LXW_NO_ERROR) s.fail("cannot save", err, sys);
}

std::size_t XlsxSink::sheets() const {
    return state_->sheets;
}

}  // namespace reportgen
