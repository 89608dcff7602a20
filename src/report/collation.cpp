#include "report/collation.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cstdint>

#include "reportgen/error.hpp"

namespace reportgen::detail {

struct NameCollator::Impl {
    std::unique_ptr<icu::Collator> collator;
    mutable icu::UnicodeString text;  // reused: one buffer for every name
};

NameCollator::NameCollator(Lang lang) : impl_(std::make_unique<Impl>()) {
    const char* locale = lang == Lang::en ? "en" : "es";
    UErrorCode status = U_ZERO_ERROR;
    impl_->collator.reset(icu::Collator::createInstance(icu::Locale(locale), status));
    // English is ICU's root collation (U_USING_DEFAULT_WARNING); for Spanish
    // that warning means its tailoring is missing, which would put ñ with n:
    // refuse rather than sort wrongly.
    if (U_FAILURE(status) || !impl_->collator ||
        (lang == Lang::es && status == U_USING_DEFAULT_WARNING))
        throw io_error(std::string("cannot load ICU's collation for \"") + locale +
                       "\" (libicu's data): " + u_errorName(status));
}

NameCollator::~NameCollator() = default;
NameCollator::NameCollator(NameCollator&&) noexcept = default;
NameCollator& NameCollator::operator=(NameCollator&&) noexcept = default;

std::string NameCollator::key(std::string_view surname, std::string_view first_name) const {
    std::string out;
    for (const std::string_view part : {surname, first_name}) {
        // Malformed UTF-8 becomes U+FFFD: still a key, still deterministic.
        impl_->text = icu::UnicodeString::fromUTF8(
            icu::StringPiece(part.data(), static_cast<int32_t>(part.size())));
        const std::size_t at = out.size();
        out.resize(at + 64 + 4 * part.size());
        auto fill = [&] {
            return impl_->collator->getSortKey(impl_->text,
                                               reinterpret_cast<uint8_t*>(out.data() + at),
                                               static_cast<int32_t>(out.size() - at));
        };
        int32_t n = fill();
        if (n > static_cast<int32_t>(out.size() - at)) {
            out.resize(at + static_cast<std::size_t>(n));
            n = fill();
        }
        out.resize(at + static_cast<std::size_t>(n));  // n counts the 0 terminator
    }
    return out;
}

}  // namespace reportgen::detail
