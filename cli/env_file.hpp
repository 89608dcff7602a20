#pragma once
// The env file, read as a pure function of its text (so that a fuzzer can
// call it). Errors are usage errors that name the file and the line, never
// a line's text: it may be a secret pasted on its own. (The token file's
// reader is the library's, reportgen/token.hpp.)
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reportgen::cli {

// KEY=VALUE lines as dotenv reads them: a UTF-8 BOM, blank lines and '#'
// comments ignored; `export KEY=...` accepted; values "double quoted" (with
// \n \t \" \\ escapes), 'single quoted' (literal) or bare; a " #" after a
// bare or closing-quoted value starts a comment. Throws a usage error naming
// the line (by number only) for anything else: no '=', a bad key, an
// unterminated quote.
std::vector<std::pair<std::string, std::string>> parse_env(std::string_view content,
                                                           std::string_view source);

// An env file holds a few settings: a larger one is the wrong file
// (`--env-file /dev/zero`), refused rather than read whole.
inline constexpr std::size_t kMaxEnvFileBytes = std::size_t{1} << 20;

}  // namespace reportgen::cli
