#pragma once
/// \file
/// Output file names from a template ("-o reports/{company}_{month}.xlsx"), for
/// jobs that write one file per period, company or employee.
#include <optional>
#include <string>
#include <string_view>

#include "reportgen/config.hpp"
#include "reportgen/time.hpp"

#include "reportgen/export.hpp"

namespace reportgen {

/// Values of the placeholders. {type}: the layout's name; {from}, {to}:
/// YYYY-MM-DD; {month}: YYYY-MM of from; {company}, {employee}, {nid}, {code}:
/// made file-safe.
struct REPORTGEN_API OutputNameFields {
    Layout layout = Layout::by_employee;  ///< {type}
    CivilDate from;  ///< {from}, and {month}
    CivilDate to;  ///< {to}
    /// nullopt: not known yet; the placeholder stays in the name, for a later
    /// expansion (the company's name arrives with the report's first
    /// requests; an employee's with the employee's first row).
    std::optional<std::string_view> company;
    std::optional<std::string_view> employee;  ///< {employee}; nullopt as for company
    /// {nid}: the employee's identity number; nullopt as for company.
    std::optional<std::string_view> nid = std::nullopt;
    /// {code}: the employee code; nullopt as for company.
    std::optional<std::string_view> code = std::nullopt;
};

/// Expands {company} {type} {from} {to} {month} {employee} {nid} {code} in tmpl. A usage
/// error names an unknown placeholder or an unclosed '{'.
[[nodiscard]] REPORTGEN_API std::string expand_output_template(std::string_view tmpl, const OutputNameFields& fields);

/// Whether tmpl holds the placeholder, e.g. has_placeholder(t, "company").
[[nodiscard]] REPORTGEN_API bool has_placeholder(std::string_view tmpl, std::string_view name);

/// A name that is safe as one path component on any common file system:
/// letters, digits (UTF-8 kept), '-', '_' and inner '.'; every other run of
/// characters becomes one '_'; at most 80 bytes; never empty ("unknown").
[[nodiscard]] REPORTGEN_API std::string file_safe_name(std::string_view name);

}  // namespace reportgen
