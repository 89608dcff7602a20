#include "env_file.hpp"

#include "reportgen/error.hpp"

namespace reportgen::cli {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kBlanks = " \t\r\n\f\v";

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kBlanks) - first + 1);
}

std::string_view without_bom(std::string_view s) {
    return s.substr(0, kBom.size()) == kBom ? s.substr(kBom.size()) : s;
}

bool valid_key(std::string_view k) {
    if (k.empty() || (k[0] >= '0' && k[0] <= '9')) return false;
    for (const char c : k)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    return true;
}

// One env-file line at a time, with its number for messages.
class EnvLineParser {
  public:
    EnvLineParser(std::string_view source, int line) : source_(source), line_(line) {}

    // The value after '=': quoted or bare, with a trailing comment dropped.
    std::string value(std::string_view v) const {
        v = trim(v);
        if (v.empty()) return {};
        if (v.front() == '"') return double_quoted(v);
        if (v.front() == '\'') {
            const auto close = v.find('\'', 1);
            if (close == std::string_view::npos) fail("an unterminated ' quote");
            rest_is_comment(v.substr(close + 1));
            return std::string(v.substr(1, close - 1));
        }
        // Bare: a '#' preceded by a blank starts a comment (dotenv); one
        // glued to the value is part of it (a password "a#b").
        for (std::size_t i = 1; i < v.size(); ++i)
            if (v[i] == '#' && (v[i - 1] == ' ' || v[i - 1] == '\t'))
                return std::string(trim(v.substr(0, i)));
        return std::string(v);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw usage_error("--env-file " + std::string(source_) + ": line " +
                          std::to_string(line_) + ": " + what);
    }

  private:
    std::string double_quoted(std::string_view v) const {
        std::string out;
        for (std::size_t i = 1; i < v.size(); ++i) {
            const char c = v[i];
            if (c == '"') {
                rest_is_comment(v.substr(i + 1));
                return out;
            }
            if (c == '\\' && i + 1 < v.size()) {
                const char e = v[++i];
                out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
                continue;
            }
            out.push_back(c);
        }
        fail("an unterminated \" quote");
    }

    void rest_is_comment(std::string_view rest) const {
        rest = trim(rest);
        if (!rest.empty() && rest.front() != '#')
            fail("text after the closing quote (a comment starts with #)");
    }

    std::string_view source_;
    int line_;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_env(std::string_view content,
                                                           std::string_view source) {
    content = without_bom(content);
    std::vector<std::pair<std::string, std::string>> out;
    int n = 0;
    for (std::size_t pos = 0; pos <= content.size();) {
        const auto eol = content.find('\n', pos);
        const std::size_t end = eol == std::string_view::npos ? content.size() : eol;
        std::string_view line = trim(content.substr(pos, end - pos));
        pos = end + 1;
        const EnvLineParser parser(source, ++n);
        if (line.empty() || line.front() == '#') continue;
        // setenv() would cut the value at a NUL byte without a word (found by
        // fuzz/fuzz_env_file.cpp): refused instead.
        if (line.find('\0') != std::string_view::npos) parser.fail("holds a NUL byte");
        if (line.substr(0, 7) == "export " || line.substr(0, 7) == "export\t")
            line = trim(line.substr(7));
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) parser.fail("is not KEY=VALUE");
        const std::string_view key = trim(line.substr(0, eq));
        // The key is not quoted back: a token pasted alone on a line (base64
        // holds '+' and '/') would land in the message, and in the logs.
        if (!valid_key(key))
            parser.fail("the text before '=' is not a variable name (letters, digits and _, "
                        "not starting with a digit)");
        out.emplace_back(std::string(key), parser.value(line.substr(eq + 1)));
    }
    return out;
}

}  // namespace reportgen::cli
