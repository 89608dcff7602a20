#include "reportgen/period.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include <date/tz.h>

#include "reportgen/config.hpp"
#include "reportgen/error.hpp"

namespace reportgen {

namespace {

// The system's tz database, where date/tz.h (USE_OS_TZDB) reads zones.
// Zones are read from here, never through TZ and the C library's
// localtime: setting TZ would change the zone of every thread of the host.
constexpr const char* kZoneinfoDir = "/usr/share/zoneinfo";

// A zone name as the tz database spells them: components of letters,
// digits, '_', '-' and '+' ("America/Port-au-Prince", "Etc/GMT+5"). The
// database's directory also holds tables (zone.tab, tzdata.zi,
// leapseconds, iso3166.tab) that are no zone: none of them has this shape.
bool zone_name_shape(std::string_view tz) {
    if (tz.empty() || tz.size() > 255) return false;
    std::size_t component = 0;  // characters in the current component
    for (const char c : tz) {
        if (c == '/') {
            if (component == 0) return false;
            component = 0;
            continue;
        }
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        const bool other = (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
        if (!letter && !(other && component > 0)) return false;
        ++component;
    }
    return component > 0;
}

// Whether the file starts with the magic of a compiled zone ("TZif", RFC 8536).
bool is_tzif(const std::string& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat st {};
    char magic[4] = {};
    const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                    ::read(fd, magic, sizeof magic) == static_cast<ssize_t>(sizeof magic) &&
                    std::memcmp(magic, "TZif", sizeof magic) == 0;
    ::close(fd);
    return ok;
}

// glibc falls back to UTC for a zone it cannot find or read, silently: a
// report for the wrong day would follow. So the name must be a zone file of
// the database.
void check_zone(std::string_view tz) {
    const std::string file = kZoneinfoDir + ("/" + std::string(tz));
    if (!zone_name_shape(tz) || !is_tzif(file))
        throw usage_error("unknown time zone '" + std::string(tz) +
                              "' (an IANA name such as Europe/Madrid; see " + kZoneinfoDir + ")",
                          "time zone");
}

CivilDate parse_month(std::string_view arg) {
    // "YYYY-MM" is the first of the month without its day.
    const std::string day1 = std::string(arg) + "-01";
    const auto d = arg.size() == 7 ? parse_iso_date(day1) : std::nullopt;
    if (!d) throw usage_error("month '" + std::string(arg) + "' is not YYYY-MM", "period");
    try {
        check_report_year(d->year, "month " + std::string(arg));
    } catch (const Error& e) {
        throw usage_error(e.what(), "period");
    }
    return *d;
}

DateRange whole_month(int year, unsigned month) {
    return {{year, month, 1}, {year, month, days_in_month(year, month)}};
}

CivilDate iso(int64_t days) {
    return civil_from_days(days);
}

}  // namespace

std::string default_time_zone() {
    const char* env = std::getenv("REPORT_TZ");
    return env != nullptr && *env != '\0' ? env : "Europe/Madrid";
}

CivilDate local_date(std::chrono::system_clock::time_point now, std::string_view tz) {
    check_zone(tz);
    const auto instant = std::chrono::floor<std::chrono::seconds>(now);
    std::chrono::seconds offset{};
    try {
        // The database is loaded once per process (thread-safe), each zone
        // on first use; nothing is downloaded.
        offset = date::locate_zone(tz)->get_info(instant).offset;
    } catch (const std::runtime_error& e) {
        // A file the database's zone list leaves out (the posix/ and right/
        // copies, Factory) or cannot read.
        throw usage_error("unknown time zone '" + std::string(tz) + "' (" + e.what() + ")",
                          "time zone");
    }
    const int64_t local = (instant + offset).time_since_epoch().count();
    return civil_from_days(floor_div(local, 86400));
}

DateRange resolve_period(PeriodKind kind, std::string_view arg,
                         std::chrono::system_clock::time_point now, std::string_view tz) {
    if (kind == PeriodKind::month) {
        const CivilDate m = parse_month(arg);
        return whole_month(m.year, m.month);
    }
    const CivilDate today = local_date(now, tz);
    const int64_t today_days = days_from_civil(today);
    switch (kind) {
        case PeriodKind::last_month:
            return today.month == 1 ? whole_month(today.year - 1, 12)
                                    : whole_month(today.year, today.month - 1);
        case PeriodKind::month_to_date:
            return {{today.year, today.month, 1}, today};
        case PeriodKind::last_week: {
            // 1970-01-01 was a Thursday: Monday is 0 in (days + 3) mod 7.
            const int64_t monday = today_days - (((today_days + 3) % 7) + 7) % 7;
            return {iso(monday - 7), iso(monday - 1)};
        }
        case PeriodKind::yesterday:
            return {iso(today_days - 1), iso(today_days - 1)};
        case PeriodKind::month:
            break;
    }
    throw usage_error("unknown period");
}

}  // namespace reportgen
