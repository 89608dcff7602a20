#pragma once
// The legal limits of ../shared/docs/PAYROLL.md "Compliance checks" (ET arts.
// 34-37), checked per employee from the facts of each workday (docs/DESIGN.md
// "Compliance checks"). Pure and table-driven: one row of kRules per rule
// (id, labels, default limit); days in, incidents out; state per employee,
// never per entry (tests/report/compliance_test.cpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/compliance.hpp"

namespace reportgen::detail {

enum class Rule : uint8_t {
    daily_max,      // art. 34.3: effective time of a workday
    daily_rest,     // art. 34.3: rest between two workdays
    break_6h,       // art. 34.4: work without a break of >= 15 min
    weekly_rest,    // art. 37.1: uninterrupted rest in a Monday-Sunday week
    long_entry,     // a forgotten clock-out: one entry too long, or still open
    holiday_work,   // effective time on a holiday, vacation or absence day
    night_avg,      // art. 36.1: a night worker's average workday
    overtime_year,  // art. 35.2: overtime of the year to the report's end
    long_span,      // first clock-in to last clock-out of one workday
};
inline constexpr std::size_t kRuleCount = 9;

// How a rule's limit compares: the measured value must stay at or below it
// (at_most), or reach it (at_least: rests).
enum class Bound : uint8_t { at_most, at_least };

struct RuleInfo {
    Rule rule;
    std::string_view id;  // as in PAYROLL.md, --limit and the metrics
    std::string_view label_es, label_en;
    int64_t default_limit_s;
    Bound bound;
};

// Indexed by Rule.
extern const std::array<RuleInfo, kRuleCount> kRules;

const RuleInfo& rule_info(Rule r) noexcept;
std::optional<Rule> parse_rule(std::string_view id) noexcept;

// The limits of one company: defaults, then the batch file's
// [defaults.limits] and [companies.NAME.limits], then --limit / --no-check.
class Limits {
  public:
    Limits();  // PAYROLL.md's defaults, every rule on
    int64_t limit(Rule r) const noexcept { return limit_[static_cast<std::size_t>(r)]; }
    bool enabled(Rule r) const noexcept { return on_[static_cast<std::size_t>(r)]; }
    void set(Rule r, int64_t seconds) noexcept { limit_[static_cast<std::size_t>(r)] = seconds; }
    void disable(Rule r) noexcept { on_[static_cast<std::size_t>(r)] = false; }
    // "daily_max=10h": the rule and a duration (parse_limit_duration). A
    // usage error names the unknown rule (listing the known ones) or the
    // value and what was expected. `what` starts the message ("--limit").
    void apply(std::string_view assignment, std::string_view what);
    // "weekly_rest": the rule off (a usage error for an unknown one).
    void apply_off(std::string_view rule, std::string_view what);

    // The defaults with a request's changes applied (limits, then off);
    // usage errors as apply() / apply_off(), starting with `what_limit` /
    // `what_off`, in the library's words (the request's fields; the CLI adds
    // its flags as a hint from the subject "ReportRequest::compliance.limits"
    // or ".off").
    static Limits from(const ComplianceLimits& changes,
                       std::string_view what_limit = "compliance.limits",
                       std::string_view what_off = "compliance.off");

  private:
    std::array<int64_t, kRuleCount> limit_{};
    std::array<bool, kRuleCount> on_{};
};

// "10h", "9h30m", "45m", "90s", "10:00" (h:mm), "10:00:30": seconds, at
// most 1,000 h; nullopt for anything else (a bare number has no unit).
std::optional<int64_t> parse_limit_duration(std::string_view text) noexcept;

// The Monday of `day` (days since the epoch; 1970-01-01 was a Thursday).
constexpr int32_t monday_of(int32_t day) noexcept {
    return day - static_cast<int32_t>(((int64_t{day} + 3) % 7 + 7) % 7);
}

// The kind of a workday for holiday_work (PAYROLL.md "Days").
enum class DayKind : uint8_t { regular, holiday, vacation, absence };

// What the checks read of one workday (a shift of the employee; several
// shifts on one date are several days here, as the rules are about shifts).
struct DayFacts {
    int32_t workday = 0;          // days since the epoch, local date of the first clock-in
    int64_t first_in_utc = 0;     // of the rows
    int64_t last_out_utc = 0;     // the furthest reach of the rows (open: their clock-in)
    int16_t first_in_offset_min = 0;
    int64_t effective_s = 0;
    int64_t night_s = 0;
    int64_t longest_stretch_s = 0;  // without a break of >= 15 min
    int64_t longest_gap_s = 0;      // between rows
    int64_t longest_row_s = 0;      // one entry after folding
    bool open = false;              // a row without clock-out
    DayKind kind = DayKind::regular;
    // Before the report's first day: read only for the rests that end in
    // the report (daily_rest, weekly_rest), never reported itself.
    bool context = false;
};

struct Incident {
    uint32_t employee = 0;
    int32_t workday = 0;  // kPeriodIncident: about the whole period (night_avg, overtime_year)
    Rule rule = Rule::daily_max;
    int64_t value = 0;  // measured, seconds (open entry: 0)
    int64_t limit = 0;  // seconds
    std::string detail;
};
inline constexpr int32_t kPeriodIncident = INT32_MIN;

// The checks of one employee at a time: day() in workday order (context
// days first), then end_employee(). Incidents are appended to `out` in the
// order found: by workday, then by rule; period incidents last.
class ComplianceChecker {
  public:
    // report_from / report_to: the report's days; weeks are judged only when
    // the report holds them whole (Monday to Sunday). data_from: the first
    // day whose workdays are given (context days from there): the rest
    // before an employee's first workday counts from its local midnight, as
    // far as the data can tell (so a week's rest may start in the week
    // before only when that week's days were read).
    ComplianceChecker(const Limits& limits, int32_t data_from, int32_t report_from,
                      int32_t report_to, std::vector<Incident>& out);

    void day(uint32_t employee, const DayFacts& d);
    // year_overtime_s: the positive balance of the year to the report's end
    // (Sesame's statistics), when known.
    void end_employee(uint32_t employee, std::optional<int64_t> year_overtime_s);

  private:
    void add(uint32_t employee, int32_t workday, Rule r, int64_t value, std::string detail = {});
    void check_day(uint32_t employee, const DayFacts& d);
    void rest_since_previous(uint32_t employee, const DayFacts& d);
    void note_rest(int64_t start, int64_t end);
    void close_weeks_before(uint32_t employee, const DayFacts& d);
    void close_week(uint32_t employee);

    const Limits& limits_;
    int32_t data_from_, from_, to_;
    std::vector<Incident>& out_;
    // The employee's state.
    bool have_employee_ = false;
    std::size_t first_incident_ = 0;  // the employee's first in out_
    bool have_previous_ = false;
    int64_t previous_out_ = 0;        // the last clock-out so far
    int32_t previous_day_ = 0;        // its workday
    int16_t offset_min_ = 0;          // the latest day's offset: where local weeks start
    int32_t week_ = 0;                // Monday of the week being judged (days since the epoch)
    bool week_open_ = false;          // week_ is set
    int64_t week_best_rest_ = 0;      // longest rest overlapping week_
    uint32_t workdays_ = 0, night_days_ = 0;
    int64_t effective_sum_ = 0;
};

}  // namespace reportgen::detail
