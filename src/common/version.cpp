#include "reportgen/version.hpp"

namespace reportgen {
const char* version() noexcept { return REPORTGEN_VERSION; }
}  // namespace reportgen
