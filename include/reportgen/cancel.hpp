#pragma once
// Cooperative cancellation: the caller keeps a CancelToken and calls cancel()
// from any thread; engines and the report builder check it between units of
// work and stop with ErrorKind::cancelled, leaving no output behind.
#include <atomic>

#include "reportgen/export.hpp"

namespace reportgen {

class REPORTGEN_API CancelToken {
  public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

  private:
    std::atomic<bool> flag_{false};
};

}  // namespace reportgen
