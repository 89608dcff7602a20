#pragma once
// The one exception type the library throws. Its kind tells callers (and the
// CLI's exit codes) what went wrong without parsing messages.
#include <stdexcept>
#include <string>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

enum class ErrorKind {
    usage,      // invalid request or configuration (exit 2)
    auth,       // 401/403: wrong or missing token, no permission (exit 3)
    api,        // network or HTTP failure after retries (exit 4)
    data,       // a response that does not match the API contract (exit 4)
    io,         // output could not be written (exit 5)
    cancelled,  // the caller's CancelToken stopped the report (exit 1)
};

constexpr std::string_view to_string(ErrorKind k) noexcept {
    switch (k) {
        case ErrorKind::usage:
            return "usage";
        case ErrorKind::auth:
            return "auth";
        case ErrorKind::api:
            return "api";
        case ErrorKind::data:
            return "data";
        case ErrorKind::io:
            return "io";
        case ErrorKind::cancelled:
            return "cancelled";
    }
    return "unknown";
}

class REPORTGEN_API Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

  private:
    ErrorKind kind_;
};

// Convenience constructors: throw usage_error("...") reads better at call sites.
inline Error usage_error(const std::string& m) {
    return Error(ErrorKind::usage, m);
}
inline Error auth_error(const std::string& m) {
    return Error(ErrorKind::auth, m);
}
inline Error api_error(const std::string& m) {
    return Error(ErrorKind::api, m);
}
inline Error data_error(const std::string& m) {
    return Error(ErrorKind::data, m);
}
inline Error io_error(const std::string& m) {
    return Error(ErrorKind::io, m);
}

}  // namespace reportgen
