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
#include <optional>

#include "report/compliance.hpp"
#include "reportgen/batch.hpp"
#include "reportgen/token.hpp"

namespace reportgen {
namespace {

constexpr std::array<std::string_view, 13> kKeys = {
    "token_env", "token_file", "region",      "base_url", "rate_limit",  "format",
    "type",      "lang",       "employee",    "output",   "paid_breaks", "limits",
    "remote_check_types"};

struct Setting {
    std::string text;   // string keys
    int64_t number = 0;  // rate_limit
    // paid_breaks, remote_check_types; limits: "rule=10h" or "rule=off"
    std::vector<std::string> list;
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
                               "format, type, lang, employee, output, paid_breaks, limits, "
                               "remote_check_types)");
            Setting s;
            s.line = line;
            if (k == "rate_limit") {
                const auto v = node.template value<int64_t>();
                if (!node.is_integer() || !v || *v < 1 || *v > 100000)
                    fail(line, std::string(where) + ": rate_limit must be an integer 1..100000");
                s.number = *v;
            } else if (k == "paid_breaks" || k == "remote_check_types") {
                s.list = string_list(node, where, k, line);
            } else if (k == "limits") {
                s.list = limits(node, where, line);
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

    // [defaults.limits] / [companies.NAME.limits]: RULE = "10h" (a duration
    // as --limit takes it) or RULE = "off"; each checked here, with its line.
    std::vector<std::string> limits(const toml::node& node, std::string_view where,
                                    uint32_t line) const {
        const auto* table = node.as_table();
        if (!table)
            fail(line, std::string(where) + ": 'limits' must be a table of RULE = \"10h\" or "
                                            "RULE = \"off\"");
        std::vector<std::string> out;
        for (auto&& [key, value] : *table) {
            const auto at = key.source().begin.line;
            const std::string rule(key.str());
            const auto* str = value.as_string();
            if (!str)
                fail(at, std::string(where) + ": limits." + rule +
                             " must be a string: a duration (\"10h\", \"9h30m\") or \"off\"");
            const std::string text = str->get();
            try {
                detail::Limits check;
                if (text == "off")
                    check.apply_off(rule, std::string(where) + " limits");
                else
                    check.apply(rule + "=" + text, std::string(where) + " limits");
            } catch (const Error& e) {
                fail(at, e.what());
            }
            out.push_back(rule + "=" + text);
        }
        return out;
    }

    static const Setting* find(const Settings& s, std::string_view key) {
        for (const auto& [k, v] : s)
            if (k == key) return &v;
        return nullptr;
    }

    CompanyJob make_job(const std::string& name, const Settings& defaults, Settings own,
                        uint32_t table_line, TokenReading tokens) const {
        // A company's token source replaces the defaults' one whole.
        const bool own_token = find(own, "token_env") || find(own, "token_file");
        for (const auto& [k, v] : defaults) {
            if (own_token && (k == "token_env" || k == "token_file")) continue;
            if (k == "limits") {  // rule by rule: the company's win
                for (auto& [ok, ov] : own)
                    if (ok == "limits") ov.list.insert(ov.list.begin(), v.list.begin(), v.list.end());
            }
            if (!find(own, k)) own.emplace_back(k, v);
        }
        CompanyJob job;
        job.name = name;
        const std::string where = "company '" + name + "'";
        for (const auto& [k, v] : own) apply(job, where, k, v);
        resolve_format(job, where, own, table_line);
        const Setting* env = find(own, "token_env");
        const Setting* file = find(own, "token_file");
        if (!env && !file)
            fail(table_line, where + ": no token source; set token_env = \"VAR\" or "
                                     "token_file = \"/path\" (here or in [defaults])");
        job.token_where = source_ + ":" + std::to_string((env ? env : file)->line);
        if (tokens == TokenReading::now) read_token(job);
        return job;
    }

    // The token of a job whose source make_job() recorded; errors get the
    // file name and line of the token's setting (token_where).
    static void read_token(CompanyJob& job) {
        std::string token;
        try {
            if (!job.token_env.empty()) {
                const char* t = std::getenv(job.token_env.c_str());
                if (!t || !*t)
                    throw usage_error("company '" + job.name + "': environment variable " +
                                      job.token_env + " is not set");
                check_token(t, "token_env " + job.token_env);
                token = t;
            } else {
                token = read_token_file(job.token_file, "token_file '" + job.token_file + "'");
            }
        } catch (const Error& e) {
            throw Error(e.kind(), job.token_where + ": " + e.what());
        }
        job.client.token = std::move(token);
    }

  private:
    void apply(CompanyJob& job, const std::string& where, const std::string& k,
               const Setting& v) const {
        if (k == "token_env") {
            job.token_env = v.text;  // read by read_token(), now or for the companies that run
        } else if (k == "token_file") {
            job.token_file = v.text;
        } else if (k == "region") {
            job.client.region = v.text;
        } else if (k == "base_url") {
            job.client.base_url = v.text;
        } else if (k == "rate_limit") {
            job.client.rate_limit_per_minute = static_cast<int>(v.number);
        } else if (k == "type") {
            const auto l = parse_layout(v.text);
            if (!l)
                fail(
                    v.line,
                    where + ": type '" + v.text +
                        "' (known: by_employee, by_activity, by_group, daily, payroll, incidents)");
            job.request.layout = *l;
        } else if (k == "lang") {
            const auto l = parse_lang(v.text);
            if (!l) fail(v.line, where + ": lang '" + v.text + "' (known: es, en)");
            job.request.lang = *l;
        } else if (k == "employee") {
            job.request.employee_id = v.text;
        } else if (k == "output") {
            if (v.text == "-")
                fail(v.line, where + ": output '-' (stdout) is not a file; a batch writes a file "
                                     "per company");
            job.output = v.text;
        } else if (k == "paid_breaks") {
            job.request.paid_breaks = v.list;
        } else if (k == "remote_check_types") {
            job.request.remote_check_types = v.list;
        } else if (k == "limits") {
            apply_limits(job, v.list);
        }
    }

    // "rule=value" in order, defaults' first: the last word on a rule wins.
    static void apply_limits(CompanyJob& job, const std::vector<std::string>& list) {
        std::vector<std::pair<std::string, std::string>> last;
        for (const std::string& a : list) {
            const std::size_t eq = a.find('=');
            std::string rule = a.substr(0, eq), value = a.substr(eq + 1);
            const auto it = std::find_if(last.begin(), last.end(),
                                         [&](const auto& p) { return p.first == rule; });
            if (it != last.end())
                it->second = std::move(value);
            else
                last.emplace_back(std::move(rule), std::move(value));
        }
        ComplianceLimits& c = job.request.compliance;
        for (const auto& [rule, value] : last) {
            if (value == "off")
                c.off.push_back(rule);
            else
                c.limits.push_back(rule + "=" + value);
        }
    }

    // The single report's rule (config.hpp output_format): the format given,
    // else the output's extension, else XLSX; a contradiction is refused.
    void resolve_format(CompanyJob& job, const std::string& where, const Settings& own,
                        uint32_t table_line) const {
        const Setting* format = find(own, "format");
        const Setting* output = find(own, "output");
        try {
            job.request.format = output_format(format ? format->text : std::string(),
                                               job.output, "format");
        } catch (const Error& e) {
            fail(format ? format->line : output ? output->line : table_line,
                 where + ": " + e.what());
        }
    }

    std::string source_;
};

}  // namespace

std::vector<CompanyJob> parse_batch_config(std::string_view text, const std::string& source_name,
                                           TokenReading tokens) {
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
    // toml++ keeps a table's keys sorted: the file's order (the order of the
    // outcomes, "the first failing company") comes from their positions.
    std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order;
    for (auto&& [key, node] : *companies) in_file_order.emplace_back(&key, &node);
    std::stable_sort(in_file_order.begin(), in_file_order.end(), [](const auto& a, const auto& b) {
        const auto pa = a.first->source().begin, pb = b.first->source().begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    std::vector<CompanyJob> jobs;
    for (const auto& [key_ptr, node_ptr] : in_file_order) {
        const toml::key& key = *key_ptr;
        const toml::node& node = *node_ptr;
        const std::string name(key.str());
        const auto line = key.source().begin.line;
        if (!node.is_table())
            reader.fail(line, "companies." + name + " must be a table ([companies." + name + "])");
        Settings own = reader.read_table(*node.as_table(), "company '" + name + "'");
        jobs.push_back(reader.make_job(name, defaults, std::move(own), line, tokens));
    }
    return jobs;
}

void resolve_batch_tokens(std::vector<CompanyJob>& jobs) {
    for (CompanyJob& job : jobs) ConfigReader::read_token(job);
}

std::vector<CompanyJob> load_batch_config(const std::string& path, TokenReading tokens) {
    // 10,000 companies take ~1 MB: 64 MiB is a wrong file, not a config.
    constexpr std::size_t kMaxConfigBytes = std::size_t{64} << 20;
    return parse_batch_config(read_small_file(path, "batch config '" + path + "'", kMaxConfigBytes),
                              path, tokens);
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
