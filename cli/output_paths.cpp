#include "output_paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <string_view>

#include "reportgen/error.hpp"
#include "reportgen/output_name.hpp"

namespace reportgen::cli {

namespace fs = std::filesystem;

namespace {

fs::path parent_dir(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

// Whether `name` is one of the names `tmpl` expands to, each placeholder
// standing for one or more characters (file_safe_name never gives "").
bool matches(std::string_view tmpl, std::string_view name) {
    const auto open = tmpl.find('{');
    const auto close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) return tmpl == name;
    const std::string_view literal = tmpl.substr(0, open);
    if (name.substr(0, literal.size()) != literal) return false;
    const std::string_view rest = tmpl.substr(close + 1);
    for (std::size_t take = literal.size() + 1; take <= name.size(); ++take)
        if (matches(rest, name.substr(take))) return true;
    return false;
}

bool same_directory(const fs::path& a, const fs::path& b) {
    std::error_code ec1, ec2;
    if (fs::weakly_canonical(a, ec1) == fs::weakly_canonical(b, ec2) && !ec1 && !ec2) return true;
    struct stat sa {}, sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

}  // namespace

OutputDirs::~OutputDirs() {
    if (keep_) return;
    for (auto it = created_.rbegin(); it != created_.rend(); ++it)
        ::rmdir(it->c_str());  // fails, as it should, once something is in it
}

void OutputDirs::need(const std::string& path, bool mkdir, const char* flag) {
    if (path == "-") return;
    const fs::path dir = parent_dir(path);
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return;
    if (!mkdir)
        throw usage_error(std::string(flag) + ": output directory '" + dir.string() +
                          "' does not exist (--mkdir creates it)");
    missing_.push_back(dir);
}

void OutputDirs::create() {
    for (const fs::path& dir : missing_) {
        // Level by level, so that exactly the levels made here are known.
        fs::path at;
        for (const fs::path& part : dir) {
            at /= part;
            std::error_code ec;
            if (fs::is_directory(at, ec)) continue;
            if (!fs::create_directory(at, ec) || ec)
                throw io_error("--mkdir: cannot create '" + at.string() +
                               "': " + (ec ? ec.message() : "not a directory"));
            created_.push_back(at);
        }
    }
    missing_.clear();
}

void refuse_same_file(const std::string& report, const std::string& path, const char* flag) {
    if (report == "-" || path == "-") return;
    // A device (/dev/null) takes both; only a file can be replaced.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return;
    const fs::path r(report), p(path);
    if (!same_directory(parent_dir(report), parent_dir(path))) return;
    bool same = matches(r.filename().string(), p.filename().string());
    if (!same) {  // another name for one file (a link)
        struct stat sr {}, sp {};
        same = ::stat(report.c_str(), &sr) == 0 && ::stat(path.c_str(), &sp) == 0 &&
               sr.st_dev == sp.st_dev && sr.st_ino == sp.st_ino;
    }
    if (same)
        throw usage_error(std::string(flag) + " '" + path + "' is the report's own file (-o '" +
                          report + "'): it would replace the report; name another file");
}

}  // namespace reportgen::cli
