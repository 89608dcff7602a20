// The page decoder's paths must agree: On-Demand alone, the fast path as
// shipped, and each fast-path kernel accept the same pages with the same
// entries; and no path accepts what simdjson's validating DOM parser
// refuses (a page that is not JSON).
#include <simdjson.h>

#include "fuzz_common.hpp"

using namespace reportgen;
using namespace reportgen::detail;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const fuzz::Decoded reference = fuzz::decode(input, false);
    if (!fuzz::same(reference, fuzz::decode(input, true)))
        fuzz::disagree("the fast path and On-Demand decode the page differently");
    for (const auto& kernel : detail::fast_kernels())
        if (!fuzz::same(reference, fuzz::decode(input, true, kernel.run)))
            fuzz::disagree("a fast-path kernel and On-Demand decode the page differently");
    if (reference.ok) {
        static simdjson::dom::parser validator;
        const simdjson::padded_string padded(input);
        if (validator.parse(padded).error()) fuzz::disagree("a page that is not JSON was accepted");
    }
    return 0;
}
