#include "profile.hpp"

#include "reportgen/batch.hpp"
#include "reportgen/error.hpp"
#include "reportgen/output_name.hpp"

namespace reportgen::cli {

namespace {

bool given(const Options& o, const char* flag) {
    return o.flags_given.count(flag) != 0;
}

CompanyJob load_company(const Options& o) {
    const auto& name = o.batch_opts.profile;
    // Only this company's token is read: the others may be unset here.
    for (auto& job : load_batch_config(o.batch_opts.config, TokenReading::deferred)) {
        if (job.name != name) continue;
        std::vector<CompanyJob> one{std::move(job)};
        resolve_batch_tokens(one);
        return std::move(one.front());
    }
    throw usage_error("--profile: no company '" + name + "' in " + o.batch_opts.config);
}

// {company} is the profile's name, as in a batch (not the API's name of
// the company, which a single report without a profile uses).
std::string with_company(std::string tmpl, const std::string& name) {
    const std::string key = "{company}", safe = file_safe_name(name);
    for (auto at = tmpl.find(key); at != std::string::npos; at = tmpl.find(key, at + safe.size()))
        tmpl.replace(at, key.size(), safe);
    return tmpl;
}

// Format and output: the flags' when given, else the company's. The file's
// pair already agrees (a batch refuses a format its output contradicts);
// a flag given against the file's other half is judged by the one rule
// (make_request()), not silently preferred.
void fill_output(Options& o, const CompanyJob& job) {
    const std::string job_format(to_string(job.request.format));
    if (!given(o, "--output")) {
        if (!given(o, "--format")) o.format = job_format;
        const std::string ext(
            file_extension(o.format.empty() ? job.request.format
                                            : parse_format(o.format).value_or(job.request.format)));
        o.output = job.output.empty() ? "{company}_{type}_{from}_{to}." + ext : job.output;
        if (!given(o, "--mkdir")) o.mkdir = true;  // a batch creates its directories
    } else if (!given(o, "--format") && o.output != "-" && !format_of_name(o.output)) {
        o.format = job_format;  // -o without an extension: the company's format
    }
    o.output = with_company(o.output, job.name);
}

}  // namespace

bool has_profile(const Options& o) {
    return !o.batch_opts.config.empty() || !o.batch_opts.profile.empty();
}

ClientConfig apply_profile(Options& o) {
    if (o.batch_opts.profile.empty() || o.batch_opts.config.empty())
        throw usage_error("--config and --profile go together (or use `reportgen batch`)");
    if (o.demo)
        throw usage_error("--demo and --profile: the demo brings its own API and token; drop one");
    const CompanyJob job = load_company(o);
    if (!given(o, "--type")) o.type = std::string(to_string(job.request.layout));
    if (!given(o, "--lang")) o.lang = std::string(to_string(job.request.lang));
    if (!given(o, "--employee") && job.request.employee_id) o.employee = *job.request.employee_id;
    fill_output(o, job);
    return job.client;
}

}  // namespace reportgen::cli
