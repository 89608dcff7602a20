#pragma once
// Keeping the API token out of messages. The client never builds text with
// the token in it (it lives only in the Authorization header list); what a
// server sends back can hold it, though (an echo of the request in an error
// page, a proxy's diagnostics), so server-derived text is redacted where it
// enters a message: a body excerpt, a decoder's error (it quotes the values
// it rejects).
#include <string>
#include <string_view>

namespace reportgen::detail {

// `text` with every occurrence of `token` replaced by "[REDACTED]", also
// when the server escaped it: JSON escapes (\/ \" \\ \uXXXX) and
// percent-encoding (%2F, either case) of any of its characters.
// A token shorter than 16 characters is redacted only where it stands
// alone (no letter or digit right before or after, other than the token
// itself repeated): a one-letter test token
// must not turn "example.com" into "e[REDACTED]ample.com". A real token is
// long and is redacted wherever it appears.
std::string redact_server_text(std::string_view text, std::string_view token);

}  // namespace reportgen::detail
