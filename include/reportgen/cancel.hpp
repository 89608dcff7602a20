#pragma once
/// \file
/// Cooperative cancellation: the caller keeps a CancelToken and calls cancel()
/// from any thread; engines and the report builder check it between units of
/// work and stop with ErrorKind::cancelled, leaving no output behind.
#include <atomic>

#include "reportgen/export.hpp"

namespace reportgen {

/// A flag the caller sets to stop a running report (generate(), BatchRunner::run()).
/// Thread-safe: cancel() from any thread, or from a signal handler (one atomic store).
class REPORTGEN_API CancelToken {
  public:
    /// Asks the report to stop; it ends with ErrorKind::cancelled at its next check.
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    /// Whether cancel() was called.
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

  private:
    std::atomic<bool> flag_{false};
};

}  // namespace reportgen
