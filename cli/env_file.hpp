#pragma once
// The token file and the env file, read as pure functions of their text (so
// that a fuzzer can call them) plus thin wrappers that read the file.
// Errors are usage errors that name the file and say what is wrong.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reportgen::cli {

// The token: the first line, without a UTF-8 BOM and surrounding blanks.
// `source` names the file in messages. Throws usage errors for an empty
// file, a blank first line (the token must be on it), and control
// characters inside the token (they would break the Authorization header).
std::string parse_token(std::string_view content, std::string_view source);

// KEY=VALUE lines as dotenv reads them: a UTF-8 BOM, blank lines and '#'
// comments ignored; `export KEY=...` accepted; values "double quoted" (with
// \n \t \" \\ escapes), 'single quoted' (literal) or bare; a " #" after a
// bare or closing-quoted value starts a comment. Throws a usage error naming
// the line for anything else (no '=', a bad key, an unterminated quote).
std::vector<std::pair<std::string, std::string>> parse_env(std::string_view content,
                                                           std::string_view source);

// The whole of a small text file; a usage error (naming `flag` and the path)
// for a directory, a missing or unreadable file.
std::string read_text_file(const std::string& path, std::string_view flag);

}  // namespace reportgen::cli
