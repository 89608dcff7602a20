#pragma once
// The CLI's words for a library error: the library names its own inputs
// (Error::subject(), e.g. "ReportRequest::from"); the CLI knows which flag or
// variable fed each one and says so (docs/DESIGN.md, "Errors").
#include <string>
#include <string_view>

#include "reportgen/error.hpp"

namespace reportgen::cli {

// The flags and variables that set `subject` ("" when the CLI sets none).
std::string_view hint_for(std::string_view subject) noexcept;

// e.what(), then "; check <hint>" when the subject has a hint.
std::string message_with_hint(const Error& e);

}  // namespace reportgen::cli
