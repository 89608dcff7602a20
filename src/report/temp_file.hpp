#pragma once
// An anonymous temporary file (created with mkstemp and unlinked at once), so
// spilled runs vanish even if the process dies.
#include <cstdio>
#include <memory>
#include <string>

namespace reportgen::detail {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept {
        if (f) std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// dir empty: $TMPDIR or /tmp. Throws an io error when it cannot be created.
FilePtr anonymous_temp_file(const std::string& dir);

}  // namespace reportgen::detail
