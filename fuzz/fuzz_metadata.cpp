// Any bytes as each metadata body: decoded or refused with a data error,
// and never accepted when nlohmann's parser says it is not JSON.
#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

template <class Fn>
void run(std::string_view input, Fn&& decode) {
    bool ok = false;
    try {
        decode();
        ok = true;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::data)
            fuzz::disagree("a metadata error that is not a data error");
    }
    if (ok && !nlohmann::json::accept(input))
        fuzz::disagree("a metadata body that is not JSON was accepted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<CheckType> check_types;
    std::vector<WorkBreak> work_breaks;
    std::vector<Collection> collections;
    run(input, [&] { decode_check_types(input, "check-types page 1", check_types); });
    run(input, [&] { decode_work_breaks(input, "work-breaks page 1", work_breaks); });
    run(input, [&] { decode_collections(input, "collections page 1", collections); });
    run(input, [&] { decode_collection_check_types(input, "collection g"); });
    run(input, [&] { decode_company_info(input, "info"); });
    return 0;
}
