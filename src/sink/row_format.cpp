#include "reportgen/row.hpp"

#include "sink/digits.hpp"

namespace reportgen {

std::string format_date(int64_t days) {
    char b[10];
    detail::put_date(days, b);
    return std::string(b, sizeof b);
}

std::string format_time(int64_t secs) {
    char b[8];
    detail::put_time(secs, b);
    return std::string(b, sizeof b);
}

std::string format_duration(int64_t secs) {
    char b[24];
    return std::string(b, detail::put_duration(secs, b));
}

}  // namespace reportgen
