#pragma once
/// \file
/// The export macro of the shared library.
///
/// REPORTGEN_API marks the public API: the only symbols libreportgen.so
/// exports. The library is compiled with -fvisibility=hidden and
/// -fvisibility-inlines-hidden, so its internals (reportgen::detail) and the
/// code of its dependencies compiled into it (simdjson, spdlog, fmt) stay
/// private to it and cannot clash with a host's own copies.
#if defined(__GNUC__) || defined(__clang__)
/// Exports a declaration from libreportgen.so (default visibility).
#define REPORTGEN_API __attribute__((visibility("default")))
#else
/// Exports a declaration from libreportgen.so (nothing to do here).
#define REPORTGEN_API
#endif
