#pragma once
// `reportgen --config FILE --profile NAME`: one company of a batch file run
// as a single report, with every single-report flag (README "More
// companies than one machine").
#include "options.hpp"
#include "reportgen/config.hpp"

namespace reportgen::cli {

// Whether --config or --profile was given (then both must be).
bool has_profile(const Options& o);

// Loads the company NAME of FILE and lays its settings under the command
// line's: type, lang, employee, format and output fill the flags not given
// ({company} in the output is NAME, as in a batch; missing directories are
// created, as a batch does, unless -o is given). Returns the company's
// client settings (token, base_url or region, rate_limit), which take the
// place of the environment's: make_client_config() lays the flags over
// them. Usage errors: a missing --config or --profile, an unknown company,
// --demo (it brings its own API and token).
ClientConfig apply_profile(Options& o);

}  // namespace reportgen::cli
