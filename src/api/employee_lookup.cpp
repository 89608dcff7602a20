#include "api/employee_lookup.hpp"

#include <optional>
#include <vector>

#include "api/paths.hpp"
#include "api/payroll_decoder.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"

namespace reportgen::detail {

namespace {

constexpr int64_t kMaxCode = 999'999'999'999;  // as payroll_decoder.cpp reads a code
constexpr std::size_t kListed = 10;            // matches named in the error, at most

bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool same_ascii_nocase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// A code as ?code= takes it (an integer, docs: schema integer), or nullopt.
std::optional<int64_t> as_code(std::string_view s) noexcept {
    if (s.empty() || s.size() > 12) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v <= kMaxCode ? std::optional<int64_t>(v) : std::nullopt;
}

// One filtered query: the employees it answers, every one checked against
// the filter (a server that ignored it would otherwise pick a stranger).
// Active and inactive: a report of a past month may name someone who left.
template <class Matches>
std::vector<EmployeeRecord> query(HttpClient& http, std::string_view filter, std::string_view value,
                                  int page_size, Metrics& m, const CancelToken* cancel,
                                  Matches matches) {
    const std::string path =
        list_path("/core/v3/employees?" + std::string(filter) + "=" + percent_encode(value) + "&" +
                      percent_encode("status[in]") + "=active,inactive",
                  page_size, 1);
    const std::string what = "employees (" + std::string(filter) + "=" + std::string(value) + ")";
    std::vector<EmployeeRecord> out;
    const PageMeta meta = decode_employees(http.get(path, what, &m, cancel), what, out);
    for (const EmployeeRecord& e : out)
        if (!matches(e))
            throw data_error(what + ": the answer lists employee " + e.id +
                             ", who does not match the filter (was the filter ignored?)");
    if (meta.last_page > 1 || meta.total > static_cast<int64_t>(out.size()))
        throw usage_error("--employee " + std::string(value) + ": " + std::to_string(meta.total) +
                              " employees match " + std::string(filter) + "=" + std::string(value) +
                              "; give the employee's id",
                          "ReportRequest::employee_id");
    return out;
}

[[noreturn]] void several(std::string_view wanted, std::string_view filter,
                          const std::vector<EmployeeRecord>& found) {
    std::string msg = "--employee " + std::string(wanted) + ": " + std::to_string(found.size()) +
                      " employees match " + std::string(filter) + "=" + std::string(wanted) + ":";
    for (std::size_t i = 0; i < found.size() && i < kListed; ++i)
        msg += (i ? "; " : " ") +
               (found[i].name.empty() ? std::string("(no name)") : found[i].name) + " (" +
               found[i].id + ")";
    throw usage_error(msg + "; give the employee's id", "ReportRequest::employee_id");
}

}  // namespace

bool is_uuid(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
    }
    return true;
}

std::string resolve_employee(HttpClient& http, std::string_view wanted, int page_size, Metrics& m,
                             const CancelToken* cancel) {
    wanted = trim_spaces(wanted);
    if (is_uuid(wanted)) return std::string(wanted);
    auto by_nid = query(http, "dni", wanted, page_size, m, cancel, [&](const EmployeeRecord& e) {
        return e.has_nid && same_ascii_nocase(trim_spaces(e.nid), wanted);
    });
    if (by_nid.size() == 1) return by_nid.front().id;
    if (by_nid.size() > 1) several(wanted, "dni", by_nid);
    std::string tried = "as identity number (dni=" + std::string(wanted) + ")";
    if (const auto code = as_code(wanted)) {
        const std::string number = std::to_string(*code);
        auto by_code = query(http, "code", number, page_size, m, cancel,
                             [&](const EmployeeRecord& e) { return e.code == *code; });
        if (by_code.size() == 1) return by_code.front().id;
        if (by_code.size() > 1) several(number, "code", by_code);
        tried += " or as employee code (code=" + number + ")";
    }
    throw usage_error("--employee " + std::string(wanted) +
                          ": no employee matches: not an employee id (a UUID), and no active or "
                          "inactive employee has it " +
                          tried + "; nothing was written",
                      "ReportRequest::employee_id");
}

}  // namespace reportgen::detail
