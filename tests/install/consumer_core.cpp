// A program that links only the core library (no mock server, no CLI): built
// by tests/install/check_install.sh through pkg-config and through CMake.
#include <reportgen/reportgen.hpp>

#include <cstdio>
#include <cstring>
#include <string>

int main() {
    reportgen::StringByteSink bytes;
    reportgen::CsvOptions options;
    options.bom = false;
    reportgen::CsvSink csv(bytes, options);
    const std::string_view header[] = {"Empleado", "Horas"};
    csv.begin(header);
    const reportgen::Cell cells[] = {reportgen::Cell::str("Ana"), reportgen::Cell::duration(3600)};
    csv.row({cells, false});
    csv.finish();
    if (bytes.str() != "Empleado,Horas\r\nAna,01:00:00\r\n") return 1;
    if (std::strcmp(reportgen::version(), REPORTGEN_VERSION) != 0) return 2;
    std::printf("reportgen %s: %s", reportgen::version(), bytes.str().c_str());
    return 0;
}
