#pragma once
/// \file
/// The one exception type the library throws. Its kind tells callers (and the
/// CLI's exit codes) what went wrong without parsing messages.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "reportgen/export.hpp"

namespace reportgen {

/// What went wrong, for callers (and the CLI's exit codes) that need no message parsing.
enum class ErrorKind {
    usage,      ///< invalid request or configuration (exit 2)
    auth,       ///< 401/403: wrong or missing token, no permission (exit 3)
    api,        ///< network or HTTP failure after retries (exit 4)
    data,       ///< a response that does not match the API contract (exit 4)
    io,         ///< output could not be written (exit 5)
    cancelled,  ///< the caller's CancelToken stopped the report (the CLI: a signal, exit 130/143)
};

/// "usage", "auth", "api", "data", "io" or "cancelled".
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

/// The one exception type the library throws: a message, an ErrorKind and,
/// when one input is at fault, its subject.
///
/// The message speaks the library's language (its types' field and parameter
/// names, never a program's flags). subject(), when not empty, names the one
/// input the error is about, as the public API spells it: "ReportRequest::from",
/// "ClientConfig::token", "output path"... (docs/DESIGN.md, "Errors"), so
/// that a program can point at the flag or setting that fed it.
class REPORTGEN_API Error : public std::runtime_error {
  public:
    /// An error of `kind` with `message` (what(); never holds the token) about
    /// `subject` (empty: no single input).
    Error(ErrorKind kind, const std::string& message, std::string subject = {})
        : std::runtime_error(message), kind_(kind), subject_(std::move(subject)) {}
    /// What went wrong.
    ErrorKind kind() const noexcept { return kind_; }
    /// The input at fault, as the public API names it ("ReportRequest::from",
    /// "ClientConfig::token", "period", "time zone", "output path"); empty
    /// when no single input is.
    const std::string& subject() const noexcept { return subject_; }

  private:
    ErrorKind kind_;
    std::string subject_;
};

/// An ErrorKind::usage error: `throw usage_error("...")` reads better at call sites.
inline Error usage_error(const std::string& m, std::string subject = {}) {
    return Error(ErrorKind::usage, m, std::move(subject));
}
/// An ErrorKind::auth error.
inline Error auth_error(const std::string& m, std::string subject = {}) {
    return Error(ErrorKind::auth, m, std::move(subject));
}
/// An ErrorKind::api error.
inline Error api_error(const std::string& m, std::string subject = {}) {
    return Error(ErrorKind::api, m, std::move(subject));
}
/// An ErrorKind::data error.
inline Error data_error(const std::string& m, std::string subject = {}) {
    return Error(ErrorKind::data, m, std::move(subject));
}
/// An ErrorKind::io error.
inline Error io_error(const std::string& m, std::string subject = {}) {
    return Error(ErrorKind::io, m, std::move(subject));
}

}  // namespace reportgen
