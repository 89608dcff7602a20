#pragma once
// Where the CLI's own outputs go, checked before any request: --mkdir's
// directories, and outputs that would overwrite one another.
#include <filesystem>
#include <string>
#include <vector>

namespace reportgen::cli {

// --mkdir's directories: noted while the command line is checked, created
// only once the run is accepted (create()), and removed again, those it
// made and only while still empty, when the run ends in an error (the
// destructor, unless keep()).
class OutputDirs {
  public:
    OutputDirs() = default;
    OutputDirs(const OutputDirs&) = delete;
    OutputDirs& operator=(const OutputDirs&) = delete;
    ~OutputDirs();
    // The directory of `path` (a file; "-" is stdout): missing, it is noted
    // for create() with --mkdir, else a usage error names it and the flag.
    void need(const std::string& path, bool mkdir, const char* flag);
    void create();  // io error naming the directory it could not make
    void keep() { keep_ = true; }

  private:
    std::vector<std::filesystem::path> missing_;
    std::vector<std::filesystem::path> created_;  // outermost first
    bool keep_ = false;
};

// A usage error when `path` would be the same file as the report: same
// path, the same file through a link, or (for a template whose {company} or
// {employee} is filled in later) a name the template can expand to. A
// device or FIFO at `path` is not a file to replace: accepted.
void refuse_same_file(const std::string& report, const std::string& path, const char* flag);

}  // namespace reportgen::cli
