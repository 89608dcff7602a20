#pragma once
/// \file
/// Writers: byte sinks (file, stdout, gzip over any byte sink), the CSV,
/// XLSX and PDF row sinks, and atomic output files.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/row.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// A stream of bytes. write() may buffer; close() flushes and releases, and
/// throws an io error on failure. Destructors never throw and do not flush
/// unfinished output into a file anybody will read (see AtomicFile).
class REPORTGEN_API ByteSink {
  public:
    virtual ~ByteSink() = default;
    /// Appends `bytes`; an io error on failure.
    virtual void write(std::string_view bytes) = 0;
    /// Flushes and releases; an io error on failure. A second call does nothing.
    virtual void close() = 0;
    /// Bytes accepted by this sink (for gzip: uncompressed input).
    virtual uint64_t bytes_in() const = 0;
};

/// A FILE* opened on a path (or stdout, borrowed). Buffered.
class REPORTGEN_API FileByteSink final : public ByteSink {
  public:
    /// name: the path errors show, when path is not the one a user knows
    /// (a temporary file's /proc/self/fd/N); empty: path.
    explicit FileByteSink(const std::string& path, std::string name = {});
    /// A sink on the process's stdout (borrowed: close() flushes, never closes it).
    static std::unique_ptr<FileByteSink> stdout_sink();
    ~FileByteSink() override;
    void write(std::string_view bytes) override;
    void close() override;
    uint64_t bytes_in() const override;

  private:
    struct Impl;
    explicit FileByteSink(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Collects into a string (tests, in-memory use).
class REPORTGEN_API StringByteSink final : public ByteSink {
  public:
    void write(std::string_view bytes) override { data_.append(bytes); }
    void close() override {}
    uint64_t bytes_in() const override { return data_.size(); }
    /// What was written.
    const std::string& str() const { return data_; }

  private:
    std::string data_;
};

/// Streaming gzip (zlib deflate, gzip wrapper) over another byte sink.
class REPORTGEN_API GzipByteSink final : public ByteSink {
  public:
    /// Compresses into `inner` (not owned; it must outlive this sink) at
    /// zlib `level` (0..9; a usage error otherwise).
    explicit GzipByteSink(ByteSink& inner, int level = 6);
    ~GzipByteSink() override;
    void write(std::string_view bytes) override;
    void close() override;  ///< finishes the gzip stream, then closes inner
    uint64_t bytes_in() const override;
    /// Compressed bytes handed to the inner sink.
    uint64_t bytes_out() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// RFC 4180 CSV: quotes when needed, CRLF, optional BOM and formula guard.
/// Control characters other than tab, CR and LF are replaced by U+FFFD, as
/// in XLSX, with a warning naming the column and line.
class REPORTGEN_API CsvSink final : public RowSink {
  public:
    /// Writes into `out` (not owned; it must outlive this sink). A usage
    /// error for a delimiter that is a quote, CR, LF or control character.
    CsvSink(ByteSink& out, CsvOptions options = {});
    ~CsvSink() override;
    void begin(std::span<const std::string_view> header) override;
    void row(const TypedRow& row) override;
    void finish() override;  ///< flushes and closes the byte sink

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// XLSX through libxlsxwriter in constant-memory mode. Print-ready: every
/// sheet A4 landscape, one page wide, header row on every page, page numbers;
/// with describe(), the company and period in the page header and document
/// properties. Detail rows are outlined one level under their TOTAL row, so a
/// sheet collapses to its totals. summary() adds a last sheet ("Resumen" /
/// "Summary") with one row per employee, company totals and a chart of hours
/// per workday.
class REPORTGEN_API XlsxSink final : public RowSink {
  public:
    /// shown_path: the path errors name, when path is not the one a user
    /// knows (a temporary file's /proc/self/fd/N); empty: path.
    XlsxSink(const std::string& path, XlsxOptions options = {}, std::string sheet_name = "Report",
             std::string shown_path = {});
    ~XlsxSink() override;
    void describe(const ReportInfo& info) override;  ///< before begin()
    void begin(std::span<const std::string_view> header) override;
    /// The register's worker: a file of exactly one worker (split per
    /// worker) names them in the page header (name, ID, code, SS number).
    void worker(const WorkerInfo& info) override;
    void row(const TypedRow& row) override;
    void summary(const ReportSummary& summary) override;  ///< after the last row, once
    void finish() override;
    /// Worksheets written so far (a report over max_rows_per_sheet rows takes more than one).
    std::size_t sheets() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// PDF through cairo + pango, print-ready (docs/DESIGN.md "PDF"): A4,
/// DejaVu Sans embedded, text selectable, a table with the layout's columns
/// and its header row on every page; a cell's text wraps or is ellipsized
/// inside its cell. With describe(), the company and period in each page's
/// header.
/// - Layout::daily, the register: A4 portrait; each employee starts a new
///   page; the page header names the employee (name, ID type and number,
///   taken from the rows' first three cells, which the table leaves out)
///   and, from worker(), the employee code, Social Security number, workday
///   (the period's planned time) and validation of the period ("No
///   disponible" where unknown); the columns only the TOTAL row fills are a
///   line of totals under the table, wrapped within the margins; the
///   footer has two signature boxes (company, worker), a place-and-date
///   line and "Página N de M" counted per employee. One employee's rows are
///   buffered at a time.
/// - Layout::payroll: A4 landscape, one table, "Página N de M" over the
///   whole table (its rows, one per employee, are buffered).
/// Other layouts: a usage error. The same rows give the same bytes (no
/// creation date is written).
class REPORTGEN_API PdfSink final : public RowSink {
  public:
    /// Writes into `out` (not owned; it must outlive this sink); finish()
    /// closes it.
    PdfSink(ByteSink& out, Layout layout, Lang lang = Lang::es);
    ~PdfSink() override;
    void describe(const ReportInfo& info) override;  ///< before begin()
    void begin(std::span<const std::string_view> header) override;
    /// The register's page header of the worker whose rows follow.
    void worker(const WorkerInfo& info) override;
    void row(const TypedRow& row) override;
    void finish() override;
    /// Pages written so far (all of them after finish()).
    std::size_t pages() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// One file per employee, for --split-by employee: the by_employee rows of
/// each employee (TOTAL rows included) go to the file named by the template
/// with {employee} (the employee's name, file-safe) and {company} (from
/// describe()). Memory and descriptors stay bounded: one file is open at a
/// time; a finished one waits, closed, under a hidden temporary name beside
/// its target. All are renamed at finish(), all or none: a failure, or a
/// cancel (the token is checked before each rename and after the last), puts
/// back every file already replaced and removes the new ones. The XLSX files
/// have no summary sheet (the summary arrives when the files are already written).
class REPORTGEN_API EmployeeSplitSink final : public RowSink {
  public:
    /// A usage error unless the layout is by_employee and path_template names
    /// the file with {employee}; an io error when its directory is not writable.
    EmployeeSplitSink(const ReportRequest& request, std::string path_template,
                      const CancelToken* cancel = nullptr);
    ~EmployeeSplitSink() override;
    void describe(const ReportInfo& info) override;
    void begin(std::span<const std::string_view> header) override;
    /// The register's next worker: opens its file and passes the call on.
    void worker(const WorkerInfo& info) override;
    void row(const TypedRow& row) override;
    void finish() override;
    /// The files written (after finish()), in the order of the rows.
    const std::vector<std::string>& files() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Output written to a temporary file beside the target and renamed over it
/// on commit(); destroyed without commit, the temporary file is removed.
/// - A symbolic link: the file it points to is replaced (the link stays);
///   but a link in a sticky world-writable directory (/tmp) that belongs to
///   neither us nor the directory's owner is refused with an io error, as
///   the kernel's fs.protected_symlinks refuses to open it.
/// - A character device or FIFO (/dev/null, a named pipe): written in place;
///   there is nothing to rename, and replacing it would destroy it.
/// - A directory: a usage error at construction.
/// commit_as() applies the same rules to the name it is given.
/// The temporary file is anonymous (O_TMPFILE) where the file system allows,
/// so a killed process leaves nothing; elsewhere it is ".NAME.tmp-PID-XXXXXX"
/// and the next AtomicFile for NAME removes those of processes that are gone.
/// commit() fsyncs the file, renames it, then fsyncs the directory.
class REPORTGEN_API AtomicFile {
  public:
    explicit AtomicFile(std::string target);  ///< io error if the directory is not writable
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    /// Where to write: a path that opens the temporary file (for an anonymous
    /// one, /proc/self/fd/N), or the target itself when direct().
    const std::string& temp_path() const { return temp_; }
    /// The path the file is committed to, as given.
    const std::string& target() const { return target_; }
    /// The target is a device or FIFO, written in place (not seekable: a zip
    /// must be spooled elsewhere and copied).
    bool direct() const { return direct_; }
    void commit();  ///< io error on failure (then nothing is at the target)
    /// commit() to another name in the same directory (a name known only at
    /// the end, e.g. from the company's name); a usage error for another
    /// directory. A device or FIFO at that name gets the content copied in
    /// place; a link to another directory, a copy committed there.
    void commit_as(std::string target);

    /// For callers that keep many finished files until a common commit (one
    /// file per employee): gives an anonymous temporary file its hidden name
    /// and closes its descriptor, so that finished files hold none.
    void release_descriptor();
    /// For files published together, all or none: commit() keeps the file it
    /// replaces (a hidden hard link) until destruction, and roll_back() puts
    /// it back (or removes the new file when there was none). roll_back()
    /// returns false when the commit cannot be undone (a device or FIFO was
    /// written) or the rename failed.
    void keep_previous() { keep_previous_ = true; }
    /// Undoes a commit() made after keep_previous() (see there).
    /// \return false when it cannot be undone.
    bool roll_back() noexcept;

  private:
    void create_temp();
    void link_anonymous();
    void link_previous();
    void copy_to(const std::string& target);
    std::string target_;  ///< as given
    std::string final_;   ///< target_ with symbolic links resolved
    std::string dir_;     ///< final_'s directory and name
    std::string name_;
    std::string temp_;
    std::string previous_;  ///< keep_previous(): the replaced file's hidden link
    int tmpfile_fd_ = -1;   ///< the O_TMPFILE descriptor, open until commit or destruction
    bool direct_ = false;
    bool committed_ = false;
    bool keep_previous_ = false;
};

}  // namespace reportgen
