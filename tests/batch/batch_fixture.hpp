#pragma once
// Shared by the batch tests: a mock serving several companies, and batch
// configs for it whose tokens come through environment variables (the
// runner's tests set them in this process, the CLI's pass them to the child).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "reportgen/batch.hpp"
#include "reportgen/mock_server.hpp"

namespace reportgen::test {

// The usage error's message parsing a batch file's text, or "" when it
// parsed (any other kind of error fails the test).
inline std::string usage_message(const std::string& text) {
    try {
        (void)parse_batch_config(text, "clients.toml");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    return "";
}

// `companies` small companies (6 employees, 10 days, their own data).
inline MockOptions many_companies(int companies) {
    MockOptions o;
    o.employees = 6;
    o.days = 10;
    o.companies = companies;
    return o;
}

// "<prefix><k>": company k's token variable. (Appended, not literal +
// to_string: GCC 12's -Wstringop-overflow false positive.)
inline std::string numbered(const std::string& prefix, int k) {
    std::string s = prefix;
    s += std::to_string(k);
    return s;
}

// A batch file for companies c1..cN of `s` writing to `output`; ck's token
// is in the variable numbered(token_prefix, k); extra(k) adds lines to ck's
// table.
inline std::string batch_config_text(const MockApiServer& s, const std::string& output,
                                     const std::string& token_prefix,
                                     const std::function<std::string(int)>& extra = {}) {
    std::string text = "[defaults]\nbase_url = \"" + s.base_url() + "\"\nformat = \"csv\"\n";
    text += "output = \"" + output + "\"\n";
    for (int k = 1; k <= s.options().companies; ++k) {
        text += "\n[companies." + numbered("c", k) + "]\ntoken_env = \"" +
                numbered(token_prefix, k) + "\"\n";
        if (extra) text += extra(k);
    }
    return text;
}

// Company k's token, or a wrong one for company `bad`.
inline std::string token_of(const MockApiServer& s, int k, int bad) {
    return k == bad ? std::string("wrong-token") : s.token_for(k);
}

// The config of batch_config_text(), parsed, with every token variable set
// in this process first.
inline std::vector<CompanyJob> env_token_jobs(const MockApiServer& s, const std::string& output,
                                              const std::string& token_prefix, int bad = 0,
                                              const std::function<std::string(int)>& extra = {}) {
    for (int k = 1; k <= s.options().companies; ++k)
        ::setenv(numbered(token_prefix, k).c_str(), token_of(s, k, bad).c_str(), 1);
    return parse_batch_config(batch_config_text(s, output, token_prefix, extra), "test.toml");
}

}  // namespace reportgen::test
