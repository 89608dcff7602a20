#pragma once
// Internal switches of the page decoder, for tests and benchmarks that
// compare its two paths; nothing else should touch them.
#include <atomic>

namespace reportgen::detail {

// The fast path reads entries shaped as the API sends them straight from the
// page's bytes and hands every other entry to the On-Demand path; off, every
// entry goes through On-Demand (the reference the fast path must equal).
extern std::atomic<bool> page_decoder_fast_path;

}  // namespace reportgen::detail
