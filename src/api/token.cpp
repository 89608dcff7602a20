#include "reportgen/token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/log.hpp"
#include "reportgen/error.hpp"

namespace reportgen {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kBlanks = " \t\r\n\f\v";

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kBlanks) - first + 1);
}

// Closes the descriptor it holds.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

std::string size_text(std::size_t bytes) {
    constexpr std::size_t kKiB = 1024, kMiB = kKiB * kKiB;
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

void check_token(std::string_view token, std::string_view source) {
    if (token.empty()) throw usage_error(std::string(source) + ": the token is empty");
    for (std::size_t i = 0; i < token.size(); ++i) {
        const auto c = static_cast<unsigned char>(token[i]);
        if (c < 0x20 || c == 0x7F) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", c);
            throw usage_error(std::string(source) + ": the token holds a control character (" +
                              byte + " at position " + std::to_string(i + 1) +
                              "); it would break the Authorization header");
        }
    }
}

std::string parse_token(std::string_view content, std::string_view source) {
    if (content.substr(0, kBom.size()) == kBom) content.remove_prefix(kBom.size());
    const auto eol = content.find('\n');
    const std::string_view first = trim(content.substr(0, eol));
    if (first.empty()) {
        const bool more = eol != std::string_view::npos && !trim(content.substr(eol)).empty();
        throw usage_error(std::string(source) +
                          (more ? ": the first line is blank (the token must be on the first line)"
                                : " is empty"));
    }
    check_token(first, source);
    return std::string(first);
}

std::string read_small_file(const std::string& path, std::string_view source,
                            std::size_t max_bytes) {
    const std::string what(source);
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        throw usage_error(what + ": cannot be read (" + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw usage_error(what + ": cannot be read (" + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode)) throw usage_error(what + " is a directory, not a file");
    const std::string too_big = what + " is larger than " + size_text(max_bytes) + "; is it the right file?";
    if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes)
        throw usage_error(too_big);
    // Devices and pipes have no size: read one byte past the cap to know.
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw usage_error(what + ": cannot be read (" + std::strerror(errno) + ")");
        if (n == 0) break;
        if (out.size() + static_cast<std::size_t>(n) > max_bytes) throw usage_error(too_big);
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

std::string read_token_file(const std::string& path, std::string_view source) {
    std::string content = read_small_file(path, source, kMaxTokenFileBytes);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IROTH) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        detail::log().warn("{} may be read by every user of this machine (mode {}); chmod 600 it",
                           source, mode);
    }
    return parse_token(content, source);
}

}  // namespace reportgen
