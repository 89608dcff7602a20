#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "sink/io_util.hpp"

namespace reportgen {

namespace {

// The process umask without the umask(2) set-and-restore dance, which would
// race with other threads creating files. Linux >= 4.7 reports it here.
mode_t current_umask() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            try {
                return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
            } catch (const std::exception&) {
                break;
            }
        }
    }
    return 022;
}

// mkstemp creates 0600; the report should get the permissions a plain
// open(O_CREAT) would give it, or keep those of the file it replaces.
mode_t final_mode(const std::string& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    return 0666 & ~current_umask();
}

}  // namespace

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
    if (target_.empty()) throw usage_error("output path is empty");
    // Split into directory and name by hand: "report.csv" (no slash) lives in
    // ".", "/report.csv" in "/".
    const auto slash = target_.rfind('/');
    std::string dir;
    std::string name;
    if (slash == std::string::npos) {
        dir = ".";
        name = target_;
    } else {
        dir = slash == 0 ? "/" : target_.substr(0, slash);
        name = target_.substr(slash + 1);
    }
    if (name.empty()) throw usage_error("output path '" + target_ + "' names a directory");

    // Beside the target so that rename() stays within one file system; hidden
    // so that nobody mistakes it for the report.
    std::string tmpl = (slash == std::string::npos ? std::string() : target_.substr(0, slash + 1)) +
                       "." + name + ".tmp-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    errno = 0;
    const int fd = ::mkstemp(buf.data());
    if (fd < 0) {
        throw detail::io_failure("cannot create a temporary file in directory", dir, errno);
    }
    temp_.assign(buf.data());
    // Best effort: a report with mode 0600 is still a report.
    (void)::fchmod(fd, final_mode(target_));
    // The sinks reopen the file by path (libxlsxwriter only takes a path).
    ::close(fd);
}

AtomicFile::~AtomicFile() {
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::commit() {
    if (committed_) return;
    errno = 0;
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        const int err = errno;
        throw io_error("cannot rename '" + temp_ + "' to '" + target_ + "': " + std::strerror(err));
    }
    committed_ = true;
}

void AtomicFile::commit_as(std::string target) {
    if (committed_) return;
    // rename() is atomic within one directory (one file system); the
    // temporary file was made beside the first target.
    auto dir = [](const std::string& p) {
        const auto slash = p.rfind('/');
        return slash == std::string::npos ? std::string() : p.substr(0, slash + 1);
    };
    if (dir(target) != dir(target_) || target.size() == dir(target).size())
        throw usage_error("output '" + target + "' is not a file in the directory of '" + target_ +
                          "'");
    target_ = std::move(target);
    commit();
}

}  // namespace reportgen
