#pragma once
// Keeping the API token out of messages. The client never builds text with
// the token in it (it lives only in the Authorization header list); what a
// server sends back can hold it, though (an echo of the request in an error
// page, a proxy's diagnostics), so server-derived text is redacted where it
// enters a message: a body excerpt, a decoder's error (it quotes the values
// it rejects).
#include <cstddef>
#include <string>
#include <string_view>

namespace reportgen::detail {

// The most characters one byte of the token may take in a server's text
// ("&#x0000061;"): a window of text that must hold an escaped token whole
// is this many times the token's length.
inline constexpr std::size_t kMaxSpelledLength = 11;

// `text` with every occurrence of `token` replaced by "[REDACTED]", also
// when the server escaped it: JSON escapes (\/ \" \\ \uXXXX),
// percent-encoding (%2F, either case) and HTML character references
// (&#47; &#x2F; &sol;) of any of its characters. A start of the token
// followed by "..." (an excerpt cut inside it) is redacted too, where it
// stands alone on its left (or, glued to a word, from 4 characters on).
// A token shorter than 16 characters is redacted only where it stands
// alone (no letter or digit right before or after, other than the token
// itself repeated): a one-letter test token
// must not turn "example.com" into "e[REDACTED]ample.com". A real token is
// long and is redacted wherever it appears.
std::string redact_server_text(std::string_view text, std::string_view token);

}  // namespace reportgen::detail
