#include "text_file.hpp"

#include "reportgen/sinks.hpp"

namespace reportgen::cli {

void write_text_file(const std::string& path, std::string_view text) {
    AtomicFile file(path);
    FileByteSink out(file.temp_path());
    out.write(text);
    out.close();
    file.commit();
}

}  // namespace reportgen::cli
