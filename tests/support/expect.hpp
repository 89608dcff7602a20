#pragma once
// Small assertions shared by the tests of several layers.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>

#include "reportgen/error.hpp"

namespace reportgen::test {

// Runs f, expecting a reportgen::Error; returns it (the test fails otherwise).
template <class F>
Error expect_error(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected a reportgen::Error");
    return Error(ErrorKind::usage, "unreachable");
}

// Runs f, expecting an io error whose message mentions `mentions`.
template <class F>
void expect_io_error(F&& f, const std::string& mentions) {
    const Error e = expect_error(std::forward<F>(f));
    CHECK(e.kind() == ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains(mentions));
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace reportgen::test
