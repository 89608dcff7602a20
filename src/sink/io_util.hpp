#pragma once
// Shared wording of I/O errors, so every message names the file and the
// system's reason the same way.
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "reportgen/error.hpp"

namespace reportgen::detail {

// "<what> '<path>': <strerror(err)>"
inline Error io_failure(std::string_view what, std::string_view path, int err) {
    std::string m;
    m.reserve(what.size() + path.size() + 64);
    m.append(what).append(" '").append(path).append("'");
    if (err != 0) m.append(": ").append(std::strerror(err));
    return io_error(m);
}

// AtomicFile creates its temporary file with O_TMPFILE when the file system
// supports it (nothing to leave behind if the process is killed). Tests turn
// it off to exercise the named-file fallback a file system without it gets.
inline std::atomic<bool> atomic_file_use_tmpfile{true};

}  // namespace reportgen::detail
