#include "reportgen/row.hpp"

#include "sink/digits.hpp"

namespace reportgen {

void format_date(int64_t days, char out[10]) noexcept {
    detail::put_date(days, out);
}

void format_time(int64_t secs, char out[8]) noexcept {
    detail::put_time(secs, out);
}

std::size_t format_duration(int64_t secs, char out[24]) noexcept {
    return detail::put_duration(secs, out);
}

}  // namespace reportgen
