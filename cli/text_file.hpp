#pragma once
// Small text outputs of the CLI (--metrics-json, --summary-json).
#include <string>
#include <string_view>

namespace reportgen::cli {

// Writes `text` to `path` through AtomicFile, like a report: a device or
// FIFO is written in place, a symbolic link's target replaced, never a
// half-written file.
void write_text_file(const std::string& path, std::string_view text);

}  // namespace reportgen::cli
