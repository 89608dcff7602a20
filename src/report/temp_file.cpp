#include "report/temp_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "reportgen/error.hpp"

namespace reportgen::detail {

FilePtr anonymous_temp_file(const std::string& dir) {
    std::string base = dir;
    if (base.empty()) {
        const char* t = std::getenv("TMPDIR");
        base = (t && *t) ? t : "/tmp";
    }
    std::string pattern = base + "/reportgen-spill-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        throw io_error("cannot create a temporary file in " + base + ": " + std::strerror(errno));
    ::unlink(name.data());
    std::FILE* f = ::fdopen(fd, "w+b");
    if (!f) {
        const int err = errno;
        ::close(fd);
        throw io_error("cannot open a temporary file in " + base + ": " + std::strerror(err));
    }
    return FilePtr(f);
}

}  // namespace reportgen::detail
