#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
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

// The temporary file is created 0600; the report gets the permissions a
// plain open(O_CREAT) would give it, or keeps those of the file it replaces.
// Applied at commit, so that a read-only target does not stop the sinks from
// reopening the temporary file for writing.
mode_t final_mode(const std::string& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    return 0666 & ~current_umask();
}

// Follows symbolic links by hand (realpath() fails on a dangling one, whose
// target we still want to create). A relative link is relative to its own
// directory.
std::string resolve_links(const std::string& path) {
    std::string p = path;
    for (int depth = 0; depth < 40; ++depth) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        std::array<char, 4096> buf{};
        errno = 0;
        const ssize_t n = ::readlink(p.c_str(), buf.data(), buf.size());
        if (n <= 0 || static_cast<std::size_t>(n) >= buf.size())
            throw detail::io_failure("cannot read the symbolic link", p, errno);
        std::string link(buf.data(), static_cast<std::size_t>(n));
        const auto slash = p.rfind('/');
        p = link.front() == '/' || slash == std::string::npos ? link : p.substr(0, slash + 1) + link;
    }
    throw detail::io_failure("cannot resolve", path, ELOOP);
}

struct DirCloser {
    void operator()(DIR* d) const noexcept { ::closedir(d); }
};

// Removes ".NAME.tmp-PID-*" left by processes that no longer exist (killed
// before they could clean up). A live pid, ours included, is left alone.
void remove_stale_temps(const std::string& dir, const std::string& name) {
    std::unique_ptr<DIR, DirCloser> d(::opendir(dir.c_str()));
    if (!d) return;  // the temporary file's creation reports the problem
    const std::string prefix = "." + name + ".tmp-";
    while (const dirent* e = ::readdir(d.get())) {
        const std::string_view entry = e->d_name;
        if (entry.rfind(prefix, 0) != 0) continue;
        const std::string_view rest = entry.substr(prefix.size());
        pid_t pid = 0;
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
        if (ec != std::errc{} || pid <= 0 || end == rest.data() + rest.size() || *end != '-')
            continue;
        if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        (void)::unlinkat(::dirfd(d.get()), e->d_name, 0);  // best effort: it is litter
    }
}

// ".NAME.tmp-PID-N": the pid lets a later run tell litter from a live write.
std::string temp_name(const std::string& dir_prefix, const std::string& name) {
    static std::atomic<unsigned> counter{0};
    return dir_prefix + "." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1));
}

// fsync of a path opened read-only (fsync applies to the file, whichever
// descriptor names it).
int sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0) return errno;
    const int rc = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return rc;
}

}  // namespace

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
    if (target_.empty()) throw usage_error("output path is empty");
    struct stat st {};
    if (::stat(target_.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw usage_error("output path '" + target_ + "' is a directory; name a file in it");
        if (!S_ISREG(st.st_mode)) {
            // A device or FIFO: replacing it by a regular file would destroy
            // it (/dev/null, a pipe a reader waits on). Opened by the given
            // path: /dev/stdout's link to "pipe:[N]" only opens that way.
            direct_ = true;
            final_ = target_;
            temp_ = target_;
            return;
        }
    }
    final_ = resolve_links(target_);
    // Split into directory and name by hand: "report.csv" (no slash) lives in
    // ".", "/report.csv" in "/".
    const auto slash = final_.rfind('/');
    dir_ = slash == std::string::npos ? "." : (slash == 0 ? "/" : final_.substr(0, slash));
    name_ = slash == std::string::npos ? final_ : final_.substr(slash + 1);
    if (name_.empty()) throw usage_error("output path '" + target_ + "' names a directory");
    remove_stale_temps(dir_, name_);
    create_temp();
}

void AtomicFile::create_temp() {
    // Beside the target so that rename() stays within one file system.
    if (detail::atomic_file_use_tmpfile.load() && ::access("/proc/self/fd", X_OK) == 0) {
        const int fd = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
        if (fd >= 0) {
            // The sinks reopen the file by path (libxlsxwriter only takes a path).
            tmpfile_fd_ = fd;
            temp_ = "/proc/self/fd/" + std::to_string(fd);
            return;
        }
        // No O_TMPFILE on this file system (EOPNOTSUPP, EISDIR on old kernels):
        // a named file below; any other failure is reported by it.
    }
    // Hidden, so that nobody mistakes it for the report.
    const auto slash = final_.rfind('/');
    const std::string dir_prefix = slash == std::string::npos ? "" : final_.substr(0, slash + 1);
    std::string tmpl = temp_name(dir_prefix, name_) + "-XXXXXX";
    errno = 0;
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw detail::io_failure("cannot create a temporary file in directory", dir_, errno);
    temp_ = tmpl;
    ::close(fd);
}

AtomicFile::~AtomicFile() {
    if (tmpfile_fd_ >= 0) ::close(tmpfile_fd_);  // an anonymous file vanishes with it
    if (!committed_ && !direct_ && tmpfile_fd_ < 0 && !temp_.empty()) ::unlink(temp_.c_str());
}

// Gives the anonymous file a (temporary) name beside the target: linkat()
// cannot replace an existing file, rename() can.
void AtomicFile::link_anonymous() {
    const auto slash = final_.rfind('/');
    const std::string dir_prefix = slash == std::string::npos ? "" : final_.substr(0, slash + 1);
    for (int attempt = 0;; ++attempt) {
        std::string named = temp_name(dir_prefix, name_);
        errno = 0;
        if (::linkat(AT_FDCWD, temp_.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) == 0) {
            ::close(tmpfile_fd_);
            tmpfile_fd_ = -1;
            temp_ = std::move(named);
            return;
        }
        if (errno != EEXIST || attempt >= 100)
            throw detail::io_failure("cannot link the temporary file into", dir_, errno);
    }
}

void AtomicFile::commit() {
    if (committed_) return;
    if (direct_) {
        committed_ = true;
        return;
    }
    const mode_t mode = final_mode(final_);
    errno = 0;
    if (::chmod(temp_.c_str(), mode) != 0)
        throw detail::io_failure("cannot set the permissions of", target_, errno);
    // The data reaches the disk before the name does: after a crash the
    // target is the old file or the whole new one, never an empty one.
    if (const int err = sync_path(temp_, 0); err != 0)
        throw detail::io_failure("cannot sync", target_, err);
    if (tmpfile_fd_ >= 0) link_anonymous();
    errno = 0;
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_.c_str());
        temp_.clear();
        throw io_error("cannot rename the temporary file to '" + target_ +
                       "': " + std::strerror(err));
    }
    committed_ = true;
    // The rename itself is durable once the directory is synced. The report
    // is in place by now, so only a real I/O error is reported.
    if (sync_path(dir_, O_DIRECTORY) == EIO)
        throw detail::io_failure("cannot sync the directory", dir_, EIO);
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
    if (target != target_ && !direct_) {
        // The resolved target keeps its (resolved) directory; the new name
        // replaces only the file name.
        const auto slash = final_.rfind('/');
        const auto name_at = target.rfind('/');
        final_ = (slash == std::string::npos ? std::string() : final_.substr(0, slash + 1)) +
                 (name_at == std::string::npos ? target : target.substr(name_at + 1));
    }
    target_ = std::move(target);
    commit();
}

}  // namespace reportgen
