#pragma once
// Workers' names in the report language's collation order (docs/DESIGN.md
// "Report semantics" 4): ICU's collator for es or en, behind this class so
// that ICU's headers stay out of every other file.
#include <memory>
#include <string>
#include <string_view>

#include "reportgen/config.hpp"

namespace reportgen::detail {

// One per report: ICU's collator is not safe for concurrent use, and a
// report's names are keyed on one thread.
class NameCollator {
  public:
    explicit NameCollator(Lang lang);  // an io error when ICU lacks the locale's data
    ~NameCollator();
    NameCollator(NameCollator&&) noexcept;
    NameCollator& operator=(NameCollator&&) noexcept;

    // A byte string whose plain (memcmp) order is the order of
    // (surname, first name) in the collation: each part's ICU sort key, each
    // ending with ICU's 0 terminator, which no byte of a key is, so a
    // surname that is a prefix of another sorts first whatever follows.
    // Computed once per worker: comparing keys is a memcmp, not an ICU call.
    std::string key(std::string_view surname, std::string_view first_name) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace reportgen::detail
