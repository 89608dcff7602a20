#pragma once
// The file a report goes to: the right chain of sinks for the format, over
// an AtomicFile (or stdout), committed only when the whole report is written.
#include <memory>
#include <optional>
#include <string>

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
    // finish() the sink chain, rename the file into place, fill output metrics.
    void commit(Metrics& metrics);   // = finish() then publish()
    void finish(Metrics& metrics);   // the sinks: flushed, closed and released
    void publish(Metrics& metrics);  // the rename ({company} from metrics.company_name)
    bool to_stdout() const { return !atomic_; }
    // The file's path: final after commit(); before it, {company} may remain.
    const std::string& path() const { return path_; }

  private:
    const ReportRequest& req_;
    std::string path_;
    bool company_pending_ = false;  // {company} in path_, expanded at commit()
    bool gzipped_ = false;
    std::optional<AtomicFile> atomic_;
    std::unique_ptr<ByteSink> file_;
    std::unique_ptr<GzipByteSink> gzip_;
    std::unique_ptr<RowSink> rows_;
};

}  // namespace reportgen::detail
