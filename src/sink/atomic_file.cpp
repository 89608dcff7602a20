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
#include <utility>
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

std::string parent_of(const std::string& p) {
    const auto slash = p.rfind('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : p.substr(0, slash));
}

// fs.protected_symlinks' rule, applied whatever the sysctl says: a link in a
// sticky world-writable directory (/tmp) is followed only when its owner is
// us or the directory's owner. Anybody can plant a link there; followed as
// root, it would make the report replace (or create) a file of the
// attacker's choosing.
void refuse_foreign_link(const std::string& link, const struct stat& link_st) {
    const std::string dir = parent_of(link);
    struct stat dir_st {};
    if (::stat(dir.c_str(), &dir_st) != 0) return;  // creating the temporary file reports it
    const bool sticky_shared = (dir_st.st_mode & S_ISVTX) && (dir_st.st_mode & S_IWOTH);
    if (!sticky_shared || link_st.st_uid == ::geteuid() || link_st.st_uid == dir_st.st_uid) return;
    throw io_error("refusing to follow the symbolic link '" + link + "': it belongs to uid " +
                   std::to_string(link_st.st_uid) + " in the sticky world-writable directory '" +
                   dir + "' (the rule of fs.protected_symlinks); remove it or name its target");
}

// Follows symbolic links by hand (realpath() fails on a dangling one, whose
// target we still want to create). A relative link is relative to its own
// directory. Every hop passes refuse_foreign_link().
std::string resolve_links(const std::string& path) {
    std::string p = path;
    for (int depth = 0; depth < 40; ++depth) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        refuse_foreign_link(p, st);
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

// What an output path is. Every way to an output path goes through here
// (AtomicFile's constructor, and commit_as() for a name known only at the
// end), so a template's expansion meets the same rules as a plain -o.
struct Target {
    std::string final;  // the path with symbolic links resolved (direct: as given)
    std::string dir;    // final's directory and file name
    std::string name;
    bool direct = false;  // a device or FIFO: written in place
};

Target resolve_target(const std::string& path) {
    if (path.empty()) throw usage_error("output path is empty");
    // Links first: a foreign link is refused whatever it points at.
    std::string resolved = resolve_links(path);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw usage_error("output path '" + path + "' is a directory; name a file in it");
        // A device or FIFO: replacing it by a regular file would destroy it
        // (/dev/null, a pipe a reader waits on). Opened by the given path:
        // /dev/stdout's link to "pipe:[N]" only opens that way.
        if (!S_ISREG(st.st_mode)) return Target{path, {}, {}, true};
    }
    Target t;
    t.final = std::move(resolved);
    // Split by hand: "report.csv" (no slash) lives in ".", "/report.csv" in "/".
    const auto slash = t.final.rfind('/');
    t.dir = parent_of(t.final);
    t.name = slash == std::string::npos ? t.final : t.final.substr(slash + 1);
    if (t.name.empty()) throw usage_error("output path '" + path + "' names a directory");
    return t;
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
    Target t = resolve_target(target_);
    final_ = std::move(t.final);
    if (t.direct) {
        direct_ = true;
        temp_ = target_;
        return;
    }
    dir_ = std::move(t.dir);
    name_ = std::move(t.name);
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
    if (!previous_.empty()) ::unlink(previous_.c_str());  // committed: the old file goes
}

namespace {

// Links `from` under a fresh hidden temporary name beside the target (for
// an anonymous file with AT_SYMLINK_FOLLOW: /proc/self/fd/N is a link).
// Returns linkat's errno (0: linked, `out` is the name).
int link_hidden(const std::string& from, const std::string& final_path, const std::string& name,
                int flags, std::string& out) {
    const auto slash = final_path.rfind('/');
    const std::string dir_prefix = slash == std::string::npos ? "" : final_path.substr(0, slash + 1);
    for (int attempt = 0;; ++attempt) {
        std::string named = temp_name(dir_prefix, name);
        errno = 0;
        if (::linkat(AT_FDCWD, from.c_str(), AT_FDCWD, named.c_str(), flags) == 0) {
            out = std::move(named);
            return 0;
        }
        if (errno != EEXIST || attempt >= 100) return errno;
    }
}

}  // namespace

// Gives the anonymous file a (temporary) name beside the target: linkat()
// cannot replace an existing file, rename() can.
void AtomicFile::link_anonymous() {
    std::string named;
    if (const int err = link_hidden(temp_, final_, name_, AT_SYMLINK_FOLLOW, named); err != 0)
        throw detail::io_failure("cannot link the temporary file into", dir_, err);
    ::close(tmpfile_fd_);
    tmpfile_fd_ = -1;
    temp_ = std::move(named);
}

void AtomicFile::release_descriptor() {
    if (tmpfile_fd_ >= 0) link_anonymous();
}

// A hard link to the file about to be replaced, under a hidden temporary
// name (litter from a killed process is removed like a temporary file).
// Nothing there: nothing to keep, and a roll back removes the new file.
void AtomicFile::link_previous() {
    const int err = link_hidden(final_, final_, name_, 0, previous_);
    if (err != 0 && err != ENOENT)
        throw detail::io_failure("cannot keep the previous version of", target_, err);
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
    if (keep_previous_) link_previous();
    errno = 0;
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_.c_str());
        temp_.clear();
        if (!previous_.empty()) ::unlink(previous_.c_str());
        previous_.clear();
        throw io_error("cannot rename the temporary file to '" + target_ +
                       "': " + std::strerror(err));
    }
    committed_ = true;
    // The rename itself is durable once the directory is synced. The report
    // is in place by now, so only a real I/O error is reported.
    if (sync_path(dir_, O_DIRECTORY) == EIO)
        throw detail::io_failure("cannot sync the directory", dir_, EIO);
}

bool AtomicFile::roll_back() noexcept {
    if (!committed_ || direct_) return !committed_;
    const bool ok = previous_.empty() ? ::unlink(final_.c_str()) == 0
                                      : ::rename(previous_.c_str(), final_.c_str()) == 0;
    if (ok) {
        previous_.clear();
        committed_ = false;
        temp_.clear();  // gone with the rename; nothing for the destructor
        (void)sync_path(dir_, O_DIRECTORY);
    }
    return ok;
}

// The file now at the target replaces the temporary one's content: a
// device or FIFO gets it written in place; a link into another directory,
// a temporary file of its own there (rename() stays within a directory).
void AtomicFile::copy_to(const std::string& target) {
    AtomicFile other(target);
    other.keep_previous_ = keep_previous_;
    {
        FileByteSink out(other.temp_path(), target);
        std::unique_ptr<std::FILE, decltype(&std::fclose)> in(std::fopen(temp_.c_str(), "rb"),
                                                              &std::fclose);
        if (!in) throw detail::io_failure("cannot read back the temporary file of", target, errno);
        std::array<char, 1 << 16> buf{};
        std::size_t n = 0;
        while ((n = std::fread(buf.data(), 1, buf.size(), in.get())) > 0)
            out.write(std::string_view(buf.data(), n));
        if (std::ferror(in.get()))
            throw detail::io_failure("cannot read back the temporary file of", target, errno);
        out.close();
    }
    other.commit();
    // Ours is dropped (the destructor removes it); from here on this object
    // stands for the other's result.
    if (tmpfile_fd_ >= 0) {
        ::close(tmpfile_fd_);
        tmpfile_fd_ = -1;
    } else {
        ::unlink(temp_.c_str());
    }
    direct_ = other.direct_;
    final_ = other.final_;
    dir_ = other.dir_;
    name_ = other.name_;
    temp_.clear();
    previous_ = std::exchange(other.previous_, {});
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
    if (target == target_ || direct_) {
        target_ = std::move(target);
        commit();
        return;
    }
    // The new name meets the rules the first one met (a device or FIFO is
    // written in place, a link is followed, a foreign link refused).
    Target t = resolve_target(target);
    target_ = std::move(target);
    if (t.direct || t.dir != dir_) {
        copy_to(target_);
        return;
    }
    final_ = std::move(t.final);
    name_ = std::move(t.name);
    commit();
}

}  // namespace reportgen
