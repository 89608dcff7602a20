// The batch file (include/reportgen/batch.hpp): TOML, one table per company
// under [companies], shared settings under [defaults].
//
// toml++ is compiled header-only into this one file, so the library gains no
// link dependency (Debian's libtomlplusplus-dev also ships a shared build).
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "reportgen/batch.hpp"

namespace reportgen {
namespace {

constexpr std::array<std::string_view, 11> kKeys = {
    "token_env", "token_file", "region",   "base_url", "rate_limit", "format",
    "type",      "lang",       "employee", "output",   "paid_breaks"};

struct Setting {
    std::string text;   // string keys
    int64_t number = 0;  // rate_limit
    std::vector<std::string> list;  // paid_breaks
    uint32_t line = 0;
};

// The settings of one table ([defaults] or a company): key -> value. A
// company's table is laid over the defaults' one.
using Settings = std::vector<std::pair<std::string, Setting>>;

class ConfigReader {
  public:
    explicit ConfigReader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(uint32_t line, const std::string& what) const {
        throw usage_error(source_ + ":" + std::to_string(line) + ": " + what);
    }

    Settings read_table(const toml::table& table, std::string_view where) const {
        Settings out;
        for (auto&& [key, node] : table) {
            const auto line = key.source().begin.line;
            const std::string k(key.str());
            if (k == "token")
                fail(line, std::string(where) +
                               ": `token` is not allowed: never put a token in the file; use "
                               "token_env = \"VAR\" or token_file = \"/path\"");
            if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end())
                fail(line, std::string(where) + ": unknown key '" + k +
                               "' (known: token_env, token_file, region, base_url, rate_limit, "
                               "format, type, lang, employee, output, paid_breaks)");
            Setting s;
            s.line = line;
            if (k == "rate_limit") {
                const auto v = node.template value<int64_t>();
                if (!node.is_integer() || !v || *v < 1 || *v > 100000)
                    fail(line, std::string(where) + ": rate_limit must be an integer 1..100000");
                s.number = *v;
            } else if (k == "paid_breaks") {
                s.list = string_list(node, where, k, line);
            } else {
                const auto* str = node.as_string();
                if (!str) fail(line, std::string(where) + ": '" + k + "' must be a string");
                s.text = str->get();
                if (s.text.empty()) fail(line, std::string(where) + ": '" + k + "' is empty");
            }
            out.emplace_back(k, std::move(s));
        }
        if (find(out, "token_env") && find(out, "token_file"))
            fail(find(out, "token_file")->line,
                 std::string(where) + ": token_env and token_file both set; keep one");
        return out;
    }

    // An array of strings (a company's replaces the defaults' whole; [] pays none).
    std::vector<std::string> string_list(const toml::node& node, std::string_view where,
                                         const std::string& k, uint32_t line) const {
        const auto* array = node.as_array();
        if (!array) fail(line, std::string(where) + ": '" + k + "' must be an array of strings");
        std::vector<std::string> out;
        for (const auto& item : *array) {
            const auto* str = item.as_string();
            if (!str) fail(line, std::string(where) + ": '" + k + "' must be an array of strings");
            out.push_back(str->get());
        }
        return out;
    }

    static const Setting* find(const Settings& s, std::string_view key) {
        for (const auto& [k, v] : s)
            if (k == key) return &v;
        return nullptr;
    }

    CompanyJob make_job(const std::string& name, const Settings& defaults, Settings own,
                        uint32_t table_line) const {
        // A company's token source replaces the defaults' one whole.
        const bool own_token = find(own, "token_env") || find(own, "token_file");
        for (const auto& [k, v] : defaults) {
            if (own_token && (k == "token_env" || k == "token_file")) continue;
            if (!find(own, k)) own.emplace_back(k, v);
        }
        CompanyJob job;
        job.name = name;
        const std::string where = "company '" + name + "'";
        for (const auto& [k, v] : own) apply(job, where, k, v);
        if (!find(own, "token_env") && !find(own, "token_file"))
            fail(table_line, where + ": no token source; set token_env = \"VAR\" or "
                                     "token_file = \"/path\" (here or in [defaults])");
        return job;
    }

  private:
    void apply(CompanyJob& job, const std::string& where, const std::string& k,
               const Setting& v) const {
        if (k == "token_env") {
            const char* t = std::getenv(v.text.c_str());
            if (!t || !*t) fail(v.line, where + ": environment variable " + v.text + " is not set");
            job.client.token = t;
        } else if (k == "token_file") {
            job.client.token = read_token_file(where, v);
        } else if (k == "region") {
            job.client.region = v.text;
        } else if (k == "base_url") {
            job.client.base_url = v.text;
        } else if (k == "rate_limit") {
            job.client.rate_limit_per_minute = static_cast<int>(v.number);
        } else if (k == "format") {
            const auto f = parse_format(v.text);
            if (!f) fail(v.line, where + ": format '" + v.text + "' (known: xlsx, csv, csv.gz)");
            job.request.format = *f;
        } else if (k == "type") {
            const auto l = parse_layout(v.text);
            if (!l)
                fail(v.line, where + ": type '" + v.text +
                                 "' (known: by_employee, by_activity, by_group, daily)");
            job.request.layout = *l;
        } else if (k == "lang") {
            const auto l = parse_lang(v.text);
            if (!l) fail(v.line, where + ": lang '" + v.text + "' (known: es, en)");
            job.request.lang = *l;
        } else if (k == "employee") {
            job.request.employee_id = v.text;
        } else if (k == "output") {
            job.output = v.text;
        } else if (k == "paid_breaks") {
            job.request.paid_breaks = v.list;
        }
    }

    std::string read_token_file(const std::string& where, const Setting& v) const {
        std::ifstream in(v.text, std::ios::binary);
        if (!in) fail(v.line, where + ": token_file '" + v.text + "' cannot be read");
        std::ostringstream ss;
        ss << in.rdbuf();
        std::string t = ss.str();
        while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' '))
            t.pop_back();
        if (t.empty()) fail(v.line, where + ": token_file '" + v.text + "' is empty");
        if (t.find_first_of("\r\n") != std::string::npos)
            fail(v.line, where + ": token_file '" + v.text + "' has more than one line");
        return t;
    }

    std::string source_;
};

}  // namespace

std::vector<CompanyJob> parse_batch_config(std::string_view text, const std::string& source_name) {
    const ConfigReader reader(source_name);
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        reader.fail(e.source().begin.line, std::string(e.description()));
    }
    Settings defaults;
    const toml::table* companies = nullptr;
    for (auto&& [key, node] : root) {
        const auto line = key.source().begin.line;
        if (key.str() == "defaults") {
            if (!node.is_table()) reader.fail(line, "[defaults] must be a table");
            defaults = reader.read_table(*node.as_table(), "[defaults]");
        } else if (key.str() == "companies") {
            if (!node.is_table()) reader.fail(line, "[companies] must be a table");
            companies = node.as_table();
        } else {
            reader.fail(line, "unknown top-level key '" + std::string(key.str()) +
                                  "' (known: [defaults], [companies.NAME])");
        }
    }
    if (!companies || companies->empty())
        throw usage_error(source_name + ": no companies; add a [companies.NAME] table");
    std::vector<CompanyJob> jobs;
    for (auto&& [key, node] : *companies) {
        const std::string name(key.str());
        const auto line = key.source().begin.line;
        if (!node.is_table())
            reader.fail(line, "companies." + name + " must be a table ([companies." + name + "])");
        Settings own = reader.read_table(*node.as_table(), "company '" + name + "'");
        jobs.push_back(reader.make_job(name, defaults, std::move(own), line));
    }
    return jobs;
}

std::vector<CompanyJob> load_batch_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("batch config '" + path + "' cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_batch_config(ss.str(), path);
}

std::vector<CompanyJob> select_shard(std::vector<CompanyJob> jobs, int index0, int count) {
    if (count < 1 || index0 < 0 || index0 >= count)
        throw usage_error("shard " + std::to_string(index0 + 1) + "/" + std::to_string(count) +
                          ": K must be in 1..N");
    std::vector<std::string> names;
    names.reserve(jobs.size());
    for (const auto& j : jobs) names.push_back(j.name);
    std::sort(names.begin(), names.end());
    std::vector<CompanyJob> out;
    for (auto& j : jobs) {
        const auto pos = std::lower_bound(names.begin(), names.end(), j.name) - names.begin();
        if (pos % count == index0) out.push_back(std::move(j));
    }
    return out;
}

}  // namespace reportgen
