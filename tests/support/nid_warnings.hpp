#pragma once
// The CLI's stderr without the warnings about workers without an identity
// number (docs/DESIGN.md "Choosing one employee"): the mock's companies have
// some on purpose, and a test about something else must not depend on them.
#include <sstream>
#include <string>

namespace reportgen::test {

inline std::string without_nid_warnings(const std::string& err) {
    std::istringstream in(err);
    std::string out, line;
    while (std::getline(in, line))
        if (line.find("no identity number") == std::string::npos) out += line + "\n";
    return out;
}

}  // namespace reportgen::test
