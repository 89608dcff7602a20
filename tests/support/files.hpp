#pragma once
// Test helpers: scratch directories, reading files back, fixtures, running
// `unzip`, inflating gzip, and a strict RFC 4180 reader.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reportgen::test {

namespace fs = std::filesystem;

// A fresh directory removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "reportgen-sink-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    std::string file(std::string_view name) const { return (path_ / name).string(); }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path_))
            names.push_back(e.path().filename());
        return names;
    }

  private:
    fs::path path_;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string fixture(const std::string& name) {
    return read_file(std::string(REPORTGEN_FIXTURES_DIR) + "/" + name);
}

// Runs a shell command and returns its stdout; throws when it exits non-zero.
inline std::string run(const std::string& cmd) {
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("popen failed: " + cmd);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    const int status = ::pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("command failed: " + cmd);
    }
    return out;
}

// One member of a zip archive (an .xlsx), through the unzip command.
inline std::string unzip_member(const std::string& zip, const std::string& member) {
    return run("unzip -p '" + zip + "' '" + member + "'");
}

// Members of a zip archive, one name per element.
inline std::vector<std::string> zip_members(const std::string& zip) {
    const std::string out = run("unzip -Z1 '" + zip + "'");
    std::vector<std::string> names;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        names.push_back(line);
    return names;
}

// Inflates a gzip stream (15 + 32: accept the gzip wrapper, detected).
inline std::string gunzip(std::string_view gz) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2");
    std::string out;
    std::vector<unsigned char> buf(1 << 16);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    zs.avail_in = static_cast<uInt>(gz.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = buf.data();
        zs.avail_out = static_cast<uInt>(buf.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("inflate failed: " + std::to_string(rc));
        }
        out.append(reinterpret_cast<const char*>(buf.data()), buf.size() - zs.avail_out);
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw std::runtime_error("gzip stream truncated");
        }
    }
    const bool trailing = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailing) throw std::runtime_error("bytes after the gzip stream");
    return out;
}

// A strict RFC 4180 reader: records end in CRLF (a bare CR or LF outside
// quotes is an error), a quoted field may hold anything with quotes doubled
// and must be followed by the delimiter or the record end, an unquoted field
// may not hold a quote. The final record may lack its CRLF.
using Record = std::vector<std::string>;
inline std::vector<Record> parse_csv(std::string_view s, char delim = ',') {
    std::vector<Record> records;
    Record rec;
    std::string field;
    std::size_t i = 0;
    const auto fail = [&](const char* why) {
        throw std::runtime_error(std::string("CSV: ") + why + " at byte " + std::to_string(i));
    };
    bool at_field_start = true;
    while (i < s.size()) {
        if (at_field_start && s[i] == '"') {
            ++i;
            for (;;) {
                if (i >= s.size()) fail("unterminated quoted field");
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field.push_back(s[i++]);
            }
            if (i < s.size() && s[i] != delim && s[i] != '\r') fail("text after closing quote");
            at_field_start = false;
            continue;
        }
        const char c = s[i];
        if (c == delim) {
            rec.push_back(std::move(field));
            field.clear();
            at_field_start = true;
            ++i;
        } else if (c == '\r') {
            if (i + 1 >= s.size() || s[i + 1] != '\n') fail("CR not followed by LF");
            rec.push_back(std::move(field));
            field.clear();
            records.push_back(std::move(rec));
            rec.clear();
            at_field_start = true;
            i += 2;
        } else if (c == '\n') {
            fail("bare LF");
        } else if (c == '"') {
            fail("quote inside an unquoted field");
        } else {
            field.push_back(c);
            at_field_start = false;
            ++i;
        }
    }
    if (!at_field_start || !field.empty() || !rec.empty()) {
        rec.push_back(std::move(field));
        records.push_back(std::move(rec));
    }
    return records;
}

}  // namespace reportgen::test
