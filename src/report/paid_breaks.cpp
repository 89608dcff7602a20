#include "report/paid_breaks.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "reportgen/error.hpp"

namespace reportgen::detail {
namespace {

// Lower case for ASCII and for the Latin-1 letters Spanish and Catalan
// names use (À..Þ, UTF-8 C3 80..C3 9E but not × C3 97): "CAFÉ" == "café".
std::string fold(std::string_view s) {
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
            ++i;
        }
    }
    return out;
}

[[noreturn]] void no_match(std::string_view item, std::span<const WorkBreak> company) {
    std::vector<std::string> names;
    for (const WorkBreak& b : company)
        names.push_back("'" + b.name + "' (" + b.id + ")");
    std::sort(names.begin(), names.end());
    std::string list;
    for (const std::string& n : names)
        list += (list.empty() ? "" : ", ") + n;
    throw usage_error("paid_breaks: '" + std::string(item) +
                      "' matches no break type of the company (" +
                      (company.empty() ? std::string("the company has no break types")
                                       : "its break types: " + list) +
                      ")");
}

}  // namespace

std::vector<std::string> resolve_paid_breaks(std::span<const std::string> paid_breaks,
                                             std::span<const WorkBreak> company) {
    std::vector<std::string> ids;
    for (const WorkBreak& b : company)
        if (b.remunerated) ids.push_back(b.id);
    for (const std::string& raw : paid_breaks) {
        const std::string_view item = trim_spaces(raw);
        if (item.empty()) continue;
        const std::string key = fold(item);
        bool matched = false;
        for (const WorkBreak& b : company) {
            if (b.id == item || fold(trim_spaces(b.name)) == key) {
                ids.push_back(b.id);
                matched = true;
            }
        }
        if (!matched) no_match(item, company);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

PaidBreakRefs::PaidBreakRefs(std::span<const std::string> paid_ids, const BreakTypeRefs& refs) {
    const std::unordered_set<std::string_view> paid(paid_ids.begin(), paid_ids.end());
    paid_.resize(refs.size());
    for (uint32_t i = 0; i < refs.size(); ++i) {
        paid_[i] = paid.count(refs[i]) ? 1 : 0;
        any_ = any_ || paid_[i];
    }
}

}  // namespace reportgen::detail
