#include <algorithm>
#include <string>

#include "api/paths.hpp"
#include "report/compliance_stage.hpp"
#include "reportgen/error.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {

std::string percent_encode(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size() * 3);
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        // RFC 3986 unreserved characters pass; everything else is %XX, so a
        // space is %20 (not '+') and '&', '=', '#' cannot break the query.
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0x0F]);
        }
    }
    return out;
}

DateRange query_range(const ReportRequest& req) {
    // first_day_read: the day before, or further back for the compliance
    // checks' weekly rest.
    return {civil_from_days(first_day_read(req)), civil_from_days(days_from_civil(req.to) + 1)};
}

std::string work_entries_path(const ReportRequest& req, const DateRange& range, int limit,
                              int page) {
    std::string p = "/schedule/v1/work-entries?from=" + format_iso_date(range.from) +
                    "&to=" + format_iso_date(range.to);
    if (req.employee_id) p += "&employeeId=" + percent_encode(*req.employee_id);
    p += "&page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
    return p;
}

std::string work_entries_path(const ReportRequest& req, int limit, int page) {
    return work_entries_path(req, DateRange{req.from, req.to}, limit, page);
}

std::string list_path(std::string_view endpoint, int limit, int page) {
    std::string p(endpoint);
    p += endpoint.find('?') == std::string_view::npos ? '?' : '&';
    p += "page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
    return p;
}

namespace {

bool is_id_segment(std::string_view s) noexcept {
    if (s.empty()) return false;
    const bool digits = s.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits) return true;
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex) return false;
    }
    return true;
}

}  // namespace

std::string_view endpoint_name(std::string_view url) noexcept {
    url = url.substr(0, std::min(url.find('?'), url.find('#')));
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        url.remove_prefix(scheme + 3);
        const auto slash = url.find('/');
        url = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
    }
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    const auto cut = url.rfind('/');
    std::string_view last = cut == std::string_view::npos ? url : url.substr(cut + 1);
    std::string_view parent = cut == std::string_view::npos ? std::string_view{} : url.substr(0, cut);
    const auto pcut = parent.rfind('/');
    const std::string_view parent_name =
        pcut == std::string_view::npos ? parent : parent.substr(pcut + 1);
    if (!parent_name.empty() && (is_id_segment(last) || parent_name == "check-type-collections"))
        return parent_name;
    return last;
}

}  // namespace reportgen::detail
