// The timestamp parsers must agree: parse_timestamp() (any shape the API may
// send) and the page decoder's TimestampParser (its fast shapes, remembering
// the last date), over the lines of the input in turn.
#include "api/decode/common.hpp"
#include "fuzz_common.hpp"

using namespace reportgen;
using namespace reportgen::detail;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    detail::TimestampParser parser;
    while (!input.empty()) {
        const auto nl = input.find('\n');
        const std::string_view line = input.substr(0, nl);
        input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
        const auto a = parse_timestamp(line);
        const auto b = parser.parse(line);
        if (a.has_value() != b.has_value() ||
            (a && (a->utc != b->utc || a->offset_min != b->offset_min)))
            fuzz::disagree("parse_timestamp and TimestampParser disagree");
    }
    return 0;
}
