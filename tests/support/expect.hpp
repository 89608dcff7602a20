#pragma once
// Small assertions shared by the tests of several layers.
#include <catch2/catch.hpp>

#include <chrono>

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

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace reportgen::test
