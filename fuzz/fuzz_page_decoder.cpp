// Any bytes as a work-entries page: decoded or refused with a data error,
// never a crash, a leak or undefined behaviour (ASan + UBSan).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    reportgen::fuzz::decode(input, true);
    return 0;
}
