// The CLI's --env-file reader and the library's token-file parser on any bytes: they either
// return or throw a usage error, never crash; what they return holds no
// control character (a token with one would be refused by libcurl or, worse,
// split a header), and every key is a valid variable name.
#include <cctype>

#include "env_file.hpp"
#include "reportgen/token.hpp"
#include "fuzz_common.hpp"

using namespace reportgen;

namespace {

bool valid_key(const std::string& k) {
    if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
    for (const char c : k)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        const std::string token = parse_token(input, "fuzz");
        if (token.empty()) fuzz::disagree("parse_token returned an empty token");
        for (const char c : token)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                fuzz::disagree("parse_token returned a control character");
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::usage) fuzz::disagree("parse_token threw a non-usage error");
    }
    try {
        for (const auto& [key, value] : cli::parse_env(input, "fuzz")) {
            if (!valid_key(key)) fuzz::disagree("parse_env returned an invalid key");
            if (value.find('\0') != std::string::npos)
                fuzz::disagree("parse_env returned a value with a NUL byte");
        }
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::usage) fuzz::disagree("parse_env threw a non-usage error");
    }
    return 0;
}
