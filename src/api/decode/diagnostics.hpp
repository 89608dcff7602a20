#pragma once
// Error messages for a page that is not JSON (src/api/decode/diagnostics.cpp).
#include <string_view>

#include "api/decode/common.hpp"

namespace reportgen::detail {

// Throws the data error for a page the JSON validator refused: the page, and
// where known the byte offset, the entry and the key; `reason` is the
// validator's own message.
[[noreturn]] void fail_not_json(Where w, std::string_view body, bool utf8_error,
                                std::string_view reason);

}  // namespace reportgen::detail
