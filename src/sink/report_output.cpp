#include "sink/report_output.hpp"

#include <sys/stat.h>

#include <array>

#include "report/labels.hpp"
#include "reportgen/error.hpp"
#include "reportgen/output_name.hpp"
#include "sink/io_util.hpp"

namespace reportgen::detail {

ReportOutput::ReportOutput(const ReportRequest& request, const std::string& path) : req_(request) {
    if (path.empty()) throw usage_error("no output path", "output path");
    if (path == "-") {
        if (request.format == Format::xlsx)
            throw usage_error(
                "XLSX cannot be written to stdout (it is a zip archive that needs seeking); "
                "write it to a file, or choose CSV",
                "output path");
        path_ = path;
        return;
    }
    path_ = expand_output_template(path, {request.layout, request.from, request.to, {}, {}});
    if (has_placeholder(path_, "employee"))
        throw usage_error("output '" + path +
                          "': {employee} needs one file per employee (EmployeeSplitSink)",
                          "output path");
    company_pending_ = has_placeholder(path_, "company");
    // The temporary file is made in the target's directory before the
    // company is known: that directory cannot depend on it.
    if (company_pending_ && path_.rfind('/') != std::string::npos &&
        has_placeholder(path_.substr(0, path_.rfind('/')), "company"))
        throw usage_error("output '" + path + "': {company} may name the file, not a directory",
                          "output path");
    atomic_.emplace(path_);
}

ReportOutput::~ReportOutput() = default;

RowSink& ReportOutput::open() {
    if (req_.format == Format::xlsx) {
        std::string path = atomic_->temp_path();
        if (atomic_->direct()) {
            spool_ = anonymous_temp_file(req_.xlsx.tmpdir);
            path = "/proc/self/fd/" + std::to_string(::fileno(spool_.get()));
        }
        // Errors name the output, not the temporary file's /proc/self/fd/N.
        const Labels& l = labels(req_.lang);
        const std::string_view sheet =
            req_.layout == Layout::incidents ? l.incident_sheet : l.sheet_name;
        rows_ = std::make_unique<XlsxSink>(path, req_.xlsx, std::string(sheet), path_);
        return *rows_;
    }
    file_ = atomic_ ? std::make_unique<FileByteSink>(atomic_->temp_path(), path_)
                    : std::unique_ptr<ByteSink>(FileByteSink::stdout_sink());
    ByteSink* bytes = file_.get();
    if (req_.format == Format::csv_gz) {
        gzip_ = std::make_unique<GzipByteSink>(*file_, req_.gzip_level);
        bytes = gzip_.get();
    }
    if (req_.format == Format::pdf)
        rows_ = std::make_unique<PdfSink>(*bytes, req_.layout, req_.lang);
    else
        rows_ = std::make_unique<CsvSink>(*bytes, req_.csv);
    return *rows_;
}

uint64_t ReportOutput::copy_spool() {
    FileByteSink out(atomic_->temp_path(), path_);
    std::array<char, 1 << 16> buf{};
    errno = 0;
    if (std::fseek(spool_.get(), 0, SEEK_SET) != 0)
        throw io_failure("cannot read back the spooled XLSX for", path_, errno);
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), spool_.get())) > 0)
        out.write(std::string_view(buf.data(), n));
    if (std::ferror(spool_.get()))
        throw io_failure("cannot read back the spooled XLSX for", path_, errno);
    out.close();
    return out.bytes_in();
}

void ReportOutput::commit(Metrics& m, const CancelToken* cancel) {
    finish(m);
    if (cancel && cancel->cancelled()) throw Error(ErrorKind::cancelled, "report cancelled");
    publish(m);
}

void ReportOutput::finish(Metrics& m) {
    rows_->finish();
    if (req_.fail_empty && m.rows_written == 0)
        throw data_error("no entries from " + format_iso_date(req_.from) + " to " +
                             format_iso_date(req_.to) + " (fail_empty): nothing written",
                         "ReportRequest::fail_empty");
    if (spool_) m.bytes_written = copy_spool();
    if (gzip_) {
        m.bytes_uncompressed = gzip_->bytes_in();
        m.bytes_written = gzip_->bytes_out();
    } else if (file_) {
        m.bytes_written = file_->bytes_in();
    }
    // Finished sinks keep buffers: one file of many (split by employee)
    // must not hold them until the last is written.
    gzipped_ = gzip_ != nullptr;
    rows_.reset();
    gzip_.reset();
    file_.reset();
    spool_.reset();
}

void ReportOutput::publish(Metrics& m) {
    if (atomic_) {
        if (company_pending_) {
            OutputNameFields f{req_.layout, req_.from, req_.to, m.company_name, {}};
            path_ = expand_output_template(path_, f);
            company_pending_ = false;
        }
        atomic_->commit_as(path_);
        m.output_path = path_;
        struct stat st {};
        if (!atomic_->direct() && ::stat(path_.c_str(), &st) == 0)
            m.bytes_written = static_cast<uint64_t>(st.st_size);
    } else {
        m.output_path = "-";
    }
    if (gzipped_ && m.bytes_written > 0)
        m.compression_ratio =
            static_cast<double>(m.bytes_uncompressed) / static_cast<double>(m.bytes_written);
}

}  // namespace reportgen::detail
