#pragma once
// The file a report goes to: the right chain of sinks for the format, over
// an AtomicFile (or stdout), committed only when the whole report is written.
#include <memory>
#include <optional>
#include <string>

#include "report/temp_file.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/sinks.hpp"

namespace reportgen::detail {

class ReportOutput {
  public:
    // Creates the temporary file at once, so an unwritable directory fails
    // before any request is sent. path "-" is stdout (not for XLSX). path
    // may be a template (include/reportgen/output_name.hpp): its placeholders
    // are expanded here from the request, and {company}, in the file name
    // only, at commit() from Metrics::company_name (known only after the
    // report's first requests).
    ReportOutput(const ReportRequest& request, const std::string& path);
    ~ReportOutput();

    // Opens the sinks (after fetching, so that nothing is created for a
    // report that fails early).
    RowSink& open();
    // finish() then publish(). A cancel seen after finishing (an XLSX is
    // zipped there, which takes a while) still wins: nothing is committed.
    void commit(Metrics& metrics, const CancelToken* cancel = nullptr);
    // The sinks: flushed, closed and released; --fail-empty checked.
    void finish(Metrics& metrics);
    // The rename into place ({company} from metrics.company_name).
    void publish(Metrics& metrics);
    bool to_stdout() const { return !atomic_; }
    // The file behind it (null for stdout): for callers that publish many
    // outputs together (AtomicFile::release_descriptor, keep_previous, roll_back).
    AtomicFile* file() { return atomic_ ? &*atomic_ : nullptr; }
    // The file's path: final after commit(); before it, {company} may remain.
    const std::string& path() const { return path_; }

  private:
    uint64_t copy_spool();  // bytes copied
    const ReportRequest& req_;
    std::string path_;
    bool company_pending_ = false;  // {company} in path_, expanded at commit()
    bool gzipped_ = false;
    std::optional<AtomicFile> atomic_;
    std::unique_ptr<ByteSink> file_;
    std::unique_ptr<GzipByteSink> gzip_;
    // An XLSX bound for a device or FIFO is zipped here (the zip writer
    // seeks), then copied to it on commit.
    FilePtr spool_;
    std::unique_ptr<RowSink> rows_;  // after spool_: destroyed before it
};

}  // namespace reportgen::detail
