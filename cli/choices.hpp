#pragma once
// The values of the CLI's choice flags, one table per enumeration: the help
// text, the parsing errors and the shell completion (`reportgen --complete
// FLAG`, packaging/bash-completion) all read them, so they cannot drift.
#include <span>
#include <string>
#include <string_view>

namespace reportgen::cli {

inline constexpr std::string_view kFormats[] = {"xlsx", "csv", "csv.gz", "pdf"};
inline constexpr std::string_view kTypes[] = {"by_employee", "by_activity", "by_group",
                                              "daily",       "payroll",     "incidents"};
inline constexpr std::string_view kEngines[] = {"auto", "legacy", "turbo"};
inline constexpr std::string_view kLangs[] = {"es", "en"};
inline constexpr std::string_view kProgressModes[] = {"auto", "always", "never"};
inline constexpr std::string_view kSplitBy[] = {"employee"};
// The compliance rules (--limit RULE=..., --no-check RULE): the library's
// table in its order (compliance_rule_ids(); a test keeps them equal).
inline constexpr std::string_view kRuleIds[] = {
    "daily_max",  "daily_rest", "break_6h",      "weekly_rest", "long_entry",
    "holiday_work", "night_avg", "overtime_year", "long_span"};
inline constexpr std::string_view kSubcommands[] = {"batch", "mock-server"};

// The values of a choice flag ("--type"); empty for any other flag.
std::span<const std::string_view> choices_of(std::string_view flag) noexcept;

// "a | b | c" (help) or "a, b, c" (errors).
std::string joined(std::span<const std::string_view> values, std::string_view sep);

// The usage error for a value outside the flag's choices:
// "--type 'x' is not one of by_employee, by_activity, ...".
[[noreturn]] void not_one_of(std::string_view flag, std::string_view value);

}  // namespace reportgen::cli
