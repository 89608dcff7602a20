#include "choices.hpp"

#include "reportgen/error.hpp"

namespace reportgen::cli {

std::span<const std::string_view> choices_of(std::string_view flag) noexcept {
    if (flag == "--format") return kFormats;
    if (flag == "--type") return kTypes;
    if (flag == "--engine") return kEngines;
    if (flag == "--lang") return kLangs;
    if (flag == "--progress") return kProgressModes;
    if (flag == "--split-by") return kSplitBy;
    if (flag == "--limit" || flag == "--no-check") return kRuleIds;
    return {};
}

std::string joined(std::span<const std::string_view> values, std::string_view sep) {
    std::string out;
    for (const std::string_view v : values) {
        if (!out.empty()) out += sep;
        out += v;
    }
    return out;
}

void not_one_of(std::string_view flag, std::string_view value) {
    throw usage_error(std::string(flag) + " '" + std::string(value) + "' is not one of " +
                      joined(choices_of(flag), ", "));
}

}  // namespace reportgen::cli
