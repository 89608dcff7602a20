#pragma once
// Internal switches of the page decoder, for tests, benchmarks and fuzzers
// that compare its paths and kernels; nothing else should touch them.
#include <atomic>

#include "api/decode/fast_path.hpp"

namespace reportgen::detail {

// The fast path reads pages shaped as the API sends them straight from the
// page's bytes and hands every other page to the On-Demand path; off, every
// page goes through On-Demand (the reference the fast path must equal).
extern std::atomic<bool> page_decoder_fast_path;

// The fast path's kernel (one of fast_kernels()); null: the one chosen for
// this CPU.
extern std::atomic<FastPageFn> page_decoder_fast_kernel;

// Pages the fast path decoded (not handed to On-Demand), for tests that must
// know which path ran.
extern std::atomic<unsigned long> page_decoder_fast_pages;

// Sets the path (and kernel) for its lifetime, then restores the shipped
// choice: fast path on, this CPU's kernel.
class DecoderPathScope {
  public:
    explicit DecoderPathScope(bool fast, FastPageFn kernel = nullptr) {
        page_decoder_fast_path = fast;
        page_decoder_fast_kernel = kernel;
    }
    ~DecoderPathScope() {
        page_decoder_fast_path = true;
        page_decoder_fast_kernel = nullptr;
    }
    DecoderPathScope(const DecoderPathScope&) = delete;
    DecoderPathScope& operator=(const DecoderPathScope&) = delete;
};

}  // namespace reportgen::detail
