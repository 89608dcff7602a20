#pragma once
// --employee (ReportRequest::employee_id) as a person types it: the API's
// employee id, an identity number (DNI/NIE, /core/v3/employees?dni=) or an
// employee code (?code=). docs/DESIGN.md "Choosing one employee".
#include <string>
#include <string_view>

#include "api/http_client.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/metrics.hpp"

namespace reportgen::detail {

// A canonical UUID (8-4-4-4-12 hex digits): the API's employee ids.
bool is_uuid(std::string_view s) noexcept;

// The API id of the one employee `wanted` names: itself when it is a UUID
// (no request); else the employee whose identity number is `wanted`
// (case-insensitive), else, when `wanted` is a number, whose code it is.
// A usage error names what was tried when no employee matches, and lists
// names and ids when several do; a data error when the API's answer is not
// the one asked for (an employee that does not match the filter).
std::string resolve_employee(HttpClient& http, std::string_view wanted, int page_size,
                             Metrics& metrics, const CancelToken* cancel);

}  // namespace reportgen::detail
