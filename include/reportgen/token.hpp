#pragma once
/// \file
/// The API token from any source (SESAME_API_TOKEN, an env file, --token-file,
/// a batch's token_env or token_file): one reader and one check, so that no
/// source sends what another refuses. A token goes into the Authorization
/// header: a CR or LF in it would start a header of the server's choosing.
#include <cstddef>
#include <string>
#include <string_view>

#include "reportgen/export.hpp"

namespace reportgen {

/// A token is short (real ones are under 2 KiB): a larger token file is a
/// mistake (the wrong file, /dev/zero), refused before it is read whole.
inline constexpr std::size_t kMaxTokenFileBytes = std::size_t{16} << 10;

/// A usage error, naming `source` (e.g. "SESAME_API_TOKEN"), for an empty
/// token or one holding a control character (bytes 0x00-0x1F, 0x7F). The
/// message gives the byte's value and position, never the token.
REPORTGEN_API void check_token(std::string_view token, std::string_view source);

/// The token of a token file's text: its first line, without a UTF-8 BOM and
/// surrounding blanks, then check_token(). Usage errors tell an empty file
/// from a blank first line (the token must be on it).
[[nodiscard]] REPORTGEN_API std::string parse_token(std::string_view content, std::string_view source);

/// parse_token() of the file at `path`. A usage error naming `source` for a
/// directory, a missing or unreadable file, or one over kMaxTokenFileBytes
/// (read no further: `--token-file /dev/zero` stops there). A warning (the
/// library's log) when every user of the machine may read the file.
[[nodiscard]] REPORTGEN_API std::string read_token_file(const std::string& path, std::string_view source);

/// The whole of a small file (a token file, an env file, a config), at most
/// `max_bytes`: a usage error naming `source` when it is larger, a directory,
/// missing or unreadable. Pipes and devices are read up to the cap too.
[[nodiscard]] REPORTGEN_API std::string read_small_file(const std::string& path, std::string_view source,
                            std::size_t max_bytes);

}  // namespace reportgen
