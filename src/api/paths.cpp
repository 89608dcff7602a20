#include <string>

#include "reportgen/client.hpp"

namespace reportgen {

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

std::string work_entries_path(const ReportRequest& req, int limit, int page) {
    std::string p = "/schedule/v1/work-entries?from=" + percent_encode(req.from) +
                    "&to=" + percent_encode(req.to);
    if (req.employee_id) p += "&employeeId=" + percent_encode(*req.employee_id);
    p += "&page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
    // A stable order keeps pages from shuffling between requests.
    p += "&orderBy=" + percent_encode("workEntryIn.date asc");
    return p;
}

std::string list_path(std::string_view endpoint, int limit, int page) {
    std::string p(endpoint);
    p += endpoint.find('?') == std::string_view::npos ? '?' : '&';
    p += "page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
    return p;
}

}  // namespace reportgen
