#pragma once
// The library's warnings, captured for the scope (the log level set to warn,
// the default handler restored after).
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "reportgen/log.hpp"

namespace reportgen::test {

struct LogCapture {
    std::mutex mu;
    std::vector<std::string> warnings;
    LogLevel saved = log_level();
    LogCapture() {
        set_log_level(LogLevel::warn);
        set_log_handler([this](LogLevel l, std::string_view m) {
            std::lock_guard lock(mu);
            if (l == LogLevel::warn) warnings.emplace_back(m);
        });
    }
    ~LogCapture() {
        set_log_handler({});
        set_log_level(saved);
    }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    // Warnings that contain needle.
    int count(std::string_view needle) {
        std::lock_guard lock(mu);
        int n = 0;
        for (const auto& w : warnings)
            n += w.find(needle) != std::string::npos ? 1 : 0;
        return n;
    }
    // Every warning, one a line.
    std::string all() {
        std::lock_guard lock(mu);
        std::string out;
        for (const auto& w : warnings)
            out.append(w).append("\n");
        return out;
    }
};

}  // namespace reportgen::test
