# Every dependency comes from Debian's packages (see scripts/setup).
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# The PDF writer (src/sink/pdf_sink.cpp): cairo's PDF surface, text laid out
# by pango (libpango1.0-dev pulls libcairo2-dev); the font is DejaVu Sans
# (fonts-dejavu-core), found through fontconfig at run time.
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo)
# ICU (libicu-dev): workers' names in Spanish/English collation order
# (src/report/collation.cpp).
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-i18n icu-uc)
# Debian's cpp-httplib is a compiled library; its .pc carries the defines
# (OpenSSL/zlib/brotli support) that must match how it was built.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# toml++ (batch files, src/batch): used header-only, so nothing to link; the
# package must be there for its headers.
find_package(tomlplusplus REQUIRED)
# Howard Hinnant's date/tz.h (libhowardhinnant-date-dev): local dates in any
# IANA zone read from the system's tzdata (/usr/share/zoneinfo, USE_OS_TZDB=1
# set by Debian's date::date-tz target; nothing is downloaded), without
# touching TZ. GCC 12's libstdc++ has no std::chrono::tzdb.
find_package(date REQUIRED)
