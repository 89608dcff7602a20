#pragma once
// The report core (docs/DESIGN.md "Report semantics"): drains the store,
// cleans the entries, groups shifts (shifts.hpp), lays the rows out
// (layout.hpp) and streams them into a sink.
#include <cstddef>
#include <memory>

#include "report/entry_store.hpp"
#include "report/payroll_sources.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

class ReportBuilder {
  public:
    // Resolves request.paid_breaks against reference.work_breaks: a name that
    // matches no break type is a usage error, raised here (paid_breaks.hpp).
    ReportBuilder(const ReportRequest& request, const ReferenceData& reference);
    ~ReportBuilder();

    // Drains the store and writes the header, the rows and the TOTAL rows to
    // sink (begin/row; the caller calls finish()). Fills the build fields of
    // metrics. Checks cancel every chunk_size rows. `sources`: what the
    // payroll figures read besides the entries (planned time, days off,
    // Sesame's figures); null, or a source not read, leaves those figures'
    // cells empty (docs/DESIGN.md "Payroll figures").
    void build(EntryStore& store, RowSink& sink, Metrics& metrics,
               const CancelToken* cancel = nullptr, std::size_t chunk_size = 2000,
               const PayrollSources* sources = nullptr);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
